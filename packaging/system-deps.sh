#!/usr/bin/env sh
# Debian/Ubuntu libraries that Qt (PySide6 wheels) and the venv need but pip cannot install.
# Installs what is missing when run as root with apt-get; otherwise prints the command.
set -eu
command -v dpkg-query >/dev/null 2>&1 || exit 0
PKGS="python3-venv libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libglib2.0-0
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
      libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# python3-venv is only needed when the interpreter lacks ensurepip (Debian's system python).
if echo "$missing" | grep -q python3-venv && python3 -c "import ensurepip" 2>/dev/null; then
  missing=$(echo "$missing" | sed 's/python3-venv//')
fi
missing=$(echo $missing)
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system libraries for Qt: $missing"
  apt-get update -qq >/dev/null 2>&1 || true
  # Offscreen tests need few of these; a failed install is reported, not fatal.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null 2>&1 \
    || echo "warning: could not install $missing; the window may not open on a real display"
else
  echo "Qt needs these system packages to open its window; please run:"
  echo "  sudo apt-get install -y $missing"
fi
