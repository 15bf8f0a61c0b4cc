"""Markdown de las fuentes: se analiza una sola vez (paquete ``markdown``) en un árbol de
elementos que leen dos renderizadores: HTML para el PDF (``a_html``) y Word (``a_word``).

El HTML crudo no se interpreta: ``<b>`` se ve tal cual, como texto. Los comentarios
``<!-- … -->`` son notas para quien edita la fuente: no llegan al documento. ``&``, ``<`` y ``>``
se conservan como se escribieron. Los enlaces deben ser direcciones web completas y las
imágenes, archivos de la carpeta del documento.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from ..errores import Problema

ESQUEMAS_ENLACE = ("http", "https", "mailto")
EXTENSIONES_IMAGEN = (".png", ".jpg", ".jpeg", ".gif", ".svg")
_COMENTARIO = re.compile(r"<!--.*?-->", re.DOTALL)
BLOQUES = {"p", "ul", "ol", "blockquote", "pre", "table", "hr", "div",
           "h1", "h2", "h3", "h4", "h5", "h6"}


class _Captura(Treeprocessor):
    """Guarda el árbol final (tras los patrones en línea y el desescapado)."""

    def run(self, root):
        self.md.arbol_capturado = root
        return None


def _crear_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # HTML crudo y entidades se muestran como texto: nunca se interpretan.
    md.preprocessors.deregister("html_block")
    for patron in ("html", "entity", "automail"):
        md.inlinePatterns.deregister(patron)
    md.treeprocessors.deregister("prettify")
    md.treeprocessors.register(_Captura(md), "captura", -100)
    return md


_md: markdown.Markdown | None = None


@dataclass
class Arbol:
    """Un fragmento de Markdown ya analizado, con lo necesario para ubicar errores."""

    raiz: ET.Element
    carpeta: Path  # carpeta del documento: de aquí salen las imágenes
    archivo: str
    linea: int  # línea del archivo donde empieza el texto
    texto: str
    en_linea: bool = False  # un solo párrafo que se inserta dentro de otro (sin párrafo propio)

    @property
    def vacio(self) -> bool:
        return len(self.raiz) == 0 and not (self.raiz.text or "").strip()

    def texto_plano(self) -> str:
        return " ".join(" ".join(self.raiz.itertext()).split())


def parsear(texto: str, carpeta: Path, archivo: str, linea: int) -> tuple[Arbol, list[Problema]]:
    """Analiza ``texto`` y devuelve su árbol y los problemas (enlaces o imágenes inválidos)."""
    global _md
    if _md is None:
        _md = _crear_markdown()
    _md.reset()
    # los comentarios se quitan conservando los saltos de línea (las líneas siguen cuadrando)
    _md.convert(_COMENTARIO.sub(lambda m: "\n" * m.group(0).count("\n"), texto))
    raiz = _md.arbol_capturado
    _normalizar(raiz)
    arbol = Arbol(raiz, carpeta, archivo, linea, texto)
    return arbol, _validar(arbol)


def _normalizar(raiz: ET.Element) -> None:
    """El paquete escapa el texto del código (``&lt;``); lo dejamos como se escribió."""
    for el in raiz.iter("code"):
        if el.text:
            el.text = html.unescape(el.text)


def linea_de(arbol: Arbol, fragmento: str) -> int:
    """La línea del archivo donde aparece ``fragmento`` (texto o expresión regular compilada)."""
    for i, linea in enumerate(arbol.texto.split("\n")):
        if fragmento and (fragmento.search(linea) if isinstance(fragmento, re.Pattern)
                          else fragmento in linea):
            return arbol.linea + i
    return arbol.linea


def ruta_imagen(arbol: Arbol, src: str) -> Path | None:
    """La ruta de una imagen de la carpeta del documento, o None si no es válida."""
    partes = urlsplit(src)
    if partes.scheme or partes.netloc or src.startswith("/"):
        return None
    ruta = (arbol.carpeta / unquote(partes.path)).resolve()
    carpeta = arbol.carpeta.resolve()
    if carpeta not in ruta.parents:
        return None
    return ruta


def _validar(arbol: Arbol) -> list[Problema]:
    problemas = []
    for el in arbol.raiz.iter():
        if el.tag == "a":
            href = el.get("href", "")
            esquema = urlsplit(href).scheme.lower()
            if esquema not in ESQUEMAS_ENLACE or (esquema != "mailto" and not urlsplit(href).netloc):
                problemas.append(Problema(arbol.archivo, linea_de(arbol, href),
                    f"el enlace «{href}» no es una dirección web completa; escriba la dirección "
                    "entera, por ejemplo «https://www.gob.pe/aurora»"))
        elif el.tag == "img":
            src = el.get("src", "")
            ruta = ruta_imagen(arbol, src)
            if ruta is None:
                problemas.append(Problema(arbol.archivo, linea_de(arbol, src),
                    f"la imagen «{src}» debe ser un archivo de la carpeta del documento "
                    "(no una dirección web ni una ruta fuera de la carpeta)"))
            elif ruta.suffix.lower() not in EXTENSIONES_IMAGEN:
                problemas.append(Problema(arbol.archivo, linea_de(arbol, src),
                    f"la imagen «{src}» debe ser PNG, JPG, GIF o SVG"))
            elif not ruta.is_file():
                problemas.append(Problema(arbol.archivo, linea_de(arbol, src),
                    f"no se encuentra la imagen «{src}» en la carpeta del documento"))
            elif not el.get("alt"):
                problemas.append(Problema(arbol.archivo, linea_de(arbol, src),
                    f"la imagen «{src}» no tiene texto alternativo: escríbalo entre los corchetes, "
                    "![descripción de la imagen](archivo.png)"))
    return problemas
