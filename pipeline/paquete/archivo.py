"""Cerrar el paquete: ``SHA256SUMS`` y un zip reproducible (mismas fuentes, mismos bytes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import zipfile
from pathlib import Path


def archivos(carpeta: Path) -> list[Path]:
    """Los archivos de la carpeta y sus subcarpetas, en orden (el mismo en cada paquete)."""
    return sorted(p for p in carpeta.rglob("*") if p.is_file())


def escribir_sumas(carpeta: Path) -> None:
    sumas = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(carpeta).as_posix()}"
             for p in archivos(carpeta)]
    (carpeta / "SHA256SUMS").write_text("\n".join(sumas) + "\n", encoding="utf-8")


def zip_reproducible(carpeta: Path, destino: Path, fecha: dt.date) -> None:
    marca = (max(fecha.year, 1980), fecha.month, fecha.day, 0, 0, 0)
    temporal = destino.with_suffix(".zip.tmp")
    try:
        with zipfile.ZipFile(temporal, "w", zipfile.ZIP_DEFLATED) as z:
            for ruta in archivos(carpeta):
                info = zipfile.ZipInfo(f"{carpeta.name}/{ruta.relative_to(carpeta).as_posix()}",
                                       date_time=marca)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, ruta.read_bytes())
        os.replace(temporal, destino)
    finally:
        temporal.unlink(missing_ok=True)


def reemplazar(carpeta: Path, final: Path) -> None:
    """Pone la carpeta armada en su lugar definitivo (lo que había ahí, se va)."""
    if final.is_symlink() or final.is_file():
        final.unlink()
    elif final.exists():
        shutil.rmtree(final)
    os.replace(carpeta, final)


def borrar_temporales(carpeta: Path) -> None:
    """Las carpetas temporales que dejó un paquete interrumpido («.nombre-fecha.xxxx»)."""
    for vieja in carpeta.glob(".*-*.*"):
        if vieja.is_dir() and not vieja.is_symlink():
            shutil.rmtree(vieja, ignore_errors=True)
    for vieja in carpeta.glob("*.zip.tmp"):
        vieja.unlink(missing_ok=True)
