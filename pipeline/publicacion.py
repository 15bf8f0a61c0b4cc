"""Qué se publica en el Repositorio Institucional. Las reglas, en un solo lugar.

De las bases de la convocatoria (semilla 000, §10) y del issue del paquete:

- La **nota del conocimiento** se publica si la evaluación de la experiencia (la fuente
  ``tipo: evaluacion`` de su carpeta) la hace buena práctica o experiencia destacada (también
  «con potencial de buena práctica»). Su «practica» debe coincidir con esa evaluación.
- El **informe de sistematización**, solo si la evaluación la hace **buena práctica**.
- **Ordenanzas, planes de trabajo, diagnósticos y seguimientos**, si su fuente lo dice con
  ``publico: true``.
- **Nunca**: la ficha, la evaluación, el perfil, las cartas ni las actas (llevan datos de
  personas), ni un documento con datos ilustrativos (``ejemplo: true``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errores import Problema

INTERNOS = {
    "ficha": "la ficha es interna: lleva los datos de contacto del equipo",
    "evaluacion": "la evaluación es un documento interno de la SGIC",
    "perfil": "el perfil es un documento de trabajo de la sistematización",
    "carta": "las cartas son personales",
    "acta": "las actas llevan datos de personas",
}
PUBLICOS_SI_LO_DICE_LA_FUENTE = {"ordenanza", "plan-trabajo", "diagnostico", "seguimiento"}


@dataclass(frozen=True)
class Decision:
    publica: bool
    motivo: str
    problemas: tuple[Problema, ...] = ()  # incoherencias que impiden publicar


def decidir(doc) -> Decision:
    """Si ``doc`` (un Documento validado) va al paquete, y por qué."""
    from .tipos.evaluacion import evaluacion_de_la_carpeta
    from .vocabularios import BUENA_PRACTICA

    tipo = doc.tipo.nombre
    if doc.ejemplo:
        return Decision(False, "tiene datos ilustrativos («ejemplo: true»)")
    if tipo in INTERNOS:
        return Decision(False, INTERNOS[tipo])
    if tipo in PUBLICOS_SI_LO_DICE_LA_FUENTE:
        if doc.modelo.publico:
            return Decision(True, "su fuente dice «publico: true»")
        return Decision(False, "su fuente no dice «publico: true»")
    evaluacion = evaluacion_de_la_carpeta(doc)
    if evaluacion is None:
        return Decision(False, "la carpeta no tiene la evaluación de la SGIC que decide su publicación")
    categoria = evaluacion.categoria
    if tipo == "informe":
        if categoria is BUENA_PRACTICA:
            return Decision(True, "la evaluación la hace buena práctica")
        return Decision(False, f"el informe se publica solo para las buenas prácticas; la evaluación "
                               f"dice «{categoria.nombre}» (bases §10)")
    if tipo == "nota":
        if not categoria.aprobada:
            return Decision(False, f"la evaluación dice «{categoria.nombre}»: no lleva nota publicada "
                                   "(bases §10)")
        esperada = "Buena práctica" if categoria is BUENA_PRACTICA else "Experiencia destacada"
        if doc.modelo.practica != esperada:
            return Decision(False, "incoherente con la evaluación", (doc.fuente.problema(
                ("practica",), f"la nota dice «{doc.modelo.practica}» y la evaluación de la "
                f"experiencia, «{categoria.nombre}»: escriba «{esperada}»"),))
        return Decision(True, f"la evaluación la hace «{categoria.nombre}»")
    return Decision(False, "este tipo de documento no se publica")
