"""The SVG charts encode the data they claim: each one parsed back (xml.etree) and measured."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp import charts

SVG = "{http://www.w3.org/2000/svg}"
DAY = dt.timedelta(days=1)
START = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)


def svg_of(chart: charts.Chart) -> ET.Element:
    root = ET.fromstring(str(chart.svg))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    return root


def marks(root: ET.Element, kind: str) -> list[ET.Element]:
    tag = "rect" if kind == "bar" else "circle"
    return [e for e in root.iter(f"{SVG}{tag}") if e.get("class") == kind]


def num(element: ET.Element, name: str) -> float:
    return float(element.get(name, "nan"))


def table_rows(chart: charts.Chart) -> list[list[str]]:
    table = ET.fromstring(str(chart.table))
    body = table.find("tbody")
    assert body is not None
    return [["".join(cell.itertext()) for cell in row] for row in body]


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def assert_labelled(chart: charts.Chart) -> None:
    """aria-labelledby names the SVG's own <title> and <desc>, both non-empty."""
    root = svg_of(chart)
    ids = (root.get("aria-labelledby") or "").split()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert ids == [title.get("id"), desc.get("id")]
    assert (title.text or "").strip() and (desc.text or "").strip()
    assert root.get("viewBox", "").startswith("0 0 ") and root.get("width") == "100%"


def test_horizontal_bars_are_proportional_and_the_table_holds_every_value() -> None:
    values = [3, 12, 0, 7.5]
    chart = charts.bar_chart("h", "Barres", ["a", "b", "c", "d"], values, horizontal=True, headers=("Nom", "Valeur"))
    root = svg_of(chart)
    bars = marks(root, "bar")
    assert len(bars) == len(values)
    widths = [num(b, "width") for b in bars]
    top = 20  # the axis' end above 12
    full = widths[1] * top / 12
    for width, value in zip(widths, values, strict=True):
        assert width == pytest.approx(full * value / top, abs=0.01)
    assert {num(b, "x") for b in bars} == {num(bars[0], "x")}  # one baseline
    assert table_rows(chart) == [["a", "3"], ["b", "12"], ["c", "0"], ["d", "7,5"]]
    assert "20" in texts(root)  # the axis says where it ends
    assert_labelled(chart)


def test_vertical_bars_stand_on_one_baseline_with_heights_proportional() -> None:
    values = [10.0, 40.0, 25.0]
    chart = charts.bar_chart("v", "Colonnes", ["x", "y", "z"], values, top=100, fmt=charts.percent)
    bars = marks(svg_of(chart), "bar")
    heights = [num(b, "height") for b in bars]
    assert heights[1] / heights[0] == pytest.approx(4) and heights[2] / heights[0] == pytest.approx(2.5)
    assert len({round(num(b, "y") + num(b, "height"), 2) for b in bars}) == 1
    xs = [num(b, "x") for b in bars]
    assert xs == sorted(xs)  # in the given order, left to right
    assert [row[1] for row in table_rows(chart)] == ["10 %", "40 %", "25 %"]


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=40), st.booleans())
def test_any_bars_are_proportional(values: list[int], horizontal: bool) -> None:
    chart = charts.bar_chart("p", "t", [str(i) for i in range(len(values))], values, horizontal=horizontal)
    bars = marks(svg_of(chart), "bar")
    assert len(bars) == len(values)
    sizes = [num(b, "width" if horizontal else "height") for b in bars]
    biggest = max(values)
    if biggest == 0:
        assert set(sizes) == {0}
        return
    unit = sizes[values.index(biggest)] / biggest
    for size, value in zip(sizes, values, strict=True):
        assert size == pytest.approx(unit * value, abs=0.011)


def test_out_of_range_values_are_clamped_and_the_table_keeps_them() -> None:
    chart = charts.bar_chart("o", "t", ["trop", "moins", "ok"], [150, -20, 50], horizontal=True, top=100, fmt=charts.percent)
    widths = [num(b, "width") for b in marks(svg_of(chart), "bar")]
    assert widths[0] == pytest.approx(2 * widths[2]) and widths[1] == 0
    assert [row[1] for row in table_rows(chart)] == ["150 %", "-20 %", "50 %"]


def test_a_missing_value_draws_no_bar() -> None:
    chart = charts.bar_chart("m", "t", ["a", "b", "c"], [50, None, math.nan], top=100, fmt=charts.percent)
    assert len(marks(svg_of(chart), "bar")) == 1
    assert [row[1] for row in table_rows(chart)] == ["50 %", "—", "—"]


def test_all_zeros_still_draw_an_axis_and_flat_bars() -> None:
    chart = charts.bar_chart("z", "t", ["a", "b"], [0, 0])
    root = svg_of(chart)
    assert not chart.empty
    assert [num(b, "height") for b in marks(root, "bar")] == [0, 0]
    assert "2" in texts(root)  # an axis from 0 to 2, not a division by zero


def test_no_data_says_so_instead_of_an_empty_chart() -> None:
    for chart in (
        charts.bar_chart("e", "t", [], []),
        charts.time_chart("e", "t", []),
        charts.scatter("e", "t", []),
        charts.choice_bars([]),
        charts.facility_discrimination([]),
    ):
        assert chart.empty
        assert str(chart) == '<p class="muted chart-empty">Pas encore de données.</p>'


def test_labels_are_escaped_everywhere() -> None:
    label = '<script>alert("x")</script> & co'
    chart = charts.bar_chart("s", "<b>titre</b>", [label], [1], horizontal=True, desc="<i>d</i>")
    html = str(chart)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    root = svg_of(chart)
    assert not [e for e in root.iter() if e.tag.endswith(("script", "b", "i"))]
    assert label in texts(root)
    assert root.find(f"{SVG}title").text == "<b>titre</b>"  # type: ignore[union-attr]
    assert table_rows(chart) == [[label, "1"]]
    for chart in (
        charts.time_chart("s2", "t", [(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 10)], notes=[label]),
        charts.scatter("s3", "t", [(label, 0.5, 0.5)]),
    ):
        assert "<script>" not in str(chart)
        assert label in "".join(svg_of(chart).itertext()) + "".join(ET.fromstring(str(chart.table)).itertext())


def test_the_highlighted_bar_is_hatched_and_marked_in_words() -> None:
    chart = charts.choice_bars([("Paris", 6, True), ("Lyon", 3, False), ("Nice", 0, False)], chart_id="q7")
    root = svg_of(chart)
    bars = marks(root, "bar")
    paris, lyon, nice = (num(b, "width") for b in bars)
    assert paris == pytest.approx(2 * lyon) and lyon > 0 and nice == 0
    pattern = root.find(f"{SVG}defs/{SVG}pattern")
    assert pattern is not None and pattern.get("id") == "q7-hatch"
    assert [b.get("fill") for b in bars] == ["url(#q7-hatch)", charts.ACCENT, charts.ACCENT]
    assert "Paris (✓ bonne réponse)" in texts(root)
    assert table_rows(chart) == [["Paris (✓ bonne réponse)", "6", "67 %"], ["Lyon", "3", "33 %"], ["Nice", "0", "0 %"]]


def test_the_mark_survives_a_long_label() -> None:
    long = "Sam Altman, PDG d'OpenAI depuis 2019 et personnage principal de toute l'histoire"
    chart = charts.choice_bars([(long, 2, True), ("Greg Brockman", 1, False)])
    shown = texts(svg_of(chart))[0]
    assert shown.endswith("… (✓ bonne réponse)") and len(shown) <= 48
    assert table_rows(chart)[0][0] == f"{long} (✓ bonne réponse)"
    columns = charts.bar_chart("v", "t", ["une très longue étiquette", "b"], [1, 2], highlight=[0])
    assert [t for t in texts(svg_of(columns)) if "✓" in t] == ["une très… ✓"]


def test_several_right_choices_are_all_marked() -> None:
    chart = charts.choice_bars([("a", 1, True), ("b", 2, True), ("c", 0, False)])
    fills = [b.get("fill") for b in marks(svg_of(chart), "bar")]
    assert fills == ["url(#choices-hatch)", "url(#choices-hatch)", charts.ACCENT]


def test_two_charts_on_a_page_share_no_id() -> None:
    one = charts.choice_bars([("a", 1, True)], chart_id="q1")
    two = charts.choice_bars([("a", 1, True)], chart_id="q2")
    ids = [[e.get("id") for e in svg_of(c).iter() if e.get("id")] for c in (one, two)]
    assert ids[0] and not set(ids[0]) & set(ids[1])
    assert ids[0] == ["q1-title", "q1-desc", "q1-hatch"]


def test_an_id_prefix_is_made_valid() -> None:
    chart = charts.bar_chart('9 "x"<y>', "t", ["a"], [1])
    assert svg_of(chart).get("aria-labelledby") == "c-9--x--y--title c-9--x--y--desc"


def test_labels_and_values_of_different_lengths_or_an_empty_axis_are_refused() -> None:
    with pytest.raises(ValueError):
        charts.bar_chart("x", "t", ["a", "b"], [1])
    with pytest.raises(ValueError):
        charts.bar_chart("x", "t", ["a"], [1], top=0)


def test_a_value_that_is_not_a_number_is_in_the_table_only() -> None:
    line = charts.time_chart("n", "t", [(START, 50.0), (START + DAY, math.nan), (START + 2 * DAY, 70.0)])
    assert len(marks(svg_of(line), "point")) == 2
    assert [row[1] for row in table_rows(line)] == ["50 %", "—", "70 %"]
    scatter = charts.scatter("n", "t", [("a", 0.5, 0.1), ("b", math.inf, 0.2)])
    assert len(marks(svg_of(scatter), "point")) == 1
    assert table_rows(scatter)[1] == ["b", "—", "0,2"]


def test_time_points_sit_at_their_date_and_percentage() -> None:
    points = [(START + 10 * DAY, 50.0), (START, 20.0), (START + 40 * DAY, 100.0), (START + 20 * DAY, 0.0)]
    chart = charts.time_chart("t", "Scores", points, notes=["1 / 2", "1 / 5", "5 / 5", "0 / 3"])
    root = svg_of(chart)
    circles = marks(root, "point")
    assert len(circles) == len(points)
    xs, ys = [num(c, "cx") for c in circles], [num(c, "cy") for c in circles]
    # drawn in time order: 0, 10, 20, 40 days after the first, evenly on x
    unit = (xs[-1] - xs[0]) / 40
    assert [x - xs[0] for x in xs] == [pytest.approx(d * unit) for d in (0, 10, 20, 40)]
    base, top = ys[2], ys[3]  # 0 % and 100 %
    assert [(base - y) / (base - top) * 100 for y in ys] == [pytest.approx(v) for v in (20, 50, 0, 100)]
    line = root.find(f"{SVG}polyline")
    assert line is not None
    assert [tuple(map(float, p.split(","))) for p in (line.get("points") or "").split()] == list(zip(xs, ys, strict=True))
    assert table_rows(chart) == [
        ["01/10/2026", "20 %", "1 / 5"],
        ["11/10/2026", "50 %", "1 / 2"],
        ["21/10/2026", "0 %", "0 / 3"],
        ["10/11/2026", "100 %", "5 / 5"],
    ]
    assert {"01/10/2026", "10/11/2026", "0 %", "100 %"} <= set(texts(root))
    assert_labelled(chart)


def test_one_point_sits_in_the_middle_and_out_of_range_is_clamped() -> None:
    one = svg_of(charts.time_chart("o", "t", [(START, 40.0)]))
    circle = marks(one, "point")[0]
    assert num(circle, "cx") == pytest.approx(charts.WIDTH / 2, abs=20)
    assert one.find(f"{SVG}polyline") is None
    chart = charts.time_chart("c", "t", [(START, 130.0), (START + DAY, -5.0), (START + 2 * DAY, 100.0), (START + 3 * DAY, 0.0)])
    ys = [num(c, "cy") for c in marks(svg_of(chart), "point")]
    assert ys[0] == ys[2] and ys[1] == ys[3]
    assert [row[1] for row in table_rows(chart)] == ["130 %", "-5 %", "100 %", "0 %"]


def test_scatter_points_match_their_facility_and_discrimination() -> None:
    items = [("q1", 0.0, -1.0), ("q2", 1.0, 1.0), ("q3", 0.5, 0.0), ("q4", 0.25, 0.5), ("q5", 0.95, -0.3)]
    chart = charts.facility_discrimination(items, chart_id="deck-items")
    root = svg_of(chart)
    circles = marks(root, "point")
    assert len(circles) == len(items)
    (x0, y0), (x1, y1) = [(num(c, "cx"), num(c, "cy")) for c in circles[:2]]
    for circle, (label, facility, discrimination) in zip(circles, items, strict=True):
        assert num(circle, "cx") == pytest.approx(x0 + (x1 - x0) * facility)
        assert num(circle, "cy") == pytest.approx(y0 + (y1 - y0) * (discrimination + 1) / 2)
        title = circle.find(f"{SVG}title")
        assert title is not None and (title.text or "").startswith(f"{label} : ")
    refs = [e for e in root.iter(f"{SVG}line") if e.get("class") == "ref"]
    vertical = sorted(num(e, "x1") for e in refs if e.get("x1") == e.get("x2"))
    horizontal = sorted(num(e, "y1") for e in refs if e.get("y1") == e.get("y2"))
    assert vertical == [pytest.approx(x0 + (x1 - x0) * f) for f in (0.2, 0.9)]
    assert horizontal == [pytest.approx(y0 + (y1 - y0) * (d + 1) / 2) for d in (0.1, 0.0)]
    assert table_rows(chart) == [
        ["q1", "0", "-1"],
        ["q2", "1", "1"],
        ["q3", "0,5", "0"],
        ["q4", "0,25", "0,5"],
        ["q5", "0,95", "-0,3"],
    ]
    assert_labelled(chart)


def test_scatter_clamps_points_outside_the_axes() -> None:
    chart = charts.scatter("c", "t", [("in", 1.0, -1.0), ("out", 1.4, -2.0)])
    a, b = marks(svg_of(chart), "point")
    assert (num(a, "cx"), num(a, "cy")) == (num(b, "cx"), num(b, "cy"))
    assert table_rows(chart)[1] == ["out", "1,4", "-2"]


def test_the_figure_renders_the_svg_and_the_table_in_details() -> None:
    chart = charts.bar_chart("f", "t", ["a"], [1])
    figure = ET.fromstring(str(chart))
    assert figure.tag == "figure"
    assert [child.tag for child in figure] == [f"{SVG}svg", "details"]
    details = figure.find("details")
    assert details is not None and details.findtext("summary") == "Voir les données"
    assert details.find("table") is not None


def test_numbers_read_in_french() -> None:
    values = (3, 2.5, 0.25, -0.3, 1 / 3, 0.999, -0.001)
    assert [charts.number(v) for v in values] == ["3", "2,5", "0,25", "-0,3", "0,33", "1", "0"]
    assert charts.percent(66.6) == "67 %"


def test_the_module_is_pure_and_never_reads_the_clock() -> None:
    code = (
        "import sys, quizapp.charts;"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'sqlalchemy', 'werkzeug', 'jinja2'})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    source = Path(charts.__file__).read_text(encoding="utf-8")
    assert "now(" not in source and "today(" not in source
