"""Construcción: leer y validar cada fuente, renderizar sus formatos y escribirlos de forma atómica.

Un documento con errores no escribe nada (y se borran sus salidas anteriores, que ya no
corresponden a la fuente); los demás se construyen igual.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .errores import AVISO, ErrorFuente, Problema, ruta_legible
from .fuentes import Fuente, buscar_fuentes, leer_fuente
from .marcado.a_word import ErrorPlantilla
from .tipos import TIPOS, Documento

FORMATOS = ("docx", "pdf")


@dataclass
class Informe:
    construidos: list[list[Path]] = field(default_factory=list)
    fallidos: list[str] = field(default_factory=list)
    validos: int = 0
    problemas: list[Problema] = field(default_factory=list)
    segundos: float = 0.0
    tipos_vistos: set[str] = field(default_factory=set)

    @property
    def errores(self) -> list[Problema]:
        return [p for p in self.problemas if p.nivel != AVISO]

    @property
    def avisos(self) -> list[Problema]:
        return [p for p in self.problemas if p.nivel == AVISO]

    @property
    def codigo_salida(self) -> int:
        return 1 if self.errores else 0


def preparar(fuente: Fuente, plantillas: Path = Path("plantillas")) -> Documento:
    """Valida una fuente ya leída. Lanza ErrorFuente con todos sus problemas."""
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
    relativa = ruta.resolve().relative_to(contenido.resolve()).with_suffix("")
    return {f: salida / relativa.with_suffix("." + f) for f in formatos}


def fecha_documento(doc: Documento) -> dt.datetime:
    """La fecha de los metadatos: la de la fuente, o SOURCE_DATE_EPOCH, o la actual."""
    fecha = getattr(doc.modelo, "fecha", None)
    if fecha is not None:
        return dt.datetime(fecha.year, fecha.month, fecha.day, tzinfo=dt.timezone.utc)
    epoca = os.environ.get("SOURCE_DATE_EPOCH")
    if epoca and epoca.isdigit():
        return dt.datetime.fromtimestamp(int(epoca), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def renderizar(doc: Documento, formato: str, plantillas: Path, destino: Path) -> None:
    fecha = fecha_documento(doc)
    if formato == "docx":
        from .render import word

        word.renderizar(doc, plantillas, destino, fecha)
    else:
        from .render import pdf

        pdf.renderizar(doc, plantillas, destino, fecha)


def escribir(doc: Documento, salidas: dict[str, Path], plantillas: Path) -> None:
    """Renderiza cada formato a un temporal y, si todos salen bien, los renombra."""
    temporales: dict[str, Path] = {}
    try:
        for formato, destino in salidas.items():
            destino.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporal = tempfile.mkstemp(prefix=f".{destino.name}.", suffix=".tmp",
                                                   dir=destino.parent)
            os.close(descriptor)
            temporales[formato] = Path(temporal)
            renderizar(doc, formato, plantillas, temporales[formato])
        permisos = 0o666 & ~_umask()  # mkstemp crea con 0600; el resultado, como un archivo normal
        for formato, destino in salidas.items():
            temporal = temporales.pop(formato)
            temporal.chmod(permisos)
            os.replace(temporal, destino)
    finally:
        for temporal in temporales.values():
            temporal.unlink(missing_ok=True)


def _umask() -> int:
    actual = os.umask(0)
    os.umask(actual)
    return actual


def construir(contenido: Path, salida: Path, plantillas: Path, tipos: set[str] | None = None,
              formatos=FORMATOS, solo_validar: bool = False, al_terminar=None) -> Informe:
    """Construye (o solo valida) todas las fuentes de ``contenido`` de los ``tipos`` pedidos.

    ``al_terminar(ruta, salidas, problemas)`` se llama tras cada documento, para informar.
    """
    inicio = time.perf_counter()
    informe = Informe()
    for ruta in buscar_fuentes(contenido):
        salidas = destinos(ruta, contenido, salida, formatos)
        problemas: list[Problema] = []
        escritas: list[Path] = []
        try:
            fuente = leer_fuente(ruta, contenido)
            if tipos and fuente.tipo is not None and fuente.tipo not in tipos:
                continue  # otro tipo: no se pidió (si el YAML está roto, sí se informa)
            if fuente.tipo in TIPOS:
                informe.tipos_vistos.add(fuente.tipo)
            doc = preparar(fuente, plantillas)
            problemas += doc.avisos
            informe.validos += 1
            if not solo_validar:
                escribir(doc, salidas, plantillas)
                escritas = list(salidas.values())
                informe.construidos.append(escritas)
        except ErrorFuente as exc:
            problemas += exc.problemas
        except ErrorPlantilla as exc:
            problemas.append(Problema(ruta_legible(ruta), None, f"no se pudo generar: {exc}"))
        except Exception as exc:  # un fallo inesperado no detiene a los demás documentos
            detalle = traceback.format_exc() if os.environ.get("SISTEMATIZA_DEPURAR") else ""
            problemas.append(Problema(ruta_legible(ruta), None,
                f"error interno al generar el documento ({type(exc).__name__}: {exc}); "
                f"avise al equipo de sistematiza{chr(10) + detalle if detalle else ''}"))
        if any(p.nivel != AVISO for p in problemas):
            informe.fallidos.append(ruta_legible(ruta))
            if not solo_validar:  # las salidas viejas ya no corresponden a la fuente
                for vieja in salidas.values():
                    vieja.unlink(missing_ok=True)
        informe.problemas += problemas
        if al_terminar:
            al_terminar(ruta, escritas, problemas)
    informe.segundos = time.perf_counter() - inicio
    return informe
