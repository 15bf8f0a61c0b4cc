"""Estado de la construcción incremental: qué documento se hizo con qué.

Un documento se reconstruye solo si cambió algo de lo que depende, comparando **huellas del
contenido** (no fechas de modificación): su fuente, los datos que hereda (y los archivos de
datos que podrían aparecer en su camino), las otras fuentes que lee, sus imágenes, sus
plantillas y las compartidas (CSS, fuentes, parciales, datos de la SGIC) y la versión del
propio programa. El estado vive en ``salida/.sistematiza/estado.json``; si falta o está
dañado, solo cuesta una reconstrucción completa.

Este módulo usa solo la biblioteca estándar: decidir que no hay nada que hacer no debe pagar
la importación de WeasyPrint, docxtpl ni pydantic.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

VERSION_ESTADO = 2
CARPETA = ".sistematiza"
AUSENTE = "-"  # huella de un archivo que no existe (si aparece, cambia)


def huella_bytes(datos: bytes) -> str:
    return hashlib.blake2b(datos, digest_size=16).hexdigest()


class Huellas:
    """Huellas de archivos y carpetas, calculadas una sola vez por construcción."""

    def __init__(self):
        self._cache: dict[str, str] = {}

    def archivo(self, ruta: str | Path) -> str:
        clave = str(ruta)
        if clave not in self._cache:
            try:
                self._cache[clave] = huella_bytes(Path(ruta).read_bytes())
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                self._cache[clave] = AUSENTE
        return self._cache[clave]

    def carpeta(self, ruta: str | Path, patron: str = "**/*") -> str:
        """Huella de los nombres y contenidos de los archivos de una carpeta."""
        clave = f"{ruta}::{patron}"
        if clave not in self._cache:
            base = Path(ruta)
            archivos = sorted(p for p in base.glob(patron) if p.is_file()) if base.is_dir() else []
            h = hashlib.blake2b(digest_size=16)
            for p in archivos:
                h.update(str(p.relative_to(base)).encode())
                h.update(self.archivo(p).encode())
            self._cache[clave] = h.hexdigest()
        return self._cache[clave]

    def de(self, dependencia: str) -> str:
        """Una dependencia es un archivo, o «carpeta:RUTA» / «md:RUTA» (los .md de una carpeta)."""
        if dependencia.startswith("carpeta:"):
            return self.carpeta(dependencia[8:])
        if dependencia.startswith("md:"):
            return self.carpeta(dependencia[3:], "*.md")
        return self.archivo(dependencia)


def version_programa() -> str:
    """Huella del código del programa y de las versiones de las bibliotecas que renderizan."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.blake2b(digest_size=16)
    paquete = Path(__file__).resolve().parent
    for ruta in sorted(paquete.rglob("*.py")):
        h.update(str(ruta.relative_to(paquete)).encode())
        h.update(ruta.read_bytes())
    for biblioteca in ("docxtpl", "python-docx", "weasyprint", "markdown", "jinja2", "babel"):
        try:
            h.update(f"{biblioteca}={version(biblioteca)}".encode())
        except PackageNotFoundError:
            pass
    return h.hexdigest()


class Estado:
    """El estado de una carpeta de salida: ``{fuente: {tipo, formatos, deps, salidas}}``."""

    def __init__(self, salida: Path):
        self.ruta = salida / CARPETA / "estado.json"
        self.documentos: dict[str, dict] = {}
        self.programa = ""
        self.danado = False

    def cargar(self, programa: str) -> None:
        self.programa = programa
        try:
            datos = json.loads(self.ruta.read_text(encoding="utf-8"))
            if datos.get("version") != VERSION_ESTADO or datos.get("programa") != programa:
                return  # otro programa u otro formato: se reconstruye todo
            self.documentos = {k: v for k, v in datos["documentos"].items()
                               if isinstance(v, dict) and isinstance(v.get("deps"), dict)}
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.danado = True
            self.documentos = {}

    def al_dia(self, fuente: str, formatos, huellas: Huellas, parametros: str = "") -> bool:
        """¿Las salidas de ``fuente`` en ``formatos`` existen y nada de lo que usan cambió?"""
        entrada = self.documentos.get(fuente)
        if not entrada or entrada.get("parametros", "") != parametros:
            return False
        salidas = entrada.get("salidas", {})
        if any(f not in salidas or not Path(salidas[f]).is_file() for f in formatos):
            return False
        return all(huellas.de(dep) == valor for dep, valor in entrada["deps"].items())

    def registrar(self, fuente: str, tipo: str, deps: dict[str, str], salidas: dict[str, str],
                  parametros: str = "", avisos: list[dict] | None = None):
        anterior = self.documentos.get(fuente, {})
        # si antes se hizo otro formato con las mismas dependencias, se conserva
        conservadas = {f: s for f, s in anterior.get("salidas", {}).items()
                       if f not in salidas and anterior.get("deps") == deps
                       and anterior.get("parametros", "") == parametros and Path(s).is_file()}
        self.documentos[fuente] = {"tipo": tipo, "deps": deps, "parametros": parametros,
                                   "salidas": {**conservadas, **salidas}, "avisos": avisos or []}

    def olvidar(self, fuente: str) -> dict:
        return self.documentos.pop(fuente, {})

    def guardar(self) -> None:
        self.ruta.parent.mkdir(parents=True, exist_ok=True)
        temporal = self.ruta.with_suffix(".tmp")
        temporal.write_text(json.dumps({"version": VERSION_ESTADO, "programa": self.programa,
                                        "documentos": self.documentos}, ensure_ascii=False,
                                       sort_keys=True), encoding="utf-8")
        os.replace(temporal, self.ruta)


class Cerrojo:
    """Que dos construcciones sobre la misma salida no se pisen."""

    def __init__(self, salida: Path):
        self.ruta = salida / CARPETA / "cerrojo"
        self._archivo = None

    def tomar(self) -> bool:
        import fcntl

        self.ruta.parent.mkdir(parents=True, exist_ok=True)
        self._archivo = open(self.ruta, "w")
        try:
            fcntl.flock(self._archivo, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._archivo.close()
            self._archivo = None
            return False
        return True

    def soltar(self) -> None:
        if self._archivo is not None:
            self._archivo.close()
            self._archivo = None
