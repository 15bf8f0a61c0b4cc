"""Diagnóstico de la situación de la violencia contra las mujeres y los integrantes del grupo
familiar (semilla 004, Anexo 1 y §7.3.3.1 numeral 3): la violencia por tipos y modalidades y
según características de las personas (sexo, edad, discapacidad…), la cobertura y calidad de
los servicios, la inversión presupuestal y las fuentes (ENDES, ENARES, registros…).
Las tablas se hacen con los datos de la fuente; los porcentajes y totales se calculan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from .. import formato
from ..errores import AVISO
from ..modelo import Cifra, Conteo, Modelo
from ..vocabularios import TIPOS_VIOLENCIA, VARIABLES_DIAGNOSTICO, elegir, normalizar
from .base import DefSeccion, Documento, Reglas, TipoDeInstancia
from .seguimiento import porcentaje


class Distribucion(Modelo):
    """Una tabla de casos: una variable (sexo, edad…) y el número de casos de cada valor."""

    titulo: str = Field(min_length=3)
    variable: str = Field(min_length=2)
    fuente: str = Field(min_length=3)
    casos: dict[str, Conteo] = Field(min_length=1)

    @field_validator("casos")
    @classmethod
    def _no_negativos(cls, v):
        negativos = [k for k, n in v.items() if n < 0]
        if negativos:
            raise ValueError(f"los casos no pueden ser negativos: {', '.join(negativos)}")
        return v


class CasosPorTipo(Distribucion):
    titulo: str = "Casos según tipo de violencia"
    variable: str = "Tipo de violencia (Ley N° 30364)"

    @field_validator("casos", mode="before")
    @classmethod
    def _tipos_de_la_ley(cls, v):
        if not isinstance(v, dict):
            return v
        return {elegir(k, TIPOS_VIOLENCIA): n for k, n in v.items()}


class Servicio(Modelo):
    servicio: str = Field(min_length=3)
    institucion: str = Field(min_length=3)
    cobertura: str = Field(min_length=3)
    calidad: str | None = None


class Gasto(Modelo):
    concepto: str = Field(min_length=3)
    monto: Cifra


class Diagnostico(Modelo):
    tipo: Literal["diagnostico"]
    anio: int = Field(ge=2000, le=2100)
    casos_por_tipo: CasosPorTipo
    caracteristicas: list[Distribucion] = []  # por sexo, edad, discapacidad, estado civil…
    servicios: list[Servicio] = Field(min_length=1)
    presupuesto: list[Gasto] = []
    fuente_presupuesto: str | None = None
    fuentes: list[str] = Field(min_length=1)  # ENDES, ENARES, registros administrativos…
    publico: bool = False  # «publico: true» lo lleva al paquete del Repositorio Institucional


def tabla(d: Distribucion) -> dict:
    total = sum(d.casos.values())
    return {
        "titulo": d.titulo, "variable": d.variable, "fuente": d.fuente,
        "filas": [{"valor": k, "casos": n,
                   "porcentaje": porcentaje(Decimal(n), Decimal(total)) if total else None}
                  for k, n in d.casos.items()],
        "total": total,
    }


class TipoDiagnostico(TipoDeInstancia):
    nombre = "diagnostico"
    descripcion = "diagnóstico de la situación de la violencia"
    orden = 100
    objetivo_make = "diagnosticos"
    ayuda = "El diagnóstico de la situación de la violencia en el territorio."
    publicacion = "si_la_fuente_lo_dice"
    coar = "http://purl.org/coar/resource_type/c_93fc"
    modelo = Diagnostico
    variables = {
        "titulo": "título del diagnóstico",
        "instancia": "nombre de la instancia",
        "anio": "año del diagnóstico",
        "secciones": "secciones con formato: presentacion, violencia, servicios, presupuesto, conclusiones (las "
                     "opcionales pueden faltar)",
        "tipos": "casos por tipo de violencia: .titulo, .variable, .fuente, .filas (.valor, .casos, .porcentaje) y "
                 ".total",
        "caracteristicas": "otras distribuciones, cada una como «tipos»",
        "servicios": "servicios: .servicio, .institucion, .cobertura y .calidad",
        "presupuesto": "inversión: .concepto y .monto (use | soles)",
        "presupuesto_total": "total de la inversión (use | soles)",
        "fuente_presupuesto": "fuente de la inversión, o nada",
        "fuentes": "fuentes de información",
    }
    necesita_integrantes = False  # no cita a los integrantes

    def secciones(self, modelo) -> list[DefSeccion]:
        return [DefSeccion("presentacion", "Presentación", obligatoria=False),
                DefSeccion("violencia", "La violencia en el territorio"),
                DefSeccion("servicios", "Cobertura y calidad de los servicios"),
                DefSeccion("presupuesto", "Inversión presupuestal"),
                DefSeccion("conclusiones", "Conclusiones", obligatoria=False)]

    def titulo(self, doc: Documento) -> str:
        return (f"Diagnóstico de la situación de la violencia contra las mujeres y los integrantes "
                f"del grupo familiar en {doc.instancia.lugar} ({doc.modelo.anio})")

    def reglas(self, doc: Documento, corpus) -> Reglas:
        """Totales que deben coincidir (las tablas de una misma fuente cuentan los mismos casos)
        y las variables que sugiere la semilla 004 y que faltan: avisos que las nombran."""
        d, fuente = doc.modelo, doc.fuente
        problemas = []
        base = sum(d.casos_por_tipo.casos.values())
        for i, c in enumerate(d.caracteristicas):
            total = sum(c.casos.values())
            if normalizar(c.fuente) == normalizar(d.casos_por_tipo.fuente) and total != base:
                problemas.append(fuente.problema(("caracteristicas", i, "casos"),
                    f"«{c.titulo}» suma {formato.cifra(total)} casos y «{d.casos_por_tipo.titulo}», "
                    f"{formato.cifra(base)}, de la misma fuente («{c.fuente}»): deberían coincidir; revise una "
                    "de las dos", nivel=AVISO))
        presentes = " | ".join(normalizar(c.variable) + " " + normalizar(c.titulo) for c in d.caracteristicas)
        faltan = [v.valor for v in VARIABLES_DIAGNOSTICO
                  if not any(normalizar(x) in presentes for x in (v.valor, *v.alias))]
        if faltan:
            problemas.append(fuente.problema(("caracteristicas",),
                f"faltan las variables que sugiere la semilla 004 (§7.3.3.1, numeral 3): {', '.join(faltan)}; "
                "agréguelas en «caracteristicas» si hay datos, o explique en el texto por qué no", nivel=AVISO))
        return Reglas(problemas)

    def contexto(self, doc: Documento) -> dict:
        d, ins = doc.modelo, doc.instancia
        total = sum((g.monto for g in d.presupuesto), Decimal(0))
        return {
            "titulo": self.titulo(doc),
            "instancia": ins.nombre,
            "anio": d.anio,
            "secciones": {k: doc.secciones.get(k) for k in
                          ("presentacion", "violencia", "servicios", "presupuesto", "conclusiones")},
            "tipos": tabla(d.casos_por_tipo),
            "caracteristicas": [tabla(c) for c in d.caracteristicas],
            "servicios": [{"servicio": s.servicio, "institucion": s.institucion,
                           "cobertura": s.cobertura, "calidad": s.calidad or "—"}
                          for s in d.servicios],
            "presupuesto": [{"concepto": g.concepto, "monto": g.monto} for g in d.presupuesto],
            "presupuesto_total": total,
            "fuente_presupuesto": d.fuente_presupuesto,
            "fuentes": d.fuentes,
        }


TIPO = TipoDiagnostico()
