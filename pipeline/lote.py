"""Documentos en lote: una fila de una tabla CSV = un documento (por ejemplo, la ordenanza de
creación de la instancia de cada distrito de una provincia).

``contenido/<ruta>/<tabla>.csv`` → ``salida/<ruta>/<tabla>/<territorio>.docx`` y ``.pdf``.
Una fila mala se informa con su número de línea y su columna; las demás se construyen igual.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from . import limites
from .construir import (ErrorConstruccion, Informe, borrar_temporales, escribir, numero_de_procesos,
                        preimportar, tomar_cerrojo)
from .errores import (AVISO, ErrorEscritura, ErrorFuente, ErrorPlantilla, Problema, error_interno,
                      lista_legible, ruta_legible, sugerencia)
from .fuentes import Fuente, Origen, leer_texto
from .recinto import nombre_archivo
from .tipos import TIPOS

# Columnas que van dentro de «territorio» (el resto son campos del documento o de la instancia).
TERRITORIO = ("region", "provincia", "distrito", "ubigeo")
TIPOS_EN_LOTE = {"ordenanza": ("nivel", "region", "provincia", "distrito", "ubigeo", "gobierno",
                               "presidencia", "secretaria_tecnica", "asientos_sociedad_civil",
                               "numero", "fecha", "anio", "ciudad", "plazo_instalacion_dias",
                               "autoridad", "ejemplo", "publico")}


def _filas(tabla: Path, columnas_validas, contenido: Path) -> tuple[list[tuple[int, dict]], list[Problema]]:
    archivo = ruta_legible(tabla)
    texto = leer_texto(tabla, contenido)
    try:
        dialecto = csv.Sniffer().sniff(texto.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialecto = csv.excel
    lector = csv.reader(io.StringIO(texto), dialecto)
    try:
        encabezado = [c.strip().lower() for c in next(lector)]
    except StopIteration:
        raise ErrorFuente([Problema(archivo, 1, "la tabla está vacía: falta la fila de títulos")])
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
        filas.append((linea, {c: v.strip() for c, v in zip(encabezado, fila) if v.strip()}))
    return filas, problemas


def _fuente_de_fila(tabla: Path, linea: int, fila: dict, tipo: str, raiz: Path) -> Fuente:
    archivo = ruta_legible(tabla)
    datos: dict = {"tipo": tipo}
    origenes = {("tipo",): Origen(archivo, linea)}
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


def _columna(problema: Problema, linea: int) -> Problema:
    """Un problema de una fila, con su número de fila y su columna («territorio.ubigeo» → «ubigeo»)."""
    campo = problema.campo
    if campo and campo.startswith("territorio."):
        campo = campo.split(".", 1)[1]
    fila = f"fila {linea - 1}"
    if campo:
        return Problema(problema.archivo, linea, problema.mensaje, campo=campo,
                        nivel=problema.nivel, rotulo=f"{fila}, columna")
    return Problema(problema.archivo, linea, f"{fila}: {problema.mensaje}", nivel=problema.nivel)


def _nombre_de_fila(fila: dict) -> str | None:
    """El nombre del archivo de la fila: su territorio según el nivel (sin validar aún)."""
    nivel = (fila.get("nivel") or "").strip().lower()
    territorio = {"regional": "region", "provincial": "provincia", "distrital": "distrito"}.get(nivel)
    return nombre_archivo(fila[territorio]) if territorio and fila.get(territorio) else None


def _procesar_fila(tarea) -> tuple[int, list[Path], list[Problema]]:
    """Valida y construye una fila (en un proceso de trabajo)."""
    tipo, tabla, linea, fila, contenido, plantillas, salida, carpeta_salida, formatos = tarea
    problemas: list[Problema] = []
    escritas: list[Path] = []
    try:
        fuente = _fuente_de_fila(tabla, linea, fila, tipo, contenido)
        doc = TIPOS[tipo].validar(fuente, plantillas)
        problemas += [_columna(p, linea) for p in doc.avisos]
        destinos = {f: carpeta_salida / f"{nombre_archivo(doc.instancia.ambito)}.{f}"
                    for f in formatos}
        escribir(doc, destinos, plantillas, salida=salida)
        escritas = list(destinos.values())
    except ErrorFuente as exc:
        problemas += [_columna(p, linea) for p in exc.problemas]
    except (ErrorPlantilla, ErrorEscritura, limites.LimiteExcedido) as exc:
        problemas.append(Problema(ruta_legible(tabla), linea, f"fila {linea - 1}: no se pudo generar: {exc}"))
    except Exception as exc:  # una fila no detiene a las demás
        problemas.append(error_interno(exc, ruta_legible(tabla), linea, salida))
    return linea, escritas, problemas


def construir_lote(tipo: str, tabla: Path, contenido: Path, salida: Path, plantillas: Path,
                   formatos, al_terminar=None, trabajos: int | None = None) -> Informe:
    """Un documento por fila, en ``trabajos`` procesos (por omisión, uno por núcleo)."""
    inicio = time.perf_counter()
    informe = Informe()
    try:
        relativa = tabla.resolve().relative_to(contenido.resolve()).with_suffix("")
    except ValueError:
        relativa = Path(tabla.stem)
    carpeta_salida = salida / relativa
    try:
        filas, problemas = _filas(tabla, TIPOS_EN_LOTE[tipo], contenido)
    except ErrorFuente as exc:
        informe.problemas += exc.problemas
        informe.fallidos.append(ruta_legible(tabla))
        if al_terminar:
            al_terminar(tabla, [], exc.problemas)
        return informe
    # dos filas del mismo territorio escribirían el mismo archivo: la segunda es un error
    vistos: dict[str, int] = {}
    tareas = []
    for linea, fila in filas:
        nombre = _nombre_de_fila(fila)
        if nombre and nombre in vistos:
            problemas.append(Problema(ruta_legible(tabla), linea,
                f"fila {linea - 1}: el territorio ya está en la línea {vistos[nombre]}; cada fila "
                "debe ser un territorio distinto"))
            continue
        if nombre:
            vistos[nombre] = linea
        tareas.append((tipo, tabla, linea, fila, contenido, plantillas, salida, carpeta_salida, formatos))
    informe.problemas += problemas
    informe.fallidos += [f"{p.archivo}:{p.linea}" for p in problemas]
    if al_terminar and problemas:
        al_terminar(tabla, [], problemas)
    trabajos = numero_de_procesos(trabajos)
    cerrojo = tomar_cerrojo(salida)
    borrar_temporales(carpeta_salida)
    if trabajos == 1 or len(tareas) < 4:
        resultados: Iterable = map(_procesar_fila, tareas)
        grupo = None
    else:
        preimportar(formatos)  # los procesos lo heredan ya cargado
        grupo = ProcessPoolExecutor(max_workers=trabajos)
        resultados = grupo.map(_procesar_fila, tareas, chunksize=max(1, len(tareas) // (trabajos * 8)))
    try:
        for linea, escritas, fila_problemas in resultados:
            if escritas:
                informe.construidos.append(escritas)
                informe.validos += 1
            if any(p.nivel != AVISO for p in fila_problemas):
                informe.fallidos.append(f"{ruta_legible(tabla)}:{linea}")
            informe.problemas += fila_problemas
            if al_terminar:
                al_terminar(tabla, escritas, fila_problemas)
    except BrokenProcessPool:
        raise ErrorConstruccion("un proceso de trabajo terminó de golpe (¿se quedó sin memoria?); "
                                "vuelva a intentarlo con --trabajos 1") from None
    finally:
        if grupo is not None:
            grupo.shutdown()
        cerrojo.soltar()
    informe.segundos = time.perf_counter() - inicio
    return informe
