"""Árbol de Markdown → contenido Word real dentro de una plantilla docxtpl.

Construye párrafos, títulos, listas con numeración de Word (``numPr``, una instancia por
lista para que cada una reinicie), hipervínculos con su relación, tablas con fila de
encabezado que se repite, imágenes con texto alternativo (``descr``) y leyenda, y notas al
pie de Word de verdad (parte ``footnotes.xml``). Usa los estilos de la propia plantilla,
resueltos por nombre en su ``styles.xml``, y entrega XML que docxtpl inserta con
``{{p …}}``. No abre ningún paquete .docx por sección.

Las notas al pie se escriben en su parte después de que docxtpl renderiza (``finalizar``):
así su texto nunca pasa por Jinja.
"""

from __future__ import annotations

import re
from functools import cache

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import NamespacePrefixedTag, nsdecls, qn
from docx.oxml.parser import oxml_parser
from docx.oxml.shape import CT_Inline
from docx.shared import Emu
from lxml import etree

from ..errores import ErrorFuente, ErrorPlantilla, Problema
from . import BLOQUES, NOTA_PIE, Arbol, es_figura, linea_de, ruta_imagen
from .estilos_word import Estilos

# Estilo de Word (nombre en la plantilla) para cada construcción; el segundo valor es el
# estilo que se usa si la plantilla no tiene el primero (None: es obligatorio).
ESTILOS = {
    "p": ("Normal", None),
    "titulo": ("Heading {nivel}", None),
    "ul": ("List Bullet", None),
    "ol": ("List Number", None),
    "continuacion": ("List Continue", "Normal"),
    "cita": ("Quote", "Normal"),
    "codigo": ("Código", "Normal"),
    "codigo_en_linea": ("Código en línea", None),
    "enlace": ("Hyperlink", None),
    "tabla": ("Tabla AURORA", "Table Grid"),
    "celda": ("Texto de tabla", "Normal"),
    "figura": ("Figura", "Normal"),
    "leyenda": ("Caption", "Normal"),
    "nota": ("footnote text", "Normal"),
    "llamada": ("footnote reference", None),
}
SANGRIA_NIVEL = 720  # veinteavos de punto por nivel de lista (= 1,27 cm)
EMU_POR_TWIP = 635
_ALINEACION = re.compile(r"text-align:\s*(left|right|center)")
_NOTAS_VACIAS = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


class XmlWord(str):
    """XML de Word listo para ``{{p variable}}``: docxtpl lo inserta sin escaparlo."""

    def __html__(self):
        return str(self)


def _el(etiqueta: str, **atributos) -> etree._Element:
    """``OxmlElement(etiqueta)`` con sus atributos ``w:``: el mismo elemento, con el nombre y
    los espacios de nombres calculados una vez por etiqueta (un documento crea miles)."""
    nombre, espacios = _etiqueta(etiqueta)
    el = oxml_parser.makeelement(nombre, nsmap=espacios)
    for clave, valor in atributos.items():
        el.set(_atributo(clave), str(valor))
    return el


@cache
def _etiqueta(etiqueta: str) -> tuple[str, dict[str, str]]:
    nombre = NamespacePrefixedTag(etiqueta)
    return nombre.clark_name, nombre.nsmap


@cache
def _atributo(clave: str) -> str:
    return qn(f"w:{clave}")


def parte_notas(documento) -> Part:
    """La parte ``footnotes.xml`` del documento; la crea (con sus separadores) si no existe."""
    parte = documento.part
    for relacion in parte.rels.values():
        if relacion.reltype == RT.FOOTNOTES:
            return relacion.target_part
    notas = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, _NOTAS_VACIAS.encode(),
                 parte.package)
    parte.relate_to(notas, RT.FOOTNOTES)
    return notas


class ConstructorWord:
    """Convierte árboles de Markdown en XML de Word dentro de un documento (la plantilla)."""

    def __init__(self, documento, nombre_plantilla: str, nivel_base: int = 2, estilos: Estilos | None = None):
        self.documento = documento
        self.parte = documento.part
        self.nombre_plantilla = nombre_plantilla
        # nivel de Markdown que corresponde a «Heading 1»: con 2, «##» (la sección) es
        # Heading 1 y un «###» dentro de la sección es Heading 2.
        self.nivel_base = nivel_base
        self._ids_estilo: dict[str, str | None] = {}
        self._estilos = Estilos(documento, de=estilos)  # los de la plantilla intacta, si los hay
        self._abstractos: dict[str, str] = {}
        self._destino_relaciones = self.parte  # la parte donde van los hipervínculos
        self._arbol: Arbol | None = None
        self._notas: list = []  # <w:footnote> por escribir en finalizar()
        self._parte_notas: Part | None = None
        self._siguiente_nota = 0
        seccion = documento.sections[0]
        self.ancho_texto = seccion.page_width - seccion.left_margin - seccion.right_margin

    # ------------------------------------------------------------------ estilos
    def _buscar_estilo(self, nombre: str) -> str | None:
        """El styleId del estilo ``nombre``, buscado por su identidad (también con el nombre que
        le ponen LibreOffice o un Word en castellano; ``estilos_word.py``)."""
        if nombre not in self._ids_estilo:
            self._ids_estilo[nombre] = self._estilos.id(nombre)
        return self._ids_estilo[nombre]

    def id_estilo(self, clave: str, **formato) -> str:
        """El id del estilo de ``clave`` (o de su alternativa); error claro si no hay ninguno."""
        nombre, alternativa = ESTILOS[clave]
        nombre = nombre.format(**formato)
        estilo = self._buscar_estilo(nombre) or (alternativa and self._buscar_estilo(alternativa))
        if not estilo:
            raise ErrorPlantilla(
                f"la plantilla «{self.nombre_plantilla}» no tiene el estilo «{nombre}»; "
                "créelo en Word (Estilos → Nuevo estilo) con ese nombre")
        return estilo

    # ---------------------------------------------------------------- numeración
    def _abstracto(self, tipo: str) -> str:
        """El abstractNum de la plantilla que usa el estilo de lista de ``tipo`` (ul/ol)."""
        if tipo not in self._abstractos:
            nombre = ESTILOS[tipo][0]
            num_id = self._numeracion_del_estilo(self.id_estilo(tipo))
            numeracion = self.parte.numbering_part.element
            abstracto = next((num.abstractNumId.val for num in numeracion.num_lst
                              if num.numId == num_id), None)
            if abstracto is None:
                raise ErrorPlantilla(
                    f"el estilo «{nombre}» de la plantilla «{self.nombre_plantilla}» "
                    "no tiene numeración; asígnele viñetas o números en Word")
            self._abstractos[tipo] = abstracto
        return self._abstractos[tipo]

    def _numeracion_del_estilo(self, id_estilo: str | None):
        """El numId del estilo (o del estilo en que se basa: LibreOffice lo deja ahí a veces)."""
        estilos = self.documento.styles.element
        vistos = set()
        while id_estilo and id_estilo not in vistos:
            vistos.add(id_estilo)
            estilo = estilos.get_by_id(id_estilo)
            if estilo is None:
                return None
            ppr = estilo.pPr
            if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
                return ppr.numPr.numId.val
            base = estilo.find(qn("w:basedOn"))
            id_estilo = base.get(qn("w:val")) if base is not None else None
        return None

    def _nueva_lista(self, tipo: str, inicio: int = 1) -> int:
        """Una instancia de numeración nueva: cada lista reinicia su cuenta."""
        num = self.parte.numbering_part.element.add_num(self._abstracto(tipo))
        for nivel in range(9):  # lo que hacen add_lvlOverride y add_startOverride de python-docx
            nivel_xml = _el("w:lvlOverride", ilvl=nivel)
            nivel_xml.append(_el("w:startOverride", val=inicio if nivel == 0 else 1))
            num.append(nivel_xml)
        return num.numId

    # ------------------------------------------------------------------ párrafos
    def _parrafo(self, clave: str, num: tuple[int, int] | None = None, sangria: int | None = None,
                 borde_inferior: bool = False, alineacion: str | None = None, **formato):
        p = _el("w:p")
        ppr = _el("w:pPr")
        p.append(ppr)
        ppr.append(_el("w:pStyle", val=self.id_estilo(clave, **formato)))
        if num is not None:
            numpr = _el("w:numPr")
            numpr.extend([_el("w:ilvl", val=num[0]), _el("w:numId", val=num[1])])
            ppr.append(numpr)
        if borde_inferior:
            pbdr = _el("w:pBdr")
            pbdr.append(_el("w:bottom", val="single", sz=6, space=1, color="auto"))
            ppr.append(pbdr)
        if sangria is not None:
            ppr.append(_el("w:ind", left=sangria))
        if alineacion:
            ppr.append(_el("w:jc", val=alineacion))
        return p

    # ------------------------------------------------------------------ en línea
    def _run(self, destino, texto: str | None, formato: frozenset, salto: bool = False):
        run = _el("w:r")
        rpr = _el("w:rPr")
        if "enlace" in formato:
            rpr.append(_el("w:rStyle", val=self.id_estilo("enlace")))
        if "codigo" in formato:
            estilo = self._buscar_estilo(ESTILOS["codigo_en_linea"][0])
            if estilo and "enlace" not in formato:
                rpr.append(_el("w:rStyle", val=estilo))
            else:  # sin el estilo en la plantilla: la fuente directamente
                fuentes = _el("w:rFonts")
                for k in ("ascii", "hAnsi", "cs"):
                    fuentes.set(qn(f"w:{k}"), "Liberation Mono")
                rpr.append(fuentes)
        for marca, etiqueta in (("b", "w:b"), ("i", "w:i"), ("tachado", "w:strike")):
            if marca in formato:
                rpr.append(_el(etiqueta))
        if len(rpr):
            run.append(rpr)
        if salto:
            run.append(_el("w:br"))
        else:
            t = _el("w:t")
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
                vinculo = _el("w:hyperlink")
                rid = self._destino_relaciones.relate_to(hijo.get("href"), RT.HYPERLINK,
                                                         is_external=True)
                vinculo.set(qn("r:id"), rid)
                self._en_linea(vinculo, hijo.text, list(hijo), formato | {"enlace"})
                destino.append(vinculo)
            elif etiqueta == "img":
                destino.append(self._imagen(hijo))
            elif etiqueta == NOTA_PIE:
                destino.append(self._llamada_nota(hijo))
            else:
                self._en_linea(destino, hijo.text, list(hijo), formato)
            self._texto(destino, hijo.tail, formato)

    # ------------------------------------------------------------------ imágenes
    def _imagen(self, img):
        """Una imagen de la carpeta del documento, ajustada al ancho del texto."""
        arbol = self._arbol
        assert arbol is not None
        ruta = ruta_imagen(arbol, img.get("src", ""))
        assert ruta is not None  # ya validada por marcado
        try:
            rid, imagen = self.parte.get_or_add_image(str(ruta))
        except Exception:  # python-docx no entiende la cabecera de la imagen
            raise ErrorFuente([Problema(arbol.archivo, linea_de(arbol, img.get("src", "")),
                f"la imagen «{img.get('src', '')}» no se puede usar en Word (su cabecera está "
                "dañada); vuelva a guardarla como PNG o JPG")]) from None
        ancho, alto = imagen.width, imagen.height
        if ancho > self.ancho_texto:
            ancho, alto = self.ancho_texto, int(alto * self.ancho_texto / ancho)
        en_linea = CT_Inline.new_pic_inline(1, rid, ruta.name, ancho, alto)
        en_linea.docPr.set("descr", img.get("alt", ""))  # texto alternativo, no la leyenda
        run = _el("w:r")
        dibujo = _el("w:drawing")
        dibujo.append(en_linea)
        run.append(dibujo)
        return run

    # --------------------------------------------------------------- notas al pie
    def _llamada_nota(self, nota):
        """La llamada en el texto; el contenido se guarda para ``finalizar``."""
        if self._parte_notas is None:
            self._parte_notas = parte_notas(self.documento)
            existentes = etree.fromstring(self._parte_notas.blob)
            ids = [int(n.get(qn("w:id")) or 0) for n in existentes.findall(qn("w:footnote"))]
            self._siguiente_nota = max(ids + [0]) + 1
        id_nota = self._siguiente_nota
        self._siguiente_nota += 1

        contenido: list = []
        anterior, self._destino_relaciones = self._destino_relaciones, self._parte_notas
        try:
            self._bloques(list(nota), contenido, "nota")
        finally:
            self._destino_relaciones = anterior
        if not contenido:
            contenido = [self._parrafo("nota")]
        marca = _el("w:r")
        marca.append(self._rpr_llamada())
        marca.append(_el("w:footnoteRef"))
        contenido[0].find(qn("w:pPr")).addnext(marca)
        espacio = _el("w:r")
        t = _el("w:t")
        t.text = " "
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        espacio.append(t)
        marca.addnext(espacio)
        elemento = _el("w:footnote", id=id_nota)
        elemento.extend(contenido)
        self._notas.append(elemento)

        llamada = _el("w:r")
        llamada.append(self._rpr_llamada())
        llamada.append(_el("w:footnoteReference", id=id_nota))
        return llamada

    def _rpr_llamada(self):
        rpr = _el("w:rPr")
        estilo = self._buscar_estilo(ESTILOS["llamada"][0])
        rpr.append(_el("w:rStyle", val=estilo) if estilo else _el("w:vertAlign", val="superscript"))
        return rpr

    def finalizar(self) -> None:
        """Escribe las notas al pie en su parte. Llamar después de ``DocxTemplate.render``."""
        if not self._notas or self._parte_notas is None:
            return
        raiz = etree.fromstring(self._parte_notas.blob)
        raiz.extend(self._notas)
        self._parte_notas._blob = etree.tostring(raiz, xml_declaration=True, encoding="UTF-8",
                                                 standalone=True)
        self._notas = []

    # ------------------------------------------------------------------- bloques
    def _bloques(self, elementos, salida: list, clave_parrafo: str = "p"):
        for el in elementos:
            etiqueta = el.tag
            if etiqueta == "p":
                if es_figura(el):
                    self._figura(el[0], salida)
                    continue
                p = self._parrafo(clave_parrafo)
                if salida and salida[-1].tag == qn("w:tbl"):  # aire entre la tabla y el texto
                    p.find(qn("w:pPr")).append(_el("w:spacing", before=160))
                self._en_linea(p, el.text, list(el))
                salida.append(p)
            elif etiqueta in ("h1", "h2", "h3", "h4", "h5", "h6"):
                nivel = max(1, int(etiqueta[1]) - self.nivel_base + 1)
                p = self._parrafo("titulo", nivel=nivel)
                self._en_linea(p, el.text, list(el))
                salida.append(p)
            elif etiqueta in ("ul", "ol"):
                self._lista(el, 0, salida)
            elif etiqueta == "blockquote":
                self._bloques(list(el), salida, "cita")
            elif etiqueta == "hr":
                salida.append(self._parrafo("p", borde_inferior=True))
            elif etiqueta == "pre":
                codigo = "".join(el.itertext()).rstrip("\n")
                p = self._parrafo("codigo")
                for i, linea in enumerate(codigo.split("\n")):
                    if i:
                        self._run(p, None, frozenset(), salto=True)
                    self._run(p, linea, frozenset({"codigo"}))
                salida.append(p)
            elif etiqueta == "table":
                salida.append(self._tabla(el))
            else:  # contenedor desconocido: su contenido, sin perder texto
                self._bloques(list(el), salida, clave_parrafo)

    def _figura(self, img, salida: list):
        """Imagen sola en su párrafo: la imagen centrada y, si tiene título, su leyenda."""
        p = self._parrafo("figura", alineacion="center")
        p.append(self._imagen(img))
        salida.append(p)
        if img.get("title"):
            leyenda = self._parrafo("leyenda")
            self._texto(leyenda, img.get("title"), frozenset())
            salida.append(leyenda)

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
                p = self._parrafo(tipo, num=(nivel, num_id))
                self._en_linea(p, (item.text or "").lstrip(), hijos[:corte])
                salida.append(p)
                con_vineta = True
            for bloque in hijos[corte:]:
                if bloque.tag in ("ul", "ol"):
                    self._lista(bloque, nivel + 1, salida)
                elif bloque.tag == "p" and not con_vineta:
                    p = self._parrafo(tipo, num=(nivel, num_id))
                    self._en_linea(p, bloque.text, list(bloque))
                    salida.append(p)
                    con_vineta = True
                else:  # párrafos siguientes del mismo elemento: sin viñeta, con su sangría
                    internos: list = []
                    self._bloques([bloque], internos, "continuacion")
                    for p in internos:
                        ppr = p.find(qn("w:pPr"))
                        if ppr is not None and ppr.find(qn("w:ind")) is None:
                            ppr.append(_el("w:ind", left=SANGRIA_NIVEL * (nivel + 1)))
                    salida.extend(internos)

    def _tabla(self, tabla):
        """Tabla de Word con el estilo de la plantilla; la fila de encabezado se repite."""
        cabecera = tabla.find("thead")
        encabezado = set(cabecera.iter("tr")) if cabecera is not None else set()
        filas = [(tr, True) for tr in tabla.iter("tr") if tr in encabezado]
        filas += [(tr, False) for tr in tabla.iter("tr") if tr not in encabezado]
        columnas = max((len(tr) for tr, _ in filas), default=1)
        ancho_columna = int(self.ancho_texto / EMU_POR_TWIP / columnas)
        tbl = _el("w:tbl")
        tblpr = _el("w:tblPr")
        tblpr.append(_el("w:tblStyle", val=self.id_estilo("tabla")))
        tblpr.append(_el("w:tblW", w=5000, type="pct"))
        tblpr.append(_el("w:tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=0,
                         lastColumn=0, noHBand=0, noVBand=1))
        tbl.append(tblpr)
        grilla = _el("w:tblGrid")
        grilla.extend(_el("w:gridCol", w=ancho_columna) for _ in range(columnas))
        tbl.append(grilla)
        for tr, es_encabezado in filas:
            fila = _el("w:tr")
            if es_encabezado:
                trpr = _el("w:trPr")
                trpr.append(_el("w:tblHeader"))
                fila.append(trpr)
            celdas = list(tr) + [None] * (columnas - len(tr))
            for celda in celdas:
                tc = _el("w:tc")
                tcpr = _el("w:tcPr")
                tcpr.append(_el("w:tcW", w=ancho_columna, type="dxa"))
                tc.append(tcpr)
                alineacion = _ALINEACION.search((celda.get("style") or "") if celda is not None else "")
                p = self._parrafo("celda", alineacion=alineacion and alineacion.group(1))
                if celda is not None:
                    formato = frozenset({"b"}) if celda.tag == "th" else frozenset()
                    self._en_linea(p, celda.text, list(celda), formato)
                tc.append(p)
                fila.append(tc)
            tbl.append(fila)
        return tbl

    # ------------------------------------------------------------------ entrada
    def convertir_dibujo(self, dibujo) -> XmlWord:
        """Un dibujo hecho de datos (``pipeline/dibujos.py``): su imagen PNG centrada, con su
        texto alternativo, y su leyenda («Figura 3. …»)."""
        import io

        rid, imagen = self.parte.get_or_add_image(io.BytesIO(dibujo.png))
        ancho = min(self.ancho_texto, int(dibujo.ancho_mm * 36000))
        alto = int(imagen.height * ancho / imagen.width)
        en_linea = CT_Inline.new_pic_inline(1, rid, "dibujo.png", Emu(ancho), Emu(alto))
        en_linea.docPr.set("descr", dibujo.alt)
        p = self._parrafo("figura", alineacion="center")
        run = _el("w:r")
        grafico = _el("w:drawing")
        grafico.append(en_linea)
        run.append(grafico)
        p.append(run)
        leyenda = self._parrafo("leyenda")
        self._texto(leyenda, dibujo.leyenda, frozenset())
        return XmlWord("".join(etree.tostring(e, encoding="unicode") for e in (p, leyenda)))

    def convertir(self, arbol: Arbol) -> XmlWord:
        """Párrafos para ``{{p …}}``; o, si el árbol es en línea, runs para ``{{r …}}``."""
        self._arbol = arbol
        if arbol.en_linea:
            parrafo = arbol.raiz[0]
            contenedor = _el("w:p")
            self._en_linea(contenedor, parrafo.text, list(parrafo))
            elementos = list(contenedor)
        else:
            elementos = []
            self._bloques(list(arbol.raiz), elementos)
        return XmlWord("".join(etree.tostring(e, encoding="unicode") for e in elementos))
