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

# The update helper's sudoers rule goes with the package; on purge also the packages kept for a rollback.
if [ "$1" = remove ] || [ "$1" = purge ]; then
  rm -f /etc/sudoers.d/gatehouse-update
fi
if [ "$1" = purge ]; then
  rm -rf /var/lib/gatehouse-update
fi
