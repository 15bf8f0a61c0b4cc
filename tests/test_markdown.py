"""Fidelidad del Markdown: el corpus ``tests/corpus/completo/nota.md`` usa cada construcción;
se lee de vuelta el DOCX (python-docx y pandoc) y el PDF (pypdf), y LibreOffice abre el DOCX.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from .conftest import RAIZ, Proyecto

CORPUS = RAIZ / "tests" / "corpus" / "completo"
CASTELLANO = ("Texto en castellano: ¿Qué pasó? ¡Mucho! «comillas latinas», “comillas inglesas”, "
              "'simples' y \"rectas\" — raya; N.º 5; ñandú, pingüino, acción; 10\u00a0000 con "
              "espacio no separable.")
SIGNOS = ('Signos tal cual: 5 < 6 > 4 & AT&amp;T; HTML crudo: <b>no es negrita</b> '
          '<script>alert("x")</script>; marcas de plantilla: {{ 7*7 }} {% if true %}sí{% endif %}.')
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _herramienta(nombre: str) -> str:
    ruta = shutil.which(nombre)
    assert ruta, (f"falta «{nombre}» en el sistema; instálelo (Debian: apt-get install "
                  f"{'pandoc' if nombre == 'pandoc' else 'libreoffice-writer-nogui'})")
    return ruta


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    p = Proyecto(tmp_path_factory.mktemp("corpus"))
    shutil.copytree(CORPUS, p.contenido / "completo")
    resultado = p.correr("construir")
    assert resultado.exit_code == 0, resultado.output
    return p.salida / "completo"


@pytest.fixture(scope="module")
def documento(corpus):
    return docx.Document(corpus / "nota.docx")


@pytest.fixture(scope="module")
def pdf(corpus):
    return PdfReader(corpus / "nota.pdf")


@pytest.fixture(scope="module")
def texto_pdf(pdf) -> str:
    return " ".join(" ".join(p.extract_text() for p in pdf.pages).split())


def _parrafo(documento, inicio: str):
    return next(p for p in documento.paragraphs if p.text.startswith(inicio))


def _notas(documento):
    parte = next(r.target_part for r in documento.part.rels.values() if r.reltype == RT.FOOTNOTES)
    return parte, etree.fromstring(parte.blob)


# --------------------------------------------------------------------------- DOCX
def test_titulos_son_estilos_de_titulo(documento):
    estilos = {p.text: p.style.name for p in documento.paragraphs}
    assert estilos["Subtítulo de nivel 3"] == "Heading 2"
    assert estilos["Subtítulo de nivel 4"] == "Heading 3"
    assert estilos["Subtítulo de nivel 5"] == "Heading 4"
    assert estilos["Metodología"] == "Heading 2"


def test_formato_en_linea(documento):
    runs = {r.text: r for r in _parrafo(documento, "Párrafo con").runs}
    assert runs["negrita"].bold and not runs["negrita"].italic
    assert runs["cursiva"].italic and not runs["cursiva"].bold
    assert runs["negrita y cursiva"].bold and runs["negrita y cursiva"].italic
    assert runs["código <en> línea & más"].style.name == "Código en línea"
    assert runs["texto tachado"].font.strike


def test_salto_de_linea_forzado(documento):
    p = _parrafo(documento, "Primera línea")
    assert p._p.findall(f".//{W}br")
    assert p.text == "Primera línea con salto forzado\nsegunda línea del mismo párrafo."


def test_castellano_y_signos_exactos(documento):
    textos = [p.text for p in documento.paragraphs]
    assert CASTELLANO in textos
    assert SIGNOS in textos  # HTML crudo y marcas de plantilla: texto, nunca interpretados
    assert documento.core_properties.title == "Corpus de Markdown: «todo» lo que un texto puede tener & más"
    todo = "\n".join(textos)
    assert "49" not in todo and "Este comentario" not in todo


def test_listas_anidadas_tres_niveles(documento):
    niveles = {}
    for p in documento.paragraphs:
        numpr = p._p.pPr.numPr if p._p.pPr is not None else None
        if numpr is not None and numpr.numId is not None:
            niveles[p.text] = (numpr.ilvl.val, numpr.numId.val, p.style.name)
    assert niveles["Primer nivel A"][0] == 0
    assert niveles["Segundo nivel A.1 con un enlace en la lista"][0] == 1
    assert niveles["Tercer nivel A.1.a"][0] == 2 and niveles["Tercer nivel A.1.b"][0] == 2
    assert niveles["Primer nivel A"][1] == niveles["Primer nivel C"][1]  # la misma lista
    assert niveles["Primer nivel A"][1] != niveles["Segundo nivel A.1 con un enlace en la lista"][1]
    # lista numerada dentro de viñetas
    assert niveles["Numerado dentro de viñetas"][:1] == (1,)
    assert niveles["Numerado dentro de viñetas"][2] == "List Number"
    assert niveles["viñeta dentro del paso dos"][2] == "List Bullet"


def test_cada_lista_numerada_reinicia(documento):
    numeracion = documento.part.numbering_part.element
    ids = {p.text: p._p.pPr.numPr.numId.val for p in documento.paragraphs
           if p.text in ("Paso uno", "Paso tres", "Otra lista: debe empezar en uno")}
    assert ids["Paso uno"] == ids["Paso tres"]
    assert ids["Paso uno"] != ids["Otra lista: debe empezar en uno"]
    num = numeracion.num_having_numId(ids["Otra lista: debe empezar en uno"])
    inicio = num.find(f"{W}lvlOverride").find(f"{W}startOverride").get(f"{W}val")
    assert inicio == "1"
    abstracto = next(a for a in numeracion.findall(f"{W}abstractNum")
                     if a.get(f"{W}abstractNumId") == str(num.abstractNumId.val))
    assert abstracto.find(f"{W}lvl").find(f"{W}numFmt").get(f"{W}val") == "decimal"


def test_parrafo_dentro_de_un_elemento_de_lista(documento):
    p = _parrafo(documento, "Segundo párrafo dentro del elemento B.")
    assert p.style.name == "List Continue"
    assert p._p.pPr.numPr is None
    assert p._p.pPr.find(f"{W}ind").get(f"{W}left") == "720"


def test_hipervinculos_en_texto_listas_tablas_y_notas(documento):
    destinos = {}
    for vinculo in documento.element.body.iter(f"{W}hyperlink"):
        rel = documento.part.rels[vinculo.get(qn("r:id"))]
        assert rel.reltype == RT.HYPERLINK and rel.is_external
        destinos["".join(t.text for t in vinculo.iter(f"{W}t"))] = rel.target_ref
    assert destinos["página del Programa"] == "https://www.gob.pe/aurora"
    assert destinos["un enlace en la lista"] == "https://www.gob.pe/mimp"
    assert destinos["ver fuente"] == "https://www.gob.pe/aurora"  # dentro de la tabla
    parte, notas = _notas(documento)
    vinculo = next(notas.iter(f"{W}hyperlink"))
    assert parte.rels[vinculo.get(qn("r:id"))].target_ref == "https://www.gob.pe/aurora"


def test_tabla_con_estilo_encabezado_repetido_y_alineacion(documento):
    tabla = next(t for t in documento.tables if t.cell(0, 0).text == "Región")
    assert tabla.style.name == "Tabla AURORA"
    assert [[c.text for c in fila.cells] for fila in tabla.rows] == [
        ["Región", "Casos atendidos", "Variación"],
        ["Huánuco", "1 250", "+12 %"],
        ["Lima & Callao", "3 400", "ver fuente"],
        ["Cusco", "980", "−3 %"],
    ]
    primera = tabla.rows[0]._tr
    assert primera.trPr.find(f"{W}tblHeader") is not None
    assert tabla.rows[1]._tr.trPr is None
    assert all(r.bold for r in tabla.cell(0, 0).paragraphs[0].runs)
    alineaciones = [c.paragraphs[0].paragraph_format.alignment for c in tabla.rows[1].cells]
    assert [str(a) for a in alineaciones] == ["LEFT (0)", "CENTER (1)", "RIGHT (2)"]


def test_imagen_con_texto_alternativo_y_leyenda_aparte(documento):
    dibujos = list(documento.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert [d.get("descr") for d in dibujos] == [
        "Esquema de tres pasos: diseño, reconstrucción y análisis"]
    leyenda = _parrafo(documento, "Figura 1.")
    assert leyenda.style.name == "Caption"
    assert leyenda.text == "Figura 1. Fases de la sistematización"
    forma = documento.inline_shapes[0]
    seccion = documento.sections[0]
    assert forma.width <= seccion.page_width - seccion.left_margin - seccion.right_margin


def test_notas_al_pie_de_word(documento):
    _, notas = _notas(documento)
    contenidos = {n.get(f"{W}id"): "".join(t.text for t in n.iter(f"{W}t")).strip()
                  for n in notas.findall(f"{W}footnote") if n.get(f"{W}type") is None}
    assert sorted(contenidos.values()) == sorted([
        "Fuente: registros administrativos del Programa, 2024.",
        "Encuesta aplicada en 2023; véase la ficha técnica.",
        "Nota de una lección, con cursiva: {{ 6*7 }}.",  # sin interpretar
    ])
    llamadas = [r.get(f"{W}id") for r in documento.element.body.iter(f"{W}footnoteReference")]
    assert sorted(llamadas) == sorted(contenidos)
    for nota in notas.findall(f"{W}footnote"):
        if nota.get(f"{W}type") is None:
            assert nota.find(f".//{W}footnoteRef") is not None


def test_cita_linea_y_codigo(documento):
    citas = [p.text for p in documento.paragraphs if p.style.name == "Quote"]
    assert citas == ["Una cita: «la mejora continua no es un destino».", "Segundo párrafo de la cita."]
    lineas = [p for p in documento.paragraphs if p._p.pPr is not None
              and p._p.pPr.find(f"{W}pBdr") is not None and not p.text]
    assert len(lineas) == 1
    codigo = next(p for p in documento.paragraphs if p.style.name == "Código")
    assert codigo.text == "sistematiza construir nota\n<b>tal cual</b> & {{ sin_interpretar }}"


# -------------------------------------------------------------------------- pandoc
def test_pandoc_recupera_la_estructura(corpus):
    salida = subprocess.run([_herramienta("pandoc"), "-f", "docx", "-t", "markdown", "--wrap=none",
                             str(corpus / "nota.docx")], capture_output=True, text=True, check=True)
    md = salida.stdout
    for esperado in [
        "# 1. Conociendo el entorno y la problemática",
        "## Subtítulo de nivel 3", "### Subtítulo de nivel 4", "## Metodología",
        "**negrita**", "*cursiva*", "***negrita y cursiva***", "~~texto tachado~~",
        "[página del Programa](https://www.gob.pe/aurora)",
        "-   Primer nivel A\n\n    -   Segundo nivel A.1 con [un enlace en la lista](https://www.gob.pe/mimp)"
        "\n\n        -   Tercer nivel A.1.a",
        "1.  Paso uno\n\n2.  Paso dos\n\n    -   viñeta dentro del paso dos\n\n3.  Paso tres",
        "1.  Otra lista: debe empezar en uno\n\n2.  Y seguir en dos",
        "![Esquema de tres pasos: diseño, reconstrucción y análisis](media/",
        "Figura 1. Fases de la sistematización",
        "**Región**", "[ver fuente](https://www.gob.pe/aurora)",
        "> Una cita: «la mejora continua no es un destino».",
        "[^1]: Fuente: registros administrativos del Programa, 2024.",
        "[^2]: Encuesta aplicada en 2023; véase [la ficha técnica](https://www.gob.pe/aurora).",
    ]:
        assert esperado in md, esperado


# ----------------------------------------------------------------------------- PDF
def test_pdf_texto_exacto(texto_pdf):
    assert " ".join(CASTELLANO.split()) in texto_pdf
    # pypdf pone un espacio donde la línea se partió («</ script>»): se compara sin espacios
    assert "".join(SIGNOS.split()) in "".join(texto_pdf.split())
    for fragmento in ["Tercer nivel A.1.a", "Segundo párrafo dentro del elemento B.",
                      "Lima & Callao", "Figura 1. Fases de la sistematización",
                      "Una cita: «la mejora continua no es un destino».",
                      "<b>tal cual</b> & {{ sin_interpretar }}"]:
        assert fragmento in texto_pdf, fragmento
    assert "Este comentario" not in texto_pdf and "49" not in texto_pdf


def test_pdf_notas_al_pie_abajo_en_su_pagina(pdf):
    for nota, llamada in [("Fuente: registros administrativos del Programa, 2024.", "El cuadro resume"),
                          ("Nota de una lección, con cursiva: {{ 6*7 }}.", "Lección con nota al pie")]:
        pagina = next(p for p in pdf.pages if llamada in p.extract_text())
        alturas: list = []  # (texto, altura en puntos desde el borde inferior de la página)
        pagina.extract_text(visitor_text=lambda t, cm, tm, fd, fs, alturas=alturas:
                            alturas.append((t, cm[3] * tm[5] + cm[5])))
        altura_nota = next(y for t, y in alturas if nota.split()[0] in t)
        altura_llamada = next(y for t, y in alturas if llamada.split()[0] in t)
        assert altura_nota < altura_llamada and altura_nota < 160, (nota, altura_nota)


def test_pdf_enlaces_y_texto_alternativo(pdf):
    uris = {a.get_object()["/A"]["/URI"] for p in pdf.pages for a in p.get("/Annots") or []
            if "/A" in a.get_object()}
    assert {"https://www.gob.pe/aurora", "https://www.gob.pe/mimp"} <= uris
    alternativos = []

    def recorrer(nodo):
        nodo = nodo.get_object()
        if hasattr(nodo, "get"):
            if "/Alt" in nodo:
                alternativos.append((nodo.get("/S"), nodo["/Alt"]))
            hijos = nodo.get("/K")
            for hijo in (hijos if isinstance(hijos, list) else [hijos] if hijos is not None else []):
                if hasattr(hijo, "get_object"):
                    recorrer(hijo)

    recorrer(pdf.trailer["/Root"]["/StructTreeRoot"])
    assert alternativos == [("/Figure", "Esquema de tres pasos: diseño, reconstrucción y análisis")]


def test_pdf_marcadores_con_los_titulos(pdf):
    def titulos(esquema):
        for item in esquema:
            if isinstance(item, list):
                yield from titulos(item)
            else:
                yield item.title
    todos = list(titulos(pdf.outline))
    assert "Subtítulo de nivel 3" in todos and "Metodología" in todos


def test_encabezado_de_tabla_se_repite_en_cada_pagina(tmp_path):
    filas = "\n".join(f"| Distrito {i} | {i * 10} |" for i in range(1, 90))
    texto = (CORPUS / "nota.md").read_text(encoding="utf-8").replace(
        "| Región | Casos atendidos | Variación |\n|:-------|:---------------:|----------:|\n"
        "| Huánuco | **1 250** | +12 % |\n| Lima & Callao | 3 400 | [ver fuente](https://www.gob.pe/aurora) |\n"
        "| Cusco | 980 | −3 % |",
        "| Territorio | Casos |\n|---|---:|\n" + filas)
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS, p.contenido / "larga")
    (p.contenido / "larga" / "nota.md").write_text(texto, encoding="utf-8")
    assert p.correr("construir").exit_code == 0
    paginas = [pg.extract_text() for pg in PdfReader(p.salida / "larga" / "nota.pdf").pages]
    con_filas = [t for t in paginas if "Distrito " in t]
    assert len(con_filas) >= 2
    assert all("Territorio" in t for t in con_filas)


# ---------------------------------------------------------------------- LibreOffice
def test_libreoffice_abre_cada_docx(corpus, nota_construida, tmp_path):
    soffice = _herramienta("soffice")
    for origen in (corpus / "nota.docx", nota_construida / "nota.docx"):
        destino = tmp_path / origen.parent.name
        resultado = subprocess.run(
            [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/perfil",
             "--convert-to", "pdf", "--outdir", str(destino), str(origen)],
            capture_output=True, text=True, timeout=180)
        assert resultado.returncode == 0, resultado.stderr
        convertido = PdfReader(destino / "nota.pdf")
        texto = " ".join(pg.extract_text() for pg in convertido.pages)
        assert len(convertido.pages) >= 2
        assert "Haciendo la diferencia" in " ".join(texto.split())


# ------------------------------------------------------------------ casos hostiles
@pytest.mark.parametrize("markdown, mensaje", [
    ("[clic](javascript:alert(1))", "no es una dirección web completa"),
    ("[archivo](../../secreto.txt)", "no es una dirección web completa"),
    ("![logo](https://example.org/logo.png)", "debe ser un archivo de la carpeta del documento"),
    ("![logo](/etc/passwd.png)", "debe ser un archivo de la carpeta del documento"),
    ("![logo](data:image/png;base64,AAAA)", "debe ser un archivo de la carpeta del documento"),
    ("![logo](file:///tmp/x.png)", "debe ser un archivo de la carpeta del documento"),
    ("![](esquema.png)", "no tiene texto alternativo"),
    ("![Falta](no-existe.png)", "no se encuentra la imagen"),
    ("![Texto](esquema.txt)", "debe ser PNG, JPG o GIF"),
    ("Nota[^x]\n\n[^x]: con imagen ![Esquema](esquema.png)", "no pueden llevar imágenes"),
])
def test_recursos_prohibidos_se_rechazan(tmp_path, markdown, mensaje):
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS, p.contenido / "x")
    (p.contenido / "x" / "esquema.txt").write_text("no es imagen")
    fuente = p.contenido / "x" / "nota.md"
    texto = fuente.read_text(encoding="utf-8").replace("Última sección, con un párrafo simple.", markdown)
    fuente.write_text(texto, encoding="utf-8")
    resultado = p.correr("construir")
    assert resultado.exit_code == 1
    linea = next(i for i, ln in enumerate(texto.split("\n"), 1) if markdown.split("\n")[-1][:12] in ln)
    assert f"contenido/x/nota.md:{linea}:" in resultado.output, resultado.output
    assert mensaje in resultado.output
    assert p.salidas() == []
