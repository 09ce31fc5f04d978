"""HTML export with hostile names: text stays text, in the file and in a real browser.

Every text field that reaches the page (buurt, wijk, layer, focus-area and legend names,
category values, custom indicator names, the title) gets template and HTML payloads. The page
must be written, show the payload literally, run none of it, and keep the template's structure.
The page's title follows the print's rule (export/title.py): the typed or saved title, else the
top legend block's title (here the hostile indicator name); the project's name is not shown.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkkaart.export.web import export_html, render_page, script_json
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.focus import FocusArea
from wijkkaart.layers.model import AreaLayer, OutlineLayer
from wijkkaart.layers.style import CategoricalStyle
from wijkkaart.messages import WijkkaartError

CHROMIUM = Path("/usr/bin/chromium")
TAAGDREEF = "BU03440311"
PAYLOADS = [
    "{{ 7*7 }}",
    "{% for x in range(3) %}X{% endfor %}",
    "{{ cycler.__init__.__globals__.os.mkdir('PWNED') }}",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    "<!--",
    "\"'><svg onload=window.__pwned=1>",
    "@@DATA@@ @@TITLE@@ \u2028\u2029 &amp; caf\u00e9",
]
ANY_TEXT = st.text(st.characters(blacklist_categories=()))  # lone surrogates included
BLOB = re.compile(r'<script type="application/json" id="wijkkaart-data">(.*?)</script>', re.DOTALL)


@pytest.fixture
def document(sample, tmp_path, qapp):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return MapDocument.open(folder / "utrecht.wijkkaart")


def poison(document: MapDocument, payload: str) -> dict[str, str]:
    """Put ``payload`` (tagged per field) in every text that reaches the page."""
    texts = {
        field: f"{payload} [{field}]"
        for field in (
            "buurt",
            "wijk",
            "area_layer",
            "outline_layer",
            "focus",
            "focus_description",
            "project",
            "indicator",
            "category",
        )
    }
    area = next(x for x in document.layers if isinstance(x, AreaLayer))
    outline = next(x for x in document.layers if isinstance(x, OutlineLayer))
    frame = area.data.frame
    frame["naam"] = texts["buurt"]
    # a custom indicator whose name and category values are hostile: legend title and labels
    frame[texts["indicator"]] = [
        texts["category"] if i % 2 else "gewoon" for i in range(len(frame))
    ]
    area.style = CategoricalStyle(texts["indicator"])
    area.name = texts["area_layer"]
    outline.name = texts["outline_layer"]
    outline.frame[outline.label_field] = texts["wijk"]
    document.focus_areas.clear()
    geometry = frame.loc[TAAGDREEF, "geometry"]
    document.focus_areas.append(FocusArea(texts["focus"], geometry, texts["focus_description"]))
    document.project.data["name"] = texts["project"]
    return texts


class Structure(HTMLParser):
    """The elements of a page, as a browser's tokenizer sees them (script/style are raw text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_comment(self, data):
        self.tags.append("<!--")


def structure(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


def blob(page: str) -> dict:
    match = BLOB.search(page)
    assert match, "no data blob"
    return json.loads(match.group(1))


def all_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in all_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in all_strings(v)]
    return []


@pytest.fixture
def clean_page(document, tmp_path) -> str:
    return export_html(document, tmp_path / "schoon.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_names_are_data_not_template_or_html(
    document, payload, tmp_path, monkeypatch, clean_page
):
    monkeypatch.chdir(tmp_path)
    texts = poison(document, payload)
    out = export_html(document, tmp_path / "kaart.html")
    page = out.read_text(encoding="utf-8")
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()
    # the page has exactly the template's elements: nothing of the payload became markup
    assert structure(page).tags == structure(clean_page).tags
    assert page.lower().count("</script") == 3 and "<!--" not in page
    assert structure(page).title == texts["indicator"]  # the top legend block's title
    data = blob(page)
    assert data["title"] == texts["indicator"]
    strings = all_strings(data)
    for field, text in texts.items():
        if field != "project":  # the project's (file) name is no longer the title
            assert any(text in s for s in strings), field
    assert texts["project"] not in page
    if payload == "{{ 7*7 }}":
        assert not any("49 [" in s for s in strings)
    areas, outline, focus = data["layers"]
    assert areas["name"] == texts["area_layer"] and outline["name"] == texts["outline_layer"]
    assert {f["properties"]["name"] for f in areas["features"]["features"]} == {texts["buurt"]}
    assert texts["indicator"] in areas["fields"]
    values = {v for f in areas["features"]["features"] for v in f["properties"]["values"]}
    assert texts["category"] in values
    assert {f["properties"]["label"] for f in outline["features"]["features"]} == {texts["wijk"]}
    props = focus["features"]["features"][0]["properties"]
    assert props["label"] == texts["focus"]
    assert props["description"] == texts["focus_description"]
    block = data["legend"]["blocks"][0]
    assert block["title"] == texts["indicator"]
    assert texts["category"] in [e["label"] for e in block["entries"]]


def test_title_argument_is_escaped(document, tmp_path):
    title = "</title><script>window.__pwned=1</script>{{ 7*7 }}"
    page = export_html(document, tmp_path / "k.html", title=title).read_text(encoding="utf-8")
    assert f"<title>{html.escape(title)}</title>" in page
    assert structure(page).title == title and blob(page)["title"] == title


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(ANY_TEXT | st.integers() | st.booleans(), lambda c: st.lists(c, max_size=4)))
def test_script_json_is_inert_and_round_trips(value):
    text = script_json(value)
    assert json.loads(text) == value
    assert not set(text) & {"<", ">", "&"} and text.isascii()


@settings(max_examples=60, deadline=None)
@given(title=ANY_TEXT, name=ANY_TEXT)
def test_rendered_page_keeps_its_structure_for_any_text(title, name):
    data = {
        "title": title,
        "bounds": [[52.0, 5.0], [52.1, 5.1]],
        "tiles": None,
        "layers": [{"kind": "outline", "name": name, "features": {"features": []}}],
        "legend": {"blocks": [], "sources": name, "warning": None},
        "text": {"buurt": "Buurt", "layers": "Kaartlagen"},
    }
    page = render_page(data)
    parsed = structure(page)
    assert parsed.tags.count("script") == 3 and "<!--" not in parsed.tags
    assert json.loads(BLOB.search(page).group(1))["layers"][0]["name"] == name
    clean = title.encode("utf-8", "replace").decode("utf-8")
    assert parsed.title == html.unescape(html.escape(clean))


def test_missing_folder_and_project_inputs_are_refused(document, tmp_path):
    with pytest.raises(WijkkaartError) as error:
        export_html(document, tmp_path / "bestaat_niet" / "kaart.html")
    assert error.value.key == "output_folder_missing"
    assert not (tmp_path / "bestaat_niet").exists()
    project = Path(document.project.path)
    before = project.read_bytes()
    link = project.parent / "kaart.html"  # a name that leads to the project file itself
    link.symlink_to(project)
    with pytest.raises(WijkkaartError) as error:
        export_html(document, link)
    assert error.value.key == "output_is_input"
    assert project.read_bytes() == before and link.is_symlink()
    assert not list(project.parent.glob(".wijkkaart-*")) and not list(tmp_path.glob(".wijkkaart-*"))


def test_cli_missing_folder_exits_2_like_pdf(sample, tmp_path, run_cli):
    for suffix in (".html", ".pdf"):
        result = run_cli(
            "export", sample / "utrecht.wijkkaart", "--out", tmp_path / "nee" / f"k{suffix}"
        )
        assert result.returncode == 2, (suffix, result.stderr)
        assert "bestaat niet" in result.stderr and "Traceback" not in result.stderr


def test_cli_hostile_project_file(sample, tmp_path, run_cli):
    """Names as they arrive from a project file on disk, through the command line."""
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    path = folder / "utrecht.wijkkaart"
    data = json.loads(path.read_text(encoding="utf-8"))
    payload = "{{ cycler.__init__.__globals__.os.mkdir('PWNED') }}<img src=x onerror=alert(1)>"
    data["name"] = payload
    data["print"] = {**data.get("print", {}), "title": payload + "titel"}  # a saved print title
    for layer in data["layers"]:
        layer["name"] = payload + layer["kind"]
    for area in data.get("focus_areas", []):
        area["name"], area["description"] = payload + "naam", payload + "omschrijving"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "kaart.html"
    result = run_cli("export", path, "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "PWNED").exists()
    page = out.read_text(encoding="utf-8")
    assert "<img" not in page and structure(page).title == payload + "titel"
    assert blob(page)["title"] == payload + "titel"
    names = [x["name"] for x in blob(page)["layers"]]
    assert payload + "areas" in names and payload + "outline" in names
    assert any(payload + "naam" in n for n in names)


# --- in a real browser --------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium ontbreekt (scripts/setup.sh installeert het)"
)
FLAGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOVER_ALL = """() => {
  const plain = ['DIV', 'SPAN', 'TABLE', 'TBODY', 'TR', 'TH', 'TD', 'LABEL', 'INPUT', 'HR'];
  const markup = (root) => [...root.querySelectorAll('*')]
    .map(n => n.tagName).filter(t => !plain.includes(t));
  const tips = [], found = [];
  const pane = document.querySelector('.leaflet-tooltip-pane');
  for (const path of document.querySelectorAll('path.leaflet-interactive')) {
    const box = path.getBoundingClientRect();
    const at = {bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2};
    path.dispatchEvent(new MouseEvent('mouseover', at));
    path.dispatchEvent(new MouseEvent('mousemove', at));
    tips.push(pane.lastElementChild ? pane.lastElementChild.textContent : '');  // closing ones fade
    found.push(...markup(pane));
    path.dispatchEvent(new MouseEvent('mouseout', at));
  }
  for (const id of ['#wijkkaart-legend', '#wijkkaart-layers']) {
    found.push(...markup(document.querySelector(id)));
  }
  return {
    tips, markup: found, pwned: typeof window.__pwned, title: document.title,
    legend: document.querySelector('#wijkkaart-legend').textContent,
    layers: document.querySelector('#wijkkaart-layers').textContent,
    paths: document.querySelectorAll('path.leaflet-interactive').length,
  };
}"""


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium ontbreekt (scripts/setup.sh installeert het)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


def open_page(browser, path: Path, errors: list[str]):
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(path.as_uri())
    page.wait_for_function("window.wijkkaart !== undefined", timeout=15_000)
    return page


@needs_chromium
@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_names_never_run_in_chromium(browser, document, payload, tmp_path):
    texts = poison(document, payload)
    out = export_html(document, tmp_path / "kaart.html")
    errors: list[str] = []
    page = open_page(browser, out, errors)
    seen = page.evaluate(HOVER_ALL)
    page.close()
    assert errors == []
    assert seen["pwned"] == "undefined"
    assert seen["markup"] == []  # no element from user text in tooltips, legend or switcher
    assert seen["title"] == texts["indicator"]  # the top legend block's title, as the print
    n_buurten = len(document.areas.frame)
    tips = seen["tips"]
    assert seen["paths"] >= n_buurten + 2 and len(tips) == seen["paths"]
    assert sum(texts["buurt"] in t and texts["category"] in t for t in tips) > 0
    assert sum(texts["buurt"] in t for t in tips) == n_buurten
    assert any(texts["wijk"] in t for t in tips)
    assert any(texts["focus"] in t and texts["focus_description"] in t for t in tips)
    for field in ("indicator", "category"):
        assert texts[field] in seen["legend"]
    for field in ("area_layer", "outline_layer", "focus"):
        assert texts[field] in seen["layers"]


@needs_chromium
def test_sample_map_renders_with_classes_legend_and_switcher(browser, document, tmp_path):
    from PySide6.QtGui import QColor, QImage

    area = next(x for x in document.layers if isinstance(x, AreaLayer))
    out = export_html(document, tmp_path / "kaart.html", title="Utrecht interactief")
    errors: list[str] = []
    page = open_page(browser, out, errors)
    point = area.data.frame.to_crs("EPSG:4326").loc[TAAGDREEF, "geometry"].representative_point()
    x, y = page.evaluate(
        "([lat, lng]) => { const p = wijkkaart.map.latLngToContainerPoint([lat, lng]);"
        " return [p.x, p.y]; }",
        [point.y, point.x],
    )
    legend = page.text_content("#wijkkaart-legend")
    layers = page.text_content("#wijkkaart-layers")
    scale = page.text_content(".leaflet-control-scale")
    page.mouse.move(x, y)
    tooltip = page.text_content(".leaflet-tooltip")
    page.mouse.move(1, 400)
    shot = tmp_path / "kaart.png"
    page.screenshot(path=str(shot))
    page.close()
    assert errors == []
    assert "Koopwoningen (%)" in legend and "Geen gegevens" in legend and "Bron: CBS" in legend
    assert "Koopwoningen" in layers and "Wijkgrenzen" in layers and "Focusgebied" in layers
    assert re.search(r"\d+ (m|km)", scale) and "mi" not in scale
    name = area.data.frame.loc[TAAGDREEF, "naam"]
    assert name in tooltip and "Koopwoningen" in tooltip
    # the buurt is painted in its class colour at 85 % over Leaflet's grey background
    index = list(area.data.frame.index).index(TAAGDREEF)
    fill = QColor(area.symbology().colours[index])
    grey = QColor("#dddddd")
    expected = [
        round(0.85 * a + 0.15 * b)
        for a, b in zip(fill.getRgb()[:3], grey.getRgb()[:3], strict=True)
    ]
    image = QImage(str(shot))
    got = QColor(image.pixel(round(x), round(y))).getRgb()[:3]
    assert all(abs(a - b) <= 6 for a, b in zip(got, expected, strict=True)), (got, expected)


def test_illustrative_warning_tiles_and_english(document, tmp_path):
    from wijkkaart.layers.style import ChoroplethStyle
    from wijkkaart.messages import set_language

    area = next(x for x in document.layers if isinstance(x, AreaLayer))
    indicator = "perc_huurwoningen_in_bezit_woningcorporaties"
    assert indicator in area.data.illustrative  # the sample's tenure figures are illustrative
    area.style = ChoroplethStyle(indicator)
    page = export_html(document, tmp_path / "k.html").read_text(encoding="utf-8")
    data = blob(page)
    assert data["legend"]["warning"] == "Let op: voorbeeldgegevens (illustratief, niet echt)."
    assert data["tiles"] is None and "service.pdok.nl" not in data["legend"]["sources"]
    assert any(field.endswith(" *") for field in data["layers"][0]["fields"])
    set_language("en")
    page = export_html(document, tmp_path / "k.html", online_tiles=True).read_text("utf-8")
    data = blob(page)
    assert '<html lang="en">' in page and data["text"]["layers"] == "Map layers"
    assert data["tiles"]["url"].startswith("https://service.pdok.nl/")
    assert data["tiles"]["name"] == "Background map (online)"
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "img-src data: https://service.pdok.nl" in csp and "unsafe-inline'; img" in csp
    assert "script-src 'sha256-" in csp and "'unsafe-inline' " not in csp.split("style-src")[0]
