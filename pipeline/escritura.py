"""Escribir salidas sin dejar nada a medias: temporal + renombre, dentro de ``salida/``.

Un fallo del disco (lleno, de solo lectura, una carpeta donde va el archivo) es un
``ErrorEscritura`` en castellano; las salidas anteriores quedan intactas y no queda ningún
temporal. Los temporales que deja una construcción interrumpida se borran en la siguiente.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from . import limites
from .errores import ErrorEscritura, error_de_escritura, ruta_legible
from .recinto import dentro, exigir_salida

# Un temporal de ``escribir``: «.nota.docx.k3j2_x.tmp» (de cualquier formato).
TEMPORAL = re.compile(r"^\..+\.[A-Za-z0-9]+\.[A-Za-z0-9_]+\.tmp$")


def _umask() -> int:
    actual = os.umask(0)
    os.umask(actual)
    return actual


def escribir(doc, salidas: dict[str, Path], plantillas: Path, salida: Path | None = None) -> None:
    """Renderiza cada formato de ``salidas`` ({formato: archivo}) a un temporal y, si todos
    salen bien, los renombra. Con ``salida``, ningún archivo puede quedar fuera de ella. La
    construcción de todos los formatos está vigilada (``limites.vigilar``)."""
    from .render import renderizar

    temporales: dict[str, Path] = {}
    try:
        with limites.vigilar():
            for formato, destino in salidas.items():
                if salida is not None:
                    exigir_salida(destino, salida)
                temporales[formato] = archivo_temporal(destino)
                try:
                    renderizar(doc, formato, plantillas, temporales[formato])
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


def archivo_temporal(destino: Path) -> Path:
    try:
        destino.parent.mkdir(parents=True, exist_ok=True)
        if destino.is_dir():
            raise ErrorEscritura(f"no se puede escribir «{ruta_legible(destino)}»: en su lugar hay "
                                 "una carpeta; bórrela o cámbiele el nombre")
        descriptor, temporal = tempfile.mkstemp(prefix=f".{destino.name}.", suffix=".tmp",
                                               dir=destino.parent)
        os.close(descriptor)
    except OSError as exc:
        raise error_de_escritura(exc, destino) from None
    return Path(temporal)


def borrar_temporales(carpeta: Path) -> int:
    """Borra los temporales que dejó una construcción interrumpida (con el cerrojo tomado)."""
    borrados = 0
    for actual, _subcarpetas, archivos in os.walk(carpeta):
        for nombre in archivos:
            if TEMPORAL.match(nombre):
                try:
                    (Path(actual) / nombre).unlink()
                    borrados += 1
                except OSError:
                    pass
    return borrados


def borrar_salida(ruta: str | Path, salida: Path) -> None:
    """Borra una salida vieja, solo si está dentro de ``salida`` y es un archivo."""
    ruta = Path(ruta)
    if dentro(ruta.parent, salida) and not ruta.is_dir():
        with contextlib.suppress(OSError):  # se informa al escribir, si hace falta
            ruta.unlink(missing_ok=True)
