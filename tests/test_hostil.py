"""Entradas malas y hostiles: ningún traceback, ningún cuelgue, ninguna fuga, nada leído fuera
del recinto, nada escrito a medias, y los documentos válidos se construyen igual.

El corpus hostil se fabrica aquí mismo (nada grande en git): fuentes con YAML imposible,
codificaciones rotas, Markdown patológico, imágenes falsas o enormes, enlaces simbólicos hacia
un archivo secreto fuera del árbol, plantillas que intentan ejecutar código o no terminar,
fallos del disco y datos personales en lo que se publica. Cada caso comprueba el código de
salida, el mensaje (archivo y línea), que no haya salida parcial y que el secreto no aparezca
en ninguna salida.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import uuid
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from pipeline.marcado import parsear

from .conftest import PLANTILLAS, RAIZ, Proyecto, cambiar_docx
from .test_paquete import NOTA

CORPUS = RAIZ / "tests" / "corpus"
INFORME = RAIZ / "contenido" / "experiencias" / "articulacion-territorial-leoncio-prado"
ANCLA = "Reuniones semanales con especialistas invitados.\n"


# ------------------------------------------------------------------------ el corpus
_NUMEROS = itertools.count(100)


def nota(cuerpo: str = "", campos: str = "", numero: str | None = None) -> str:
    """La nota real (válida) con ``cuerpo`` dentro de una sección y ``campos`` en el inicio; cada
    una con su propio número (dos notas no pueden tener el mismo en un año)."""
    numero = numero or f"{next(_NUMEROS):03d}-2024"
    texto = NOTA.replace('numero: "001-2024"', f'numero: "{numero}"')
    texto = texto.replace("tipo: nota\n", f"tipo: nota\n{campos}", 1)
    return texto.replace(ANCLA, ANCLA + "\n" + cuerpo + "\n", 1)


def png(ancho: int, alto: int) -> bytes:
    """Un PNG de verdad (gris), hecho a mano: cabecera IHDR con las medidas y un IDAT mínimo."""
    def trozo(tipo: bytes, datos: bytes) -> bytes:
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))
    return (b"\x89PNG\r\n\x1a\n" + trozo(b"IHDR", struct.pack(">IIBBBBB", ancho, alto, 8, 0, 0, 0, 0))
            + trozo(b"IDAT", zlib.compress(b"\x00" * (ancho + 1) * min(alto, 4))) + trozo(b"IEND", b""))


def alias_bomba() -> str:
    lineas = ['a0: &a0 ["bomba", "bomba", "bomba", "bomba", "bomba", "bomba", "bomba", "bomba"]']
    for i in range(1, 12):
        previo = f"*a{i - 1}"
        lineas.append(f"a{i}: &a{i} [{', '.join([previo] * 8)}]")
    return "\n".join(lineas) + "\n"


SECRETO = f"SECRETO-{uuid.uuid4().hex}"


def preparar_fuera(raiz: Path) -> Path:
    """Una carpeta fuera del proyecto con archivos que nunca deben leerse."""
    fuera = raiz / "fuera"
    fuera.mkdir()
    (fuera / "secreto.md").write_text(f"---\ntipo: nota\n---\n\n## {SECRETO}\n\n{SECRETO}\n", encoding="utf-8")
    (fuera / "secreto.yml").write_text(f"titulo: {SECRETO}\n", encoding="utf-8")
    (fuera / "secreto.csv").write_text(f"nivel,region\ndistrital,{SECRETO}\n", encoding="utf-8")
    Image.new("RGB", (20, 20)).save(fuera / "secreto.png")
    (fuera / "secreto.css").write_text(f"body::after {{ content: '{SECRETO}'; }}", encoding="utf-8")
    (fuera / "secreto.html").write_text(SECRETO, encoding="utf-8")
    return fuera


# Cada caso: (clase, carpeta, {archivo: contenido o función(carpeta, fuera)}, fragmento esperado
# del mensaje de error o None si el documento debe construirse).
def _enlace(destino: str):
    def crear(ruta: Path, fuera: Path) -> None:
        ruta.symlink_to(fuera / destino)
    return crear


def _bytes(datos: bytes):
    def crear(ruta: Path, fuera: Path) -> None:
        ruta.write_bytes(datos)
    return crear


def _imagen_truncada(ruta: Path, fuera: Path) -> None:
    Image.new("RGB", (300, 300), "red").save(ruta, format="PNG", compress_level=0)
    ruta.write_bytes(ruta.read_bytes()[:20_000])


CASOS = [
    # YAML
    ("yaml", "fecha-imposible", {"nota.md": nota(campos="fecha: 2024-02-30\n")},
     "«2024-02-30» no es una fecha que exista"),
    ("yaml", "bomba-de-alias", {"nota.md": nota(campos=alias_bomba())}, "alias de YAML"),
    ("yaml", "bomba-compartida", {"experiencia.yml": "titulo: x\n" + alias_bomba(),
                                  "informe.md": (INFORME / "informe.md").read_text(encoding="utf-8")}, "alias de YAML"),
    ("yaml", "anidado-en-linea", {"nota.md": nota(campos="profundo: " + "[" * 3000 + "]" * 3000 + "\n")},
     "niveles de campos dentro de campos"),
    ("yaml", "anidado-en-bloque",
     {"nota.md": nota(campos="".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "x: 1\n")},
     "niveles de campos dentro de campos"),
    ("yaml", "lista-enorme", {"nota.md": nota(campos="pendientes:\n" + "".join(f"  - p{i}\n" for i in range(2500)))},
     "esta lista tiene 2500 elementos y el máximo es 2000"),
    ("yaml", "comillas-sin-cerrar", {"nota.md": nota(campos='practica: "Buena práctica\n')}, "comillas"),
    ("yaml", "campo-dos-veces", {"nota.md": nota(campos="numero: \"011-2024\"\n")}, "está escrito dos veces"),
    ("yaml", "no-es-un-grupo", {"nota.md": "---\n- tipo\n- nota\n---\n\n## 1. x\n\ny\n"}, "«nombre: valor»"),
    ("yaml", "infinito", {"nota.md": nota().replace("valor: 2283", "valor: 1e999")}, "número finito"),
    ("yaml", "cifra-gigante", {"nota.md": nota().replace("valor: 2283", "valor: 1000000000000000000000000000000")},
     "menor o igual que 1000000000000"),
    ("yaml", "tipo-desconocido", {"nota.md": nota().replace("tipo: nota", "tipo: notta")}, "¿Quiso decir «nota»?"),
    ("yaml", "octal-es-decimal", {"nota.md": nota().replace("valor: 80\n", "valor: 010\n")}, None),
    # codificaciones y tamaños
    ("codificacion", "latin1", {"nota.md": _bytes(nota().encode("latin-1", errors="replace"))},
     "no está guardado en UTF-8"),
    ("codificacion", "utf16", {"nota.md": _bytes(nota().encode("utf-16"))}, "no está guardado en UTF-8"),
    ("codificacion", "nulos", {"nota.md": _bytes(nota().encode() + b"\x00\x00")}, "caracteres nulos"),
    ("codificacion", "enorme", {"nota.md": nota(cuerpo="texto " * 450_000)}, "el máximo es 2048 KiB"),
    ("codificacion", "vacio", {"nota.md": ""}, "debe empezar con una línea «---»"),
    ("codificacion", "sin-cierre", {"nota.md": "---\ntipo: nota\n"}, "falta la línea «---» que cierra"),
    ("codificacion", "crlf-vale", {"nota.md": nota().replace("\n", "\r\n")}, None),
    # Markdown
    ("markdown", "lista-500-niveles", {"nota.md": nota("\n".join("  " * i + "- x" for i in range(500)))},
     "más de 9 niveles"),
    ("markdown", "lista-10-niveles", {"nota.md": nota("\n".join("    " * i + "- x" for i in range(10)))},
     "más de 9 niveles"),
    ("markdown", "cita-500-niveles", {"nota.md": nota("> " * 500 + "hola")}, "más de 10 citas"),
    ("markdown", "corchetes-50000", {"nota.md": nota("[" * 50_000)}, "caracteres y el máximo es 10000"),
    ("markdown", "corchetes-9000-vale", {"nota.md": nota("[" * 9000)}, None),
    ("markdown", "enlaces-abiertos", {"nota.md": nota("[a](" * 2000)}, "enlaces o corchetes"),
    ("markdown", "notas-al-pie", {"nota.md": nota("".join("x[^1] " for i in range(600)) + "\n\n[^1]: n")},
     "llamadas a notas al pie"),
    ("markdown", "html-crudo-es-texto", {"nota.md": nota("<script>alert(1)</script> <b>hola</b>")}, None),
    ("markdown", "javascript", {"nota.md": nota("[clic](javascript:alert(1))")}, "no es una dirección web completa"),
    ("markdown", "file", {"nota.md": nota("[clic](file:///etc/passwd)")}, "no es una dirección web completa"),
    # imágenes
    ("imagen", "fuera-de-la-carpeta", {"nota.md": nota("![a](../../../../fuera/secreto.png)")},
     "debe ser un archivo de la carpeta"),
    ("imagen", "enlace-afuera", {"nota.md": nota("![a](img.png)"), "img.png": _enlace("secreto.png")},
     "debe ser un archivo de la carpeta"),
    ("imagen", "no-existe", {"nota.md": nota("![a](no-existe.png)")}, "no se encuentra la imagen"),
    ("imagen", "texto-con-extension-png", {"nota.md": nota("![a](img.png)"), "img.png": "no soy una imagen\n"},
     "no es una imagen PNG, JPG ni GIF"),
    ("imagen", "bomba-de-pixeles", {"nota.md": nota("![a](img.png)"), "img.png": _bytes(png(100_000, 100_000))},
     "megapíxeles"),
    ("imagen", "truncada", {"nota.md": nota("![a](img.png)"), "img.png": _imagen_truncada}, "dañada o incompleta"),
    ("imagen", "sin-alt", {"nota.md": nota("![](img.png)"), "img.png": _bytes(png(10, 10))},
     "no tiene texto alternativo"),
    ("imagen", "nulo-en-el-nombre", {"nota.md": nota("![a](img%00.png)")}, "debe ser un archivo de la carpeta"),
    # recinto: lecturas fuera del contenido
    ("recinto", "fuente-enlace-afuera", {"nota.md": _enlace("secreto.md")}, "está fuera de la carpeta"),
    ("recinto", "datos-enlace-afuera", {"experiencia.yml": _enlace("secreto.yml"),
                                        "informe.md": (INFORME / "informe.md").read_text(encoding="utf-8")},
     "está fuera de la carpeta"),
]
CASOS_INSTANCIA = [
    ("recinto", "plan-fuera", {"seguimiento-x.md": lambda texto: texto.replace(
        "plan: plan-trabajo-2026.md", "plan: ../../../fuera/secreto.md")}, "está fuera de la carpeta de este informe"),
    ("recinto", "plan-enlace", {"seguimiento-x.md": lambda texto: texto.replace(
        "plan: plan-trabajo-2026.md", "plan: plan-enlace.md"), "plan-enlace.md": _enlace("secreto.md")},
     "está fuera de la carpeta de este informe"),
]


def _textos_de(ruta: Path) -> bytes:
    """Todo lo legible de una salida (los DOCX descomprimidos, el texto de los PDF)."""
    datos = ruta.read_bytes()
    if ruta.suffix == ".docx":
        with zipfile.ZipFile(ruta) as z:
            datos += b"".join(z.read(n) for n in z.namelist())
    if ruta.suffix == ".pdf":
        datos += "".join(p.extract_text() or "" for p in PdfReader(ruta).pages).encode()
    return datos


def _correr(raiz: Path, *args: str, timeout: float = 300, **entorno) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=raiz, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **entorno})


@pytest.fixture(scope="module")
def corpus_hostil(tmp_path_factory):
    """Todas las fuentes hostiles en un árbol, con dos documentos válidos, construidas una vez."""
    raiz = tmp_path_factory.mktemp("hostil")
    fuera = preparar_fuera(raiz)
    p = Proyecto(raiz / "proyecto")
    experiencias = p.contenido / "experiencias"
    shutil.copytree(INFORME, experiencias / "valido-informe")
    p.fuente("experiencias/valida/nota.md", nota(numero="001-2024"))
    for _clase, nombre, archivos, _esperado in CASOS:
        carpeta = experiencias / nombre
        carpeta.mkdir(parents=True)
        for archivo, contenido in archivos.items():
            if callable(contenido):
                contenido(carpeta / archivo, fuera)
            else:
                (carpeta / archivo).write_text(contenido, encoding="utf-8")
    for _clase, nombre, archivos, _esperado in CASOS_INSTANCIA:
        carpeta = p.contenido / "instancias" / nombre
        shutil.copytree(CORPUS / "instancia", carpeta)
        for archivo, cambio in archivos.items():
            if archivo.startswith("seguimiento"):
                texto = (CORPUS / "instancia" / "seguimiento-2026-s1.md").read_text(encoding="utf-8")
                (carpeta / archivo).write_text(cambio(texto), encoding="utf-8")
            else:
                cambio(carpeta / archivo, fuera)
    inicio = time.monotonic()
    resultado = _correr(p.raiz, "construir", "--contenido", "contenido", "--salida", "salida",
                        "--plantillas", str(PLANTILLAS))
    return p, resultado, time.monotonic() - inicio


def test_corpus_hostil_una_sola_construccion(corpus_hostil):
    p, resultado, segundos = corpus_hostil
    assert resultado.returncode == 1, resultado.stdout + resultado.stderr
    assert "Traceback" not in resultado.stderr + resultado.stdout
    assert "error interno" not in resultado.stderr, resultado.stderr
    assert segundos < 240  # nada se cuelga: 50 KB de «[» tardaban 4 minutos
    # los válidos se construyen
    for valido in ("valida/nota", "valido-informe/informe", "octal-es-decimal/nota", "crlf-vale/nota",
                   "corchetes-9000-vale/nota", "html-crudo-es-texto/nota"):
        for ext in ("docx", "pdf"):
            assert (p.salida / "experiencias" / f"{valido}.{ext}").is_file(), (valido, resultado.stderr)


@pytest.mark.parametrize("clase,nombre,archivos,esperado", CASOS + CASOS_INSTANCIA,
                         ids=[c[1] for c in CASOS + CASOS_INSTANCIA])
def test_caso_hostil(corpus_hostil, clase, nombre, archivos, esperado):
    p, resultado, _ = corpus_hostil
    raiz = "instancias" if (clase, nombre, archivos, esperado) in CASOS_INSTANCIA else "experiencias"
    carpeta = f"contenido/{raiz}/{nombre}/"
    lineas = [ln for ln in resultado.stderr.splitlines() if ln.startswith(carpeta)]
    if esperado is None:
        assert not [ln for ln in lineas if ": aviso:" not in ln], lineas
        return
    errores = [ln for ln in lineas if ": aviso:" not in ln]
    assert any(esperado in ln for ln in errores), (esperado, lineas)
    # archivo:línea: …
    # archivo:línea (o solo el archivo, si el error es del archivo entero)
    assert all(re.match(re.escape(carpeta) + r"[^:]+(:\d+)?: ", ln) for ln in errores), errores
    assert any(re.match(re.escape(carpeta) + r"[^:]+:\d+: ", ln) for ln in errores) or esperado in (
        "no está guardado en UTF-8", "caracteres nulos", "el máximo es 2048 KiB", "está fuera de la carpeta"), errores
    # nada escrito para la fuente que falla
    salida = p.salida / raiz / nombre
    fallidas = {ln.split(":", 1)[0].rsplit("/", 1)[-1] for ln in errores}
    for fuente in fallidas:
        for ext in ("docx", "pdf"):
            assert not (salida / fuente).with_suffix(f".{ext}").exists(), fuente


def test_el_secreto_no_llega_a_ninguna_salida(corpus_hostil):
    p, resultado, _ = corpus_hostil
    assert SECRETO not in resultado.stdout + resultado.stderr
    salidas = [r for r in p.salida.rglob("*") if r.is_file()]
    assert len(salidas) >= 12
    for ruta in salidas:
        assert SECRETO.encode() not in _textos_de(ruta), ruta


def test_lo_que_se_construye_dice_lo_escrito(corpus_hostil):
    p, _, _ = corpus_hostil
    from docx import Document

    texto = "\n".join(x.text for x in Document(p.salida / "experiencias/octal-es-decimal/nota.docx").paragraphs)
    texto += "\n".join(c.text for t in Document(p.salida / "experiencias/octal-es-decimal/nota.docx").tables
                       for f in t.rows for c in f.cells)
    assert "10\u00a0%" in texto and "8\u00a0%" not in texto  # «010» es diez, no el 8 del octal
    crudo = "\n".join(x.text for x in Document(p.salida / "experiencias/html-crudo-es-texto/nota.docx").paragraphs)
    assert "<script>alert(1)</script> <b>hola</b>" in crudo


def test_el_markdown_patologico_tarda_lo_que_su_tamano():
    """Lo que Python-Markdown hacía en tiempo cuadrático ahora crece con el tamaño."""
    for texto in ("[" * 9000, "[ " * 4500, "[a" * 4000 + "](x)" * 2000, "[" * 4000 + "]" * 4000):
        inicio = time.monotonic()
        parsear(texto, Path("."), "x.md", 1)
        assert time.monotonic() - inicio < 2.0, texto[:10]


# ------------------------------------------------------------------------ plantillas
def _plantillas(raiz: Path) -> Path:
    destino = raiz / "plantillas"
    shutil.copytree(PLANTILLAS, destino)
    return destino


def _cambiar(ruta: Path, viejo: str, nuevo: str) -> None:
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto, viejo
    ruta.write_text(texto.replace(viejo, nuevo, 1), encoding="utf-8")


CODIGO = "{{ cycler.__init__.__globals__.os.popen('touch MARCA').read() }}"
CASOS_PLANTILLA = [
    ("html-ejecuta-codigo", "html", CODIGO, "intenta algo que una plantilla no puede hacer"),
    ("html-subclases", "html", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "no puede hacer"),
    ("html-range-enorme", "html", "{% for i in range(10**12) %}x{% endfor %}", "no puede hacer"),
    ("html-multiplica", "html", "{{ 'x' * 10**10 }}", "no puede hacer"),
    ("html-center", "html", "{{ 'x'|center(10**9) }}", "no puede hacer"),
    ("html-ljust", "html", "{{ 'x'.ljust(10**9) }}", "no puede hacer"),
    ("html-formato", "html", "{{ '%1000000000s' % 'x' }}", "no puede hacer"),
    ("html-potencia", "html", "{{ 10 ** 10 ** 10 }}", "no puede hacer"),
    ("html-recursion", "html", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "se llama a sí misma"),
    ("html-sintaxis", "html", "{{ titulo ", "se esperaba «}}»"),
    ("html-include-fuera", "html", '{% include "../../fuera/secreto.html" %}', "no existe"),
    ("docx-ejecuta-codigo", "docx", CODIGO, "intenta algo que una plantilla no puede hacer"),
    ("docx-range-enorme", "docx", "{% for i in range(10**12) %}x{% endfor %}", "no puede hacer"),
    ("docx-dato-inexistente", "docx", "{{ practca }}", "usa «practca», que este documento no tiene. ¿Quiso decir"),
]


@pytest.mark.parametrize("nombre,formato,marca,esperado", CASOS_PLANTILLA, ids=[c[0] for c in CASOS_PLANTILLA])
def test_plantilla_hostil(tmp_path, nombre, formato, marca, esperado):
    p = Proyecto(tmp_path / "p")
    preparar_fuera(tmp_path)
    plantillas = _plantillas(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    shutil.copytree(INFORME, p.contenido / "experiencias" / "informe")
    if formato == "html":
        _cambiar(plantillas / "nota" / "nota.html", "{% block cuerpo %}", "{% block cuerpo %}" + marca)
    else:
        cambiar_docx(plantillas / "nota" / "nota.docx", "<w:t>{{ numero }}</w:t>",
                      f"<w:t>{{{{ numero }}}}{marca}</w:t>")
    inicio = time.monotonic()
    r = _correr(p.raiz, "construir", "--contenido", "contenido", "--salida", "salida", "--plantillas",
                str(plantillas), "--formato", formato.replace("html", "pdf"), timeout=120)
    assert time.monotonic() - inicio < 60
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert not (p.raiz / "MARCA").exists()  # no se ejecutó nada
    linea = next(ln for ln in r.stderr.splitlines() if esperado in ln)
    assert esperado in linea and "nota/nota." in linea, linea  # nombra la plantilla
    assert not list(p.salida.glob("experiencias/x/nota.*"))
    # una plantilla rota solo falla los documentos de su tipo
    assert list((p.salida / "experiencias" / "informe").glob("informe.*"))


def test_bucle_sin_fin_en_una_plantilla_se_detiene(tmp_path):
    p = Proyecto(tmp_path / "p")
    plantillas = _plantillas(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    _cambiar(plantillas / "nota" / "nota.html", "{% block cuerpo %}",
             "{% block cuerpo %}{% for i in range(10000) %}{% for j in range(10000) %}"
             "{% endfor %}{% endfor %}")
    inicio = time.monotonic()
    r = _correr(p.raiz, "construir", "--contenido", "contenido", "--salida", "salida", "--plantillas",
                str(plantillas), "--formato", "pdf", SISTEMATIZA_SEGUNDOS_DOCUMENTO="3", timeout=60)
    assert time.monotonic() - inicio < 20
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "pasó de 3 s y se detuvo (plantilla HTML «plantillas/nota/nota.html»)" in r.stderr, r.stderr


def test_plantilla_word_que_se_infla(tmp_path):
    """Una parte de 40 MiB (que se comprime a unos KB) se rechaza antes de abrirla."""
    p = Proyecto(tmp_path / "p")
    plantillas = _plantillas(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    with zipfile.ZipFile(plantillas / "nota" / "nota.docx", "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/enorme.png", b"\x00" * (40 * 1024 * 1024))
    assert (plantillas / "nota" / "nota.docx").stat().st_size < 1024 * 1024
    codigo = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.stderr.write(r.stderr)")
    r = subprocess.run([sys.executable, "-c", codigo, sys.executable, "-m", "pipeline.cli", "construir",
                        "--contenido", "contenido", "--salida", "salida", "--plantillas", str(plantillas),
                        "--formato", "docx"], cwd=p.raiz, capture_output=True, text=True, timeout=120)
    assert "«word/media/enorme.png», de 40 MiB" in r.stderr, r.stderr
    assert int(r.stdout.strip()) < 400 * 1024  # KiB: la memoria no crece con la parte inflada


def test_plantilla_word_que_no_es_zip(tmp_path):
    p = Proyecto(tmp_path / "p")
    plantillas = _plantillas(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    (plantillas / "nota" / "nota.docx").write_text("no soy un docx", encoding="utf-8")
    r = p.correr("construir", formato="docx", plantillas=plantillas)
    assert r.exit_code == 1 and "no es un documento Word válido" in r.output


@pytest.mark.parametrize("caso", ["logo-enlace", "logo-falso", "css-fuera", "html-enlace"])
def test_recursos_de_plantilla_fuera_o_falsos(tmp_path, caso):
    p = Proyecto(tmp_path / "p")
    fuera = preparar_fuera(tmp_path)
    plantillas = _plantillas(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    if caso == "logo-enlace":
        (plantillas / "comun" / "logo.png").symlink_to(fuera / "secreto.png")
        esperado = "fuera de «plantillas»"
    elif caso == "logo-falso":
        (plantillas / "comun" / "logo.png").write_text("texto", encoding="utf-8")
        esperado = "no es una imagen PNG"
    elif caso == "css-fuera":
        _cambiar(plantillas / "nota" / "nota.css", "", f'@import url("{(fuera / "secreto.css").as_uri()}");\n')
        esperado = "fuera de plantillas/"
    else:
        (plantillas / "nota" / "extra.html").symlink_to(fuera / "secreto.html")
        _cambiar(plantillas / "nota" / "nota.html", "{% block cuerpo %}",
                 '{% block cuerpo %}{% include "nota/extra.html" %}')
        esperado = "fuera de plantillas/"
    r = _correr(p.raiz, "construir", "--contenido", "contenido", "--salida", "salida", "--plantillas",
                str(plantillas), "--formato", "pdf", timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert esperado in r.stderr, r.stderr
    assert SECRETO not in r.stderr
    assert not list(p.salida.rglob("nota.pdf"))


# ------------------------------------------------------------------------ escrituras
def test_paquete_no_escribe_fuera_de_salida(tmp_path):
    p = Proyecto(tmp_path / "p")
    r = _correr(p.raiz, "paquete", "--contenido", "contenido", "--salida", "salida", "--plantillas",
                str(PLANTILLAS), "--nombre", "../../../x")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "«../../../x» no sirve como nombre de archivo" in r.stderr and "«x»" in r.stderr
    assert not list(tmp_path.rglob("x-*"))


def test_una_carpeta_de_salida_que_apunta_afuera(tmp_path):
    p = Proyecto(tmp_path / "p")
    afuera = tmp_path / "afuera"
    afuera.mkdir()
    p.fuente("experiencias/x/nota.md", nota())
    (p.salida / "experiencias").mkdir(parents=True)
    (p.salida / "experiencias" / "x").symlink_to(afuera)
    r = p.correr("construir", formato="docx")
    assert r.exit_code == 1
    assert "queda fuera de la carpeta de salida" in r.output
    assert list(afuera.iterdir()) == []


def test_el_estado_no_puede_mandar_a_borrar_afuera(tmp_path):
    p = Proyecto(tmp_path / "p")
    victima = tmp_path / "importante.txt"
    victima.write_text("no me borres", encoding="utf-8")
    p.fuente("experiencias/x/nota.md", nota())
    assert p.correr("construir", formato="docx").exit_code == 0
    estado = p.salida / ".sistematiza" / "estado.json"
    import json

    datos = json.loads(estado.read_text(encoding="utf-8"))
    datos["documentos"]["/no/existe.md"] = {"tipo": "nota", "deps": {}, "salidas": {"docx": str(victima)}}
    estado.write_text(json.dumps(datos), encoding="utf-8")
    assert p.correr("construir", formato="docx").exit_code == 0
    assert victima.read_text(encoding="utf-8") == "no me borres"


# ------------------------------------------------------------------------------ fallos
def test_salida_ocupada_por_una_carpeta(tmp_path):
    p = Proyecto(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    assert p.correr("construir").exit_code == 0
    docx = p.salida / "experiencias" / "x" / "nota.docx"
    antes = docx.read_bytes()
    pdf = p.salida / "experiencias" / "x" / "nota.pdf"
    pdf.unlink()
    (pdf / "algo").mkdir(parents=True)
    p.fuente("experiencias/x/nota.md", nota().replace("Reuniones semanales", "Reuniones quincenales"))
    r = p.correr("construir")
    assert r.exit_code == 1
    assert re.search(r"contenido/experiencias/x/nota\.md:1: no se pudo generar: no se puede escribir "
                     r"«salida/experiencias/x/nota\.pdf»: en su lugar hay una carpeta", r.output), r.output
    assert docx.read_bytes() == antes  # lo anterior, intacto
    assert not list(p.salida.rglob("*.tmp"))


def _tmpfs(carpeta: Path, tamano: str, *opciones: str) -> bool:
    carpeta.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join((f"size={tamano}",) + opciones), "tmpfs",
                        str(carpeta)], capture_output=True)
    return r.returncode == 0


def _desmontar(carpeta: Path) -> None:
    subprocess.run(["umount", str(carpeta)], capture_output=True)


def test_disco_lleno(tmp_path, monkeypatch):
    p = Proyecto(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    vieja = p.salida / "experiencias" / "x" / "nota.docx"
    real = _tmpfs(p.salida, "48k")
    try:
        vieja.parent.mkdir(parents=True)
        vieja.write_bytes(b"version anterior")
        if not real:  # sin permiso para montar un disco pequeño: una escritura que falla
            from pipeline import construir

            original = construir.renderizar

            def lleno(doc, formato, plantillas, destino, variante=None):
                original(doc, formato, plantillas, destino, variante)
                if formato == "pdf":
                    raise OSError(errno.ENOSPC, "No space left on device")
            monkeypatch.setattr(construir, "renderizar", lleno)
        r = p.correr("construir", "--trabajos", "1")
        assert r.exit_code == 1, r.output
        assert "no queda espacio en el disco" in r.output, r.output
        assert vieja.read_bytes() == b"version anterior"
        assert not list(p.salida.rglob("*.tmp"))
        assert "Traceback" not in r.output
    finally:
        if real:
            _desmontar(p.salida)


def test_salida_de_solo_lectura(tmp_path, monkeypatch):
    p = Proyecto(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    real = _tmpfs(p.salida, "1m", "ro")
    try:
        if not real:
            from pipeline import estado

            def sin_permiso(self):
                raise PermissionError(errno.EACCES, "Permission denied", str(self.ruta))
            monkeypatch.setattr(estado.Cerrojo, "tomar", sin_permiso)
        r = p.correr("construir")
        assert r.exit_code == 1
        assert re.search(r"Error: no se puede escribir en la carpeta de salida «salida»: (no hay permiso|el "
                         r"disco es de solo lectura)", r.output), r.output
    finally:
        if real:
            _desmontar(p.salida)


def test_salida_que_es_un_archivo(tmp_path):
    p = Proyecto(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    p.salida.write_text("", encoding="utf-8")
    r = p.correr("construir")
    assert r.exit_code == 1
    assert "la carpeta de salida «salida» es un archivo" in r.output
    assert "Directory" not in r.output


def test_una_construccion_interrumpida_no_deja_temporales(tmp_path):
    p = Proyecto(tmp_path / "p")
    for i in range(6):
        p.fuente(f"experiencias/e{i}/nota.md", nota(numero=f"{i + 1:03d}-2024"))
    proceso = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "construir", "--contenido", "contenido",
                                "--salida", "salida", "--plantillas", str(PLANTILLAS), "--trabajos", "1"],
                               cwd=p.raiz, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    proceso.send_signal(signal.SIGKILL)
    proceso.wait()
    (p.salida / "experiencias" / "e0").mkdir(parents=True, exist_ok=True)
    (p.salida / "experiencias" / "e0" / ".nota.docx.ab12_z.tmp").write_bytes(b"a medias")
    r = p.correr("construir")
    assert r.exit_code == 0, r.output
    assert not [t for t in p.salida.rglob("*") if t.name.endswith(".tmp")]
    assert len(list(p.salida.rglob("nota.pdf"))) == 6


def test_error_interno_sin_traceback_y_con_registro(tmp_path, monkeypatch):
    from pipeline.tipos import TIPOS

    def roto(doc):
        return 1 / 0
    monkeypatch.setattr(type(TIPOS["nota"]), "contexto", lambda self, doc: roto(doc))
    p = Proyecto(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", nota())
    shutil.copytree(INFORME, p.contenido / "experiencias" / "informe")
    r = p.correr("construir", "--trabajos", "1", formato="docx")
    assert r.exit_code == 1
    assert ("contenido/experiencias/x/nota.md:1: error interno (ZeroDivisionError): no es un error de lo que "
            "usted escribió; avise al equipo de sistematiza; el detalle quedó en "
            "salida/.sistematiza/errores.log") in r.output
    assert "Traceback" not in r.output
    assert "ZeroDivisionError" in (p.salida / ".sistematiza" / "errores.log").read_text(encoding="utf-8")
    assert (p.salida / "experiencias" / "informe" / "informe.docx").is_file()


# ------------------------------------------------------------------------------ lote
@pytest.mark.parametrize("caso,esperado", [
    ("fuera", "está fuera de la carpeta"),
    ("filas", "más de 5000 filas"),
    ("nulo", "caracteres nulos"),
])
def test_lote_hostil(tmp_path, caso, esperado):
    p = Proyecto(tmp_path / "p")
    fuera = preparar_fuera(tmp_path)
    tabla = p.contenido / "instancias" / "t" / "tabla.csv"
    tabla.parent.mkdir(parents=True)
    if caso == "fuera":
        tabla.symlink_to(fuera / "secreto.csv")
    elif caso == "filas":
        tabla.write_text("nivel,region\n" + "regional,Puno\n" * 5001, encoding="utf-8")
    else:
        tabla.write_bytes(b"nivel,region\nregional,Pu\x00no\n")
    r = p.correr("lote", "ordenanza", "--territorios", str(tabla.relative_to(p.raiz)), formato="docx")
    assert r.exit_code == 1 and esperado in r.output, r.output
    assert SECRETO not in r.output
    assert not list(p.salida.rglob("*.docx")) if p.salida.exists() else True


def test_lote_sin_tabla_en_castellano(tmp_path):
    p = Proyecto(tmp_path / "p")
    r = p.correr("lote", "ordenanza", "--territorios", "no-existe.csv")
    assert r.exit_code == 2 and "no existe la tabla «no-existe.csv»" in r.output
    assert "File" not in r.output and "does not" not in r.output


# --------------------------------------------------------------- datos personales
def test_datos_personales_en_una_nota_publicable(tmp_path):
    """Correo en un enlace mailto:, correo en el texto alternativo, DNI en una nota al pie:
    `validar` avisa con su línea y `paquete` se detiene sin escribir nada."""
    from .test_paquete import _paquete, _proyecto

    p, plantillas = _proyecto(tmp_path)
    buena = p.contenido / "experiencias" / "buena"
    Image.new("RGB", (30, 20), "white").save(buena / "foto.png")
    cuerpo = ("Escríbanos a [la coordinadora](mailto:rosa.perez.personal@gmail.com).\n\n"
              "![Foto enviada por juan.quispe@hotmail.com](foto.png)\n\n"
              "Testimonio de una participante[^t].\n\n[^t]: Entrevista a la señora con DNI 45678912.\n")
    texto = (buena / "nota.md").read_text(encoding="utf-8").replace(ANCLA, ANCLA + "\n" + cuerpo)
    (buena / "nota.md").write_text(texto, encoding="utf-8")
    lineas = texto.split("\n")
    esperadas = [i + 1 for i, ln in enumerate(lineas) if any(x in ln for x in ("mailto", "hotmail", "DNI 4"))]
    validar = p.correr("validar", plantillas=plantillas)
    assert validar.exit_code == 0
    assert len(esperadas) == 3
    for linea, que in zip(esperadas, ("un correo electrónico", "un correo electrónico", "un número de DNI"),
                          strict=True):
        assert f"contenido/experiencias/buena/nota.md:{linea}: aviso: parece {que}" in validar.output, validar.output
    r = _paquete(p, plantillas)
    assert r.returncode == 1
    assert "gmail" not in r.stderr and "45678912" not in r.stderr
    assert not (p.salida / "paquete").exists() or not list((p.salida / "paquete").glob("*.zip"))


def test_una_plantilla_que_filtra_un_dato_detiene_el_paquete(tmp_path):
    """La revisión del paquete mira cada parte de cada archivo, también lo que pone una plantilla."""
    from .test_paquete import _paquete, _proyecto

    p, plantillas = _proyecto(tmp_path)
    _cambiar(plantillas / "nota" / "nota.html", "{% block cuerpo %}",
             "{% block cuerpo %}<p>Consultas: maria.lopez.personal@gmail.com, 987 123 456</p>")
    r = _paquete(p, plantillas)
    assert r.returncode == 1
    assert re.search(r"documentos/\d{3}-nota-[^:]+\.pdf: parte «página 1»: contiene lo que parece un "
                     r"correo electrónico \(«mar…»\)", r.stderr), r.stderr
    assert re.search(r"\.pdf: parte «página 1»: contiene lo que parece un número de celular", r.stderr)
    assert "maria.lopez" not in r.stderr


# --------------------------------------------------------------- valores extremos
VALORES = [10**30, -1, "1e999", ".nan", "2024-02-30", "", "x" * 3000, {"a": 1}, [1, [2]], None, "\u202e\x00"]


def _hojas(valor, camino=()):
    if isinstance(valor, dict):
        for clave, v in valor.items():
            yield from _hojas(v, camino + (clave,))
    elif isinstance(valor, list):
        for i, v in enumerate(valor):
            yield from _hojas(v, camino + (i,))
    else:
        yield camino


def test_valores_extremos_en_cada_campo_de_cada_tipo(tmp_path):
    """Cada campo de cada fuente del corpus, con valores absurdos: o un error de la fuente, o
    un documento; nunca otra excepción (ni al validar, ni al armar su contexto, ni en su HTML)."""
    import yaml

    from pipeline.corpus import Corpus
    from pipeline.errores import ErrorFuente, ErrorPlantilla
    from pipeline.motor import preparar
    from pipeline.render import pdf

    raiz = tmp_path / "c"
    shutil.copytree(CORPUS, raiz)
    (raiz / "experiencia" / "nota.md").write_text(nota(), encoding="utf-8")
    inesperados, casos = [], 0
    for fuente in sorted(raiz.rglob("*.md")):
        original = fuente.read_text(encoding="utf-8")
        _, campos, cuerpo = original.split("---\n", 2)
        for camino in list(_hojas(yaml.safe_load(campos))):
            if camino == ("tipo",):
                continue
            for valor in VALORES[: 4 if len(camino) > 2 else None]:
                casos += 1
                datos = yaml.safe_load(campos)
                destino = datos
                for parte in camino[:-1]:
                    destino = destino[parte]
                destino[camino[-1]] = valor
                fuente.write_text("---\n" + yaml.safe_dump(datos, allow_unicode=True) + "---\n" + cuerpo,
                                  encoding="utf-8")
                try:
                    doc = preparar(Corpus(raiz).leer(fuente), PLANTILLAS, Corpus(raiz))
                    pdf.html(doc, PLANTILLAS, doc.tipo.fecha(doc))
                except (ErrorFuente, ErrorPlantilla):
                    pass
                except Exception as exc:  # noqa: BLE001 — justo lo que se busca
                    inesperados.append(f"{fuente.name} {camino} {valor!r:.30}: {type(exc).__name__}: {exc}")
        fuente.write_text(original, encoding="utf-8")
    assert casos > 300
    assert not inesperados, "\n".join(inesperados[:20])
