"""Modelo de ordenanza de creación de una instancia de concertación (semilla 004, §7.3.2;
estructura verificada en ordenanzas reales, HECHOS.md).

La conformación por nivel, los considerandos y los artículos son datos que la SGIC corrige en
``plantillas/ordenanza/*.yml``; lo que la SGIC no ha confirmado sale marcado «[por confirmar]»
y la construcción lo avisa. Nunca se inventa un número de norma.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..corpus import Corpus
from ..errores import AVISO, Problema
from ..fuentes import Fuente, Origen
from ..instancia import asientos_sociedad_civil
from ..institucional import datos_de_plantillas
from ..modelo import Modelo
from .base import Documento, Reglas, TipoDocumento

TERRITORIO = ("region", "provincia", "distrito", "ubigeo")  # columnas que van en «territorio»

ORDINALES = ("Primero", "Segundo", "Tercero", "Cuarto", "Quinto", "Sexto", "Séptimo", "Octavo",
             "Noveno", "Décimo", "Undécimo", "Duodécimo")
ORDINALES_F = ("Primera", "Segunda", "Tercera", "Cuarta", "Quinta", "Sexta", "Séptima", "Octava",
               "Novena", "Décima")
POR_CONFIRMAR = "[por confirmar por la SGIC]"
EN_BLANCO = "…………"


class Derogacion(Modelo):
    norma: str = Field(min_length=5)  # «Ordenanza Municipal N° 012-2015-MPLP»
    mecanismo: str = Field(min_length=5)  # el mecanismo anterior (mesa, comisión…)


class Sesion(Modelo):
    fecha: dt.date
    tipo: Literal["Ordinaria", "Extraordinaria"] = "Ordinaria"


class Ordenanza(Modelo):
    tipo: Literal["ordenanza"]
    numero: str | None = None  # «011-2025-MPLP»; sin él, queda en blanco para llenar
    fecha: dt.date | None = None  # sin ella, el modelo deja día y mes en blanco
    anio: int | None = Field(default=None, ge=2018, le=2100)  # año, si no hay fecha
    ciudad: str | None = None  # por omisión, el ámbito de la instancia
    sesion: Sesion | None = None  # POR CUANTO: sesión del Concejo que la aprobó
    visto: list[str] = []  # documentos que sustentan la ordenanza
    plazo_instalacion_dias: int | None = Field(default=None, ge=1, le=365)
    deroga: Derogacion | None = None  # si existe un mecanismo anterior (§7.3.2.4)
    autoridad: Literal["alcalde", "alcaldesa", "gobernador", "gobernadora"] | None = None
    publico: bool = False  # «publico: true» lo lleva al paquete del Repositorio Institucional
    pendientes: list[str] = []

    @property
    def anio_efectivo(self) -> int | None:
        return self.fecha.year if self.fecha else self.anio


def datos_plantilla(plantillas: Path, nombre: str) -> dict:
    return datos_de_plantillas(plantillas, f"ordenanza/{nombre}")


class TipoOrdenanza(TipoDocumento):
    nombre = "ordenanza"
    descripcion = "ordenanza de creación"
    orden = 70
    objetivo_make = "ordenanzas"
    ayuda = "El modelo de ordenanza de creación de la instancia (también en lote, por territorio)."
    publicacion = "si_la_fuente_lo_dice"
    coar = "http://purl.org/coar/resource_type/c_18cf"
    modelo = Ordenanza
    variables = {
        "encabezado": "líneas oficiales: .decenio y .anio (nombre oficial del año)",
        "norma": "«ORDENANZA MUNICIPAL» u «ORDENANZA REGIONAL»",
        "numero": "número de la ordenanza, ya escrito: «N° 007-2025-MDVE» (o en blanco)",
        "ciudad": "ciudad de la firma",
        "fecha": "fecha de la ordenanza (use | fecha_larga), o nada en un modelo",
        "anio": "año de la ordenanza",
        "en_blanco": "lo que se pone en un espacio por llenar: «…………»",
        "autoridad": "la autoridad que la da, en mayúsculas",
        "municipal": "verdadero si la da una municipalidad",
        "concejo": "el concejo municipal o el consejo regional",
        "sesion_tipo": "Ordinaria o Extraordinaria, o nada",
        "sesion_fecha": "fecha de la sesión, o nada",
        "visto": "los documentos del VISTO (si no hay, el texto por omisión de textos.yml)",
        "considerandos": "considerandos: .texto y .marca («[por confirmar por la SGIC]» o nada)",
        "gobierno": "«municipal» o «regional» (para elegir la variante de un texto)",
        "facultades_marca": "marca de confirmación de la fórmula de facultades, o nada",
        "titulo": "título de la ordenanza",
        "articulos": "artículos: .ordinal, .rotulo, .texto, .marca y .lista",
        "finales": "disposiciones finales: .ordinal, .texto y .marca",
        "firma": "cargo y lugar de quien firma",
        "instancia": "nombre de la instancia que se crea",
    }
    usa_instancia = True

    def titulo(self, doc: Documento) -> str:
        return f"Ordenanza que crea la {doc.instancia.nombre}"

    # Lote: una ordenanza por territorio de una tabla (las columnas del territorio van dentro
    # de «territorio»; las demás son campos de la ordenanza o de la instancia).
    columnas_lote = ("nivel", "region", "provincia", "distrito", "ubigeo", "gobierno",
                     "presidencia", "secretaria_tecnica", "asientos_sociedad_civil", "numero",
                     "fecha", "anio", "ciudad", "plazo_instalacion_dias", "autoridad", "ejemplo",
                     "publico")
    columnas_obligatorias_lote = ("nivel",)
    nombre_de_fila = ("nivel", {"regional": "region", "provincial": "provincia", "distrital": "distrito"})

    def autor(self, doc: Documento) -> str:
        return doc.instancia.gobierno_nombre

    def fuente_de_fila(self, tabla: Path, archivo: str, linea: int, fila: dict, raiz: Path) -> Fuente:
        datos: dict = {"tipo": self.nombre}
        origenes: dict[tuple, Origen] = {("tipo",): Origen(archivo, linea)}
        for columna, valor in fila.items():
            ruta = ("territorio", columna) if columna in TERRITORIO else (columna,)
            destino = datos.setdefault("territorio", {}) if columna in TERRITORIO else datos
            destino[columna] = valor
            origenes[ruta] = Origen(archivo, linea)
        if "territorio" in datos:
            origenes[("territorio",)] = Origen(archivo, linea)
        return Fuente(ruta=tabla, archivo=archivo, datos=datos, origenes=origenes,
                      propios=set(datos), linea_front_matter=linea, preambulo="",
                      linea_preambulo=linea, secciones=[], raiz=raiz)

    def problema_de_fila(self, problema: Problema, linea: int) -> Problema:
        """«territorio.ubigeo» es la columna «ubigeo»."""
        if problema.campo and problema.campo.startswith("territorio."):
            problema = replace(problema, campo=problema.campo.split(".", 1)[1])
        return super().problema_de_fila(problema, linea)

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        from ..institucional import encabezado_oficial

        ordenanza, fuente = doc.modelo, doc.fuente
        problemas = []
        if ordenanza.anio_efectivo is None:
            return Reglas([fuente.problema(("fecha",),
                "escriba la «fecha» de la ordenanza o, en un modelo sin fecha, su «anio»")])
        encabezado = encabezado_oficial(
            doc.plantillas, ordenanza.anio_efectivo, fuente.archivo,
            fuente.origen(("fecha",) if ordenanza.fecha else ("anio",)).linea)
        if ordenanza.numero and ordenanza.fecha and str(ordenanza.fecha.year) not in ordenanza.numero:
            problemas.append(fuente.problema(("numero",),
                f"el número «{ordenanza.numero}» no lleva el año de la fecha ({ordenanza.fecha.year})",
                nivel=AVISO))
        if ordenanza.plazo_instalacion_dias is None:
            problemas.append(Problema(fuente.archivo, fuente.origen(("tipo",)).linea,
                "el plazo de instalación queda en blanco: escriba «plazo_instalacion_dias»",
                nivel=AVISO))
        textos = self._textos(doc)
        sin_confirmar = sum(1 for t in textos if not t["confirmado"])
        if sin_confirmar:
            problemas.append(Problema(fuente.archivo, fuente.origen(("tipo",)).linea,
                f"la ordenanza lleva {sin_confirmar} texto(s) legal(es) que la SGIC debe confirmar "
                "(marcados «[por confirmar]»; están en plantillas/ordenanza/)", nivel=AVISO))
        return Reglas(problemas, {"encabezado": encabezado, "textos": textos})

    def _textos(self, doc: Documento) -> list[dict]:
        """Considerandos, conformación, artículos y disposiciones, con su marca de confirmación."""
        ins, ordenanza = doc.instancia, doc.modelo
        municipal = ins.nivel != "regional"
        valores = {
            "instancia": ins.nombre, "ambito": ins.lugar, "presidencia": ins.presidencia_cargo,
            "secretaria_tecnica": ins.secretaria_tecnica, "gobierno": ins.gobierno_nombre,
            "plazo": ordenanza.plazo_instalacion_dias or EN_BLANCO,
            "norma_derogada": ordenanza.deroga.norma if ordenanza.deroga else "",
            "mecanismo_anterior": ordenanza.deroga.mecanismo if ordenanza.deroga else "",
        }
        considerandos = datos_plantilla(doc.plantillas, "considerandos.yml")
        composicion = datos_plantilla(doc.plantillas, "composicion.yml")[ins.nivel]
        articulos = datos_plantilla(doc.plantillas, "articulos.yml")
        textos = []

        def agregar(grupo: str, texto: str, confirmado: bool, **extra):
            textos.append({"grupo": grupo, "texto": " ".join(texto.format(**valores).split()),
                           "confirmado": bool(confirmado), **extra})

        for c in considerandos["municipal" if municipal else "regional"]:
            agregar("considerando", c["texto"], c.get("confirmado"))
        numero = 0
        for a in articulos["articulos"]:
            if a.get("solo_si_deroga") and not ordenanza.deroga:
                continue
            lista = []
            if a.get("composicion"):
                plazas = asientos_sociedad_civil(ins)
                lista = [" ".join(str(i).format(sociedad_civil=plazas).split())
                         for i in composicion["integrantes"]]
            agregar("articulo", a["texto"], a.get("confirmado") and (
                not a.get("composicion") or composicion.get("confirmado")),
                ordinal=f"Artículo {ORDINALES[numero]}.-", rotulo=a["rotulo"], lista=lista)
            numero += 1
        for i, d in enumerate(articulos["disposiciones_finales"]):
            agregar("final", d["texto"], d.get("confirmado"), ordinal=f"{ORDINALES_F[i]}.-")
        return textos

    def contexto(self, doc: Documento) -> dict:
        ins, ordenanza = doc.instancia, doc.modelo
        municipal = ins.nivel != "regional"
        anio = ordenanza.anio_efectivo
        ciudad = ordenanza.ciudad or ins.ambito
        autoridad = ordenanza.autoridad or ("alcalde" if municipal else "gobernador")
        textos = doc.valores["textos"]

        def de(grupo):
            return [dict(t, marca="" if t["confirmado"] else POR_CONFIRMAR)
                    for t in textos if t["grupo"] == grupo]

        concejo = (f"Concejo Municipal {ins.nivel.capitalize()} de {ins.ambito}" if municipal
                   else f"Consejo Regional del {ins.gobierno_nombre}")
        return {
            "encabezado": doc.valores["encabezado"],
            "norma": "ORDENANZA MUNICIPAL" if municipal else "ORDENANZA REGIONAL",
            "numero": f"N° {ordenanza.numero}" if ordenanza.numero else f"N° {EN_BLANCO}-{anio}",
            "ciudad": ciudad,
            "fecha": ordenanza.fecha,  # un modelo sin fecha: en blanco, con su año
            "anio": anio,
            "en_blanco": EN_BLANCO,
            "autoridad": (f"{'LA' if autoridad.endswith('a') else 'EL'} {autoridad.upper()} DE LA "
                          f"{ins.gobierno_nombre.upper()}" if municipal
                          else f"{'LA' if autoridad.endswith('a') else 'EL'} {autoridad.upper()} "
                               f"REGIONAL DEL {ins.gobierno_nombre.upper()}"),
            "municipal": municipal,
            "concejo": concejo,
            "sesion_tipo": ordenanza.sesion.tipo if ordenanza.sesion else None,
            "sesion_fecha": ordenanza.sesion.fecha if ordenanza.sesion else None,
            "visto": ordenanza.visto,  # sin visto: el texto por omisión de textos.yml
            "considerandos": de("considerando"),
            "gobierno": "municipal" if municipal else "regional",
            "facultades_marca": "" if municipal else POR_CONFIRMAR,
            "titulo": f"ORDENANZA QUE CREA LA {ins.nombre.upper()}",
            "articulos": de("articulo"),
            "finales": de("final"),
            "firma": f"{ins.presidencia_cargo} de {ins.ambito}",
            "instancia": ins.nombre,
        }


TIPO = TipoOrdenanza()
