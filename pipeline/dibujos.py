"""Dibujos hechos de datos, para los dos formatos: la línea de tiempo del informe, el cuadro de
actividades por trimestre del plan de trabajo (Gantt) y el avance de cada actividad del informe
de seguimiento (barras).

Cada dibujo se compone una vez sobre un ``Lienzo`` (líneas, rectángulos, círculos y textos,
medidos con la misma fuente que usan los documentos: Liberation Sans de
``plantillas/comun/fuentes/``) y el lienzo se dibuja dos veces: como SVG dentro del HTML del
PDF (texto real, seleccionable) y como imagen PNG para Word (Pillow), con el mismo texto
alternativo.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
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


@lru_cache(maxsize=8)
def _fuente(carpeta: str, negrita: bool, tam: int):
    from PIL import ImageFont

    nombre = "LiberationSans-Bold.ttf" if negrita else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(Path(carpeta) / nombre), tam)


@dataclass
class Lienzo:
    """Las formas de un dibujo, para emitirlas en SVG o pintarlas en PNG sin escribirlas dos veces."""

    ancho: int
    alto: int
    fuentes: Path
    formas: list[tuple] = field(default_factory=list)

    def medir(self, texto: str, tam: int, negrita: bool = False) -> float:
        return _fuente(str(self.fuentes), negrita, tam).getlength(texto)

    def partir(self, texto: str, ancho: float, tam: int, maximo: int = 8) -> list[str]:
        """El texto en líneas que caben en ``ancho`` (una palabra más larga queda sola)."""
        lineas: list[str] = []
        actual = ""
        for palabra in texto.split():
            prueba = f"{actual} {palabra}".strip()
            if actual and self.medir(prueba, tam) > ancho:
                lineas.append(actual)
                actual = palabra
            else:
                actual = prueba
        if actual:
            lineas.append(actual)
        return lineas if len(lineas) <= maximo else lineas[:maximo - 1] + [lineas[maximo - 1] + " …"]

    def linea(self, x1, y1, x2, y2, color: str, grosor: float = 2) -> None:
        self.formas.append(("linea", x1, y1, x2, y2, color, grosor))

    def rect(self, x, y, ancho, alto, relleno: str, borde: str | None = None) -> None:
        self.formas.append(("rect", x, y, ancho, alto, relleno, borde))

    def circulo(self, x, y, radio, relleno: str) -> None:
        self.formas.append(("circulo", x, y, radio, relleno))

    def texto(self, x, y, texto: str, tam: int, color: str, negrita: bool = False, ancla: str = "middle") -> None:
        """``y`` es la línea base; ``ancla``: «start», «middle» o «end»."""
        self.formas.append(("texto", x, y, texto, tam, color, negrita, ancla))

    def svg(self, alt: str) -> str:
        partes = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.ancho} {self.alto}" width="160mm" '
                  f'role="img" aria-label={quoteattr(alt)} font-family="Liberation Sans">',
                  f"<title>{escape(alt)}</title>"]
        for forma in self.formas:
            tipo, *datos = forma
            if tipo == "linea":
                x1, y1, x2, y2, color, grosor = datos
                partes.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{color}" '
                              f'stroke-width="{grosor}"/>')
            elif tipo == "rect":
                x, y, w, h, relleno, borde = datos
                contorno = f' stroke="{borde}" stroke-width="2"' if borde else ""
                partes.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{relleno}"'
                              f'{contorno}/>')
            elif tipo == "circulo":
                x, y, r, relleno = datos
                partes.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{relleno}"/>')
            else:
                x, y, texto, tam, color, negrita, ancla = datos
                peso = ' font-weight="bold"' if negrita else ""
                partes.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{ancla}" font-size="{tam}"{peso} '
                              f'fill="{color}">{escape(texto)}</text>')
        partes.append("</svg>")
        return "".join(partes)

    def png(self) -> bytes:
        from PIL import Image, ImageDraw

        imagen = Image.new("RGB", (self.ancho, self.alto), "white")
        lapiz = ImageDraw.Draw(imagen)
        anclas = {"start": "ls", "middle": "ms", "end": "rs"}
        for forma in self.formas:
            tipo, *datos = forma
            if tipo == "linea":
                x1, y1, x2, y2, color, grosor = datos
                lapiz.line([(x1, y1), (x2, y2)], fill=color, width=round(grosor))
            elif tipo == "rect":
                x, y, w, h, relleno, borde = datos
                lapiz.rectangle([(x, y), (x + w, y + h)], fill=relleno, outline=borde, width=2 if borde else 0)
            elif tipo == "circulo":
                x, y, r, relleno = datos
                lapiz.ellipse([(x - r, y - r), (x + r, y + r)], fill=relleno)
            else:
                x, y, texto, tam, color, negrita, ancla = datos
                lapiz.text((x, y), texto, font=_fuente(str(self.fuentes), negrita, tam), fill=color,
                           anchor=anclas[ancla])
        salida = io.BytesIO()
        imagen.save(salida, format="PNG", optimize=True)
        return salida.getvalue()

    def dibujo(self, alt: str, leyenda: str, ancla: str = "") -> Dibujo:
        return Dibujo(self.svg(alt), self.png(), alt, leyenda, ancla)


def _colores(colores: dict[str, str]) -> tuple[str, str, str, str]:
    return (colores.get("morado", "#5c2d82"), colores.get("texto", "#1a1a1a"), colores.get("gris", "#404040"),
            colores.get("morado-claro", "#f1e8f6"))


# ------------------------------------------------------------------ línea de tiempo
def linea_de_tiempo(hitos: list[tuple[str, str]], fuentes: Path, colores: dict[str, str],
                    leyenda: str, ancla: str = "") -> Dibujo:
    """``hitos``: (fecha ya escrita, hito), en orden. Los hitos alternan arriba y abajo del eje."""
    morado, texto, gris, _ = _colores(colores)
    lienzo = Lienzo(ANCHO, 0, fuentes)
    n = len(hitos)
    paso = (ANCHO - 2 * MARGEN) / n
    caja = min(2 * paso - 24, 420)
    etiquetas = []
    for i, (fecha, hito) in enumerate(hitos):
        x = MARGEN + paso * (i + 0.5)
        x = min(max(x, MARGEN + caja / 2), ANCHO - MARGEN - caja / 2) if n > 1 else ANCHO / 2
        etiquetas.append((x, i % 2 == 0, fecha, lienzo.partir(hito, caja, TAM_HITO)))
    alto_linea = TAM_HITO * INTERLINEA
    alto_etiqueta = max(TAM_FECHA * INTERLINEA + len(lineas) * alto_linea for *_, lineas in etiquetas)
    eje = MARGEN + alto_etiqueta + SEPARACION
    lienzo.alto = int(eje + SEPARACION + alto_etiqueta + MARGEN) if n > 1 else int(eje + MARGEN)
    lienzo.linea(MARGEN, eje, ANCHO - MARGEN, eje, morado, 5)
    for x, arriba, fecha, lineas in etiquetas:
        if arriba:
            bases = [eje - SEPARACION - alto_linea * (len(lineas) - 1 - k) for k in range(len(lineas))]
            y_fecha = (bases[0] if bases else eje - SEPARACION) - alto_linea - 2
        else:
            y_fecha = eje + SEPARACION + TAM_FECHA
            bases = [y_fecha + TAM_FECHA * 0.3 + alto_linea * (k + 1) for k in range(len(lineas))]
        extremo = eje - SEPARACION + 8 if arriba else eje + SEPARACION - 8
        lienzo.linea(x, eje, x, extremo, gris, 2)
        lienzo.circulo(x, eje, 11, morado)
        lienzo.texto(x, y_fecha, fecha, TAM_FECHA, morado, negrita=True)
        for linea, base in zip(lineas, bases, strict=True):
            lienzo.texto(x, base, linea, TAM_HITO, texto)
    alt = "Línea de tiempo: " + "; ".join(f"{f}: {h}" for f, h in hitos) + "."
    return lienzo.dibujo(alt, leyenda, ancla)


# ------------------------------------------------------------ cuadro por trimestres
def cuadro_trimestral(actividades: list[tuple[str, str, list[int]]], fuentes: Path, colores: dict[str, str],
                      leyenda: str) -> Dibujo:
    """El cronograma del plan: una fila por actividad (código, nombre, trimestres) y una barra
    en cada trimestre en que se ejecuta."""
    morado, texto, gris, claro = _colores(colores)
    tam = 26
    nombre_ancho = 760
    col = (ANCHO - 2 * MARGEN - nombre_ancho) / 4
    lienzo = Lienzo(ANCHO, 0, fuentes)
    filas = [(codigo, lienzo.partir(f"{codigo} {nombre}", nombre_ancho - 20, tam, maximo=3), trimestres)
             for codigo, nombre, trimestres in actividades]
    alto_fila = [max(1, len(lineas)) * tam * INTERLINEA + 24 for _, lineas, _ in filas]
    arriba = MARGEN + tam * 1.6
    lienzo.alto = int(arriba + sum(alto_fila) + MARGEN)
    x0 = MARGEN + nombre_ancho
    for t in range(4):
        lienzo.texto(x0 + col * (t + 0.5), arriba - 14, f"Trimestre {t + 1}", tam, morado, negrita=True)
    y = arriba
    for (_codigo, lineas, trimestres), alto in zip(filas, alto_fila, strict=True):
        lienzo.linea(MARGEN, y, ANCHO - MARGEN, y, claro, 2)
        for k, linea in enumerate(lineas):
            lienzo.texto(MARGEN + 4, y + 12 + tam * (k + 1), linea, tam, texto, ancla="start")
        for t in trimestres:
            lienzo.rect(x0 + col * (t - 1) + 6, y + 10, col - 12, alto - 20, morado)
        y += alto
    lienzo.linea(MARGEN, y, ANCHO - MARGEN, y, claro, 2)
    for t in range(5):
        lienzo.linea(x0 + col * t, arriba, x0 + col * t, y, gris if t in (0, 4) else claro, 1)
    alt = "Cronograma por trimestre: " + "; ".join(
        f"{c} {n}: trimestre{'s' if len(ts) > 1 else ''} {', '.join(str(t) for t in ts)}"
        for c, n, ts in actividades) + "."
    return lienzo.dibujo(alt, leyenda)


# ------------------------------------------------------------------ barras de avance
def barras_de_avance(filas: list[tuple[str, str, float | None, str]], fuentes: Path, colores: dict[str, str],
                     leyenda: str) -> Dibujo:
    """El avance de cada actividad frente a su meta del periodo: (código, nombre, porcentaje o
    None si no tiene meta en el periodo, texto del porcentaje). La barra llega hasta 150 %."""
    morado, texto, gris, claro = _colores(colores)
    tam = 26
    nombre_ancho = 620
    alto_fila = tam * INTERLINEA * 2 + 16
    lienzo = Lienzo(ANCHO, int(MARGEN * 2 + alto_fila * len(filas) + tam * 1.6), fuentes)
    etiqueta = max((lienzo.medir(e, tam, negrita=True) for *_, e in filas), default=0) + 24
    largo = ANCHO - 2 * MARGEN - nombre_ancho - etiqueta
    x0 = MARGEN + nombre_ancho
    cien = x0 + largo / 1.5
    y = MARGEN + tam * 1.6
    lienzo.texto(cien, y - 12, "Meta del periodo (100 %)", tam - 4, gris)
    for codigo, nombre, pct, escrito in filas:
        lineas = lienzo.partir(f"{codigo} {nombre}", nombre_ancho - 20, tam, maximo=2)
        for k, linea in enumerate(lineas):
            lienzo.texto(MARGEN + 4, y + tam * (k + 1), linea, tam, texto, ancla="start")
        lienzo.rect(x0, y + 8, largo, alto_fila - 24, claro)
        if pct is not None and pct > 0:
            lienzo.rect(x0, y + 8, largo * min(pct, 150) / 150, alto_fila - 24, morado)
        lienzo.texto(x0 + largo + 12, y + alto_fila / 2 + 4, escrito, tam, texto, negrita=True, ancla="start")
        y += alto_fila
    lienzo.linea(cien, MARGEN + tam * 1.6, cien, y, gris, 2)
    alt = "Avance de cada actividad frente a su meta del periodo: " + "; ".join(
        f"{c} {n}: {e}" for c, n, _, e in filas) + "."
    return lienzo.dibujo(alt, leyenda)
