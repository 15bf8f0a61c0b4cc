"""Documentos en lote: una fila de una tabla CSV = un documento (por ejemplo, la ordenanza de
creación de la instancia de cada distrito de una provincia).

``contenido/<ruta>/<tabla>.csv`` → ``salida/<ruta>/<tabla>/<territorio>.docx`` y ``.pdf``.
Cada fila es un trabajo del motor (``pipeline/motor.py``), con su propia huella: un lote
repetido sin cambios no hace nada, y una fila cambiada rehace solo su documento. Una fila mala
se informa con su número de línea y su columna; las demás se construyen igual. Qué columnas
tiene la tabla de un tipo y cómo una fila se vuelve documento lo dice el tipo
(``columnas_lote``, ``fuente_de_fila``, ``nombre_de_fila``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from collections.abc import Iterable
from pathlib import Path

from . import limites
from .corpus import Corpus
from .errores import ErrorFuente, Problema, lista_legible, ruta_legible, sugerencia
from .fuentes import leer_texto
from .motor import Motor, Opciones, Pedido, Resumen, Trabajo
from .recinto import nombre_archivo
from .registro import formatos as declarados
from .registro import tipos as declaraciones

__all__ = ["GRUPO_LOTE", "construir_lote", "nombre_archivo", "tipos_en_lote", "trabajos_de_tabla"]

GRUPO_LOTE = "lote:"  # el grupo de una tabla es «lote:<tabla>»


def tipos_en_lote() -> dict[str, tuple[str, ...]]:
    """Los tipos que se construyen en lote y las columnas de su tabla."""
    return {d.nombre: d.columnas_lote for d in declaraciones() if d.columnas_lote}


def lector_csv(texto: str):
    """Un lector de CSV con el separador que use la tabla (coma, punto y coma o tabulador)."""
    try:
        dialecto = csv.Sniffer().sniff(texto.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialecto = csv.excel  # type: ignore[assignment]
    return csv.reader(io.StringIO(texto), dialecto)


def _filas(tabla: Path, columnas_validas, contenido: Path) -> tuple[list[tuple[int, dict]], list[Problema]]:
    archivo = ruta_legible(tabla)
    lector = lector_csv(leer_texto(tabla, contenido))
    try:
        encabezado = [c.strip().lower() for c in next(lector)]
    except StopIteration:
        raise ErrorFuente([Problema(archivo, 1, "la tabla está vacía: falta la fila de títulos")]) from None
    problemas = []
    for j, columna in enumerate(encabezado):
        if columna not in columnas_validas:
            problemas.append(Problema(archivo, 1,
                f"columna desconocida.{sugerencia(columna, columnas_validas)} Las columnas válidas "
                f"son: {lista_legible(columnas_validas)}", campo=columna or f"n.º {j + 1}"))
    if problemas:
        raise ErrorFuente(problemas)
    filas: list[tuple[int, dict]] = []
    for fila in lector:
        linea = lector.line_num
        if not any(c.strip() for c in fila):
            continue
        if len(filas) >= limites.FILAS_TABLA:
            raise ErrorFuente([Problema(archivo, linea,
                f"la tabla tiene más de {limites.FILAS_TABLA} filas; divídala en varias tablas")])
        if len(fila) != len(encabezado):
            problemas.append(Problema(archivo, linea,
                f"la fila tiene {len(fila)} celdas y la tabla {len(encabezado)} columnas; revise "
                "las comas (un texto con coma va entre comillas)"))
            continue
        filas.append((linea, {c: v.strip() for c, v in zip(encabezado, fila, strict=True) if v.strip()}))
    return filas, problemas


def tablas_de_tipo(corpus: Corpus) -> list[tuple[Path, str]]:
    """Las tablas de contenido/ que un tipo construye en lote: las reconoce su fila de títulos
    (con las columnas obligatorias del tipo, sea cual sea el separador o si lleva BOM)."""
    if not corpus.tablas():
        return []  # sin tablas, no hace falta leer las declaraciones de los tipos
    obligatorias = {d.nombre: d.columnas_obligatorias_lote for d in declaraciones() if d.columnas_lote}
    encontradas = []
    for tabla in corpus.tablas():
        try:
            encabezado = {c.strip().lower() for c in next(lector_csv(leer_texto(tabla, corpus.raiz)), [])}
        except ErrorFuente:
            encabezado = set()
        for tipo, columnas in obligatorias.items():
            if columnas and set(columnas) <= encabezado:
                encontradas.append((tabla, tipo))
    return encontradas


def _huella(fila: dict) -> str:
    return hashlib.blake2b(json.dumps(fila, sort_keys=True, ensure_ascii=False).encode(),
                           digest_size=16).hexdigest()


def trabajos_de_tabla(tipo: str, tabla: Path, contenido: Path, salida: Path,
                      formatos: Iterable[str]) -> tuple[list[Trabajo], list[Problema]]:
    """Un trabajo por fila; los problemas de la tabla entera o de filas que no se pueden hacer."""
    formatos = tuple(formatos)
    archivo = ruta_legible(tabla)
    try:
        relativa = tabla.resolve().relative_to(contenido.resolve()).with_suffix("")
        filas, problemas = _filas(tabla, tipos_en_lote()[tipo], contenido)
    except ErrorFuente as exc:
        return [], exc.problemas
    except ValueError:
        return [], [Problema(archivo, None, f"la tabla está fuera de la carpeta «{ruta_legible(contenido)}» "
                                            "(o es un enlace a un archivo de fuera): no se lee")]
    de_filas, repetidas = trabajos_de_filas(tipo, tabla, relativa, f"{GRUPO_LOTE}{tabla.resolve()}", filas,
                                            salida, formatos)
    return de_filas, problemas + repetidas


def trabajos_de_filas(tipo: str, origen: Path, relativa: Path, grupo: str, filas: list[tuple[int, dict]],
                      salida: Path, formatos: tuple[str, ...]) -> tuple[list[Trabajo], list[Problema]]:
    """Un trabajo por fila, con su archivo en ``salida/<relativa>/<región>/<provincia>/…``: dos
    territorios con el mismo nombre en lugares distintos no chocan; el mismo dos veces, sí."""
    declarado = next(d for d in declaraciones() if d.nombre == tipo)
    archivo = ruta_legible(origen)
    vistos: dict[Path, int] = {}
    trabajos, problemas = [], []
    todos = declarados()
    resuelto = origen.resolve()  # una vez, no por fila
    for linea, fila in filas:
        valores = declarado.ruta_para(fila)
        nombre = Path(*(nombre_archivo(v) for v in valores)) if valores else None
        if nombre and nombre in vistos:  # escribiría el mismo archivo: la segunda es un error
            problemas.append(Problema(archivo, linea,
                f"fila {linea - 1}: el territorio ya está en la línea {vistos[nombre]}; cada fila "
                "debe ser un territorio distinto"))
            continue
        nombre = nombre or Path(f"fila-{linea - 1}")
        vistos[nombre] = linea
        trabajos.append(Trabajo(
            f"{resuelto}#{nombre.as_posix()}", grupo, origen,
            tuple((f, todos[f].destino(relativa / nombre, salida)) for f in formatos),
            tipo=tipo, fila=(linea, tuple(fila.items())), dependencias=(f"valor:{_huella(fila)}",)))
    return trabajos, problemas


def trabajos_de_tablas(corpus: Corpus, salida: Path, formatos: Iterable[str],
                       tipos: set[str] | None) -> tuple[list[Trabajo], list[Problema]]:
    """Los trabajos de todas las tablas de contenido/ de los tipos pedidos."""
    trabajos: list[Trabajo] = []
    problemas: list[Problema] = []
    for tabla, tipo in tablas_de_tipo(corpus):
        if not tipos or tipo in tipos:
            de_la_tabla, de_sus_filas = trabajos_de_tabla(tipo, tabla, corpus.raiz, salida, formatos)
            trabajos += de_la_tabla
            problemas += de_sus_filas
    return trabajos, problemas


def filas_del_ambito(nivel: str, ambito: str, anio: int) -> list[tuple[int, dict]]:
    """Las filas de una tabla que no hace falta escribir: un territorio de ``nivel`` por fila,
    de la lista oficial del INEI, dentro de ``ambito`` (región, provincia o «Perú»)."""
    from .territorios import del_ambito

    filas = []
    for i, lugar in enumerate(del_ambito(nivel, ambito), start=2):
        fila = {"nivel": nivel, "region": lugar.region, "provincia": lugar.provincia,
                "distrito": lugar.distrito, "ubigeo": lugar.ubigeo, "anio": str(anio)}
        filas.append((i, {k: v for k, v in fila.items() if v}))
    return filas


def construir_lote_ambito(tipo: str, nivel: str, ambito: str, anio: int, contenido: Path, salida: Path,
                          plantillas: Path, formatos, al_terminar=None, trabajos: int | None = None,
                          forzar: bool = False) -> Resumen:
    """El lote sin tabla: un documento por territorio de ``nivel`` en ``ambito``, en
    ``salida/lote/<tipo>-<nivel>-<ámbito>/<región>/<provincia>/<distrito>``."""
    inicio = time.perf_counter()
    filas = filas_del_ambito(nivel, ambito, anio)
    origen = Path(f"lista oficial del INEI ({nivel}, {ambito})")
    relativa = Path("lote") / f"{tipo}-{nivel}-{nombre_archivo(ambito)}"
    grupo = f"{GRUPO_LOTE}{relativa.as_posix()}"
    de_filas, problemas = trabajos_de_filas(tipo, origen, relativa, grupo, filas, salida, tuple(formatos))
    pedido = Pedido(de_filas, {grupo}, None, forzar, trabajos, problemas)
    motor = Motor(Opciones(contenido, salida, plantillas), Corpus(contenido), al_terminar)
    resumen = motor.construir(pedido)
    resumen.segundos = time.perf_counter() - inicio
    return resumen


def construir_lote(tipo: str, tabla: Path, contenido: Path, salida: Path, plantillas: Path,
                   formatos, al_terminar=None, trabajos: int | None = None,
                   forzar: bool = False) -> Resumen:
    """Un documento por fila de ``tabla``, con el mismo motor que ``construir``."""
    inicio = time.perf_counter()
    de_la_tabla, problemas = trabajos_de_tabla(tipo, tabla, contenido, salida, formatos)
    pedido = Pedido(de_la_tabla, {f"{GRUPO_LOTE}{tabla.resolve()}"}, None, forzar, trabajos, problemas)
    motor = Motor(Opciones(contenido, salida, plantillas), Corpus(contenido), al_terminar)
    resumen = motor.construir(pedido)
    resumen.segundos = time.perf_counter() - inicio
    return resumen
