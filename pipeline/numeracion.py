"""Los números de los documentos numerados, únicos en todo ``contenido/``: un número de carta
usado dos veces (en cualquier carpeta) es un error, y un número de nota repetido en un año
también.

Cada tipo numerado dice cómo se leen sus números de una fuente (``numeros_de``). Para no leer
todas las fuentes en cada construcción, se buscan primero las que declaran el tipo en su front
matter (una expresión regular sobre el comienzo del archivo) y solo esas se leen. El documento
depende de «numeros:<contenido>:<tipo>»: su huella cambia si cambia alguna fuente de ese tipo
(o los datos que heredan), así que una carta nueva con un número repetido se detecta.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .corpus import Corpus
from .errores import ErrorFuente
from .fuentes import ARCHIVOS_DATOS, Fuente, buscar_fuentes

CABEZA = 4096  # el front matter empieza al comienzo: basta con leer esto


def _declara(tipo: str) -> re.Pattern:
    return re.compile(rf"(?m)^tipo:\s*[\"']?{re.escape(tipo)}[\"']?\s*(#.*)?$")


def candidatas(raiz: Path, tipo: str, fuentes: list[Path] | None = None) -> list[Path]:
    """Las fuentes de ``raiz`` (ya buscadas: ``fuentes``) que declaran ``tipo: <tipo>``."""
    patron = _declara(tipo)
    encontradas = []
    for ruta in buscar_fuentes(raiz) if fuentes is None else fuentes:
        try:
            with open(ruta, "rb") as f:
                cabeza = f.read(CABEZA).decode("utf-8", errors="replace")
        except OSError:
            continue
        if patron.search(cabeza):
            encontradas.append(ruta)
    return encontradas


_CAMPO_NUMERO = re.compile(r"(?ms)^numero:.*?(?=^\S|\Z)")


def huella(raiz: Path, tipo: str, huella_archivo: Callable[[Path], str], con_datos: bool = False) -> str:
    """La huella de los números que usan las fuentes de ``tipo`` (para el estado): cambia si
    aparece, desaparece o cambia el campo «numero» de una y, ``con_datos``, los datos que
    heredan (de ellos sale cuántas cartas van en una serie correlativa). Cambiar el texto de
    una nota no rehace las demás."""
    h = hashlib.blake2b(digest_size=16)
    for ruta in candidatas(raiz, tipo):
        h.update(str(ruta.relative_to(raiz)).encode())
        try:
            with open(ruta, "rb") as f:
                cabeza = f.read(CABEZA).decode("utf-8", errors="replace")
        except OSError:
            cabeza = ""
        campo = _CAMPO_NUMERO.search(cabeza)
        h.update((campo.group(0) if campo else "").encode())
        for nombre in ARCHIVOS_DATOS if con_datos else ():
            h.update(huella_archivo(ruta.parent / nombre).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class Uso:
    numero: str
    archivo: str
    linea: int | None
    ruta: Path


def usados(corpus: Corpus, tipo: str, numeros_de: Callable[[Fuente], list[tuple[str, int | None]]]) -> list[Uso]:
    """Los números que usan todas las fuentes de ``tipo`` del corpus (las ilegibles no cuentan:
    sus errores se informan en ellas)."""
    def calcular() -> list[Uso]:
        encontrados = []
        for ruta in candidatas(corpus.raiz, tipo, corpus.fuentes()):
            try:
                fuente = corpus.leer(ruta)
            except ErrorFuente:
                continue
            if fuente.tipo != tipo:
                continue
            encontrados += [Uso(n, fuente.archivo, linea, ruta) for n, linea in numeros_de(fuente)]
        return encontrados
    return corpus.recordar(("numeros", tipo), calcular)


_NUMERO_SIMPLE = re.compile(r"(?m)^numero:[ \t]*[\"']?([^\"'\n#]*?)[\"']?[ \t]*(#.*)?$")


def usados_simples(corpus: Corpus, tipo: str, normalizar: Callable[[str], str]) -> list[Uso]:
    """Como ``usados``, para los tipos cuyo número es un solo valor en su propia línea (la nota:
    «numero: "001-2024"»): se lee del comienzo del archivo, sin analizar cada fuente (editar una
    nota no obliga a leer todas las demás)."""
    from .errores import ruta_legible

    def calcular() -> list[Uso]:
        encontrados = []
        for ruta in candidatas(corpus.raiz, tipo, corpus.fuentes()):
            try:
                with open(ruta, "rb") as f:
                    cabeza = f.read(CABEZA).decode("utf-8", errors="replace")
            except OSError:
                continue
            m = _NUMERO_SIMPLE.search(cabeza)
            if not m:
                continue
            try:
                numero = normalizar(m.group(1).strip())
            except (ValueError, TypeError):
                continue
            encontrados.append(Uso(numero, ruta_legible(ruta), cabeza[:m.start()].count("\n") + 1, ruta))
        return encontrados
    return corpus.recordar(("numeros-simples", tipo), calcular)


def dependencia(corpus: Corpus, tipo: str, con_datos: bool = False) -> str:
    """«numeros:RAIZ:TIPO» (o «…:TIPO+datos»: también los datos que heredan)."""
    return f"numeros:{corpus.raiz.resolve()}:{tipo}{'+datos' if con_datos else ''}"
