"""``sistematiza importar documento BORRADOR.docx --tipo informe|nota|perfil``: un borrador de
Word → la fuente Markdown del tipo.

pandoc (el conversor que ya usan las pruebas) lee el Word: títulos, párrafos, negrita y cursiva,
listas, tablas, notas al pie, hipervínculos e imágenes (guardadas junto a la fuente, con su texto
alternativo). Aquí solo se reconocen las secciones del tipo por su título —con o sin estilo de
título: también un párrafo entero en negrita—, sin importar numeración, mayúsculas, tildes ni
cambios pequeños de redacción. Los campos del inicio salen del esqueleto del tipo
(``plantillas/nueva-experiencia/<tipo>.md``), con lo que el borrador dice (título, número) y
«COMPLETAR» donde no lo dice. El texto que no calza en ninguna sección no se pierde: queda al
final, en un comentario marcado «SIN UBICAR», y se avisa.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .vocabularios import TIPOS_PRACTICA, normalizar

TIPOS_IMPORTABLES = ("informe", "nota", "perfil")
_NUMERO = re.compile(r"^\s*(?:[ivxlc]+|\d+(?:\.\d+)*)[.)-]?\s+", re.IGNORECASE)
_TITULO_MD = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NEGRITA = re.compile(r"^\*\*([^*].*?)\*\*:?\s*$")


def _clave(texto: str) -> str:
    texto = _NUMERO.sub("", texto.strip().strip("*").strip())
    return re.sub(r"\s+", " ", normalizar(texto)).strip(" .:")


@dataclass
class Importado:
    fuente: str  # el Markdown completo
    avisos: list[str] = field(default_factory=list)
    imagenes: list[Path] = field(default_factory=list)


def _markdown_de_word(docx: Path, medios: Path) -> str:
    if shutil.which("pandoc") is None:
        raise ValueError("hace falta pandoc para leer el Word (en Debian: apt-get install pandoc)")
    try:
        resultado = subprocess.run(
            ["pandoc", "-f", "docx", "-t", "gfm+footnotes", "--wrap=none",
             f"--extract-media={medios}", str(docx)],
            capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        raise ValueError("pandoc no terminó de leer el Word en 120 s") from None
    if resultado.returncode != 0:
        raise ValueError(f"no es un documento de Word que se pueda leer ({resultado.stderr.strip()[:200]})")
    return resultado.stdout


class _LectorTabla:
    """Las filas y celdas (su texto) de una tabla HTML que pandoc no pudo escribir como tabla de
    Markdown (celdas con varios párrafos o listas)."""

    def __init__(self, html: str):
        from html.parser import HTMLParser

        self.filas: list[list[str]] = []
        lector = self

        class _P(HTMLParser):
            celda: list[str] | None = None

            def handle_starttag(self, tag, attrs):
                if tag == "tr":
                    lector.filas.append([])
                elif tag in ("td", "th"):
                    self.celda = []
                elif tag in ("p", "li", "br") and self.celda is not None and self.celda:
                    self.celda.append(" ")
                elif tag == "img" and self.celda is not None:
                    alt = dict(attrs).get("alt")
                    if alt:
                        self.celda.append(alt)

            def handle_endtag(self, tag):
                if tag in ("td", "th") and self.celda is not None and lector.filas:
                    lector.filas[-1].append(re.sub(r"\s+", " ", "".join(self.celda)).strip())
                    self.celda = None

            def handle_data(self, data):
                if self.celda is not None:
                    self.celda.append(data)

        _P().feed(html)


def _tablas_html(markdown: str) -> str:
    """Cada tabla HTML → una tabla de Markdown (la primera fila es el encabezado); el resto del
    HTML crudo (imágenes con medidas) → Markdown."""

    def tabla(m: re.Match) -> str:
        filas = [f for f in _LectorTabla(m.group(0)).filas if f]
        if not filas:
            return ""
        ancho = max(len(f) for f in filas)
        filas = [f + [""] * (ancho - len(f)) for f in filas]

        def linea(celdas):
            return "| " + " | ".join(c.replace("|", "\\|") for c in celdas) + " |"

        return "\n".join([linea(filas[0]), "|" + "---|" * ancho] + [linea(f) for f in filas[1:]])

    return re.sub(r"<table.*?</table>", tabla, markdown, flags=re.S)


def _imagenes_html(markdown: str) -> str:
    """Las imágenes que pandoc escribe en HTML (porque llevan medidas) → Markdown, con su texto
    alternativo."""
    import html as html_lib

    return re.sub(r'<img src="([^"]+)"[^>]*?alt="([^"]*)"[^>]*/?>',
                  lambda m: f"![{html_lib.unescape(m.group(2))}]({m.group(1)})", markdown, flags=re.S)


def _parrafos_grandes(docx: Path) -> set[str]:
    """Los párrafos cortos escritos en letra más grande que la del cuerpo (un título hecho a
    mano, sin estilo ni negrita): pandoc no conserva el tamaño, python-docx sí."""
    from collections import Counter

    from docx import Document

    try:
        parrafos = Document(str(docx)).paragraphs
    except Exception:  # noqa: BLE001 — si python-docx no lo lee, pandoc dirá por qué
        return set()
    tamanos = {id(p): {r.font.size.pt for r in p.runs if r.text.strip() and r.font.size} for p in parrafos}
    comun = Counter(t for p in parrafos for t in tamanos[id(p)] if len(p.text) > 80).most_common(1)
    cuerpo = comun[0][0] if comun else 11.0
    return {_clave(p.text) for p in parrafos
            if p.text.strip() and len(p.text) < 160 and tamanos[id(p)] and min(tamanos[id(p)]) >= cuerpo + 2}


def _vineta_escrita(linea: str) -> str:
    """Una lista escrita a mano en Word («1.», «-», «❖» al inicio del párrafo, que pandoc deja como
    texto) → un elemento de lista de verdad."""
    if m := re.match(r"^(\s*)(\d+)\\?[.)]\s+(\S.*)$", linea):
        return f"{m.group(1)}{m.group(2)}. {m.group(3)}"
    if m := re.match(r"^(\s*)(?:\\-|\\\*|[❖•▪●◦➢✓–])\s+(\S.*)$", linea):
        return f"{m.group(1)}- {m.group(2)}"
    return linea


def _definiciones(tipo: str):
    from .tipos import TIPOS

    clase = TIPOS[tipo]
    return clase.secciones(clase.modelo.model_construct())


def _coincide(texto: str, opciones: dict[str, object], umbral: float = 0.8):
    clave = _clave(texto)
    if not clave or len(clave) > 160:
        return None
    if clave in opciones:
        return opciones[clave]
    cercana = difflib.get_close_matches(clave, list(opciones), n=1, cutoff=umbral)
    return opciones[cercana[0]] if cercana else None


def _portada(destino: Path) -> set[str]:
    """Las líneas que la portada arma de experiencia.yml (título, servicio, equipo) y los rótulos
    fijos de cada tipo: no son texto del borrador."""
    from .errores import ErrorFuente
    from .fuentes import leer_yaml

    lineas = {"sistematizacion de la experiencia", "nota del conocimiento", "informe de sistematizacion",
              "perfil de sistematizacion"}
    yml = destino / "experiencia.yml"
    try:  # con los límites y el recinto de toda lectura de datos; si no se lee, no hay portada que quitar
        datos = leer_yaml(yml, destino) if yml.is_file() else None
    except ErrorFuente:
        datos = None
    if isinstance(datos, dict):
        nombres = [str(p.get("nombre")) for p in datos.get("equipo") or [] if isinstance(p, dict)]
        lineas |= {_clave(str(datos[c])) for c in ("titulo", "nombre_servicio") if datos.get(c)}
        lineas.add(_clave(", ".join(nombres)))
    return lineas


@dataclass
class _Reparto:
    """El borrador repartido: lo que va antes de la primera sección y cada sección reconocida."""

    principales: dict
    preambulo: list[str] = field(default_factory=list)
    secciones: list[tuple[Any, list[str]]] = field(default_factory=list)
    vistas: set[str] = field(default_factory=set)
    nivel: int = 1  # el nivel de título de la sección actual en el Word
    grandes: set[str] = field(default_factory=set)  # párrafos en letra más grande que el texto

    @property
    def actual(self) -> list[str]:
        return self.secciones[-1][1] if self.secciones else self.preambulo

    def _subtitulo(self, texto: str) -> str | None:
        """El subtítulo esperado de la sección actual («Metodología»), si el texto lo es."""
        if not self.secciones:
            return None
        return _coincide(texto, {_clave(t): t for t in self.secciones[-1][0].subsecciones})

    def agregar(self, linea: str) -> None:
        m = _TITULO_MD.match(linea) or _NEGRITA.match(linea)
        if m is None and _clave(linea) in self.grandes:  # letra grande, sin estilo ni negrita
            m = _NEGRITA.match(f"**{linea.strip()}**")
        if m is None:
            self.actual.append(linea)
            return
        es_titulo = m.re is _TITULO_MD
        texto = m.group(2) if es_titulo else m.group(1)
        definicion = _coincide(texto, self.principales)
        if definicion is not None and definicion.clave not in self.vistas:
            self.vistas.add(definicion.clave)
            self.secciones.append((definicion, []))
            self.nivel = len(m.group(1)) if es_titulo else 1
        elif es_titulo and self.secciones:  # un subtítulo, debajo de la sección («## …» en la fuente)
            nivel = max(min(len(m.group(1)) - self.nivel + 2, 5), 3)
            self.actual.append(f"{'#' * nivel} {self._subtitulo(texto) or texto}")
        elif (esperado := self._subtitulo(texto)) is not None:
            self.actual.append(f"### {esperado}")
        else:
            self.actual.append(linea)


_CIFRA = re.compile(r"^\s*([\d\s.,\u00a0\u202f]+?)\s*(%)?\s*(\(\*\))?\s*$")


def _sin_etiquetas(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html)).strip()


def _resultados_de_nota(markdown: str) -> tuple[str, dict]:
    """La tabla de cifras de «Transformando realidades» que arma la nota (cifra | rótulo y
    frase), su nota «(*)» y «Conoce más de la experiencia aquí:» → los campos ``resultados``,
    ``nota_resultados`` y ``enlaces`` (sin ellos en el texto, la nota los vuelve a armar igual)."""
    campos: dict = {}
    for tabla in re.finditer(r"<table.*?</table>", markdown, re.S):
        resultados = []
        for fila in re.findall(r"<tr[^>]*>(.*?)</tr>", tabla.group(0), re.S):
            celdas = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", fila, re.S)
            parrafos = re.findall(r"<p>(.*?)</p>", celdas[1], re.S) if len(celdas) == 2 else []
            cifra = _CIFRA.match(_sin_etiquetas(celdas[0])) if len(celdas) == 2 else None
            if cifra is None or len(parrafos) != 2:
                break
            numero = re.sub(r"[\s\u00a0\u202f]", "", cifra.group(1)).replace(",", ".")
            valor: object = float(numero) if "." in numero else int(numero)
            texto = re.sub(r"<strong>[^<]*</strong>(\s*\(\*\))?", "{valor}", parrafos[1], count=1)
            resultado = {"etiqueta": _sin_etiquetas(parrafos[0]), "valor": valor}
            if cifra.group(2):
                resultado["unidad"] = "%"
            resultado["texto"] = _sin_etiquetas(texto)
            if cifra.group(3):
                resultado["asterisco"] = True
            resultados.append(resultado)
        else:
            if resultados:
                campos["resultados"] = resultados
                markdown = markdown.replace(tabla.group(0), "", 1)
                break
    if nota := re.search(r"^\(\\\*\) (.+)$", markdown, re.M):
        campos["nota_resultados"] = nota.group(1).strip()
        markdown = markdown.replace(nota.group(0), "", 1)
    if conoce := re.search(r"^Conoce más de la experiencia aquí:\s*\n((?:\s*\n|-\s+.*\n?)+)", markdown, re.M):
        enlaces = [{"texto": t, "url": u} for t, u in re.findall(r"-\s+\[([^\]]+)\]\(([^)]+)\)", conoce.group(1))]
        enlaces += [{"texto": t.strip()} for t in re.findall(r"-\s+(?!\[)(\S[^\n]*)", conoce.group(1))]
        if enlaces:
            campos["enlaces"] = enlaces
            markdown = markdown.replace(conoce.group(0), "", 1)
    return markdown, campos


# Lo que el documento arma solo (de campos o de experiencia.yml), por tipo: no es texto del
# borrador, se quita (y lo que lleva datos vuelve a sus campos).
_SECCIONES_ARMADAS = {"perfil": ("Cronograma", "Equipo y roles"),
                      "informe": ("Tabla de contenido", "Índice de figuras", "Evidencias")}
_TITULOS_ARMADOS = {"informe": ("Resultados y lecciones aprendidas",)}  # agrupan dos secciones
_TABLAS_ARMADAS = ({"servicio", "periodo"}, {"experiencia", "donde", "cuando"})


@lru_cache(maxsize=1)
def _meses() -> dict[str, int]:
    from babel.dates import get_month_names

    nombres = {normalizar(n): i for i, n in get_month_names("wide", locale="es_PE").items()}
    return nombres | {"septiembre": 9}


def _periodo(texto: str) -> dict | None:
    """«Marzo – diciembre 2023» o «Febrero 2019 – marzo 2020» → desde y hasta («2023-03»)."""
    m = re.search(r"([A-Za-zÁÉÍÓÚáéíóú]+)\s*(\d{4})?\s*[–-]\s*([A-Za-zÁÉÍÓÚáéíóú]+)\s+(\d{4})", texto)
    meses = _meses()
    if not m or normalizar(m.group(1)) not in meses or normalizar(m.group(3)) not in meses:
        return None
    anio_hasta = int(m.group(4))
    anio_desde = int(m.group(2)) if m.group(2) else anio_hasta
    return {"desde": f"{anio_desde}-{meses[normalizar(m.group(1))]:02d}",
            "hasta": f"{anio_hasta}-{meses[normalizar(m.group(3))]:02d}"}


def _fecha_larga(texto: str) -> str | None:
    """«20 de mayo de 2024» → «2024-05-20»."""
    m = re.match(r"\s*(\d{1,2}) de ([a-záéíóú]+) de (\d{4})", texto, re.IGNORECASE)
    mes = _meses().get(normalizar(m.group(2))) if m else None
    return f"{m.group(3)}-{mes:02d}-{int(m.group(1)):02d}" if m and mes else None


def _quitar_seccion(markdown: str, titulo: str) -> tuple[str, str]:
    """Quita la sección «# N. titulo» (hasta la siguiente «# »); devuelve también su texto."""
    patron = re.compile(r"^# (?:\d+\.\s+)?" + re.escape(titulo) + r"\s*\n(.*?)(?=^# |\Z)", re.M | re.S)
    m = patron.search(markdown)
    return (markdown[:m.start()] + markdown[m.end():], m.group(1)) if m else (markdown, "")


def _filas_pipe(tabla: str) -> list[list[str]]:
    filas = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in tabla.strip().split("\n")]
    return [f for f in filas if not all(re.fullmatch(r":?-+:?", c) for c in f)]


def _cronograma(texto: str) -> list[dict]:
    """La tabla del cronograma del perfil (N° | Actividad | Inicio | Fin | Responsable | Producto)."""
    return [{"actividad": f[1], "inicio": _fecha_larga(f[2]) or f[2], "fin": _fecha_larga(f[3]) or f[3],
             "responsable": f[4], "producto": f[5]} for f in _filas_pipe(texto)[1:] if len(f) >= 6]


def _hitos(alternativo: str) -> list[dict]:
    """El texto alternativo de la línea de tiempo («Marzo 2023: Diagnóstico…; Abril 2023: …»)."""
    hitos = []
    for hito in alternativo.rstrip(".").split("; "):
        cuando, _, que = hito.partition(": ")
        mes = re.match(r"([A-Za-zÁÉÍÓÚáéíóú]+) (\d{4})$", cuando)
        numero = _meses().get(normalizar(mes.group(1))) if mes else None
        hitos.append({"fecha": f"{mes.group(2)}-{numero:02d}" if mes and numero else cuando, "hito": que})
    return hitos


def _linea_de_tiempo(markdown: str, campos: dict) -> str:
    """La línea de tiempo dibujada (o su marca de pendiente) → ``linea_de_tiempo``."""
    if linea := re.search(r"^## Línea de tiempo\s*\n\s*!\[Línea de tiempo: ([^\]]*)\]\([^)]*\)[ \t]*\n"
                          r"(?:\s*Figura \d+\. [^\n]*\n)?", markdown, re.M):
        campos["linea_de_tiempo"] = _hitos(linea.group(1))
        return markdown.replace(linea.group(0), "", 1)
    # la línea de tiempo pendiente (el informe la marca si falta): la fuente no la tenía
    if pendiente := re.search(r"^## Línea de tiempo\s*\n\s*\\\[Línea de tiempo pendiente:[^\n]*\n", markdown, re.M):
        campos["linea_de_tiempo"] = []
        return markdown.replace(pendiente.group(0), "", 1)
    return markdown


def _armados(tipo: str, markdown: str) -> tuple[str, dict]:
    """Lo que arma el documento de un informe o un perfil → sus campos, fuera del texto."""
    campos: dict = {}
    periodo = re.search(r"^(?:Periodo: |CEM.*· |\| Cuándo +\| )(.+?)\s*\|?\s*$", markdown, re.M)
    if periodo and (valor := _periodo(periodo.group(1))):
        campos["periodo"] = valor
    for titulo in _SECCIONES_ARMADAS.get(tipo, ()):
        markdown, texto = _quitar_seccion(markdown, titulo)
        if titulo == "Cronograma" and texto:
            campos["cronograma"] = _cronograma(texto)
    for tabla in re.findall(r"(?:^\|.*\|\s*\n)+", markdown, re.M):
        if {normalizar(f[0]) for f in _filas_pipe(tabla) if f} in _TABLAS_ARMADAS:
            markdown = markdown.replace(tabla, "", 1)
    for titulo in _TITULOS_ARMADOS.get(tipo, ()):  # solo el título: lo que sigue son sus secciones
        markdown = re.sub(r"^# (?:\d+\.\s+)?" + re.escape(titulo) + r"\s*\n", "", markdown, flags=re.M)
    markdown = _linea_de_tiempo(markdown, campos)
    # «Figura N. Leyenda» debajo de una imagen: su leyenda (la numeración la pone el documento)
    markdown = re.sub(r"(!\[[^\]]*\]\([^)\s]+)\)\s*\n\s*\nFigura \d+\. ([^\n]+)", r'\1 "\2")', markdown)
    return markdown, campos


def importar_documento(docx: Path, tipo: str, destino: Path, plantillas: Path) -> Importado:
    """La fuente del tipo a partir del borrador; las imágenes se copian a ``destino``."""
    definiciones = _definiciones(tipo)
    reparto = _Reparto({_clave(t): d for d in definiciones for t in (d.titulo, *d.alias)},
                       grandes=_parrafos_grandes(docx))
    with tempfile.TemporaryDirectory(prefix="sistematiza-word-") as tmp:
        markdown = _imagenes_html(_markdown_de_word(docx, Path(tmp) / "medios"))
        generados: dict = {}
        if tipo == "nota":
            markdown, generados = _resultados_de_nota(markdown)
        else:
            markdown, generados = _armados(tipo, markdown)
        markdown, imagenes = _imagenes(_tablas_html(markdown), Path(tmp) / "medios", destino)
    for linea in markdown.split("\n"):
        reparto.agregar(_vineta_escrita(linea))
    preambulo = reparto.preambulo
    portada = _portada(destino)  # lo que la portada arma de experiencia.yml no es texto sin ubicar
    preambulo = [ln for ln in preambulo if _clave(ln) not in portada
                 and not ("periodo" in generados and _periodo(ln) == generados["periodo"])]
    campos, sobrante = _campos(tipo, preambulo, plantillas, generados,
                               con_titulo=(destino / "experiencia.yml").is_file())
    cuerpo = [f"## {d.titulo}\n\n" + "\n".join(contenido).strip() + "\n" for d, contenido in reparto.secciones]
    avisos = []
    faltan = [d.titulo for d in definiciones if d.obligatoria and d.clave not in reparto.vistas]
    if faltan:
        avisos.append("el borrador no tiene estas secciones (se agregan vacías, para escribirlas): "
                      + "; ".join(f"«{t}»" for t in faltan))
        cuerpo += [f"## {t}\n\nCOMPLETAR: {t.lower()}.\n" for t in faltan]
    if sobrante.strip():
        avisos.append("hay texto del borrador que no calza en ninguna sección: quedó al final, en un "
                      "comentario «SIN UBICAR»; muévalo a su sección o bórrelo")
        cuerpo.append("<!-- SIN UBICAR: texto del borrador que no calza en ninguna sección; muévalo a la "
                      "suya o bórrelo.\n\n" + sobrante.strip().replace("--", "- -") + "\n-->\n")
    return Importado(campos + "\n" + "\n".join(cuerpo), avisos, imagenes)


def _imagenes(markdown: str, medios: Path, destino: Path) -> tuple[str, list[Path]]:
    """Las imágenes que extrajo pandoc, copiadas junto a la fuente con nombres simples."""
    copiadas: dict[str, str] = {}
    lista: list[Path] = []

    def reemplazar(m: re.Match) -> str:
        ruta = Path(m.group(2))
        if not ruta.is_file() or medios not in ruta.parents:
            return m.group(0)
        if m.group(2) not in copiadas:
            nombre = f"imagen-{len(copiadas) + 1}{ruta.suffix.lower()}"
            destino.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ruta, destino / nombre)
            lista.append(destino / nombre)
            copiadas[m.group(2)] = nombre
        return f"![{m.group(1)}]({copiadas[m.group(2)]}{m.group(3) or ''})"

    return re.sub(r'!\[([^\]]*)\]\(([^)\s]+)(\s+"[^"]*")?\)(?:\{[^}]*\})?', reemplazar, markdown), lista


def _datos_de_portada(tipo: str, preambulo: list[str], con_titulo: bool) -> tuple[dict, set[int]]:
    """Lo que la portada de una nota dice (número, tipo de práctica, título si no hay
    experiencia.yml) y qué líneas del preámbulo se usaron (también los rótulos fijos)."""
    datos: dict = {}
    usadas: set[int] = set()
    for i, linea in enumerate(preambulo):
        clave = _clave(linea)
        numero = re.search(r"N\.?\s*[º°o]\.?\s*(\d{3}-\d{4})", linea)
        practica = next((p.valor for p in TIPOS_PRACTICA if clave == _clave(p.valor)), None)
        if tipo == "nota" and numero:
            datos["numero"] = numero.group(1)
        elif tipo == "nota" and practica:
            datos["practica"] = practica
        elif clave not in ("nota del conocimiento", "informe de sistematizacion", "perfil de sistematizacion"):
            continue
        usadas.add(i)
    if tipo == "nota" and not con_titulo:  # sin experiencia.yml, el título va en la nota
        libre = next((i for i, ln in enumerate(preambulo) if i not in usadas and ln.strip()), None)
        if libre is not None:
            datos["titulo"] = preambulo[libre].strip().strip("#*").strip()
            usadas.add(libre)
    return datos, usadas


def _campos(tipo: str, preambulo: list[str], plantillas: Path, generados: dict,
            con_titulo: bool = True) -> tuple[str, str]:
    """El front matter: el del esqueleto del tipo, con lo que dice la portada del borrador y
    los campos que se leyeron de lo que arma el documento (las cifras de una nota, el periodo…).
    Devuelve además el texto del preámbulo que no se usó."""
    import yaml

    portada, usadas = _datos_de_portada(tipo, preambulo, con_titulo)
    esqueleto = (plantillas / "nueva-experiencia" / f"{tipo}.md").read_text(encoding="utf-8")
    campos = esqueleto.split("\n---\n", 1)[0] + "\n"
    leidos = {k: v for k, v in portada.items() if k != "titulo"} | generados
    for clave in leidos:  # el bloque del esqueleto, por lo leído
        campos = re.sub(r"\n" + clave + r":.*?(?=\n[a-z_]+:|\n# [a-z_]+:|\Z)", "\n", campos, flags=re.S)
    if "resultados" in generados:
        campos = re.sub(r"\n# (nota_resultados|enlaces):.*?(?=\n[a-z_]+:|\Z)", "\n", campos, flags=re.S)
    extra = ({"titulo": portada["titulo"]} if "titulo" in portada else {}) | leidos
    if extra:
        volcado = yaml.safe_dump(extra, allow_unicode=True, sort_keys=False, width=1000)
        volcado = re.sub(r"^numero: '?([^'\n]+)'?$", r'numero: "\1"', volcado, flags=re.M)  # como lo pide la nota
        campos = campos.rstrip("\n") + "\n" + volcado
    campos = campos.rstrip("\n") + "\n---\n"
    sobrante = "\n".join(linea for i, linea in enumerate(preambulo) if i not in usadas)
    return campos, sobrante
