"""Todos los errores en una pasada: campos, secciones, imágenes, enlaces y comprobaciones entre
campos, cada uno con archivo:línea:campo, en el orden de la fuente."""

from __future__ import annotations

import re
import shutil

from .conftest import RAIZ, Proyecto

NOTA = RAIZ / "contenido" / "experiencias" / "reuniones-socializacion-lecciones-aprendidas" / "nota.md"

CAMBIOS = [  # una docena de errores de distinta clase
    ('numero: "001-2024"', 'numero: "1-2024x"'),                                   # 1 formato
    ("practica: Buena práctica\n", "practica: Buena practicaa\ncolor_favorito: azul\n"),  # 2 valor, 3 campo
    ("    valor: 2283\n", "    valor: dos mil\n"),                                 # 4 cifra
    ("    valor: 66.7\n", "    valor: -5\n"),                                      # 5 cifra negativa
    ("  - texto: Click para ver el video\n", "  - texto: Click para ver el video\n    url: htp:/video\n"),  # 6
    ("## 1. Conociendo el entorno y la problemática\n",
     "## 1. Conociendo el entorno y la problemática\n\n![Mapa](no-existe.png)\n\n"   # 7 imagen
     "Ver [el informe](javascript:alert(1)) y [otro](https://).\n"),               # 8, 9 enlaces
    ("## 5. Haciendo la diferencia: recomendaciones que se pueden aplicar",
     "## 5. Haciendo la diferencia: recomendaciones"),                             # 10 título, 11 falta
    ("## 6. El legado", "## 1. Conociendo el entorno y la problemática\n\nOtra vez.\n\n## 6. El legado"),  # 12
]


def _nota_con(tmp_path, cambios) -> tuple[Proyecto, str]:
    p = Proyecto(tmp_path)
    carpeta = p.contenido / "experiencias" / "mia"
    shutil.copytree(NOTA.parent, carpeta)
    texto = NOTA.read_text(encoding="utf-8")
    for viejo, nuevo in cambios:
        assert viejo in texto, viejo
        texto = texto.replace(viejo, nuevo, 1)
    (carpeta / "nota.md").write_text(texto, encoding="utf-8")
    return p, texto


def _errores(salida: str) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r"nota\.md:(\d+): (?!aviso)(.*)", salida)]


def test_una_docena_de_errores_en_una_sola_pasada(tmp_path):
    p, texto = _nota_con(tmp_path, CAMBIOS)
    r = p.correr("validar", "contenido/experiencias/mia")
    assert r.exit_code == 1
    errores = _errores(r.output)
    assert len(errores) >= 12, r.output
    lineas = [n for n, _ in errores]
    assert lineas == sorted(lineas)  # en el orden de la fuente
    mensajes = "\n".join(m for _, m in errores)
    for esperado in ("campo «numero»: «1-2024x» no es un número de nota",
                     "campo «practica»: «Buena practicaa» no es un valor permitido",
                     "campo «color_favorito»: campo desconocido.",
                     "campo «resultados.0.valor»: «dos mil» no es una cifra",
                     "campo «resultados.4.valor»",
                     "campo «enlaces.0.url»: «htp:/video» no es una dirección web completa",
                     "no se encuentra la imagen «no-existe.png»",
                     "el enlace «javascript:alert(1)» no es una dirección web completa",
                     "el enlace «https://» no es una dirección web completa",
                     "la sección «5. Haciendo la diferencia: recomendaciones» no corresponde",
                     "falta la sección «## Haciendo la diferencia: recomendaciones que se pueden aplicar»",
                     "la sección «Conociendo el entorno y la problemática» está escrita dos veces"):
        assert esperado in mensajes, esperado
    assert "Traceback" not in r.output


def test_el_yaml_roto_no_esconde_los_errores_del_texto(tmp_path):
    p, texto = _nota_con(tmp_path, [("titulo: >-\n", "titulo: [sin cerrar\nx: >-\n"), CAMBIOS[5]])
    r = p.correr("validar", "contenido/experiencias/mia")
    assert r.exit_code == 1
    errores = _errores(r.output)
    assert errores[0] == (texto.split("\n").index("titulo: [sin cerrar") + 1,
                          "el YAML no es válido: falta cerrar el «[» abierto en esta línea")
    assert any("no se encuentra la imagen «no-existe.png»" in m for _, m in errores)
    assert not any("complete" in m or "falta el campo" in m for _, m in errores)  # ningún falso error


def test_campos_validos_comprobaciones_entre_campos_y_secciones_juntas(tmp_path):
    p, _ = _nota_con(tmp_path, [("nota_resultados: Resultados de encuesta aplicada en el 2023 en el Programa "
                                 "Nacional Aurora.\n", ""), CAMBIOS[5]])
    r = p.correr("validar", "contenido/experiencias/mia")
    assert r.exit_code == 1
    mensajes = "\n".join(m for _, m in _errores(r.output))
    assert "lleva «(*)» pero falta el campo «nota_resultados»" in mensajes  # entre campos
    assert "no se encuentra la imagen «no-existe.png»" in mensajes  # y la sección, en la misma pasada
