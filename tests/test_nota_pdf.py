"""La nota real, leída de vuelta del PDF con pypdf: mismo contenido que el DOCX."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from .conftest import URL_PPT, URL_VIDEO
from .test_nota_docx import CIFRAS, SECCIONES, TITULO


@pytest.fixture(scope="module")
def pdf(nota_construida):
    return PdfReader(nota_construida / "nota.pdf")


@pytest.fixture(scope="module")
def texto(pdf) -> str:
    # una sola línea: los saltos del PDF no importan para buscar frases
    return " ".join(" ".join(p.extract_text() for p in pdf.pages).split())


def _plano(s: str) -> str:
    return " ".join(s.split())


def test_titulo_numero_practica_y_secciones(texto):
    assert _plano(TITULO) in texto
    assert "N.º 001-2024" in texto
    assert "BUENA PRÁCTICA" in texto  # en mayúsculas por la hoja de estilos
    for seccion in SECCIONES + ["Metodología", "Conoce más de la experiencia aquí:"]:
        assert _plano(seccion) in texto, seccion


def test_cifras_y_nota_de_la_encuesta(texto):
    for etiqueta, valor in CIFRAS:
        assert etiqueta.upper() in texto  # las etiquetas van en versalitas (mayúsculas)
        assert _plano(valor) in texto
    assert "35 reuniones y 2 283 asistentes" in texto
    assert "(*) Resultados de encuesta aplicada en el 2023 en el Programa Nacional Aurora." in texto


def test_listas_completas(texto):
    assert ("Es necesario hacer seguimiento a las unidades de línea para asegurar la "
            "incorporación de las lecciones aprendidas y las recomendaciones.") in texto
    assert '"Actualización de la experiencia"' in texto


def test_enlaces_son_vinculos_del_pdf(pdf):
    uris = set()
    for pagina in pdf.pages:
        for anotacion in pagina.get("/Annots") or []:
            accion = anotacion.get_object().get("/A")
            if accion and accion.get("/URI"):
                uris.add(accion["/URI"])
    assert uris == {URL_VIDEO, URL_PPT}


def test_a4_numeros_de_pagina_e_identidad(pdf):
    total = len(pdf.pages)
    for i, pagina in enumerate(pdf.pages, start=1):
        ancho, alto = float(pagina.mediabox.width), float(pagina.mediabox.height)
        assert abs(ancho - 595.28) < 1 and abs(alto - 841.89) < 1
        texto = _plano(pagina.extract_text())
        assert f"Página {i} de {total}" in texto
        assert "Programa Nacional AURORA" in texto
        assert "Nota del conocimiento N.º 001-2024" in texto


def test_metadatos_idioma_y_fuentes_incrustadas(pdf):
    assert pdf.metadata.title == TITULO
    assert pdf.metadata.author == "Programa Nacional AURORA"
    assert pdf.trailer["/Root"]["/Lang"] == "es-PE"
    fuentes = set()
    for pagina in pdf.pages:
        recursos = pagina["/Resources"].get("/Font") or {}
        for fuente in recursos.values():
            fuente = fuente.get_object()
            descendiente = fuente["/DescendantFonts"][0].get_object()
            descriptor = descendiente["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, fuente["/BaseFont"]
            fuentes.add(re.sub(r"^/?[A-Z]{6}\+", "", fuente["/BaseFont"]))
    assert {"Liberation-Sans", "Liberation-Sans-Bold"} <= fuentes
