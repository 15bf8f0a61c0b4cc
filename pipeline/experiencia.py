"""La experiencia: los datos de la ficha de identificación (semilla 000, Anexo 2), escritos
una sola vez en ``experiencia.yml`` y heredados por todos los documentos de la carpeta.

Las reglas de la convocatoria que miran un solo dato se aplican siempre que el dato esté
escrito (como máximo tres objetivos específicos, cinco acciones, una experiencia ejecutada,
más del 50 % del Programa si hubo otras instituciones, un rol concreto por integrante). Qué
datos son obligatorios depende del documento: la ficha pide todo lo que el formulario marca
como obligatorio; el informe, solo lo que imprime (``Requisitos``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import Field, field_validator

from .errores import Problema
from .fuentes import Fuente
from .modelo import Modelo, validar_modelo
from .vocabularios import (
    ANTIGUEDADES,
    CATEGORIAS,
    EDADES,
    ETAPAS,
    NO_EJECUTADAS,
    SERVICIOS,
    SEXOS,
    elegir,
    normalizar,
)

ROLES_VAGOS = {"apoyo", "apoyo general", "participante", "integrante", "miembro", "colaborador",
               "colaboradora", "equipo", "miembro del equipo", "ayuda", "otro", "otros", "varios",
               "-", "n/a", "na", "ninguno"}
# Frases que dicen que alguien ayuda «en todo», no qué hace (bases §3: rol concreto y verificable).
FRASES_VAGAS = ("todo lo que", "lo que se necesite", "lo que sea necesario", "lo necesario", "en general",
                "de todo", "cualquier cosa", "cualquier tarea", "lo que se requiera", "segun se requiera",
                "lo que haga falta", "diversas tareas", "varias tareas", "tareas varias", "apoyo general",
                "en lo que se pueda")
_CORREO = re.compile(r"^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$")
_CELULAR = re.compile(r"^(\+?51)?9\d{8}$")


def _region_oficial(v) -> str:
    from .territorios import region

    return region(v)


def _lista_de_textos(v):
    """Un texto o una lista de textos → lista (el formulario admite ambas formas)."""
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return v


def vocabulario(*campos: str, opciones):
    """Validador: el valor (si está) debe ser uno de ``opciones``; queda su forma oficial."""
    return field_validator(*campos, mode="before")(
        classmethod(lambda cls, v: None if v is None else elegir(v, opciones)))


class Integrante(Modelo):
    """Integrante del equipo (formulario 1.1–1.5; el rol lo exige la convocatoria, §3)."""

    nombre: str = Field(min_length=3)
    sexo: str | None = None
    edad: str | None = None
    correo: str | None = None
    celular: str | None = None
    rol: str | None = None

    _sexo = vocabulario("sexo", opciones=SEXOS)
    _edad = vocabulario("edad", opciones=EDADES)

    @field_validator("correo")
    @classmethod
    def _correo(cls, v):
        if v is not None and not _CORREO.match(v):
            raise ValueError(f"«{v}» no es un correo electrónico válido")
        return v

    @field_validator("celular", mode="before")
    @classmethod
    def _celular(cls, v):
        if v is None:
            return None
        limpio = re.sub(r"[\s-]", "", str(v))
        if not _CELULAR.match(limpio):
            raise ValueError(f"«{v}» no es un celular del Perú (nueve cifras que empiezan con 9)")
        return limpio[-9:]

    dni: str | None = None  # solo lo imprime la declaración jurada; si falta, queda en blanco

    @field_validator("dni", mode="before")
    @classmethod
    def _dni(cls, v):
        if v is None:
            return None
        limpio = re.sub(r"\s", "", str(v))
        if not re.fullmatch(r"\d{8}", limpio):
            raise ValueError(f"«{v}» no es un DNI: ocho cifras, entre comillas (\"01234567\")")
        return limpio

    @field_validator("rol")
    @classmethod
    def _rol_concreto(cls, v):
        vago = normalizar(v or "") in {normalizar(r) for r in ROLES_VAGOS} or any(
            normalizar(f) in normalizar(v or "") for f in FRASES_VAGAS)
        if v is not None and (vago or len(v) < 8):
            raise ValueError(
                f"«{v}» no es un rol concreto y verificable, como pide la convocatoria (bases §3); "
                "diga qué hace en la sistematización, por ejemplo «Recojo de testimonios y "
                "redacción del informe»")
        return v


class OtraInstitucion(Modelo):
    """Institución que participó en la experiencia (bases §4: precisar sus acciones)."""

    nombre: str = Field(min_length=2)
    acciones: str | None = Field(default=None, min_length=5)  # obligatorias: ver _reglas_compuestas


class ResultadoRegistrado(Modelo):
    """El resultado de una evaluación de la SGIC hecha fuera de sistematiza, como consta en un
    documento (pipeline/ciclo.py): «Buena práctica», y dónde consta."""

    resultado: str
    consta_en: str = Field(min_length=10)


class Experiencia(Modelo):
    """Ficha de identificación de la experiencia (semilla 000, Anexo 2)."""

    resultado_registrado: ResultadoRegistrado | None = None

    edicion: int | None = Field(default=None, ge=2018, le=2100)  # la convocatoria (plantillas/convocatoria/)
    equipo: list[Integrante] = []  # 1.1–1.5; desde el sexto, participantes adicionales (1.9)
    participantes_adicionales: str | None = None  # 1.9
    region: str | None = None  # 1.6
    unidad_linea: str | None = None  # 1.7 a
    unidad_apoyo: str | None = None  # 1.7 b
    servicio: str | None = None  # 1.7 c
    servicio_otro: str | None = None  # 1.7 «Otro»
    nombre_servicio: str | None = None  # 1.8
    titulo: str | None = Field(default=None, min_length=5, max_length=300)  # 2.1
    categoria: str | None = None  # 2.2
    lugar: str | None = None  # 2.3
    antiguedad: str | None = None  # 2.4
    beneficiarios: str | None = None  # 2.5
    problema: str | None = None  # 2.6
    objetivo_general: str | None = None  # 2.7
    objetivos_especificos: list[str] = []  # 2.8
    etapa: str | None = None  # 2.9
    metodologia: str | None = None  # 2.10
    acciones: list[str] = []  # 2.11
    resultados_cuantitativos: list[str] = []  # 2.12
    resultados_cualitativos: list[str] = []  # 2.13
    evidencias: list[str] = []  # 2.15
    otras_instituciones: list[OtraInstitucion] = []  # bases §4
    participacion_aurora: Decimal | None = Field(default=None, ge=0, le=100)  # bases §4, en %

    _a_lista = field_validator("objetivos_especificos", "acciones", "resultados_cuantitativos",
                               "resultados_cualitativos", "evidencias", mode="before")(
        classmethod(lambda cls, v: _lista_de_textos(v)))

    _region = field_validator("region", mode="before")(
        classmethod(lambda cls, v: None if v is None else _region_oficial(v)))
    _servicio = vocabulario("servicio", opciones=SERVICIOS)
    _categoria = vocabulario("categoria", opciones=CATEGORIAS)
    _antiguedad = vocabulario("antiguedad", opciones=ANTIGUEDADES)

    @field_validator("etapa", mode="before")
    @classmethod
    def _etapa(cls, v):
        if v is None:
            return None
        if any(palabra in normalizar(str(v)) for palabra in NO_EJECUTADAS):
            raise ValueError(
                f"«{v}»: la convocatoria solo acepta experiencias ejecutadas e implementadas; no se "
                "aceptan proyectos o ideas que no han sido ejecutadas y cuyo resultado se desconoce "
                "(bases §4). Use «En ejecución» o «Concluida»")
        return elegir(v, ETAPAS)

    # -------------------------------------------------------------- presentación
    @property
    def unidad(self) -> str | None:
        """La unidad, subunidad o servicio (1.7), como se imprime."""
        partes = [self.servicio, self.servicio_otro, self.unidad_linea, self.unidad_apoyo]
        return "; ".join(p for p in partes if p) or None

    @property
    def servicio_o_unidad(self) -> str | None:
        """El nombre concreto del servicio (1.8) o, si no está, la unidad (1.7)."""
        return self.nombre_servicio or self.unidad


# --------------------------------------------------------------------- requisitos
@dataclass(frozen=True)
class Requisitos:
    """Qué datos de la experiencia necesita un tipo de documento."""

    campos: tuple[str, ...] = ()
    integrantes_minimos: int = 0
    datos_integrante: tuple[str, ...] = ("nombre",)  # de cada integrante
    datos_responsables: tuple[str, ...] = ()  # además, de los dos primeros (1.1 y 1.2)
    unidad: bool = False  # 1.7: alguna unidad, subunidad o servicio


FORMULARIO = {  # campo → apartado del formulario (para los mensajes)
    "equipo": "1.1–1.5", "participantes_adicionales": "1.9", "region": "1.6", "unidad": "1.7",
    "nombre_servicio": "1.8", "titulo": "2.1", "categoria": "2.2", "lugar": "2.3",
    "antiguedad": "2.4", "beneficiarios": "2.5", "problema": "2.6", "objetivo_general": "2.7",
    "objetivos_especificos": "2.8", "edicion": "la convocatoria", "etapa": "2.9", "metodologia": "2.10",
    "acciones": "2.11",
    "resultados_cuantitativos": "2.12", "resultados_cualitativos": "2.13", "evidencias": "2.15",
}


def validar_experiencia(fuente: Fuente, requisitos: Requisitos, para: str, obligatoria: bool,
                        plantillas: Path | None = None) -> tuple[Experiencia | None, list[Problema]]:
    """Valida los datos de la experiencia que la fuente hereda (o escribe) y los ``requisitos``."""
    if not fuente.archivos_datos.get("experiencia.yml") and not (
            set(Experiencia.model_fields) & fuente.propios):
        if not obligatoria:
            return None, []
        return None, [Problema(fuente.archivo, 1,
            f"la {para} necesita los datos de la experiencia: falta el archivo experiencia.yml en "
            "esta carpeta (créelo con «sistematiza nueva experiencia NOMBRE»)")]
    experiencia, problemas = validar_modelo(fuente, Experiencia, solo_propios=False)
    if experiencia is None:
        return None, problemas
    problemas += _reglas_compuestas(fuente, experiencia)
    problemas += _faltantes(fuente, experiencia, requisitos, para)
    if plantillas is not None:
        problemas += _limites(fuente, experiencia, plantillas)
    return experiencia, problemas


def _limites(fuente: Fuente, exp: Experiencia, plantillas: Path) -> list[Problema]:
    """Los límites del formulario de la edición (o de la última, si la experiencia no la nombra)."""
    from . import convocatoria
    from .errores import ErrorFuente

    try:
        if exp.edicion is not None:
            origen = fuente.origen(("edicion",))
            limites = convocatoria.cargar(plantillas, exp.edicion, origen.archivo, origen.linea).limites
        else:
            vigente = convocatoria.vigente(plantillas)
            if vigente is None:
                return []
            limites = vigente.limites
    except ErrorFuente as exc:
        return exc.problemas
    problemas = []
    for campo, maximo, que, apartado in (
            ("objetivos_especificos", limites.objetivos_especificos, "objetivos específicos", "2.8"),
            ("acciones", limites.acciones, "acciones principales", "2.11")):
        if len(getattr(exp, campo)) > maximo:
            problemas.append(_donde(fuente, (campo,), f"hay {len(getattr(exp, campo))} {que} y el formulario "
                                    f"admite como máximo {maximo} (Anexo 2, {apartado})"))
    en_formulario = limites.integrantes_en_formulario
    adicionales = normalizar(exp.participantes_adicionales or "")
    if len(exp.equipo) > en_formulario and adicionales in ("", "no", "ninguno", "no hay"):
        extra = exp.equipo[en_formulario]
        problemas.append(_donde(fuente, ("equipo", en_formulario),
            f"el formulario tiene lugar para {en_formulario} integrantes (1.1–1.{en_formulario}); "
            f"«{extra.nombre}» y quienes siguen son participantes adicionales: indíquelo en "
            "«participantes_adicionales» (1.9), por ejemplo «Sí, 2 participantes adicionales»; la ficha "
            "los lista en 1.9 y cada uno recibe sus cartas"))
    return problemas


def _donde(fuente: Fuente, ruta: tuple, mensaje: str) -> Problema:
    """El problema en el campo si está escrito; si no, en experiencia.yml (donde se escribe)."""
    if any(ruta[:i] in fuente.origenes for i in range(len(ruta), 0, -1)):
        return fuente.problema(ruta, mensaje)
    archivo = fuente.archivos_datos.get("experiencia.yml", fuente.archivo)
    return Problema(archivo, 1, mensaje, campo=".".join(str(p) for p in ruta) or None)


def _reglas_compuestas(fuente: Fuente, exp: Experiencia) -> list[Problema]:
    problemas = []
    if exp.antiguedad == ANTIGUEDADES[1].valor and exp.etapa not in (None, "En ejecución"):
        problemas.append(fuente.problema(("etapa",),
            "una experiencia de más de tres años debe seguir ejecutándose (Anexo 2, 2.4): su "
            "«etapa» debe ser «En ejecución»"))
    for i, otra in enumerate(exp.otras_instituciones):
        if not otra.acciones:
            problemas.append(fuente.problema(("otras_instituciones", i),
                f"precise en «acciones» lo que hizo «{otra.nombre}»: la convocatoria pide indicar "
                "las acciones desarrolladas por otras entidades (bases §4)"))
    if exp.otras_instituciones:
        if exp.participacion_aurora is None:
            problemas.append(fuente.problema(("otras_instituciones",),
                "participaron otras instituciones: indique en «participacion_aurora» qué porcentaje "
                "de la experiencia desarrolló el Programa Nacional AURORA (debe ser más del 50 %, "
                "bases §4)"))
        elif exp.participacion_aurora <= 50:
            problemas.append(fuente.problema(("participacion_aurora",),
                f"el Programa Nacional AURORA desarrolló el {exp.participacion_aurora} % de la "
                "experiencia; la convocatoria exige más del 50 % cuando participan otras "
                "instituciones (bases §4)"))
    return problemas


def _faltantes(fuente: Fuente, exp: Experiencia, req: Requisitos, para: str) -> list[Problema]:
    problemas = []

    def falta(ruta: tuple, que: str, apartado: str | None):
        donde = f" (formulario, {apartado})" if apartado else ""
        problemas.append(_donde(fuente, ruta, f"falta {que}{donde}: lo necesita la {para}"))

    for campo in req.campos:
        if getattr(exp, campo) in (None, [], ""):
            falta((campo,), f"«{campo}»", FORMULARIO.get(campo))
    if req.unidad and not exp.unidad:
        falta(("servicio",), "«servicio»", "1.7: «servicio», «servicio_otro», «unidad_linea» o "
                                          "«unidad_apoyo»")
    if len(exp.equipo) < req.integrantes_minimos:
        problemas.append(_donde(fuente, ("equipo",),
            f"el equipo tiene {len(exp.equipo)} integrante(s) y la convocatoria pide como mínimo "
            f"{req.integrantes_minimos}, cada uno con un rol concreto (bases §3)"))
    for i, integrante in enumerate(exp.equipo):
        exigidos = req.datos_integrante + (req.datos_responsables if i < 2 else ())
        for dato in exigidos:
            if getattr(integrante, dato) in (None, ""):
                falta(("equipo", i), f"«{dato}» del integrante «{integrante.nombre}»",
                      FORMULARIO["equipo"])
    return problemas
