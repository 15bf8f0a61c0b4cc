"""Lo común a los documentos del acompañamiento de una experiencia seleccionada (semilla 000):
la invitación (Tabla N° 2, paso 5), la carta de compromiso (paso 6) y la declaración jurada de
veracidad y originalidad (§4). Cada uno es un módulo; esta clase base (sin ``nombre``) no es un
tipo.

Los tres siguen a la evaluación de la inscripción que selecciona la experiencia (su resultado
«sigue»: pasa al acompañamiento) y van uno por participante, cada uno en sus propias páginas.
Sus fechas: nunca antes de esa evaluación (error); fuera de las del cronograma, un aviso.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field

from ..corpus import Corpus
from ..errores import AVISO, ErrorFuente, Problema
from ..experiencia import Requisitos
from ..modelo import Modelo
from .base import Documento, Reglas, TipoDocumento

FASE_SELECCION = "inscripcion"


class Firmante(Modelo):
    nombre: str = Field(min_length=3)
    cargo: str = Field(min_length=3)


class DocumentoAcompanamiento(Modelo):
    fecha: dt.date
    ciudad: str = "Lima"


def trato(sexo: str | None) -> dict[str, str]:
    """Las palabras que cambian con el sexo de la persona (ya validado: «Mujer» u «Hombre»)."""
    mujer = sexo == "Mujer"
    return {"tratamiento": "Señora" if mujer else "Señor", "saludo": "Estimada" if mujer else "Estimado",
            "identificada": "identificada" if mujer else "identificado",
            "admitida": "admitida" if mujer else "admitido",
            "invitada": "invitada" if mujer else "invitado",
            "la": "la" if mujer else "el"}


class TipoAcompanamiento(TipoDocumento):
    """Base de invitación, compromiso y declaración jurada."""

    publicacion = "nunca"
    motivo_no_publica = "es un documento personal del acompañamiento"
    paginar_por = "destinatarios"
    requisitos = Requisitos(campos=("titulo", "edicion"), integrantes_minimos=1,
                            datos_integrante=("nombre", "sexo", "rol"), unidad=True)
    ventana: ClassVar[str | None] = None  # la actividad del cronograma en que se firma

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        from .. import formato
        from ..ciclo import ciclo_de, exigir_sin_errores
        from ..institucional import encabezado_oficial

        fuente, fecha = doc.fuente, doc.modelo.fecha
        ciclo = ciclo_de(fuente, doc.plantillas, corpus)
        exigir_sin_errores(ciclo, fuente)
        seleccion = ciclo.de_fase(FASE_SELECCION)
        if seleccion is None:
            raise ErrorFuente([Problema(fuente.archivo, 1,
                f"la {self.descripcion} sigue a la evaluación de la inscripción que selecciona la experiencia: "
                "falta una fuente con «tipo: evaluacion» y «fase: inscripción» en esta carpeta")])
        if not seleccion.resultado.sigue:
            raise ErrorFuente([Problema(fuente.archivo, 1,
                f"la evaluación de la inscripción ({seleccion.archivo}) concluye «{seleccion.resultado.resultado}», "
                f"que no pasa al acompañamiento (bases §7): no hay {self.descripcion}")])
        problemas = []
        if seleccion.resultado.sigue == "con_permiso":
            problemas.append(Problema(fuente.archivo, 1,
                f"la experiencia es «{seleccion.resultado.resultado}»: entra al acompañamiento de manera "
                "excepcional, con el permiso de su Unidad (bases §7)", nivel=AVISO))
        convocatoria = ciclo.convocatoria
        if fecha < seleccion.fecha:
            problemas.append(fuente.problema(("fecha",),
                f"la {self.descripcion} ({formato.fecha(fecha)}) es anterior a la evaluación que selecciona "
                f"la experiencia ({formato.fecha(seleccion.fecha)}, {seleccion.archivo})"))
        else:
            ventana = convocatoria.actividad(self.ventana) if self.ventana and convocatoria else None
            if convocatoria and ventana and not ventana.desde <= fecha <= ventana.hasta:
                problemas.append(fuente.problema(("fecha",),
                    f"fuera del cronograma: la edición {convocatoria.edicion} lo fija "
                    f"{ventana.periodo} (Tabla N° 2, paso {ventana.numero})", nivel=AVISO))
        valores = {"seleccion": seleccion, "convocatoria": convocatoria,
                   "encabezado": encabezado_oficial(doc.plantillas, fecha.year, fuente.archivo,
                                                    fuente.origen(("fecha",)).linea)}
        return Reglas(problemas, valores=valores, dependencias=ciclo.dependencias)

    def contexto(self, doc: Documento) -> dict:
        exp, convocatoria = doc.experiencia, doc.valores["convocatoria"]
        seleccion = doc.valores["seleccion"]
        cronograma = {clave: a.periodo for clave, a in convocatoria.cronograma.items()}
        return {
            "encabezado": doc.valores["encabezado"],
            "ciudad": doc.modelo.ciudad,
            "fecha": doc.modelo.fecha,
            "destinatarios": [{"nombre": m.nombre, "rol": m.rol, "dni": m.dni, **trato(m.sexo)}
                              for m in exp.equipo],
            "titulo": exp.titulo,
            "servicio": exp.servicio_o_unidad,
            "convocatoria": {"nombre": convocatoria.nombre, "edicion": convocatoria.edicion,
                             "unidad": convocatoria.unidad, "programa": convocatoria.programa_acompanamiento},
            "cronograma": cronograma,
            "resultado": seleccion.resultado.resultado,
            "fecha_evaluacion": seleccion.fecha,
        }

    def titulo(self, doc: Documento) -> str:
        return f"{self.descripcion.capitalize()}: {doc.experiencia.titulo}"

    def autor(self, doc: Documento) -> str:
        return "; ".join(m.nombre for m in doc.experiencia.equipo)


VARIABLES_COMUNES = {
    "encabezado": "líneas oficiales: .decenio y .anio (nombre oficial del año)",
    "ciudad": "ciudad",
    "fecha": "fecha del documento (use | fecha_larga)",
    "destinatarios": "una por participante; cada una con .nombre, .rol, .dni (o nada), .tratamiento (Señora / "
                     "Señor), .saludo (Estimada / Estimado), .identificada, .admitida, .invitada y .la (la / el)",
    "titulo": "título de la experiencia",
    "servicio": "servicio o unidad de la experiencia",
    "convocatoria": "la convocatoria: .nombre, .edicion, .unidad (la SGIC) y .programa (el Programa de "
                    "Acompañamiento)",
    "cronograma": "las fechas de la edición, ya escritas («del 20 de mayo al 5 de julio de 2024»), por actividad: "
                  ".inauguracion, .primera_fase, .segunda_fase, .compromiso…",
    "resultado": "resultado de la evaluación de la inscripción",
    "fecha_evaluacion": "fecha de esa evaluación (use | fecha_larga)",
}
