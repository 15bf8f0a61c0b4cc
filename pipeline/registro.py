"""Registro ligero de tipos de documento y de formatos, leído del código de sus módulos.

Un tipo de documento es **un módulo** de ``pipeline/tipos/`` con una clase que declara, como
atributos, su ``nombre``, su ``orden``, su objetivo de Make y su ayuda; un formato de salida es
un módulo de ``pipeline/render/`` que declara ``FORMATO = Formato(...)`` (o ``FORMATOS``).
Este registro los lee sin importar esos módulos (que cargan pydantic, docxtpl o WeasyPrint):
la línea de órdenes, el Makefile y la decisión de que no hay nada que construir lo usan antes
de saber si habrá algo que renderizar. ``pipeline.tipos.TIPOS`` y
``pipeline.render.formatos()`` importan los mismos módulos; una prueba comprueba que coinciden.

``python -m pipeline.registro objetivos`` imprime los objetivos de Make (los usa el Makefile).
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PAQUETE = Path(__file__).resolve().parent
ATRIBUTOS_TIPO = ("nombre", "orden", "objetivo_make", "descripcion", "ayuda")
ATRIBUTOS_OPCIONALES = ("columnas_lote", "columnas_obligatorias_lote", "nombre_de_fila")


@dataclass(frozen=True)
class DeclaracionTipo:
    nombre: str
    modulo: str  # «pipeline.tipos.nota»
    clase: str
    orden: int
    objetivo_make: str
    descripcion: str
    ayuda: str
    columnas_lote: tuple[str, ...] = ()  # si se construye en lote, las columnas de su tabla
    columnas_obligatorias_lote: tuple[str, ...] = ()  # las que reconocen una tabla como suya
    # la columna cuyo valor nombra el archivo de cada fila («» = la primera con valor); o
    # (columna, {valor: columnas}): las que nombran dependen del valor de otra (el nivel); con
    # varias columnas, cada una es una carpeta (región/provincia/distrito): dos territorios con
    # el mismo nombre en lugares distintos no chocan
    nombre_de_fila: str | tuple = ""

    def ruta_para(self, fila: dict) -> tuple[str, ...] | None:
        """Los valores que nombran el archivo de una fila (antes de validarla), o None."""
        regla = self.nombre_de_fila
        if isinstance(regla, tuple):
            selectora, columnas = regla
            elegidas = columnas.get((fila.get(selectora) or "").strip().lower())
            if not elegidas:
                return None
            valores = tuple(fila.get(c) for c in ((elegidas,) if isinstance(elegidas, str) else elegidas))
            return valores if all(valores) else None  # type: ignore[return-value]
        valor = fila.get(regla) if regla else next((v for v in fila.values() if v), None)
        return (valor,) if valor else None


@dataclass(frozen=True)
class Formato:
    """Un formato de salida, declarado en su módulo de ``pipeline/render/``."""

    nombre: str  # «docx», «pdf», «pdfa»
    extension: str  # del archivo que produce
    descripcion: str
    orden: int = 50  # en listas y al construir
    por_omision: bool = True  # se construye cuando no se pide --formato
    carpeta: str = ""  # "" = el espejo de contenido/; si no, una carpeta dentro de salida/
    en_paquete: bool = False  # va al paquete del Repositorio Institucional
    principal: bool = False  # el archivo principal de cada ítem del paquete (SAF «primary»)
    plantilla: str = ""  # la extensión de su plantilla principal: plantillas/<tipo>/<tipo>.<ext>
    plantillas: tuple[str, ...] = ()  # extensiones de los archivos de plantilla que usa
    # su biblioteca tarda en cargarse (WeasyPrint, ~0,4 s): su módulo tiene ``calentar()``, que
    # un proceso ayudante llama mientras el principal revisa qué hay que hacer (motor.py)
    carga_lenta: bool = False
    modulo: str = field(default="", compare=False)

    def destino(self, relativa: Path, salida: Path) -> Path:
        """Dónde va la salida de la fuente ``relativa`` (sin extensión): el espejo de contenido/
        dentro de salida/, o la carpeta propia del formato."""
        base = salida / self.carpeta if self.carpeta else salida
        return base / relativa.with_suffix("." + self.extension)


def _constante(nodo: ast.expr):
    valor = ast.literal_eval(nodo)
    return valor


def _modulos(carpeta: Path) -> list[Path]:
    return sorted(p for p in carpeta.glob("*.py") if not p.name.startswith("_"))


@lru_cache(maxsize=4)
def _tipos(carpeta: Path) -> tuple[DeclaracionTipo, ...]:
    declaraciones = []
    for archivo in _modulos(carpeta):
        arbol = ast.parse(archivo.read_text(encoding="utf-8"))
        for clase in (n for n in arbol.body if isinstance(n, ast.ClassDef)):
            valores = {}
            for sentencia in clase.body:
                if (isinstance(sentencia, ast.Assign) and len(sentencia.targets) == 1
                        and isinstance(sentencia.targets[0], ast.Name)
                        and sentencia.targets[0].id in ATRIBUTOS_TIPO + ATRIBUTOS_OPCIONALES):
                    valores[sentencia.targets[0].id] = _constante(sentencia.value)
            if "nombre" in valores:
                faltan = [a for a in ATRIBUTOS_TIPO if a not in valores]
                if faltan:
                    raise SystemExit(f"{archivo}: la clase {clase.name} no declara {', '.join(faltan)}")
                declaraciones.append(DeclaracionTipo(
                    modulo=f"pipeline.tipos.{archivo.stem}", clase=clase.name, **valores))
    return tuple(sorted(declaraciones, key=lambda d: (d.orden, d.nombre)))


def tipos(carpeta: Path = PAQUETE / "tipos") -> tuple[DeclaracionTipo, ...]:
    """Los tipos de documento, en su orden (el del ciclo)."""
    return _tipos(carpeta)


def nombres() -> tuple[str, ...]:
    return tuple(d.nombre for d in tipos())


def tipo_de(texto: str) -> str | None:
    """El tipo que nombra ``texto``: su nombre («nota») o su objetivo de Make («notas»)."""
    texto = texto.strip().lower()
    for d in tipos():
        if texto in (d.nombre, d.objetivo_make):
            return d.nombre
    return None


@lru_cache(maxsize=4)
def _formatos(carpeta: Path) -> tuple[Formato, ...]:
    encontrados = []
    for archivo in _modulos(carpeta):
        arbol = ast.parse(archivo.read_text(encoding="utf-8"))
        for sentencia in arbol.body:
            if not (isinstance(sentencia, ast.Assign) and len(sentencia.targets) == 1
                    and isinstance(sentencia.targets[0], ast.Name)
                    and sentencia.targets[0].id in ("FORMATO", "FORMATOS")):
                continue
            llamadas = (sentencia.value.elts if isinstance(sentencia.value, (ast.List, ast.Tuple))
                        else [sentencia.value])
            for llamada in llamadas:
                if isinstance(llamada, ast.Call) and getattr(llamada.func, "id", "") == "Formato":
                    argumentos = {k.arg: _constante(k.value) for k in llamada.keywords if k.arg}
                    encontrados.append(Formato(modulo=f"pipeline.render.{archivo.stem}", **argumentos))
    return tuple(sorted(encontrados, key=lambda f: (f.orden, f.nombre)))


def formatos(carpeta: Path = PAQUETE / "render") -> dict[str, Formato]:
    """Los formatos de salida, por nombre."""
    return {f.nombre: f for f in _formatos(carpeta)}


def formatos_por_omision() -> tuple[str, ...]:
    return tuple(f.nombre for f in formatos().values() if f.por_omision)


def principal(argumentos: list[str]) -> None:
    if argumentos == ["objetivos"]:
        print(" ".join(d.objetivo_make for d in tipos()))
    elif argumentos == ["tabla"]:
        for d in tipos():
            print(f"| `make {d.objetivo_make}` | `{d.nombre}` | {d.ayuda} |")
    elif len(argumentos) == 2 and argumentos[0] == "sugerir":  # make <objetivo que no existe>
        import difflib

        otros = ["todo", "validar", "vista", "test", "lint", "bench", "paquete", "paquete-revision",
                 "limpiar", "sistema"]
        objetivos = [d.objetivo_make for d in tipos()] + otros
        pedido = argumentos[1]
        cercanos = difflib.get_close_matches(pedido, objetivos, n=1, cutoff=0.6)
        por_tipo = {d.nombre: d.objetivo_make for d in tipos()}.get(pedido)
        sugerido = por_tipo or (cercanos[0] if cercanos else None)
        print(f"make: no existe el objetivo «{pedido}».", end="")
        print(f" ¿Quiso decir «make {sugerido}»?" if sugerido else "", end="")
        print(f" Objetivos: {', '.join(objetivos)} (ver el README, «Objetivos de make»).")
    else:
        raise SystemExit("uso: python -m pipeline.registro objetivos|tabla|sugerir OBJETIVO")


if __name__ == "__main__":
    principal(sys.argv[1:])
