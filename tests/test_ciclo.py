"""El ciclo de sistematización: ficha, evaluación, perfil, informe y carta, desde una carpeta
de experiencia (``tests/corpus/experiencia``, datos ficticios) y el informe real de Leoncio Prado.
Cada documento se lee de vuelta en DOCX (python-docx) y PDF (pypdf).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from pypdf import PdfReader

from pipeline.vocabularios import CRITERIOS

from .conftest import RAIZ, Proyecto

CORPUS = RAIZ / "tests" / "corpus" / "experiencia"
LEONCIO = RAIZ / "contenido" / "experiencias" / "articulacion-territorial-leoncio-prado"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CORREOS = ("ana.quispe@example.org", "luis.rojas@example.org")
CELULARES = ("987654321", "912345678")


def _texto_docx(ruta: Path) -> str:
    documento = docx.Document(ruta)
    partes = [p.text for p in documento.paragraphs]
    for tabla in documento.tables:
        for fila in tabla.rows:
            partes += [c.text for c in fila.cells]
    for seccion in documento.sections:
        partes += [p.text for p in seccion.header.paragraphs]
    return " ".join(" ".join(partes).split())


def _texto_pdf(ruta: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(ruta).pages).split())


def _ambos(ruta_sin_extension: Path) -> list[str]:
    return [_texto_docx(ruta_sin_extension.with_suffix(".docx")),
            _texto_pdf(ruta_sin_extension.with_suffix(".pdf"))]


@pytest.fixture(scope="module")
def ciclo(tmp_path_factory) -> Path:
    p = Proyecto(tmp_path_factory.mktemp("ciclo"))
    shutil.copytree(CORPUS, p.contenido / "experiencias" / "escuelas")
    shutil.copytree(LEONCIO, p.contenido / "experiencias" / "leoncio")
    resultado = p.correr("construir")
    assert resultado.exit_code == 0, resultado.output
    return p.salida / "experiencias"


@pytest.fixture
def experiencia(tmp_path):
    """Una copia de la experiencia de prueba para romperla."""
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS, p.contenido / "x")
    return p


def _editar_yml(proyecto: Proyecto, cambio) -> str:
    ruta = proyecto.contenido / "x" / "experiencia.yml"
    datos = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    cambio(datos)
    texto = yaml.safe_dump(datos, allow_unicode=True, sort_keys=False)
    ruta.write_text(texto, encoding="utf-8")
    return texto


def _linea(texto: str, fragmento: str) -> int:
    return next(i for i, ln in enumerate(texto.split("\n"), start=1) if fragmento in ln)


# ------------------------------------------------------------------------- ficha
def test_ficha_reproduce_el_formulario(ciclo):
    for texto in _ambos(ciclo / "escuelas" / "ficha"):
        for pregunta in ["1.1 Nombres y apellidos de quien presenta la experiencia (responsable de equipo)",
                         "1.6 Región / Departamento", "1.9 Indicar si hay participantes adicionales",
                         "2.2 Categoría", "2.4 Antigüedad de la experiencia",
                         "2.6 ¿Cuál fue el problema o los problemas que abordó esta intervención?",
                         "2.8 ¿Cuáles son los objetivos específicos? (máximo 3)",
                         "2.11 Principales acciones que han desarrollado (máximo 5)",
                         "2.15 Haga una lista de las evidencias"]:
            assert pregunta in texto, pregunta
        for dato in ["Ana María Quispe Huamán", "38 a 47 años", CORREOS[0], CELULARES[0],
                     "Coordinación del equipo y redacción del informe", "Puno", "Prevención",
                     "Centro Emergencia Mujer - CEM", "Menos de tres (03) años",
                     "Escasa articulación entre el CEM y las instituciones educativas.",
                     "UGEL Ejemplo: Convocatoria de las instituciones educativas",
                     "Rumbo a las buenas prácticas 2024"]:
            assert dato in texto, dato


def test_ficha_listas_son_listas_de_word(ciclo):
    documento = docx.Document(ciclo / "escuelas" / "ficha.docx")
    objetivos = [p for p in documento.paragraphs if p.text.startswith("Fortalecer las capacidades")]
    assert objetivos and objetivos[0].style.name == "List Bullet"
    assert objetivos[0]._p.pPr.numPr is not None


# -------------------------------------------------------------------- evaluación
def test_evaluacion_calcula_la_categoria_y_su_recomendacion(ciclo):
    for texto in _ambos(ciclo / "escuelas" / "evaluacion-inscripcion"):
        assert "Experiencia destacada con potencial de buena práctica" in texto
        assert "cumple 3 de 6 criterios" in texto
        assert "Evaluación de la fase: Inscripción" in texto
        assert "Se recomienda que pase por el proceso integral de sistematización" in texto
        for c in CRITERIOS:  # la Tabla N° 1: descripción, pregunta guía y palabras clave
            assert " ".join(c.pregunta.split()) in texto, c.nombre
            assert " ".join(c.descripcion.split())[:60] in texto, c.nombre
            assert c.palabras_clave.split(",")[0] in texto, c.nombre
        assert "Depende del acompañamiento del CEM" in texto
        for firma in ("Rosa Elena Paredes Vilca", "Jorge Luis Tapia Ccori"):  # firmas
            assert firma in texto
        for dato in CORREOS + CELULARES + ("38 a 47 años",):
            assert dato not in texto  # documento sin datos personales de contacto


def test_la_categoria_no_se_escribe_a_mano(experiencia):
    ruta = experiencia.contenido / "x" / "evaluacion-inscripcion.md"
    texto = ruta.read_text(encoding="utf-8").replace("fase: Inscripción",
                                                      "fase: Inscripción\ncategoria_resultado: Buena práctica")
    ruta.write_text(texto, encoding="utf-8")
    resultado = experiencia.correr("construir", "evaluacion")
    assert resultado.exit_code == 1
    assert (f"contenido/x/evaluacion-inscripcion.md:{_linea(texto, 'categoria_resultado')}: campo "
            "«categoria_resultado»: campo desconocido") in resultado.output


def test_evaluacion_exige_los_seis_criterios_y_evidencia(experiencia):
    ruta = experiencia.contenido / "x" / "evaluacion-inscripcion.md"
    texto = ruta.read_text(encoding="utf-8")
    texto = texto.replace("    evidencia: Actas de las brigadas.\n", "")
    texto = re.sub(r"  creatividad:\n(    .*\n)+", "", texto)
    ruta.write_text(texto, encoding="utf-8")
    resultado = experiencia.correr("construir", "evaluacion")
    assert resultado.exit_code == 1
    assert "campo «criterios.creatividad»: falta este campo obligatorio" in resultado.output
    assert (f"evaluacion-inscripcion.md:{_linea(texto, '  participacion:')}: campo «criterios.participacion»: "
            "un criterio que se cumple debe indicar su «evidencia»") in resultado.output


# ------------------------------------------------------------------------ perfil
def test_perfil_con_cronograma_y_equipo(ciclo):
    documento = docx.Document(ciclo / "escuelas" / "perfil.docx")
    titulos = [p.text for p in documento.paragraphs if p.style.name == "Heading 1"]
    assert titulos == ["1. Objeto de la sistematización", "2. Objetivo de la sistematización",
                       "3. Eje de sistematización", "4. Fuentes de información", "5. Procedimiento",
                       "6. Cronograma", "7. Equipo y roles"]
    cronograma = next(t for t in documento.tables if t.cell(0, 1).text == "Actividad")
    assert [c.text for c in cronograma.rows[1].cells] == [
        "1", "Diseño del perfil de sistematización", "20 de mayo de 2024", "5 de julio de 2024",
        "Ana María Quispe Huamán", "Perfil aprobado"]
    assert cronograma.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    for texto in _ambos(ciclo / "escuelas" / "perfil"):
        assert "Marzo – diciembre 2023" in texto
        assert "Recojo de testimonios y análisis de la encuesta" in texto
        assert "13 de setiembre de 2024" in texto  # Perú escribe «setiembre»
        for dato in CORREOS + CELULARES:
            assert dato not in texto


def test_perfil_actividad_al_reves(experiencia):
    ruta = experiencia.contenido / "x" / "perfil.md"
    texto = ruta.read_text(encoding="utf-8").replace("fin: 2024-07-05", "fin: 2024-04-05")
    ruta.write_text(texto, encoding="utf-8")
    resultado = experiencia.correr("construir", "perfil")
    assert resultado.exit_code == 1
    assert (f"perfil.md:{_linea(texto, '- actividad: Diseño')}: campo «cronograma.0»: la actividad "
            "termina (2024-04-05) antes de empezar (2024-05-20)") in resultado.output


# ----------------------------------------------------------------------- informe
def test_informe_real_de_leoncio_prado(ciclo):
    documento = docx.Document(ciclo / "leoncio" / "informe.docx")
    textos = [p.text for p in documento.paragraphs]
    assert "Sistematización de la experiencia:" in textos
    assert "Rosa Elizabeth Ballardo Japan" in textos
    assert "Centro Emergencia Mujer Tingo María" in textos
    assert "Periodo: Febrero – diciembre 2019" in textos
    titulos = [p.text for p in documento.paragraphs if p.style.name == "Heading 1"]
    # los capítulos como los numera el informe modelo (semilla 002)
    assert titulos == ["1. Horizonte geográfico y temporal", "2. Metodología de la sistematización",
                       "3. La experiencia", "4. Resultados y lecciones aprendidas",
                       "5. Recomendaciones", "6. La experiencia en la actualidad"]
    subtitulos = [p.text for p in documento.paragraphs if p.style.name == "Heading 2"]
    assert subtitulos == ["El problema", "Estrategias", "Línea de tiempo", "4.1 Resultados",
                          "4.2 Lecciones aprendidas"]
    grupos = [p.text for p in documento.paragraphs if p.style.name == "Heading 3"]
    assert grupos == ["Autoridades/funcionarios de los gobiernos locales", "Articulación territorial",
                      "Miembros de la Instancia de Concertación"]
    # sin línea de tiempo en la fuente: el lugar queda marcado, no se omite en silencio
    assert any(t.startswith("[Línea de tiempo pendiente") for t in textos)
    assert ("10 Ordenanzas Municipales de creación de Instancias de Concertación en sus 10 distritos "
            "y funcionando a la fecha.") in textos


def test_informe_indice_real_en_ambos_formatos(ciclo):
    documento = docx.Document(ciclo / "leoncio" / "informe.docx")
    instrucciones = [t.text for t in documento.element.body.iter(f"{W}instrText")]
    assert any(i.strip().startswith('TOC \\o "1-2"') for i in instrucciones)
    pagerefs = [i.split()[1] for i in instrucciones if i.strip().startswith("PAGEREF")]
    marcadores = [b.get(qn("w:name")) for b in documento.element.body.iter(f"{W}bookmarkStart")]
    assert len(pagerefs) == 6 and set(pagerefs) <= set(marcadores)
    entradas = [p.text.strip() for p in documento.paragraphs if p.style.name == "toc 1" and p.text]
    assert entradas[0] == "1. Horizonte geográfico y temporal"
    texto = _texto_pdf(ciclo / "leoncio" / "informe.pdf")
    indice = texto[texto.index("Tabla de contenido"):]
    # el índice del PDF lleva el número de página de cada sección
    assert re.search(r"1\. Horizonte geográfico y temporal \.+ \d+", indice)
    assert re.search(r"4\. Resultados y lecciones aprendidas \.+ \d+", indice)
    assert re.search(r"6\. La experiencia en la actualidad \.+ \d+", indice)


def test_informe_linea_de_tiempo_es_una_figura(tmp_path):
    p = Proyecto(tmp_path)
    shutil.copytree(LEONCIO, p.contenido / "x")
    fuente = p.contenido / "x" / "informe.md"
    fuente.write_text(fuente.read_text(encoding="utf-8").replace(
        'periodo:\n', 'linea_de_tiempo:\n  - fecha: "2019-02"\n    hito: Inicio de la incidencia\n'
        '  - fecha: 2019-06-15\n    hito: Primera ordenanza distrital\n  - fecha: "2019"\n'
        '    hito: Cierre\nperiodo:\n'), encoding="utf-8")
    resultado = p.correr("construir")
    assert resultado.exit_code == 1  # «2019» va antes que «2019-06-15»: desordenada
    assert "la línea de tiempo debe ir en orden de fechas: 2019 va antes que 2019-06-15" in resultado.output
    fuente.write_text(fuente.read_text(encoding="utf-8").replace(
        '  - fecha: "2019"\n    hito: Cierre\n', ''), encoding="utf-8")
    assert p.correr("construir").exit_code == 0
    alternativo = ("Línea de tiempo: Febrero 2019: Inicio de la incidencia; 15 de junio de 2019: Primera "
                   "ordenanza distrital.")
    documento = docx.Document(p.salida / "x" / "informe.docx")
    dibujos = [d.get("descr") for d in documento.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert dibujos == [alternativo]  # una imagen en Word, con los hitos como texto alternativo
    textos = [x.text for x in documento.paragraphs]
    assert "Figura 1. Línea de tiempo de la experiencia" in textos
    assert "Figura 1. Línea de tiempo de la experiencia" in textos[:textos.index("1. Horizonte geográfico y temporal")]
    pdf = _texto_pdf(p.salida / "x" / "informe.pdf")
    for texto in ("Febrero 2019", "Inicio de la incidencia", "15 de junio de 2019", "Primera ordenanza distrital",
                  "Figura 1. Línea de tiempo de la experiencia"):
        assert texto in pdf  # en el PDF, un SVG con texto real
    assert re.search(r"Índice de figuras Figura 1\. Línea de tiempo de la experiencia \.+ \d+", pdf)
    html = (p.salida / "x").glob("*.html")
    assert not list(html)


def test_informe_exige_grupos_de_actores_y_subsecciones(tmp_path):
    p = Proyecto(tmp_path)
    shutil.copytree(LEONCIO, p.contenido / "x")
    fuente = p.contenido / "x" / "informe.md"
    original = fuente.read_text(encoding="utf-8")
    texto = original.replace("### Estrategias", "### Estrategia")
    fuente.write_text(texto, encoding="utf-8")
    resultado = p.correr("construir")
    assert resultado.exit_code == 1
    assert (f"informe.md:{_linea(texto, '## La experiencia')}: la sección «La experiencia» debe incluir "
            "la subsección «### Estrategias»") in resultado.output
    texto = (original.replace("### Autoridades/funcionarios de los gobiernos locales\n", "")
             .replace("### Articulación territorial\n", "")
             .replace("### Miembros de la Instancia de Concertación\n", ""))
    fuente.write_text(texto, encoding="utf-8")
    resultado = p.correr("construir")
    assert resultado.exit_code == 1
    linea = _linea(texto, "## Resultados")
    assert f"informe.md:{linea}: agrupe los resultados por grupo de actores" in resultado.output


# -------------------------------------------------------------------------- carta
def test_una_carta_por_integrante(ciclo):
    documento = docx.Document(ciclo / "escuelas" / "carta.docx")
    texto = _texto_docx(ciclo / "escuelas" / "carta.docx")
    secciones = list(documento.element.body.iter(f"{W}sectPr"))
    assert len(secciones) == 3  # una sección por carta: cada una numera sus páginas desde 1
    assert all(s.find(f"{W}pgNumType").get(qn("w:start")) == "1" for s in secciones)
    pie = documento.sections[0].footer._element.xml
    assert 'w:instr="SECTIONPAGES"' in pie and "NUMPAGES" not in pie
    for tratamiento, nombre, saludo in [("Señora", "Ana María Quispe Huamán", "Estimada señora:"),
                                        ("Señor", "Luis Alberto Rojas Vega", "Estimado señor:"),
                                        ("Señora", "Carmen Flores Ticona", "Estimada señora:")]:
        assert f"{tratamiento} {nombre}" in texto and saludo in texto
    assert "Decenio de la Igualdad de Oportunidades para Mujeres y Hombres" in texto
    assert "Año del Bicentenario, de la consolidación de nuestra Independencia" in texto
    paginas = [" ".join(pg.extract_text().split())
               for pg in PdfReader(ciclo / "escuelas" / "carta.pdf").pages]
    assert len(paginas) == 3
    for pagina, nombre, numero in zip(paginas, ["Ana María Quispe Huamán", "Luis Alberto Rojas Vega",
                                                "Carmen Flores Ticona"], ["015", "016", "017"], strict=True):
        assert nombre in pagina
        assert f"CARTA N° {numero}-2024-MIMP-AURORA-UPPM" in pagina  # cada carta, su número
        assert "Página 1 de 1" in pagina  # y sus páginas
        assert "Lima, 12 de diciembre de 2024" in pagina
        assert "reconocida como buena práctica" in pagina  # la evaluación del informe decide
        assert "Nombre de quien firma" in pagina
        for dato in CORREOS + CELULARES:
            assert dato not in pagina


def test_sin_carta_si_la_evaluacion_no_aprueba(experiencia):
    ruta = experiencia.contenido / "x" / "evaluacion-informe.md"
    ruta.write_text(ruta.read_text(encoding="utf-8").replace("cumple: true", "cumple: false"),
                    encoding="utf-8")
    resultado = experiencia.correr("construir", "carta")
    assert resultado.exit_code == 1
    assert ("contenido/x/carta.md:1: la evaluación decisiva (contenido/x/evaluacion-informe.md, fase "
            "«Informe de sistematización») concluye «Experiencia cotidiana»: la carta de felicitación es para "
            "quienes aprueban") in resultado.output
    assert experiencia.salidas() == []


def test_sin_carta_sin_evaluacion(experiencia):
    for ruta in (experiencia.contenido / "x").glob("evaluacion-*.md"):
        ruta.unlink()
    resultado = experiencia.correr("construir", "carta")
    assert resultado.exit_code == 1
    assert "la carta necesita la evaluación del informe de sistematización" in resultado.output


def test_anio_sin_denominacion_oficial(experiencia):
    ruta = experiencia.contenido / "x" / "carta.md"
    texto = (ruta.read_text(encoding="utf-8").replace("fecha: 2024-12-12", "fecha: 2031-03-01")
             .replace("015-2024-", "015-2031-"))
    ruta.write_text(texto, encoding="utf-8")
    resultado = experiencia.correr("construir", "carta")
    assert resultado.exit_code == 1
    assert (f"carta.md:{_linea(texto, 'fecha:')}: el año 2031 no tiene denominación oficial en "
            "plantillas/comun/denominaciones.yml") in resultado.output.replace(str(RAIZ) + "/", "")


# --------------------------------------------------- reglas de la convocatoria
@pytest.mark.parametrize("cambio, campo, mensaje", [
    (lambda d: d.update(equipo=d["equipo"][:1]), "equipo",
     "el equipo tiene 1 integrante(s) y la convocatoria pide como mínimo 2"),
    (lambda d: d["equipo"][1].update(rol="apoyo"), "equipo.1.rol", "no es un rol concreto y verificable"),
    (lambda d: d["equipo"][1].update(rol="Apoyo en todo lo que se necesite"), "equipo.1.rol",
     "no es un rol concreto y verificable"),
    (lambda d: d.update(equipo=d["equipo"] + [{"nombre": f"Integrante {n}", "rol": "Registro de testimonios"}
                                              for n in range(4, 7)]), "equipo.5",
     "el formulario tiene lugar para 5 integrantes (1.1–1.5); «Integrante 6» y quienes siguen son "
     "participantes adicionales: indíquelo en «participantes_adicionales» (1.9)"),
    (lambda d: d["equipo"][0].update(dni="123"), "equipo.0.dni", "no es un DNI"),
    (lambda d: d["equipo"][2].pop("rol"), "equipo.2", "falta «rol» del integrante «Carmen Flores Ticona»"),
    (lambda d: d["equipo"][0].pop("correo"), "equipo.0", "falta «correo» del integrante «Ana María Quispe Huamán»"),
    (lambda d: d.update(objetivos_especificos=["a", "b", "c", "d"]), "objetivos_especificos",
     "hay 4 objetivos específicos y el formulario admite como máximo 3"),
    (lambda d: d.update(acciones=["1", "2", "3", "4", "5", "6"]), "acciones",
     "hay 6 acciones principales y el formulario admite como máximo 5"),
    (lambda d: d.update(etapa="Proyecto"), "etapa", "la convocatoria solo acepta experiencias ejecutadas"),
    (lambda d: d.update(antiguedad="más de tres años", etapa="Concluida"), "etapa",
     "una experiencia de más de tres años debe seguir ejecutándose"),
    (lambda d: d.update(participacion_aurora=40), "participacion_aurora",
     "la convocatoria exige más del 50 % cuando participan otras instituciones"),
    (lambda d: d.pop("participacion_aurora"), "otras_instituciones",
     "indique en «participacion_aurora» qué porcentaje"),
    (lambda d: d["otras_instituciones"][0].pop("acciones"), "otras_instituciones.0",
     "precise en «acciones» lo que hizo «UGEL Ejemplo»"),
    (lambda d: d.update(region="Lima Norte"), "region", "«Lima Norte» no es una región en la lista oficial del INEI"),
    (lambda d: d.update(categoria="Prevencion y promocion"), "categoria", "no es un valor permitido"),
    (lambda d: d.update(servicio="CEMS"), "servicio", "¿Quiso decir «CEM»?"),
    (lambda d: d["equipo"][0].update(celular="12345"), "equipo.0.celular", "no es un celular del Perú"),
    (lambda d: d["equipo"][0].update(correo="ana.quispe"), "equipo.0.correo", "no es un correo"),
    (lambda d: d.pop("problema"), "problema", "falta «problema» (formulario, 2.6): lo necesita la ficha"),
])
def test_cada_regla_con_una_fuente_que_la_rompe(experiencia, cambio, campo, mensaje):
    texto = _editar_yml(experiencia, cambio)
    resultado = experiencia.correr("construir", "ficha")
    assert resultado.exit_code == 1, resultado.output
    assert mensaje in resultado.output, resultado.output
    linea = re.search(r"contenido/x/experiencia\.yml:(\d+):", resultado.output)
    assert linea, resultado.output  # el error señala experiencia.yml, con su línea
    if campo:
        assert f"campo «{campo}»" in resultado.output
        clave = campo.split(".")[0] + ":"
        # en la línea del campo o más abajo; si el campo falta, al inicio del archivo
        assert int(linea.group(1)) >= (_linea(texto, clave) if clave in texto else 1)
    assert experiencia.salidas() == []


def test_un_error_de_experiencia_se_informa_una_vez(experiencia):
    _editar_yml(experiencia, lambda d: d.update(region="Lima Norte"))
    resultado = experiencia.correr("construir")
    assert resultado.output.count("«Lima Norte» no es una región en la lista oficial del INEI") == 1
    assert "11 con errores" in resultado.output  # todos los documentos de la carpeta (11 fuentes)


# ------------------------------------------------------------ nueva experiencia
VALORES = {"sexo": "Mujer", "edad": "38 a 47 años", "correo": "persona@example.org",
           "celular": "987654321", "rol": "Redacción del informe y coordinación",
           "participantes_adicionales": "No", "region": "Puno", "servicio": "CEM",
           "nombre_servicio": "CEM Prueba", "titulo": "Experiencia de prueba completa",
           "categoria": "Prevención", "lugar": "Puno", "antiguedad": "menos de tres años",
           "etapa": "En ejecución", "edicion": 2024, "desde": "2023-01", "hasta": "2023-12",
           "inicio": "2024-05-01", "fin": "2024-06-01", "fecha": "2023-05", "numero": "001-2025",
           "practica": "Buena práctica", "valor": 10, "texto": "Se logró {valor} de algo"}


def _completar(ruta: Path) -> None:
    nombres = iter(["Persona Responsable Uno", "Persona Integrante Dos"])

    def linea(m):
        sangria, guion, clave = m.group(1), m.group(2) or "", m.group(3)
        valor = next(nombres) if clave == "nombre" else VALORES.get(clave, "Texto de prueba")
        return f"{sangria}{guion}{clave}: {yaml.safe_dump(valor, allow_unicode=True).split(chr(10))[0]}"

    texto = ruta.read_text(encoding="utf-8")
    texto = re.sub(r'^( *)(- )?(\w+): "COMPLETAR[^"]*"', linea, texto, flags=re.MULTILINE)
    texto = re.sub(r'^( *)- "COMPLETAR[^"]*"', r"\1- Texto de prueba", texto, flags=re.MULTILINE)
    texto = re.sub(r"COMPLETAR[^\n]*", "Texto de prueba.", texto)
    ruta.write_text(texto, encoding="utf-8")


def test_nueva_experiencia_y_sus_esqueletos(proyecto):
    resultado = proyecto.correr("nueva", "experiencia", "cem-prueba-2025")
    assert resultado.exit_code == 0, resultado.output
    carpeta = proyecto.contenido / "experiencias" / "cem-prueba-2025"
    assert sorted(p.name for p in carpeta.iterdir()) == [
        "experiencia.yml", "ficha.md", "informe.md", "nota.md", "perfil.md"]
    resultado = proyecto.correr("validar")
    assert resultado.exit_code == 1
    errores = [ln for ln in resultado.output.splitlines() if ".md:" in ln or ".yml:" in ln]
    assert errores and all("complete" in ln for ln in errores if "aviso" not in ln), errores
    for archivo in carpeta.iterdir():
        _completar(archivo)
    resultado = proyecto.correr("validar")
    assert resultado.exit_code == 0, resultado.output
    resultado = proyecto.correr("construir")
    assert resultado.exit_code == 0, resultado.output
    assert len(proyecto.salidas()) == 8
    # no se pisa una carpeta existente; un nombre inválido es un error de uso
    assert proyecto.correr("nueva", "experiencia", "cem-prueba-2025").exit_code == 1
    assert proyecto.correr("nueva", "experiencia", "CEM Prueba").exit_code == 2
