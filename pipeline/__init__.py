"""sistematiza: documentos del ciclo de sistematización del Programa Nacional AURORA."""

__version__ = "0.1.0"
