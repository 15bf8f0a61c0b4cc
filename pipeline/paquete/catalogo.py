"""El catálogo del paquete: ``catalogo.json``, ``catalogo.csv`` e ``index.html`` (se abre sin
red ni servidor, con filtros por tipo, categoría, región y año, y búsqueda)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from .metadatos import DC


def escribir_json(ruta: Path, registros: list[dict]) -> None:
    ruta.write_text(json.dumps(registros, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")


def escribir_csv(ruta: Path, registros: list[dict], archivos: list[str]) -> None:
    """Una fila por documento; ``archivos``: las columnas de sus archivos (una por extensión)."""
    columnas = ["id", "tipo", "categoria", "region", "anio", "servicio", *DC, *archivos]
    texto = io.StringIO()
    escritor = csv.writer(texto, lineterminator="\n")
    escritor.writerow(columnas)
    for r in registros:
        fila = []
        for c in columnas:
            valor = r["archivos"][c] if c in archivos else r[c]
            fila.append("||".join(valor) if isinstance(valor, list) else valor)
        escritor.writerow(fila)
    ruta.write_text(texto.getvalue(), encoding="utf-8")


def escribir_indice(ruta: Path, registros: list[dict], plantillas: Path, fecha: dt.date) -> None:
    from ..render import entorno_html

    datos = json.dumps(registros, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")

    def opciones(clave):
        return sorted({r[clave] for r in registros if r[clave]})

    html = entorno_html(plantillas).get_template("paquete/index.html").render(
        registros=registros, datos=datos, fecha=fecha.isoformat(),
        categorias=opciones("categoria"), regiones=opciones("region"), anios=opciones("anio"),
        tipos=sorted({(r["tipo"], r["tipo_nombre"]) for r in registros}))
    ruta.write_text(html, encoding="utf-8")
