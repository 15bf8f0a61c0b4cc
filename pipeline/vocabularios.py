"""Vocabularios controlados: cada lista, una sola vez, como datos.

Se validan dondequiera que una fuente los use y, más adelante, son facetas del catálogo.
"""

from __future__ import annotations

import re
import unicodedata

from .errores import lista_legible, sugerencia

# Tipo de práctica con que se publica una nota del conocimiento (semilla 003: «Buena práctica»;
# semilla 000, §7: la otra categoría que recibe nota es la experiencia destacada).
TIPOS_PRACTICA = ("Buena práctica", "Experiencia destacada")


def normalizar(texto: str) -> str:
    """Para comparar: sin tildes, sin mayúsculas, sin numeración inicial ni signos."""
    texto = unicodedata.normalize("NFKD", texto)
    texto = "".join(c for c in texto if not unicodedata.combining(c)).lower()
    texto = re.sub(r"^\s*\d+\s*[.)-]?\s*", "", texto)
    return " ".join(re.sub(r"[^\w/]+", " ", texto).split())


def elegir(valor: str, opciones: tuple[str, ...]) -> str:
    """El valor oficial de ``opciones`` que coincide con ``valor`` sin mirar tildes ni mayúsculas.

    Lanza ValueError con un mensaje en castellano si no coincide ninguno.
    """
    buscado = normalizar(str(valor))
    for opcion in opciones:
        if normalizar(opcion) == buscado:
            return opcion
    raise ValueError(f"«{valor}» no es un valor permitido; use uno de: {lista_legible(opciones)}."
                     + sugerencia(valor, opciones))
