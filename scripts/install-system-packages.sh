#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the tests use:
#   chromium          the browser the UI tests drive (Playwright with executablePath /usr/bin/chromium)
#   socat             pseudo-terminal pairs for serial device tests
#   poppler-utils     pdftoppm / pdftotext, to render and read generated PDFs (badges, reports)
#   fonts-dejavu-core fonts for rendering
set -euo pipefail
PACKAGES=(chromium socat poppler-utils fonts-dejavu-core)

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages present: ${PACKAGES[*]}"
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
