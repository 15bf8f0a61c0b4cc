"""Ficha de identificación de experiencias destacadas y buenas prácticas (semilla 000, Anexo 2).

La fuente solo dice ``tipo: ficha`` (y la edición de la convocatoria): los datos son los de
``experiencia.yml``. El documento reproduce el formulario, pregunta por pregunta.
Es un documento interno: lleva los datos de contacto del equipo (no se publica).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ..corpus import Corpus
from ..errores import AVISO
from ..experiencia import Requisitos
from ..modelo import Modelo
from .base import Documento, Reglas, TipoDocumento
from .comun import lista, parrafos

# Las preguntas 1.1 a 1.5, tal como las escribe el formulario.
PREGUNTAS_EQUIPO = ("Nombres y apellidos de quien presenta la experiencia (responsable de equipo)",
                    "Nombre y apellidos del segundo integrante",
                    "Nombre y apellidos del tercer integrante",
                    "Nombre y apellidos del cuarto integrante",
                    "Nombre y apellidos del quinto integrante")


class Ficha(Modelo):
    tipo: Literal["ficha"]
    fecha: dt.date | None = None  # fecha de envío (la edición está en experiencia.yml)


class TipoFicha(TipoDocumento):
    nombre = "ficha"
    descripcion = "ficha de identificación"
    orden = 10
    objetivo_make = "fichas"
    ayuda = "La ficha de identificación: el formulario de inscripción (Anexo 2 de las bases)."
    publicacion = "nunca"
    motivo_no_publica = "la ficha es interna: lleva los datos de contacto del equipo"
    modelo = Ficha
    variables = {
        "edicion": "año de la convocatoria",
        "fecha": "fecha de envío (use | fecha_larga), o nada",
        "titulo": "título de la experiencia",
        "equipo": "integrantes: .numero (1.1…), .pregunta, .nombre, .sexo, .edad, .correo, .celular y .rol",
        "preguntas_equipo": "preguntas 1.6 a 1.9: .numero, .pregunta y .respuesta (texto con formato)",
        "preguntas_experiencia": "preguntas 2.1 a 2.15: .numero, .pregunta y .respuesta (texto con formato)",
    }
    requisitos = Requisitos(
        campos=("edicion", "participantes_adicionales", "region", "titulo", "categoria", "lugar",
                "antiguedad", "beneficiarios", "problema", "objetivo_general",
                "objetivos_especificos", "etapa", "metodologia", "acciones",
                "resultados_cuantitativos", "resultados_cualitativos", "evidencias"),
        integrantes_minimos=2, datos_integrante=("nombre", "rol"),
        datos_responsables=("sexo", "edad", "correo", "celular"), unidad=True)

    def titulo(self, doc: Documento) -> str:
        return doc.experiencia.titulo

    def autor(self, doc: Documento) -> str:
        return "; ".join(i.nombre for i in doc.experiencia.equipo)

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        """La fecha de envío, contra el cronograma de la edición: de otro año o anterior a la
        apertura de la inscripción es un error; posterior a su cierre, una inscripción tardía."""
        from .. import formato
        from ..ciclo import convocatoria_de

        fuente, fecha, edicion = doc.fuente, doc.modelo.fecha, doc.experiencia.edicion
        if fecha is not None and fecha.year != edicion:
            return Reglas([fuente.problema(("fecha",),
                f"la ficha tiene fecha de {fecha.year} y la experiencia se presenta a la edición {edicion} "
                "(«edicion» en experiencia.yml): corrija una de las dos")])
        convocatoria = convocatoria_de(fuente, doc.plantillas)
        problemas = []
        inscripcion = convocatoria.actividad("inscripcion")
        if fecha is not None and inscripcion is not None:
            if fecha < inscripcion.desde:
                problemas.append(fuente.problema(("fecha",),
                    f"la ficha ({formato.fecha(fecha)}) es anterior a la apertura de la inscripción de la "
                    f"edición {edicion}: {inscripcion.periodo} (Tabla N° 2, paso {inscripcion.numero})"))
            elif fecha > inscripcion.hasta:
                problemas.append(fuente.problema(("fecha",),
                    f"inscripción tardía: la de la edición {edicion} cerró el "
                    f"{formato.fecha(inscripcion.hasta)} (Tabla N° 2, paso {inscripcion.numero})", nivel=AVISO))
        return Reglas(problemas, valores={"convocatoria": convocatoria})

    def contexto(self, doc: Documento) -> dict:
        exp = doc.experiencia
        en_formulario = doc.valores["convocatoria"].limites.integrantes_en_formulario
        adicionales = exp.equipo[en_formulario:]
        respuesta_19 = parrafos(exp.participantes_adicionales)
        if adicionales:
            respuesta_19 = lista(([exp.participantes_adicionales] if exp.participantes_adicionales else [])
                                 + [f"{m.nombre}: {m.rol}" for m in adicionales])
        equipo = [{
            "numero": f"1.{i + 1}",
            "pregunta": (PREGUNTAS_EQUIPO[i] if i < len(PREGUNTAS_EQUIPO)
                         else f"Nombre y apellidos del integrante {i + 1}"),
            "nombre": m.nombre, "sexo": m.sexo or "—", "edad": m.edad or "—",
            "correo": m.correo or "—", "celular": m.celular or "—", "rol": m.rol,
        } for i, m in enumerate(exp.equipo[:en_formulario])]
        unidad = [("a) Unidad o Subunidad de línea", exp.unidad_linea),
                  ("b) Unidades de Apoyo y asesoramiento", exp.unidad_apoyo),
                  ("c) Servicios de Prevención, Atención y Protección",
                   exp.servicio or (exp.servicio_otro and f"Otro: {exp.servicio_otro}"))]
        preguntas_1 = [
            ("1.6", "Región / Departamento", parrafos(exp.region)),
            ("1.7", "Indicar a qué unidad de Línea pertenece",
             lista([f"{k}: {v}" for k, v in unidad if v])),
            ("1.8", "Precisar el nombre del Servicio (por ejemplo, CEM Santa Rosa)",
             parrafos(exp.nombre_servicio or "—")),
            ("1.9", f"Indicar si hay participantes adicionales (más de {en_formulario})", respuesta_19),
        ]
        preguntas_2 = [
            ("2.1", "Título de la experiencia", parrafos(exp.titulo)),
            ("2.2", "Categoría", parrafos(exp.categoria)),
            ("2.3", "¿Dónde se llevó a cabo la experiencia (precisar el lugar institucional y "
                    "territorialmente)?", parrafos(exp.lugar)),
            ("2.4", "Antigüedad de la experiencia", parrafos(exp.antiguedad)),
            ("2.5", "¿Quiénes fueron los beneficiarios de esta experiencia?",
             parrafos(exp.beneficiarios)),
            ("2.6", "¿Cuál fue el problema o los problemas que abordó esta intervención?",
             parrafos(exp.problema)),
            ("2.7", "¿Cuál fue el objetivo general de la experiencia?",
             parrafos(exp.objetivo_general)),
            ("2.8", "¿Cuáles son los objetivos específicos? (máximo 3)",
             lista(exp.objetivos_especificos)),
            ("2.9", "Señalar en qué etapa se encuentra la experiencia", parrafos(exp.etapa)),
            ("2.10", "Metodología empleada (indique en resumen cómo se desarrolló la intervención)",
             parrafos(exp.metodologia)),
            ("2.11", "Principales acciones que han desarrollado (máximo 5)", lista(exp.acciones)),
            ("2.12", "Indique los principales resultados cuantitativos",
             lista(exp.resultados_cuantitativos)),
            ("2.13", "Indique los resultados cualitativos", lista(exp.resultados_cualitativos)),
            ("2.15", "Haga una lista de las evidencias de la experiencia (informes, documentos, "
                     "fotos, videos, audios, etc.)", lista(exp.evidencias)),
        ]
        if exp.otras_instituciones:
            preguntas_2.append((
                "", "Otras instituciones que participaron y sus acciones (bases §4); el Programa "
                    f"Nacional AURORA desarrolló el {exp.participacion_aurora} % de la experiencia",
                lista([f"{o.nombre}: {o.acciones}" for o in exp.otras_instituciones])))
        como_dict = [{"numero": n, "pregunta": p, "respuesta": r}
                     for n, p, r in preguntas_1 + preguntas_2]
        return {
            "edicion": exp.edicion,
            "fecha": doc.modelo.fecha,
            "titulo": exp.titulo,
            "equipo": equipo,
            "preguntas_equipo": como_dict[:len(preguntas_1)],
            "preguntas_experiencia": como_dict[len(preguntas_1):],
        }


TIPO = TipoFicha()
