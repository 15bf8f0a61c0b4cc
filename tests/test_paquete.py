"""El paquete del Repositorio Institucional: reglas de publicación, contenido, catálogo en
Chromium, SAF de DSpace, datos personales, modo estricto y zip reproducible."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from pipeline.paquete import verificar

from .conftest import PLANTILLAS, RAIZ, Proyecto, con_urls

CORPUS = RAIZ / "tests" / "corpus"
INFORME = (RAIZ / "contenido/experiencias/articulacion-territorial-leoncio-prado/informe.md").read_text(
    encoding="utf-8")
NOTA = con_urls().replace(
    "### Metodología\n", "### Metodología\n\nReuniones semanales con especialistas invitados.\n")
INFORME_COMPLETO = INFORME.replace(
    "periodo:\n", 'linea_de_tiempo:\n  - {fecha: "2019-02", hito: Inicio}\nperiodo:\n') + (
    "\n## Evidencias\n\n- Informe final de la Instancia Provincial\n")
FINAL_BP = "fase: Informe de sistematización"


def _proyecto(raiz: Path) -> tuple[Proyecto, Path]:
    """Dos experiencias (una destacada, otra buena práctica) y una instancia."""
    p = Proyecto(raiz)
    plantillas = raiz / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)
    for nombre in ("composicion.yml", "considerandos.yml", "articulos.yml"):  # la SGIC confirmó
        ruta = plantillas / "ordenanza" / nombre
        ruta.write_text(ruta.read_text(encoding="utf-8").replace("confirmado: false", "confirmado: true"),
                        encoding="utf-8")
    destacada = p.contenido / "experiencias" / "destacada"
    _copiar_ciclo(destacada)
    # la evaluación del informe: 4 de 6 criterios, «Experiencia destacada»
    perfil = (destacada / "evaluacion-perfil.md").read_text(encoding="utf-8")
    (destacada / "evaluacion-informe.md").write_text(
        perfil.replace("fase: Perfil de sistematización", FINAL_BP).replace("2024-07-11", "2024-11-20"),
        encoding="utf-8")
    carta = destacada / "carta.md"  # cada carta con su número, en todo contenido/
    carta.write_text(carta.read_text(encoding="utf-8").replace("015-2024", "030-2024"), encoding="utf-8")
    (destacada / "nota.md").write_text(NOTA.replace("practica: Buena práctica", "practica: Experiencia destacada"),
                                       encoding="utf-8")
    (destacada / "informe.md").write_text(INFORME_COMPLETO, encoding="utf-8")
    buena = p.contenido / "experiencias" / "buena"
    _copiar_ciclo(buena)  # su evaluación del informe: los seis criterios, «Buena práctica»
    yml = buena / "experiencia.yml"
    yml.write_text(yml.read_text(encoding="utf-8")
                   .replace("titulo: Escuelas seguras", "titulo: Buena práctica - escuelas seguras")
                   .replace("Ana María Quispe Huamán", "Ana Rosa Quispe Huamán"), encoding="utf-8")
    (buena / "nota.md").write_text(NOTA.replace('numero: "001-2024"', 'numero: "002-2024"'), encoding="utf-8")
    (buena / "informe.md").write_text(INFORME_COMPLETO, encoding="utf-8")
    villa = p.contenido / "instancias" / "villa"
    shutil.copytree(CORPUS / "instancia", villa)
    for nombre in ("ordenanza.md", "plan-trabajo-2026.md", "acta-instalacion.md"):
        ruta = villa / nombre
        ruta.write_text(ruta.read_text(encoding="utf-8").replace("---\n", "---\npublico: true\n", 1),
                        encoding="utf-8")
    return p, plantillas


def _copiar_ciclo(destino: Path) -> None:
    """El ciclo completo de prueba, sin la marca «ejemplo» (para que pueda publicarse)."""
    shutil.copytree(CORPUS / "experiencia", destino)
    yml = destino / "experiencia.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("ejemplo: true\n", ""), encoding="utf-8")


def _paquete(p: Proyecto, plantillas: Path, **entorno) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "paquete", "--contenido", "contenido",
                           "--salida", "salida", "--plantillas", str(plantillas)],
                          cwd=p.raiz, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1732320000", **entorno})


@pytest.fixture(scope="module")
def paquete(tmp_path_factory):
    p, plantillas = _proyecto(tmp_path_factory.mktemp("paquete"))
    resultado = _paquete(p, plantillas)
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    carpeta = p.salida / "paquete" / "banco-de-buenas-practicas-2024-11-23"
    return carpeta, resultado


def test_reglas_de_publicacion(paquete):
    carpeta, resultado = paquete
    catalogo = json.loads((carpeta / "catalogo.json").read_text(encoding="utf-8"))
    tipos = sorted(r["tipo"] for r in catalogo)
    assert tipos == ["informe", "nota", "nota", "ordenanza", "plan-trabajo"]
    informe = next(r for r in catalogo if r["tipo"] == "informe")
    assert informe["dc.title"].startswith("Buena práctica - escuelas seguras")  # solo el de la buena práctica
    salida = resultado.stdout
    assert ("destacada/informe.md: la evaluación de la fase «Informe de sistematización» dice «Experiencia "
            "destacada»: el informe se publica solo para las buenas prácticas") in salida
    for interno in ("ficha.md: la ficha es interna", "evaluacion-informe.md: la evaluación es un documento interno",
                    "invitacion.md: es un documento personal", "declaracion.md: es un documento personal",
                    "perfil.md: el perfil es un documento de trabajo", "carta.md: las cartas son personales",
                    "acta-instalacion.md: las actas llevan datos de personas",
                    "diagnostico-2025.md: su fuente no dice «publico: true»"):
        assert interno in salida, interno
    nombres = [p.name for p in (carpeta / "documentos").iterdir()]
    assert not [n for n in nombres if re.search(r"ficha|evaluacion|carta|acta|perfil", n)]


def test_contenido_del_paquete(paquete):
    carpeta, _ = paquete
    assert sorted(p.name for p in carpeta.iterdir()) == [
        "LEEME.txt", "SHA256SUMS", "catalogo.csv", "catalogo.json", "documentos", "index.html", "saf"]
    documentos = sorted((carpeta / "documentos").iterdir())
    assert len(documentos) == 10 and {p.suffix for p in documentos} == {".pdf", ".docx"}
    for pdf in (p for p in documentos if p.suffix == ".pdf"):
        lector = PdfReader(pdf)
        xmp = lector.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
        assert 'pdfaid:part="3"' in xmp or "<pdfaid:part>3</pdfaid:part>" in xmp, pdf.name  # PDF/A-3
        assert "/OutputIntents" in lector.trailer["/Root"]
    assert verificar(carpeta) == []
    zip_ = carpeta.with_name(carpeta.name + ".zip")
    with zipfile.ZipFile(zip_) as z:
        nombres = z.namelist()
    assert f"{carpeta.name}/SHA256SUMS" in nombres and f"{carpeta.name}/index.html" in nombres


def test_catalogo_dublin_core(paquete):
    carpeta, _ = paquete
    catalogo = json.loads((carpeta / "catalogo.json").read_text(encoding="utf-8"))
    nota = next(r for r in catalogo if r["tipo"] == "nota" and "Buena" not in r["categoria"])
    assert nota["dc.language.iso"] == "spa"
    assert nota["dc.type"] == "http://purl.org/coar/resource_type/c_93fc"
    assert nota["dc.rights"] == "http://purl.org/coar/access_right/c_abf2"
    assert nota["dc.subject.ocde"].startswith("https://purl.org/pe-repo/ocde/ford#")
    assert nota["dc.coverage.spatial"] == "Puno" and nota["region"] == "Puno"
    assert nota["dc.date.issued"] == "2024"
    assert nota["dc.publisher"].startswith("Programa Nacional para la Prevención y Erradicación")
    assert "Prevención" in nota["dc.subject"]
    assert nota["dc.description.abstract"].startswith("En el Programa Nacional Aurora existía")
    ordenanza = next(r for r in catalogo if r["tipo"] == "ordenanza")
    assert ordenanza["dc.date.issued"] == "2025-03-10"
    assert ordenanza["dc.contributor.author"] == ["Municipalidad Distrital de Tiquillaca"]
    with open(carpeta / "catalogo.csv", encoding="utf-8") as f:
        filas = list(csv.DictReader(f))
    assert len(filas) == 5 and filas[0]["dc.title"] == catalogo[0]["dc.title"]
    assert filas[0]["pdf"].startswith("documentos/") and (carpeta / filas[0]["pdf"]).is_file()


def test_saf_de_dspace(paquete):
    carpeta, _ = paquete
    items = sorted((carpeta / "saf").iterdir())
    assert [i.name for i in items] == [f"item_{n:03d}" for n in range(5)]
    for item in items:
        raiz = ET.parse(item / "dublin_core.xml").getroot()
        assert raiz.tag == "dublin_core" and raiz.get("schema") == "dc"
        valores = {(v.get("element"), v.get("qualifier")): v.text for v in raiz.findall("dcvalue")}
        assert valores[("language", "iso")] == "spa"
        assert valores[("title", "none")]
        contenidos = (item / "contents").read_text(encoding="utf-8").splitlines()
        pdf, docx = (linea.split("\t") for linea in contenidos)
        assert pdf[1:] == ["bundle:ORIGINAL", "primary:true"] and pdf[0].endswith(".pdf")
        assert docx[1:] == ["bundle:ORIGINAL"] and (item / docx[0]).is_file()


def test_sin_datos_personales(paquete):
    carpeta, _ = paquete
    todo = ""
    for archivo in carpeta.rglob("*"):
        if archivo.suffix in (".json", ".csv", ".xml", ".html", ".txt") or archivo.name == "contents":
            todo += archivo.read_text(encoding="utf-8")
        elif archivo.suffix == ".pdf":
            todo += " ".join(pg.extract_text() for pg in PdfReader(archivo).pages)
    for privado in ("ana.quispe@example.org", "987654321", "41234567", "rosa.mamani@example.org"):
        assert privado not in todo


def test_un_dato_personal_en_el_texto_detiene_el_paquete_desde_la_validacion(tmp_path):
    p, plantillas = _proyecto(tmp_path)
    informe = p.contenido / "experiencias" / "buena" / "informe.md"
    informe.write_text(informe.read_text(encoding="utf-8").replace(
        "Provincia de Leoncio Prado\n", "Provincia de Leoncio Prado. Contacto: ana.quispe@example.org\n"),
        encoding="utf-8")
    linea = informe.read_text(encoding="utf-8").split("\n").index(
        "Provincia de Leoncio Prado. Contacto: ana.quispe@example.org") + 1
    resultado = _paquete(p, plantillas)
    assert resultado.returncode == 1
    assert (f"contenido/experiencias/buena/informe.md:{linea}: (paquete: un aviso es un error) contiene un "
            "dato personal del equipo o del directorio («equipo.0.correo»)") in resultado.stderr
    assert "ana.quispe@example.org" not in resultado.stderr
    validar = p.correr("validar", plantillas=plantillas)  # quien escribe lo ve antes de publicar
    assert validar.exit_code == 0
    assert f"informe.md:{linea}: aviso: parece un correo electrónico" in validar.output


def test_un_dato_personal_detiene_el_paquete(tmp_path):
    p, plantillas = _proyecto(tmp_path)
    # en experiencia.yml (que la validación de la nota no revisa): solo lo ve el paquete
    datos = p.contenido / "experiencias" / "buena" / "experiencia.yml"
    datos.write_text(datos.read_text(encoding="utf-8").replace(
        "titulo: Buena práctica - escuelas seguras",
        "titulo: Buena práctica (ana.quispe@example.org) - escuelas seguras"),
        encoding="utf-8")
    resultado = _paquete(p, plantillas)
    assert resultado.returncode == 1
    assert re.search(r"banco-de-buenas-practicas-2024-11-23/documentos/\d{3}-informe-[^:]*\.pdf: parte «página 1»: "
                     r"contiene un dato personal de las fuentes: "
                     r"«equipo\.0\.correo» de contenido/experiencias/buena/experiencia\.yml",
                     resultado.stderr), resultado.stderr
    assert re.search(r"\.docx: parte «docProps/core\.xml»: contiene un dato personal", resultado.stderr)
    assert "contiene lo que parece un correo electrónico («ana…»)" in resultado.stderr  # sin mostrarlo
    assert "ana.quispe@example.org" not in resultado.stderr
    assert not (p.salida / "paquete").exists() or not list((p.salida / "paquete").glob("*.zip"))


def test_un_aviso_es_un_error_en_el_paquete(tmp_path):
    """Un documento publicable con un aviso no se publica (para él, el aviso es un error); los
    demás sí, y se dice por qué ese no."""
    p, plantillas = _proyecto(tmp_path)
    nota = p.contenido / "experiencias" / "buena" / "nota.md"
    nota.write_text(nota.read_text(encoding="utf-8").replace(
        "Reuniones semanales con especialistas invitados.\n", ""), encoding="utf-8")
    linea = nota.read_text(encoding="utf-8").split("\n").index("### Metodología") + 1
    resultado = _paquete(p, plantillas)
    assert resultado.returncode == 0, resultado.stderr
    assert (f"contenido/experiencias/buena/nota.md:{linea}: (paquete: un aviso es un error) la subsección "
            "«### Metodología» está vacía") in resultado.stderr
    assert "no se publica contenido/experiencias/buena/nota.md: tiene avisos" in resultado.stdout
    catalogo = json.loads(next((p.salida / "paquete").glob("*/catalogo.json")).read_text(encoding="utf-8"))
    assert sorted(r["tipo"] for r in catalogo) == ["informe", "nota", "ordenanza", "plan-trabajo"]
    # una nota que no coincide con su evaluación tampoco sale
    nota.write_text(NOTA.replace('numero: "001-2024"', 'numero: "002-2024"').replace(
        "practica: Buena práctica", "practica: Experiencia destacada"), encoding="utf-8")
    resultado = _paquete(p, plantillas)
    assert ("la nota dice «Experiencia destacada» y la evaluación de la fase «Informe de sistematización», "
            "«Buena práctica»"
            in resultado.stderr)


def test_zip_reproducible(tmp_path):
    p, plantillas = _proyecto(tmp_path)
    assert _paquete(p, plantillas).returncode == 0
    zip_ = p.salida / "paquete" / "banco-de-buenas-practicas-2024-11-23.zip"
    primero = zip_.read_bytes()
    shutil.rmtree(p.salida)
    assert _paquete(p, plantillas).returncode == 0
    assert zip_.read_bytes() == primero


def _chromium() -> str:
    for nombre in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(nombre):
            return shutil.which(nombre)
    pytest.fail("falta Chromium (Debian: apt-get install chromium) para probar el catálogo")


@pytest.mark.parametrize("filtro, esperados", [("", 5), ("?tipo=nota", 2), ("?q=ordenanza", 1),
                                               ("?region=Puno&tipo=informe", 1), ("?anio=2025", 1),
                                               ("?q=sin+resultados", 0)])
def test_catalogo_en_chromium(paquete, tmp_path, filtro, esperados):
    carpeta, _ = paquete
    resultado = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'perfil'}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=3000", "--dump-dom", (carpeta / "index.html").as_uri() + filtro],
        capture_output=True, text=True, timeout=120)
    dom = resultado.stdout
    consola = [ln for ln in resultado.stderr.splitlines() if "CONSOLE" in ln]
    assert consola == [], consola  # sin errores de JavaScript
    visibles = re.findall(r'<li data-id="\d+">', dom)
    ocultos = re.findall(r'<li data-id="\d+" hidden="">', dom)
    assert len(visibles) == esperados and len(visibles) + len(ocultos) == 5
    assert f"{esperados} documento" in dom
    assert '<html lang="es-PE">' in dom and '<label for="categoria">' in dom
