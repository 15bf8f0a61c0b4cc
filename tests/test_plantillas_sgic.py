"""Plantillas que la SGIC puede editar: revisión, textos en un solo lugar, identidad, logos y
la referencia de los datos, generada de los tipos mismos."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from pipeline.referencia import contextos_de_ejemplo
from pipeline.tipos import TIPOS

from .conftest import PLANTILLAS, RAIZ, Proyecto, cambiar_docx, con_urls

CORPUS = RAIZ / "tests" / "corpus"


@pytest.fixture
def copia(tmp_path) -> Path:
    destino = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, destino)
    return destino


def _texto_docx(ruta: Path) -> str:
    doc = Document(ruta)
    partes = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for f in t.rows for c in f.cells]
    for seccion in doc.sections:
        partes += [p.text for p in seccion.header.paragraphs + seccion.footer.paragraphs]
    return "\n".join(partes)


def _texto_pdf(ruta: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(ruta).pages)


# ------------------------------------------------------------------- la revisión
def test_las_plantillas_que_se_distribuyen_estan_bien(proyecto):
    r = proyecto.correr("plantillas", "revisar")
    assert r.exit_code == 0, r.output
    assert "14 tipo(s) revisados: 0 error(es), 0 aviso(s)." in r.output


def test_tres_plantillas_rotas(tmp_path, copia):
    cambiar_docx(copia / "evaluacion" / "evaluacion.docx", "<w:t>{{ c.juicio }}</w:t>", "<w:t>{{ c.juicio </w:t>")
    cambiar_docx(copia / "nota" / "nota.docx", "<w:t>{{ practica }}</w:t>", "<w:t>{{ practca }}</w:t>")
    css = copia / "nota" / "nota.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.extra { colr: red; background: url(falta.png); }\n",
                   encoding="utf-8")
    html = copia / "informe" / "informe.html"
    html.write_text(html.read_text(encoding="utf-8").replace("{{ titulo }}", "{{ titulo | mayusculas }}", 1),
                    encoding="utf-8")
    p = Proyecto(tmp_path / "p")
    r = p.correr("plantillas", "revisar", plantillas=copia)
    assert r.exit_code == 1
    salida = r.output.replace(str(copia), "plantillas")
    assert ("plantillas/evaluacion/evaluacion.docx: cuerpo, párrafo 29 («{{ c.juicio {{ c.evidencia }}{% endfor %}…»), "
            "tabla 3, fila 2, celda 3: se esperaba «}}» y hay «{»") in salida
    assert ("plantillas/nota/nota.docx: cuerpo, párrafo 4 («{{ practca }}…»): usa «practca», que este documento no "
            "tiene. ¿Quiso decir «practica»?") in salida
    assert "plantillas/nota/nota.css:32: CSS: se ignora «colr: red»: propiedad desconocida" in salida
    assert "plantillas/nota/nota.css:32: nombra «falta.png», que no está en plantillas/" in salida
    assert ("plantillas/informe/informe.html:8: el filtro «mayusculas» no existe. ¿Quiso decir «upper»? "
            "Los filtros están en la referencia: sistematiza plantillas referencia") in salida
    assert "expected" not in salida and "Traceback" not in salida
    # construir: una plantilla rota detiene solo los documentos de su tipo
    shutil.copytree(CORPUS / "instancia", p.contenido / "instancias" / "villa")
    p.fuente("experiencias/x/nota.md", con_urls())
    r = p.correr("construir", plantillas=copia)
    assert r.exit_code == 1
    assert not list(p.salida.rglob("nota.*"))
    assert len(list(p.salida.rglob("*.pdf"))) == 6  # los seis de la instancia, todos


def test_diferencias_entre_formatos(tmp_path, copia):
    html = copia / "perfil" / "perfil.html"
    html.write_text(html.read_text(encoding="utf-8").replace("<tr><th>Dónde</th><td>{{ lugar }}</td></tr>", ""),
                    encoding="utf-8")
    r = Proyecto(tmp_path / "p").correr("plantillas", "revisar", "perfil", plantillas=copia)
    assert r.exit_code == 0
    assert "perfil.html: aviso: no usa «lugar», que sí usa la plantilla DOCX" in r.output


def test_una_marca_en_el_nombre_de_un_marcador(tmp_path, copia):
    """LibreOffice guarda «_Toc_{{ x }}» como «_Toc_{{_x_}}» y corta a 40 letras: se avisa antes."""
    cambiar_docx(copia / "informe" / "informe.docx", 'w:name="_Toc_recomendaciones"',
                  'w:name="_Toc_{{ secciones.recomendaciones.ancla }}"')
    r = Proyecto(tmp_path / "p").correr("plantillas", "revisar", "informe", plantillas=copia)
    assert r.exit_code == 1
    assert ("informe.docx: cuerpo, párrafo 27 («{{ secciones.recomendaciones.numero }}. {{ seccion…»): "
            "el nombre de un marcador lleva la marca «_Toc_{{ secciones.recomendaciones.ancla }}»: Word y "
            "LibreOffice cambian ahí los espacios") in r.output


def test_un_color_de_word_que_el_pdf_no_sigue(tmp_path, copia):
    from docx.shared import RGBColor

    plantilla = Document(copia / "nota" / "nota.docx")
    plantilla.styles["Heading 2"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    plantilla.save(copia / "nota" / "nota.docx")
    r = Proyecto(tmp_path / "p").correr("plantillas", "revisar", "nota", plantillas=copia)
    assert r.exit_code == 0
    assert "el estilo «Heading 2» usa el color #123456, que no está en comun/identidad.yml" in r.output
    identidad = copia / "comun" / "identidad.yml"
    identidad.write_text(identidad.read_text(encoding="utf-8").replace(
        "colores:\n", 'colores:\n  titulo-nuevo: "#123456"\n'), encoding="utf-8")
    r = Proyecto(tmp_path / "q").correr("plantillas", "revisar", "nota", plantillas=copia)
    assert "#123456" not in r.output and "0 aviso(s)" in r.output


# ---------------------------------------------------------- textos en un solo lugar
def test_una_frase_cambiada_cambia_en_los_dos_formatos(tmp_path, copia):
    textos = copia / "carta" / "textos.yml"
    textos.write_text(textos.read_text(encoding="utf-8").replace(
        "Su compromiso, creatividad y trabajo contribuyen", "Su dedicación ejemplar contribuye"), encoding="utf-8")
    identidad = copia / "comun" / "identidad.yml"
    identidad.write_text(identidad.read_text(encoding="utf-8").replace(
        "programa: Programa Nacional AURORA", "programa: Programa AURORA (prueba)").replace("#5c2d82", "#123456"),
        encoding="utf-8")
    p = Proyecto(tmp_path / "p")
    shutil.copytree(CORPUS / "experiencia", p.contenido / "experiencias" / "e")
    r = p.correr("construir", "carta", plantillas=copia)
    assert r.exit_code == 0, r.output
    docx = _texto_docx(p.salida / "experiencias" / "e" / "carta.docx")
    pdf = _texto_pdf(p.salida / "experiencias" / "e" / "carta.pdf")
    for texto in (docx, pdf):
        assert "Su dedicación ejemplar contribuye" in texto and "Su compromiso, creatividad" not in texto
        assert "Programa AURORA (prueba)" in texto
    from pipeline.corpus import Corpus
    from pipeline.motor import preparar
    from pipeline.render import pdf as render_pdf

    corpus = Corpus(p.contenido)
    doc = preparar(corpus.leer(p.contenido / "experiencias" / "e" / "carta.md"), copia, corpus)
    assert "--morado: #123456;" in render_pdf.html(doc, copia, doc.tipo.fecha(doc))  # el CSS usa el color


# -------------------------------------------------------------------------- logos
def test_cada_tipo_lleva_su_logo_con_texto_alternativo(tmp_path, copia):
    Image.new("RGB", (60, 30), "purple").save(copia / "comun" / "logo.png")
    p = Proyecto(tmp_path / "p")
    shutil.copytree(CORPUS / "experiencia", p.contenido / "experiencias" / "e")
    (p.contenido / "experiencias" / "e" / "nota.md").write_text(con_urls(), encoding="utf-8")
    shutil.copytree(CORPUS / "instancia", p.contenido / "instancias" / "villa")
    Image.new("RGB", (40, 40), "green").save(p.contenido / "instancias" / "villa" / "logo.png")
    r = p.correr("construir", plantillas=copia)
    assert r.exit_code == 0, r.output
    docx = sorted(p.salida.rglob("*.docx"))
    assert len(docx) == 17  # 11 de la experiencia, 6 de la instancia
    for ruta in docx:
        with zipfile.ZipFile(ruta) as z:
            encabezados = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
            medios = [n for n in z.namelist() if n.startswith("word/media/")]
        assert medios, ruta.name
        esperado = ("Logo de la Municipalidad Distrital de Tiquillaca" if "instancias" in ruta.parts
                    else "Logo del Programa Nacional AURORA")
        assert f'descr="{esperado}"' in encabezados, ruta.name
    for ruta in sorted(p.salida.rglob("*.pdf")):
        lector = PdfReader(ruta)
        imagenes = [img for pagina in lector.pages[:1] for img in pagina.images]
        assert imagenes, ruta.name


# --------------------------------------------------------------------- referencia
def test_las_variables_declaradas_son_las_del_contexto():
    ejemplos = contextos_de_ejemplo(PLANTILLAS)
    assert set(ejemplos) == set(TIPOS)  # cada tipo tiene un ejemplo en el proyecto
    for nombre, contexto in ejemplos.items():
        assert set(contexto) == set(TIPOS[nombre].variables), nombre


def test_la_referencia_lista_todo(proyecto):
    r = proyecto.correr("plantillas", "referencia", "--salida", "salida")
    assert r.exit_code == 0, r.output
    pagina = (proyecto.salida / "plantillas" / "referencia.html").read_text(encoding="utf-8")
    for tipo in TIPOS.values():
        assert f'id="{tipo.nombre}"' in pagina
        for variable in tipo.variables:
            assert f"<code>{variable}</code>" in pagina, (tipo.nombre, variable)
    for filtro in ("fecha_larga", "cifra", "porcentaje", "soles", "fecha_parcial"):
        assert f"<code>{filtro}</code>" in pagina
    assert "28 de setiembre de 2022" in pagina and "S/\u00a030\u00a0000,00" in pagina
    assert "Lista con viñetas" in pagina and "logo.png" in pagina
