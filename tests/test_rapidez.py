"""Lo que hace rápida la construcción no cambia lo que produce: la plantilla Word en memoria, las
partes ya comprimidas, el YAML leído con LibYAML, el tipo leído de su línea. (Los tiempos los mide
``make bench``, no las pruebas.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from pipeline import corpus as modulo_corpus
from pipeline import fuentes
from pipeline.errores import ErrorFuente
from pipeline.fuentes import cargar_yaml, tipo_declarado
from pipeline.render import word

from .conftest import PLANTILLAS, Proyecto, cambiar_docx

CORPUS = Path(__file__).resolve().parent / "corpus"


def _nota_docx(p: Proyecto, plantillas: Path = PLANTILLAS) -> bytes:
    resultado = p.correr("construir", "nota", "--forzar", formato="docx", plantillas=plantillas)
    assert resultado.exit_code == 0, resultado.output
    return (p.salida / "completo" / "nota.docx").read_bytes()


def test_docx_igual_con_la_plantilla_en_memoria_o_sin_ella(tmp_path, monkeypatch):
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "completo", p.contenido / "completo")
    primera = _nota_docx(p)
    segunda = _nota_docx(p)  # plantilla ya abierta y partes ya comprimidas en este proceso
    assert word._ABIERTAS and word._COMPRIMIDAS
    # como un proceso nuevo que no guarda nada: abre la plantilla y comprime cada parte
    monkeypatch.setattr(word, "_ABIERTAS", {})
    monkeypatch.setattr(word, "_COMPRIMIDAS", {})
    monkeypatch.setattr(word, "_MINIMO_PARA_RECORDAR", 1 << 40)
    # y python-docx serializa cada parte en cada documento
    monkeypatch.setattr(word._pkgwriter.PackageWriter, "_write_parts",
                        staticmethod(word.ESCRIBIR_PARTES_DE_PYTHON_DOCX))
    # y docxtpl como viene: propiedades y saltos pasados siempre por Jinja y sus expresiones
    monkeypatch.setattr(word._Plantilla, "render_properties", DocxTemplate.render_properties)
    monkeypatch.setattr(word._Plantilla, "resolve_listing", DocxTemplate.resolve_listing)
    sin_memoria = _nota_docx(p)
    assert primera == segunda == sin_memoria
    assert not word._COMPRIMIDAS


def test_la_plantilla_cambiada_se_vuelve_a_abrir_en_el_mismo_proceso(tmp_path):
    """La vista previa es un proceso largo: si la SGIC guarda la plantilla, el siguiente
    documento ya usa la nueva (la plantilla en memoria se reconoce por su contenido)."""
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "completo", p.contenido / "completo")
    plantillas = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)
    antes = _nota_docx(p, plantillas)
    plantilla = plantillas / "nota" / "nota.docx"
    texto = next(t for t in (par.text for par in Document(str(plantilla)).paragraphs) if len(t) > 6)
    cambiar_docx(plantilla, texto[:6], "CAMBIO")
    despues = _nota_docx(p, plantillas)
    assert antes != despues
    textos = [par.text for par in Document(str(p.salida / "completo" / "nota.docx")).paragraphs]
    assert any("CAMBIO" in t for t in textos)


_YAML_VALIDOS = [
    (CORPUS / "experiencia" / "experiencia.yml").read_text(encoding="utf-8"),
    (CORPUS / "instancia" / "instancia.yml").read_text(encoding="utf-8"),
    "titulo: Escuelas seguras\nfecha: 2024-05-03\ncodigo: 010\nhora: 10:30\nactivo: no\nsi: true\n"
    "lista:\n  - uno\n  - {a: 1, b: [2, 3]}\n  - 'dos'\nvacio:\nflotante: 1.5e3\n",
    "",
    "# solo un comentario\n",
]


@pytest.mark.parametrize("texto", _YAML_VALIDOS)
def test_yaml_con_libyaml_da_lo_mismo_que_en_python(texto, monkeypatch):
    rapido = cargar_yaml(texto, "x.yml")
    assert fuentes._nodo_con_libyaml(texto) is not None  # lo leyó LibYAML
    monkeypatch.setattr(fuentes, "_nodo_con_libyaml", lambda _texto: None)
    assert cargar_yaml(texto, "x.yml") == rapido


_YAML_PROBLEMATICOS = [
    "a: &x 1\nb: *x\n",  # alias
    "a: [1, 2\n",  # sintaxis
    "a: 1\n a: 2\n",  # sangría
    "a:" + " [" * 20 + " ]" * 20 + "\n",  # demasiados niveles
    "fecha: 2024-02-30\n",  # una fecha que no existe
    "a: 1\na: 2\n",  # una clave repetida
    "---\na: 1\n---\nb: 2\n",  # dos documentos
]


@pytest.mark.parametrize("texto", _YAML_PROBLEMATICOS)
def test_yaml_con_problemas_se_explica_igual(texto, monkeypatch):
    def problemas():
        with pytest.raises(ErrorFuente) as error:
            cargar_yaml(texto, "x.yml")
        return [(p.linea, p.mensaje) for p in error.value.problemas]

    rapido = problemas()
    monkeypatch.setattr(fuentes, "_nodo_con_libyaml", lambda _texto: None)
    assert problemas() == rapido


@pytest.mark.parametrize(("inicio", "tipo"), [
    ("---\ntipo: nota\n---\n", "nota"),
    ("---\ntitulo: x\ntipo: 'informe'  # el informe\n---\n", "informe"),
    ('---\ntipo: "plan-trabajo"\n---\n', "plan-trabajo"),
    ("---\ntitulo: x\n---\ntipo: nota\n", None),  # en el cuerpo, no en los campos
    ("tipo: nota\n", None),  # sin «---»
    ("---\n  tipo: nota\n---\n", None),  # dentro de otro campo
])
def test_tipo_declarado_lee_solo_la_linea_del_tipo(tmp_path, inicio, tipo):
    ruta = tmp_path / "f.md"
    ruta.write_text(inicio + "\n## Sección\n\nTexto.\n", encoding="utf-8")
    assert tipo_declarado(ruta, tmp_path) == tipo


def test_construir_un_tipo_no_interpreta_las_fuentes_de_otros(tmp_path, monkeypatch):
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "experiencia", p.contenido / "exp")
    leidas: list[str] = []
    original = modulo_corpus.leer_fuente

    def leer(ruta, raiz):
        leidas.append(Path(ruta).name)
        return original(ruta, raiz)

    monkeypatch.setattr(modulo_corpus, "leer_fuente", leer)
    resultado = p.correr("construir", "nota", formato="docx")
    assert resultado.exit_code == 0, resultado.output
    assert [s.name for s in p.salidas()] == ["nota.docx"]
    assert set(leidas) == {"nota.md"}


def test_las_partes_compartidas_de_las_plantillas_quedan_intactas(tmp_path, monkeypatch):
    """Los estilos (y las demás partes que ningún documento cambia) no se copian para cada
    documento: si algo los cambiara, cambiaría los documentos siguientes. Tras construir todos
    los tipos, siguen como al abrir la plantilla."""
    from lxml import etree

    monkeypatch.setattr(word, "_ABIERTAS", {})
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "experiencia", p.contenido / "exp")
    shutil.copytree(CORPUS / "instancia", p.contenido / "villa")
    for plantilla in sorted(PLANTILLAS.glob("*/*.docx")):
        word._abrir_plantilla(plantilla, plantilla.name)
    al_abrir = {id(e): etree.tostring(e) for _, _, compartidas, _ in word._ABIERTAS.values() for e in compartidas}
    assert len(al_abrir) >= len(word._ABIERTAS)  # al menos los estilos de cada plantilla
    resultado = p.correr("construir", "--trabajos", "1", formato="docx")  # en este proceso
    assert resultado.exit_code == 0, resultado.output
    assert len(p.salidas()) >= 15
    for _, _, compartidas, _ in word._ABIERTAS.values():
        for elemento in compartidas:
            assert etree.tostring(elemento) == al_abrir[id(elemento)]


def test_se_recoge_la_memoria_de_los_documentos_hechos(monkeypatch):
    """python-docx deja ciclos de referencias por documento: se recogen cada RECOGER_CADA
    documentos (la memoria de un lote queda plana; la mide make bench); en un proceso de
    trabajo, lo cargado para el primero se congela."""
    import gc

    from pipeline import motor

    llamadas: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda *a: llamadas.append("recoger") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: llamadas.append("congelar"))
    monkeypatch.setattr(motor, "_hechos", 0)
    motor.recoger(proceso_de_trabajo=True)
    assert llamadas == ["recoger", "congelar"]
    for _ in range(2 * motor.RECOGER_CADA - 1):
        motor.recoger(proceso_de_trabajo=True)
    assert llamadas == ["recoger", "congelar", "recoger", "recoger"]


# ------------------------------------------------------- hojas de estilo compartidas (PDF)
def _pdfs(p: Proyecto, plantillas: Path = PLANTILLAS) -> dict[str, bytes]:
    resultado = p.correr("construir", "--forzar", "--trabajos", "1", formato="pdf", plantillas=plantillas)
    assert resultado.exit_code == 0, resultado.output
    return {str(s.relative_to(p.salida)): s.read_bytes() for s in p.salidas()}


def test_pdf_igual_con_las_hojas_de_estilo_compartidas_o_sin_ellas(tmp_path, monkeypatch):
    """Las hojas de estilo interpretadas una vez por proceso, y la fuga de los rasgos
    tipográficos tapada (``render/fugas.py``), dan los mismos PDF, byte a byte, que WeasyPrint
    como viene: en todos los tipos."""
    import weasyprint.css

    from pipeline.render import fugas, hojas, pdf

    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "experiencia", p.contenido / "exp")
    shutil.copytree(CORPUS / "instancia", p.contenido / "villa")
    hojas.olvidar()
    reusadas = hojas.estadistica["reusadas"]
    compartidas = _pdfs(p)
    assert len(compartidas) >= 15
    assert hojas.estadistica["reusadas"] > reusadas  # se reusaron de verdad
    # como WeasyPrint a secas: cada hoja interpretada en cada documento, y los rasgos
    # tipográficos como los maneja WeasyPrint (con su fuga)
    monkeypatch.setattr(weasyprint.css, "CSS", weasyprint.CSS)
    monkeypatch.setattr(hojas, "instalar", lambda: None)
    monkeypatch.setattr(fugas, "instalar", lambda configuracion: None)
    hojas.olvidar()
    pdf._fuentes.cache_clear()
    try:
        assert _pdfs(p) == compartidas
    finally:
        pdf._fuentes.cache_clear()


def test_una_hoja_de_estilo_cambiada_se_ve_en_el_mismo_proceso(tmp_path):
    """La vista previa es un proceso largo: si la SGIC cambia el CSS, el siguiente PDF lo usa."""
    from pypdf import PdfReader

    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS / "completo", p.contenido / "completo")
    plantillas = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)
    antes = _pdfs(p, plantillas)["completo/nota.pdf"]
    css = plantillas / "nota" / "nota.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n@page { size: A5; }\n", encoding="utf-8")
    despues = _pdfs(p, plantillas)["completo/nota.pdf"]
    assert antes != despues
    ancho = float(PdfReader(p.salida / "completo" / "nota.pdf").pages[0].mediabox.width)
    assert round(ancho) == 420  # A5: 148 mm


def test_solo_se_guarda_una_hoja_que_se_leyo_entera(tmp_path):
    """Una hoja cuya lectura falló en algo (un @import rechazado o que no existe) no se guarda:
    se vuelve a pedir en cada documento, y el error se dice en cada uno. Una hoja sana se
    interpreta una vez y su @page llega igual a cada documento."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    from pipeline.render import hojas

    crear = hojas.compartida(weasyprint.CSS)
    fuentes = FontConfiguration()
    hoja = tmp_path / "sana.css"
    hoja.write_text("@page { size: A5; } p { color: red; }", encoding="utf-8")

    def pedir(**forma):
        paginas: list = []
        resultado = crear(**forma, url_fetcher=URLFetcher(allowed_protocols={"file"}), media_type="print",
                          font_config=fuentes, counter_style={}, color_profiles={}, page_rules=paginas, layers=[])
        return resultado, paginas

    hojas.olvidar()
    antes = dict(hojas.estadistica)
    rota = {"string": '@import url("file:///no/existe.css"); p { color: blue; }', "base_url": tmp_path.as_uri() + "/"}
    pedir(**rota)
    pedir(**rota)
    assert hojas.estadistica["interpretadas"] - antes["interpretadas"] == 2
    assert hojas.estadistica["reusadas"] == antes["reusadas"]

    primera, paginas1 = pedir(url=hoja.as_uri(), _check_mime_type=True)
    segunda, paginas2 = pedir(url=hoja.as_uri(), _check_mime_type=True)
    assert hojas.estadistica["reusadas"] == antes["reusadas"] + 1
    assert isinstance(segunda, hojas.HojaReusada) and segunda.matcher is primera.matcher
    assert len(paginas1) == len(paginas2) == 1 and paginas2[0] is paginas1[0]
    assert segunda.page_rules is paginas2  # como la original: la lista del documento

    hoja.write_text("p { color: green; }", encoding="utf-8")  # cambió: se interpreta de nuevo
    tercera, paginas3 = pedir(url=hoja.as_uri(), _check_mime_type=True)
    assert not isinstance(tercera, hojas.HojaReusada) and paginas3 == []


def test_los_rasgos_tipograficos_de_cada_texto_no_se_acumulan(tmp_path):
    """WeasyPrint crea un atributo de Pango por texto con rasgos OpenType (los marcadores de
    las listas) y lo pierde; con la configuración de fuentes de sistematiza cada texto se queda
    con el suyo y lo libera al liberarse: nada se acumula en la configuración, y los números
    de la lista siguen en el PDF."""
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    from pipeline.render import fugas, pdf

    configuracion = pdf._fuentes(tmp_path, ())
    assert isinstance(configuracion.font_features, fugas.AtributosSinGuardar)
    codigo = "<html lang=es><body><ol>" + "<li>uno dos tres</li>" * 12 + "</ol></body></html>"
    for _ in range(3):
        salida = io.BytesIO()
        HTML(string=codigo).render(font_config=configuracion).write_pdf(salida)
    assert configuracion.font_features == {}
    texto = PdfReader(salida).pages[0].extract_text()
    assert "12." in texto and "uno dos tres" in texto



_CARGA = """
import sys, runpy
{carga}
from weasyprint.text import ffi
nombres = ("gobject", "pango", "harfbuzz", "harfbuzz_subset", "harfbuzz_vector", "fontconfig", "pangoft2")
print({{n: getattr(ffi, n) is not None for n in nombres}})
print(type(ffi.ffi).__name__)
import ctypes.util, cffi
print(ctypes.util.find_library.__name__, cffi.FFI.__name__)
sys.argv = ["sistematiza", "construir", "--contenido", sys.argv[1], "--salida", sys.argv[2], "--formato", "pdf",
            "--plantillas", sys.argv[3], "--silencioso", "--trabajos", "1"]
try:
    runpy.run_module("pipeline.cli", run_name="__main__")
except SystemExit as fin:
    assert not fin.code, fin.code
"""


def test_weasyprint_cargado_con_el_ffi_traducido_hace_los_mismos_pdf(tmp_path):
    """Cargado como lo carga sistematiza (``render/carga.py``: ffi fuera de línea, sin
    ``find_library``) abre las mismas bibliotecas que ``import weasyprint``, deja cffi y ctypes
    como estaban y los PDF salen idénticos, byte a byte."""
    import subprocess
    import sys

    raiz = Path(__file__).resolve().parent.parent
    contenido = tmp_path / "contenido"
    shutil.copytree(CORPUS / "completo", contenido / "completo")

    def construir(nombre: str, carga: str) -> tuple[list[str], dict[str, bytes]]:
        salida = tmp_path / nombre
        resultado = subprocess.run([sys.executable, "-c", _CARGA.format(carga=carga), str(contenido),
                                    str(salida), str(PLANTILLAS)], cwd=raiz, capture_output=True, text=True)
        assert resultado.returncode == 0, resultado.stderr
        pdfs = {str(r.relative_to(salida)): r.read_bytes() for r in sorted(salida.rglob("*.pdf"))}
        return resultado.stdout.splitlines()[:3], pdfs

    como_siempre, pdfs = construir("siempre", "import weasyprint")
    traducido, pdfs_traducido = construir("traducido", "from pipeline.render.pdf import calentar\ncalentar()")
    assert como_siempre[1] == "FFI" and traducido[1] == "Traducido"
    assert traducido[0] == como_siempre[0] and "True" in traducido[0]
    assert traducido[2] == como_siempre[2] == "find_library FFI"
    assert pdfs and pdfs_traducido == pdfs


def test_si_weasyprint_declara_otra_cosa_se_carga_como_siempre():
    """Otra versión de WeasyPrint (otras declaraciones): el ffi traducido no sirve, se nota al
    cargar y WeasyPrint se carga de nuevo como siempre, sin error."""
    import subprocess
    import sys

    codigo = ("from pipeline.render import carga\n"
              "carga._declaraciones = lambda: 'int sistematiza_no_existe(int);'\n"
              "carga.cargar()\n"
              "import weasyprint.text.ffi as f, cffi, ctypes.util\n"
              "print(type(f.ffi).__name__, f.pango is not None, cffi.FFI.__name__, ctypes.util.find_library.__name__)")
    resultado = subprocess.run([sys.executable, "-c", codigo], cwd=Path(__file__).resolve().parent.parent,
                               capture_output=True, text=True)
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.split() == ["FFI", "True", "FFI", "find_library"]
