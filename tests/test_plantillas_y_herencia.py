"""Plantillas rotas, recursos prohibidos para el PDF y datos heredados de experiencia.yml."""

from __future__ import annotations

import shutil

import docx
import pytest

from pipeline import formato
from pipeline.render.pdf import _fetcher

from .conftest import FUENTE_EJEMPLO, PLANTILLAS

RUTA = "experiencias/x/nota.md"


@pytest.fixture
def plantillas(tmp_path):
    copia = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, copia)
    return copia


TITULO_EJEMPLO = ("titulo: >-\n  Reuniones de socialización de lecciones aprendidas: el espacio para quienes\n"
                  "  comparten el conocimiento y buscan la mejora continua\n")


def test_plantilla_html_rota_se_nombra_y_no_deja_nada(proyecto, plantillas):
    html = plantillas / "nota" / "nota.html"
    html.write_text(html.read_text(encoding="utf-8").replace("{% endif %}", "{% endiff %}", 1),
                    encoding="utf-8")
    proyecto.fuente(RUTA, FUENTE_EJEMPLO)
    resultado = proyecto.correr("construir", plantillas=plantillas)
    assert resultado.exit_code == 1
    assert "plantillas/nota/nota.html" in resultado.output
    assert "Traceback" not in resultado.output
    assert proyecto.salidas() == []  # ni el DOCX, que sí se pudo hacer


def test_plantilla_word_con_dato_inexistente(proyecto, plantillas):
    plantilla = plantillas / "nota" / "nota.docx"
    documento = docx.Document(plantilla)
    documento.add_paragraph("{{ dato_que_no_existe }}")
    documento.save(plantilla)
    proyecto.fuente(RUTA, FUENTE_EJEMPLO)
    resultado = proyecto.correr("construir", plantillas=plantillas)
    assert resultado.exit_code == 1
    assert "usa «dato_que_no_existe», que este documento no tiene" in resultado.output
    assert proyecto.salidas() == []


def test_plantilla_sin_estilo_necesario(proyecto, plantillas):
    plantilla = plantillas / "nota" / "nota.docx"
    documento = docx.Document(plantilla)
    estilo = documento.styles["List Bullet"]
    estilo.element.getparent().remove(estilo.element)
    documento.save(plantilla)
    proyecto.fuente(RUTA, FUENTE_EJEMPLO)
    resultado = proyecto.correr("construir", plantillas=plantillas)
    assert resultado.exit_code == 1
    assert "no tiene el estilo «List Bullet»" in resultado.output
    assert proyecto.salidas() == []


def test_logo_de_la_sgic_en_ambos_formatos(proyecto, plantillas):
    from PIL import Image

    Image.new("RGB", (60, 20), (92, 45, 130)).save(plantillas / "comun" / "logo.png")
    proyecto.fuente(RUTA, FUENTE_EJEMPLO)
    assert proyecto.correr("construir", plantillas=plantillas).exit_code == 0
    documento = docx.Document(proyecto.salida / "experiencias/x/nota.docx")
    encabezado = documento.sections[0].header
    assert encabezado.part.rels and any("image" in r.reltype for r in encabezado.part.rels.values())
    from pypdf import PdfReader

    pagina = PdfReader(proyecto.salida / "experiencias/x/nota.pdf").pages[0]
    imagenes = [n for n, o in pagina["/Resources"].get("/XObject", {}).items()
                if o.get_object()["/Subtype"] == "/Image"]
    assert imagenes


def test_el_pdf_solo_lee_plantillas_y_la_carpeta_del_documento(tmp_path):
    (tmp_path / "plantillas").mkdir()
    (tmp_path / "doc").mkdir()
    (tmp_path / "plantillas" / "a.css").write_text("p{}")
    (tmp_path / "doc" / "img.png").write_bytes(b"x")
    (tmp_path / "secreto.txt").write_text("no")
    rechazados: list[str] = []
    fetcher = _fetcher([tmp_path / "plantillas", tmp_path / "doc"], rechazados)
    assert fetcher.fetch((tmp_path / "plantillas" / "a.css").as_uri()).read() == b"p{}"
    assert fetcher.fetch((tmp_path / "doc" / "img.png").as_uri()).read() == b"x"
    for url in [(tmp_path / "secreto.txt").as_uri(), (tmp_path / "doc" / ".." / "secreto.txt").as_uri(),
                "https://example.org/logo.png", "http://127.0.0.1/x", "data:text/plain,hola",
                "file:///etc/passwd"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(rechazados) == 6


def test_campos_heredados_de_experiencia_yml(proyecto):
    proyecto.fuente("experiencias/x/experiencia.yml",
                    "titulo: Título heredado de la experiencia\nregion: Huánuco\n")
    sin_titulo = FUENTE_EJEMPLO.replace(TITULO_EJEMPLO, "")
    assert sin_titulo != FUENTE_EJEMPLO
    proyecto.fuente(RUTA, sin_titulo)
    resultado = proyecto.correr("construir", formato="docx")
    assert resultado.exit_code == 0, resultado.output  # «region» no es de la nota: se ignora
    documento = docx.Document(proyecto.salida / "experiencias/x/nota.docx")
    assert documento.core_properties.title == "Título heredado de la experiencia"
    # el front matter del documento gana
    proyecto.fuente(RUTA, FUENTE_EJEMPLO)
    assert proyecto.correr("construir", formato="docx").exit_code == 0
    documento = docx.Document(proyecto.salida / "experiencias/x/nota.docx")
    assert documento.core_properties.title.startswith("Reuniones de socialización")


def test_error_en_dato_heredado_señala_el_yml(proyecto):
    proyecto.fuente("experiencias/experiencia.yml", "region: Huánuco\ntitulo: 12\n")
    sin_titulo = FUENTE_EJEMPLO.replace(TITULO_EJEMPLO, "")
    proyecto.fuente(RUTA, sin_titulo)
    resultado = proyecto.correr("construir")
    assert resultado.exit_code == 1
    assert "contenido/experiencias/experiencia.yml:2: campo «titulo»: debe ser un texto" in resultado.output


def test_formato_de_cifras_y_fechas():
    import datetime as dt

    assert formato.cifra(2283) == "2\u00a0283"
    assert formato.cifra(1234567) == "1\u00a0234\u00a0567"
    assert formato.porcentaje(86.7) == "86.7\u00a0%"
    assert formato.porcentaje(80) == "80\u00a0%"
    assert formato.porcentaje(66.70) == "66.7\u00a0%"
    assert formato.fecha(dt.date(2022, 9, 28)) == "28 de setiembre de 2022"
    assert formato.fecha(dt.date(2022, 11, 28)) == "28 de noviembre de 2022"
    assert formato.soles(30000) == "S/\u00a030\u00a0000,00"
