# sistematiza — cada objetivo instala lo que necesita la primera vez (entorno local .venv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LISTO  := $(VENV)/.instalado
SISTEMATIZA := $(BIN)/sistematiza

.PHONY: notas fichas evaluaciones perfiles informes cartas ordenanzas actas planes diagnosticos \
        seguimientos todo validar test bench paquete limpiar sistema

$(LISTO): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[pruebas]'
	touch $(LISTO)

notas: $(LISTO)
	$(SISTEMATIZA) construir nota

fichas: $(LISTO)
	$(SISTEMATIZA) construir ficha

evaluaciones: $(LISTO)
	$(SISTEMATIZA) construir evaluacion

perfiles: $(LISTO)
	$(SISTEMATIZA) construir perfil

informes: $(LISTO)
	$(SISTEMATIZA) construir informe

cartas: $(LISTO)
	$(SISTEMATIZA) construir carta

# Las ordenanzas sueltas (ordenanza.md) y las de cada tabla de territorios (*.csv con «nivel»).
ordenanzas: $(LISTO)
	$(SISTEMATIZA) construir ordenanza
	@set -e; for tabla in $$(grep -rl --include='*.csv' '^nivel,' contenido 2>/dev/null); do \
	  $(SISTEMATIZA) lote ordenanza --territorios $$tabla; done

actas: $(LISTO)
	$(SISTEMATIZA) construir acta

planes: $(LISTO)
	$(SISTEMATIZA) construir plan-trabajo

diagnosticos: $(LISTO)
	$(SISTEMATIZA) construir diagnostico

seguimientos: $(LISTO)
	$(SISTEMATIZA) construir seguimiento

todo: $(LISTO)
	$(SISTEMATIZA) construir

validar: $(LISTO)
	$(SISTEMATIZA) validar

# Programas del sistema (Pango para el PDF; pandoc y LibreOffice para las pruebas).
sistema:
	@bash scripts/dependencias-sistema.sh

# pytest sale con 5 si no encuentra pruebas: make lo toma como fallo, como debe ser.
test: $(LISTO) sistema
	$(BIN)/python -m pytest -q

# El paquete para el Repositorio Institucional (salida/paquete/), revisado.
paquete: $(LISTO)
	$(SISTEMATIZA) paquete
	@for d in salida/paquete/*/; do $(SISTEMATIZA) paquete --verificar $$d; done

# Benchmark: corpus sintético (100 experiencias, 20 instancias) y comparación con pandoc,
# WeasyPrint a secas y LibreOffice; tabla en pantalla y en salida/bench/bench.json.
bench: $(LISTO) sistema
	$(BIN)/python scripts/bench.py $(BENCH)

limpiar:
	rm -rf salida
