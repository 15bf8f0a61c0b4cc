"""Benchmark de sistematiza (``make bench``): un corpus sintético de tamaño realista y, en una
sola corrida, los tiempos de construcción y la comparación con lo que usaría alguien sin
sistematiza (WeasyPrint a secas, pandoc, LibreOffice). Imprime una tabla y la guarda en
``salida/bench/bench.json``. Las cifras son proporciones contra una referencia medida en la
misma corrida.

Uso: ``.venv/bin/python scripts/bench.py [--experiencias 100] [--instancias 20] [--muestra 12]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
CORPUS = RAIZ / "tests" / "corpus"
NOTA = RAIZ / "contenido" / "experiencias" / "reuniones-socializacion-lecciones-aprendidas" / "nota.md"
INFORME = RAIZ / "contenido" / "experiencias" / "articulacion-territorial-leoncio-prado" / "informe.md"
SISTEMATIZA = [sys.executable, "-m", "pipeline.cli"]


# ------------------------------------------------------------------- el corpus
def generar(destino: Path, experiencias: int, instancias: int) -> int:
    """Experiencias con ficha, perfil, informe y nota; instancias con ordenanza, tres actas,
    plan y seguimiento. Textos y tamaños de los documentos reales y del corpus de pruebas."""
    contenido = destino / "contenido"
    if contenido.exists():
        shutil.rmtree(contenido)
    nota = NOTA.read_text(encoding="utf-8").replace(
        "  - texto: Click para ver el video\n",
        "  - texto: Click para ver el video\n    url: https://www.gob.pe/aurora\n")
    informe = INFORME.read_text(encoding="utf-8")
    for i in range(experiencias):
        carpeta = contenido / "experiencias" / f"exp-{i:03d}"
        shutil.copytree(CORPUS / "experiencia", carpeta,
                        ignore=shutil.ignore_patterns("evaluacion*.md", "carta.md", "invitacion.md",
                                                      "compromiso.md", "declaracion.md"))
        yml = carpeta / "experiencia.yml"
        yml.write_text(yml.read_text(encoding="utf-8").replace(
            "titulo: Escuelas seguras", f"titulo: Experiencia {i:03d} - Escuelas seguras"),
            encoding="utf-8")
        (carpeta / "nota.md").write_text(
            nota.replace('numero: "001-2024"', f'numero: "{i % 999 + 1:03d}-2024"'), encoding="utf-8")
        (carpeta / "informe.md").write_text(informe, encoding="utf-8")
    from pipeline.territorios import del_ambito

    distritos = [lugar for lugar in del_ambito("distrital", "Puno") if not lugar.es_cercado]
    for j in range(instancias):
        carpeta = contenido / "instancias" / f"inst-{j:02d}"
        shutil.copytree(CORPUS / "instancia", carpeta,
                        ignore=shutil.ignore_patterns("diagnostico-*.md"))
        yml = carpeta / "instancia.yml"
        lugar = distritos[j % len(distritos)]  # un distrito real distinto por instancia
        yml.write_text(yml.read_text(encoding="utf-8")
                       .replace("  provincia: Puno", f"  provincia: {lugar.provincia}")
                       .replace("  distrito: Tiquillaca", f"  distrito: {lugar.distrito}")
                       .replace('  ubigeo: "210114"', f'  ubigeo: "{lugar.ubigeo}"'), encoding="utf-8")
        acta = (carpeta / "acta-instalacion.md").read_text(encoding="utf-8")
        (carpeta / "acta-ordinaria.md").write_text(
            acta.replace("sesion: instalacion", "sesion: ordinaria")
                .replace('numero: "001-2025"', 'numero: "002-2025"'), encoding="utf-8")
    return experiencias * 4 + instancias * 6


# -------------------------------------------------------------------- medidas
def correr(args: list[str], cwd: Path) -> float:
    inicio = time.perf_counter()
    resultado = subprocess.run(SISTEMATIZA + args, cwd=cwd, capture_output=True, text=True,
                               env={**os.environ, "PYTHONPATH": str(RAIZ)})
    segundos = time.perf_counter() - inicio
    if resultado.returncode != 0:
        raise SystemExit(f"falló: {' '.join(args)}\n{resultado.stderr[-2000:]}")
    return segundos


def construir(cwd: Path, salida: str, *extra: str) -> float:
    return correr(["construir", "--contenido", "contenido", "--salida", salida, "--plantillas",
                   "plantillas", "--silencioso", *extra], cwd)


def por_documento(funcion, veces: int = 1) -> float:
    funcion()  # calentamiento
    inicio = time.perf_counter()
    for _ in range(veces):
        funcion()
    return (time.perf_counter() - inicio) / veces


def comparar_renderizadores(corpus: Path, muestra: int, tmp: Path) -> dict:
    """Por documento: nuestro DOCX y PDF frente a pandoc, WeasyPrint a secas y LibreOffice."""
    os.chdir(corpus)
    from pipeline.corpus import Corpus
    from pipeline.motor import preparar
    from pipeline.render import pdf as render_pdf
    from pipeline.render import renderizar

    fuentes = sorted((corpus / "contenido" / "experiencias").glob("exp-*/nota.md"))[: muestra // 2]
    fuentes += sorted((corpus / "contenido" / "experiencias").glob("exp-*/informe.md"))[: muestra // 2]
    nuestro_docx, nuestro_pdf, weasy, pandoc, docx_hechos = [], [], [], [], []
    from weasyprint import HTML

    def preparar_doc(ruta):
        contenido = Corpus(corpus / "contenido")
        return preparar(contenido.leer(ruta), corpus / "plantillas", contenido)

    for i, ruta in enumerate(fuentes):
        doc = preparar_doc(ruta)
        destino_docx = tmp / f"d{i:02d}.docx"
        nuestro_docx.append(por_documento(
            lambda r=ruta, d=destino_docx: renderizar(preparar_doc(r), "docx", corpus / "plantillas", d), 3))
        docx_hechos.append(destino_docx)
        nuestro_pdf.append(por_documento(
            lambda r=ruta, d=tmp / f"d{i:02d}.pdf": renderizar(preparar_doc(r), "pdf", corpus / "plantillas", d)))
        html = render_pdf.html(doc, corpus / "plantillas", doc.tipo.fecha(doc))
        base = (corpus / "plantillas" / doc.tipo.plantilla).resolve().as_uri() + "/"
        weasy.append(por_documento(
            lambda h=html, b=base: HTML(string=h, base_url=b).write_pdf(tmp / "w.pdf", pdf_tags=True)))
        if shutil.which("pandoc"):
            cuerpo = ruta.read_text(encoding="utf-8").split("\n---\n", 1)[1]
            md = tmp / "p.md"
            md.write_text(cuerpo, encoding="utf-8")
            pandoc.append(por_documento(lambda m=md: subprocess.run(
                ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(tmp / "p.docx"), str(m)],
                check=True), 3))
    resultado = {
        "docx_nuestro_s": statistics.mean(nuestro_docx),
        "pdf_nuestro_s": statistics.mean(nuestro_pdf),
        "pdf_weasyprint_s": statistics.mean(weasy),
        "docx_pandoc_s": statistics.mean(pandoc) if pandoc else None,
        "documentos_muestra": len(fuentes),
    }
    soffice = shutil.which("soffice")
    if soffice:
        salida_lo = tmp / "lo"
        inicio = time.perf_counter()
        subprocess.run([soffice, "--headless", "--norestore",
                        f"-env:UserInstallation=file://{tmp}/perfil-lo", "--convert-to", "pdf",
                        "--outdir", str(salida_lo)] + [str(d) for d in docx_hechos],
                       check=True, capture_output=True)
        resultado["pdf_libreoffice_s"] = (time.perf_counter() - inicio) / len(docx_hechos)
        # la ruta habitual docxtpl + LibreOffice: un «soffice --convert-to» por documento
        inicio = time.perf_counter()
        for d in docx_hechos[:3]:
            subprocess.run([soffice, "--headless", "--norestore",
                            f"-env:UserInstallation=file://{tmp}/perfil-lo", "--convert-to", "pdf",
                            "--outdir", str(salida_lo), str(d)], check=True, capture_output=True)
        resultado["pdf_libreoffice_un_proceso_s"] = (time.perf_counter() - inicio) / min(3, len(docx_hechos))
    else:
        resultado["pdf_libreoffice_s"] = resultado["pdf_libreoffice_un_proceso_s"] = None
    return resultado


def perfil_mas_lento(corpus: Path, tmp: Path) -> str:
    """Dónde se va el tiempo del PDF de un informe (la etapa más lenta), con cProfile."""
    import cProfile
    import io
    import pstats

    from pipeline.corpus import Corpus
    from pipeline.motor import preparar
    from pipeline.render import renderizar

    ruta = sorted((corpus / "contenido" / "experiencias").glob("exp-*/informe.md"))[0]
    contenido = Corpus(corpus / "contenido")
    doc = preparar(contenido.leer(ruta), corpus / "plantillas", contenido)
    perfilador = cProfile.Profile()
    perfilador.enable()
    for _ in range(3):
        renderizar(doc, "pdf", corpus / "plantillas", tmp / "perfil.pdf")
    perfilador.disable()
    texto = io.StringIO()
    pstats.Stats(perfilador, stream=texto).sort_stats("cumulative").print_stats(18)
    lineas = [ln for ln in texto.getvalue().splitlines() if re.search(r"\d+\.\d{3}", ln)]
    return "\n".join(lineas[:18])


# ------------------------------------------------------- el lote del país entero
def _pico_mb(pid: int) -> float | None:
    """El pico de memoria residente de un proceso (VmHWM de /proc), en MB."""
    try:
        for linea in Path(f"/proc/{pid}/status").read_text().splitlines():
            if linea.startswith("VmHWM:"):
                return int(linea.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def _hijos(pid: int) -> list[int]:
    hijos = []
    for tarea in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            hijos += [int(x) for x in tarea.read_text().split()]
    return hijos


def correr_midiendo(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Segundos de reloj del proceso entero, y el pico de memoria del proceso principal y del
    mayor de sus procesos de trabajo (VmHWM, leído cada 0,1 s mientras viven)."""
    inicio = time.perf_counter()
    proceso = subprocess.Popen(SISTEMATIZA + args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(RAIZ)})
    picos: dict[int, float] = {}
    while proceso.poll() is None:
        for pid in [proceso.pid, *_hijos(proceso.pid)]:
            pico = _pico_mb(pid)
            if pico:
                picos[pid] = max(picos.get(pid, 0.0), pico)
        time.sleep(0.1)
    segundos = time.perf_counter() - inicio
    error = proceso.stderr.read() if proceso.stderr else ""
    if proceso.returncode != 0:
        raise SystemExit(f"falló: {' '.join(args)}\n{error[-2000:]}")
    trabajadores = [v for pid, v in picos.items() if pid != proceso.pid]
    return segundos, picos.get(proceso.pid, 0.0), max(trabajadores, default=0.0)


def lote_nacional(corpus: Path, trabajos: int, corridas: int, corridas_pdf: int) -> dict:
    """Las ordenanzas modelo de todos los distritos del Perú, de la lista oficial (sin tabla),
    en frío (salida vacía en cada corrida): solo DOCX y DOCX + PDF."""
    from pipeline.territorios import cuantos

    resultado: dict = {"distritos": cuantos()[2], "trabajos": trabajos}
    for formatos, veces in (("docx", corridas), ("docx,pdf", corridas_pdf)):
        medidas = []
        for _ in range(veces):
            shutil.rmtree(corpus / "sL", ignore_errors=True)
            medidas.append(correr_midiendo(
                ["lote", "ordenanza", "--nivel", "distrital", "--ambito", "Perú", "--formato", formatos,
                 "--contenido", "contenido", "--salida", "sL", "--plantillas", "plantillas", "--silencioso",
                 "--trabajos", str(trabajos)], corpus))
        tiempos = [m[0] for m in medidas]
        resultado[formatos] = {
            "segundos": tiempos, "min_s": min(tiempos), "mediana_s": statistics.median(tiempos),
            "max_s": max(tiempos), "memoria_principal_mb": max(m[1] for m in medidas),
            "memoria_por_trabajador_mb": max(m[2] for m in medidas)}
    shutil.rmtree(corpus / "sL", ignore_errors=True)
    return resultado


def _filas_lote(lote: dict) -> list[tuple[str, str, str, str]]:
    filas = []
    for formatos, nombre in (("docx", "solo DOCX"), ("docx,pdf", "DOCX + PDF")):
        m = lote[formatos]
        filas.append((f"Ordenanzas de los {lote['distritos']} distritos, {nombre}", f"{m['mediana_s']:.1f} s",
                      f"min {m['min_s']:.1f} / máx {m['max_s']:.1f} s ({len(m['segundos'])})",
                      f"{lote['distritos'] / m['mediana_s']:.0f} doc/s"))
        filas.append((f"  memoria por trabajador ({nombre})",
                      f"{m['memoria_por_trabajador_mb']:.0f} MB", f"principal {m['memoria_principal_mb']:.0f} MB",
                      ""))
    return filas


# ----------------------------------------------------------------------- main
def main() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argumentos.add_argument("--experiencias", type=int, default=100)
    argumentos.add_argument("--instancias", type=int, default=20)
    argumentos.add_argument("--muestra", type=int, default=12,
                            help="documentos para comparar con pandoc, WeasyPrint y LibreOffice")
    argumentos.add_argument("--trabajos", type=int, default=os.cpu_count() or 1)
    argumentos.add_argument("--salida", type=Path, default=RAIZ / "salida" / "bench")
    argumentos.add_argument("--lote-corridas", type=int, default=3,
                            help="corridas del lote nacional de ordenanzas, solo DOCX (0: no medirlo)")
    argumentos.add_argument("--lote-corridas-pdf", type=int, default=3,
                            help="corridas del lote nacional de ordenanzas, DOCX + PDF (0: no medirlo)")
    args = argumentos.parse_args()

    corpus = args.salida.resolve()
    corpus.mkdir(parents=True, exist_ok=True)
    if (corpus / "plantillas").exists():
        shutil.rmtree(corpus / "plantillas")
    shutil.copytree(RAIZ / "plantillas", corpus / "plantillas")
    total = generar(corpus, args.experiencias, args.instancias)
    for s in ("s1", "sN"):
        shutil.rmtree(corpus / s, ignore_errors=True)
    print(f"Corpus: {args.experiencias} experiencias y {args.instancias} instancias = {total} "
          f"documentos × 2 formatos; {os.cpu_count()} núcleos; {args.trabajos} procesos.",
          flush=True)

    t = {}
    t["frio_N"] = construir(corpus, "sN", "--trabajos", str(args.trabajos))
    memoria_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    t["sin_cambios"] = min(construir(corpus, "sN") for _ in range(3))
    nota = corpus / "contenido" / "experiencias" / f"exp-{min(7, args.experiencias - 1):03d}" / "nota.md"
    nota.write_text(nota.read_text(encoding="utf-8") + "\nUna línea más.\n", encoding="utf-8")
    t["una_nota"] = construir(corpus, "sN")
    css = corpus / "plantillas" / "nota" / "nota.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* cambio de plantilla */\n", encoding="utf-8")
    t["una_plantilla"] = construir(corpus, "sN")
    t["frio_1"] = construir(corpus, "s1", "--trabajos", "1")
    eficiencia = t["frio_1"] / (args.trabajos * t["frio_N"])

    tmp = corpus / "tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    r = comparar_renderizadores(corpus, args.muestra, tmp)
    perfil = perfil_mas_lento(corpus, tmp)

    lote = (lote_nacional(corpus, args.trabajos, args.lote_corridas, args.lote_corridas_pdf)
            if args.lote_corridas and args.lote_corridas_pdf else None)

    filas = [
        ("Construcción en frío", f"{t['frio_N']:.1f} s", f"{total / t['frio_N']:.1f} doc/s", ""),
        ("Sin cambios (con el arranque)", f"{t['sin_cambios']:.2f} s", "", _meta(t["sin_cambios"] <= 1.0, "≤ 1,0 s")),
        ("Una nota cambiada", f"{t['una_nota']:.2f} s", "", _meta(t["una_nota"] <= 1.5, "≤ 1,5 s")),
        ("Una plantilla cambiada (notas)", f"{t['una_plantilla']:.1f} s", f"{args.experiencias} notas", ""),
        ("1 proceso", f"{t['frio_1']:.1f} s", f"{total / t['frio_1']:.1f} doc/s", ""),
        (f"Eficiencia paralela ({args.trabajos} procesos)", f"{eficiencia:.0%}", "",
         _meta(eficiencia >= 0.85, "≥ 85 %")),
        ("PDF: nuestro / WeasyPrint a secas", f"{r['pdf_nuestro_s'] / r['pdf_weasyprint_s']:.2f}",
         f"{r['pdf_nuestro_s'] * 1000:.0f} / {r['pdf_weasyprint_s'] * 1000:.0f} ms",
         _meta(r["pdf_nuestro_s"] / r["pdf_weasyprint_s"] <= 1.10, "≤ 1,10")),
    ]
    if r["docx_pandoc_s"]:
        razon = r["docx_nuestro_s"] / r["docx_pandoc_s"]
        filas.append(("DOCX: nuestro / pandoc", f"{razon:.2f}",
                      f"{r['docx_nuestro_s'] * 1000:.0f} / {r['docx_pandoc_s'] * 1000:.0f} ms",
                      _meta(razon <= 0.5, "≤ 0,5")))
    if r["pdf_libreoffice_s"]:
        razon = r["pdf_libreoffice_s"] / r["pdf_nuestro_s"]
        filas.append(("PDF: LibreOffice en lote / nuestro", f"{razon:.1f} ×",
                      f"{r['pdf_libreoffice_s'] * 1000:.0f} / {r['pdf_nuestro_s'] * 1000:.0f} ms",
                      _meta(razon >= 3, "≥ 3 ×")))
        razon = r["pdf_libreoffice_un_proceso_s"] / r["pdf_nuestro_s"]
        filas.append(("PDF: LibreOffice, un proceso por doc / nuestro", f"{razon:.1f} ×",
                      f"{r['pdf_libreoffice_un_proceso_s'] * 1000:.0f} / {r['pdf_nuestro_s'] * 1000:.0f} ms",
                      _meta(razon >= 3, "≥ 3 ×")))
    filas.append(("Memoria máxima por proceso", f"{memoria_mb:.0f} MB", "", _meta(memoria_mb <= 300, "≤ 300 MB")))
    if lote:
        filas += _filas_lote(lote)
    ancho = max(len(f[0]) for f in filas)
    print()
    for nombre, valor, detalle, meta in filas:
        print(f"{nombre:<{ancho}}  {valor:>10}  {detalle:<22} {meta}")
    print("\nPerfil del PDF de un informe (cProfile, acumulado, 3 documentos):")
    print(perfil)
    resultado = {
        "maquina": {"nucleos": os.cpu_count(), "procesos": args.trabajos,
                    "python": platform.python_version(), "sistema": platform.platform()},
        "corpus": {"experiencias": args.experiencias, "instancias": args.instancias,
                   "documentos": total},
        "tiempos_s": t, "eficiencia_paralela": eficiencia, "memoria_max_mb": memoria_mb,
        "por_documento_s": r,
        "lote_nacional": lote,
        "tabla": [dict(zip(("medida", "valor", "detalle", "meta"), f, strict=False)) for f in filas],
        "perfil_pdf": perfil,
    }
    (corpus / "bench.json").write_text(json.dumps(resultado, ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nGuardado en {corpus / 'bench.json'}")


def _meta(cumple: bool, meta: str) -> str:
    return f"{'✓' if cumple else '✗'} meta {meta}"


if __name__ == "__main__":
    main()
