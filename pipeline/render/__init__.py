"""Renderizado: un módulo por formato de salida, detrás de una sola interfaz.

Cada módulo de esta carpeta que declara ``FORMATO = Formato(...)`` (o ``FORMATOS``) es un
formato: ``word`` (DOCX con docxtpl) y ``pdf`` (PDF y PDF/A-3u con Jinja2 + WeasyPrint). Cada
uno expone ``renderizar(doc, plantillas, destino, fecha, formato)``. Agregar un formato (por
ejemplo HTML) es agregar un módulo: el registro (``pipeline/registro.py``), la construcción,
``--formato`` y el paquete lo encuentran solos. Nada fuera de esta carpeta nombra un formato.

Todos reciben el mismo contexto del tipo de documento; los fragmentos de Markdown
(``marcado.Arbol``) se convierten con el renderizador de cada formato.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from ..marcado import Arbol
from ..registro import Formato, formatos

EXTENSIONES_LOGO = (".png", ".jpg", ".jpeg", ".svg")


def convertir(valor: Any, funcion: Callable[[Arbol], Any], dibujo: Callable[[Any], Any] | None = None) -> Any:
    """Recorre el contexto y convierte cada fragmento de Markdown con ``funcion`` (y cada
    dibujo hecho de datos, ``pipeline/dibujos.py``, con ``dibujo``)."""
    from ..dibujos import Dibujo

    def recorrer(valor: Any) -> Any:
        tipo = type(valor)
        if tipo in _SIN_FRAGMENTOS:  # textos, números, fechas: la mayor parte del contexto
            return valor
        if tipo is dict:
            return {k: recorrer(v) for k, v in valor.items()}
        if tipo is list:
            return [recorrer(v) for v in valor]
        if isinstance(valor, Arbol):
            return funcion(valor)
        if isinstance(valor, Dibujo):
            return dibujo(valor) if dibujo else valor
        if isinstance(valor, dict):
            return {k: recorrer(v) for k, v in valor.items()}
        if isinstance(valor, list):
            return [recorrer(v) for v in valor]
        return valor

    return recorrer(valor)


_SIN_FRAGMENTOS = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, Decimal})


def entorno_html(plantillas: Path) -> jinja2.Environment:
    """El entorno Jinja2 de las plantillas HTML, uno por carpeta y proceso: cada plantilla se
    compila una vez (y de nuevo si su archivo cambia), no una vez por documento."""
    return _entorno_html(plantillas.resolve())


@lru_cache(maxsize=8)
def _entorno_html(carpeta: Path) -> jinja2.Environment:
    from .seguro import CargadorRestringido, EntornoSeguro

    return EntornoSeguro(loader=CargadorRestringido(carpeta))


def contexto_comun(doc, plantillas: Path) -> dict:
    """Lo que reciben las plantillas de todos los tipos, en ambos formatos: los textos fijos
    (``texto('clave')``), la identidad del Programa, quién emite el documento (el encabezado de
    cada página: el Programa, o el gobierno de la instancia en sus documentos, nunca el MIMP
    en una ordenanza) y la marca de ejemplo."""
    from ..institucional import identidad, textos

    datos = identidad(plantillas)
    if doc.tipo.usa_instancia and doc.instancia is not None:
        emisor = {"principal": doc.instancia.gobierno_nombre, "secundario": ""}
    else:
        emisor = {"principal": datos.get("ministerio", ""), "secundario": datos.get("programa", "")}
    return {"textos": textos(plantillas, doc.tipo.plantilla), "identidad": datos, "emisor": emisor,
            "ejemplo": doc.ejemplo, "tipo_documento": doc.tipo.descripcion}


def buscar_logo(plantillas: Path, tipo: str, extensiones=EXTENSIONES_LOGO,
                carpetas: tuple[tuple[Path, Path], ...] | None = None) -> Path | None:
    """Un logo (logo.png, logo.jpg…): por omisión, el que la SGIC deje en ``plantillas/<tipo>/``
    o ``plantillas/comun/``; ``carpetas``: otras (carpeta, raíz que no puede dejar).

    Debe estar dentro de su raíz y ser una imagen sana (``pipeline/imagenes.py``)."""
    from .. import imagenes
    from ..errores import ErrorPlantilla, ruta_legible
    from ..recinto import dentro

    for carpeta, raiz in carpetas or ((plantillas / tipo, plantillas), (plantillas / "comun", plantillas)):
        for ext in extensiones:
            logo = carpeta / f"logo{ext}"
            if logo.is_file():
                if not dentro(logo, raiz):
                    raise ErrorPlantilla(f"el logo «{ruta_legible(logo)}» es un enlace a un archivo "
                                         f"fuera de «{ruta_legible(raiz)}»: no se lee")
                motivo = imagenes.revisar(logo) if ext != ".svg" else None
                if motivo:
                    raise ErrorPlantilla(f"el logo «{ruta_legible(logo)}» {motivo}")
                return logo
    return None


def dependencias(plantillas: Path, tipo: str, formato: Formato) -> set[str]:
    """Los archivos de plantilla de los que depende un formato: solo los suyos (un cambio en
    la plantilla Word no rehace los PDF, ni uno en el CSS los DOCX)."""
    extensiones = ",".join(formato.plantillas)
    raiz = plantillas.resolve()
    return {f"archivos:{raiz / tipo}:{extensiones}", f"archivos:{raiz / 'comun'}:{extensiones}"}


def renderizar(doc, formato: str, plantillas: Path, archivo: Path) -> None:
    """Escribe ``doc`` en ``formato`` en ``archivo``, con el módulo de ese formato."""
    declarado = formatos()[formato]
    modulo = importlib.import_module(declarado.modulo)
    modulo.renderizar(doc, plantillas, archivo, doc.tipo.fecha(doc), declarado)


def encargo(doc, formato: str, plantillas: Path):
    """Lo que otro proceso necesita para escribir ``doc`` en ``formato`` sin tener el documento
    (un objeto que se puede enviar, con ``hacer(destino)``), o None si el formato no lo ofrece.
    Puede lanzar los mismos errores que ``renderizar`` (una plantilla rota)."""
    modulo = importlib.import_module(formatos()[formato].modulo)
    if not hasattr(modulo, "encargo"):
        return None
    return modulo.encargo(doc, plantillas, doc.tipo.fecha(doc), formato)


def dejar_hecho(doc, formato: str, resultado: Path | BaseException) -> None:
    """Lo que hizo otro proceso con el ``encargo`` de ``doc`` (el archivo o el error): el
    próximo ``renderizar`` de ese documento y formato lo toma en vez de hacerlo de nuevo."""
    importlib.import_module(formatos()[formato].modulo).dejar_hecho(doc, formato, resultado)


def olvidar_hechos(doc, nombres) -> None:
    """Olvida lo hecho para ``doc`` en los formatos ``nombres`` que nadie tomó."""
    for modulo in {formatos()[n].modulo for n in nombres}:
        olvidar = getattr(importlib.import_module(modulo), "olvidar_hechos", None)
        if olvidar:
            olvidar(doc)


def calentar(nombres) -> None:
    """Carga de antemano las bibliotecas lentas de los formatos ``nombres`` (``carga_lenta``)."""
    for nombre in nombres:
        formato = formatos()[nombre]
        if formato.carga_lenta:
            importlib.import_module(formato.modulo).calentar()


def preimportar(nombres) -> None:
    """Importa los módulos de los formatos pedidos antes de crear procesos: lo heredan cargado."""
    for nombre in nombres:
        importlib.import_module(formatos()[nombre].modulo)
