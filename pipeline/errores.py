"""Problemas encontrados en las fuentes o plantillas, con archivo, línea y campo.

Todo mensaje que ve una persona usuaria sale de aquí, en castellano, con la forma
``archivo:línea: campo «x»: mensaje``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import traceback
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
AVISO = "aviso"


def ruta_legible(ruta: Path | str) -> str:
    """La ruta relativa al directorio actual si cabe; si no, la absoluta."""
    absoluta = Path(os.path.abspath(ruta))  # sin seguir enlaces: el nombre que ve la persona
    try:
        return str(absoluta.relative_to(Path.cwd()))
    except ValueError:
        try:
            return str(absoluta.relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(ruta)


@dataclass(frozen=True)
class Problema:
    archivo: str
    linea: int | None
    mensaje: str
    campo: str | None = None
    nivel: str = ERROR
    rotulo: str = "campo"  # «campo», o «fila 4, columna» en una tabla

    def __str__(self) -> str:
        lugar = self.archivo if self.linea is None else f"{self.archivo}:{self.linea}"
        campo = f" {self.rotulo} «{self.campo}»:" if self.campo else ""
        prefijo = " aviso:" if self.nivel == AVISO else ""
        return f"{lugar}:{prefijo}{campo} {self.mensaje}"


class ErrorFuente(Exception):
    """Una o varias fuentes no se pueden construir; lleva todos los problemas."""

    def __init__(self, problemas: list[Problema]):
        self.problemas = problemas
        super().__init__("\n".join(str(p) for p in problemas))


def en_orden(problemas: list[Problema], archivo: str) -> list[Problema]:
    """Los problemas en el orden en que se leen: primero los de ``archivo`` (la fuente), por
    línea; después los de otros archivos (los datos que hereda), por archivo y línea."""
    return sorted(problemas, key=lambda p: (p.archivo != archivo, p.archivo, p.linea or 0))


def sugerencia(valor: str, opciones) -> str:
    """' ¿Quiso decir «x»?' si hay una opción parecida; si no, cadena vacía."""
    cercanas = difflib.get_close_matches(str(valor), [str(o) for o in opciones], n=1, cutoff=0.6)
    return f" ¿Quiso decir «{cercanas[0]}»?" if cercanas else ""


def lista_legible(opciones) -> str:
    return ", ".join(f"«{o}»" for o in opciones)


class ErrorPlantilla(Exception):
    """Una plantilla no sirve para el documento (falta, está rota o le falta un estilo)."""


_ERRNO = {
    errno.EACCES: "no hay permiso para usarlo (¿carpeta o archivo de solo lectura?)",
    errno.EPERM: "no hay permiso para usarlo (¿carpeta o archivo de solo lectura?)",
    errno.EROFS: "el disco es de solo lectura",
    errno.ENOENT: "no existe",
    errno.EISDIR: "es una carpeta, no un archivo",
    errno.ENOTDIR: "una parte de la ruta es un archivo, no una carpeta",
    errno.ENOSPC: "no queda espacio en el disco",
    errno.EDQUOT: "se acabó la cuota de disco",
    errno.EFBIG: "el archivo es demasiado grande para el disco",
    errno.ENAMETOOLONG: "el nombre es demasiado largo",
    errno.ELOOP: "hay un ciclo de enlaces simbólicos",
    errno.EEXIST: "ya existe",
    errno.ENOTEMPTY: "la carpeta no está vacía",
    errno.EMFILE: "hay demasiados archivos abiertos",
    errno.ENFILE: "hay demasiados archivos abiertos",
    errno.EIO: "error de lectura o escritura en el disco",
    errno.EBUSY: "el archivo está en uso",
}


def explicar_os(exc: OSError) -> str:
    """Un error del sistema de archivos, en castellano (sin el texto en inglés del sistema)."""
    return _ERRNO.get(exc.errno or 0, f"error del sistema n.º {exc.errno}")


class ErrorEscritura(Exception):
    """No se pudo escribir una salida (disco lleno, solo lectura, una carpeta en su lugar…)."""


def error_de_escritura(exc: OSError, ruta: Path | str) -> ErrorEscritura:
    ruta = Path(exc.filename) if getattr(exc, "filename", None) else Path(ruta)
    return ErrorEscritura(f"no se pudo escribir «{ruta_legible(ruta)}»: {explicar_os(exc)}")


# --------------------------------------------------------------- errores internos
REGISTRO_INTERNO = Path(".sistematiza") / "errores.log"


def error_interno(exc: BaseException, archivo: str, linea: int | None, salida: Path | None) -> Problema:
    """Lo inesperado, como un problema del documento: el detalle va a un registro bajo
    ``salida/`` para quien programa; la persona ve qué pasó, dónde y a quién avisar."""
    detalle = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    donde = ""
    if salida is not None:
        registro = salida / REGISTRO_INTERNO
        try:
            registro.parent.mkdir(parents=True, exist_ok=True)
            with open(registro, "a", encoding="utf-8") as log:
                log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} "
                          f"{archivo}:{linea or 1} (proceso {os.getpid()})\n{detalle}\n")
            donde = f"; el detalle quedó en {ruta_legible(registro)}"
        except OSError:
            donde = ""
    if os.environ.get("SISTEMATIZA_DEPURAR"):
        donde += "\n" + detalle
    return Problema(archivo, linea or 1,
        f"error interno ({type(exc).__name__}): no es un error de lo que usted escribió; "
        f"avise al equipo de sistematiza{donde}")
