"""Invitación al Programa de Acompañamiento (semilla 000, Tabla N° 2, paso 5): a cada
participante de una experiencia seleccionada en la evaluación de la inscripción, con las fechas
de la inauguración y de las dos fases del acompañamiento, tomadas del cronograma de la edición.
La firma la SGIC."""

from __future__ import annotations

from typing import Literal

from .acompanamiento import VARIABLES_COMUNES, DocumentoAcompanamiento, Firmante, TipoAcompanamiento
from .base import Documento


class Invitacion(DocumentoAcompanamiento):
    tipo: Literal["invitacion"]
    firmante: Firmante


class TipoInvitacion(TipoAcompanamiento):
    nombre = "invitacion"
    descripcion = "invitación al acompañamiento"
    orden = 22
    objetivo_make = "invitaciones"
    ayuda = "La invitación al Programa de Acompañamiento, una por participante de una experiencia seleccionada."
    modelo = Invitacion
    ventana = "invitacion"
    variables = {**VARIABLES_COMUNES, "firmante": "quien firma por la SGIC: .nombre y .cargo"}

    def autor(self, doc: Documento) -> str:
        return doc.modelo.firmante.nombre

    def contexto(self, doc: Documento) -> dict:
        firmante = doc.modelo.firmante
        return {**super().contexto(doc), "firmante": {"nombre": firmante.nombre, "cargo": firmante.cargo}}


TIPO = TipoInvitacion()
