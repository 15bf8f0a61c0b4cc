"""Plan de trabajo de la instancia (semilla 004, Anexo 2 y §7.3.3.1 numeral 4): objetivos,
actividades con indicador, meta, institución responsable, cronograma por trimestre y
presupuesto (S/), alineados con el diagnóstico.

El plan es anual y se aprueba «hasta el último día hábil del mes de noviembre del año
precedente»: una aprobación posterior es un aviso, no un error. (Día hábil = de lunes a
viernes; los feriados no se descuentan.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from .. import formato
from ..corpus import Corpus
from ..errores import AVISO
from ..modelo import CIFRA_MAXIMA, Cifra, Modelo
from .base import DefSeccion, Documento, Reglas, TipoDeInstancia
from .seguimiento import contable


class Actividad(Modelo):
    actividad: str = Field(min_length=3)
    indicador: str = Field(min_length=3)
    meta: Decimal = Field(gt=0, le=CIFRA_MAXIMA)
    unidad: str | None = None  # «talleres», «sesiones»…
    responsable: str  # institución integrante (o su «clave»)
    trimestres: list[int] = Field(min_length=1)
    presupuesto: Cifra = Decimal(0)  # en soles

    @field_validator("trimestres")
    @classmethod
    def _trimestres(cls, v):
        if any(t not in (1, 2, 3, 4) for t in v) or len(set(v)) != len(v):
            raise ValueError(f"{v}: los trimestres son 1, 2, 3 y 4, sin repetir")
        return sorted(v)


class Objetivo(Modelo):
    objetivo: str = Field(min_length=5)
    actividades: list[Actividad] = Field(min_length=1)


class Aprobacion(Modelo):
    fecha: dt.date
    documento: str | None = None  # el acta que registra la aprobación


class PlanTrabajo(Modelo):
    tipo: Literal["plan-trabajo"]
    anio: int = Field(ge=2018, le=2100)
    aprobacion: Aprobacion | None = None  # sin ella, es una propuesta
    objetivos: list[Objetivo] = Field(min_length=1)
    publico: bool = False  # «publico: true» lo lleva al paquete del Repositorio Institucional

    def actividades(self) -> dict[str, Actividad]:
        """Las actividades por su código: «1.2» = segunda actividad del primer objetivo."""
        return {f"{i}.{j}": a for i, o in enumerate(self.objetivos, start=1)
                for j, a in enumerate(o.actividades, start=1)}


def ultimo_dia_habil_de_noviembre(anio: int) -> dt.date:
    dia = dt.date(anio, 11, 30)
    while dia.weekday() >= 5:
        dia -= dt.timedelta(days=1)
    return dia


class TipoPlanTrabajo(TipoDeInstancia):
    nombre = "plan-trabajo"
    descripcion = "plan de trabajo"
    orden = 90
    objetivo_make = "planes"
    ayuda = "El plan de trabajo anual de la instancia, con cronograma y presupuesto."
    publicacion = "si_la_fuente_lo_dice"
    coar = "http://purl.org/coar/resource_type/c_93fc"
    modelo = PlanTrabajo
    variables = {
        "instancia": "nombre de la instancia",
        "anio": "año del plan",
        "aprobacion": "aprobación: .fecha y .documento, o nada si está pendiente",
        "presentacion": "presentación (texto con formato), o nada",
        "alineamiento": "alineamiento con el diagnóstico (texto con formato)",
        "objetivos": "objetivos: .numero, .objetivo, .subtotal y .actividades (.codigo, .actividad, .indicador, .meta,"
                     " .unidad, .responsable, .t —trimestres— y .presupuesto)",
        "total": "presupuesto total (use | soles)",
        "grafico": "el cronograma de las actividades por trimestre, dibujado, con su leyenda",
        "secretaria_tecnica": "la Secretaría Técnica",
    }

    def secciones(self, modelo) -> list[DefSeccion]:
        return [DefSeccion("presentacion", "Presentación", obligatoria=False),
                DefSeccion("alineamiento", "Alineamiento con el diagnóstico")]

    def titulo(self, doc: Documento) -> str:
        return f"Plan de trabajo {doc.modelo.anio} de la {doc.instancia.nombre}"

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        plan, ins, fuente = doc.modelo, doc.instancia, doc.fuente
        problemas = []
        for i, objetivo in enumerate(plan.objetivos):
            for j, actividad in enumerate(objetivo.actividades):
                problema = ins.problema_si_no_integra(
                    fuente, ("objetivos", i, "actividades", j, "responsable"),
                    actividad.responsable, "no es una institución integrante de la instancia")
                if problema:
                    problemas.append(problema)
                if contable(actividad.unidad) and actividad.meta != actividad.meta.to_integral_value():
                    problemas.append(fuente.problema(("objetivos", i, "actividades", j, "meta"),
                        f"«{formato.cifra(actividad.meta)} {actividad.unidad or ''}»: "
                        f"{actividad.unidad or 'la meta de esta actividad'} se cuenta en números enteros"))
        if plan.aprobacion:
            limite = ultimo_dia_habil_de_noviembre(plan.anio - 1)
            if plan.aprobacion.fecha > limite:
                problemas.append(fuente.problema(("aprobacion", "fecha"),
                    f"el plan {plan.anio} se aprobó el {formato.fecha(plan.aprobacion.fecha)}; se "
                    f"recomienda aprobarlo hasta el último día hábil de noviembre del año anterior "
                    f"({formato.fecha(limite)}; semilla 004, §7.3.3.1)", nivel=AVISO))
        return Reglas(problemas)

    def contexto(self, doc: Documento) -> dict:
        from ..dibujos import cuadro_trimestral
        from ..institucional import identidad

        plan, ins = doc.modelo, doc.instancia
        objetivos = []
        total = Decimal(0)
        for i, o in enumerate(plan.objetivos, start=1):
            subtotal = sum((a.presupuesto for a in o.actividades), Decimal(0))
            total += subtotal
            objetivos.append({
                "numero": i, "objetivo": o.objetivo, "subtotal": subtotal,
                "actividades": [{
                    "codigo": f"{i}.{j}", "actividad": a.actividad, "indicador": a.indicador,
                    "meta": a.meta, "unidad": a.unidad,
                    "responsable": ins.integrante(a.responsable).institucion,
                    "t": ["X" if t in a.trimestres else "" for t in (1, 2, 3, 4)],
                    "presupuesto": a.presupuesto,
                } for j, a in enumerate(o.actividades, start=1)],
            })
        return {
            "instancia": ins.nombre,
            "anio": plan.anio,
            "aprobacion": plan.aprobacion and {"fecha": plan.aprobacion.fecha,
                                               "documento": plan.aprobacion.documento},
            "presentacion": doc.secciones.get("presentacion"),
            "alineamiento": doc.secciones["alineamiento"],
            "objetivos": objetivos,
            "total": total,
            "grafico": cuadro_trimestral(
                [(codigo, a.actividad, a.trimestres) for codigo, a in plan.actividades().items()],
                doc.plantillas / "comun" / "fuentes", identidad(doc.plantillas).get("colores") or {},
                f"Cronograma de las actividades del plan {plan.anio}, por trimestre"),
            "secretaria_tecnica": ins.secretaria_tecnica_nombre,
        }


TIPO = TipoPlanTrabajo()
