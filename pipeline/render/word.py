"""DOCX con docxtpl: la plantilla Word de la SGIC, con autoescape y contenido Word real."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from ..marcado.a_word import ConstructorWord, ErrorPlantilla
from ..tipos.base import Documento
from . import buscar_logo, convertir

IDIOMA = "es-PE"


def ruta_plantilla(plantillas: Path, doc: Documento) -> Path:
    return plantillas / doc.tipo.plantilla / f"{doc.tipo.plantilla}.docx"


def renderizar(doc: Documento, plantillas: Path, destino: Path, fecha: dt.datetime) -> None:
    ruta = ruta_plantilla(plantillas, doc)
    nombre = str(ruta.relative_to(plantillas.parent)) if plantillas.parent in ruta.parents else str(ruta)
    if not ruta.is_file():
        raise ErrorPlantilla(f"no existe la plantilla Word «{nombre}»")
    try:
        plantilla = DocxTemplate(ruta)
        plantilla.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ErrorPlantilla(f"la plantilla «{nombre}» no es un documento Word válido ({exc})")

    constructor = ConstructorWord(plantilla.docx, nombre)
    contexto = convertir(doc.tipo.contexto(doc), constructor.convertir)
    logo = buscar_logo(plantillas, doc.tipo.plantilla, (".png", ".jpg", ".jpeg"))
    contexto["logo"] = InlineImage(plantilla, str(logo), height=Mm(11)) if logo else None
    contexto["ejemplo"] = doc.ejemplo

    entorno = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    try:
        plantilla.render(contexto, entorno, autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise ErrorPlantilla(f"la plantilla «{nombre}» tiene una marca {{% … %}} o {{{{ … }}}} mal "
                             f"escrita: {exc.message}")
    except jinja2.UndefinedError as exc:
        raise ErrorPlantilla(f"la plantilla «{nombre}» usa un dato que no existe ({exc.message})")
    constructor.finalizar()  # notas al pie: después de Jinja, para que su texto no se interprete

    propiedades = plantilla.docx.core_properties
    propiedades.title = doc.titulo
    propiedades.author = doc.autor
    propiedades.language = IDIOMA
    propiedades.subject = doc.tipo.descripcion.capitalize()
    propiedades.comments = ""
    propiedades.last_modified_by = "sistematiza"
    propiedades.created = propiedades.modified = fecha.replace(tzinfo=None)
    propiedades.revision = 1
    plantilla.save(destino)
