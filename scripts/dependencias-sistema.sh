#!/usr/bin/env bash
# Programas del sistema que sistematiza necesita (Debian):
#   - WeasyPrint (PDF): Pango y HarfBuzz.
#   - pandoc: lee los borradores de Word (sistematiza importar documento) y, en las pruebas, los DOCX.
#   - Pruebas: LibreOffice (lee los DOCX), poppler-utils (miran los PDF) y
#     Chromium (abre el catálogo del paquete).
# Si falta alguno y se puede instalar (root con apt-get), lo instala; si no, dice qué falta.
set -euo pipefail

paquetes=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
          poppler-utils pandoc libreoffice-writer-nogui chromium)
faltan=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${paquetes[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || faltan+=("$p")
  done
else
  command -v pandoc >/dev/null || faltan+=(pandoc)
  command -v soffice >/dev/null || faltan+=(libreoffice-writer-nogui)
  command -v chromium >/dev/null || faltan+=(chromium)
fi
[ ${#faltan[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Instalando del sistema: ${faltan[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${faltan[@]}" >/dev/null
else
  echo "Aviso: faltan programas del sistema: ${faltan[*]}" >&2
  echo "       instálelos con: sudo apt-get install ${faltan[*]}" >&2
fi
