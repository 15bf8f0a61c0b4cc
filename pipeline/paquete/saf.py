"""El Simple Archive Format de DSpace: ``saf/item_NNN/`` con ``dublin_core.xml``, ``contents``
(un archivo por línea, ``bundle:ORIGINAL`` y ``primary:true`` en el principal) y los archivos."""

from __future__ import annotations

import shutil
from pathlib import Path

from .metadatos import dublin_core_xml


def escribir_item(carpeta: Path, numero: int, registro: dict, archivos: list[tuple[Path, bool]]) -> None:
    """El ítem ``numero`` (desde 0); ``archivos``: (archivo, ¿es el principal?), en orden."""
    item = carpeta / "saf" / f"item_{numero:03d}"
    item.mkdir(parents=True)
    (item / "dublin_core.xml").write_text(dublin_core_xml(registro), encoding="utf-8")
    lineas = []
    for archivo, principal in archivos:
        shutil.copyfile(archivo, item / archivo.name)
        lineas.append(f"{archivo.name}\tbundle:ORIGINAL" + ("\tprimary:true" if principal else ""))
    (item / "contents").write_text("".join(f"{linea}\n" for linea in lineas), encoding="utf-8")


def es_copia(relativa: str) -> bool:
    """Los documentos del SAF son copias byte a byte de los de documentos/ (ya revisados)."""
    return relativa.startswith("saf/") and not relativa.endswith(("/contents", "/dublin_core.xml"))
