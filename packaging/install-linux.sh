#!/bin/sh
# Install the built program folder on Linux: for this user (default, ~/.local) or for everyone
# (--system, as root: /opt/wijkkaart). Adds `wijkkaart` to the PATH, the menu entry (which runs
# `wijkkaart open FILE`), the icon in every size and the .wijkkaart file type. Python is not needed.
#
#   sh packaging/install-linux.sh dist/wijkkaart [--system]
set -eu
SRC=$(cd "${1:-dist/wijkkaart}" && pwd)
if [ "${2:-}" = "--system" ]; then
  PREFIX=/opt/wijkkaart BIN=/usr/local/bin SHARE=/usr/share
else
  PREFIX=$HOME/.local/opt/wijkkaart BIN=$HOME/.local/bin SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
fi
[ -x "$SRC/wijkkaart" ] || { echo "geen gebouwd programma in $SRC" >&2; exit 2; }
RES=$SRC/_internal/resources
mkdir -p "$PREFIX" "$BIN" "$SHARE/applications" "$SHARE/mime/packages"
cp -a "$SRC/." "$PREFIX/"
ln -sf "$PREFIX/wijkkaart" "$BIN/wijkkaart"
for size in 16 32 48 64 128 256 512; do
  mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
  cp "$RES/icons/wijkkaart-$size.png" "$SHARE/icons/hicolor/${size}x${size}/apps/wijkkaart.png"
done
mkdir -p "$SHARE/icons/hicolor/scalable/apps"
cp "$RES/icons/wijkkaart.svg" "$SHARE/icons/hicolor/scalable/apps/wijkkaart.svg"
# the menu entry starts this copy, wherever PATH points
sed "s|^Exec=wijkkaart |Exec=$PREFIX/wijkkaart |" "$SRC/_internal/packaging/wijkkaart.desktop" \
  >"$SHARE/applications/wijkkaart.desktop"
cp "$SRC/_internal/packaging/wijkkaart-mime.xml" "$SHARE/mime/packages/wijkkaart.xml"
command -v update-mime-database >/dev/null && update-mime-database "$SHARE/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$SHARE/applications" || true
echo "wijkkaart staat in $PREFIX; start met: $BIN/wijkkaart"
