"""Construcción: qué fuentes cambiaron, validarlas, renderizarlas en paralelo y escribirlas
de forma atómica.

- **Incremental**: solo se rehace un documento si cambió algo de lo que depende (huellas del
  contenido; ``pipeline/estado.py``). ``forzar`` rehace todo. Una fuente borrada borra sus
  salidas en la construcción siguiente.
- **Paralela**: los documentos se renderizan en un grupo de procesos (uno por núcleo por
  omisión). Las bibliotecas pesadas se importan solo si hay algo que hacer, y WeasyPrint solo
  si hay un PDF que hacer.
- **Atómica**: cada salida se escribe en un temporal y se renombra; un documento con errores
  no escribe nada (y se borran sus salidas anteriores, que ya no corresponden a la fuente);
  los demás se construyen igual. Un cerrojo impide que dos construcciones pisen la misma salida.
- **Reproducible**: las mismas fuentes dan DOCX y PDF idénticos byte a byte (fechas fijas,
  ZIP ordenado y fechado, ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import limites
from .errores import (AVISO, ErrorEscritura, ErrorFuente, ErrorPlantilla, Problema, error_de_escritura,
                      error_interno, explicar_os, ruta_legible)
from .estado import Cerrojo, Estado, Huellas, version_programa
from .fuentes import Fuente, buscar_fuentes, leer_fuente
from .recinto import dentro, exigir_salida
from .registro import NOMBRES

FORMATOS = ("docx", "pdf")
FECHA_FIJA = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # si la fuente no da ninguna


class ErrorConstruccion(Exception):
    """La construcción no puede empezar (por ejemplo, otra está en curso)."""


@dataclass
class Informe:
    construidos: list[list[Path]] = field(default_factory=list)
    fallidos: list[str] = field(default_factory=list)
    validos: int = 0
    problemas: list[Problema] = field(default_factory=list)
    segundos: float = 0.0
    tipos_vistos: set[str] = field(default_factory=set)
    sin_cambios: int = 0
    eliminados: int = 0
    por_tipo: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def errores(self) -> list[Problema]:
        return [p for p in self.problemas if p.nivel != AVISO]

    @property
    def avisos(self) -> list[Problema]:
        return [p for p in self.problemas if p.nivel == AVISO]

    @property
    def codigo_salida(self) -> int:
        return 1 if self.errores else 0


def preparar(fuente: Fuente, plantillas: Path = Path("plantillas")):
    """Valida una fuente ya leída. Lanza ErrorFuente con todos sus problemas."""
    from .tipos import TIPOS

    tipo = fuente.tipo
    if tipo is None:
        raise ErrorFuente([fuente.problema(("tipo",),
            "falta el campo «tipo» (o no es un texto); escriba, por ejemplo, «tipo: nota». "
            f"Tipos disponibles: {', '.join(TIPOS)}")])
    if tipo not in TIPOS:
        from .errores import sugerencia

        raise ErrorFuente([fuente.problema(("tipo",),
            f"el tipo «{tipo}» no existe." + sugerencia(tipo, TIPOS)
            + f" Tipos disponibles: {', '.join(TIPOS)}")])
    return TIPOS[tipo].validar(fuente, plantillas)


def destinos(ruta: Path, contenido: Path, salida: Path, formatos) -> dict[str, Path]:
    """Regla del espejo: contenido/<ruta>/<nombre>.md → salida/<ruta>/<nombre>.docx y .pdf."""
    # sin resolver enlaces: una fuente que es un enlace simbólico sigue en su lugar del árbol
    relativa = Path(os.path.abspath(ruta)).relative_to(os.path.abspath(contenido)).with_suffix("")
    return {f: salida / relativa.with_suffix("." + f) for f in formatos}


def fecha_documento(doc) -> dt.datetime:
    """La fecha de los metadatos, la misma en cada construcción (los archivos son reproducibles):
    la de la fuente; si no, el 1 de enero de su año (o del fin de su periodo); si no,
    SOURCE_DATE_EPOCH; si no, una fija."""
    modelo = doc.modelo
    fecha = getattr(modelo, "fecha", None)
    if fecha is not None:
        return dt.datetime(fecha.year, fecha.month, fecha.day, tzinfo=dt.timezone.utc)
    anio = getattr(modelo, "anio", None) or getattr(modelo, "anio_efectivo", None)
    periodo = getattr(modelo, "periodo", None)
    if not anio and hasattr(periodo, "hasta"):
        anio = int(periodo.hasta[:4])  # un informe sin fecha: el año en que termina su periodo
    numero = getattr(modelo, "numero", None)
    if not anio and isinstance(numero, str) and numero[-4:].isdigit():
        anio = int(numero[-4:])
    if anio:
        return dt.datetime(int(anio), 1, 1, tzinfo=dt.timezone.utc)
    epoca = os.environ.get("SOURCE_DATE_EPOCH")
    if epoca and epoca.isdigit():
        return dt.datetime.fromtimestamp(int(epoca), tz=dt.timezone.utc)
    return FECHA_FIJA


def renderizar(doc, formato: str, plantillas: Path, destino: Path,
               variante_pdf: str | None = None) -> None:
    fecha = fecha_documento(doc)
    if formato == "docx":
        from .render import word

        word.renderizar(doc, plantillas, destino, fecha)  # ZIP con fechas fijas
    else:
        from .render import pdf

        # WeasyPrint fecha las fuentes incrustadas con la hora, salvo con SOURCE_DATE_EPOCH
        propia = "SOURCE_DATE_EPOCH" not in os.environ
        if propia:
            os.environ["SOURCE_DATE_EPOCH"] = str(int(fecha.timestamp()))
        try:
            pdf.renderizar(doc, plantillas, destino, fecha, variante_pdf)
        finally:
            if propia:
                del os.environ["SOURCE_DATE_EPOCH"]


def _umask() -> int:
    actual = os.umask(0)
    os.umask(actual)
    return actual


# Un temporal de ``escribir``: «.nota.docx.k3j2_x.tmp». Los que deja una construcción
# interrumpida se borran en la siguiente.
TEMPORAL = re.compile(r"^\..+\.(docx|pdf)\.[A-Za-z0-9_]+\.tmp$")


def escribir(doc, salidas: dict[str, Path], plantillas: Path,
             variante_pdf: str | None = None, salida: Path | None = None) -> None:
    """Renderiza cada formato a un temporal y, si todos salen bien, los renombra.

    Con ``salida``, ningún destino puede quedar fuera de ella. Un fallo del disco (lleno, de
    solo lectura, una carpeta donde va el archivo) es un ``ErrorEscritura`` en castellano; las
    salidas anteriores quedan intactas y no queda ningún temporal. La construcción de todos los
    formatos está vigilada (``limites.vigilar``).
    """
    temporales: dict[str, Path] = {}
    try:
        with limites.vigilar():
            for formato, destino in salidas.items():
                if salida is not None:
                    exigir_salida(destino, salida)
                try:
                    destino.parent.mkdir(parents=True, exist_ok=True)
                    if destino.is_dir():
                        raise ErrorEscritura(f"no se puede escribir «{ruta_legible(destino)}»: "
                                             "en su lugar hay una carpeta; bórrela o cámbiele el nombre")
                    descriptor, temporal = tempfile.mkstemp(prefix=f".{destino.name}.", suffix=".tmp",
                                                           dir=destino.parent)
                    os.close(descriptor)
                except OSError as exc:
                    raise error_de_escritura(exc, destino) from None
                temporales[formato] = Path(temporal)
                try:
                    renderizar(doc, formato, plantillas, temporales[formato], variante_pdf)
                except OSError as exc:
                    if exc.filename is not None and Path(exc.filename) != temporales[formato]:
                        raise
                    raise error_de_escritura(exc, destino) from None
        permisos = 0o666 & ~_umask()  # mkstemp crea con 0600; el resultado, como un archivo normal
        for formato, destino in salidas.items():
            temporal = temporales[formato]
            try:
                temporal.chmod(permisos)
                os.replace(temporal, destino)
            except OSError as exc:
                raise error_de_escritura(exc, destino) from None
            del temporales[formato]
    finally:
        for temporal in temporales.values():
            temporal.unlink(missing_ok=True)


def borrar_temporales(salida: Path) -> int:
    """Borra los temporales que dejó una construcción interrumpida (con el cerrojo tomado)."""
    borrados = 0
    for carpeta, _subcarpetas, archivos in os.walk(salida):
        for nombre in archivos:
            if TEMPORAL.match(nombre):
                try:
                    (Path(carpeta) / nombre).unlink()
                    borrados += 1
                except OSError:
                    pass
    return borrados


# ------------------------------------------------------------------- un documento
@dataclass
class Resultado:
    ruta: Path
    tipo: str | None
    salidas: dict[str, Path]
    problemas: list[Problema]
    dependencias: set[str]
    previstas: dict[str, Path] = field(default_factory=dict)  # sus salidas en cada formato
    conservar: bool = False  # falló el disco, no la fuente: las salidas anteriores se quedan

    @property
    def fallido(self) -> bool:
        return any(p.nivel != AVISO for p in self.problemas)


def procesar(ruta: Path, contenido: Path, salida: Path, plantillas: Path, formatos,
             solo_validar: bool = False) -> Resultado:
    """Lee, valida y (si no es solo validar) escribe un documento. Nunca lanza."""
    problemas: list[Problema] = []
    tipo, dependencias, escritas, conservar = None, {str(ruta.resolve())}, {}, False
    previstas: dict[str, Path] = {}
    try:
        previstas = destinos(ruta, contenido, salida, FORMATOS)
        salidas = {f: previstas[f] for f in formatos}
        fuente = leer_fuente(ruta, contenido)
        tipo = fuente.tipo
        doc = preparar(fuente, plantillas)
        problemas += doc.avisos
        dependencias = doc.dependencias()
        if not solo_validar:
            escribir(doc, salidas, plantillas, salida=salida)
            escritas = salidas
    except ErrorFuente as exc:
        problemas += exc.problemas
    except (ErrorPlantilla, ErrorEscritura, limites.LimiteExcedido) as exc:
        problemas.append(Problema(ruta_legible(ruta), 1, f"no se pudo generar: {exc}"))
        conservar = isinstance(exc, ErrorEscritura)
    except Exception as exc:  # un fallo inesperado no detiene a los demás documentos
        problemas.append(error_interno(exc, ruta_legible(ruta), 1, None if solo_validar else salida))
    return Resultado(ruta, tipo, escritas, problemas, dependencias, previstas, conservar)


def _procesar(tarea) -> Resultado:
    return procesar(*tarea)


def numero_de_procesos(trabajos: int | None) -> int:
    """Los procesos pedidos; por omisión, uno por núcleo."""
    return max(1, trabajos or os.cpu_count() or 1)


def preimportar(formatos) -> None:
    """Importa lo pesado antes de crear los procesos: lo heredan ya cargado."""
    from . import tipos  # noqa: F401
    from .render import word  # noqa: F401

    if "pdf" in formatos:
        import weasyprint  # noqa: F401

        from .render import pdf  # noqa: F401


# ----------------------------------------------------------------- la construcción
def construir(contenido: Path, salida: Path, plantillas: Path, tipos: set[str] | None = None,
              formatos=FORMATOS, solo_validar: bool = False, al_terminar=None,
              trabajos: int | None = None, forzar: bool = False, al_progresar=None) -> Informe:
    """Construye (o solo valida) las fuentes de ``contenido`` de los ``tipos`` pedidos.

    ``al_terminar(ruta, salidas, problemas)`` se llama tras cada documento, para informar;
    ``al_progresar(total)`` una vez, cuando se sabe cuántos hay que hacer.
    """
    inicio = time.perf_counter()
    informe = Informe()
    fuentes = buscar_fuentes(contenido)
    if solo_validar:
        for ruta in fuentes:
            r = procesar(ruta, contenido, salida, plantillas, formatos, solo_validar=True)
            if tipos and r.tipo in NOMBRES and r.tipo not in tipos:
                continue
            _anotar(informe, r, al_terminar)
        informe.segundos = time.perf_counter() - inicio
        return informe

    cerrojo = tomar_cerrojo(salida)
    try:
        borrar_temporales(salida)
        huellas = Huellas()
        estado = Estado(salida)
        programa = version_programa()
        if forzar:
            estado.programa = programa
        else:
            estado.cargar(programa)
        if estado.danado:
            danado = Problema(ruta_legible(estado.ruta), None,
                              "el estado de la construcción estaba dañado: se reconstruye todo",
                              nivel=AVISO)
            informe.problemas.append(danado)
            if al_terminar:
                al_terminar(estado.ruta, [], [danado])
        _borrar_huerfanos(estado, fuentes, informe, salida)
        parametros = str(plantillas.resolve())  # otras plantillas: todo se rehace
        pendientes = []
        for ruta in fuentes:
            clave = str(ruta.resolve())
            entrada = estado.documentos.get(clave)
            if entrada and estado.al_dia(clave, formatos, huellas, parametros):
                if not tipos or entrada["tipo"] in tipos:
                    informe.sin_cambios += 1
                    informe.por_tipo[entrada["tipo"]]["sin cambios"] += 1
                    informe.tipos_vistos.add(entrada["tipo"])
                    avisos = [Problema(**a) for a in entrada.get("avisos", [])]
                    informe.problemas += avisos  # se siguen viendo hasta que se resuelvan
                    if al_terminar and avisos:
                        al_terminar(ruta, [], avisos)
                continue
            if tipos and _es_de_otro_tipo(ruta, contenido, tipos):
                continue  # se hará cuando se pida su tipo
            pendientes.append(ruta)
        if al_progresar:
            al_progresar(len(pendientes))
        tareas = [(r, contenido, salida, plantillas, formatos) for r in pendientes]
        trabajos = numero_de_procesos(trabajos)
        if trabajos > 1 and len(tareas) > 1:
            from concurrent.futures import ProcessPoolExecutor

            from concurrent.futures.process import BrokenProcessPool

            preimportar(formatos)
            try:
                with ProcessPoolExecutor(max_workers=min(trabajos, len(tareas))) as grupo:
                    for r in grupo.map(_procesar, tareas, chunksize=1):
                        _registrar(estado, huellas, r, informe, al_terminar, parametros, salida)
            except BrokenProcessPool:
                estado.guardar()  # lo ya construido queda registrado
                raise ErrorConstruccion("un proceso de trabajo terminó de golpe (¿se quedó sin "
                                        "memoria?); vuelva a construir con --trabajos 1 para ver "
                                        "qué documento lo causa") from None
        else:
            for tarea in tareas:
                _registrar(estado, huellas, _procesar(tarea), informe, al_terminar, parametros, salida)
        try:
            estado.guardar()
        except OSError as exc:
            raise ErrorConstruccion(f"no se pudo guardar el estado de la construcción en "
                                    f"«{ruta_legible(estado.ruta)}»: {explicar_os(exc)}") from None
    finally:
        cerrojo.soltar()
    informe.segundos = time.perf_counter() - inicio
    return informe


def tomar_cerrojo(salida: Path) -> Cerrojo:
    """El cerrojo de la carpeta de salida; un error en castellano si no se puede usar."""
    if salida.exists() and not salida.is_dir():
        raise ErrorConstruccion(f"la carpeta de salida «{ruta_legible(salida)}» es un archivo; "
                                "bórrelo o use otra carpeta con --salida")
    cerrojo = Cerrojo(salida)
    try:
        tomado = cerrojo.tomar()
    except OSError as exc:
        raise ErrorConstruccion(f"no se puede escribir en la carpeta de salida «{ruta_legible(salida)}»: "
                                f"{explicar_os(exc)}") from None
    if not tomado:
        raise ErrorConstruccion(
            f"otra construcción está escribiendo en «{ruta_legible(salida)}»; espere a que "
            "termine (o use otra carpeta con --salida)")
    return cerrojo


def _es_de_otro_tipo(ruta: Path, contenido: Path, tipos: set[str]) -> bool:
    """¿La fuente declara un tipo que no se pidió? (Si no se puede leer, no: sus errores se
    informan aunque se haya pedido otro tipo, porque podría ser del pedido.)"""
    try:
        tipo = leer_fuente(ruta, contenido).tipo
    except Exception:  # sus errores se informan al construirla
        return False
    return tipo is not None and tipo not in tipos


def _anotar(informe: Informe, r: Resultado, al_terminar) -> None:
    tipo = r.tipo if r.tipo in NOMBRES else "(sin tipo)"
    if r.tipo in NOMBRES:
        informe.tipos_vistos.add(r.tipo)
    informe.problemas += r.problemas
    if r.fallido:
        informe.fallidos.append(ruta_legible(r.ruta))
        informe.por_tipo[tipo]["con errores"] += 1
    else:
        informe.validos += 1
        if r.salidas:
            informe.construidos.append(list(r.salidas.values()))
            informe.por_tipo[tipo]["construidos"] += 1
    if al_terminar:
        al_terminar(r.ruta, list(r.salidas.values()), r.problemas)


def borrar_salida(ruta: str | Path, salida: Path) -> None:
    """Borra una salida vieja, solo si está dentro de ``salida`` y es un archivo."""
    ruta = Path(ruta)
    if dentro(ruta.parent, salida) and not ruta.is_dir():
        try:
            ruta.unlink(missing_ok=True)
        except OSError:
            pass  # se informa al escribir, si hace falta


def _registrar(estado: Estado, huellas: Huellas, r: Resultado, informe: Informe, al_terminar,
               parametros: str, salida: Path):
    clave = str(r.ruta.resolve())
    if r.fallido:
        # las salidas viejas ya no corresponden a la fuente (salvo si falló el disco)
        viejas = set(estado.olvidar(clave).get("salidas", {}).values())
        if not r.conservar:
            for vieja in viejas | {str(p) for p in r.previstas.values()}:
                borrar_salida(vieja, salida)
    else:
        estado.registrar(clave, r.tipo, {d: huellas.de(d) for d in sorted(r.dependencias)},
                         {f: str(p) for f, p in r.salidas.items()}, parametros,
                         [asdict(p) for p in r.problemas if p.nivel == AVISO])
    _anotar(informe, r, al_terminar)


def _borrar_huerfanos(estado: Estado, fuentes: list[Path], informe: Informe, salida: Path) -> None:
    """Las salidas de fuentes que ya no existen se borran."""
    actuales = {str(r.resolve()) for r in fuentes}
    for clave in [c for c in estado.documentos if c not in actuales]:
        for vieja in estado.olvidar(clave).get("salidas", {}).values():
            borrar_salida(vieja, salida)
        informe.eliminados += 1
