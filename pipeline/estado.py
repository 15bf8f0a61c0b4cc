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
from functools import lru_cache
from pathlib import Path
from typing import IO

VERSION_ESTADO = 3
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

    def carpeta(self, ruta: str | Path, patron: str = "**/*", extensiones: str = "") -> str:
        """Huella de los nombres y contenidos de los archivos de una carpeta (con
        ``extensiones``, «docx,png», solo los de esas extensiones)."""
        clave = f"{ruta}::{patron}::{extensiones}"
        if clave not in self._cache:
            base = Path(ruta)
            sufijos = {"." + e for e in extensiones.split(",") if e}
            archivos = sorted(p for p in base.glob(patron) if p.is_file()
                              and (not sufijos or p.suffix.lower() in sufijos)) if base.is_dir() else []
            h = hashlib.blake2b(digest_size=16)
            for p in archivos:
                h.update(str(p.relative_to(base)).encode())
                h.update(self.archivo(p).encode())
            self._cache[clave] = h.hexdigest()
        return self._cache[clave]

    def de(self, dependencia: str) -> str:
        """Una dependencia es un archivo; o «carpeta:RUTA»; «md:RUTA» (los .md de una carpeta);
        «archivos:RUTA:ext,ext» (los de esas extensiones, en toda la carpeta); «valor:HUELLA»
        (un dato que no es un archivo, como una fila de una tabla: su huella es él mismo); o
        «numeros:RUTA:TIPO» (las fuentes de un tipo numerado, ``numeracion.py``)."""
        if dependencia.startswith("carpeta:"):
            return self.carpeta(dependencia[8:])
        if dependencia.startswith("md:"):
            return self.carpeta(dependencia[3:], "*.md")
        if dependencia.startswith("archivos:"):
            ruta, _, extensiones = dependencia[9:].rpartition(":")
            return self.carpeta(ruta, "**/*", extensiones)
        if dependencia.startswith("valor:"):
            return dependencia[6:]
        if dependencia.startswith("numeros:"):  # las fuentes de un tipo numerado (numeracion.py)
            ruta, _, tipo = dependencia[8:].rpartition(":")
            clave = f"numeros::{ruta}::{tipo}"
            if clave not in self._cache:
                from .numeracion import huella
                nombre, _, datos = tipo.partition("+")
                self._cache[clave] = huella(Path(ruta), nombre, self.archivo, con_datos=bool(datos))
            return self._cache[clave]
        return self.archivo(dependencia)


@lru_cache(maxsize=1)
def version_programa() -> str:
    """Huella del código del programa y de las bibliotecas que renderizan."""
    h = hashlib.blake2b(digest_size=16)
    paquete = Path(__file__).resolve().parent
    for ruta in sorted(paquete.rglob("*.py")):
        h.update(str(ruta.relative_to(paquete)).encode())
        h.update(ruta.read_bytes())
    for modulo in ("docxtpl", "docx", "weasyprint", "markdown", "jinja2", "babel"):
        h.update(_huella_biblioteca(modulo).encode())
    return h.hexdigest()


def _huella_biblioteca(modulo: str) -> str:
    """Dónde está instalada una biblioteca y la fecha y el tamaño de su módulo principal, que
    cambian al instalar otra versión; sin importarla (importlib.metadata solo para cargarse
    tarda más que revisar una construcción sin cambios)."""
    import importlib.util

    try:
        especificacion = importlib.util.find_spec(modulo)
        if especificacion is None or not especificacion.origin:
            return f"{modulo}=-"
        datos = os.stat(especificacion.origin)
    except (ImportError, ValueError, OSError):
        return f"{modulo}=-"
    return f"{modulo}={especificacion.origin}:{datos.st_mtime_ns}:{datos.st_size}"


class Estado:
    """El estado de una carpeta de salida, por documento (una fuente o una fila de una tabla):
    ``{clave: {tipo, grupo, avisos, salidas: {formato: {ruta, deps, parametros}}}}``. Cada
    formato guarda sus propias dependencias: una plantilla Word cambiada rehace solo los DOCX."""

    def __init__(self, salida: Path):
        self.ruta = salida / CARPETA / "estado.json"
        self.documentos: dict[str, dict] = {}
        self.programa = ""
        self.danado = False
        self.cambiado = True  # hasta que se cargue un estado vigente

    def cargar(self, programa: str) -> None:
        self.programa = programa
        try:
            datos = json.loads(self.ruta.read_text(encoding="utf-8"))
            if datos.get("version") != VERSION_ESTADO or datos.get("programa") != programa:
                return  # otro programa u otro formato: se reconstruye todo
            self.documentos = {k: v for k, v in datos["documentos"].items()
                               if isinstance(v, dict) and isinstance(v.get("salidas"), dict)}
            self.cambiado = False
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.danado = True
            self.documentos = {}

    def al_dia(self, clave: str, formato: str, ruta: Path, huellas: Huellas, parametros: str = "") -> bool:
        """¿La salida de ``clave`` en ``formato`` existe en ``ruta`` y nada de lo que usa cambió?"""
        salida = self.documentos.get(clave, {}).get("salidas", {}).get(formato)
        if not isinstance(salida, dict) or salida.get("ruta") != str(ruta):
            return False
        if salida.get("parametros", "") != parametros or not ruta.is_file():
            return False
        deps = salida.get("deps")
        return isinstance(deps, dict) and all(huellas.de(d) == v for d, v in deps.items())

    def registrar(self, clave: str, tipo: str | None, grupo: str, avisos: list[dict],
                  salidas: dict[str, tuple[Path, dict[str, str]]], parametros: str = "") -> None:
        """Anota las ``salidas`` recién hechas ({formato: (ruta, deps)}); las de otros formatos
        que ya estaban se conservan (cada una sabe de qué depende)."""
        anterior = self.documentos.get(clave, {})
        todas = dict(anterior.get("salidas", {})) if anterior.get("grupo") == grupo else {}
        for formato, (ruta, deps) in salidas.items():
            todas[formato] = {"ruta": str(ruta), "deps": deps, "parametros": parametros}
        self.documentos[clave] = {"tipo": tipo, "grupo": grupo, "avisos": avisos, "salidas": todas}
        self.cambiado = True

    def salidas(self, clave: str) -> dict[str, str]:
        """Las rutas de las salidas registradas de ``clave``, por formato."""
        return {f: s["ruta"] for f, s in self.documentos.get(clave, {}).get("salidas", {}).items()
                if isinstance(s, dict) and isinstance(s.get("ruta"), str)}

    def olvidar(self, clave: str) -> dict[str, str]:
        """Quita ``clave`` y devuelve las rutas de sus salidas (para borrarlas)."""
        rutas = self.salidas(clave)
        if self.documentos.pop(clave, None) is not None:
            self.cambiado = True
        return rutas

    def guardar(self) -> None:
        """Escribe el estado (si algo cambió desde que se cargó)."""
        if not self.cambiado:
            return
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
        self._archivo: IO[str] | None = None

    def tomar(self) -> bool:
        import fcntl

        self.ruta.parent.mkdir(parents=True, exist_ok=True)
        archivo = self._archivo = open(self.ruta, "w")  # noqa: SIM115 — se cierra en soltar()
        try:
            fcntl.flock(archivo, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            archivo.close()
            self._archivo = None
            return False
        return True

    def soltar(self) -> None:
        if self._archivo is not None:
            self._archivo.close()
            self._archivo = None
