"""Lectura de fuentes: archivos Markdown con front matter YAML, datos heredados y secciones.

Conserva la línea de cada campo y de cada sección para que los errores digan dónde
corregir. Una fuente es ``contenido/<ruta>/<nombre>.md``; los archivos de datos
``experiencia.yml`` e ``instancia.yml`` de su carpeta y de las carpetas superiores
(dentro de ``contenido/``) le heredan sus campos; el front matter del documento gana.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import limites
from .errores import ErrorFuente, Problema, ruta_legible
from .recinto import exigir_dentro

ARCHIVOS_DATOS = ("experiencia.yml", "instancia.yml")
TAMANO_MAXIMO = limites.BYTES_FUENTE  # una fuente mayor es casi seguro un error
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TITULO_SECCION = re.compile(r"^##(?!#)\s*(.*?)\s*#*\s*$")


@dataclass
class Origen:
    """Dónde está escrito un valor: archivo y línea (1 = primera línea)."""

    archivo: str
    linea: int


@dataclass
class Seccion:
    titulo: str
    linea: int  # línea del título «## …»
    texto: str  # el cuerpo, sin el título
    linea_texto: int  # línea del archivo donde empieza ``texto``


@dataclass
class Fuente:
    ruta: Path
    archivo: str  # ruta legible para los mensajes
    datos: dict[str, Any]  # front matter + heredados (el front matter gana)
    origenes: dict[tuple, Origen]  # ruta del campo → dónde está escrito
    propios: set[str]  # claves escritas en el front matter del documento
    linea_front_matter: int
    preambulo: str  # texto antes del primer «## »
    linea_preambulo: int
    secciones: list[Seccion] = field(default_factory=list)
    archivos_datos: dict[str, str] = field(default_factory=dict)  # nombre → ruta legible
    raiz: Path | None = None  # la carpeta de contenido (hasta donde se heredan datos)
    # archivos de los que depende (la fuente y los datos que hereda o podría heredar)
    dependencias: set[str] = field(default_factory=set)
    # un YAML roto: su error; el resto de la fuente (las secciones) se revisa igual
    problemas_lectura: list[Problema] = field(default_factory=list)

    @property
    def tipo(self) -> str | None:
        tipo = self.datos.get("tipo")
        return tipo if isinstance(tipo, str) else None

    @property
    def carpeta(self) -> Path:
        return self.ruta.parent

    def origen(self, ruta_campo: tuple) -> Origen:
        """El origen del campo o, si no está escrito, el del campo más cercano que lo contiene."""
        ruta_campo = tuple(ruta_campo)
        while ruta_campo:
            if ruta_campo in self.origenes:
                return self.origenes[ruta_campo]
            ruta_campo = ruta_campo[:-1]
        return Origen(self.archivo, self.linea_front_matter)

    def problema(self, ruta_campo: tuple, mensaje: str, **kw) -> Problema:
        origen = self.origen(ruta_campo)
        campo = ".".join(str(p) for p in ruta_campo) or None
        return Problema(origen.archivo, origen.linea, mensaje, campo=campo, **kw)


def leer_texto(ruta: Path, raiz: Path | None = None) -> str:
    """Lee un archivo UTF-8 (con o sin BOM); errores claros si es enorme o no es UTF-8.

    Con ``raiz``, el archivo (siguiendo los enlaces simbólicos) debe estar dentro de ella.
    """
    archivo = ruta_legible(ruta)
    if raiz is not None:
        exigir_dentro(ruta, raiz)
    try:
        tamano = ruta.stat().st_size
        if tamano > TAMANO_MAXIMO:
            raise ErrorFuente([Problema(archivo, None,
                f"el archivo pesa {tamano // 1024} KiB y el máximo es {TAMANO_MAXIMO // 1024} KiB; "
                "las imágenes van como archivos aparte, no dentro del texto")])
        datos = ruta.read_bytes()
    except OSError as exc:
        from .errores import explicar_os

        raise ErrorFuente([Problema(archivo, None, f"no se puede leer el archivo: {explicar_os(exc)}")]) from None
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        linea = datos[: exc.start].count(b"\n") + 1
        raise ErrorFuente([Problema(archivo, linea,
            "el archivo no está guardado en UTF-8 (hay un carácter inválido en esta línea); "
            "guárdelo como «UTF-8» en su editor")]) from None
    if "\x00" in texto:
        raise ErrorFuente([Problema(archivo, None, "el archivo contiene caracteres nulos: no es un texto")])
    return texto.replace("\r\n", "\n").replace("\r", "\n")


_PROBLEMAS_YAML = [
    ("could not find expected ':'", "falta «:» entre el nombre del campo y su valor"),
    ("mapping values are not allowed here",
     "hay «:» donde no corresponde: revise la sangría de esta línea o ponga el texto entre comillas"),
    ("found unexpected end of stream", "unas comillas o corchetes abiertos aquí no se cierran"),
    ("found unexpected document separator", "unas comillas abiertas aquí no se cierran"),
    ("expected ',' or ']'", "falta cerrar el «[» abierto en esta línea"),
    ("expected ',' or '}'", "falta cerrar el «{» abierto en esta línea"),
    ("that cannot start any token", "hay un tabulador o un signo que no puede ir aquí; use espacios "
                                    "para la sangría y ponga el texto entre comillas"),
    ("expected <block end>", "la sangría de esta línea no cuadra con la de las anteriores"),
    ("found undefined alias", "un «*» al inicio del valor: ponga el texto entre comillas"),
    ("unknown escape character", "una «\\» dentro de comillas dobles: use comillas simples"),
]


_COMILLAS_ABIERTAS = re.compile(r"""^\s*(?:-\s+)?[^:#'"]+:\s*(["'])(?!.*\1\s*(#.*)?$)""")


def _explicar_error_yaml(exc: yaml.YAMLError, texto: str) -> tuple[int, str]:
    """(línea relativa, explicación en castellano) de un error de PyYAML."""
    problema = getattr(exc, "problem", None) or ""
    contexto = getattr(exc, "context", None) or ""
    marca = getattr(exc, "problem_mark", None)
    # Unas comillas o corchetes sin cerrar se notan más abajo; se señala dónde se abrieron.
    marca_contexto = getattr(exc, "context_mark", None)
    if contexto.startswith(("while scanning a", "while parsing a flow")) and marca_contexto:
        marca = marca_contexto
    explicacion = next((texto for clave, texto in _PROBLEMAS_YAML if clave in problema),
                       "revise la sangría, los «:» tras cada campo y las comillas")
    linea = marca.line if marca else 0
    # Unas comillas sin cerrar se tragan las líneas siguientes: YAML se queja más abajo.
    for i, contenido in enumerate(texto.split("\n")[:linea]):
        if _COMILLAS_ABIERTAS.match(contenido):
            return i, "las comillas que se abren en esta línea no se cierran en ella"
    return linea, explicacion


class _ErrorYaml(yaml.MarkedYAMLError):
    """Un error propio al leer el YAML, ya explicado en castellano."""

    def __init__(self, explicacion: str, marca):
        super().__init__(problem=explicacion, problem_mark=marca)
        self.explicacion = explicacion


class _Cargador(yaml.SafeLoader):
    """YAML como lo escribe la gente, y con límites.

    - «no», «sí», «on» u «off» son textos; solo «true» y «false» son valores lógicos.
    - Los números son los de YAML 1.2: «010» es un texto (un ubigeo, un código), no el 8 en
      octal; «10:30» es un texto, no 630 en base 60; nada de «0x», «_» ni «.inf».
    - Una fecha que no existe («2024-02-30») es un error con su línea.
    - Sin alias («*nombre»): un archivo de 1 KB con alias anidados puede crecer sin medida.
    - Profundidad, elementos por lista y valores en total, con tope (``pipeline/limites.py``).
    """

    def __init__(self, texto):
        super().__init__(texto)
        self._profundidad = 0
        self._nodos = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _ErrorYaml("un valor que empieza con «*» es un alias de YAML, y no se admiten: "
                             "si es un texto, póngalo entre comillas", self.peek_event().start_mark)
        self._profundidad += 1
        self._nodos += 1
        try:
            if self._profundidad > limites.PROFUNDIDAD_YAML:
                raise _ErrorYaml(f"hay más de {limites.PROFUNDIDAD_YAML} niveles de campos "
                                 "dentro de campos", self.peek_event().start_mark)
            if self._nodos > limites.NODOS_YAML:
                raise _ErrorYaml(f"el archivo tiene más de {limites.NODOS_YAML} valores",
                                 self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._profundidad -= 1

    def construct_yaml_timestamp(self, node):
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(self, node)
        except (ValueError, OverflowError):
            raise _ErrorYaml(f"«{node.value}» no es una fecha que exista: revise el día y el "
                             "mes (AAAA-MM-DD)", node.start_mark) from None


_SIN_RESOLVER = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Cargador.yaml_implicit_resolvers = {
    inicial: [(etiqueta, patron) for etiqueta, patron in resolvedores if etiqueta not in _SIN_RESOLVER]
    for inicial, resolvedores in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Cargador.add_implicit_resolver("tag:yaml.org,2002:bool",
                                re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                list("tTfF"))
_Cargador.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
                                list("-+0123456789"))
_Cargador.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."))
_Cargador.add_constructor("tag:yaml.org,2002:timestamp", _Cargador.construct_yaml_timestamp)


class _CargadorC(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """El mismo cargador con el analizador de LibYAML (en C, unas diez veces más rápido). No
    revisa alias ni límites al componer: ``_nodo_con_libyaml`` los revisa antes, evento por
    evento, y ante cualquier problema se vuelve al cargador en Python (con sus mensajes)."""

    yaml_implicit_resolvers = _Cargador.yaml_implicit_resolvers
    yaml_constructors = _Cargador.yaml_constructors
    construct_yaml_timestamp = _Cargador.construct_yaml_timestamp


_INICIO_DE_NODO = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _nodo_con_libyaml(texto: str):
    """(cargador, nodo) leídos con LibYAML, o None si no está o si el texto tiene algo que el
    cargador en Python debe explicar: un error de sintaxis, un alias, demasiados niveles o
    valores. Así el resultado y los mensajes son los mismos que sin LibYAML."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    revisor = _CargadorC(texto)
    try:
        nivel = nodos = 0
        while not revisor.check_event(yaml.StreamEndEvent):
            evento = revisor.get_event()
            if isinstance(evento, _INICIO_DE_NODO):
                nodos += 1
                if (isinstance(evento, yaml.AliasEvent) or nivel + 1 > limites.PROFUNDIDAD_YAML
                        or nodos > limites.NODOS_YAML):
                    return None
            if isinstance(evento, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                nivel += 1
            elif isinstance(evento, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                nivel -= 1
        cargador = _CargadorC(texto)
        return cargador, cargador.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        revisor.dispose()


def _explicar(exc: yaml.YAMLError, texto: str) -> tuple[int, str]:
    if isinstance(exc, _ErrorYaml):
        return (exc.problem_mark.line if exc.problem_mark else 0), exc.explicacion
    if (getattr(exc, "context", None) or "").startswith(("while scanning an alias",
                                                         "while scanning an anchor")):
        marca = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        return (marca.line if marca else 0), ("un valor que empieza con «*» o «&» se lee como "
                                              "alias de YAML: si es un texto, póngalo entre comillas")
    return _explicar_error_yaml(exc, texto)


def cargar_yaml(texto: str, archivo: str, linea_base: int = 1) -> tuple[Any, dict[tuple, Origen]]:
    """Carga YAML guardando la línea de cada clave y elemento de lista.

    ``linea_base`` es la línea del archivo donde empieza ``texto``. Claves repetidas son error.
    """
    rapido = _nodo_con_libyaml(texto)
    cargador = rapido[0] if rapido else _Cargador(texto)
    try:
        nodo = rapido[1] if rapido else cargador.get_single_node()
        if nodo is None:
            return {}, {}
        _revisar_tamanos(nodo)
        datos = cargador.construct_document(nodo)
    except yaml.YAMLError as exc:
        linea, motivo = _explicar(exc, texto)
        raise ErrorFuente([Problema(archivo, linea_base + linea, f"el YAML no es válido: {motivo}")]) from None
    finally:
        cargador.dispose()

    origenes: dict[tuple, Origen] = {}
    problemas: list[Problema] = []

    def recorrer(n, ruta: tuple):
        if isinstance(n, yaml.MappingNode):
            vistas: set = set()
            for clave, valor in n.value:
                k = clave.value if isinstance(clave, yaml.ScalarNode) else str(clave.value)
                linea = linea_base + clave.start_mark.line
                if k in vistas:
                    problemas.append(Problema(archivo, linea,
                        "este campo está escrito dos veces; deje uno solo",
                        campo=".".join(str(p) for p in ruta + (k,))))
                vistas.add(k)
                origenes[ruta + (k,)] = Origen(archivo, linea)
                recorrer(valor, ruta + (k,))
        elif isinstance(n, yaml.SequenceNode):
            for i, elemento in enumerate(n.value):
                origenes[ruta + (i,)] = Origen(archivo, linea_base + elemento.start_mark.line)
                recorrer(elemento, ruta + (i,))

    recorrer(nodo, ())
    if problemas:
        raise ErrorFuente(problemas)
    return datos, origenes


def _revisar_tamanos(nodo) -> None:
    """Ninguna lista ni grupo de campos con más elementos de los que admite el límite."""
    pendientes = [nodo]
    while pendientes:
        actual = pendientes.pop()
        if isinstance(actual, (yaml.MappingNode, yaml.SequenceNode)):
            if len(actual.value) > limites.ELEMENTOS_LISTA_YAML:
                raise _ErrorYaml(f"esta lista tiene {len(actual.value)} elementos y el máximo es "
                                 f"{limites.ELEMENTOS_LISTA_YAML}", actual.start_mark)
            for elemento in actual.value:
                pendientes.extend(elemento if isinstance(elemento, tuple) else (elemento,))


def leer_yaml(ruta: Path, raiz: Path | None = None) -> Any:
    """Los datos de un archivo YAML entero (sus errores, con archivo y línea); con ``raiz``,
    el archivo debe estar dentro de ella."""
    datos, _ = cargar_yaml(leer_texto(ruta, raiz), ruta_legible(ruta))
    return datos


def carpetas_de_datos(ruta: Path, raiz: Path) -> list[Path]:
    """Las carpetas desde la de la fuente hasta ``raiz`` (donde puede haber datos que hereda)."""
    carpetas = []
    carpeta = ruta.parent.resolve()
    raiz = raiz.resolve()
    while True:
        carpetas.append(carpeta)
        if carpeta == raiz or raiz not in carpeta.parents:
            break
        carpeta = carpeta.parent
    return carpetas


def _datos_heredados(carpetas: list[Path], raiz: Path) -> tuple[dict, dict[tuple, Origen], dict[str, str]]:
    """Los campos de experiencia.yml / instancia.yml de ``carpetas`` (de la fuente hacia arriba)."""
    datos: dict = {}
    origenes: dict[tuple, Origen] = {}
    archivos: dict[str, str] = {}
    for carpeta in reversed(carpetas):  # de la más externa a la más interna
        for nombre in ARCHIVOS_DATOS:
            archivo_datos = carpeta / nombre
            if archivo_datos.is_file():
                legible = ruta_legible(archivo_datos)
                archivos[nombre] = legible
                contenido, orig = cargar_yaml(leer_texto(archivo_datos, raiz), legible)
                if not isinstance(contenido, dict):
                    raise ErrorFuente([Problema(legible, 1,
                        "el archivo de datos debe ser una lista de campos «nombre: valor»")])
                for clave in contenido:
                    for r in [r for r in origenes if r[:1] == (clave,)]:
                        del origenes[r]
                datos.update(contenido)
                origenes.update(orig)
    return datos, origenes, archivos


def tipo_declarado(ruta: Path, raiz: Path) -> str | None:
    """El tipo que una fuente declara en su línea «tipo: …» del inicio, sin interpretar el YAML
    ni leer los datos que hereda (para elegir qué construir). None si no hay una línea así."""
    try:
        lineas = leer_texto(ruta, raiz).split("\n")
    except ErrorFuente:
        return None
    if not lineas or lineas[0].strip() != "---":
        return None
    for linea in lineas[1:]:
        if linea.strip() in ("---", "..."):
            return None
        m = _LINEA_TIPO.match(linea)
        if m:
            return m.group(1)
    return None


def leer_fuente(ruta: Path, raiz: Path) -> Fuente:
    """Lee una fuente Markdown: front matter, datos heredados y secciones «## »."""
    archivo = ruta_legible(ruta)
    texto = leer_texto(ruta, raiz)
    lineas = texto.split("\n")
    if not lineas or lineas[0].strip() != "---":
        raise ErrorFuente([Problema(archivo, 1,
            "la fuente debe empezar con una línea «---», seguida de los campos (tipo: …) "
            "y otra línea «---»")])
    try:
        cierre = next(i for i in range(1, len(lineas)) if lineas[i].strip() in ("---", "..."))
    except StopIteration:
        raise ErrorFuente([Problema(archivo, 1,
            "falta la línea «---» que cierra los campos del inicio")]) from None
    problemas_lectura: list[Problema] = []
    try:
        propios, origenes_propios = cargar_yaml("\n".join(lineas[1:cierre]), archivo, linea_base=2)
    except ErrorFuente as exc:
        # el YAML no sigue tras un error de sintaxis; el tipo (si se lee) deja revisar las secciones
        problemas_lectura = exc.problemas
        tipo = next((m.group(1) for m in map(_LINEA_TIPO.match, lineas[1:cierre]) if m), None)
        propios, origenes_propios = ({"tipo": tipo} if tipo else {}), {}
    if propios is None:
        propios = {}
    if not isinstance(propios, dict):
        raise ErrorFuente([Problema(archivo, 2,
            "los campos del inicio deben tener la forma «nombre: valor», uno por línea")])

    carpetas = carpetas_de_datos(ruta, raiz)
    heredados, origenes, archivos = _datos_heredados(carpetas, raiz)
    for clave in propios:
        for r in [r for r in origenes if r[:1] == (clave,)]:
            del origenes[r]
    origenes.update(origenes_propios)
    datos = {**heredados, **propios}

    linea_cuerpo = cierre + 2  # número de línea (1 = primera) de la primera línea del cuerpo
    preambulo, secciones = dividir_secciones(lineas[cierre + 1:], linea_cuerpo)
    return Fuente(
        ruta=ruta, archivo=archivo, datos=datos, origenes=origenes, propios=set(propios),
        linea_front_matter=1, preambulo=preambulo, linea_preambulo=linea_cuerpo,
        secciones=secciones, archivos_datos=archivos, raiz=raiz,
        dependencias={str(ruta.resolve())} | {str(c / n) for c in carpetas for n in ARCHIVOS_DATOS},
        problemas_lectura=problemas_lectura,
    )


_LINEA_TIPO = re.compile(r"^tipo:\s*[\"']?([a-z-]+)[\"']?\s*(#.*)?$")


def dividir_secciones(lineas: list[str], primera: int) -> tuple[str, list[Seccion]]:
    """Divide el cuerpo por los títulos «## » (fuera de bloques de código)."""
    bloques: list[tuple[str, int, list[str]]] = [("", primera, [])]
    en_codigo = False
    for i, linea in enumerate(lineas):
        if _FENCE.match(linea):
            en_codigo = not en_codigo
        m = None if en_codigo else _TITULO_SECCION.match(linea)
        if m:
            bloques.append((m.group(1), primera + i, []))
        else:
            bloques[-1][2].append(linea)
    secciones = []
    for titulo, numero, cuerpo in bloques[1:]:
        blancas = next((j for j, ln in enumerate(cuerpo) if ln.strip()), len(cuerpo))
        secciones.append(Seccion(titulo, numero, "\n".join(cuerpo).strip("\n"), numero + 1 + blancas))
    return "\n".join(bloques[0][2]).strip(), secciones


def buscar_fuentes(raiz: Path) -> list[Path]:
    """Todas las fuentes ``*.md`` bajo ``raiz``, en orden estable."""
    return sorted(p for p in raiz.rglob("*.md") if p.is_file() and not p.name.startswith("."))
