"""Evaluación de la experiencia por la SGIC (semilla 000: Tabla N° 1, §5 y §7).

Cada uno de los seis criterios lleva su pregunta guía, el juicio de quien evalúa y la
evidencia. La categoría resultante **se calcula** con las reglas de las bases, nunca se
escribe a mano, y el documento dice la recomendación que las bases le asocian:

- Evaluación de la inscripción (§7): cumple al menos un criterio → «Experiencia destacada con
  potencial de buena práctica»; ninguno, pero con ingenio y buena iniciativa → «Experiencia con
  buena iniciativa»; ninguno → «Experiencia cotidiana».
- Evaluación del informe de sistematización (§5 y §7: la categoría de buena práctica se obtiene
  al final del proceso): los seis → «Buena práctica»; al menos uno → «Experiencia destacada».
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, create_model, field_validator, model_validator

from ..corpus import Corpus
from ..errores import AVISO, Problema
from ..experiencia import Requisitos
from ..modelo import Modelo
from ..vocabularios import (
    BUENA_INICIATIVA,
    BUENA_PRACTICA,
    COTIDIANA,
    CRITERIOS,
    DESTACADA_CON_POTENCIAL,
    EXPERIENCIA_DESTACADA,
    FASES_EVALUACION,
    CategoriaEvaluacion,
    elegir,
)
from .base import Documento, Reglas, TipoDocumento
from .comun import parrafos

FASE_FINAL = FASES_EVALUACION[1].valor


class Juicio(Modelo):
    cumple: bool
    juicio: str = Field(min_length=10)
    evidencia: str | None = None

    @model_validator(mode="after")
    def _evidencia(self):
        if self.cumple and not self.evidencia:
            raise ValueError("un criterio que se cumple debe indicar su «evidencia», verificable "
                             "y comprobable (bases §5)")
        return self


# Un campo por criterio, en el orden de la Tabla N° 1: todos obligatorios.
Criterios: Any = create_model("Criterios", __base__=Modelo,  # type: ignore[call-overload]
                              **{c.clave: (Juicio, ...) for c in CRITERIOS})


class Evaluacion(Modelo):
    tipo: Literal["evaluacion"]
    fase: str = FASES_EVALUACION[0].valor
    fecha: dt.date
    evaluadores: list[str] = Field(min_length=1)
    criterios: Criterios
    buena_iniciativa: bool = False  # se aprecia ingenio y buena iniciativa (§7)
    observaciones: str | None = None

    @field_validator("fase", mode="before")
    @classmethod
    def _fase(cls, v):
        return elegir(v, FASES_EVALUACION)

    @property
    def cumplidos(self) -> list[str]:
        return [c.nombre for c in CRITERIOS if getattr(self.criterios, c.clave).cumple]

    @property
    def categoria(self) -> CategoriaEvaluacion:
        """La categoría que resulta de los criterios, según las bases."""
        cumplidos = len(self.cumplidos)
        if self.fase == FASE_FINAL and cumplidos == len(CRITERIOS):
            return BUENA_PRACTICA
        if cumplidos:
            return EXPERIENCIA_DESTACADA if self.fase == FASE_FINAL else DESTACADA_CON_POTENCIAL
        return BUENA_INICIATIVA if self.buena_iniciativa else COTIDIANA


class TipoEvaluacion(TipoDocumento):
    nombre = "evaluacion"
    descripcion = "evaluación de la experiencia"
    orden = 20
    objetivo_make = "evaluaciones"
    ayuda = "La evaluación de la SGIC con los seis criterios; la categoría se calcula."
    publicacion = "nunca"
    motivo_no_publica = "la evaluación es un documento interno de la SGIC"
    modelo = Evaluacion
    variables = {
        "titulo": "título de la experiencia",
        "categoria_postulada": "categoría con que se inscribió (Prevención, Atención…)",
        "servicio": "servicio o unidad",
        "region": "región",
        "equipo": "integrantes: .nombre y .rol",
        "fase": "fase de la evaluación",
        "fecha": "fecha de la evaluación (use | fecha_larga)",
        "evaluadores": "quienes evaluaron, separados por comas",
        "criterios": "los seis criterios; cada uno con .nombre, .pregunta, .palabras_clave, .cumple («Sí» o «No»), "
                     ".juicio y .evidencia",
        "cumplidos": "cuántos criterios se cumplen",
        "total_criterios": "cuántos criterios hay (6)",
        "resultado": "categoría que resulta de la evaluación",
        "aprobada": "verdadero si el resultado da carta y nota",
        "observaciones": "observaciones (texto con formato, o nada)",
    }
    requisitos = Requisitos(campos=("titulo", "categoria", "region"), integrantes_minimos=2,
                            datos_integrante=("nombre", "rol"), unidad=True)

    def titulo(self, doc: Documento) -> str:
        return f"Evaluación: {doc.experiencia.titulo}"

    def autor(self, doc: Documento) -> str:
        return "; ".join(doc.modelo.evaluadores)

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        if doc.modelo.buena_iniciativa and doc.modelo.cumplidos:
            return Reglas([doc.fuente.problema(("buena_iniciativa",),
                "«buena_iniciativa» solo cuenta cuando no se cumple ningún criterio; aquí se cumplen "
                f"{len(doc.modelo.cumplidos)} y no cambia el resultado", nivel=AVISO)])
        return Reglas()

    def contexto(self, doc: Documento) -> dict:
        ev: Evaluacion = doc.modelo
        exp = doc.experiencia
        criterios = []
        for c in CRITERIOS:
            j = getattr(ev.criterios, c.clave)
            criterios.append({"nombre": c.nombre, "pregunta": c.pregunta,
                              "palabras_clave": c.palabras_clave,
                              "cumple": "Sí" if j.cumple else "No",
                              "juicio": j.juicio, "evidencia": j.evidencia or "—"})
        categoria = ev.categoria
        return {
            "titulo": exp.titulo,
            "categoria_postulada": exp.categoria,
            "servicio": exp.servicio_o_unidad,
            "region": exp.region,
            "equipo": [{"nombre": m.nombre, "rol": m.rol} for m in exp.equipo],
            "fase": ev.fase,
            "fecha": ev.fecha,
            "evaluadores": ", ".join(ev.evaluadores),
            "criterios": criterios,
            "cumplidos": len(ev.cumplidos),
            "total_criterios": len(CRITERIOS),
            "resultado": categoria.nombre,
            "aprobada": categoria.aprobada,
            "observaciones": parrafos(ev.observaciones) if ev.observaciones else None,
        }


TIPO = TipoEvaluacion()


def evaluacion_de_la_carpeta(doc: Documento, corpus: Corpus) -> tuple[Evaluacion | None, set[str]]:
    """La evaluación de la experiencia de ``doc`` (una fuente «tipo: evaluacion» de su misma
    carpeta, del corpus), validada, o None; y de qué depende la respuesta: de las fuentes de la
    carpeta (una evaluación nueva o cambiada rehace el documento)."""
    from ..errores import ErrorFuente

    fuente = doc.fuente
    dependencias = {f"md:{fuente.carpeta.resolve()}"}
    candidatas = corpus.en_carpeta(fuente.carpeta, "evaluacion", excepto=fuente.ruta)
    if not candidatas:
        return None, dependencias
    dependencias |= candidatas[-1].dependencias
    try:
        return TIPO.validar(candidatas[-1], doc.plantillas, corpus).modelo, dependencias
    except ErrorFuente as exc:
        raise ErrorFuente([Problema(fuente.archivo, 1,
            f"la evaluación {candidatas[-1].archivo} tiene errores; corríjala primero")]
            + exc.problemas) from None
