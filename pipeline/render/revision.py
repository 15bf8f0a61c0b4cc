"""Revisión de las plantillas que edita la SGIC, antes de usarlas.

``sistematiza plantillas revisar`` (y ``validar``, y ``construir`` antes de renderizar) mira,
para cada tipo y cada formato, su plantilla —Word o HTML/CSS— y dice, en castellano, con el
archivo y un lugar que una persona encuentra (en Word: el párrafo y el texto con que empieza,
la tabla y la celda, el encabezado o el pie; en HTML y CSS: la línea):

- marcas ``{{ … }}`` y ``{% … %}`` mal escritas;
- datos y filtros que el documento no tiene (con «¿Quiso decir …?»);
- estilos que el texto de Markdown necesita y faltan (buscados por su identidad);
- CSS que no se entiende; archivos nombrados que no existen;
- datos que usa la plantilla de un formato y no la del otro (se desalinean sin avisar).

Cada formato revisa lo suyo (``revisar_plantilla`` de su módulo); aquí se junta y se guarda
el resultado por proceso mientras las plantillas no cambien. Una plantilla con errores solo
detiene los documentos de su tipo.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from ..errores import AVISO, Problema, ruta_legible, sugerencia
from ..registro import formatos

# Lo que toda plantilla tiene, además de los datos de su tipo (``render.contexto_comun``).
COMUNES = {"textos", "identidad", "emisor", "ejemplo", "tipo_documento", "logo", "documento"}


@dataclass
class Revision:
    problemas: list[Problema] = field(default_factory=list)
    usadas: set[str] = field(default_factory=set)  # los datos del tipo que usa la plantilla


# ---------------------------------------------------------------- mensajes de Jinja
_JINJA = [
    (r"expected token '(.+?)', got '(.+?)'", "se esperaba «{0}» y hay «{1}»"),
    (r"unexpected end of template, expected '(.+?)'", "la plantilla termina sin cerrar: falta «{{% {0} %}}»"),
    (r"Unexpected end of template\. Jinja was looking for the following tags: '(.+?)'",
     "la plantilla termina sin cerrar: falta «{{% {0} %}}»"),
    (r"Encountered unknown tag '(.+?)'", "la marca «{{% {0} %}}» no existe"),
    (r"unexpected '(.+?)'", "sobra «{0}»"),
    (r"unexpected char '(.+?)'", "sobra el carácter «{0}»"),
    (r"No filter named '(.+?)'", "el filtro «{0}» no existe"),
    (r"No test named '(.+?)'", "la prueba «{0}» no existe"),
]


_FICHAS = {"end of print statement": "}}", "end of statement block": "%}", "name": "un nombre",
           "end of template": "el fin de la plantilla", "end of variable": "}}", "block_end": "%}",
           "variable_end": "}}", "string": "un texto entre comillas", "integer": "un número"}


def traducir(mensaje: str) -> str:
    """Un error de sintaxis de Jinja, en castellano (con «}}» en vez de «end of print statement»)."""
    for patron, texto in _JINJA:
        m = re.search(patron, mensaje or "")
        if m:
            return texto.format(*(_FICHAS.get(g, g) for g in m.groups()))
    return f"marca mal escrita ({mensaje})"


# Lo que una persona escribe en castellano para un filtro de Jinja que se llama en inglés.
FILTROS_EN_CASTELLANO = {
    "mayusculas": "upper", "minusculas": "lower", "capitalizar": "capitalize", "titulo": "title",
    "recortar": "trim", "redondear": "round", "longitud": "length", "unir": "join", "ordenar": "sort",
    "por_omision": "default", "primero": "first", "ultimo": "last", "truncar": "truncate",
    "reemplazar": "replace", "suma": "sum", "fecha": "fecha_larga", "numero": "cifra", "moneda": "soles",
}


def revisar_jinja(entorno: jinja2.Environment, fuente: str, provistas: set[str],
                  donde, heredadas: frozenset[str] = frozenset()) -> tuple[list[Problema], set[str]]:
    """Errores de una plantilla Jinja y los datos que usa. ``donde(linea, mensaje)`` arma el
    problema con el lugar que entiende una persona; ``heredadas``, las variables que le da la
    plantilla de la que hereda (la «d» de cada persona en un bloque «scoped»)."""
    try:
        arbol = entorno.parse(fuente)
        entorno.compile(fuente)  # filtros y pruebas desconocidos
    except jinja2.TemplateSyntaxError as exc:
        mensaje = traducir(exc.message or "")
        filtro = re.search(r"el filtro «(.+?)»", mensaje)
        if filtro:
            nombre = filtro.group(1)
            parecido = (f" ¿Quiso decir «{FILTROS_EN_CASTELLANO[nombre]}»?" if nombre in FILTROS_EN_CASTELLANO
                        else sugerencia(nombre, entorno.filters))
            mensaje += "." + parecido + " Los filtros están en la referencia: sistematiza plantillas referencia"
        return [donde(exc.lineno, mensaje)], set()
    # las macros, importaciones y asignaciones de la propia plantilla son suyas
    locales = {m.name for m in arbol.find_all(nodes.Macro)}
    locales |= {n.target for n in arbol.find_all(nodes.Import)}
    locales |= {nombre for n in arbol.find_all(nodes.FromImport)
                for nombre in (x if isinstance(x, str) else x[-1] for x in n.names)}
    for asignacion in arbol.find_all((nodes.Assign, nodes.AssignBlock)):
        destino = asignacion.target  # type: ignore[attr-defined]
        locales |= {t.name for t in ([destino] if isinstance(destino, nodes.Name)
                                     else destino.find_all(nodes.Name))}
    usadas = meta.find_undeclared_variables(arbol) - set(entorno.globals) - locales - heredadas
    problemas = []
    for nombre in sorted(usadas - provistas - COMUNES):
        linea = next((n.lineno for n in arbol.find_all(nodes.Name) if n.name == nombre), 1)
        problemas.append(donde(linea, f"usa «{nombre}», que este documento no tiene."
                               + sugerencia(nombre, provistas) + " Los datos disponibles están "
                               "en la referencia: sistematiza plantillas referencia"))
    return problemas, usadas & provistas


def variables_de_bucles(arbol) -> set[str]:
    """Los nombres que define un «{% for x in … %}» de una plantilla."""
    return {n.name for bucle in arbol.find_all(nodes.For)
            for n in ([bucle.target] if isinstance(bucle.target, nodes.Name) else bucle.target.find_all(nodes.Name))}


# ------------------------------------------------------------------- la revisión
_CACHE: dict[tuple, list[Problema]] = {}


def _huella(plantillas: Path, tipo: str) -> tuple:
    """Cambia si cambia cualquier archivo de las plantillas del tipo o de las comunes."""
    marcas = []
    for carpeta in (plantillas / tipo, plantillas / "comun"):
        if carpeta.is_dir():
            for actual, _, archivos in os.walk(carpeta):
                for nombre in sorted(archivos):
                    try:
                        estado = os.stat(os.path.join(actual, nombre))
                    except OSError:
                        continue
                    marcas.append((actual, nombre, estado.st_mtime_ns, estado.st_size))
    return tuple(sorted(marcas))


def _modulos(nombres: Iterable[str] | None) -> list:
    """Un módulo que revisa cada clase de plantilla (.docx, .html): varios formatos pueden
    usar la misma (el PDF, el PDF/A y un HTML usan la plantilla HTML)."""
    vistos, modulos = set(), []
    for formato in formatos().values():
        if nombres is not None and formato.nombre not in nombres or not formato.plantilla:
            continue
        modulo = importlib.import_module(formato.modulo)
        if formato.plantilla not in vistos and hasattr(modulo, "revisar_plantilla"):
            vistos.add(formato.plantilla)
            modulos.append((formato, modulo))
    return modulos


def revisar(tipo, plantillas: Path, nombres_formatos: Iterable[str] | None = None) -> list[Problema]:
    """Los problemas de las plantillas de ``tipo`` en los formatos pedidos (todos si None)."""
    nombres = tuple(sorted(nombres_formatos)) if nombres_formatos is not None else None
    clave = (tipo.nombre, str(plantillas.resolve()), nombres, _huella(plantillas, tipo.plantilla))
    if clave not in _CACHE:
        _CACHE[clave] = _revisar(tipo, plantillas, nombres)
    return _CACHE[clave]


def _revisar(tipo, plantillas: Path, nombres) -> list[Problema]:
    provistas = set(tipo.variables)
    problemas: list[Problema] = []
    usadas: dict[str, tuple[str, set[str]]] = {}
    for formato, modulo in _modulos(nombres):
        revision = modulo.revisar_plantilla(tipo, plantillas, provistas)
        problemas += revision.problemas
        archivo = ruta_legible(plantillas / tipo.plantilla / f"{tipo.plantilla}.{formato.plantilla}")
        usadas[archivo] = (formato.descripcion, revision.usadas)
    if len(usadas) > 1 and not any(p.nivel != AVISO for p in problemas):
        problemas += _desalineadas(usadas)
    return problemas


def _desalineadas(usadas: dict[str, tuple[str, set[str]]]) -> list[Problema]:
    """Un dato que usa una plantilla y no la otra: los formatos dicen cosas distintas."""
    problemas = []
    todas = set().union(*(u for _, u in usadas.values()))
    for archivo, (descripcion, propias) in usadas.items():
        for nombre in sorted(todas - propias):
            otras = [d for a, (d, u) in usadas.items() if a != archivo and nombre in u]
            problemas.append(Problema(archivo, None,
                f"no usa «{nombre}», que sí usa la plantilla {' y '.join(otras)}: el {descripcion} "
                "dirá menos que el otro formato", nivel=AVISO))
    return problemas


def errores(tipo, plantillas: Path, nombres_formatos: Iterable[str], guardar_en: Path | None = None) -> list[Problema]:
    """Solo los errores (para detener los documentos de ese tipo al construir). Con
    ``guardar_en`` (la carpeta de estado de la salida), el resultado se recuerda entre
    construcciones mientras no cambien las plantillas ni el programa: rehacer un documento no
    vuelve a revisar sus plantillas."""
    nombres = tuple(sorted(nombres_formatos))
    if guardar_en is None:
        return [p for p in revisar(tipo, plantillas, nombres) if p.nivel != AVISO]
    import hashlib

    from ..estado import version_programa

    clave = hashlib.blake2b(repr((tipo.nombre, str(plantillas.resolve()), nombres, _huella(plantillas, tipo.plantilla),
                                  version_programa())).encode(), digest_size=16).hexdigest()
    if clave in _ERRORES_LEIDOS:  # ya leído en este proceso (un lote pregunta una vez por fila)
        return list(_ERRORES_LEIDOS[clave])
    archivo = guardar_en / "plantillas-revisadas.json"
    if len(_ERRORES_LEIDOS) > 256:
        _ERRORES_LEIDOS.clear()
    _ERRORES_LEIDOS[clave] = _errores_guardados(archivo, clave, tipo, plantillas, nombres)
    return list(_ERRORES_LEIDOS[clave])


_ERRORES_LEIDOS: dict[str, list[Problema]] = {}


def _errores_guardados(archivo: Path, clave: str, tipo, plantillas: Path, nombres: tuple[str, ...]) -> list[Problema]:
    import json

    try:
        guardados = json.loads(archivo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        guardados = {}
    if isinstance(guardados, dict) and isinstance(guardados.get(clave), list):
        return [Problema(**p) for p in guardados[clave]]
    encontrados = [p for p in revisar(tipo, plantillas, nombres) if p.nivel != AVISO]
    guardados = {clave: [vars(p) for p in encontrados]} | (guardados if isinstance(guardados, dict) else {})
    try:
        temporal = archivo.with_suffix(f".{os.getpid()}.tmp")
        temporal.write_text(json.dumps(dict(list(guardados.items())[:200]), ensure_ascii=False), encoding="utf-8")
        temporal.replace(archivo)
    except OSError:
        pass  # sin dónde recordarlo: se revisará de nuevo la próxima vez
    return encontrados
