"""Piezas de modelo que comparten varios tipos: periodos, fechas parciales, textos en párrafos."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pydantic import field_validator, model_validator

from .. import formato, marcado
from ..modelo import Modelo

_MES = re.compile(r"^(\d{4})-(\d{1,2})$")
_FECHA_PARCIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _anio_mes(v) -> str:
    texto = v.strftime("%Y-%m") if hasattr(v, "strftime") else str(v).strip()
    m = _MES.match(texto)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"«{v}» no es un mes; escriba año y mes entre comillas: \"2019-02\"")
    return f"{m.group(1)}-{int(m.group(2)):02d}"


class Periodo(Modelo):
    """Periodo de la experiencia, de mes a mes: «desde: "2019-02"», «hasta: "2019-12"»."""

    desde: str
    hasta: str

    _mes = field_validator("desde", "hasta", mode="before")(classmethod(lambda cls, v: _anio_mes(v)))

    @model_validator(mode="after")
    def _orden(self):
        if self.desde > self.hasta:
            raise ValueError(f"el periodo empieza ({self.desde}) después de terminar ({self.hasta})")
        return self

    @property
    def texto(self) -> str:
        """«Febrero – diciembre 2019» (en las plantillas: ``{{ periodo | periodo }}``)."""
        return formato.periodo_de_meses(self.desde, self.hasta)


def fecha_parcial(v) -> str:
    """Año, año-mes o fecha completa («2019», «2019-03», «2019-03-08»), normalizada."""
    texto = v.isoformat() if hasattr(v, "isoformat") else str(v).strip()
    m = _FECHA_PARCIAL.match(texto)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12) or (
            m.group(3) and not 1 <= int(m.group(3)) <= 31):
        raise ValueError(f"«{v}» no es una fecha; escriba el año («2019»), el mes («2019-03») o "
                         "el día («2019-03-08»), entre comillas")
    return "-".join(f"{int(x):02d}" if i else x for i, x in enumerate(g for g in m.groups() if g))


def parrafos(texto: str | None) -> marcado.Arbol:
    """Un texto escrito en YAML (párrafos separados por una línea en blanco), como árbol."""
    raiz = ET.Element("div")
    for bloque in re.split(r"\n\s*\n", texto or ""):
        if bloque.strip():
            ET.SubElement(raiz, "p").text = " ".join(bloque.split())
    return marcado.Arbol(raiz, None, "", 0, texto or "")  # type: ignore[arg-type]


def lista(elementos: list[str]) -> marcado.Arbol:
    """Una lista de textos de YAML, como lista con viñetas."""
    raiz = ET.Element("div")
    ul = ET.SubElement(raiz, "ul")
    for texto in elementos:
        ET.SubElement(ul, "li").text = texto
    return marcado.Arbol(raiz, None, "", 0, "\n".join(elementos))  # type: ignore[arg-type]
