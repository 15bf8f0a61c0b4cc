"""Registro de tipos de documento: el valor de ``tipo:`` en la fuente → su módulo."""

from __future__ import annotations

from . import nota
from .base import Documento, TipoDocumento

TIPOS: dict[str, TipoDocumento] = {
    nota.TIPO.nombre: nota.TIPO,
}

__all__ = ["TIPOS", "Documento", "TipoDocumento"]
