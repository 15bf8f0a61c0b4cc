"""Fuentes malas: mensaje en castellano con archivo, línea y campo; código 1; nada escrito."""

from __future__ import annotations

import re

import docx
import pytest
from pypdf import PdfReader

from .conftest import FUENTE_EJEMPLO, con_urls

RUTA = "experiencias/x/nota.md"
ARCHIVO = "contenido/experiencias/x/nota.md"


def _linea(texto: str, fragmento: str) -> int:
    """Número de línea (1 = primera) donde aparece ``fragmento`` en ``texto``."""
    return next(i for i, ln in enumerate(texto.split("\n"), start=1) if fragmento in ln)


def _falla(proyecto, texto, *, campo: str | None, linea: int, contiene: str = ""):
    proyecto.fuente(RUTA, texto)
    resultado = proyecto.correr("construir")
    assert resultado.exit_code == 1, resultado.output
    salida = resultado.output
    esperado = f"{ARCHIVO}:{linea}:" + (f" campo «{campo}»:" if campo else "")
    assert esperado in salida, salida
    assert contiene in salida
    assert "Traceback" not in salida
    assert proyecto.salidas() == []  # no se escribe nada, ni temporales
    return salida


@pytest.mark.parametrize("malo, explicacion", [
    ('numero: "001-2024', "las comillas que se abren en esta línea no se cierran"),
    ("numero: [001-2024", "falta cerrar el «[»"),
    ("numero 001-2024", "falta «:»"),
    ('\tnumero: "001-2024"', "hay un tabulador"),
])
def test_yaml_mal_formado(proyecto, malo, explicacion):
    texto = FUENTE_EJEMPLO.replace('numero: "001-2024"', malo)
    _falla(proyecto, texto, campo=None, linea=_linea(texto, malo.strip()),
           contiene=f"el YAML no es válido: {explicacion}")


def test_falta_un_campo_obligatorio(proyecto):
    texto = re.sub(r"titulo: >-\n(  .*\n)+", "", FUENTE_EJEMPLO)
    _falla(proyecto, texto, campo="titulo", linea=1, contiene="falta este campo obligatorio")


@pytest.mark.parametrize("numero", ['"1-24"', '"001/2024"', "2024", '"001-1900"'])
def test_numero_de_nota_invalido(proyecto, numero):
    texto = FUENTE_EJEMPLO.replace('numero: "001-2024"', f"numero: {numero}")
    _falla(proyecto, texto, campo="numero", linea=_linea(texto, "numero:"),
           contiene="no es un número de nota")


def test_cifra_que_no_es_numero(proyecto):
    texto = FUENTE_EJEMPLO.replace("valor: 2283", 'valor: "2 283"')
    _falla(proyecto, texto, campo="resultados.0.valor", linea=_linea(texto, 'valor: "2 283"'),
           contiene="no es una cifra")


def test_porcentaje_mayor_que_cien(proyecto):
    texto = FUENTE_EJEMPLO.replace("valor: 66.7", "valor: 667")
    salida = _falla(proyecto, texto, campo="resultados.4", linea=_linea(texto, "etiqueta: Motivación"),
                    contiene="no puede pasar de 100")
    assert "667" in salida


def test_campo_desconocido_con_sugerencia(proyecto):
    texto = FUENTE_EJEMPLO.replace('numero: "001-2024"', 'numero: "001-2024"\nnumro: 2')
    _falla(proyecto, texto, campo="numro", linea=_linea(texto, "numro:"),
           contiene="campo desconocido. ¿Quiso decir «numero»?")


def test_valor_fuera_del_vocabulario(proyecto):
    texto = FUENTE_EJEMPLO.replace("practica: Buena práctica", "practica: Buena practika")
    _falla(proyecto, texto, campo="practica", linea=_linea(texto, "practica:"),
           contiene="«Buena práctica», «Experiencia destacada»")


def test_vocabulario_sin_tildes_ni_mayusculas(proyecto):
    proyecto.fuente(RUTA, FUENTE_EJEMPLO.replace("practica: Buena práctica",
                                                 "practica: BUENA PRACTICA"))
    resultado = proyecto.correr("construir", formato="docx")
    assert resultado.exit_code == 0, resultado.output
    documento = docx.Document(proyecto.salida / "experiencias/x/nota.docx")
    assert "Buena práctica" in [p.text for p in documento.paragraphs]


def test_todos_los_errores_a_la_vez(proyecto):
    texto = (FUENTE_EJEMPLO.replace('numero: "001-2024"', 'numero: "uno"')
             .replace("valor: 2283", "valor: muchos")
             .replace("## 5. Haciendo la diferencia", "## 5. Haciendo la indiferencia"))
    proyecto.fuente(RUTA, texto)
    resultado = proyecto.correr("construir")
    assert resultado.exit_code == 1
    assert f"{ARCHIVO}:{_linea(texto, 'numero:')}: campo «numero»" in resultado.output
    assert f"{ARCHIVO}:{_linea(texto, 'valor: muchos')}: campo «resultados.0.valor»" in resultado.output
    # el error de secciones necesita un modelo válido: se informa cuando los campos se arreglan
    texto = texto.replace('numero: "uno"', 'numero: "001-2024"').replace("valor: muchos", "valor: 1")
    proyecto.fuente(RUTA, texto)
    resultado = proyecto.correr("construir")
    linea = _linea(texto, "## 5. Haciendo la indiferencia")
    assert (f"{ARCHIVO}:{linea}: la sección «5. Haciendo la indiferencia: recomendaciones que se pueden "
            "aplicar» no corresponde") in resultado.output
    assert "¿Quiso decir «Haciendo la diferencia: recomendaciones que se pueden aplicar»?" in resultado.output
    assert "falta la sección «## Haciendo la diferencia" in resultado.output


def test_secciones_en_otro_orden(proyecto):
    a = FUENTE_EJEMPLO.index("## 4. Aprendiendo")
    b = FUENTE_EJEMPLO.index("## 5. Haciendo")
    c = FUENTE_EJEMPLO.index("## 6. El legado")
    texto = FUENTE_EJEMPLO[:a] + FUENTE_EJEMPLO[b:c] + FUENTE_EJEMPLO[a:b] + FUENTE_EJEMPLO[c:]
    proyecto.fuente(RUTA, texto)
    resultado = proyecto.correr("construir")
    assert resultado.exit_code == 1
    assert "las secciones están en otro orden" in resultado.output


def test_falta_metodologia(proyecto):
    texto = FUENTE_EJEMPLO.replace("### Metodología", "### Método")
    _falla(proyecto, texto, campo=None, linea=_linea(texto, "## 2. La solución"),
           contiene="debe incluir la subsección «### Metodología»")


def test_asterisco_sin_nota_de_resultados(proyecto):
    texto = re.sub(r"nota_resultados: .*\n", "", FUENTE_EJEMPLO)
    _falla(proyecto, texto, campo="resultados.1.asterisco", linea=_linea(texto, "asterisco: true"),
           contiene="falta el campo «nota_resultados»")


def test_tipo_desconocido(proyecto):
    texto = FUENTE_EJEMPLO.replace("tipo: nota", "tipo: notas")
    _falla(proyecto, texto, campo="tipo", linea=_linea(texto, "tipo: notas"),
           contiene="el tipo «notas» no existe. ¿Quiso decir «nota»?")


def test_sin_front_matter(proyecto):
    _falla(proyecto, "# Hola\n", campo=None, linea=1, contiene="debe empezar con una línea «---»")


def test_codificacion_que_no_es_utf8(proyecto):
    texto = FUENTE_EJEMPLO.replace("Conociendo el entorno", "Conociendo el entorno\u00ad")
    crudo = texto.encode("utf-8").replace("\u00ad".encode(), "ñ".encode("latin-1"))
    _falla(proyecto, crudo, campo=None, linea=_linea(texto, "Conociendo el entorno"),
           contiene="no está guardado en UTF-8")


def test_archivo_enorme(proyecto):
    texto = FUENTE_EJEMPLO + ("relleno " * 400_000)
    proyecto.fuente(RUTA, texto)
    resultado = proyecto.correr("construir")
    assert resultado.exit_code == 1
    assert f"{ARCHIVO}: el archivo pesa" in resultado.output
    assert proyecto.salidas() == []


def test_campo_repetido(proyecto):
    texto = FUENTE_EJEMPLO.replace('numero: "001-2024"', 'numero: "001-2024"\nnumero: "002-2024"')
    _falla(proyecto, texto, campo="numero", linea=_linea(texto, 'numero: "002-2024"'),
           contiene="está escrito dos veces")


def test_enlace_no_web_en_markdown(proyecto):
    texto = FUENTE_EJEMPLO.replace("Aquí los resultados:", "Aquí los [resultados](file:///etc/passwd):")
    _falla(proyecto, texto, campo=None, linea=_linea(texto, "file:///etc/passwd"),
           contiene="no es una dirección web completa")


def test_imagen_fuera_de_la_carpeta(proyecto):
    texto = FUENTE_EJEMPLO.replace("### Metodología\n", "### Metodología\n\n![Esquema](../../secreto.png)\n")
    _falla(proyecto, texto, campo=None, linea=_linea(texto, "secreto.png"),
           contiene="debe ser un archivo de la carpeta del documento")


def test_un_documento_malo_no_impide_los_demas(proyecto):
    proyecto.fuente("experiencias/buena/nota.md", FUENTE_EJEMPLO)
    proyecto.fuente("experiencias/mala/nota.md", FUENTE_EJEMPLO.replace("valor: 2283", "valor: x")
                    .replace('numero: "001-2024"', 'numero: "002-2024"'))
    resultado = proyecto.correr("construir")
    assert resultado.exit_code == 1
    assert "contenido/experiencias/mala/nota.md" in resultado.output
    nombres = [p.relative_to(proyecto.salida).as_posix() for p in proyecto.salidas()]
    assert nombres == ["experiencias/buena/nota.docx", "experiencias/buena/nota.pdf"]


def test_salidas_viejas_se_borran_si_la_fuente_deja_de_ser_valida(proyecto):
    proyecto.fuente(RUTA, FUENTE_EJEMPLO)
    assert proyecto.correr("construir").exit_code == 0
    assert len(proyecto.salidas()) == 2
    proyecto.fuente(RUTA, FUENTE_EJEMPLO.replace("valor: 2283", "valor: x"))
    assert proyecto.correr("construir").exit_code == 1
    assert proyecto.salidas() == []


def test_validar_no_escribe_nada(proyecto):
    proyecto.fuente(RUTA, FUENTE_EJEMPLO)
    resultado = proyecto.correr("validar")
    assert resultado.exit_code == 0, resultado.output
    assert "1 documento(s) válidos" in resultado.output
    assert not proyecto.salida.exists()
    proyecto.fuente(RUTA, FUENTE_EJEMPLO.replace("valor: 2283", "valor: x"))
    resultado = proyecto.correr("validar")
    assert resultado.exit_code == 1
    assert f"{ARCHIVO}:" in resultado.output


@pytest.mark.parametrize("argumentos", [["construir", "infromes"], ["construir", "--formato", "odt"],
                                        ["construir", "--no-existe"], ["destruir"]])
def test_uso_incorrecto_sale_con_2(proyecto, argumentos):
    resultado = proyecto.correr(*argumentos)
    assert resultado.exit_code == 2, resultado.output
    assert "Error:" in resultado.output


def test_html_crudo_y_signos_se_ven_como_se_escribieron(proyecto):
    frase = 'Escribimos <b>negrita</b> & <script>alert("x")</script> AT&amp;T 5 < 6 > 4'
    texto = con_urls(FUENTE_EJEMPLO).replace("Aquí los resultados:", frase)
    proyecto.fuente(RUTA, texto)
    resultado = proyecto.correr("construir")
    assert resultado.exit_code == 0, resultado.output
    documento = docx.Document(proyecto.salida / "experiencias/x/nota.docx")
    assert any(frase in p.text for p in documento.paragraphs)
    pdf = PdfReader(proyecto.salida / "experiencias/x/nota.pdf")
    texto_pdf = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert frase in texto_pdf


def test_titulo_con_signos_en_propiedades(proyecto):
    texto = FUENTE_EJEMPLO.replace("  Reuniones de socialización", "  Salud & <bienestar>: reuniones de socialización")
    proyecto.fuente(RUTA, texto)
    assert proyecto.correr("construir").exit_code == 0
    documento = docx.Document(proyecto.salida / "experiencias/x/nota.docx")
    assert documento.core_properties.title.startswith("Salud & <bienestar>: reuniones")
    assert any(p.text.startswith("Salud & <bienestar>: reuniones") for p in documento.paragraphs)
    pdf = PdfReader(proyecto.salida / "experiencias/x/nota.pdf")
    assert pdf.metadata.title.startswith("Salud & <bienestar>: reuniones")


def test_avisos_no_impiden_construir(ejemplo_construido):
    proyecto, resultado = ejemplo_construido
    assert resultado.exit_code == 0, resultado.output
    assert "aviso: la subsección «### Metodología» está vacía" in resultado.output
    assert "aviso: campo «enlaces.0»: el enlace «Click para ver el video» no tiene «url»" in resultado.output
    assert len(proyecto.salidas()) == 2
