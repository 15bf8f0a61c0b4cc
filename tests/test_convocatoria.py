"""El ciclo de la convocatoria por sus propias reglas (semilla 000): la convocatoria como datos,
las tres evaluaciones por fase y lo que sigue de cada resultado, las cartas numeradas, los
documentos del acompañamiento, las fechas contra el cronograma y los dos paquetes (el estricto y
el de revisión)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from pipeline import convocatoria
from pipeline.ciclo import fase_de, resultado_de

from .conftest import PLANTILLAS, RAIZ, Proyecto

CICLO = RAIZ / "tests" / "corpus" / "experiencia"
NOTA_REAL = RAIZ / "contenido" / "experiencias" / "reuniones-socializacion-lecciones-aprendidas"
INFORME_REAL = RAIZ / "contenido" / "experiencias" / "articulacion-territorial-leoncio-prado"
EDICION = convocatoria.cargar(PLANTILLAS, 2024, "prueba", None)


@pytest.fixture
def ciclo(tmp_path) -> Proyecto:
    """El ciclo completo de prueba, en contenido/x, para cambiarlo."""
    p = Proyecto(tmp_path)
    shutil.copytree(CICLO, p.contenido / "x")
    return p


def _editar(p: Proyecto, archivo: str, *cambios: tuple[str, str]) -> str:
    ruta = p.contenido / "x" / archivo
    texto = ruta.read_text(encoding="utf-8")
    for viejo, nuevo in cambios:
        assert viejo in texto, viejo
        texto = texto.replace(viejo, nuevo)
    ruta.write_text(texto, encoding="utf-8")
    return texto


def _linea(texto: str, fragmento: str) -> int:
    return next(i for i, ln in enumerate(texto.split("\n"), start=1) if fragmento in ln)


def _criterios(texto: str, cumplen: int) -> str:
    """La evaluación con los primeros ``cumplen`` criterios cumplidos y los demás no."""
    datos = yaml.safe_load(texto.split("---\n")[1])
    for i, juicio in enumerate(datos["criterios"].values()):
        juicio["cumple"] = i < cumplen
        juicio.setdefault("evidencia", "Registro verificable de prueba.")
    return "---\n" + yaml.safe_dump(datos, allow_unicode=True, sort_keys=False) + "---\n"


def _paginas(ruta: Path) -> list[str]:
    return [" ".join((pg.extract_text() or "").split()) for pg in PdfReader(ruta).pages]


# ------------------------------------------------------- la tabla fase × resultado
# (fase, criterios cumplidos, buena iniciativa) → resultado, sigue, carta, nota, publica nota, publica informe
POTENCIAL = "Experiencia destacada con potencial de buena práctica"
TABLA = [
    ("inscripcion", 6, False, POTENCIAL, True, False, False, False, False),
    ("inscripcion", 1, False, POTENCIAL, True, False, False, False, False),
    ("inscripcion", 0, True, "Experiencia con buena iniciativa", "con_permiso", False, True, False, False),
    ("inscripcion", 0, False, "Experiencia cotidiana", False, False, False, False, False),
    ("perfil", 3, False, POTENCIAL, True, False, False, False, False),
    ("perfil", 0, True, "Experiencia con buena iniciativa", False, False, True, False, False),
    ("perfil", 0, False, "Experiencia cotidiana", False, False, False, False, False),
    ("informe", 6, False, "Buena práctica", False, True, True, True, True),
    ("informe", 5, False, "Experiencia destacada", False, True, True, True, False),
    ("informe", 1, True, "Experiencia destacada", False, True, True, True, False),
    ("informe", 0, True, "Experiencia con buena iniciativa", False, False, True, False, False),
    ("informe", 0, False, "Experiencia cotidiana", False, False, False, False, False),
]


@pytest.mark.parametrize("fase, cumplen, iniciativa, esperado, sigue, carta, nota, pub_nota, pub_informe", TABLA)
def test_tabla_de_fases_y_resultados(fase, cumplen, iniciativa, esperado, sigue, carta, nota, pub_nota, pub_informe):
    r = resultado_de(fase_de(fase, EDICION), cumplen, iniciativa)
    assert (r.resultado, r.sigue, r.carta, r.nota, r.publica_nota, r.publica_informe) == (
        esperado, sigue, carta, nota, pub_nota, pub_informe)


def test_cada_fase_da_su_propio_consejo():
    """La evaluación final sin criterios y con buena iniciativa no da el consejo de la inscripción."""
    inscripcion = resultado_de(fase_de("inscripción", EDICION), 0, True)
    final = resultado_de(fase_de("final", EDICION), 0, True)
    assert "de manera excepcional" in inscripcion.consejo
    assert "de manera excepcional" not in final.consejo and "alinear la experiencia a futuro" in final.consejo


def test_la_tabla_es_un_dato_que_la_sgic_cambia(tmp_path):
    plantillas = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)
    ruta = plantillas / "convocatoria" / "2024.yml"
    ruta.write_text(ruta.read_text(encoding="utf-8").replace("criterios: todos", "criterios: 5"), encoding="utf-8")
    otra = convocatoria.cargar(plantillas, 2024, "prueba", None)
    assert resultado_de(fase_de("informe", otra), 5, False).resultado == "Buena práctica"


# --------------------------------------------------------- evaluaciones por fase
def test_decide_la_fase_no_el_nombre_del_archivo(ciclo):
    """«evaluacion-informe.md» (ningún criterio) y «evaluacion-inscripcion.md» (tres): el nombre
    que va último es la inscripción, pero decide el informe, y la carta no se hace."""
    (ciclo.contenido / "x" / "evaluacion-perfil.md").unlink()
    ruta = ciclo.contenido / "x" / "evaluacion-informe.md"
    ruta.write_text(_criterios(ruta.read_text(encoding="utf-8"), 0), encoding="utf-8")
    r = ciclo.correr("construir", "carta")
    assert r.exit_code == 1
    assert "fase «Informe de sistematización») concluye «Experiencia cotidiana»" in r.output
    assert "con potencial" not in r.output


def test_la_inscripcion_sola_no_da_carta_ni_publica_la_nota(ciclo):
    for fase in ("perfil", "informe"):
        (ciclo.contenido / "x" / f"evaluacion-{fase}.md").unlink()
    r = ciclo.correr("construir", "carta")
    assert r.exit_code == 1
    assert ("concluye «Experiencia destacada con potencial de buena práctica»: la carta de felicitación es para "
            "quienes aprueban la evaluación del informe") in r.output
    from pipeline.corpus import Corpus
    from pipeline.motor import preparar
    from pipeline.publicacion import decidir

    corpus = Corpus(ciclo.contenido)
    yml = ciclo.contenido / "x" / "experiencia.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("ejemplo: true\n", ""), encoding="utf-8")
    doc = preparar(corpus.leer(ciclo.contenido / "x" / "nota.md"), PLANTILLAS, corpus)
    decision = decidir(doc, corpus)
    assert not decision.publica and decision.bloqueo
    assert "falta la evaluación del informe, que fija la categoría" in decision.motivo


def test_dos_evaluaciones_de_la_misma_fase(ciclo):
    texto = (ciclo.contenido / "x" / "evaluacion-perfil.md").read_text(encoding="utf-8")
    (ciclo.contenido / "x" / "otra.md").write_text(texto.replace("2024-07-11", "2024-07-12"), encoding="utf-8")
    r = ciclo.correr("construir", "evaluacion", "carta")
    assert r.exit_code == 1
    assert (f"contenido/x/otra.md:{_linea(texto, 'fase:')}: campo «fase»: hay dos evaluaciones de la fase "
            "«Perfil de sistematización» en esta carpeta (") in r.output
    assert "carta.md:1: las evaluaciones de esta carpeta tienen errores; corríjalas primero" in r.output


def test_una_fase_posterior_fechada_antes(ciclo):
    texto = _editar(ciclo, "evaluacion-perfil.md", ("fecha: 2024-07-11", "fecha: 2024-04-20"))
    r = ciclo.correr("construir", "evaluacion")
    assert r.exit_code == 1
    assert (f"evaluacion-perfil.md:{_linea(texto, 'fecha:')}: campo «fecha»: la evaluación de la fase «Perfil de "
            "sistematización» (2024-04-20) tiene fecha anterior a la de la fase «Inscripción»") in r.output


def test_fechas_de_una_evaluacion(ciclo):
    texto = _editar(ciclo, "evaluacion-informe.md", ("fecha: 2024-11-20", "fecha: 2024-12-02"))
    r = ciclo.correr("construir", "evaluacion")
    assert r.exit_code == 0, r.output
    assert (f"evaluacion-informe.md:{_linea(texto, 'fecha:')}: aviso: campo «fecha»: evaluación tardía: el "
            "cronograma de la convocatoria 2024 evalúa la fase «Informe de sistematización» 19–22 de noviembre "
            "de 2024 (Tabla N° 2, paso 14)") in r.output
    texto = _editar(ciclo, "evaluacion-inscripcion.md", ("fecha: 2024-04-23", "fecha: 2024-01-10"))
    r = ciclo.correr("construir", "evaluacion")
    assert r.exit_code == 1
    assert "es anterior a la apertura de la inscripción de la convocatoria 2024 (26 de enero de 2024)" in r.output


def test_la_nota_de_una_buena_iniciativa(ciclo):
    """§7 recomienda una nota de conocimiento a la experiencia con buena iniciativa: se hace, no se publica."""
    ruta = ciclo.contenido / "x" / "evaluacion-informe.md"
    texto = _criterios(ruta.read_text(encoding="utf-8"), 0).replace("---\n", "---\nbuena_iniciativa: true\n", 1)
    ruta.write_text(texto, encoding="utf-8")
    _editar(ciclo, "nota.md", ("practica: Buena práctica", "practica: Experiencia con buena iniciativa"),
            ("## 6. El legado de una buena práctica", "## 6. El legado de una experiencia con buena iniciativa"))
    r = ciclo.correr("construir", "nota", "evaluacion")
    assert r.exit_code == 0, r.output
    texto_nota = " ".join(_paginas(ciclo.salida / "x" / "nota.pdf"))
    assert "Experiencia con buena iniciativa" in texto_nota.replace("EXPERIENCIA CON BUENA INICIATIVA",
                                                                   "Experiencia con buena iniciativa")
    evaluacion = " ".join(_paginas(ciclo.salida / "x" / "evaluacion-informe.pdf"))
    assert "orientación de la SGIC para alinear la experiencia a futuro" in evaluacion
    assert "de manera excepcional" not in evaluacion


# ------------------------------------------------------------------------ cartas
def test_numeros_de_carta_en_lista_y_unicos_en_todo_el_contenido(ciclo):
    texto = _editar(ciclo, "carta.md", ('numero: "015-2024-MIMP-AURORA-UPPM"',
                                        'numero: ["101-2024-MIMP-AURORA-UPPM", "102-2024-MIMP-AURORA-UPPM"]'))
    r = ciclo.correr("construir", "carta")
    assert r.exit_code == 1
    assert (f"carta.md:{_linea(texto, 'numero:')}: campo «numero»: hay 2 número(s) y 3 integrante(s): cada carta "
            "lleva el suyo") in r.output
    _editar(ciclo, "carta.md", ('"102-2024-MIMP-AURORA-UPPM"]',
                                '"102-2024-MIMP-AURORA-UPPM", "103-2024-MIMP-AURORA-UPPM"]'))
    assert ciclo.correr("construir", "carta").exit_code == 0
    paginas = _paginas(ciclo.salida / "x" / "carta.pdf")
    assert [re.search(r"CARTA N° (\d{3})", pg).group(1) for pg in paginas] == ["101", "102", "103"]
    # otra experiencia que repite un número de esta serie
    shutil.copytree(CICLO, ciclo.contenido / "y")
    assert ciclo.correr("construir", "carta").exit_code == 0  # 015 a 017 y 101 a 103: ninguno se repite
    otra = ciclo.contenido / "y" / "carta.md"
    otra.write_text(otra.read_text(encoding="utf-8").replace("015-2024", "102-2024"), encoding="utf-8")
    r = ciclo.correr("construir", "carta")
    assert r.exit_code == 1
    assert ("contenido/y/carta.md:3: campo «numero»: el número 102-2024-MIMP-AURORA-UPPM ya lo usa "
            "contenido/x/carta.md:3: cada carta lleva un número propio") in r.output


def test_numero_de_nota_repetido_en_el_anio(ciclo):
    shutil.copytree(NOTA_REAL, ciclo.contenido / "otra")
    _editar(ciclo, "nota.md", ('numero: "002-2024"', 'numero: "001-2024"'))
    r = ciclo.correr("construir", "nota")
    assert r.exit_code == 1
    assert "la nota N.º 001-2024 ya existe: contenido/otra/nota.md; cada nota del año lleva su número" in r.output


def test_carta_exige_sexo_y_fecha_posterior_a_la_evaluacion(ciclo):
    yml = ciclo.contenido / "x" / "experiencia.yml"
    texto = yml.read_text(encoding="utf-8")
    yml.write_text(texto.replace("    sexo: Mujer\n    dni:", "    dni:"), encoding="utf-8")
    r = ciclo.correr("construir", "carta")
    assert r.exit_code == 1
    assert "campo «equipo.2»: falta «sexo» del integrante «Carmen Flores Ticona»" in r.output
    assert "Señora/Señor" not in r.output
    yml.write_text(texto, encoding="utf-8")
    carta = _editar(ciclo, "carta.md", ("fecha: 2024-12-12", "fecha: 2024-11-19"))
    r = ciclo.correr("construir", "carta")
    assert r.exit_code == 1
    assert (f"carta.md:{_linea(carta, 'fecha:')}: campo «fecha»: la carta (19 de noviembre de 2024) es anterior a "
            "la evaluación que la sustenta (20 de noviembre de 2024, contenido/x/evaluacion-informe.md)") in r.output


# ---------------------------------------------------------------- la ficha
@pytest.mark.parametrize("fecha, edicion, nivel, mensaje", [
    ("2024-04-20", 2024, "aviso", "inscripción tardía: la de la edición 2024 cerró el 15 de abril de 2024"),
    ("2024-01-05", 2024, "error", "es anterior a la apertura de la inscripción de la edición 2024"),
    ("2025-03-01", 2024, "error", "la ficha tiene fecha de 2025 y la experiencia se presenta a la edición 2024"),
    ("2024-04-10", 2019, "error", "contenido/x/experiencia.yml:2: campo «edicion»: no hay datos de la convocatoria "
                                  "2019: la SGIC debe agregar plantillas/convocatoria/2019.yml"),
])
def test_la_ficha_contra_el_cronograma(ciclo, fecha, edicion, nivel, mensaje):
    _editar(ciclo, "ficha.md", ("fecha: 2024-04-10", f"fecha: {fecha}"))
    _editar(ciclo, "experiencia.yml", ("edicion: 2024", f"edicion: {edicion}"))
    r = ciclo.correr("construir", "ficha")
    assert r.exit_code == (0 if nivel == "aviso" else 1), r.output
    assert mensaje in r.output.replace(str(RAIZ) + "/", "")


def test_sexto_integrante_como_participante_adicional(ciclo):
    yml = ciclo.contenido / "x" / "experiencia.yml"
    datos = yaml.safe_load(yml.read_text(encoding="utf-8"))
    datos["equipo"] += [{"nombre": f"Integrante {n}", "sexo": "Mujer", "rol": "Registro de testimonios"}
                        for n in range(4, 7)]
    datos["participantes_adicionales"] = "Sí: una participante adicional"
    yml.write_text(yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = ciclo.correr("construir", "ficha", "carta")
    assert r.exit_code == 0, r.output
    ficha = " ".join(_paginas(ciclo.salida / "x" / "ficha.pdf"))
    assert "1.9 Indicar si hay participantes adicionales (más de 5)" in ficha
    assert "Integrante 6: Registro de testimonios" in ficha  # en 1.9, no en un 1.6 inventado
    assert len(_paginas(ciclo.salida / "x" / "carta.pdf")) == 6  # y recibe su carta


# ------------------------------------------------------- documentos del acompañamiento
def test_invitacion_compromiso_y_declaracion_una_por_participante(ciclo):
    r = ciclo.correr("construir", "invitacion", "compromiso", "declaracion")
    assert r.exit_code == 0, r.output
    for tipo in ("invitacion", "compromiso", "declaracion"):
        paginas = _paginas(ciclo.salida / "x" / f"{tipo}.pdf")
        assert len(paginas) == 3, tipo
        for pagina, nombre in zip(paginas, ["Ana María Quispe Huamán", "Luis Alberto Rojas Vega",
                                            "Carmen Flores Ticona"], strict=True):
            assert nombre in pagina and "Página 1 de 1" in pagina, (tipo, pagina)
            assert "EJEMPLO" in pagina  # el ciclo de prueba lleva la marca de datos ilustrativos
        documento = docx.Document(ciclo.salida / "x" / f"{tipo}.docx")
        assert len(list(documento.element.body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"))) == 3
    invitacion = _paginas(ciclo.salida / "x" / "invitacion.pdf")[0]
    for fecha in ("1–3 de mayo de 2024", "20 de mayo – 5 de julio de 2024", "5 de agosto – 5 de noviembre de 2024"):
        assert fecha in invitacion  # del cronograma de la edición, no escritas a mano
    assert "Estimada señora:" in invitacion and "queda usted invitada" in invitacion
    compromiso = _paginas(ciclo.salida / "x" / "compromiso.pdf")[1]
    assert "Recojo de testimonios y análisis de la encuesta" in compromiso and "admitido" in compromiso
    declaracion = _paginas(ciclo.salida / "x" / "declaracion.pdf")
    assert "DNI N° 01234567" in declaracion[2]  # Carmen tiene DNI en experiencia.yml
    assert "DNI N° ________________" in declaracion[0]  # Ana no: la línea para escribirlo


def test_el_acompanamiento_sigue_a_la_seleccion(ciclo):
    ruta = ciclo.contenido / "x" / "evaluacion-inscripcion.md"
    ruta.write_text(_criterios(ruta.read_text(encoding="utf-8"), 0), encoding="utf-8")
    for fase in ("perfil", "informe"):
        (ciclo.contenido / "x" / f"evaluacion-{fase}.md").unlink()
    r = ciclo.correr("construir", "invitacion")
    assert r.exit_code == 1
    assert ("concluye «Experiencia cotidiana», que no pasa al acompañamiento (bases §7): no hay invitación al "
            "acompañamiento") in r.output
    ruta.write_text(_criterios(ruta.read_text(encoding="utf-8"), 3), encoding="utf-8")
    texto = _editar(ciclo, "compromiso.md", ("fecha: 2024-04-29", "fecha: 2024-04-22"))
    r = ciclo.correr("construir", "compromiso")
    assert r.exit_code == 1
    assert (f"compromiso.md:{_linea(texto, 'fecha:')}: campo «fecha»: la carta de compromiso (22 de abril de 2024) "
            "es anterior a la evaluación que selecciona la experiencia") in r.output


# ------------------------------------------------------------------ los paquetes
def _paquete(raiz: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "paquete", "--plantillas", str(PLANTILLAS), *args],
                          cwd=raiz, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1732320000"})


def test_el_ciclo_de_prueba_se_publica_sin_la_marca_de_ejemplo(tmp_path):
    p = Proyecto(tmp_path)
    shutil.copytree(CICLO, p.contenido / "experiencias" / "escuelas")
    r = _paquete(p.raiz)
    assert r.returncode == 0
    assert "El paquete no se armó: ninguna de las 11 fuente(s) se puede publicar todavía" in r.stderr
    yml = p.contenido / "experiencias" / "escuelas" / "experiencia.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("ejemplo: true\n", ""), encoding="utf-8")
    r = _paquete(p.raiz)
    assert r.returncode == 0, r.stderr
    catalogo = json.loads(next((p.salida / "paquete").glob("*/catalogo.json")).read_text(encoding="utf-8"))
    assert sorted(x["tipo"] for x in catalogo) == ["informe", "nota"]


@pytest.fixture(scope="module")
def revision(tmp_path_factory):
    """Los ejemplos reales del proyecto, en el paquete estricto y en el de revisión."""
    raiz = tmp_path_factory.mktemp("revision")
    shutil.copytree(RAIZ / "contenido", raiz / "contenido")
    estricto = _paquete(raiz)
    revisado = _paquete(raiz, "--revision")
    assert revisado.returncode == 0, revisado.stderr
    carpeta = next((raiz / "salida" / "paquete").glob("*-revision-*/"))
    return raiz, estricto, revisado, carpeta


def test_el_paquete_estricto_dice_por_que_no_publica_nada(revision):
    raiz, estricto, _, _ = revision
    assert estricto.returncode == 0
    assert "El paquete no se armó: ninguna de las 5 fuente(s) se puede publicar todavía" in estricto.stderr
    assert "sistematiza paquete --revision" in estricto.stderr
    assert not list((raiz / "salida" / "paquete").glob("banco-de-buenas-practicas-2024-*.zip"))


def test_la_pagina_de_revision_dice_exactamente_que_bloquea(revision):
    raiz, _, _, carpeta = revision
    html = (carpeta / "revision.html").read_text(encoding="utf-8")
    filas = {re.search(r"<code>([^<]+)</code>", f).group(1): re.sub(r"\s+", " ", f)
             for f in re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]}
    nota = filas["contenido/experiencias/reuniones-socializacion-lecciones-aprendidas/nota.md"]
    texto = (NOTA_REAL / "nota.md").read_text(encoding="utf-8")
    assert "bloqueado" in nota
    # sus únicos bloqueos: lo que de verdad falta en la semilla (el gráfico de Metodología, las URL)
    assert len(re.findall(r"<li>", nota)) == 3
    assert f"nota.md:{_linea(texto, '### Metodología')}: aviso: la subsección «### Metodología» está vacía" in nota
    assert f"nota.md:{_linea(texto, 'Click para ver el video')}: aviso: campo «enlaces.0»" in nota
    informe = filas["contenido/experiencias/articulacion-territorial-leoncio-prado/informe.md"]
    assert "falta la evaluación de la SGIC que decide su publicación" in informe  # la semilla no da categoría
    assert "la línea de tiempo está vacía" in informe
    acta = filas["contenido/instancias/leoncio-prado/acta-2021-05.md"]
    assert "no se publica" in acta and "las actas llevan datos de personas" in acta


def test_los_borradores_llevan_marca_de_agua_y_nada_personal(revision):
    _, _, _, carpeta = revision
    pdfs = sorted((carpeta / "documentos").glob("*.pdf"))
    assert len(pdfs) == 4
    for pdf in pdfs:
        lector = PdfReader(pdf)
        assert all("BORRADOR" in (pg.extract_text() or "") for pg in lector.pages), pdf.name  # la marca de agua
        assert lector.metadata["/Title"].startswith("[BORRADOR — no publicar]")
    leeme = (carpeta / "LEEME.txt").read_text(encoding="utf-8")
    assert "PAQUETE DE REVISIÓN — BORRADOR, NO PUBLICAR" in leeme
    assert subprocess.run([sys.executable, "-m", "pipeline.cli", "paquete", "--verificar", str(carpeta)],
                          capture_output=True).returncode == 0


def test_el_paquete_de_revision_es_reproducible(revision):
    raiz, _, _, carpeta = revision
    zip_ = carpeta.with_name(carpeta.name + ".zip")
    antes = zip_.read_bytes()
    assert _paquete(raiz, "--revision").returncode == 0
    assert zip_.read_bytes() == antes
