"""Registro de tipos de documento: el valor de ``tipo:`` en la fuente → su tipo.

Se llena solo, con las clases de los módulos de esta carpeta que declaran ``nombre`` (los que
lista ``pipeline/registro.py`` leyendo su código): agregar un tipo es agregar su módulo.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from ..registro import tipos as declaraciones
from .base import Documento, Reglas, TipoDocumento


class _Tipos(Mapping[str, TipoDocumento]):
    """Los tipos, por nombre. Sus nombres salen de las declaraciones (sin importar nada); el
    módulo de un tipo se importa la primera vez que se lo pide: construir notas no carga los
    modelos de las ordenanzas ni de las actas (cada proceso empieza antes)."""

    def __init__(self) -> None:
        self._declarados = {d.nombre: d for d in declaraciones()}
        self._cargados: dict[str, TipoDocumento] = {}

    def __getitem__(self, nombre: str) -> TipoDocumento:
        tipo = self._cargados.get(nombre)
        if tipo is None:
            declaracion = self._declarados[nombre]
            clase = getattr(importlib.import_module(declaracion.modulo), declaracion.clase)
            assert issubclass(clase, TipoDocumento) and clase.nombre == declaracion.nombre, declaracion
            tipo = self._cargados[nombre] = clase()
        return tipo

    def __contains__(self, nombre: object) -> bool:
        return nombre in self._declarados

    def __iter__(self) -> Iterator[str]:
        return iter(self._declarados)

    def __len__(self) -> int:
        return len(self._declarados)


TIPOS: Mapping[str, TipoDocumento] = _Tipos()

__all__ = ["TIPOS", "Documento", "Reglas", "TipoDocumento"]
