"""Dates with the precision the source gives: a day, a month, a year, a range, or unknown."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from . import french

Precision = Literal["day", "month", "year", "range", "unknown"]

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_MONTH = re.compile(r"(\d{4})-(\d{2})\Z")
_YEAR = re.compile(r"(\d{4})\Z")
UNKNOWN = "unknown"


class DateFormatError(ValueError):
    """A date written in a form the deck format does not accept, or one that does not exist."""


@dataclass(frozen=True)
class DateSpec:
    """A span [earliest, latest] (inclusive, None = unbounded) that the true date lies in."""

    earliest: dt.date | None
    latest: dt.date | None
    precision: Precision
    label: str | None = None

    @property
    def exact(self) -> dt.date | None:
        """The day, when the source gives one."""
        return self.earliest if self.precision == "day" else None

    def is_known(self) -> bool:
        return self.precision != UNKNOWN

    def before(self, other: DateSpec) -> bool:
        """True when this date is certainly earlier than `other` (no overlap possible)."""
        return self.latest is not None and other.earliest is not None and self.latest < other.earliest

    def distinct_from(self, other: DateSpec) -> bool:
        """True when the two dates certainly differ."""
        return self.before(other) or other.before(self)

    def may_overlap(self, other: DateSpec) -> bool:
        """True unless the facts prove the two dates differ (an unknown date may be anything)."""
        return not self.is_known() or not other.is_known() or not self.distinct_from(other)

    # --- French wording -------------------------------------------------------------
    def text(self) -> str:
        """The date alone: « 17 novembre 2023 », « novembre 2023 », « 2015 », a range's label."""
        if self.label:
            return self.label
        if self.precision == "day" and self.earliest:
            return french.day(self.earliest)
        if self.precision == "month" and self.earliest:
            return french.month(self.earliest)
        if self.precision == "year" and self.earliest:
            return str(self.earliest.year)
        if self.precision == "range":
            return _range_text(self.earliest, self.latest)
        return "à une date inconnue"

    def on(self) -> str:
        """The date as a complement: « le 17 novembre 2023 », « en 2015 », a range's label."""
        if self.label or self.precision in ("range", UNKNOWN):
            return self.text()
        if self.precision == "day":
            return "le " + self.text()
        return "en " + self.text()

    def since(self) -> str:
        """When something began, as a complement: « à partir du 21 novembre 2023 », « à partir de 2018 »,
        or the date's own label (« à l'issue du week-end… »)."""
        if self.label or self.precision in ("range", UNKNOWN):
            return self.text()
        return "à partir " + french.de(self.on().removeprefix("en "))

    def until(self) -> str:
        """When something ended: « jusqu'au 17 novembre 2023 », « jusqu'en 2018 », « jusqu'à l'issue du
        week-end… »; a label that says it otherwise (« avant novembre 2023 ») as it is."""
        if self.label:
            return "jusqu'" + self.label if self.label.startswith(("à ", "au ", "aux ")) else self.label
        if self.precision == "day":
            return f"jusqu'au {self.text()}"
        if self.precision in ("month", "year"):
            return f"jusqu'en {self.text()}"
        return self.text()


# How a label's opening preposition reads after « du … » / « de … » (the start of a span) and after
# « au … » (its end): « à l'issue du week-end » -> « de l'issue du week-end » / « à l'issue du week-end ».
_AS_START = (("à ", "de "), ("au ", "du "), ("aux ", "des "), ("le ", "du "), ("en ", "de "))
# A label's end reads « jusqu'à … » (« du 17 novembre jusqu'à l'issue du week-end… »): « du 17 novembre
# à l'issue du week-end » reads as if the span began at that issue.
_AS_END = (("à ", "jusqu'à "), ("au ", "au "), ("aux ", "aux "), ("le ", "au "), ("en ", "à "))


def _bound(d: DateSpec, forms: tuple[tuple[str, str], ...], day: str, other: str) -> str | None:
    if d.label:
        return next((to + d.label[len(p) :] for p, to in forms if d.label.startswith(p)), None)
    if d.precision == "day":
        return f"{day} {d.text()}"
    if d.precision in ("month", "year"):
        return french.de(d.text()) if other == "de" else f"{other} {d.text()}"
    return None


def span(since: DateSpec, until: DateSpec) -> str:
    """When something was held from one date to another: « du 6 septembre au 25 octobre 2022 », « du 19
    au 21 novembre 2023 », « de l'issue du week-end des 18 et 19 novembre au 21 novembre 2023 », « de
    2015 à 2018 ». The shared year (and, between two days, the shared month) is said once.

    Bounds whose labels no preposition fits (« pendant le week-end ») read as the two complements.
    """
    start = _bound(since, _AS_START, "du", "de")
    end = _bound(until, _AS_END, "au", "à")
    if start is None or end is None:
        return f"{since.since()}, {until.until()}"
    for tail in _shared_tails(since, until):
        kept = start.removesuffix(tail)
        if kept != start and end.endswith(tail) and kept.split()[-1] not in ("de", "du", "des", "d'"):
            start = kept  # never down to its preposition: « de 2015 à 2015 » stays whole
            break
    return f"{start} {end}"


def _shared_tails(a: DateSpec, b: DateSpec) -> list[str]:
    """The endings two bounds may share, the longest first: « novembre 2023 » (two days without a
    label: « du 19 au 21 novembre 2023 »), then the year."""
    tails = []
    if a.precision == b.precision == "day" and not a.label and a.earliest and b.earliest:
        tails.append(" " + french.month(a.earliest))
    if a.latest and b.latest and a.latest.year == b.latest.year:
        tails.append(f" {a.latest.year}")
    return tails


def _range_text(a: dt.date | None, b: dt.date | None) -> str:
    if a and b:
        if a.year == b.year and a.month == b.month:
            return f"entre le {'1er' if a.day == 1 else a.day} et le {french.day(b)}"
        return f"entre le {french.day(a)} et le {french.day(b)}"
    if a:
        return f"après le {french.day(a)}"
    if b:
        return f"avant le {french.day(b)}"
    return "à une date inconnue"


def _point(value: Any) -> DateSpec:
    text = str(value).strip()
    try:
        if m := _DAY.match(text):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return DateSpec(d, d, "day")
        if m := _MONTH.match(text):
            start = dt.date(int(m[1]), int(m[2]), 1)
            end = (
                dt.date(start.year, 12, 31)
                if start.month == 12
                else dt.date(start.year, start.month + 1, 1) - dt.timedelta(days=1)
            )
            return DateSpec(start, end, "month")
        if m := _YEAR.match(text):
            year = int(m[1])
            return DateSpec(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    except ValueError:
        raise DateFormatError(f"date impossible : « {text} » n'existe pas dans le calendrier") from None
    raise DateFormatError(
        f"date mal formée : « {text} » (attendu AAAA-MM-JJ, AAAA-MM, AAAA, "
        "« unknown » ou {earliest: ..., latest: ..., label: ...})"
    )


def parse_date(value: Any) -> DateSpec:
    """Parse a deck date: `2023-11-17`, `2023-11`, `2015`, `unknown`, or a range mapping.

    A range is `{earliest: D, latest: D, label: "à l'issue du week-end"}`; either bound may be left
    out. The label, when given, is how questions word the date.

    Raises:
        DateFormatError: malformed, impossible, or a range that ends before it starts.
    """
    if isinstance(value, bool) or value is None:
        raise DateFormatError(f"date attendue, trouvé « {value} »")
    if value == UNKNOWN:
        return DateSpec(None, None, "unknown")
    if isinstance(value, dict):
        unknown = set(value) - {"earliest", "latest", "label"}
        if unknown:
            raise DateFormatError(f"champ inconnu « {sorted(unknown)[0]} » dans une date (attendu earliest, latest, label)")
        if "earliest" not in value and "latest" not in value:
            raise DateFormatError("une plage de dates demande au moins « earliest » ou « latest »")
        low = _point(value["earliest"]).earliest if "earliest" in value else None
        high = _point(value["latest"]).latest if "latest" in value else None
        if low and high and high < low:
            raise DateFormatError(f"plage de dates inversée : {high} est avant {low}")
        label = value.get("label")
        if label is not None and not isinstance(label, str):
            raise DateFormatError("« label » d'une date doit être un texte")
        return DateSpec(low, high, "range", label)
    if isinstance(value, int | str):
        return _point(value)
    raise DateFormatError(f"date attendue, trouvé {type(value).__name__}")
