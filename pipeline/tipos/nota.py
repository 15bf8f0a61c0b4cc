"""Nota del conocimiento (semilla 003): «N.º 001-2024», seis secciones, cifras y enlaces."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .. import formato
from ..corpus import Corpus
from ..errores import AVISO
from ..experiencia import Requisitos
from ..modelo import Cifra, Modelo
from ..publicacion import Decision
from ..vocabularios import TIPOS_PRACTICA, elegir
from .base import DefSeccion, Documento, Reglas, TipoDocumento, elemento, en_linea

_NUMERO = re.compile(r"^(?:N\.?\s*[º°o]\.?\s*)?(\d{1,3})-(\d{4})$", re.IGNORECASE)
MARCA_VALOR = "{valor}"
MARCA_NOTA = "(*)"


class Resultado(Modelo):
    """Una cifra de la sección «Transformando realidades»."""

    etiqueta: str = Field(min_length=1, max_length=40)
    valor: Cifra
    unidad: Literal["%"] | None = None
    texto: str = Field(min_length=1)
    asterisco: bool = False  # lleva «(*)», que remite a ``nota_resultados``

    @field_validator("valor", mode="before")
    @classmethod
    def _valor_numerico(cls, v):
        if isinstance(v, str) and re.fullmatch(r"\d+(\.\d+)?", v.strip()):
            return Decimal(v.strip())  # «010» (con cero delante, texto en YAML) es diez
        if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
            raise ValueError(
                f"«{v}» no es una cifra; escriba solo el número, sin espacios ni «%» "
                "(por ejemplo 2283 o 86.7) y ponga «unidad: \"%\"» si es un porcentaje")
        return v

    @model_validator(mode="after")
    def _porcentaje(self):
        if self.unidad == "%" and self.valor > 100:
            raise ValueError(f"un porcentaje no puede pasar de 100 (se escribió {self.valor})")
        if self.texto.count(MARCA_VALOR) > 1:
            raise ValueError(f"«{MARCA_VALOR}» aparece más de una vez en «texto»")
        return self

    @property
    def valor_formateado(self) -> str:
        return formato.porcentaje(self.valor) if self.unidad == "%" else formato.cifra(self.valor)


class Enlace(Modelo):
    texto: str = Field(min_length=1)
    url: str | None = None

    @field_validator("url")
    @classmethod
    def _url_completa(cls, v):
        if v is not None and not re.match(r"^https?://[^\s/]+\.[^\s]+$", v):
            raise ValueError(f"«{v}» no es una dirección web completa (debe empezar con https://)")
        return v


class Nota(Modelo):
    tipo: Literal["nota"]
    numero: str
    practica: str
    titulo: str = Field(min_length=5, max_length=300)
    fecha: dt.date | None = None
    autores: list[str] = []
    resultados: list[Resultado] = Field(min_length=1)
    nota_resultados: str | None = None
    enlaces: list[Enlace] = []
    pendientes: list[str] = []

    @field_validator("numero", mode="before")
    @classmethod
    def _numero(cls, v):
        m = _NUMERO.match(str(v).strip()) if isinstance(v, (str, int)) else None
        if not m or not (int(m.group(1)) >= 1) or not (2000 <= int(m.group(2)) <= 2100):
            raise ValueError(f"«{v}» no es un número de nota; escriba el correlativo de tres cifras, "
                             "un guion y el año, entre comillas: \"001-2024\"")
        return f"{int(m.group(1)):03d}-{m.group(2)}"

    @field_validator("practica", mode="before")
    @classmethod
    def _practica(cls, v):
        return elegir(v, TIPOS_PRACTICA)

    @property
    def numero_formateado(self) -> str:
        return f"N.º {self.numero}"

    @property
    def anio(self) -> int:
        return int(self.numero[-4:])


class TipoNota(TipoDocumento):
    nombre = "nota"
    descripcion = "nota del conocimiento"
    orden = 50
    objetivo_make = "notas"
    ayuda = "La nota del conocimiento (N.º 001-2024): seis secciones, cifras y enlaces."
    coar = "http://purl.org/coar/resource_type/c_93fc"
    publicacion = "segun_evaluacion"
    publica_si = "publica_nota"
    motivo_no_publica = ("la nota se publica para las buenas prácticas y experiencias destacadas, con la "
                         "evaluación del informe (bases §7 y §10)")
    modelo = Nota
    variables = {
        "numero": "número de la nota, ya escrito: «N.º 001-2024»",
        "practica": "«Buena práctica» o «Experiencia destacada»",
        "titulo": "título de la nota",
        "secciones": "las seis secciones; cada una con .numero, .titulo y .contenido (texto con formato). Claves: "
                     "problematica, solucion, resultados, lecciones, recomendaciones, legado",
        "resultados": "las cifras; cada una con .etiqueta, .valor (número), .unidad («%» o nada), .marca («(*)» o "
                      "nada) y .frase (texto con la cifra en negrita)",
        "nota_resultados": "la nota que explica el «(*)» de las cifras (o nada)",
        "enlaces": "los enlaces de «Conoce más…»; cada uno con .texto, .url y .vinculo (el enlace ya hecho)",
    }
    requisitos = Requisitos()  # si la carpeta tiene experiencia.yml, sus datos deben ser válidos
    experiencia_obligatoria = False

    def secciones(self, modelo: Nota) -> list[DefSeccion]:
        # con un campo roto (una pasada que revisa todo), la variante más común del título
        practica = str(getattr(modelo, "practica", None) or "buena práctica").lower()
        return [
            DefSeccion("problematica", "Conociendo el entorno y la problemática"),
            DefSeccion("solucion",
                       "La solución de una práctica para contribuir en la lucha contra la violencia",
                       subsecciones=("Metodología",)),
            DefSeccion("resultados", "Transformando realidades"),
            DefSeccion("lecciones", "Aprendiendo juntas/os: lecciones valiosas para replicar"),
            DefSeccion("recomendaciones",
                       "Haciendo la diferencia: recomendaciones que se pueden aplicar"),
            DefSeccion("legado",
                       f"El legado de una {practica}: actualizaciones y mejoras en la experiencia",
                       alias=tuple(f"El legado de una {p.valor.lower()}: actualizaciones y mejoras "
                                   "en la experiencia" for p in TIPOS_PRACTICA)),
        ]

    def autor(self, doc: Documento) -> str:
        return "; ".join(doc.modelo.autores) or "Programa Nacional AURORA"

    def decidir_con_evaluacion(self, doc: Documento, decisiva) -> Decision:
        resultado = decisiva.resultado
        if resultado.nota and doc.modelo.practica != resultado.resultado:
            return Decision(False, "incoherente con la evaluación", bloqueo=True, problemas=(doc.fuente.problema(
                ("practica",), f"la nota dice «{doc.modelo.practica}» y la evaluación de la fase "
                f"«{decisiva.fase.nombre}», «{resultado.resultado}»: escriba «{resultado.resultado}»"),))
        return super().decidir_con_evaluacion(doc, decisiva)

    def reglas(self, doc: Documento, corpus: Corpus) -> Reglas:
        from ..numeracion import dependencia, usados_simples

        fuente, problemas = doc.fuente, []
        for uso in usados_simples(corpus, self.nombre, Nota._numero):
            if uso.numero == doc.modelo.numero and uso.ruta.resolve() != fuente.ruta.resolve():
                problemas.append(fuente.problema(("numero",),
                    f"la nota N.º {uso.numero} ya existe: {uso.archivo}; cada nota del año lleva su número"))
        con_asterisco = [i for i, r in enumerate(doc.modelo.resultados) if r.asterisco]
        if con_asterisco and not doc.modelo.nota_resultados:
            problemas.append(fuente.problema(("resultados", con_asterisco[0], "asterisco"),
                "esta cifra lleva «(*)» pero falta el campo «nota_resultados», el texto que "
                "explica el asterisco (por ejemplo, la encuesta de donde sale la cifra)"))
        for i, enlace in enumerate(doc.modelo.enlaces):
            if not enlace.url:
                problemas.append(fuente.problema(("enlaces", i),
                    f"el enlace «{enlace.texto}» no tiene «url»: se mostrará como texto, sin "
                    "vínculo; complete la dirección antes de publicar", nivel=AVISO))
        return Reglas(problemas, dependencias={dependencia(corpus, self.nombre)})

    def contexto(self, doc: Documento) -> dict:
        nota: Nota = doc.modelo
        secciones = {
            d.clave: {"numero": i, "titulo": d.titulo, "contenido": doc.secciones[d.clave]}
            for i, d in enumerate(self.secciones(nota), start=1)
        }
        resultados = []
        for r in nota.resultados:
            marca = f" {MARCA_NOTA}" if r.asterisco else ""
            antes, _, despues = r.texto.partition(MARCA_VALOR)
            if MARCA_VALOR in r.texto:
                frase = en_linea(antes, elemento("strong", r.valor_formateado), marca + despues)
            else:
                frase = en_linea(r.texto)
            resultados.append({"etiqueta": r.etiqueta, "valor": r.valor, "unidad": r.unidad,
                               "marca": marca, "frase": frase})
        enlaces = [{"texto": e.texto, "url": e.url,
                    "vinculo": en_linea(elemento("a", e.texto, href=e.url) if e.url else e.texto)}
                   for e in nota.enlaces]
        return {
            "numero": nota.numero_formateado,
            "practica": nota.practica,
            "titulo": nota.titulo,
            "secciones": secciones,
            "resultados": resultados,
            "nota_resultados": nota.nota_resultados,
            "enlaces": enlaces,
        }


TIPO = TipoNota()
