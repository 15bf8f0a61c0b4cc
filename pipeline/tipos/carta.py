"""Carta de felicitación (semilla 000 §10): una carta para cada integrante del equipo de una
experiencia que la evaluación decisiva aprueba (la del informe: buena práctica o experiencia
destacada). Para una que no aprueba, la construcción se niega y dice por qué.

Cada carta tiene su número (``numero``: el primero de una serie correlativa, o la lista, uno
por integrante), que no puede repetirse en ningún lugar de ``contenido/``; su tratamiento
(Señora / Señor) sale del ``sexo`` de cada integrante, que es obligatorio; su fecha no puede
ser anterior a la evaluación que la sustenta; y cada carta numera sus propias páginas.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator

from ..corpus import Corpus
from ..errores import ErrorFuente, Problema
from ..experiencia import Requisitos
from ..fuentes import Fuente
from ..modelo import Modelo
from .base import Documento, Reglas, TipoDocumento

_NUMERO = re.compile(r"^(\d{1,4})-(\d{4})-([A-Z0-9][A-Z0-9/-]*[A-Z0-9])$")
EJEMPLO_NUMERO = "015-2024-MIMP-AURORA-UPPM"


def normalizar_numero(v) -> str:
    """«Carta N° 15-2024-mimp-aurora-uppm» → «015-2024-MIMP-AURORA-UPPM»."""
    texto = re.sub(r"^\s*(carta\s*)?n\s*[°º.]*\s*", "", str(v), flags=re.IGNORECASE).strip()
    m = _NUMERO.match(texto.upper())
    if not m:
        raise ValueError(f"«{v}» no es un número de carta; escriba correlativo, año y siglas "
                         f"separados por guiones, entre comillas: \"{EJEMPLO_NUMERO}\"")
    return f"{int(m.group(1)):03d}-{m.group(2)}-{m.group(3)}"


def correlativos(primero: str, cantidad: int) -> list[str]:
    """«015-2024-X», 3 → 015, 016 y 017 del mismo año y siglas."""
    correlativo, anio, siglas = primero.split("-", 2)
    return [f"{int(correlativo) + i:03d}-{anio}-{siglas}" for i in range(cantidad)]


class Firmante(Modelo):
    nombre: str = Field(min_length=3)
    cargo: str = Field(min_length=3)


class Carta(Modelo):
    tipo: Literal["carta"]
    # El primero de una serie (uno por integrante, correlativos) o la lista de los números.
    numero: str | list[str]
    fecha: dt.date
    ciudad: str = "Lima"  # donde se firma: «Lima, 12 de diciembre de 2024»
    firmante: Firmante

    @field_validator("numero", mode="before")
    @classmethod
    def _numero(cls, v):
        if isinstance(v, list):
            if not v:
                raise ValueError("la lista de números está vacía")
            return [normalizar_numero(x) for x in v]
        return normalizar_numero(v)

    def numeros(self, cantidad: int) -> list[str]:
        return list(self.numero) if isinstance(self.numero, list) else correlativos(self.numero, cantidad)


def numeros_de(fuente: Fuente) -> list[tuple[str, int | None]]:
    """Los números que usa una fuente de carta (para la unicidad en todo contenido/)."""
    equipo = fuente.datos.get("equipo")
    cantidad = len(equipo) if isinstance(equipo, list) else 1
    valor = fuente.datos.get("numero")
    try:
        if isinstance(valor, list):
            return [(normalizar_numero(x), fuente.origen(("numero", i)).linea) for i, x in enumerate(valor)]
        return [(n, fuente.origen(("numero",)).linea) for n in correlativos(normalizar_numero(valor), cantidad)]
    except (ValueError, TypeError):
        return []


class TipoCarta(TipoDocumento):
    nombre = "carta"
    descripcion = "carta de felicitación"
    orden = 60
    objetivo_make = "cartas"
    ayuda = "La carta de felicitación, una por integrante, si la evaluación del informe aprueba."
    publicacion = "nunca"
    motivo_no_publica = "las cartas son personales"
    modelo = Carta
    paginar_por = "destinatarios"
    variables = {
        "encabezado": "líneas oficiales: .decenio y .anio (nombre oficial del año)",
        "ciudad": "ciudad donde se firma",
        "fecha": "fecha de la carta (use | fecha_larga)",
        "destinatarios": "una carta por integrante; cada una con .numero («CARTA N° 015-2024-MIMP-AURORA-UPPM»), "
                         ".nombre, .tratamiento (Señora / Señor), .saludo (Estimada / Estimado) y .felicitada "
                         "(felicitarla / felicitarlo)",
        "servicio": "servicio o unidad de la experiencia",
        "titulo": "título de la experiencia",
        "categoria": "resultado de la evaluación: «Buena práctica»…",
        "edicion": "año de la convocatoria",
        "convocatoria": "nombre de la convocatoria",
        "firmante": "quien firma: .nombre y .cargo",
    }
    requisitos = Requisitos(campos=("titulo", "edicion"), integrantes_minimos=1, datos_integrante=("nombre", "sexo"))

    def titulo(self, doc: Documento) -> str:
        return f"Carta de felicitación: {doc.experiencia.titulo}"

    def autor(self, doc: Documento) -> str:
        return doc.modelo.firmante.nombre

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        from .. import formato
        from ..ciclo import ciclo_de, exigir_sin_errores
        from ..institucional import encabezado_oficial
        from ..numeracion import dependencia

        fuente, carta = doc.fuente, doc.modelo
        ciclo = ciclo_de(fuente, doc.plantillas, corpus)
        exigir_sin_errores(ciclo, fuente)
        decisiva = ciclo.decisiva
        if decisiva is None or decisiva.fecha is None:
            raise ErrorFuente([Problema(fuente.archivo, 1,
                "la carta necesita la evaluación del informe de sistematización: falta una fuente con "
                "«tipo: evaluacion» y «fase: informe» en esta carpeta")])
        resultado = decisiva.resultado
        if not resultado.carta:
            raise ErrorFuente([Problema(fuente.archivo, 1,
                f"la evaluación decisiva ({decisiva.archivo}, fase «{decisiva.fase.nombre}») concluye "
                f"«{resultado.resultado}»: la carta de felicitación es para quienes aprueban la evaluación "
                "del informe como buena práctica o experiencia destacada (bases §7 y §10); no se genera")])
        problemas = []
        if carta.fecha < decisiva.fecha:
            problemas.append(fuente.problema(("fecha",),
                f"la carta ({formato.fecha(carta.fecha)}) es anterior a la evaluación que la sustenta "
                f"({formato.fecha(decisiva.fecha)}, {decisiva.archivo})"))
        numeros = carta.numeros(len(doc.experiencia.equipo))
        problemas += self._numeros(doc, numeros, corpus)
        valores = {"resultado": resultado, "numeros": numeros, "convocatoria": ciclo.convocatoria,
                   "encabezado": encabezado_oficial(doc.plantillas, carta.fecha.year, fuente.archivo,
                                                    fuente.origen(("fecha",)).linea)}
        return Reglas(problemas, valores=valores,
                      dependencias=ciclo.dependencias | {dependencia(corpus, self.nombre, con_datos=True)})

    def _numeros(self, doc: Documento, numeros: list[str], corpus: Corpus) -> list[Problema]:
        from ..numeracion import usados

        fuente, carta = doc.fuente, doc.modelo
        problemas = []
        equipo = doc.experiencia.equipo
        if isinstance(carta.numero, list) and len(numeros) != len(equipo):
            problemas.append(fuente.problema(("numero",),
                f"hay {len(numeros)} número(s) y {len(equipo)} integrante(s): cada carta lleva el suyo "
                f"(o escriba solo el primero, «{numeros[0]}», y los demás siguen en orden)"))
        for n in numeros:
            if int(n.split("-")[1]) != carta.fecha.year:
                problemas.append(fuente.problema(("numero",),
                    f"el año del número {n} no es el de la fecha ({carta.fecha.year})"))
                break
        repetidos = sorted({n for n in numeros if numeros.count(n) > 1})
        if repetidos:
            problemas.append(fuente.problema(("numero",), f"el número {repetidos[0]} se repite en esta carta"))
        otros = [u for u in usados(corpus, self.nombre, numeros_de)
                 if u.numero in numeros and u.ruta.resolve() != fuente.ruta.resolve()]
        for uso in otros:
            problemas.append(fuente.problema(("numero",),
                f"el número {uso.numero} ya lo usa {uso.archivo}" + (f":{uso.linea}" if uso.linea else "")
                + ": cada carta lleva un número propio"))
        return problemas

    def contexto(self, doc: Documento) -> dict:
        carta: Carta = doc.modelo
        exp = doc.experiencia
        destinatarios = []
        for m, numero in zip(exp.equipo, doc.valores["numeros"], strict=False):
            mujer = m.sexo == "Mujer"
            destinatarios.append({
                "numero": f"CARTA N° {numero}",
                "nombre": m.nombre,
                "tratamiento": "Señora" if mujer else "Señor",
                "saludo": "Estimada" if mujer else "Estimado",
                "felicitada": "felicitarla" if mujer else "felicitarlo",
            })
        convocatoria = doc.valores["convocatoria"]
        return {
            "encabezado": doc.valores["encabezado"],
            "ciudad": carta.ciudad,
            "fecha": carta.fecha,
            "destinatarios": destinatarios,
            "servicio": exp.servicio_o_unidad,
            "titulo": exp.titulo,
            "categoria": doc.valores["resultado"].resultado,
            "edicion": convocatoria.edicion,
            "convocatoria": convocatoria.nombre,
            "firmante": {"nombre": carta.firmante.nombre, "cargo": carta.firmante.cargo},
        }


TIPO = TipoCarta()
