"""Qué se publica en el Repositorio Institucional.

La política es de cada tipo de documento (atributos ``publicacion``, ``publica_si`` y
``motivo_no_publica`` de su clase, y su método ``decidir_con_evaluacion`` si necesita más);
aquí solo lo común a todos: un documento con datos ilustrativos (``ejemplo: true``) nunca se
publica. Con los tipos de hoy (bases de la convocatoria, semilla 000, §7 y §10, como datos en
``plantillas/convocatoria/<edición>.yml``):

- la **nota del conocimiento**, si la evaluación decisiva de su carpeta (la de la fase más
  avanzada) la hace buena práctica o experiencia destacada, y su «practica» coincide;
- el **informe de sistematización**, solo si la evaluación del informe la hace **buena práctica**;
- **ordenanzas, planes de trabajo, diagnósticos y seguimientos**, si su fuente dice
  ``publico: true``;
- **nunca** la ficha, la evaluación, el perfil, las cartas ni las actas.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errores import Problema


@dataclass(frozen=True)
class Decision:
    publica: bool
    motivo: str
    problemas: tuple[Problema, ...] = ()  # incoherencias que impiden publicar
    # No se publica por algo que se puede resolver (falta la evaluación, es un ejemplo, su
    # fuente no dice «publico: true»…): el paquete de revisión lo incluye como borrador.
    bloqueo: bool = False


EJEMPLO = "tiene datos ilustrativos («ejemplo: true»)"


def decidir(doc, corpus) -> Decision:
    """Si ``doc`` (un Documento validado) va al paquete, y por qué."""
    decision = doc.tipo.decidir_publicacion(doc, corpus)
    if doc.ejemplo:
        return Decision(False, EJEMPLO, bloqueo=decision.publica or decision.bloqueo)
    return decision
