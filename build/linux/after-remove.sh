#!/bin/sh
# Run by the .deb after removing Gatehouse: its udev rules go too (the group and the station data stay).
set -e
rm -f /etc/udev/rules.d/70-gatehouse.rules
command -v udevadm >/dev/null 2>&1 && udevadm control --reload-rules || true
