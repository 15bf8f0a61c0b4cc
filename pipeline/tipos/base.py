"""Lo común a todos los tipos de documento: modelo pydantic, secciones, errores en castellano.

Un tipo de documento es **un módulo** de ``pipeline/tipos/`` con una subclase de
``TipoDocumento`` que declara, como atributos de clase, todo lo que el resto del programa
necesita saber de él: su nombre, su orden, su objetivo de Make y su ayuda (``registro.py`` los
lee sin importar el módulo), su política de publicación y su tipo COAR, y las columnas de su
lote si lo tiene; y, como métodos, su modelo, secciones, reglas, contexto, fecha y metadatos.
Nada más se toca para agregar un tipo: el registro, la línea de órdenes, el Makefile y el
paquete lo encuentran solos. Sus dos plantillas van en ``plantillas/<nombre>/``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from .. import marcado, privacidad
from ..corpus import Corpus
from ..errores import AVISO, ErrorFuente, Problema, en_orden, lista_legible, sugerencia
from ..fuentes import Fuente
from ..modelo import MARCA_COMPLETAR, Modelo, validar_modelo
from ..publicacion import Decision
from ..vocabularios import normalizar

FECHA_FIJA = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # si la fuente no da ninguna


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
    tipo: TipoDocumento
    modelo: Any
    secciones: dict[str, marcado.Arbol]
    avisos: list[Problema] = field(default_factory=list)
    lineas_titulo: dict[str, int] = field(default_factory=dict)  # clave → línea de su «## »
    experiencia: Any = None  # pipeline.experiencia.Experiencia, si el tipo la usa
    plantillas: Path = Path("plantillas")
    instancia: Any = None  # pipeline.instancia.Instancia, si el tipo la usa
    ejemplo: bool = False  # «ejemplo: true»: datos ilustrativos; se marca y nunca se publica
    valores: dict = field(default_factory=dict)  # lo que devolvieron las reglas del tipo
    dependencias_reglas: frozenset[str] = frozenset()  # otras fuentes que leyeron las reglas

    def dependencias(self) -> set[str]:
        """Todo aquello cuyo cambio obliga a reconstruir el documento en cualquier formato (ver
        pipeline/estado.py); las plantillas de cada formato las agrega el formato."""
        deps = set(self.fuente.dependencias) | set(self.dependencias_reglas)
        # los archivos de datos que el tipo no usa no lo cambian
        if self.tipo.requisitos is None:
            deps = {d for d in deps if not d.endswith("/experiencia.yml")}
        if not self.tipo.usa_instancia:
            deps = {d for d in deps if not d.endswith("/instancia.yml")}
        for arbol in self.secciones.values():
            deps |= arbol.recursos()
        if self.tipo.usa_instancia:  # el logo del gobierno, si lo dejan en la carpeta
            carpeta = self.fuente.carpeta.resolve()
            deps |= {str(carpeta / f"logo{ext}") for ext in (".png", ".jpg", ".jpeg", ".svg")}
        deps.add(f"archivos:{self.plantillas.resolve()}:yml,yaml")  # los datos de la SGIC
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


@dataclass
class Reglas:
    """Lo que devuelven las reglas de un tipo: problemas, valores calculados para el contexto
    (la evaluación que lee una carta, el quórum de un acta) y las fuentes que leyeron."""

    problemas: list[Problema] = field(default_factory=list)
    valores: dict = field(default_factory=dict)
    dependencias: set[str] = field(default_factory=set)


# ----------------------------------------------------------------------- el tipo
class TipoDocumento:
    """Un tipo de documento. Cada módulo de ``tipos`` define una subclase."""

    # Identidad: el registro ligero (pipeline/registro.py) lee estas cuatro del código.
    nombre: ClassVar[str]
    orden: ClassVar[int]  # lugar en listas, ayuda y tablas (el del ciclo)
    objetivo_make: ClassVar[str]  # «notas»: `make notas` (también vale en `construir`)
    ayuda: ClassVar[str]  # una línea para la ayuda de la línea de órdenes y el README
    descripcion: ClassVar[str]  # «nota del conocimiento»: para mensajes y metadatos
    plantilla: ClassVar[str]  # carpeta bajo plantillas/ (por omisión, el nombre)
    modelo: ClassVar[type[Modelo]]
    # Los datos que el contexto da a las plantillas: nombre → qué es (para la SGIC). La revisión
    # de plantillas y la referencia salen de aquí; una prueba lo compara con el contexto real.
    variables: ClassVar[dict[str, str]] = {}
    # Publicación en el Repositorio Institucional (pipeline/publicacion.py):
    #   «nunca»; «si_la_fuente_lo_dice» (``publico: true``); «segun_evaluacion» (la evaluación
    #   decisiva de la carpeta, pipeline/ciclo.py: publica si su resultado tiene ``publica_si``
    #   en la tabla de la edición, plantillas/convocatoria/).
    publicacion: ClassVar[str] = "nunca"
    motivo_no_publica: ClassVar[str] = "este tipo de documento no se publica"
    publica_si: ClassVar[str] = ""  # «publica_nota», «publica_informe»
    # Una lista del contexto cuyos elementos se paginan aparte en el PDF (cada carta, su
    # «Página 1 de 1»); la plantilla Word hace lo mismo con una sección por elemento.
    paginar_por: ClassVar[str | None] = None
    coar: ClassVar[str | None] = None  # tipo de recurso COAR (dc.type) si se publica
    # Lote: las columnas de la tabla CSV (vacío: el tipo no se construye en lote) y las que
    # debe tener para que una tabla de contenido/ se reconozca como suya.
    columnas_lote: ClassVar[tuple[str, ...]] = ()
    columnas_obligatorias_lote: ClassVar[tuple[str, ...]] = ()
    # El nombre del archivo de cada fila: la columna que lo da («» = la primera con valor), o
    # (columna, {valor: columnas}) si depende de otra; varias columnas = carpetas (ver
    # registro.DeclaracionTipo.ruta_para).
    nombre_de_fila: ClassVar[str | tuple] = ""
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

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "nombre" in cls.__dict__ and "plantilla" not in cls.__dict__:
            cls.plantilla = cls.nombre

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        """Reglas propias del tipo que miran secciones, campos y otras fuentes a la vez."""
        return Reglas()

    def contexto(self, doc: Documento) -> dict:
        raise NotImplementedError

    # ------------------------------------------------------------------- política
    def fecha(self, doc: Documento) -> dt.datetime:
        """La fecha de los metadatos, la misma en cada construcción (los archivos son
        reproducibles): la de la fuente; si no, el 1 de enero de su año (o del fin de su
        periodo, o del año de su número); si no, SOURCE_DATE_EPOCH; si no, una fija."""
        modelo = doc.modelo
        fecha = getattr(modelo, "fecha", None)
        if fecha is not None:
            return dt.datetime(fecha.year, fecha.month, fecha.day, tzinfo=dt.UTC)
        anio = getattr(modelo, "anio", None) or getattr(modelo, "anio_efectivo", None)
        periodo = getattr(modelo, "periodo", None)
        if not anio and periodo is not None and hasattr(periodo, "hasta"):
            anio = int(periodo.hasta[:4])  # un informe sin fecha: el año en que termina su periodo
        numero = getattr(modelo, "numero", None)
        if not anio and isinstance(numero, str) and numero[-4:].isdigit():
            anio = int(numero[-4:])
        if anio:
            return dt.datetime(int(anio), 1, 1, tzinfo=dt.UTC)
        epoca = os.environ.get("SOURCE_DATE_EPOCH")
        if epoca and epoca.isdigit():
            return dt.datetime.fromtimestamp(int(epoca), tz=dt.UTC)
        return FECHA_FIJA

    def logo(self, doc: Documento, plantillas: Path, extensiones: tuple[str, ...]) -> tuple[Path | None, str]:
        """El logo del encabezado y su texto alternativo. En los documentos del Programa, el de
        la SGIC (``plantillas/<tipo>/`` o ``plantillas/comun/``). En los de una instancia, el del
        gobierno que los emite: un ``logo.png`` en la carpeta del documento (o en
        ``plantillas/<tipo>/``), nunca el del Programa."""
        from ..institucional import identidad
        from ..render import buscar_logo

        if self.usa_instancia and doc.instancia is not None:
            propia = doc.fuente.carpeta.resolve()
            carpetas = ((propia, propia), (plantillas / self.plantilla, plantillas))
            return (buscar_logo(plantillas, self.plantilla, extensiones, carpetas),
                    f"Logo de la {doc.instancia.gobierno_nombre}")
        return buscar_logo(plantillas, self.plantilla, extensiones), identidad(plantillas).get("logo_alt", "Logo")

    def metadatos(self, doc: Documento) -> dict:
        """Lo que el catálogo y Dublin Core dicen del documento, además de título y autoría:
        categoría, región (dc.coverage.spatial) y servicio; de la experiencia o la instancia."""
        exp, ins = doc.experiencia, doc.instancia
        region = exp.region if exp and exp.region else ins.territorio.region if ins else "Perú"
        categoria = (exp.categoria if exp and exp.categoria else
                     "Instancias de concertación" if ins else
                     getattr(doc.modelo, "practica", None) or self.descripcion.capitalize())
        servicio = (exp.servicio_o_unidad if exp else ins.gobierno_nombre if ins else None) or ""
        return {"categoria": categoria, "region": region, "servicio": servicio}

    def decidir_publicacion(self, doc: Documento, corpus: Corpus) -> Decision:
        """Si el documento va al paquete del Repositorio, según ``publicacion``."""
        if self.publicacion == "nunca":
            return Decision(False, self.motivo_no_publica)
        if self.publicacion == "si_la_fuente_lo_dice":
            if getattr(doc.modelo, "publico", False):
                return Decision(True, "su fuente dice «publico: true»")
            return Decision(False, "su fuente no dice «publico: true»", bloqueo=True)
        from ..ciclo import ciclo_de

        ciclo = ciclo_de(doc.fuente, doc.plantillas, corpus)
        if ciclo.errores:
            return Decision(False, "las evaluaciones de la carpeta tienen errores", tuple(ciclo.errores),
                            bloqueo=True)
        if ciclo.decisiva is None:
            return Decision(False, "falta la evaluación de la SGIC que decide su publicación (la del "
                                   "informe de sistematización, bases §7 y §10)", bloqueo=True)
        return self.decidir_con_evaluacion(doc, ciclo.decisiva)

    def decidir_con_evaluacion(self, doc: Documento, decisiva) -> Decision:
        """Según la evaluación decisiva: publica si su resultado lo permite (``publica_si``)."""
        resultado = decisiva.resultado
        if getattr(resultado, self.publica_si, False):
            return Decision(True, f"la evaluación de la fase «{decisiva.fase.nombre}» la hace «{resultado.resultado}»")
        if not decisiva.final:  # la categoría se fija con la evaluación del informe (§7)
            return Decision(False, f"la evaluación decisiva es la de la fase «{decisiva.fase.nombre}» "
                                   f"(«{resultado.resultado}»): falta la evaluación del informe, que fija la "
                                   "categoría (bases §7)", bloqueo=True)
        return Decision(False, f"la evaluación de la fase «{decisiva.fase.nombre}» dice «{resultado.resultado}»: "
                               f"{self.motivo_no_publica}")

    # ------------------------------------------------------------------------ lote
    def fuente_de_fila(self, tabla: Path, archivo: str, linea: int, fila: dict, raiz: Path) -> Fuente:
        """La fuente de una fila de una tabla: cada columna, un campo del documento."""
        from ..fuentes import Origen

        datos: dict = {"tipo": self.nombre, **fila}
        origenes = {(c,): Origen(archivo, linea) for c in datos}
        return Fuente(ruta=tabla, archivo=archivo, datos=datos, origenes=origenes,
                      propios=set(datos), linea_front_matter=linea, preambulo="",
                      linea_preambulo=linea, secciones=[], raiz=raiz)

    def problema_de_fila(self, problema: Problema, linea: int) -> Problema:
        """Un problema de una fila, con su número de fila y su columna."""
        campo, fila = problema.campo, f"fila {linea - 1}"
        if campo:
            return Problema(problema.archivo, linea, problema.mensaje, campo=campo,
                            nivel=problema.nivel, rotulo=f"{fila}, columna")
        return Problema(problema.archivo, linea, f"{fila}: {problema.mensaje}", nivel=problema.nivel)

    # ------------------------------------------------------------------ validar
    def _validar_datos(self, fuente: Fuente, plantillas: Path) -> tuple[Any, list[Problema], Any, Any]:
        """Los campos de la fuente y los datos que hereda (experiencia.yml, instancia.yml)."""
        from ..experiencia import Experiencia, validar_experiencia
        from ..instancia import Instancia, validar_instancia

        usa_experiencia = self.requisitos is not None
        ignorar = set(Experiencia.model_fields) if usa_experiencia else set()
        if self.usa_instancia:
            ignorar |= set(Instancia.model_fields)
        ignorar.add("ejemplo")  # vale en cualquier documento
        if fuente.problemas_lectura:  # YAML roto: sus campos no se leen; sus secciones, sí
            modelo, problemas = None, list(fuente.problemas_lectura)
        else:
            modelo, problemas = validar_modelo(fuente, self.modelo, ignorar=ignorar)
        if fuente.datos.get("ejemplo") not in (None, True, False):
            problemas.append(fuente.problema(("ejemplo",), "debe ser «true» o «false»"))
        experiencia = instancia = None
        if usa_experiencia:
            experiencia, problemas_exp = validar_experiencia(
                fuente, self.requisitos, self.descripcion, self.experiencia_obligatoria, plantillas)
            problemas += problemas_exp
        if self.usa_instancia:
            instancia, problemas_ins = validar_instancia(fuente, self.descripcion,
                                                         self.necesita_integrantes)
            problemas += problemas_ins
        return modelo, problemas, experiencia, instancia

    def validar(self, fuente: Fuente, plantillas: Path, corpus: Corpus) -> Documento:
        ejemplo = fuente.datos.get("ejemplo")
        modelo, problemas, experiencia, instancia = self._validar_datos(fuente, plantillas)
        # Todo en una pasada: las secciones se revisan aunque algún campo esté mal (con lo que
        # se pudo leer de los campos), y las comprobaciones entre campos corren si los campos
        # son válidos, aunque haya errores en las secciones. Los problemas salen en el orden
        # de la fuente.
        datos_validos = modelo is not None and not any(p.nivel != AVISO for p in problemas)
        rotos = {p.campo.split(".")[0] for p in problemas if p.campo and p.nivel != AVISO}
        secciones, lineas, problemas_secciones = self._secciones_en_lo_posible(fuente, modelo, rotos)
        problemas += problemas_secciones
        if not datos_validos:
            raise ErrorFuente(en_orden(problemas, fuente.archivo))
        doc = Documento(fuente, self, modelo, secciones, [p for p in problemas if p.nivel == AVISO],
                        lineas, experiencia, plantillas, instancia=instancia,
                        ejemplo=ejemplo is True)
        if doc.ejemplo:
            doc.avisos.append(fuente.problema(("ejemplo",),
                "documento con datos ilustrativos («ejemplo: true»): lleva la marca EJEMPLO y no "
                "se publica", nivel=AVISO))
        errores_secciones = [p for p in problemas if p.nivel != AVISO]
        reglas = self._reglas_en_lo_posible(doc, corpus, errores_secciones)
        if errores_secciones or any(p.nivel != AVISO for p in reglas.problemas):
            raise ErrorFuente(en_orden(problemas + reglas.problemas, fuente.archivo))
        doc.avisos += reglas.problemas
        doc.valores = reglas.valores
        doc.dependencias_reglas = frozenset(reglas.dependencias)
        doc.avisos += [Problema(fuente.archivo, fuente.origen(("pendientes", i)).linea,
                                f"pendiente: {texto}", campo="pendientes", nivel=AVISO)
                       for i, texto in enumerate(getattr(modelo, "pendientes", []) or [])]
        if self.publicacion != "nunca":  # lo que puede publicarse no lleva datos personales
            doc.avisos += privacidad.revisar_fuente(fuente, privacidad.Permitidos.de_plantillas(plantillas))
        return doc

    def _secciones_en_lo_posible(self, fuente: Fuente, modelo, rotos: set[str]) -> tuple[dict, dict, list[Problema]]:
        """Las secciones con el modelo validado o, si un campo tiene error, con los campos que
        se pudieron leer (sin los rotos, ni validar): si ni así se sabe qué secciones lleva, se
        revisan en la pasada siguiente."""
        if modelo is not None:
            return self._secciones(fuente, modelo)
        datos = {k: v for k, v in fuente.datos.items() if k in self.modelo.model_fields and k not in rotos}
        try:
            return self._secciones(fuente, self.modelo.model_construct(**datos))
        except (AttributeError, TypeError, KeyError, ValueError):
            return {}, {}, []

    def _reglas_en_lo_posible(self, doc: Documento, corpus: Corpus, errores: list[Problema]) -> Reglas:
        """Las comprobaciones entre campos; con errores en las secciones, las que se pueden hacer
        sin las secciones que fallaron (una que las necesita espera a la pasada siguiente)."""
        if not errores:
            return self.reglas(doc, corpus)
        try:
            return self.reglas(doc, corpus)
        except ErrorFuente as exc:
            return Reglas(exc.problemas)
        except (AttributeError, TypeError, KeyError, ValueError):
            return Reglas([])

    def _secciones(self, fuente: Fuente, modelo) -> tuple[dict, dict, list[Problema]]:
        definidas = self.secciones(modelo)
        if not definidas:  # documento hecho solo de campos
            return {}, {}, self._sin_secciones(fuente)
        todas = lista_legible(d.titulo + ("" if d.obligatoria else " (opcional)") for d in definidas)
        problemas: list[Problema] = []
        if fuente.preambulo.strip():
            problemas.append(Problema(fuente.archivo, fuente.linea_preambulo,
                "hay texto antes de la primera sección; todo el texto va debajo de un título "
                f"«## …». Las secciones son: {todas}"))
        encontradas: dict[str, marcado.Arbol] = {}
        lineas: dict[str, int] = {}
        for seccion in fuente.secciones:
            definicion, problema = self._definicion(fuente, seccion, definidas, encontradas, todas)
            if definicion is None:
                assert problema is not None
                problemas.append(problema)
                continue
            arbol, problemas_md = marcado.parsear(seccion.texto, fuente.carpeta, fuente.archivo,
                                                   seccion.linea_texto)
            problemas += problemas_md
            if arbol.analizado:  # si no, ya se dijo por qué: nada más que revisar en ella
                problemas += self._revisar_seccion(fuente, seccion, definicion, arbol)
            encontradas[definicion.clave] = arbol
            lineas[definicion.clave] = seccion.linea
        problemas += self._faltantes_y_orden(fuente, definidas, list(encontradas), todas, problemas)
        return encontradas, lineas, problemas

    def _sin_secciones(self, fuente: Fuente) -> list[Problema]:
        texto = "\n".join([fuente.preambulo] + [s.titulo + s.texto for s in fuente.secciones])
        if not texto.strip():
            return []
        return [Problema(fuente.archivo, fuente.linea_preambulo,
            f"la {self.descripcion} no lleva texto debajo de los campos: todo va en los "
            "campos del inicio, entre las líneas «---»")]

    @staticmethod
    def _definicion(fuente: Fuente, seccion, definidas: list[DefSeccion], encontradas: dict,
                    todas: str) -> tuple[DefSeccion | None, Problema | None]:
        """La definición de una sección escrita, o el problema: no es de este tipo, o está dos veces."""
        esperadas = {normalizar(t): d for d in definidas for t in (d.titulo, *d.alias)}
        definicion = esperadas.get(normalizar(seccion.titulo))
        if definicion is None:
            return None, Problema(fuente.archivo, seccion.linea,
                f"la sección «{seccion.titulo}» no corresponde a este tipo de documento."
                + sugerencia(seccion.titulo, [d.titulo for d in definidas])
                + f" Las secciones son, en este orden: {todas}")
        if definicion.clave in encontradas:
            return None, Problema(fuente.archivo, seccion.linea,
                f"la sección «{definicion.titulo}» está escrita dos veces")
        return definicion, None

    @staticmethod
    def _faltantes_y_orden(fuente: Fuente, definidas: list[DefSeccion], orden: list[str], todas: str,
                           previos: list[Problema]) -> list[Problema]:
        problemas = [Problema(fuente.archivo, fuente.secciones[-1].linea
                              if fuente.secciones else fuente.linea_preambulo,
                              f"falta la sección «## {d.titulo}»")
                     for d in definidas if d.obligatoria and d.clave not in orden]
        claves = [d.clave for d in definidas if d.clave in orden]
        if not any(p.nivel != AVISO for p in previos + problemas) and orden != claves:
            problemas.append(Problema(fuente.archivo, fuente.secciones[0].linea,
                f"las secciones están en otro orden; deben ir así: {todas}"))
        return problemas

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
