"""A series without geometry in the app: the real Amstelveen Leefbaarometer 3.0 per wijk
(2014, 2018, 2020, 2022) as small trend charts per wijk, printed and exported; a series that
matches the project's areas goes on the map instead; a table that is neither is refused."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.waiting import accepted, charts_ready, charts_written, series_opened, wait_jobs
from wijkkaart.catalogue import catalogue
from wijkkaart.ui.series_window import SeriesWindow

DATA = Path("/work/shared/data")
LBM = DATA / "amstelveen/leefbaarometer3_wijken_2014_2022.csv"
pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="needs poppler-utils",
)


@pytest.fixture
def asked(window):
    """Answer the opener's question with Yes, and keep what it asked."""
    questions: list[str] = []

    def yes(_parent, _title, text, *_args):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    window.series_opener.asked = yes
    return questions


def csv_figures() -> pd.DataFrame:
    """The file read plainly with pandas: our reader must give the same numbers."""
    return pd.read_csv(LBM).set_index(["wk_code", "jaar"])


def test_leefbaarometer_opens_as_charts_per_wijk_with_the_files_values(window, asked, qtbot):
    charts = series_opened(window, LBM)
    assert isinstance(charts, SeriesWindow)
    qtbot.addWidget(charts)
    # no Amstelveen boundaries in the Utrecht sample: asked first, in Dutch, with what it holds
    assert len(asked) == 1
    assert "komen niet overeen" in asked[0] and "14 gebieden" in asked[0]
    assert "2014–2022" in asked[0] and "per wijk" in asked[0]
    # the indicator choice carries the catalogue's labels
    cat = catalogue()
    offered = [charts.indicator.itemText(i) for i in range(charts.indicator.count())]
    assert cat["leefbaarometer_score"].label in offered and len(offered) == 7
    assert charts.indicator.currentData() == "leefbaarometer_score"  # the headline first

    figures = csv_figures()
    for column, indicator in (("lbm", "leefbaarometer_score"), ("won", None)):
        assert charts.select(column)
        grid = charts_ready(charts)  # computed in a job
        assert grid is not None
        if indicator:
            assert grid.indicator == indicator
        assert grid.codes == sorted(figures.index.get_level_values(0).unique())
        assert grid.years == [2014, 2018, 2020, 2022]
        for code, chart in zip(grid.codes, grid.trends, strict=True):
            assert chart.area.label == figures.loc[(code, 2014), "wk_naam"]
            for year in grid.years:
                assert chart.area.values[year] == pytest.approx(
                    figures.loc[(code, year), column], abs=1e-12
                )
            assert chart.gemeente is grid.average  # every chart beside the same reference
        per_year = figures[column].groupby(level=1).mean()  # unweighted: each wijk counts once
        for year in grid.years:
            assert grid.average.values[year] == pytest.approx(per_year[year], abs=1e-12)
        assert grid.unweighted and "ongewogen" in grid.average.label
        low, high = grid.value_range  # one scale for all wijken
        assert low <= figures[column].min() and high >= figures[column].max()

    charts.select("lbm")
    charts_ready(charts)
    charts.resize(1100, 700)
    charts.show()
    qtbot.waitExposed(charts)
    image = charts.view.grab().toImage()
    cells = charts.view.cells
    assert len(cells) == 14
    # on screen: the magenta line of each wijk lies in its own cell
    for cell in cells:
        assert magenta_rows(image, cell.toRect())


def magenta_rows(image: QImage, rect) -> list[int]:
    """The rows of ``rect`` in ``image`` holding the area line's magenta (#e6007e)."""
    arr = image_array(image)[rect.top() : rect.bottom(), rect.left() : rect.right()]
    hit = (abs(arr[..., 0] - 0xE6) < 40) & (arr[..., 1] < 80) & (abs(arr[..., 2] - 0x7E) < 50)
    return [int(y) for y in np.nonzero(hit.any(axis=1))[0]]


def image_array(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, line = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=line * height).copy()
    return data.reshape(height, line)[:, : width * 3].reshape(height, width, 3).astype(int)


def test_charts_print_to_a4_and_a3_pdf_and_export(window, asked, qtbot, tmp_path, dialogs):
    charts = series_opened(window, LBM)
    qtbot.addWidget(charts)
    charts.select("lbm")
    charts_ready(charts)
    figures = csv_figures()
    names = sorted(set(figures["wk_naam"]))

    charts.paper.setCurrentIndex(charts.paper.findData("A4"))
    a4 = charts_written(charts, charts.print_pdf, tmp_path / "lbm-a4.pdf")  # in a job
    charts.paper.setCurrentIndex(charts.paper.findData("A3"))
    a3 = charts_written(charts, charts.print_pdf, tmp_path / "lbm-a3")  # the suffix is added
    assert a4 == tmp_path / "lbm-a4.pdf" and a3 == tmp_path / "lbm-a3.pdf"
    assert page_size(a4) == (842, 595) and page_size(a3) == (1191, 842)  # landscape points
    for pdf in (a4, a3):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for name in names:
            assert name in text
        assert "Leefbaarometer-score (score) per wijk, 2014–2022" in text
        assert "gemiddelde van de wijken (ongewogen)" in text
        assert "Bron: leefbaarometer3_wijken_2014_2022.csv" in text
        # one pooled axis: every chart carries the same four values on its axis
        low, high = charts.grid.value_range
        for tick in np.linspace(low, high, 4):
            label = f"{tick:.1f}".replace(".", ",")
            assert text.split().count(label) == 14, label

    # the pixels: the same scale in every chart. Randwijck and Patrimonium end 2022 at nearly
    # the same score (4.328 and 4.326) and so at the same height in their cells; Uilenstede's
    # 2014 low (3.73) lies far below Buitengebied Noord's high (4.45).
    png = render(a4, tmp_path / "a4", dpi=100)
    cells = grid_cells(charts, "A4", dpi=100)
    codes = charts.grid.codes
    end_height = {}
    for code in ("WK036201", "WK036202", "WK036205", "WK036207"):
        cell = cells[codes.index(code)]
        rows = magenta_rows(png, cell)
        assert rows, code
        end_height[code] = (rows, cell.height())
    randwijck = min(end_height["WK036201"][0])
    patrimonium = min(end_height["WK036202"][0])
    assert abs(randwijck - patrimonium) <= 2
    uilenstede_low = max(end_height["WK036205"][0])
    noord_high = min(end_height["WK036207"][0])
    assert uilenstede_low - noord_high > 0.4 * end_height["WK036205"][1]

    # exports: the figures as CSV (equal to the file's), the page as PNG
    table = pd.read_csv(charts_written(charts, charts.export, tmp_path / "lbm.csv"))
    for _, row in table[table["code"].notna()].iterrows():
        for year in (2014, 2018, 2020, 2022):
            assert row[str(year)] == pytest.approx(figures.loc[(row["code"], year), "lbm"])
    assert table["naam"].iloc[-1] == "gemiddelde van de wijken (ongewogen)"
    image = QImage(str(charts_written(charts, charts.export, tmp_path / "lbm.png")))
    assert (image.width(), image.height()) == (2480, 1754)  # A3 landscape at 150 dpi
    # never over the input
    before = LBM.read_bytes()
    assert charts_written(charts, charts.export, LBM) is None
    assert LBM.read_bytes() == before and dialogs


def page_size(pdf: Path) -> tuple[int, int]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Page size:"))
    width, height = line.split(":")[1].split("pts")[0].split("x")
    return round(float(width)), round(float(height))


def render(pdf: Path, stem: Path, dpi: int) -> QImage:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(stem)], check=True)
    return QImage(str(next(stem.parent.glob(stem.name + "*.png"))))


def grid_cells(charts: SeriesWindow, paper: str, dpi: int):
    """Where the PDF's charts are: the same layout drawn on an image of the page's paint area,
    shifted by the page margin."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPageSize, QPainter

    from wijkkaart.export.trend_grid_print import MARGIN_MM, PAPERS
    from wijkkaart.render.trend_grid import draw_trend_grid

    size = QPageSize(PAPERS[paper]).size(QPageSize.Unit.Millimeter).transposed()
    mm = dpi / 25.4
    inner = QRectF(0, 0, (size.width() - 2 * MARGIN_MM) * mm, (size.height() - 2 * MARGIN_MM) * mm)
    scratch = QImage(int(inner.width()) + 1, int(inner.height()) + 1, QImage.Format.Format_RGB32)
    painter = QPainter(scratch)
    cells = draw_trend_grid(painter, inner, charts.grid, mm=mm)
    painter.end()
    margin = MARGIN_MM * mm
    return [c.translated(margin, margin).toRect() for c in cells]


def test_a_series_on_the_projects_buurten_goes_on_the_map(window, dialogs, asked):
    """Baarn's real 2016–2025 series on a new Baarn project: added to the project, no charts."""
    dialog = window.new_project(DATA / "baarn/cbs_buurten_2024.geojson", show=False)
    accepted(dialog)
    assert window.canvas.wait_rendered()
    result = series_opened(window, DATA / "baarn/kerncijfers_buurten_2016_2025.json")
    assert result is True and not asked
    project = window.document.project
    assert [Path(e["path"]).name for e in project.data["series"]] == [
        "kerncijfers_buurten_2016_2025.json"
    ]
    assert wait_jobs(window.jobs)  # the year bar reads the series in a job
    assert window.year_bar.series is not None
    assert 2016 in window.year_bar.series.years
    # the same file again: refused in Dutch, the project keeps its one entry
    before = list(dialogs)
    assert series_opened(window, DATA / "baarn/kerncijfers_buurten_2016_2025.json") is None
    assert len(dialogs) == len(before) + 1 and "al in het project" in dialogs[-1]
    assert "--replace" not in dialogs[-1]  # the app has no such option
    assert len(project.data["series"]) == 1
    window.actions_by_key["undo"].trigger()
    assert wait_jobs(window.jobs)
    assert project.data["series"] == [] and window.year_bar.series is None


def test_a_table_that_is_neither_a_series_nor_the_projects_is_refused(window, dialogs, tmp_path):
    table = tmp_path / "tellingen.csv"  # invented counts on codes of no Utrecht area
    table.write_text("wijkcode;telling\nWK036201;5\nWK036202;7\n", encoding="utf-8")
    assert series_opened(window, table) is None
    assert any("geen reeks over jaren" in d and "tellingen.csv" in d for d in dialogs)
    # a table without years on the project's own buurten goes to the join dialog
    codes = window.document.areas.frame.index[:3].tolist()
    own = tmp_path / "eigen.csv"  # invented counts, only to make a join
    own.write_text("buurtcode;telling\n" + "".join(f"{c};{i}\n" for i, c in enumerate(codes)))
    series_opened(window, own)
    assert window.layer_actions.table_dialog is not None
    assert Path(window.layer_actions.table_dialog.path) == own


def test_a_dropped_table_opens_as_charts(window, asked, qtbot):
    """As a drag from the file manager: enter (accepted), then the drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(LBM))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    assert wait_jobs(window.jobs)  # the table is read in a job; the window stays responsive
    assert asked and window.series_opener.charts
    charts = window.series_opener.charts[-1]
    qtbot.addWidget(charts)
    assert charts.grid is not None and len(charts.grid.trends) == 14


def test_a_wijk_series_on_a_project_of_wijken_goes_on_the_map(window, dialogs, asked, tmp_path):
    """Zaanstad's real 2017 wijken as the project's areas; the series on them is INVENTED
    (two years of made-up scores), only to show that wijk codes the project holds attach."""
    from wijkkaart.new_project import new_project

    window.set_new_document(new_project(DATA / "zaanstad/cbs_wijken_2017.geojson"))
    assert window.canvas.wait_rendered()
    codes = list(window.document.areas.frame.index)
    assert len(codes) == 19 and all(c.startswith("WK0479") for c in codes)
    table = tmp_path / "verzonnen_scores.csv"  # invented values
    table.write_text(
        "wk_code,jaar,lbm\n"
        + "".join(f"{c},{y},{4 + i / 100}\n" for i, c in enumerate(codes) for y in (2019, 2020)),
        encoding="utf-8",
    )
    assert series_opened(window, table) is True and not asked
    assert wait_jobs(window.jobs)
    assert window.year_bar.series is not None and window.year_bar.series.years == [2019, 2020]


def test_the_charts_follow_a_language_switch(window, asked, qtbot):
    from wijkkaart.messages import language, set_language

    charts = series_opened(window, LBM)
    qtbot.addWidget(charts)
    assert charts.pdf_button.text() == "Afdrukken als PDF…"
    before = language()
    try:
        set_language("en")
        assert charts.pdf_button.text() == "Print to PDF…"
        assert charts_ready(charts).average.label == "average of the wijken (unweighted)"
    finally:
        set_language(before)
    assert charts_ready(charts).average.label == "gemiddelde van de wijken (ongewogen)"
