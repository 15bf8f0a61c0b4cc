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
    publica_si = "publica_informe"
    motivo_no_publica = "el informe se publica solo para las buenas prácticas (bases §10)"
    modelo = Informe
    variables = {
        "titulo": "título de la experiencia",
        "autores": "autoría (lista de nombres)",
        "servicio": "servicio o unidad",
        "periodo": "periodo de la experiencia (use | periodo)",
        "fecha": "año del informe, o nada",
        "indice": "los capítulos, como el informe modelo: .numero («4»), .titulo, .ancla (HTML) y .marcador (Word)",
        "secciones": "las secciones por clave (las opcionales, nada si faltan): .numero («1», o «4.1» dentro del "
                     "capítulo 4), .titulo, .ancla (el id en HTML), .marcador (el marcador de Word, «_Toc_<clave>») "
                     "y .contenido",
        "capitulo_resultados": "el capítulo 4, «Resultados y lecciones aprendidas»: .numero, .titulo, .ancla "
                               "y .marcador",
        "linea_de_tiempo": "los hitos: .fecha (use | fecha_parcial) y .hito",
        "linea_de_tiempo_figura": "la línea de tiempo dibujada, con su leyenda «Figura N. …» (o nada si no hay hitos)",
        "figuras": "el índice de figuras: .numero y .titulo de cada una",
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
                "fechas; mientras tanto, el capítulo 3 dice que está pendiente", nivel=AVISO))
        if "evidencias" not in doc.secciones and not doc.experiencia.evidencias:
            problemas.append(Problema(fuente.archivo, fuente.origen(("tipo",)).linea,
                "el informe no tiene evidencias: agregue la sección «## Evidencias» o la lista "
                "«evidencias» en experiencia.yml", nivel=AVISO))
        return Reglas(problemas)

    def _capitulos(self, doc: Documento) -> tuple[list[dict], dict, list[str], object]:
        """El índice, las secciones numeradas, los títulos de las figuras y la línea de tiempo."""
        from .. import formato
        from ..dibujos import linea_de_tiempo
        from ..institucional import identidad
        from ..marcado import bajar_titulos, numerar_figuras

        informe: Informe = doc.modelo
        presentes = [d for d in self.secciones(informe)
                     if d.clave in doc.secciones or (d.clave == "evidencias" and doc.experiencia.evidencias)]
        secciones: dict = {d.clave: None for d in self.secciones(informe)}
        indice: list[dict] = []
        figuras: list[str] = []
        dibujo = None
        numero = 0
        for d in presentes:
            contenido = doc.secciones.get(d.clave)
            if d.clave in AGRUPADAS:
                contenido = bajar_titulos(contenido) if contenido is not None else None
                if d.clave == AGRUPADAS[0]:
                    numero += 1
                    indice.append(_capitulo(str(numero), CAPITULO_AGRUPADO, "resultados-lecciones"))
                propio = f"{numero}.{AGRUPADAS.index(d.clave) + 1}"
            else:
                numero += 1
                propio = str(numero)
                indice.append(_capitulo(propio, d.titulo, d.clave))
            if contenido is not None:
                contenido, titulos = numerar_figuras(contenido, len(figuras) + 1)
                figuras += titulos
            secciones[d.clave] = {**_capitulo(propio, d.titulo, d.clave), "contenido": contenido}
            if d.clave == "experiencia" and informe.linea_de_tiempo:
                figuras.append(LEYENDA_LINEA_DE_TIEMPO)
                dibujo = linea_de_tiempo(
                    [(formato.fecha_parcial(h.fecha), h.hito) for h in informe.linea_de_tiempo],
                    doc.plantillas / "comun" / "fuentes", identidad(doc.plantillas).get("colores") or {},
                    f"Figura {len(figuras)}. {LEYENDA_LINEA_DE_TIEMPO}", f"figura-{len(figuras)}")
        return indice, secciones, figuras, dibujo

    def contexto(self, doc: Documento) -> dict:
        """Los capítulos como los numera el informe modelo (semilla 002): 1 Horizonte, 2
        Metodología, 3 La experiencia (con su línea de tiempo), 4 Resultados y lecciones
        aprendidas (4.1 y 4.2), 5 Recomendaciones; y, solo si están, La experiencia en la
        actualidad y Evidencias. Las figuras se numeran en ese orden («Figura 1. …»)."""
        informe: Informe = doc.modelo
        exp = doc.experiencia
        indice, secciones, figuras, dibujo = self._capitulos(doc)
        return {
            "titulo": exp.titulo,
            "autores": self.autores(doc),
            "servicio": exp.servicio_o_unidad,
            "periodo": informe.periodo,
            "fecha": informe.fecha and informe.fecha.year,
            "indice": indice,
            "secciones": secciones,
            "capitulo_resultados": next(c for c in indice if c["ancla"] == "seccion-resultados-lecciones"),
            "linea_de_tiempo": [{"fecha": h.fecha, "hito": h.hito} for h in informe.linea_de_tiempo],
            "linea_de_tiempo_figura": dibujo,
            "figuras": [{"numero": n, "titulo": t} for n, t in enumerate(figuras, start=1)],
            "evidencias_ficha": lista(exp.evidencias) if exp.evidencias else None,
        }


# Los resultados y las lecciones van juntos en el capítulo 4 del informe modelo (semilla 002).
AGRUPADAS = ("resultados", "lecciones")
CAPITULO_AGRUPADO = "Resultados y lecciones aprendidas"
LEYENDA_LINEA_DE_TIEMPO = "Línea de tiempo de la experiencia"


def _capitulo(numero: str, titulo: str, clave: str) -> dict:
    return {"numero": numero, "titulo": titulo, "ancla": f"seccion-{clave}",
            "marcador": f"_Toc_{clave.replace('-', '_')}"}


TIPO = TipoInforme()
