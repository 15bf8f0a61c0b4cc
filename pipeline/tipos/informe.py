"""Informe de sistematización, con la estructura del informe modelo (semilla 002):
portada (título, autoría, servicio, periodo), índice, horizonte geográfico y temporal,
metodología, la experiencia (problema, estrategias, línea de tiempo), resultados por grupo
de actores, lecciones aprendidas, recomendaciones, la experiencia en la actualidad y evidencias.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from ..corpus import Corpus
from ..errores import AVISO, Problema
from ..experiencia import Requisitos
from ..modelo import Modelo
from ..publicacion import Decision
from .base import DefSeccion, Documento, Reglas, TipoDocumento
from .comun import Periodo, fecha_parcial, lista


class Hito(Modelo):
    fecha: str
    hito: str = Field(min_length=3)

    _fecha = field_validator("fecha", mode="before")(classmethod(lambda cls, v: fecha_parcial(v)))


class Informe(Modelo):
    tipo: Literal["informe"]
    periodo: Periodo
    autores: list[str] = []  # si no se escribe: los integrantes del equipo
    fecha: dt.date | None = None
    linea_de_tiempo: list[Hito] = []
    pendientes: list[str] = []


class TipoInforme(TipoDocumento):
    nombre = "informe"
    descripcion = "informe de sistematización"
    orden = 40
    objetivo_make = "informes"
    ayuda = "El informe de sistematización, con portada, índice y línea de tiempo."
    coar = "http://purl.org/coar/resource_type/c_18ws"
    publicacion = "segun_evaluacion"
    publica_con = ("Buena práctica",)
    modelo = Informe
    variables = {
        "titulo": "título de la experiencia",
        "autores": "autoría (lista de nombres)",
        "servicio": "servicio o unidad",
        "periodo": "periodo de la experiencia (use | periodo)",
        "fecha": "año del informe, o nada",
        "indice": "el índice: las secciones presentes, con .numero, .titulo, .ancla (HTML) y .marcador (Word)",
        "secciones": "las secciones por clave (las opcionales, nada si faltan): .numero, .titulo, .ancla "
                     "(el id en HTML), .marcador (el marcador de Word, «_Toc_<clave>») y .contenido",
        "linea_de_tiempo": "los hitos: .fecha (use | fecha_parcial) y .hito",
        "evidencias_ficha": "las evidencias de la ficha (lista con formato), si el informe no trae su sección",
    }
    requisitos = Requisitos(campos=("titulo",), unidad=True)

    def secciones(self, modelo) -> list[DefSeccion]:
        return [
            DefSeccion("horizonte", "Horizonte geográfico y temporal"),
            DefSeccion("metodologia", "Metodología de la sistematización"),
            DefSeccion("experiencia", "La experiencia", subsecciones=("El problema", "Estrategias")),
            DefSeccion("resultados", "Resultados"),
            DefSeccion("lecciones", "Lecciones aprendidas"),
            DefSeccion("recomendaciones", "Recomendaciones"),
            DefSeccion("actualidad", "La experiencia en la actualidad", obligatoria=False),
            DefSeccion("evidencias", "Evidencias", obligatoria=False),
        ]

    def titulo(self, doc: Documento) -> str:
        return doc.experiencia.titulo

    def autores(self, doc: Documento) -> list[str]:
        return doc.modelo.autores or [m.nombre for m in doc.experiencia.equipo]

    def autor(self, doc: Documento) -> str:
        return "; ".join(self.autores(doc))

    def decidir_con_evaluacion(self, doc: Documento, categoria) -> Decision:
        if categoria.nombre in self.publica_con:
            return Decision(True, "la evaluación la hace buena práctica")
        return Decision(False, f"el informe se publica solo para las buenas prácticas; la evaluación "
                               f"dice «{categoria.nombre}» (bases §10)")

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        fuente, informe, problemas = doc.fuente, doc.modelo, []
        if not self.autores(doc):
            problemas.append(fuente.problema(("autores",),
                "el informe no tiene autoría: escriba «autores» o los integrantes del «equipo» en "
                "experiencia.yml"))
        grupos = [el for el in doc.secciones["resultados"].raiz if el.tag == "h3"]
        if not grupos:
            problemas.append(Problema(fuente.archivo, doc.lineas_titulo["resultados"],
                "agrupe los resultados por grupo de actores, cada uno con su subtítulo «### …» "
                "(por ejemplo «### Miembros de la Instancia de Concertación»), como el informe "
                "modelo"))
        fechas = [h.fecha for h in informe.linea_de_tiempo]
        if fechas != sorted(fechas):
            i = next(i for i in range(1, len(fechas)) if fechas[i] < fechas[i - 1])
            problemas.append(fuente.problema(("linea_de_tiempo", i),
                f"la línea de tiempo debe ir en orden de fechas: {fechas[i]} va antes que "
                f"{fechas[i - 1]}"))
        if not informe.linea_de_tiempo:
            problemas.append(Problema(fuente.archivo, fuente.origen(("tipo",)).linea,
                "la línea de tiempo está vacía: agregue «linea_de_tiempo» con los hitos y sus "
                "fechas", nivel=AVISO))
        if "evidencias" not in doc.secciones and not doc.experiencia.evidencias:
            problemas.append(Problema(fuente.archivo, fuente.origen(("tipo",)).linea,
                "el informe no tiene evidencias: agregue la sección «## Evidencias» o la lista "
                "«evidencias» en experiencia.yml", nivel=AVISO))
        return Reglas(problemas)

    def contexto(self, doc: Documento) -> dict:
        informe: Informe = doc.modelo
        exp = doc.experiencia
        todas = self.secciones(informe)
        presentes = [d for d in todas
                     if d.clave in doc.secciones or (d.clave == "evidencias" and exp.evidencias)]
        # todas las claves existen (None si la sección opcional no está): la plantilla pregunta
        secciones: dict = {d.clave: None for d in todas}
        secciones.update({d.clave: {"numero": i, "titulo": d.titulo, "ancla": f"seccion-{d.clave}",
                                    "marcador": f"_Toc_{d.clave}", "contenido": doc.secciones.get(d.clave)}
                          for i, d in enumerate(presentes, start=1)})
        return {
            "titulo": exp.titulo,
            "autores": self.autores(doc),
            "servicio": exp.servicio_o_unidad,
            "periodo": informe.periodo,
            "fecha": informe.fecha and informe.fecha.year,
            "indice": [s for s in secciones.values() if s],
            "secciones": secciones,
            "linea_de_tiempo": [{"fecha": h.fecha, "hito": h.hito}
                                for h in informe.linea_de_tiempo],
            "evidencias_ficha": lista(exp.evidencias) if exp.evidencias else None,
        }


TIPO = TipoInforme()
