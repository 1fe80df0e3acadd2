"""Pages of a list: numbers read leniently, clamped to the list, sizes right at the edges."""

from __future__ import annotations

import pytest

from quizapp.paging import of_list, page_number


@pytest.mark.parametrize(
    ("raw", "number"), [(None, 1), ("", 1), ("0", 1), ("-2", 1), ("abc", 1), ("3", 3), ("1" * 12, 1), ("²", 1)]
)
def test_a_page_number_is_a_positive_whole_number_or_page_one(raw: str | None, number: int) -> None:
    assert page_number(raw) == number


def test_pages_cover_the_list_once_and_a_number_past_the_end_is_the_last_page() -> None:
    items = list(range(120))
    pages = [of_list(items, n, per_page=50) for n in (1, 2, 3)]
    assert [p.items for p in pages] == [items[:50], items[50:100], items[100:]]
    assert [(p.has_previous, p.has_next, p.first_index) for p in pages] == [
        (False, True, 1),
        (True, True, 51),
        (True, False, 101),
    ]
    assert of_list(items, 99, per_page=50).number == 3
    empty = of_list([], 5)
    assert (empty.number, empty.pages, empty.items, empty.first_index) == (1, 1, [], 0)
