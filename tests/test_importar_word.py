"""Importar un borrador de Word escrito como escribe la gente (formato directo en vez de estilos,
numeración tecleada, una tabla pegada, una imagen) → una fuente válida, salvo los «COMPLETAR»."""

from __future__ import annotations

import re
import shutil

import pytest
from docx import Document
from docx.shared import Pt

from .conftest import RAIZ, Proyecto

EXPERIENCIA = RAIZ / "tests" / "corpus" / "experiencia" / "experiencia.yml"
pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None, reason="hace falta pandoc")


def _titulo(doc, texto: str, tamano: int = 12) -> None:
    run = doc.add_paragraph().add_run(texto)
    run.bold = True
    run.font.size = Pt(tamano)


def _borrador(ruta, imagen) -> None:
    doc = Document()
    _titulo(doc, "Escuelas seguras libres de violencia en el distrito de Ejemplo", 18)
    doc.add_paragraph("Nota del conocimiento N° 014-2024")
    _titulo(doc, "1. CONOCIENDO EL ENTORNO Y LA PROBLEMATICA")
    p = doc.add_paragraph("La comunidad educativa ")
    p.add_run("toleraba").bold = True
    p.add_run(" la violencia y el CEM ")
    p.add_run("no llegaba").italic = True
    p.add_run(" a las escuelas.")
    _titulo(doc, "2. La solucion de una practica para contribuir en la lucha contra la violencia")
    doc.add_paragraph("El CEM y la UGEL acordaron trabajar juntos.")
    _titulo(doc, "Metodologia")
    doc.add_paragraph("1. Talleres con docentes")
    doc.add_paragraph("2. Brigadas estudiantiles")
    _titulo(doc, "3. Transformando Realidades")
    doc.add_paragraph("Así cambiaron las cifras:")
    tabla = doc.add_table(rows=2, cols=2)
    for (i, j), texto in {(0, 0): "Institución", (0, 1): "Estudiantes", (1, 0): "IE 70001", (1, 1): "80"}.items():
        tabla.cell(i, j).text = texto
    doc.add_picture(str(imagen))
    doc.inline_shapes[0]._inline.docPr.set("descr", "Brigada estudiantil en una feria")
    _titulo(doc, "4. Aprendiendo juntas/os: lecciones valiosas para replicar")
    doc.add_paragraph("❖ Las y los estudiantes son los mejores mensajeros.")
    doc.add_paragraph("❖ El acuerdo con la UGEL abre las puertas.")
    grande = doc.add_paragraph().add_run("5. Haciendo la diferencia: recomendaciones que se pueden aplicar")
    grande.font.size = Pt(16)  # solo letra grande: ni estilo de título ni negrita
    doc.add_paragraph("- Incorporar las brigadas en el plan anual.")
    _titulo(doc, "6. EL LEGADO DE UNA BUENA PRÁCTICA: ACTUALIZACIONES Y MEJORAS EN LA EXPERIENCIA")
    doc.add_paragraph("Las brigadas siguen funcionando en 2024.")
    doc.save(ruta)


def test_un_borrador_escrito_a_mano_se_importa(tmp_path):
    from PIL import Image

    imagen = tmp_path / "foto.png"
    Image.new("RGB", (120, 80), "purple").save(imagen)
    borrador = tmp_path / "borrador.docx"
    _borrador(borrador, imagen)
    p = Proyecto(tmp_path / "proyecto")
    carpeta = p.contenido / "experiencias" / "escuelas"
    carpeta.mkdir(parents=True)
    shutil.copy(EXPERIENCIA, carpeta / "experiencia.yml")
    r = p.correr("importar", "documento", str(borrador), "--tipo", "nota", "--en", "contenido/experiencias/escuelas",
                 "--plantillas", str(RAIZ / "plantillas"))
    assert r.exit_code == 0, r.output
    assert "aviso" not in r.output  # todo el texto encontró su sección
    fuente = (carpeta / "nota.md").read_text(encoding="utf-8")
    assert 'numero: "014-2024"' in fuente
    assert "## Conociendo el entorno y la problemática\n" in fuente
    assert "La comunidad educativa **toleraba** la violencia y el CEM *no llegaba* a las escuelas." in fuente
    assert "### Metodología\n" in fuente
    assert "1. Talleres con docentes" in fuente and "2. Brigadas estudiantiles" in fuente
    assert "- Las y los estudiantes son los mejores mensajeros." in fuente
    assert "- Incorporar las brigadas en el plan anual." in fuente
    assert re.search(r"\| Institución +\| Estudiantes +\|\n\|-+\|-+\|\n\| IE 70001 +\| 80 +\|", fuente)
    assert "![Brigada estudiantil en una feria](imagen-1.png)" in fuente
    assert (carpeta / "imagen-1.png").is_file()
    r = p.correr("validar", "contenido/experiencias/escuelas/nota.md")
    errores = [ln for ln in r.output.splitlines() if "nota.md:" in ln and "aviso" not in ln]
    assert errores and all("complete este campo" in ln for ln in errores), r.output  # solo los «COMPLETAR»


def test_lo_que_no_calza_no_se_pierde(tmp_path):
    doc = Document()
    doc.add_paragraph("Un párrafo suelto antes de todo.")
    _titulo(doc, "Conociendo el entorno y la problemática")
    doc.add_paragraph("Texto de la sección.")
    borrador = tmp_path / "b.docx"
    doc.save(borrador)
    p = Proyecto(tmp_path / "proyecto")
    (p.contenido / "experiencias" / "x").mkdir(parents=True)
    shutil.copy(EXPERIENCIA, p.contenido / "experiencias" / "x" / "experiencia.yml")  # el título está ahí
    r = p.correr("importar", "documento", str(borrador), "--tipo", "nota", "--en", "contenido/experiencias/x",
                 "--plantillas", str(RAIZ / "plantillas"))
    assert r.exit_code == 0, r.output
    assert "el borrador no tiene estas secciones" in r.output
    assert "quedó al final, en un comentario «SIN UBICAR»" in r.output
    fuente = (p.contenido / "experiencias" / "x" / "nota.md").read_text(encoding="utf-8")
    assert "<!-- SIN UBICAR" in fuente and "Un párrafo suelto antes de todo." in fuente
    r = p.correr("importar", "documento", str(borrador), "--tipo", "nota", "--en", "contenido/experiencias/x",
                 "--plantillas", str(RAIZ / "plantillas"))
    assert r.exit_code == 1 and "ya existe; no se toca (use --reemplazar)" in r.output


def _secciones_del_word(docx) -> dict[str, str]:
    """El texto de cada sección («# …») de un DOCX, leído con pandoc."""
    import subprocess

    md = subprocess.run(["pandoc", "-f", "docx", "-t", "gfm", "--wrap=none", str(docx)],
                        capture_output=True, text=True, check=True).stdout
    partes = re.split(r"^# ", md, flags=re.M)[1:]
    return {p.split("\n", 1)[0]: re.sub(r"\s+", " ", p.split("\n", 1)[1] if "\n" in p else "").strip()
            for p in partes}


IDA_Y_VUELTA = [
    ("tests/corpus/experiencia", "nota"), ("tests/corpus/experiencia", "informe"),
    ("tests/corpus/experiencia", "perfil"),
    ("contenido/experiencias/reuniones-socializacion-lecciones-aprendidas", "nota"),
    ("contenido/experiencias/articulacion-territorial-leoncio-prado", "informe"),
]


@pytest.mark.parametrize("carpeta, tipo", IDA_Y_VUELTA)
def test_ida_y_vuelta_de_los_word_del_proyecto(tmp_path, carpeta, tipo):
    """El DOCX que hace el proyecto, importado y construido otra vez: el mismo texto, sección por
    sección (también lo que arman los campos: cifras, enlaces, periodo, línea de tiempo, cronograma)."""
    origen = RAIZ / carpeta
    uno = Proyecto(tmp_path / "uno")
    shutil.copytree(origen, uno.contenido / "experiencias" / "x")
    assert uno.correr("construir", tipo, formato="docx").exit_code == 0
    docx = uno.salida / "experiencias" / "x" / f"{tipo}.docx"
    otro = Proyecto(tmp_path / "otro")
    destino = otro.contenido / "experiencias" / "x"
    destino.mkdir(parents=True)
    for archivo in origen.iterdir():  # los datos de la experiencia y sus imágenes, sin las fuentes
        if archivo.suffix != ".md":
            shutil.copy(archivo, destino / archivo.name)
    r = otro.correr("importar", "documento", str(docx), "--tipo", tipo, "--en", "contenido/experiencias/x",
                    "--plantillas", str(RAIZ / "plantillas"))
    assert r.exit_code == 0, r.output
    r = otro.correr("construir", tipo, formato="docx")
    assert r.exit_code == 0, (r.output, (destino / f"{tipo}.md").read_text(encoding="utf-8"))
    antes, despues = _secciones_del_word(docx), _secciones_del_word(otro.salida / "experiencias" / "x" / f"{tipo}.docx")
    assert list(antes) == list(despues)
    for titulo in antes:
        assert antes[titulo] == despues[titulo], titulo
