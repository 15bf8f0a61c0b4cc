"""``sistematiza importar fichas``: las respuestas del formulario en línea de la convocatoria
(Anexo 2 de las bases), descargadas como CSV o XLSX, → una carpeta por experiencia con su
``experiencia.yml`` y su ``ficha.md``.

Las preguntas se reconocen por su texto (``plantillas/importar/formulario-<año>.yml``, que la
SGIC edita si cambia el formulario), sin importar mayúsculas, tildes, numeración, asteriscos ni
espacios. Cada fila se valida con las reglas de la convocatoria, como cualquier fuente; una fila
que no se puede leer (sin título) no escribe nada, y una carpeta que ya existe no se toca sin
``reemplazar``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errores import AVISO, Problema, ruta_legible
from .lote import lector_csv, nombre_archivo
from .modelo import MARCA_COMPLETAR
from .vocabularios import normalizar

POR_COMPLETAR = "complete este campo"
_NUMERACION = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[a-z]\))\s+", re.IGNORECASE)
_VINETA = re.compile(r"^\s*(?:\d+[.)]|[-•*❖·])\s*")


def clave_de_pregunta(texto: str) -> str:
    """«2.1 Título de la experiencia *» → «titulo de la experiencia» (para comparar)."""
    texto = str(texto).strip().rstrip("*").strip()
    while _NUMERACION.match(texto):
        texto = _NUMERACION.sub("", texto, count=1)
    return re.sub(r"\s+", " ", normalizar(texto).strip(" :?¿"))


def leer_respuestas(ruta: Path) -> tuple[list[str], list[list[str]]]:
    """Los títulos y las filas de un CSV (coma, punto y coma o tabulador; con o sin BOM) o de la
    primera hoja de un XLSX. ValueError en castellano si no se puede leer."""
    if ruta.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            libro = load_workbook(ruta, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 — openpyxl lanza varias clases ante un archivo malo
            raise ValueError(f"no es un libro de Excel que se pueda leer ({type(exc).__name__})") from None
        hoja = libro.worksheets[0]
        filas = [["" if c is None else (c.isoformat(sep=" ") if isinstance(c, dt.datetime) else str(c))
                  for c in fila] for fila in hoja.iter_rows(values_only=True)]
        libro.close()
    elif ruta.suffix.lower() in (".csv", ".txt"):
        try:
            texto = ruta.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("no está en UTF-8: guárdelo como «CSV UTF-8» o descárguelo como XLSX") from None
        filas = list(lector_csv(texto))
    else:
        raise ValueError("use un archivo .csv o .xlsx (las respuestas descargadas del formulario)")
    filas = [f for f in filas if any(str(c).strip() for c in f)]
    if not filas:
        raise ValueError("está vacío")
    return [str(c) for c in filas[0]], filas[1:]


@dataclass
class Mapeo:
    """Qué columna lleva cada campo (índices de columna)."""

    edicion: int | None
    fecha: int | None
    campos: dict[str, int]
    equipo: list[dict[str, int]]
    listas: set[str]
    sin_numeracion: set[str]
    sin_usar: list[str] = field(default_factory=list)  # columnas que no son de ningún campo


def mapear(titulos: list[str], datos: dict) -> tuple[Mapeo, list[str]]:
    """Las columnas de cada campo según el archivo de la SGIC; y las preguntas que no están."""
    indice: dict[str, int] = {}
    for i, titulo in enumerate(titulos):
        indice.setdefault(clave_de_pregunta(titulo), i)
    faltan: list[str] = []
    usadas: set[int] = set()

    def columna(pregunta: str | None) -> int | None:
        if not pregunta:
            return None
        i = indice.get(clave_de_pregunta(pregunta))
        if i is None:
            faltan.append(str(pregunta))
        else:
            usadas.add(i)
        return i

    campos = {campo: col for campo, pregunta in (datos.get("campos") or {}).items()
              if (col := columna(pregunta)) is not None}
    equipo = [{dato: col for dato, pregunta in integrante.items() if (col := columna(pregunta)) is not None}
              for integrante in datos.get("equipo") or []]
    fecha = columna(datos.get("fecha"))
    mapeo = Mapeo(datos.get("edicion"), fecha, campos, equipo, set(datos.get("listas") or []),
                  set(datos.get("sin_numeracion") or []),
                  [t for n, t in enumerate(titulos) if n not in usadas and t.strip()])
    return mapeo, faltan


def _lista(texto: str) -> list[str]:
    partes = [p for linea in texto.replace(";", "\n").split("\n") if (p := _VINETA.sub("", linea).strip())]
    return partes


def _fecha(texto: str) -> dt.date | None:
    """El día de la marca temporal del formulario («2024/04/08 10:15:32 a. m. GMT-5»,
    «8/04/2024 10:15:32», «2024-04-08 10:15:32»); None si no se entiende."""
    m = re.match(r"\s*(\d{4})[/-](\d{1,2})[/-](\d{1,2})", texto)
    partes = (m.group(1), m.group(2), m.group(3)) if m else None
    if not partes and (m := re.match(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})", texto)):
        partes = (m.group(3), m.group(2), m.group(1))  # día/mes/año, como en el Perú
    try:
        return dt.date(*(int(x) for x in partes)) if partes else None
    except ValueError:
        return None


def experiencia_de_fila(fila: list[str], mapeo: Mapeo) -> tuple[dict, dt.date | None]:
    """Los campos de experiencia.yml de una fila (solo los que tienen respuesta)."""

    def valor(i: int) -> str:
        return str(fila[i]).strip() if i < len(fila) else ""

    datos: dict = {}
    if mapeo.edicion:
        datos["edicion"] = mapeo.edicion
    equipo = []
    for integrante in mapeo.equipo:
        persona = {dato: valor(i) for dato, i in integrante.items() if valor(i)}
        if persona.get("nombre"):
            # el formulario no pregunta el rol de cada integrante; la ficha lo necesita
            persona.setdefault("rol", f"{MARCA_COMPLETAR}: su rol en la experiencia")
            equipo.append(persona)
    if equipo:
        datos["equipo"] = equipo
    for campo, i in mapeo.campos.items():
        texto = valor(i)
        if not texto:
            continue
        if campo in mapeo.sin_numeracion:
            texto = re.sub(r"^\s*\d+\.\s*", "", texto)
        datos[campo] = _lista(texto) if campo in mapeo.listas else texto
    fecha = _fecha(valor(mapeo.fecha)) if mapeo.fecha is not None else None
    return datos, fecha


@dataclass
class FilaImportada:
    numero: int  # la fila de la hoja (1 = títulos)
    carpeta: str | None
    problemas: list[Problema] = field(default_factory=list)
    escrita: bool = False

    @property
    def errores(self) -> int:
        return sum(1 for p in self.problemas if p.nivel != AVISO and not p.mensaje.startswith(POR_COMPLETAR))

    @property
    def por_completar(self) -> int:
        """Lo que el formulario no pregunta y la ficha necesita (los «COMPLETAR» que deja)."""
        return sum(1 for p in self.problemas if p.mensaje.startswith(POR_COMPLETAR))

    @property
    def avisos(self) -> int:
        return sum(1 for p in self.problemas if p.nivel == AVISO)


def _textos(datos: dict, fecha: dt.date | None, origen: str, numero: int) -> dict[str, str]:
    cabecera = (f"# Importado de {origen}, fila {numero} (sistematiza importar fichas).\n"
                "# Los datos de contacto (correo, celular) son privados: ningún documento público los muestra.\n")
    yml = cabecera + yaml.safe_dump(datos, allow_unicode=True, sort_keys=False, width=100)
    ficha = "---\ntipo: ficha\n" + (f"fecha: {fecha.isoformat()}\n" if fecha else "") + "---\n"
    return {"experiencia.yml": yml, "ficha.md": ficha}


def importar_fichas(respuestas: Path, contenido: Path, plantillas: Path, mapeo_archivo: Path,
                    reemplazar: bool = False) -> tuple[list[FilaImportada], list[Problema]]:
    """Importa cada fila; devuelve el resumen por fila y los avisos del archivo (preguntas sin
    columna). ValueError si el archivo o el mapeo no sirven."""
    from .construir import construir
    from .fuentes import leer_yaml

    datos_mapeo = leer_yaml(mapeo_archivo, plantillas)
    if not isinstance(datos_mapeo, dict) or "campos" not in datos_mapeo:
        raise ValueError(f"«{ruta_legible(mapeo_archivo)}» no tiene «campos»: no es un mapeo del formulario")
    titulos, filas = leer_respuestas(respuestas)
    mapeo, faltan = mapear(titulos, datos_mapeo)
    if "titulo" not in mapeo.campos:
        raise ValueError(f"no tiene la columna del título de la experiencia («{datos_mapeo['campos'].get('titulo')}»):"
                         " ¿es la descarga de las respuestas del formulario? Revise "
                         f"{ruta_legible(mapeo_archivo)}")
    resultado: list[FilaImportada] = []
    aviso_columnas = [Problema(ruta_legible(respuestas), 1, f"no hay columna para la pregunta «{p}»", nivel=AVISO)
                      for p in faltan]
    vistas: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="sistematiza-importar-") as tmp:
        prueba = Path(tmp) / "contenido"
        (prueba / "experiencias").mkdir(parents=True)
        pendientes: list[tuple[FilaImportada, dict[str, str]]] = []
        for numero, fila in enumerate(filas, start=2):
            datos, fecha = experiencia_de_fila(fila, mapeo)
            if not datos.get("titulo"):
                resultado.append(FilaImportada(numero, None, [Problema(ruta_legible(respuestas), numero,
                    "la fila no tiene título de la experiencia (2.1): no se importa")]))
                continue
            base = nombre_archivo(datos["titulo"])
            if len(base) > 60:  # corto, y sin partir una palabra
                base = base[:61].rsplit("-", 1)[0]
            base = base.strip("-") or "experiencia"
            carpeta, n = base, 2
            while carpeta in vistas:
                carpeta, n = f"{base}-{n}", n + 1
            vistas.add(carpeta)
            importada = FilaImportada(numero, carpeta)
            textos = _textos(datos, fecha, respuestas.name, numero)
            (prueba / "experiencias" / carpeta).mkdir()
            for nombre, texto in textos.items():
                (prueba / "experiencias" / carpeta / nombre).write_text(texto, encoding="utf-8")
            pendientes.append((importada, textos))
        # las reglas de la convocatoria, como a cualquier fuente (sin escribir nada)
        por_carpeta: dict[str, list[Problema]] = {}

        def anotar(ruta, _salidas, problemas):
            if ruta is not None:
                por_carpeta.setdefault(Path(ruta).parent.name, []).extend(problemas)

        construir(prueba, Path(tmp) / "salida", plantillas, solo_validar=True, al_terminar=anotar)
        for importada, textos in pendientes:
            destino = contenido / "experiencias" / (importada.carpeta or "")
            problemas = por_carpeta.get(importada.carpeta or "", [])
            prefijo = ruta_legible(prueba / "experiencias" / (importada.carpeta or ""))
            importada.problemas = [Problema(p.archivo.replace(prefijo, ruta_legible(destino)), p.linea, p.mensaje,
                                            p.campo, p.nivel, p.rotulo) for p in problemas]
            if destino.exists() and not reemplazar:
                importada.problemas.insert(0, Problema(ruta_legible(destino), None,
                    "la carpeta ya existe: no se toca (use --reemplazar para escribirla de nuevo)"))
                resultado.append(importada)
                continue
            if destino.exists():
                shutil.rmtree(destino)
            destino.mkdir(parents=True)
            for nombre, texto in textos.items():
                (destino / nombre).write_text(texto, encoding="utf-8")
            importada.escrita = True
            resultado.append(importada)
    return sorted(resultado, key=lambda f: f.numero), aviso_columnas
