"""El paquete para el Repositorio Institucional: ``salida/paquete/<nombre>-<fecha>/`` y su .zip.

Contiene los documentos publicables (reglas en ``pipeline/publicacion.py``) en PDF/A-3u y
DOCX; ``index.html`` (catálogo que funciona sin red, con filtros y búsqueda); ``catalogo.json``
y ``catalogo.csv`` (Dublin Core según ALICIA); ``saf/`` (Simple Archive Format de DSpace);
``SHA256SUMS`` y ``LEEME.txt``.

Es estricto: una fuente con errores, o un documento publicable con avisos, detiene el paquete.
Antes de escribir el zip, cada texto del paquete se revisa en busca de los datos personales de
las fuentes (correos, celulares, DNI, edades del equipo y de los representantes) y de patrones
de correo, celular y DNI: un hallazgo detiene el paquete y dice el archivo y el campo.
Las mismas fuentes dan el mismo zip, byte a byte (con ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from . import limites, privacidad
from .errores import (AVISO, ErrorEscritura, ErrorFuente, ErrorPlantilla, Problema, error_de_escritura,
                      error_interno, ruta_legible)
from .fuentes import buscar_fuentes, leer_fuente
from .recinto import es_nombre_seguro, exigir_salida, nombre_archivo

VARIANTE_PDF = "pdf/a-3u"


@dataclass
class ResultadoPaquete:
    carpeta: Path | None = None
    zip: Path | None = None
    publicados: list[dict] = field(default_factory=list)
    no_publicados: list[tuple[str, str]] = field(default_factory=list)
    problemas: list[Problema] = field(default_factory=list)

    @property
    def codigo_salida(self) -> int:
        return 1 if self.problemas else 0


def _fecha_paquete() -> dt.date:
    epoca = os.environ.get("SOURCE_DATE_EPOCH")
    if epoca and epoca.isdigit():
        return dt.datetime.fromtimestamp(int(epoca), tz=dt.timezone.utc).date()
    return dt.date.today()


def _metadatos(plantillas: Path) -> dict:
    from .institucional import datos_de_plantillas

    return datos_de_plantillas(plantillas, "paquete/metadatos.yml")


# ------------------------------------------------------------ registro Dublin Core
def _resumen(doc) -> str:
    """dc.description.abstract: el comienzo del primer texto del documento."""
    for arbol in doc.secciones.values():
        texto = arbol.texto_plano()
        if texto:
            return texto if len(texto) <= 600 else texto[:600].rsplit(" ", 1)[0] + "…"
    return doc.titulo


def _registro(doc, numero: int, meta: dict) -> dict:
    from .construir import fecha_documento

    modelo, exp, ins = doc.modelo, doc.experiencia, doc.instancia
    fecha = getattr(modelo, "fecha", None)
    emitido = fecha.isoformat() if fecha else str(fecha_documento(doc).year)
    region = (exp.region if exp and exp.region else
              ins.territorio.region if ins else "Perú")
    categoria = (exp.categoria if exp and exp.categoria else
                 "Instancias de concertación" if ins else
                 getattr(modelo, "practica", None) or doc.tipo.descripcion.capitalize())
    servicio = (exp.servicio_o_unidad if exp else ins.gobierno_nombre if ins else None) or ""
    return {
        "id": f"{numero:03d}",
        "tipo": doc.tipo.nombre,
        "tipo_nombre": doc.tipo.descripcion.capitalize(),
        "categoria": categoria,
        "region": region,
        "anio": emitido[:4],
        "servicio": servicio,
        "dc.title": doc.titulo,
        "dc.contributor.author": [a.strip() for a in doc.autor.split(";") if a.strip()],
        "dc.date.issued": emitido,
        "dc.type": meta["tipos_coar"][doc.tipo.nombre],
        "dc.language.iso": meta["idioma"],
        "dc.publisher": " ".join(str(meta["editor"]).split()),
        "dc.rights": meta["derechos"],
        "dc.description.abstract": _resumen(doc),
        "dc.subject": [categoria, doc.tipo.descripcion, *meta.get("palabras_clave", [])],
        "dc.subject.ocde": meta["ocde"],
        "dc.coverage.spatial": region,
    }


_DC = ["dc.title", "dc.contributor.author", "dc.date.issued", "dc.type", "dc.language.iso",
       "dc.publisher", "dc.rights", "dc.description.abstract", "dc.subject", "dc.subject.ocde",
       "dc.coverage.spatial"]


def _dublin_core_xml(registro: dict) -> str:
    filas = []
    for clave in _DC:
        _, elemento, *calificador = clave.split(".")
        valores = registro[clave] if isinstance(registro[clave], list) else [registro[clave]]
        for valor in valores:
            idioma = ' language="es"' if clave in ("dc.title", "dc.description.abstract",
                                                   "dc.subject", "dc.coverage.spatial") else ""
            filas.append(f'  <dcvalue element={quoteattr(elemento)} '
                         f'qualifier={quoteattr(calificador[0] if calificador else "none")}'
                         f'{idioma}>{escape(str(valor))}</dcvalue>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<dublin_core schema="dc">\n'
            + "\n".join(filas) + "\n</dublin_core>\n")


def _archivos(carpeta: Path) -> list[Path]:
    """Los archivos de la carpeta y sus subcarpetas, en orden (el mismo en cada paquete)."""
    return sorted(p for p in carpeta.rglob("*") if p.is_file())


def _es_copia_saf(relativa: str) -> bool:
    """Los documentos del SAF son copias byte a byte de los de documentos/ (ya revisados)."""
    return relativa.startswith("saf/") and relativa.endswith((".pdf", ".docx"))


# -------------------------------------------------------------------- el paquete
def _zip_reproducible(carpeta: Path, destino: Path, fecha: dt.date) -> None:
    marca = (max(fecha.year, 1980), fecha.month, fecha.day, 0, 0, 0)
    temporal = destino.with_suffix(".zip.tmp")
    try:
        with zipfile.ZipFile(temporal, "w", zipfile.ZIP_DEFLATED) as z:
            for ruta in _archivos(carpeta):
                info = zipfile.ZipInfo(f"{carpeta.name}/{ruta.relative_to(carpeta).as_posix()}",
                                       date_time=marca)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, ruta.read_bytes())
        os.replace(temporal, destino)
    finally:
        temporal.unlink(missing_ok=True)


def _leeme(registros, no_publicados, fecha) -> str:
    lineas = [
        "Banco de buenas prácticas del Programa Nacional AURORA — paquete para el Repositorio "
        "Institucional", f"Fecha: {fecha.isoformat()}", "",
        f"Documentos publicados: {len(registros)} (PDF/A-3u y DOCX, en documentos/).",
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


def construir_paquete(contenido: Path, salida: Path, plantillas: Path,
                      nombre: str | None = None, al_informar=None) -> ResultadoPaquete:
    """Arma el paquete con el cerrojo de ``salida`` tomado (como una construcción)."""
    from .construir import tomar_cerrojo

    cerrojo = tomar_cerrojo(salida)
    try:
        return _construir_paquete(contenido, salida, plantillas, nombre, al_informar)
    finally:
        cerrojo.soltar()


def _borrar_temporales_del_paquete(carpeta: Path) -> None:
    """Las carpetas temporales que dejó un paquete interrumpido («.nombre-fecha.xxxx»)."""
    for vieja in carpeta.glob(".*-*.*"):
        if vieja.is_dir() and not vieja.is_symlink():
            shutil.rmtree(vieja, ignore_errors=True)
    for vieja in carpeta.glob("*.zip.tmp"):
        vieja.unlink(missing_ok=True)


def _construir_paquete(contenido: Path, salida: Path, plantillas: Path, nombre: str | None,
                       al_informar) -> ResultadoPaquete:
    from .construir import escribir, preparar
    from .publicacion import decidir

    resultado = ResultadoPaquete()
    try:
        meta = _metadatos(plantillas)
    except ErrorFuente as exc:
        resultado.problemas += exc.problemas
        return resultado
    fecha = _fecha_paquete()
    nombre = nombre or str(meta.get("nombre") or "paquete")
    if not es_nombre_seguro(nombre):
        resultado.problemas.append(Problema(ruta_legible(plantillas / "paquete" / "metadatos.yml"), None,
            f"«{nombre}» no sirve como nombre del paquete: use minúsculas sin tildes, números y "
            f"guiones, por ejemplo «{nombre_archivo(nombre)}»", campo="nombre"))
        return resultado
    raiz = salida / "paquete"
    carpeta_final = raiz / f"{nombre}-{fecha.isoformat()}"

    # 1. todas las fuentes válidas; los publicables, sin avisos (modo estricto)
    publicables = []
    for ruta in buscar_fuentes(contenido):
        try:
            doc = preparar(leer_fuente(ruta, contenido), plantillas)
            decision = decidir(doc)
        except ErrorFuente as exc:
            resultado.problemas += [p for p in exc.problemas if p.nivel != AVISO]
            continue
        except Exception as exc:  # lo inesperado es un error de esa fuente, no un traceback
            resultado.problemas.append(error_interno(exc, ruta_legible(ruta), 1, salida))
            continue
        if decision.problemas:
            resultado.problemas += list(decision.problemas)
        elif decision.publica:
            resultado.problemas += [Problema(p.archivo, p.linea,
                                             f"(paquete: un aviso es un error) {p.mensaje}",
                                             campo=p.campo, rotulo=p.rotulo) for p in doc.avisos]
            publicables.append(doc)
        else:
            resultado.no_publicados.append((ruta_legible(ruta), decision.motivo))
    if resultado.problemas:
        resultado.problemas = list(dict.fromkeys(resultado.problemas))  # un error de datos, una vez
        return resultado

    # 2. los documentos, el catálogo y el SAF, en una carpeta temporal
    temporal = None
    try:
        exigir_salida(carpeta_final, salida)
        raiz.mkdir(parents=True, exist_ok=True)
        _borrar_temporales_del_paquete(raiz)
        temporal = Path(tempfile.mkdtemp(prefix=f".{carpeta_final.name}.", dir=raiz))
        carpeta = temporal / carpeta_final.name
        (carpeta / "documentos").mkdir(parents=True)
        registros = []
        for numero, doc in enumerate(publicables, start=1):
            base = f"{numero:03d}-{doc.tipo.nombre}-{nombre_archivo(doc.titulo)[:60].strip('-')}"
            archivos = {"pdf": carpeta / "documentos" / f"{base}.pdf",
                        "docx": carpeta / "documentos" / f"{base}.docx"}
            try:
                escribir(doc, archivos, plantillas, VARIANTE_PDF, salida=salida)
            except (ErrorPlantilla, limites.LimiteExcedido) as exc:
                resultado.problemas.append(Problema(doc.fuente.archivo, 1, f"no se pudo generar: {exc}"))
                continue
            except ErrorFuente as exc:
                resultado.problemas += exc.problemas
                continue
            registro = _registro(doc, numero, meta)
            registro["archivos"] = {f: f"documentos/{p.name}" for f, p in archivos.items()}
            registros.append(registro)
            item = carpeta / "saf" / f"item_{numero - 1:03d}"
            item.mkdir(parents=True)
            (item / "dublin_core.xml").write_text(_dublin_core_xml(registro), encoding="utf-8")
            for f, p in archivos.items():
                shutil.copyfile(p, item / p.name)
            (item / "contents").write_text(
                f"{archivos['pdf'].name}\tbundle:ORIGINAL\tprimary:true\n"
                f"{archivos['docx'].name}\tbundle:ORIGINAL\n", encoding="utf-8")
            if al_informar:
                al_informar(f"✓ {ruta_legible(doc.fuente.ruta)} → {registro['archivos']['pdf']}")
        if resultado.problemas:
            return resultado
        (carpeta / "catalogo.json").write_text(
            json.dumps(registros, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            encoding="utf-8")
        _catalogo_csv(carpeta / "catalogo.csv", registros)
        _indice(carpeta / "index.html", registros, plantillas, fecha)
        (carpeta / "LEEME.txt").write_text(
            _leeme(registros, resultado.no_publicados, fecha), encoding="utf-8")

        # 3. datos personales: nada sale si hay un hallazgo
        resultado.problemas += privacidad.revisar_carpeta(
            carpeta, privacidad.datos_personales(contenido), privacidad.Permitidos.de_plantillas(plantillas),
            omitir=_es_copia_saf)
        if resultado.problemas:
            return resultado

        # 4. sumas de control, carpeta final y zip reproducible
        sumas = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(carpeta).as_posix()}"
                 for p in _archivos(carpeta)]
        (carpeta / "SHA256SUMS").write_text("\n".join(sumas) + "\n", encoding="utf-8")
        if carpeta_final.is_symlink() or carpeta_final.is_file():
            carpeta_final.unlink()
        elif carpeta_final.exists():
            shutil.rmtree(carpeta_final)
        os.replace(carpeta, carpeta_final)
        resultado.carpeta = carpeta_final
        resultado.zip = carpeta_final.with_name(carpeta_final.name + ".zip")
        _zip_reproducible(carpeta_final, resultado.zip, fecha)
        resultado.publicados = registros
    except ErrorPlantilla as exc:
        resultado.problemas.append(Problema(ruta_legible(plantillas), None, f"no se pudo generar: {exc}"))
    except ErrorEscritura as exc:
        resultado.problemas.append(Problema(ruta_legible(raiz), None, str(exc)))
    except OSError as exc:
        resultado.problemas.append(Problema(ruta_legible(raiz), None,
                                            str(error_de_escritura(exc, raiz))))
    finally:
        if temporal is not None:
            shutil.rmtree(temporal, ignore_errors=True)
    return resultado


def _catalogo_csv(ruta: Path, registros: list[dict]) -> None:
    columnas = ["id", "tipo", "categoria", "region", "anio", "servicio", *_DC, "pdf", "docx"]
    texto = io.StringIO()
    escritor = csv.writer(texto, lineterminator="\n")
    escritor.writerow(columnas)
    for r in registros:
        fila = []
        for c in columnas:
            valor = r["archivos"][c] if c in ("pdf", "docx") else r[c]
            fila.append("||".join(valor) if isinstance(valor, list) else valor)
        escritor.writerow(fila)
    ruta.write_text(texto.getvalue(), encoding="utf-8")


def _indice(ruta: Path, registros: list[dict], plantillas: Path, fecha: dt.date) -> None:
    from .render import entorno_html

    datos = json.dumps(registros, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")

    def opciones(clave):
        return sorted({r[clave] for r in registros if r[clave]})

    html = entorno_html(plantillas).get_template("paquete/index.html").render(
        registros=registros, datos=datos, fecha=fecha.isoformat(),
        categorias=opciones("categoria"), regiones=opciones("region"), anios=opciones("anio"),
        tipos=sorted({(r["tipo"], r["tipo_nombre"]) for r in registros}))
    ruta.write_text(html, encoding="utf-8")


def verificar(carpeta: Path) -> list[str]:
    """Revisa un paquete ya hecho: sumas de control y árbol SAF (para CI)."""
    from xml.etree import ElementTree as ET

    fallas = []
    sumas = carpeta / "SHA256SUMS"
    if not sumas.is_file():
        return [f"{carpeta}: falta SHA256SUMS"]
    listados = set()
    for linea in sumas.read_text(encoding="utf-8").splitlines():
        suma, nombre = linea.split("  ", 1)
        listados.add(nombre)
        archivo = carpeta / nombre
        if not archivo.is_file() or hashlib.sha256(archivo.read_bytes()).hexdigest() != suma:
            fallas.append(f"{nombre}: la suma de control no coincide")
    presentes = {p.relative_to(carpeta).as_posix() for p in _archivos(carpeta)}
    for nombre in sorted(presentes - listados - {"SHA256SUMS"}):
        fallas.append(f"{nombre}: no está en SHA256SUMS")
    for item in sorted((carpeta / "saf").glob("item_*")):
        raiz = ET.parse(item / "dublin_core.xml").getroot()
        if raiz.tag != "dublin_core" or not raiz.findall("dcvalue"):
            fallas.append(f"{item.name}/dublin_core.xml: no es un dublin_core de DSpace")
        elementos = {(v.get("element"), v.get("qualifier")) for v in raiz.findall("dcvalue")}
        for necesario in (("title", "none"), ("contributor", "author"), ("date", "issued"),
                          ("type", "none"), ("language", "iso")):
            if necesario not in elementos:
                fallas.append(f"{item.name}/dublin_core.xml: falta dc.{'.'.join(n for n in necesario if n != 'none')}")
        for linea in (item / "contents").read_text(encoding="utf-8").splitlines():
            archivo = linea.split("\t")[0]
            if not (item / archivo).is_file():
                fallas.append(f"{item.name}/contents: no existe {archivo}")
    return fallas
