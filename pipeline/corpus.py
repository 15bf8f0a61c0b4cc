"""El corpus de una construcción: las fuentes y tablas de la carpeta de contenido, buscadas una
vez y leídas una vez cada una (como el conjunto de archivos de MkDocs, que se reúne una vez y se
entrega a cada etapa). Las reglas de los tipos y las decisiones de publicación le piden lo que
necesitan —la evaluación de una carpeta, el plan de un seguimiento— en vez de recorrer carpetas
por su cuenta.

Un corpus vale para una construcción: se crea al empezar y se entrega a los procesos de trabajo
(que lo heredan con lo ya leído). Lee perezosamente: decidir que no hay nada que hacer no lee
ninguna fuente.
"""

from __future__ import annotations

from pathlib import Path

from .errores import ErrorFuente
from .fuentes import Fuente, buscar_fuentes, leer_fuente, tipo_declarado


class Corpus:
    def __init__(self, raiz: Path):
        self.raiz = raiz
        self._fuentes: list[Path] | None = None
        self._tablas: list[Path] | None = None
        self._leidas: dict[Path, Fuente | ErrorFuente] = {}
        self._recordado: dict = {}

    def recordar(self, clave, calcular):
        """Lo que ``calcular()`` da para ``clave``, calculado una vez por construcción (el ciclo
        de evaluaciones de una carpeta, los números usados en el corpus…)."""
        if clave not in self._recordado:
            self._recordado[clave] = calcular()
        return self._recordado[clave]

    def fuentes(self) -> list[Path]:
        """Todas las fuentes ``*.md``, en orden estable."""
        if self._fuentes is None:
            self._fuentes = buscar_fuentes(self.raiz)
        return self._fuentes

    def tablas(self) -> list[Path]:
        """Todas las tablas ``*.csv`` (las que un tipo construye en lote)."""
        if self._tablas is None:
            self._tablas = sorted(p for p in self.raiz.rglob("*.csv")
                                  if p.is_file() and not p.name.startswith("."))
        return self._tablas

    def leer(self, ruta: Path) -> Fuente:
        """La fuente leída (una sola vez); sus errores, también una sola vez."""
        clave = Path(ruta)
        if clave not in self._leidas:
            try:
                self._leidas[clave] = leer_fuente(clave, self.raiz)
            except ErrorFuente as exc:
                self._leidas[clave] = exc
        leida = self._leidas[clave]
        if isinstance(leida, ErrorFuente):
            raise leida
        return leida

    def tipo_de(self, ruta: Path) -> str | None:
        """El tipo que declara una fuente (None si no se puede leer)."""
        try:
            return self.leer(ruta).tipo
        except ErrorFuente:
            return None

    def tipo_rapido(self, ruta: Path) -> str | None:
        """El tipo de una fuente para elegir qué construir: el de su línea «tipo: …» si la tiene
        (sin interpretar el YAML ni leer lo heredado); si no, el de leerla entera."""
        clave = Path(ruta)
        if clave in self._leidas:
            return self.tipo_de(clave)
        return tipo_declarado(clave, self.raiz) or self.tipo_de(clave)

    def en_carpeta(self, carpeta: Path, tipo: str, excepto: Path | None = None) -> list[Fuente]:
        """Las fuentes legibles de ``tipo`` que están en ``carpeta`` (no en sus subcarpetas)."""
        encontradas = []
        for ruta in self.fuentes():
            if ruta.parent != carpeta or ruta == excepto:
                continue
            if self.tipo_de(ruta) == tipo:
                encontradas.append(self.leer(ruta))
        return encontradas
