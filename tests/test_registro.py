"""Un tipo, un módulo; un motor; formatos detrás de una interfaz.

- El registro ligero (que lee el código de los módulos) y el registro que los importa coinciden;
  la ayuda, el Makefile y el README salen de él.
- Un tipo de juguete, agregado como **un módulo y sus dos plantillas** en una copia del
  proyecto, se construye, se valida, se hace en lote y se publica; un formato HTML, agregado
  como **un módulo**, se construye.
- El motor: un lote repetido no hace nada; el paquete reusa lo que está al día; una plantilla
  de un formato rehace solo ese formato; una fila quitada de la tabla borra su documento.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from docx import Document

from pipeline import registro

from .conftest import PLANTILLAS, RAIZ, Proyecto

CORPUS = RAIZ / "tests" / "corpus"


def test_el_registro_ligero_y_el_importado_coinciden():
    from pipeline.render import formatos
    from pipeline.tipos import TIPOS

    assert list(TIPOS) == [d.nombre for d in registro.tipos()]
    for d in registro.tipos():
        tipo = TIPOS[d.nombre]
        assert (tipo.orden, tipo.objetivo_make, tipo.descripcion, tipo.ayuda) == (
            d.orden, d.objetivo_make, d.descripcion, d.ayuda)
        assert tipo.columnas_lote == d.columnas_lote
        assert type(tipo).__module__ == d.modulo
    import importlib

    for nombre, formato in formatos().items():
        modulo = importlib.import_module(formato.modulo)
        declarados = getattr(modulo, "FORMATOS", None) or [modulo.FORMATO]
        assert formato in declarados and callable(modulo.renderizar), nombre


def test_ayuda_makefile_y_readme_salen_de_los_tipos():
    from click.testing import CliRunner

    from pipeline.cli import principal

    ayuda = CliRunner().invoke(principal, ["construir", "--ayuda"]).output
    readme = (RAIZ / "README.md").read_text(encoding="utf-8")
    makefile = (RAIZ / "Makefile").read_text(encoding="utf-8")
    assert "$(shell $(PYTHON) -m pipeline.registro objetivos)" in makefile
    for d in registro.tipos():
        assert d.nombre in ayuda and f"({d.objetivo_make})" in ayuda
        assert f"| `make {d.objetivo_make}` | `{d.nombre}` | {d.ayuda} |" in readme, d.nombre
    objetivos = subprocess.run([sys.executable, "-m", "pipeline.registro", "objetivos"], cwd=RAIZ,
                               capture_output=True, text=True, check=True).stdout.split()
    assert objetivos == [d.objetivo_make for d in registro.tipos()]


def test_construir_acepta_el_plural():
    p = Proyecto(Path(os.environ.get("TMPDIR", "/tmp")) / f"plural-{os.getpid()}")
    try:
        shutil.copytree(CORPUS / "instancia", p.contenido / "instancias" / "villa")
        r = p.correr("construir", "actas", formato="docx")
        assert r.exit_code == 0, r.output
        assert sorted(x.name for x in p.salidas()) == ["acta-extraordinaria.docx", "acta-instalacion.docx"]
    finally:
        shutil.rmtree(p.raiz, ignore_errors=True)


# --------------------------------------------------------------- un tipo nuevo
JUGUETE = '''"""Un tipo de juguete: lo agrega una prueba, como lo agregaría quien programa."""

from __future__ import annotations

from typing import Literal

from ..modelo import Modelo
from .base import DefSeccion, TipoDocumento


class Juguete(Modelo):
    tipo: Literal["juguete"]
    titulo: str
    color: str
    publico: bool = False


class TipoJuguete(TipoDocumento):
    nombre = "juguete"
    orden = 200
    objetivo_make = "juguetes"
    descripcion = "juguete de prueba"
    ayuda = "Un tipo de juguete: agregar un tipo es agregar un módulo."
    modelo = Juguete
    variables = {"titulo": "el título", "color": "el color", "cuerpo": "el texto, si lo hay"}
    publicacion = "si_la_fuente_lo_dice"
    coar = "http://purl.org/coar/resource_type/c_18cf"
    columnas_lote = ("titulo", "color", "publico")
    columnas_obligatorias_lote = ("color",)

    def secciones(self, modelo):
        return [DefSeccion("cuerpo", "Cuerpo", obligatoria=False)]

    def contexto(self, doc):
        return {"titulo": doc.modelo.titulo, "color": doc.modelo.color,
                "cuerpo": doc.secciones.get("cuerpo")}
'''
JUGUETE_HTML = '''{% extends "comun/base.html" %}
{% block cuerpo %}<h1>{{ titulo }}</h1><p>Color: {{ color }}</p>{% if cuerpo %}{{ cuerpo }}{% endif %}{% endblock %}
'''
FORMATO_HTML = '''"""HTML: la misma página que WeasyPrint convierte en PDF, sin paginar."""

from __future__ import annotations

from ..registro import Formato

FORMATO = Formato(nombre="html", extension="html", descripcion="HTML", orden=40, por_omision=False,
                  plantilla="html", plantillas=("html", "css"))


def renderizar(doc, plantillas, destino, fecha, formato):
    from .pdf import html

    destino.write_text(html(doc, plantillas, fecha), encoding="utf-8")
'''


def _proyecto_con_juguete(raiz: Path) -> tuple[Path, list[Path]]:
    """Una copia del programa y las plantillas, más lo que se agrega: el módulo del tipo, sus dos
    plantillas y el módulo del formato HTML. Devuelve la raíz y los archivos agregados."""
    shutil.copytree(RAIZ / "pipeline", raiz / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PLANTILLAS, raiz / "plantillas")
    agregados = [raiz / "pipeline" / "tipos" / "juguete.py", raiz / "plantillas" / "juguete" / "juguete.html",
                 raiz / "plantillas" / "juguete" / "juguete.docx", raiz / "pipeline" / "render" / "html.py"]
    agregados[0].write_text(JUGUETE, encoding="utf-8")
    agregados[1].parent.mkdir()
    agregados[1].write_text(JUGUETE_HTML, encoding="utf-8")
    plantilla = Document()
    plantilla.add_paragraph("{{ titulo }}", style="Title")
    plantilla.add_paragraph("Color: {{ color }}")
    plantilla.add_paragraph("{%p if cuerpo %}")
    plantilla.add_paragraph("{{p cuerpo }}")
    plantilla.add_paragraph("{%p endif %}")
    plantilla.save(agregados[2])
    agregados[3].write_text(FORMATO_HTML, encoding="utf-8")
    contenido = raiz / "contenido" / "juguetes"
    contenido.mkdir(parents=True)
    (contenido / "uno.md").write_text("---\ntipo: juguete\ntitulo: Un juguete\ncolor: azul\npublico: true\n---\n\n"
                                      "## Cuerpo\n\nTexto del **juguete**.\n", encoding="utf-8")
    (contenido / "tabla.csv").write_text("titulo,color,publico\nRojo,rojo,false\nVerde,verde,false\n",
                                         encoding="utf-8")
    return raiz, agregados


def _sistematiza(raiz: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=raiz, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(raiz), "SOURCE_DATE_EPOCH": "1732320000"})


def test_un_tipo_nuevo_es_un_modulo_y_dos_plantillas(tmp_path):
    raiz, agregados = _proyecto_con_juguete(tmp_path)
    tipo_y_plantillas = [a for a in agregados if a.name != "html.py"]
    assert len(tipo_y_plantillas) == 3  # nada más se tocó: ni registro, ni CLI, ni Makefile
    r = _sistematiza(raiz, "construir", "juguetes")
    assert r.returncode == 0, r.stderr
    for archivo in ("juguetes/uno.docx", "juguetes/uno.pdf", "juguetes/tabla/rojo.docx", "juguetes/tabla/verde.pdf"):
        assert (raiz / "salida" / archivo).is_file(), (archivo, r.stdout, r.stderr)
    docx = Document(raiz / "salida" / "juguetes" / "uno.docx")
    assert [p.text for p in docx.paragraphs][:3] == ["Un juguete", "Color: azul", "Texto del juguete."]
    assert _sistematiza(raiz, "validar").returncode == 0
    lote = _sistematiza(raiz, "lote", "juguete", "--territorios", "contenido/juguetes/tabla.csv")
    assert lote.returncode == 0 and "2 sin cambios" in lote.stderr + lote.stdout, lote.stdout + lote.stderr
    paquete = _sistematiza(raiz, "paquete")
    assert paquete.returncode == 0, paquete.stderr
    catalogo = json.loads(next((raiz / "salida" / "paquete").glob("*/catalogo.json")).read_text(encoding="utf-8"))
    assert [(c["tipo"], c["dc.title"], c["dc.type"]) for c in catalogo] == [
        ("juguete", "Un juguete", "http://purl.org/coar/resource_type/c_18cf")]
    ayuda = _sistematiza(raiz, "construir", "--ayuda").stdout
    assert "juguete" in ayuda and "(juguetes)" in ayuda
    objetivos = subprocess.run([sys.executable, "-m", "pipeline.registro", "objetivos"], cwd=raiz,
                               capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(raiz)}).stdout
    assert objetivos.split()[-1] == "juguetes"  # el Makefile lo toma de aquí: `make juguetes`


def test_un_formato_nuevo_es_un_modulo(tmp_path):
    raiz, _ = _proyecto_con_juguete(tmp_path)
    r = _sistematiza(raiz, "construir", "--formato", "html")
    assert r.returncode == 0, r.stderr
    pagina = (raiz / "salida" / "juguetes" / "uno.html").read_text(encoding="utf-8")
    assert "<h1>Un juguete</h1>" in pagina and "<strong>juguete</strong>" in pagina
    assert "html" in _sistematiza(raiz, "construir", "--formato", "odt").stderr  # se ofrece


# ------------------------------------------------------------------------ el motor
def _lineas_construidas(salida: str) -> list[str]:
    return [ln for ln in salida.splitlines() if ln.startswith("✓ ")]


def test_un_lote_repetido_no_hace_nada_y_una_fila_quitada_se_borra(proyecto):
    tabla = CORPUS.parent.parent / "contenido" / "instancias" / "leoncio-prado" / "distritos.csv"
    destino = proyecto.contenido / "instancias" / "lp" / "distritos.csv"
    destino.parent.mkdir(parents=True)
    shutil.copyfile(tabla, destino)
    primero = proyecto.correr("lote", "ordenanza", "--territorios", "contenido/instancias/lp/distritos.csv",
                              formato="docx")
    assert primero.exit_code == 0, primero.output
    filas = len(destino.read_text(encoding="utf-8").strip().splitlines()) - 1
    assert len(_lineas_construidas(primero.output)) == filas
    segundo = proyecto.correr("lote", "ordenanza", "--territorios", "contenido/instancias/lp/distritos.csv",
                              formato="docx")
    assert _lineas_construidas(segundo.output) == [] and f"{filas} sin cambios" in segundo.output
    lineas = destino.read_text(encoding="utf-8").splitlines()
    quitada = lineas.pop()
    destino.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    tercero = proyecto.correr("lote", "ordenanza", "--territorios", "contenido/instancias/lp/distritos.csv",
                              formato="docx")
    assert "1 fuente(s) borrada(s)" in tercero.output, tercero.output
    nombre = re.sub(r"[^a-z]+", "-", quitada.split(",")[3].lower()).strip("-")
    assert not list(proyecto.salida.rglob(f"{nombre[:5]}*.docx"))
    assert len(list(proyecto.salida.rglob("distritos/*/*/*.docx"))) == filas - 1


def test_una_plantilla_rehace_solo_su_formato(tmp_path):
    p = Proyecto(tmp_path / "p")
    plantillas = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)
    shutil.copytree(CORPUS / "instancia", p.contenido / "instancias" / "villa")
    assert p.correr("construir", "acta", plantillas=plantillas).exit_code == 0

    def rehechos_tras(cambio) -> list[str]:
        antes = {x: x.stat().st_mtime_ns for x in p.salidas()}
        cambio()
        r = p.correr("construir", "acta", plantillas=plantillas)
        assert r.exit_code == 0, r.output
        return sorted(x.name for x in p.salidas() if x.stat().st_mtime_ns != antes[x])

    html = plantillas / "acta" / "acta.html"
    assert rehechos_tras(lambda: html.write_text(html.read_text(encoding="utf-8") + "{# cambio #}\n",
                                                  encoding="utf-8")) == [
        "acta-extraordinaria.pdf", "acta-instalacion.pdf"]
    docx = plantillas / "acta" / "acta.docx"
    assert rehechos_tras(lambda: Document(docx).save(docx)) == [
        "acta-extraordinaria.docx", "acta-instalacion.docx"]


def test_el_paquete_reusa_lo_que_esta_al_dia(tmp_path):
    from .test_paquete import _paquete, _proyecto

    p, plantillas = _proyecto(tmp_path)
    assert _paquete(p, plantillas).returncode == 0
    cache = sorted((p.salida / ".sistematiza" / "pdfa").rglob("*.pdf"))
    assert len(cache) == 5
    antes = {x: x.stat().st_mtime_ns for x in cache}
    assert _paquete(p, plantillas).returncode == 0
    assert {x: x.stat().st_mtime_ns for x in cache} == antes  # nada se volvió a hacer
    # y `construir` reusa los DOCX que hizo el paquete: solo le faltan los PDF
    r = subprocess.run([sys.executable, "-m", "pipeline.cli", "construir", "nota", "--contenido", "contenido",
                        "--salida", "salida", "--plantillas", str(plantillas)], cwd=p.raiz, capture_output=True,
                       text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1732320000"})
    hechas = [ln for ln in r.stdout.splitlines() if ln.startswith("✓ ")]
    assert hechas and all(".docx" not in ln for ln in hechas), r.stdout
