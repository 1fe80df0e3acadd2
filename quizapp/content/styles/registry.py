"""Every question style, in the order their questions appear in a bank."""

from __future__ import annotations

from . import Style, authored, chronology, events, figures, moments, quotes, relations, successions, tenures

REGISTRY: tuple[Style, ...] = tuple(
    m.STYLE for m in (tenures, successions, events, moments, chronology, quotes, figures, relations, authored)
)
