"""Lo común a todos los tipos de documento: modelo pydantic, secciones, errores en castellano.

Un tipo de documento es un módulo con su modelo (campos y reglas), sus secciones y el
nombre de sus plantillas; se registra en ``pipeline/tipos/__init__.py``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from .. import marcado, privacidad
from ..errores import AVISO, ErrorFuente, Problema, lista_legible, sugerencia
from ..fuentes import Fuente
from ..modelo import MARCA_COMPLETAR, Modelo, validar_modelo
from ..publicacion import INTERNOS
from ..vocabularios import normalizar


@dataclass(frozen=True)
class DefSeccion:
    clave: str
    titulo: str
    obligatoria: bool = True
    subsecciones: tuple[str, ...] = ()  # títulos «### …» que la sección debe incluir
    alias: tuple[str, ...] = ()  # otros títulos que también valen


@dataclass
class Documento:
    """Una fuente validada, lista para renderizar."""

    fuente: Fuente
    tipo: "TipoDocumento"
    modelo: Any
    secciones: dict[str, marcado.Arbol]
    avisos: list[Problema] = field(default_factory=list)
    lineas_titulo: dict[str, int] = field(default_factory=dict)  # clave → línea de su «## »
    experiencia: Any = None  # pipeline.experiencia.Experiencia, si el tipo la usa
    plantillas: Path = Path("plantillas")
    extra: dict = field(default_factory=dict)  # lo que las reglas del tipo calculan para el contexto
    instancia: Any = None  # pipeline.instancia.Instancia, si el tipo la usa
    ejemplo: bool = False  # «ejemplo: true»: datos ilustrativos; se marca y nunca se publica

    def dependencias(self) -> set[str]:
        """Todo aquello cuyo cambio obliga a reconstruir el documento (ver pipeline/estado.py)."""
        deps = set(self.fuente.dependencias) | set(self.extra.get("dependencias", ()))
        # los archivos de datos que el tipo no usa no lo cambian
        if self.tipo.requisitos is None:
            deps = {d for d in deps if not d.endswith("/experiencia.yml")}
        if not self.tipo.usa_instancia:
            deps = {d for d in deps if not d.endswith("/instancia.yml")}
        for arbol in self.secciones.values():
            deps |= arbol.recursos()
        plantillas = self.plantillas.resolve()
        deps |= {f"carpeta:{plantillas / self.tipo.plantilla}", f"carpeta:{plantillas / 'comun'}"}
        return deps

    @property
    def titulo(self) -> str:
        return self.tipo.titulo(self)

    @property
    def autor(self) -> str:
        return self.tipo.autor(self)


def subseccion(arbol: marcado.Arbol, titulo: str) -> list[ET.Element] | None:
    """Los elementos bajo el subtítulo «### titulo» hasta el siguiente «###» (None si no está)."""
    hijos = list(arbol.raiz)
    inicio = next((i for i, el in enumerate(hijos) if el.tag == "h3"
                   and normalizar("".join(el.itertext())) == normalizar(titulo)), None)
    if inicio is None:
        return None
    resto = hijos[inicio + 1:]
    fin = next((i for i, el in enumerate(resto) if el.tag in ("h1", "h2", "h3")), len(resto))
    return resto[:fin]


# ----------------------------------------------------------------------- el tipo
class TipoDocumento:
    """Un tipo de documento. Cada módulo de ``tipos`` define una subclase."""

    nombre: ClassVar[str]
    descripcion: ClassVar[str]  # «nota del conocimiento»: para mensajes y metadatos
    plantilla: ClassVar[str]  # carpeta bajo plantillas/
    modelo: ClassVar[type[Modelo]]
    # Datos de experiencia.yml: None (no los usa), o qué necesita y si el archivo es obligatorio.
    requisitos: ClassVar[Any] = None
    experiencia_obligatoria: ClassVar[bool] = True
    # Datos de instancia.yml: si el tipo los usa, y si necesita la lista de integrantes.
    usa_instancia: ClassVar[bool] = False
    necesita_integrantes: ClassVar[bool] = False

    def secciones(self, modelo) -> list[DefSeccion]:
        return []

    def titulo(self, doc: Documento) -> str:
        return doc.modelo.titulo

    def autor(self, doc: Documento) -> str:
        return "Programa Nacional AURORA"

    def reglas(self, doc: Documento) -> list[Problema]:
        """Reglas propias del tipo que miran secciones y campos a la vez."""
        return []

    def contexto(self, doc: Documento) -> dict:
        raise NotImplementedError

    # ------------------------------------------------------------------ validar
    def validar(self, fuente: Fuente, plantillas: Path = Path("plantillas")) -> Documento:
        from ..experiencia import Experiencia, validar_experiencia
        from ..instancia import Instancia, validar_instancia

        usa_experiencia = self.requisitos is not None
        ignorar = set(Experiencia.model_fields) if usa_experiencia else set()
        if self.usa_instancia:
            ignorar |= set(Instancia.model_fields)
        ignorar.add("ejemplo")  # vale en cualquier documento
        ejemplo = fuente.datos.get("ejemplo")
        modelo, problemas = validar_modelo(fuente, self.modelo, ignorar=ignorar)
        if ejemplo not in (None, True, False):
            problemas.append(fuente.problema(("ejemplo",), "debe ser «true» o «false»"))
        experiencia = instancia = None
        if usa_experiencia:
            experiencia, problemas_exp = validar_experiencia(
                fuente, self.requisitos, self.descripcion, self.experiencia_obligatoria)
            problemas += problemas_exp
        if self.usa_instancia:
            instancia, problemas_ins = validar_instancia(fuente, self.descripcion,
                                                         self.necesita_integrantes)
            problemas += problemas_ins
        secciones: dict[str, marcado.Arbol] = {}
        lineas: dict[str, int] = {}
        if modelo is not None:
            secciones, lineas, problemas_secciones = self._secciones(fuente, modelo)
            problemas += problemas_secciones
        if any(p.nivel != AVISO for p in problemas):
            raise ErrorFuente(problemas)
        doc = Documento(fuente, self, modelo, secciones, [p for p in problemas if p.nivel == AVISO],
                        lineas, experiencia, plantillas, instancia=instancia,
                        ejemplo=ejemplo is True)
        if doc.ejemplo:
            doc.avisos.append(fuente.problema(("ejemplo",),
                "documento con datos ilustrativos («ejemplo: true»): lleva la marca EJEMPLO y no "
                "se publica", nivel=AVISO))
        reglas = self.reglas(doc)
        if any(p.nivel != AVISO for p in reglas):
            raise ErrorFuente(reglas)
        doc.avisos += reglas
        doc.avisos += [Problema(fuente.archivo, fuente.origen(("pendientes", i)).linea,
                                f"pendiente: {texto}", campo="pendientes", nivel=AVISO)
                       for i, texto in enumerate(getattr(modelo, "pendientes", []) or [])]
        if self.nombre not in INTERNOS:  # lo que puede publicarse no lleva datos personales
            doc.avisos += privacidad.revisar_fuente(fuente, privacidad.Permitidos.de_plantillas(plantillas))
        return doc

    def _secciones(self, fuente: Fuente, modelo) -> tuple[dict, dict, list[Problema]]:
        definidas = self.secciones(modelo)
        if not definidas:  # documento hecho solo de campos
            texto = "\n".join([fuente.preambulo] + [s.titulo + s.texto for s in fuente.secciones])
            if texto.strip():
                return {}, {}, [Problema(fuente.archivo, fuente.linea_preambulo,
                    f"la {self.descripcion} no lleva texto debajo de los campos: todo va en los "
                    "campos del inicio, entre las líneas «---»")]
            return {}, {}, []
        esperadas = {normalizar(t): d for d in definidas for t in (d.titulo, *d.alias)}
        todas = lista_legible(d.titulo + ("" if d.obligatoria else " (opcional)") for d in definidas)
        problemas: list[Problema] = []
        if fuente.preambulo.strip():
            problemas.append(Problema(fuente.archivo, fuente.linea_preambulo,
                "hay texto antes de la primera sección; todo el texto va debajo de un título "
                f"«## …». Las secciones son: {todas}"))
        encontradas: dict[str, marcado.Arbol] = {}
        lineas: dict[str, int] = {}
        orden: list[str] = []
        for seccion in fuente.secciones:
            definicion = esperadas.get(normalizar(seccion.titulo))
            if definicion is None:
                problemas.append(Problema(fuente.archivo, seccion.linea,
                    f"la sección «{seccion.titulo}» no corresponde a este tipo de documento."
                    + sugerencia(seccion.titulo, [d.titulo for d in definidas])
                    + f" Las secciones son, en este orden: {todas}"))
                continue
            if definicion.clave in encontradas:
                problemas.append(Problema(fuente.archivo, seccion.linea,
                    f"la sección «{definicion.titulo}» está escrita dos veces"))
                continue
            arbol, problemas_md = marcado.parsear(seccion.texto, fuente.carpeta, fuente.archivo,
                                                   seccion.linea_texto)
            problemas += problemas_md
            if arbol.analizado:  # si no, ya se dijo por qué: nada más que revisar en ella
                problemas += self._revisar_seccion(fuente, seccion, definicion, arbol)
            encontradas[definicion.clave] = arbol
            lineas[definicion.clave] = seccion.linea
            orden.append(definicion.clave)
        for definicion in definidas:
            if definicion.obligatoria and definicion.clave not in encontradas:
                problemas.append(Problema(fuente.archivo, fuente.secciones[-1].linea
                                          if fuente.secciones else fuente.linea_preambulo,
                    f"falta la sección «## {definicion.titulo}»"))
        claves = [d.clave for d in definidas if d.clave in encontradas]
        if not any(p.nivel != AVISO for p in problemas) and orden != claves:
            problemas.append(Problema(fuente.archivo, fuente.secciones[0].linea,
                f"las secciones están en otro orden; deben ir así: {todas}"))
        return encontradas, lineas, problemas

    def _revisar_seccion(self, fuente: Fuente, seccion, definicion: DefSeccion,
                         arbol: marcado.Arbol) -> list[Problema]:
        problemas: list[Problema] = []
        if arbol.vacio:
            problemas.append(Problema(fuente.archivo, seccion.linea,
                f"la sección «{definicion.titulo}» está vacía"))
        for _ in arbol.raiz.iter("h1"):
            problemas.append(Problema(fuente.archivo, seccion.linea,
                f"dentro de la sección «{definicion.titulo}» use «###» para los subtítulos, no «#»"))
        problemas += self._subsecciones(fuente, seccion.linea, definicion, arbol)
        if MARCA_COMPLETAR in seccion.texto + seccion.titulo:
            problemas.append(Problema(fuente.archivo, marcado.linea_de(arbol, MARCA_COMPLETAR),
                f"complete la sección «{definicion.titulo}»: aún dice «{MARCA_COMPLETAR}»"))
        return problemas

    @staticmethod
    def _subsecciones(fuente: Fuente, linea: int, definicion: DefSeccion,
                      arbol: marcado.Arbol) -> list[Problema]:
        problemas = []
        for titulo in definicion.subsecciones:
            contenido = subseccion(arbol, titulo)
            if contenido is None:
                problemas.append(Problema(fuente.archivo, linea,
                    f"la sección «{definicion.titulo}» debe incluir la subsección «### {titulo}»"))
            elif not contenido:
                patron = re.compile(r"^\s*###\s*" + re.escape(titulo[:6]), re.IGNORECASE)
                problemas.append(Problema(fuente.archivo, marcado.linea_de(arbol, patron),
                    f"la subsección «### {titulo}» está vacía", nivel=AVISO))
        return problemas


def en_linea(*partes: str | ET.Element) -> marcado.Arbol:
    """Un fragmento en línea (sin párrafo propio) hecho de textos y elementos."""
    p = ET.Element("p")
    ultimo: ET.Element | None = None
    for parte in partes:
        if isinstance(parte, str):
            if ultimo is None:
                p.text = (p.text or "") + parte
            else:
                ultimo.tail = (ultimo.tail or "") + parte
        else:
            p.append(parte)
            ultimo = parte
    raiz = ET.Element("div")
    raiz.append(p)
    return marcado.Arbol(raiz, None, "", 0, "", en_linea=True)  # type: ignore[arg-type]


def elemento(etiqueta: str, texto: str, **atributos: str) -> ET.Element:
    el = ET.Element(etiqueta, atributos)
    el.text = texto
    return el


class TipoDeInstancia(TipoDocumento):
    """Documento de una instancia de concertación, que firma su Secretaría Técnica."""

    usa_instancia = True
    necesita_integrantes = True

    def autor(self, doc: Documento) -> str:
        return f"Secretaría Técnica de la {doc.instancia.nombre}"
