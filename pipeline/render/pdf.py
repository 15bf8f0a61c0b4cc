"""PDF con Jinja2 + WeasyPrint. WeasyPrint se importa solo cuando hay un PDF que hacer.

El «url fetcher» lee únicamente archivos bajo ``plantillas/`` y la carpeta del documento:
nada de red, nada de otras rutas.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2

from ..marcado.a_html import a_html
from ..errores import ErrorPlantilla
from ..tipos.base import Documento
from . import buscar_logo, convertir, entorno_html

IDIOMA = "es-PE"


def _fetcher(raices: list[Path], rechazados: list[str]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    raices = [r.resolve() for r in raices]

    class FetcherRestringido(URLFetcher):
        def fetch(self, url, headers=None):
            partes = urlsplit(url)
            if partes.scheme == "file" and not partes.netloc:
                ruta = Path(unquote(partes.path)).resolve()
                if any(r == ruta or r in ruta.parents for r in raices) and ruta.is_file():
                    tipo = mimetypes.guess_type(ruta.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, ruta.read_bytes(), {"Content-Type": tipo})
            rechazados.append(url)
            raise ValueError(f"recurso no permitido: {url}")

    return FetcherRestringido(allowed_protocols={"file"}, allow_redirects=False)


def html(doc: Documento, plantillas: Path, fecha: dt.datetime) -> str:
    """El HTML completo del documento (lo que WeasyPrint pagina)."""
    nombre = f"{doc.tipo.plantilla}/{doc.tipo.plantilla}.html"
    contexto = convertir(doc.tipo.contexto(doc), a_html)
    logo = buscar_logo(plantillas, doc.tipo.plantilla)
    contexto["documento"] = {
        "titulo": doc.titulo,
        "autor": doc.autor,
        "idioma": IDIOMA,
        "tipo": doc.tipo.descripcion,
        "fecha": fecha.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "logo": logo.as_uri() if logo else None,
        "ejemplo": doc.ejemplo,
    }
    try:
        return entorno_html(plantillas).get_template(nombre).render(contexto)
    except jinja2.TemplateNotFound as exc:
        raise ErrorPlantilla(f"no existe la plantilla HTML «plantillas/{exc.name}»")
    except jinja2.TemplateSyntaxError as exc:
        raise ErrorPlantilla(f"la plantilla «plantillas/{exc.name or nombre}», línea {exc.lineno}, "
                             f"tiene una marca mal escrita: {exc.message}")
    except jinja2.UndefinedError as exc:
        raise ErrorPlantilla(f"la plantilla «plantillas/{nombre}» usa un dato que no existe "
                             f"({exc.message})")


class _Errores(logging.Handler):
    """Recoge los errores que WeasyPrint solo registraría (CSS roto, recurso ilegible…)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.mensajes: list[str] = []

    def emit(self, registro):
        self.mensajes.append(registro.getMessage())


def renderizar(doc: Documento, plantillas: Path, destino: Path, fecha: dt.datetime,
               variante: str | None = None) -> None:
    """El PDF del documento; ``variante="pdf/a-3u"`` para el archivo del Repositorio."""
    from weasyprint import HTML, LOGGER

    rechazados: list[str] = []
    base = plantillas / doc.tipo.plantilla
    errores = _Errores()
    LOGGER.addHandler(errores)
    try:
        documento = HTML(string=html(doc, plantillas, fecha),
                         base_url=base.resolve().as_uri() + "/",
                         url_fetcher=_fetcher([plantillas, doc.fuente.carpeta], rechazados))
        # PDF etiquetado: alt, idioma, marcadores
        documento.write_pdf(destino, pdf_tags=True, pdf_variant=variante)
    finally:
        LOGGER.removeHandler(errores)
    if rechazados:
        raise ErrorPlantilla("el documento pide recursos fuera de plantillas/ y de su carpeta, "
                             "que no se leen: " + ", ".join(rechazados))
    if errores.mensajes:
        raise ErrorPlantilla("WeasyPrint no pudo usar parte de la plantilla HTML/CSS: "
                             + "; ".join(errores.mensajes))
