"""La instancia de concertación (Ley N° 30364; semilla 004): sus datos se escriben una sola vez
en ``instancia.yml`` y los heredan la ordenanza, las actas, el plan de trabajo, el diagnóstico
y el seguimiento de la carpeta.

Los datos de contacto de los representantes (DNI, correo, teléfono) son privados (Ley
N° 29733): se validan, pero ninguna plantilla de documento público los usa.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from .errores import AVISO, Problema, sugerencia
from .fuentes import Fuente
from .modelo import Modelo, validar_modelo
from .vocabularios import sin_tildes

NIVELES = ("regional", "provincial", "distrital")
# Asientos de la sociedad civil recomendados (semilla 004, §7.3.2.8).
ASIENTOS_RECOMENDADOS = {"distrital": 2, "provincial": 3, "regional": 3}
_DIGITOS_UBIGEO = {"regional": 2, "provincial": 4, "distrital": 6}


class Persona(Modelo):
    """Representante de una institución (el directorio de la instancia, §7.3.2.9)."""

    nombre: str = Field(min_length=3)
    cargo: str | None = None
    dni: str | None = None
    correo: str | None = None
    telefono: str | None = None

    @field_validator("dni", mode="before")
    @classmethod
    def _dni(cls, v):
        if v is None:
            return None
        texto = str(v).strip()
        if not re.fullmatch(r"\d{8}", texto):
            raise ValueError(f"«{v}» no es un DNI (ocho cifras, entre comillas: \"01234567\")")
        return texto


class Integrante(Modelo):
    """Institución integrante, con su representante titular y, si lo hay, su alterno (§7.2)."""

    clave: str | None = None  # nombre corto para las actas y el plan (por omisión, la institución)
    institucion: str = Field(min_length=3)
    titular: Persona | None = None
    alterno: Persona | None = None
    sociedad_civil: bool = False

    @property
    def nombre_corto(self) -> str:
        return self.clave or self.institucion


class Territorio(Modelo):
    region: str
    provincia: str | None = None
    distrito: str | None = None
    ubigeo: str | None = None  # se completa con la lista oficial del INEI

    @field_validator("ubigeo", mode="before")
    @classmethod
    def _ubigeo(cls, v):
        if v is None:
            return None
        texto = str(v).strip()
        if not re.fullmatch(r"\d{2}(\d{2}){0,2}", texto):
            raise ValueError(f"«{v}» no es un ubigeo (2, 4 o 6 cifras del INEI, entre comillas)")
        return texto


class Instancia(Modelo):
    nivel: Literal["regional", "provincial", "distrital"]
    territorio: Territorio
    gobierno: str | None = None  # por omisión: Gobierno Regional / Municipalidad … de …
    presidencia: str | None = None  # cargo que preside (por omisión, según el nivel)
    secretaria_tecnica: str = "Gerencia de Desarrollo Social"  # o quien haga sus veces (§7.2)
    integrantes: list[Integrante] = []
    asientos_sociedad_civil: int | None = Field(default=None, ge=0, le=10)

    @field_validator("nivel", mode="before")
    @classmethod
    def _nivel(cls, v):
        texto = sin_tildes(str(v)).lower().strip()
        return texto

    # -------------------------------------------------------------- presentación
    @property
    def ambito(self) -> str:
        """«Leoncio Prado» (provincia), «Rupa-Rupa» (distrito) o «Huánuco» (región)."""
        t = self.territorio
        return {"regional": t.region, "provincial": t.provincia, "distrital": t.distrito}[self.nivel] or ""

    @property
    def gobierno_nombre(self) -> str:
        if self.gobierno:
            return self.gobierno
        return {"regional": f"Gobierno Regional de {self.ambito}",
                "provincial": f"Municipalidad Provincial de {self.ambito}",
                "distrital": f"Municipalidad Distrital de {self.ambito}"}[self.nivel]

    @property
    def secretaria_tecnica_nombre(self) -> str:
        """«Gerencia de Desarrollo Social de la Municipalidad Provincial de Leoncio Prado»."""
        return f"{self.secretaria_tecnica} de la {self.gobierno_nombre}"

    @property
    def presidencia_cargo(self) -> str:
        return self.presidencia or {"regional": "Gobernador/a Regional",
                                    "provincial": "Alcalde/sa Provincial",
                                    "distrital": "Alcalde/sa Distrital"}[self.nivel]

    @property
    def nombre(self) -> str:
        """Nombre de la instancia, como lo escribe el Anexo 3 de la semilla 004."""
        return (f"Instancia {self.nivel.capitalize()} de Concertación para Erradicar la Violencia "
                f"contra las Mujeres y los Integrantes del Grupo Familiar de {self.ambito}")

    @property
    def lugar(self) -> str:
        t = self.territorio
        por_nivel: dict[str, list[str | None]] = {
            "regional": [t.region], "provincial": [t.provincia, t.region],
            "distrital": [t.distrito, t.provincia, t.region]}
        partes = por_nivel[self.nivel]
        etiquetas = {"regional": ["la región"], "provincial": ["la provincia de", "la región"],
                     "distrital": ["el distrito de", "la provincia de", "la región"]}[self.nivel]
        return ", ".join(f"{e} {p}" for e, p in zip(etiquetas, partes, strict=False))

    def problema_si_no_integra(self, fuente, ruta: tuple, nombre: str, que: str):
        """Un error con sugerencia si ``nombre`` no es una institución integrante; si no, None."""
        if self.integrante(nombre) is not None:
            return None
        return fuente.problema(ruta, f"«{nombre}» {que}."
                               + sugerencia(nombre, [x.nombre_corto for x in self.integrantes]))

    def integrante(self, nombre: str) -> Integrante | None:
        buscado = sin_tildes(nombre).lower()
        return next((i for i in self.integrantes
                     if buscado in (sin_tildes(i.nombre_corto).lower(),
                                    sin_tildes(i.institucion).lower())), None)


def validar_instancia(fuente: Fuente, para: str,
                      integrantes: bool = False) -> tuple[Instancia | None, list[Problema]]:
    """Valida los datos de instancia.yml que la fuente hereda; ``integrantes``: los exige."""
    if not fuente.archivos_datos.get("instancia.yml") and "nivel" not in fuente.propios:
        return None, [Problema(fuente.archivo, 1,
            f"la {para} necesita los datos de la instancia: falta el archivo instancia.yml en "
            "esta carpeta o en una superior")]
    instancia, problemas = validar_modelo(fuente, Instancia, solo_propios=False)
    if instancia is None:
        return None, problemas
    archivo = fuente.archivos_datos.get("instancia.yml", fuente.archivo)
    t, nivel = instancia.territorio, instancia.nivel
    if nivel in ("provincial", "distrital") and not t.provincia:
        problemas.append(fuente.problema(("territorio",),
            f"una instancia {nivel} necesita «territorio.provincia»"))
    if nivel == "distrital" and not t.distrito:
        problemas.append(fuente.problema(("territorio",),
            "una instancia distrital necesita «territorio.distrito»"))
    if t.ubigeo and len(t.ubigeo) != _DIGITOS_UBIGEO[nivel]:
        problemas.append(fuente.problema(("territorio", "ubigeo"),
            f"el ubigeo de una instancia {nivel} tiene {_DIGITOS_UBIGEO[nivel]} cifras (se "
            f"escribió «{t.ubigeo}»)"))
    elif not problemas:
        instancia, problema = _territorio_oficial(fuente, instancia)
        problemas += [problema] if problema else []
    if integrantes and not instancia.integrantes:
        problemas.append(Problema(archivo, 1, f"la {para} necesita la lista de «integrantes» de "
                                              "la instancia", campo="integrantes"))
    claves = [i.nombre_corto for i in instancia.integrantes]
    for i, clave in enumerate(claves):
        if clave in claves[:i]:
            problemas.append(fuente.problema(("integrantes", i),
                f"«{clave}» está dos veces entre los integrantes; use «clave» para distinguirlos"))
    recomendados = ASIENTOS_RECOMENDADOS[instancia.nivel]
    if instancia.asientos_sociedad_civil not in (None, recomendados):
        problemas.append(fuente.problema(("asientos_sociedad_civil",),
            f"para una instancia {instancia.nivel} se recomiendan {recomendados} representantes "
            f"de la sociedad civil (semilla 004, §7.3.2.8), no {instancia.asientos_sociedad_civil}",
            nivel=AVISO))
    return instancia, problemas


def _territorio_oficial(fuente: Fuente, instancia: Instancia) -> tuple[Instancia, Problema | None]:
    """La instancia con su territorio como lo escribe la lista oficial del INEI (nombres,
    ubigeo) y su gobierno; o un error, con sugerencia, si el territorio no existe ahí."""
    from .territorios import buscar

    t, nivel = instancia.territorio, instancia.nivel
    try:
        lugar = buscar(t.region, t.provincia if nivel != "regional" else None,
                       t.distrito if nivel == "distrital" else None, t.ubigeo)
    except ValueError as exc:
        campo = ("territorio", "distrito" if nivel == "distrital" else "provincia" if nivel == "provincial"
                 else "region")
        return instancia, fuente.problema(campo if campo in fuente.origenes else ("territorio",), str(exc))
    oficial = Territorio.model_construct(region=lugar.especial or lugar.region, provincia=lugar.provincia
                                         if not lugar.especial else None, distrito=lugar.distrito, ubigeo=lugar.ubigeo)
    return instancia.model_copy(update={"territorio": oficial, "gobierno": instancia.gobierno or lugar.gobierno}), None


def lugar(instancia: Instancia):
    """El territorio oficial de la instancia (``pipeline/territorios.py``)."""
    from .territorios import LIMA_METROPOLITANA, buscar, lugar_de

    t = instancia.territorio
    if t.region == LIMA_METROPOLITANA:
        return buscar(LIMA_METROPOLITANA)
    return lugar_de(t.ubigeo) if t.ubigeo else buscar(t.region, t.provincia, t.distrito)


def asientos_sociedad_civil(instancia: Instancia) -> int:
    return instancia.asientos_sociedad_civil or ASIENTOS_RECOMENDADOS[instancia.nivel]


def esqueleto_instancia(nivel: str, territorio: str) -> dict[str, str]:
    """Los archivos de una instancia nueva: instancia.yml con el territorio oficial (ValueError
    en castellano si no existe o no es del nivel) y el modelo de la ordenanza de creación."""
    from . import territorios

    partes = [p.strip() for p in territorio.split("/") if p.strip()]
    esperadas = {"regional": 1, "provincial": 2, "distrital": 3}[nivel]
    if len(partes) != esperadas:
        forma = ("«Región»", "«Región/Provincia»", "«Región/Provincia/Distrito»")[esperadas - 1]
        raise ValueError(f"para una instancia {nivel}, escriba {forma}")
    lugar = territorios.buscar(*partes)
    lineas = [f"region: {lugar.region}"]
    if lugar.provincia:
        lineas.append(f"provincia: {lugar.provincia}")
    if lugar.distrito:
        lineas.append(f"distrito: {lugar.distrito}")
    lineas.append(f'ubigeo: "{lugar.ubigeo}"')
    yml = (
        "# La instancia de concertación: todos sus documentos heredan estos datos (README, «Las\n"
        "# instancias de concertación»). DNI, correos y teléfonos son privados: ningún documento los imprime.\n"
        f"nivel: {nivel}\n"
        "territorio:   # de la lista oficial del INEI\n"
        + "".join(f"  {linea}\n" for linea in lineas)
        + "secretaria_tecnica: Gerencia de Desarrollo Social   # o quien haga sus veces (§7.2)\n"
        f"asientos_sociedad_civil: {2 if nivel == 'distrital' else 3}   # recomendado (§7.3.2.8)\n"
        "integrantes:   # el directorio (§7.3.2.9): una entrada por institución\n"
        f"  - clave: {'Gobierno regional' if nivel == 'regional' else 'Municipalidad'}\n"
        f"    institucion: {lugar.gobierno}\n"
        "    titular: {nombre: \"COMPLETAR: nombre de la autoridad\", cargo: \"COMPLETAR: cargo\"}\n"
    )
    ordenanza = ("---\n# Modelo de la ordenanza de creación: sin número ni fecha sale como modelo, con\n"
                 "# espacios en blanco. Campos: README, «La ordenanza de creación».\n"
                 "tipo: ordenanza\n# numero: \"001-2026-…\"\n# fecha: 2026-03-10\n---\n")
    return {"instancia.yml": yml, "ordenanza.md": ordenanza}
