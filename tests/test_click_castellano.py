"""Todo lo que click puede decir, en castellano."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

from pipeline.click_es import TRADUCCIONES

from .conftest import Proyecto


def _mensajes_de_click() -> set[str]:
    ids = set()
    for archivo in Path(click.__file__).parent.glob("*.py"):
        for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
            if (isinstance(nodo, ast.Call) and isinstance(nodo.func, ast.Name)
                    and nodo.func.id in ("_", "ngettext")):
                ids |= {a.value for a in nodo.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return ids


def test_la_tabla_cubre_cada_mensaje_de_click():
    faltan = _mensajes_de_click() - set(TRADUCCIONES)
    assert not faltan, sorted(faltan)


INGLES = ("Usage", "Error: No such", "does not exist", "is not", "Invalid value", "Missing", "Try ",
          "Directory", "File ", "range", "Got unexpected", "requires an argument", "Did you mean")


@pytest.mark.parametrize("argumentos", [
    ["construir", "--trabajos", "0"], ["construir", "--trabajos", "x"], ["construir", "--formato", "odt"],
    ["construir", "--trabajo", "2"], ["construr"], ["lote", "ordenanza", "--territorios", "no.csv"],
    ["lote", "ordenanza"], ["paquete", "--nombre", "../x"], ["paquete", "--verificar", "no-existe"],
    ["nueva", "experiencia", "Mi Experiencia"], ["nueva", "experiencia"], ["validar", "sobra"],
    ["vista", "--puerto", "x"], ["vista", "--puerto", "99999"], ["vista", "no-existe"], ["nueva", "instancia", "x"],
    ["nueva", "instancia", "x", "--nivel", "comunal", "--territorio", "Puno"],
    ["nueva", "instancia", "x", "--nivel", "regional", "--territorio", "Narnia"],
    ["construir", "contenido/nada"], ["validar", "/"],
    ["lote", "ordenanza", "--nivel", "distrital", "--ambito", "Narnia"],
    ["plantillas", "revisar", "notaz"], ["importar", "fichas", "no.csv"], ["importar", "documento", "x.docx"],
    ["importar", "documento", "x.docx", "--tipo", "carta", "--en", "contenido/x"], ["importar", "otra"],
])
def test_errores_de_uso_sin_ingles(tmp_path, argumentos):
    p = Proyecto(tmp_path)
    resultado = p.correr(*argumentos)
    assert resultado.exit_code in (1, 2), resultado.output
    for palabra in INGLES:
        assert palabra not in resultado.output, (palabra, resultado.output)
