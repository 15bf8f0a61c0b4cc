"""Las plantillas Word que edita la SGIC siguen sirviendo después de abrirlas y guardarlas.

Cada plantilla se guarda con LibreOffice (``soffice --convert-to docx``), con python-docx y con
los estilos renombrados como los nombra un Word en castellano («Título 2», styleId «Ttulo2»);
con cada una se construye el ciclo completo del corpus y el resultado debe tener el mismo
contenido que con la plantilla original: el mismo texto, los mismos títulos como estilos de
título, las mismas listas, hipervínculos, tablas y notas al pie. Y una marca partida en varios
«runs» con ``w:proofErr`` y ``w:rsid`` (como la deja Word al corregir la ortografía) funciona.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from pipeline.marcado.estilos_word import ALIAS, normalizar

from .conftest import PLANTILLAS, RAIZ, Proyecto, cambiar_partes_docx, con_urls

CORPUS = RAIZ / "tests" / "corpus"
INFORME = RAIZ / "contenido" / "experiencias" / "articulacion-territorial-leoncio-prado"
TIPOS = sorted(p.name for p in PLANTILLAS.iterdir() if (p / f"{p.name}.docx").is_file())
ESPANOL = {  # como los nombra un Word en castellano: (nombre, styleId)
    "heading {n}": ("Título {n}", "Ttulo{n}"), "List Bullet": ("Lista con viñetas", "Listaconvietas"),
    "List Number": ("Lista con números", "Listaconnmeros"), "Hyperlink": ("Hipervínculo", "Hipervnculo"),
    "Caption": ("Descripción", "Descripcin"), "Quote": ("Cita", "Cita"),
    "footnote reference": ("Ref. de nota al pie", "Refdenotaalpie"),
    "footnote text": ("Texto nota pie", "Textonotapie"),
}


def _titulo(nombre: str) -> str | None:
    """«Heading 2» si el estilo es un título de nivel 2 (por cualquiera de sus nombres)."""
    otros, ids = ALIAS["Heading {n}"]
    for n in range(1, 10):
        nombres = {normalizar(x.format(n=n)) for x in ("Heading {n}", *otros, *ids)}
        if normalizar(nombre) in nombres:
            return f"Heading {n}"
    return None


def _en_lista(parrafo) -> bool:
    """¿El párrafo va numerado o con viñeta? (directamente o por su estilo y los que hereda)"""
    ppr = parrafo._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    estilo = parrafo.style
    while estilo is not None:
        ppr = estilo.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return True
        estilo = estilo.base_style
    return False


def firma(ruta: Path) -> dict:
    """Lo que debe quedar igual: texto y clase de cada párrafo (también los del índice, que
    LibreOffice guarda dentro de un control de contenido), listas, vínculos externos, vínculos
    internos del índice y sus marcadores, tablas y notas."""
    doc = Document(ruta)
    cuerpo = doc.element.body
    parrafos = []
    for elemento in cuerpo.iter(qn("w:p")):
        if any(a.tag == qn("w:tbl") for a in elemento.iterancestors()):
            continue  # las tablas se comparan aparte
        p = Paragraph(elemento, doc._body)
        clase = _titulo(p.style.name) or ("lista" if _en_lista(p) else "párrafo")
        if p.text.strip() or clase != "párrafo":  # un párrafo vacío (un salto de sección) no es contenido
            parrafos.append((clase, p.text))
    vinculos = [doc.part.rels[h.get(qn("r:id"))].target_ref for h in cuerpo.iter(qn("w:hyperlink"))
                if h.get(qn("r:id"))]
    anclas = [h.get(qn("w:anchor")) for h in cuerpo.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    marcadores = {m.get(qn("w:name")) for m in cuerpo.iter(qn("w:bookmarkStart"))}
    assert set(anclas) <= marcadores, f"{ruta.name}: vínculos internos sin su marcador"
    tablas = [[[c.text for c in fila.cells] for fila in t.rows] for t in doc.tables]
    with zipfile.ZipFile(ruta) as z:
        notas = re.findall(r"<w:t[^>]*>([^<]*)</w:t>", z.read("word/footnotes.xml").decode()) \
            if "word/footnotes.xml" in z.namelist() else []
    return {"parrafos": parrafos, "vinculos": vinculos, "anclas": anclas, "tablas": tablas, "notas": notas}


def _construir(raiz: Path, plantillas: Path) -> dict[str, dict]:
    p = Proyecto(raiz)
    shutil.copytree(CORPUS, p.contenido, dirs_exist_ok=True)
    shutil.copytree(INFORME, p.contenido / "informe")  # el informe real de Leoncio Prado
    (p.contenido / "experiencia" / "nota.md").write_text(con_urls(), encoding="utf-8")
    r = p.correr("construir", formato="docx", plantillas=plantillas)
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output and "Warning" not in r.output
    return {str(x.relative_to(p.salida)): firma(x) for x in p.salidas() if x.suffix == ".docx"}


@pytest.fixture(scope="module")
def originales(tmp_path_factory):
    firmas = _construir(tmp_path_factory.mktemp("originales"), PLANTILLAS)
    usadas = {t for nombre in firmas for t in TIPOS if Path(nombre).stem.startswith(t)}
    assert usadas == set(TIPOS)  # cada plantilla Word hace al menos un documento
    return firmas


def _con_libreoffice(plantillas: Path) -> None:
    if not shutil.which("soffice"):
        pytest.skip("falta LibreOffice (soffice)")
    salida = plantillas.parent / "lo"
    rutas = [str(plantillas / t / f"{t}.docx") for t in TIPOS]
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{plantillas.parent}/perfil",
                    "--convert-to", "docx", "--outdir", str(salida), *rutas], check=True, capture_output=True,
                   timeout=240)
    for t in TIPOS:
        shutil.copyfile(salida / f"{t}.docx", plantillas / t / f"{t}.docx")


def _con_python_docx(plantillas: Path) -> None:
    for t in TIPOS:
        Document(plantillas / t / f"{t}.docx").save(plantillas / t / f"{t}.docx")


def _como_word_en_castellano(plantillas: Path) -> None:
    """Renombra los estilos integrados como un Word en castellano (nombre y styleId), y cada
    referencia a ellos."""
    for t in TIPOS:
        ruta = plantillas / t / f"{t}.docx"
        estilos = zipfile.ZipFile(ruta).read("word/styles.xml").decode("utf-8")
        renombres = {}
        for ident, nombre in re.findall(r'w:styleId="([^"]+)"><w:name w:val="([^"]+)"', estilos):
            for original, (es, id_es) in ESPANOL.items():
                nivel = re.fullmatch(r"heading (\d)", nombre, re.IGNORECASE)
                if nivel and original == "heading {n}":
                    renombres[ident] = (nombre, es.format(n=nivel.group(1)), id_es.format(n=nivel.group(1)))
                elif normalizar(nombre) == normalizar(original):
                    renombres[ident] = (nombre, es, id_es)

        def cambio(parte, xml, renombres=renombres):
            for ident, (nombre, es, id_es) in renombres.items():
                xml = re.sub(rf'w:val="{re.escape(ident)}"', f'w:val="{id_es}"', xml)
                xml = xml.replace(f'w:styleId="{ident}"', f'w:styleId="{id_es}"')
                xml = xml.replace(f'<w:name w:val="{nombre}"/>', f'<w:name w:val="{es}"/>')
            return xml
        assert renombres, t
        cambiar_partes_docx(ruta, cambio)


@pytest.mark.parametrize("guardar", [_con_libreoffice, _con_python_docx, _como_word_en_castellano],
                         ids=["libreoffice", "python-docx", "word-en-castellano"])
def test_las_plantillas_siguen_sirviendo(tmp_path, originales, guardar):
    plantillas = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)
    guardar(plantillas)
    despues = _construir(tmp_path / "p", plantillas)
    assert despues.keys() == originales.keys()
    for nombre, firma_original in originales.items():
        assert despues[nombre] == firma_original, nombre
    # hay títulos, listas, vínculos, tablas y notas que comparar
    todas = list(originales.values())
    assert any(c.startswith("Heading") for f in todas for c, _ in f["parrafos"])
    assert any(c == "lista" for f in todas for c, _ in f["parrafos"])
    assert any(f["vinculos"] for f in todas) and any(f["tablas"] for f in todas)
    assert any(f["anclas"] for f in todas)  # el índice del informe


def test_una_marca_partida_como_la_deja_word(tmp_path):
    plantillas = tmp_path / "plantillas"
    shutil.copytree(PLANTILLAS, plantillas)

    def partir(parte, xml):
        if parte != "word/document.xml":
            return xml
        partida = ('<w:t xml:space="preserve">{{ </w:t></w:r><w:proofErr w:type="spellStart"/>'
                   '<w:r w:rsidR="00A1B2C3" w:rsidRPr="00D4E5F6"><w:t>titulo</w:t></w:r>'
                   '<w:proofErr w:type="spellEnd"/><w:r w:rsidR="00A1B2C3"><w:t xml:space="preserve"> }}</w:t>')
        assert "<w:t>{{ titulo }}</w:t>" in xml
        return xml.replace("<w:t>{{ titulo }}</w:t>", partida, 1)
    cambiar_partes_docx(plantillas / "nota" / "nota.docx", partir)
    p = Proyecto(tmp_path / "p")
    p.fuente("experiencias/x/nota.md", con_urls())
    r = p.correr("construir", "nota", formato="docx", plantillas=plantillas)
    assert r.exit_code == 0, r.output
    textos = [x.text for x in Document(p.salida / "experiencias" / "x" / "nota.docx").paragraphs]
    assert any(t.startswith("Reuniones de socialización de lecciones aprendidas") for t in textos)
