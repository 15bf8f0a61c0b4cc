"""Datos personales (Ley N° 29733): que no lleguen a un documento público ni al paquete.

Dos momentos:

- **Al validar** una fuente que puede publicarse (``revisar_fuente``): su texto y sus campos
  se revisan con los patrones (correo, celular, teléfono fijo, DNI, edad) y con los datos
  personales que hereda (los correos, celulares, teléfonos y DNI de ``experiencia.yml`` o
  ``instancia.yml``). Cada hallazgo es un **aviso** con su línea: ``validar`` avisa y
  ``paquete``, que no admite avisos, se detiene. Quien escribe se entera antes de publicar.
- **Al armar el paquete** (``revisar_carpeta``): cada parte con texto de cada archivo —del
  DOCX, todas las partes XML (cuerpo, encabezados, pies, notas, comentarios, propiedades) y
  los destinos de sus relaciones (hipervínculos, ``mailto:``); del PDF, el texto de las
  páginas, los destinos de los enlaces, los marcadores, las propiedades, los metadatos XMP y
  los textos alternativos; HTML, JSON, CSV, XML y texto enteros; y el nombre de cada archivo—
  se revisa con los patrones y con todos los datos personales de las fuentes. Un hallazgo
  detiene el paquete y dice el archivo, la parte y el campo de origen o el patrón, sin
  mostrar el dato.

Los correos de los dominios institucionales y los teléfonos institucionales de
``plantillas/paquete/metadatos.yml`` no son datos personales.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errores import AVISO, ErrorFuente, Problema, ruta_legible

LEY = "Ley N° 29733"
CAMPOS_PERSONALES = ("correo", "celular", "telefono", "dni")
_CORREO = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Un número que termina una oración («… DNI 45678912.») sí cuenta; uno con decimales, no.
_FIN_DE_NUMERO = r"(?![\w,/-]|\.\d)"
_CELULAR = re.compile(r"(?<![\w.,])(?:\+?51[ -]?)?9\d{2}[ -]?\d{3}[ -]?\d{3}" + _FIN_DE_NUMERO)
_FIJO = re.compile(r"(?<![\w.,/-])\(?0\d{1,2}\)?[ -]?\d{2,3}[ -]?\d{3,4}" + _FIN_DE_NUMERO)
_DNI = re.compile(r"(?<![\w.,/-])\d{8}" + _FIN_DE_NUMERO)  # no dentro de un código (hexadecimal…)
_EDAD = re.compile(r"\b\d{1,3}\s+años\s+de\s+edad\b|\bedad(?:es)?\s*(?:de|:)?\s*\d{1,3}\b",
                   re.IGNORECASE)
_CIFRA = re.compile(r"\d")
_COMENTARIO = re.compile(r"<!--.*?-->", re.DOTALL)
VENTANA_EDAD = 200  # caracteres entre el nombre de una persona y su tramo de edad


def _digitos(texto: str) -> str:
    return re.sub(r"\D", "", texto)


def _es_fijo(texto: str) -> bool:
    digitos = _digitos(texto)
    return len(digitos) == 9 and digitos.startswith("0")


PATRONES = (
    ("un correo electrónico", _CORREO),
    ("un número de celular", _CELULAR),
    ("un número de teléfono fijo", _FIJO),
    ("un número de DNI", _DNI),
    ("una edad", _EDAD),
)


@dataclass(frozen=True)
class Permitidos:
    """Lo institucional, que puede publicarse."""

    dominios: frozenset[str] = frozenset()
    telefonos: frozenset[str] = frozenset()  # solo las cifras

    @classmethod
    def de_plantillas(cls, plantillas: Path) -> Permitidos:
        from .institucional import datos_de_plantillas

        try:
            meta = datos_de_plantillas(plantillas, "paquete/metadatos.yml")
        except ErrorFuente:
            return cls()
        return cls(frozenset(str(d).lower() for d in meta.get("dominios_institucionales") or []),
                   frozenset(_digitos(str(t)) for t in meta.get("telefonos_institucionales") or []))


def hallazgos_de_patrones(texto: str, permitidos: Permitidos) -> Iterator[tuple[str, re.Match]]:
    """(qué parece, coincidencia) de cada patrón de dato personal en ``texto``."""
    if "@" not in texto and _CIFRA.search(texto) is None:
        return  # todos piden una cifra, salvo el correo, que pide «@»
    for nombre, patron in PATRONES:
        for m in patron.finditer(texto):
            valor = m.group(0)
            if patron is _CORREO and valor.rsplit("@", 1)[1].lower() in permitidos.dominios:
                continue
            if patron is _FIJO and not _es_fijo(valor):
                continue
            if patron in (_CELULAR, _FIJO) and _digitos(valor)[-9:] in permitidos.telefonos:
                continue
            yield nombre, m


@functools.lru_cache(maxsize=1024)
def _patron_de(valor: str, con_nombre: bool) -> re.Pattern:
    """El patrón con que se busca un dato personal en un texto (compilado una vez)."""
    if con_nombre:  # una edad: se busca junto al nombre
        return re.compile(re.escape(valor), re.IGNORECASE)
    digitos = _digitos(valor)
    if "@" not in valor and len(digitos) >= 6:
        # un teléfono o un DNI, con o sin espacios, guiones o puntos entre las cifras
        return re.compile(r"(?<!\d)" + r"[ .()-]{0,2}".join(digitos) + r"(?!\d)")
    return re.compile(re.escape(valor), re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _alguno_de(valores: tuple[str, ...]) -> re.Pattern | None:
    """Un patrón que encuentra cualquiera de ``valores`` (datos que no son una edad), o None."""
    if not valores:
        return None
    return re.compile("|".join(f"(?:{_patron_de(v, False).pattern})" for v in valores), re.IGNORECASE)


# --------------------------------------------------------------- datos de las fuentes
@dataclass(frozen=True)
class DatoPersonal:
    valor: str
    campo: str  # «equipo.0.correo»
    origen: str  # el archivo donde está escrito
    nombre: str | None = None  # para una edad: el nombre de la persona

    def patron(self) -> re.Pattern:
        return _patron_de(self.valor, self.nombre is not None)

    def en(self, texto: str) -> bool:
        if self.nombre is None:
            return bool(self.patron().search(texto))
        plano = " ".join(texto.split())
        nombres = [m.start() for m in re.finditer(re.escape(self.nombre), plano, re.IGNORECASE)]
        return any(abs(m.start() - n) <= VENTANA_EDAD
                   for m in self.patron().finditer(plano) for n in nombres)


def datos_de(valor: Any, origen: str, camino: tuple = ()) -> list[DatoPersonal]:
    """Los datos personales de un valor YAML ya leído (correo, celular, teléfono, DNI, y el
    tramo de edad de cada persona con nombre)."""
    encontrados: list[DatoPersonal] = []
    if isinstance(valor, dict):
        for clave, v in valor.items():
            encontrados += datos_de(v, origen, camino + (str(clave),))
        edad, nombre = valor.get("edad"), valor.get("nombre")
        if isinstance(edad, (str, int)) and isinstance(nombre, str) and str(edad).strip() and nombre.strip():
            encontrados.append(DatoPersonal(str(edad).strip(), ".".join(camino + ("edad",)), origen,
                                            nombre.strip()))
    elif isinstance(valor, list):
        for i, v in enumerate(valor):
            encontrados += datos_de(v, origen, camino + (str(i),))
    elif camino and camino[-1] in CAMPOS_PERSONALES and isinstance(valor, (str, int)) and str(valor).strip():
        encontrados.append(DatoPersonal(str(valor).strip(), ".".join(camino), origen))
    return encontrados


def datos_personales(contenido: Path) -> list[DatoPersonal]:
    """Los datos personales de todos los archivos de datos y de todas las fuentes."""
    from .fuentes import ARCHIVOS_DATOS, buscar_fuentes, leer_fuente, leer_yaml

    encontrados: list[DatoPersonal] = []
    for ruta in sorted(contenido.rglob("*.yml")):
        if ruta.name in ARCHIVOS_DATOS:
            try:
                encontrados += datos_de(leer_yaml(ruta, contenido), ruta_legible(ruta))
            except ErrorFuente:
                continue  # sus errores los informa la validación
    for ruta in buscar_fuentes(contenido):
        try:
            fuente = leer_fuente(ruta, contenido)
        except ErrorFuente:
            continue
        encontrados += datos_de({k: fuente.datos[k] for k in fuente.propios}, fuente.archivo)
    return list(dict.fromkeys(encontrados))


# -------------------------------------------------------------- al validar una fuente
def revisar_fuente(fuente, permitidos: Permitidos) -> list[Problema]:
    """Avisos por cada dato personal en el texto o los campos propios de una fuente publicable."""
    problemas: list[Problema] = []
    personales = datos_de(fuente.datos, "")
    # una sola búsqueda por línea dice si puede estar alguno de los que no son una edad
    alguno = _alguno_de(tuple(dict.fromkeys(d.valor for d in personales if d.nombre is None)))
    vistos: set[tuple[int, str]] = set()

    def revisar(texto: str, linea: int, campo: str | None) -> None:
        for nombre, _m in hallazgos_de_patrones(texto, permitidos):
            if (linea, nombre) not in vistos:
                vistos.add((linea, nombre))
                problemas.append(Problema(fuente.archivo, linea,
                    f"parece {nombre}: un documento que se publica no lleva datos personales "
                    f"({LEY}); quítelo o use un dato institucional", campo=campo, nivel=AVISO))
        hay_alguno = alguno is not None and alguno.search(texto) is not None
        plano = None
        for dato in personales:
            if dato.nombre is None and not hay_alguno:
                continue
            if dato.nombre is not None:  # una edad: sin su valor en el texto, no hay nada que ver
                plano = " ".join(texto.split()) if plano is None else plano
                if dato.patron().search(plano) is None:
                    continue
            if dato.en(texto) and (linea, dato.campo) not in vistos:
                vistos.add((linea, dato.campo))
                problemas.append(Problema(fuente.archivo, linea,
                    f"contiene un dato personal del equipo o del directorio («{dato.campo}»): un "
                    f"documento que se publica no lo lleva ({LEY}); quítelo", campo=campo, nivel=AVISO))

    def campos(valor: Any, camino: tuple) -> None:
        if isinstance(valor, dict):
            for clave, v in valor.items():
                campos(v, camino + (clave,))
        elif isinstance(valor, list):
            for i, v in enumerate(valor):
                campos(v, camino + (i,))
        elif isinstance(valor, str):
            revisar(valor, fuente.origen(camino).linea, ".".join(str(p) for p in camino))

    for clave in sorted(fuente.propios):
        if clave not in CAMPOS_PERSONALES:
            campos(fuente.datos[clave], (clave,))
    cuerpo = [(fuente.preambulo, fuente.linea_preambulo)]
    for seccion in fuente.secciones:
        cuerpo += [(seccion.titulo, seccion.linea), (seccion.texto, seccion.linea_texto)]
    for texto, primera in cuerpo:
        limpio = _COMENTARIO.sub(lambda m: "\n" * m.group(0).count("\n"), texto)
        for i, contenido in enumerate(limpio.split("\n")):
            if contenido.strip():
                revisar(contenido, primera + i, None)
    return problemas


# ------------------------------------------------------------- las partes de un archivo
def partes(ruta: Path, relativa: str) -> Iterator[tuple[str, str]]:
    """(parte, texto) de cada parte con texto de un archivo del paquete, y su nombre."""
    yield "nombre del archivo", relativa
    sufijo = ruta.suffix.lower()
    lector = _lector_de_formato(sufijo)
    if lector is not None:  # un documento: lo lee el módulo de su formato, parte por parte
        yield from lector(ruta)
    elif sufijo in (".html", ".json", ".csv", ".xml", ".txt", "") or ruta.name in ("contents", "SHA256SUMS"):
        yield "texto", ruta.read_text(encoding="utf-8", errors="replace")
    else:  # un archivo de otro tipo no debería estar en el paquete: se lee como texto igual
        yield "contenido", ruta.read_bytes().decode("utf-8", errors="replace")


def _lector_de_formato(sufijo: str):
    """``partes_con_texto`` del módulo del formato que produce archivos ``sufijo``, si lo hay."""
    import importlib

    from .registro import formatos

    for formato in formatos().values():
        if f".{formato.extension}" == sufijo:
            return getattr(importlib.import_module(formato.modulo), "partes_con_texto", None)
    return None


# ------------------------------------------------------------------ el paquete entero
@dataclass
class Revision:
    personales: list[DatoPersonal]
    permitidos: Permitidos
    problemas: list[Problema] = field(default_factory=list)

    def archivo(self, ruta: Path, etiqueta: str, relativa: str) -> None:
        for parte, texto in partes(ruta, relativa):
            self.texto(texto, etiqueta, parte)

    def texto(self, texto: str, etiqueta: str, parte: str) -> None:
        for dato in self.personales:
            if dato.en(texto):
                self.problemas.append(Problema(etiqueta, None,
                    f"parte «{parte}»: contiene un dato personal de las fuentes: «{dato.campo}» de "
                    f"{dato.origen} ({LEY})"))
        vistos = set()
        for nombre, m in hallazgos_de_patrones(texto, self.permitidos):
            if nombre not in vistos:
                vistos.add(nombre)
                self.problemas.append(Problema(etiqueta, None,
                    f"parte «{parte}»: contiene lo que parece {nombre} («{m.group(0)[:3]}…»); un "
                    f"documento público no lleva datos personales ({LEY})"))


def es_hallazgo(problema: Problema) -> bool:
    """Si un aviso de la validación es un dato personal en un documento que se publica."""
    return LEY in problema.mensaje


def revisar_carpeta(carpeta: Path, personales: list[DatoPersonal], permitidos: Permitidos,
                    omitir=lambda relativa: False) -> list[Problema]:
    """Los datos personales en cualquier parte de cualquier archivo de ``carpeta``."""
    revision = Revision(personales, permitidos)
    for ruta in sorted(p for p in carpeta.rglob("*") if p.is_file()):
        relativa = ruta.relative_to(carpeta).as_posix()
        if not omitir(relativa):
            revision.archivo(ruta, f"{carpeta.name}/{relativa}", relativa)
    return revision.problemas
