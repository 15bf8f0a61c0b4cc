"""El ciclo de quien escribe: construir o validar solo una fuente o una carpeta (su experiencia),
sin ver los avisos de los demás documentos ni borrar sus salidas."""

from __future__ import annotations

import shutil

from .conftest import RAIZ, Proyecto

NOTA = RAIZ / "contenido" / "experiencias" / "reuniones-socializacion-lecciones-aprendidas"
INSTANCIA = RAIZ / "contenido" / "instancias" / "leoncio-prado"


def _proyecto(tmp_path) -> Proyecto:
    p = Proyecto(tmp_path)
    shutil.copytree(NOTA, p.contenido / "experiencias" / "mia")
    shutil.copytree(INSTANCIA, p.contenido / "instancias" / "otra")
    return p


def test_construir_solo_mi_carpeta(tmp_path):
    p = _proyecto(tmp_path)
    assert p.correr("construir", "acta", formato="docx").exit_code == 0
    acta = p.salida / "instancias" / "otra" / "acta-2021-05.docx"
    assert acta.is_file()
    r = p.correr("construir", "contenido/experiencias/mia", formato="docx")
    assert r.exit_code == 0, r.output
    assert "1 documento(s) construidos" in r.output
    assert "instancias/otra" not in r.output  # ni sus avisos
    assert (p.salida / "experiencias" / "mia" / "nota.docx").is_file()
    assert acta.is_file()  # construir una carpeta no borra lo de las demás


def test_tipo_y_ruta_se_cruzan_y_una_fuente_sola(tmp_path):
    p = _proyecto(tmp_path)
    r = p.correr("construir", "nota", "contenido/instancias", formato="docx")
    assert r.exit_code == 0 and "0 documento(s) construidos" in r.output
    r = p.correr("validar", "contenido/instancias/otra/acta-2021-05.md")
    assert r.exit_code == 0, r.output
    assert "1 documento(s) válidos" in r.output
    assert "experiencias/mia" not in r.output


def test_rutas_que_no_sirven(tmp_path):
    p = _proyecto(tmp_path)
    r = p.correr("construir", "contenido/experiencias/ajena")
    assert r.exit_code == 2
    assert "no existe «contenido/experiencias/ajena» (ni es un tipo de documento)" in r.output
    (tmp_path / "fuera").mkdir()
    r = p.correr("validar", "fuera")
    assert r.exit_code == 2
    assert "«fuera» no está dentro de la carpeta de fuentes «contenido»" in r.output
    r = p.correr("construir", "notaz")
    assert r.exit_code == 2 and "¿Quiso decir «nota»?" in r.output


def test_nueva_instancia_con_su_territorio_oficial(tmp_path):
    p = Proyecto(tmp_path)
    r = p.correr("nueva", "instancia", "luyando", "--nivel", "distrital", "--territorio",
                 "huanuco/Leoncio Prado/LUYANDO")
    assert r.exit_code == 0, r.output
    yml = (p.contenido / "instancias" / "luyando" / "instancia.yml").read_text(encoding="utf-8")
    assert "  distrito: Luyando\n  ubigeo: \"100605\"\n" in yml  # el nombre oficial y su ubigeo
    assert "institucion: Municipalidad Distrital de Luyando" in yml
    r = p.correr("validar", "contenido/instancias/luyando")
    assert r.exit_code == 1  # lo que falta completar, y nada más
    assert "campo «integrantes.0.titular.nombre»: complete este campo (nombre de la autoridad)" in r.output
    r = p.correr("nueva", "instancia", "x", "--nivel", "distrital", "--territorio", "Cusco/La Convención/Ñuñoa")
    assert r.exit_code == 2 and "Hay un distrito «Nuñoa» en Melgar (Puno)" in r.output
    r = p.correr("nueva", "instancia", "Mi Instancia", "--nivel", "regional", "--territorio", "Puno")
    assert r.exit_code == 2 and "por ejemplo «mi-instancia»" in r.output
