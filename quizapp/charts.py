"""Charts drawn on the server as inline SVG: no script, no CDN, a data table beside each one.

Pure: plain lists of numbers and labels in, `Chart` out (no Flask, no database). Every label is
escaped. Each chart carries

- an `<svg>` sized by its `viewBox` (it scales down to a 390 px screen), with `role="img"` and
  `aria-labelledby` pointing at its own `<title>` and `<desc>`;
- a text alternative: the data as a real `<table>` inside « Voir les données » (`<details>`), with
  the real values (a value outside the axis is drawn at the edge, the table says what it was).

Element ids start with the caller's `chart_id`: give each chart of a page its own. Colours are SVG
presentation attributes, not `style` (the Content-Security-Policy forbids inline styles), chosen
for at least 3:1 against the page; the highlighted bar is hatched *and* marked in its label.

In templates, the module is the Jinja global `charts` (registered once in `app.py`), e.g.::

    {{ charts.facility_discrimination(items, chart_id="items-" ~ deck.id) }}
    {{ charts.choice_bars(choices, chart_id="choices-" ~ loop.index) }}

Without data, a chart is the sentence « Pas encore de données. » instead of an empty drawing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 420  # viewBox units; drawn 100 % wide (at most 32rem): about 0.85 px a unit on a phone, 1.2 on a desktop
FONT, SMALL = 15, 13
INK, MUTED, GRID, ACCENT, RIGHT = "#1d2330", "#5b6475", "#c9ced8", "#1f5fbf", "#1d7a3a"
EMPTY = "Pas encore de données."

Format = Callable[[float], str]


def number(value: float) -> str:
    """« 12 », « 0,75 », « -0,2 »: French decimals, at most two."""
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").replace(".", ",")


def percent(value: float) -> str:
    """« 80 % » (rounded to a whole number)."""
    return f"{round(value)} %"


def day(value: dt.date) -> str:
    """« 26/11/2026 »."""
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Chart:
    """An SVG (empty without data) and its data table; in a template, `{{ chart }}` renders both."""

    svg: Markup
    table: Markup
    empty: bool = False

    def __html__(self) -> str:
        if self.empty:
            return Markup('<p class="muted chart-empty">{}</p>').format(EMPTY)
        return Markup('<figure class="chart">{}<details><summary>Voir les données</summary>{}</details></figure>').format(
            self.svg, self.table
        )

    def __str__(self) -> str:
        return self.__html__()


EMPTY_CHART = Chart(Markup(""), Markup(""), empty=True)  # « Pas encore de données. »


def _id(chart_id: str) -> str:
    """A valid, stable id prefix from the caller's (anything else than letters, digits, - and _ becomes -)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)
    return cleaned if cleaned[:1].isalpha() else f"c-{cleaned}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count > 1 else ''}"


def _f(value: float) -> str:
    """A coordinate, short and stable."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _show(fmt: Format, value: float | None) -> str:
    """A value as the table and the tooltips say it: its real value, even off the axis; « — » for none."""
    finite = _finite(value)
    return "—" if finite is None else fmt(finite)


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(x: float, y: float, content: str, anchor: str = "start", fill: str = INK, size: int = FONT) -> str:
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" fill="{fill}" font-size="{size}" '
        f'font-family="system-ui, sans-serif">{escape(content)}</text>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = GRID, dashed: bool = False, css: str = "grid") -> str:
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return (
        f'<line class="{css}" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{stroke}" stroke-width="1"{dash}/>'
    )


def _svg(prefix: str, height: float, title: str, desc: str, body: list[str], defs: str = "") -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {WIDTH} {_f(height)}" width="100%" '
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc">'
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
        f"{defs}{''.join(body)}</svg>"
    )


def _table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Markup:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + f'<th scope="row">{escape(row[0])}</th>' + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:]) + "</tr>"
        for row in rows
    )
    return Markup(
        f'<table class="chart-data"><caption>{escape(title)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def _nice_ceiling(value: float) -> float:
    """The axis' top: 2, 4, 6, 8 or 10 times a power of ten, at least `value` (so that its half, the
    middle tick, is a whole count); 2 for nothing."""
    if value <= 2:
        return 2
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 4, 6, 8, 10) if step * power >= value)


def _hatch(prefix: str) -> str:
    """The highlighted bar's fill: green with white diagonal stripes (seen without colour too)."""
    return (
        f'<defs><pattern id="{prefix}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{RIGHT}"/><line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="3"/>'
        "</pattern></defs>"
    )


def bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    horizontal: bool = False,
    top: float | None = None,
    fmt: Format = number,
    highlight: Collection[int] = (),
    highlight_note: str = "bonne réponse",
    value_labels: bool = True,
    headers: tuple[str, str] = ("Libellé", "Valeur"),
    notes: Sequence[str] | None = None,
    note_header: str = "Détail",
    desc: str | None = None,
) -> Chart:
    """Bars proportional to `values` on an axis from 0 to `top` (by default a round number above the
    largest value); a value of None draws no bar (« — » in the table).

    Args:
        chart_id: prefix of the chart's element ids, unique on the page.
        horizontal: one bar per row, its label above it (long labels fit a phone), else columns.
        top: the axis' end (100 for percentages); values outside 0..top are drawn at the edge.
        fmt: how a value reads (`number`, `percent`).
        highlight: indexes of the bars to set apart (hatched, and « ✓ `highlight_note` » in their labels).
        value_labels: write each value by its bar (left out on columns narrower than a number).
        headers: the table's column headers (label, value); `notes` adds a third column.
        desc: the chart's description for screen readers (by default: how many bars, least and most).

    Raises:
        ValueError: `labels` and `values` (or `notes`) of different lengths, or a `top` not above 0.
    """
    if len(labels) != len(values) or (notes is not None and len(notes) != len(values)):
        raise ValueError("labels, values and notes must have the same length")
    if top is not None and not top > 0:
        raise ValueError(f"the axis must end above 0, not at {top}")
    if not labels:
        return EMPTY_CHART
    prefix = _id(chart_id)
    clean = [_finite(v) for v in values]
    present = [v for v in clean if v is not None]
    end = top if top is not None else _nice_ceiling(max(present, default=0))
    marks = frozenset(highlight)
    suffix = f" (✓ {highlight_note})"
    marked = [label + suffix if i in marks else label for i, label in enumerate(labels)]
    limit = 48 if horizontal else 12  # characters that fit under the bar or the column
    tail = suffix if horizontal else " ✓"
    shown = [_short(label, limit - len(tail)) + tail if i in marks else _short(label, limit) for i, label in enumerate(labels)]
    if desc is None:
        desc = _bar_desc(labels, clean, fmt)
    rows = [[marked[i], _show(fmt, v), *([notes[i]] if notes is not None else [])] for i, v in enumerate(values)]
    table = _table(title, [*headers, *([note_header] if notes is not None else [])], rows)
    draw = _horizontal if horizontal else _vertical
    height, body = draw(prefix, marked, shown, clean, end, fmt, marks, value_labels)
    return Chart(_svg(prefix, height, title, desc, body, _hatch(prefix) if marks else ""), table)


def _bar_desc(labels: Sequence[str], values: Sequence[float | None], fmt: Format) -> str:
    pairs = [(v, label) for label, v in zip(labels, values, strict=True) if v is not None]
    if not pairs:
        return f"{_plural(len(labels), 'barre')}, aucune valeur."
    low, high = min(pairs, key=lambda p: p[0]), max(pairs, key=lambda p: p[0])
    lowest, highest = f"{low[1]} ({fmt(low[0])})", f"{high[1]} ({fmt(high[0])})"
    return f"{_plural(len(pairs), 'barre')} ; la plus basse : {lowest}, la plus haute : {highest}."


def _fill(prefix: str, index: int, marks: frozenset[int]) -> str:
    return f"url(#{prefix}-hatch)" if index in marks else ACCENT


def _horizontal(
    prefix: str,
    labels: list[str],
    shown: list[str],
    values: list[float | None],
    end: float,
    fmt: Format,
    marks: frozenset[int],
    value_labels: bool,
) -> tuple[float, list[str]]:
    left, right, row, bar = 8.0, WIDTH - 64.0, 44.0, 18.0
    span = right - left
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 8 + i * row
        body.append(_text(left, y + FONT, shown[i]))
        if value is None:
            body.append(_text(left, y + 18 + bar - 4, "—", fill=MUTED))
            continue
        width = span * _clamp(value, 0, end) / end
        body.append(
            f'<rect class="bar" x="{_f(left)}" y="{_f(y + 20)}" width="{_f(width)}" height="{_f(bar)}" '
            f'fill="{_fill(prefix, i, marks)}"><title>{escape(label)} : {escape(fmt(value))}</title></rect>'
        )
        if value_labels:
            body.append(_text(left + width + 6, y + 20 + bar - 4, fmt(value)))
    height = 8 + len(labels) * row + 22
    axis_y = height - 22
    body.append(_line(left, axis_y, right, axis_y, stroke=MUTED, css="axis"))
    body.append(_text(left, axis_y + 16, fmt(0), fill=MUTED, size=SMALL))
    body.append(_text(right, axis_y + 16, fmt(end), anchor="end", fill=MUTED, size=SMALL))
    return height, body


def _vertical(
    prefix: str,
    labels: list[str],
    shown: list[str],
    values: list[float | None],
    end: float,
    fmt: Format,
    marks: frozenset[int],
    value_labels: bool,
) -> tuple[float, list[str]]:
    left, right, top, base = 48.0, WIDTH - 8.0, 22.0, 222.0
    span, slot = base - top, (right - left) / len(labels)
    body = [_line(left, top + span * (1 - k / 2), right, top + span * (1 - k / 2)) for k in (1, 2)]
    body += [
        _text(left - 6, top + span * (1 - k / 2) + 5, fmt(end * k / 2), anchor="end", fill=MUTED, size=SMALL) for k in (0, 1, 2)
    ]
    body.append(_line(left, base, right, base, stroke=MUTED, css="axis"))
    every = max(1, math.ceil(len(labels) / 6))  # at most six labels under the axis
    write_values = value_labels and slot >= 30
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * slot
        if i % every == 0:
            body.append(_text(x + slot / 2, base + 18, shown[i], anchor="middle", fill=MUTED, size=SMALL))
        if value is None:
            continue
        height = span * _clamp(value, 0, end) / end
        body.append(
            f'<rect class="bar" x="{_f(x + slot * 0.15)}" y="{_f(base - height)}" width="{_f(slot * 0.7)}" height="{_f(height)}" '
            f'fill="{_fill(prefix, i, marks)}"><title>{escape(label)} : {escape(fmt(value))}</title></rect>'
        )
        if write_values:
            body.append(_text(x + slot / 2, base - height - 5, fmt(value), anchor="middle", size=SMALL))
    return base + 30, body


def time_chart(
    chart_id: str,
    title: str,
    points: Sequence[tuple[dt.datetime, float]],
    *,
    value_header: str = "Score",
    notes: Sequence[str] | None = None,
    note_header: str = "Détail",
    desc: str | None = None,
) -> Chart:
    """Percentages over time: a line through one point per value, dates on x, 0–100 % on y.

    Points are drawn in time order; a value outside 0–100 is drawn at the edge (the table keeps it).
    One point sits in the middle of the x axis.

    Raises:
        ValueError: `notes` of another length than `points`.
    """
    if notes is not None and len(notes) != len(points):
        raise ValueError("notes and points must have the same length")
    if not points:
        return EMPTY_CHART
    prefix = _id(chart_id)
    order = sorted(range(len(points)), key=lambda i: points[i][0])
    ordered = [points[i] for i in order]
    first, last = ordered[0][0], ordered[-1][0]
    left, right, top, base = 48.0, WIDTH - 16.0, 14.0, 214.0
    span = (last - first).total_seconds()

    def x_of(when: dt.datetime) -> float:
        return (left + right) / 2 if span == 0 else left + (right - left) * (when - first).total_seconds() / span

    def y_of(value: float) -> float:
        return base - (base - top) * _clamp(value, 0, 100) / 100

    body = [_line(left, y_of(k), right, y_of(k)) for k in (50, 100)]
    body += [_text(left - 6, y_of(k) + 5, percent(k), anchor="end", fill=MUTED, size=SMALL) for k in (0, 50, 100)]
    body.append(_line(left, base, right, base, stroke=MUTED, css="axis"))
    body.append(_text(left, base + 20, day(first.date()), fill=MUTED, size=SMALL))
    if span:
        body.append(_text(right, base + 20, day(last.date()), anchor="end", fill=MUTED, size=SMALL))
    drawn = [(when, value) for when, value in ordered if _finite(value) is not None]  # NaN: in the table only
    coords = [(x_of(when), y_of(value)) for when, value in drawn]
    if len(coords) > 1:
        path = " ".join(f"{_f(x)},{_f(y)}" for x, y in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    for (x, y), (when, value) in zip(coords, drawn, strict=True):
        body.append(
            f'<circle class="point" cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="{ACCENT}" stroke="#ffffff" stroke-width="1.5">'
            f"<title>{escape(day(when.date()))} : {escape(_show(percent, value))}</title></circle>"
        )
    if desc is None:
        period = f"du {day(first.date())} au {day(last.date())}" if span else f"le {day(first.date())}"
        desc = f"{_plural(len(points), 'point')} {period} ; le dernier : {_show(percent, ordered[-1][1])}."
    rows = [[day(points[i][0].date()), _show(percent, points[i][1]), *([notes[i]] if notes is not None else [])] for i in order]
    table = _table(title, ["Date", value_header, *([note_header] if notes is not None else [])], rows)
    return Chart(_svg(prefix, base + 30, title, desc, body), table)


# Where the teacher's flags fall (issue 13): too hard below 20 %, too easy above 90 %,
# discrimination below 0.1 weak (negative: the strong learners miss it more than the weak ones).
HARD, EASY, WEAK = 0.2, 0.9, 0.1


def scatter(
    chart_id: str,
    title: str,
    points: Sequence[tuple[str, float, float]],
    *,
    headers: tuple[str, str, str] = ("Question", "Facilité", "Discrimination"),
    desc: str | None = None,
) -> Chart:
    """Labelled points with x in 0–1 and y in −1–1, with reference lines at x = 0.2 and 0.9 and at
    y = 0.1 (dashed) and 0; each point's label is its `<title>`. Values outside are drawn at the edge.
    """
    if not points:
        return EMPTY_CHART
    prefix = _id(chart_id)
    left, right, top, base = 52.0, WIDTH - 12.0, 12.0, 332.0

    def x_of(value: float) -> float:
        return left + (right - left) * _clamp(value, 0, 1)

    def y_of(value: float) -> float:
        return base - (base - top) * (_clamp(value, -1, 1) + 1) / 2

    body = [_line(left, top, left, base, stroke=MUTED, css="axis"), _line(left, base, right, base, stroke=MUTED, css="axis")]
    body.append(_line(left, y_of(0), right, y_of(0), stroke=MUTED, css="ref"))
    body.append(_line(left, y_of(WEAK), right, y_of(WEAK), stroke=MUTED, dashed=True, css="ref"))
    body += [_line(x_of(x), top, x_of(x), base, stroke=MUTED, dashed=True, css="ref") for x in (HARD, EASY)]
    body += [_text(left - 6, y_of(v) + 5, number(v), anchor="end", fill=MUTED, size=SMALL) for v in (-1, 0, 1)]
    body += [_text(x_of(v), base + 18, number(v), anchor="middle", fill=MUTED, size=SMALL) for v in (0, HARD, 0.5, EASY, 1)]
    body.append(_text((left + right) / 2, base + 38, headers[1], anchor="middle", size=13))
    body.append(
        f'<text x="14" y="{_f((top + base) / 2)}" transform="rotate(-90 14 {_f((top + base) / 2)})" text-anchor="middle" '
        f'fill="{INK}" font-size="13" font-family="system-ui, sans-serif">{escape(headers[2])}</text>'
    )
    for label, x, y in points:
        if _finite(x) is None or _finite(y) is None:
            continue  # in the table only, as « — »
        body.append(
            f'<circle class="point" cx="{_f(x_of(x))}" cy="{_f(y_of(y))}" r="5" fill="{ACCENT}" fill-opacity="0.75" '
            f'stroke="{INK}" stroke-width="1"><title>{escape(label)} : {escape(headers[1].lower())} '
            f"{escape(_show(number, x))}, {escape(headers[2].lower())} {escape(_show(number, y))}</title></circle>"
        )
    if desc is None:
        desc = (
            f"{_plural(len(points), 'point')} ; {sum(x > EASY for _, x, _ in points)} au-delà de {percent(EASY * 100)}, "
            f"{sum(x < HARD for _, x, _ in points)} en deçà de {percent(HARD * 100)}, "
            f"{sum(y < WEAK for _, _, y in points)} sous {number(WEAK)}."
        )
    rows = [[label, _show(number, x), _show(number, y)] for label, x, y in points]
    return Chart(_svg(prefix, base + 48, title, desc, body), _table(title, headers, rows))


def facility_discrimination(items: Sequence[tuple[str, float, float]], chart_id: str = "items") -> Chart:
    """The teacher's scatter: one point per question, (label, facility 0–1, discrimination −1–1)."""
    return scatter(chart_id, "Facilité et discrimination des questions", items)


def choice_bars(choices: Sequence[tuple[str, int, bool]], chart_id: str = "choices") -> Chart:
    """The teacher's per-choice bars: how many learners picked each choice, (text, picks, is right);
    the right choices are hatched and marked « ✓ bonne réponse »."""
    total = sum(picks for _, picks, _ in choices)
    return bar_chart(
        chart_id,
        "Réponses choisies",
        [text for text, _, _ in choices],
        [picks for _, picks, _ in choices],
        horizontal=True,
        highlight=[i for i, (_, _, is_right) in enumerate(choices) if is_right],
        headers=("Réponse", "Choisie"),
        notes=[percent(100 * picks / total) if total else "—" for _, picks, _ in choices],
        note_header="Part",
    )
