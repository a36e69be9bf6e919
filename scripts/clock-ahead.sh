#!/usr/bin/env bash
# Runs a command with the clock of its whole process tree 400 days ahead (libfaketime), so a test that only
# passes before some calendar date fails today rather than on that date. `npm test` runs the unit,
# integration, sync and notification suites this way after running them on the real clock.
#   bash scripts/clock-ahead.sh npx vitest run           the same suites, a year and a bit from now
#   CLOCK_AHEAD=+1000d bash scripts/clock-ahead.sh …      any other offset
set -euo pipefail
if ! command -v faketime >/dev/null 2>&1; then
  echo "clock-ahead: faketime is not installed; run: bash scripts/install-system-packages.sh" >&2
  exit 1
fi
offset="${CLOCK_AHEAD:-+400d}"
echo "clock-ahead: running with the clock at $(faketime -f "$offset" date -u +%Y-%m-%dT%H:%MZ) ($offset): $*"
exec faketime -f "$offset" "$@"
