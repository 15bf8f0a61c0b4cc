"""Lo común a todos los tipos de documento: modelo pydantic, secciones, errores en castellano.

Un tipo de documento es un módulo con su modelo (campos y reglas), sus secciones y el
nombre de sus plantillas; se registra en ``pipeline/tipos/__init__.py``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .. import marcado
from ..errores import AVISO, ErrorFuente, Problema, lista_legible, sugerencia
from ..fuentes import Fuente
from ..vocabularios import normalizar


class Modelo(BaseModel):
    """Base de los modelos: campos desconocidos son error; textos sin espacios sobrantes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


@dataclass(frozen=True)
class DefSeccion:
    clave: str
    titulo: str


@dataclass
class Documento:
    """Una fuente validada, lista para renderizar."""

    fuente: Fuente
    tipo: "TipoDocumento"
    modelo: Any
    secciones: dict[str, marcado.Arbol]
    avisos: list[Problema] = field(default_factory=list)
    lineas_titulo: dict[str, int] = field(default_factory=dict)  # clave → línea de su «## »

    @property
    def titulo(self) -> str:
        return self.tipo.titulo(self)

    @property
    def autor(self) -> str:
        return self.tipo.autor(self)


# ----------------------------------------------------------------- errores de pydantic
_MENSAJES = {
    "missing": "falta este campo obligatorio",
    "string_type": "debe ser un texto",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero, sin letras ni signos",
    "int_from_float": "debe ser un número entero, sin decimales",
    "float_type": "debe ser un número",
    "float_parsing": "debe ser un número (use el punto para decimales: 86.7)",
    "decimal_parsing": "debe ser un número (use el punto para decimales: 86.7)",
    "decimal_type": "debe ser un número (use el punto para decimales: 86.7)",
    "bool_type": "debe ser «true» (sí) o «false» (no)",
    "bool_parsing": "debe ser «true» (sí) o «false» (no)",
    "list_type": "debe ser una lista (una línea por elemento, empezando con «- »)",
    "dict_type": "debe ser un grupo de campos «nombre: valor»",
    "model_type": "debe ser un grupo de campos «nombre: valor»",
    "model_attributes_type": "debe ser un grupo de campos «nombre: valor»",
    "date_type": "debe ser una fecha AAAA-MM-DD, por ejemplo 2024-05-30",
    "date_parsing": "debe ser una fecha AAAA-MM-DD, por ejemplo 2024-05-30",
    "date_from_datetime_parsing": "debe ser una fecha AAAA-MM-DD, por ejemplo 2024-05-30",
    "string_too_short": "no puede estar vacío",
}


def _mensaje(error: dict, modelo: type[BaseModel]) -> str:
    tipo, ctx = error["type"], error.get("ctx") or {}
    if tipo == "value_error":
        return str(ctx.get("error", error["msg"]))
    if tipo == "extra_forbidden":
        campo = error["loc"][-1]
        validos = _campos_validos(modelo, error["loc"][:-1])
        return ("campo desconocido" + sugerencia(campo, validos)
                + f" Los campos válidos aquí son: {lista_legible(validos)}")
    if tipo == "literal_error":
        return f"valor no permitido; use uno de: {ctx.get('expected', '')}"
    if tipo == "too_short":
        return f"debe tener al menos {ctx.get('min_length')} elemento(s)"
    if tipo == "too_long":
        return f"admite como máximo {ctx.get('max_length')} elemento(s)"
    if tipo in ("greater_than_equal", "greater_than"):
        return f"debe ser mayor {'o igual ' if tipo.endswith('equal') else ''}que {ctx.get('ge', ctx.get('gt'))}"
    if tipo in ("less_than_equal", "less_than"):
        return f"debe ser menor {'o igual ' if tipo.endswith('equal') else ''}que {ctx.get('le', ctx.get('lt'))}"
    if tipo == "string_too_long":
        return f"es demasiado largo (máximo {ctx.get('max_length')} caracteres)"
    return _MENSAJES.get(tipo, f"valor no válido ({tipo})")


def _campos_validos(modelo: type[BaseModel], ruta: tuple) -> list[str]:
    """Los campos que admite el submodelo en ``ruta`` (para sugerir el correcto)."""
    actual = modelo
    for parte in ruta:
        if isinstance(parte, int):
            continue
        info = actual.model_fields.get(parte)
        if info is None:
            return []
        anotacion = info.annotation
        for candidato in (anotacion, *getattr(anotacion, "__args__", ())):
            if isinstance(candidato, type) and issubclass(candidato, BaseModel):
                actual = candidato
                break
    return list(actual.model_fields)


def validar_modelo(fuente: Fuente, modelo: type[BaseModel]) -> tuple[Any, list[Problema]]:
    """Valida los datos con ``modelo``; los heredados que el modelo no usa se ignoran."""
    datos = {k: v for k, v in fuente.datos.items()
             if k in fuente.propios or k in modelo.model_fields}
    try:
        return modelo.model_validate(datos), []
    except ValidationError as exc:
        problemas = []
        for error in exc.errors():
            ruta = tuple(error["loc"])
            problemas.append(fuente.problema(ruta, _mensaje(error, modelo)))
        return None, problemas


# ----------------------------------------------------------------------- el tipo
class TipoDocumento:
    """Un tipo de documento. Cada módulo de ``tipos`` define una subclase."""

    nombre: ClassVar[str]
    descripcion: ClassVar[str]
    plantilla: ClassVar[str]  # carpeta bajo plantillas/
    modelo: ClassVar[type[Modelo]]

    def secciones(self, modelo) -> list[DefSeccion]:
        raise NotImplementedError

    def titulo(self, doc: Documento) -> str:
        return doc.modelo.titulo

    def autor(self, doc: Documento) -> str:
        return "Programa Nacional AURORA"

    def reglas(self, doc: Documento) -> list[Problema]:
        """Reglas propias del tipo que miran secciones y campos a la vez."""
        return []

    def contexto(self, doc: Documento) -> dict:
        raise NotImplementedError

    # ------------------------------------------------------------------ validar
    def validar(self, fuente: Fuente) -> Documento:
        modelo, problemas = validar_modelo(fuente, self.modelo)
        secciones: dict[str, marcado.Arbol] = {}
        lineas: dict[str, int] = {}
        if modelo is not None:
            secciones, lineas, problemas_secciones = self._secciones(fuente, modelo)
            problemas += problemas_secciones
        errores = [p for p in problemas if p.nivel != AVISO]
        if errores:
            raise ErrorFuente(problemas)
        doc = Documento(fuente, self, modelo, secciones, [p for p in problemas if p.nivel == AVISO],
                        lineas)
        reglas = self.reglas(doc)
        if any(p.nivel != AVISO for p in reglas):
            raise ErrorFuente(reglas)
        doc.avisos += reglas
        doc.avisos += [Problema(fuente.archivo, fuente.origen(("pendientes", i)).linea,
                                f"pendiente: {texto}", campo="pendientes", nivel=AVISO)
                       for i, texto in enumerate(getattr(modelo, "pendientes", []) or [])]
        return doc

    def _secciones(self, fuente: Fuente, modelo) -> tuple[dict, dict, list[Problema]]:
        definidas = self.secciones(modelo)
        esperadas = {normalizar(d.titulo): d for d in definidas}
        problemas: list[Problema] = []
        if fuente.preambulo.strip():
            problemas.append(Problema(fuente.archivo, fuente.linea_preambulo,
                "hay texto antes de la primera sección; todo el texto va debajo de un título "
                f"«## …». Las secciones son: {lista_legible(d.titulo for d in definidas)}"))
        encontradas: dict[str, marcado.Arbol] = {}
        lineas: dict[str, int] = {}
        orden: list[str] = []
        for seccion in fuente.secciones:
            definicion = esperadas.get(normalizar(seccion.titulo))
            if definicion is None:
                problemas.append(Problema(fuente.archivo, seccion.linea,
                    f"la sección «{seccion.titulo}» no corresponde a este tipo de documento."
                    + sugerencia(seccion.titulo, [d.titulo for d in definidas])
                    + f" Las secciones son, en este orden: {lista_legible(d.titulo for d in definidas)}"))
                continue
            if definicion.clave in encontradas:
                problemas.append(Problema(fuente.archivo, seccion.linea,
                    f"la sección «{definicion.titulo}» está escrita dos veces"))
                continue
            arbol, problemas_md = marcado.parsear(seccion.texto, fuente.carpeta, fuente.archivo,
                                                   seccion.linea_texto)
            problemas += problemas_md
            if arbol.vacio:
                problemas.append(Problema(fuente.archivo, seccion.linea,
                    f"la sección «{definicion.titulo}» está vacía"))
            for h in arbol.raiz.iter("h1"):
                problemas.append(Problema(fuente.archivo, seccion.linea,
                    f"dentro de la sección «{definicion.titulo}» use «###» para los subtítulos, no «#»"))
            encontradas[definicion.clave] = arbol
            lineas[definicion.clave] = seccion.linea
            orden.append(definicion.clave)
        for definicion in definidas:
            if definicion.clave not in encontradas:
                problemas.append(Problema(fuente.archivo, fuente.secciones[-1].linea
                                          if fuente.secciones else fuente.linea_preambulo,
                    f"falta la sección «## {definicion.titulo}»"))
        claves = [d.clave for d in definidas if d.clave in encontradas]
        if not problemas and orden != claves:
            problemas.append(Problema(fuente.archivo, fuente.secciones[0].linea,
                f"las secciones están en otro orden; deben ir así: "
                f"{lista_legible(d.titulo for d in definidas)}"))
        return encontradas, lineas, problemas


def en_linea(*partes: str | ET.Element) -> marcado.Arbol:
    """Un fragmento en línea (sin párrafo propio) hecho de textos y elementos."""
    p = ET.Element("p")
    ultimo: ET.Element | None = None
    for parte in partes:
        if isinstance(parte, str):
            if ultimo is None:
                p.text = (p.text or "") + parte
            else:
                ultimo.tail = (ultimo.tail or "") + parte
        else:
            p.append(parte)
            ultimo = parte
    raiz = ET.Element("div")
    raiz.append(p)
    return marcado.Arbol(raiz, None, "", 0, "", en_linea=True)  # type: ignore[arg-type]


def elemento(etiqueta: str, texto: str, **atributos: str) -> ET.Element:
    el = ET.Element(etiqueta, atributos)
    el.text = texto
    return el
