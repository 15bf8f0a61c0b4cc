"""La maquetación del PDF con WeasyPrint, a partir del HTML ya hecho (``pdf.encargo``).

Está aparte de ``pdf.py`` para que un proceso que solo maqueta (el ayudante de ``motor.py``,
que hace el PDF de una fuente cambiada mientras el principal hace su DOCX) cargue WeasyPrint y
nada más: ni los modelos de los documentos (pydantic) ni las plantillas Jinja. El HTML lo hace
quien tiene el documento validado.

El «url fetcher» lee únicamente archivos bajo ``plantillas/`` y la carpeta del documento:
nada de red, nada de otras rutas.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import limites
from ..errores import ErrorPlantilla, ruta_legible


@dataclass(frozen=True)
class Encargo:
    """Lo que WeasyPrint necesita para hacer el PDF de un documento, sin el documento: el HTML
    de cada parte que se pagina aparte (una carta por persona; casi siempre, una sola), la
    carpeta de sus plantillas (base de las direcciones relativas), las carpetas de las que puede
    leer (``plantillas/`` y la del documento), la fecha (PDF reproducible) y la variante
    (``None``: PDF; ``"pdf/a-3u"``: el del Repositorio)."""

    htmls: tuple[str, ...]
    base: Path
    raices: tuple[Path, ...]
    plantillas: Path
    fecha: dt.datetime
    variante: str | None

    def hacer(self, destino: Path) -> None:
        maquetar(self, destino)


def maquetar(encargo: Encargo, destino: Path) -> None:
    """Escribe en ``destino`` el PDF del encargo.

    WeasyPrint fecha las fuentes incrustadas con la hora, salvo con ``SOURCE_DATE_EPOCH``: si
    no está puesta, se pone la fecha del documento mientras se escribe (PDF reproducible)."""
    propia = "SOURCE_DATE_EPOCH" not in os.environ
    if propia:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(encargo.fecha.timestamp()))
    try:
        _maquetar(encargo, destino)
    finally:
        if propia:
            del os.environ["SOURCE_DATE_EPOCH"]


def _maquetar(encargo: Encargo, destino: Path) -> None:
    calentar()
    from weasyprint import HTML, LOGGER

    from . import hojas

    hojas.instalar()  # las hojas de estilo de las plantillas, interpretadas una vez por proceso
    rechazados: list[str] = []
    errores = _Errores()
    LOGGER.addHandler(errores)
    try:
        paginados = []
        fuentes = _fuentes(encargo.plantillas.resolve(), _huella_fuentes(encargo.plantillas))
        base_url = encargo.base.resolve().as_uri() + "/"
        for codigo in encargo.htmls:
            limites.etapa(f"maquetación del PDF con las plantillas de «{ruta_legible(encargo.base)}»")
            documento = HTML(string=codigo, base_url=base_url,
                             url_fetcher=_fetcher(list(encargo.raices), rechazados))
            # PDF etiquetado: alt, idioma, marcadores
            paginados.append(documento.render(pdf_tags=True, pdf_variant=encargo.variante, font_config=fuentes))
        unido = paginados[0].copy([p for d in paginados for p in d.pages]) if len(paginados) > 1 else paginados[0]
        unido.write_pdf(destino, pdf_tags=True, pdf_variant=encargo.variante)
    finally:
        LOGGER.removeHandler(errores)
    if rechazados:
        raise ErrorPlantilla("el documento pide archivos que no existen, que pesan demasiado o que "
                             "están fuera de plantillas/ y de la carpeta del documento (no se leen): "
                             + ", ".join(f"«{_legible(u)}»" for u in dict.fromkeys(rechazados)))
    if errores.mensajes:
        raise ErrorPlantilla("no se pudo usar parte de la plantilla HTML/CSS: "
                             + "; ".join(dict.fromkeys(errores.mensajes)))


def _fetcher(raices: list[Path], rechazados: list[str]):
    calentar()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    raices = [r.resolve() for r in raices]

    class FetcherRestringido(URLFetcher):
        def fetch(self, url, headers=None):
            partes = urlsplit(url)
            if partes.scheme == "file" and not partes.netloc:
                ruta = Path(unquote(partes.path)).resolve()
                if (any(r == ruta or r in ruta.parents for r in raices) and ruta.is_file()
                        and ruta.stat().st_size <= limites.BYTES_IMAGEN):
                    tipo = mimetypes.guess_type(ruta.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, ruta.read_bytes(), {"Content-Type": tipo})
            rechazados.append(url)
            raise ValueError(f"recurso no permitido: {url}")

    return FetcherRestringido(allowed_protocols={"file"}, allow_redirects=False)


def _legible(url) -> str:
    partes = urlsplit(str(url))
    if partes.scheme == "file":
        return ruta_legible(Path(unquote(partes.path)))
    return str(url)


# Los errores que WeasyPrint registra (en inglés), dichos en castellano.
_TRADUCCIONES_WEASYPRINT = {
    "Failed to load image at %r: %s": "no se pudo cargar la imagen «{0}»",
    "Failed to render SVG image %s": "no se pudo dibujar la imagen SVG «{0}»",
    "Failed to load stylesheet at %s: %s": "no se pudo cargar la hoja de estilos «{0}»",
    "Failed to load stylesheet at %s : %s": "no se pudo cargar la hoja de estilos «{0}»",
    "Failed to load inline SVG: %s": "no se pudo dibujar un SVG de la plantilla",
    'Image "%s" has no required alt description': "la imagen «{0}» no tiene texto alternativo",
    'Missing required "lang" attribute at the root of the document':
        "a la plantilla le falta el idioma (lang) en <html>",
    "Relative URI reference without a base URI: %s": "una dirección relativa sin base: «{0}»",
}


class _Errores(logging.Handler):
    """Recoge los errores que WeasyPrint solo registraría (CSS roto, recurso ilegible…)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.mensajes: list[str] = []

    def emit(self, registro):
        plantilla = _TRADUCCIONES_WEASYPRINT.get(str(registro.msg))
        if plantilla is None:
            self.mensajes.append(f"WeasyPrint: {registro.getMessage()}")
        else:
            argumentos = registro.args if isinstance(registro.args, tuple) else ()
            self.mensajes.append(plantilla.format(*(_legible(a) for a in argumentos)))


def _huella_fuentes(plantillas: Path) -> tuple:
    """Las fuentes tipográficas de las plantillas, por nombre, tamaño y fecha: si la SGIC cambia
    una, la configuración de fuentes se hace de nuevo (también en un proceso largo)."""
    carpeta = plantillas / "comun" / "fuentes"
    try:
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in carpeta.iterdir()))
    except OSError:
        return ()


def calentar() -> None:
    """Carga WeasyPrint antes de que haga falta (todo lo de este módulo lo carga así: más
    rápido que ``import weasyprint`` y con el mismo resultado; ver ``carga.py``)."""
    from .carga import cargar

    cargar()


def calentado() -> bool:
    """¿Ya está cargado WeasyPrint en este proceso?"""
    import sys

    return "weasyprint" in sys.modules


@lru_cache(maxsize=2)
def _fuentes(plantillas: Path, huella: tuple):
    """Una configuración de fuentes de WeasyPrint por proceso (y por juego de fuentes), no una
    por documento: WeasyPrint 70 guarda para siempre lo que carga cada configuración nueva
    (0,25 MB por ordenanza: 350 MB por trabajador en el lote de los 1 891 distritos); compartida,
    la memoria queda plana y cada PDF sale un 20 % más rápido."""
    calentar()
    from weasyprint.text.fonts import FontConfiguration

    from . import fugas

    configuracion = FontConfiguration()
    fugas.instalar(configuracion)  # los rasgos tipográficos de cada texto, liberados con él
    return configuracion
