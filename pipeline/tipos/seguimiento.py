"""Informe de seguimiento semestral o anual del plan de trabajo (semilla 004, Anexo 4 y
§7.3.4.2): por cada actividad del plan, la meta frente al avance, el porcentaje (calculado),
el estado y las dificultades. Lee la fuente del plan: las metas no se escriben dos veces.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from ..corpus import Corpus
from ..errores import AVISO, ErrorFuente, Problema, ruta_legible, sugerencia
from ..modelo import Cifra, Modelo
from ..recinto import dentro
from ..vocabularios import normalizar
from .base import DefSeccion, Documento, Reglas, TipoDeInstancia

PERIODOS = {"primer semestre": "Primer semestre", "segundo semestre": "Segundo semestre",
            "anual": "Anual"}
# Los trimestres de cada periodo y el día desde el que se puede informar (la meta del periodo
# sale de los trimestres en que el plan programa cada actividad).
TRIMESTRES = {"Primer semestre": (1, 2), "Segundo semestre": (3, 4), "Anual": (1, 2, 3, 4)}
FIN = {"Primer semestre": (6, 30), "Segundo semestre": (12, 1), "Anual": (12, 1)}
CIERRE = {"Primer semestre": (6, 30), "Segundo semestre": (12, 31), "Anual": (12, 31)}
FINALES = ("Segundo semestre", "Anual")  # al cerrar el año: cumplida o no cumplida
# Unidades que admiten decimales; las demás (talleres, sesiones, campañas…) se cuentan enteras.
UNIDADES_CONTINUAS = ("%", "soles", "s/", "horas", "hora", "km", "kilómetros", "metros", "hectáreas", "toneladas")


def dias_para_informar(plantillas: Path) -> int:
    """Cuántos días después del cierre del periodo se puede fechar el informe (dato de la SGIC)."""
    from ..institucional import datos_opcionales

    relativa = "seguimiento/reglas.yml"
    datos = datos_opcionales(plantillas, relativa)
    valor = datos.get("dias_para_informar") if datos else 90  # el archivo, si está, debe decirlo
    if not isinstance(valor, int) or isinstance(valor, bool) or not 0 <= valor <= 366:
        raise ErrorFuente([Problema(ruta_legible(plantillas / relativa), None,
            f"campo «dias_para_informar»: «{valor}» debe ser un número de días entre 0 y 366")])
    return valor


def contable(unidad: str | None) -> bool:
    return normalizar(unidad or "") not in {normalizar(u) for u in UNIDADES_CONTINUAS}


def meta_del_periodo(meta: Decimal, trimestres: list[int], periodo: str, entera: bool) -> Decimal:
    """La parte de la meta anual que toca al periodo: proporcional a los trimestres en que el
    plan programa la actividad (hacia arriba si se cuenta en enteros)."""
    en_periodo = sum(1 for t in trimestres if t in TRIMESTRES[periodo])
    parte = meta * en_periodo / len(trimestres)
    if entera:
        return parte.to_integral_value(rounding=ROUND_CEILING)
    return parte.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Avance(Modelo):
    actividad: str  # código de la actividad en el plan: «1.2»
    avance: Cifra  # lo logrado en el periodo del informe
    ejecutado: Cifra | None = None  # soles ejecutados en el periodo
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


def estado(pct: Decimal | None, final: bool = False) -> str:
    """«Cumplida», «En proceso», «No iniciada»; al cerrar el año, «Cumplida» o «No cumplida»;
    sin meta en el periodo (None), «No programada»."""
    if pct is None:
        return "No programada"
    if pct >= 100:
        return "Cumplida"
    if final:
        return "No cumplida"
    return "No iniciada" if pct <= 0 else "En proceso"


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
        "final": "verdadero si el informe cierra el año (segundo semestre o anual): cumplida o no cumplida",
        "filas": "cada actividad: .codigo, .actividad, .responsable, .meta_anual, .meta (la del periodo, de sus "
                 "trimestres), .unidad, .avance, .porcentaje, .estado, .programado, .ejecutado, .ejecucion y "
                 ".dificultades",
        "resumen": "cuántas actividades hay en cada estado: resumen['Cumplida']…",
        "programado": "presupuesto programado para el periodo (use | soles)",
        "ejecutado": "presupuesto ejecutado en el periodo (use | soles), o nada si ninguna actividad lo reporta",
        "ejecucion": "porcentaje ejecutado del presupuesto del periodo, o nada",
        "grafico": "el avance de cada actividad en barras, con su leyenda",
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
        problemas += self._fechas_y_unidades(doc, plan, actividades)
        return Reglas(problemas, {"plan": plan}, dependencias)

    def _fechas_y_unidades(self, doc: Documento, plan, actividades: dict) -> list:
        """La fecha del informe cae en el año del plan y no antes de cerrar su periodo; un
        avance de algo que se cuenta es un número entero («2.5 talleres» no)."""
        from .. import formato

        seg, fuente = doc.modelo, doc.fuente
        problemas = []
        inicio = dt.date(plan.anio, 1 if seg.periodo != "Segundo semestre" else 7, 1)
        cierre = dt.date(plan.anio, *CIERRE[seg.periodo])
        dias = dias_para_informar(doc.plantillas)
        limite = cierre + dt.timedelta(days=dias)
        if not inicio <= seg.fecha <= limite:
            problemas.append(fuente.problema(("fecha",),
                f"el informe del {seg.periodo.lower()} del plan {plan.anio} tiene fecha {formato.fecha(seg.fecha)}: "
                f"debe caer entre el {formato.fecha(inicio)} y el {formato.fecha(limite)} ({dias} días después del "
                f"cierre del periodo, plantillas/seguimiento/reglas.yml)"))
        else:
            mes, dia = FIN[seg.periodo]
            if seg.fecha < dt.date(plan.anio, mes, dia):
                problemas.append(fuente.problema(("fecha",),
                    f"el informe ({formato.fecha(seg.fecha)}) es anterior al cierre del periodo que reporta "
                    f"({seg.periodo.lower()}): revise la fecha o el periodo", nivel=AVISO))
        for i, a in enumerate(seg.avances):
            actividad = actividades.get(a.actividad)
            if actividad is not None and contable(actividad.unidad) and a.avance != a.avance.to_integral_value():
                escrito = f"{formato.cifra(a.avance)} {actividad.unidad or ''}".strip()
                problemas.append(fuente.problema(("avances", i, "avance"),
                    f"«{escrito}»: {actividad.unidad or 'la meta de esta actividad'} se cuenta en números enteros"))
        return problemas

    @staticmethod
    def _fila(codigo: str, actividad, a, periodo: str, final: bool, ins) -> dict:
        """Una fila de la tabla de avance: meta y presupuesto del periodo, avance, estado."""
        meta = meta_del_periodo(actividad.meta, actividad.trimestres, periodo, contable(actividad.unidad))
        programado = meta_del_periodo(actividad.presupuesto, actividad.trimestres, periodo, False)
        pct = porcentaje(a.avance, meta) if a and meta else None
        ejecutado = a.ejecutado if a else None
        return {
            "codigo": codigo, "actividad": actividad.actividad,
            "responsable": ins.integrante(actividad.responsable).institucion,
            "meta_anual": actividad.meta, "meta": meta, "unidad": actividad.unidad,
            "avance": a.avance if a else None,
            "porcentaje": pct,
            "estado": "Sin reporte" if a is None else estado(pct if meta else None, final),
            "programado": programado,
            "ejecutado": ejecutado,
            "ejecucion": porcentaje(ejecutado, programado) if ejecutado is not None and programado else None,
            "dificultades": (a.dificultades if a and a.dificultades else "—"),
        }

    def contexto(self, doc: Documento) -> dict:
        from .. import formato
        from ..dibujos import barras_de_avance
        from ..institucional import identidad

        seg, ins, plan = doc.modelo, doc.instancia, doc.valores["plan"]
        avances = {a.actividad: a for a in seg.avances}
        final = seg.periodo in FINALES
        filas = [self._fila(codigo, actividad, avances.get(codigo), seg.periodo, final, ins)
                 for codigo, actividad in plan.actividades().items()]
        estados = (("Cumplida", "No cumplida") if final else ("Cumplida", "En proceso", "No iniciada")) + (
            "No programada", "Sin reporte")
        programado = sum((f["programado"] for f in filas), Decimal(0))
        reportados = [f["ejecutado"] for f in filas if f["ejecutado"] is not None]
        ejecutado = sum(reportados, Decimal(0)) if reportados else None
        grafico = barras_de_avance(
            [(f["codigo"], f["actividad"], float(f["porcentaje"]) if f["porcentaje"] is not None else None,
              formato.porcentaje(f["porcentaje"]) if f["porcentaje"] is not None else f["estado"]) for f in filas],
            doc.plantillas / "comun" / "fuentes", identidad(doc.plantillas).get("colores") or {},
            f"Avance de las actividades respecto de su meta del periodo ({seg.periodo.lower()} {plan.anio})")
        return {
            "instancia": ins.nombre,
            "periodo": seg.periodo,
            "anio": plan.anio,
            "fecha": seg.fecha,
            "final": final,
            "filas": filas,
            "resumen": {e: sum(1 for f in filas if f["estado"] == e) for e in estados},
            "total": len(filas),
            "programado": programado,
            "ejecutado": ejecutado,
            "ejecucion": porcentaje(ejecutado, programado) if programado and ejecutado is not None else None,
            "grafico": grafico,
            "logros": doc.secciones.get("logros"),
            "recomendaciones": doc.secciones.get("recomendaciones"),
            "secretaria_tecnica": ins.secretaria_tecnica_nombre,
        }


TIPO = TipoSeguimiento()
