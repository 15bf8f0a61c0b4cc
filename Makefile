# sistematiza — cada objetivo instala lo que necesita la primera vez (entorno local .venv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LISTO  := $(VENV)/.instalado
SISTEMATIZA := $(BIN)/sistematiza

.PHONY: notas fichas evaluaciones perfiles informes cartas todo validar test limpiar sistema

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

limpiar:
	rm -rf salida
