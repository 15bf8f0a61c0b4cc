"""Jinja en un recinto, para las plantillas que edita la SGIC (Word y HTML).

Las plantillas las edita personal de la SGIC, no quien programa: una plantilla no puede
ejecutar código ni llegar a las entrañas de Python (``jinja2.sandbox.SandboxedEnvironment``),
ni hacer trabajo sin medida:

- ``range`` da como máximo ``ELEMENTOS_RANGE`` elementos;
- ``*``, ``**`` y ``%`` no pueden fabricar textos o listas enormes, ni números gigantes;
- las llamadas y los filtros que reciben un ancho o una cantidad (``center``, ``truncate``,
  ``batch``…) no aceptan números grandes;
- lo que escribe una plantilla para un documento tiene un tope, y la memoria del proceso se
  mira mientras corre; el tiempo lo vigila ``limites.vigilar``.

Ambos formatos usan el mismo entorno, con el mismo escape automático.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from .. import formato, limites
from ..recinto import dentro

NUMERO_MAXIMO = 100_000  # un ancho, una cantidad o un exponente en una plantilla
_ANCHO_EN_FORMATO = re.compile(r"%[-+ #0]*(\*|\d{6,})|\{[^{}]*:[^{}]*(\*|\d{6,})[^{}]*\}")
_FILTROS_CON_CANTIDAD = ("center", "indent", "wordwrap", "truncate", "batch", "slice", "format",
                         "join", "replace")


def _memoria() -> None:
    if limites.memoria_actual() > limites.BYTES_MEMORIA:
        raise limites.LimiteExcedido(
            f"la plantilla usó más de {limites.BYTES_MEMORIA // limites.MIB} MiB de memoria; "
            "revise sus bucles «{% for %}»")


def _tamano_producto(izquierda: Any, derecha: Any) -> int:
    """Cuántos elementos tendría ``izquierda * derecha`` (un texto o una lista repetidos)."""
    for secuencia, veces in ((izquierda, derecha), (derecha, izquierda)):
        if isinstance(secuencia, (str, bytes, list, tuple)) and isinstance(veces, int):
            return len(secuencia) * max(veces, 0)
    return 0


def _revisar_argumentos(que: str, args, kwargs) -> None:
    for valor in (*args, *kwargs.values()):
        if isinstance(valor, int) and not isinstance(valor, bool) and abs(valor) > NUMERO_MAXIMO:
            raise SecurityError(f"«{que}» recibe el número {valor}, más grande que el máximo "
                                f"({NUMERO_MAXIMO}) que admite una plantilla")
        if isinstance(valor, str) and _ANCHO_EN_FORMATO.search(valor):
            raise SecurityError(f"«{que}» recibe un formato con un ancho enorme o variable")


def rango(*args: int) -> Iterator[int]:
    """``range`` para las plantillas: con tope, y mirando la memoria mientras avanza."""
    numeros = range(*args)
    if len(numeros) > limites.ELEMENTOS_RANGE:
        raise SecurityError(f"range() de {len(numeros)} elementos: el máximo en una plantilla es "
                            f"{limites.ELEMENTOS_RANGE}")
    for i, n in enumerate(numeros):
        if i % 256 == 255:
            _memoria()
        yield n


def _filtro_vigilado(nombre: str, filtro):
    def vigilado(*args, **kwargs):
        _revisar_argumentos(f"|{nombre}", args[1:], kwargs)
        return filtro(*args, **kwargs)

    for atributo in ("jinja_pass_arg",):  # el filtro sigue recibiendo el contexto o el entorno
        if hasattr(filtro, atributo):
            setattr(vigilado, atributo, getattr(filtro, atributo))
    return vigilado


class PlantillaVigilada(jinja2.Template):
    """Una plantilla cuyo resultado no puede pasar de ``BYTES_SALIDA_PLANTILLA``."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self._escribir(self.new_context(dict(*args, **kwargs)))

    def render_con(self, variables: dict) -> str:
        """Como ``render``, con ``variables`` que ya traen lo global (las de otra plantilla en
        curso): no vuelve a copiarlas ni a mezclarlas con lo global."""
        return self._escribir(self.new_context(variables, shared=True))

    def _escribir(self, contexto) -> str:
        try:
            return self.environment.concat(_contar(self.root_render_func(contexto)))  # type: ignore[attr-defined]
        except Exception:
            self.environment.handle_exception()


def _contar(trozos: Iterator[str]) -> Iterator[str]:
    total = 0
    for i, trozo in enumerate(trozos):
        total += len(trozo)
        if total > limites.BYTES_SALIDA_PLANTILLA:
            raise limites.LimiteExcedido(
                f"la plantilla escribió más de {limites.BYTES_SALIDA_PLANTILLA // limites.MIB} MiB "
                "para un solo documento; revise sus bucles «{% for %}»")
        if i % 4096 == 4095:
            _memoria()
        yield trozo


@jinja2.pass_context
def texto(contexto, clave: str, variante: Any = None, **datos: Any) -> Markup | list[Markup]:
    """``{{ texto('saludo') }}``: un texto fijo de ``textos.yml`` (el mismo para Word y HTML),
    con los datos del documento; ``variante`` elige entre varios («municipal», «regional»…).
    Si el texto es una lista, da la lista de textos: ``{% for c in texto('compromisos') %}``."""
    textos = contexto.get("textos")
    if not isinstance(textos, dict) or clave not in textos:
        raise jinja2.UndefinedError(f"falta el texto «{clave}» en textos.yml")
    valor = textos[clave]
    if isinstance(valor, dict):
        if variante not in valor:
            raise jinja2.UndefinedError(f"el texto «{clave}» de textos.yml no tiene la variante «{variante}»")
        valor = valor[variante]
    try:
        variables = {**contexto.get_all(), **datos}  # ya con lo global: se comparte, no se copia
        if isinstance(valor, list):
            return [Markup(contexto.environment.texto_compilado(str(v)).render_con(variables)) for v in valor]
        plantilla = contexto.environment.texto_compilado(str(valor))
        return Markup(plantilla.render_con(variables))
    except jinja2.TemplateError as exc:
        mensaje = getattr(exc, "message", None) or str(exc)
        raise jinja2.UndefinedError(f"el texto «{clave}» de textos.yml: {mensaje}") from None


class EntornoSeguro(SandboxedEnvironment):
    """El entorno Jinja de todas las plantillas: recinto, escape automático, datos estrictos."""

    intercepted_binops = frozenset({"*", "**", "%"})
    template_class = PlantillaVigilada

    def __init__(self, **opciones: Any):
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined, **opciones)
        self.globals["range"] = rango
        self.globals["texto"] = texto
        self._textos: dict[str, jinja2.Template] = {}
        self.filters.update(formato.FILTROS)  # fechas, cifras y soles: como en los documentos
        for nombre in _FILTROS_CON_CANTIDAD:
            if nombre in self.filters:
                self.filters[nombre] = _filtro_vigilado(nombre, self.filters[nombre])

    def texto_compilado(self, fuente: str) -> PlantillaVigilada:
        """Un texto de textos.yml, compilado una vez por proceso."""
        if fuente not in self._textos:
            self._textos[fuente] = jinja2.Environment.from_string(self, fuente)
        return self._textos[fuente]  # type: ignore[return-value]  # template_class

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and (abs(right) > 64 or (
                isinstance(left, (int, float)) and abs(left) > NUMERO_MAXIMO)):
            raise SecurityError("una potencia demasiado grande en la plantilla")
        if operator == "*" and (_tamano_producto(left, right) > limites.BYTES_SALIDA_PLANTILLA or any(
                isinstance(v, int) and abs(v) > 10 ** 12 for v in (left, right))):
            raise SecurityError("una multiplicación que da un texto, una lista o un número "
                                "demasiado grande en la plantilla")
        if operator == "%" and isinstance(left, str):
            _revisar_argumentos("%", (left,), {})
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        nombre = getattr(__obj, "__name__", "la llamada")
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"«{nombre}» no se puede llamar desde una plantilla")
        _revisar_argumentos(nombre, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        return self.undefined(f"«{attribute}» es una parte interna de Python que una plantilla no "
                              "puede usar", name=attribute, obj=obj, exc=SecurityError)


class CargadorRestringido(jinja2.FileSystemLoader):
    """Lee plantillas solo de su carpeta (sin salir por enlaces simbólicos) y de tamaño razonable."""

    def __init__(self, carpeta: Path):
        super().__init__(str(carpeta))
        self.carpeta = carpeta

    def get_source(self, environment, template):
        ruta = self.carpeta.joinpath(*split_template_path(template))
        if ruta.exists() and not dentro(ruta, self.carpeta):
            raise SecurityError(f"«{template}» es un enlace a un archivo fuera de plantillas/: no se lee")
        if ruta.is_file() and ruta.stat().st_size > limites.BYTES_PLANTILLA_TEXTO:
            raise limites.LimiteExcedido(
                f"la plantilla «{template}» pesa más de "
                f"{limites.BYTES_PLANTILLA_TEXTO // limites.MIB} MiB")
        return super().get_source(environment, template)


def error_de_plantilla(exc: BaseException, nombre: str):
    """Un error de Jinja al usar la plantilla ``nombre``, en castellano (``ErrorPlantilla``)."""
    from ..errores import ErrorPlantilla

    if isinstance(exc, jinja2.TemplateSyntaxError):
        linea = f", línea {exc.lineno}" if exc.lineno else ""
        return ErrorPlantilla(f"la plantilla «{nombre}»{linea} tiene una marca {{% … %}} o {{{{ … }}}} "
                              f"mal escrita ({exc.message})")
    if isinstance(exc, jinja2.UndefinedError):
        return ErrorPlantilla(f"la plantilla «{nombre}» usa un dato que no existe ({exc.message})")
    if isinstance(exc, SecurityError):
        return ErrorPlantilla(f"la plantilla «{nombre}» intenta algo que una plantilla no puede hacer "
                              f"({exc}); use solo los datos del documento")
    if isinstance(exc, RecursionError):
        return ErrorPlantilla(f"la plantilla «{nombre}» se llama a sí misma sin fin (una macro o un "
                              "«include» recursivo)")
    if isinstance(exc, (OverflowError, MemoryError)):
        return ErrorPlantilla(f"la plantilla «{nombre}» pide un cálculo demasiado grande")
    if isinstance(exc, jinja2.TemplateNotFound):
        return ErrorPlantilla(f"la plantilla «{nombre}» incluye «{exc.name}», que no existe en "
                              "plantillas/ (o está fuera de ella)")
    mensaje = getattr(exc, "message", None) or str(exc)
    return ErrorPlantilla(f"la plantilla «{nombre}» no se pudo usar ({type(exc).__name__}: {mensaje})")


ERRORES_JINJA = (jinja2.TemplateError, RecursionError, OverflowError, MemoryError, TypeError,
                 ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError)


def revisar_zip(ruta: Path | BinaryIO, nombre: str) -> None:
    """Una plantilla Word es un ZIP: sus partes no pueden inflarse sin medida al abrirla."""
    import zipfile

    from ..errores import ErrorPlantilla

    try:
        with zipfile.ZipFile(ruta) as z:
            partes = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ErrorPlantilla(f"la plantilla «{nombre}» no es un documento Word válido "
                             f"({type(exc).__name__})") from None
    if len(partes) > 2000:
        raise ErrorPlantilla(f"la plantilla «{nombre}» tiene {len(partes)} partes; no es una plantilla "
                             "Word normal")
    total = 0
    for parte in partes:
        total += parte.file_size
        if parte.file_size > limites.BYTES_PARTE_DOCX:
            raise ErrorPlantilla(
                f"la plantilla «{nombre}» tiene una parte, «{parte.filename}», de "
                f"{parte.file_size / limites.MIB:.0f} MiB (máximo {limites.BYTES_PARTE_DOCX // limites.MIB} "
                "MiB): quite o reduzca esa imagen u objeto en Word")
    if total > limites.BYTES_DOCX:
        raise ErrorPlantilla(f"la plantilla «{nombre}» ocupa {total / limites.MIB:.0f} MiB "
                             f"descomprimida (máximo {limites.BYTES_DOCX // limites.MIB} MiB)")
