"""One bank per deck version, shared by every quiz (issue 14, item 1), and deck reloads off the
request path (item 3): the watcher's thread, the snapshot swapped whole, the request's pinned version."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp import decks as decks_module
from quizapp import deckwatch
from quizapp.content import KINDS, Bank, Deck, generate, question_from_dict
from quizapp.decks import Bounded, DeckStore
from quizapp.deckwatch import DeckWatcher
from quizapp.extensions import db
from quizapp.models import User
from quizapp.services import quizzes

from .conftest import Clock, client_with_role, make_app, reload_decks, start_quiz
from .webhelpers import form_for, snapshot


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def learner_id(app: Flask, name: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.username == name))
        assert found is not None
        return found


def start(app: Flask, user: int, seed: int, **settings: object) -> list[dict[str, object]]:
    """The snapshots of a quiz started on the saga with `seed`, as stored."""
    chosen = {
        "deck": "openai-saga",
        "count": 10,
        "kinds": ("group", "chronology", "quote", "actor"),
        "mode": "practice",
    }
    chosen.update(settings)
    with app.app_context():
        attempt = quizzes.start(user, app.extensions["decks"], quizzes.Settings(**chosen), seed, Clock().now)  # type: ignore[arg-type]
    stored = [snapshot(app, attempt.id, position) for position in range(1, attempt.total + 1)]
    assert stored == list(attempt.questions)
    return stored


# --- one bank, many quizzes ----------------------------------------------------------------------


def test_the_same_seed_on_the_same_version_gives_the_same_quiz(app: Flask) -> None:
    client_with_role(app, "eleve", "learner")
    user = learner_id(app, "eleve")
    kinds = tuple(KINDS)
    first, again = start(app, user, 42, kinds=kinds, count=20), start(app, user, 42, kinds=kinds, count=20)
    assert first == again  # questions, their order, and each question's choice order
    assert start(app, user, 43, kinds=kinds, count=20) != first


def test_a_question_shows_its_choices_in_each_quizs_own_order_and_is_judged_right(app: Flask) -> None:
    learner = client_with_role(app, "eleve", "learner")
    user = learner_id(app, "eleve")
    bank = app.extensions["decks"].bank("openai-saga")
    for fmt in ("choice", "multi", "order", "match"):
        question = next(q for q in bank.questions if q.format == fmt)
        shown = [start(app, user, seed, question_ids=(question.id,), count=1, kinds=())[0] for seed in range(8)]
        assert len({tuple(s["choices"]) for s in shown}) > 1, fmt  # the order differs from seed to seed
        for snap in shown:
            answer = tuple(snap["answer"]) if isinstance(snap["answer"], list) else snap["answer"]
            assert sorted(snap["choices"]) == sorted(question.choices)
            assert question.is_correct(answer) and question_from_dict(snap).is_correct(answer)
    attempt = start_quiz(learner, count=10, kinds=["group", "chronology", "cause", "placing", "manner"])
    for position in range(1, 11):  # answered through the form as a learner would: every one right
        learner.post(f"/quiz/{attempt}/{position}", data=form_for(snapshot(app, attempt, position)))
    assert "10 / 10" in learner.get(f"/quiz/{attempt}/resultat").get_data(as_text=True)


def test_quizzes_share_the_bank_made_at_load(decks: Path) -> None:
    """Starting quizzes never generates: the store's generator runs once per deck version."""
    asked: list[int] = []

    def counting(deck: Deck, seed: int) -> Bank:
        asked.append(seed)
        return generate(deck, seed)

    store = DeckStore([decks], generate=counting)
    assert asked == [0]
    bank = store.bank("openai-saga")
    assert store.bank("openai-saga") is bank and asked == [0]
    edit(decks / "openai-saga" / "quotes.yaml", "Coup de théâtre", "Retournement complet")
    assert store.refresh() and asked == [0, 0]  # the new version: its own bank, once
    assert store.bank("openai-saga") is not bank


def test_story_banks_are_kept_per_point_and_bounded(decks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """However many dates are posted, at most STORY_BANKS story banks are kept per deck version."""
    monkeypatch.setattr(decks_module, "STORY_BANKS", 3)
    made: list[str] = []

    def counting(deck: Deck, seed: int) -> Bank:
        made.append(deck.as_of.isoformat())
        return generate(deck, seed)

    store = DeckStore([decks], generate=counting)
    made.clear()
    days = [f"2023-11-{day}" for day in range(17, 24)]
    banks = [store.bank("openai-saga", day) for day in days]
    assert len(made) == len(days) and len(store.current._story) == 3
    assert store.bank("openai-saga", days[-1]) is banks[-1] and len(made) == len(days)  # kept: not made again
    assert store.bank("openai-saga", days[0]) is not banks[0] and len(made) == len(days) + 1  # dropped: made again
    assert store.bank("openai-saga", "ep1") is store.bank("openai-saga", "ep1")
    with pytest.raises(ValueError, match="ni un épisode"):
        store.bank("openai-saga", "hier")


def test_the_bounded_cache_drops_the_least_recently_used() -> None:
    cache: Bounded[int, str] = Bounded(2)
    assert cache.get(1, lambda: "un") == "un" and cache.get(2, lambda: "deux") == "deux"
    assert cache.get(1, lambda: "autre") == "un"  # 1 used again: 2 is now the oldest
    cache.get(3, lambda: "trois")
    assert len(cache) == 2 and cache.get(2, lambda: "deux, refait") == "deux, refait"


# --- reloads off the request path ----------------------------------------------------------------


def test_no_learner_request_reloads_the_decks(app: Flask, logged_in: FlaskClient) -> None:
    store: DeckStore = app.extensions["decks"]
    looks = store.refreshes
    attempt = start_quiz(logged_in, count=5)
    for path in ("/", "/quiz/", f"/quiz/{attempt}/1", "/reviser/", "/scores"):
        assert logged_in.get(path).status_code == 200, path
    logged_in.post(f"/quiz/{attempt}/1", data=form_for(snapshot(app, attempt, 1)))
    assert store.refreshes == looks


def test_a_reload_swaps_a_whole_new_version_and_a_pinned_reader_keeps_its_own(decks: Path) -> None:
    store = DeckStore([decks])
    before = store.current
    prompts = {q.prompt for q in before.bank("openai-saga").questions}
    store.pin()  # a request under way
    edit(decks / "openai-saga" / "quotes.yaml", "Coup de théâtre", "Retournement complet")
    assert store.refresh()
    assert store.current is before and store.decks is before.decks  # the request reads its version to the end
    assert {q.prompt for q in store.bank("openai-saga").questions} == prompts
    store.unpin()
    after = store.current
    assert after is not before and any(
        "Retournement complet" in q.explanation + q.prompt for q in after.bank("openai-saga").questions
    )
    assert {q.prompt for q in before.bank("openai-saga").questions} == prompts  # the old version is untouched
    assert before.status[decks / "openai-saga"] is not after.status[decks / "openai-saga"]


def test_the_upload_request_puts_its_deck_online_at_once(app: Flask) -> None:
    from .test_authored_questions import GOOD
    from .test_web_author import upload

    author = client_with_role(app, "autrice", "author")
    assert upload(author, "mini.yaml", GOOD.replace("id: t,", "id: mini,").encode()).status_code == 303
    assert "mini" in app.extensions["decks"].decks  # no watcher needed for the author's own upload


class FlakyStore:
    """A store whose first look fails, as a lost database connection would."""

    def __init__(self) -> None:
        self.calls = 0

    def refresh(self) -> bool:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("base injoignable")
        return False


def test_the_watcher_logs_an_error_and_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    store = FlakyStore()
    watcher = DeckWatcher(lambda: store, 0)  # type: ignore[arg-type, return-value]
    with caplog.at_level(logging.ERROR, logger="quizapp.deckwatch"):
        watcher.ensure_running()
        try:
            assert watcher.wait_for_fresh_look() and watcher.wait_for_fresh_look()
            assert watcher.thread is not None and watcher.thread.is_alive() and watcher.thread.daemon
        finally:
            watcher.stop()
    assert store.calls >= 3
    failure = next(r for r in caplog.records if r.exc_info)
    assert "le rechargement a échoué" in failure.getMessage() and "base injoignable" in caplog.text


def test_one_watcher_thread_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Started by the first request a process serves; a forked worker (another pid) starts its own."""
    store = FlakyStore()
    store.calls = 1  # no failure here
    watcher = DeckWatcher(lambda: store, 3600)  # type: ignore[arg-type, return-value]
    pid = [1000]
    monkeypatch.setattr(deckwatch.os, "getpid", lambda: pid[0])
    try:
        watcher.ensure_running()
        first = watcher.thread
        watcher.ensure_running()
        assert watcher.thread is first and first is not None and first.is_alive()
        pid[0] = 1001  # as in a worker forked after the app was built: the parent's thread is not there
        watcher.ensure_running()
        assert watcher.thread is not first and watcher.thread is not None and watcher.thread.is_alive()
    finally:
        watcher.stop()
    assert first is not None and (first.join(10) or not first.is_alive())  # one stop ends both


def test_the_watcher_thread_puts_an_edit_online(tmp_path: Path, clock: Clock, decks: Path) -> None:
    """With the thread running (as on a server), an edited deck file goes online without any request
    looking for it; a learner's request started the thread and never waited for a reload."""
    app = make_app(tmp_path, clock, QUESTIONS_DIR=str(decks), CONTENT_WATCH=True, CONTENT_CHECK_SECONDS=0)
    watcher: DeckWatcher = app.extensions["deck_watcher"]
    try:
        learner = client_with_role(app, "eleve", "learner")
        assert watcher.thread is not None and watcher.thread.is_alive()
        edit(decks / "openai-saga" / "quotes.yaml", "Coup de théâtre", "Retournement complet")
        assert watcher.wait_for_fresh_look()
        bank = app.extensions["decks"].bank("openai-saga")
        assert any("Retournement complet" in q.explanation + q.prompt for q in bank.questions)
        assert learner.get("/quiz/").status_code == 200
    finally:
        watcher.stop()


def test_reload_decks_in_tests_is_the_watchers_look(app: Flask) -> None:
    assert reload_decks(app) is False  # nothing changed


def test_a_banks_clash_test_is_made_once_and_judges_as_the_curator_does(decks: Path) -> None:
    """Every quiz drawn from a bank shares one test of which questions may not meet (each pair judged
    once): the same answers as `curate.clashing` reading the bank afresh."""
    from quizapp.content.curate import FRAME_SAMPLE, clashing

    store = DeckStore([decks])
    snapshot = store.current
    test = snapshot.clash_test("openai-saga")
    assert snapshot.clash_test("openai-saga") is test
    questions = snapshot.bank("openai-saga").questions
    fresh = clashing(questions, FRAME_SAMPLE)
    pairs = [(a, b) for i, a in enumerate(questions) for b in questions[i + 1 :]]
    judged = [test(a, b) for a, b in pairs]
    assert judged == [fresh(a, b) for a, b in pairs] and any(judged)
    assert [test(b, a) for a, b in pairs] == judged  # asked the other way round: the same answer
