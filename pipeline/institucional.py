"""Datos institucionales que la SGIC mantiene en ``plantillas/comun/`` (no en el código)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errores import ErrorFuente, Problema, ruta_legible
from .fuentes import leer_yaml

DENOMINACIONES = "comun/denominaciones.yml"
IDENTIDAD = "comun/identidad.yml"
TEXTOS = "textos.yml"


def identidad(plantillas: Path) -> dict:
    """La identidad del Programa (ministerio, programa, colores, texto alternativo del logo),
    de ``plantillas/comun/identidad.yml``: la usan todas las plantillas y el CSS."""
    return datos_de_plantillas(plantillas, IDENTIDAD)


def textos(plantillas: Path, tipo: str) -> dict:
    """Los textos fijos de un tipo: los de ``plantillas/comun/textos.yml`` y, encima, los de
    ``plantillas/<tipo>/textos.yml``. Los leen la plantilla Word y la HTML (``texto('clave')``)."""
    return {**datos_opcionales(plantillas, f"comun/{TEXTOS}"), **datos_opcionales(plantillas, f"{tipo}/{TEXTOS}")}


def datos_opcionales(plantillas: Path, relativa: str) -> dict:
    """Un archivo de datos de la SGIC que puede faltar (textos, reglas): {} si no está."""
    return datos_de_plantillas(plantillas, relativa) if (plantillas / relativa).is_file() else {}


def datos_de_plantillas(plantillas: Path, relativa: str) -> dict:
    """Un archivo YAML que la SGIC mantiene en ``plantillas/``, leído una vez mientras no cambie
    (un proceso largo, como la vista previa, ve la corrección de la SGIC sin reiniciarse).
    Debe estar dentro de ``plantillas/`` (también si es un enlace simbólico)."""
    try:  # la versión del archivo (siguiendo enlaces); resolver la carpeta, solo al leerlo
        marca = (plantillas / relativa).stat()
        version = (marca.st_mtime_ns, marca.st_size, marca.st_ino, marca.st_dev)
    except OSError:
        version = None
    return _datos_de_plantillas(plantillas, relativa, version)


@lru_cache(maxsize=64)
def _datos_de_plantillas(plantillas: Path, relativa: str, version: tuple | None) -> dict:
    plantillas = plantillas.resolve()
    ruta = plantillas / relativa
    if not ruta.is_file():
        raise ErrorFuente([Problema(ruta_legible(ruta), None,
            "falta este archivo de datos de las plantillas (la SGIC lo mantiene en plantillas/)")])
    datos = leer_yaml(ruta, plantillas)
    if not isinstance(datos, dict):
        raise ErrorFuente([Problema(ruta_legible(ruta), 1,
            "el archivo debe ser una lista de campos «nombre: valor»")])
    return datos


def encabezado_oficial(plantillas: Path, anio: int, archivo: str, linea: int | None) -> dict:
    """El decenio y el nombre oficial del año, para el encabezado de un documento oficial.

    Un año que no está en ``denominaciones.yml`` es un error que nombra el año (y el lugar de
    la fuente que lo pide), nunca un encabezado en blanco.
    """
    ruta = plantillas / DENOMINACIONES
    datos = datos_de_plantillas(plantillas, DENOMINACIONES)
    anio_datos = (datos.get("anios") or {}).get(anio)
    if not anio_datos or not anio_datos.get("nombre"):
        raise ErrorFuente([Problema(archivo, linea,
            f"el año {anio} no tiene denominación oficial en {ruta_legible(ruta)}; la SGIC debe "
            "agregarla (nombre del año y decreto) antes de generar este documento")])
    decenio = datos.get("decenio") or {}
    en_decenio = decenio.get("desde", 0) <= anio <= decenio.get("hasta", 0)
    return {"decenio": decenio.get("nombre") if en_decenio else None,
            "anio": anio_datos["nombre"], "norma_anio": anio_datos.get("norma")}
