"""Carta de felicitación (semilla 000 §10): una carta para cada integrante del equipo de una
experiencia que la evaluación aprueba (buena práctica o experiencia destacada). Para una que no
aprueba, la construcción se niega y dice por qué.

La carta lee la evaluación de su carpeta (``evaluacion.md``): el resultado no se escribe dos veces.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..corpus import Corpus
from ..errores import ErrorFuente, Problema
from ..experiencia import Requisitos
from ..modelo import Modelo
from ..vocabularios import CRITERIOS
from .base import Documento, Reglas, TipoDocumento
from .evaluacion import evaluacion_de_la_carpeta

_NUMERO = re.compile(r"^(\d{1,4})-(\d{4})-([A-Z0-9][A-Z0-9/-]*[A-Z0-9])$")


class Firmante(Modelo):
    nombre: str = Field(min_length=3)
    cargo: str = Field(min_length=3)


class Carta(Modelo):
    tipo: Literal["carta"]
    numero: str  # «015-2024-MIMP-AURORA-UPPM»: se imprime «CARTA N° 015-2024-MIMP-AURORA-UPPM»
    fecha: dt.date
    ciudad: str = "Lima"  # donde se firma: «Lima, 12 de diciembre de 2024»
    edicion: int | None = Field(default=None, ge=2018, le=2100)  # de la convocatoria; por omisión, el año
    firmante: Firmante

    @field_validator("numero", mode="before")
    @classmethod
    def _numero(cls, v):
        texto = re.sub(r"^\s*(carta\s*)?n\s*[°º.]*\s*", "", str(v), flags=re.IGNORECASE).strip()
        m = _NUMERO.match(texto.upper())
        if not m:
            raise ValueError(f"«{v}» no es un número de carta; escriba correlativo, año y siglas "
                             "separados por guiones, entre comillas: \"015-2024-MIMP-AURORA-UPPM\"")
        return f"{int(m.group(1)):03d}-{m.group(2)}-{m.group(3)}"

    @model_validator(mode="after")
    def _anio(self):
        if int(self.numero.split("-")[1]) != self.fecha.year:
            raise ValueError(f"el año del número ({self.numero.split('-')[1]}) no es el de la fecha "
                             f"({self.fecha.year})")
        return self


class TipoCarta(TipoDocumento):
    nombre = "carta"
    descripcion = "carta de felicitación"
    orden = 60
    objetivo_make = "cartas"
    ayuda = "La carta de felicitación, una por integrante, si la evaluación aprueba."
    publicacion = "nunca"
    motivo_no_publica = "las cartas son personales"
    modelo = Carta
    variables = {
        "encabezado": "líneas oficiales: .decenio y .anio (nombre oficial del año)",
        "numero": "número de la carta, ya escrito: «CARTA N° 015-2024-MIMP-AURORA-UPPM»",
        "ciudad": "ciudad donde se firma",
        "fecha": "fecha de la carta (use | fecha_larga)",
        "destinatarios": "una carta por integrante; cada uno con .nombre, .tratamiento (Señora / Señor), .saludo "
                         "(Estimada / Estimado) y .felicitada (felicitarla / felicitarlo)",
        "servicio": "servicio o unidad de la experiencia",
        "titulo": "título de la experiencia",
        "categoria": "resultado de la evaluación: «Buena práctica»…",
        "edicion": "año de la convocatoria",
        "firmante": "quien firma: .nombre y .cargo",
    }
    requisitos = Requisitos(campos=("titulo",), integrantes_minimos=1)

    def titulo(self, doc: Documento) -> str:
        return f"Carta de felicitación: {doc.experiencia.titulo}"

    def autor(self, doc: Documento) -> str:
        return doc.modelo.firmante.nombre

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        from ..institucional import encabezado_oficial

        evaluacion, dependencias = evaluacion_de_la_carpeta(doc, corpus)
        if evaluacion is None:
            raise ErrorFuente([Problema(doc.fuente.archivo, 1,
                "la carta necesita la evaluación de la experiencia: falta una fuente con "
                "«tipo: evaluacion» en esta carpeta")])
        categoria = evaluacion.categoria
        valores = {"evaluacion": evaluacion,
                   "encabezado": encabezado_oficial(doc.plantillas, doc.modelo.fecha.year,
                                                    doc.fuente.archivo,
                                                    doc.fuente.origen(("fecha",)).linea)}
        if not categoria.aprobada:
            return Reglas([Problema(doc.fuente.archivo, 1,
                f"la experiencia fue evaluada como «{categoria.nombre}» ({len(evaluacion.cumplidos)} "
                f"de {len(CRITERIOS)} criterios): la carta de felicitación es solo para quienes "
                "aprueban como buena práctica o experiencia destacada (bases §10); no se genera")])
        return Reglas(valores=valores, dependencias=dependencias)

    def contexto(self, doc: Documento) -> dict:
        carta: Carta = doc.modelo
        exp = doc.experiencia
        evaluacion = doc.valores["evaluacion"]
        destinatarios = []
        for m in exp.equipo:
            mujer, hombre = m.sexo == "Mujer", m.sexo == "Hombre"
            destinatarios.append({
                "nombre": m.nombre,
                "tratamiento": "Señora" if mujer else "Señor" if hombre else "Señora/Señor",
                "saludo": "Estimada" if mujer else "Estimado" if hombre else "Estimada/o",
                "felicitada": "felicitarla" if mujer else "felicitarlo" if hombre else "felicitarla/o",
            })
        return {
            "encabezado": doc.valores["encabezado"],
            "numero": f"CARTA N° {carta.numero}",
            "ciudad": carta.ciudad,
            "fecha": carta.fecha,
            "destinatarios": destinatarios,
            "servicio": exp.servicio_o_unidad,
            "titulo": exp.titulo,
            "categoria": evaluacion.categoria.nombre,
            "edicion": carta.edicion or carta.fecha.year,
            "firmante": {"nombre": carta.firmante.nombre, "cargo": carta.firmante.cargo},
        }


TIPO = TipoCarta()
