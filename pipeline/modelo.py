"""Modelos pydantic de las fuentes y sus errores, en castellano, con archivo, línea y campo."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errores import Problema, lista_legible, sugerencia
from .fuentes import Fuente


class Modelo(BaseModel):
    """Base de los modelos: campos desconocidos son error; textos sin espacios sobrantes."""

    # defer_build: el esquema de cada modelo se arma la primera vez que valida (cada proceso
    # arma solo los de los documentos que construye)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, allow_inf_nan=False,
                              defer_build=True)


# Ninguna cifra de estos documentos (casos, soles, metas) llega a un billón: un número mayor es
# un error de tipeo, y ahorra cuentas y formatos con números sin medida.
CIFRA_MAXIMA = 10**12
Cifra = Annotated[Decimal, Field(ge=0, le=CIFRA_MAXIMA)]
Conteo = Annotated[int, Field(ge=0, le=CIFRA_MAXIMA)]


# ----------------------------------------------------------------- errores de pydantic
_MENSAJES = {
    "missing": "falta este campo obligatorio",
    "string_type": "debe ser un texto",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero, sin letras ni signos",
    "int_from_float": "debe ser un número entero, sin decimales",
    "float_type": "debe ser un número",
    "float_parsing": "debe ser un número (use el punto para decimales: 86.7)",
    "decimal_parsing": "debe ser un número (use el punto para decimales: 86.7)",
    "decimal_type": "debe ser un número (use el punto para decimales: 86.7)",
    "bool_type": "debe ser «true» (sí) o «false» (no)",
    "bool_parsing": "debe ser «true» (sí) o «false» (no)",
    "list_type": "debe ser una lista (una línea por elemento, empezando con «- »)",
    "dict_type": "debe ser un grupo de campos «nombre: valor»",
    "model_type": "debe ser un grupo de campos «nombre: valor»",
    "model_attributes_type": "debe ser un grupo de campos «nombre: valor»",
    "date_type": "debe ser una fecha AAAA-MM-DD, por ejemplo 2024-05-30",
    "date_parsing": "debe ser una fecha AAAA-MM-DD, por ejemplo 2024-05-30",
    "date_from_datetime_parsing": "debe ser una fecha AAAA-MM-DD, por ejemplo 2024-05-30",
    "string_too_short": "no puede estar vacío",
    "finite_number": "debe ser un número finito",
    "decimal_max_digits": "tiene demasiadas cifras",
    "decimal_max_places": "tiene demasiados decimales",
    "decimal_whole_digits": "tiene demasiadas cifras",
    "date_from_datetime_inexact": "debe ser una fecha AAAA-MM-DD, sin hora",
    "date_past": "debe ser una fecha pasada",
    "date_future": "debe ser una fecha futura",
    "int_from_string": "debe ser un número entero",
    "string_pattern_mismatch": "no tiene la forma esperada",
    "enum": "valor no permitido",
    "union_tag_invalid": "valor no permitido",
    "recursion_loop": "el valor se contiene a sí mismo",
    "list_too_long": "la lista es demasiado larga",
    "int_parsing_size": "el número es demasiado grande",
    "float_finite_number": "debe ser un número finito",
}


def _mensaje(error: dict, modelo: type[BaseModel]) -> str:
    tipo, ctx = error["type"], error.get("ctx") or {}
    if tipo == "value_error":
        return str(ctx.get("error", error["msg"]))
    if tipo == "extra_forbidden":
        campo = error["loc"][-1]
        validos = _campos_validos(modelo, error["loc"][:-1])
        return ("campo desconocido." + sugerencia(campo, validos)
                + f" Los campos válidos aquí son: {lista_legible(validos)}")
    if tipo == "literal_error":
        return f"valor no permitido; use uno de: {str(ctx.get('expected', '')).replace(' or ', ' o ')}"
    if tipo == "too_short":
        return f"debe tener al menos {ctx.get('min_length')} elemento(s)"
    if tipo == "too_long":
        return f"admite como máximo {ctx.get('max_length')} elemento(s)"
    if tipo in ("greater_than_equal", "greater_than"):
        return f"debe ser mayor {'o igual ' if tipo.endswith('equal') else ''}que {ctx.get('ge', ctx.get('gt'))}"
    if tipo in ("less_than_equal", "less_than"):
        return f"debe ser menor {'o igual ' if tipo.endswith('equal') else ''}que {ctx.get('le', ctx.get('lt'))}"
    if tipo == "string_too_long":
        return f"es demasiado largo (máximo {ctx.get('max_length')} caracteres)"
    return _MENSAJES.get(tipo, f"valor no válido ({tipo})")


def _campos_validos(modelo: type[BaseModel], ruta: tuple) -> list[str]:
    """Los campos que admite el submodelo en ``ruta`` (para sugerir el correcto)."""
    actual = modelo
    for parte in ruta:
        if isinstance(parte, int):
            continue
        info = actual.model_fields.get(parte)
        if info is None:
            return []
        anotacion = info.annotation
        for candidato in (anotacion, *getattr(anotacion, "__args__", ())):
            if isinstance(candidato, type) and issubclass(candidato, BaseModel):
                actual = candidato
                break
    return list(actual.model_fields)


def validar_modelo(fuente: Fuente, modelo: type[BaseModel], ignorar=frozenset(),
                   solo_propios: bool = True) -> tuple[Any, list[Problema]]:
    """Valida los datos con ``modelo``.

    Los datos heredados que el modelo no usa se ignoran. Con ``solo_propios``, un campo del
    front matter que el modelo no conoce (y no está en ``ignorar``) es un error; sin él, solo
    se toman los campos del modelo.
    """
    datos = {k: v for k, v in fuente.datos.items()
             if k in modelo.model_fields or (solo_propios and k in fuente.propios and k not in ignorar)}
    sin_completar = list(_por_completar(datos, ()))
    problemas = [fuente.problema(ruta, f"complete este campo ({texto})") for ruta, texto in sin_completar]
    try:
        validado = modelo.model_validate(datos)
        return (None if problemas else validado), problemas
    except ValidationError as exc:
        for error in exc.errors():
            ruta = tuple(error["loc"])
            if any(ruta[:len(r)] == r for r, _ in sin_completar):
                continue  # ya se pidió completarlo
            problemas.append(fuente.problema(ruta, _mensaje(dict(error), modelo)))
        return None, problemas


MARCA_COMPLETAR = "COMPLETAR"


def _por_completar(valor: Any, ruta: tuple):
    """Los valores que aún dicen «COMPLETAR: …» (los esqueletos de ``sistematiza nueva``)."""
    if isinstance(valor, str) and valor.strip().startswith(MARCA_COMPLETAR):
        yield ruta, valor.strip()[len(MARCA_COMPLETAR):].strip(" :") or "falta el dato"
    elif isinstance(valor, dict):
        for clave, v in valor.items():
            yield from _por_completar(v, ruta + (clave,))
    elif isinstance(valor, list):
        for i, v in enumerate(valor):
            yield from _por_completar(v, ruta + (i,))
