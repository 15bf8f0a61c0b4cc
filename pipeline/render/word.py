"""DOCX con docxtpl: la plantilla Word de la SGIC, con autoescape y contenido Word real."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.opc import pkgwriter as _pkgwriter
from docx.opc.oxml import serialize_part_xml
from docx.opc.phys_pkg import _ZipPkgWriter
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.styles import BabelFish
from docxtpl import DocxTemplate, InlineImage

from .. import limites
from ..errores import AVISO, ErrorFuente, ErrorPlantilla, Problema, ruta_legible
from ..marcado.a_word import ConstructorWord
from ..marcado.estilos_word import Estilos
from ..recinto import dentro
from ..registro import Formato
from ..tipos.base import Documento
from . import contexto_comun, convertir
from .seguro import ERRORES_JINJA, EntornoSeguro, error_de_plantilla, revisar_zip

IDIOMA = "es-PE"
FORMATO = Formato(nombre="docx", extension="docx", descripcion="DOCX", orden=10, en_paquete=True,
                  plantilla="docx", plantillas=("docx", "png", "jpg", "jpeg"))


class _EntornoConCache(EntornoSeguro):
    """docxtpl compila con Jinja el XML de la plantilla en cada documento; es lo mismo cada vez
    para la misma plantilla, así que se compila una vez por proceso. En el recinto de Jinja,
    como las plantillas HTML."""

    def __init__(self):
        super().__init__()
        self._compiladas: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class:
            return super().from_string(source, globals, template_class)
        plantilla = self._compiladas.get(source)
        if plantilla is None:
            if len(self._compiladas) > 256:
                self._compiladas.clear()
            plantilla = self._compiladas[source] = super().from_string(source)
        return plantilla


_ENTORNO: _EntornoConCache | None = None


class _EscritorZip(_ZipPkgWriter):
    """El escritor ZIP de python-docx, con la misma fecha en cada entrada (DOCX reproducible,
    sin volver a comprimir el archivo después)."""

    fecha = (2000, 1, 1, 0, 0, 0)

    def __new__(cls, pkg_file):
        return object.__new__(cls)

    def __init__(self, pkg_file):
        # el ZIP se arma en memoria y se escribe de una vez: en el disco, zipfile volvería
        # atrás a reescribir cada cabecera (una escritura al sistema por parte)
        self._destino = pkg_file
        self._memoria = io.BytesIO()
        self._zipf = zipfile.ZipFile(self._memoria, "w", compression=zipfile.ZIP_DEFLATED)

    def close(self):
        self._zipf.close()
        if isinstance(self._destino, (str, os.PathLike)):
            with open(self._destino, "wb") as archivo:
                archivo.write(self._memoria.getbuffer())
        else:
            self._destino.write(self._memoria.getbuffer())

    def write(self, pack_uri, blob):
        info = zipfile.ZipInfo(pack_uri.membername, date_time=self.fecha)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        comprimida = _COMPRIMIDAS.get(blob) if len(blob) >= _MINIMO_PARA_RECORDAR else None
        if comprimida is not None and _escribir_ya_comprimida(self._zipf, info, blob, *comprimida):
            return
        self._zipf.writestr(info, blob, compresslevel=1)  # 4× más rápido, ≈ 15 % más grande


# Las partes de una plantilla que un documento no cambia (estilos, tema, numeración, fuentes)
# se comprimen una vez, al abrir la plantilla: cada documento las copia ya comprimidas. Mismo
# deflate (nivel 1, el de zipfile), mismos bytes: el DOCX sale idéntico. Solo las de las
# plantillas abiertas: lo propio de cada documento no se guarda (la memoria queda plana).
_COMPRIMIDAS: dict[bytes, tuple[int, bytes]] = {}
_MINIMO_PARA_RECORDAR = 0


def _recordar_partes(documento) -> None:
    """Comprime de una vez las partes de la plantilla intacta ``documento``, y también lo que
    python-docx escribe de ella y casi nunca cambia: sus relaciones y sus tipos de contenido."""
    paquete = documento.part.package
    partes = list(paquete.iter_parts())
    blobs = [parte.blob for parte in partes] + [paquete.rels.xml]
    blobs += [parte.rels.xml for parte in partes if len(parte.rels)]
    blobs.append(_pkgwriter._ContentTypesItem.from_parts(partes).blob)
    for blob in blobs:
        if len(blob) >= _MINIMO_PARA_RECORDAR and blob not in _COMPRIMIDAS:
            compresor = zlib.compressobj(1, zlib.DEFLATED, -15)
            _COMPRIMIDAS[blob] = (zlib.crc32(blob), compresor.compress(blob) + compresor.flush())


def _escribir_ya_comprimida(zipf: zipfile.ZipFile, info: zipfile.ZipInfo, blob: bytes, crc: int,
                            datos: bytes) -> bool:
    """Lo que hace ``ZipFile.writestr`` con una parte, pero con sus datos ya comprimidos: la
    misma cabecera local (con CRC y tamaños) y los mismos bytes. False si este zipfile no es
    el que se conoce (entonces se escribe como siempre)."""
    if zipf._writing or not zipf._seekable or getattr(zipf, "_allowZip64", True) is not True:  # type: ignore[attr-defined]
        return False
    info.file_size, info.compress_size, info.CRC, info.flag_bits = len(blob), len(datos), crc, 0
    info._compresslevel = 1  # type: ignore[attr-defined]
    with zipf._lock:  # type: ignore[attr-defined]
        zipf.fp.seek(zipf.start_dir)  # type: ignore[union-attr]
        info.header_offset = zipf.fp.tell()  # type: ignore[union-attr]
        zipf._writecheck(info)  # type: ignore[attr-defined]
        zipf._didModify = True  # type: ignore[attr-defined]
        zipf.fp.write(info.FileHeader(False))  # type: ignore[union-attr]
        zipf.fp.write(datos)  # type: ignore[union-attr]
        zipf.start_dir = zipf.fp.tell()  # type: ignore[attr-defined,union-attr]
        zipf.filelist.append(info)
        zipf.NameToInfo[info.filename] = info
    return True


_pkgwriter.PhysPkgWriter = _EscritorZip  # type: ignore[misc]

# El XML de las partes compartidas (estilos, ajustes…: ``_SIN_CAMBIOS``), escrito una vez al
# abrir la plantilla: los estilos son 50 KB que python-docx volvería a serializar en cada
# documento. Los mismos bytes (``tests/test_rapidez.py`` comprueba que esas partes siguen
# intactas).
_SERIALIZADAS: dict[Any, bytes] = {}


def _escribir_partes(phys_writer, parts) -> None:
    """``PackageWriter._write_parts`` de python-docx, con el XML ya escrito de las partes
    compartidas."""
    for part in parts:
        elemento = getattr(part, "_element", None)
        blob = _SERIALIZADAS.get(elemento) if elemento is not None else None
        phys_writer.write(part.partname, part.blob if blob is None else blob)
        if len(part.rels):
            phys_writer.write(part.partname.rels_uri, part.rels.xml)


ESCRIBIR_PARTES_DE_PYTHON_DOCX = _pkgwriter.PackageWriter._write_parts
_pkgwriter.PackageWriter._write_parts = staticmethod(_escribir_partes)  # type: ignore[method-assign]


class _Plantilla(DocxTemplate):
    """docxtpl limpia con expresiones regulares el XML de la plantilla (``patch_xml``) en cada
    documento; para la misma plantilla el resultado es el mismo: se hace una vez por proceso."""

    _limpias: dict[str, str] = {}

    def patch_xml(self, src_xml):
        limpia = self._limpias.get(src_xml)
        if limpia is None:
            if len(self._limpias) > 256:
                self._limpias.clear()
            limpia = self._limpias[src_xml] = limpiar_marcas(src_xml)
        return limpia

    def render_properties(self, context, jinja_env=None) -> None:
        """docxtpl pasa por Jinja cada propiedad del documento (título, autor…); si ninguna
        tiene marcas ni saltos de línea, Jinja devolvería el mismo texto: se escribe tal cual
        (como docxtpl, que así crea las que faltan), sin pasar por Jinja."""
        propiedades = self.docx.core_properties
        valores = {nombre: getattr(propiedades, nombre) or "" for nombre in _PROPIEDADES_DOCXTPL}
        if any(marca in valor for valor in valores.values() for marca in ("{{", "{%", "{#", "\n", "\r")):
            super().render_properties(context, jinja_env)
            return
        for nombre, valor in valores.items():
            setattr(propiedades, nombre, valor)

    # El XML que docxtpl lee de la plantilla antes de llenarla (el cuerpo, cada encabezado y
    # pie) es el mismo en cada documento: la copia está intacta hasta ``render``, y nada antes
    # de renderizar los cambia (el contenido de Markdown se convierte a texto XML aparte). Se
    # escribe una vez por plantilla y proceso (``fuentes_intactas``, con la plantilla abierta).
    fuentes_intactas: dict[str, str] | None = None

    def get_xml(self):
        return self._intacta("cuerpo", super().get_xml)

    def get_part_xml(self, part):
        return self._intacta(f"parte:{part.partname}", lambda: super(_Plantilla, self).get_part_xml(part))

    def _intacta(self, clave: str, leer) -> str:
        if self.fuentes_intactas is None or self.is_rendered:
            return leer()
        xml = self.fuentes_intactas.get(clave)
        if xml is None:
            xml = self.fuentes_intactas[clave] = leer()
        return xml

    def render_footnotes(self, context, jinja_env=None) -> None:
        """Las notas al pie de la plantilla sin marcas salen iguales en cada documento: su
        resultado se recuerda (las que llevan marcas se llenan siempre, como en docxtpl)."""
        for section in self.docx.sections:
            for part in section.part.package.parts:
                if part.content_type != _NOTAS_AL_PIE:
                    continue
                blob = part.blob
                hecho = _NOTAS_SIN_MARCAS.get(blob) if isinstance(blob, bytes) else None
                if hecho is None:
                    xml = self.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes) else blob)
                    hecho = self.render_xml_part(xml, part, context, jinja_env).encode("utf-8")
                    if isinstance(blob, bytes) and b"{" not in blob and len(_NOTAS_SIN_MARCAS) < 64:
                        _NOTAS_SIN_MARCAS[blob] = hecho
                part._blob = hecho

    def resolve_listing(self, xml):
        """docxtpl convierte tabuladores y saltos escritos en un valor (``\\t``, ``\\n``…) en
        los de Word recorriendo cada párrafo con expresiones regulares; sin ninguno de esos
        caracteres en el XML, el resultado es el mismo XML: no se recorre."""
        if not any(c in xml for c in "\t\a\n\f"):
            return xml
        return super().resolve_listing(xml)


_NOTAS_AL_PIE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_NOTAS_SIN_MARCAS: dict[bytes, bytes] = {}  # notas al pie sin marcas → como quedan al llenarlas

# las propiedades que docxtpl pasa por Jinja (DocxTemplate.render_properties)
_PROPIEDADES_DOCXTPL = ("author", "comments", "identifier", "language", "subject", "title")
_ENTIDAD_EN_MARCA = re.compile(r"(?<=\{[\{%])(.*?)(?=[\}%]\})", re.DOTALL)


def limpiar_marcas(xml: str) -> str:
    """La limpieza de docxtpl (quita el XML que Word mete dentro de una marca partida) y,
    además, las comillas que LibreOffice guarda como ``&apos;`` y ``&quot;`` dentro de las marcas."""
    limpia = DocxTemplate.patch_xml(None, xml)  # type: ignore[arg-type]
    return _ENTIDAD_EN_MARCA.sub(lambda m: m.group(0).replace("&apos;", "'").replace("&quot;", '"'), limpia)


class LogoConTexto(InlineImage):
    """El logo del encabezado, con su texto alternativo (``descr``), para los lectores de pantalla."""

    def __init__(self, *args, alternativo: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.alternativo = alternativo

    def _insert_image(self):
        from xml.sax.saxutils import quoteattr

        return super()._insert_image().replace("<wp:docPr ", f"<wp:docPr descr={quoteattr(self.alternativo)} ", 1)


def _propiedades_de_libreoffice(documento) -> None:
    """LibreOffice relaciona las propiedades del documento (``docProps/core.xml``) con un tipo
    de relación que python-docx no reconoce: sin esto, crearía otro ``core.xml`` y el DOCX
    tendría dos con el mismo nombre."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for relacion in documento.part.package.rels.values():
        if relacion.reltype != RT.CORE_PROPERTIES and relacion.reltype.endswith("/metadata/core-properties"):
            relacion._reltype = RT.CORE_PROPERTIES


# Las plantillas Word ya abiertas, por el SHA-256 de su archivo: cada documento parte de una
# copia en memoria de la plantilla intacta, en vez de volver a leer, descomprimir e interpretar
# el paquete. Si la SGIC cambia la plantilla (también con la vista previa abierta), cambia la
# huella y se abre otra vez.
_ABIERTAS: dict[bytes, tuple[Any, Estilos, list, dict[str, str]]] = {}
_HUELLAS: dict[str, tuple[tuple, bytes]] = {}  # ruta → (firma del archivo, SHA-256)


def _abrir_plantilla(ruta: Path, nombre: str):
    """Una copia, lista para llenar, de la plantilla Word ``ruta`` (revisada al abrirla), y
    sus estilos."""
    try:
        datos_archivo = ruta.stat()
        if datos_archivo.st_size > limites.BYTES_DOCX:
            raise ErrorPlantilla(f"la plantilla «{nombre}» pesa más de "
                                 f"{limites.BYTES_DOCX // limites.MIB} MiB")
        # la huella del contenido se recalcula solo si el archivo cambió (fecha, tamaño, inodo)
        firma = (datos_archivo.st_mtime_ns, datos_archivo.st_size, datos_archivo.st_ino, datos_archivo.st_dev)
        conocida = _HUELLAS.get(str(ruta))
        datos = None
        if conocida is not None and conocida[0] == firma and conocida[1] in _ABIERTAS:
            huella = conocida[1]
        else:
            datos = ruta.read_bytes()
            huella = hashlib.sha256(datos).digest()
            _HUELLAS[str(ruta)] = (firma, huella)
    except OSError as exc:
        raise ErrorPlantilla(f"no se pudo leer la plantilla «{nombre}» ({type(exc).__name__})") from None
    abierta = _ABIERTAS.get(huella)
    if abierta is None:
        assert datos is not None
        revisar_zip(io.BytesIO(datos), nombre)
        try:
            intacta = Document(io.BytesIO(datos))
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ErrorPlantilla(f"la plantilla «{nombre}» no es un documento Word válido "
                                 f"({type(exc).__name__})") from None
        _propiedades_de_libreoffice(intacta)
        if len(_ABIERTAS) >= 32:
            _ABIERTAS.clear()
            _COMPRIMIDAS.clear()
            _SERIALIZADAS.clear()
        abierta = _ABIERTAS[huella] = (intacta, Estilos(intacta), _compartidas(intacta), {})
        _SERIALIZADAS.update((e, serialize_part_xml(e)) for e in abierta[2])
        _recordar_partes(intacta)
    intacta, estilos, compartidas, fuentes = abierta
    return copy.deepcopy(intacta, {id(e): e for e in compartidas}), estilos, fuentes


# Las partes que ningún documento cambia (ni docxtpl, ni el contenido, que solo las lee): sus
# árboles XML no se copian para cada documento, los comparten todos (los estilos de una
# plantilla son la mitad de lo que costaría copiarla). tests/test_rapidez.py comprueba que
# sigan intactas después de construir.
_SIN_CAMBIOS = ("/word/styles.xml", "/word/fontTable.xml", "/word/webSettings.xml", "/word/settings.xml")


def _compartidas(documento) -> list:
    return [parte._element for parte in documento.part.package.iter_parts()
            if parte.partname in _SIN_CAMBIOS and hasattr(parte, "_element")]


def ruta_plantilla(plantillas: Path, doc: Documento) -> Path:
    return plantillas / doc.tipo.plantilla / f"{doc.tipo.plantilla}.docx"


def renderizar(doc: Documento, plantillas: Path, destino: Path, fecha: dt.datetime,
               formato: Formato = FORMATO) -> None:
    ruta = ruta_plantilla(plantillas, doc)
    nombre = str(ruta.relative_to(plantillas.parent)) if plantillas.parent in ruta.parents else str(ruta)
    if not ruta.is_file():
        raise ErrorPlantilla(f"no existe la plantilla Word «{nombre}»")
    if not dentro(ruta, plantillas):
        raise ErrorPlantilla(f"la plantilla «{nombre}» es un enlace a un archivo fuera de plantillas/: "
                             "no se lee")
    limites.etapa(f"plantilla Word «{nombre}»")
    plantilla = _Plantilla(ruta)
    plantilla.docx, estilos, plantilla.fuentes_intactas = _abrir_plantilla(ruta, nombre)

    constructor = ConstructorWord(plantilla.docx, nombre, estilos=estilos)
    contexto = convertir(doc.tipo.contexto(doc), constructor.convertir, constructor.convertir_dibujo)
    logo, alternativo = doc.tipo.logo(doc, plantillas, (".png", ".jpg", ".jpeg"))
    contexto["logo"] = LogoConTexto(plantilla, str(logo), height=Mm(11), alternativo=alternativo) if logo else None
    contexto.update(contexto_comun(doc, plantillas))

    global _ENTORNO
    if _ENTORNO is None:
        _ENTORNO = _EntornoConCache()
    try:
        plantilla.render(contexto, _ENTORNO, autoescape=True)
    except ERRORES_JINJA as exc:
        raise error_de_plantilla(exc, nombre) from None
    constructor.finalizar()  # notas al pie: después de Jinja, para que su texto no se interprete

    propiedades = plantilla.docx.core_properties
    propiedades.title = doc.titulo
    propiedades.author = doc.autor
    propiedades.language = IDIOMA
    propiedades.subject = doc.tipo.descripcion.capitalize()
    propiedades.comments = ""
    propiedades.last_modified_by = "sistematiza"
    propiedades.created = propiedades.modified = fecha.replace(tzinfo=None)
    propiedades.revision = 1
    _EscritorZip.fecha = max(fecha.replace(tzinfo=None), dt.datetime(1980, 1, 1)).timetuple()[:6]
    plantilla.save(destino)


# ------------------------------------------------- lo que lee la revisión de datos personales
def _parser_xml():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Los elementos y atributos de Word que llevan texto de una persona (el resto son medidas,
# identificadores y estilos: sus cifras no son DNI ni teléfonos).
_TEXTO_WORD = (f"{_W}t", f"{_W}delText", f"{_W}instrText")
_ATRIBUTOS_TEXTO = {"descr", "title", "name", "alias", "tag", "Target", "tooltip"}


def partes_con_texto(ruta: Path) -> Iterator[tuple[str, str]]:
    """(parte, texto) de cada parte con texto de un DOCX, para revisar datos personales."""
    from lxml import etree

    with zipfile.ZipFile(ruta) as z:
        for info in z.infolist():
            nombre = info.filename
            yield f"{nombre} (nombre de la parte)", nombre
            if not nombre.endswith((".xml", ".rels")):
                continue
            raiz = etree.fromstring(z.read(info), _parser_xml())
            textos = []
            for p in raiz.iter(f"{_W}p"):  # un párrafo entero: un dato partido en varios «runs»
                textos.append("".join(t.text or "" for t in p.iter(*_TEXTO_WORD)))
            propiedades = nombre.startswith("docProps/")  # título, autor, empresa…
            for el in raiz.iter():
                if not isinstance(el.tag, str):
                    continue
                if propiedades or el.tag in _TEXTO_WORD:
                    textos.append(el.text or "")
                textos.extend(str(v) for k, v in el.attrib.items()
                              if etree.QName(k).localname in _ATRIBUTOS_TEXTO)
            yield nombre, "\n".join(t for t in textos if t)


# -------------------------------------------------------------------- revisión
_PARTES = {"document": "cuerpo", "header": "encabezado", "footer": "pie de página", "footnotes": "notas al pie"}
ESTILOS_OBLIGATORIOS = ("p", "ul", "ol", "enlace")  # más los títulos 1 a 4 (## a #####)


def revisar_plantilla(tipo, plantillas: Path, provistas: set[str]):
    """Los problemas de la plantilla Word de ``tipo`` (``pipeline/render/revision.py``)."""
    from docx import Document as abrir

    from .revision import Revision, revisar_jinja

    ruta = plantillas / tipo.plantilla / f"{tipo.plantilla}.docx"
    archivo = ruta_legible(ruta)
    if not ruta.is_file():
        return Revision([Problema(archivo, None, f"falta la plantilla Word del tipo «{tipo.nombre}»")])
    try:
        if not dentro(ruta, plantillas):
            raise ErrorPlantilla(f"la plantilla «{archivo}» es un enlace a un archivo fuera de plantillas/")
        revisar_zip(ruta, archivo)
        documento = abrir(str(ruta))
    except ErrorPlantilla as exc:
        return Revision([Problema(archivo, None, str(exc))])
    except Exception:  # python-docx no la entiende
        return Revision([Problema(archivo, None, "no es un documento Word válido; vuelva a guardarla "
                                                 "desde Word o LibreOffice como .docx")])
    revision = Revision(_estilos_faltantes(documento, archivo) + _colores_ajenos(documento, archivo, plantillas))
    entorno = _EntornoConCache()
    with zipfile.ZipFile(ruta) as z:
        for nombre in z.namelist():
            parte = re.fullmatch(r"word/(document|header|footer|footnotes)\d*\.xml", nombre)
            if not parte:
                continue
            limpia = limpiar_marcas(z.read(nombre).decode("utf-8"))
            fuente = re.sub(r"<w:p([ >])", r"\n<w:p\1", limpia)
            legible = _PARTES[parte.group(1)]

            def donde(linea, mensaje, fuente=fuente, legible=legible):
                return Problema(archivo, None, f"{_lugar(legible, fuente, linea or 1)}: {mensaje}")
            problemas, usadas = revisar_jinja(entorno, fuente, provistas, donde)
            revision.problemas += _marcas_en_nombres(fuente, donde) + problemas
            revision.usadas |= usadas
    return revision


_NOMBRE_CON_MARCA = re.compile(r'<w:(bookmarkStart|hyperlink)\b[^>]*?w:(name|anchor)="([^"]*(?:\{\{|\{%|_\}\})[^"]*)"')


def _marcas_en_nombres(fuente: str, donde) -> list[Problema]:
    """Marcas dentro del nombre de un marcador o del destino de un vínculo interno: Word y
    LibreOffice cambian ahí los espacios por «_» y cortan el nombre a 40 letras, y la marca se
    rompe al guardar (o ya se rompió: «{{_s.ancla_}}»)."""
    problemas = []
    for numero, linea in enumerate(fuente.split("\n"), start=1):
        for elemento, _, valor in _NOMBRE_CON_MARCA.findall(linea):
            que = "el nombre de un marcador" if elemento == "bookmarkStart" else "el destino de un vínculo interno"
            if elemento == "hyperlink" and not re.search(r"\{\{_|_\}\}|\{\{ | \}\}|\{%", valor):
                continue  # «{{s.marcador}}», sin espacios: Word y LibreOffice lo dejan igual
            problemas.append(donde(numero, f"{que} lleva la marca «{valor}»: Word y LibreOffice cambian ahí "
                                            "los espacios por «_» y cortan el nombre a 40 letras; use un nombre "
                                            "fijo (un marcador «_Toc_recomendaciones») o una marca sin espacios "
                                            "(«{{s.marcador}}»)"))
    return problemas


def _lugar(parte: str, fuente: str, linea: int) -> str:
    """«cuerpo, párrafo 12 («Nota del conocimiento…»), tabla 2, fila 1, celda 3»."""
    lineas = fuente.split("\n")
    texto = re.sub(r"<[^>]+>", "", lineas[min(linea, len(lineas)) - 1]).strip()
    lugar = f"{parte}, párrafo {max(1, linea - 1)}" + (f" («{texto[:50]}…»)" if texto else "")
    antes = "\n".join(lineas[:linea - 1])
    if antes.count("<w:tbl>") > antes.count("</w:tbl>"):
        tabla = antes[antes.rfind("<w:tbl>"):]
        fila = len(re.findall(r"<w:tr[ >]", tabla))
        celda = len(re.findall(r"<w:tc[ >]", tabla[tabla.rfind("<w:tr"):]))
        lugar += f", tabla {antes.count('<w:tbl>')}, fila {fila}, celda {celda}"
    return lugar


def _colores_ajenos(documento, archivo: str, plantillas: Path) -> list[Problema]:
    """Un color de título, cita, leyenda o enlace que no está en ``comun/identidad.yml``: el
    PDF no lo sigue (lee los colores de ahí), así que Word y PDF se verían distintos."""
    from ..institucional import identidad

    try:
        colores = {str(c).lstrip("#").upper() for c in (identidad(plantillas).get("colores") or {}).values()}
    except ErrorFuente:
        return []  # la falta de identidad.yml se informa aparte
    constructor = ConstructorWord(documento, archivo)
    pedidos = [("titulo", {"nivel": n}) for n in (1, 2, 3, 4, 5)] + [("cita", {}), ("leyenda", {}), ("enlace", {})]
    problemas, vistos = [], set()
    for clave, formato in pedidos:
        try:
            estilo = documento.styles.element.get_by_id(constructor.id_estilo(clave, **formato))
        except (ErrorPlantilla, KeyError):
            continue
        if estilo is None or estilo.styleId in vistos:
            continue
        vistos.add(estilo.styleId)
        color = estilo.find(f"{qn('w:rPr')}/{qn('w:color')}")
        valor = (color.get(qn("w:val")) or "").upper() if color is not None else ""
        if valor and valor not in ("AUTO", "000000") and valor not in colores:
            problemas.append(Problema(archivo, None, nivel=AVISO, mensaje=(
                f"el estilo «{BabelFish.internal2ui(estilo.name_val or estilo.styleId)}» "
                f"usa el color #{valor}, que no está en comun/identidad.yml: el PDF no lo sigue; "
                "si es el nuevo color del Programa, cámbielo también en identidad.yml (colores)")))
    return problemas


def _estilos_faltantes(documento, archivo: str) -> list[Problema]:
    """Los estilos que el texto de Markdown necesita (y la numeración de las listas)."""
    constructor = ConstructorWord(documento, archivo)
    problemas = []
    pedidos: list[tuple[str, dict]] = [(clave, {}) for clave in ESTILOS_OBLIGATORIOS]
    pedidos += [("titulo", {"nivel": n}) for n in (1, 2, 3, 4)]
    for clave, formato in pedidos:
        try:
            constructor.id_estilo(clave, **formato)
            if clave in ("ul", "ol"):
                constructor._abstracto(clave)
        except ErrorPlantilla as exc:  # un aviso: falla solo si un texto lo necesita
            problemas.append(Problema(archivo, None, str(exc).replace(f"la plantilla «{archivo}» ", "la plantilla ")
                                      + " (si un texto lo necesita, el documento no se podrá hacer)", nivel=AVISO))
    return problemas
