"""Times as a learner reads them: zones, local midnight across daylight saving, durations."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp import times


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (None, "—"),
        (0, "0 s"),
        (7.4, "7 s"),
        (59.6, "1 min 00 s"),
        (65, "1 min 05 s"),
        (600, "10 min 00 s"),
        (3725, "1 h 02 min 05 s"),
    ],
)
def test_durations(seconds: float | None, shown: str) -> None:
    assert times.duration(seconds) == shown


def test_a_total_is_known_only_when_every_time_is() -> None:
    assert times.total([65, 7.5]) == 72.5
    assert times.total([65, None]) is None
    assert times.total([]) is None


def test_instants_in_a_zone_and_naive_times_refused() -> None:
    noon = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert times.local(noon, "Europe/Paris").strftime("%H:%M") == "14:00"  # summer time
    assert times.local(noon, "America/New_York").strftime("%H:%M") == "08:00"
    assert times.local(noon, None).strftime("%H:%M") == "14:00"  # the default zone
    assert times.local(noon, "Nowhere/Atall").strftime("%H:%M") == "14:00"  # a stored name no longer known
    with pytest.raises(ValueError, match="naive"):
        times.local(noon.replace(tzinfo=None), "Europe/Paris")


def test_local_midnight_across_a_daylight_saving_change() -> None:
    # 29 March 2026: Paris moves from UTC+1 to UTC+2 at 02:00; the day began at 23:00 UTC the day before.
    assert times.day_start(dt.datetime(2026, 3, 29, 20, 0, tzinfo=dt.UTC), "Europe/Paris") == dt.datetime(
        2026, 3, 28, 23, 0, tzinfo=dt.UTC
    )
    assert times.day_start(dt.datetime(2026, 3, 30, 0, 30, tzinfo=dt.UTC), "Europe/Paris") == dt.datetime(
        2026, 3, 29, 22, 0, tzinfo=dt.UTC
    )
    assert times.day_start(dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.UTC), "Pacific/Auckland") == dt.datetime(
        2026, 11, 25, 11, 0, tzinfo=dt.UTC
    )


def test_the_zones_offered_are_the_systems_and_include_the_default() -> None:
    assert times.DEFAULT_ZONE in times.names() and "UTC" in times.names()
    assert list(times.names()) == sorted(times.names())
    assert times.is_known("Asia/Tokyo") and not times.is_known("asia/tokyo") and not times.is_known("")
