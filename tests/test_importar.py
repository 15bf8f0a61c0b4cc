"""Importar las respuestas del formulario de inscripción (Anexo 2): una carpeta por fila, con
las preguntas reconocidas por su texto, validada con las reglas de la convocatoria."""

from __future__ import annotations

import csv
import re

import yaml

from .conftest import RAIZ, Proyecto

RESPUESTAS = RAIZ / "tests" / "corpus" / "formulario" / "respuestas-2024.csv"
ESCUELAS = "escuelas-seguras-libres-de-violencia-en-el-distrito-de"


def _importar(p: Proyecto, archivo, *extra: str):
    return p.correr("importar", "fichas", str(archivo), *extra, "--plantillas", str(RAIZ / "plantillas"))


def _tabla(salida: str) -> dict[int, list[str]]:
    return {int(m.group(1)): m.group(2).split() for m in re.finditer(r"^\s+(\d+)  (.*)$", salida, re.M)}


def test_importar_las_respuestas_de_ejemplo(tmp_path):
    p = Proyecto(tmp_path)
    r = _importar(p, RESPUESTAS)
    assert r.exit_code == 1, r.output  # hay filas con errores (y una sin título)
    tabla = _tabla(r.output)
    assert tabla[2] == [ESCUELAS, "0", "2", "0", "escrita"]  # solo los roles, que el formulario no pregunta
    assert tabla[3][0] == "ferias-itinerantes-contra-la-violencia-en-comunidades" and tabla[3][1] == "1"
    assert tabla[4] == ["—", "1", "0", "0", "no", "escrita"]
    assert tabla[6][0] == f"{ESCUELAS}-2"  # el mismo título no choca
    assert "«Cuzco» no es una región en la lista oficial del INEI. ¿Quiso decir «Cusco»?" in r.output
    assert "«Idea»: la convocatoria solo acepta experiencias ejecutadas" in r.output
    assert "respuestas-2024.csv:4: la fila no tiene título de la experiencia (2.1): no se importa" in r.output
    carpetas = sorted(x.name for x in (p.contenido / "experiencias").iterdir())
    assert len(carpetas) == 4
    datos = yaml.safe_load((p.contenido / "experiencias" / ESCUELAS / "experiencia.yml").read_text(encoding="utf-8"))
    assert datos["categoria"] == "Prevención"  # «1. Prevención» sin su número
    assert datos["objetivos_especificos"] == ["Fortalecer las capacidades de docentes para detectar y derivar casos.",
                                              "Promover la participación de estudiantes como agentes de cambio."]
    assert datos["acciones"][0] == "Talleres con docentes"
    assert datos["resultados_cuantitativos"] == ["4 instituciones educativas participantes",
                                                 "320 estudiantes capacitados"]
    assert datos["equipo"][1]["nombre"] == "Luis Alberto Rojas Vega"
    assert (p.contenido / "experiencias" / ESCUELAS / "ficha.md").read_text(encoding="utf-8") == \
        "---\ntipo: ficha\nfecha: 2024-04-08\n---\n"


def test_una_carpeta_existente_no_se_toca_sin_reemplazar(tmp_path):
    p = Proyecto(tmp_path)
    _importar(p, RESPUESTAS)
    yml = p.contenido / "experiencias" / ESCUELAS / "experiencia.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("COMPLETAR: su rol en la experiencia",
                                                           "Coordinación"), encoding="utf-8")
    r = _importar(p, RESPUESTAS)
    assert "la carpeta ya existe: no se toca (use --reemplazar para escribirla de nuevo)" in r.output
    assert "Coordinación" in yml.read_text(encoding="utf-8")
    _importar(p, RESPUESTAS, "--reemplazar")
    assert "Coordinación" not in yml.read_text(encoding="utf-8")


def test_completada_la_ficha_se_construye(tmp_path):
    p = Proyecto(tmp_path)
    _importar(p, RESPUESTAS)
    yml = p.contenido / "experiencias" / ESCUELAS / "experiencia.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("COMPLETAR: su rol en la experiencia",
                                                           "Coordinación del equipo"), encoding="utf-8")
    r = p.correr("construir", f"contenido/experiencias/{ESCUELAS}", formato="docx")
    assert r.exit_code == 0, r.output
    assert (p.salida / "experiencias" / ESCUELAS / "ficha.docx").is_file()


def test_xlsx_y_preguntas_escritas_de_otro_modo(tmp_path):
    from openpyxl import Workbook

    filas = list(csv.reader(RESPUESTAS.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    # otra mayúscula, sin tildes, sin numeración, con asterisco y espacios: la misma pregunta
    filas[0] = [re.sub(r"^\d+(\.\d+)* ", "", t).upper().replace("Í", "I") + " * " for t in filas[0]]
    libro = Workbook()
    for fila in filas:
        libro.active.append(fila)
    libro.save(tmp_path / "respuestas.xlsx")
    p = Proyecto(tmp_path / "xlsx")
    r = _importar(p, tmp_path / "respuestas.xlsx")
    assert _tabla(r.output)[2] == [ESCUELAS, "0", "2", "0", "escrita"], r.output
    q = Proyecto(tmp_path / "csv")
    _importar(q, RESPUESTAS)
    uno = (p.contenido / "experiencias" / ESCUELAS / "experiencia.yml").read_text(encoding="utf-8")
    otro = (q.contenido / "experiencias" / ESCUELAS / "experiencia.yml").read_text(encoding="utf-8")
    assert uno.split("\n", 1)[1] == otro.split("\n", 1)[1]  # lo mismo, salvo el nombre del archivo


def test_un_archivo_que_no_es_del_formulario(tmp_path):
    p = Proyecto(tmp_path)
    otro = tmp_path / "otra.csv"
    otro.write_text("a,b\n1,2\n", encoding="utf-8")
    r = _importar(p, otro)
    assert r.exit_code == 1
    assert "no tiene la columna del título de la experiencia" in r.output
    assert not (p.contenido / "experiencias").exists() or not any((p.contenido / "experiencias").iterdir())
