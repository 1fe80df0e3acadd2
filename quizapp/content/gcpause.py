"""Pause the cyclic garbage collector around bulk work that allocates many small, acyclic objects.

Loading and generating a 10,000-fact deck creates millions of short tuples and dicts; the collector's
repeated full passes over them made the work grow faster than the deck (measured in
benchmarks/bench_content.py). Nothing here creates reference cycles, so pausing loses nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
