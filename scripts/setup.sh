#!/usr/bin/env bash
# Install wijkkaart and everything it needs into .venv (Debian 12, Python 3.11).
# System libraries for Qt (offscreen and on screen), Xvfb, poppler-utils and chromium (for the
# HTML export tests) come from apt: as root they are installed, otherwise the needed apt-get line
# is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
  libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth poppler-utils fonts-dejavu-core
  chromium  # headless browser for the HTML export tests (tests/export/test_web_security.py)
  python3-venv  # Debian's python3.11 makes no venv without it
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "wijkkaart heeft deze systeempakketten nodig / needs these system packages:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# Debian's own Python 3.11 first, even when another one (pyenv) comes first on PATH: it is built
# with profile-guided optimisation, and starts the app a quarter faster (bench/bench_startup.py).
if [ -z "${PYTHON:-}" ] && [ -x /usr/bin/python3.11 ]; then PYTHON=/usr/bin/python3.11; fi
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# pip's own chatter goes to a log, shown only when the install fails.
LOG=.venv/pip-install.log
if ! { .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip &&
       .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"; } >"$LOG" 2>&1; then
  cat "$LOG" >&2
  echo "installatie mislukt / install failed" >&2
  exit 1
fi
.venv/bin/python -c "import wijkkaart, PySide6, geopandas, rasterio" || { cat "$LOG" >&2; exit 1; }
