"""Fechas y cifras con las convenciones de los documentos del Programa (babel, es_PE).

Las plantillas (Word y HTML) usan estas funciones como filtros de Jinja (``FILTROS``): el
contexto lleva fechas y números, y la plantilla decide cómo se escriben,
``{{ fecha | fecha_larga }}``, ``{{ monto | soles }}``. Un valor que falta se escribe «—».

- Fechas: «28 de setiembre de 2022» (mes en minúscula; Perú escribe «setiembre»).
- Cifras de los documentos propios de AURORA, como en las semillas: «2 283», «86.7 %».
  babel da para es_PE el punto decimal y la coma de miles; los documentos del Programa
  separan los miles con un espacio (no separable, para que la cifra no se parta entre líneas).
- Soles en textos legales: «S/ 30 000,00».
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_interval
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

LOCALE = "es_PE"
ESPACIO_FINO = "\u00a0"  # espacio no separable: separa miles y la cifra de su «%»


def _miles_con_espacio(texto: str) -> str:
    return texto.replace(get_group_symbol(LOCALE), ESPACIO_FINO)


def cifra(valor: int | float | Decimal, decimales: int = 1) -> str:
    """2283 → «2 283»; 86.7 → «86.7»; 66.70 → «66.7» (hasta ``decimales`` decimales)."""
    patron = "#,##0" + ("." + "#" * decimales if decimales else "")
    return _miles_con_espacio(format_decimal(valor, format=patron, locale=LOCALE))


def porcentaje(valor: int | float | Decimal, decimales: int = 1) -> str:
    """80 → «80 %»; 86.7 → «86.7 %» (el valor ya está en tanto por ciento)."""
    return f"{cifra(valor, decimales)}{ESPACIO_FINO}%"


def fecha(valor: dt.date) -> str:
    """date(2022, 9, 28) → «28 de setiembre de 2022»."""
    return format_date(valor, format="d 'de' MMMM 'de' y", locale=LOCALE)


def rango_de_fechas(desde: dt.date, hasta: dt.date) -> str:
    """(23/4/2024, 25/4/2024) → «23–25 de abril de 2024»; un solo día → «15 de julio de 2024»."""
    return format_interval(desde, hasta, skeleton="yMMMMd", locale=LOCALE)


def soles(valor: int | float | Decimal) -> str:
    """30000 → «S/ 30 000,00» (convención de los textos legales)."""
    texto = format_decimal(valor, format="#,##0.00", locale=LOCALE)
    grupo, decimal = get_group_symbol(LOCALE), get_decimal_symbol(LOCALE)
    texto = texto.replace(grupo, "\0").replace(decimal, ",").replace("\0", ESPACIO_FINO)
    return f"S/{ESPACIO_FINO}{texto}"


def mes_anio(anio: int, mes: int) -> str:
    """(2019, 2) → «febrero 2019»."""
    return format_date(dt.date(anio, mes, 1), format="MMMM y", locale=LOCALE)


def periodo(desde: tuple[int, int], hasta: tuple[int, int]) -> str:
    """((2019, 2), (2019, 12)) → «Febrero – diciembre 2019»; con años distintos,
    «Febrero 2019 – marzo 2020». Así escribe el periodo el informe modelo (semilla 002)."""
    if desde == hasta:
        texto = mes_anio(*desde)
    elif desde[0] == hasta[0]:
        texto = (format_date(dt.date(desde[0], desde[1], 1), format="MMMM", locale=LOCALE)
                 + " – " + mes_anio(*hasta))
    else:
        texto = f"{mes_anio(*desde)} – {mes_anio(*hasta)}"
    return texto[:1].upper() + texto[1:]


def periodo_de_meses(desde: str, hasta: str) -> str:
    """("2019-02", "2019-12") → «Febrero – diciembre 2019»."""
    (a1, m1), (a2, m2) = ((int(x) for x in p.split("-")) for p in (desde, hasta))
    return periodo((a1, m1), (a2, m2))


def fecha_parcial(v: str) -> str:
    """«2019» → «2019»; «2019-03» → «Marzo 2019»; «2019-03-08» → «8 de marzo de 2019»."""
    partes = [int(x) for x in v.split("-")]
    if len(partes) == 1:
        return str(partes[0])
    if len(partes) == 2:
        texto = mes_anio(*partes)
        return texto[:1].upper() + texto[1:]
    return fecha(dt.date(*partes))


# ------------------------------------------------------------- filtros de Jinja
FALTA = "—"


def _con_falta(funcion):
    def filtro(valor, *args):
        return FALTA if valor is None or valor == "" else funcion(valor, *args)

    filtro.__name__ = funcion.__name__
    filtro.__doc__ = funcion.__doc__
    return filtro


def cifra_con_unidad(valor, unidad: str | None = None, decimales: int = 1) -> str:
    """2283 → «2 283»; con unidad «%»: «86.7 %»; con otra unidad: «4 talleres»."""
    if unidad == "%":
        return porcentaje(valor, decimales)
    return cifra(valor, decimales) + (f" {unidad}" if unidad else "")


def _periodo(valor) -> str:
    """Un periodo de meses («desde», «hasta») → «Febrero – diciembre 2019»."""
    return periodo_de_meses(valor.desde, valor.hasta)


FILTROS = {
    "fecha_larga": _con_falta(fecha),
    "cifra": _con_falta(cifra_con_unidad),
    "porcentaje": _con_falta(porcentaje),
    "soles": _con_falta(soles),
    "fecha_parcial": _con_falta(fecha_parcial),
    "periodo": _con_falta(_periodo),
}
