"""Revisar un paquete ya hecho (CI lo hace tras armarlo): sumas de control y árbol SAF."""

from __future__ import annotations

import hashlib
from pathlib import Path
from xml.etree import ElementTree as ET

from .archivo import archivos

NECESARIOS = (("title", "none"), ("contributor", "author"), ("date", "issued"), ("type", "none"),
              ("language", "iso"))


def verificar(carpeta: Path) -> list[str]:
    """Las fallas del paquete en ``carpeta`` (vacía si está bien)."""
    sumas = carpeta / "SHA256SUMS"
    if not sumas.is_file():
        return [f"{carpeta}: falta SHA256SUMS"]
    fallas, listados = _sumas(carpeta, sumas)
    presentes = {p.relative_to(carpeta).as_posix() for p in archivos(carpeta)}
    fallas += [f"{nombre}: no está en SHA256SUMS" for nombre in sorted(presentes - listados - {"SHA256SUMS"})]
    for item in sorted((carpeta / "saf").glob("item_*")):
        fallas += _item(item)
    return fallas


def _sumas(carpeta: Path, sumas: Path) -> tuple[list[str], set[str]]:
    fallas, listados = [], set()
    for linea in sumas.read_text(encoding="utf-8").splitlines():
        suma, nombre = linea.split("  ", 1)
        listados.add(nombre)
        archivo = carpeta / nombre
        if not archivo.is_file() or hashlib.sha256(archivo.read_bytes()).hexdigest() != suma:
            fallas.append(f"{nombre}: la suma de control no coincide")
    return fallas, listados


def _item(item: Path) -> list[str]:
    fallas = []
    raiz = ET.parse(item / "dublin_core.xml").getroot()
    if raiz.tag != "dublin_core" or not raiz.findall("dcvalue"):
        fallas.append(f"{item.name}/dublin_core.xml: no es un dublin_core de DSpace")
    elementos = {(v.get("element"), v.get("qualifier")) for v in raiz.findall("dcvalue")}
    for necesario in NECESARIOS:
        if necesario not in elementos:
            fallas.append(f"{item.name}/dublin_core.xml: falta dc."
                          + ".".join(n for n in necesario if n != "none"))
    for linea in (item / "contents").read_text(encoding="utf-8").splitlines():
        archivo = linea.split("\t")[0]
        if not (item / archivo).is_file():
            fallas.append(f"{item.name}/contents: no existe {archivo}")
    return fallas
