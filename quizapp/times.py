"""Times as a learner reads them: the time zone they chose (an IANA name), instants shown in it,
and durations."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable

DEFAULT_ZONE = "Europe/Paris"
MAX_LENGTH = 64  # users.time_zone; the longest IANA name is about 32 characters


@functools.cache
def names() -> tuple[str, ...]:
    """Every zone this system knows (`zoneinfo.available_timezones()`), sorted."""
    return tuple(sorted(name for name in zoneinfo.available_timezones() if len(name) <= MAX_LENGTH))


def is_known(name: str) -> bool:
    return name in _known()


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(names())


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone named `name`, or the default for a name this system does not know (or None)."""
    return zoneinfo.ZoneInfo(name if name and is_known(name) else DEFAULT_ZONE)


def local(moment: dt.datetime, name: str | None) -> dt.datetime:
    """An aware instant in the zone `name`.

    Raises:
        ValueError: a naive datetime (the app stores and passes aware UTC only).
    """
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC time")
    return moment.astimezone(zone(name))


def day_start(now: dt.datetime, name: str | None) -> dt.datetime:
    """The start of the day (local midnight in the zone `name`) that contains `now`, in UTC."""
    return local(now, name).replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


def total(seconds: Iterable[float | None]) -> float | None:
    """The time taken over several answers; None if there is none, or if one of them has no time
    (a sum of the known ones would pass for the whole)."""
    known = list(seconds)
    if not known or any(s is None for s in known):
        return None
    return sum(s for s in known if s is not None)


def duration(seconds: float | None) -> str:
    """A time taken as a learner reads it: « 42 s », « 1 min 05 s », « 1 h 02 min 05 s »; « — » unknown."""
    if seconds is None:
        return "—"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min {secs:02d} s"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
