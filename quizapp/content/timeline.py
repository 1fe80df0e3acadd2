"""When a role was held: what the facts allow (possible) and what they prove (certain)."""

from __future__ import annotations

import datetime as dt

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
