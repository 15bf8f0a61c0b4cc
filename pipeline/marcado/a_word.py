"""Árbol de Markdown → contenido Word real dentro de una plantilla docxtpl.

Construye párrafos, listas con numeración de Word (``numPr``), hipervínculos con su
relación y formato de texto, con los estilos de la propia plantilla (resueltos por
nombre en su ``styles.xml``), y los entrega como XML que docxtpl inserta con ``{{p …}}``.
No abre ningún paquete .docx por sección.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from . import BLOQUES, Arbol

# Estilo de Word (nombre en la plantilla) para cada construcción.
ESTILOS = {
    "p": "Normal",
    "titulo": "Heading {nivel}",
    "ul": "List Bullet",
    "ol": "List Number",
    "continuacion": "List Continue",
    "cita": "Quote",
    "codigo": "Código",
    "enlace": "Hyperlink",
}
SANGRIA_NIVEL = 720  # veinteavos de punto por nivel de lista (= 1,27 cm)


class ErrorPlantilla(Exception):
    """La plantilla Word no tiene algo que el documento necesita."""


class XmlWord(str):
    """XML de Word listo para ``{{p variable}}``: docxtpl lo inserta sin escaparlo."""

    def __html__(self):
        return str(self)


class ConstructorWord:
    """Convierte árboles de Markdown en XML de Word dentro de un documento (la plantilla)."""

    def __init__(self, documento, nombre_plantilla: str, nivel_base: int = 2):
        self.documento = documento
        self.parte = documento.part
        self.nombre_plantilla = nombre_plantilla
        # nivel de Markdown que corresponde a «Heading 1»: con 2, «##» (la sección) es
        # Heading 1 y un «###» dentro de la sección es Heading 2.
        self.nivel_base = nivel_base
        self._ids_estilo: dict[str, str | None] = {}
        self._abstractos: dict[str, str] = {}

    # ------------------------------------------------------------------ estilos
    def id_estilo(self, nombre: str, obligatorio: bool = True) -> str | None:
        if nombre not in self._ids_estilo:
            try:
                self._ids_estilo[nombre] = self.documento.styles[nombre].style_id
            except KeyError:
                self._ids_estilo[nombre] = None
        if self._ids_estilo[nombre] is None and obligatorio:
            raise ErrorPlantilla(
                f"la plantilla «{self.nombre_plantilla}» no tiene el estilo «{nombre}»; "
                "créelo en Word (Estilos → Nuevo estilo) con ese nombre")
        return self._ids_estilo[nombre]

    # ---------------------------------------------------------------- numeración
    def _abstracto(self, tipo: str) -> str:
        """El abstractNum de la plantilla que usa el estilo de lista de ``tipo`` (ul/ol)."""
        if tipo not in self._abstractos:
            estilo = self.documento.styles[ESTILOS[tipo]] if self.id_estilo(ESTILOS[tipo]) else None
            num_id = None
            ppr = estilo.element.pPr if estilo is not None else None
            if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
                num_id = ppr.numPr.numId.val
            numeracion = self.parte.numbering_part.element
            abstracto = None
            for num in numeracion.num_lst:
                if num.numId == num_id:
                    abstracto = num.abstractNumId.val
            if abstracto is None:
                raise ErrorPlantilla(
                    f"el estilo «{ESTILOS[tipo]}» de la plantilla «{self.nombre_plantilla}» "
                    "no tiene numeración; asígnele viñetas o números en Word")
            self._abstractos[tipo] = abstracto
        return self._abstractos[tipo]

    def _nueva_lista(self, tipo: str, inicio: int = 1) -> int:
        """Una instancia de numeración nueva: cada lista reinicia su cuenta."""
        num = self.parte.numbering_part.element.add_num(self._abstracto(tipo))
        for nivel in range(9):
            num.add_lvlOverride(ilvl=nivel).add_startOverride(inicio if nivel == 0 else 1)
        return num.numId

    # ------------------------------------------------------------------ párrafos
    def _parrafo(self, estilo: str, num: tuple[int, int] | None = None,
                 sangria: int | None = None, borde_inferior: bool = False):
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        p.append(ppr)
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), self.id_estilo(estilo))
        ppr.append(pstyle)
        if num is not None:
            numpr = OxmlElement("w:numPr")
            ilvl, numid = OxmlElement("w:ilvl"), OxmlElement("w:numId")
            ilvl.set(qn("w:val"), str(num[0]))
            numid.set(qn("w:val"), str(num[1]))
            numpr.extend([ilvl, numid])
            ppr.append(numpr)
        if borde_inferior:
            pbdr, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
            for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
                bottom.set(qn(f"w:{k}"), v)
            pbdr.append(bottom)
            ppr.append(pbdr)
        if sangria is not None:
            ind = OxmlElement("w:ind")
            ind.set(qn("w:left"), str(sangria))
            ppr.append(ind)
        return p

    # ------------------------------------------------------------------ en línea
    def _run(self, destino, texto: str | None, formato: frozenset, salto: bool = False):
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        if "enlace" in formato:
            estilo = self.id_estilo(ESTILOS["enlace"], obligatorio=False)
            if estilo:
                rstyle = OxmlElement("w:rStyle")
                rstyle.set(qn("w:val"), estilo)
                rpr.append(rstyle)
        if "codigo" in formato:
            fuentes = OxmlElement("w:rFonts")
            for k in ("ascii", "hAnsi", "cs"):
                fuentes.set(qn(f"w:{k}"), "Liberation Mono")
            rpr.append(fuentes)
        for marca, etiqueta in (("b", "w:b"), ("i", "w:i"), ("tachado", "w:strike")):
            if marca in formato:
                rpr.append(OxmlElement(etiqueta))
        if "enlace" in formato and not self.id_estilo(ESTILOS["enlace"], obligatorio=False):
            color, subrayado = OxmlElement("w:color"), OxmlElement("w:u")
            color.set(qn("w:val"), "0563C1")
            subrayado.set(qn("w:val"), "single")
            rpr.extend([color, subrayado])
        if len(rpr):
            run.append(rpr)
        if salto:
            run.append(OxmlElement("w:br"))
        else:
            t = OxmlElement("w:t")
            t.text = texto
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(t)
        destino.append(run)

    def _texto(self, destino, texto: str | None, formato: frozenset):
        if texto:
            # un salto de línea simple en Markdown es un espacio
            self._run(destino, " ".join(texto.split("\n")), formato)

    def _en_linea(self, destino, texto: str | None, hijos, formato: frozenset = frozenset()):
        self._texto(destino, texto, formato)
        for hijo in hijos:
            etiqueta = hijo.tag
            if etiqueta in ("strong", "b"):
                self._en_linea(destino, hijo.text, list(hijo), formato | {"b"})
            elif etiqueta in ("em", "i"):
                self._en_linea(destino, hijo.text, list(hijo), formato | {"i"})
            elif etiqueta in ("del", "s"):
                self._en_linea(destino, hijo.text, list(hijo), formato | {"tachado"})
            elif etiqueta == "code":
                self._texto(destino, hijo.text, formato | {"codigo"})
            elif etiqueta == "br":
                self._run(destino, None, formato, salto=True)
            elif etiqueta == "a":
                vinculo = OxmlElement("w:hyperlink")
                rid = self.parte.relate_to(hijo.get("href"), RT.HYPERLINK, is_external=True)
                vinculo.set(qn("r:id"), rid)
                self._en_linea(vinculo, hijo.text, list(hijo), formato | {"enlace"})
                destino.append(vinculo)
            else:
                self._en_linea(destino, hijo.text, list(hijo), formato)
            self._texto(destino, hijo.tail, formato)

    # ------------------------------------------------------------------- bloques
    def _bloques(self, elementos, salida: list, estilo_parrafo: str = ESTILOS["p"]):
        for el in elementos:
            etiqueta = el.tag
            if etiqueta == "p":
                p = self._parrafo(estilo_parrafo)
                self._en_linea(p, el.text, list(el))
                salida.append(p)
            elif etiqueta in ("h1", "h2", "h3", "h4", "h5", "h6"):
                nivel = max(1, int(etiqueta[1]) - self.nivel_base + 1)
                p = self._parrafo(ESTILOS["titulo"].format(nivel=nivel))
                self._en_linea(p, el.text, list(el))
                salida.append(p)
            elif etiqueta in ("ul", "ol"):
                self._lista(el, 0, salida)
            elif etiqueta == "blockquote":
                self._bloques(list(el), salida, ESTILOS["cita"])
            elif etiqueta == "hr":
                salida.append(self._parrafo(ESTILOS["p"], borde_inferior=True))
            elif etiqueta == "pre":
                codigo = "".join(el.itertext()).rstrip("\n")
                p = self._parrafo(ESTILOS["codigo"])
                for i, linea in enumerate(codigo.split("\n")):
                    if i:
                        self._run(p, None, frozenset(), salto=True)
                    self._run(p, linea, frozenset({"codigo"}))
                salida.append(p)
            else:  # contenedor desconocido: su contenido, sin perder texto
                self._bloques(list(el), salida, estilo_parrafo)

    def _lista(self, lista, nivel: int, salida: list):
        tipo = lista.tag
        inicio = int(lista.get("start", "1") or 1)
        num_id = self._nueva_lista(tipo, inicio)
        for item in lista:
            if item.tag != "li":
                continue
            hijos = list(item)
            corte = next((i for i, h in enumerate(hijos) if h.tag in BLOQUES), len(hijos))
            con_vineta = False
            if (item.text or "").strip() or corte:
                p = self._parrafo(ESTILOS[tipo], num=(nivel, num_id))
                self._en_linea(p, (item.text or "").lstrip(), hijos[:corte])
                salida.append(p)
                con_vineta = True
            for bloque in hijos[corte:]:
                if bloque.tag in ("ul", "ol"):
                    self._lista(bloque, nivel + 1, salida)
                elif bloque.tag == "p" and not con_vineta:
                    p = self._parrafo(ESTILOS[tipo], num=(nivel, num_id))
                    self._en_linea(p, bloque.text, list(bloque))
                    salida.append(p)
                    con_vineta = True
                else:  # párrafos siguientes del mismo elemento: sin viñeta, con su sangría
                    internos: list = []
                    self._bloques([bloque], internos, ESTILOS["continuacion"])
                    for p in internos:
                        ppr = p.find(qn("w:pPr"))
                        if ppr is not None and ppr.find(qn("w:ind")) is None:
                            ind = OxmlElement("w:ind")
                            ind.set(qn("w:left"), str(SANGRIA_NIVEL * (nivel + 1)))
                            ppr.append(ind)
                    salida.extend(internos)

    # ------------------------------------------------------------------ entrada
    def convertir(self, arbol: Arbol) -> XmlWord:
        """Párrafos para ``{{p …}}``; o, si el árbol es en línea, runs para ``{{r …}}``."""
        if arbol.en_linea:
            parrafo = arbol.raiz[0]
            contenedor = OxmlElement("w:p")
            self._en_linea(contenedor, parrafo.text, list(parrafo))
            elementos = list(contenedor)
        else:
            elementos = []
            self._bloques(list(arbol.raiz), elementos)
        return XmlWord("".join(etree.tostring(e, encoding="unicode") for e in elementos))
