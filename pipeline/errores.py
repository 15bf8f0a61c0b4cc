"""Problemas encontrados en las fuentes o plantillas, con archivo, línea y campo.

Todo mensaje que ve una persona usuaria sale de aquí, en castellano, con la forma
``archivo:línea: campo «x»: mensaje``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
AVISO = "aviso"


def ruta_legible(ruta: Path | str) -> str:
    """La ruta relativa al directorio actual si cabe; si no, la absoluta."""
    ruta = Path(ruta)
    try:
        return str(ruta.resolve().relative_to(Path.cwd().resolve()))
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


def sugerencia(valor: str, opciones) -> str:
    """' ¿Quiso decir «x»?' si hay una opción parecida; si no, cadena vacía."""
    cercanas = difflib.get_close_matches(str(valor), [str(o) for o in opciones], n=1, cutoff=0.6)
    return f" ¿Quiso decir «{cercanas[0]}»?" if cercanas else ""


def lista_legible(opciones) -> str:
    return ", ".join(f"«{o}»" for o in opciones)


class ErrorPlantilla(Exception):
    """Una plantilla no sirve para el documento (falta, está rota o le falta un estilo)."""
