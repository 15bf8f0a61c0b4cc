"""Árbol de Markdown → HTML para WeasyPrint (el mismo árbol que lee ``a_word``)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

from markupsafe import Markup, escape

from . import Arbol, ruta_imagen


def a_html(arbol: Arbol) -> Markup:
    raiz = copy.deepcopy(arbol.raiz)
    for img in raiz.iter("img"):
        ruta = ruta_imagen(arbol, img.get("src", "")) if arbol.carpeta else None
        if ruta is not None:  # ya validada: se lee por el «url fetcher» restringido
            img.set("src", ruta.as_uri())
    if arbol.en_linea:  # el contenido del único párrafo, sin el párrafo
        parrafo = raiz[0]
        return Markup(escape(parrafo.text or "")) + _html(list(parrafo))
    return _html(list(raiz))


def _html(elementos) -> Markup:
    # ET escapa &, < y > en el texto: el HTML crudo de la fuente llega como texto.
    return Markup("".join(ET.tostring(e, encoding="unicode", method="html") for e in elementos))
