"""Item statistics: a hand-computed example (facility and discrimination to two decimals), the
flags, a class's statistics, and the pages (who may see them, pages of 50, escaping, kind labels)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import insert

from quizapp.content import KINDS
from quizapp.extensions import db
from quizapp.models import QuestionStat
from quizapp.services import counters, itemstats, quizzes

from .conftest import Clock, client_with_role, make_app, register

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
DECK = "openai-saga"

# Five learners answer the same four questions (1 = right):
#
#            q1 q2 q3 q4   score
#   ana       1  1  1  1     4
#   bea       1  1  1  0     3
#   chloe     1  1  0  0     2
#   dan       1  0  0  0     1
#   eli       0  1  0  0     1
#
# Facility (share right): q1 4/5 = 0.80, q2 0.80, q3 2/5 = 0.40, q4 1/5 = 0.20.
# Discrimination: Pearson's r between x (the item, 0/1) and the rest of the quiz (score - x, as a
# share of the 3 other items: r does not change with the scale). For q3: x = 1 1 0 0 0, rest =
# 3 2 2 1 1; means 0.4 and 1.8; Σ(x-x̄)(r-r̄) = 0.72 + 0.12 - 0.08 + 0.32 + 0.32 = 1.40;
# Σ(x-x̄)² = 1.20; Σ(r-r̄)² = 1.44 + 0.04 + 0.04 + 0.64 + 0.64 = 2.80; r = 1.40 / √(1.20 × 2.80) = 0.76.
# q4: x = 1 0 0 0 0, rest = 3 3 2 1 1: 1.00 / √(0.80 × 4.00) = 0.56. q1: x = 1 1 1 1 0, rest =
# 3 2 1 0 1: 0.40 / √(0.80 × 5.20) = 0.20; q2 the same by symmetry (rest 3 2 1 1 0): 0.20.
# Among ana, bea and chloe only, q3 (x = 1 1 0, rest 3 2 2): (1/3) / √(2/3 × 2/3) = 0.50.
MATRIX = {"ana": (1, 1, 1, 1), "bea": (1, 1, 1, 0), "chloe": (1, 1, 0, 0), "dan": (1, 0, 0, 0), "eli": (0, 1, 0, 0)}
TIMES = (1.0, 3.0, 5.0, 7.0, 9.0)  # each learner's time on every question, ana's first: median 5 s


@pytest.fixture
def example(tmp_path: Path, clock: Clock) -> tuple[Flask, list[str], dict[str, int]]:
    app = make_app(tmp_path, clock)
    with app.app_context():  # not through the sign-up form: it lets five accounts a day come from one address
        from quizapp.models import User

        db.session.execute(
            insert(User), [{"username": n, "password_hash": "x", "role": "learner", "created_at": NOW} for n in MATRIX]
        )
        db.session.commit()
    store = app.extensions["decks"]
    chosen: list[Any] = []
    for question in store.bank(DECK).questions:
        if (
            question.format == "choice"
            and len(question.choices) >= 3
            and not set(question.facts) & {f for q in chosen for f in q.facts}
        ):
            chosen.append(question)
        if len(chosen) == 4:
            break
    ids = [q.id for q in chosen]
    users: dict[str, int] = {}
    with app.app_context():
        from quizapp.models import User

        users = {u.username: u.id for u in db.session.query(User)}
        attempts = {
            name: quizzes.start(users[name], store, quizzes.Settings(DECK, 5, tuple(KINDS), "practice", tuple(ids)), 5, NOW).id
            for name in MATRIX
        }
    for k, (name, row) in enumerate(MATRIX.items()):
        for position in range(1, 5):
            with app.test_request_context():
                item = quizzes.slot(users[name], attempts[name], position)
                assert item is not None and item.total == 4
                right = row[ids.index(item.question_id)]
                answer = item.snapshot["answer"]
                wrong = next(c for c in item.snapshot["choices"] if c != answer)  # always the same distractor
                assert quizzes.submit(item, answer if right else wrong, TIMES[k], NOW) is True
    return app, ids, users


def test_the_hand_computed_example(example: tuple[Flask, list[str], dict[str, int]]) -> None:
    app, ids, _users = example
    with app.test_request_context():
        rows = {r.question_id: r for r in itemstats.page(DECK, 1).items}
    assert [round(rows[q].facility or 0, 2) for q in ids] == [0.80, 0.80, 0.40, 0.20]
    assert [round(rows[q].discrimination or 0, 2) for q in ids] == [0.20, 0.20, 0.76, 0.56]
    assert [rows[q].n for q in ids] == [5, 5, 5, 5]
    assert [rows[q].median_seconds for q in ids] == [5.0] * 4
    first = rows[ids[0]]
    picked = {c.choice: (c.is_answer, c.offered, c.picked) for c in first.choices if c.picked}
    assert sorted(picked.values()) == [(False, 5, 1), (True, 5, 4)]
    assert all(c.offered == 5 for c in first.choices)


def test_a_class_gets_the_same_rows_from_its_history(example: tuple[Flask, list[str], dict[str, int]]) -> None:
    app, ids, users = example
    with app.test_request_context():
        everyone = {r.question_id: r for r in itemstats.page(DECK, 1).items}
        computed = {r.question_id: r for r in itemstats.for_learners(users.values(), DECK)}
        some = {r.question_id: r for r in itemstats.for_learners([users[n] for n in ("ana", "bea", "chloe")], DECK)}
        assert itemstats.for_learners([users["ana"]], "another-deck") == []
    assert computed == everyone
    assert [round(some[q].facility or 0, 2) for q in ids] == [1.0, 1.0, 0.67, 0.33]
    assert round(some[ids[2]].discrimination or 0, 2) == 0.50
    assert some[ids[0]].discrimination is None  # everyone right: no spread, no index
    assert some[ids[0]].asked == 3


def test_the_pages_show_the_example(example: tuple[Flask, list[str], dict[str, int]]) -> None:
    app, ids, _users = example
    author = client_with_role(app, "autrice", "author")
    page = author.get(f"/statistiques/{DECK}").get_data(as_text=True)
    assert "<td>80 %</td>\n        <td>0,20</td>\n        <td>5,0 s</td>" in page
    assert "<td>40 %</td>\n        <td>0,76</td>" in page
    by_discrimination = author.get(f"/statistiques/{DECK}?tri=discrimination").get_data(as_text=True)
    assert by_discrimination.index(ids[0]) < by_discrimination.index(ids[3]) < by_discrimination.index(ids[2])
    most_asked = author.get(f"/statistiques/{DECK}?tri=posees&page=zz").get_data(as_text=True)
    assert all(q in most_asked for q in ids)
    detail = author.get(f"/statistiques/{DECK}/question/{ids[0]}").get_data(as_text=True)
    assert "<td>oui</td>\n        <td>5</td><td>4</td><td>80 %</td>" in detail
    assert "<td>non</td>\n        <td>5</td><td>1</td><td>20 %</td>" in detail
    assert "4 à 6 s</td><td>1</td>" in detail
    facts = author.get(f"/statistiques/{DECK}/faits").get_data(as_text=True)
    assert facts.split("<h2>Faits")[1].count("<td>1</td><td>5</td>") == 4  # four facts, one question and five answers each
    with app.test_request_context():
        episodes, fact_rows = itemstats.rollups(app.extensions["decks"], DECK)
    assert sum(e.asked for e in episodes) == 20 and sum(e.right for e in episodes) == 11
    assert [round(f.facility or 0, 2) for f in fact_rows] == [0.20, 0.40, 0.80, 0.80]  # hardest first


@pytest.mark.parametrize(
    ("facility", "r", "n", "offered", "picked", "flags"),
    [
        (0.95, 0.5, 10, 50, 5, ["trop facile"]),
        (0.10, 0.5, 10, 50, 5, ["trop difficile"]),
        (0.50, 0.05, 10, 50, 5, ["discrimination faible"]),
        (0.50, -0.2, 10, 50, 5, ["discrimination négative"]),
        (0.50, -0.2, 4, 50, 5, []),  # too few finished quizzes to tell
        (0.50, 0.5, 10, 30, 0, ["distracteur jamais choisi"]),
        (0.50, 0.5, 10, 29, 0, []),  # shown too rarely to tell
        (0.95, -0.2, 10, 30, 0, ["trop facile", "discrimination négative", "distracteur jamais choisi"]),
    ],
)
def test_flags(facility: float, r: float, n: int, offered: int, picked: int, flags: list[str]) -> None:
    choices = (itemstats.ChoiceRow("la bonne", True, offered, 40), itemstats.ChoiceRow("un leurre", False, offered, picked))
    row = itemstats.ItemRow(DECK, "q", "quote", "?", 100, round(facility * 100), n, facility, r, None, choices, ())
    assert row.flags == flags


def test_discrimination_and_median_edges() -> None:
    assert itemstats.discrimination(1, 1, 0.5, 0.25, 0.5) is None  # one quiz
    assert itemstats.discrimination(3, 3, 1.5, 0.75, 1.5) is None  # all right: no spread in x
    assert itemstats.median_seconds({}) is None
    assert itemstats.median_seconds({len(counters.BUCKETS): 3}) == 300.0  # the open bucket: its lower bound
    assert itemstats.median_seconds({0: 1, 5: 1}) == 2.0  # half of two answers: the top of the first bucket


# --- the pages ------------------------------------------------------------------------------------


def _fill(app: Flask, count: int, prompt: str = "Question {i} ?", kind: str = "replaced") -> None:
    rows = [
        {
            "deck": DECK,
            "question_id": f"{DECK}:fait-{i:03d}:successor",
            "kind": kind,
            "prompt": prompt.format(i=i),
            "asked": 10,
            "right": i % 10,
            "timed": 0,
            "seconds": 0.0,
            "n": 0,
            "sum_x": 0,
            "sum_y": 0.0,
            "sum_yy": 0.0,
            "sum_xy": 0.0,
        }
        for i in range(count)
    ]
    with app.app_context():
        db.session.execute(insert(QuestionStat), rows)
        db.session.commit()


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("learner", 403), ("author", 200), ("admin", 200)],
    ids=["anonymous", "learner", "author", "admin"],
)
@pytest.mark.parametrize("path", ["/statistiques/", f"/statistiques/{DECK}", f"/statistiques/{DECK}/faits"])
def test_who_sees_the_statistics(app: Flask, role: str | None, status: int, path: str) -> None:
    client = client_with_role(app, "quelqu-un", role) if role else app.test_client()
    assert client.get(path).status_code == status


def test_the_question_list_is_paginated_and_escaped_with_kind_labels(app: Flask) -> None:
    _fill(app, 120, prompt="<script>alert({i})</script>")
    author = client_with_role(app, "autrice", "author")
    first = author.get(f"/statistiques/{DECK}").get_data(as_text=True)
    assert first.count("&lt;script&gt;alert(") == 50 and "<script>alert" not in first
    assert "Page 1 sur 3 (120 en tout)" in first and f'href="/statistiques/{DECK}?tri=facilite&amp;page=2"' in first
    assert "Qui a remplacé qui" in first and "<td>replaced</td>" not in first
    last = author.get(f"/statistiques/{DECK}?page=99&tri=posees").get_data(as_text=True)
    assert last.count("&lt;script&gt;") == 20 and "Page 3 sur 3" in last
    detail = author.get(f"/statistiques/{DECK}/question/{DECK}:fait-007:successor").get_data(as_text=True)
    assert "<h1>&lt;script&gt;alert(7)&lt;/script&gt;</h1>" in detail


def test_the_deck_list_says_how_to_read_the_flags(app: Flask) -> None:
    page = client_with_role(app, "autrice", "author").get("/statistiques/").get_data(as_text=True)
    assert "plus de 90 %" in page and "moins de\n      20 %" in page and "au moins 30 fois" in page


@pytest.mark.parametrize(
    "path",
    [
        "/statistiques/no-such-deck",
        "/statistiques/no-such-deck/faits",
        f"/statistiques/{DECK}/question/{DECK}:nothing:here",
        f"/statistiques/{DECK}/question/{'x' * 300}",
        f"/statistiques/{'x' * 300}",
        "/statistiques/open%00ai",
        f"/statistiques/{DECK}/question/a%00b",
        f"/statistiques/{DECK}/question/%C3%A9t%C3%A9",
        "/statistiques/OPENAI-SAGA/faits",
    ],
)
def test_unknown_decks_and_questions_are_404(app: Flask, path: str) -> None:
    assert client_with_role(app, "autrice", "author").get(path).status_code == 404


def test_admin_users_page_reads_the_counters_50_a_page(app: Flask) -> None:
    from quizapp.models import LearnerStat, User

    with app.app_context():
        db.session.execute(
            insert(User),
            [{"username": f"user{i:03d}", "password_hash": "x", "role": "learner", "created_at": NOW} for i in range(120)],
        )
        db.session.flush()
        ids = [u.id for u in db.session.query(User).filter(User.username.like("user%")).order_by(User.username)]
        db.session.execute(
            insert(LearnerStat),
            [
                {
                    "user_id": ids[0],
                    "attempts": 4,
                    "finished": 3,
                    "answers": 20,
                    "right": 10,
                    "percent_sum": 230.0,
                    "last_activity": NOW,
                },
            ],
        )
        db.session.commit()
    admin = client_with_role(app, "chef", "admin")
    first = admin.get("/admin").get_data(as_text=True)
    assert (
        first.count('href="/admin/utilisateurs/') == 100
    )  # each row: the user's page and « Changer le rôle » and "Page 1 sur 3 (121 en tout)" in first
    assert "user000</a></td>\n        <td>apprenant</td>\n        <td>4</td>\n        <td>58 %</td>" in first
    third = admin.get("/admin?page=3").get_data(as_text=True)
    assert third.count('href="/admin/utilisateurs/') == 42


def test_my_scores_list_50_quizzes_a_page_and_only_mine(app: Flask) -> None:
    from quizapp.models import Attempt

    alice = app.test_client()
    register(alice, "alice")
    register(app.test_client(), "bob")
    with app.app_context():
        db.session.execute(
            insert(Attempt),
            [
                {
                    "user_id": 1 + i % 2,
                    "deck": DECK,
                    "settings": {},
                    "seed": i,
                    "mode": "exam",
                    "total": 5,
                    "score": 1,
                    "answered": 1,
                    "started_at": NOW + dt.timedelta(minutes=i),
                }
                for i in range(130)
            ],
        )
        db.session.commit()
        mine = {a.id for a in db.session.query(Attempt).filter(Attempt.user_id == 1)}
    first = alice.get("/scores").get_data(as_text=True)
    second = alice.get("/scores?page=2").get_data(as_text=True)
    links = [int(part.split('"')[0]) for page in (first, second) for part in page.split('href="/scores/')[1:]]
    assert len(links) == 65 and set(links) == mine  # 50 then 15, all alice's, none of bob's
    assert "Page 1 sur 2 (65 en tout)" in first
    admin = client_with_role(app, "chef", "admin")
    other = admin.get("/admin/utilisateurs/2?page=2").get_data(as_text=True)
    assert "Page 2 sur 2" in other and 'href="/admin/utilisateurs/2?page=1"' in other


def test_my_accuracy_by_kind_is_only_mine(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock)
    alice, bob = app.test_client(), app.test_client()
    register(alice, "alice")
    register(bob, "bob")
    with app.app_context():
        from quizapp.models import LearnerKindStat

        db.session.execute(insert(LearnerKindStat), [{"user_id": 2, "kind": "figure", "asked": 7, "right": 3}])
        db.session.commit()
    assert "Chiffres" not in alice.get("/scores").get_data(as_text=True)
    assert "Chiffres</td><td>7</td><td>3</td><td>43 %" in bob.get("/scores").get_data(as_text=True)
