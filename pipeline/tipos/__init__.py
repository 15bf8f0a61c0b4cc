"""Registro de tipos de documento: el valor de ``tipo:`` en la fuente → su módulo."""

from __future__ import annotations

from . import (acta, carta, diagnostico, evaluacion, ficha, informe, nota, ordenanza, perfil,
               plan_trabajo, seguimiento)
from .base import Documento, TipoDocumento

TIPOS: dict[str, TipoDocumento] = {
    t.nombre: t for t in (ficha.TIPO, evaluacion.TIPO, perfil.TIPO, informe.TIPO, nota.TIPO,
                          carta.TIPO, ordenanza.TIPO, acta.TIPO, plan_trabajo.TIPO,
                          diagnostico.TIPO, seguimiento.TIPO)
}

from ..registro import NOMBRES

assert tuple(TIPOS) == NOMBRES, "pipeline/registro.py debe listar los mismos tipos"

__all__ = ["TIPOS", "Documento", "TipoDocumento"]
