"""La vista previa en vivo, de punta a punta en Chromium sin pantalla (un navegador real, por su
protocolo de DevTools): abrir, editar la fuente y ver el texto nuevo; romper un campo y ver el
error; arreglarlo y verlo desaparecer. Ctrl-C la detiene limpia."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import PLANTILLAS, RAIZ

websocket = pytest.importorskip("websocket")

NOTA = RAIZ / "contenido" / "experiencias" / "reuniones-socializacion-lecciones-aprendidas"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Pestana:
    """Una pestaña de Chromium manejada por el protocolo de DevTools."""

    def __init__(self, tmp: Path, url: str):
        self.proceso = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
             f"--user-data-dir={tmp / 'perfil'}", "--window-size=1100,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        puerto = None
        limite = time.monotonic() + 30
        while puerto is None and time.monotonic() < limite:
            linea = self.proceso.stderr.readline()
            m = re.search(r"ws://127\.0\.0\.1:(\d+)/", linea)
            puerto = m and m.group(1)
        assert puerto, "Chromium no abrió su puerto de DevTools"
        pedido = urllib.request.Request(f"http://127.0.0.1:{puerto}/json/new?{url}", method="PUT")
        destino = json.loads(urllib.request.urlopen(pedido, timeout=10).read())
        self.ws = websocket.create_connection(destino["webSocketDebuggerUrl"], timeout=10)
        self.n = 0

    def orden(self, metodo: str, **params):
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": metodo, "params": params}))
        while True:
            respuesta = json.loads(self.ws.recv())
            if respuesta.get("id") == self.n:
                return respuesta.get("result", {})

    def texto(self) -> str:
        r = self.orden("Runtime.evaluate", expression="document.body ? document.body.innerText : ''",
                       returnByValue=True)
        return r.get("result", {}).get("value") or ""

    def esperar(self, condicion, segundos: float = 20) -> str:
        limite = time.monotonic() + segundos
        texto = ""
        while time.monotonic() < limite:
            texto = self.texto()
            if condicion(texto):
                return texto
            time.sleep(0.2)
        raise AssertionError(f"la página no cambió como se esperaba; dice:\n{texto[:1500]}")

    def captura(self, nombre: str) -> None:
        """Si SISTEMATIZA_CAPTURAS nombra una carpeta, guarda allí la pantalla (para la nota)."""
        carpeta = os.environ.get("SISTEMATIZA_CAPTURAS")
        if carpeta:
            import base64

            datos = self.orden("Page.captureScreenshot", format="png")["data"]
            Path(carpeta, nombre).write_bytes(base64.b64decode(datos))

    def cerrar(self) -> None:
        self.ws.close()
        self.proceso.kill()
        self.proceso.wait()


@pytest.mark.skipif(CHROMIUM is None, reason="hace falta Chromium (make sistema lo instala)")
def test_vista_previa_en_vivo_en_chromium(tmp_path):
    raiz = tmp_path / "proyecto"
    carpeta = raiz / "contenido" / "experiencias" / "mia"
    shutil.copytree(NOTA, carpeta)
    fuente = carpeta / "nota.md"
    vista = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "vista", "contenido/experiencias/mia",
                              "--puerto", "0", "--no-abrir", "--plantillas", str(PLANTILLAS)],
                             cwd=raiz, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "PYTHONPATH": str(RAIZ)})
    pestana = None
    try:
        linea = vista.stdout.readline()
        m = re.search(r"en (http://127\.0\.0\.1:\d+/\S*)", linea)
        assert m, linea
        assert "Ctrl-C" in linea
        pestana = Pestana(tmp_path, m.group(1))
        texto = pestana.esperar(lambda t: "Conociendo el entorno y la problemática" in t)
        assert "la subsección «### Metodología» está vacía" in texto  # los avisos, en la página
        pestana.captura("1-antes.png")

        original = fuente.read_text(encoding="utf-8")
        frase = "En el Programa Nacional Aurora existía una insuficiente socialización"
        assert frase in original
        fuente.write_text(original.replace(frase, "Texto nuevo escrito durante la vista previa"), encoding="utf-8")
        pestana.esperar(lambda t: "Texto nuevo escrito durante la vista previa" in t)
        pestana.captura("2-editado.png")

        roto = fuente.read_text(encoding="utf-8").replace('numero: "001-2024"', 'numero: "1-2024x"')
        fuente.write_text(roto, encoding="utf-8")
        linea_numero = roto.split("\n").index('numero: "1-2024x"') + 1
        texto = pestana.esperar(lambda t: "no es un número de nota" in t)
        assert f"nota.md:{linea_numero}: campo «numero»: «1-2024x» no es un número de nota" in texto
        assert "Se muestra debajo la última versión válida." in texto
        assert "Texto nuevo escrito durante la vista previa" in texto  # el documento sigue ahí
        pestana.captura("3-error.png")

        fuente.write_text(roto.replace('numero: "1-2024x"', 'numero: "001-2024"'), encoding="utf-8")
        pestana.esperar(lambda t: "no es un número de nota" not in t and "Texto nuevo escrito" in t)
    finally:
        if pestana:
            pestana.cerrar()
        vista.send_signal(signal.SIGINT)
        salida, _ = vista.communicate(timeout=20)
    assert vista.returncode == 0, salida
    assert "Vista previa detenida." in salida
    assert "Traceback" not in salida


def test_la_vista_solo_sirve_lo_suyo(tmp_path):
    from pipeline.vista import Vista

    contenido, salida = tmp_path / "contenido", tmp_path / "salida"
    (contenido / "a").mkdir(parents=True)
    (contenido / "a" / "foto.png").write_bytes(b"x")
    salida.mkdir()
    (tmp_path / "secreto.txt").write_text("no", encoding="utf-8")
    (contenido / "a" / "enlace.txt").symlink_to(tmp_path / "secreto.txt")
    vista = Vista(contenido / "a", contenido, salida, PLANTILLAS)
    assert vista.archivo("/plantillas/comun/estilos.css") == (PLANTILLAS / "comun" / "estilos.css").resolve()
    assert vista.archivo(f"/archivo{contenido / 'a' / 'foto.png'}") == (contenido / "a" / "foto.png").resolve()
    for pedido in ("/plantillas/../pyproject.toml", "/archivo/etc/passwd", f"/archivo{tmp_path / 'secreto.txt'}",
                   f"/archivo{contenido / 'a' / 'enlace.txt'}", "/salida/../secreto.txt", "/otra/cosa"):
        assert vista.archivo(pedido) is None, pedido


def test_puerto_ocupado(tmp_path):
    import socket

    from .conftest import Proyecto

    ocupado = socket.socket()
    ocupado.bind(("127.0.0.1", 0))
    ocupado.listen()
    try:
        p = Proyecto(tmp_path)
        r = p.correr("vista", "--no-abrir", "--puerto", str(ocupado.getsockname()[1]), "--plantillas", str(PLANTILLAS))
    finally:
        ocupado.close()
    assert r.exit_code == 1
    assert "el puerto ya está en uso (¿otra vista previa abierta?): use otro con --puerto N" in r.output
