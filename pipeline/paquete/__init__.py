"""El paquete para el Repositorio Institucional: ``salida/paquete/<nombre>-<fecha>/`` y su .zip.

Por etapas, cada una en su módulo:

1. **selección** (``seleccion.py``): qué se publica, según la política de cada tipo; estricto;
2. **documentos**: el mismo motor que ``construir`` hace (o reusa, si están al día) los
   archivos de los formatos que van al paquete (PDF/A-3u y DOCX);
3. **metadatos y catálogo** (``metadatos.py``, ``catalogo.py``, ``saf.py``): Dublin Core
   según ALICIA, ``catalogo.json``/``.csv``, ``index.html`` y el árbol SAF de DSpace;
4. **datos personales** (``pipeline/privacidad.py``): nada sale si hay un hallazgo;
5. **archivo** (``archivo.py``): ``SHA256SUMS`` y el zip reproducible.

``verificacion.py`` revisa un paquete ya hecho. Las mismas fuentes dan el mismo zip, byte a
byte (con ``SOURCE_DATE_EPOCH``). Si no hay nada que publicar, no se arma un paquete vacío: se
dice por qué. Con ``revision``, el paquete de revisión (``revision.py``): los borradores
también, con marca de agua, y la página de lo que bloquea cada documento.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import privacidad
from ..corpus import Corpus
from ..errores import ErrorEscritura, ErrorFuente, ErrorPlantilla, Problema, error_de_escritura, ruta_legible
from ..recinto import es_nombre_seguro, exigir_salida, nombre_archivo
from ..registro import Formato, formatos
from . import archivo, catalogo, metadatos, saf
from .seleccion import BLOQUEADO, CON_ERRORES, Entrada, revisar, seleccionar
from .verificacion import verificar

__all__ = ["ResultadoPaquete", "construir_paquete", "verificar"]


@dataclass
class ResultadoPaquete:
    carpeta: Path | None = None
    zip: Path | None = None
    publicados: list[dict] = field(default_factory=list)
    no_publicados: list[tuple[str, str]] = field(default_factory=list)
    problemas: list[Problema] = field(default_factory=list)
    vacio: bool = False  # no había nada que publicar: no se armó
    bloqueados: list[Problema] = field(default_factory=list)  # avisos que impiden publicar un documento
    entradas: list[Entrada] = field(default_factory=list)  # el paquete de revisión: cada fuente

    @property
    def codigo_salida(self) -> int:
        return 1 if self.problemas else 0


def formatos_del_paquete() -> list[Formato]:
    """Los formatos que van al paquete, el principal primero."""
    return sorted((f for f in formatos().values() if f.en_paquete), key=lambda f: not f.principal)


def construir_paquete(contenido: Path, salida: Path, plantillas: Path,
                      nombre: str | None = None, al_informar=None, revision: bool = False) -> ResultadoPaquete:
    resultado = ResultadoPaquete()
    try:
        meta = metadatos.leer(plantillas)
    except ErrorFuente as exc:
        resultado.problemas += exc.problemas
        return resultado
    nombre = nombre or str(meta.get("nombre") or "paquete")
    if not es_nombre_seguro(nombre):
        resultado.problemas.append(Problema(ruta_legible(plantillas / "paquete" / "metadatos.yml"), None,
            f"«{nombre}» no sirve como nombre del paquete: use minúsculas sin tildes, números y "
            f"guiones, por ejemplo «{nombre_archivo(nombre)}»", campo="nombre"))
        return resultado

    corpus = Corpus(contenido)
    if revision:
        return _revision(corpus, meta, nombre, contenido, salida, plantillas, resultado, al_informar)
    seleccion = seleccionar(corpus, plantillas, salida)
    resultado.no_publicados = seleccion.no_publicados
    resultado.bloqueados = list(dict.fromkeys(seleccion.bloqueados))
    resultado.problemas += seleccion.problemas
    if resultado.problemas:
        return resultado
    if not seleccion.publicables:  # un paquete vacío no se arma: se dice por qué
        resultado.vacio = True
        return resultado
    archivos_por_doc, errores = _documentos(seleccion.publicables, corpus, contenido, salida, plantillas)
    resultado.problemas += errores
    if resultado.problemas:
        return resultado
    _armar(seleccion.publicables, archivos_por_doc, meta, nombre, contenido, salida, plantillas,
           resultado, al_informar)
    return resultado


def _revision(corpus: Corpus, meta: dict, nombre: str, contenido: Path, salida: Path, plantillas: Path,
              resultado: ResultadoPaquete, al_informar) -> ResultadoPaquete:
    """El paquete de revisión: todo lo publicable o bloqueado, con marca de agua."""
    resultado.entradas = revisar(corpus, plantillas, salida)
    borradores = [e for e in resultado.entradas if e.en_borrador]
    archivos, errores = _documentos([e.doc for e in borradores], corpus, contenido, salida, plantillas)
    por_fuente: dict[str, list[str]] = {}
    for problema in errores:
        por_fuente.setdefault(problema.archivo, []).append(str(problema))
    elegidos = []
    for entrada, hechos in zip(borradores, archivos, strict=True):
        if entrada.fuente in por_fuente:  # no se pudo generar: queda en la página, sin archivo
            entrada.estado, entrada.bloqueos = CON_ERRORES, entrada.bloqueos + por_fuente[entrada.fuente]
        else:
            elegidos.append((entrada, hechos))
    resultado.no_publicados = [(e.fuente, "; ".join(e.bloqueos)) for e in resultado.entradas if e.bloqueos]
    _armar([e.doc for e, _ in elegidos], [h for _, h in elegidos], meta, f"{nombre}-revision", contenido, salida,
           plantillas, resultado, al_informar, entradas=[e for e, _ in elegidos])
    return resultado


def _documentos(publicables: list, corpus: Corpus, contenido: Path, salida: Path,
                plantillas: Path) -> tuple[list[dict[str, Path]], list[Problema]]:
    """Los archivos de cada documento en los formatos del paquete, hechos (o reusados, si están
    al día) por el mismo motor que ``construir``."""
    from ..construir import trabajos_de_fuentes
    from ..motor import Motor, Opciones, Pedido

    nombres = [f.nombre for f in formatos_del_paquete()]
    trabajos = trabajos_de_fuentes(corpus, salida, nombres)
    rutas = {str(doc.fuente.ruta.resolve()) for doc in publicables}
    elegidos = [t for t in trabajos if t.clave in rutas]
    motor = Motor(Opciones(contenido, salida, plantillas), corpus)
    resumen = motor.construir(Pedido(elegidos, set()))  # sin huérfanos: no es su tarea
    por_clave = {t.clave: dict(t.destinos) for t in elegidos}
    return [por_clave[str(doc.fuente.ruta.resolve())] for doc in publicables], list(resumen.errores)


def _armar(publicables: list, archivos_por_doc: list[dict[str, Path]], meta: dict, nombre: str,
           contenido: Path, salida: Path, plantillas: Path, resultado: ResultadoPaquete,
           al_informar, entradas: list[Entrada] | None = None) -> None:
    """Documentos, catálogo, SAF, revisión de datos personales, sumas y zip, en una carpeta
    temporal que solo al final se pone en su lugar. Con ``entradas``, el paquete de revisión."""
    fecha = metadatos.fecha_paquete()
    raiz = salida / "paquete"
    final = raiz / f"{nombre}-{fecha.isoformat()}"
    temporal = None
    try:
        exigir_salida(final, salida)
        raiz.mkdir(parents=True, exist_ok=True)
        archivo.borrar_temporales(raiz)
        temporal = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=raiz))
        carpeta = temporal / final.name
        (carpeta / "documentos").mkdir(parents=True)
        registros, incluidos = _copiar(carpeta, publicables, archivos_por_doc, meta, contenido, plantillas, fecha,
                            entradas, al_informar)
        del_paquete = formatos_del_paquete()
        catalogo.escribir_json(carpeta / "catalogo.json", registros)
        catalogo.escribir_csv(carpeta / "catalogo.csv", registros, [f.extension for f in del_paquete])
        catalogo.escribir_indice(carpeta / "index.html", registros, plantillas, fecha)
        if entradas is not None:
            from .revision import escribir_pagina

            escribir_pagina(carpeta / "revision.html", resultado.entradas, incluidos, plantillas, fecha)
        descripcion = " y ".join(f.descripcion for f in del_paquete)
        (carpeta / "LEEME.txt").write_text(
            metadatos.leeme(registros, resultado.no_publicados, fecha, descripcion, revision=entradas is not None),
            encoding="utf-8")

        resultado.problemas += privacidad.revisar_carpeta(
            carpeta, privacidad.datos_personales(contenido), privacidad.Permitidos.de_plantillas(plantillas),
            omitir=saf.es_copia)
        if resultado.problemas:
            return
        archivo.escribir_sumas(carpeta)
        archivo.reemplazar(carpeta, final)
        resultado.carpeta, resultado.zip = final, final.with_name(final.name + ".zip")
        archivo.zip_reproducible(final, resultado.zip, fecha)
        resultado.publicados = registros
    except ErrorPlantilla as exc:
        resultado.problemas.append(Problema(ruta_legible(plantillas), None, f"no se pudo generar: {exc}"))
    except ErrorEscritura as exc:
        resultado.problemas.append(Problema(ruta_legible(raiz), None, str(exc)))
    except OSError as exc:
        resultado.problemas.append(Problema(ruta_legible(raiz), None, str(error_de_escritura(exc, raiz))))
    finally:
        if temporal is not None:
            shutil.rmtree(temporal, ignore_errors=True)


def _copiar(carpeta: Path, publicables: list, archivos_por_doc: list[dict[str, Path]], meta: dict,
            contenido: Path, plantillas: Path, fecha, entradas: list[Entrada] | None,
            al_informar) -> tuple[list[dict], dict[str, str]]:
    """Los archivos de cada documento en ``documentos/`` y su ítem SAF. En el paquete de
    revisión, cada PDF con la marca de agua, y un documento con datos personales queda fuera
    (su entrada dice dónde los tiene)."""
    from .revision import marcar_borrador

    del_paquete = formatos_del_paquete()
    personales = privacidad.datos_personales(contenido) if entradas is not None else []
    permitidos = privacidad.Permitidos.de_plantillas(plantillas)
    registros: list[dict] = []
    incluidos: dict[str, str] = {}  # fuente → su archivo principal en el paquete
    for i, (doc, hechos) in enumerate(zip(publicables, archivos_por_doc, strict=True)):
        numero = len(registros) + 1
        base = f"{numero:03d}-{doc.tipo.nombre}-{nombre_archivo(doc.titulo)[:60].strip('-')}"
        copias = []
        for f in del_paquete:
            copia = carpeta / "documentos" / f"{base}.{f.extension}"
            if entradas is not None and f.extension == "pdf":
                marcar_borrador(hechos[f.nombre], copia, fecha)
            else:
                shutil.copyfile(hechos[f.nombre], copia)
            copias.append((copia, f.principal))
        if entradas is not None and not _sin_datos_personales(carpeta, copias, entradas[i], personales, permitidos):
            continue
        registro = metadatos.registro(doc, numero, meta)
        registro["archivos"] = {c.suffix[1:]: f"documentos/{c.name}" for c, _ in copias}
        incluidos[ruta_legible(doc.fuente.ruta)] = registro["archivos"][del_paquete[0].extension]
        registros.append(registro)
        saf.escribir_item(carpeta, numero - 1, registro, copias)
        if al_informar:
            al_informar(f"✓ {ruta_legible(doc.fuente.ruta)} → {registro['archivos'][del_paquete[0].extension]}")
    return registros, incluidos


def _sin_datos_personales(carpeta: Path, copias: list, entrada: Entrada, personales, permitidos) -> bool:
    """Revisa las copias de un borrador; si tienen datos personales, las quita y lo anota."""
    revision = privacidad.Revision(personales, permitidos)
    for copia, _ in copias:
        relativa = copia.relative_to(carpeta).as_posix()
        revision.archivo(copia, f"{carpeta.name}/{relativa}", relativa)
    if not revision.problemas:
        return True
    for copia, _ in copias:
        copia.unlink()
    entrada.estado = BLOQUEADO
    entrada.bloqueos += [f"{p} (no entra ni al paquete de revisión)" for p in revision.problemas]
    return False
