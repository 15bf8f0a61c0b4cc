"""Encontrar un estilo de Word por su identidad, no por una sola forma de escribirlo.

Una plantilla guardada por LibreOffice llama «Heading 2» (styleId «Heading2») al estilo que Word
llama «heading 2»; un Word en castellano le pone «Título 2» (styleId «Ttulo2»); la referencia a
una nota al pie es «footnote reference» en Word y «Footnote Reference» (styleId
«FootnoteAnchor») en LibreOffice. Aquí cada estilo que usa el texto de Markdown tiene sus
nombres y sus identificadores conocidos; se comparan sin mayúsculas, tildes ni espacios.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from docx.oxml.ns import qn

# nombre canónico → (otros nombres, identificadores). «{n}»: el nivel de un título.
ALIAS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Normal": (("Standard", "Predeterminado"), ("Normal", "Standard")),
    "Heading {n}": (("heading {n}", "Título {n}", "Titulo {n}", "Encabezado {n}"),
                    ("Heading{n}", "Ttulo{n}", "Titulo{n}", "Encabezado{n}")),
    "List Bullet": (("Lista con viñetas", "Viñeta de lista"), ("ListBullet", "Listaconvietas")),
    "List Number": (("Lista con números", "Lista numerada", "Número de lista"),
                    ("ListNumber", "Listaconnmeros", "Listanumerada")),
    "List Continue": (("Continuar lista",), ("ListContinue", "Continuarlista")),
    "Quote": (("Cita", "Quotations", "Citas"), ("Quote", "Cita", "Quotations")),
    "Hyperlink": (("Hipervínculo", "Internet Link", "Enlace de Internet"),
                  ("Hyperlink", "Hipervnculo", "InternetLink")),
    "Caption": (("Descripción", "Leyenda"), ("Caption", "Descripcin")),
    "footnote text": (("Texto nota pie", "Footnote"), ("FootnoteText", "Textonotapie", "Footnote")),
    "footnote reference": (("Ref. de nota al pie", "Footnote Anchor", "Footnote Characters"),
                           ("FootnoteReference", "Refdenotaalpie", "FootnoteAnchor",
                            "FootnoteCharacters")),
    "Table Grid": (("Tabla con cuadrícula", "Cuadrícula de tabla"),
                   ("TableGrid", "Tablaconcuadrcula", "Tablaconcuadricula")),
}


@functools.lru_cache(maxsize=4096)
def normalizar(texto: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return re.sub(r"[\s._-]+", "", sin_tildes).lower()


def _identidad(nombre: str) -> tuple[set[str], set[str]]:
    """Los nombres e identificadores (normalizados) con que se reconoce el estilo ``nombre``."""
    nivel = re.fullmatch(r"heading (\d)", nombre, re.IGNORECASE)
    clave, n = (("Heading {n}", nivel.group(1)) if nivel else (nombre, ""))
    otros, ids = ALIAS.get(clave, ((), ()))
    nombres = {normalizar(x.format(n=n)) for x in (clave, *otros)} | {normalizar(nombre)}
    return nombres, {normalizar(x.format(n=n)) for x in ids} | {normalizar(nombre)}


class Estilos:
    """Los estilos de una plantilla (su ``styles.xml``), para buscarlos por identidad."""

    def __init__(self, documento, de: Estilos | None = None):
        """Los estilos de ``documento``; con ``de`` (los de otra copia de la misma plantilla),
        sin volver a recorrerlos."""
        self._estilos = documento.styles.element
        self._por_nombre: dict[str, str] = {}
        self._por_id: dict[str, str] = {}
        if de is not None:
            self._por_nombre, self._por_id = de._por_nombre, de._por_id
            return
        for estilo in self._estilos.findall(qn("w:style")):
            ident = estilo.get(qn("w:styleId")) or ""
            nombre = estilo.find(qn("w:name"))
            if nombre is not None:
                self._por_nombre.setdefault(normalizar(nombre.get(qn("w:val")) or ""), ident)
            self._por_id.setdefault(normalizar(ident), ident)

    def id(self, nombre: str) -> str | None:
        """El styleId del estilo ``nombre`` («Heading 2», «Código»…), o None si no está."""
        nombres, ids = _identidad(nombre)
        for n in nombres:
            if n in self._por_nombre:
                return self._por_nombre[n]
        for i in ids:
            if i in self._por_id:
                return self._por_id[i]
        return None

    def elemento(self, nombre: str):
        ident = self.id(nombre)
        return None if ident is None else self._estilos.get_by_id(ident)
