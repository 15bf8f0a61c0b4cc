"""Acta de sesión de instalación, ordinaria o extraordinaria de la instancia (semilla 004,
Anexo 3 y §7.3.2.13, §7.3.3.2).

La asistencia sale de los integrantes de ``instancia.yml`` (titular o alterno presente). El
quórum (más de la mitad; dato de la SGIC en ``plantillas/acta/reglas.yml``) se cuenta sobre la
composición que estableció la ordenanza: sus asientos obligatorios, ocupados o vacantes
(``plantillas/ordenanza/composicion.yml``), más los opcionales ocupados (sociedad civil). Sin
quórum, la sesión no adopta acuerdos y una sesión de instalación no instala la instancia. Una
sesión extraordinaria registra la votación de su convocatoria, anterior a la sesión, con no más
votantes que asientos y el 50 % más uno a favor. Quien preside sale de los datos (titular o
alterno); el acta no usa formas dobles («del/de la»).
El acta lleva nombres y cargos de quienes firman, nunca su DNI ni sus datos de contacto.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..corpus import Corpus
from ..errores import AVISO, ErrorFuente, Problema, ruta_legible
from ..modelo import Modelo
from ..vocabularios import normalizar
from .base import DefSeccion, Documento, Reglas, TipoDeInstancia

SIN_NOMBRE = "…………………………"
_HORA = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _hora(v) -> str:
    if isinstance(v, int):  # YAML lee 9:30 como número sexagesimal (570)
        v = f"{v // 60}:{v % 60:02d}"
    m = _HORA.match(str(v).strip())
    if not m:
        raise ValueError(f"«{v}» no es una hora; escríbala entre comillas, como \"09:30\"")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


class Asistencia(Modelo):
    integrante: str  # la institución (o su «clave» en instancia.yml)
    asistio: Literal["titular", "alterno", "no"]


class Acuerdo(Modelo):
    acuerdo: str = Field(min_length=5)
    responsable: str = Field(min_length=3)
    plazo: dt.date | None = None


class Convocatoria(Modelo):
    """Votación que aprobó convocar la sesión extraordinaria (§7.3.3.2)."""

    fecha: dt.date
    asistentes: int = Field(ge=1, le=1000)
    a_favor: int = Field(ge=0, le=1000)
    en_contra: int = Field(default=0, ge=0, le=1000)
    abstenciones: int = Field(default=0, ge=0, le=1000)

    @model_validator(mode="after")
    def _suma(self):
        if self.a_favor + self.en_contra + self.abstenciones > self.asistentes:
            raise ValueError(f"los votos ({self.a_favor + self.en_contra + self.abstenciones}) "
                             f"suman más que los asistentes ({self.asistentes})")
        return self

    @property
    def minimo(self) -> int:
        return self.asistentes // 2 + 1  # 50 % más uno


class Acta(Modelo):
    tipo: Literal["acta"]
    sesion: Literal["instalacion", "ordinaria", "extraordinaria"]
    numero: str = Field(min_length=1)  # «003-2025»
    fecha: dt.date
    hora_inicio: str
    hora_fin: str
    lugar: str | None = None
    plataforma: str | None = None  # sesión virtual: Zoom, Google Meet…
    asistencia: list[Asistencia] = Field(min_length=1)
    agenda: list[str] = Field(min_length=1)
    acuerdos: list[Acuerdo] = []
    convocatoria: Convocatoria | None = None
    publico: bool = False  # un acta lleva nombres de personas: interna, salvo que se diga

    _horas = field_validator("hora_inicio", "hora_fin", mode="before")(
        classmethod(lambda cls, v: _hora(v)))

    @field_validator("sesion", mode="before")
    @classmethod
    def _sesion(cls, v):
        return normalizar(str(v)).replace("de ", "").replace("sesion ", "").strip()

    @model_validator(mode="after")
    def _coherencia(self):
        if self.hora_fin <= self.hora_inicio:
            raise ValueError(f"la sesión termina ({self.hora_fin}) antes de empezar ({self.hora_inicio})")
        if not (self.lugar or self.plataforma):
            raise ValueError("indique el «lugar» de la sesión o, si fue virtual, su «plataforma»")
        return self


class TipoActa(TipoDeInstancia):
    nombre = "acta"
    descripcion = "acta de sesión"
    orden = 80
    objetivo_make = "actas"
    ayuda = "El acta de sesión de la instancia, con quórum calculado."
    publicacion = "nunca"
    motivo_no_publica = "las actas llevan datos de personas"
    modelo = Acta
    variables = {
        "instancia": "nombre de la instancia",
        "numero": "número del acta",
        "sesion": "«de instalación», «ordinaria» o «extraordinaria»",
        "fecha": "fecha de la sesión (use | fecha_larga)",
        "hora_inicio": "hora de inicio",
        "hora_fin": "hora de cierre",
        "lugar": "lugar o plataforma virtual",
        "presidencia": "quien presidió, de los datos: nombre, cargo e institución (o su representación alterna)",
        "secretaria_tecnica": "la Secretaría Técnica",
        "asistencia": "cada integrante: .institucion, .representante y .condicion",
        "presentes": "cuántos integrantes asistieron",
        "total": "cuántos asientos tiene la instancia (los obligatorios de su composición, ocupados o vacantes, "
                 "más los opcionales ocupados)",
        "vacantes": "cuántos asientos están vacantes",
        "instalacion": "verdadero en una sesión de instalación",
        "quorum": "verdadero si hubo quórum",
        "quorum_texto": "la regla del quórum, de plantillas/acta/reglas.yml («más de la mitad»)",
        "convocatoria": "en una extraordinaria: .fecha, .a_favor, .en_contra, .abstenciones, .asistentes y .minimo; si"
                        " no, nada",
        "agenda": "los puntos de agenda",
        "desarrollo": "desarrollo de la sesión (texto con formato)",
        "acuerdos": "acuerdos: .numero, .acuerdo, .responsable y .plazo (fecha o nada)",
        "firmas": "quienes firman: .nombre, .cargo e .institucion",
    }

    def secciones(self, modelo) -> list[DefSeccion]:
        return [DefSeccion("desarrollo", "Desarrollo de la sesión")]

    def titulo(self, doc: Documento) -> str:
        return f"Acta N° {doc.modelo.numero} de la {doc.instancia.nombre}"

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        acta, ins, fuente = doc.modelo, doc.instancia, doc.fuente
        presentes, problemas = self._asistencia(doc)
        total = asientos(ins, doc.plantillas)
        fraccion, texto = regla_de_quorum(doc.plantillas)
        quorum = len(presentes) > total * fraccion
        if not quorum and acta.acuerdos:
            problemas.append(fuente.problema(("acuerdos",),
                f"sin quórum ({len(presentes)} de {total} asientos; se necesita {texto}) "
                "la sesión no puede adoptar acuerdos"))
        if not quorum and acta.sesion == "instalacion" and re.search(r"\binstalad[ao]\b", doc.secciones[
                "desarrollo"].texto_plano(), re.IGNORECASE):
            problemas.append(Problema(fuente.archivo, doc.lineas_titulo.get("desarrollo"),
                f"el desarrollo dice que la Instancia quedó instalada, pero no hubo quórum ({len(presentes)} de "
                f"{total} asientos): sin quórum no se instala; el acta lo registra así"))
        problemas += self._convocatoria(doc, total)
        return Reglas(problemas, {"presentes": presentes, "quorum": quorum, "total": total})

    def _asistencia(self, doc: Documento) -> tuple[list, list[Problema]]:
        acta, ins, fuente = doc.modelo, doc.instancia, doc.fuente
        problemas: list[Problema] = []
        presentes, vistos = [], set()
        for i, a in enumerate(acta.asistencia):
            integrante = ins.integrante(a.integrante)
            if integrante is None:
                problemas.append(ins.problema_si_no_integra(
                    fuente, ("asistencia", i, "integrante"), a.integrante,
                    "no está entre los integrantes de instancia.yml"))
                continue
            if integrante.nombre_corto in vistos:
                problemas.append(fuente.problema(("asistencia", i),
                    f"«{a.integrante}» está dos veces en la asistencia"))
            vistos.add(integrante.nombre_corto)
            representante = integrante.titular if a.asistio == "titular" else integrante.alterno
            if a.asistio != "no" and representante is None:
                problemas.append(fuente.problema(("asistencia", i, "asistio"),
                    f"«{integrante.nombre_corto}» no tiene representante {a.asistio} en el "
                    "directorio de instancia.yml: el acta deja su nombre en blanco para llenarlo "
                    "a mano (semilla 004, §7.3.2.9)", nivel=AVISO))
            if a.asistio != "no":
                presentes.append((integrante, a.asistio, representante))
        faltan = [x.nombre_corto for x in ins.integrantes if x.nombre_corto not in vistos]
        if faltan:
            problemas.append(fuente.problema(("asistencia",),
                "falta registrar la asistencia de: " + ", ".join(faltan)
                + " (escriba «asistio: no» si no asistieron)"))
        return presentes, problemas

    def _convocatoria(self, doc: Documento, total: int) -> list[Problema]:
        acta, fuente = doc.modelo, doc.fuente
        c = acta.convocatoria
        if acta.sesion != "extraordinaria":
            return [fuente.problema(("convocatoria",), "solo una sesión extraordinaria lleva «convocatoria»")] \
                if c is not None else []
        if c is None:
            return [fuente.problema(("sesion",),
                "una sesión extraordinaria registra la votación de su «convocatoria» (fecha, "
                "asistentes, a_favor…): se recomienda el 50 % más uno (semilla 004, §7.3.3.2)")]
        problemas = []
        if c.fecha >= acta.fecha:
            problemas.append(fuente.problema(("convocatoria", "fecha"),
                f"la convocatoria ({c.fecha}) debe ser anterior a la sesión que convoca ({acta.fecha})"))
        if c.asistentes > total:
            problemas.append(fuente.problema(("convocatoria", "asistentes"),
                f"votaron {c.asistentes} asistentes y la instancia tiene {total} asientos"))
        elif c.a_favor < c.minimo:
            problemas.append(fuente.problema(("convocatoria", "a_favor"),
                f"la convocatoria tuvo {c.a_favor} votos a favor de {c.asistentes} asistentes; "
                f"se necesitan {c.minimo} (50 % más uno)"))
        return problemas

    def _presidencia(self, doc: Documento) -> str:
        """Quién presidió, de los datos: «Rosa Mamani Quispe, Alcaldesa de la Municipalidad…»;
        si asistió su alterno, que la representó. Sin datos, la presidencia como cargo."""
        ins = doc.instancia
        preside = next((x for x in doc.valores["presentes"] if _preside(x[0], ins)), None)
        if preside is None:
            return f"la Presidencia de la Instancia, a cargo de la {ins.gobierno_nombre}"
        integrante, asistio, rep = preside
        if rep is None:
            return f"{SIN_NOMBRE}, en representación de la {ins.gobierno_nombre}"
        cargo = f", {rep.cargo}" if rep.cargo else ""
        if asistio == "titular":
            return f"{rep.nombre}{cargo} de la {ins.gobierno_nombre}"
        return f"{rep.nombre}{cargo}, en representación de la presidencia titular de la {ins.gobierno_nombre}"

    def contexto(self, doc: Documento) -> dict:
        acta, ins = doc.modelo, doc.instancia
        presentes, total = doc.valores["presentes"], doc.valores["total"]
        # quién asistió y con quién, tal como lo resolvieron las reglas
        por_integrante = {i.nombre_corto: (asistio, rep) for i, asistio, rep in presentes}
        asistencia = []
        for integrante in ins.integrantes:
            asistio, rep = por_integrante.get(integrante.nombre_corto, ("no", None))
            asistencia.append({
                "institucion": integrante.institucion,
                "representante": (rep.nombre if rep else SIN_NOMBRE) if asistio != "no" else "—",
                "condicion": {"titular": "Titular", "alterno": "Representación alterna",
                              "no": "No asistió"}[asistio],
            })
        vacantes = total - len(ins.integrantes)
        nombres = {"instalacion": "de instalación", "ordinaria": "ordinaria",
                   "extraordinaria": "extraordinaria"}
        c = acta.convocatoria
        return {
            "instancia": ins.nombre,
            "numero": acta.numero,
            "sesion": nombres[acta.sesion],
            "instalacion": acta.sesion == "instalacion",
            "fecha": acta.fecha,
            "hora_inicio": acta.hora_inicio,
            "hora_fin": acta.hora_fin,
            "lugar": acta.lugar or f"la plataforma virtual {acta.plataforma}",
            "presidencia": self._presidencia(doc),
            "secretaria_tecnica": ins.secretaria_tecnica_nombre,
            "asistencia": asistencia,
            "vacantes": max(vacantes, 0),
            "presentes": len(presentes),
            "total": total,
            "quorum": doc.valores["quorum"],
            "quorum_texto": regla_de_quorum(doc.plantillas)[1],
            "convocatoria": c and {"fecha": c.fecha, "a_favor": c.a_favor, "en_contra": c.en_contra,
                                   "abstenciones": c.abstenciones, "asistentes": c.asistentes,
                                   "minimo": c.minimo},
            "agenda": acta.agenda,
            "desarrollo": doc.secciones["desarrollo"],
            "acuerdos": [{"numero": i, "acuerdo": a.acuerdo, "responsable": a.responsable,
                          "plazo": a.plazo}
                         for i, a in enumerate(acta.acuerdos, start=1)],
            "firmas": [{"nombre": rep.nombre if rep else SIN_NOMBRE,
                        "cargo": (rep.cargo if rep else None) or "—",
                        "institucion": integrante.institucion}
                       for integrante, _, rep in presentes],
        }


def regla_de_quorum(plantillas) -> tuple[float, str]:
    """La fracción de los asientos que hay que superar y cómo se dice (``plantillas/acta/reglas.yml``,
    dato de la SGIC; sin el archivo, más de la mitad)."""
    from ..institucional import datos_opcionales

    relativa = "acta/reglas.yml"
    datos = datos_opcionales(plantillas, relativa)
    fraccion, texto = datos.get("quorum_fraccion", 0.5), datos.get("quorum_texto", "más de la mitad")
    if isinstance(fraccion, bool) or not isinstance(fraccion, int | float) or not 0 < fraccion < 1:
        raise ErrorFuente([Problema(ruta_legible(plantillas / relativa), None,
            f"campo «quorum_fraccion»: «{fraccion}» debe ser una fracción entre 0 y 1 (0.5 = la mitad)")])
    if not isinstance(texto, str) or not texto.strip():
        raise ErrorFuente([Problema(ruta_legible(plantillas / relativa), None,
            "campo «quorum_texto»: escriba cómo se dice la regla («más de la mitad»)")])
    return float(fraccion), texto.strip()


def _preside(integrante, ins) -> bool:
    """La institución que preside: el gobierno de la instancia."""
    return normalizar(integrante.institucion) == normalizar(ins.gobierno_nombre)


def asientos(ins, plantillas) -> int:
    """Los asientos de la instancia: los obligatorios de su composición (ocupados o vacantes),
    o los integrantes de instancia.yml si son más, más los opcionales ocupados (sociedad civil)."""
    from .ordenanza import datos_plantilla

    composicion = datos_plantilla(plantillas, "composicion.yml").get(ins.nivel) or {}
    obligatorios = int(composicion.get("asientos_obligatorios") or 0)
    opcionales = sum(1 for i in ins.integrantes if i.sociedad_civil)
    return max(obligatorios, len(ins.integrantes) - opcionales) + opcionales


TIPO = TipoActa()
