"""Las hojas de estilo de las plantillas, interpretadas una vez por proceso y compartidas.

WeasyPrint lee e interpreta de nuevo cada ``<link rel="stylesheet">`` y cada ``<style>`` en
cada documento (tinycss2, validación de cada declaración, selectores de cssselect2): en un lote
de ordenanzas es la misma ``comun/estilos.css`` 1 891 veces, cerca del 10 % del PDF. Aquí cada
hoja se interpreta la primera vez como siempre y lo que WeasyPrint guarda de ella (sus reglas
de página y su «matcher» de selectores, que solo se leen al aplicar los estilos) se reusa en
los documentos siguientes del mismo proceso.

Se reusa solo lo que daría lo mismo:
- la misma hoja (el mismo texto, o el mismo archivo sin cambios: fecha, tamaño, inodo; y los
  archivos que ella leyó, como un ``@import`` o una fuente de ``@font-face``, sin cambios
  tampoco), el mismo medio y la misma configuración de fuentes (``pdf._fuentes``);
- si su lectura no falló en nada (un archivo rechazado por el recinto o ilegible se vuelve a
  pedir en cada documento, para que el error se diga en cada uno);
- si no declaró capas (``@layer``), estilos de contador ni perfiles de color, que WeasyPrint
  guarda en el documento y no en la hoja (esa hoja se interpreta en cada documento, como
  siempre).

Los PDF salen idénticos byte a byte (``tests/test_rapidez.py``). WeasyPrint está fijado en
``pyproject.toml``: esto usa su función ``find_stylesheets`` tal como es en la versión 70.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

LIMITE = 64  # hojas guardadas por proceso (cada plantilla tiene dos o tres)


@dataclass(frozen=True)
class _Guardada:
    base_url: str | None
    matcher: object
    page_rules: tuple  # las reglas @page que la hoja agregó al documento
    leidos: tuple[tuple[str, tuple], ...]  # (archivo, su firma) de lo que leyó


class HojaReusada:
    """Lo que WeasyPrint usa de una hoja (``weasyprint.CSS``) al aplicar los estilos de un
    documento: sus selectores (``matcher``) y, como la original, las listas de reglas de página
    y de capas del documento."""

    __slots__ = ("base_url", "layers", "matcher", "page_rules")

    def __init__(self, guardada: _Guardada, page_rules: list, layers: list):
        self.base_url = guardada.base_url
        self.matcher = guardada.matcher
        self.page_rules = page_rules
        self.layers = layers


_HOJAS: dict[tuple, _Guardada] = {}
estadistica = {"interpretadas": 0, "reusadas": 0}


def _firma(url: str) -> tuple[str, tuple] | None:
    """(archivo, (fecha, tamaño, inodo, dispositivo)) de un ``file:``; None si no es un archivo."""
    partes = urlsplit(url)
    if partes.scheme != "file" or partes.netloc:
        return None
    ruta = unquote(partes.path)
    try:
        datos = os.stat(ruta)
    except OSError:
        return None
    return ruta, (datos.st_mtime_ns, datos.st_size, datos.st_ino, datos.st_dev)


def _vigente(guardada: _Guardada) -> bool:
    for ruta, firma in guardada.leidos:
        try:
            datos = os.stat(ruta)
        except OSError:
            return False
        if (datos.st_mtime_ns, datos.st_size, datos.st_ino, datos.st_dev) != firma:
            return False
    return True


class _Registro:
    """El «url fetcher» del documento, que además anota qué se leyó y si algo falló."""

    def __init__(self, fetcher):
        self.fetcher = fetcher
        self._fail_on_errors = getattr(fetcher, "_fail_on_errors", False)
        self.urls: list[str] = []
        self.fallo = False

    def __call__(self, url, *args, **kwargs):
        self.urls.append(str(url))
        try:
            return self.fetcher(url, *args, **kwargs)
        except BaseException:
            self.fallo = True
            raise


def _clave(argumentos: dict) -> tuple | None:
    """La hoja, su medio y su configuración de fuentes; None si no es una de las formas en que
    ``find_stylesheets`` la pide (entonces no se guarda)."""
    if set(argumentos) - _ARGUMENTOS or argumentos.get("font_config") is None:
        return None
    if argumentos.get("page_rules") is None or argumentos.get("layers") is None:
        return None
    medio, fuentes = argumentos.get("media_type"), argumentos["font_config"]
    if argumentos.get("string") is not None:
        return ("texto", argumentos["string"], str(argumentos.get("base_url")), medio, fuentes)
    if argumentos.get("url") is not None:
        firma = _firma(str(argumentos["url"]))
        return ("archivo", str(argumentos["url"]), firma, medio, fuentes) if firma else None
    return None


# los argumentos con que find_stylesheets (WeasyPrint 70) crea cada hoja
_ARGUMENTOS = {"string", "url", "base_url", "url_fetcher", "media_type", "font_config", "counter_style",
               "color_profiles", "page_rules", "layers", "_check_mime_type"}


def compartida(original):
    """Una función que crea hojas como ``original`` (``weasyprint.CSS``), reusando las ya
    interpretadas en este proceso cuando da lo mismo."""

    def crear(*args, **argumentos):
        clave = None if args else _clave(argumentos)
        if clave is None:
            return original(*args, **argumentos)
        guardada = _HOJAS.get(clave)
        page_rules, layers = argumentos["page_rules"], argumentos["layers"]
        if guardada is not None and _vigente(guardada):
            estadistica["reusadas"] += 1
            page_rules.extend(guardada.page_rules)
            return HojaReusada(guardada, page_rules, layers)
        return _interpretar(original, clave, argumentos)

    crear.original = original  # type: ignore[attr-defined]
    return crear


def _interpretar(original, clave: tuple, argumentos: dict):
    """La hoja interpretada como siempre, sobre las listas del documento; se guarda si se puede
    reusar tal cual."""
    page_rules, layers = argumentos["page_rules"], argumentos["layers"]
    contadores = argumentos.get("counter_style")
    perfiles = argumentos.get("color_profiles")

    def huella_de(d) -> dict:
        return {k: id(v) for k, v in d.items()} if d is not None else {}

    antes = (len(page_rules), len(layers), huella_de(contadores), huella_de(perfiles))
    registro = _Registro(argumentos.get("url_fetcher"))
    hoja = original(**{**argumentos, "url_fetcher": registro})
    estadistica["interpretadas"] += 1
    if registro.fallo or (len(layers), huella_de(contadores), huella_de(perfiles)) != antes[1:]:
        return hoja  # falló algo, o dejó en el documento lo que no es de la hoja: no se guarda
    firmas = [_firma(u) for u in registro.urls]
    if any(f is None for f in firmas):
        return hoja
    if len(_HOJAS) >= LIMITE:
        _HOJAS.clear()
    _HOJAS[clave] = _Guardada(hoja.base_url, hoja.matcher, tuple(page_rules[antes[0]:]),
                              tuple(f for f in firmas if f is not None))
    return hoja


def instalar() -> None:
    """Hace que WeasyPrint (su ``find_stylesheets``) cree las hojas con ``compartida``."""
    import weasyprint
    import weasyprint.css

    if not hasattr(weasyprint.css.CSS, "original"):
        weasyprint.css.CSS = compartida(weasyprint.CSS)


def olvidar() -> None:
    """Olvida las hojas guardadas (para las pruebas: como un proceso nuevo)."""
    _HOJAS.clear()


__all__ = ["HojaReusada", "compartida", "estadistica", "instalar", "olvidar"]
