"""El recinto: qué carpetas se pueden leer y escribir.

Se lee solo dentro de la carpeta de contenido (las fuentes, sus datos y los archivos que
nombran), de ``plantillas/`` y de la carpeta de cada documento; se escribe solo dentro de
``salida/``. Las rutas se comparan ya resueltas, así que un enlace simbólico que apunta afuera
cuenta como afuera. Los nombres que da una persona (``--nombre``) se vuelven nombres de
archivo seguros o son un error.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errores import ErrorEscritura, ErrorFuente, Problema, ruta_legible


def dentro(ruta: Path, raiz: Path) -> bool:
    """¿``ruta``, siguiendo los enlaces simbólicos, está dentro de ``raiz`` (o es ella)?"""
    try:
        real, base = ruta.resolve(), raiz.resolve()
    except (OSError, RuntimeError, ValueError):  # un ciclo de enlaces, un carácter nulo
        return False
    return real == base or base in real.parents


def exigir_dentro(ruta: Path, raiz: Path, que: str = "el archivo") -> None:
    """Error de la fuente si ``ruta`` sale de ``raiz`` (también por un enlace simbólico)."""
    if not dentro(ruta, raiz):
        raise ErrorFuente([Problema(ruta_legible(ruta), None,
            f"{que} está fuera de la carpeta «{ruta_legible(raiz)}» (o es un enlace a un "
            "archivo de fuera): no se lee. Copie el archivo dentro de la carpeta")])


def exigir_salida(ruta: Path, salida: Path) -> None:
    """Nada se escribe fuera de ``salida`` (tampoco por una carpeta que sea un enlace)."""
    if not dentro(ruta.parent, salida):
        raise ErrorEscritura(f"no se escribe «{ruta_legible(ruta)}»: queda fuera de la carpeta de "
                             f"salida «{ruta_legible(salida)}» (¿una carpeta de salida es un enlace "
                             "a otro lugar?)")


def nombre_archivo(texto: str) -> str:
    """«Daniel Alomía Robles» → «daniel-alomia-robles» (solo a–z, 0–9 y guiones)."""
    sin_tildes = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", sin_tildes.lower()).strip("-") or "documento"


NOMBRE_SEGURO = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def es_nombre_seguro(nombre: str) -> bool:
    return bool(NOMBRE_SEGURO.fullmatch(nombre)) and len(nombre) <= 100
