"""Declaración jurada de veracidad y originalidad de la información (semilla 000, §4): la
firman las/os participantes de las experiencias seleccionadas, una cada una/o. El DNI sale de
``dni`` del integrante en experiencia.yml; si no está, queda la línea para escribirlo a mano.
Es un documento personal: nunca se publica."""

from __future__ import annotations

from typing import Literal

from .acompanamiento import VARIABLES_COMUNES, DocumentoAcompanamiento, TipoAcompanamiento


class Declaracion(DocumentoAcompanamiento):
    tipo: Literal["declaracion"]


class TipoDeclaracion(TipoAcompanamiento):
    nombre = "declaracion"
    descripcion = "declaración jurada"
    orden = 26
    objetivo_make = "declaraciones"
    ayuda = "La declaración jurada de veracidad y originalidad, una por participante seleccionada/o."
    modelo = Declaracion
    ventana = "compromiso"  # se firma con la carta de compromiso, al ser admitida/o
    variables = VARIABLES_COMUNES


TIPO = TipoDeclaracion()
