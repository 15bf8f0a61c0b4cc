"""PDF con Jinja2 + WeasyPrint. WeasyPrint se importa solo cuando hay un PDF que hacer.

Aquí se hace el HTML del documento (``encargo``); ``maqueta.py`` lo pagina con WeasyPrint,
en este proceso o en otro (el ayudante de ``motor.py``). El «url fetcher» lee únicamente
archivos bajo ``plantillas/`` y la carpeta del documento: nada de red, nada de otras rutas.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup, escape

from .. import limites
from ..errores import ErrorPlantilla, Problema, ruta_legible
from ..marcado.a_html import a_html
from ..registro import Formato
from . import EXTENSIONES_LOGO, contexto_comun, convertir, entorno_html
from .maqueta import Encargo, _fetcher, _fuentes, calentado, calentar, maquetar  # noqa: F401 (para quien los pide a pdf)
from .seguro import ERRORES_JINJA, error_de_plantilla

if TYPE_CHECKING:  # sin cargar los modelos (pydantic) en un proceso que solo maqueta
    from ..tipos.base import Documento

IDIOMA = "es-PE"
# Los archivos de plantilla del PDF: HTML, CSS, fuentes y las imágenes que estos usan.
FORMATOS = [
    Formato(nombre="pdf", extension="pdf", descripcion="PDF", orden=20,
            plantilla="html", carga_lenta=True,
            plantillas=("html", "css", "ttf", "otf", "woff", "woff2", "svg", "png", "jpg", "jpeg", "gif")),
    # El PDF del Repositorio Institucional: lo pide el paquete; queda en salida/.sistematiza/pdfa.
    Formato(nombre="pdfa", extension="pdf", descripcion="PDF/A-3u", orden=30, por_omision=False,
            carpeta=".sistematiza/pdfa", en_paquete=True, principal=True,
            plantilla="html", carga_lenta=True,
            plantillas=("html", "css", "ttf", "otf", "woff", "woff2", "svg", "png", "jpg", "jpeg", "gif")),
]
VARIANTES = {"pdf": None, "pdfa": "pdf/a-3u"}


def encargo(doc: Documento, plantillas: Path, fecha: dt.datetime, formato: str) -> Encargo:
    """Lo que WeasyPrint necesita para hacer el PDF (``formato``: pdf o pdfa) del documento:
    su HTML (uno por elemento si el tipo pagina cada uno aparte) y dónde puede leer."""
    partes: list[int | None] = [None]
    if doc.tipo.paginar_por:  # cada elemento, su propia numeración de páginas («1 de 1»)
        partes = list(range(len(doc.tipo.contexto(doc)[doc.tipo.paginar_por]))) or [None]
    return Encargo(tuple(html(doc, plantillas, fecha, parte) for parte in partes),
                   plantillas / doc.tipo.plantilla, (plantillas, doc.fuente.carpeta), plantillas, fecha,
                   VARIANTES[formato])


def renderizar(doc: Documento, plantillas: Path, destino: Path, fecha: dt.datetime,
               formato: Formato) -> None:
    """El PDF del documento (o el PDF/A-3u para el archivo del Repositorio). Si otro proceso
    ya lo hizo (``dejar_hecho``), se toma el suyo: el mismo archivo o el mismo error."""
    hecho = _tomar_hecho(doc, formato.nombre)
    if isinstance(hecho, BaseException):
        raise hecho
    if hecho is not None:
        os.replace(hecho, destino)
        return
    maquetar(encargo(doc, plantillas, fecha, formato.nombre), destino)


# Los PDF que hizo otro proceso, por documento (el objeto, mientras se escribe) y formato: el
# archivo temporal con el PDF, o el error que dio al hacerlo.
_HECHOS: dict[int, tuple[object, dict[str, Path | BaseException]]] = {}


def dejar_hecho(doc: Documento, formato: str, resultado: Path | BaseException) -> None:
    _HECHOS.setdefault(id(doc), (doc, {}))[1][formato] = resultado


def _tomar_hecho(doc: Documento, formato: str) -> Path | BaseException | None:
    guardado = _HECHOS.get(id(doc))
    if guardado is None or guardado[0] is not doc:
        return None
    return guardado[1].pop(formato, None)


def olvidar_hechos(doc: Documento) -> None:
    """Olvida lo que quedó sin tomar de ``doc`` (y borra sus archivos temporales)."""
    guardado = _HECHOS.pop(id(doc), None)
    if guardado is not None and guardado[0] is doc:
        for resultado in guardado[1].values():
            if isinstance(resultado, Path):
                resultado.unlink(missing_ok=True)


def dibujo_html(dibujo) -> Markup:
    """Un dibujo hecho de datos: su SVG (texto real en el PDF) y su leyenda."""
    ancla = f' id="{escape(dibujo.ancla)}"' if dibujo.ancla else ""
    leyenda = f"<figcaption>{escape(dibujo.leyenda)}</figcaption>"
    return Markup(f'<figure class="dibujo"{ancla}>{dibujo.svg}{leyenda}</figure>')


def html(doc: Documento, plantillas: Path, fecha: dt.datetime, elemento: int | None = None) -> str:
    """El HTML completo del documento (lo que WeasyPrint pagina). Con ``elemento``, solo ese
    elemento de la lista que pagina aparte (``paginar_por`` del tipo: una carta por persona)."""
    nombre = f"{doc.tipo.plantilla}/{doc.tipo.plantilla}.html"
    contexto = convertir(doc.tipo.contexto(doc), a_html, dibujo_html)
    if elemento is not None and doc.tipo.paginar_por:
        contexto[doc.tipo.paginar_por] = [contexto[doc.tipo.paginar_por][elemento]]
    logo, alternativo = doc.tipo.logo(doc, plantillas, EXTENSIONES_LOGO)
    contexto["documento"] = {
        "titulo": doc.titulo,
        "autor": doc.autor,
        "idioma": IDIOMA,
        "tipo": doc.tipo.descripcion,
        "fecha": fecha.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "logo": logo.as_uri() if logo else None,
        "logo_alt": alternativo,
        "ejemplo": doc.ejemplo,
    }
    contexto.update(contexto_comun(doc, plantillas))
    legible = ruta_legible(plantillas / nombre)
    limites.etapa(f"plantilla HTML «{legible}»")
    try:
        return entorno_html(plantillas).get_template(nombre).render(contexto)
    except jinja2.TemplateNotFound as exc:
        if exc.name == nombre:
            raise ErrorPlantilla(f"no existe la plantilla HTML «{legible}»") from None
        raise error_de_plantilla(exc, legible) from None
    except jinja2.TemplateSyntaxError as exc:
        raise error_de_plantilla(exc, ruta_legible(plantillas / (exc.name or nombre))) from None
    except ERRORES_JINJA as exc:
        raise error_de_plantilla(exc, legible) from None


# ------------------------------------------------- lo que lee la revisión de datos personales
_IDENTIFICADOR = re.compile(r"[0-9a-fA-F]{16,}")  # sumas e identificadores en hexadecimal
_ETIQUETAS_PDF = {"/URI": "destino de un enlace", "/Alt": "texto alternativo",
                  "/ActualText": "texto alternativo", "/E": "texto alternativo",
                  "/Title": "título o marcador", "/Author": "propiedades", "/Subject": "propiedades",
                  "/Keywords": "propiedades", "/Creator": "propiedades", "/Producer": "propiedades",
                  "/Contents": "anotación", "/T": "formulario", "/TU": "formulario",
                  "/F": "nombre de archivo adjunto", "/UF": "nombre de archivo adjunto",
                  "/Lang": "idioma"}


def partes_con_texto(ruta: Path) -> Iterator[tuple[str, str]]:
    """(parte, texto) de cada parte con texto de un PDF, para revisar datos personales."""
    from pypdf import PdfReader
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        StreamObject,
        TextStringObject,
    )

    lector = PdfReader(ruta)
    for i, pagina in enumerate(lector.pages, start=1):
        yield f"página {i}", pagina.extract_text() or ""
    textos: dict[str, list[str]] = {}

    def recorrer(valor, etiqueta: str, profundidad: int = 0) -> None:
        if profundidad > 32:
            return
        if isinstance(valor, IndirectObject):
            return  # se recorre por su cuenta
        if isinstance(valor, (TextStringObject, ByteStringObject)):
            texto = valor if isinstance(valor, str) else bytes(valor).decode("latin-1")
            if not _IDENTIFICADOR.fullmatch(str(texto)):
                textos.setdefault(etiqueta, []).append(str(texto))
        elif isinstance(valor, NameObject):
            return
        elif isinstance(valor, DictionaryObject):
            for clave, v in valor.items():
                if str(clave) != "/ID":  # identificadores del archivo, no texto
                    recorrer(v, _ETIQUETAS_PDF.get(str(clave), etiqueta), profundidad + 1)
        elif isinstance(valor, ArrayObject):
            for v in valor:
                recorrer(v, etiqueta, profundidad + 1)

    numeros = {n for tabla in lector.xref.values() for n in tabla} | set(lector.xref_objStm)
    for numero in sorted(numeros):
        try:
            objeto = lector.get_object(numero)
        except Exception:  # un objeto ilegible no tiene texto que revisar
            continue
        recorrer(objeto, "objeto del PDF")
        if isinstance(objeto, StreamObject):
            tipo = objeto.get("/Type")
            if tipo in ("/Metadata", "/EmbeddedFile"):
                datos = objeto.get_data().decode("utf-8", errors="replace")
                textos.setdefault("metadatos XMP" if tipo == "/Metadata" else "archivo adjunto",
                                  []).append(datos)
    trailer = lector.trailer.get("/Info")
    if trailer is not None:
        recorrer(trailer.get_object(), "propiedades")
    for etiqueta, lista in textos.items():
        yield etiqueta, "\n".join(lista)


# -------------------------------------------------------------------- revisión
_CSS_PATRONES = [(r"Expected (\d+) to (\d+) tokens?, got (\d+)", "lleva de {0} a {1} valores y tiene {2}"),
                 (r"Expected (\d+) tokens?, got (\d+)", "lleva {0} valores y tiene {1}"),
                 (r"unknown property", "propiedad desconocida"), (r"invalid value", "valor no válido")]


def _motivo_css(motivo: str) -> str:
    for patron, texto in _CSS_PATRONES:
        m = re.search(patron, motivo)
        if m:
            return texto.format(*m.groups())
    return f"no se entiende ({motivo})"
_REFERENCIA = re.compile(r"""(?:href|src)\s*=\s*"([^"{}]+)"|url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def revisar_plantilla(tipo, plantillas: Path, provistas: set[str]):
    """Los problemas de la plantilla HTML de ``tipo``, de las que incluye y de su CSS."""
    from jinja2 import meta

    from .revision import Revision, revisar_jinja

    entorno = entorno_html(plantillas)
    revision = Revision()
    pendientes, vistas = [f"{tipo.plantilla}/{tipo.plantilla}.html"], set()
    while pendientes:
        nombre = pendientes.pop()
        if nombre in vistas:
            continue
        vistas.add(nombre)
        ruta = plantillas / nombre
        archivo = ruta_legible(ruta)
        if not ruta.is_file():
            revision.problemas.append(Problema(archivo, None, f"falta la plantilla HTML «{nombre}»"))
            continue
        fuente = ruta.read_text(encoding="utf-8", errors="replace")

        def donde(linea, mensaje, archivo=archivo):
            return Problema(archivo, linea, mensaje)
        problemas, usadas = revisar_jinja(entorno, fuente, provistas, donde, _heredadas(entorno, plantillas, fuente))
        revision.problemas += problemas
        revision.usadas |= usadas
        if problemas and problemas[0].mensaje.startswith(("se esperaba", "sobra", "la plantilla termina",
                                                           "la marca", "marca mal")):
            continue  # no se puede analizar más
        pendientes += [r for r in meta.find_referenced_templates(entorno.parse(fuente)) if r]
        revision.problemas += _archivos_nombrados(ruta, fuente, plantillas)
    return revision


def _heredadas(entorno, plantillas: Path, fuente: str) -> frozenset[str]:
    """Las variables de los bucles de las plantillas de las que hereda ``fuente`` (un bloque
    «scoped» las ve: la «d» de cada persona en comun/carta.html)."""
    from jinja2 import meta

    from .revision import variables_de_bucles

    nombres: set[str] = set()
    try:
        pendientes = [r for r in meta.find_referenced_templates(entorno.parse(fuente)) if r]
        vistas: set[str] = set()
        while pendientes:
            nombre = pendientes.pop()
            ruta = plantillas / nombre
            if nombre in vistas or not ruta.is_file():
                continue
            vistas.add(nombre)
            arbol = entorno.parse(ruta.read_text(encoding="utf-8", errors="replace"))
            nombres |= variables_de_bucles(arbol)
            pendientes += [r for r in meta.find_referenced_templates(arbol) if r]
    except (jinja2.TemplateError, OSError):  # una plantilla ilegible se informa en su propia revisión
        pass
    return frozenset(nombres)


def _archivos_nombrados(ruta: Path, fuente: str, plantillas: Path, css: bool = True) -> list[Problema]:
    """Los archivos que nombra una plantilla HTML o CSS (``href``, ``src``, ``url()``): que
    existan dentro de plantillas/; el CSS, además, que se entienda."""
    problemas = []
    for i, linea in enumerate(fuente.split("\n"), start=1):
        for m in _REFERENCIA.finditer(linea):
            nombre = m.group(1) or m.group(2)
            if nombre.startswith("file:"):
                destino = Path(unquote(urlsplit(nombre).path))
            elif re.match(r"^[a-z]+:", nombre) or nombre.startswith("#"):
                continue  # data:, https:, un ancla
            else:
                destino = ruta.parent / unquote(nombre)
            if not destino.is_file() or not any(r == destino.resolve() or r in destino.resolve().parents
                                                for r in (plantillas.resolve(),)):
                problemas.append(Problema(ruta_legible(ruta), i,
                    f"nombra «{nombre}», que no está en plantillas/ (no existe, o está fuera de plantillas/ "
                    "y no se lee)"))
            elif destino.suffix == ".css" and css:
                problemas += revisar_css(destino, plantillas)
    return problemas


def revisar_css(ruta: Path, plantillas: Path) -> list[Problema]:
    """El CSS como lo entiende WeasyPrint: lo que ignoraría, con su línea, en castellano."""
    calentar()
    from weasyprint import CSS, LOGGER

    fuente = ruta.read_text(encoding="utf-8", errors="replace")
    avisos: list[Problema] = []
    archivo = ruta_legible(ruta)

    class Avisos(logging.Handler):
        def emit(self, registro):
            args = registro.args if isinstance(registro.args, tuple) else ()
            if registro.msg == "Ignored `%s:%s` at %d:%d, %s." and len(args) == 5:
                motivo = _motivo_css(str(args[4]))
                avisos.append(Problema(archivo, int(args[2]), f"CSS: se ignora «{args[0]}:{args[1]}»: {motivo}"))
            elif str(registro.msg).startswith("Failed to load"):
                return  # lo dice la revisión de los archivos nombrados
            elif registro.levelno >= logging.WARNING and "Step" not in str(registro.msg):
                texto = registro.getMessage()
                linea = next((i for i, ln in enumerate(fuente.split("\n"), start=1)
                              if any(p and p in ln for p in re.findall(r"'([^']{3,})'", texto))), None)
                avisos.append(Problema(archivo, linea, f"CSS que no se entiende ({texto})"))

    manejador = Avisos(logging.WARNING)
    LOGGER.addHandler(manejador)
    try:
        CSS(string=fuente, base_url=ruta.parent.resolve().as_uri() + "/",
            url_fetcher=_fetcher([plantillas], []))
    except Exception as exc:  # noqa: BLE001 — un CSS ilegible es un problema de la plantilla
        avisos.append(Problema(archivo, None, f"CSS que no se puede leer ({type(exc).__name__})"))
    finally:
        LOGGER.removeHandler(manejador)
    return avisos + _archivos_nombrados(ruta, fuente, plantillas, css=False)
