#!/bin/sh
# Run by the .deb after installing Gatehouse: the group the udev rules grant device access to, and the
# rules themselves, so relays and scanners work without root from the first plug-in.
set -e
getent group gatehouse >/dev/null || groupadd --system gatehouse
install -m 0644 "/opt/Gatehouse/resources/udev/70-gatehouse.rules" /etc/udev/rules.d/70-gatehouse.rules
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=hidraw --subsystem-match=tty --subsystem-match=usb || true
fi
