#!/usr/bin/env bash
# Smoke test of the built program folder (issue 14): it must work with no Python anywhere on the
# PATH, from a read-only copy, and keep its settings and logs in the user's folders.
#
#   bash scripts/smoke_build.sh [--build] [DIST]      DIST defaults to dist/wijkkaart
#
# --build first runs `pyinstaller wijkkaart.spec` (installing the `build` extra if needed) and
# prints the build time. SMOKE_OUT=folder keeps the outputs (PNG, PDF, HTML, texts) there.
# The program itself runs under `env -i` with PATH set to a folder holding only `sh`; the
# venv's Python (PYTHON, default .venv/bin/python) is used afterwards only to check the PNG.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=0
if [ "${1:-}" = "--build" ]; then BUILD=1; shift; fi
DIST=${1:-$ROOT/dist/wijkkaart}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
GPKG=${SMOKE_GPKG:-/work/shared/data/ermelo/cbs_buurten_2021.gpkg}
fail() { echo "SMOKE FAIL: $*" >&2; exit 1; }

if [ "$BUILD" = 1 ]; then
  "$PYTHON" -c "import PyInstaller" 2>/dev/null || "$PYTHON" -m pip install -q -e "$ROOT[build]"
  start=$(date +%s)
  (cd "$ROOT" && "$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
      --distpath "$(dirname "$DIST")" --workpath "$ROOT/build" wijkkaart.spec)
  echo "build time: $(( $(date +%s) - start )) s"
fi
[ -x "$DIST/wijkkaart" ] || fail "no built program at $DIST (run with --build)"
echo "folder size: $(du -sm "$DIST" | cut -f1) MB ($(find "$DIST" -type f | wc -l) files)"

WORK=$(mktemp -d)
XVFB=""
trap '[ -n "$XVFB" ] && kill "$XVFB" 2>/dev/null; chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
OUT=${SMOKE_OUT:-$WORK/out}
mkdir -p "$OUT" "$WORK/tools" "$WORK/home"
ln -s "$(command -v sh)" "$WORK/tools/sh"

# A read-only copy of the program: chmod for a normal user; as root (chmod does not stop root)
# additionally a read-only bind mount in a private mount namespace.
APP=$WORK/ro/wijkkaart
mkdir -p "$WORK/ro" && cp -a "$DIST" "$APP" && chmod -R a-w "$WORK/ro"
(cd "$APP" && find . -printf '%p %s %T@\n' | sort) >"$WORK/before.txt"
MOUNT_RO=0
if [ "$(id -u)" = 0 ] && unshare -m /bin/sh -c "mount --bind '$APP' '$APP' && mount -o remount,bind,ro '$APP'" 2>/dev/null; then
  MOUNT_RO=1
fi
ENVIRONMENT=(
  PATH="$WORK/tools" HOME="$WORK/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen
  XDG_CONFIG_HOME="$WORK/home/config" XDG_DATA_HOME="$WORK/home/data"
  XDG_STATE_HOME="$WORK/home/state" XDG_CACHE_HOME="$WORK/home/cache"
  XDG_RUNTIME_DIR="$WORK/home/runtime"
)
mkdir -p "$WORK/home/runtime" && chmod 700 "$WORK/home/runtime"
# As root, the mount namespace also hides every Python installation on this machine (system, the
# venv and the interpreter it was made from) behind empty mounts: as on a machine without Python.
HIDE=""
if [ "$MOUNT_RO" = 1 ]; then
  for dir in /usr/lib/python3* /usr/local/lib/python3* \
      $("$PYTHON" -c 'import sys; print(sys.prefix, sys.base_prefix)'); do
    [ -d "$dir" ] && HIDE="$HIDE mount -t tmpfs none '$dir' &&"
  done
  for file in /usr/bin/python* /usr/local/bin/python*; do
    [ -e "$file" ] && HIDE="$HIDE mount --bind /dev/null '$file' &&"
  done
fi
run() {  # run a command of the built program: clean environment, read-only program folder
  if [ "$MOUNT_RO" = 1 ]; then
    unshare -m /bin/sh -c "$HIDE"' dir=$1; shift; mount --bind "$dir" "$dir" &&
      mount -o remount,bind,ro "$dir" && exec "$@"' sh "$APP" /usr/bin/env -i "${ENVIRONMENT[@]}" "$@"
  else
    /usr/bin/env -i "${ENVIRONMENT[@]}" "$@"
  fi
}

# 0. no Python can be found by the program
if run /bin/sh -c 'for p in python python3 python3.11 pip; do command -v "$p" && exit 1; done; exit 0'
then echo "ok: no python on the PATH ($WORK/tools holds only sh)"
else fail "a python is on the PATH of the clean environment"; fi
if [ "$MOUNT_RO" = 1 ]; then
  run /bin/sh -c "touch '$APP/probe' 2>/dev/null" && fail "the program folder is writable"
  run /bin/sh -c 'for f in /usr/lib/python3*/os.py /usr/local/lib/python3*/os.py; do
    [ -e "$f" ] && exit 1; done; exit 0' || fail "a Python standard library is still visible"
  "$PYTHON" -c 'import sys; print(sys.base_prefix)' | while read -r base; do
    run /bin/sh -c "[ ! -e '$base/bin' ]" || fail "the base interpreter $base is still visible"
  done
  echo "ok: program folder mounted read-only; Python installations hidden:$(echo "$HIDE" |
    grep -o "'[^']*'" | tr -d "'" | tr '\n' ' ')"
fi

# 1. identity
run "$APP/wijkkaart" --version >"$OUT/version.txt"
grep -q '^wijkkaart [0-9]' "$OUT/version.txt" || fail "--version: $(cat "$OUT/version.txt")"
run "$APP/wijkkaart" about >"$OUT/about.txt"
grep -q 'CC BY 4.0' "$OUT/about.txt" && grep -q 'PySide6_Essentials .*LGPL-3.0' "$OUT/about.txt" \
  && grep -q 'Leaflet .*BSD-2-Clause' "$OUT/about.txt" || fail "about text incomplete"
echo "ok: $(cat "$OUT/version.txt"); about lists $(grep -c ': ' "$OUT/about.txt") entries"

# 2. the window on the sample, photographed (offscreen), by both executables
SAMPLE=$APP/_internal/resources/sample/utrecht.wijkkaart
run "$APP/wijkkaart" open --screenshot "$OUT/sample.png" >"$OUT/open.log" 2>&1 \
  || fail "screenshot: $(cat "$OUT/open.log")"
SHOTS=("$OUT/sample.png")
if [ -x "$APP/wijkkaart-gui" ]; then  # Windows/macOS builds: the windowed launcher
  run "$APP/wijkkaart-gui" --screenshot "$OUT/sample-gui.png" "$SAMPLE" >"$OUT/open-gui.log" 2>&1 \
    || fail "wijkkaart-gui screenshot: $(cat "$OUT/open-gui.log")"
  SHOTS+=("$OUT/sample-gui.png")
fi
if command -v Xvfb >/dev/null; then  # a real X11 window (the xcb platform), not only offscreen
  Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$WORK/display" >/dev/null 2>&1 &
  XVFB=$!  # a free display number, written to $WORK/display once the server is ready
  for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.2; done
  [ -s "$WORK/display" ] || fail "Xvfb did not start"
  ENVIRONMENT+=(DISPLAY=":$(tr -d '[:space:]' <"$WORK/display")")
  run /usr/bin/env QT_QPA_PLATFORM=xcb "$APP/wijkkaart" open --screenshot "$OUT/sample-x11.png" \
    >"$OUT/open-x11.log" 2>&1 || fail "X11 screenshot: $(cat "$OUT/open-x11.log")"
  kill "$XVFB" && XVFB=""
  unset 'ENVIRONMENT[${#ENVIRONMENT[@]}-1]'
  SHOTS+=("$OUT/sample-x11.png")
fi
"$PYTHON" - "${SHOTS[@]}" <<'EOF' || fail "screenshot is blank"
import sys
from collections import Counter
from PySide6.QtGui import QImage
for path in sys.argv[1:]:
    image = QImage(path)
    assert not image.isNull(), path
    small = image.scaled(300, 190)
    colours = Counter(small.pixel(x, y) for x in range(small.width()) for y in range(small.height()))
    top = colours.most_common(1)[0][1] / (small.width() * small.height())
    assert len(colours) > 50 and top < 0.6, (path, len(colours), top)
    print(f"ok: {path}: {image.width()}x{image.height()}, {len(colours)} colours, top {top:.0%}")
EOF

# 3. an A3 PDF, headless
run "$APP/wijkkaart" export "$SAMPLE" --out "$OUT/sample-a3.pdf" --paper A3 \
  --title "Rookproef A3" >"$OUT/export.log" 2>&1 || fail "export: $(cat "$OUT/export.log")"
pdftotext "$OUT/sample-a3.pdf" - | grep -q "Rookproef A3" || fail "PDF lacks its title"
size=$(pdfinfo "$OUT/sample-a3.pdf" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\1x\2/p')
case "$size" in 1190.*x841.*|1191*x842*|841.*x1190.*|842*x1191*) ;; *) fail "PDF page $size is not A3";; esac
echo "ok: A3 PDF ($size pt) with its title"

# 4. a real CBS GeoPackage
run "$APP/wijkkaart" info "$GPKG" >"$OUT/info.txt" 2>&1 || fail "info: $(cat "$OUT/info.txt")"
grep -q "Niveau: buurt" "$OUT/info.txt" || fail "info: $(cat "$OUT/info.txt")"
echo "ok: info $(basename "$GPKG"): $(grep 'Niveau' "$OUT/info.txt")"

# 5. the parts that load late: HTML export (vendored Leaflet), contiguous typology (spopt)
run "$APP/wijkkaart" export "$SAMPLE" --out "$OUT/sample.html" >"$OUT/html.log" 2>&1 \
  || fail "html: $(cat "$OUT/html.log")"
grep -q "Leaflet" "$OUT/sample.html" || fail "HTML without Leaflet"
run "$APP/wijkkaart" typology "$SAMPLE" --clusters 4 --contiguous --min-inhabitants 5000 \
  --indicators koopwoningen,corporatiebezit >"$OUT/typology.txt" 2>&1 \
  || fail "typology: $(cat "$OUT/typology.txt")"
grep -q "Type 4" "$OUT/typology.txt" || fail "typology: $(cat "$OUT/typology.txt")"
echo "ok: HTML export and contiguous typology"

# 6. nothing was written inside the program folder; settings and logs are in the user's folders
(cd "$APP" && find . -printf '%p %s %T@\n' | sort) >"$WORK/after.txt"
diff -q "$WORK/before.txt" "$WORK/after.txt" >/dev/null || fail "the program folder changed: $(diff "$WORK/before.txt" "$WORK/after.txt" | head)"
[ -f "$WORK/home/state/wijkkaart/log/wijkkaart.log" ] || fail "no log in XDG_STATE_HOME"
echo "ok: program folder unchanged; user files: $(cd "$WORK/home" && find . -type f -path '*wijkkaart*' | sort | tr '\n' ' ')"
echo "SMOKE OK"
