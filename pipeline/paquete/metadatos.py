"""Metadatos del paquete: el registro Dublin Core (directriz ALICIA de CONCYTEC) de cada
documento publicado, su ``dublin_core.xml`` de DSpace y el ``LEEME.txt``.

Lo fijo (editor, derechos, área OCDE, palabras clave, dominios institucionales) está en
``plantillas/paquete/metadatos.yml``, que la SGIC corrige; el tipo COAR de cada documento lo
declara su tipo (``coar``) y ``tipos_coar`` de ese archivo, si lo trae, lo reemplaza.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

DC = ["dc.title", "dc.contributor.author", "dc.date.issued", "dc.type", "dc.language.iso",
      "dc.publisher", "dc.rights", "dc.description.abstract", "dc.subject", "dc.subject.ocde",
      "dc.coverage.spatial"]
_CON_IDIOMA = ("dc.title", "dc.description.abstract", "dc.subject", "dc.coverage.spatial")


def fecha_paquete() -> dt.date:
    """La fecha del paquete: la de ``SOURCE_DATE_EPOCH`` (paquete reproducible) o hoy."""
    epoca = os.environ.get("SOURCE_DATE_EPOCH")
    if epoca and epoca.isdigit():
        return dt.datetime.fromtimestamp(int(epoca), tz=dt.UTC).date()
    return dt.date.today()


def leer(plantillas: Path) -> dict:
    from ..institucional import datos_de_plantillas

    return datos_de_plantillas(plantillas, "paquete/metadatos.yml")


def resumen(doc) -> str:
    """dc.description.abstract: el comienzo del primer texto del documento."""
    for arbol in doc.secciones.values():
        texto = arbol.texto_plano()
        if texto:
            return texto if len(texto) <= 600 else texto[:600].rsplit(" ", 1)[0] + "…"
    return doc.titulo


def registro(doc, numero: int, meta: dict) -> dict:
    """El registro del catálogo de un documento: facetas y Dublin Core."""
    tipo = doc.tipo
    fecha = getattr(doc.modelo, "fecha", None)
    emitido = fecha.isoformat() if fecha else str(tipo.fecha(doc).year)
    propios = tipo.metadatos(doc)
    coar = (meta.get("tipos_coar") or {}).get(tipo.nombre) or tipo.coar
    return {
        "id": f"{numero:03d}",
        "tipo": tipo.nombre,
        "tipo_nombre": tipo.descripcion.capitalize(),
        "categoria": propios["categoria"],
        "region": propios["region"],
        "anio": emitido[:4],
        "servicio": propios["servicio"],
        "dc.title": doc.titulo,
        "dc.contributor.author": [a.strip() for a in doc.autor.split(";") if a.strip()],
        "dc.date.issued": emitido,
        "dc.type": coar,
        "dc.language.iso": meta["idioma"],
        "dc.publisher": " ".join(str(meta["editor"]).split()),
        "dc.rights": meta["derechos"],
        "dc.description.abstract": resumen(doc),
        "dc.subject": [propios["categoria"], tipo.descripcion, *meta.get("palabras_clave", [])],
        "dc.subject.ocde": meta["ocde"],
        "dc.coverage.spatial": propios["region"],
    }


def dublin_core_xml(registro: dict) -> str:
    filas = []
    for clave in DC:
        _, elemento, *calificador = clave.split(".")
        valores = registro[clave] if isinstance(registro[clave], list) else [registro[clave]]
        for valor in valores:
            idioma = ' language="es"' if clave in _CON_IDIOMA else ""
            filas.append(f'  <dcvalue element={quoteattr(elemento)} '
                         f'qualifier={quoteattr(calificador[0] if calificador else "none")}'
                         f'{idioma}>{escape(str(valor))}</dcvalue>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<dublin_core schema="dc">\n'
            + "\n".join(filas) + "\n</dublin_core>\n")


def leeme(registros, no_publicados, fecha: dt.date, formatos: str, revision: bool = False) -> str:
    lineas = [
        "Banco de buenas prácticas del Programa Nacional AURORA — paquete para el Repositorio "
        "Institucional", f"Fecha: {fecha.isoformat()}", ""]
    if revision:
        lineas += ["PAQUETE DE REVISIÓN — BORRADOR, NO PUBLICAR. Incluye lo que se publicaría si se",
                   "resolvieran sus bloqueos; cada PDF lleva la marca de agua «BORRADOR — no publicar».",
                   "- revision.html: el estado de cada documento y exactamente qué lo bloquea.", ""]
    lineas += [
        f"Documentos {'en borrador' if revision else 'publicados'}: {len(registros)} ({formatos}, en documentos/).",
        "- index.html: catálogo; se abre en cualquier navegador, sin conexión.",
        "- catalogo.json y catalogo.csv: metadatos Dublin Core (directriz ALICIA).",
        "- saf/: los mismos documentos en el Simple Archive Format de DSpace; se importa con",
        "  dspace import -a -e CORREO -c COLECCION -s saf -m mapa.txt",
        "- SHA256SUMS: sumas de control (sha256sum -c SHA256SUMS).", ""]
    for r in registros:
        lineas.append(f"{r['id']}  {r['tipo_nombre']}: {r['dc.title']}")
    if no_publicados:
        lineas += ["", "No se publican:"]
        lineas += [f"- {fuente}: {motivo}" for fuente, motivo in no_publicados]
    return "\n".join(lineas) + "\n"
