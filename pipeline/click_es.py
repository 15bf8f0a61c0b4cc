"""click en castellano: cada mensaje que click puede mostrar (ayuda, errores de uso, tipos de
parámetro), traducido. click usa ``gettext``; aquí se reemplaza su función ``_`` y
``ngettext`` por una tabla. La tabla cubre todos los mensajes de click 8.5 (una prueba lo
comprueba contra el código de click instalado)."""

from __future__ import annotations

import sys

TRADUCCIONES = {
    "%(prog)s, version %(version)s": "%(prog)s, versión %(version)s",
    "(Did you mean one of: {possibilities}?)": "(¿Quiso decir alguna de estas: {possibilities}?)",
    "(dynamic)": "(dinámico)",
    "Aborted!": "¡Cancelado!",
    "Argument {name!r} takes {nargs} values.": "El argumento «{name}» lleva {nargs} valores.",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Un argumento se declara con un solo nombre; se dieron {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "La opción «{decl}» no puede usar la misma marca para sí y no.",
    "Choice({choices})": "Opción({choices})",
    "Choose from:\n\t{choices}": "Elija entre:\n\t{choices}",
    "Commands": "Órdenes",
    "Confirm the action without prompting.": "Confirma sin preguntar.",
    "Could not determine name for option with declarations {decls!r}":
        "No se pudo saber el nombre de la opción declarada como {decls}",
    "Could not open file {filename!r}: {message}": "No se pudo abrir «{filename}»: {message}",
    "Couldn't detect Bash version, shell completion is not supported.":
        "No se reconoce la versión de Bash: no hay autocompletado.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Aviso: la orden «{name}» ya no se usa.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Aviso: «{name}» ya no se usa.{extra_message}",
    "Did you mean {possibility}?": "¿Quiso decir {possibility}?",
    "Do you want to continue?": "¿Desea continuar?",
    "Error: The two entered values do not match.": "Error: los dos valores no coinciden.",
    "Error: invalid input": "Error: respuesta no válida",
    "Error: {message}": "Error: {message}",
    "Got unexpected extra argument ({args})": "Sobra el argumento ({args})",
    "Got unexpected extra arguments ({args})": "Sobran los argumentos ({args})",
    "Invalid start character for option ({option})":
        "La opción empieza con un carácter no válido ({option})",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "Missing argument": "Falta un argumento",
    "Missing command.": "Falta la orden (por ejemplo, construir o validar).",
    "Missing option": "Falta una opción",
    "Missing parameter": "Falta un parámetro",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "Missing {param_type}": "Falta un valor",
    "Name '{name}' defined twice": "El nombre «{name}» está definido dos veces",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?":
        "Se dio un nombre ({name}) sin opciones; ¿quiso declarar un argumento, o «--{name}»?",
    "No such command {name!r}.": "No existe la orden «{name}».",
    "No such option {name!r}.": "No existe la opción «{name}».",
    "Option {name!r} does not take a value.": "La opción «{name}» no lleva valor.",
    "Option {name!r} requires an argument.": "La opción «{name}» necesita un valor.",
    "Option {name!r} requires {nargs} arguments.": "La opción «{name}» necesita {nargs} valores.",
    "Options": "Opciones",
    "Positional arguments": "Argumentos",
    "Press any key to continue...": "Pulse una tecla para continuar…",
    "Repeat for confirmation": "Repítalo para confirmar",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "No hay autocompletado para Bash anterior a 4.4.",
    "Show the version and exit.": "Muestra la versión y termina.",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    "Takes {nargs} values but 1 was given.": "Lleva {nargs} valores, pero se dio 1.",
    "Takes {nargs} values but {len} were given.": "Lleva {nargs} valores, pero se dieron {len}.",
    "Try '{command} {option}' for help.": "Para ver la ayuda: «{command} {option}».",
    "Unknown color {colour!r}": "Color desconocido «{colour}»",
    "Unknown standard stream '{name}'": "Flujo estándar desconocido «{name}»",
    "Usage:": "Uso:",
    "Value must be an iterable.": "El valor debe ser una lista.",
    "Windows error: {error}": "Error de Windows: {error}",
    "d": "d",
    "default: {default}": "por omisión: {default}",
    "deprecated": "ya no se usa",
    "directory": "carpeta",
    "env var: {var}": "variable de entorno: {var}",
    "file": "archivo",
    "path": "ruta",
    "unknown error": "error desconocido",
    "{editor}: Editing failed": "{editor}: no se pudo editar",
    "{editor}: Editing failed: {e}": "{editor}: no se pudo editar: {e}",
    "{len_type} values are required, but {len_value} was given.":
        "Se necesitan {len_type} valores y se dio {len_value}.",
    "{len_type} values are required, but {len_value} were given.":
        "Se necesitan {len_type} valores y se dieron {len_value}.",
    "{name} {filename!r} does not exist.": "«{filename}» no existe.",
    "{name} {filename!r} is a directory.": "«{filename}» es una carpeta, no un archivo.",
    "{name} {filename!r} is a file.": "«{filename}» es un archivo, no una carpeta.",
    "{name} {filename!r} is not executable.": "«{filename}» no se puede ejecutar.",
    "{name} {filename!r} is not readable.": "«{filename}» no se puede leer.",
    "{name} {filename!r} is not writable.": "en «{filename}» no se puede escribir.",
    "{value!r} does not match the format {format}.": "«{value}» no tiene la forma {format}.",
    "{value!r} does not match the formats {formats}.": "«{value}» no tiene ninguna de las formas {formats}.",
    "{value!r} is not a valid UUID.": "«{value}» no es un UUID válido.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "«{value}» no es sí o no. Valores reconocidos: {states}",
    "{value!r} is not a valid {number_type}.": "«{value}» no es un número válido.",
    "{value!r} is not one of {choices}.": "«{value}» no es una de estas: {choices}.",
    "{value!r} is not {choice}.": "«{value}» no es {choice}.",
    "{value} is not in the range {range}.": "{value} está fuera de lo permitido ({range}).",
}


def traducir(texto: str) -> str:
    return TRADUCCIONES.get(texto, texto)


def instalar() -> None:
    """Hace que click hable castellano (una vez, al importar la línea de órdenes)."""
    import click.core
    import click.exceptions

    # los nombres de las opciones, entre comillas latinas: «--trabajos», no '--trabajos'
    click.core.Parameter.get_error_hint = _pista  # type: ignore[method-assign]
    click.exceptions._join_param_hints = _unir_pistas  # type: ignore[attr-defined]
    click.exceptions._format_possibilities = _posibilidades  # type: ignore[assignment]

    for modulo in ("core", "exceptions", "formatting", "decorators", "parser", "types", "termui",
                   "utils", "_termui_impl", "shell_completion"):
        m = sys.modules.get(f"click.{modulo}")
        if m is None:
            continue
        if hasattr(m, "_"):
            m._ = traducir  # type: ignore[attr-defined]
        if hasattr(m, "ngettext"):
            m.ngettext = lambda s, p, n: traducir(s if n == 1 else p)  # type: ignore[attr-defined]


def _pista(self, ctx) -> str:
    return " / ".join(f"«{x}»" for x in (self.opts or [self.human_readable_name]))


def _unir_pistas(pistas):
    if pistas is not None and not isinstance(pistas, str):
        return " / ".join(f"«{x}»" for x in pistas)
    return pistas


def _posibilidades(posibilidades: list[str]) -> str:
    lista = ", ".join(f"«{p}»" for p in sorted(posibilidades))
    if len(posibilidades) == 1:
        return traducir("Did you mean {possibility}?").format(possibility=lista)
    return traducir("(Did you mean one of: {possibilities}?)").format(possibilities=lista)
