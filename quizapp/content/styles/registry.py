"""Every question style, in the order their questions appear in a bank."""

from __future__ import annotations

from . import (
    Style,
    authored,
    causes,
    chronology,
    completion,
    computed,
    events,
    figures,
    groups,
    manner,
    matching,
    moments,
    placing,
    quotes,
    relations,
    successions,
    tenures,
)

REGISTRY: tuple[Style, ...] = tuple(
    m.STYLE
    for m in (
        tenures,
        successions,
        events,
        moments,
        chronology,
        placing,
        causes,
        manner,
        quotes,
        completion,
        figures,
        computed,
        relations,
        groups,
        matching,
        authored,
    )
)
