#!/bin/sh
# The .deb's postinst (electron-builder `deb.afterInstall`; ${executable} and ${sanitizedProductName} are
# filled in by electron-builder). A custom afterInstall replaces electron-builder's own, so this also does
# what that one does: the /usr/bin link, the Chromium sandbox, the desktop database, the AppArmor profile.
# Then Gatehouse's own: the group that the udev rules (/usr/lib/udev/rules.d/70-gatehouse.rules, in the
# package) give relays and scanners to, and a udev reload so devices work from the first plug-in.
set -e

APP_DIR='/opt/${sanitizedProductName}'

if command -v update-alternatives >/dev/null 2>&1; then
  update-alternatives --install '/usr/bin/${executable}' '${executable}' "$APP_DIR/${executable}" 100 ||
    ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
else
  ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
fi

# The SUID sandbox only where the kernel has no usable user namespaces.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
fi

if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi

# Ubuntu 24.04+ allows unprivileged user namespaces only to profiled programs.
if [ -f "$APP_DIR/resources/apparmor-profile" ] && apparmor_status --enabled >/dev/null 2>&1; then
  if apparmor_parser --skip-kernel-load --debug "$APP_DIR/resources/apparmor-profile" >/dev/null 2>&1; then
    cp -f "$APP_DIR/resources/apparmor-profile" '/etc/apparmor.d/${executable}'
    if ! { command -v ischroot >/dev/null 2>&1 && ischroot; }; then
      apparmor_parser --replace --write-cache --skip-read-cache '/etc/apparmor.d/${executable}' || true
    fi
  fi
fi

getent group gatehouse >/dev/null || groupadd --system gatehouse
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=hidraw --subsystem-match=tty --subsystem-match=usb || true
fi

# .deb updates (docs/updates.md#the-deb-package): the gatehouse group (the kiosk user) may run the root
# helper, and nothing else, without a password, so no dialog shows on the kiosk screen. Written here with
# sudoers' own mode 0440 and checked by visudo rather than shipped as a file; a rule that does not check
# out is not installed (updates then fail and say so in the fleet view).
if [ -d /etc/sudoers.d ]; then
  rule="/etc/sudoers.d/gatehouse-update"
  printf '%s\n' '# Written by the gatehouse postinst: .deb updates without a password (docs/updates.md).' \
    "%gatehouse ALL=(root) NOPASSWD: $APP_DIR/resources/update/gatehouse-deb-update" >"$rule.new"
  chmod 0440 "$rule.new"
  if command -v visudo >/dev/null 2>&1 && visudo -cqf "$rule.new"; then
    mv -f "$rule.new" "$rule"
  else
    rm -f "$rule.new"
  fi
fi
