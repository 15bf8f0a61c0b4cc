"""Registro de tipos de documento: el valor de ``tipo:`` en la fuente → su tipo.

Se llena solo, con las clases de los módulos de esta carpeta que declaran ``nombre`` (los que
lista ``pipeline/registro.py`` leyendo su código): agregar un tipo es agregar su módulo.
"""

from __future__ import annotations

import importlib

from ..registro import tipos as declaraciones
from .base import Documento, Reglas, TipoDocumento


def _registrar() -> dict[str, TipoDocumento]:
    tipos: dict[str, TipoDocumento] = {}
    for declaracion in declaraciones():
        clase = getattr(importlib.import_module(declaracion.modulo), declaracion.clase)
        assert issubclass(clase, TipoDocumento) and clase.nombre == declaracion.nombre, declaracion
        tipos[declaracion.nombre] = clase()
    return tipos


TIPOS: dict[str, TipoDocumento] = _registrar()

__all__ = ["TIPOS", "Documento", "Reglas", "TipoDocumento"]
