"""Datos institucionales que la SGIC mantiene en ``plantillas/comun/`` (no en el código)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errores import ErrorFuente, Problema, ruta_legible
from .fuentes import leer_yaml

DENOMINACIONES = "comun/denominaciones.yml"


@lru_cache(maxsize=16)
def datos_de_plantillas(ruta: Path) -> dict:
    """Un archivo YAML que la SGIC mantiene en ``plantillas/``, leído una vez por proceso."""
    return leer_yaml(ruta)


def encabezado_oficial(plantillas: Path, anio: int, archivo: str, linea: int | None) -> dict:
    """El decenio y el nombre oficial del año, para el encabezado de un documento oficial.

    Un año que no está en ``denominaciones.yml`` es un error que nombra el año (y el lugar de
    la fuente que lo pide), nunca un encabezado en blanco.
    """
    ruta = plantillas / DENOMINACIONES
    if not ruta.is_file():
        raise ErrorFuente([Problema(ruta_legible(ruta), None,
            "falta el archivo de denominaciones oficiales de los años")])
    datos = datos_de_plantillas(ruta.resolve())
    anio_datos = (datos.get("anios") or {}).get(anio)
    if not anio_datos or not anio_datos.get("nombre"):
        raise ErrorFuente([Problema(archivo, linea,
            f"el año {anio} no tiene denominación oficial en {ruta_legible(ruta)}; la SGIC debe "
            "agregarla (nombre del año y decreto) antes de generar este documento")])
    decenio = datos.get("decenio") or {}
    en_decenio = decenio.get("desde", 0) <= anio <= decenio.get("hasta", 0)
    return {"decenio": decenio.get("nombre") if en_decenio else None,
            "anio": anio_datos["nombre"], "norma_anio": anio_datos.get("norma")}
