"""DOCX con docxtpl: la plantilla Word de la SGIC, con autoescape y contenido Word real."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

import jinja2
from docx.opc import pkgwriter as _pkgwriter
from docx.opc.phys_pkg import _ZipPkgWriter
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from .. import limites
from ..errores import ErrorPlantilla
from ..marcado.a_word import ConstructorWord
from ..recinto import dentro
from ..registro import Formato
from ..tipos.base import Documento
from . import buscar_logo, convertir
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

    def write(self, pack_uri, blob):
        info = zipfile.ZipInfo(pack_uri.membername, date_time=self.fecha)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self._zipf.writestr(info, blob, compresslevel=1)  # 4× más rápido, ≈ 15 % más grande


_pkgwriter.PhysPkgWriter = _EscritorZip  # type: ignore[misc]


class _Plantilla(DocxTemplate):
    """docxtpl limpia con expresiones regulares el XML de la plantilla (``patch_xml``) en cada
    documento; para la misma plantilla el resultado es el mismo: se hace una vez por proceso."""

    _limpias: dict[str, str] = {}

    def patch_xml(self, src_xml):
        limpia = self._limpias.get(src_xml)
        if limpia is None:
            if len(self._limpias) > 256:
                self._limpias.clear()
            limpia = self._limpias[src_xml] = super().patch_xml(src_xml)
        return limpia


def _propiedades_de_libreoffice(documento) -> None:
    """LibreOffice relaciona las propiedades del documento (``docProps/core.xml``) con un tipo
    de relación que python-docx no reconoce: sin esto, crearía otro ``core.xml`` y el DOCX
    tendría dos con el mismo nombre."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for relacion in documento.part.package.rels.values():
        if relacion.reltype != RT.CORE_PROPERTIES and relacion.reltype.endswith("/metadata/core-properties"):
            relacion._reltype = RT.CORE_PROPERTIES


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
    revisar_zip(ruta, nombre)
    try:
        plantilla = _Plantilla(ruta)
        plantilla.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ErrorPlantilla(f"la plantilla «{nombre}» no es un documento Word válido "
                             f"({type(exc).__name__})") from None
    _propiedades_de_libreoffice(plantilla.docx)

    constructor = ConstructorWord(plantilla.docx, nombre)
    contexto = convertir(doc.tipo.contexto(doc), constructor.convertir)
    logo = buscar_logo(plantillas, doc.tipo.plantilla, (".png", ".jpg", ".jpeg"))
    contexto["logo"] = InlineImage(plantilla, str(logo), height=Mm(11)) if logo else None
    contexto["ejemplo"] = doc.ejemplo

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
