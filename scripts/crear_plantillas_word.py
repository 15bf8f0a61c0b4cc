"""Genera la versión inicial de las plantillas Word: ``plantillas/<tipo>/<tipo>.docx``.

Las plantillas son de la SGIC: una vez creadas se editan en Word o LibreOffice, no con este
script, que no toca una plantilla que ya existe salvo con ``--sobrescribir``.
Uso: ``.venv/bin/python scripts/crear_plantillas_word.py [TIPO...] [--sobrescribir]``.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

MORADO = RGBColor(0x5C, 0x2D, 0x82)
GRIS = RGBColor(0x40, 0x40, 0x40)
FUENTE = "Arial"  # LibreOffice la sustituye por Liberation Sans (mismas métricas)

VINETAS = ["•", "◦", "▪"] * 3
FORMATOS = ["decimal", "lowerLetter", "lowerRoman"] * 3


def _abstracto(id_: int, nombre: str, numerada: bool) -> str:
    niveles = []
    for n in range(9):
        if numerada:
            fmt, texto, fuente = FORMATOS[n], f"%{n + 1}.", ""
        else:
            fmt, texto = "bullet", VINETAS[n]
            fuente = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/></w:rPr>'
        niveles.append(
            f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{texto}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (n + 1)}" w:hanging="360"/></w:pPr>{fuente}</w:lvl>')
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{id_}">'
            f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{nombre}"/>'
            + "".join(niveles) + "</w:abstractNum>")


def _numeracion(doc) -> dict[str, int]:
    """Dos definiciones multinivel (viñetas y números) y una instancia de cada una."""
    numeracion = doc.part.numbering_part.element
    ids = {}
    for clave, nombre, numerada in (("ul", "Viñetas AURORA", False), ("ol", "Números AURORA", True)):
        id_abs = 100 + len(ids)
        abstracto = parse_xml(_abstracto(id_abs, nombre, numerada))
        primero_num = numeracion.find(qn("w:num"))
        if primero_num is not None:
            primero_num.addprevious(abstracto)
        else:
            numeracion.append(abstracto)
        ids[clave] = numeracion.add_num(id_abs).numId
    return ids


def _estilo_parrafo(doc, nombre, tam, negrita=False, color=None, cursiva=False,
                    antes=0, despues=6, base="Normal", alineacion=None, mayusculas=False):
    estilos = doc.styles
    try:
        estilo = estilos[nombre]
    except KeyError:
        estilo = estilos.add_style(nombre, WD_STYLE_TYPE.PARAGRAPH)
        estilo.base_style = estilos[base]
    fuente = estilo.font
    fuente.name, fuente.size, fuente.bold, fuente.italic = FUENTE, Pt(tam), negrita, cursiva
    fuente.all_caps = mayusculas
    if color is not None:
        fuente.color.rgb = color
    formato = estilo.paragraph_format
    formato.space_before, formato.space_after = Pt(antes), Pt(despues)
    if alineacion is not None:
        formato.alignment = alineacion
    rpr = estilo.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for k in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{k}"), None)  # el tema ganaría a la fuente elegida
    for k in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{k}"), FUENTE)
    return estilo


def _estilo_tabla(doc):
    """«Tabla AURORA»: bordes finos y fila de encabezado sombreada (formato condicional)."""
    estilos = doc.styles.element
    estilos.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="TablaAURORA">'
        '<w:name w:val="Tabla AURORA"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="20"/></w:rPr>'
        '<w:tblPr><w:tblBorders>'
        + "".join(f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="B9A3CC"/>'
                  for b in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" '
        'w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="5C2D82"/></w:tcPr></w:tblStylePr>'
        "</w:style>"))


def _notas_al_pie(doc):
    """La parte de notas al pie (con sus separadores) y su referencia en la configuración."""
    from pipeline.marcado.a_word import parte_notas

    parte_notas(doc)
    propiedades = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/>'
                            '<w:footnote w:id="0"/></w:footnotePr>')
    compat = doc.settings.element.find(qn("w:compat"))  # el esquema lo pone justo antes
    compat.addprevious(propiedades)
    # Un salto de línea manual no estira la línea en un párrafo justificado.
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _campo(parrafo, codigo: str):
    """Un campo de Word (PAGE, NUMPAGES) que Word y LibreOffice actualizan solos."""
    campo = OxmlElement("w:fldSimple")
    campo.set(qn("w:instr"), codigo)
    run = OxmlElement("w:r")
    texto = OxmlElement("w:t")
    texto.text = "1"
    run.append(texto)
    campo.append(run)
    parrafo._p.append(campo)


def _sombrear(celda, color: str):
    celda._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{color}"/>'))


def _sin_bordes(tabla):
    tblpr = tabla._tbl.tblPr
    tblpr.append(parse_xml(
        f'<w:tblBorders {nsdecls("w")}>'
        + "".join(f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="D9C8E6"/>'
                  for b in ("top", "bottom", "insideH"))
        + "".join(f'<w:{b} w:val="nil"/>' for b in ("left", "right", "insideV"))
        + "</w:tblBorders>"))


ESTILOS_DE_TABLA = ("Normal Table", "Table Grid", "Tabla AURORA")


def _aligerar(doc):
    """Sin las partes que el documento no usa (stylesWithEffects, customXml, miniatura) ni las
    definiciones de los estilos de tabla de Word que no usa (Word los tiene de fábrica): la
    plantilla pasa de ~850 KB a ~120 KB sin comprimir, y cada documento se hace más rápido."""
    from docx.enum.style import WD_STYLE_TYPE as TIPO

    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            del doc.part.rels[rid]
    paquete = doc.part.package
    for rid, rel in list(paquete.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del paquete.rels[rid]
    for estilo in list(doc.styles):
        if estilo.type == TIPO.TABLE and estilo.name not in ESTILOS_DE_TABLA:
            estilo.element.getparent().remove(estilo.element)


def documento_base(paginas_por_seccion: bool = False):
    """Documento con página A4, todos los estilos, numeraciones, notas al pie y encabezado.
    Con ``paginas_por_seccion``, cada sección numera sus páginas desde 1 («Página 1 de 1»:
    SECTIONPAGES en vez de NUMPAGES): los documentos de una persona cada uno."""
    doc = Document()
    seccion = doc.sections[0]
    seccion.page_width, seccion.page_height = Cm(21.0), Cm(29.7)
    seccion.top_margin = seccion.bottom_margin = Cm(2.5)
    seccion.left_margin = seccion.right_margin = Cm(2.3)
    seccion.header_distance = seccion.footer_distance = Cm(1.2)

    estilos = doc.styles
    normal = _estilo_parrafo(doc, "Normal", 11, despues=6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.line_spacing = 1.15
    titulo = _estilo_parrafo(doc, "Title", 20, negrita=True, color=MORADO, despues=12)
    titulo.element.get_or_add_pPr()  # sin el borde inferior del estilo por defecto
    for borde in titulo.element.pPr.findall(qn("w:pBdr")):
        titulo.element.pPr.remove(borde)
    titulo.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for n, tam in ((1, 14), (2, 12), (3, 11), (4, 11), (5, 11)):
        h = _estilo_parrafo(doc, f"Heading {n}", tam, negrita=True,
                            color=MORADO if n <= 2 else GRIS, cursiva=n >= 4,
                            antes=18 if n == 1 else 12, despues=6)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _estilo_parrafo(doc, "Rótulo del documento", 14, negrita=True, color=MORADO, despues=0,
                    mayusculas=True, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    _estilo_parrafo(doc, "Número del documento", 11, color=GRIS, despues=12,
                    alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    tipo = _estilo_parrafo(doc, "Tipo de práctica", 12, negrita=True, color=MORADO, despues=4,
                           mayusculas=True, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    tipo.element.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="24" w:space="6" '
        'w:color="5C2D82"/></w:pBdr>'))
    _estilo_parrafo(doc, "Cifra valor", 22, negrita=True, color=MORADO, despues=0,
                    alineacion=WD_ALIGN_PARAGRAPH.CENTER)
    _estilo_parrafo(doc, "Cifra etiqueta", 10, negrita=True, color=MORADO, despues=2,
                    mayusculas=True, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    _estilo_parrafo(doc, "Cifra texto", 10, despues=2, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    _estilo_parrafo(doc, "Nota de fuente", 9, cursiva=True, color=GRIS, antes=4, despues=6)
    _estilo_parrafo(doc, "Conoce más", 11, negrita=True, color=MORADO, antes=18, despues=6,
                    alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    codigo = _estilo_parrafo(doc, "Código", 9.5, despues=6, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    codigo.font.name = "Liberation Mono"
    cita = _estilo_parrafo(doc, "Quote", 11, cursiva=True, color=GRIS)
    cita.paragraph_format.left_indent = Cm(0.8)
    cita.element.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="12" w:space="8" '
        'w:color="D9C8E6"/></w:pBdr>'))
    codigo_en_linea = estilos.add_style("Código en línea", WD_STYLE_TYPE.CHARACTER)
    codigo_en_linea.font.name = "Liberation Mono"
    codigo_en_linea.font.size = Pt(9.5)
    for nombre in ("Header", "Footer"):
        _estilo_parrafo(doc, nombre, 8.5, color=GRIS, despues=0, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    _estilo_parrafo(doc, "Texto de tabla", 10, despues=0, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    figura = _estilo_parrafo(doc, "Figura", 11, antes=6, despues=2,
                             alineacion=WD_ALIGN_PARAGRAPH.CENTER)
    figura.paragraph_format.keep_with_next = True
    _estilo_parrafo(doc, "Caption", 9, cursiva=True, color=GRIS, despues=10,
                    alineacion=WD_ALIGN_PARAGRAPH.CENTER)
    _estilo_parrafo(doc, "footnote text", 9, despues=0, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    llamada = estilos.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    llamada.font.superscript = True
    _estilo_tabla(doc)
    _aligerar(doc)
    enlace = estilos.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    enlace.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    enlace.font.underline = True

    nums = _numeracion(doc)
    _notas_al_pie(doc)
    for nombre, clave in (("List Bullet", "ul"), ("List Number", "ol")):
        estilo = estilos[nombre]
        estilo.base_style = normal
        estilo.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        estilo.paragraph_format.space_after = Pt(4)
        estilo.element.pPr.numPr.numId.val = nums[clave]
    continuar = estilos["List Continue"]
    continuar.base_style = normal
    continuar.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    _estilo_parrafo(doc, "Pregunta", 10.5, negrita=True, color=MORADO, antes=8, despues=2,
                    alineacion=WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.keep_with_next = True
    _estilo_parrafo(doc, "Etiqueta", 10, negrita=True, despues=0, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    firma = _estilo_parrafo(doc, "Firma", 10, despues=2, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    firma.paragraph_format.right_indent = Cm(9.0)  # la línea de firma mide unos 7 cm
    firma.paragraph_format.keep_with_next = True
    _estilo_parrafo(doc, "Resultado", 16, negrita=True, color=MORADO, antes=6, despues=6,
                    alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    _estilo_parrafo(doc, "Portada", 12, color=GRIS, despues=4, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    _estilo_parrafo(doc, "Derecha", 11, despues=12, alineacion=WD_ALIGN_PARAGRAPH.RIGHT)
    _estilo_parrafo(doc, "Centrado", 10, cursiva=True, despues=0, alineacion=WD_ALIGN_PARAGRAPH.CENTER)
    _estilo_parrafo(doc, "Norma", 12, negrita=True, antes=6, despues=6,
                    alineacion=WD_ALIGN_PARAGRAPH.CENTER)
    _estilo_parrafo(doc, "TOC Heading", 14, negrita=True, color=MORADO, antes=0, despues=12,
                    alineacion=WD_ALIGN_PARAGRAPH.LEFT)
    for nivel in (1, 2):
        toc = _estilo_parrafo(doc, f"toc {nivel}", 11, despues=4, alineacion=WD_ALIGN_PARAGRAPH.LEFT)
        toc.paragraph_format.left_indent = Cm(0.6 * (nivel - 1))
        toc.element.get_or_add_pPr().append(parse_xml(
            f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" w:pos="9270"/></w:tabs>'))

    # Encabezado y pie: identidad del Programa (texto) y logo opcional de plantillas/comun/.
    encabezado = seccion.header.paragraphs[0]
    encabezado.text = ("{% if logo %}{{ logo }}   {% endif %}{{ emisor.principal }}"
                       "{% if emisor.secundario %}  |  {{ emisor.secundario }}{% endif %}")
    ejemplo = encabezado.add_run("{% if ejemplo %}   {{ texto('ejemplo') }}{% endif %}")
    ejemplo.bold = True
    ejemplo.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    parrafo_pie = seccion.footer.paragraphs[0]
    parrafo_pie.text = "{{ texto('pie') }}"
    parrafo_pie.add_run("  ·  ")
    parrafo_pie.add_run("Página ")
    _campo(parrafo_pie, "PAGE")
    parrafo_pie.add_run(" de ")
    _campo(parrafo_pie, "SECTIONPAGES" if paginas_por_seccion else "NUMPAGES")
    if paginas_por_seccion:
        seccion._sectPr.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    return doc



# ------------------------------------------------------------------ piezas comunes
def seccion_md(doc, clave: str, marcador: bool = False):
    """Título numerado de una sección y el marcador donde va su Markdown."""
    titulo = doc.add_paragraph(style="Heading 1")
    texto = f"{{{{ secciones.{clave}.numero }}}}. {{{{ secciones.{clave}.titulo }}}}"
    if marcador:  # para el índice: el campo TOC/PAGEREF apunta a este marcador. Su nombre es
        # fijo (sin marcas): Word y LibreOffice cambian los espacios por «_» y cortan a 40 letras.
        _marcador(titulo, f"_Toc_{clave}", texto)
    else:
        titulo.add_run(texto)
    doc.add_paragraph(f"{{{{p secciones.{clave}.contenido }}}}")


def seccion_opcional(doc, variable: str, titulo: str, nivel: int = 1):
    """Una sección de Markdown que puede faltar: su título fijo y su contenido, solo si está."""
    doc.add_paragraph(f"{{%p if {variable} %}}")
    doc.add_paragraph(titulo, style=f"Heading {nivel}")
    doc.add_paragraph(f"{{{{p {variable} }}}}")
    doc.add_paragraph("{%p endif %}")


_ID_MARCADOR = [100]


def _marcador(parrafo, nombre: str, texto: str):
    _ID_MARCADOR[0] += 1
    id_ = _ID_MARCADOR[0]
    parrafo._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{id_}" w:name="{nombre}"/>'))
    parrafo.add_run(texto)
    parrafo._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{id_}"/>'))


def tabla_datos(doc, filas: list[tuple[str, str]], ancho_etiqueta=4.5):
    """Tabla de dos columnas «dato | valor» (la columna de la izquierda en negrita)."""
    tabla = doc.add_table(rows=len(filas), cols=2)
    tabla.style = doc.styles["Tabla AURORA"]
    _sin_encabezado(tabla)
    _anchos(tabla, [ancho_etiqueta, 16.4 - ancho_etiqueta])
    for i, (etiqueta, valor) in enumerate(filas):
        izquierda, derecha = tabla.rows[i].cells
        izquierda.paragraphs[0].text = etiqueta
        izquierda.paragraphs[0].style = doc.styles["Etiqueta"]
        _sombrear(izquierda, "F1E8F6")
        derecha.paragraphs[0].text = valor
        derecha.paragraphs[0].style = doc.styles["Texto de tabla"]
    return tabla


def _anchos(tabla, anchos_cm: list[float]):
    """Ancho de cada columna: en la grilla (LibreOffice la usa) y en cada celda (Word)."""
    tabla.autofit = False
    for col, ancho in zip(tabla._tbl.tblGrid.findall(qn("w:gridCol")), anchos_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(ancho).twips)))
    for fila in tabla.rows:
        for celda, ancho in zip(fila.cells, anchos_cm, strict=True):
            celda.width = Cm(ancho)


def _sin_encabezado(tabla):
    """La tabla no tiene fila de encabezado: sin el formato de primera fila del estilo."""
    tabla._tbl.tblPr.append(parse_xml(
        f'<w:tblLook {nsdecls("w")} w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'))


def tabla_bucle(doc, encabezados: list[str], celdas: list[str], bucle: str, anchos: list[float],
                pie: list[str] | None = None):
    """Tabla con fila de encabezado (repetida en cada página), una fila por elemento y, si se
    pide, una fila final (totales)."""
    tabla = doc.add_table(rows=4, cols=len(encabezados))
    tabla.style = doc.styles["Tabla AURORA"]
    for j, texto in enumerate(encabezados):
        celda = tabla.cell(0, j)
        celda.paragraphs[0].text = texto
        celda.paragraphs[0].style = doc.styles["Texto de tabla"]
    tabla.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    tabla.cell(1, 0).paragraphs[0].text = "{%tr for " + bucle + " %}"
    for j, texto in enumerate(celdas):
        tabla.cell(2, j).paragraphs[0].text = texto
        tabla.cell(2, j).paragraphs[0].style = doc.styles["Texto de tabla"]
    tabla.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    tabla.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    if pie:
        fila = tabla.add_row()
        for j, texto in enumerate(pie):
            fila.cells[j].paragraphs[0].text = texto
            fila.cells[j].paragraphs[0].style = doc.styles["Etiqueta"]
    _anchos(tabla, anchos)
    return tabla


def encabezado_oficial(doc):
    """Decenio y nombre oficial del año, centrados en el encabezado de cada página."""
    encabezado = doc.sections[0].header
    for texto in ("{% if encabezado.decenio %}“{{ encabezado.decenio }}”{% endif %}",
                  "“{{ encabezado.anio }}”"):
        encabezado.add_paragraph(texto, style="Centrado")


def con_marca(doc, texto: str, marca: str, estilo: str = "Normal", negrita: str = ""):
    """Un párrafo con un texto y, si la hay, la marca «[por confirmar]» resaltada."""
    p = doc.add_paragraph(style=estilo)
    if negrita:
        p.add_run(negrita).bold = True
    p.add_run(texto)
    resaltado = p.add_run("{% if " + marca + " %} {{ " + marca + " }}{% endif %}")
    resaltado.font.highlight_color = WD_COLOR_INDEX.YELLOW
    resaltado.font.size = Pt(9)
    return p


def horizontal(doc):
    """Nueva sección en A4 apaisado (para tablas anchas)."""
    seccion = doc.add_section(WD_SECTION.NEW_PAGE)
    seccion.orientation = WD_ORIENT.LANDSCAPE
    seccion.page_width, seccion.page_height = Cm(29.7), Cm(21.0)
    return seccion


def salto_de_pagina(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def destinatario(doc, tratamiento: str, nombre: str, servicio: str | None):
    """El bloque del destinatario de una carta: tratamiento, nombre, servicio, «Presente.-»."""
    doc.add_paragraph(tratamiento, style="Texto de tabla")
    doc.add_paragraph(nombre, style="Etiqueta")
    if servicio:
        doc.add_paragraph(servicio, style="Texto de tabla")
    doc.add_paragraph("{{ texto('presente') }}", style="Texto de tabla")
    doc.add_paragraph("")


def asunto(doc):
    parrafo = doc.add_paragraph(style="Normal")
    parrafo.add_run("Asunto: ").bold = True
    parrafo.add_run("{{ texto('asunto') }}")
    doc.add_paragraph("")


def bloque_firma(doc, nombre: str, cargo: str):
    """Espacio para firmar, la línea de firma, el nombre y el cargo (o el DNI)."""
    linea = doc.add_paragraph(style="Firma")
    linea.paragraph_format.space_before = Pt(48)
    _borde_superior(linea)
    doc.add_paragraph(nombre, style="Etiqueta").paragraph_format.keep_with_next = True
    doc.add_paragraph(cargo, style="Texto de tabla")


def _borde_superior(parrafo):
    parrafo._p.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'))


def fin_de_persona(doc):
    """Cierra el documento de una persona: una sección nueva que vuelve a numerar las páginas
    desde 1 (cada carta, su «Página 1 de 1»), salvo después de la última."""
    doc.add_paragraph("{%p if not loop.last %}")
    seccion = copy.deepcopy(doc.sections[0]._sectPr)
    doc.add_paragraph()._p.get_or_add_pPr().append(seccion)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")


def indice(doc):
    """Índice: un campo TOC de Word de verdad (Word lo actualiza al abrir), con las entradas ya
    escritas y el número de página de cada una como campo PAGEREF a su marcador."""
    doc.add_paragraph("{{ texto('tabla_de_contenido') }}", style="TOC Heading")
    inicio = doc.add_paragraph(style="toc 1")
    inicio._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'))
    inicio._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u '
        '</w:instrText></w:r>'))
    inicio._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    doc.add_paragraph("{%p for s in indice %}")
    entrada = doc.add_paragraph(style="toc 1")
    entrada._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w")} w:anchor="{{{{s.marcador}}}}" w:history="1">'
        '<w:r><w:t xml:space="preserve">{{ s.numero }}. {{ s.titulo }}</w:t></w:r><w:r><w:tab/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGEREF {{s.marcador}} \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t></w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'))
    doc.add_paragraph("{%p endfor %}")
    fin = doc.add_paragraph(style="toc 1")
    fin._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    # Word actualiza los campos (números de página del índice) al abrir el documento.
    doc.settings.element.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))


# ----------------------------------------------------------------------- tipos

def nota():
    doc = documento_base()
    estilos = doc.styles
    doc.add_paragraph("{{ texto('rotulo') }}", style="Rótulo del documento")
    doc.add_paragraph("{{ numero }}", style="Número del documento")
    doc.add_paragraph("{{ practica }}", style="Tipo de práctica")
    doc.add_paragraph("{{ titulo }}", style="Title")

    seccion_md(doc, "problematica")
    seccion_md(doc, "solucion")
    seccion_md(doc, "resultados")

    tabla = doc.add_table(rows=3, cols=2)
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    tabla.autofit = False
    _sin_bordes(tabla)
    _anchos(tabla, [4.4, 12.0])
    tabla.cell(0, 0).paragraphs[0].text = "{%tr for r in resultados %}"
    tabla.rows[1]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # tarjeta entera
    valor = tabla.cell(1, 0).paragraphs[0]
    valor.style = estilos["Cifra valor"]
    valor.add_run("{{ r.valor | cifra(r.unidad) }}")
    marca = valor.add_run("{{ r.marca }}")
    marca.font.size = Pt(11)
    _sombrear(tabla.cell(1, 0), "F1E8F6")
    derecha = tabla.cell(1, 1)
    derecha.paragraphs[0].text = "{{ r.etiqueta }}"
    derecha.paragraphs[0].style = estilos["Cifra etiqueta"]
    derecha.add_paragraph("{{r r.frase }}", style="Cifra texto")
    tabla.cell(2, 0).paragraphs[0].text = "{%tr endfor %}"

    doc.add_paragraph("{%p if nota_resultados %}")
    doc.add_paragraph("{{ texto('nota_cifras') }}", style="Nota de fuente")
    doc.add_paragraph("{%p endif %}")

    seccion_md(doc, "lecciones")
    seccion_md(doc, "recomendaciones")
    seccion_md(doc, "legado")

    doc.add_paragraph("{%p if enlaces %}")
    doc.add_paragraph("{{ texto('conoce_mas') }}", style="Conoce más")
    doc.add_paragraph("{%p for e in enlaces %}")
    doc.add_paragraph("{{r e.vinculo }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    return doc


def ficha():
    doc = documento_base()
    doc.add_paragraph("Ficha de identificación de experiencias destacadas y buenas prácticas",
                      style="Rótulo del documento")
    doc.add_paragraph("Rumbo a las buenas prácticas {{ edicion }}", style="Número del documento")
    doc.add_paragraph("{{ titulo }}", style="Title")
    doc.add_paragraph("{%p if fecha %}")
    doc.add_paragraph("{{ texto('enviada') }}", style="Portada")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Sección 1: Datos del equipo", style="Heading 1")
    doc.add_paragraph("{%p for m in equipo %}")
    doc.add_paragraph("{{ m.numero }} {{ m.pregunta }}", style="Pregunta")
    tabla_datos(doc, [("Nombres y apellidos", "{{ m.nombre }}"), ("Sexo", "{{ m.sexo }}"),
                      ("Edad", "{{ m.edad }}"), ("Correo electrónico de contacto", "{{ m.correo }}"),
                      ("Celular", "{{ m.celular }}"), ("Rol en la sistematización", "{{ m.rol }}")],
               ancho_etiqueta=5.5)
    doc.add_paragraph("{%p endfor %}")
    for lista in ("preguntas_equipo", "preguntas_experiencia"):
        if lista == "preguntas_experiencia":
            doc.add_paragraph("Sección 2: Información de la experiencia", style="Heading 1")
        doc.add_paragraph("{%p for q in " + lista + " %}")
        doc.add_paragraph("{{ q.numero }} {{ q.pregunta }}", style="Pregunta")
        doc.add_paragraph("{{p q.respuesta }}")
        doc.add_paragraph("{%p endfor %}")
    return doc


def evaluacion():
    doc = documento_base()
    doc.add_paragraph("{{ texto('rotulo') }}", style="Rótulo del documento")
    doc.add_paragraph("{{ texto('convocatoria') }}", style="Número del documento")
    doc.add_paragraph("{{ titulo }}", style="Title")
    tabla_datos(doc, [("Categoría postulada", "{{ categoria_postulada }}"),
                      ("Servicio o unidad", "{{ servicio }}"), ("Región", "{{ region }}"),
                      ("Evaluación a cargo de", "{{ evaluadores }}")])
    doc.add_paragraph("Equipo", style="Heading 2")
    doc.add_paragraph("{%p for m in equipo %}")
    doc.add_paragraph("{{ m.nombre }}: {{ m.rol }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Criterios de buenas prácticas (bases, Tabla N° 1)", style="Heading 1")
    tabla_bucle(doc, ["Criterio", "Descripción", "Palabras clave"],
                ["{{ c.nombre }}", "{{ c.descripcion }} {{ texto('responde') }} {{ c.pregunta }}",
                 "{{ c.palabras_clave }}"], "c in criterios", [3.8, 9.4, 3.2])
    doc.add_paragraph("Evaluación de cada criterio", style="Heading 1")
    tabla_bucle(doc, ["Criterio", "¿Cumple?", "Juicio", "Evidencia"],
                ["{{ c.nombre }}", "{{ c.cumple }}", "{{ c.juicio }}", "{{ c.evidencia }}"],
                "c in criterios", [3.8, 1.8, 5.4, 5.4])
    doc.add_paragraph("Resultado", style="Heading 1")
    doc.add_paragraph("{{ resultado }}", style="Resultado")
    doc.add_paragraph("{{ texto('resultado') }} {{ descripcion_resultado }}")
    doc.add_paragraph("Lo que sigue", style="Heading 2")
    doc.add_paragraph("{{ consejo }}")
    seccion_opcional(doc, "observaciones", "Observaciones", nivel=2)
    doc.add_paragraph("{%p for f in firmas %}")
    bloque_firma(doc, "{{ f }}", "{{ texto('firma_cargo') }}")
    doc.add_paragraph("{%p endfor %}")
    return doc


def perfil():
    doc = documento_base()
    doc.add_paragraph("Perfil de sistematización", style="Rótulo del documento")
    doc.add_paragraph("{{ servicio }} · {{ periodo | periodo }}", style="Número del documento")
    doc.add_paragraph("{{ titulo }}", style="Title")
    doc.add_paragraph("{{ secciones.objeto.numero }}. {{ secciones.objeto.titulo }}",
                      style="Heading 1")
    tabla_datos(doc, [("Experiencia", "{{ titulo }}"), ("Dónde", "{{ lugar }}"),
                      ("Cuándo", "{{ periodo | periodo }}")])
    doc.add_paragraph("{{p secciones.objeto.contenido }}")
    for clave in ("objetivo", "eje", "fuentes", "procedimiento"):
        seccion_md(doc, clave)
    doc.add_paragraph("{{ numero_cronograma }}. Cronograma", style="Heading 1")
    tabla_bucle(doc, ["N°", "Actividad", "Inicio", "Fin", "Responsable", "Producto"],
                ["{{ a.numero }}", "{{ a.actividad }}", "{{ a.inicio | fecha_larga }}", "{{ a.fin | fecha_larga }}",
                 "{{ a.responsable }}", "{{ a.producto }}"], "a in cronograma",
                [0.9, 4.6, 2.6, 2.6, 2.9, 2.8])
    doc.add_paragraph("{{ numero_equipo }}. Equipo y roles", style="Heading 1")
    tabla_bucle(doc, ["Integrante", "Rol en la sistematización"], ["{{ m.nombre }}", "{{ m.rol }}"],
                "m in equipo", [5.5, 10.9])
    return doc


def informe():
    doc = documento_base()
    doc.add_paragraph("{{ texto('rotulo') }}", style="Rótulo del documento")
    doc.add_paragraph("{{ titulo }}", style="Title")
    doc.add_paragraph("{{ autores|join(', ') }}", style="Portada")
    doc.add_paragraph("{{ servicio }}", style="Portada")
    doc.add_paragraph("Periodo: {{ periodo | periodo }}", style="Portada")
    salto_de_pagina(doc)
    indice(doc)
    doc.add_paragraph("{%p if figuras %}")
    doc.add_paragraph("{{ texto('indice_figuras') }}", style="TOC Heading")
    doc.add_paragraph("{%p for f in figuras %}")
    doc.add_paragraph("{{ texto('figura') }} {{ f.numero }}. {{ f.titulo }}", style="toc 1")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    salto_de_pagina(doc)
    seccion_md(doc, "horizonte", marcador=True)
    tabla_datos(doc, [("Servicio", "{{ servicio }}"), ("Periodo", "{{ periodo | periodo }}")])
    seccion_md(doc, "metodologia", marcador=True)
    seccion_md(doc, "experiencia", marcador=True)
    doc.add_paragraph("{{ texto('linea_de_tiempo') }}", style="Heading 2")
    doc.add_paragraph("{%p if linea_de_tiempo_figura %}")
    doc.add_paragraph("{{p linea_de_tiempo_figura }}")
    doc.add_paragraph("{%p else %}")
    pendiente = doc.add_paragraph("{{ texto('linea_de_tiempo_pendiente') }}")
    pendiente.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    doc.add_paragraph("{%p endif %}")
    capitulo = doc.add_paragraph(style="Heading 1")
    _marcador(capitulo, "_Toc_resultados_lecciones",
              "{{ capitulo_resultados.numero }}. {{ capitulo_resultados.titulo }}")
    for clave in ("resultados", "lecciones"):
        doc.add_paragraph(f"{{{{ secciones.{clave}.numero }}}} {{{{ secciones.{clave}.titulo }}}}", style="Heading 2")
        doc.add_paragraph(f"{{{{p secciones.{clave}.contenido }}}}")
    seccion_md(doc, "recomendaciones", marcador=True)
    doc.add_paragraph("{%p if secciones.actualidad %}")
    seccion_md(doc, "actualidad", marcador=True)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if secciones.evidencias %}")
    titulo = doc.add_paragraph(style="Heading 1")
    _marcador(titulo, "_Toc_evidencias",
              "{{ secciones.evidencias.numero }}. {{ secciones.evidencias.titulo }}")
    doc.add_paragraph("{%p if secciones.evidencias.contenido %}")
    doc.add_paragraph("{{p secciones.evidencias.contenido }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if evidencias_ficha %}")
    doc.add_paragraph("{{p evidencias_ficha }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    return doc


def por_persona():
    """Un documento que va uno por persona y se firma: una sección por persona (cada una numera
    sus páginas desde 1), con las líneas oficiales del año en el encabezado."""
    doc = documento_base(paginas_por_seccion=True)
    encabezado_oficial(doc)
    doc.add_paragraph("{%p for d in destinatarios %}")
    return doc


def carta_con_asunto(doc, numero: bool = False):
    """Fecha, (número), destinatario, asunto, saludo y cuerpo de una carta a «d»."""
    doc.add_paragraph("{{ ciudad }}, {{ fecha | fecha_larga }}", style="Derecha")
    if numero:
        doc.add_paragraph("{{ d.numero }}", style="Etiqueta")
        doc.add_paragraph("")
    destinatario(doc, "{{ d.tratamiento }}", "{{ d.nombre }}", "{{ servicio }}")
    asunto(doc)
    doc.add_paragraph("{{ texto('saludo', d=d) }}")
    doc.add_paragraph("{{ texto('cuerpo', d=d) }}")


def lista_de_textos(doc, clave: str, estilo: str):
    doc.add_paragraph(f"{{%p for c in texto('{clave}', d=d) %}}")
    doc.add_paragraph("{{ c }}", style=estilo)
    doc.add_paragraph("{%p endfor %}")


def carta():
    doc = por_persona()
    carta_con_asunto(doc, numero=True)
    doc.add_paragraph("{{ texto('reconocimiento') }}")
    doc.add_paragraph("{{ texto('despedida') }}")
    bloque_firma(doc, "{{ firmante.nombre }}", "{{ firmante.cargo }}")
    fin_de_persona(doc)
    return doc


def invitacion():
    doc = por_persona()
    carta_con_asunto(doc)
    doc.add_paragraph("{{ texto('fechas_rotulo') }}")
    lista_de_textos(doc, "fechas", "List Bullet")
    doc.add_paragraph("{{ texto('requisitos', d=d) }}")
    doc.add_paragraph("{{ texto('despedida') }}")
    bloque_firma(doc, "{{ firmante.nombre }}", "{{ firmante.cargo }}")
    fin_de_persona(doc)
    return doc


def compromiso():
    doc = por_persona()
    doc.add_paragraph("{{ texto('rotulo') }}", style="Norma")
    doc.add_paragraph("{{ ciudad }}, {{ fecha | fecha_larga }}", style="Derecha")
    destinatario(doc, "{{ texto('destinatario') }}", "{{ convocatoria.unidad }}", None)
    doc.add_paragraph("{{ texto('cuerpo', d=d) }}")
    lista_de_textos(doc, "compromisos", "List Number")
    doc.add_paragraph("{{ texto('cierre') }}")
    bloque_firma(doc, "{{ d.nombre }}", "{{ texto('dni', d=d) }}")
    fin_de_persona(doc)
    return doc


def declaracion():
    doc = por_persona()
    doc.add_paragraph("{{ texto('rotulo') }}", style="Norma")
    doc.add_paragraph("{{ texto('cuerpo', d=d) }}")
    lista_de_textos(doc, "declaraciones", "List Number")
    doc.add_paragraph("{{ texto('cierre') }}")
    doc.add_paragraph("{{ ciudad }}, {{ fecha | fecha_larga }}", style="Derecha")
    bloque_firma(doc, "{{ d.nombre }}", "{{ texto('dni', d=d) }}")
    fin_de_persona(doc)
    return doc


def ordenanza():
    doc = documento_base()
    encabezado_oficial(doc)
    doc.add_paragraph("{%p if es_modelo %}")
    aviso = doc.add_paragraph("{{ texto('modelo') }}", style="Texto de tabla")
    aviso.runs[0].font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    _borde_superior(aviso)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ norma }} {{ numero }}", style="Norma")
    doc.add_paragraph("{%p if municipal %}")
    doc.add_paragraph("{{ ciudad }}, {% if fecha %}{{ fecha | fecha_larga }}{% else %}"
                      "{{ en_blanco }} de {{ en_blanco }} de {{ anio }}{% endif %}", style="Derecha")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ autoridad }}", style="Norma")
    doc.add_paragraph("{{ texto('por_cuanto_rotulo') }}", style="Etiqueta")
    doc.add_paragraph("{{ texto('por_cuanto', gobierno) }}")
    doc.add_paragraph("{{ texto('visto_rotulo') }}", style="Etiqueta")
    doc.add_paragraph("{%p for v in visto %}")
    doc.add_paragraph("{{ v }}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ texto('visto') }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ texto('considerando_rotulo') }}", style="Etiqueta")
    doc.add_paragraph("{%p for c in considerandos %}")
    con_marca(doc, "{{ c.texto }}", "c.marca")
    doc.add_paragraph("{%p endfor %}")
    con_marca(doc, "{{ texto('formula', gobierno) }}", "facultades_marca")
    doc.add_paragraph("{{ titulo }}", style="Norma")
    doc.add_paragraph("{%p for a in articulos %}")
    con_marca(doc, " {{ a.texto }}", "a.marca", negrita="{{ a.ordinal }} {{ a.rotulo }}.")
    doc.add_paragraph("{%p for i in a.lista %}")
    doc.add_paragraph("{{ i }}", style="List Number")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    # Desde las disposiciones hasta la última firma, todo junto: una página nunca lleva solo la firma.
    doc.add_paragraph("{{ texto('disposiciones') }}", style="Norma").paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p for d in finales %}")
    con_marca(doc, " {{ d.texto }}", "d.marca", negrita="{{ d.ordinal }}").paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for c in cierre %}")
    doc.add_paragraph("{%p if c.rotulo %}")
    doc.add_paragraph("{{ texto(c.rotulo) }}", style="Etiqueta").paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for t in c.textos %}")
    doc.add_paragraph("{{ texto(t, **c.datos) }}").paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p endfor %}")
    bloque_firma(doc, "{{ c.nombre }}", "{{ c.cargo }}")
    doc.add_paragraph("{%p endfor %}")
    return doc


def acta():
    doc = documento_base()
    doc.add_paragraph("Acta N° {{ numero }}", style="Rótulo del documento")
    doc.add_paragraph("Sesión {{ sesion }}", style="Número del documento")
    doc.add_paragraph("{{ instancia }}", style="Title")
    doc.add_paragraph("{{ texto('apertura') }}")
    doc.add_paragraph("Asistencia", style="Heading 1")
    tabla_bucle(doc, ["Institución", "Representante", "Condición"],
                ["{{ a.institucion }}", "{{ a.representante }}", "{{ a.condicion }}"],
                "a in asistencia", [7.4, 6.0, 3.0])
    doc.add_paragraph("{{ texto('quorum', 'si' if quorum else 'no') }}")
    doc.add_paragraph("{%p if convocatoria %}")
    doc.add_paragraph("{{ texto('convocatoria') }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Agenda", style="Heading 1")
    doc.add_paragraph("{%p for punto in agenda %}")
    doc.add_paragraph("{{ punto }}", style="List Number")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Desarrollo de la sesión", style="Heading 1")
    doc.add_paragraph("{{p desarrollo }}")
    doc.add_paragraph("Acuerdos", style="Heading 1")
    doc.add_paragraph("{%p if acuerdos %}")
    tabla_bucle(doc, ["N°", "Acuerdo", "Responsable", "Plazo"],
                ["{{ c.numero }}", "{{ c.acuerdo }}", "{{ c.responsable }}", "{{ c.plazo | fecha_larga }}"],
                "c in acuerdos", [1.0, 8.4, 4.0, 3.0])
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ texto('sin_acuerdos') }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ texto('cierre') }}")
    doc.add_paragraph("Firmas", style="Heading 1")
    tabla = tabla_bucle(doc, ["Nombre", "Cargo", "Institución", "Firma"],
                        ["{{ f.nombre }}", "{{ f.cargo }}", "{{ f.institucion }}", ""],
                        "f in firmas", [4.6, 3.6, 4.6, 3.6])
    tabla.rows[2].height = Cm(1.4)  # espacio para firmar
    return doc


def plan_trabajo():
    doc = documento_base()
    doc.add_paragraph("{{ texto('rotulo') }}", style="Rótulo del documento")
    doc.add_paragraph("{% if aprobacion %}{{ texto('aprobado') }}{% else %}{{ texto('pendiente') }}{% endif %}",
                      style="Número del documento")
    doc.add_paragraph("{{ instancia }}", style="Title")
    seccion_opcional(doc, "presentacion", "Presentación")
    doc.add_paragraph("Alineamiento con el diagnóstico", style="Heading 1")
    doc.add_paragraph("{{p alineamiento }}")
    horizontal(doc)
    doc.add_paragraph("Objetivos, actividades, cronograma y presupuesto", style="Heading 1")
    doc.add_paragraph("{%p for o in objetivos %}")
    doc.add_paragraph("Objetivo {{ o.numero }}: {{ o.objetivo }}", style="Heading 2")
    tabla_bucle(doc, ["Cód.", "Actividad", "Indicador", "Meta", "Responsable", "I", "II", "III",
                      "IV", "Presupuesto"],
                ["{{ a.codigo }}", "{{ a.actividad }}", "{{ a.indicador }}", "{{ a.meta | cifra(a.unidad) }}",
                 "{{ a.responsable }}", "{{ a.t[0] }}", "{{ a.t[1] }}", "{{ a.t[2] }}",
                 "{{ a.t[3] }}", "{{ a.presupuesto | soles }}"], "a in o.actividades",
                [1.2, 6.0, 5.0, 2.4, 4.6, 0.8, 0.8, 0.9, 0.9, 3.0],
                pie=["", "Subtotal", "", "", "", "", "", "", "", "{{ o.subtotal | soles }}"])
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ texto('total') }}", style="Resultado")
    doc.add_paragraph("Cronograma por trimestre", style="Heading 1")
    doc.add_paragraph("{{p grafico }}")
    doc.add_paragraph("{{ texto('elaborado') }}", style="Portada")
    return doc


def seguimiento():
    doc = documento_base()
    doc.add_paragraph("{{ texto('rotulo') }}", style="Rótulo del documento")
    doc.add_paragraph("{{ periodo }} · {{ fecha | fecha_larga }}", style="Número del documento")
    doc.add_paragraph("{{ instancia }}", style="Title")
    doc.add_paragraph("{{ texto('resumen') }}")
    horizontal(doc)
    doc.add_paragraph("Avance de las actividades", style="Heading 1")
    tabla_bucle(doc, ["Cód.", "Actividad", "Responsable", "Meta del periodo", "Avance", "%", "Estado",
                      "Programado", "Ejecutado", "Dificultades"],
                ["{{ f.codigo }}", "{{ f.actividad }}", "{{ f.responsable }}",
                 "{{ f.meta | cifra(f.unidad) if f.meta else '—' }}",
                 "{{ f.avance | cifra('%' if f.unidad == '%' else none) }}", "{{ f.porcentaje | porcentaje }}",
                 "{{ f.estado }}",
                 "{{ f.programado | soles }}", "{{ f.ejecutado | soles }}", "{{ f.dificultades }}"],
                "f in filas", [1.0, 4.6, 3.6, 2.2, 2.0, 1.6, 2.2, 2.4, 2.4, 3.6],
                pie=["", "{{ texto('total_presupuesto') }}", "", "", "", "", "", "{{ programado | soles }}",
                     "{{ ejecutado | soles }}", ""])
    doc.add_paragraph("{{p grafico }}")
    seccion_opcional(doc, "logros", "Logros")
    seccion_opcional(doc, "recomendaciones", "Recomendaciones")
    doc.add_paragraph("{{ texto('elaborado') }}", style="Portada")
    return doc


def diagnostico():
    doc = documento_base()
    doc.add_paragraph("Diagnóstico de la situación de la violencia", style="Rótulo del documento")
    doc.add_paragraph("{{ instancia }}", style="Número del documento")
    doc.add_paragraph("{{ titulo }}", style="Title")
    seccion_opcional(doc, "secciones.presentacion", "Presentación")
    doc.add_paragraph("1. La violencia en el territorio", style="Heading 1")
    doc.add_paragraph("{{p secciones.violencia }}")
    doc.add_paragraph("{{ tipos.titulo }}", style="Heading 3")
    tabla_bucle(doc, ["{{ tipos.variable }}", "Casos", "%"],
                ["{{ f.valor }}", "{{ f.casos | cifra }}", "{{ f.porcentaje | porcentaje }}"], "f in tipos.filas",
                [9.4, 3.5, 3.5], pie=["Total", "{{ tipos.total | cifra }}", "{{ 100 | porcentaje }}"])
    doc.add_paragraph("Fuente: {{ tipos.fuente }}", style="Nota de fuente")
    doc.add_paragraph("{%p for t in caracteristicas %}")
    doc.add_paragraph("{{ t.titulo }}", style="Heading 3")
    tabla_bucle(doc, ["{{ t.variable }}", "Casos", "%"],
                ["{{ f.valor }}", "{{ f.casos | cifra }}", "{{ f.porcentaje | porcentaje }}"], "f in t.filas",
                [9.4, 3.5, 3.5], pie=["Total", "{{ t.total | cifra }}", "{{ 100 | porcentaje }}"])
    doc.add_paragraph("Fuente: {{ t.fuente }}", style="Nota de fuente")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("2. Cobertura y calidad de los servicios", style="Heading 1")
    doc.add_paragraph("{{p secciones.servicios }}")
    tabla_bucle(doc, ["Servicio", "Institución", "Cobertura", "Calidad"],
                ["{{ s.servicio }}", "{{ s.institucion }}", "{{ s.cobertura }}", "{{ s.calidad }}"],
                "s in servicios", [4.0, 4.0, 4.2, 4.2])
    doc.add_paragraph("3. Inversión presupuestal", style="Heading 1")
    doc.add_paragraph("{{p secciones.presupuesto }}")
    doc.add_paragraph("{%p if presupuesto %}")
    tabla_bucle(doc, ["Concepto", "Monto"], ["{{ g.concepto }}", "{{ g.monto | soles }}"],
                "g in presupuesto", [11.4, 5.0], pie=["Total", "{{ presupuesto_total | soles }}"])
    doc.add_paragraph("{%p if fuente_presupuesto %}")
    doc.add_paragraph("Fuente: {{ fuente_presupuesto }}", style="Nota de fuente")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    seccion_opcional(doc, "secciones.conclusiones", "Conclusiones")
    doc.add_paragraph("Fuentes de información", style="Heading 1")
    doc.add_paragraph("{%p for f in fuentes %}")
    doc.add_paragraph("{{ f }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    return doc


PLANTILLAS = {"nota": (nota, "Plantilla de nota del conocimiento"),
              "ficha": (ficha, "Plantilla de ficha de identificación"),
              "evaluacion": (evaluacion, "Plantilla de evaluación de la experiencia"),
              "perfil": (perfil, "Plantilla de perfil de sistematización"),
              "informe": (informe, "Plantilla de informe de sistematización"),
              "carta": (carta, "Plantilla de carta de felicitación"),
              "invitacion": (invitacion, "Plantilla de invitación al Programa de Acompañamiento"),
              "compromiso": (compromiso, "Plantilla de carta de compromiso"),
              "declaracion": (declaracion, "Plantilla de declaración jurada"),
              "ordenanza": (ordenanza, "Plantilla de modelo de ordenanza de creación"),
              "acta": (acta, "Plantilla de acta de sesión"),
              "plan-trabajo": (plan_trabajo, "Plantilla de plan de trabajo"),
              "seguimiento": (seguimiento, "Plantilla de informe de seguimiento"),
              "diagnostico": (diagnostico, "Plantilla de diagnóstico")}


def guardar(doc, destino: Path, titulo: str) -> None:
    propiedades = doc.core_properties
    propiedades.title = titulo
    propiedades.author = "Programa Nacional AURORA – SGIC"
    propiedades.language = "es-PE"
    propiedades.comments = ("Plantilla docxtpl. Las marcas entre llaves se reemplazan con los "
                            "datos de cada documento; no las borre. Los estilos se pueden cambiar.")
    destino.parent.mkdir(parents=True, exist_ok=True)
    doc.save(destino)




if __name__ == "__main__":
    raiz = Path(__file__).resolve().parent.parent
    argumentos = [a for a in sys.argv[1:] if not a.startswith("--")]
    sobrescribir = "--sobrescribir" in sys.argv
    for tipo in argumentos or PLANTILLAS:
        destino = raiz / "plantillas" / tipo / f"{tipo}.docx"
        if destino.exists() and not sobrescribir:
            print(f"{destino} ya existe (la SGIC puede haberla editado); use --sobrescribir")
            continue
        crear, titulo = PLANTILLAS[tipo]
        guardar(crear(), destino, titulo)
        print(f"creada {destino}")
