"""The JSON hand-off format (documented in docs/export.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .questions import Bank


def bank_records(banks: Iterable[Bank]) -> list[dict[str, Any]]:
    """Every question, then every flashcard, of each bank as plain dicts."""
    records: list[dict[str, Any]] = []
    for bank in banks:
        records += [q.to_dict() for q in bank.questions]
        records += [c.to_dict() for c in bank.cards]
    return records


def to_json(banks: Iterable[Bank]) -> str:
    return json.dumps(bank_records(banks), ensure_ascii=False, indent=2) + "\n"
