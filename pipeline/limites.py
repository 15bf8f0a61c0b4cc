"""Los límites de lo que sistematiza acepta, en un solo lugar (el README los documenta).

Ninguna entrada (una fuente, una tabla, una imagen, una plantilla) puede hacer que una
construcción tarde más de lo que su tamaño justifica ni que gaste memoria sin medida: cada
límite tiene su mensaje, con archivo y línea. El último recurso es la **vigilancia** de cada
documento: si su construcción pasa de ``SEGUNDOS_DOCUMENTO`` se detiene con un error que dice
en qué etapa estaba (por ejemplo, la plantilla Word que la SGIC editó).
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager

MIB = 1024 * 1024

# Fuentes (Markdown con YAML, datos .yml, tablas .csv)
BYTES_FUENTE = 2 * MIB
PROFUNDIDAD_YAML = 12  # niveles de campos dentro de campos
ELEMENTOS_LISTA_YAML = 2000  # elementos de una lista (o campos de un grupo)
NODOS_YAML = 100_000  # valores en todo un archivo
FILAS_TABLA = 5000  # filas de una tabla de territorios (el Perú tiene 1 891 distritos)

# Markdown
NIVELES_LISTA = 9  # Word numera hasta nueve niveles
NIVELES_CITA = 10
PROFUNDIDAD_MARKDOWN = 48  # elementos dentro de elementos, en total
CARACTERES_PARRAFO = 10_000  # un párrafo (una página tiene unos 3 000)
ENLACES_PARRAFO = 200  # «](» en un párrafo
NOTAS_FRAGMENTO = 500  # llamadas a notas al pie en una sección

# Imágenes (de la carpeta del documento y el logo de las plantillas)
BYTES_IMAGEN = 20 * MIB
PIXELES_IMAGEN = 40_000_000  # 40 megapíxeles: una foto de 8000 × 5000

# Plantillas
BYTES_PARTE_DOCX = 32 * MIB  # cada parte de la plantilla Word, descomprimida
BYTES_DOCX = 64 * MIB  # toda la plantilla Word, descomprimida
BYTES_PLANTILLA_TEXTO = 2 * MIB  # una plantilla HTML o CSS
ELEMENTOS_RANGE = 10_000  # range() dentro de una plantilla
BYTES_SALIDA_PLANTILLA = 32 * MIB  # lo que escribe una plantilla para un documento
BYTES_MEMORIA = 1536 * MIB  # memoria de un proceso mientras corre una plantilla


def segundos_documento() -> float:
    """Tiempo máximo para construir un documento (sus dos formatos)."""
    try:
        return max(0.1, float(os.environ.get("SISTEMATIZA_SEGUNDOS_DOCUMENTO", "180")))
    except ValueError:
        return 180.0


class LimiteExcedido(BaseException):
    """Una entrada pidió más tiempo o memoria de lo permitido.

    Hereda de ``BaseException`` para que ningún ``except Exception`` de una biblioteca (que
    WeasyPrint y docxtpl tienen) la convierta en otra cosa: llega hasta el documento.
    """


_etapa = {"que": ""}


def etapa(que: str) -> None:
    """Lo que se está haciendo ahora (para decirlo si se pasa del tiempo)."""
    _etapa["que"] = que


def memoria_actual() -> int:
    """La memoria residente del proceso, en bytes (0 si el sistema no la da)."""
    try:
        with open("/proc/self/statm", "rb") as archivo:
            return int(archivo.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@contextmanager
def vigilar(segundos: float | None = None):
    """Detiene lo que corre dentro si pasa de ``segundos`` (una sola señal, al vencer).

    Solo en el hilo principal (las señales no llegan a otros hilos); en otro hilo no vigila.
    """
    segundos = segundos_documento() if segundos is None else segundos
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def vencido(_senal, _marco):
        que = f" ({_etapa['que']})" if _etapa["que"] else ""
        raise LimiteExcedido(
            f"la construcción pasó de {segundos:g} s y se detuvo{que}; si es una plantilla, "
            "revise sus bucles «{% for %}»; si es la fuente, su tamaño")

    anterior = signal.signal(signal.SIGALRM, vencido)
    signal.siginterrupt(signal.SIGALRM, False)  # las llamadas al sistema se reanudan
    signal.setitimer(signal.ITIMER_REAL, segundos)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, anterior)
        _etapa["que"] = ""
