"""Qué va al paquete: cada fuente se valida y su tipo decide si se publica
(``pipeline/publicacion.py``). Es estricto: una fuente con errores, o un dato personal en un
documento publicable, detiene el paquete; un documento publicable con avisos no se publica (un
aviso es un error para ese documento) y se dice por qué."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import privacidad
from ..corpus import Corpus
from ..errores import AVISO, ErrorFuente, Problema, error_interno, ruta_legible


@dataclass
class Seleccion:
    publicables: list = field(default_factory=list)  # Documentos validados
    no_publicados: list[tuple[str, str]] = field(default_factory=list)  # (fuente, motivo)
    problemas: list[Problema] = field(default_factory=list)
    bloqueados: list[Problema] = field(default_factory=list)  # los avisos que impiden publicar


def seleccionar(corpus: Corpus, plantillas: Path, salida: Path) -> Seleccion:
    from ..motor import preparar
    from ..publicacion import decidir

    seleccion = Seleccion()
    for ruta in corpus.fuentes():
        try:
            doc = preparar(corpus.leer(ruta), plantillas, corpus)
            decision = decidir(doc, corpus)
        except ErrorFuente as exc:
            seleccion.problemas += [p for p in exc.problemas if p.nivel != AVISO]
            continue
        except Exception as exc:  # lo inesperado es un error de esa fuente, no un traceback
            seleccion.problemas.append(error_interno(exc, ruta_legible(ruta), 1, salida))
            continue
        if decision.problemas:
            seleccion.problemas += list(decision.problemas)
        elif decision.publica:
            como_error = [Problema(p.archivo, p.linea, f"(paquete: un aviso es un error) {p.mensaje}",
                                   campo=p.campo, rotulo=p.rotulo) for p in doc.avisos]
            privados = [e for e, p in zip(como_error, doc.avisos, strict=True) if privacidad.es_hallazgo(p)]
            seleccion.problemas += privados  # un dato personal detiene todo el paquete
            if como_error:
                seleccion.bloqueados += [e for e in como_error if e not in privados]
                seleccion.no_publicados.append((ruta_legible(ruta), "tiene avisos, que en el paquete son "
                                                                    "errores (arriba)"))
            else:
                seleccion.publicables.append(doc)
        else:
            seleccion.no_publicados.append((ruta_legible(ruta), decision.motivo))
    seleccion.problemas = list(dict.fromkeys(seleccion.problemas))  # un error de datos, una vez
    return seleccion


# ------------------------------------------------------------------ la revisión
PUBLICABLE, BLOQUEADO, CON_ERRORES, NO_SE_PUBLICA = "se publica", "bloqueado", "con errores", "no se publica"


@dataclass
class Entrada:
    """Una fuente en la página de revisión: su estado y lo que impide publicarla."""

    fuente: str
    tipo: str
    titulo: str
    estado: str
    bloqueos: list[str] = field(default_factory=list)
    doc: object = None  # el Documento, si se pudo validar

    @property
    def en_borrador(self) -> bool:
        """Va al paquete de revisión: se publicaría, o se publicaría resueltos sus bloqueos."""
        return self.doc is not None and self.estado in (PUBLICABLE, BLOQUEADO)


def revisar(corpus: Corpus, plantillas: Path, salida: Path) -> list[Entrada]:
    """Cada fuente, con su estado de publicación y, si no se publica, exactamente por qué:
    errores con archivo y línea, la evaluación que falta, los avisos (que el paquete estricto
    toma por errores) o la marca de ejemplo."""
    from ..motor import preparar
    from ..publicacion import EJEMPLO

    entradas = []
    for ruta in corpus.fuentes():
        legible = ruta_legible(ruta)
        try:
            fuente = corpus.leer(ruta)
            doc = preparar(fuente, plantillas, corpus)
            decision = doc.tipo.decidir_publicacion(doc, corpus)  # y la marca de ejemplo, aparte
        except ErrorFuente as exc:
            errores = [str(p) for p in exc.problemas if p.nivel != AVISO]
            entradas.append(Entrada(legible, _tipo_de(corpus, ruta), "", CON_ERRORES, errores))
            continue
        except Exception as exc:  # lo inesperado, como un error de esa fuente
            entradas.append(Entrada(legible, _tipo_de(corpus, ruta), "", CON_ERRORES,
                                    [str(error_interno(exc, legible, 1, salida))]))
            continue
        bloqueos = [str(p) for p in decision.problemas]
        if decision.publica or decision.bloqueo:
            if not decision.publica:
                bloqueos.insert(0, decision.motivo)
            if doc.ejemplo:
                bloqueos.insert(0, EJEMPLO)
            bloqueos += [f"{p} (aviso: el paquete lo toma por error)" for p in doc.avisos
                         if p.campo != "ejemplo"]  # la marca de ejemplo ya está dicha
            estado = BLOQUEADO if bloqueos else PUBLICABLE
        else:
            estado, bloqueos = NO_SE_PUBLICA, [decision.motivo]
        entradas.append(Entrada(legible, doc.tipo.descripcion, doc.titulo, estado, bloqueos, doc))
    return entradas


def _tipo_de(corpus: Corpus, ruta: Path) -> str:
    from ..tipos import TIPOS

    nombre = corpus.tipo_de(ruta)
    return TIPOS[nombre].descripcion if nombre is not None and nombre in TIPOS else "—"
