#!/usr/bin/env bash
# Issue 9's planner walk through the CLI, one start per run; prints each step's exit code and
# wall time. A focus area is a polygon file around a buurt (drawn by the planner elsewhere);
# the CLI has no "focus area" command, so `profile --area` reads it.
#   scripts/walk/walk_cli.sh baarn /tmp/walk_cli
set -u
START=${1:?zaanstad|ermelo|baarn|national1|national}
OUT=${2:-/tmp/walk_cli}/$START
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-/work/main/.venv/bin/python}
DATA=/work/shared/data
export PYTHONPATH=$ROOT
rm -rf "$OUT"; mkdir -p "$OUT"
case $START in
  zaanstad) SRC=$DATA/zaanstad/cbs_buurten_2017.geojson; G="" ;;
  ermelo) SRC=$DATA/ermelo/cbs_buurten_2021.gpkg; G="" ;;
  baarn) SRC=$DATA/baarn/cbs_buurten_2024.geojson; G="" ;;
  national1|national) SRC=$($PY -c "from bench.national import national_buurten as n; print(n())")
     G=$([ "$START" = national1 ] && echo "--gemeente GM0207" || echo "") ;;
esac
P=$OUT/walk.wijkkaart
run() {  # name, command...
  local name=$1; shift
  local t0; t0=$(date +%s.%N)
  "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; local rc=$?
  printf '| %s | rc %s | %.2f s | %s |\n' "$name" "$rc" "$(echo "$(date +%s.%N) - $t0" | bc)" \
    "$(head -c 240 "$OUT/$name.out" | tr '\n' ' ') $(tail -c 300 "$OUT/$name.err" | tr '\n' ' ')"
}
W="$PY -m wijkkaart"
run info_src $W info "$SRC"
# shellcheck disable=SC2086
run new $W new "$SRC" $G --out "$P"
# a focus area: the buurt in the middle of the project, as a polygon file next to the project
$PY - "$P" "$OUT/focus.geojson" <<'EOF'
import sys
from wijkkaart.layers.document import MapDocument
doc = MapDocument.open(sys.argv[1])
frame = doc.areas.frame
code = frame.index[len(frame) // 2]
g = frame.at[code, "geometry"]
c, (x0, y0, x1, y1) = g.representative_point(), g.bounds
import geopandas as gpd, shapely
dx, dy = max((x1 - x0) * 0.4, 100), max((y1 - y0) * 0.4, 100)
box = shapely.box(c.x - dx, c.y - dy, c.x + dx, c.y + dy)
gpd.GeoDataFrame({"naam": ["Focus walk"]}, geometry=[box], crs=doc.areas.frame.crs).to_file(sys.argv[2])
# the clustering indicators: numeric columns with figures in most buurten (as the app ticks)
import pandas as pd
num = [c for c in frame.columns if c not in ("geometry", "water") and pd.api.types.is_numeric_dtype(frame[c])
       and frame[c].notna().mean() > 0.8][:4]
open(sys.argv[2] + ".indicators", "w").write(",".join(num))
print(code, num)
EOF
run profile $W profile "$P" --area "$OUT/focus.geojson" --json
run typology_rules $W typology "$P" --rules wonen --out "$OUT/typologie.csv"
run typology_clusters $W typology "$P" --clusters 5 --indicators "$(cat "$OUT/focus.geojson.indicators")" \
  --out "$OUT/typologie_k5.csv"
run export_a3 $W export "$P" --out "$OUT/a3.pdf" --paper A3
run export_html $W export "$P" --out "$OUT/kaart.html"
run atlas $W atlas "$P" --out "$OUT/atlas.pdf"
run add_points $W add "$P" --points "$DATA/appingedam/bag_verblijfsobjecten_sample.csv" \
  --source "BAG via PDOK (steekproef Appingedam)"
run info_json $W info "$P" --json
pdftoppm -png -r 50 -singlefile "$OUT/a3.pdf" "$OUT/a3" 2>/dev/null || true
