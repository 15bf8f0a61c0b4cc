"""La carga de WeasyPrint: lo mismo que ``import weasyprint``, en menos tiempo.

Cargar WeasyPrint tarda ~0,6 s en cada proceso nuevo, y es lo que más espera quien cambia una
fuente (su PDF no empieza antes). Dos cosas de esa carga no hacen falta:

- **Buscar bibliotecas que no existen.** WeasyPrint abre cada biblioteca (Pango, HarfBuzz,
  fontconfig…) probando primero los nombres de Windows y macOS; por cada nombre que no abre,
  cffi pregunta a ``ctypes.util.find_library``, que lanza ``ldconfig`` y ``gcc``: unas 20
  búsquedas, 0,2 a 0,3 s. En Linux el último nombre de cada lista es el de la biblioteca
  instalada («soname») y se abre directamente.
- **Interpretar las declaraciones en C a cada paso.** WeasyPrint declara las funciones de Pango
  en C (``ffi.cdef``) y cffi, en su modo de siempre, interpreta con pycparser esas
  declaraciones y, la primera vez que se usa, cada tipo que se pide (``ffi.new("PangoRectangle
  *")``: ~10 ms cada uno, 15 en el primer PDF). Aquí se interpretan una vez, se traducen a la
  tabla de tipos que usa el modo «fuera de línea» de cffi (su manera documentada de no
  interpretar nada al cargar) y WeasyPrint recibe ese ``ffi``: abre las mismas bibliotecas con
  ``dlopen`` (sin ``find_library``) y cada tipo se resuelve en C.

Las llamadas a Pango son las mismas: los PDF salen idénticos byte a byte (lo prueban
``tests/test_rapidez.py`` y la comparación de ``make bench``). Si la versión instalada de
WeasyPrint o de cffi no se deja cargar así (otra forma de declarar, otro sistema), se carga como
siempre.
"""

from __future__ import annotations

import sys

MODULO = "weasyprint.text.ffi"  # el módulo de WeasyPrint que crea su ``ffi``


def cargar() -> None:
    """Importa WeasyPrint (si no lo está ya) con el ``ffi`` traducido y sin ``find_library``."""
    if "weasyprint" in sys.modules:
        return
    import contextlib
    import ctypes.util
    import io

    import cffi

    try:
        traducido = _ffi_traducido()
    except Exception:  # otra versión de WeasyPrint o de cffi: su ffi de siempre
        traducido = None
    fabrica, buscar = cffi.FFI, ctypes.util.find_library
    if traducido is not None:
        cffi.FFI = _fabrica(traducido, fabrica)  # type: ignore[misc]
    ctypes.util.find_library = _sin_buscar
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # su aviso si falta una biblioteca
            import weasyprint  # noqa: F401
    except Exception:
        # no se pudo así: se carga de nuevo como siempre (y falla, si falla, como siempre)
        for nombre in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[nombre]
        cffi.FFI, ctypes.util.find_library = fabrica, buscar  # type: ignore[misc]
        import weasyprint  # noqa: F401
    finally:
        cffi.FFI, ctypes.util.find_library = fabrica, buscar  # type: ignore[misc]


def _sin_buscar(name: str) -> str | None:
    """``find_library`` mientras se carga WeasyPrint: el nombre no se busca."""
    return None


def _declaraciones() -> str | None:
    """El texto que WeasyPrint pasa a ``ffi.cdef`` (leído de su archivo, sin importarlo)."""
    import ast
    import importlib.util
    from pathlib import Path

    paquete = importlib.util.find_spec("weasyprint")
    if paquete is None or not paquete.submodule_search_locations:
        return None
    archivo = Path(list(paquete.submodule_search_locations)[0]) / "text" / "ffi.py"
    textos = [n.args[0].value for n in ast.walk(ast.parse(archivo.read_bytes()))
              if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "cdef"
              and len(n.args) == 1 and not n.keywords and isinstance(n.args[0], ast.Constant)
              and isinstance(n.args[0].value, str)]
    return textos[0] if len(textos) == 1 else None


def _ffi_traducido():
    """Un ``ffi`` de cffi en modo fuera de línea con las declaraciones de WeasyPrint; su
    ``cdef`` acepta solo esas mismas declaraciones, una vez (nada más que declarar)."""
    import io

    import _cffi_backend
    from cffi import FFI, recompiler

    declaraciones = _declaraciones()
    if declaraciones is None:
        return None
    interpretado = FFI()
    interpretado.cdef(declaraciones)
    codigo = io.StringIO()
    recompiler.make_py_source(interpretado, "_sistematiza_weasyprint", codigo)

    class Traducido(_cffi_backend.FFI):  # type: ignore[misc, name-defined]
        declarado = False

        def cdef(self, texto: str, **opciones) -> None:
            if texto != declaraciones or opciones or self.declarado:
                raise RuntimeError("WeasyPrint declara algo distinto: se carga como siempre")
            self.declarado = True

    fuente = codigo.getvalue()
    if "import _cffi_backend\n" not in fuente:
        return None
    # el código que genera cffi, con su clase FFI cambiada por la que acepta el cdef
    modulo = type(sys)("_cffi_backend")
    modulo.FFI = Traducido  # type: ignore[attr-defined]
    espacio: dict = {}
    exec(fuente.replace("import _cffi_backend\n", "", 1), {"_cffi_backend": modulo}, espacio)
    traducido = espacio.get("ffi")
    return traducido if isinstance(traducido, Traducido) else None


def _fabrica(traducido, fabrica):
    """``cffi.FFI`` mientras se carga WeasyPrint: el ``ffi`` traducido para su módulo de
    declaraciones, la primera vez; el de siempre para cualquier otro."""
    entregado: list = []

    def crear(*args, **kwargs):
        if not entregado and not args and not kwargs and sys._getframe(1).f_globals.get("__name__") == MODULO:
            entregado.append(traducido)
            return traducido
        return fabrica(*args, **kwargs)

    return crear
