"""Genera la versión inicial de ``plantillas/nota/nota.docx``.

La plantilla es de la SGIC: una vez creada se edita en Word o LibreOffice, no con este
script (volver a ejecutarlo la sobrescribe). Uso: ``.venv/bin/python scripts/crear_plantilla_nota.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
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


def crear(destino: Path) -> None:
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

    # Encabezado y pie: identidad del Programa (texto) y logo opcional de plantillas/comun/.
    encabezado = seccion.header.paragraphs[0]
    encabezado.text = ("{% if logo %}{{ logo }}   {% endif %}Ministerio de la Mujer y Poblaciones "
                       "Vulnerables  |  Programa Nacional AURORA")
    pie = seccion.footer.paragraphs[0]
    pie.text = "Nota del conocimiento {{ numero }}  ·  Página "
    _campo(pie, "PAGE")
    pie.add_run(" de ")
    _campo(pie, "NUMPAGES")

    # Cuerpo
    doc.add_paragraph("Nota del conocimiento", style="Rótulo del documento")
    doc.add_paragraph("{{ numero }}", style="Número del documento")
    doc.add_paragraph("{{ practica }}", style="Tipo de práctica")
    doc.add_paragraph("{{ titulo }}", style="Title")

    def seccion_md(clave):
        doc.add_paragraph(f"{{{{ secciones.{clave}.numero }}}}. {{{{ secciones.{clave}.titulo }}}}",
                          style="Heading 1")
        doc.add_paragraph(f"{{{{p secciones.{clave}.contenido }}}}")

    seccion_md("problematica")
    seccion_md("solucion")
    seccion_md("resultados")

    tabla = doc.add_table(rows=3, cols=2)
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    tabla.autofit = False
    _sin_bordes(tabla)
    for fila in tabla.rows:
        fila.cells[0].width, fila.cells[1].width = Cm(4.4), Cm(12.0)
    tabla.cell(0, 0).paragraphs[0].text = "{%tr for r in resultados %}"
    tabla.rows[1]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # tarjeta entera
    valor = tabla.cell(1, 0).paragraphs[0]
    valor.style = estilos["Cifra valor"]
    valor.add_run("{{ r.valor }}")
    marca = valor.add_run("{{ r.marca }}")
    marca.font.size = Pt(11)
    _sombrear(tabla.cell(1, 0), "F1E8F6")
    derecha = tabla.cell(1, 1)
    derecha.paragraphs[0].text = "{{ r.etiqueta }}"
    derecha.paragraphs[0].style = estilos["Cifra etiqueta"]
    derecha.add_paragraph("{{r r.frase }}", style="Cifra texto")
    tabla.cell(2, 0).paragraphs[0].text = "{%tr endfor %}"

    doc.add_paragraph("{%p if nota_resultados %}")
    doc.add_paragraph("(*) {{ nota_resultados }}", style="Nota de fuente")
    doc.add_paragraph("{%p endif %}")

    seccion_md("lecciones")
    seccion_md("recomendaciones")
    seccion_md("legado")

    doc.add_paragraph("{%p if enlaces %}")
    doc.add_paragraph("Conoce más de la experiencia aquí:", style="Conoce más")
    doc.add_paragraph("{%p for e in enlaces %}")
    doc.add_paragraph("{{r e.vinculo }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    propiedades = doc.core_properties
    propiedades.title = "Plantilla de nota del conocimiento"
    propiedades.author = "Programa Nacional AURORA – SGIC"
    propiedades.language = "es-PE"
    propiedades.comments = ("Plantilla docxtpl. Las marcas entre llaves se reemplazan con los "
                            "datos de cada nota; no las borre. Los estilos se pueden cambiar.")
    destino.parent.mkdir(parents=True, exist_ok=True)
    doc.save(destino)


if __name__ == "__main__":
    raiz = Path(__file__).resolve().parent.parent
    crear(Path(sys.argv[1]) if len(sys.argv) > 1 else raiz / "plantillas" / "nota" / "nota.docx")
