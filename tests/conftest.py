"""Utilidades de las pruebas: construir con la CLI real sobre carpetas temporales."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import principal

RAIZ = Path(__file__).resolve().parent.parent
PLANTILLAS = RAIZ / "plantillas"
EJEMPLO = RAIZ / "contenido" / "experiencias" / "reuniones-socializacion-lecciones-aprendidas"
FUENTE_EJEMPLO = (EJEMPLO / "nota.md").read_text(encoding="utf-8")

# Las direcciones que la nota original no conserva; en las pruebas, unas de ejemplo.
URL_VIDEO = "https://www.youtube.com/watch?v=ejemplo-aurora"
URL_PPT = "https://www.gob.pe/aurora/presentacion-ejemplo.pptx?a=1&b=2"


def con_urls(texto: str = FUENTE_EJEMPLO) -> str:
    return (texto
            .replace("  - texto: Click para ver el video\n",
                     f"  - texto: Click para ver el video\n    url: {URL_VIDEO}\n")
            .replace("  - texto: Accede aquí a la presentación Power Point\n",
                     f"  - texto: Accede aquí a la presentación Power Point\n    url: \"{URL_PPT}\"\n"))


class Proyecto:
    """Una carpeta contenido/ + salida/ temporal donde escribir fuentes y construir."""

    def __init__(self, raiz: Path):
        self.raiz = raiz
        self.contenido = raiz / "contenido"
        self.salida = raiz / "salida"
        self.contenido.mkdir(parents=True)

    def fuente(self, ruta: str, texto: str | bytes) -> Path:
        destino = self.contenido / ruta
        destino.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(texto, bytes):
            destino.write_bytes(texto)
        else:
            destino.write_text(texto, encoding="utf-8")
        return destino

    def correr(self, *args: str, formato: str | None = None, plantillas: Path = PLANTILLAS):
        argumentos = list(args) + ([] if args and args[0] == "plantillas" else ["--contenido", "contenido"])
        if args and args[0] == "construir":
            argumentos += ["--salida", "salida"]
            if formato:
                argumentos += ["--formato", formato]
        if args and args[0] == "lote":
            argumentos = list(args) + ["--contenido", "contenido", "--salida", "salida"]
            if formato:
                argumentos += ["--formato", formato]
        if args and args[0] in ("construir", "validar", "nueva", "lote", "plantillas"):
            argumentos += ["--plantillas", str(plantillas)]
        anterior = os.getcwd()
        os.chdir(self.raiz)  # como quien trabaja en su proyecto: rutas relativas en los mensajes
        try:
            return CliRunner().invoke(principal, argumentos)
        finally:
            os.chdir(anterior)

    def salidas(self) -> list[Path]:
        """Los archivos generados (sin el estado interno de la construcción)."""
        if not self.salida.exists():
            return []
        return sorted(p for p in self.salida.rglob("*")
                      if p.is_file() and ".sistematiza" not in p.parts)


@pytest.fixture
def proyecto(tmp_path) -> Proyecto:
    return Proyecto(tmp_path)


@pytest.fixture(scope="session")
def nota_construida(tmp_path_factory):
    """La nota real del ejemplo, con direcciones de prueba en sus enlaces, en DOCX y PDF."""
    p = Proyecto(tmp_path_factory.mktemp("nota"))
    p.fuente("experiencias/reuniones/nota.md", con_urls())
    resultado = p.correr("construir", "nota")
    assert resultado.exit_code == 0, resultado.output
    return p.salida / "experiencias" / "reuniones"


@pytest.fixture(scope="session")
def ejemplo_construido(tmp_path_factory):
    """La nota tal como se distribuye en contenido/ (sin direcciones en los enlaces)."""
    p = Proyecto(tmp_path_factory.mktemp("ejemplo"))
    shutil.copytree(EJEMPLO, p.contenido / "experiencias" / EJEMPLO.name)
    resultado = p.correr("construir")
    return p, resultado


def cambiar_partes_docx(ruta: Path, cambio) -> None:
    """Reescribe las partes XML de un DOCX con ``cambio(nombre, xml) -> xml`` (como si la SGIC
    lo guardara desde Word), sin tocar lo demás."""
    temporal = ruta.with_suffix(".tmp")
    with zipfile.ZipFile(ruta) as z, zipfile.ZipFile(temporal, "w", zipfile.ZIP_DEFLATED) as nuevo:
        for info in z.infolist():
            datos = z.read(info)
            if info.filename.endswith(".xml"):
                datos = cambio(info.filename, datos.decode("utf-8")).encode("utf-8")
            nuevo.writestr(info, datos)
    temporal.replace(ruta)


def cambiar_docx(ruta: Path, viejo: str, nuevo: str) -> None:
    """Cambia la primera aparición de ``viejo`` en el cuerpo (word/document.xml) de un DOCX."""
    def cambio(parte: str, xml: str) -> str:
        if parte != "word/document.xml":
            return xml
        assert viejo in xml, viejo
        return xml.replace(viejo, nuevo, 1)
    cambiar_partes_docx(ruta, cambio)
