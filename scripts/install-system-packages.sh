#!/usr/bin/env bash
# Installs (and where needed starts) the Debian/Ubuntu packages the tests use:
#   chromium                   the browser the UI tests drive (Playwright, executablePath /usr/bin/chromium)
#   socat                      pseudo-terminal pairs, so serial device tests send real bytes
#   poppler-utils              pdftoppm / pdftotext, to render and read the PDFs Gatehouse makes
#   zbar-tools                 zbarimg, an independent QR decoder that reads rendered badges back
#   fonts-dejavu-core          fonts for rendering
#   cups, cups-client,
#   printer-driver-cups-pdf    a real CUPS print queue ("PDF") that writes each job as a PDF file
#   faketime                   libfaketime: `npm test` runs the unit and integration suites again with the
#                              clock of the whole process tree a year ahead, to catch tests tied to a date
#   lintian                    checks the .deb the packaging test builds (dpkg-deb, from dpkg, builds it)
#   systemd                    systemd-analyze verify checks the sync server's and the browser kiosk's units
#                              (tests/integration/deploy.test.ts, tests/packaging/kiosk-deb.test.ts)
#   postgresql                 the sync server's PostgreSQL backend: the tests start a throwaway cluster of
#                              their own (initdb + pg_ctl in a temp folder, tests/support/postgres.ts); the
#                              package's own cluster is neither needed nor started
# Safe to run again: it installs only what is missing and starts CUPS only when it is not running.
set -euo pipefail
PACKAGES=(chromium socat poppler-utils zbar-tools fonts-dejavu-core cups cups-client printer-driver-cups-pdf faketime lintian systemd postgresql)

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "System packages present: ${PACKAGES[*]}"
fi

# CUPS: containers and CI machines have no init system to start it.
cups_running() { lpstat -r 2>/dev/null | grep -q 'is running'; }
if ! cups_running; then
  echo "Starting CUPS"
  $SUDO service cups start >/dev/null 2>&1 || $SUDO /usr/sbin/cupsd
  for _ in $(seq 1 50); do cups_running && break; sleep 0.2; done
fi
if ! lpstat -v PDF >/dev/null 2>&1; then
  echo "Adding the cups-pdf queue PDF"
  $SUDO lpadmin -p PDF -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
fi
$SUDO cupsenable PDF
$SUDO cupsaccept PDF
