"""Revisión de imágenes antes de usarlas: que sean de verdad PNG, JPG o GIF, legibles, y de un
tamaño razonable (``pipeline/limites.py``). Una imagen que no cumple es un error con su línea,
no un fallo de WeasyPrint o de Word a mitad del documento."""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

from . import limites
from .errores import explicar_os

FORMATOS = {"PNG": "PNG", "JPEG": "JPG", "GIF": "GIF"}


def revisar(ruta: Path) -> str | None:
    """None si la imagen sirve; si no, qué le pasa, en castellano."""
    try:
        estado = ruta.stat()
    except OSError as exc:
        return f"no se puede leer: {explicar_os(exc)}"
    return _revisar(str(ruta.resolve()), estado.st_size, estado.st_mtime_ns)


@lru_cache(maxsize=256)
def _revisar(ruta: str, tamano: int, _modificada: int) -> str | None:
    from PIL import Image, ImageFile, UnidentifiedImageError

    if tamano > limites.BYTES_IMAGEN:
        return (f"pesa {tamano / limites.MIB:.1f} MiB y el máximo es "
                f"{limites.BYTES_IMAGEN // limites.MIB} MiB; redúzcala")
    tolerante = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint lo activa para todo el proceso
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(ruta) as imagen:
                if imagen.format not in FORMATOS:
                    return f"es una imagen {imagen.format}; use PNG, JPG o GIF"
                ancho, alto = imagen.size
                if ancho * alto > limites.PIXELES_IMAGEN:
                    return (f"mide {ancho} × {alto} píxeles ({ancho * alto / 1e6:.0f} megapíxeles) y "
                            f"el máximo es {limites.PIXELES_IMAGEN / 1e6:.0f} megapíxeles; redúzcala")
                if imagen.format == "JPEG":
                    imagen.draft("RGB", (max(1, ancho // 8), max(1, alto // 8)))
                imagen.load()  # la decodifica: una imagen dañada o incompleta se nota aquí
    except UnidentifiedImageError:
        return ("no es una imagen PNG, JPG ni GIF (¿el archivo está dañado, o es otra cosa "
                "con esa extensión?)")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (f"es demasiado grande (más de {limites.PIXELES_IMAGEN / 1e6:.0f} megapíxeles); "
                "redúzcala")
    except OSError as exc:
        if exc.errno is not None:
            return f"no se puede leer: {explicar_os(exc)}"
        return "la imagen está dañada o incompleta; vuelva a guardarla desde su programa de imágenes"
    except (SyntaxError, ValueError, EOFError, MemoryError):
        return "la imagen está dañada o incompleta; vuelva a guardarla desde su programa de imágenes"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerante
    return None
