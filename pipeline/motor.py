"""El motor de construcción: uno solo para ``construir``, ``lote`` y ``paquete``.

Cada orden reúne **trabajos** (una fuente, o una fila de una tabla, con las salidas que pide en
cada formato) y el motor los corre todos igual, como los generadores de Pelican sobre un mismo
contexto:

- con el **cerrojo** de la carpeta de salida y sin temporales viejos;
- **incremental**: cada salida se rehace solo si cambió algo de lo que depende (huellas del
  contenido, por formato; ``pipeline/estado.py``). Un ``lote`` repetido sin cambios no hace
  nada; el paquete reusa los DOCX y PDF/A al día;
- **huérfanos**: las salidas de fuentes o filas que ya no existen se borran (en los grupos de
  trabajos que la orden cubre);
- **en paralelo**: un proceso por núcleo, que heredan el corpus ya leído;
- **atómico** (``pipeline/escritura.py``) y con un resumen por tipo al final.

Nada aquí nombra un formato ni un tipo de documento: los trae el trabajo.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import limites
from .corpus import Corpus
from .errores import AVISO, ErrorEscritura, ErrorFuente, ErrorPlantilla, Problema, error_interno, ruta_legible
from .escritura import borrar_salida, borrar_temporales, escribir
from .estado import CARPETA as CARPETA_ESTADO
from .estado import Cerrojo, Estado, Huellas, version_programa
from .fuentes import Fuente
from .registro import formatos as formatos_declarados
from .registro import nombres


class ErrorConstruccion(Exception):
    """La construcción no puede empezar (por ejemplo, otra está en curso)."""


@dataclass(frozen=True)
class Opciones:
    contenido: Path
    salida: Path
    plantillas: Path


@dataclass(frozen=True)
class Trabajo:
    """Un documento por hacer: una fuente, o una fila de una tabla."""

    clave: str  # la del estado: la fuente resuelta, o «tabla#territorio»
    grupo: str  # «fuentes» o «lote:<tabla>»: los huérfanos se buscan por grupo
    ruta: Path  # la fuente o la tabla
    destinos: tuple[tuple[str, Path], ...]  # (formato, archivo)
    tipo: str | None = None  # el de una fila se sabe antes de leerla
    fila: tuple[int, tuple[tuple[str, str], ...]] | None = None  # (línea, columnas) de una tabla
    dependencias: tuple[str, ...] = ()  # además de las del documento (una fila: «valor:…»)

    @property
    def donde(self) -> str:
        legible = ruta_legible(self.ruta)
        return f"{legible}:{self.fila[0]}" if self.fila else legible


@dataclass
class Resultado:
    trabajo: Trabajo
    tipo: str | None
    escritas: dict[str, Path]
    problemas: list[Problema]
    dependencias: dict[str, set[str]]  # por formato
    conservar: bool = False  # falló el disco, no la fuente: las salidas anteriores se quedan

    @property
    def fallido(self) -> bool:
        return any(p.nivel != AVISO for p in self.problemas)


@dataclass
class Resumen:
    """El resumen de una construcción (lo que la línea de órdenes muestra al final)."""

    construidos: list[list[Path]] = field(default_factory=list)
    fallidos: list[str] = field(default_factory=list)
    validos: int = 0
    problemas: list[Problema] = field(default_factory=list)
    segundos: float = 0.0
    tipos_vistos: set[str] = field(default_factory=set)
    sin_cambios: int = 0
    eliminados: int = 0
    por_tipo: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def errores(self) -> list[Problema]:
        return [p for p in self.problemas if p.nivel != AVISO]

    @property
    def avisos(self) -> list[Problema]:
        return [p for p in self.problemas if p.nivel == AVISO]

    @property
    def codigo_salida(self) -> int:
        return 1 if self.errores else 0


# ------------------------------------------------------------------ un documento
def preparar(fuente: Fuente, plantillas: Path, corpus: Corpus):
    """Valida una fuente ya leída con su tipo. Lanza ErrorFuente con todos sus problemas."""
    from .errores import sugerencia
    from .tipos import TIPOS

    tipo = fuente.tipo
    if fuente.problemas_lectura and tipo not in TIPOS:
        raise ErrorFuente(fuente.problemas_lectura)
    if tipo is None:
        raise ErrorFuente([fuente.problema(("tipo",),
            "falta el campo «tipo» (o no es un texto); escriba, por ejemplo, «tipo: nota». "
            f"Tipos disponibles: {', '.join(TIPOS)}")])
    if tipo not in TIPOS:
        raise ErrorFuente([fuente.problema(("tipo",),
            f"el tipo «{tipo}» no existe." + sugerencia(tipo, TIPOS)
            + f" Tipos disponibles: {', '.join(TIPOS)}")])
    return TIPOS[tipo].validar(fuente, plantillas, corpus)


def documento(trabajo: Trabajo, opciones: Opciones, corpus: Corpus):
    """El documento validado de un trabajo (una fuente o una fila)."""
    if trabajo.fila is None:
        return preparar(corpus.leer(trabajo.ruta), opciones.plantillas, corpus)
    from .tipos import TIPOS

    tipo = TIPOS[trabajo.tipo or ""]
    linea, columnas = trabajo.fila
    fuente = tipo.fuente_de_fila(trabajo.ruta, ruta_legible(trabajo.ruta), linea, dict(columnas),
                                 opciones.contenido)
    try:
        return tipo.validar(fuente, opciones.plantillas, corpus)
    except ErrorFuente as exc:
        raise ErrorFuente([tipo.problema_de_fila(p, linea) for p in exc.problemas]) from None


def ejecutar(trabajo: Trabajo, formatos: tuple[str, ...], opciones: Opciones, corpus: Corpus,
             solo_validar: bool = False, validado=None) -> Resultado:
    """Valida y (si no es solo validar) escribe un trabajo en ``formatos``. Nunca lanza. Con
    ``validado`` (el documento ya validado, por otro proceso), no lo vuelve a validar."""
    from . import render

    problemas: list[Problema] = []
    tipo, escritas, conservar = trabajo.tipo, {}, False
    dependencias: dict[str, set[str]] = {}
    try:
        if validado is not None:
            tipo = validado.tipo.nombre
        elif trabajo.fila is None:
            tipo = corpus.tipo_de(trabajo.ruta)
        doc = validado if validado is not None else documento(trabajo, opciones, corpus)
        avisos = doc.avisos
        if trabajo.fila is not None:
            avisos = [doc.tipo.problema_de_fila(p, trabajo.fila[0]) for p in avisos]
        problemas += avisos
        comunes = doc.dependencias() | set(trabajo.dependencias)
        todas = render.formatos()
        dependencias = {f: comunes | render.dependencias(opciones.plantillas, doc.tipo.plantilla, todas[f])
                        for f in formatos}
        if not solo_validar:
            from .render.revision import errores as errores_de_plantilla

            # una vez por construcción y tipo (un lote pregunta por cada fila)
            rotas = corpus.recordar(("plantillas rotas", doc.tipo.nombre, formatos), lambda: errores_de_plantilla(
                doc.tipo, opciones.plantillas, formatos, guardar_en=opciones.salida / CARPETA_ESTADO))
            if rotas:  # una plantilla rota detiene solo los documentos de su tipo
                raise ErrorFuente(rotas)
            destinos = dict(trabajo.destinos)
            salidas = {f: destinos[f] for f in formatos}
            escribir(doc, salidas, opciones.plantillas, salida=opciones.salida)
            escritas = salidas
    except ErrorFuente as exc:
        problemas += exc.problemas
    except (ErrorPlantilla, ErrorEscritura, limites.LimiteExcedido) as exc:
        linea = trabajo.fila[0] if trabajo.fila else 1
        prefijo = f"fila {linea - 1}: " if trabajo.fila else ""
        problemas.append(Problema(ruta_legible(trabajo.ruta), linea, f"{prefijo}no se pudo generar: {exc}"))
        conservar = isinstance(exc, ErrorEscritura)
    except Exception as exc:  # un fallo inesperado no detiene a los demás documentos
        linea = trabajo.fila[0] if trabajo.fila else 1
        problemas.append(error_interno(exc, ruta_legible(trabajo.ruta), linea,
                                       None if solo_validar else opciones.salida))
    return Resultado(trabajo, tipo, escritas, problemas, dependencias, conservar)


# ------------------------------------------------------------- procesos de trabajo
_CONTEXTO: dict = {}


def _iniciar(opciones: Opciones, corpus: Corpus) -> None:
    _CONTEXTO.update(opciones=opciones, corpus=corpus)


def _ejecutar_en_proceso(tarea) -> Resultado:
    trabajo, formatos, solo_validar = tarea
    try:
        return ejecutar(trabajo, formatos, _CONTEXTO["opciones"], _CONTEXTO["corpus"], solo_validar)
    finally:
        recoger(proceso_de_trabajo=True)


RECOGER_CADA = 64  # documentos
_hechos = 0


def recoger(proceso_de_trabajo: bool = False) -> None:
    """Libera la memoria de los documentos ya hechos.

    python-docx y docxtpl dejan por cada documento ciclos de referencias (el paquete y sus
    partes se apuntan entre sí) que el recolector de Python, por generaciones, libera tarde: en
    el lote de los 1 891 distritos la memoria de cada proceso crecía ~20 KB por documento. Se
    recogen cada ``RECOGER_CADA`` documentos; en un proceso de trabajo, lo cargado para el
    primero (módulos, plantillas, territorios) se congela (``gc.freeze``), así recoger solo
    recorre lo de los documentos y cuesta poco."""
    import gc

    global _hechos
    _hechos += 1
    if proceso_de_trabajo and _hechos == 1:
        gc.collect()
        gc.freeze()
    elif _hechos % RECOGER_CADA == 0:
        gc.collect()


class Ayudante:
    """Un proceso que carga las bibliotecas lentas (WeasyPrint: ~0,4 s) mientras el principal
    revisa qué hay que hacer, y que hace esos formatos mientras el principal hace los demás.

    Es para lo que más espera quien escribe: una fuente cambiada. Sin ayudante, su PDF espera
    a que WeasyPrint se cargue después de todo lo demás; con él, la carga ocurre en el otro
    núcleo desde el principio. Si resulta que no hay nada lento que hacer (o hay tanto que
    conviene repartirlo entre todos los procesos), se termina sin esperarlo."""

    def __init__(self, opciones: Opciones, corpus: Corpus, lentos: tuple[str, ...]):
        import multiprocessing

        contexto = multiprocessing.get_context("fork")
        self.lentos = lentos
        self._tubo, extremo = contexto.Pipe()
        self._proceso = contexto.Process(target=_ayudar, args=(extremo, opciones, corpus, lentos),
                                         name="sistematiza-ayudante", daemon=True)
        self._proceso.start()
        extremo.close()

    @classmethod
    def si_conviene(cls, opciones: Opciones, corpus: Corpus, formatos: Iterable[str],
                    procesos: int | None) -> Ayudante | None:
        """Un ayudante si hay formatos lentos por cargar, más de un núcleo permitido y este
        proceso puede bifurcarse sin riesgo (un solo hilo)."""
        import threading

        lentos = _por_calentar(dict.fromkeys(formatos))
        if (not lentos or numero_de_procesos(procesos) < 2 or os.name != "posix"
                or threading.active_count() > 1):
            return None
        try:
            return cls(opciones, corpus, lentos)
        except (OSError, ValueError):
            return None

    def hacer(self, trabajo: Trabajo, faltan: tuple[str, ...], opciones: Opciones, corpus: Corpus) -> Resultado:
        """El trabajo en ``faltan``: este proceso lo valida una vez y prepara lo que el ayudante
        necesita para los formatos lentos (el HTML del PDF: ``render.encargo``); el ayudante,
        que solo tiene cargado WeasyPrint, lo maqueta mientras este proceso hace los demás
        formatos. Después el trabajo se escribe como siempre (``ejecutar``), tomando lo que hizo
        el ayudante: el mismo archivo o el mismo error. Si el ayudante falla, este proceso lo
        hace todo."""
        from . import render

        lentos = tuple(f for f in faltan if f in self.lentos)
        if not lentos:
            return ejecutar(trabajo, faltan, opciones, corpus)
        try:
            doc = documento(trabajo, opciones, corpus)
        except Exception:  # sus problemas los informa ejecutar, como siempre
            return ejecutar(trabajo, faltan, opciones, corpus)
        temporales: dict[str, Path] = {}
        try:
            encargos = self._encargar(doc, lentos, trabajo, opciones, temporales)
            if encargos:
                try:
                    self._tubo.send(encargos)
                except (OSError, ValueError, TypeError, AttributeError):  # terminó de golpe: los hace este
                    encargos = {}
            resto = tuple(f for f in faltan if f not in lentos)
            propio = ejecutar(trabajo, resto, opciones, corpus, validado=doc) if resto else None
            respuesta = self._recibir() if encargos else None
            for formato, error in (respuesta or {}).items():
                render.dejar_hecho(doc, formato, error if error is not None else temporales.pop(formato))
            # los lentos, aparte (un error del PDF no detiene el DOCX): lo que hizo el ayudante
            # se toma; lo que no pudo hacer (o si terminó de golpe), lo hace este proceso
            return _unir(propio, ejecutar(trabajo, lentos, opciones, corpus, validado=doc))
        finally:
            render.olvidar_hechos(doc, lentos)
            for temporal in temporales.values():
                temporal.unlink(missing_ok=True)

    def _encargar(self, doc, lentos: tuple[str, ...], trabajo: Trabajo, opciones: Opciones,
                  temporales: dict[str, Path]) -> dict:
        """{formato: (encargo, archivo temporal)} de los formatos lentos que el ayudante puede
        hacer; un error al preparar uno queda como su resultado (``ejecutar`` lo informa)."""
        from . import render
        from .escritura import archivo_temporal
        from .recinto import exigir_salida

        encargos = {}
        destinos = dict(trabajo.destinos)
        for formato in lentos:
            try:
                exigir_salida(destinos[formato], opciones.salida)
                with limites.vigilar():  # el HTML es de una plantilla de la SGIC: vigilado
                    encargo = render.encargo(doc, formato, opciones.plantillas)
            except (Exception, limites.LimiteExcedido) as exc:
                if not isinstance(exc, ErrorEscritura | OSError):
                    render.dejar_hecho(doc, formato, exc)
                continue
            if encargo is None:
                continue
            try:
                temporales[formato] = archivo_temporal(destinos[formato])
            except ErrorEscritura:
                continue
            encargos[formato] = (encargo, temporales[formato])
        return encargos

    def _recibir(self) -> dict | None:
        try:
            return self._tubo.recv()
        except (EOFError, OSError):
            return None

    def cerrar(self) -> None:
        if self._proceso.is_alive():
            self._proceso.terminate()
        self._proceso.join(timeout=5)
        self._tubo.close()


def _por_calentar(nombres) -> tuple[str, ...]:
    """De los formatos ``nombres``, los de carga lenta cuya biblioteca no está cargada todavía
    en este proceso (sin importar nada para saberlo: lo dicen las declaraciones)."""
    import sys

    todos = formatos_declarados()
    return tuple(n for n in nombres if todos[n].carga_lenta and not (
        todos[n].modulo in sys.modules and sys.modules[todos[n].modulo].calentado()))


def _ayudar(tubo, opciones: Opciones, corpus: Corpus, lentos: tuple[str, ...]) -> None:
    """El ayudante: carga las bibliotecas de los formatos lentos y hace cada encargo que
    recibe ({formato: (encargo, archivo)}); responde {formato: None o el error}."""
    from . import render

    try:
        render.calentar(lentos)
        while (encargos := tubo.recv()) is not None:
            respuesta: dict[str, BaseException | None] = {}
            for formato, (encargo, archivo) in encargos.items():
                try:
                    with limites.vigilar():
                        encargo.hacer(archivo)
                    respuesta[formato] = None
                except (Exception, limites.LimiteExcedido) as exc:
                    respuesta[formato] = _enviable(exc)
            tubo.send(respuesta)
            recoger(proceso_de_trabajo=True)
    except (EOFError, OSError, KeyboardInterrupt):
        return


def _enviable(exc: BaseException) -> BaseException:
    """``exc``, si se puede enviar a otro proceso tal cual; si no, un error con su texto."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _unir(a: Resultado | None, b: Resultado | None) -> Resultado:
    """Un resultado con lo de ``a`` y ``b`` (el mismo trabajo en formatos distintos): los
    problemas de la fuente, que ambos ven, una sola vez."""
    if a is None or b is None:
        resultado = a or b
        assert resultado is not None
        return resultado
    return Resultado(a.trabajo, a.tipo or b.tipo, {**a.escritas, **b.escritas},
                     a.problemas + [p for p in b.problemas if p not in a.problemas],
                     {**a.dependencias, **b.dependencias}, a.conservar or b.conservar)


def numero_de_procesos(trabajos: int | None) -> int:
    """Los procesos pedidos; por omisión, uno por núcleo."""
    return max(1, trabajos or os.cpu_count() or 1)


def preimportar(formatos) -> None:
    """Importa lo pesado antes de crear los procesos: lo heredan ya cargado."""
    from . import render, tipos  # noqa: F401

    render.preimportar(formatos)


def tomar_cerrojo(salida: Path) -> Cerrojo:
    """El cerrojo de la carpeta de salida; un error en castellano si no se puede usar."""
    from .errores import explicar_os

    if salida.exists() and not salida.is_dir():
        raise ErrorConstruccion(f"la carpeta de salida «{ruta_legible(salida)}» es un archivo; "
                                "bórrelo o use otra carpeta con --salida")
    cerrojo = Cerrojo(salida)
    try:
        tomado = cerrojo.tomar()
    except OSError as exc:
        raise ErrorConstruccion(f"no se puede escribir en la carpeta de salida «{ruta_legible(salida)}»: "
                                f"{explicar_os(exc)}") from None
    if not tomado:
        raise ErrorConstruccion(
            f"otra construcción está escribiendo en «{ruta_legible(salida)}»; espere a que "
            "termine (o use otra carpeta con --salida)")
    return cerrojo


# ------------------------------------------------------------------- el motor
@dataclass
class Pedido:
    """Qué correr y cómo."""

    trabajos: list[Trabajo]
    grupos: set[str]  # los grupos cuyos huérfanos se borran
    tipos: set[str] | None = None  # solo estos tipos
    forzar: bool = False
    procesos: int | None = None
    problemas_previos: list[Problema] = field(default_factory=list)  # de reunir los trabajos

    def cubre(self, grupo: str, tipo: str | None) -> bool:
        """¿Los huérfanos de ``grupo`` son de este pedido? Un grupo que termina en «:» cubre
        todos los que empiezan así (de esos, solo los de los tipos pedidos); las fuentes
        borradas se limpian siempre."""
        for g in self.grupos:
            if grupo == g and not g.endswith(":"):
                return True
            if g.endswith(":") and grupo.startswith(g):
                return not self.tipos or tipo in self.tipos
        return False


class Motor:
    def __init__(self, opciones: Opciones, corpus: Corpus, al_terminar=None, al_progresar=None):
        self.opciones = opciones
        self.corpus = corpus
        self.al_terminar = al_terminar
        self.al_progresar = al_progresar
        self._ayudante: Ayudante | None = None
        # otras plantillas u otra fecha de reproducibilidad: todo se rehace
        self.parametros = f"{opciones.plantillas.resolve()}|{os.environ.get('SOURCE_DATE_EPOCH', '')}"

    def anticipar(self, formatos: Iterable[str], procesos: int | None) -> None:
        """Antes de reunir los trabajos: si habrá formatos lentos, el ayudante empieza ya a
        cargar su biblioteca en otro núcleo (``cerrar`` lo termina si no hizo falta)."""
        if self._ayudante is None:
            self._ayudante = Ayudante.si_conviene(self.opciones, self.corpus, formatos, procesos)

    def cerrar(self) -> None:
        if self._ayudante:
            self._ayudante.cerrar()
            self._ayudante = None

    # ---------------------------------------------------------------- validar
    def validar(self, pedido: Pedido) -> Resumen:
        inicio = time.perf_counter()
        resumen = Resumen()
        self._previos(resumen, pedido.problemas_previos)
        for trabajo in pedido.trabajos:
            formatos = tuple(f for f, _ in trabajo.destinos)
            r = ejecutar(trabajo, formatos, self.opciones, self.corpus, solo_validar=True)
            if pedido.tipos and r.tipo in nombres() and r.tipo not in pedido.tipos:
                continue
            self._anotar(resumen, r)
        resumen.segundos = time.perf_counter() - inicio
        return resumen

    # ---------------------------------------------------------------- construir
    def construir(self, pedido: Pedido) -> Resumen:
        inicio = time.perf_counter()
        resumen = Resumen()
        salida = self.opciones.salida
        # antes de todo lo demás: carga WeasyPrint en el otro núcleo mientras se revisa qué hacer
        self.anticipar(dict.fromkeys(f for t in pedido.trabajos for f, _ in t.destinos), pedido.procesos)
        ayudante = self._ayudante
        cerrojo = None
        try:
            cerrojo = tomar_cerrojo(salida)
            borrar_temporales(salida)
            estado = self._estado(pedido, resumen)
            huellas = Huellas()
            self._borrar_huerfanos(estado, pedido, resumen)
            self._previos(resumen, pedido.problemas_previos)
            pendientes = self._pendientes(estado, huellas, pedido, resumen)
            if self.al_progresar:
                self.al_progresar(len(pendientes))
            for r in self._correr(pendientes, pedido, ayudante):
                self._registrar(estado, huellas, r, resumen)
            self._guardar(estado)
        finally:
            self.cerrar()
            if cerrojo:
                cerrojo.soltar()
        resumen.segundos = time.perf_counter() - inicio
        return resumen

    def _estado(self, pedido: Pedido, resumen: Resumen) -> Estado:
        estado = Estado(self.opciones.salida)
        programa = version_programa()
        if pedido.forzar:
            estado.programa = programa
        else:
            estado.cargar(programa)
        if estado.danado:
            danado = Problema(ruta_legible(estado.ruta), None,
                              "el estado de la construcción estaba dañado: se reconstruye todo",
                              nivel=AVISO)
            resumen.problemas.append(danado)
            if self.al_terminar:
                self.al_terminar(estado.ruta, [], [danado])
        return estado

    def _pendientes(self, estado: Estado, huellas: Huellas, pedido: Pedido,
                    resumen: Resumen) -> list[tuple[Trabajo, tuple[str, ...]]]:
        pendientes = []
        for trabajo in pedido.trabajos:
            faltan = tuple(f for f, ruta in trabajo.destinos if pedido.forzar or not estado.al_dia(
                trabajo.clave, f, ruta, huellas, self.parametros))
            entrada = estado.documentos.get(trabajo.clave, {})
            if not faltan:
                tipo = entrada.get("tipo")
                if pedido.tipos and tipo not in pedido.tipos:
                    continue
                resumen.sin_cambios += 1
                resumen.por_tipo[tipo or "(sin tipo)"]["sin cambios"] += 1
                if tipo:
                    resumen.tipos_vistos.add(tipo)
                avisos = [Problema(**a) for a in entrada.get("avisos", [])]
                resumen.problemas += avisos  # se siguen viendo hasta que se resuelvan
                if self.al_terminar and avisos:
                    self.al_terminar(trabajo.ruta, [], avisos)
                continue
            tipo = trabajo.tipo or self.corpus.tipo_rapido(trabajo.ruta)
            if pedido.tipos and tipo is not None and tipo not in pedido.tipos:
                continue  # se hará cuando se pida su tipo
            pendientes.append((trabajo, faltan))
        return pendientes

    def _correr(self, pendientes, pedido: Pedido, ayudante: Ayudante | None = None):
        procesos = numero_de_procesos(pedido.procesos)
        tareas = [(t, faltan, False) for t, faltan in pendientes]
        if procesos == 1 or len(tareas) < 2:
            for trabajo, faltan, _ in tareas:
                yield (ayudante.hacer(trabajo, faltan, self.opciones, self.corpus) if ayudante
                       else ejecutar(trabajo, faltan, self.opciones, self.corpus))
                recoger()
            return
        self.cerrar()  # hay para repartir entre todos los procesos: el ayudante sobra
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        preimportar({f for _, faltan, _ in tareas for f in faltan})
        trozo = max(1, len(tareas) // (procesos * 8))
        try:
            with ProcessPoolExecutor(max_workers=min(procesos, len(tareas)), initializer=_iniciar,
                                     initargs=(self.opciones, self.corpus)) as grupo:
                yield from grupo.map(_ejecutar_en_proceso, tareas, chunksize=trozo)
        except BrokenProcessPool:
            raise ErrorConstruccion("un proceso de trabajo terminó de golpe (¿se quedó sin "
                                    "memoria?); vuelva a construir con --trabajos 1 para ver "
                                    "qué documento lo causa") from None

    def _guardar(self, estado: Estado) -> None:
        from .errores import explicar_os

        try:
            estado.guardar()
        except OSError as exc:
            raise ErrorConstruccion(f"no se pudo guardar el estado de la construcción en "
                                    f"«{ruta_legible(estado.ruta)}»: {explicar_os(exc)}") from None

    def _borrar_huerfanos(self, estado: Estado, pedido: Pedido, resumen: Resumen) -> None:
        """Las salidas de fuentes o filas que ya no existen se borran (en los grupos cubiertos)."""
        actuales = {t.clave for t in pedido.trabajos}
        for clave in [c for c, e in estado.documentos.items()
                      if c not in actuales and pedido.cubre(e.get("grupo", ""), e.get("tipo"))]:
            for vieja in estado.olvidar(clave).values():
                borrar_salida(vieja, self.opciones.salida)
            resumen.eliminados += 1

    def _registrar(self, estado: Estado, huellas: Huellas, r: Resultado, resumen: Resumen) -> None:
        clave = r.trabajo.clave
        if r.fallido:
            # las salidas viejas ya no corresponden a la fuente (salvo si falló el disco)
            viejas = set(estado.olvidar(clave).values())
            if not r.conservar:
                for vieja in viejas | {str(p) for _, p in r.trabajo.destinos}:
                    borrar_salida(vieja, self.opciones.salida)
        else:
            estado.registrar(clave, r.tipo, r.trabajo.grupo,
                             [dict(vars(p)) for p in r.problemas if p.nivel == AVISO],
                             {f: (ruta, {d: huellas.de(d) for d in sorted(r.dependencias[f])})
                              for f, ruta in r.escritas.items()}, self.parametros)
        self._anotar(resumen, r)

    # ---------------------------------------------------------------- informar
    def _previos(self, resumen: Resumen, problemas: list[Problema]) -> None:
        if problemas:
            resumen.problemas += problemas
            resumen.fallidos += [f"{p.archivo}:{p.linea}" for p in problemas if p.nivel != AVISO]
            if self.al_terminar:
                self.al_terminar(None, [], problemas)

    def _anotar(self, resumen: Resumen, r: Resultado) -> None:
        tipo = r.tipo if r.tipo in nombres() else "(sin tipo)"
        if r.tipo in nombres():
            resumen.tipos_vistos.add(r.tipo)  # type: ignore[arg-type]
        resumen.problemas += r.problemas
        if r.fallido:
            resumen.fallidos.append(r.trabajo.donde)
            resumen.por_tipo[tipo]["con errores"] += 1
        else:
            resumen.validos += 1
            if r.escritas:
                resumen.construidos.append(list(r.escritas.values()))
                resumen.por_tipo[tipo]["construidos"] += 1
        if self.al_terminar:
            self.al_terminar(r.trabajo.ruta, list(r.escritas.values()), r.problemas)
