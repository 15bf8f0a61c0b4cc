"""Construcción incremental, paralela, atómica y reproducible."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.estado import CARPETA, Cerrojo

from .conftest import FUENTE_EJEMPLO, PLANTILLAS, RAIZ, Proyecto

CORPUS = RAIZ / "tests" / "corpus"


@pytest.fixture
def proyecto_ciclo(tmp_path) -> Proyecto:
    """Una experiencia con todo el ciclo de la convocatoria (once fuentes) y una instancia con seis."""
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "experiencia", p.contenido / "experiencias" / "escuelas")
    shutil.copytree(CORPUS / "instancia", p.contenido / "instancias" / "villa")
    p.fuente("experiencias/reuniones/nota.md", FUENTE_EJEMPLO)
    return p


def _construidos(resultado) -> list[str]:
    return sorted(ln.split(" → ")[0].removeprefix("✓ ") for ln in resultado.output.splitlines()
                  if ln.startswith("✓ "))


def _fechas(p: Proyecto) -> dict[Path, int]:
    return {s: s.stat().st_mtime_ns for s in p.salidas()}


def test_solo_se_rehace_lo_que_cambio(proyecto_ciclo):
    p = proyecto_ciclo
    primera = p.correr("construir", formato="docx")
    assert primera.exit_code == 0, primera.output
    assert len(_construidos(primera)) == 18
    # nada cambió: nada se rehace (y los avisos se siguen viendo)
    segunda = p.correr("construir", formato="docx")
    assert _construidos(segunda) == []
    assert "0 documento(s) construidos, 18 sin cambios" in segunda.output
    assert "aviso: la subsección «### Metodología» está vacía" in segunda.output
    # tocar un archivo sin cambiar su contenido no cuenta: son huellas, no fechas
    nota = p.contenido / "experiencias/reuniones/nota.md"
    os.utime(nota, (1, 1))
    assert _construidos(p.correr("construir", formato="docx")) == []
    # cambia una fuente: solo ella
    nota.write_text(FUENTE_EJEMPLO.replace("Aquí los resultados:", "Aquí están los resultados:"),
                    encoding="utf-8")
    assert _construidos(p.correr("construir", formato="docx")) == ["contenido/experiencias/reuniones/nota.md"]
    # cambian los datos heredados: todos los documentos de la carpeta
    yml = p.contenido / "experiencias/escuelas/experiencia.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("region: Puno", "region: Cusco"), encoding="utf-8")
    assert _construidos(p.correr("construir", formato="docx")) == sorted(
        f"contenido/experiencias/escuelas/{n.name}" for n in (p.contenido / "experiencias/escuelas").glob("*.md"))
    # cambia el plan: su seguimiento también
    plan = p.contenido / "instancias/villa/plan-trabajo-2026.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("meta: 6", "meta: 8"), encoding="utf-8")
    assert _construidos(p.correr("construir", formato="docx")) == [
        "contenido/instancias/villa/plan-trabajo-2026.md", "contenido/instancias/villa/seguimiento-2026-s1.md"]
    # cambia una evaluación: lo que lee el ciclo de evaluaciones también (no la ficha, el perfil,
    # el informe ni la nota, que no dependen de ellas para construirse)
    ev = p.contenido / "experiencias/escuelas/evaluacion-inscripcion.md"
    ev.write_text(ev.read_text(encoding="utf-8").replace("Se sugiere documentar", "Se recomienda documentar"),
                  encoding="utf-8")
    assert _construidos(p.correr("construir", formato="docx")) == [
        f"contenido/experiencias/escuelas/{n}.md" for n in (
            "carta", "compromiso", "declaracion", "evaluacion-informe", "evaluacion-inscripcion",
            "evaluacion-perfil", "invitacion")]


def test_cambios_de_plantillas_e_imagenes(tmp_path):
    p = Proyecto(tmp_path)
    plantillas = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)
    shutil.copytree(CORPUS / "completo", p.contenido / "completo")
    shutil.copytree(CORPUS / "instancia", p.contenido / "villa")
    assert p.correr("construir", plantillas=plantillas).exit_code == 0
    # una plantilla propia del tipo: solo ese tipo
    css = plantillas / "nota" / "nota.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* cambio */\n", encoding="utf-8")
    assert _construidos(p.correr("construir", plantillas=plantillas)) == ["contenido/completo/nota.md"]
    # un archivo común (CSS base): todos
    comun = plantillas / "comun" / "estilos.css"
    comun.write_text(comun.read_text(encoding="utf-8") + "\n/* cambio */\n", encoding="utf-8")
    assert len(_construidos(p.correr("construir", plantillas=plantillas))) == 7
    # una imagen del documento
    imagen = p.contenido / "completo" / "esquema.png"
    imagen.write_bytes(imagen.read_bytes() + b"\0")
    assert _construidos(p.correr("construir", plantillas=plantillas)) == ["contenido/completo/nota.md"]
    # un experiencia.yml nuevo en una carpeta superior cambia lo que hereda la nota
    (p.contenido / "experiencia.yml").write_text("region: Puno\n", encoding="utf-8")
    assert _construidos(p.correr("construir", plantillas=plantillas)) == ["contenido/completo/nota.md"]


def test_forzar_formatos_y_tipos(proyecto_ciclo):
    p = proyecto_ciclo
    notas = ["contenido/experiencias/escuelas/nota.md", "contenido/experiencias/reuniones/nota.md"]
    assert p.correr("construir", "nota", formato="docx").exit_code == 0
    assert len(p.salidas()) == 2
    # pedir otro formato del mismo documento: lo hace; otros tipos no se tocan
    assert _construidos(p.correr("construir", "nota")) == notas
    assert len(p.salidas()) == 4
    assert _construidos(p.correr("construir", "nota")) == []
    resultado = p.correr("construir", "nota", "--forzar")
    assert _construidos(resultado) == notas


def test_fuente_borrada_borra_sus_salidas(proyecto_ciclo):
    p = proyecto_ciclo
    assert p.correr("construir", formato="docx").exit_code == 0
    salida = p.salida / "instancias/villa/diagnostico-2025.docx"
    assert salida.exists()
    (p.contenido / "instancias/villa/diagnostico-2025.md").unlink()
    resultado = p.correr("construir", formato="docx")
    assert not salida.exists()
    assert "1 fuente(s) borrada(s): sus salidas se quitaron" in resultado.output


def test_estado_danado_o_ausente_solo_cuesta_reconstruir(proyecto_ciclo):
    p = proyecto_ciclo
    assert p.correr("construir", formato="docx").exit_code == 0
    estado = p.salida / CARPETA / "estado.json"
    estado.write_text("{esto no es json", encoding="utf-8")
    resultado = p.correr("construir", formato="docx")
    assert resultado.exit_code == 0
    assert "el estado de la construcción estaba dañado: se reconstruye todo" in resultado.output
    assert len(_construidos(resultado)) == 18
    json.loads(estado.read_text(encoding="utf-8"))  # quedó sano
    estado.unlink()
    assert len(_construidos(p.correr("construir", formato="docx"))) == 18


def test_dos_construcciones_a_la_vez(proyecto_ciclo):
    p = proyecto_ciclo
    cerrojo = Cerrojo(p.salida)
    assert cerrojo.tomar()
    try:
        resultado = p.correr("construir", formato="docx")
        assert resultado.exit_code == 1
        assert "otra construcción está escribiendo en «salida»; espere a que termine" in resultado.output
        assert p.salidas() == []
    finally:
        cerrojo.soltar()
    assert p.correr("construir", formato="docx").exit_code == 0


def test_paralelo_igual_que_en_serie(proyecto_ciclo, tmp_path):
    p = proyecto_ciclo
    serie = p.correr("construir", "--trabajos", "1")
    p.salida.rename(p.raiz / "serie")
    paralelo = p.correr("construir", "--trabajos", "2")
    p.salida.rename(p.raiz / "paralelo")
    assert serie.exit_code == paralelo.exit_code == 0
    a = sorted(x.relative_to(p.raiz / "serie") for x in (p.raiz / "serie").rglob("*.*") if CARPETA not in x.parts)
    b = sorted(x.relative_to(p.raiz / "paralelo") for x in (p.raiz / "paralelo").rglob("*.*") if CARPETA not in x.parts)
    assert a == b and len(a) == 36
    for relativa in a:  # y byte a byte iguales
        assert (p.raiz / "serie" / relativa).read_bytes() == (p.raiz / "paralelo" / relativa).read_bytes()


def test_reproducible_en_procesos_distintos(proyecto_ciclo):
    """Dos construcciones, cada una en su proceso y sobre una salida limpia: mismos bytes."""
    p = proyecto_ciclo
    for salida in ("a", "b"):
        entorno = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        subprocess.run([sys.executable, "-m", "pipeline.cli", "construir", "--contenido", "contenido",
                        "--salida", salida, "--plantillas", str(PLANTILLAS), "--silencioso"],
                       cwd=p.raiz, env=entorno, check=True, capture_output=True)
    archivos = sorted(x.relative_to(p.raiz / "a") for x in (p.raiz / "a").rglob("*.*")
                      if CARPETA not in x.parts)
    assert len(archivos) == 36
    for relativa in archivos:
        assert (p.raiz / "a" / relativa).read_bytes() == (p.raiz / "b" / relativa).read_bytes(), relativa


def test_source_date_epoch_fija_las_fechas(proyecto_ciclo):
    p = proyecto_ciclo
    (p.contenido / "instancias").rename(p.raiz / "fuera")  # solo la experiencia y la nota
    entorno = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run([sys.executable, "-m", "pipeline.cli", "construir", "perfil", "--contenido",
                    "contenido", "--salida", "s", "--plantillas", str(PLANTILLAS), "--formato", "pdf"],
                   cwd=p.raiz, env=entorno, check=True, capture_output=True)
    from pypdf import PdfReader

    metadatos = PdfReader(p.raiz / "s/experiencias/escuelas/perfil.pdf").metadata
    assert metadatos["/CreationDate"].startswith("D:20240520")  # la fecha del perfil manda


def test_no_quedan_temporales_si_falla_el_pdf(proyecto_ciclo, tmp_path):
    p = proyecto_ciclo
    plantillas = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)
    (plantillas / "perfil" / "perfil.html").write_text("{% block %}", encoding="utf-8")
    resultado = p.correr("construir", "perfil", plantillas=plantillas)
    assert resultado.exit_code == 1
    assert "plantillas/perfil/perfil.html" in resultado.output
    assert not [x for x in p.raiz.rglob("*.tmp")]
    assert not (p.salida / "experiencias/escuelas/perfil.docx").exists()


def test_el_programa_sale_con_su_codigo_y_toda_su_salida(tmp_path):
    """``sistematiza`` (``cli.ejecutable``) termina sin desarmar el intérprete: el código de
    salida es el de la orden y lo escrito en la salida y en los errores llega entero."""
    p = Proyecto(tmp_path)
    p.fuente("exp/nota.md", FUENTE_EJEMPLO)
    p.fuente("mala/nota.md", "---\ntipo: nota\nfecha: 2024-02-30\n---\n")

    def correr(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)

    bien = correr("construir", "--contenido", "contenido", "--salida", "salida", "--formato", "docx",
                  "--plantillas", str(PLANTILLAS), "contenido/exp")
    assert bien.returncode == 0, bien.stderr
    assert bien.stdout.splitlines()[-1].startswith("1 documento(s) construidos")
    mal = correr("construir", "--contenido", "contenido", "--salida", "salida", "--formato", "docx",
                 "--plantillas", str(PLANTILLAS))
    assert mal.returncode == 1
    assert "2024-02-30" in mal.stderr and "con errores" in mal.stderr.splitlines()[-1]
    uso = correr("construir", "--no-existe")
    assert uso.returncode == 2 and "no-existe" in uso.stderr
