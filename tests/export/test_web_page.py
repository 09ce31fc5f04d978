"""The interactive HTML map as a reader sees it in chromium, offline (issue 12): title and
subtitle on the page, buurt labels at closer zoom, a metric scale bar, tooltips clear of the
buurt they describe, and the legend with its sources and the illustrative warning."""

import shutil

import pytest

from tests.export.test_web_security import CHROMIUM, FLAGS, open_page
from wijkkaart.export.web import export_html
from wijkkaart.layers.document import MapDocument


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium ontbreekt (scripts/setup.sh installeert het)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def document(sample, tmp_path, qapp):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return MapDocument.open(folder / "utrecht.wijkkaart")


LOOK = """() => {
  const labels = () => document.querySelectorAll('.wk-label').length;
  const scale = document.querySelector('.leaflet-control-scale').textContent;
  return {
    title: document.querySelector('#wijkkaart-title h1').textContent,
    subtitle: document.querySelector('#wijkkaart-title .wk-subtitle').textContent,
    scale, labelsFar: labels(), zoom: window.wijkkaart.map.getZoom(),
    labelZoom: window.wijkkaart.labelZoom,
    legend: document.querySelector('#wijkkaart-legend').textContent,
  };
}"""

TIP = """() => {
  const path = [...document.querySelectorAll('path.leaflet-interactive')]
    .find(p => p.getBoundingClientRect().width > 40);
  const box = path.getBoundingClientRect();
  const at = {bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2};
  path.dispatchEvent(new MouseEvent('mouseover', at));
  path.dispatchEvent(new MouseEvent('mousemove', at));
  const tip = document.querySelector('.leaflet-tooltip-pane').lastElementChild;
  return {pointer: at.clientY, bottom: tip.getBoundingClientRect().bottom, text: tip.textContent};
}"""


def test_the_html_page_reads_like_a_map(browser, document, tmp_path):
    from wijkkaart.layers.model import AreaLayer
    from wijkkaart.layers.style import ChoroplethStyle

    fill = next(x for x in document.layers if isinstance(x, AreaLayer))
    fill.style = ChoroplethStyle("perc_huurwoningen_in_bezit_woningcorporaties")  # illustrative
    out = export_html(
        document, tmp_path / "kaart.html", title="Koopwoningen Utrecht", subtitle="Buurten, 2020"
    )
    errors: list[str] = []
    page = open_page(browser, out, errors)  # a file:// page, no network used or needed
    seen = page.evaluate(LOOK)
    assert (seen["title"], seen["subtitle"]) == ("Koopwoningen Utrecht", "Buurten, 2020")
    assert ("km" in seen["scale"] or " m" in seen["scale"]) and "mi" not in seen["scale"]
    assert "ft" not in seen["scale"]
    assert seen["labelsFar"] == 0 and seen["labelZoom"] > seen["zoom"]  # whole city: no labels
    page.evaluate(f"() => window.wijkkaart.map.setZoom({seen['labelZoom']}, {{animate: false}})")
    names = page.evaluate(
        "() => [...document.querySelectorAll('.wk-label')].map(n => n.textContent)"
    )
    assert names and set(names) <= set(document.areas.frame["naam"])
    # the legend: classes, focus areas and boundaries, each block's source, the warning
    legend = seen["legend"]
    assert "Focusgebieden" in legend and "Wijkgrenzen" in legend
    assert "Bron: voorbeeldgegevens: huur- en corporatiebezit" in legend  # the block's source
    assert "Grenzen: CBS / gemeente" in legend  # the sources line
    assert "illustratief" in legend  # the warning
    page.evaluate("() => window.wijkkaart.map.fitBounds(window.wijkkaart.map.getBounds())")
    tip = page.evaluate(TIP)
    assert tip["bottom"] < tip["pointer"]  # the tooltip sits above the pointer, not on the buurt
    page.close()
    assert errors == []


def test_a_fill_under_an_opaque_fill_starts_off(browser, document, tmp_path):
    """Issue 9's walk: a typology over the first choropleth; at 0.85 fill opacity the lower
    fill showed through and the buurten's colours no longer matched the legend. The covered
    fill starts switched off (the print leaves it out too); the reader may switch it on."""
    from wijkkaart.layers.model import AreaLayer
    from wijkkaart.layers.style import CategoricalStyle

    fill = next(x for x in document.layers if isinstance(x, AreaLayer))
    frame = document.areas.frame
    frame["soort"] = ["A" if i % 2 else "B" for i in range(len(frame))]  # invented categories
    top = AreaLayer(name="Soorten", style=CategoricalStyle("soort")).attach(document.areas)
    document.layers.insert(document.layers.index(fill) + 1, top)
    out = export_html(document, tmp_path / "kaart.html")
    page = open_page(browser, out, [])
    shown = page.evaluate(
        "() => window.wijkkaart.layers.map(e => [e.name, window.wijkkaart.map.hasLayer(e.layer)])"
    )
    assert [fill.name, False] in shown and ["Soorten", True] in shown
    colours = page.evaluate(
        "() => [...new Set([...document.querySelectorAll('path.leaflet-interactive')]"
        ".map(p => p.getAttribute('fill')).filter(c => c && c !== 'none'))]"
    )
    legend = {e.colour.lower() for e in top.symbology().legend}
    assert len(colours) == 2 and {c.lower() for c in colours} <= legend, (colours, legend)
