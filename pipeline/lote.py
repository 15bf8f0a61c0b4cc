"""Documentos en lote: una fila de una tabla CSV = un documento (por ejemplo, la ordenanza de
creación de la instancia de cada distrito de una provincia).

``contenido/<ruta>/<tabla>.csv`` → ``salida/<ruta>/<tabla>/<territorio>.docx`` y ``.pdf``.
Una fila mala se informa con su número de línea y su columna; las demás se construyen igual.
"""

from __future__ import annotations

import csv
import io
import re
import time
import unicodedata
from pathlib import Path

from .construir import Informe, escribir
from .errores import AVISO, ErrorFuente, Problema, lista_legible, ruta_legible, sugerencia
from .fuentes import Fuente, Origen, leer_texto
from .tipos import TIPOS

# Columnas que van dentro de «territorio» (el resto son campos del documento o de la instancia).
TERRITORIO = ("region", "provincia", "distrito", "ubigeo")
TIPOS_EN_LOTE = {"ordenanza": ("nivel", "region", "provincia", "distrito", "ubigeo", "gobierno",
                               "presidencia", "secretaria_tecnica", "asientos_sociedad_civil",
                               "numero", "fecha", "anio", "ciudad", "plazo_instalacion_dias",
                               "autoridad", "ejemplo")}


def nombre_archivo(texto: str) -> str:
    """«Daniel Alomía Robles» → «daniel-alomia-robles»."""
    sin_tildes = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", sin_tildes.lower()).strip("-") or "documento"


def _filas(tabla: Path, columnas_validas) -> tuple[list[tuple[int, dict]], list[Problema]]:
    archivo = ruta_legible(tabla)
    texto = leer_texto(tabla)
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
    filas = []
    for fila in lector:
        linea = lector.line_num
        if not any(c.strip() for c in fila):
            continue
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


def construir_lote(tipo: str, tabla: Path, contenido: Path, salida: Path, plantillas: Path,
                   formatos, al_terminar=None) -> Informe:
    inicio = time.perf_counter()
    informe = Informe()
    try:
        relativa = tabla.resolve().relative_to(contenido.resolve()).with_suffix("")
    except ValueError:
        relativa = Path(tabla.stem)
    carpeta_salida = salida / relativa
    try:
        filas, problemas = _filas(tabla, TIPOS_EN_LOTE[tipo])
    except ErrorFuente as exc:
        informe.problemas += exc.problemas
        informe.fallidos.append(ruta_legible(tabla))
        if al_terminar:
            al_terminar(tabla, [], exc.problemas)
        return informe
    informe.problemas += problemas
    informe.fallidos += [f"{p.archivo}:{p.linea}" for p in problemas]
    if al_terminar and problemas:
        al_terminar(tabla, [], problemas)
    nombres: set[str] = set()
    for linea, fila in filas:
        fila_problemas: list[Problema] = []
        escritas: list[Path] = []
        try:
            fuente = _fuente_de_fila(tabla, linea, fila, tipo, contenido)
            doc = TIPOS[tipo].validar(fuente, plantillas)
            fila_problemas += [_columna(p, linea) for p in doc.avisos]
            nombre = nombre_archivo(doc.instancia.ambito)
            if nombre in nombres:
                raise ErrorFuente([Problema(ruta_legible(tabla), linea,
                    f"otra fila ya produce «{nombre}»: cada fila debe ser un territorio distinto")])
            nombres.add(nombre)
            destinos = {f: carpeta_salida / f"{nombre}.{f}" for f in formatos}
            escribir(doc, destinos, plantillas)
            escritas = list(destinos.values())
            informe.construidos.append(escritas)
            informe.validos += 1
        except ErrorFuente as exc:
            fila_problemas += [_columna(p, linea) for p in exc.problemas]
        except Exception as exc:  # una fila no detiene a las demás
            fila_problemas.append(Problema(ruta_legible(tabla), linea,
                f"error interno al generar la fila ({type(exc).__name__}: {exc})"))
        if any(p.nivel != AVISO for p in fila_problemas):
            informe.fallidos.append(f"{ruta_legible(tabla)}:{linea}")
        informe.problemas += fila_problemas
        if al_terminar:
            al_terminar(tabla, escritas, fila_problemas)
    informe.segundos = time.perf_counter() - inicio
    return informe
