"""El ayudante de los formatos lentos: hace el PDF de una fuente cambiada en otro proceso (que
cargó WeasyPrint mientras el principal revisaba qué hacer) con el documento ya validado. Lo que
produce es lo mismo que sin él; si muere, el principal hace su parte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.construir import destinos
from pipeline.corpus import Corpus
from pipeline.motor import Ayudante, Opciones, Trabajo, ejecutar

from .conftest import FUENTE_EJEMPLO, PLANTILLAS, Proyecto

CORPUS = Path(__file__).resolve().parent / "corpus"


def _trabajo(p: Proyecto, relativa: str, salida: Path) -> Trabajo:
    ruta = p.contenido / relativa
    return Trabajo(str(ruta.resolve()), "fuentes", ruta,
                   tuple(destinos(ruta, p.contenido, salida, ("docx", "pdf")).items()))


@pytest.mark.parametrize("morir", [False, True])
def test_el_ayudante_hace_lo_mismo_que_este_proceso(tmp_path, morir):
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "experiencia", p.contenido / "exp")
    corpus = Corpus(p.contenido)
    solo = Opciones(p.contenido, tmp_path / "solo", PLANTILLAS)
    ayudado = Opciones(p.contenido, tmp_path / "ayudado", PLANTILLAS)
    esperado = ejecutar(_trabajo(p, "exp/nota.md", solo.salida), ("docx", "pdf"), solo, corpus)
    ayudante = Ayudante(ayudado, corpus, ("pdf",))
    try:
        if morir:  # el ayudante termina de golpe: el principal hace también el PDF
            ayudante._proceso.kill()
            ayudante._proceso.join()
        hecho = ayudante.hacer(_trabajo(p, "exp/nota.md", ayudado.salida), ("docx", "pdf"), ayudado, corpus)
    finally:
        ayudante.cerrar()
    assert not ayudante._proceso.is_alive()
    assert sorted(hecho.escritas) == ["docx", "pdf"]
    assert hecho.problemas == esperado.problemas  # los avisos de la fuente, una sola vez
    assert sorted(hecho.dependencias) == sorted(esperado.dependencias)
    for formato in ("docx", "pdf"):
        assert hecho.escritas[formato].read_bytes() == esperado.escritas[formato].read_bytes()


def test_un_error_de_la_fuente_se_informa_una_vez(tmp_path):
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "experiencia", p.contenido / "exp")
    nota = p.contenido / "exp" / "nota.md"
    nota.write_text(nota.read_text(encoding="utf-8").replace("tipo: nota", "tipo: nota\nfecha: 2024-02-30"),
                    encoding="utf-8")
    opciones = Opciones(p.contenido, tmp_path / "salida", PLANTILLAS)
    corpus = Corpus(p.contenido)
    ayudante = Ayudante(opciones, corpus, ("pdf",))
    try:
        hecho = ayudante.hacer(_trabajo(p, "exp/nota.md", opciones.salida), ("docx", "pdf"), opciones, corpus)
    finally:
        ayudante.cerrar()
    assert hecho.fallido and not hecho.escritas
    errores = [x.mensaje for x in hecho.problemas if "2024-02-30" in x.mensaje]
    assert len(errores) == 1


def test_solo_hay_ayudante_si_sirve(tmp_path):
    opciones = Opciones(tmp_path, tmp_path / "salida", PLANTILLAS)
    corpus = Corpus(tmp_path)
    assert Ayudante.si_conviene(opciones, corpus, ("docx",), None) is None  # nada lento
    assert Ayudante.si_conviene(opciones, corpus, ("docx", "pdf"), 1) is None  # un solo proceso


def test_una_fuente_cambiada_con_ayudante_sale_igual(tmp_path):
    """Como quien escribe: construye todo, cambia una nota y vuelve a construir (un proceso
    entero, con el ayudante); sus DOCX y PDF son los mismos que los de un proceso sin ayudante."""
    p = Proyecto(tmp_path)
    p.fuente("exp/nota.md", FUENTE_EJEMPLO)  # la nota real: con avisos
    shutil.copytree(CORPUS / "instancia", p.contenido / "villa")
    entorno = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}

    def construir(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pipeline.cli", "construir", "--contenido", "contenido",
                               "--salida", "salida", "--plantillas", str(PLANTILLAS), *extra],
                              cwd=p.raiz, env=entorno, capture_output=True, text=True, timeout=300)

    assert construir("--silencioso").returncode == 0
    nota = p.contenido / "exp" / "nota.md"
    nota.write_text(nota.read_text(encoding="utf-8") + "\nUn párrafo más al final.\n", encoding="utf-8")
    cambio = construir("--trabajos", "2")
    assert cambio.returncode == 0, cambio.stderr
    assert [ln for ln in cambio.stdout.splitlines() if ln.startswith("✓ ")] == [
        "✓ contenido/exp/nota.md → salida/exp/nota.docx, salida/exp/nota.pdf"]
    avisos = [ln for ln in cambio.stderr.splitlines() if "nota.md" in ln]
    assert avisos and len(avisos) == len(set(avisos))  # cada aviso una vez
    ayudados = {f: (p.salida / "exp" / f"nota.{f}").read_bytes() for f in ("docx", "pdf")}
    assert construir("--trabajos", "1", "--forzar", "--silencioso", "contenido/exp/nota.md").returncode == 0
    for formato, datos in ayudados.items():
        assert (p.salida / "exp" / f"nota.{formato}").read_bytes() == datos, formato


@pytest.mark.parametrize("cambio, frase", [
    # el ayudante lo descubre al maquetar: un recurso fuera de plantillas/
    ('<link rel="stylesheet" href="nota.css">', '<link rel="stylesheet" href="nota.css">'
                                                '<img src="../../../../../../etc/hostname" alt="x">'),
    # el principal, al hacer el HTML: un error de la plantilla Jinja
    ("{{ titulo }}", "{{ titulo }}{{ (titulo | length) // 0 }}"),
])
def test_un_error_del_pdf_se_informa_igual_con_ayudante(tmp_path, cambio, frase):
    """Un PDF que no se puede hacer da el mismo problema con ayudante que sin él, una vez, y
    el DOCX se escribe igual (como con el ayudante de siempre)."""
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "experiencia", p.contenido / "exp")
    plantillas = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)
    html = plantillas / "nota" / "nota.html"
    texto = html.read_text(encoding="utf-8")
    assert cambio in texto
    html.write_text(texto.replace(cambio, frase, 1), encoding="utf-8")
    corpus = Corpus(p.contenido)
    solo = Opciones(p.contenido, tmp_path / "solo", plantillas)
    ayudado = Opciones(p.contenido, tmp_path / "ayudado", plantillas)
    esperado = ejecutar(_trabajo(p, "exp/nota.md", solo.salida), ("pdf",), solo, corpus)
    assert esperado.fallido
    ayudante = Ayudante(ayudado, corpus, ("pdf",))
    try:
        hecho = ayudante.hacer(_trabajo(p, "exp/nota.md", ayudado.salida), ("docx", "pdf"), ayudado, corpus)
    finally:
        ayudante.cerrar()
    errores = [x.mensaje for x in hecho.problemas if x.nivel != "aviso"]
    assert errores == [x.mensaje for x in esperado.problemas if x.nivel != "aviso"]
    assert sorted(hecho.escritas) == ["docx"]
    assert not list((tmp_path / "ayudado").rglob("*.tmp")) and not list((tmp_path / "ayudado").rglob("*.pdf"))
