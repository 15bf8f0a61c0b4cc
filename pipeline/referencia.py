"""La referencia de las plantillas para la SGIC: ``sistematiza plantillas referencia``.

Una página HTML (se abre en el navegador, sin red) que dice, para cada tipo de documento, los
datos que sus plantillas pueden usar (nombre, clase de dato, qué es y un ejemplo sacado de los
ejemplos que trae el proyecto), los textos fijos de sus ``textos.yml``, los filtros, los
estilos de Word que usa el texto de Markdown y cómo poner un logo. Sale de los tipos mismos
(``variables`` de cada uno, comparadas en las pruebas con su contexto real): no puede quedar vieja.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from . import formato
from .corpus import Corpus
from .errores import ErrorFuente
from .marcado import Arbol
from .marcado.a_word import ESTILOS
from .marcado.estilos_word import ALIAS

RAIZ = Path(__file__).resolve().parent.parent
EJEMPLOS_DEL_PROYECTO = (RAIZ / "contenido", RAIZ / "tests" / "corpus")
EJEMPLO_FILTROS = [
    ("fecha_larga", "{{ fecha | fecha_larga }}", dt.date(2022, 9, 28)),
    ("cifra", "{{ valor | cifra }}", Decimal(2283)),
    ("cifra", '{{ valor | cifra("%") }}', Decimal("86.7")),
    ("cifra", '{{ valor | cifra("talleres") }}', Decimal(4)),
    ("porcentaje", "{{ valor | porcentaje }}", Decimal("52.9")),
    ("soles", "{{ valor | soles }}", Decimal(30000)),
    ("fecha_parcial", "{{ fecha | fecha_parcial }}", "2019-03"),
]


def clase_de(valor) -> str:
    if isinstance(valor, Arbol):
        return "texto con formato"
    if isinstance(valor, bool):
        return "sí o no"
    if isinstance(valor, (int, float, Decimal)):
        return "número"
    if isinstance(valor, dt.date):
        return "fecha"
    if isinstance(valor, str):
        return "texto"
    if isinstance(valor, list):
        return "lista"
    if isinstance(valor, dict):
        return "grupo"
    if valor is None:
        return "—"
    if hasattr(valor, "desde") and hasattr(valor, "hasta"):
        return "periodo"
    return "dato"


def ejemplo_de(valor, largo: int = 90) -> str:
    """Un ejemplo corto y legible del valor de un dato."""
    if isinstance(valor, Arbol):
        texto = valor.texto_plano()
    elif isinstance(valor, dt.date):
        texto = f"{valor.isoformat()} (con | fecha_larga: {formato.fecha(valor)})"
    elif isinstance(valor, list):
        texto = f"{len(valor)} elemento(s)" + (f"; el primero: {ejemplo_de(valor[0], 60)}" if valor else "")
    elif isinstance(valor, dict):
        texto = "campos: " + ", ".join(str(k) for k in valor)
    elif valor is None:
        texto = "(vacío en el ejemplo)"
    elif hasattr(valor, "desde") and hasattr(valor, "hasta"):
        texto = f"{valor.desde} a {valor.hasta} (con | periodo: {formato.periodo_de_meses(valor.desde, valor.hasta)})"
    else:
        texto = str(valor)
    return texto if len(texto) <= largo else texto[:largo].rsplit(" ", 1)[0] + "…"


def contextos_de_ejemplo(plantillas: Path, carpetas=EJEMPLOS_DEL_PROYECTO) -> dict[str, dict]:
    """El contexto de un documento de ejemplo de cada tipo (el primero que valida)."""
    from .motor import preparar

    contextos: dict[str, dict] = {}
    for carpeta in carpetas:
        if not carpeta.is_dir():
            continue
        corpus = Corpus(carpeta)
        for ruta in corpus.fuentes():
            tipo = corpus.tipo_de(ruta)
            if tipo is None or tipo in contextos:
                continue
            try:
                doc = preparar(corpus.leer(ruta), plantillas, corpus)
            except ErrorFuente:
                continue
            contextos[tipo] = doc.tipo.contexto(doc)
    return contextos


_CON_FORMATO_DIRECTO = {"Código en línea", "footnote reference"}  # sin estilo: fuente o superíndice


def estilos_de_markdown() -> list[tuple[str, str, str]]:
    """(estilo, otros nombres con que se reconoce, si falta) de cada estilo del texto de Markdown."""
    filas = []
    for nombre, alternativa in dict.fromkeys(ESTILOS.values()):
        clave = "Heading {n}" if nombre.startswith("Heading") else nombre
        otros = ", ".join(x.format(n="N") for x in ALIAS.get(clave, ((), ()))[0])
        falta = (f"usa «{alternativa}»" if alternativa else
                 "se aplica el formato directamente" if nombre in _CON_FORMATO_DIRECTO else "obligatorio")
        filas.append((nombre.replace("{nivel}", "1 a 4"), otros, falta))
    return filas


def generar(plantillas: Path, destino: Path, carpetas=EJEMPLOS_DEL_PROYECTO) -> Path:
    """Escribe la referencia en ``destino`` (un archivo HTML) y lo devuelve."""
    from .institucional import textos
    from .registro import tipos
    from .render import entorno_html
    from .tipos import TIPOS

    ejemplos = contextos_de_ejemplo(plantillas, carpetas)
    entorno = entorno_html(plantillas)
    secciones = []
    for declaracion in tipos():
        tipo = TIPOS[declaracion.nombre]
        contexto = ejemplos.get(tipo.nombre, {})
        secciones.append({
            "nombre": tipo.nombre, "descripcion": tipo.descripcion, "plantilla": tipo.plantilla,
            "variables": [{"nombre": n, "que": q, "clase": clase_de(contexto.get(n)) if n in contexto else "—",
                           "ejemplo": ejemplo_de(contexto[n]) if n in contexto else "(sin ejemplo)"}
                          for n, q in tipo.variables.items()],
            "textos": sorted(textos(plantillas, tipo.plantilla).items()),
        })
    filtros = [(n, uso, entorno.from_string(uso).render(fecha=v, valor=v)) for n, uso, v in EJEMPLO_FILTROS]
    html = entorno.from_string(PAGINA).render(secciones=secciones, filtros=filtros,
                                              estilos=estilos_de_markdown())
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_text(html, encoding="utf-8")
    return destino


PAGINA = """<!DOCTYPE html>
<html lang="es-PE">
<head>
<meta charset="utf-8">
<title>Referencia de las plantillas — sistematiza</title>
<style>
  body { font-family: "Liberation Sans", Arial, sans-serif; margin: 2rem auto; max-width: 70rem;
         color: #1a1a1a; }
  h1, h2 { color: #5c2d82; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
  th, td { border: 1px solid #d9c8e6; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
  th { background: #f1e8f6; } code { background: #f5f5f5; padding: 0 0.2rem; }
  nav a { margin-right: 0.8rem; }
</style>
</head>
<body>
<h1>Referencia de las plantillas</h1>
<p>Lo que una plantilla Word (<code>plantillas/&lt;tipo&gt;/&lt;tipo&gt;.docx</code>) o HTML
(<code>&lt;tipo&gt;.html</code>) puede usar. Un dato se escribe <code>{{ '{{ nombre }}' }}</code>; un campo
de un grupo, <code>{{ '{{ grupo.campo }}' }}</code>; una lista se recorre con
<code>{{ '{% for x in lista %}…{% endfor %}' }}</code> (en Word, en un párrafo propio:
<code>{{ '{%p for x in lista %}' }}</code>). Un texto con formato (Markdown del documento) va en un párrafo
propio con <code>{{ '{{p nombre }}' }}</code> en Word y <code>{{ '{{ nombre }}' }}</code> en HTML.
Después de editar una plantilla: <code>sistematiza plantillas revisar</code>.</p>
<nav>{% for s in secciones %}<a href="#{{ s.nombre }}">{{ s.nombre }}</a>{% endfor %}</nav>

<h2 id="textos">Textos fijos</h2>
<p>Las frases que no dependen del documento (saludos, fórmulas, pies de página) están una sola vez, en
<code>plantillas/&lt;tipo&gt;/textos.yml</code> y <code>plantillas/comun/textos.yml</code>. Las dos plantillas las
ponen con <code>{{ "{{ texto('clave') }}" }}</code>: cambiar una frase ahí la cambia en el DOCX y en el PDF. Dentro
de un texto pueden ir datos del documento entre <code>{{ '{{ }}' }}</code>. La identidad (ministerio, programa,
colores del PDF) está en <code>plantillas/comun/identidad.yml</code>.</p>

<h2 id="filtros">Filtros: cómo se escriben fechas y cifras</h2>
<table><thead><tr><th>filtro</th><th>se escribe</th><th>sale</th></tr></thead><tbody>
{% for nombre, uso, sale in filtros %}
<tr><td><code>{{ nombre }}</code></td><td><code>{{ uso }}</code></td><td>{{ sale }}</td></tr>
{% endfor %}
</tbody></table>
<p>Un dato que falta sale «—». Además valen los filtros de Jinja (<code>upper</code>, <code>lower</code>,
<code>capitalize</code>, <code>join</code>…).</p>

<h2 id="estilos">Estilos de Word que usa el texto con formato</h2>
<p>Se reconocen por su nombre en inglés, en castellano o como los guarda LibreOffice. Se pueden cambiar
(fuente, color, espacios, numeración) pero no borrar.</p>
<table><thead><tr><th>estilo</th><th>también se reconoce como</th><th>si falta</th></tr></thead><tbody>
{% for nombre, otros, falta in estilos %}
<tr><td>{{ nombre }}</td><td>{{ otros }}</td><td>{{ falta }}</td></tr>
{% endfor %}
</tbody></table>

<h2 id="logo">Logo</h2>
<p>Guarde la imagen como <code>plantillas/comun/logo.png</code> (o <code>.jpg</code>; el PDF acepta también
<code>.svg</code>) para todos los documentos del Programa, o en <code>plantillas/&lt;tipo&gt;/</code> para un tipo.
Los documentos de una instancia (ordenanza, actas, plan, diagnóstico, seguimiento) llevan el logo del gobierno que
los emite: un <code>logo.png</code> en la carpeta de la instancia. El texto alternativo del logo del Programa está en
<code>identidad.yml</code> (<code>logo_alt</code>).</p>

{% for s in secciones %}
<h2 id="{{ s.nombre }}">{{ s.descripcion|capitalize }} (<code>{{ s.nombre }}</code>)</h2>
<p>Plantillas: <code>plantillas/{{ s.plantilla }}/{{ s.plantilla }}.docx</code> y
<code>.html</code>.</p>
<table><thead><tr><th>dato</th><th>clase</th><th>qué es</th><th>ejemplo</th></tr></thead><tbody>
{% for v in s.variables %}
<tr><td><code>{{ v.nombre }}</code></td><td>{{ v.clase }}</td><td>{{ v.que }}</td><td>{{ v.ejemplo }}</td></tr>
{% endfor %}
<tr><td><code>textos</code>, <code>identidad</code>, <code>logo</code>, <code>ejemplo</code></td><td>—</td>
<td>comunes a todos los tipos</td><td></td></tr>
</tbody></table>
{% if s.textos %}<table><thead><tr><th><code>texto('…')</code></th><th>texto (de textos.yml)</th></tr></thead><tbody>
{% for clave, valor in s.textos %}
<tr><td><code>{{ clave }}</code></td><td>{% if valor is mapping %}{% for v, t in valor.items() %}
<strong>{{ v }}</strong>: {{ t }}<br>
{% endfor %}{% else %}{{ valor }}{% endif %}</td></tr>
{% endfor %}
</tbody></table>{% endif %}
{% endfor %}
</body>
</html>
"""
