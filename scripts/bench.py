"""Benchmark de sistematiza (``make bench``): un corpus sintético de tamaño realista y, en una
sola corrida, los tiempos de construcción, el lote nacional de ordenanzas y la comparación con
lo que usaría alguien sin sistematiza (WeasyPrint a secas, pandoc, LibreOffice).

Honesto: cada comparación corre los dos lados del mismo modo (proceso entero contra proceso
entero, o en proceso contra en proceso; la tabla lo dice), intercalados, al menos 5 veces, con
mínimo, mediana y máximo; LibreOffice con su perfil ya creado; la memoria se muestrea mientras
corren los procesos (VmHWM de cada uno). Imprime la tabla con las metas (✓/✗) y la guarda en
``salida/bench/bench.json``.

Uso: ``.venv/bin/python scripts/bench.py [--experiencias 100] [--instancias 20] [--rondas 5]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
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
def resumen(valores: list[float]) -> dict:
    return {"min": min(valores), "mediana": statistics.median(valores), "max": max(valores), "n": len(valores)}


def correr(args: list[str], cwd: Path) -> float:
    """Segundos de reloj de un proceso de sistematiza, entero."""
    inicio = time.perf_counter()
    resultado = subprocess.run(SISTEMATIZA + args, cwd=cwd, capture_output=True, text=True,
                               env={**os.environ, "PYTHONPATH": str(RAIZ)})
    segundos = time.perf_counter() - inicio
    if resultado.returncode not in (0, 1):
        raise SystemExit(f"falló: {' '.join(args)}\n{resultado.stderr[-2000:]}")
    return segundos


def construir(cwd: Path, salida: str, *extra: str) -> float:
    return correr(["construir", "--contenido", "contenido", "--salida", salida, "--plantillas",
                   "plantillas", "--silencioso", *extra], cwd)


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


def _hechos(carpeta: Path | None) -> int:
    """Cuántos documentos hay ya escritos en ``carpeta`` (sus DOCX)."""
    if carpeta is None or not carpeta.is_dir():
        return 0
    return sum(1 for _ in carpeta.rglob("*.docx"))


def correr_midiendo(args: list[str], cwd: Path, salida: Path | None = None) -> dict:
    """Un proceso de sistematiza, entero: segundos de reloj y el pico de memoria (VmHWM) del
    proceso principal y de cada trabajador, leído cada 0,1 s mientras viven; también la serie
    (segundos, documentos ya escritos en ``salida``, memoria del mayor trabajador), para ver si
    la memoria queda plana."""
    import tempfile

    # no un tubo: los avisos de cientos de documentos lo llenarían y el proceso se quedaría esperando
    errores = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 — se cierra abajo, tras leerlo
    inicio = time.perf_counter()
    proceso = subprocess.Popen(SISTEMATIZA + args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errores,
                               text=True, env={**os.environ, "PYTHONPATH": str(RAIZ)})
    picos: dict[int, float] = {}
    serie: list[tuple[float, int, float]] = []
    hechos = 0
    while proceso.poll() is None:
        if hechos < 100:  # contar cuesta: solo hasta saber cuándo ya hubo 100
            hechos = _hechos(salida)
        for pid in [proceso.pid, *_hijos(proceso.pid)]:
            pico = _pico_mb(pid)
            if pico:
                picos[pid] = max(picos.get(pid, 0.0), pico)
        trabajadores = [v for pid, v in picos.items() if pid != proceso.pid]
        serie.append((time.perf_counter() - inicio, hechos, max(trabajadores, default=0.0)))
        time.sleep(0.1)
    segundos = time.perf_counter() - inicio
    errores.seek(0)
    error = errores.read()
    errores.close()
    if proceso.returncode not in (0, 1):
        raise SystemExit(f"falló: {' '.join(args)}\n{error[-2000:]}")
    trabajadores = [v for pid, v in picos.items() if pid != proceso.pid]
    return {"segundos": segundos, "principal_mb": picos.get(proceso.pid, 0.0),
            "trabajador_mb": max(trabajadores, default=0.0), "serie": serie}


def intercalar(lados: dict, rondas: int) -> dict:
    """Corre cada lado una vez por ronda, alternando el orden; devuelve la serie de cada uno."""
    series: dict[str, list[float]] = {k: [] for k in lados}
    for ronda in range(rondas):
        orden = list(lados) if ronda % 2 == 0 else list(reversed(lados))
        for nombre in orden:
            series[nombre].append(lados[nombre]())
    return series


def comparar_pdf(corpus: Path, fuentes: list[Path], rondas: int) -> dict:
    """En proceso contra en proceso: nuestro PDF (HTML de la plantilla + PDF) frente a WeasyPrint
    a secas sobre el mismo HTML ya hecho; por documento, con el mismo calentamiento."""
    os.chdir(corpus)
    from weasyprint import HTML

    from pipeline.corpus import Corpus
    from pipeline.motor import preparar
    from pipeline.render import pdf as render_pdf
    from pipeline.render import renderizar

    plantillas = corpus / "plantillas"
    contenido = Corpus(corpus / "contenido")
    docs = [preparar(contenido.leer(r), plantillas, contenido) for r in fuentes]
    htmls = [(render_pdf.html(d, plantillas, d.tipo.fecha(d)), (plantillas / d.tipo.plantilla).resolve().as_uri() + "/")
             for d in docs]
    destino = corpus / "tmp" / "x.pdf"

    def nuestro() -> float:
        inicio = time.perf_counter()
        for d in docs:
            renderizar(d, "pdf", plantillas, destino)
        return (time.perf_counter() - inicio) / len(docs)

    def weasyprint() -> float:
        inicio = time.perf_counter()
        for h, base in htmls:
            HTML(string=h, base_url=base).write_pdf(destino, pdf_tags=True)
        return (time.perf_counter() - inicio) / len(docs)

    nuestro(), weasyprint()  # el mismo calentamiento para los dos
    return intercalar({"nuestro": nuestro, "weasyprint": weasyprint}, rondas)


def comparar_docx(corpus: Path, notas: list[Path], rondas: int) -> dict | None:
    """Proceso entero contra proceso entero, como lo haría quien escribe: un `sistematiza
    construir` de todas las notas (DOCX) frente a un `pandoc` por nota; por documento."""
    if not shutil.which("pandoc"):
        return None
    tmp = corpus / "tmp"
    cuerpos = []
    for i, ruta in enumerate(notas):
        md = tmp / f"p{i:03d}.md"
        md.write_text(ruta.read_text(encoding="utf-8").split("\n---\n", 1)[1], encoding="utf-8")
        cuerpos.append(md)

    def nuestro() -> float:
        return construir(corpus, "sD", "nota", "--formato", "docx", "--forzar", "--trabajos", "1") / len(notas)

    def pandoc() -> float:
        inicio = time.perf_counter()
        for md in cuerpos:
            subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", str(md.with_suffix(".docx")), str(md)],
                           check=True)
        return (time.perf_counter() - inicio) / len(cuerpos)

    nuestro(), pandoc()
    return intercalar({"nuestro": nuestro, "pandoc": pandoc}, rondas)


def comparar_libreoffice(corpus: Path, fuentes: list[Path], rondas: int) -> dict | None:
    """Proceso entero contra proceso entero: LibreOffice (perfil ya creado) convierte a PDF los
    DOCX que hacemos, en un solo proceso; nosotros hacemos los PDF de las mismas fuentes, en un
    solo proceso. Por documento."""
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    tmp = corpus / "tmp"
    relativas = [str(r.relative_to(corpus)) for r in fuentes]
    construir(corpus, "sL0", *relativas, "--formato", "docx", "--forzar", "--trabajos", "1")
    docx = sorted((corpus / "sL0").rglob("*.docx"))
    perfil = f"-env:UserInstallation=file://{tmp}/perfil-lo"

    def libreoffice() -> float:
        inicio = time.perf_counter()
        subprocess.run([soffice, "--headless", "--norestore", perfil, "--convert-to", "pdf", "--outdir",
                        str(tmp / "lo")] + [str(d) for d in docx], check=True, capture_output=True)
        return (time.perf_counter() - inicio) / len(docx)

    def nuestro() -> float:
        return construir(corpus, "sL1", *relativas, "--formato", "pdf", "--forzar", "--trabajos", "1") / len(fuentes)

    libreoffice(), nuestro()  # el perfil de LibreOffice se crea aquí, fuera de lo medido
    return intercalar({"nuestro": nuestro, "libreoffice": libreoffice}, rondas)


def lote_nacional(corpus: Path, trabajos: int, corridas: int, corridas_pdf: int) -> dict:
    """Las ordenanzas modelo de todos los distritos del Perú, de la lista oficial (sin tabla), en
    frío (salida vacía en cada corrida): solo DOCX y DOCX + PDF. La memoria queda «plana» si el
    pico del mayor trabajador al final no pasa en más de 10 % el que tenía cuando ya había 100
    documentos escritos (contados en la carpeta de salida mientras corre)."""
    from pipeline.territorios import cuantos

    distritos = cuantos()[2]
    resultado: dict = {"distritos": distritos, "trabajos": trabajos}
    for formatos, veces in (("docx", corridas), ("docx,pdf", corridas_pdf)):
        medidas = []
        for _ in range(veces):
            shutil.rmtree(corpus / "sL", ignore_errors=True)
            medidas.append(correr_midiendo(
                ["lote", "ordenanza", "--nivel", "distrital", "--ambito", "Perú", "--formato", formatos,
                 "--contenido", "contenido", "--salida", "sL", "--plantillas", "plantillas", "--silencioso",
                 "--trabajos", str(trabajos)], corpus, corpus / "sL"))
        ultima = medidas[-1]
        temprano = next((mb for _, hechos, mb in ultima["serie"] if hechos >= 100 and mb), ultima["trabajador_mb"])
        resultado[formatos] = {
            "segundos": resumen([m["segundos"] for m in medidas]),
            "memoria_principal_mb": max(m["principal_mb"] for m in medidas),
            "memoria_por_trabajador_mb": max(m["trabajador_mb"] for m in medidas),
            "memoria_tras_100_mb": temprano}
    shutil.rmtree(corpus / "sL", ignore_errors=True)
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



# ----------------------------------------------------------------------- main
def _fmt(r: dict, escala: float = 1.0, unidad: str = "s", decimales: int = 2) -> str:
    return (f"{r['mediana'] * escala:.{decimales}f} {unidad} (mín {r['min'] * escala:.{decimales}f}, "
            f"máx {r['max'] * escala:.{decimales}f}, {r['n']})")


def _razon(a: list[float], b: list[float]) -> dict:
    return resumen([x / y for x, y in zip(a, b, strict=True)])


def _ms(series: dict, a: str, b: str) -> str:
    return f"{statistics.median(series[a]) * 1000:.0f} / {statistics.median(series[b]) * 1000:.0f} ms"


def _meta(cumple: bool, meta: str) -> str:
    return f"{'✓' if cumple else '✗'} meta {meta}"


def medir_construcciones(corpus: Path, trabajos: int, rondas: int, experiencias: int) -> dict:
    """En frío (N procesos y 1), sin cambios, una nota cambiada y una plantilla cambiada."""
    t: dict = {"frio_N": [], "frio_1": [], "trabajador_mb": 0.0}
    for _ in range(3):
        shutil.rmtree(corpus / "sN", ignore_errors=True)
        medida = correr_midiendo(["construir", "--contenido", "contenido", "--salida", "sN", "--plantillas",
                                  "plantillas", "--silencioso", "--trabajos", str(trabajos)], corpus)
        t["frio_N"].append(medida["segundos"])
        t["trabajador_mb"] = max(t["trabajador_mb"], medida["trabajador_mb"])
        shutil.rmtree(corpus / "s1", ignore_errors=True)
        t["frio_1"].append(construir(corpus, "s1", "--trabajos", "1"))
    t["sin_cambios"] = [construir(corpus, "sN") for _ in range(rondas)]
    nota = corpus / "contenido" / "experiencias" / f"exp-{min(7, experiencias - 1):03d}" / "nota.md"
    t["una_nota"] = []
    for i in range(rondas):
        nota.write_text(nota.read_text(encoding="utf-8") + f"\nUna línea más ({i}).\n", encoding="utf-8")
        t["una_nota"].append(construir(corpus, "sN"))
    css = corpus / "plantillas" / "nota" / "nota.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* cambio de plantilla */\n", encoding="utf-8")
    t["una_plantilla"] = [construir(corpus, "sN")]
    return t


def tabla(t: dict, pdf: dict, docx: dict | None, lo: dict | None, lote: dict | None, trabajos: int,
          total: int) -> list[tuple[str, str, str, str]]:
    frio_n, frio_1 = resumen(t["frio_N"]), resumen(t["frio_1"])
    eficiencia = frio_1["mediana"] / (trabajos * frio_n["mediana"])
    filas = [
        ("Construcción en frío (proceso entero)", _fmt(frio_n, decimales=1), f"{total / frio_n['mediana']:.1f} doc/s",
         _meta(frio_n["mediana"] <= 45, "≤ 45 s")),
        ("1 proceso, en frío", _fmt(frio_1, decimales=1), "", ""),
        (f"Eficiencia paralela ({trabajos} procesos, medianas)", f"{eficiencia:.0%}", "", ""),
        ("Sin cambios (proceso entero)", _fmt(resumen(t["sin_cambios"])), "",
         _meta(resumen(t["sin_cambios"])["mediana"] <= 0.2, "≤ 0,2 s")),
        ("Una nota cambiada (proceso entero)", _fmt(resumen(t["una_nota"])), "",
         _meta(resumen(t["una_nota"])["mediana"] <= 1.0, "≤ 1,0 s")),
        ("Una plantilla de nota cambiada", f"{t['una_plantilla'][0]:.1f} s", "rehace solo los PDF de notas", ""),
    ]
    razon = _razon(pdf["nuestro"], pdf["weasyprint"])
    filas.append(("PDF: nuestro / WeasyPrint a secas (en proceso, mismo HTML)", _fmt(razon, unidad="×"),
                  _ms(pdf, "nuestro", "weasyprint"), _meta(razon["mediana"] <= 0.95, "≤ 0,95")))
    if docx:
        razon = _razon(docx["nuestro"], docx["pandoc"])
        filas.append(("DOCX: nuestro / pandoc (procesos enteros, por doc.)", _fmt(razon, unidad="×"),
                      _ms(docx, "nuestro", "pandoc"), _meta(razon["mediana"] <= 0.3, "≤ 0,3")))
    if lo:
        razon = _razon(lo["libreoffice"], lo["nuestro"])
        filas.append(("PDF: LibreOffice tibio / nuestro (procesos enteros)", _fmt(razon, unidad="×"),
                      _ms(lo, "libreoffice", "nuestro"), ""))
    filas.append(("Memoria máxima por trabajador (construcción en frío)", f"{t['trabajador_mb']:.0f} MB", "",
                  _meta(t["trabajador_mb"] <= 200, "≤ 200 MB")))
    if lote:
        for formatos, nombre, meta in (("docx", "solo DOCX", 5), ("docx,pdf", "DOCX + PDF", 120)):
            m = lote[formatos]
            mediana = m["segundos"]["mediana"]
            filas.append((f"Ordenanzas de los {lote['distritos']} distritos, {nombre}",
                          _fmt(m["segundos"], decimales=1), f"{lote['distritos'] / mediana:.0f} doc/s",
                          _meta(mediana <= meta, f"≤ {meta} s")))
            plana = m["memoria_por_trabajador_mb"] <= 1.1 * m["memoria_tras_100_mb"]
            filas.append((f"  memoria por trabajador ({nombre}): tras 100 doc. → al final",
                          f"{m['memoria_tras_100_mb']:.0f} → {m['memoria_por_trabajador_mb']:.0f} MB",
                          f"principal {m['memoria_principal_mb']:.0f} MB",
                          _meta(plana and m["memoria_por_trabajador_mb"] <= 200, "≤ 200 MB y plana (±10 %)")))
    return filas


def main() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argumentos.add_argument("--experiencias", type=int, default=100)
    argumentos.add_argument("--instancias", type=int, default=20)
    argumentos.add_argument("--muestra", type=int, default=12,
                            help="documentos para comparar con WeasyPrint y LibreOffice")
    argumentos.add_argument("--rondas", type=int, default=5, help="rondas de cada comparación (al menos 5)")
    argumentos.add_argument("--trabajos", type=int, default=os.cpu_count() or 1)
    argumentos.add_argument("--salida", type=Path, default=RAIZ / "salida" / "bench")
    argumentos.add_argument("--lote-corridas", type=int, default=3,
                            help="corridas del lote nacional de ordenanzas, solo DOCX (0: no medirlo)")
    argumentos.add_argument("--lote-corridas-pdf", type=int, default=3,
                            help="corridas del lote nacional de ordenanzas, DOCX + PDF (0: no medirlo)")
    args = argumentos.parse_args()

    # como queda el programa instalado (pip compila el bytecode): cada proceso medido lo usa,
    # aunque el entorno pida no escribirlo (PYTHONDONTWRITEBYTECODE)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(RAIZ / "pipeline")], check=True)
    corpus = args.salida.resolve()
    corpus.mkdir(parents=True, exist_ok=True)
    if (corpus / "plantillas").exists():
        shutil.rmtree(corpus / "plantillas")
    shutil.copytree(RAIZ / "plantillas", corpus / "plantillas")
    total = generar(corpus, args.experiencias, args.instancias)
    tmp = corpus / "tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    print(f"Corpus: {args.experiencias} experiencias y {args.instancias} instancias = {total} "
          f"documentos × 2 formatos; {os.cpu_count()} núcleos; {args.trabajos} procesos; "
          f"{args.rondas} rondas por comparación.", flush=True)

    inicio = time.perf_counter()

    def etapa(texto: str) -> None:  # qué se está midiendo (el banco completo tarda ~20 min)
        print(f"  [{time.perf_counter() - inicio:5.0f} s] {texto}…", flush=True)

    etapa("construcciones: en frío (3 con todos los procesos y 3 con uno), sin cambios, una nota, "
          "una plantilla")
    t = medir_construcciones(corpus, args.trabajos, args.rondas, args.experiencias)
    experiencias = corpus / "contenido" / "experiencias"
    muestra = sorted(experiencias.glob("exp-*/nota.md"))[: args.muestra // 2] + \
        sorted(experiencias.glob("exp-*/informe.md"))[: args.muestra // 2]
    etapa("PDF: LibreOffice tibio contra el nuestro")
    lo = comparar_libreoffice(corpus, muestra, args.rondas)
    etapa("DOCX: el nuestro contra pandoc")
    docx = comparar_docx(corpus, sorted(experiencias.glob("exp-*/nota.md")), args.rondas)
    if args.lote_corridas and args.lote_corridas_pdf:
        etapa("lote nacional de ordenanzas: solo DOCX y DOCX + PDF")
    lote = (lote_nacional(corpus, args.trabajos, args.lote_corridas, args.lote_corridas_pdf)
            if args.lote_corridas and args.lote_corridas_pdf else None)
    etapa("PDF: el nuestro contra WeasyPrint a secas")
    pdf = comparar_pdf(corpus, muestra, args.rondas)
    etapa("perfil del PDF más lento")
    perfil = perfil_mas_lento(corpus, tmp)

    filas = tabla(t, pdf, docx, lo, lote, args.trabajos, total)
    ancho = max(len(f[0]) for f in filas)
    print()
    for nombre, valor, detalle, meta in filas:
        print(f"{nombre:<{ancho}}  {valor:<36}  {detalle:<24} {meta}")
    print("\nPerfil del PDF de un informe (cProfile, acumulado, 3 documentos):")
    print(perfil)
    resultado = {
        "maquina": {"nucleos": os.cpu_count(), "procesos": args.trabajos,
                    "python": platform.python_version(), "sistema": platform.platform()},
        "corpus": {"experiencias": args.experiencias, "instancias": args.instancias, "documentos": total},
        "construcciones_s": {k: v for k, v in t.items() if k != "trabajador_mb"},
        "memoria_trabajador_mb": t["trabajador_mb"],
        "pdf_en_proceso_s": pdf, "docx_procesos_s": docx, "libreoffice_procesos_s": lo,
        "lote_nacional": lote,
        "tabla": [dict(zip(("medida", "valor", "detalle", "meta"), f, strict=False)) for f in filas],
        "perfil_pdf": perfil,
    }
    (corpus / "bench.json").write_text(json.dumps(resultado, ensure_ascii=False, indent=2, default=str),
                                       encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nGuardado en {corpus / 'bench.json'}")


if __name__ == "__main__":
    main()
