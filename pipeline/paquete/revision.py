"""El paquete de revisión (``sistematiza paquete --revision``): el mismo paquete, con todo lo
que se publicaría si se resolvieran sus bloqueos (ejemplos y borradores incluidos), cada PDF con
la marca de agua «BORRADOR — no publicar», y ``revision.html``: por documento, su estado de
publicación y exactamente qué lo bloquea.

Un documento con datos personales no entra ni al paquete de revisión: la página dice dónde
están (sin mostrarlos) y el documento queda fuera.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path

from .seleccion import BLOQUEADO, CON_ERRORES, NO_SE_PUBLICA, PUBLICABLE, Entrada

MARCA = "BORRADOR — no publicar"
ORDEN_ESTADOS = (PUBLICABLE, BLOQUEADO, CON_ERRORES, NO_SE_PUBLICA)


@lru_cache(maxsize=8)
def _sello(ancho: float, alto: float, texto: str) -> bytes:
    """Una página transparente del tamaño dado con ``texto`` en diagonal (WeasyPrint)."""
    from ..render.pdf import calentar

    calentar()
    from weasyprint import HTML

    lado = min(ancho, alto)
    html = (f"<html lang='es-PE'><style>@page {{ size: {ancho}pt {alto}pt; margin: 0 }}"
            "body { margin: 0 } div { position: absolute; left: 50%; top: 50%; white-space: nowrap;"
            f" font: bold {lado / 17:.0f}pt 'Liberation Sans', sans-serif; color: rgba(176, 0, 32, 0.3);"
            " transform: translate(-50%, -50%) rotate(-35deg) }</style>"
            f"<body><div>{texto}</div></body></html>")
    return HTML(string=html).write_pdf()


def marcar_borrador(origen: Path, destino: Path, fecha: dt.date) -> None:
    """Copia el PDF con la marca de agua en cada página (y «BORRADOR» en su título)."""
    from pypdf import PdfReader, PdfWriter

    lector = PdfReader(origen)
    escritor = PdfWriter(clone_from=lector)
    for pagina in escritor.pages:
        ancho, alto = round(float(pagina.mediabox.width), 1), round(float(pagina.mediabox.height), 1)
        pagina.merge_page(PdfReader(io.BytesIO(_sello(ancho, alto, MARCA))).pages[0])
    metadatos = {k: str(v) for k, v in (lector.metadata or {}).items()}
    metadatos["/Title"] = f"[{MARCA}] " + metadatos.get("/Title", "")
    metadatos["/CreationDate"] = metadatos["/ModDate"] = fecha.strftime("D:%Y%m%d000000Z")
    escritor.add_metadata(metadatos)
    escritor._ID = None  # sin identificador al azar: el mismo borrador, los mismos bytes
    with open(destino, "wb") as f:
        escritor.write(f)


def escribir_pagina(ruta: Path, entradas: list[Entrada], incluidos: dict[str, str], plantillas: Path,
                    fecha: dt.date) -> None:
    """``revision.html``: cada fuente con su estado y sus bloqueos (plantilla de la SGIC:
    ``plantillas/paquete/revision.html``)."""
    from ..render import entorno_html

    filas = sorted(entradas, key=lambda e: (ORDEN_ESTADOS.index(e.estado), e.fuente))
    cuentas = {estado: sum(1 for e in entradas if e.estado == estado) for estado in ORDEN_ESTADOS}
    html = entorno_html(plantillas).get_template("paquete/revision.html").render(
        entradas=[{"fuente": e.fuente, "tipo": e.tipo, "titulo": e.titulo, "estado": e.estado,
                   "bloqueos": e.bloqueos, "archivo": incluidos.get(e.fuente)} for e in filas],
        cuentas=cuentas, fecha=fecha.isoformat(), marca=MARCA)
    ruta.write_text(html, encoding="utf-8")
