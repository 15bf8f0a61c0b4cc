"""Instancias de concertación: ordenanza, acta, plan de trabajo, diagnóstico y seguimiento
(``tests/corpus/instancia``, datos ficticios con directorio completo) y el lote de ordenanzas
de los diez distritos de Leoncio Prado. Cada documento se lee de vuelta en DOCX y PDF.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from pipeline.tipos.plan_trabajo import ultimo_dia_habil_de_noviembre

from .conftest import RAIZ, Proyecto
from .test_ciclo import _linea, _texto_docx, _texto_pdf

CORPUS = RAIZ / "tests" / "corpus" / "instancia"
LEONCIO = RAIZ / "contenido" / "instancias" / "leoncio-prado"
DISTRITOS = ["Rupa-Rupa", "Daniel Alomía Robles", "Hermilio Valdizán", "José Crespo y Castillo",
             "Luyando", "Mariano Dámaso Beraún", "Pucayacu", "Castillo Grande", "Pueblo Nuevo",
             "Santo Domingo de Anda"]
DATOS_PRIVADOS = re.compile(r"\b\d{8}\b|@|\b9\d{8}\b")  # DNI, correo, celular


def _privados_del_directorio() -> list[str]:
    datos = yaml.safe_load((CORPUS / "instancia.yml").read_text(encoding="utf-8"))
    valores = []
    for integrante in datos["integrantes"]:
        for rol in ("titular", "alterno"):
            persona = integrante.get(rol) or {}
            valores += [str(persona[k]) for k in ("dni", "correo", "telefono") if k in persona]
    return valores


def _ambos(ruta: Path) -> list[str]:
    return [_texto_docx(ruta.with_suffix(".docx")), _texto_pdf(ruta.with_suffix(".pdf"))]


@pytest.fixture(scope="module")
def instancia(tmp_path_factory) -> Path:
    p = Proyecto(tmp_path_factory.mktemp("instancia"))
    shutil.copytree(CORPUS, p.contenido / "instancias" / "villa")
    resultado = p.correr("construir")
    assert resultado.exit_code == 0, resultado.output
    return p.salida / "instancias" / "villa"


@pytest.fixture
def copia(tmp_path):
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS, p.contenido / "x")
    return p


def _reemplazar(p: Proyecto, archivo: str, viejo: str, nuevo: str) -> str:
    ruta = p.contenido / "x" / archivo
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto, viejo
    texto = texto.replace(viejo, nuevo)
    ruta.write_text(texto, encoding="utf-8")
    return texto


# -------------------------------------------------------------------- ordenanza
def test_ordenanza_con_su_estructura_legal(instancia):
    for texto in _ambos(instancia / "ordenanza"):
        partes = ["Municipalidad Distrital de Tiquillaca",  # quien la emite, en el encabezado
                  "Decenio de la Igualdad de Oportunidades para Mujeres y Hombres",
                  "Año de la recuperación y consolidación de la economía peruana",
                  "ORDENANZA MUNICIPAL N° 007-2025-MDT", "Tiquillaca, 10 de marzo de 2025",
                  "LA ALCALDESA DE LA MUNICIPALIDAD DISTRITAL DE TIQUILLACA", "POR CUANTO:",
                  "en Sesión Ordinaria de fecha 7 de marzo de 2025", "VISTO:",
                  "Informe Legal N° 045-2025-MDT/GAJ de la Gerencia de Asesoría Jurídica",
                  "Dictamen N° 003-2025-MDT/CDS de la Comisión de Desarrollo Social", "CONSIDERANDO:",
                  "numeral 8 del artículo 9 y el artículo 40 de la Ley N° 27972",
                  "voto UNÁNIME de sus miembros y con dispensa del trámite de lectura y aprobación del acta",
                  "ORDENANZA QUE CREA LA INSTANCIA DISTRITAL DE CONCERTACIÓN PARA ERRADICAR LA "
                  "VIOLENCIA CONTRA LAS MUJERES Y LOS INTEGRANTES DEL GRUPO FAMILIAR DE TIQUILLACA",
                  "Artículo Primero.- Creación.", "Artículo Segundo.- Conformación.",
                  "salvo en la presidencia, que es indelegable",
                  "Artículo Tercero.- Presidencia.", "la ejerce la Alcaldesa de la Municipalidad Distrital",
                  "Artículo Cuarto.- Secretaría Técnica.", "Artículo Sexto.- Directorio.",
                  "Artículo Séptimo.- Impedimentos.", "Registro de Deudores Alimentarios Morosos (REDAM)",
                  "Artículo Octavo.- Instalación.", "plazo máximo de 30 días hábiles",
                  "Artículo Noveno.- Reglamento Interno.",
                  "Artículo Décimo.- Derogación.", "Derógase la Ordenanza Municipal N° 004-2016-MDT",
                  "DISPOSICIONES COMPLEMENTARIAS FINALES",
                  "Regístrese, comuníquese, publíquese y cúmplase.", "Rosa Mamani Quispe", "Alcaldesa",
                  "Hasta 2 representantes de las organizaciones de la sociedad civil",
                  "El Centro Emergencia Mujer.", "[por confirmar por la SGIC]"]
        for parte in partes:
            assert parte in texto, parte
        assert texto.index("POR CUANTO:") < texto.index("VISTO:") < texto.index("CONSIDERANDO:") \
            < texto.index("aprobó la siguiente") < texto.index("Artículo Primero")
        assert texto.count("aprobó la siguiente") == 1 and "HA DADO" not in texto  # una sola fórmula
        for doble in ("Alcalde/sa", "del/de la", "el/la", "Alterno/a", "Programa Nacional AURORA", "MODELO"):
            assert doble not in texto, doble  # una ordenanza terminada: formas de los datos, su emisor


def test_ordenanza_no_deja_la_firma_sola_en_una_pagina(instancia):
    paginas = [" ".join((p.extract_text() or "").split()) for p in PdfReader(instancia / "ordenanza.pdf").pages]
    ultima = paginas[-1]
    assert "Rosa Mamani Quispe" in ultima and "DISPOSICIONES COMPLEMENTARIAS FINALES" in ultima \
        or "Tercera.-" in ultima
    documento = docx.Document(instancia / "ordenanza.docx")
    final = [p for p in documento.paragraphs if p.text.startswith(("DISPOSICIONES", "Primera.-", "Tercera.-"))]
    assert all(p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next for p in final)


def test_ordenanza_conformacion_como_lista_de_word(instancia):
    documento = docx.Document(instancia / "ordenanza.docx")
    lista = [p for p in documento.paragraphs if p.style.name == "List Number"]
    assert len(lista) == 13 and lista[0].text.startswith("La Municipalidad Distrital de Tiquillaca, que la preside")


def test_ordenanza_marca_los_textos_por_confirmar_y_avisa(copia):
    resultado = copia.correr("construir", "ordenanza")
    assert resultado.exit_code == 0
    assert "aviso: la ordenanza lleva 9 texto(s) legal(es) que la SGIC debe confirmar" in resultado.output
    # si la SGIC confirma un texto en plantillas/, la marca y el aviso cambian
    plantillas = copia.raiz / "plantillas"
    shutil.copytree(RAIZ / "plantillas", plantillas)
    ruta = plantillas / "ordenanza" / "considerandos.yml"
    ruta.write_text(ruta.read_text(encoding="utf-8").replace("confirmado: false", "confirmado: true"),
                    encoding="utf-8")
    resultado = copia.correr("construir", "ordenanza", plantillas=plantillas)
    assert "lleva 4 texto(s) legal(es)" in resultado.output


def _regional(copia, autoridad: str = "gobernadora") -> None:
    ruta = copia.contenido / "x" / "instancia.yml"
    datos = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    datos.update(nivel="regional", territorio={"region": "Puno", "ubigeo": "21"})
    for integrante in datos["integrantes"]:
        integrante["institucion"] = integrante["institucion"].replace(
            "Municipalidad Distrital de Tiquillaca", "Gobierno Regional de Puno")
    ruta.write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")
    _reemplazar(copia, "ordenanza.md", "autoridad: alcaldesa\n",
                f"autoridad: {autoridad}\nconsejero_delegado: {{nombre: Juan Quispe Mamani, sexo: Hombre}}\n")


def test_ordenanza_regional_como_las_reales(copia):
    _regional(copia)
    r = copia.correr("construir", "ordenanza")
    assert r.exit_code == 0, r.output
    texto = _texto_pdf(copia.salida / "x" / "ordenanza.pdf")
    for parte in ("Gobierno Regional de Puno", "ORDENANZA REGIONAL N° 007-2025-MDT",
                  "EL CONSEJO REGIONAL DEL GOBIERNO REGIONAL DE PUNO", "POR CUANTO:",
                  "El Consejo Regional del Gobierno Regional de Puno, en Sesión Ordinaria de fecha 7 de marzo de 2025",
                  "Ley N° 27867, Ley Orgánica de Gobiernos Regionales", "ha aprobado la siguiente:",
                  "ORDENANZA REGIONAL QUE CREA LA INSTANCIA REGIONAL DE CONCERTACIÓN",
                  "Artículo Décimo.- Observatorio Regional.",
                  "Comuníquese a la señora Gobernadora Regional para su promulgación.",
                  "En Puno, a los 10 días del mes de marzo de 2025.", "Juan Quispe Mamani",
                  "Consejero Delegado del Consejo Regional", "POR TANTO:", "Mando se registre, publique y cumpla.",
                  "Dado en la sede del Gobierno Regional de Puno, a los 10 días del mes de marzo de 2025.",
                  "Rosa Mamani Quispe", "Gobernadora Regional"):
        assert parte in texto, parte
    assert texto.index("Comuníquese") < texto.index("Juan Quispe Mamani") < texto.index("POR TANTO:") \
        < texto.rindex("Gobernadora Regional")
    for incorrecto in ("ALCALDE", "señor/a", "Gobernador/a", "Regístrese"):
        assert incorrecto not in texto, incorrecto


@pytest.mark.parametrize("nivel, autoridad", [("regional", "alcalde"), ("distrital", "gobernadora")])
def test_la_autoridad_corresponde_al_nivel(copia, nivel, autoridad):
    if nivel == "regional":
        _regional(copia, autoridad)
    else:
        _reemplazar(copia, "ordenanza.md", "autoridad: alcaldesa", f"autoridad: {autoridad}")
    r = copia.correr("construir", "ordenanza")
    assert r.exit_code == 1
    assert f"campo «autoridad»: «{autoridad}» no corresponde a" in r.output


def test_la_sesion_no_es_posterior_a_la_ordenanza(copia):
    texto = _reemplazar(copia, "ordenanza.md", "sesion: {fecha: 2025-03-07", "sesion: {fecha: 2025-03-12")
    r = copia.correr("construir", "ordenanza")
    assert r.exit_code == 1
    assert (f"ordenanza.md:{_linea(texto, 'sesion:')}: campo «sesion.fecha»: la sesión (2025-03-12) es posterior "
            "a la ordenanza (2025-03-10)") in r.output


def test_un_modelo_dice_que_es_un_modelo(copia):
    (copia.contenido / "x" / "ordenanza.md").write_text("---\ntipo: ordenanza\nanio: 2026\n---\n", encoding="utf-8")
    r = copia.correr("construir", "ordenanza")
    assert r.exit_code == 0
    texto = _texto_pdf(copia.salida / "x" / "ordenanza.pdf")
    assert "MODELO DE ORDENANZA: complete los espacios en blanco" in texto
    assert "Tiquillaca, ………… de ………… de 2026" in texto  # la capital, de los datos oficiales
    assert "Informe Legal N° …………" in texto and "con el voto ………… de sus miembros" in texto


# ------------------------------------------------------------------------- actas
def test_acta_asistencia_y_quorum(instancia):
    documento = docx.Document(instancia / "acta-instalacion.docx")
    tabla = next(t for t in documento.tables if t.cell(0, 0).text == "Institución")
    filas = [[c.text for c in f.cells] for f in tabla.rows[1:]]
    assert filas[0] == ["Municipalidad Distrital de Tiquillaca", "Rosa Mamani Quispe", "Titular"]
    assert filas[3] == ["Centro de Salud Tiquillaca", "Elena Pari Choque", "Titular"]
    for texto in _ambos(instancia / "acta-instalacion"):
        # 8 asientos obligatorios de la composición distrital (3 vacantes) + 1 de la sociedad civil
        assert ("Con la asistencia de 6 de los 9 asientos de la Instancia (3 vacantes), se verifica el "
                "quórum (más de la mitad)") in texto
        assert "bajo la presidencia de Rosa Mamani Quispe, Alcaldesa de la Municipalidad Distrital de Tiquillaca" \
            in texto
        assert "Elaborar la propuesta de Reglamento Interno de la Instancia." in texto
        assert "siendo las 09:00 horas" in texto and "Siendo las 11:15 horas" in texto
        for privado in _privados_del_directorio():
            assert privado not in texto  # el acta lleva nombres y cargos, no DNI ni contacto


def test_acta_extraordinaria_registra_su_convocatoria(instancia):
    for texto in _ambos(instancia / "acta-extraordinaria"):
        assert "la plataforma virtual Google Meet" in texto
        assert ("convocada por acuerdo del 12 de noviembre de 2025, con 3 votos a favor, 1 en "
                "contra y 1 abstenciones de 5 asistentes (se requerían 3: 50 % más uno)") in texto
        assert ("bajo la presidencia de Jorge Apaza Luque, Gerente de Desarrollo Social, en representación de la "
                "presidencia titular de la Municipalidad Distrital de Tiquillaca") in texto  # el alterno preside
        assert "del/de la" not in texto and "Alterno/a" not in texto


@pytest.mark.parametrize("asistentes, acuerdos, quorum", [(5, True, True), (4, False, False)])
def test_quorum_es_mas_de_la_mitad_de_los_asientos(copia, asistentes, acuerdos, quorum):
    texto = _reemplazar(copia, "acta-instalacion.md", "  - {integrante: Educación, asistio: titular}",
                        "  - {integrante: Educación, asistio: no}")
    if asistentes == 4:
        texto = _reemplazar(copia, "acta-instalacion.md", "  - {integrante: Salud, asistio: titular}",
                            "  - {integrante: Salud, asistio: no}")
    if not acuerdos:
        texto = re.sub(r"acuerdos:\n(  .*\n|    .*\n)+", "", texto)
        texto = texto.replace("declaró **instalada** la Instancia", "constató la falta de quórum")
        (copia.contenido / "x" / "acta-instalacion.md").write_text(texto, encoding="utf-8")
    resultado = copia.correr("construir", "acta")
    assert resultado.exit_code == 0, resultado.output
    pdf = _texto_pdf(copia.salida / "x" / "acta-instalacion.pdf")
    if quorum:
        assert f"Con la asistencia de {asistentes} de los 9 asientos" in pdf
    else:
        assert "Asistieron 4 de los 9 asientos de la Instancia (3 vacantes): no hay quórum" in pdf
        assert "y la Instancia no se instala; se convocará a una nueva sesión de instalación" in pdf
        assert "No se adoptaron acuerdos." in pdf


def test_sin_quorum_no_hay_acuerdos_ni_instalacion(copia):
    for integrante in ("Educación", "Salud"):
        texto = _reemplazar(copia, "acta-instalacion.md", f"  - {{integrante: {integrante}, asistio: titular}}",
                            f"  - {{integrante: {integrante}, asistio: no}}")
    resultado = copia.correr("construir", "acta")
    assert resultado.exit_code == 1
    assert (f"acta-instalacion.md:{_linea(texto, 'acuerdos:')}: campo «acuerdos»: sin quórum (4 de 9 "
            "asientos; se necesita más de la mitad) la sesión no puede adoptar acuerdos") in resultado.output
    assert "el desarrollo dice que la Instancia quedó instalada, pero no hubo quórum" in resultado.output


def test_el_quorum_es_dato_de_la_sgic(copia, tmp_path):
    plantillas = tmp_path / "plantillas"
    shutil.copytree(RAIZ / "plantillas", plantillas)
    (plantillas / "acta" / "reglas.yml").write_text(
        "quorum_fraccion: 0.6667\nquorum_texto: más de los dos tercios\n", encoding="utf-8")
    resultado = copia.correr("construir", "acta", plantillas=plantillas)  # 6 de 9 no superan los dos tercios
    assert resultado.exit_code == 1
    assert "sin quórum (6 de 9 asientos; se necesita más de los dos tercios) la sesión no puede adoptar" \
        in resultado.output
    (plantillas / "acta" / "reglas.yml").write_text("quorum_fraccion: 2\n", encoding="utf-8")
    resultado = copia.correr("construir", "acta", plantillas=plantillas)
    assert resultado.exit_code == 1
    assert "reglas.yml: campo «quorum_fraccion»: «2» debe ser una fracción entre 0 y 1" in resultado.output
    assert "Traceback" not in resultado.output


@pytest.mark.parametrize("cambio, mensaje", [
    ("convocatoria: {fecha: 2025-11-12, asistentes: 99, a_favor: 60, en_contra: 1, abstenciones: 1}",
     "campo «convocatoria.asistentes»: votaron 99 asistentes y la instancia tiene 9 asientos"),
    ("convocatoria: {fecha: 2025-11-21, asistentes: 5, a_favor: 3, en_contra: 1, abstenciones: 1}",
     "campo «convocatoria.fecha»: la convocatoria (2025-11-21) debe ser anterior a la sesión que convoca"),
])
def test_la_convocatoria_cabe_en_la_instancia_y_es_anterior(copia, cambio, mensaje):
    _reemplazar(copia, "acta-extraordinaria.md",
                "convocatoria: {fecha: 2025-11-12, asistentes: 5, a_favor: 3, en_contra: 1, abstenciones: 1}", cambio)
    r = copia.correr("construir", "acta")
    assert r.exit_code == 1
    assert mensaje in r.output


def test_convocatoria_extraordinaria_necesita_50_mas_uno(copia):
    texto = _reemplazar(copia, "acta-extraordinaria.md", "a_favor: 3, en_contra: 1",
                        "a_favor: 2, en_contra: 2")
    resultado = copia.correr("construir", "acta")
    assert resultado.exit_code == 1
    assert (f"acta-extraordinaria.md:{_linea(texto, 'convocatoria:')}: campo «convocatoria.a_favor»: "
            "la convocatoria tuvo 2 votos a favor de 5 asistentes; se necesitan 3 (50 % más uno)") \
        in resultado.output


def test_acta_integrante_desconocido_y_asistencia_incompleta(copia):
    texto = _reemplazar(copia, "acta-instalacion.md", "  - {integrante: Salud, asistio: titular}\n",
                        "  - {integrante: Salú, asistio: no}\n")
    resultado = copia.correr("construir", "acta")
    assert resultado.exit_code == 1
    assert (f"acta-instalacion.md:{_linea(texto, 'Salú')}: campo «asistencia.3.integrante»: «Salú» no "
            "está entre los integrantes de instancia.yml. ¿Quiso decir «Salud»?") in resultado.output
    assert "falta registrar la asistencia de: Salud" in resultado.output


# -------------------------------------------------------------- plan de trabajo
def test_plan_con_cronograma_por_trimestre_y_presupuesto(instancia):
    documento = docx.Document(instancia / "plan-trabajo-2026.docx")
    tabla = next(t for t in documento.tables if t.cell(0, 1).text == "Actividad")
    assert [c.text for c in tabla.rows[1].cells] == [
        "1.1", "Talleres de prevención con docentes", "Número de talleres realizados", "4 talleres",
        "Centro Emergencia Mujer Tiquillaca", "X", "X", "X", "X", "S/\u00a02\u00a0400,00"]
    assert [c.text for c in tabla.rows[2].cells][5:9] == ["", "", "", "X"]
    apaisada = [s for s in documento.sections if s.page_width > s.page_height]
    assert apaisada, "el cuadro de actividades va en una página apaisada"
    for texto in _ambos(instancia / "plan-trabajo-2026"):
        assert "Presupuesto total del plan: S/ 7 400,00" in texto
        assert "Aprobado el 20 de noviembre de 2025 (Acta N° 004-2025)." in texto
        for privado in _privados_del_directorio():
            assert privado not in texto
    pdf = PdfReader(instancia / "plan-trabajo-2026.pdf")
    assert any(float(p.mediabox.width) > float(p.mediabox.height) for p in pdf.pages)


def test_plan_con_cuadro_por_trimestre_en_los_dos_formatos(instancia):
    alternativo = ("Cronograma por trimestre: 1.1 Talleres de prevención con docentes: trimestres 1, 2, 3, 4; "
                   "1.2 Campaña por el 25 de noviembre: trimestre 4; 2.1 Sesiones de coordinación entre "
                   "servicios: trimestres 1, 2, 3, 4.")
    assert [d for d in _descripciones(instancia / "plan-trabajo-2026.docx") if d] == [alternativo]
    pdf = _texto_pdf(instancia / "plan-trabajo-2026.pdf")
    for texto in ("Cronograma por trimestre", "Trimestre 1", "Trimestre 4", "1.2 Campaña por el 25 de noviembre",
                  "Cronograma de las actividades del plan 2026, por trimestre"):
        assert texto in pdf


def test_plan_meta_de_talleres_entera(copia):
    texto = _reemplazar(copia, "plan-trabajo-2026.md", "meta: 4\n", "meta: 4.5\n")
    resultado = copia.correr("construir", "plan-trabajo")
    assert resultado.exit_code == 1
    assert (f"plan-trabajo-2026.md:{_linea(texto, 'meta: 4.5')}: campo «objetivos.0.actividades.0.meta»: "
            "«4.5 talleres»: talleres se cuenta en números enteros") in resultado.output


def test_plan_aprobado_tarde_es_un_aviso(copia):
    texto = _reemplazar(copia, "plan-trabajo-2026.md", "fecha: 2025-11-20", "fecha: 2025-12-03")
    resultado = copia.correr("construir", "plan-trabajo")
    assert resultado.exit_code == 0
    assert (f"plan-trabajo-2026.md:{_linea(texto, 'aprobacion:')}: aviso: campo «aprobacion.fecha»: el "
            "plan 2026 se aprobó el 3 de diciembre de 2025; se recomienda aprobarlo hasta el último "
            "día hábil de noviembre del año anterior (28 de noviembre de 2025") in resultado.output


def test_ultimo_dia_habil_de_noviembre():
    assert ultimo_dia_habil_de_noviembre(2025).isoformat() == "2025-11-28"  # el 30 es domingo
    assert ultimo_dia_habil_de_noviembre(2026).isoformat() == "2026-11-30"  # lunes


def test_plan_responsable_debe_ser_integrante(copia):
    texto = _reemplazar(copia, "plan-trabajo-2026.md", "responsable: Comisaría", "responsable: Comisaria PNP")
    resultado = copia.correr("construir", "plan-trabajo")
    assert resultado.exit_code == 1
    assert (f"plan-trabajo-2026.md:{_linea(texto, 'Comisaria PNP')}: campo "
            "«objetivos.1.actividades.0.responsable»: «Comisaria PNP» no es una institución "
            "integrante de la instancia.") in resultado.output


# ---------------------------------------------------------------- seguimiento
def _descripciones(ruta: Path) -> list[str | None]:
    """Los textos alternativos de las imágenes de un DOCX."""
    return [d.get("descr") for d in docx.Document(ruta).element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]


def _tabla_de_avance(ruta: Path) -> list[list[str]]:
    tabla = next(t for t in docx.Document(ruta).tables if t.cell(0, 1).text == "Actividad")
    return [[c.text for c in f.cells] for f in tabla.rows[1:]]


def test_seguimiento_mide_el_semestre_con_la_meta_de_sus_trimestres(instancia):
    # talleres: 4 en los trimestres 1–4 → 2 en el primer semestre; campaña: solo en el 4.º →
    # no programada; sesiones: 6 en 1–4 → 3, y se hicieron 7
    filas = _tabla_de_avance(instancia / "seguimiento-2026-s1.docx")
    assert [f[3:9] for f in filas[:3]] == [
        ["2 talleres", "2", "100\u00a0%", "Cumplida", "S/\u00a01\u00a0200,00", "S/\u00a01\u00a0150,00"],
        ["—", "0", "—", "No programada", "S/\u00a00,00", "—"],
        ["3 sesiones", "7", "233.3\u00a0%", "Cumplida", "S/\u00a00,00", "—"],
    ]
    assert filas[3][7:9] == ["S/\u00a01\u00a0200,00", "S/\u00a01\u00a0150,00"]  # el presupuesto del periodo
    for texto in _ambos(instancia / "seguimiento-2026-s1"):
        assert "De las 3 actividades del plan: 2 cumplidas y 1 no programada en el periodo." in texto
        assert "Presupuesto ejecutado: S/ 1 150,00 de S/ 1 200,00 programados (95.8 %)." in texto
        assert "La campaña se programa para noviembre." in texto
        assert "0%" not in texto.replace("\u00a0", " ").replace("100 %", "")  # un solo formato: «0 %»
        for privado in _privados_del_directorio():
            assert privado not in texto


def test_seguimiento_con_barras_de_avance_en_los_dos_formatos(instancia):
    alternativo = ("Avance de cada actividad frente a su meta del periodo: 1.1 Talleres de prevención con "
                   "docentes: 100 %; 1.2 Campaña por el 25 de noviembre: No programada; 2.1 Sesiones de "
                   "coordinación entre servicios: 233.3 %.")
    assert [d.replace("\u00a0", " ") for d in _descripciones(instancia / "seguimiento-2026-s1.docx")
            if d] == [alternativo]
    pdf = _texto_pdf(instancia / "seguimiento-2026-s1.pdf")
    for texto in ("Meta del periodo (100 %)", "No programada", "233.3 %",
                  "Avance de las actividades respecto de su meta del periodo (primer semestre 2026)"):
        assert texto in pdf


def test_seguimiento_al_cerrar_el_anio_cumplida_o_no_cumplida(copia):
    ruta = copia.contenido / "x" / "seguimiento-2026-s1.md"
    ruta.write_text(ruta.read_text(encoding="utf-8")
                    .replace("periodo: primer semestre", "periodo: segundo semestre")
                    .replace("fecha: 2026-07-10", "fecha: 2026-12-15")
                    .replace("avance: 2\n", "avance: 1\n").replace("avance: 0\n", "avance: 1\n")
                    .replace("avance: 7", "avance: 3"), encoding="utf-8")
    resultado = copia.correr("construir", "seguimiento")
    assert resultado.exit_code == 0, resultado.output
    filas = _tabla_de_avance(copia.salida / "x" / "seguimiento-2026-s1.docx")
    assert [f[3:7] for f in filas[:3]] == [
        ["2 talleres", "1", "50\u00a0%", "No cumplida"],  # al cierre del año no hay «en proceso»
        ["1 campaña", "1", "100\u00a0%", "Cumplida"],
        ["3 sesiones", "3", "100\u00a0%", "Cumplida"],
    ]
    assert "De las 3 actividades del plan: 2 cumplidas y 1 no cumplida." in \
        _texto_pdf(copia.salida / "x" / "seguimiento-2026-s1.pdf")


def test_seguimiento_fechado_fuera_del_anio_o_antes_del_cierre(copia):
    texto = _reemplazar(copia, "seguimiento-2026-s1.md", "fecha: 2026-07-10", "fecha: 2027-01-10")
    resultado = copia.correr("construir", "seguimiento")
    assert resultado.exit_code == 1
    assert (f"seguimiento-2026-s1.md:{_linea(texto, 'fecha:')}: campo «fecha»: el informe del primer semestre "
            "del plan 2026 tiene fecha 10 de enero de 2027: debe caer entre el 1 de enero de 2026 y el 28 de "
            "setiembre de 2026 (90 días después del cierre del periodo, plantillas/seguimiento/reglas.yml)"
            ) in resultado.output
    assert not (copia.salida / "x" / "seguimiento-2026-s1.pdf").exists()
    # el del segundo semestre se escribe al culminar el semestre (semilla 004 §7.3.4.4): en enero sí
    _reemplazar(copia, "seguimiento-2026-s1.md", "periodo: primer semestre", "periodo: segundo semestre")
    assert copia.correr("construir", "seguimiento").exit_code == 0
    _reemplazar(copia, "seguimiento-2026-s1.md", "fecha: 2027-01-10", "fecha: 2025-12-20")
    resultado = copia.correr("construir", "seguimiento")
    assert resultado.exit_code == 1 and "tiene fecha 20 de diciembre de 2025: debe caer entre el 1 de julio" \
        in resultado.output
    _reemplazar(copia, "seguimiento-2026-s1.md", "periodo: segundo semestre", "periodo: primer semestre")
    _reemplazar(copia, "seguimiento-2026-s1.md", "fecha: 2025-12-20", "fecha: 2026-05-04")
    resultado = copia.correr("construir", "seguimiento")
    assert resultado.exit_code == 0
    assert ("aviso: campo «fecha»: el informe (4 de mayo de 2026) es anterior al cierre del periodo que "
            "reporta (primer semestre)") in resultado.output


def test_seguimiento_cuenta_talleres_enteros(copia):
    texto = _reemplazar(copia, "seguimiento-2026-s1.md", "avance: 2\n", "avance: 2.5\n")
    resultado = copia.correr("construir", "seguimiento")
    assert resultado.exit_code == 1
    assert (f"seguimiento-2026-s1.md:{_linea(texto, 'avance: 2.5')}: campo «avances.0.avance»: «2.5 talleres»: "
            "talleres se cuenta en números enteros") in resultado.output


def test_seguimiento_lee_el_plan(copia):
    texto = _reemplazar(copia, "seguimiento-2026-s1.md", 'actividad: "2.1"', 'actividad: "2.3"')
    resultado = copia.correr("construir", "seguimiento")
    assert resultado.exit_code == 1
    assert (f"seguimiento-2026-s1.md:{_linea(texto, '2.3')}: campo «avances.2.actividad»: el plan no "
            "tiene la actividad «2.3»; sus actividades son 1.1, 1.2, 2.1") in resultado.output
    _reemplazar(copia, "seguimiento-2026-s1.md", "plan: plan-trabajo-2026.md", "plan: plan-2027.md")
    resultado = copia.correr("construir", "seguimiento")
    assert "no existe el plan «plan-2027.md»" in resultado.output


def test_seguimiento_de_algo_que_no_es_un_plan(copia):
    texto = _reemplazar(copia, "seguimiento-2026-s1.md", "plan: plan-trabajo-2026.md",
                        "plan: diagnostico-2025.md")
    resultado = copia.correr("construir", "seguimiento")
    assert resultado.exit_code == 1
    assert (f"seguimiento-2026-s1.md:{_linea(texto, 'plan:')}: campo «plan»: «diagnostico-2025.md» "
            "no es un plan de trabajo") in resultado.output
    assert not (copia.salida / "x" / "seguimiento-2026-s1.pdf").exists()


def test_seguimiento_de_un_plan_con_errores(copia):
    plan = _reemplazar(copia, "plan-trabajo-2026.md", "anio: 2026", "anio: dos mil")
    resultado = copia.correr("construir", "seguimiento")
    assert resultado.exit_code == 1
    assert "campo «plan»: el plan «plan-trabajo-2026.md» tiene errores; corríjalo primero" \
        in resultado.output
    assert (f"plan-trabajo-2026.md:{_linea(plan, 'anio:')}: campo «anio»: debe ser un número "
            "entero") in resultado.output


# ----------------------------------------------------------------- diagnóstico
def test_diagnostico_tablas_con_porcentajes(instancia):
    documento = docx.Document(instancia / "diagnostico-2025.docx")
    tabla = next(t for t in documento.tables if t.cell(0, 0).text.startswith("Tipo de violencia"))
    assert [[c.text for c in f.cells] for f in tabla.rows[1:]] == [
        ["Psicológica", "180", "52.9\u00a0%"], ["Física", "120", "35.3\u00a0%"],
        ["Sexual", "25", "7.4\u00a0%"], ["Económica o patrimonial", "15", "4.4\u00a0%"],
        ["Total", "340", "100\u00a0%"]]
    for texto in _ambos(instancia / "diagnostico-2025"):
        assert "Casos según sexo de la víctima" in texto and "85.3 %" in texto
        assert "S/ 16 800,50" in texto
        assert "ENDES 2024 (INEI)" in texto


def test_diagnostico_totales_de_una_misma_fuente(copia):
    texto = _reemplazar(copia, "diagnostico-2025.md", "{Mujeres: 290, Hombres: 50}", "{Mujeres: 855, Hombres: 50}")
    resultado = copia.correr("construir", "diagnostico")
    assert resultado.exit_code == 0  # un aviso: puede ser un error de la fuente, la persona decide
    assert (f"diagnostico-2025.md:{_linea(texto, 'Mujeres: 855')}: aviso: campo «caracteristicas.0.casos»: "
            "«Casos según sexo de la víctima» suma 905 casos y «Casos según tipo de violencia», 340, de la misma "
            "fuente («Registros administrativos del CEM Tiquillaca, 2025»): deberían coincidir; revise una de "
            "las dos") in resultado.output
    # de otra fuente, otro universo: no se comparan
    _reemplazar(copia, "diagnostico-2025.md", "variable: Sexo\n    fuente: Registros administrativos del CEM "
                "Tiquillaca, 2025", "variable: Sexo\n    fuente: ENDES 2024 (INEI)")
    assert "suma 905 casos" not in copia.correr("construir", "diagnostico").output


def test_diagnostico_avisa_las_variables_de_la_semilla_que_faltan(copia):
    resultado = copia.correr("construir", "diagnostico")
    assert ("aviso: campo «caracteristicas»: faltan las variables que sugiere la semilla 004 (§7.3.3.1, "
            "numeral 3): modalidad, discapacidad, estado civil, nivel educativo, ocupacion, procedencia") \
        in resultado.output
    _reemplazar(copia, "diagnostico-2025.md", "servicios:\n", "  - titulo: Casos según estado civil\n"
                "    variable: Estado civil\n    fuente: ENDES 2024 (INEI)\n    casos: {Soltera: 10, Casada: 5}\n"
                "servicios:\n")
    resultado = copia.correr("construir", "diagnostico")
    assert "modalidad, discapacidad, nivel educativo, ocupacion, procedencia;" in resultado.output


def test_diagnostico_tipo_de_violencia_de_la_ley(copia):
    texto = _reemplazar(copia, "diagnostico-2025.md", "economica: 15", "verbal: 15")
    resultado = copia.correr("construir", "diagnostico")
    assert resultado.exit_code == 1
    assert "«verbal» no es un valor permitido; use uno de: «Física», «Psicológica», «Sexual»" in resultado.output
    assert f"diagnostico-2025.md:{_linea(texto, 'casos: {psicologica')}:" in resultado.output


# --------------------------------------------------------- privacidad y datos
def test_ningun_documento_publico_lleva_datos_privados(instancia):
    for nombre in ("ordenanza", "plan-trabajo-2026", "seguimiento-2026-s1", "diagnostico-2025"):
        for texto in _ambos(instancia / nombre):
            assert not DATOS_PRIVADOS.search(texto.replace("N° 70001", "")), (nombre, DATOS_PRIVADOS.search(texto))
            for privado in _privados_del_directorio():
                assert privado not in texto


@pytest.mark.parametrize("cambio, mensaje", [
    (lambda d: d["integrantes"][0]["titular"].update(dni="4123456"), "no es un DNI"),
    (lambda d: d["territorio"].update(ubigeo="2199"), "el ubigeo de una instancia distrital tiene 6 cifras"),
    (lambda d: d["territorio"].pop("distrito"), "una instancia distrital necesita «territorio.distrito»"),
    (lambda d: d.update(nivel="comunal"), "valor no permitido; use uno de: 'regional', 'provincial' o 'distrital'"),
])
def test_reglas_de_instancia_yml(copia, cambio, mensaje):
    ruta = copia.contenido / "x" / "instancia.yml"
    datos = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    cambio(datos)
    ruta.write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")
    resultado = copia.correr("construir", "ordenanza")
    assert resultado.exit_code == 1
    assert "contenido/x/instancia.yml:" in resultado.output and mensaje in resultado.output


def test_asientos_de_sociedad_civil_recomendados(copia):
    _reemplazar(copia, "instancia.yml", "asientos_sociedad_civil: 2", "asientos_sociedad_civil: 4")
    resultado = copia.correr("construir", "ordenanza")
    assert resultado.exit_code == 0
    assert ("para una instancia distrital se recomiendan 2 representantes de la sociedad civil "
            "(semilla 004, §7.3.2.8), no 4") in resultado.output


# ------------------------------------------------------------------------ lote
def test_lote_de_los_diez_distritos_de_leoncio_prado(tmp_path):
    p = Proyecto(tmp_path)
    shutil.copytree(LEONCIO, p.contenido / "instancias" / "leoncio-prado")
    resultado = p.correr("lote", "ordenanza", "--territorios",
                         "contenido/instancias/leoncio-prado/distritos.csv")
    assert resultado.exit_code == 0, resultado.output
    # una carpeta por región y provincia: dos distritos de igual nombre en lugares distintos no chocan
    carpeta = p.salida / "instancias" / "leoncio-prado" / "distritos" / "huanuco" / "leoncio-prado"
    assert len(list(carpeta.glob("*.docx"))) == 10 and len(list(carpeta.glob("*.pdf"))) == 10
    from pipeline.lote import nombre_archivo
    from pipeline.territorios import buscar

    for distrito in DISTRITOS:
        oficial = buscar("Huánuco", "Leoncio Prado", distrito)
        texto = _texto_pdf(carpeta / f"{nombre_archivo(distrito)}.pdf")
        # Rupa-Rupa, el distrito capital, lo gobierna la municipalidad provincial (Ley N° 27972, art. 3)
        emisor = "PROVINCIAL DE LEONCIO PRADO" if oficial.es_cercado else f"DISTRITAL DE {oficial.distrito.upper()}"
        assert f"EL ALCALDE / LA ALCALDESA DE LA MUNICIPALIDAD {emisor}" in texto or \
            f"EL/LA ALCALDE/SA DE LA MUNICIPALIDAD {emisor}" in texto
        assert f"Instancia Distrital de Concertación para Erradicar la Violencia contra las Mujeres y " \
               f"los Integrantes del Grupo Familiar de {oficial.distrito}" in texto
        assert "ORDENANZA MUNICIPAL N° …………-2026" in texto
        assert "MODELO DE ORDENANZA" in texto  # sin número, sesión ni firmante: es un modelo


def test_lote_una_fila_mala_no_detiene_las_demas(tmp_path):
    p = Proyecto(tmp_path)
    tabla = p.contenido / "t" / "distritos.csv"
    tabla.parent.mkdir(parents=True)
    tabla.write_text("nivel,region,provincia,distrito,ubigeo,anio\n"
                     "distrital,Huánuco,Leoncio Prado,Luyando,100605,2026\n"
                     "distrital,Huanuco,Leoncio Prado,Pucayacu,10060,2026\n"
                     "distrital,Huánuco,Leoncio Prado,Castillo Grande,,2031\n"
                     "distrital,Huánuco,Leoncio Prado,Pueblo Nuevo\n"
                     "distrital,Huánuco,Leoncio Prado,Pueblo Nuevo,,2026\n", encoding="utf-8")
    resultado = p.correr("lote", "ordenanza", "--territorios", "contenido/t/distritos.csv",
                         formato="docx")
    assert resultado.exit_code == 1
    salida = resultado.output
    assert "contenido/t/distritos.csv:3: fila 2, columna «ubigeo»: «10060» no es un ubigeo" in salida
    assert "contenido/t/distritos.csv:4: fila 3: el año 2031 no tiene denominación oficial" in salida
    assert "contenido/t/distritos.csv:5: la fila tiene 4 celdas y la tabla 6 columnas" in salida
    hechos = sorted(x.name for x in (p.salida / "t" / "distritos" / "huanuco" / "leoncio-prado").iterdir())
    assert hechos == ["luyando.docx", "pueblo-nuevo.docx"]  # «Huanuco» vale: sin tildes


def test_lote_columna_desconocida(tmp_path):
    p = Proyecto(tmp_path)
    tabla = p.contenido / "t.csv"
    tabla.write_text("nivel,region,provincia,distritto,anio\ndistrital,Puno,X,Y,2026\n", encoding="utf-8")
    resultado = p.correr("lote", "ordenanza", "--territorios", "contenido/t.csv")
    assert resultado.exit_code == 1
    assert "contenido/t.csv:1: campo «distritto»: columna desconocida. ¿Quiso decir «distrito»?" in resultado.output
    assert p.salidas() == []
    assert p.correr("lote", "acta", "--territorios", "contenido/t.csv").exit_code == 2
