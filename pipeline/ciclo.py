"""El ciclo de la convocatoria de una experiencia: sus evaluaciones, por fase.

Las bases (semilla 000) tienen tres evaluaciones: la de la inscripción (§7), la de los perfiles
(Tabla N° 2, paso 10) y la de los informes (pasos 14 y 15). Las de una carpeta se ordenan por
fase y luego por fecha —nunca por el nombre del archivo—, y la **decisiva** es la de la fase
más avanzada: de ella (y de la tabla de resultados de la edición, ``plantillas/convocatoria/``)
salen la carta de felicitación, la nota y lo que se publica. Dos evaluaciones de la misma fase
son un error; una fase posterior fechada antes que la anterior, también.

El ciclo de una carpeta se calcula una vez por construcción (el corpus lo recuerda) y lo usan
la evaluación misma, la carta, la nota, el informe y los documentos del acompañamiento.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .convocatoria import Convocatoria, Fase, Resultado, cargar, ruta
from .corpus import Corpus
from .errores import AVISO, ErrorFuente, Problema, lista_legible
from .fuentes import Fuente
from .vocabularios import CRITERIOS, Termino, elegir

# Otras formas de nombrar una fase, además de su clave y su nombre.
ALIAS_FASES = {"informe": ("final", "informe final", "evaluación final"),
               "perfil": ("perfiles", "evaluación de perfiles"),
               "inscripcion": ("ficha", "identificación", "selección")}


@dataclass(frozen=True)
class Evaluada:
    """Una evaluación de la carpeta, con su fase y su resultado según la edición."""

    fuente: Fuente
    modelo: object  # tipos.evaluacion.Evaluacion
    fase: Fase
    orden: int
    resultado: Resultado
    cumplidos: int
    final: bool = False  # de la última fase del ciclo: fija la categoría (§7)

    @property
    def fecha(self):
        return self.modelo.fecha  # type: ignore[attr-defined]

    @property
    def archivo(self) -> str:
        return self.fuente.archivo


@dataclass(frozen=True)
class Registrada:
    """El resultado de una evaluación hecha antes o fuera de sistematiza, tal como consta en un
    documento («resultado_registrado» en experiencia.yml o en la fuente): decide la publicación
    como la evaluación del informe, pero no da cartas (no tiene fecha ni criterios)."""

    fuente: Fuente
    fase: Fase
    resultado: Resultado
    consta_en: str
    fecha: None = None
    final: bool = True

    @property
    def archivo(self) -> str:
        return self.fuente.archivo


@dataclass
class Ciclo:
    convocatoria: Convocatoria | None
    evaluaciones: list[Evaluada] = field(default_factory=list)  # por fase y fecha
    problemas: list[Problema] = field(default_factory=list)  # de la carpeta: dos de una fase…
    dependencias: set[str] = field(default_factory=set)
    registrado: Registrada | None = None

    @property
    def decisiva(self) -> Evaluada | Registrada | None:
        """La evaluación de la fase más avanzada (la que decide carta, nota y publicación); si
        no hay ninguna, el resultado registrado."""
        return self.evaluaciones[-1] if self.evaluaciones else self.registrado

    def de_fase(self, clave: str) -> Evaluada | None:
        return next((e for e in self.evaluaciones if e.fase.clave == clave), None)

    @property
    def errores(self) -> list[Problema]:
        return [p for p in self.problemas if p.nivel != AVISO]


def fase_de(valor, convocatoria: Convocatoria) -> Fase:
    """La fase que nombra ``valor`` (su clave, su nombre o un alias, sin tildes ni mayúsculas)."""
    opciones = tuple(Termino(f.nombre, (f.clave, *ALIAS_FASES.get(f.clave, ()))) for f in convocatoria.fases)
    nombre = elegir(valor, opciones)
    return next(f for f in convocatoria.fases if f.nombre == nombre)


def resultado_de(fase: Fase, cumplidos: int, buena_iniciativa: bool) -> Resultado:
    return next(r for r in fase.resultados if r.aplica(cumplidos, len(CRITERIOS), buena_iniciativa))


def edicion_de(fuente: Fuente) -> int | None:
    valor = fuente.datos.get("edicion")
    return valor if isinstance(valor, int) and not isinstance(valor, bool) else None


def convocatoria_de(fuente: Fuente, plantillas: Path) -> Convocatoria:
    """La edición que nombra la fuente (o su experiencia.yml); error si no la nombra o no existe."""
    edicion = edicion_de(fuente)
    if edicion is None:
        origen = fuente.origen(("edicion",))
        raise ErrorFuente([Problema(fuente.archivos_datos.get("experiencia.yml", fuente.archivo),
            origen.linea if ("edicion",) in fuente.origenes else 1,
            "falta «edicion»: el año de la convocatoria a la que se presentó la experiencia (por "
            "ejemplo «edicion: 2024»); las fechas del ciclo se revisan contra su cronograma",
            campo="edicion")])
    origen = fuente.origen(("edicion",))
    return cargar(plantillas, edicion, origen.archivo, origen.linea)


def ciclo_de(fuente: Fuente, plantillas: Path, corpus: Corpus) -> Ciclo:
    """El ciclo de la carpeta de ``fuente`` (una vez por construcción)."""
    clave = ("ciclo", str(fuente.carpeta.resolve()), str(plantillas.resolve()))
    ciclo = corpus.recordar(clave, lambda: _calcular(fuente.carpeta, plantillas, corpus))
    if ciclo.evaluaciones or not isinstance(fuente.datos.get("resultado_registrado"), dict):
        return ciclo
    try:
        registrado = _registrado(fuente, plantillas)
    except ErrorFuente as exc:
        return replace(ciclo, problemas=ciclo.problemas + exc.problemas)
    return replace(ciclo, registrado=registrado)


def _registrado(fuente: Fuente, plantillas: Path) -> Registrada:
    """«resultado_registrado: {resultado: Buena práctica, consta_en: …}», con la tabla de la
    edición de la experiencia (o la última, si no la nombra), en su fase final."""
    from .convocatoria import vigente

    datos = fuente.datos["resultado_registrado"]
    convocatoria = convocatoria_de(fuente, plantillas) if edicion_de(fuente) is not None else vigente(plantillas)
    if convocatoria is None:
        raise ErrorFuente([fuente.problema(("resultado_registrado",), "no hay datos de ninguna convocatoria "
                                           "en plantillas/convocatoria/")])
    final = convocatoria.fases[-1]
    nombres = [r.resultado for r in final.resultados]
    try:
        nombre = elegir(datos.get("resultado", ""), tuple(Termino(n) for n in nombres))
    except ValueError as exc:
        raise ErrorFuente([fuente.problema(("resultado_registrado", "resultado"), str(exc))]) from None
    consta_en = str(datos.get("consta_en") or "").strip()
    if len(consta_en) < 10:
        raise ErrorFuente([fuente.problema(("resultado_registrado", "consta_en"),
            "diga en «consta_en» dónde consta ese resultado (el documento de la SGIC que lo dice)")])
    resultado = next(r for r in final.resultados if r.resultado == nombre)
    return Registrada(fuente, final, resultado, consta_en)


def _calcular(carpeta: Path, plantillas: Path, corpus: Corpus) -> Ciclo:
    from .experiencia import Experiencia
    from .modelo import validar_modelo
    from .tipos.evaluacion import Evaluacion

    dependencias = {f"md:{carpeta.resolve()}"}
    candidatas = corpus.en_carpeta(carpeta, "evaluacion")
    if not candidatas:
        return Ciclo(None, dependencias=dependencias)
    for c in candidatas:
        dependencias |= c.dependencias
    edicion = edicion_de(candidatas[0])
    if edicion is not None:
        dependencias.add(str(ruta(plantillas, edicion).resolve()))
    try:
        convocatoria = convocatoria_de(candidatas[0], plantillas)
    except ErrorFuente as exc:
        return Ciclo(None, problemas=exc.problemas, dependencias=dependencias)
    ciclo = Ciclo(convocatoria, dependencias=dependencias)
    for fuente in candidatas:
        modelo, problemas = validar_modelo(fuente, Evaluacion, ignorar=set(Experiencia.model_fields) | {"ejemplo"})
        fase = None
        if modelo is not None:
            try:
                fase = fase_de(modelo.fase, convocatoria)
            except ValueError as exc:
                problemas.append(fuente.problema(("fase",), str(exc)))
        if modelo is None or fase is None:
            ciclo.problemas.append(Problema(fuente.archivo, 1,
                "esta evaluación tiene errores (corríjala primero): " + "; ".join(p.mensaje for p in problemas)))
            continue
        cumplidos = len(modelo.cumplidos)
        orden = convocatoria.orden(fase.clave)
        ciclo.evaluaciones.append(Evaluada(fuente, modelo, fase, orden,
                                           resultado_de(fase, cumplidos, modelo.buena_iniciativa), cumplidos,
                                           final=orden == len(convocatoria.fases) - 1))
    ciclo.evaluaciones.sort(key=lambda e: (e.orden, e.fecha, e.archivo))
    ciclo.problemas += _coherencia(ciclo.evaluaciones)
    return ciclo


def _coherencia(evaluaciones: list[Evaluada]) -> list[Problema]:
    """Una evaluación por fase; las fases, en orden de fechas; nadie sigue si no debía."""
    problemas = []
    for anterior, actual in zip(evaluaciones, evaluaciones[1:], strict=False):
        donde = actual.fuente.origen(("fase",)).linea
        if actual.fase.clave == anterior.fase.clave:
            problemas.append(Problema(actual.archivo, donde,
                f"hay dos evaluaciones de la fase «{actual.fase.nombre}» en esta carpeta "
                f"({lista_legible([anterior.archivo, actual.archivo])}): cada fase se evalúa una vez; "
                "deje solo la vigente", campo="fase"))
        elif actual.fecha < anterior.fecha:
            problemas.append(Problema(actual.archivo, actual.fuente.origen(("fecha",)).linea,
                f"la evaluación de la fase «{actual.fase.nombre}» ({actual.fecha}) tiene fecha anterior a "
                f"la de la fase «{anterior.fase.nombre}» ({anterior.fecha}, {anterior.archivo})", campo="fecha"))
        elif not anterior.resultado.sigue:
            problemas.append(Problema(actual.archivo, donde,
                f"la evaluación de la fase «{anterior.fase.nombre}» concluyó «{anterior.resultado.resultado}», "
                f"que no pasa a la fase siguiente; revise si esta evaluación corresponde", campo="fase",
                nivel=AVISO))
        elif anterior.resultado.sigue == "con_permiso":
            problemas.append(Problema(actual.archivo, donde,
                f"la evaluación de la fase «{anterior.fase.nombre}» concluyó «{anterior.resultado.resultado}»: "
                "sigue de manera excepcional, con el permiso de su Unidad (bases §7); guarde ese permiso",
                campo="fase", nivel=AVISO))
    return problemas


def exigir_sin_errores(ciclo: Ciclo, fuente: Fuente) -> None:
    """Un documento que depende de las evaluaciones no se hace si ellas tienen errores."""
    if ciclo.errores:
        raise ErrorFuente([Problema(fuente.archivo, 1, "las evaluaciones de esta carpeta tienen errores; "
                                                       "corríjalas primero")] + ciclo.errores)


def fecha_de_la_ficha(carpeta: Path, corpus: Corpus):
    """La fecha de envío de la ficha de inscripción de la carpeta (o None)."""
    import datetime as dt

    for ficha in corpus.en_carpeta(carpeta, "ficha"):
        fecha = ficha.datos.get("fecha")
        if isinstance(fecha, dt.date):
            return fecha
    return None
