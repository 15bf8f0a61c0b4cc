"""Evaluación de la experiencia por la SGIC (semilla 000: Tabla N° 1, §5, §7 y §10).

Hay tres, una por fase del ciclo (``fase``: inscripción, perfil, informe). Cada uno de los seis
criterios lleva su descripción, su pregunta guía y sus palabras clave (Tabla N° 1), el juicio
de quien evalúa y la evidencia. El resultado **se calcula**, nunca se escribe a mano: lo da la
tabla de resultados de la edición de la convocatoria (``plantillas/convocatoria/<edición>.yml``)
con los criterios que se cumplen y, si ninguno, con la buena iniciativa. El documento dice el
consejo que corresponde a esa fase y ese resultado, y lleva las firmas de quienes evaluaron.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, create_model, model_validator

from ..corpus import Corpus
from ..errores import AVISO, Problema
from ..experiencia import Requisitos
from ..modelo import Modelo
from ..vocabularios import CRITERIOS
from .base import Documento, Reglas, TipoDocumento
from .comun import parrafos


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
    fase: str  # inscripción, perfil o informe (las de plantillas/convocatoria/<edición>.yml)
    fecha: dt.date
    evaluadores: list[str] = Field(min_length=1)
    criterios: Criterios
    buena_iniciativa: bool = False  # se aprecia ingenio y buena iniciativa (§7)
    observaciones: str | None = None

    @property
    def cumplidos(self) -> list[str]:
        return [c.nombre for c in CRITERIOS if getattr(self.criterios, c.clave).cumple]


class TipoEvaluacion(TipoDocumento):
    nombre = "evaluacion"
    descripcion = "evaluación de la experiencia"
    orden = 20
    objetivo_make = "evaluaciones"
    ayuda = "Las evaluaciones de la SGIC (inscripción, perfil, informe): el resultado se calcula."
    publicacion = "nunca"
    motivo_no_publica = "la evaluación es un documento interno de la SGIC"
    modelo = Evaluacion
    variables = {
        "titulo": "título de la experiencia",
        "categoria_postulada": "categoría con que se inscribió (Prevención, Atención…)",
        "servicio": "servicio o unidad",
        "region": "región",
        "equipo": "integrantes: .nombre y .rol",
        "convocatoria": "la convocatoria: .nombre y .edicion",
        "fase": "fase de la evaluación: «Inscripción», «Perfil de sistematización» o «Informe de sistematización»",
        "fecha": "fecha de la evaluación (use | fecha_larga)",
        "evaluadores": "quienes evaluaron, separados por comas",
        "firmas": "quienes evaluaron, uno por firma (lista de nombres)",
        "criterios": "los seis criterios (Tabla N° 1); cada uno con .nombre, .descripcion, .pregunta, "
                     ".palabras_clave, .cumple («Sí» o «No»), .juicio y .evidencia",
        "cumplidos": "cuántos criterios se cumplen",
        "total_criterios": "cuántos criterios hay (6)",
        "resultado": "resultado de la evaluación (la categoría de la experiencia en esta fase)",
        "descripcion_resultado": "qué significa ese resultado, según las bases",
        "consejo": "lo que sigue de ese resultado en esta fase (de plantillas/convocatoria/)",
        "aprobada": "verdadero si el resultado da carta de felicitación",
        "observaciones": "observaciones (texto con formato, o nada)",
    }
    requisitos = Requisitos(campos=("titulo", "categoria", "region", "edicion"), integrantes_minimos=2,
                            datos_integrante=("nombre", "rol"), unidad=True)

    def titulo(self, doc: Documento) -> str:
        return f"Evaluación ({doc.valores['evaluada'].fase.nombre.lower()}): {doc.experiencia.titulo}"

    def autor(self, doc: Documento) -> str:
        return "; ".join(doc.modelo.evaluadores)

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        from ..ciclo import ciclo_de, convocatoria_de, fase_de
        from ..errores import ErrorFuente

        fuente, ev = doc.fuente, doc.modelo
        convocatoria = convocatoria_de(fuente, doc.plantillas)
        try:
            fase = fase_de(ev.fase, convocatoria)
        except ValueError as exc:
            raise ErrorFuente([fuente.problema(("fase",), str(exc))]) from None
        ciclo = ciclo_de(fuente, doc.plantillas, corpus)
        propia = next(e for e in ciclo.evaluaciones if e.fuente.ruta == fuente.ruta)
        problemas = [p for p in ciclo.problemas if p.archivo == fuente.archivo]
        problemas += self._fechas(doc, convocatoria, fase, corpus)
        if ev.buena_iniciativa and propia.cumplidos:
            problemas.append(fuente.problema(("buena_iniciativa",),
                "«buena_iniciativa» solo cuenta cuando no se cumple ningún criterio; aquí se cumplen "
                f"{propia.cumplidos} y no cambia el resultado", nivel=AVISO))
        return Reglas(problemas, valores={"evaluada": propia, "convocatoria": convocatoria},
                      dependencias=ciclo.dependencias)

    def _fechas(self, doc: Documento, convocatoria, fase, corpus: Corpus) -> list[Problema]:
        """Imposible: antes de abrir la inscripción, o antes de la ficha. Tardía o adelantada:
        fuera de las fechas que el cronograma da a la evaluación de esa fase."""
        from .. import formato
        from ..ciclo import fecha_de_la_ficha

        fuente, fecha = doc.fuente, doc.modelo.fecha
        problemas = []
        apertura = convocatoria.actividad("inscripcion") or next(iter(convocatoria.cronograma.values()))
        ficha = fecha_de_la_ficha(fuente.carpeta, corpus)
        if fecha < apertura.desde:
            problemas.append(fuente.problema(("fecha",),
                f"la evaluación ({formato.fecha(fecha)}) es anterior a la apertura de la inscripción de la "
                f"convocatoria {convocatoria.edicion} ({formato.fecha(apertura.desde)})"))
        elif ficha and fecha < ficha:
            problemas.append(fuente.problema(("fecha",),
                f"la evaluación ({formato.fecha(fecha)}) es anterior a la ficha de inscripción "
                f"({formato.fecha(ficha)})"))
        ventana = convocatoria.actividad(fase.ventana)
        if ventana and not problemas and not ventana.desde <= fecha <= ventana.hasta:
            cuando = "tardía" if fecha > ventana.hasta else "adelantada"
            problemas.append(fuente.problema(("fecha",),
                f"evaluación {cuando}: el cronograma de la convocatoria {convocatoria.edicion} evalúa la fase "
                f"«{fase.nombre}» {ventana.periodo} (Tabla N° 2, paso {ventana.numero})", nivel=AVISO))
        return problemas

    def contexto(self, doc: Documento) -> dict:
        ev: Evaluacion = doc.modelo
        exp = doc.experiencia
        evaluada, convocatoria = doc.valores["evaluada"], doc.valores["convocatoria"]
        criterios = []
        for c in CRITERIOS:
            j = getattr(ev.criterios, c.clave)
            criterios.append({"nombre": c.nombre, "descripcion": c.descripcion, "pregunta": c.pregunta,
                              "palabras_clave": c.palabras_clave,
                              "cumple": "Sí" if j.cumple else "No",
                              "juicio": j.juicio, "evidencia": j.evidencia or "—"})
        resultado = evaluada.resultado
        return {
            "titulo": exp.titulo,
            "categoria_postulada": exp.categoria,
            "servicio": exp.servicio_o_unidad,
            "region": exp.region,
            "equipo": [{"nombre": m.nombre, "rol": m.rol} for m in exp.equipo],
            "convocatoria": {"nombre": convocatoria.nombre, "edicion": convocatoria.edicion},
            "fase": evaluada.fase.nombre,
            "fecha": ev.fecha,
            "evaluadores": ", ".join(ev.evaluadores),
            "firmas": list(ev.evaluadores),
            "criterios": criterios,
            "cumplidos": evaluada.cumplidos,
            "total_criterios": len(CRITERIOS),
            "resultado": resultado.resultado,
            "descripcion_resultado": resultado.descripcion,
            "consejo": resultado.consejo,
            "aprobada": resultado.aprobada,
            "observaciones": parrafos(ev.observaciones) if ev.observaciones else None,
        }


TIPO = TipoEvaluacion()
