"""Carta de compromiso (semilla 000, Tabla N° 2, paso 6): la firma cada profesional admitida/o
al Programa de Acompañamiento. Dice lo que las bases le piden (§3): un rol concreto y
verificable en la sistematización, invertir los tiempos que asigna la SGIC y participar en
coordinación con su servicio o unidad; y los plazos de las dos fases, del cronograma."""

from __future__ import annotations

from typing import Literal

from .acompanamiento import VARIABLES_COMUNES, DocumentoAcompanamiento, TipoAcompanamiento


class Compromiso(DocumentoAcompanamiento):
    tipo: Literal["compromiso"]


class TipoCompromiso(TipoAcompanamiento):
    nombre = "compromiso"
    descripcion = "carta de compromiso"
    orden = 24
    objetivo_make = "compromisos"
    ayuda = "La carta de compromiso que firma cada participante admitida/o al acompañamiento."
    modelo = Compromiso
    ventana = "compromiso"
    variables = VARIABLES_COMUNES


TIPO = TipoCompromiso()
