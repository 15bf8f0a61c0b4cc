"""Listas anidadas con la sangría que usa la gente (2 o 3 espacios) → la que pide el paquete."""

from pipeline.marcado import sangrar_listas


def test_dos_espacios_pasan_a_cuatro():
    assert sangrar_listas("- a\n  - b\n    - c\n- d") == "- a\n    - b\n        - c\n- d"


def test_cuatro_espacios_no_cambian():
    texto = "- a\n    - b\n        - c\n- d"
    assert sangrar_listas(texto) == texto


def test_numerada_con_tres_espacios():
    assert sangrar_listas("1. uno\n   - dos\n2. tres") == "1. uno\n    - dos\n2. tres"


def test_parrafo_dentro_de_un_elemento():
    assert sangrar_listas("- a\n\n  segundo párrafo\n\n- b") == "- a\n\n    segundo párrafo\n\n- b"


def test_bloque_de_codigo_fuera_de_listas_no_cambia():
    texto = "Un párrafo.\n\n    código sangrado\n    - no es lista\n\nOtro."
    assert sangrar_listas(texto) == texto


def test_un_parrafo_sin_sangria_cierra_la_lista():
    texto = "- a\n  - b\n\nPárrafo.\n\n  - nueva lista con sangría"
    assert sangrar_listas(texto) == "- a\n    - b\n\nPárrafo.\n\n- nueva lista con sangría"


def test_conserva_el_numero_de_lineas():
    texto = "- a\n  - b\n\n  texto\n\n1. x\n   1. y\n"
    assert sangrar_listas(texto).count("\n") == texto.count("\n")
