"""Markdown de las fuentes: se analiza una sola vez (paquete ``markdown``) en un árbol de
elementos que leen dos renderizadores: HTML para el PDF (``a_html``) y Word (``a_word``).

El HTML crudo no se interpreta: ``<b>`` se ve tal cual, como texto. Los comentarios
``<!-- … -->`` son notas para quien edita la fuente: no llegan al documento. ``&``, ``<`` y ``>``
se conservan como se escribieron. Los enlaces deben ser direcciones web completas y las
imágenes, archivos de la carpeta del documento.
"""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.inlinepatterns import LinkInlineProcessor, SimpleTagInlineProcessor
from markdown.treeprocessors import Treeprocessor

from .. import imagenes, limites
from ..errores import Problema

ESQUEMAS_ENLACE = ("http", "https", "mailto")
EXTENSIONES_IMAGEN = (".png", ".jpg", ".jpeg", ".gif")
NOTA_PIE = "nota-pie"  # elemento propio: una nota al pie, con su contenido, donde se la llama
_COMENTARIO = re.compile(r"<!--.*?-->", re.DOTALL)
BLOQUES = {"p", "ul", "ol", "blockquote", "pre", "table", "hr", "div",
           "h1", "h2", "h3", "h4", "h5", "h6"}


class _Captura(Treeprocessor):
    """Guarda el árbol final (tras los patrones en línea y el desescapado)."""

    def run(self, root):
        self.md.arbol_capturado = root
        return None


class _Tachado(Extension):
    """``~~texto~~`` → tachado (con el procesador de etiquetas del propio paquete)."""

    def extendMarkdown(self, md):
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)(.+?)~~", "del"), "tachado", 45)


_CORCHETE = re.compile(r"[\[\]]")


def _corchetes(data: str) -> dict[int, int]:
    """Para cada «[» de ``data`` que se cierra, la posición después de su «]»."""
    cierres: dict[int, int] = {}
    abiertos: list[int] = []
    for m in _CORCHETE.finditer(data):
        if m.group() == "[":
            abiertos.append(m.start())
        elif abiertos:
            cierres[abiertos.pop()] = m.end()
    return cierres


def _texto_entre_corchetes(self, data: str, index: int) -> tuple[str, int, bool]:
    """``LinkInlineProcessor.getText`` sin su costo cuadrático.

    El original recorre, carácter a carácter, el resto del párrafo por cada «[»: un párrafo de
    10 000 «[» tardaba 9 s y uno de 50 000, casi 4 minutos (Python-Markdown, issue #798). Aquí
    las parejas de corchetes se calculan una vez por texto, y el resultado es el mismo."""
    memoria = getattr(self, "_memoria_corchetes", None)
    if memoria is None or memoria[0] is not data:
        memoria = self._memoria_corchetes = (data, _corchetes(data))
    fin = memoria[1].get(index - 1)
    if fin is None:  # el «[» no se cierra: no es enlace ni imagen
        return "", len(data), False
    return data[index:fin - 1], fin, True


LinkInlineProcessor.getText = _texto_entre_corchetes  # type: ignore[method-assign]


def _crear_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "tables", "footnotes", _Tachado()],
                           output_format="html")
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
    analizado: bool = True  # False: el texto excedía un límite y no se analizó

    def recursos(self) -> set[str]:
        """Los archivos (imágenes) de la carpeta del documento que usa este fragmento."""
        if self.carpeta is None:
            return set()
        rutas = (ruta_imagen(self, img.get("src", "")) for img in self.raiz.iter("img"))
        return {str(r) for r in rutas if r is not None}

    @property
    def vacio(self) -> bool:
        return len(self.raiz) == 0 and not (self.raiz.text or "").strip()

    def texto_plano(self) -> str:
        return " ".join(" ".join(self.raiz.itertext()).split())


def parsear(texto: str, carpeta: Path, archivo: str, linea: int) -> tuple[Arbol, list[Problema]]:
    """Analiza ``texto`` y devuelve su árbol y los problemas (enlaces o imágenes inválidos,
    o un texto que excede los límites de ``pipeline/limites.py``, que no se analiza)."""
    global _md
    if _md is None:
        _md = _crear_markdown()
    _md.reset()
    # los comentarios se quitan conservando los saltos de línea (las líneas siguen cuadrando)
    limpio = _COMENTARIO.sub(lambda m: "\n" * m.group(0).count("\n"), texto)
    niveles: list[tuple[int, int]] = []
    sangrado = sangrar_listas(limpio, niveles)
    excesos = _excesos(limpio, niveles, archivo, linea)
    if excesos:
        return Arbol(ET.Element("div"), carpeta, archivo, linea, texto, analizado=False), excesos
    try:
        _md.convert(sangrado)
    except RecursionError:
        return Arbol(ET.Element("div"), carpeta, archivo, linea, texto, analizado=False), [Problema(archivo, linea,
            "el texto anida demasiadas listas, citas o formatos unos dentro de otros; simplifíquelo")]
    raiz = _md.arbol_capturado
    _normalizar(raiz)
    arbol = Arbol(raiz, carpeta, archivo, linea, texto)
    return arbol, _profundidad(arbol) + _validar(arbol)


_CITA = re.compile(r"^(?: {0,3}>)+")
_LLAMADA_NOTA = re.compile(r"\[\^")


def _excesos(texto: str, niveles: list[tuple[int, int]], archivo: str, linea: int) -> list[Problema]:
    """Lo que haría que el análisis tarde o anide sin medida, antes de analizar.

    El análisis de Python-Markdown cuesta, por párrafo, el cuadrado de su largo; con un tope
    al párrafo (y a sus enlaces), el costo total crece como el tamaño de la fuente."""
    problemas = []
    lineas = texto.split("\n")
    for i, nivel in niveles:
        if nivel > limites.NIVELES_LISTA:
            problemas.append(Problema(archivo, linea + i,
                f"una lista tiene más de {limites.NIVELES_LISTA} niveles, uno dentro de otro (Word "
                "no numera más); reduzca la sangría"))
            break
    for i, contenido in enumerate(lineas):
        cita = _CITA.match(contenido)
        if cita and cita.group().count(">") > limites.NIVELES_CITA:
            problemas.append(Problema(archivo, linea + i,
                f"hay más de {limites.NIVELES_CITA} citas («>») una dentro de otra"))
            break
    inicio, largo, enlaces = 0, 0, 0
    for i, contenido in enumerate(lineas + [""]):
        nuevo_bloque = (not contenido.strip() or _ITEM.match(contenido)
                        or contenido.lstrip().startswith(("|", ">", "#")))
        if nuevo_bloque:
            if largo > limites.CARACTERES_PARRAFO or enlaces > limites.ENLACES_PARRAFO:
                exceso = (f"tiene {largo} caracteres y el máximo es {limites.CARACTERES_PARRAFO}"
                          if largo > limites.CARACTERES_PARRAFO else
                          f"tiene {enlaces} enlaces o corchetes «](» y el máximo es "
                          f"{limites.ENLACES_PARRAFO}")
                problemas.append(Problema(archivo, linea + inicio,
                    f"el párrafo que empieza aquí {exceso}; divídalo con líneas en blanco"))
            inicio, largo, enlaces = i, 0, 0
        largo += len(contenido) + 1
        enlaces += contenido.count("](")
    notas = len(_LLAMADA_NOTA.findall(texto))
    if notas > limites.NOTAS_FRAGMENTO:
        problemas.append(Problema(archivo, linea, f"la sección tiene {notas} llamadas a notas al "
                                  f"pie y el máximo es {limites.NOTAS_FRAGMENTO}"))
    return problemas


def _profundidad(arbol: Arbol) -> list[Problema]:
    """Un árbol más hondo que el límite no se renderiza (ni en Word ni en HTML)."""
    pendientes = [(arbol.raiz, 0)]
    while pendientes:
        elemento, nivel = pendientes.pop()
        if nivel > limites.PROFUNDIDAD_MARKDOWN:
            texto = "".join(elemento.itertext()).strip()[:30]
            return [Problema(arbol.archivo, linea_de(arbol, texto) if texto else arbol.linea,
                f"el texto anida más de {limites.PROFUNDIDAD_MARKDOWN} elementos (listas, citas, "
                "formatos) unos dentro de otros; simplifíquelo")]
        pendientes.extend((hijo, nivel + 1) for hijo in elemento)
    return []


_ITEM = re.compile(r"^( *)([-*+]|\d+\.)( +)(?=\S)")


def sangrar_listas(texto: str, niveles: list[tuple[int, int]] | None = None) -> str:
    """Sangra las listas anidadas de a cuatro espacios, como pide el paquete ``markdown``.

    Quien escribe suele anidar con dos o tres espacios (como en CommonMark); sin esto, el
    paquete aplanaría la lista sin avisar. Un elemento va dentro del anterior si empieza a
    la altura del texto de aquel o más adentro. Cada línea conserva su número. En
    ``niveles`` se anotan (número de línea desde 0, nivel) de cada elemento de lista.
    """
    salida = []
    pila: list[int] = []  # columna del texto de cada elemento abierto
    anterior_en_blanco = True
    en_codigo = False  # bloque de código sangrado (fuera de una lista): no se toca
    for numero, linea in enumerate(texto.split("\n")):
        sangria = len(linea) - len(linea.lstrip(" "))
        if not linea.strip():
            salida.append(linea)
            anterior_en_blanco = True
            continue
        en_codigo = sangria >= 4 and not pila and (en_codigo or anterior_en_blanco)
        item = _ITEM.match(linea)
        if en_codigo:
            salida.append(linea)
        elif item:
            while pila and sangria < pila[-1]:
                pila.pop()
            salida.append(" " * (4 * len(pila)) + linea.lstrip(" "))
            pila.append(sangria + len(item.group(2)) + len(item.group(3)))
            if niveles is not None:
                niveles.append((numero, len(pila)))
        elif pila and sangria > 0:
            # párrafo dentro de un elemento: al nivel del elemento más profundo que lo contiene
            nivel = max((i for i, columna in enumerate(pila) if columna <= sangria), default=None)
            salida.append(linea if nivel is None else " " * (4 * (nivel + 1)) + linea.lstrip(" "))
        else:
            if sangria == 0 and anterior_en_blanco:
                pila = []  # un párrafo sin sangría tras una línea en blanco cierra la lista
            salida.append(linea)
        anterior_en_blanco = False
    return "\n".join(salida)


def _normalizar(raiz: ET.Element) -> None:
    """Deja el árbol listo para los dos renderizadores.

    - El paquete escapa el texto del código (``&lt;``): se deja como se escribió.
    - Notas al pie: cada llamada ``<sup><a class="footnote-ref">`` pasa a ser un elemento
      ``nota-pie`` con el contenido de la nota, y desaparece la lista final de notas.
    """
    for el in raiz.iter("code"):
        if el.text:
            el.text = html.unescape(el.text)
    padres = {hijo: padre for padre in raiz.iter() for hijo in padre}
    bloque = next((d for d in raiz.iter("div") if d.get("class") == "footnote"), None)
    if bloque is None:
        return
    notas = {}
    for li in bloque.iter("li"):
        for enlace in [a for a in li.iter("a") if a.get("class") == "footnote-backref"]:
            padres[enlace].remove(enlace)
        for el in li.iter():
            el.text = el.text and el.text.replace(NBSP_PLACEHOLDER, "")
            el.tail = el.tail and el.tail.replace(NBSP_PLACEHOLDER, "")
        notas["#" + li.get("id", "")] = list(li)
    padres[bloque].remove(bloque)
    for llamada in [s for s in raiz.iter("sup") if len(s) and s[0].get("class") == "footnote-ref"]:
        padre = padres[llamada]
        nota = ET.Element(NOTA_PIE)
        nota.extend(notas.get(llamada[0].get("href") or "", []))
        nota.tail = llamada.tail
        padre.insert(list(padre).index(llamada), nota)
        padre.remove(llamada)


def linea_de(arbol: Arbol, fragmento: str | re.Pattern) -> int:
    """La línea del archivo donde aparece ``fragmento`` (texto o expresión regular compilada)."""
    for i, linea in enumerate(arbol.texto.split("\n")):
        if fragmento and (fragmento.search(linea) if isinstance(fragmento, re.Pattern)
                          else fragmento in linea):
            return arbol.linea + i
    return arbol.linea


def es_figura(p: ET.Element) -> bool:
    """Un párrafo que solo tiene una imagen (y nada de texto) es una figura."""
    return (len(p) == 1 and p[0].tag == "img" and not (p.text or "").strip()
            and not (p[0].tail or "").strip())


def numerar_figuras(arbol: Arbol, primera: int, rotulo: str = "Figura") -> tuple[Arbol, list[str]]:
    """Una copia del árbol con sus figuras numeradas desde ``primera``: la leyenda de cada una
    (su título o, si no tiene, su texto alternativo) empieza con «Figura N.». Y los títulos."""
    raiz = copy.deepcopy(arbol.raiz)
    titulos: list[str] = []
    for p in raiz.iter("p"):
        if es_figura(p):
            img = p[0]
            titulo = (img.get("title") or img.get("alt") or "").strip()
            img.set("title", f"{rotulo} {primera + len(titulos)}. {titulo}".strip())
            img.set("id", f"figura-{primera + len(titulos)}")  # el índice de figuras del PDF la busca
            titulos.append(titulo)
    return replace(arbol, raiz=raiz), titulos


def bajar_titulos(arbol: Arbol, niveles: int = 1) -> Arbol:
    """Una copia con cada título ``niveles`` más abajo (### → ####): el texto de una sección
    que el documento pone dentro de otra (4.1 Resultados, dentro del capítulo 4)."""
    raiz = copy.deepcopy(arbol.raiz)
    for el in raiz.iter():
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            el.tag = f"h{min(6, int(el.tag[1]) + niveles)}"
    return replace(arbol, raiz=raiz)


def ruta_imagen(arbol: Arbol, src: str) -> Path | None:
    """La ruta de una imagen de la carpeta del documento, o None si no es válida."""
    try:
        partes = urlsplit(src)
        if partes.scheme or partes.netloc or src.startswith("/") or "\x00" in unquote(partes.path):
            return None
        ruta = (arbol.carpeta / unquote(partes.path)).resolve()
        carpeta = arbol.carpeta.resolve()
    except (ValueError, OSError, RuntimeError):
        return None
    if carpeta not in ruta.parents:
        return None
    return ruta


def _validar(arbol: Arbol) -> list[Problema]:
    problemas = []
    for nota in arbol.raiz.iter(NOTA_PIE):
        for img in nota.iter("img"):
            problemas.append(Problema(arbol.archivo, linea_de(arbol, img.get("src", "")),
                "las notas al pie no pueden llevar imágenes; ponga la imagen en el texto"))
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
                    f"la imagen «{src}» debe ser PNG, JPG o GIF"))
            elif not ruta.is_file():
                problemas.append(Problema(arbol.archivo, linea_de(arbol, src),
                    f"no se encuentra la imagen «{src}» en la carpeta del documento"))
            elif (motivo := imagenes.revisar(ruta)) is not None:
                problemas.append(Problema(arbol.archivo, linea_de(arbol, src),
                                          f"la imagen «{src}» {motivo}"))
            elif not el.get("alt"):
                problemas.append(Problema(arbol.archivo, linea_de(arbol, src),
                    f"la imagen «{src}» no tiene texto alternativo: escríbalo entre los corchetes, "
                    "![descripción de la imagen](archivo.png)"))
    return problemas
