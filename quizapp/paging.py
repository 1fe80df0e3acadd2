"""Long lists cut into pages of 50: the one way every list that grows is shown (admin users,
question statistics, the author preview, a learner's quizzes).

A page number comes from the query string (`?page=3`); anything that is not a page number reads as
page 1, and a number past the end as the last page, so a stale or tampered link still shows a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select

from .extensions import db

PER_PAGE = 50
MAX_PAGE_DIGITS = 9  # a longer « page » is not a page number

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number (from 1) and the size of the whole list."""

    items: list[T]
    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        """The 1-based rank of the page's first item in the whole list (0 for an empty list)."""
        return (self.number - 1) * self.per_page + 1 if self.total else 0


def page_number(raw: str | None) -> int:
    """The page asked for in `?page=`: 1 unless it is a positive whole number."""
    if raw is None or not raw.isdecimal() or len(raw) > MAX_PAGE_DIGITS:
        return 1
    return max(1, int(raw))


def _clamp(number: int, total: int, per_page: int) -> int:
    return min(max(1, number), max(1, -(-total // per_page)))


def of_list(items: Sequence[T], number: int, per_page: int = PER_PAGE) -> Page[T]:
    """A page of a list already in memory."""
    number = _clamp(number, len(items), per_page)
    start = (number - 1) * per_page
    return Page(list(items[start : start + per_page]), number, len(items), per_page)


def of_select(statement: Select[Any], number: int, per_page: int = PER_PAGE, scalars: bool = True) -> Page[Any]:
    """A page of a query's rows (the statement must have a total order: `order_by` on a unique key
    last), with the whole query's count; `scalars`: the rows' first column only."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    number = _clamp(number, total, per_page)
    paged = statement.limit(per_page).offset((number - 1) * per_page)
    rows = list(db.session.scalars(paged)) if scalars else list(db.session.execute(paged).all())
    return Page(rows, number, total, per_page)
