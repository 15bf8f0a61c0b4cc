"""La convocatoria «Rumbo a las buenas prácticas» como datos: una edición por archivo
(``plantillas/convocatoria/<edición>.yml``, la de 2024 tomada de la semilla 000), con su
cronograma (Tabla N° 2), sus límites (§3 y Anexo 2) y lo que concluye cada una de sus tres
evaluaciones (§5, §7 y §10).

Los documentos del ciclo nombran su ``edicion`` (en ``experiencia.yml``); sus fechas se miran
contra el cronograma de esa edición: lo imposible es un error; lo tardío, un aviso.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from . import formato
from .errores import ErrorFuente, Problema, ruta_legible
from .fuentes import Fuente, cargar_yaml, leer_texto
from .modelo import Modelo, validar_modelo

CARPETA = "convocatoria"


class Actividad(Modelo):
    numero: int = Field(ge=1)
    actividad: str
    desde: dt.date
    hasta: dt.date
    por_confirmar: str | None = None

    @model_validator(mode="after")
    def _orden(self):
        if self.hasta < self.desde:
            raise ValueError(f"«hasta» ({self.hasta}) es anterior a «desde» ({self.desde})")
        return self

    @property
    def periodo(self) -> str:
        """«del 23 al 25 de abril de 2024», «el 15 de julio de 2024»."""
        return formato.rango_de_fechas(self.desde, self.hasta)


class Resultado(Modelo):
    """Un resultado posible de una evaluación y lo que sigue de él."""

    resultado: str
    criterios: int | Literal["todos"] | None = Field(default=None)  # al menos cuántos
    buena_iniciativa: bool = False
    sigue: bool | Literal["con_permiso"] = False
    carta: bool = False
    nota: bool = False
    publica_nota: bool = False
    publica_informe: bool = False
    descripcion: str
    consejo: str

    def aplica(self, cumplidos: int, total: int, buena_iniciativa: bool) -> bool:
        minimo = total if self.criterios == "todos" else self.criterios
        if minimo is not None and cumplidos < minimo:
            return False
        return not self.buena_iniciativa or buena_iniciativa

    @property
    def aprobada(self) -> bool:
        """Da carta de felicitación (la experiencia «aprueba», §10)."""
        return self.carta


class Fase(Modelo):
    clave: str
    nombre: str
    ventana: str  # la actividad del cronograma en que se evalúa
    resultados: list[Resultado] = Field(min_length=1)

    @model_validator(mode="after")
    def _siempre_hay_resultado(self):
        ultimo = self.resultados[-1]
        if ultimo.criterios not in (None, 0) or ultimo.buena_iniciativa:
            raise ValueError(f"el último resultado de la fase «{self.clave}» debe valer siempre "
                             "(sin «criterios» ni «buena_iniciativa»): toda evaluación tiene un resultado")
        return self


class Limites(Modelo):
    integrantes_minimos: int = Field(ge=1)
    integrantes_en_formulario: int = Field(ge=1)
    objetivos_especificos: int = Field(ge=1)
    acciones: int = Field(ge=1)


class Convocatoria(Modelo):
    edicion: int = Field(ge=2018, le=2100)
    nombre: str
    unidad: str
    programa_acompanamiento: str
    cronograma: dict[str, Actividad]
    limites: Limites
    fases: list[Fase] = Field(min_length=1)

    @model_validator(mode="after")
    def _coherente(self):
        for fase in self.fases:
            if fase.ventana not in self.cronograma:
                raise ValueError(f"la fase «{fase.clave}» se evalúa en «{fase.ventana}», que no está en "
                                 "el cronograma")
        claves = [f.clave for f in self.fases]
        if len(set(claves)) != len(claves):
            raise ValueError("hay dos fases con la misma clave")
        return self

    # --------------------------------------------------------------- consultas
    def fase(self, clave: str) -> Fase:
        return next(f for f in self.fases if f.clave == clave)

    def orden(self, clave: str) -> int:
        return [f.clave for f in self.fases].index(clave)

    def actividad(self, clave: str) -> Actividad | None:
        return self.cronograma.get(clave)

    @property
    def inicio(self) -> dt.date:
        return min(a.desde for a in self.cronograma.values())

    @property
    def fin(self) -> dt.date:
        return max(a.hasta for a in self.cronograma.values())


def ruta(plantillas: Path, edicion: int) -> Path:
    return plantillas / CARPETA / f"{edicion}.yml"


def ediciones(plantillas: Path) -> list[int]:
    carpeta = plantillas / CARPETA
    return sorted(int(p.stem) for p in carpeta.glob("*.yml") if p.stem.isdigit()) if carpeta.is_dir() else []


def cargar(plantillas: Path, edicion: int, archivo: str, linea: int | None) -> Convocatoria:
    """Los datos de la edición; si faltan, un error en el documento que la nombra."""
    destino = ruta(plantillas, edicion)
    if not destino.is_file():
        hay = ", ".join(str(e) for e in ediciones(plantillas)) or "ninguna"
        raise ErrorFuente([Problema(archivo, linea,
            f"no hay datos de la convocatoria {edicion}: la SGIC debe agregar "
            f"{ruta_legible(destino)} (cronograma, límites y resultados de sus bases; hay: {hay})",
            campo="edicion")])
    marca = destino.stat()
    return _cargar(plantillas.resolve(), edicion, (marca.st_mtime_ns, marca.st_size))


@lru_cache(maxsize=16)
def _cargar(plantillas: Path, edicion: int, _version: tuple) -> Convocatoria:
    destino = ruta(plantillas, edicion)
    legible = ruta_legible(destino)
    datos, origenes = cargar_yaml(leer_texto(destino, plantillas), legible)
    if not isinstance(datos, dict):
        raise ErrorFuente([Problema(legible, 1, "debe ser un grupo de campos «nombre: valor»")])
    fuente = Fuente(ruta=destino, archivo=legible, datos=datos, origenes=origenes, propios=set(datos),
                    linea_front_matter=1, preambulo="", linea_preambulo=1)
    modelo, problemas = validar_modelo(fuente, Convocatoria)
    if modelo is None:
        raise ErrorFuente(problemas)
    if modelo.edicion != edicion:
        raise ErrorFuente([fuente.problema(("edicion",), f"el archivo {destino.name} dice edición "
                                           f"{modelo.edicion}")])
    return modelo


def vigente(plantillas: Path) -> Convocatoria | None:
    """La última edición que hay (para los límites de una experiencia que no nombra la suya)."""
    hay = ediciones(plantillas)
    return cargar(plantillas, hay[-1], ruta_legible(ruta(plantillas, hay[-1])), None) if hay else None
