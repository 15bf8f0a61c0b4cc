"""Dibujos hechos de datos, para los dos formatos: la línea de tiempo del informe.

Una sola disposición (dónde va cada hito, cómo se parte cada texto, medido con la misma fuente
que usan los documentos, Liberation Sans de ``plantillas/comun/fuentes/``) se dibuja dos veces:
como SVG dentro del HTML del PDF (texto real, seleccionable) y como imagen PNG para Word
(Pillow), con el mismo texto alternativo, que enumera los hitos.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ANCHO = 1600  # unidades del dibujo: 10 por milímetro en 160 mm (el ancho del texto en A4)
MARGEN = 30
TAM_FECHA = 30
TAM_HITO = 28
INTERLINEA = 1.25
SEPARACION = 50  # del eje a la etiqueta


@dataclass(frozen=True)
class Dibujo:
    """Un dibujo listo para las plantillas: SVG (PDF), PNG (Word), texto alternativo y leyenda."""

    svg: str
    png: bytes
    alt: str
    leyenda: str
    ancla: str = ""  # el id de la figura en el HTML (para el índice de figuras del PDF)
    ancho_mm: float = 160.0


@dataclass(frozen=True)
class _Etiqueta:
    x: float
    arriba: bool
    fecha: str
    lineas: tuple[str, ...]


@lru_cache(maxsize=4)
def _fuente(carpeta: str, negrita: bool, tam: int):
    from PIL import ImageFont

    nombre = "LiberationSans-Bold.ttf" if negrita else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(Path(carpeta) / nombre), tam)


def _partir(texto: str, ancho: float, fuente) -> list[str]:
    """El texto en líneas que caben en ``ancho`` (una palabra más larga queda sola)."""
    lineas: list[str] = []
    actual = ""
    for palabra in texto.split():
        prueba = f"{actual} {palabra}".strip()
        if actual and fuente.getlength(prueba) > ancho:
            lineas.append(actual)
            actual = palabra
        else:
            actual = prueba
    if actual:
        lineas.append(actual)
    return lineas[:8] if len(lineas) <= 8 else lineas[:7] + [lineas[7] + " …"]


def linea_de_tiempo(hitos: list[tuple[str, str]], fuentes: Path, colores: dict[str, str],
                    leyenda: str, ancla: str = "") -> Dibujo:
    """``hitos``: (fecha ya escrita, hito), en orden. Los hitos alternan arriba y abajo del eje."""
    regular = _fuente(str(fuentes), False, TAM_HITO)
    n = len(hitos)
    paso = (ANCHO - 2 * MARGEN) / n
    caja = min(2 * paso - 24, 420)
    etiquetas = []
    for i, (fecha, hito) in enumerate(hitos):
        x = MARGEN + paso * (i + 0.5)
        x = min(max(x, MARGEN + caja / 2), ANCHO - MARGEN - caja / 2) if n > 1 else ANCHO / 2
        etiquetas.append(_Etiqueta(x, i % 2 == 0, fecha, tuple(_partir(hito, caja, regular))))
    alto_linea = TAM_HITO * INTERLINEA
    alto_etiqueta = max(TAM_FECHA * INTERLINEA + len(e.lineas) * alto_linea for e in etiquetas)
    eje = MARGEN + alto_etiqueta + SEPARACION
    alto = int(eje + SEPARACION + alto_etiqueta + MARGEN) if n > 1 else int(eje + MARGEN)
    alt = "Línea de tiempo: " + "; ".join(f"{f}: {h}" for f, h in hitos) + "."
    morado = colores.get("morado", "#5c2d82")
    texto = colores.get("texto", "#1a1a1a")
    gris = colores.get("gris", "#404040")
    return Dibujo(_svg(etiquetas, eje, alto, alt, morado, texto, gris),
                  _png(etiquetas, eje, alto, fuentes, morado, texto, gris), alt, leyenda, ancla)


def _y_textos(e: _Etiqueta, eje: float) -> tuple[float, list[float]]:
    """La línea base de la fecha y de cada línea del hito."""
    alto_linea = TAM_HITO * INTERLINEA
    if e.arriba:
        ultima = eje - SEPARACION
        bases = [ultima - alto_linea * (len(e.lineas) - 1 - k) for k in range(len(e.lineas))]
        fecha = (bases[0] if bases else ultima) - alto_linea - 2
    else:
        fecha = eje + SEPARACION + TAM_FECHA
        bases = [fecha + TAM_FECHA * 0.3 + alto_linea * (k + 1) for k in range(len(e.lineas))]
    return fecha, bases


def _svg(etiquetas: list[_Etiqueta], eje: float, alto: int, alt: str, morado: str, texto: str,
         gris: str) -> str:
    partes = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {ANCHO} {alto}" width="160mm" '
              f'role="img" aria-label={quoteattr(alt)} font-family="Liberation Sans">',
              f"<title>{escape(alt)}</title>",
              f'<line x1="{MARGEN}" y1="{eje}" x2="{ANCHO - MARGEN}" y2="{eje}" stroke="{morado}" stroke-width="5"/>']
    for e in etiquetas:
        fecha, bases = _y_textos(e, eje)
        extremo = eje - SEPARACION + 8 if e.arriba else eje + SEPARACION - 8
        partes.append(f'<line x1="{e.x:.1f}" y1="{eje}" x2="{e.x:.1f}" y2="{extremo}" stroke="{gris}" '
                      'stroke-width="2"/>')
        partes.append(f'<circle cx="{e.x:.1f}" cy="{eje}" r="11" fill="{morado}"/>')
        partes.append(f'<text x="{e.x:.1f}" y="{fecha:.1f}" text-anchor="middle" font-weight="bold" '
                      f'font-size="{TAM_FECHA}" fill="{morado}">{escape(e.fecha)}</text>')
        for linea, base in zip(e.lineas, bases, strict=True):
            partes.append(f'<text x="{e.x:.1f}" y="{base:.1f}" text-anchor="middle" font-size="{TAM_HITO}" '
                          f'fill="{texto}">{escape(linea)}</text>')
    partes.append("</svg>")
    return "".join(partes)


def _png(etiquetas: list[_Etiqueta], eje: float, alto: int, fuentes: Path, morado: str, texto: str,
         gris: str) -> bytes:
    from PIL import Image, ImageDraw

    imagen = Image.new("RGB", (ANCHO, alto), "white")
    lapiz = ImageDraw.Draw(imagen)
    regular = _fuente(str(fuentes), False, TAM_HITO)
    negrita = _fuente(str(fuentes), True, TAM_FECHA)
    lapiz.line([(MARGEN, eje), (ANCHO - MARGEN, eje)], fill=morado, width=5)
    for e in etiquetas:
        fecha, bases = _y_textos(e, eje)
        extremo = eje - SEPARACION + 8 if e.arriba else eje + SEPARACION - 8
        lapiz.line([(e.x, eje), (e.x, extremo)], fill=gris, width=2)
        lapiz.ellipse([(e.x - 11, eje - 11), (e.x + 11, eje + 11)], fill=morado)
        lapiz.text((e.x, fecha), e.fecha, font=negrita, fill=morado, anchor="ms")
        for linea, base in zip(e.lineas, bases, strict=True):
            lapiz.text((e.x, base), linea, font=regular, fill=texto, anchor="ms")
    salida = io.BytesIO()
    imagen.save(salida, format="PNG", optimize=True)
    return salida.getvalue()
