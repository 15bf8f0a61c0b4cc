"""La nota real, leída de vuelta del DOCX con python-docx: estructura Word de verdad."""

from __future__ import annotations

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from .conftest import URL_PPT, URL_VIDEO

TITULO = ("Reuniones de socialización de lecciones aprendidas: el espacio para quienes comparten "
          "el conocimiento y buscan la mejora continua")
SECCIONES = [
    "1. Conociendo el entorno y la problemática",
    "2. La solución de una práctica para contribuir en la lucha contra la violencia",
    "3. Transformando realidades",
    "4. Aprendiendo juntas/os: lecciones valiosas para replicar",
    "5. Haciendo la diferencia: recomendaciones que se pueden aplicar",
    "6. El legado de una buena práctica: actualizaciones y mejoras en la experiencia",
]
NBSP = "\u00a0"
CIFRAS = [("Reuniones", f"2{NBSP}283"), ("Reconocimiento", f"80{NBSP}%"),
          ("Satisfacción", f"100{NBSP}%"), ("Tramisión", f"100{NBSP}%"),
          ("Motivación", f"66.7{NBSP}%"), ("Mejora continua", f"86.7{NBSP}%")]


@pytest.fixture(scope="module")
def documento(nota_construida):
    return docx.Document(nota_construida / "nota.docx")


def _estilo(p):
    return p.style.name if p.style is not None else None


def _texto_completo(documento) -> str:
    partes = [p.text for p in documento.paragraphs]
    for tabla in documento.tables:
        for fila in tabla.rows:
            for celda in fila.cells:
                partes += [p.text for p in celda.paragraphs]
    return "\n".join(partes)


def test_titulo_numero_y_tipo_de_practica(documento):
    textos = [(p.text, _estilo(p)) for p in documento.paragraphs if p.text.strip()]
    assert (TITULO, "Title") in textos
    assert ("N.º 001-2024", "Número del documento") in textos
    assert ("Buena práctica", "Tipo de práctica") in textos


def test_seis_secciones_como_titulos_de_word_en_orden(documento):
    titulos = [p.text for p in documento.paragraphs if _estilo(p) == "Heading 1"]
    assert titulos == SECCIONES


def test_metodologia_es_subtitulo_de_la_seccion_2(documento):
    parrafos = documento.paragraphs
    i = next(i for i, p in enumerate(parrafos) if p.text == "Metodología")
    assert _estilo(parrafos[i]) == "Heading 2"
    anteriores = [p.text for p in parrafos[:i] if _estilo(p) == "Heading 1"]
    assert anteriores[-1] == SECCIONES[1]


def test_listas_son_listas_de_word_con_numeracion_propia(documento):
    vinetas = [p for p in documento.paragraphs if _estilo(p) == "List Bullet"]
    # 4 lecciones + 4 recomendaciones + 3 del legado + 2 enlaces
    assert len(vinetas) == 13
    ids = []
    for p in vinetas[:11]:  # las de Markdown; los enlaces toman la numeración del estilo
        numpr = p._p.pPr.numPr
        assert numpr is not None, p.text
        ids.append(numpr.numId.val)
    lecciones, recomendaciones, legado = ids[:4], ids[4:8], ids[8:11]
    for lista in (lecciones, recomendaciones, legado):
        assert len(set(lista)) == 1
    assert len({lecciones[0], recomendaciones[0], legado[0]}) == 3  # cada lista, la suya
    numeracion = documento.part.numbering_part.element
    num = numeracion.num_having_numId(lecciones[0])
    abstracto = next(a for a in numeracion.findall(qn("w:abstractNum"))
                     if a.get(qn("w:abstractNumId")) == str(num.abstractNumId.val))
    assert abstracto.find(qn("w:lvl")).find(qn("w:numFmt")).get(qn("w:val")) == "bullet"


def test_primera_leccion_completa_en_un_parrafo(documento):
    textos = [p.text for p in documento.paragraphs]
    assert ("Las reuniones de socialización se han establecido como un espacio para la divulgación "
            "de conocimientos, que resultan de una buena práctica profesional. De esta manera se ha "
            "resuelto la necesidad insatisfecha de los profesionales de dar a conocer sus buenas "
            "prácticas y ponerlas en valor para la mejora continua.") in textos


def test_enlaces_son_hipervinculos_reales(documento):
    vinculos = documento.element.body.findall(".//" + qn("w:hyperlink"))
    destinos = {}
    for v in vinculos:
        rel = documento.part.rels[v.get(qn("r:id"))]
        assert rel.reltype == RT.HYPERLINK and rel.is_external
        destinos["".join(t.text for t in v.iter(qn("w:t")))] = rel.target_ref
    assert destinos == {"Click para ver el video": URL_VIDEO,
                        "Accede aquí a la presentación Power Point": URL_PPT}


def test_cada_cifra_con_etiqueta_valor_y_frase(documento):
    texto = _texto_completo(documento)
    for etiqueta, valor in CIFRAS:
        assert etiqueta in texto
        assert valor in texto
    assert f"35 reuniones y 2{NBSP}283 asistentes a nivel nacional incluyendo zonas rurales." in texto
    assert f"El 80{NBSP}% (*) de participantes se han sentido reconocidos por la institución." in texto
    assert "(*) Resultados de encuesta aplicada en el 2023 en el Programa Nacional Aurora." in texto
    tarjetas = documento.tables[0]
    valores = [fila.cells[0].text for fila in tarjetas.rows]
    assert valores == [f"2{NBSP}283", f"80{NBSP}% (*)", f"100{NBSP}% (*)", f"100{NBSP}% (*)",
                       f"66.7{NBSP}% (*)", f"86.7{NBSP}% (*)"]


def test_cifra_en_negrita_dentro_de_la_frase(documento):
    celda = documento.tables[0].rows[1].cells[1]
    runs = [r for p in celda.paragraphs for r in p.runs if r.text.strip()]
    assert any(r.text == f"80{NBSP}%" and r.bold for r in runs)


def test_propiedades_del_documento(documento):
    propiedades = documento.core_properties
    assert propiedades.title == TITULO
    assert propiedades.author == "Programa Nacional AURORA"
    assert propiedades.language == "es-PE"


def test_identidad_del_programa_y_numero_de_pagina(documento):
    seccion = documento.sections[0]
    assert "Programa Nacional AURORA" in seccion.header.paragraphs[0].text
    assert "Ministerio de la Mujer y Poblaciones Vulnerables" in seccion.header.paragraphs[0].text
    pie = seccion.footer.paragraphs[0]._p
    campos = [c.get(qn("w:instr")) for c in pie.iter(qn("w:fldSimple"))]
    assert campos == ["PAGE", "NUMPAGES"]
    assert "Nota del conocimiento N.º 001-2024" in seccion.footer.paragraphs[0].text
    assert abs(seccion.page_width.cm - 21.0) < 0.01 and abs(seccion.page_height.cm - 29.7) < 0.01


def test_sin_marcas_de_plantilla_ni_markdown_sin_convertir(documento):
    texto = _texto_completo(documento)
    for resto in ("{{", "}}", "{%", "%}", "**", "## ", "{valor}"):
        assert resto not in texto
