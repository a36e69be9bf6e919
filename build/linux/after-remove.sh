#!/bin/sh
# The .deb's postrm (electron-builder `deb.afterRemove`, which replaces electron-builder's own, so this
# also undoes the /usr/bin link and the AppArmor profile). dpkg removes the udev rules with the package;
# the gatehouse group and the station data stay.
set -e

if command -v update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}' || true
else
  rm -f '/usr/bin/${executable}'
fi

if [ -f '/etc/apparmor.d/${executable}' ]; then
  if apparmor_status --enabled >/dev/null 2>&1 && ! { command -v ischroot >/dev/null 2>&1 && ischroot; }; then
    apparmor_parser --remove '/etc/apparmor.d/${executable}' || true
  fi
  rm -f '/etc/apparmor.d/${executable}'
fi

command -v udevadm >/dev/null 2>&1 && udevadm control --reload-rules || true
