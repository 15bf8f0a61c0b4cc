"""Perfil de sistematización (primera fase; semilla 000 §8–9 y el método de Oscar Jara):
objeto, objetivo, eje de sistematización, fuentes de información, procedimiento,
cronograma (tabla de actividades y fechas) y equipo con sus roles.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ..experiencia import Requisitos
from ..modelo import Modelo
from .base import DefSeccion, Documento, TipoDocumento
from .comun import Periodo


class Actividad(Modelo):
    actividad: str = Field(min_length=3)
    inicio: dt.date
    fin: dt.date
    responsable: str | None = None
    producto: str | None = None

    @model_validator(mode="after")
    def _orden(self):
        if self.inicio > self.fin:
            raise ValueError(f"la actividad termina ({self.fin}) antes de empezar ({self.inicio})")
        return self


class Perfil(Modelo):
    tipo: Literal["perfil"]
    fecha: dt.date | None = None
    periodo: Periodo  # cuándo: el tramo de la experiencia que se sistematiza
    cronograma: list[Actividad] = Field(min_length=1)
    pendientes: list[str] = []


class TipoPerfil(TipoDocumento):
    nombre = "perfil"
    descripcion = "perfil de sistematización"
    orden = 30
    objetivo_make = "perfiles"
    ayuda = "El perfil de sistematización: objeto, objetivo, eje, fuentes, procedimiento y cronograma."
    publicacion = "nunca"
    motivo_no_publica = "el perfil es un documento de trabajo de la sistematización"
    modelo = Perfil
    variables = {
        "titulo": "título de la experiencia",
        "lugar": "dónde se llevó a cabo",
        "periodo": "periodo de la experiencia (use | periodo)",
        "servicio": "servicio o unidad",
        "fecha": "fecha del perfil (use | fecha_larga), o nada",
        "secciones": "las cinco secciones; cada una con .numero, .titulo y .contenido. Claves: objeto, objetivo, eje, "
                     "fuentes, procedimiento",
        "numero_cronograma": "número del capítulo del cronograma",
        "numero_equipo": "número del capítulo del equipo",
        "cronograma": "actividades: .numero, .actividad, .inicio y .fin (fechas), .responsable y .producto",
        "equipo": "integrantes: .nombre y .rol",
    }
    requisitos = Requisitos(campos=("titulo", "lugar"), integrantes_minimos=2,
                            datos_integrante=("nombre", "rol"))

    def secciones(self, modelo) -> list[DefSeccion]:
        return [
            DefSeccion("objeto", "Objeto de la sistematización"),
            DefSeccion("objetivo", "Objetivo de la sistematización"),
            DefSeccion("eje", "Eje de sistematización"),
            DefSeccion("fuentes", "Fuentes de información"),
            DefSeccion("procedimiento", "Procedimiento"),
        ]

    def titulo(self, doc: Documento) -> str:
        return doc.experiencia.titulo

    def autor(self, doc: Documento) -> str:
        return "; ".join(i.nombre for i in doc.experiencia.equipo)

    def contexto(self, doc: Documento) -> dict:
        perfil: Perfil = doc.modelo
        exp = doc.experiencia
        secciones = {d.clave: {"numero": i, "titulo": d.titulo, "contenido": doc.secciones[d.clave]}
                     for i, d in enumerate(self.secciones(perfil), start=1)}
        return {
            "titulo": exp.titulo,
            "lugar": exp.lugar,
            "periodo": perfil.periodo,
            "servicio": exp.servicio_o_unidad,
            "fecha": perfil.fecha,
            "secciones": secciones,
            "numero_cronograma": len(secciones) + 1,
            "numero_equipo": len(secciones) + 2,
            "cronograma": [{"numero": i, "actividad": a.actividad,
                            "inicio": a.inicio, "fin": a.fin,
                            "responsable": a.responsable or "—", "producto": a.producto or "—"}
                           for i, a in enumerate(perfil.cronograma, start=1)],
            "equipo": [{"nombre": m.nombre, "rol": m.rol} for m in exp.equipo],
        }


TIPO = TipoPerfil()
