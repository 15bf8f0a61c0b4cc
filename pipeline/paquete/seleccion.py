"""Qué va al paquete: cada fuente se valida y su tipo decide si se publica
(``pipeline/publicacion.py``). Es estricto: una fuente con errores, o un documento publicable
con avisos, detiene el paquete."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import Corpus
from ..errores import AVISO, ErrorFuente, Problema, error_interno, ruta_legible


@dataclass
class Seleccion:
    publicables: list = field(default_factory=list)  # Documentos validados
    no_publicados: list[tuple[str, str]] = field(default_factory=list)  # (fuente, motivo)
    problemas: list[Problema] = field(default_factory=list)


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
            seleccion.problemas += [Problema(p.archivo, p.linea, f"(paquete: un aviso es un error) {p.mensaje}",
                                             campo=p.campo, rotulo=p.rotulo) for p in doc.avisos]
            seleccion.publicables.append(doc)
        else:
            seleccion.no_publicados.append((ruta_legible(ruta), decision.motivo))
    seleccion.problemas = list(dict.fromkeys(seleccion.problemas))  # un error de datos, una vez
    return seleccion
