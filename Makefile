# sistematiza — cada objetivo instala lo que necesita la primera vez (entorno local .venv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LISTO  := $(VENV)/.instalado
SISTEMATIZA := $(BIN)/sistematiza

.PHONY: todo validar vista test lint bench paquete paquete-revision limpiar sistema

# La primera vez (o si cambia pyproject.toml) instala el entorno y lo dice; pip muestra su avance.
$(LISTO): pyproject.toml
	@echo "sistematiza: preparando el entorno en $(VENV) (solo la primera vez; tarda un minuto o dos)…"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "sistematiza: instalando las bibliotecas fijadas en pyproject.toml…"
	$(BIN)/pip install --disable-pip-version-check --progress-bar on -e '.[pruebas]'
	@touch $(LISTO)
	@echo "sistematiza: entorno listo."

# Un objetivo por tipo de documento (`make notas`, `make informes`, `make ordenanzas`…): la
# lista sale de los tipos mismos (pipeline/registro.py lee sus módulos; no hace falta .venv).
# `make ordenanzas` construye también las de cada tabla de territorios (un documento por fila).
OBJETIVOS_TIPOS := $(shell $(PYTHON) -m pipeline.registro objetivos)
.PHONY: $(OBJETIVOS_TIPOS)
# `make notas EXP=contenido/experiencias/mi-experiencia`: solo las de esa carpeta (o fuente).
$(OBJETIVOS_TIPOS): $(LISTO)
	$(SISTEMATIZA) construir $@ $(EXP)

todo: $(LISTO)
	$(SISTEMATIZA) construir $(EXP)

validar: $(LISTO)
	$(SISTEMATIZA) validar $(EXP)

# Vista previa en vivo: `make vista EXP=contenido/experiencias/mi-experiencia`.
vista: $(LISTO)
	$(SISTEMATIZA) vista $(EXP)

# Programas del sistema (Pango para el PDF; pandoc y LibreOffice para las pruebas).
sistema:
	@bash scripts/dependencias-sistema.sh

# pytest sale con 5 si no encuentra pruebas: make lo toma como fallo, como debe ser.
test: $(LISTO) sistema lint
	$(BIN)/python -m pytest -q

# Hábitos: ruff y mypy sin hallazgos; ninguna función más compleja que el grado C de radon.
lint: $(LISTO)
	$(BIN)/ruff check pipeline scripts tests
	$(BIN)/mypy
	@complejas="$$($(BIN)/radon cc --min D --no-assert pipeline)"; \
	  if [ -n "$$complejas" ]; then echo "Funciones más complejas que el grado C (radon):"; \
	  echo "$$complejas"; exit 1; fi

# El paquete para el Repositorio Institucional (salida/paquete/), revisado. Si no hay nada que
# publicar, no se arma (y se dice por qué).
paquete: $(LISTO)
	$(SISTEMATIZA) paquete
	@for d in salida/paquete/*/; do [ -d "$$d" ] && $(SISTEMATIZA) paquete --verificar $$d; done; true

# El paquete de revisión: también los borradores (con marca de agua) y revision.html, con lo
# que bloquea cada documento.
paquete-revision: $(LISTO)
	$(SISTEMATIZA) paquete --revision
	@for d in salida/paquete/*-revision-*/; do $(SISTEMATIZA) paquete --verificar $$d; done

# Benchmark: corpus sintético (100 experiencias, 20 instancias) y comparación con pandoc,
# WeasyPrint a secas y LibreOffice; tabla en pantalla y en salida/bench/bench.json.
bench: $(LISTO) sistema
	$(BIN)/python scripts/bench.py $(BENCH)

limpiar:
	rm -rf salida

# Un objetivo que no existe: el error en castellano, con sugerencia («make nota» → «make notas»).
.DEFAULT:
	@$(PYTHON) -m pipeline.registro sugerir "$@" >&2; exit 2
