"""``construir`` y ``validar``: reúnen los trabajos de la carpeta de contenido y los entregan
al motor (``pipeline/motor.py``).

- Cada fuente ``contenido/<ruta>/<nombre>.md`` es un trabajo con una salida por formato
  (regla del espejo: ``salida/<ruta>/<nombre>.docx`` y ``.pdf``).
- Cada tabla ``*.csv`` de un tipo que se construye en lote (la reconoce su fila de títulos) da
  un trabajo por fila (``pipeline/lote.py``): ``make ordenanzas`` construye las ordenanzas
  sueltas y las de cada tabla de territorios en una sola pasada.

Lo incremental, paralelo, atómico y reproducible lo hace el motor, igual para todas las
órdenes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .corpus import Corpus
from .motor import ErrorConstruccion, Motor, Opciones, Pedido, Resumen, Trabajo
from .registro import formatos as declarados
from .registro import formatos_por_omision

__all__ = ["ErrorConstruccion", "Resumen", "construir", "destinos", "trabajos_de_fuentes"]

GRUPO_FUENTES = "fuentes"


def destinos(ruta: Path, contenido: Path, salida: Path, formatos: Iterable[str]) -> dict[str, Path]:
    """Regla del espejo: contenido/<ruta>/<nombre>.md → salida/<ruta>/<nombre>.docx y .pdf (cada
    formato en su carpeta, si la tiene)."""
    # sin resolver enlaces: una fuente que es un enlace simbólico sigue en su lugar del árbol
    relativa = Path(os.path.abspath(ruta)).relative_to(os.path.abspath(contenido)).with_suffix("")
    todos = declarados()
    return {f: todos[f].destino(relativa, salida) for f in formatos}


def trabajos_de_fuentes(corpus: Corpus, salida: Path, formatos: Iterable[str]) -> list[Trabajo]:
    formatos = tuple(formatos)
    return [Trabajo(str(ruta.resolve()), GRUPO_FUENTES, ruta,
                    tuple(destinos(ruta, corpus.raiz, salida, formatos).items()))
            for ruta in corpus.fuentes()]


def dentro_de(ruta: Path, rutas: Iterable[Path]) -> bool:
    """¿``ruta`` es una de ``rutas`` o está dentro de una de ellas (carpetas)?"""
    absoluta = os.path.abspath(ruta)
    return any(absoluta == r or absoluta.startswith(r.rstrip(os.sep) + os.sep)
               for r in (os.path.abspath(x) for x in rutas))


def construir(contenido: Path, salida: Path, plantillas: Path, tipos: set[str] | None = None,
              formatos: Iterable[str] | None = None, solo_validar: bool = False, al_terminar=None,
              trabajos: int | None = None, forzar: bool = False, al_progresar=None,
              rutas: list[Path] | None = None) -> Resumen:
    """Construye (o solo valida) las fuentes y tablas de ``contenido`` de los ``tipos`` pedidos
    (y, si se dan ``rutas`` —archivos o carpetas de ``contenido``—, solo las que están en ellas:
    de las demás no se dice nada ni se borra nada).

    ``al_terminar(ruta, salidas, problemas)`` se llama tras cada documento, para informar;
    ``al_progresar(total)`` una vez, cuando se sabe cuántos hay que hacer.
    """
    from .lote import GRUPO_LOTE, trabajos_de_tablas

    formatos = tuple(formatos or formatos_por_omision())
    corpus = Corpus(contenido)
    motor = Motor(Opciones(contenido, salida, plantillas), corpus, al_terminar, al_progresar)
    try:
        if not solo_validar:
            motor.anticipar(formatos, trabajos)  # lo lento de cargar, en otro núcleo desde ya
        de_fuentes = trabajos_de_fuentes(corpus, salida, formatos)
        de_tablas, problemas = trabajos_de_tablas(corpus, salida, formatos, tipos)
        todos = de_fuentes + de_tablas
        # los huérfanos: de fuentes borradas (de cualquier tipo) y de filas o tablas que ya no están
        grupos = {GRUPO_FUENTES, GRUPO_LOTE}
        if rutas:
            todos = [t for t in todos if dentro_de(t.ruta, rutas)]
            problemas = [p for p in problemas if dentro_de(Path(p.archivo), rutas)]
            grupos = set()  # construir una carpeta no borra las salidas de las demás
        pedido = Pedido(todos, grupos, tipos, forzar, trabajos, problemas)
        return motor.validar(pedido) if solo_validar else motor.construir(pedido)
    finally:
        motor.cerrar()
