"""Árbol de Markdown → HTML para WeasyPrint (el mismo árbol que lee ``a_word``).

- Notas al pie: ``<span class="nota-pie">`` en el lugar de la llamada; la hoja de estilos
  las manda al pie de la página (``float: footnote``) y WeasyPrint las numera.
- Una imagen sola en su párrafo es una figura (``<figure>``) y su título, la leyenda
  (``<figcaption>``); el texto alternativo queda en ``alt``.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

from markupsafe import Markup, escape

from . import NOTA_PIE, Arbol, es_figura, ruta_imagen


def a_html(arbol: Arbol) -> Markup:
    raiz = copy.deepcopy(arbol.raiz)
    for img in raiz.iter("img"):
        ruta = ruta_imagen(arbol, img.get("src", "")) if arbol.carpeta else None
        if ruta is not None:  # ya validada: se lee por el «url fetcher» restringido
            img.set("src", ruta.as_uri())
    for nota in list(raiz.iter(NOTA_PIE)):
        _nota_en_linea(nota)
    for padre in list(raiz.iter()):
        for i, hijo in enumerate(list(padre)):
            if hijo.tag == "p" and es_figura(hijo):
                padre[i] = _figura(hijo)
    if arbol.en_linea:  # el contenido del único párrafo, sin el párrafo
        parrafo = raiz[0]
        return Markup(escape(parrafo.text or "")) + _html(list(parrafo))
    return _html(list(raiz))


def _html(elementos) -> Markup:
    # ET escapa &, < y > en el texto: el HTML crudo de la fuente llega como texto.
    return Markup("".join(ET.tostring(e, encoding="unicode", method="html") for e in elementos))


def _nota_en_linea(nota: ET.Element) -> None:
    """Los párrafos de la nota, en línea dentro de un ``span`` (separados por saltos)."""
    parrafos = list(nota)
    for p in parrafos:
        nota.remove(p)
    nota.tag = "span"
    nota.set("class", "nota-pie")
    for i, p in enumerate(parrafos):
        if i:
            nota.append(ET.Element("br"))
        if p.text:
            if len(nota):
                nota[-1].tail = (nota[-1].tail or "") + p.text
            else:
                nota.text = (nota.text or "") + p.text
        nota.extend(list(p))


def _figura(p: ET.Element) -> ET.Element:
    img = p[0]
    figura = ET.Element("figure")
    titulo = img.attrib.pop("title", None)
    img.tail = None
    figura.append(img)
    if titulo:
        leyenda = ET.SubElement(figura, "figcaption")
        leyenda.text = titulo
    figura.tail = p.tail
    return figura
