"""When a role was held: what the facts allow (possible) and what they prove (certain)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import Tenure

Span = tuple[dt.date, dt.date]
NEVER = None


def possible(t: Tenure) -> Span:
    """Every day on which the holder may have held the role, as far as the facts say."""
    low = t.since.earliest if t.since and t.since.earliest else dt.date.min
    high = t.until.latest if t.until and t.until.latest else dt.date.max
    return low, high


def certain(t: Tenure, as_of: dt.date) -> Span | None:
    """The days on which the holder certainly held the role, or None.

    A left-out `since` means the role was held before the story starts; a left-out `until` means it
    was still held on the deck's `as_of` day. An `unknown` bound proves nothing on that side.
    """
    if t.since is None:
        low = dt.date.min
    elif not t.since.is_known() or t.since.latest is None:
        return NEVER
    else:
        low = t.since.latest
    if t.until is None:
        high = as_of
    elif not t.until.is_known() or t.until.earliest is None:
        return NEVER
    else:
        high = t.until.earliest
    return (low, high) if low <= high else NEVER


def covers(span: Span | None, d: dt.date) -> bool:
    return span is not None and span[0] <= d <= span[1]


def overlap(a: Span, b: Span) -> bool:
    """True when two spans share more than a hand-over day."""
    return a[0] < b[1] and b[0] < a[1]


def surely_holds(t: Tenure, as_of: dt.date, d: dt.date) -> bool:
    """Certainly held on `d`, and `d` is not a hand-over day (the day a bound the facts give)."""
    span = certain(t, as_of)
    if not covers(span, d):
        return False
    assert span is not None
    if t.since is not None and d <= span[0]:
        return False
    return not (t.until is not None and d >= span[1])


def changes_on(t: Tenure, d: dt.date) -> bool:
    """True when `d` may be a day the holder took up or left the role, as the deck dates it: the
    day of a bound, or any day of a bound's range (« à l'issue du week-end »). An `unknown` bound
    names no day."""
    for bound in (t.since, t.until):
        if bound is not None and bound.is_known() and (bound.earliest or bound.latest):
            if (bound.earliest or dt.date.min) <= d <= (bound.latest or dt.date.max):
                return True
    return False


def settled(tenures: Iterable[Tenure], d: dt.date) -> bool:
    """True when none of a person's posts changes hands on `d`: asked « which post » that day, the
    changeover would leave two answers (the one left and the one taken)."""
    return not any(changes_on(t, d) for t in tenures)
