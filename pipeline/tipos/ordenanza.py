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

from pydantic import Field, field_validator

from .. import formato
from ..corpus import Corpus
from ..errores import AVISO, Problema
from ..fuentes import Fuente, Origen
from ..instancia import NIVELES, asientos_sociedad_civil
from ..institucional import datos_de_plantillas
from ..modelo import Modelo
from ..vocabularios import sin_tildes
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


class Consejero(Modelo):
    """Quien firma por el Consejo Regional (el o la Consejero/a Delegado/a)."""

    nombre: str = Field(min_length=3)
    sexo: Literal["Mujer", "Hombre"]


class Ordenanza(Modelo):
    tipo: Literal["ordenanza"]
    numero: str | None = None  # «011-2025-MPLP»; sin él, queda en blanco para llenar
    fecha: dt.date | None = None  # sin ella, el modelo deja día y mes en blanco
    anio: int | None = Field(default=None, ge=2018, le=2100)  # año, si no hay fecha
    ciudad: str | None = None  # por omisión, la capital (sede del gobierno), de los datos oficiales
    sesion: Sesion | None = None  # POR CUANTO: sesión del Concejo o Consejo que la aprobó
    votacion: Literal["unánime", "mayoritario"] | None = None  # el voto con que se aprobó
    dispensa: bool = True  # con dispensa del trámite de lectura y aprobación del acta
    informe_legal: str | None = None  # VISTO: «Informe Legal N° 045-2025-MDT/GAJ»
    asesoria: str = "Gerencia de Asesoría Jurídica"  # quien emite el informe legal
    dictamen: str | None = None  # VISTO: «Dictamen N° 003-2025-MDT/CDS»
    comision: str | None = None  # la comisión que dictamina: «Comisión de Desarrollo Social»
    visto: list[str] = []  # si se escribe, reemplaza el VISTO armado con lo anterior
    plazo_instalacion_dias: int | None = Field(default=None, ge=1, le=365)
    deroga: Derogacion | None = None  # si existe un mecanismo anterior (§7.3.2.4)
    autoridad: Literal["alcalde", "alcaldesa", "gobernador", "gobernadora"] | None = None
    autoridad_nombre: str | None = Field(default=None, min_length=3)  # quien firma (promulga)
    consejero_delegado: Consejero | None = None  # ordenanza regional: quien firma por el Consejo
    publico: bool = False  # «publico: true» lo lleva al paquete del Repositorio Institucional
    pendientes: list[str] = []

    @field_validator("votacion", mode="before")
    @classmethod
    def _votacion(cls, v):
        texto = sin_tildes(str(v)).lower().strip() if v is not None else None
        return {"unanime": "unánime", "unanimidad": "unánime", "mayoritario": "mayoritario",
                "mayoria": "mayoritario"}.get(texto, v) if texto else None

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
        "es_modelo": "verdadero si faltan número, fecha, sesión, voto o quien firma: el documento dice que es "
                     "un modelo",
        "norma": "«ORDENANZA MUNICIPAL» u «ORDENANZA REGIONAL»",
        "numero": "número de la ordenanza, ya escrito: «N° 007-2025-MDVE» (o en blanco)",
        "ciudad": "lugar de la firma: la sede del gobierno (capital, de los datos oficiales) o «ciudad»",
        "fecha": "fecha de la ordenanza (use | fecha_larga), o nada en un modelo",
        "anio": "año de la ordenanza",
        "en_blanco": "lo que se pone en un espacio por llenar: «…………»",
        "autoridad": "quién da la ordenanza, en mayúsculas: «LA ALCALDESA DE LA MUNICIPALIDAD…», «EL CONSEJO "
                     "REGIONAL…»",
        "municipal": "verdadero si la da una municipalidad",
        "gobierno": "«municipal» o «regional» (para elegir la variante de un texto)",
        "gobierno_nombre": "el gobierno que la da: «Municipalidad Distrital de Tiquillaca»",
        "concejo": "el concejo municipal o el consejo regional",
        "sesion_tipo": "Ordinaria o Extraordinaria, o nada",
        "sesion_fecha": "fecha de la sesión, o nada",
        "visto": "el VISTO propio de la fuente (si no hay, el de textos.yml con los datos siguientes)",
        "informe_legal": "el informe legal del VISTO (o «Informe Legal N° …………»)",
        "asesoria": "quien emite el informe legal",
        "dictamen": "el dictamen del VISTO (o «Dictamen N° …………»)",
        "comision": "la comisión que dictamina",
        "votacion": "el voto: «UNÁNIME», «MAYORITARIO» o en blanco",
        "dispensa": "verdadero si se aprobó con dispensa del trámite de lectura y aprobación del acta",
        "considerandos": "considerandos: .texto y .marca («[por confirmar por la SGIC]» o nada)",
        "facultades_marca": "marca de confirmación de la fórmula de facultades, o nada",
        "titulo": "título de la ordenanza",
        "articulos": "artículos: .ordinal, .rotulo, .texto, .marca y .lista",
        "finales": "disposiciones finales: .ordinal, .texto y .marca",
        "cierre": "las firmas del final, en orden; cada una con .rotulo (clave de textos.yml o nada), .textos "
                  "(claves de textos.yml), .datos, .nombre y .cargo",
        "instancia": "nombre de la instancia que se crea",
    }
    usa_instancia = True

    def titulo(self, doc: Documento) -> str:
        return f"Ordenanza que crea la {doc.instancia.nombre}"

    # Lote: una ordenanza por territorio de una tabla (las columnas del territorio van dentro
    # de «territorio»; las demás son campos de la ordenanza o de la instancia).
    columnas_lote = ("nivel", "region", "provincia", "distrito", "ubigeo", "gobierno",
                     "presidencia", "secretaria_tecnica", "asientos_sociedad_civil", "numero",
                     "fecha", "anio", "ciudad", "plazo_instalacion_dias", "autoridad", "autoridad_nombre",
                     "votacion", "informe_legal", "dictamen", "comision", "ejemplo", "publico")
    columnas_obligatorias_lote = ("nivel",)
    nombre_de_fila = ("nivel", {"regional": ("region",), "provincial": ("region", "provincia"),
                                "distrital": ("region", "provincia", "distrito")})

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

        ordenanza, fuente, ins = doc.modelo, doc.fuente, doc.instancia
        problemas = []
        if ordenanza.anio_efectivo is None:
            return Reglas([fuente.problema(("fecha",),
                "escriba la «fecha» de la ordenanza o, en un modelo sin fecha, su «anio»")])
        encabezado = encabezado_oficial(
            doc.plantillas, ordenanza.anio_efectivo, fuente.archivo,
            fuente.origen(("fecha",) if ordenanza.fecha else ("anio",)).linea)
        municipal = ins.nivel != "regional"
        validas = ("alcalde", "alcaldesa") if municipal else ("gobernador", "gobernadora")
        if ordenanza.autoridad and ordenanza.autoridad not in validas:
            problemas.append(fuente.problema(("autoridad",),
                f"«{ordenanza.autoridad}» no corresponde a "
                f"{'una municipalidad' if municipal else 'un gobierno regional'}: use «{validas[0]}» o «{validas[1]}»"))
        if ordenanza.consejero_delegado and municipal:
            problemas.append(fuente.problema(("consejero_delegado",),
                "«consejero_delegado» firma las ordenanzas regionales; esta la da una municipalidad"))
        if ordenanza.sesion and ordenanza.fecha and ordenanza.sesion.fecha > ordenanza.fecha:
            problemas.append(fuente.problema(("sesion", "fecha"),
                f"la sesión ({ordenanza.sesion.fecha}) es posterior a la ordenanza ({ordenanza.fecha}): el "
                "Concejo aprueba antes de que se firme"))
        if ordenanza.numero and ordenanza.fecha and str(ordenanza.fecha.year) not in ordenanza.numero:
            problemas.append(fuente.problema(("numero",),
                f"el número «{ordenanza.numero}» no lleva el año de la fecha ({ordenanza.fecha.year})",
                nivel=AVISO))
        if ordenanza.plazo_instalacion_dias is None:
            problemas.append(Problema(fuente.archivo, fuente.origen(("tipo",)).linea,
                "el plazo de instalación queda en blanco: escriba «plazo_instalacion_dias»",
                nivel=AVISO))
        sede = self._sede(doc)
        if sede is None:
            problemas.append(Problema(fuente.archivo, fuente.origen(("tipo",)).linea,
                f"la capital de {ins.ambito} no está en los datos oficiales sin ambigüedad (su nombre se repite o "
                "no tiene capital registrada): el lugar de la firma queda en blanco; escriba «ciudad»",
                nivel=AVISO))
        textos = self._textos(doc)
        sin_confirmar = sum(1 for t in textos if not t["confirmado"])
        if sin_confirmar:
            problemas.append(Problema(fuente.archivo, fuente.origen(("tipo",)).linea,
                f"la ordenanza lleva {sin_confirmar} texto(s) legal(es) que la SGIC debe confirmar "
                "(marcados «[por confirmar]»; están en plantillas/ordenanza/)", nivel=AVISO))
        return Reglas(problemas, {"encabezado": encabezado, "textos": textos, "sede": sede})

    def _sede(self, doc: Documento) -> str | None:
        """El lugar de la firma: la sede del gobierno (la capital, de los datos oficiales)."""
        from ..instancia import lugar
        from ..territorios import capital

        if doc.modelo.ciudad:
            return doc.modelo.ciudad
        try:
            return capital(lugar(doc.instancia))
        except (KeyError, ValueError):
            return None

    def _forma(self, doc: Documento) -> dict[str, str]:
        """Quién firma y cómo se le nombra, según el nivel y el dato: «el Alcalde», «la
        Gobernadora Regional». Sin el dato, la forma doble de un modelo («Alcalde/sa»)."""
        ins, autoridad = doc.instancia, doc.modelo.autoridad
        municipal = ins.nivel != "regional"
        base = "Alcalde" if municipal else "Gobernador"
        if autoridad in ("alcaldesa", "gobernadora"):
            cargo, articulo = f"{base}a" if not municipal else "Alcaldesa", "la"
        elif autoridad:
            cargo, articulo = base, "el"
        else:
            cargo, articulo = ("Alcalde/sa" if municipal else "Gobernador/a"), "el/la"
        regional = "" if municipal else " Regional"
        return {"cargo": cargo + regional, "articulo": articulo,
                "presidencia": f"{articulo} {cargo}{regional} de la {ins.gobierno_nombre}" if municipal
                else f"{articulo} {cargo}{regional} del {ins.gobierno_nombre}"}

    def _textos(self, doc: Documento) -> list[dict]:
        """Considerandos, conformación, artículos y disposiciones, con su marca de confirmación."""
        ins, ordenanza = doc.instancia, doc.modelo
        municipal = ins.nivel != "regional"
        valores = {
            "instancia": ins.nombre, "ambito": ins.lugar, "presidencia": self._forma(doc)["presidencia"],
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
            if (a.get("solo_si_deroga") and not ordenanza.deroga) or ins.nivel not in a.get("niveles", NIVELES):
                continue
            lista = []
            if a.get("composicion"):
                plazas = asientos_sociedad_civil(ins)
                lista = [" ".join(str(i).format(sociedad_civil=plazas, gobierno=ins.gobierno_nombre).split())
                         for i in composicion["integrantes"]]
            texto = a["texto"][ins.nivel] if isinstance(a["texto"], dict) else a["texto"]
            confirmado = a["confirmado"][ins.nivel] if isinstance(a.get("confirmado"), dict) else a.get("confirmado")
            agregar("articulo", texto, confirmado and (not a.get("composicion") or composicion.get("confirmado")),
                    ordinal=f"Artículo {ORDINALES[numero]}.-", rotulo=a["rotulo"], lista=lista)
            numero += 1
        for i, d in enumerate(articulos["disposiciones_finales"]):
            agregar("final", d["texto"], d.get("confirmado"), ordinal=f"{ORDINALES_F[i]}.-")
        return textos

    def es_modelo(self, doc: Documento) -> bool:
        """Sin número, fecha, sesión, voto o quien firma, es un modelo: lo dice arriba."""
        o = doc.modelo
        faltan = [o.numero, o.fecha, o.sesion, o.votacion, o.autoridad, o.autoridad_nombre]
        if doc.instancia.nivel == "regional":
            faltan.append(o.consejero_delegado)
        return not all(faltan)

    def contexto(self, doc: Documento) -> dict:
        ins, ordenanza = doc.instancia, doc.modelo
        municipal = ins.nivel != "regional"
        anio = ordenanza.anio_efectivo
        textos = doc.valores["textos"]
        forma = self._forma(doc)
        sede = doc.valores["sede"] or EN_BLANCO

        def de(grupo):
            return [dict(t, marca="" if t["confirmado"] else POR_CONFIRMAR)
                    for t in textos if t["grupo"] == grupo]

        concejo = f"Concejo Municipal de la {ins.gobierno_nombre}" if municipal else \
            f"Consejo Regional del {ins.gobierno_nombre}"
        return {
            "encabezado": doc.valores["encabezado"],
            "es_modelo": self.es_modelo(doc),
            "norma": "ORDENANZA MUNICIPAL" if municipal else "ORDENANZA REGIONAL",
            "numero": f"N° {ordenanza.numero}" if ordenanza.numero else f"N° {EN_BLANCO}-{anio}",
            "ciudad": sede,
            "fecha": ordenanza.fecha,  # un modelo sin fecha: en blanco, con su año
            "anio": anio,
            "en_blanco": EN_BLANCO,
            "autoridad": (f"{forma['articulo'].upper()} {forma['cargo'].upper()} DE LA {ins.gobierno_nombre.upper()}"
                          if municipal else f"EL CONSEJO REGIONAL DEL {ins.gobierno_nombre.upper()}"),
            "municipal": municipal,
            "gobierno": "municipal" if municipal else "regional",
            "gobierno_nombre": ins.gobierno_nombre,
            "concejo": concejo,
            "sesion_tipo": ordenanza.sesion.tipo if ordenanza.sesion else None,
            "sesion_fecha": ordenanza.sesion.fecha if ordenanza.sesion else None,
            "visto": ordenanza.visto,  # sin visto propio: el de textos.yml, con los datos de abajo
            "informe_legal": ordenanza.informe_legal or f"Informe Legal N° {EN_BLANCO}",
            "asesoria": ordenanza.asesoria,
            "dictamen": ordenanza.dictamen or f"Dictamen N° {EN_BLANCO}",
            "comision": ordenanza.comision or f"Comisión de {EN_BLANCO}",
            "votacion": (ordenanza.votacion or EN_BLANCO).upper(),
            "dispensa": ordenanza.dispensa,
            "considerandos": de("considerando"),
            "facultades_marca": "" if municipal else POR_CONFIRMAR,
            "titulo": f"ORDENANZA {'' if municipal else 'REGIONAL '}QUE CREA LA {ins.nombre.upper()}",
            "articulos": de("articulo"),
            "finales": de("final"),
            "cierre": self._cierre(doc, forma, sede),
            "instancia": ins.nombre,
        }

    def _cierre(self, doc: Documento, forma: dict, sede: str) -> list[dict]:
        """Las firmas del final, como las lleva cada nivel: la municipal, una; la regional, la
        del Consejo («Comuníquese…») y la de la promulgación («POR TANTO…»)."""
        ordenanza, ins = doc.modelo, doc.instancia
        fecha = ordenanza.fecha
        dia, mes = (str(fecha.day), formato.fecha(fecha).split(" de ")[1]) if fecha else (EN_BLANCO, EN_BLANCO)
        datos = {"sede": sede, "dia": dia, "mes": mes, "anio": ordenanza.anio_efectivo}
        quien = ordenanza.autoridad_nombre or ""
        if ins.nivel != "regional":
            return [{"rotulo": "", "textos": ["registrese"], "datos": datos, "nombre": quien,
                     "cargo": forma["cargo"]}]
        consejero = ordenanza.consejero_delegado
        cargo_consejo = ("Consejera Delegada" if consejero.sexo == "Mujer" else "Consejero Delegado") \
            if consejero else "Consejero/a Delegado/a"
        a_quien = {"el": "al señor", "la": "a la señora"}.get(forma["articulo"], "al señor / a la señora")
        datos["a_quien_promulga"] = f"{a_quien} {forma['cargo']}"
        return [{"rotulo": "", "textos": ["comuniquese", "en_fecha"], "datos": datos,
                 "nombre": consejero.nombre if consejero else "", "cargo": f"{cargo_consejo} del Consejo Regional"},
                {"rotulo": "por_tanto_rotulo", "textos": ["mando", "dado"], "datos": datos, "nombre": quien,
                 "cargo": forma["cargo"]}]


TIPO = TipoOrdenanza()
