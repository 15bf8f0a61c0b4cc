"""Registro de tipos de documento: el valor de ``tipo:`` en la fuente → su módulo."""

from __future__ import annotations

from . import carta, evaluacion, ficha, informe, nota, perfil
from .base import Documento, TipoDocumento

TIPOS: dict[str, TipoDocumento] = {
    t.nombre: t for t in (ficha.TIPO, evaluacion.TIPO, perfil.TIPO, informe.TIPO, nota.TIPO,
                          carta.TIPO)
}

__all__ = ["TIPOS", "Documento", "TipoDocumento"]
