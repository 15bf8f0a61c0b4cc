"""``sistematiza vista``: la vista previa en vivo de quien escribe.

Sirve en 127.0.0.1 una página por documento de la carpeta (o la fuente) indicada: el documento
con el mismo HTML y el mismo CSS que usa el PDF, los problemas en castellano (archivo:línea:
campo) y los vínculos a su DOCX y su PDF del momento. ``watchfiles`` vigila ``contenido/`` y
``plantillas/``: al guardar cualquier archivo del que dependa (la fuente, los datos que hereda,
una imagen, una plantilla), el motor reconstruye lo que cambió y el navegador se recarga solo
(Server-Sent Events). Si un documento falla, se muestran sus problemas y, debajo, su última
versión válida. Solo lee dentro de ``contenido/`` y ``plantillas/``; solo sirve eso y
``salida/``.
"""

from __future__ import annotations

import html as html_lib
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from .construir import construir, dentro_de
from .errores import AVISO, ErrorFuente, Problema, en_orden, ruta_legible

ESTILO = """
html body { background: #e9e9ee; margin: 0; }
#sistematiza-barra { position: sticky; top: 0; z-index: 10; background: #2b2f3a; color: #fff;
  font: 14px/1.4 sans-serif; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
#sistematiza-barra a { color: #ffd479; }
#sistematiza-problemas { font: 14px/1.5 sans-serif; margin: 12px auto; max-width: 210mm;
  background: #fff; border-left: 6px solid #c62828; padding: 8px 16px; }
#sistematiza-problemas.solo-avisos { border-left-color: #f9a825; }
#sistematiza-problemas li.aviso { color: #6d5200; }
#sistematiza-problemas li.error { color: #b71c1c; }
#sistematiza-hoja { background: #fff; max-width: 210mm; margin: 12px auto 48px; padding: 20mm 18mm;
  box-shadow: 0 1px 6px rgba(0,0,0,.25); box-sizing: border-box; }
#sistematiza-hoja.vieja { opacity: .55; }
"""

SCRIPT = """
<script>
(function () {
  var fuente = new EventSource("/eventos");
  var vista = %s;
  fuente.onmessage = function (e) { if (e.data !== vista) { location.reload(); } };
})();
</script>
"""


@dataclass
class Estado:
    """Lo último que se sabe de un documento: su HTML válido más reciente y sus problemas."""

    titulo: str
    html: str | None = None
    problemas: list[Problema] = field(default_factory=list)
    salidas: list[Path] = field(default_factory=list)
    valido: bool = False
    plantilla: str = ""  # la carpeta de sus plantillas (la base de su CSS)


class Vista:
    def __init__(self, ruta: Path, contenido: Path, salida: Path, plantillas: Path):
        self.ruta, self.contenido, self.salida, self.plantillas = ruta, contenido, salida, plantillas
        self.estados: dict[str, Estado] = {}
        self.version = 0
        self.cambio = threading.Condition()
        self.parar = threading.Event()
        self.lista = threading.Event()

    # ------------------------------------------------------------------ construir
    def actualizar(self) -> None:
        """Reconstruye (solo lo que cambió) los documentos de la ruta y rehace su HTML."""
        from .corpus import Corpus
        from .motor import preparar
        from .render import pdf

        vistos: dict[str, tuple[list[Path], list[Problema]]] = {}

        def al_terminar(ruta, salidas, problemas):
            if ruta is not None:
                vistos[ruta_legible(ruta)] = ([Path(s) for s in salidas], list(problemas))

        construir(self.contenido, self.salida, self.plantillas, trabajos=1, al_terminar=al_terminar,
                  rutas=[self.ruta])
        corpus = Corpus(self.contenido)
        fuentes = [f for f in corpus.fuentes() if dentro_de(f, [self.ruta])]
        estados = {}
        for fuente in fuentes:
            clave = ruta_legible(fuente)
            anterior = self.estados.get(clave) or Estado(clave)
            salidas, problemas = vistos.get(clave, (anterior.salidas, []))
            estado = Estado(anterior.titulo, anterior.html, problemas, salidas or anterior.salidas, False,
                            anterior.plantilla)
            try:
                doc = preparar(corpus.leer(fuente), self.plantillas, corpus)
                estado.titulo = doc.titulo
                estado.html = pdf.html(doc, self.plantillas, doc.tipo.fecha(doc))
                estado.valido = not any(p.nivel != AVISO for p in problemas)
                estado.plantilla = doc.tipo.plantilla
            except ErrorFuente as exc:
                estado.problemas = problemas or exc.problemas
            except Exception as exc:  # noqa: BLE001 — la vista no se cae por un documento
                estado.problemas = [Problema(clave, None, f"no se pudo mostrar ({type(exc).__name__}: {exc})")]
            estado.problemas = en_orden(estado.problemas, clave)
            estados[clave] = estado
        with self.cambio:
            self.estados = estados
            self.version += 1
            self.cambio.notify_all()

    def vigilar(self) -> None:
        """Vigila contenido/ y plantillas/; ``lista`` se activa cuando la vigilancia ya corre (lo
        que se guarde después se ve; lo guardado entre la primera construcción y ese momento, lo
        recoge una segunda)."""
        import watchfiles

        for cambios in watchfiles.watch(self.contenido, self.plantillas, stop_event=self.parar, debounce=150,
                                        step=50, rust_timeout=300, yield_on_timeout=True, raise_interrupt=False):
            if cambios or not self.lista.is_set():
                try:
                    self.actualizar()
                except Exception as exc:  # noqa: BLE001 — se informa y se sigue vigilando
                    print(f"La vista previa no pudo reconstruir: {exc}", flush=True)
            self.lista.set()

    # -------------------------------------------------------------------- páginas
    def indice(self) -> str:
        filas = []
        for clave, e in self.estados.items():
            marca = "✓" if e.valido else ("✗" if any(p.nivel != AVISO for p in e.problemas) else "…")
            filas.append(f'<li>{marca} <a href="/doc?f={quote(clave)}">{html_lib.escape(e.titulo)}</a> '
                         f"<code>{html_lib.escape(clave)}</code></li>")
        cuerpo = "".join(filas) or "<li>No hay fuentes en esta carpeta.</li>"
        return (f'<!DOCTYPE html><html lang="es-PE"><head><meta charset="utf-8"><title>Vista previa — '
                f'{html_lib.escape(str(self.ruta))}</title><style>{ESTILO}</style></head>'
                f'<body class="sistematiza-vista"><div id="sistematiza-barra">Vista previa de '
                f"<code>{html_lib.escape(str(self.ruta))}</code></div>"
                f'<div id="sistematiza-hoja"><h1>Documentos</h1><ul>{cuerpo}</ul></div>'
                f"{SCRIPT % repr(str(self.version))}</body></html>")

    def pagina(self, clave: str) -> str | None:
        e = self.estados.get(clave)
        if e is None:
            return None
        enlaces = " ".join(f'<a href="/salida/{quote(s.resolve().relative_to(self.salida.resolve()).as_posix())}">'
                           f"{s.suffix[1:].upper()}</a>" for s in e.salidas if s.exists())
        barra = (f'<div id="sistematiza-barra"><a href="/">Documentos</a> <strong>{html_lib.escape(e.titulo)}'
                 f"</strong> <span>{enlaces}</span></div>")
        problemas = ""
        if e.problemas:
            errores = any(p.nivel != AVISO for p in e.problemas)
            items = "".join(f'<li class="{"aviso" if p.nivel == AVISO else "error"}">{html_lib.escape(str(p))}</li>'
                            for p in e.problemas)
            nota = ("<p>Se muestra debajo la última versión válida.</p>" if errores and e.html else "")
            problemas = (f'<div id="sistematiza-problemas" class="{"" if errores else "solo-avisos"}">'
                         f"<strong>{'Errores' if errores else 'Avisos'}</strong><ul>{items}</ul>{nota}</div>")
        script = SCRIPT % repr(str(self.version))
        if not e.html:
            return (f'<!DOCTYPE html><html lang="es-PE"><head><meta charset="utf-8"><title>'
                    f"{html_lib.escape(e.titulo)}</title><style>{ESTILO}</style></head>"
                    f'<body class="sistematiza-vista">{barra}{problemas}{script}</body></html>')
        return self._injertar(e, barra + problemas, script)

    def _injertar(self, e: Estado, arriba: str, script: str) -> str:
        plantilla = e.plantilla
        codigo = re.sub(r"(?:src|href)=\"file://([^\"]+)\"",
                        lambda m: m.group(0).split("=")[0] + f'="/archivo{quote(unquote(m.group(1)))}"', e.html or "")
        cabeza = f'<base href="/plantillas/{quote(plantilla)}/"><style>{ESTILO}</style>'
        codigo = re.sub(r"<head>", "<head>" + cabeza, codigo, count=1)
        clase = "" if e.valido else " vieja"
        codigo = re.sub(r"<body([^>]*)>", lambda m: f'<body{m.group(1)}>{arriba}<div id="sistematiza-hoja" '
                        f'class="{clase.strip()}">', codigo, count=1)
        return codigo.replace("</body>", f"</div>{script}</body>", 1)

    def archivo(self, camino: str) -> Path | None:
        """Un archivo que la vista puede servir: de plantillas/, de contenido/ o de salida/."""
        if camino.startswith("/plantillas/"):
            raiz, relativa = self.plantillas, camino[len("/plantillas/"):]
            ruta = raiz / unquote(relativa)
        elif camino.startswith("/salida/"):
            raiz = self.salida
            ruta = raiz / unquote(camino[len("/salida/"):])
        elif camino.startswith("/archivo/"):
            ruta = Path("/" + unquote(camino[len("/archivo/"):]))
            raiz = next((r for r in (self.contenido, self.plantillas) if dentro_de(ruta.resolve(), [r.resolve()])),
                        self.contenido)
        else:
            return None
        real = ruta.resolve()
        if not dentro_de(real, [raiz.resolve()]) or not real.is_file():
            return None
        return real


def _manejador(vista: Vista):
    class Manejador(BaseHTTPRequestHandler):
        def log_message(self, *args):  # sin ruido en la terminal
            pass

        def _enviar(self, codigo: int, cuerpo: bytes, tipo: str) -> None:
            self.send_response(codigo)
            self.send_header("Content-Type", tipo)
            self.send_header("Content-Length", str(len(cuerpo)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(cuerpo)

        def do_GET(self):  # noqa: N802 — nombre de http.server
            partes = urlsplit(self.path)
            if partes.path == "/eventos":
                return self._eventos()
            if partes.path == "/":
                with vista.cambio:
                    return self._enviar(200, vista.indice().encode("utf-8"), "text/html; charset=utf-8")
            if partes.path == "/doc":
                clave = parse_qs(partes.query).get("f", [""])[0]
                with vista.cambio:
                    pagina = vista.pagina(clave)
                if pagina is None:
                    return self._enviar(404, b"No hay tal documento en la vista previa.",
                                        "text/plain; charset=utf-8")
                return self._enviar(200, pagina.encode("utf-8"), "text/html; charset=utf-8")
            ruta = vista.archivo(partes.path)
            if ruta is None:
                return self._enviar(404, b"No encontrado.", "text/plain; charset=utf-8")
            import mimetypes

            tipo = mimetypes.guess_type(ruta.name)[0] or "application/octet-stream"
            return self._enviar(200, ruta.read_bytes(), tipo)

        def _eventos(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                version = None
                while not vista.parar.is_set():
                    with vista.cambio:
                        if version == vista.version:
                            vista.cambio.wait(timeout=10)
                        actual = vista.version
                    mensaje = f"data: {actual}\n\n" if actual != version else ": sigue\n\n"
                    version = actual
                    self.wfile.write(mensaje.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Manejador


def servir(ruta: Path, contenido: Path, salida: Path, plantillas: Path, puerto: int, abrir: bool,
           avisar=print) -> None:
    """Construye, sirve en 127.0.0.1 y vigila hasta Ctrl-C."""
    vista = Vista(ruta, contenido, salida, plantillas)
    servidor = ThreadingHTTPServer(("127.0.0.1", puerto), _manejador(vista))  # primero el puerto
    vista.actualizar()
    servidor.daemon_threads = True
    direccion = f"http://127.0.0.1:{servidor.server_address[1]}/"
    if len(vista.estados) == 1:
        direccion += f"doc?f={quote(next(iter(vista.estados)))}"
    vigia = threading.Thread(target=vista.vigilar, daemon=True)
    vigia.start()
    vista.lista.wait(timeout=10)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    avisar(f"Vista previa de {ruta} en {direccion} (se actualiza al guardar; Ctrl-C para terminar)")
    if abrir:
        import webbrowser

        webbrowser.open(direccion)
    try:
        while hilo.is_alive():
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        vista.parar.set()
        with vista.cambio:
            vista.cambio.notify_all()
        servidor.shutdown()
        servidor.server_close()
        avisar("Vista previa detenida.")


__all__ = ["Vista", "servir"]
