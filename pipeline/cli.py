"""Línea de órdenes ``sistematiza``: construir y validar.

Códigos de salida: 0 todo bien; 1 alguna fuente o plantilla no es válida (se informan
todos los problemas y los documentos válidos se construyen igual); 2 uso incorrecto.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__, click_es, limites, registro
from .construir import construir
from .errores import AVISO, ErrorFuente, error_interno, ruta_legible
from .motor import ErrorConstruccion
from .recinto import es_nombre_seguro, nombre_archivo

click_es.instalar()  # antes de definir las opciones: sus textos salen en castellano


class _Grupo(click.Group):
    """Las órdenes de sistematiza: nada inesperado sale como un traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except ErrorConstruccion as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except (Exception, limites.LimiteExcedido) as exc:
            salida = Path("salida") if Path("salida").is_dir() else None
            click.echo(f"Error: {error_interno(exc, 'sistematiza', None, salida).mensaje}", err=True)
            ctx.exit(1)


AYUDA = {"help_option_names": ["-h", "--ayuda", "--help"]}


def _formatos(ctx, param, valor: str) -> tuple[str, ...]:
    pedidos = tuple(dict.fromkeys(f.strip().lower() for f in valor.split(",") if f.strip()))
    conocidos = registro.formatos()
    desconocidos = [f for f in pedidos if f not in conocidos]
    if desconocidos or not pedidos:
        raise click.BadParameter(f"«{valor}»: use {', '.join(conocidos)} (separados por comas)")
    return pedidos


def _carpeta(nombre: str, por_omision: str, ayuda: str):
    return click.option(nombre, type=click.Path(path_type=Path),
                        default=Path(por_omision), show_default=True, metavar="CARPETA", help=ayuda)


# Opciones que comparten las órdenes.
OPCION_CONTENIDO = _carpeta("--contenido", "contenido", "Carpeta de las fuentes.")
OPCION_SALIDA = _carpeta("--salida", "salida", "Carpeta de los documentos generados.")
OPCION_PLANTILLAS = _carpeta("--plantillas", "plantillas", "Carpeta de las plantillas.")
OPCION_FORMATO = click.option("--formato", "formatos", default=",".join(registro.formatos_por_omision()),
                              show_default=True,
                              callback=_formatos, metavar="FORMATOS",
                              help="Formatos a generar, separados por comas.")
OPCION_SILENCIOSO = click.option("--silencioso", is_flag=True, help="Solo muestra los problemas.")
def _trabajos(ctx, param, valor: str | None) -> int | None:
    if valor is None:
        return None
    if not valor.strip().isdigit() or not 1 <= int(valor) <= 64:
        raise click.BadParameter(f"«{valor}»: escriba un número de procesos entre 1 y 64")
    return int(valor)


OPCION_TRABAJOS = click.option("--trabajos", default=None, callback=_trabajos, metavar="N",
                               help="Procesos en paralelo, de 1 a 64 (por omisión, uno por núcleo).")


def _informar(silencioso: bool, agrupar_avisos: bool = False):
    vistos: set = set()  # un error de experiencia.yml se informa una vez, no una por documento

    def al_terminar(ruta, salidas, problemas):
        for problema in problemas:
            if agrupar_avisos and problema.nivel == AVISO:
                continue  # en un lote, los avisos repetidos se resumen al final
            if problema not in vistos:
                vistos.add(problema)
                click.echo(str(problema), err=True)
        if salidas and not silencioso:
            nombres = ", ".join(ruta_legible(s) for s in salidas)
            click.echo(f"✓ {ruta_legible(ruta)} → {nombres}")
    return al_terminar


@click.group(cls=_Grupo, context_settings=AYUDA, options_metavar="[OPCIONES]",
             subcommand_metavar="ORDEN [ARGUMENTOS]...")
@click.version_option(__version__, "--version", message="sistematiza %(version)s")
def principal():
    """Genera los documentos del ciclo de sistematización del Programa Nacional AURORA
    (DOCX y PDF) a partir de las fuentes Markdown/YAML de contenido/.

    \b
    Ejemplos:
      sistematiza nueva experiencia mi-experiencia
      sistematiza vista contenido/experiencias/mi-experiencia
      sistematiza validar contenido/experiencias/mi-experiencia
      sistematiza construir notas
    """


class _AyudaAlPedirla(click.Command):
    """Una orden cuya ayuda se escribe cuando alguien la pide: la de ``construir`` lista los
    tipos, que salen de leer sus módulos, y eso no debe pagarlo cada construcción."""

    def __init__(self, *args, ayuda=None, **kwargs):
        self._ayuda = ayuda
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def help(self) -> str | None:
        return self._ayuda() if callable(self._ayuda) else self._ayuda

    @help.setter
    def help(self, valor: str | None) -> None:
        if valor is not None:
            self._ayuda = valor


def _ayuda_construir() -> str:
    tipos = "\n".join(f"  {d.nombre:<13} ({d.objetivo_make}) {d.ayuda}" for d in registro.tipos())
    return ("Construye los documentos de los TIPOS indicados (todos si no se indica ninguno), o solo "
            "los de una RUTA: una fuente, o la carpeta de una experiencia o de una instancia.\n\n"
            "Cada fuente contenido/<ruta>/<nombre>.md produce salida/<ruta>/<nombre>.docx y .pdf; "
            "cada tabla de un tipo que se hace en lote, un documento por fila. Un TIPO se nombra "
            "en singular o en plural:\n\n\b\n" + tipos + "\n\n\b\nEjemplos:\n"
            "  sistematiza construir notas\n"
            "  sistematiza construir contenido/experiencias/mi-experiencia\n"
            "  sistematiza construir nota contenido/experiencias/mi-experiencia --formato pdf\n"
            "  sistematiza construir contenido/experiencias/mi-experiencia/nota.md")


@principal.command("construir", cls=_AyudaAlPedirla, context_settings=AYUDA, options_metavar="[OPCIONES]",
                   ayuda=_ayuda_construir)
@click.argument("objetivos", nargs=-1, metavar="[TIPO|RUTA...]")
@OPCION_CONTENIDO
@OPCION_SALIDA
@OPCION_FORMATO
@OPCION_PLANTILLAS
@OPCION_SILENCIOSO
@OPCION_TRABAJOS
@click.option("--forzar", is_flag=True, help="Reconstruye todo, aunque nada haya cambiado.")
def construir_(objetivos, contenido, salida, formatos, plantillas, silencioso, trabajos, forzar):
    tipos, rutas = _objetivos(contenido, plantillas, objetivos)
    barra = _Progreso(silencioso)
    try:
        informe = construir(contenido, salida, plantillas, tipos, formatos,
                            al_terminar=barra.envolver(_informar(silencioso or barra.activa)),
                            trabajos=trabajos, forzar=forzar, al_progresar=barra.empezar, rutas=rutas)
    except ErrorConstruccion as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    finally:
        barra.terminar()
    _resumen(informe, "construidos", silencioso)
    sys.exit(informe.codigo_salida)


@principal.command(context_settings=AYUDA, options_metavar="[OPCIONES]")
@click.argument("objetivos", nargs=-1, metavar="[TIPO|RUTA...]")
@OPCION_CONTENIDO
@OPCION_PLANTILLAS
def validar(objetivos, contenido, plantillas):
    """Revisa las fuentes (todas, las de los TIPOS o las de una RUTA: una fuente o una carpeta)
    y las plantillas que usan, sin escribir nada.

    \b
    Ejemplos:
      sistematiza validar
      sistematiza validar contenido/experiencias/mi-experiencia
    """
    tipos, rutas = _objetivos(contenido, plantillas, objetivos)
    informe = construir(contenido, Path("salida"), plantillas, tipos, solo_validar=True,
                        al_terminar=_informar(True), rutas=rutas)
    errores, _ = _revisar_plantillas(plantillas, sorted(informe.tipos_vistos))
    _resumen(informe, "válidos", False)
    sys.exit(1 if errores else informe.codigo_salida)


def _revisar_plantillas(plantillas: Path, tipos: list[str]) -> tuple[int, int]:
    """Muestra los problemas de las plantillas de ``tipos``; devuelve cuántos son errores y
    cuántos avisos."""
    from .render.revision import revisar
    from .tipos import TIPOS

    errores = avisos = 0
    for nombre in tipos:
        for problema in revisar(TIPOS[nombre], plantillas):
            click.echo(str(problema), err=True)
            errores += problema.nivel != AVISO
            avisos += problema.nivel == AVISO
    return errores, avisos


@principal.group(context_settings=AYUDA, options_metavar="[OPCIONES]", subcommand_metavar="ORDEN")
def plantillas():
    """Las plantillas de la SGIC: revisarlas y ver qué datos pueden usar."""


@plantillas.command("revisar", context_settings=AYUDA, options_metavar="[OPCIONES]")
@click.argument("tipos", nargs=-1, metavar="[TIPO...]")
@OPCION_PLANTILLAS
def plantillas_revisar(tipos, plantillas):
    """Revisa las plantillas Word y HTML/CSS de los TIPOS (todos si no se indica ninguno):
    marcas mal escritas, datos o filtros que no existen, estilos que faltan, CSS que no se
    entiende, archivos que faltan y diferencias entre los dos formatos.

    \b
    Ejemplos:
      sistematiza plantillas revisar
      sistematiza plantillas revisar nota carta
    """
    elegidos = sorted(_comprobar(Path("."), plantillas, tipos) or registro.nombres())
    errores, avisos = _revisar_plantillas(plantillas, list(elegidos))
    click.echo(f"{len(elegidos)} tipo(s) revisados: {errores} error(es), {avisos} aviso(s).", err=True)
    sys.exit(1 if errores else 0)


@plantillas.command("referencia", context_settings=AYUDA, options_metavar="[OPCIONES]")
@OPCION_PLANTILLAS
@OPCION_SALIDA
def plantillas_referencia(plantillas, salida):
    """Escribe la referencia de las plantillas (salida/plantillas/referencia.html): los datos que
    cada tipo puede usar, con un ejemplo; los textos fijos, los filtros, los estilos de Word y
    cómo poner un logo. Se abre en el navegador.

    \b
    Ejemplo:
      sistematiza plantillas referencia && xdg-open salida/plantillas/referencia.html
    """
    from .referencia import generar

    if not plantillas.is_dir():
        raise click.UsageError(f"no existe la carpeta de plantillas «{plantillas}»")
    destino = generar(plantillas, salida / "plantillas" / "referencia.html")
    click.echo(f"Referencia: {ruta_legible(destino)}")


@principal.command(context_settings=AYUDA, options_metavar="[OPCIONES]")
@click.argument("tipo", metavar="TIPO")
@click.option("--territorios", "tabla", default=None, metavar="TABLA.csv",
              type=click.Path(path_type=Path),
              help="Tabla CSV con una fila por territorio (dentro de la carpeta de contenido).")
@click.option("--nivel", default=None, type=click.Choice(["regional", "provincial", "distrital"]),
              help="Sin tabla: el nivel de los territorios (de la lista oficial del INEI).")
@click.option("--ambito", default=None, metavar="LUGAR",
              help="Sin tabla: una región, una provincia («Huánuco/Leoncio Prado» si se repite) o «Perú».")
@click.option("--anio", default=None, type=click.IntRange(2018, 2100), metavar="AÑO",
              help="Sin tabla: el año de los modelos (por omisión, el actual).")
@OPCION_CONTENIDO
@OPCION_SALIDA
@OPCION_FORMATO
@OPCION_PLANTILLAS
@OPCION_SILENCIOSO
@OPCION_TRABAJOS
def lote(tipo, tabla, nivel, ambito, anio, contenido, salida, formatos, plantillas, silencioso, trabajos):
    """Construye un documento TIPO por cada territorio (hoy: ordenanza): de una tabla CSV
    (--territorios), o de la lista oficial del INEI (--nivel y --ambito, sin tabla).

    \b
    contenido/<ruta>/<tabla>.csv → salida/<ruta>/<tabla>/<región>/<provincia>/<distrito>.docx y .pdf
    --nivel distrital --ambito Huánuco → salida/lote/ordenanza-distrital-huanuco/<región>/<provincia>/<distrito>
    Columnas de la tabla: nivel, region, provincia, distrito, ubigeo, numero, fecha, anio, ciudad,
    plazo_instalacion_dias, gobierno, presidencia, secretaria_tecnica, autoridad…

    \b
    Ejemplos:
      sistematiza lote ordenanza --territorios contenido/instancias/x/distritos.csv
      sistematiza lote ordenanza --nivel distrital --ambito "Huánuco/Leoncio Prado"
      sistematiza lote ordenanza --nivel distrital --ambito Perú --formato docx
    """
    import datetime as dt

    from .lote import construir_lote, construir_lote_ambito, tipos_en_lote

    tipo = registro.tipo_de(tipo) or tipo
    if tipo not in tipos_en_lote():
        raise click.UsageError(f"el tipo «{tipo}» no se construye en lote; se puede: "
                               f"{', '.join(tipos_en_lote())}")
    if not plantillas.is_dir():
        raise click.UsageError(f"no existe la carpeta de plantillas «{plantillas}»")
    if (tabla is None) == (nivel is None or ambito is None):
        raise click.UsageError("indique la tabla (--territorios TABLA.csv) o, sin tabla, --nivel y --ambito")
    if tabla is not None and not tabla.is_file():
        raise click.UsageError(f"no existe la tabla «{tabla}»")
    al_terminar = _informar(silencioso, agrupar_avisos=True)
    if tabla is not None:
        informe = construir_lote(tipo, tabla, contenido, salida, plantillas, formatos,
                                 al_terminar=al_terminar, trabajos=trabajos)
    else:
        try:
            informe = construir_lote_ambito(tipo, nivel, ambito, anio or dt.date.today().year, contenido, salida,
                                            plantillas, formatos, al_terminar=al_terminar, trabajos=trabajos)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="«--ambito»") from None
    _avisos_agrupados(informe)
    _resumen(informe, "construidos", silencioso)
    sys.exit(informe.codigo_salida)


@principal.command(context_settings=AYUDA, options_metavar="[OPCIONES]")
@OPCION_CONTENIDO
@OPCION_SALIDA
@OPCION_PLANTILLAS
@click.option("--nombre", default=None, metavar="NOMBRE",
              help="Nombre del paquete (por omisión, el de plantillas/paquete/metadatos.yml).")
@click.option("--verificar", "a_verificar", type=click.Path(path_type=Path),
              default=None, metavar="CARPETA", help="Solo revisa un paquete ya hecho (sumas y SAF).")
@click.option("--revision", is_flag=True,
              help="El paquete de revisión: también los borradores (marca de agua «BORRADOR — no publicar») "
                   "y revision.html, con lo que bloquea cada documento.")
def paquete(contenido, salida, plantillas, nombre, a_verificar, revision):
    """Arma el paquete para el Repositorio Institucional: los documentos publicables en PDF/A
    y DOCX, el catálogo (index.html, catalogo.json, catalogo.csv), el árbol SAF de DSpace,
    SHA256SUMS y LEEME.txt, y su .zip. Un documento con avisos no se publica (un aviso es un
    error); un dato personal detiene todo. Si no hay nada que publicar, no arma un paquete
    vacío: dice por qué.

    \b
    Ejemplos:
      sistematiza paquete
      sistematiza paquete --revision
      sistematiza paquete --verificar salida/paquete/banco-de-buenas-practicas-2024-11-23
    """
    from .paquete import construir_paquete, verificar

    if nombre is not None and not es_nombre_seguro(nombre):
        raise click.BadParameter(f"«{nombre}» no sirve como nombre de archivo: use minúsculas sin "
                                 f"tildes, números y guiones, por ejemplo «{nombre_archivo(nombre)}»",
                                 param_hint="«--nombre»")
    if a_verificar is not None:
        if not a_verificar.is_dir():
            raise click.UsageError(f"no existe la carpeta del paquete «{a_verificar}»")
        fallas = verificar(a_verificar)
        for falla in fallas:
            click.echo(f"{a_verificar}/{falla}", err=True)
        click.echo(f"{'paquete correcto' if not fallas else f'{len(fallas)} falla(s)'}: {a_verificar}",
                   err=bool(fallas))
        sys.exit(1 if fallas else 0)
    _comprobar(contenido, plantillas, ())
    resultado = construir_paquete(contenido, salida, plantillas, nombre, al_informar=click.echo,
                                  revision=revision)
    for problema in resultado.problemas + resultado.bloqueados:
        click.echo(str(problema), err=True)
    if not revision:
        for fuente, motivo in resultado.no_publicados:
            click.echo(f"  no se publica {fuente}: {motivo}")
    if resultado.problemas:
        click.echo(f"El paquete no se armó: {len(resultado.problemas)} problema(s).", err=True)
        sys.exit(1)
    if resultado.vacio:
        click.echo(f"El paquete no se armó: ninguna de las {len(resultado.no_publicados)} fuente(s) se puede "
                   "publicar todavía (los motivos, arriba). Para ver cómo quedaría y qué bloquea cada "
                   "documento: sistematiza paquete --revision", err=True)
        return
    if revision:
        _resumen_revision(resultado)
    click.echo(f"Paquete{' de revisión' if revision else ''}: {ruta_legible(resultado.carpeta or '')} y "
               f"{ruta_legible(resultado.zip or '')} — {len(resultado.publicados)} documento(s) "
               + ("en borrador." if revision else f"publicados, {len(resultado.no_publicados)} no publicados."))


def _resumen_revision(resultado) -> None:
    from collections import Counter

    cuentas = Counter(e.estado for e in resultado.entradas)
    click.echo("Revisión: " + ", ".join(f"{n} {estado}" for estado, n in cuentas.items())
               + f" — ver {ruta_legible(resultado.carpeta / 'revision.html') if resultado.carpeta else ''}")


@principal.group(context_settings=AYUDA, options_metavar="[OPCIONES]",
                 subcommand_metavar="QUÉ NOMBRE")
def nueva():
    """Crea las fuentes de algo nuevo, listas para completar.

    \b
    Ejemplos:
      sistematiza nueva experiencia mi-experiencia
      sistematiza nueva instancia luyando --nivel distrital --territorio "Huánuco/Leoncio Prado/Luyando"
    """


@nueva.command("experiencia", context_settings=AYUDA, options_metavar="[OPCIONES]")
@click.argument("nombre", metavar="NOMBRE")
@OPCION_CONTENIDO
@OPCION_PLANTILLAS
def nueva_experiencia(nombre, contenido, plantillas):
    """Crea contenido/experiencias/NOMBRE/ con experiencia.yml (la ficha, comentada) y los
    esqueletos de la ficha, el perfil, el informe y la nota. Cada «COMPLETAR» es un dato por
    escribir; `sistematiza validar` dice cuáles faltan.

    \b
    Ejemplo:
      sistematiza nueva experiencia escuelas-seguras
    """
    if not es_nombre_seguro(nombre):
        raise click.UsageError(f"«{nombre}» no sirve como nombre de carpeta: use minúsculas sin "
                               f"tildes, números y guiones, por ejemplo «{nombre_archivo(nombre)}»")
    esqueletos = plantillas / "nueva-experiencia"
    if not esqueletos.is_dir():
        raise click.UsageError(f"no existe la carpeta de esqueletos «{esqueletos}»")
    destino = contenido / "experiencias" / nombre
    if destino.exists():
        click.echo(f"{destino}: ya existe; no se toca nada", err=True)
        sys.exit(1)
    destino.mkdir(parents=True)
    for archivo in sorted(esqueletos.iterdir()):
        if archivo.is_file():
            shutil.copyfile(archivo, destino / archivo.name)
            click.echo(f"creado {destino / archivo.name}")
    click.echo("Complete cada «COMPLETAR» y revise con: sistematiza validar")


@nueva.command("instancia", context_settings=AYUDA, options_metavar="[OPCIONES]")
@click.argument("nombre", metavar="NOMBRE")
@click.option("--nivel", required=True, type=click.Choice(["regional", "provincial", "distrital"]),
              help="El nivel de la instancia.")
@click.option("--territorio", required=True, metavar="LUGAR",
              help="«Región», «Región/Provincia» o «Región/Provincia/Distrito», según el nivel.")
@OPCION_CONTENIDO
@OPCION_PLANTILLAS
def nueva_instancia(nombre, nivel, territorio, contenido, plantillas):
    """Crea contenido/instancias/NOMBRE/ con instancia.yml (el territorio comprobado en la lista
    oficial del INEI, con su ubigeo, y el gobierno que la preside) y el modelo de su ordenanza de
    creación. Cada «COMPLETAR» es un dato por escribir; `sistematiza validar` dice cuáles faltan.

    \b
    Ejemplos:
      sistematiza nueva instancia luyando --nivel distrital --territorio "Huánuco/Leoncio Prado/Luyando"
      sistematiza nueva instancia huanuco --nivel regional --territorio Huánuco
    """
    from .instancia import esqueleto_instancia

    if not es_nombre_seguro(nombre):
        raise click.UsageError(f"«{nombre}» no sirve como nombre de carpeta: use minúsculas sin "
                               f"tildes, números y guiones, por ejemplo «{nombre_archivo(nombre)}»")
    try:
        archivos = esqueleto_instancia(nivel, territorio)
    except ValueError as exc:
        raise click.UsageError(f"--territorio: {exc}") from None
    destino = contenido / "instancias" / nombre
    if destino.exists():
        click.echo(f"{destino}: ya existe; no se toca nada", err=True)
        sys.exit(1)
    destino.mkdir(parents=True)
    for nombre_archivo_, texto in archivos.items():
        (destino / nombre_archivo_).write_text(texto, encoding="utf-8")
        click.echo(f"creado {destino / nombre_archivo_}")
    click.echo("Complete cada «COMPLETAR» y revise con: sistematiza validar " + str(destino))


@principal.group(context_settings=AYUDA, options_metavar="[OPCIONES]", subcommand_metavar="QUÉ ARCHIVO")
def importar():
    """Crea fuentes a partir de lo que la gente ya tiene (las respuestas del formulario en línea).

    \b
    Ejemplo:
      sistematiza importar fichas respuestas.xlsx
    """


@importar.command("fichas", context_settings=AYUDA, options_metavar="[OPCIONES]")
@click.argument("respuestas", metavar="RESPUESTAS.csv|xlsx", type=click.Path(path_type=Path))
@click.option("--mapeo", default=None, metavar="ARCHIVO.yml", type=click.Path(path_type=Path),
              help="Las preguntas del formulario → campos (por omisión, el más nuevo de plantillas/importar/).")
@click.option("--reemplazar", is_flag=True, help="Vuelve a escribir las carpetas que ya existen.")
@OPCION_CONTENIDO
@OPCION_PLANTILLAS
def importar_fichas_(respuestas, mapeo, reemplazar, contenido, plantillas):
    """Crea una carpeta por respuesta del formulario de inscripción (Anexo 2 de las bases),
    descargado como CSV o XLSX: contenido/experiencias/<título>/experiencia.yml y ficha.md. Valida
    cada fila con las reglas de la convocatoria y muestra un resumen (fila, experiencia, errores,
    avisos). Una fila sin título no escribe nada; una carpeta que ya existe no se toca sin
    --reemplazar.

    \b
    Ejemplos:
      sistematiza importar fichas respuestas-2024.csv
      sistematiza importar fichas respuestas-2024.xlsx --reemplazar
    """
    from .importar import importar_fichas

    if not respuestas.is_file():
        raise click.UsageError(f"no existe el archivo «{respuestas}»")
    if mapeo is None:
        candidatos = sorted((plantillas / "importar").glob("formulario-*.yml"))
        if not candidatos:
            raise click.UsageError(f"no hay un mapeo del formulario en «{plantillas / 'importar'}»")
        mapeo = candidatos[-1]
    contenido.mkdir(parents=True, exist_ok=True)
    try:
        filas, avisos = importar_fichas(respuestas, contenido, plantillas, mapeo, reemplazar)
    except (ValueError, ErrorFuente) as exc:
        click.echo(f"Error: {respuestas}: {exc}", err=True)
        sys.exit(1)
    for problema in avisos:
        click.echo(str(problema), err=True)
    ancho = max([len(f.carpeta or "") for f in filas] + [len("experiencia")])
    click.echo(f"{'fila':>4}  {'experiencia':<{ancho}}  errores  por completar  avisos  estado")
    for f in filas:
        estado = "escrita" if f.escrita else "no escrita"
        click.echo(f"{f.numero:>4}  {(f.carpeta or '—'):<{ancho}}  {f.errores:>7}  {f.por_completar:>13}  "
                   f"{f.avisos:>6}  {estado}")
    for f in filas:
        for problema in f.problemas:
            click.echo(f"fila {f.numero}: {problema}", err=True)
    escritas = sum(1 for f in filas if f.escrita)
    click.echo(f"{escritas} de {len(filas)} fila(s) importadas en {contenido / 'experiencias'}; "
               "revise con: sistematiza validar " + str(contenido / "experiencias"))
    sys.exit(1 if any(f.errores or not f.escrita for f in filas) else 0)


@importar.command("documento", context_settings=AYUDA, options_metavar="[OPCIONES]")
@click.argument("borrador", metavar="BORRADOR.docx", type=click.Path(path_type=Path))
@click.option("--tipo", required=True, type=click.Choice(["informe", "nota", "perfil"]),
              help="El tipo de documento del borrador.")
@click.option("--en", "carpeta", required=True, metavar="CARPETA", type=click.Path(path_type=Path),
              help="La carpeta de la experiencia (dentro de contenido/).")
@click.option("--reemplazar", is_flag=True, help="Vuelve a escribir la fuente si ya existe.")
@OPCION_CONTENIDO
@OPCION_PLANTILLAS
def importar_documento_(borrador, tipo, carpeta, reemplazar, contenido, plantillas):
    """Convierte un borrador de Word (informe, nota o perfil) en la fuente Markdown del tipo:
    sus secciones reconocidas por el título (con o sin estilo de título, sin importar numeración,
    mayúsculas ni tildes), con párrafos, negrita, cursiva, listas, tablas, notas al pie, vínculos e
    imágenes (guardadas junto a la fuente). Los campos del inicio quedan con «COMPLETAR» donde el
    borrador no los dice; el texto que no calza en ninguna sección queda al final, marcado.

    \b
    Ejemplo:
      sistematiza importar documento borrador.docx --tipo informe --en contenido/experiencias/mi-experiencia
    """
    import os

    from .importar_word import importar_documento

    if not borrador.is_file():
        raise click.UsageError(f"no existe el archivo «{borrador}»")
    raiz = Path(os.path.abspath(contenido))
    if raiz not in Path(os.path.abspath(carpeta)).parents:
        raise click.UsageError(f"--en: «{carpeta}» debe ser una carpeta dentro de «{contenido}»")
    fuente = carpeta / f"{tipo}.md"
    if fuente.exists() and not reemplazar:
        click.echo(f"Error: {fuente} ya existe; no se toca (use --reemplazar)", err=True)
        sys.exit(1)
    try:
        importado = importar_documento(borrador, tipo, carpeta, plantillas)
    except ValueError as exc:
        click.echo(f"Error: {borrador}: {exc}", err=True)
        sys.exit(1)
    carpeta.mkdir(parents=True, exist_ok=True)
    fuente.write_text(importado.fuente, encoding="utf-8")
    click.echo(f"creado {fuente}" + "".join(f"\ncreado {i}" for i in importado.imagenes))
    for aviso in importado.avisos:
        click.echo(f"{fuente}: aviso: {aviso}", err=True)
    click.echo(f"Complete cada «COMPLETAR» y revise con: sistematiza validar {fuente}")


@principal.command(context_settings=AYUDA, options_metavar="[OPCIONES]")
@click.argument("ruta", required=False, metavar="[RUTA]")
@OPCION_CONTENIDO
@OPCION_SALIDA
@OPCION_PLANTILLAS
@click.option("--puerto", default=8000, type=click.IntRange(0, 65535), metavar="N",
              help="Puerto en 127.0.0.1 (0: uno libre).  [por omisión: 8000]")
@click.option("--no-abrir", is_flag=True, help="No abre el navegador.")
def vista(ruta, contenido, salida, plantillas, puerto, no_abrir):
    """Vista previa en vivo de los documentos de RUTA (una fuente, o la carpeta de una
    experiencia o de una instancia; por omisión, todo contenido/): el documento como en el PDF,
    sus errores y avisos, y sus DOCX y PDF al día. Se actualiza sola al guardar cualquier archivo
    del que dependa. Solo escucha en 127.0.0.1; Ctrl-C la detiene.

    \b
    Ejemplos:
      sistematiza vista contenido/experiencias/mi-experiencia
      sistematiza vista contenido/experiencias/mi-experiencia/nota.md --puerto 8001
    """
    from .vista import servir

    if ruta and not Path(ruta).exists():
        raise click.UsageError(f"no existe «{ruta}»: nombre una fuente o una carpeta de «{contenido}»")
    _, rutas = _objetivos(contenido, plantillas, [ruta] if ruta else [])
    if ruta and not rutas:
        raise click.UsageError(f"«{ruta}» no es una fuente ni una carpeta de «{contenido}»")
    try:
        servir(rutas[0] if rutas else contenido, contenido, salida, plantillas, puerto, not no_abrir,
               avisar=lambda texto: click.echo(texto))
    except OSError as exc:
        import errno

        from .errores import explicar_os

        motivo = ("el puerto ya está en uso (¿otra vista previa abierta?): use otro con --puerto N, o "
                  "--puerto 0 para uno libre") if exc.errno == errno.EADDRINUSE else explicar_os(exc)
        click.echo(f"Error: no se pudo abrir la vista previa en 127.0.0.1:{puerto}: {motivo}", err=True)
        sys.exit(1)


def _avisos_agrupados(informe) -> None:
    """Cada aviso de un lote una vez, con las filas en que aparece."""
    grupos: dict = {}
    for p in informe.avisos:
        grupos.setdefault((p.archivo, p.rotulo.split(",")[-1], p.campo,
                           p.mensaje.split(": ", 1)[-1] if p.mensaje.startswith("fila ") else p.mensaje),
                          []).append(p.linea)
    for (archivo, rotulo, campo, mensaje), lineas in grupos.items():
        donde = f"{archivo}:{lineas[0]}" + (f" (y {len(lineas) - 1} fila(s) más)" if len(lineas) > 1 else "")
        que = f" {rotulo.strip()} «{campo}»:" if campo else ""
        click.echo(f"{donde}: aviso:{que} {mensaje}", err=True)


def _objetivos(contenido: Path, plantillas: Path, objetivos) -> tuple[set[str] | None, list[Path] | None]:
    """Separa los TIPOS de las RUTAS (un archivo o una carpeta existentes, dentro de la carpeta
    de contenido); lo que no es ni uno ni otro es un error de uso con sugerencia."""
    import os

    tipos, rutas = [], []
    raiz = Path(os.path.abspath(contenido))
    for objetivo in objetivos:
        ruta = Path(objetivo)
        if registro.tipo_de(objetivo) is None and (os.sep in objetivo or "/" in objetivo or ruta.exists()):
            if not ruta.exists():
                raise click.UsageError(f"no existe «{objetivo}» (ni es un tipo de documento)")
            absoluta = Path(os.path.abspath(ruta))
            if absoluta != raiz and raiz not in absoluta.parents:
                raise click.UsageError(f"«{objetivo}» no está dentro de la carpeta de fuentes «{contenido}»")
            rutas.append(ruta)
        else:
            tipos.append(objetivo)
    return _comprobar(contenido, plantillas, tipos), rutas or None


def _comprobar(contenido: Path, plantillas: Path, tipos) -> set[str] | None:
    """Los tipos pedidos (por nombre u objetivo de Make: «nota» o «notas»), ya comprobados."""
    elegidos = {t: registro.tipo_de(t) for t in tipos}
    desconocidos = [t for t, tipo in elegidos.items() if tipo is None]
    if desconocidos:
        from .errores import sugerencia

        opciones = [d.nombre for d in registro.tipos()] + [d.objetivo_make for d in registro.tipos()]
        raise click.UsageError(f"tipo de documento desconocido: {', '.join(desconocidos)}."
                               f"{sugerencia(desconocidos[0], opciones)} Tipos disponibles: "
                               f"{', '.join(registro.nombres())}")
    if not contenido.is_dir():
        raise click.UsageError(f"no existe la carpeta de fuentes «{contenido}»")
    if not plantillas.is_dir():
        raise click.UsageError(f"no existe la carpeta de plantillas «{plantillas}»")
    return {t for t in elegidos.values() if t} or None


class _Progreso:
    """Barra de progreso en una terminal; en CI (sin terminal), una línea por documento."""

    def __init__(self, silencioso: bool):
        self.activa = not silencioso and sys.stderr.isatty()
        self._barra: Any = None

    def empezar(self, total: int) -> None:
        if self.activa and total > 1:
            self._barra = click.progressbar(length=total, label="Construyendo", file=sys.stderr,
                                            show_pos=True)
            self._barra.__enter__()

    def envolver(self, al_terminar):
        def envuelto(ruta, salidas, problemas):
            if self._barra is not None:
                self._barra.update(1)
            al_terminar(ruta, salidas, problemas)
        return envuelto

    def terminar(self) -> None:
        if self._barra is not None:
            self._barra.__exit__(None, None, None)
            self._barra = None


def _resumen(informe, verbo: str, silencioso: bool) -> None:
    cuantos = len(informe.construidos) if verbo == "construidos" else informe.validos
    partes = [f"{cuantos} documento(s) {verbo}"]
    if getattr(informe, "sin_cambios", 0):
        partes.append(f"{informe.sin_cambios} sin cambios")
    partes.append(f"{len(informe.fallidos)} con errores")
    if getattr(informe, "eliminados", 0):
        partes.append(f"{informe.eliminados} fuente(s) borrada(s): sus salidas se quitaron")
    linea = ", ".join(partes) + f", {len(informe.avisos)} aviso(s) — {informe.segundos:.1f} s"
    if informe.errores or not silencioso:
        click.echo(linea, err=bool(informe.errores))
        por_tipo = getattr(informe, "por_tipo", {})
        if len(por_tipo) > 1 and not silencioso:
            for tipo in sorted(por_tipo):
                cuenta = ", ".join(f"{n} {que}" for que, n in sorted(por_tipo[tipo].items()))
                click.echo(f"  {tipo}: {cuenta}", err=bool(informe.errores))


def ejecutable() -> None:
    """La orden ``sistematiza`` (y ``python -m pipeline.cli``): ``principal`` y, al terminar,
    la salida sin desarmar el intérprete.

    Al salir, Python libera uno por uno los objetos de cada módulo cargado (WeasyPrint,
    pydantic, los territorios…): 0,05 a 0,1 s que quien construye espera sin que sirvan de
    nada, porque el sistema recupera la memoria del proceso entero de una vez. Aquí se corre lo
    que debe correr al salir (``atexit``: cerrar los registros, esperar a los procesos de
    trabajo), se vacían la salida y los errores, y se termina. Todo archivo del programa ya está
    escrito y cerrado antes (cada salida se escribe en un temporal que se renombra). Las pruebas
    llaman a ``principal``, no a esta función."""
    import atexit
    import contextlib
    import os

    try:
        principal()
        codigo: Any = 0
    except SystemExit as fin:
        codigo = fin.code
    if codigo is None:
        codigo = 0
    elif not isinstance(codigo, int):  # como Python: el texto, a los errores, y código 1
        print(codigo, file=sys.stderr)
        codigo = 1
    atexit._run_exitfuncs()
    for flujo in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # ya cerrada (un «| head»): nada que hacer
            flujo.flush()
    os._exit(codigo)


if __name__ == "__main__":
    ejecutable()
