"""Una fuga de memoria de WeasyPrint 70, tapada sin cambiar un byte de los PDF.

Cada texto con rasgos tipográficos de OpenType (``font-variant-numeric``, ``font-kerning``…;
los marcadores de las listas los llevan siempre: ``::marker { font-variant-numeric:
tabular-nums }`` en la hoja de WeasyPrint) crea en Pango un atributo y una lista de atributos.
``Layout.setup`` (``weasyprint/text/line_break.py``) intenta guardar el atributo en
``FontConfiguration.font_features`` con ``setdefault``, pero crea uno nuevo en cada llamada (el
argumento se evalúa siempre) y nunca libera ni ese ni la lista: cerca de 1 KB por marcador de
lista. En el lote de los 1 891 distritos, cada trabajador crecía unos 10 KB por ordenanza (de
105 a 116 MB).

Aquí, con las configuraciones de fuentes de sistematiza (``pdf._fuentes``): cada texto recibe
su propio atributo (como el que WeasyPrint crea y deja) en su propia lista, y la lista queda
solo en manos del texto de Pango, que la libera —con su atributo— cuando se libera él. Los
rasgos aplicados son los mismos: el PDF sale idéntico (``tests/test_rapidez.py``).
"""

from __future__ import annotations

_llamadas = [0]


class AtributosSinGuardar(dict):
    """``FontConfiguration.font_features`` que no guarda: ``setdefault`` devuelve el atributo
    recién creado (el texto lo usa solo) y cuenta la llamada."""

    def setdefault(self, clave, valor=None):  # noqa: ARG002 — la clave no se guarda
        _llamadas[0] += 1
        return valor


def _setup_sin_fuga(original):
    def setup(self, style):
        antes = _llamadas[0]
        original(self, style)
        if _llamadas[0] != antes:  # creó una lista de atributos que nadie libera: es del texto
            from weasyprint.text.ffi import ffi, pango

            lista = pango.pango_layout_get_attributes(self.layout)
            if lista != ffi.NULL:
                pango.pango_attr_list_unref(lista)

    setup.original = original  # type: ignore[attr-defined]
    return setup


def instalar(configuracion) -> None:
    """Tapa la fuga para los textos de ``configuracion`` (una ``FontConfiguration``)."""
    from weasyprint.text.line_break import Layout

    if not hasattr(Layout.setup, "original"):
        Layout.setup = _setup_sin_fuga(Layout.setup)  # type: ignore[method-assign]
    configuracion.font_features = AtributosSinGuardar()
