"""Informe de seguimiento semestral o anual del plan de trabajo (semilla 004, Anexo 4 y
§7.3.4.2): por cada actividad del plan, la meta frente al avance, el porcentaje (calculado),
el estado y las dificultades. Lee la fuente del plan: las metas no se escriben dos veces.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import Field, field_validator

from ..corpus import Corpus
from ..errores import AVISO, ErrorFuente, sugerencia
from ..modelo import Cifra, Modelo
from ..recinto import dentro
from ..vocabularios import normalizar
from .base import DefSeccion, Documento, Reglas, TipoDeInstancia

PERIODOS = {"primer semestre": "Primer semestre", "segundo semestre": "Segundo semestre",
            "anual": "Anual"}


class Avance(Modelo):
    actividad: str  # código de la actividad en el plan: «1.2»
    avance: Cifra
    dificultades: str | None = None

    @field_validator("actividad", mode="before")
    @classmethod
    def _codigo(cls, v):
        return str(v).strip()


class Seguimiento(Modelo):
    tipo: Literal["seguimiento"]
    plan: str  # archivo de la fuente del plan, en la misma carpeta: «plan-trabajo-2026.md»
    periodo: str
    fecha: dt.date
    avances: list[Avance] = Field(min_length=1)
    publico: bool = False  # «publico: true» lo lleva al paquete del Repositorio Institucional

    @field_validator("periodo", mode="before")
    @classmethod
    def _periodo(cls, v):
        clave = normalizar(str(v))
        if clave not in PERIODOS:
            raise ValueError(f"«{v}»: use «primer semestre», «segundo semestre» o «anual»")
        return PERIODOS[clave]


def porcentaje(avance: Decimal, meta: Decimal) -> Decimal:
    return (avance * 100 / meta).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def estado(pct: Decimal) -> str:
    if pct <= 0:
        return "No iniciada"
    return "Cumplida" if pct >= 100 else "En proceso"


class TipoSeguimiento(TipoDeInstancia):
    nombre = "seguimiento"
    descripcion = "informe de seguimiento del plan de trabajo"
    orden = 110
    objetivo_make = "seguimientos"
    ayuda = "El informe de seguimiento semestral o anual del plan de trabajo."
    publicacion = "si_la_fuente_lo_dice"
    coar = "http://purl.org/coar/resource_type/c_93fc"
    modelo = Seguimiento
    variables = {
        "instancia": "nombre de la instancia",
        "periodo": "«Primer semestre», «Segundo semestre» o «Anual»",
        "anio": "año del plan",
        "fecha": "fecha del informe (use | fecha_larga)",
        "filas": "cada actividad: .codigo, .actividad, .responsable, .meta, .unidad, .avance, .porcentaje, .estado y "
                 ".dificultades",
        "resumen": "cuántas actividades hay en cada estado: resumen['Cumplida']…",
        "total": "cuántas actividades tiene el plan",
        "logros": "logros (texto con formato), o nada",
        "recomendaciones": "recomendaciones (texto con formato), o nada",
        "secretaria_tecnica": "la Secretaría Técnica",
    }

    def secciones(self, modelo) -> list[DefSeccion]:
        return [DefSeccion("logros", "Logros", obligatoria=False),
                DefSeccion("recomendaciones", "Recomendaciones", obligatoria=False)]

    def titulo(self, doc: Documento) -> str:
        plan = doc.valores["plan"]
        return (f"Informe de seguimiento ({doc.modelo.periodo.lower()}) del plan de trabajo "
                f"{plan.anio} de la {doc.instancia.nombre}")

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        from . import TIPOS

        seg, fuente = doc.modelo, doc.fuente
        ruta = fuente.carpeta / seg.plan
        if not re.fullmatch(r"[^/\\\x00]{1,200}\.md", seg.plan) or not dentro(ruta, fuente.carpeta):
            raise ErrorFuente([fuente.problema(("plan",),
                f"«{seg.plan}» está fuera de la carpeta de este informe (o es un enlace a un "
                "archivo de fuera): el plan debe ser un archivo de la misma carpeta, por ejemplo "
                "«plan-trabajo-2026.md»")])
        dependencias = {str(ruta.resolve())}
        if not ruta.is_file():
            raise ErrorFuente([fuente.problema(("plan",),
                f"no existe el plan «{seg.plan}» en la carpeta de este informe")])
        try:
            fuente_plan = corpus.leer(ruta)
            # otro tipo de documento se dice como tal, no como errores de un plan
            plan_doc = (TIPOS["plan-trabajo"].validar(fuente_plan, doc.plantillas, corpus)
                        if fuente_plan.tipo == "plan-trabajo" else None)
        except ErrorFuente as exc:
            raise ErrorFuente([fuente.problema(("plan",),
                f"el plan «{seg.plan}» tiene errores; corríjalo primero")] + exc.problemas) from None
        if plan_doc is None:
            raise ErrorFuente([fuente.problema(("plan",), f"«{seg.plan}» no es un plan de trabajo")])
        plan = plan_doc.modelo
        dependencias |= plan_doc.dependencias()
        actividades = plan.actividades()
        problemas, vistas = [], set()
        for i, a in enumerate(seg.avances):
            if a.actividad not in actividades:
                problemas.append(fuente.problema(("avances", i, "actividad"),
                    f"el plan no tiene la actividad «{a.actividad}»; sus actividades son "
                    f"{', '.join(actividades)}." + sugerencia(a.actividad, actividades)))
            elif a.actividad in vistas:
                problemas.append(fuente.problema(("avances", i, "actividad"),
                    f"la actividad «{a.actividad}» está dos veces"))
            vistas.add(a.actividad)
        faltan = [c for c in actividades if c not in vistas]
        if faltan and not problemas:
            problemas.append(fuente.problema(("avances",),
                f"sin reporte de avance: actividades {', '.join(faltan)} (salen como «sin reporte»)",
                nivel=AVISO))
        return Reglas(problemas, {"plan": plan}, dependencias)

    def contexto(self, doc: Documento) -> dict:
        seg, ins, plan = doc.modelo, doc.instancia, doc.valores["plan"]
        avances = {a.actividad: a for a in seg.avances}
        filas = []
        for codigo, actividad in plan.actividades().items():
            a = avances.get(codigo)
            pct = porcentaje(a.avance, actividad.meta) if a else None
            filas.append({
                "codigo": codigo, "actividad": actividad.actividad,
                "responsable": ins.integrante(actividad.responsable).institucion,
                "meta": actividad.meta, "unidad": actividad.unidad,
                "avance": a.avance if a else None,
                "porcentaje": pct,
                "estado": estado(pct) if pct is not None else "Sin reporte",
                "dificultades": (a.dificultades if a and a.dificultades else "—"),
            })
        reportadas = [f for f in filas if f["estado"] != "Sin reporte"]
        return {
            "instancia": ins.nombre,
            "periodo": seg.periodo,
            "anio": plan.anio,
            "fecha": seg.fecha,
            "filas": filas,
            "resumen": {e: sum(1 for f in reportadas if f["estado"] == e)
                        for e in ("Cumplida", "En proceso", "No iniciada")},
            "total": len(filas),
            "logros": doc.secciones.get("logros"),
            "recomendaciones": doc.secciones.get("recomendaciones"),
            "secretaria_tecnica": ins.secretaria_tecnica_nombre,
        }


TIPO = TipoSeguimiento()
