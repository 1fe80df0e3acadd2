"""The learner's own account: password change, deletion, « my data », time zone, time taken, resuming
a quiz; each refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, DeckVersion, LoginAttempt, LoginSession, StoryPoint, User

from .conftest import PASSWORD, Clock, client_with_role, login, make_app, register, start_quiz
from .webhelpers import csrf_token, every_row, form_for, snapshot

NEW_PASSWORD = "a brand new secret"


def signed_in(client: FlaskClient) -> bool:
    response = client.get("/scores")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def answer(app: Flask, client: FlaskClient, attempt_id: int, position: int, right: bool = True) -> None:
    data = form_for(snapshot(app, attempt_id, position), right=right)
    assert client.post(f"/quiz/{attempt_id}/{position}", data=data).status_code == 303


def user_id(app: Flask, name: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.username == name))
        assert found is not None
        return int(found)


def count(app: Flask, *where: Any, model: Any = LoginSession) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def change(client: FlaskClient, current: str = PASSWORD, new: str = NEW_PASSWORD, confirm: str | None = None) -> Any:
    data = {"pw-current": current, "pw-password": new, "pw-confirm": new if confirm is None else confirm}
    return client.post("/compte/mot-de-passe", data=data)


def delete(client: FlaskClient, password: str = PASSWORD, confirm: bool = True) -> Any:
    return client.post("/compte/suppression", data={"del-current": password, **({"del-confirm": "y"} if confirm else {})})


# --- password --------------------------------------------------------------------------------------


def test_a_new_password_ends_the_other_sessions_and_keeps_this_one(app: Flask, client: FlaskClient) -> None:
    register(client, "alice")
    phone = app.test_client()
    assert login(phone, "alice").status_code == 302
    bob = app.test_client()
    register(bob, "bob")
    done = change(client)
    assert done.status_code == 303 and done.headers["Location"] == "/compte/"
    page = client.get("/compte/").get_data(as_text=True)
    assert "Mot de passe changé. Vos autres sessions ont été fermées (1) ; celle-ci reste ouverte." in page
    assert signed_in(client) and not signed_in(phone) and signed_in(bob)
    assert login(app.test_client(), "alice", PASSWORD).status_code == 400
    assert login(app.test_client(), "alice", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("not my password", NEW_PASSWORD, None, "Mot de passe actuel incorrect."),
        (PASSWORD, NEW_PASSWORD, "something else", "Les deux mots de passe diffèrent."),
        (PASSWORD, "short", None, "8"),  # registration's own length rule
        (PASSWORD, "x" * 129, None, "128"),
        ("", NEW_PASSWORD, None, "Ce champ est requis."),
    ],
)
def test_a_refused_password_change_changes_nothing(
    app: Flask, client: FlaskClient, current: str, new: str, confirm: str | None, message: str
) -> None:
    register(client, "alice")
    phone = app.test_client()
    login(phone, "alice")
    refused = change(client, current, new, confirm)
    assert refused.status_code == 400
    assert message in refused.get_data(as_text=True)
    assert signed_in(client) and signed_in(phone)
    assert login(app.test_client(), "alice", PASSWORD).status_code == 302


def test_wrong_current_passwords_count_as_failed_log_ins_and_are_throttled(app: Flask, client: FlaskClient) -> None:
    register(client, "alice")
    free = app.config["LOGIN_FREE_FAILURES"]
    for _ in range(free):
        assert change(client, "guess guess").status_code == 400
    assert count(app, LoginAttempt.username == "alice", LoginAttempt.success.is_(False), model=LoginAttempt) == free
    # Beyond the free failures, even the right password waits, and nothing is checked or recorded.
    waited = change(client, PASSWORD)
    assert waited.status_code == 429 and "réessayez dans" in waited.get_data(as_text=True)
    assert count(app, LoginAttempt.username == "alice", model=LoginAttempt) == free  # the refused try is not recorded
    assert login(app.test_client(), "alice", NEW_PASSWORD).status_code == 400  # unchanged


# --- time zone -------------------------------------------------------------------------------------


def test_times_are_shown_in_the_viewers_time_zone(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    attempt_id = start_quiz(logged_in, count=5)  # started 2026-11-26 09:00 UTC
    assert "26/11/2026 10:00" in logged_in.get("/scores").get_data(as_text=True)  # Europe/Paris by default
    assert "Europe/Paris" in logged_in.get("/compte/").get_data(as_text=True)
    done = logged_in.post("/compte/fuseau", data={"tz-time_zone": "America/New_York"})
    assert done.status_code == 303
    scores = logged_in.get("/scores").get_data(as_text=True)
    assert "26/11/2026 04:00" in scores and "26/11/2026 10:00" not in scores
    assert "Quiz du 26/11/2026 04:00" in logged_in.get(f"/scores/{attempt_id}").get_data(as_text=True)
    other = app.test_client()
    register(other, "bob")
    assert "26/11/2026" not in other.get("/scores").get_data(as_text=True)  # nobody else's quiz, whatever the zone


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "Europe/Paris" * 10, "../../etc/passwd", "UTC\x00"])
def test_an_unknown_time_zone_is_refused(app: Flask, logged_in: FlaskClient, zone: str) -> None:
    refused = logged_in.post("/compte/fuseau", data={"tz-time_zone": zone})
    assert refused.status_code == 400
    assert 'role="alert"' in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.time_zone)) == "Europe/Paris"


def test_the_admin_sees_times_in_their_own_zone(app: Flask, logged_in: FlaskClient) -> None:
    start_quiz(logged_in, count=5)
    admin = client_with_role(app, "boss", "admin")
    assert admin.post("/compte/fuseau", data={"tz-time_zone": "Asia/Tokyo"}).status_code == 303
    learner = user_id(app, "alice")
    assert "26/11/2026 18:00" in admin.get(f"/admin/utilisateurs/{learner}").get_data(as_text=True)
    assert "26/11/2026 10:00" in logged_in.get("/scores").get_data(as_text=True)  # the learner's stays Paris


# --- time taken and resuming -----------------------------------------------------------------------


def timed_answer(app: Flask, client: FlaskClient, clock: Clock, attempt_id: int, position: int, seconds: float) -> None:
    page = client.get(f"/quiz/{attempt_id}/{position}").get_data(as_text=True)
    stamp = page.split('name="shown" value="')[1].split('"')[0]
    clock.advance(seconds=seconds)
    data = {**form_for(snapshot(app, attempt_id, position)), "shown": stamp}
    assert client.post(f"/quiz/{attempt_id}/{position}", data=data).status_code == 303


def test_results_and_attempt_pages_show_the_time_taken(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    timed_answer(app, logged_in, clock, attempt_id, 1, 65)
    timed_answer(app, logged_in, clock, attempt_id, 2, 7.4)
    for page in (f"/quiz/{attempt_id}/resultat?voir=tout", f"/scores/{attempt_id}"):  # « tout »: right answers too
        text = logged_in.get(page).get_data(as_text=True)
        assert "Temps : 1 min 05 s" in text and "Temps : 7 s" in text
        assert "Temps total : <strong>1 min 12 s</strong>" in text
    answer(app, logged_in, attempt_id, 3)  # no stamp: its time is unknown, and so is the total
    text = logged_in.get(f"/quiz/{attempt_id}/resultat?voir=tout").get_data(as_text=True)
    assert "Temps : —" in text and "Temps total : <strong>—</strong>" in text


def test_unfinished_quizzes_come_first_with_a_link_to_the_first_unanswered_question(app: Flask, logged_in: FlaskClient) -> None:
    done = start_quiz(logged_in, count=5)
    for position in range(1, 6):
        answer(app, logged_in, done, position)
    left = start_quiz(logged_in, count=5, mode="exam")
    answer(app, logged_in, left, 1)
    answer(app, logged_in, left, 2)
    bob = app.test_client()
    register(bob, "bob")
    bobs = start_quiz(bob, count=5)
    page = logged_in.get("/scores").get_data(as_text=True)
    assert page.index("Quiz en cours") < page.index("<h2>Quiz</h2>")
    section = page[page.index("Quiz en cours") : page.index("<h2>Quiz</h2>")]
    assert f'href="/quiz/{left}/3"' in section and ">Reprendre</a>" in section and "2 / 5 répondues" in section
    assert f"/quiz/{done}/" not in section and f"/quiz/{bobs}/" not in section
    assert f'href="/quiz/{bobs}/1"' in bob.get("/scores").get_data(as_text=True)
    assert logged_in.get(f"/quiz/{left}/3").status_code == 200
    assert "Quiz en cours" not in logged_in.get("/scores?en_cours=abc").get_data(as_text=True).split("<h2>Quiz</h2>")[1]


def test_unfinished_quizzes_are_paginated(app: Flask, logged_in: FlaskClient) -> None:
    first = start_quiz(logged_in, count=5)
    for _ in range(50):
        start_quiz(logged_in, count=5)
    page1 = logged_in.get("/scores").get_data(as_text=True)
    assert "Page 1 sur 2 (51 en tout)" in page1 and 'href="/scores?en_cours=2"' in page1
    assert f'href="/quiz/{first}/1"' not in page1.split("<h2>Quiz</h2>")[0]
    page2 = logged_in.get("/scores?en_cours=2").get_data(as_text=True).split("<h2>Quiz</h2>")[0]
    assert f'href="/quiz/{first}/1"' in page2 and page2.count(">Reprendre</a>") == 1


# --- my data ---------------------------------------------------------------------------------------


def fill(app: Flask, client: FlaskClient, name: str) -> int:
    """An account with something in every table a learner writes to: a quiz (items, answers, card
    states and reviews through the answers), a story point, sessions, log-in tries."""
    register(client, name)
    attempt_id = start_quiz(client, count=5)
    for position in range(1, 4):
        answer(app, client, attempt_id, position, right=position != 2)
    assert client.post("/reviser/histoire/openai-saga", data={"histoire-openai-saga-episode": "ep1"}).status_code == 303
    login(app.test_client(), name, "a wrong password")
    login(app.test_client(), name)
    return attempt_id


def test_my_data_is_a_json_file_of_my_rows_only_without_secrets(app: Flask, client: FlaskClient) -> None:
    bob = app.test_client()
    bobs = fill(app, bob, "bob")
    mine = fill(app, client, "alice")
    assert client.post("/compte/fuseau", data={"tz-time_zone": "Asia/Tokyo"}).status_code == 303
    response = client.get("/compte/donnees.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="quizapp-alice.json"'
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    data = json.loads(text)
    assert data["account"]["username"] == "alice" and data["account"]["time_zone"] == "Asia/Tokyo"
    assert "password_hash" not in data["account"]
    tables = data["tables"]
    assert [a["id"] for a in tables["attempts"]] == [mine]
    assert sorted(a["position"] for a in tables["answers"]) == [1, 2, 3]
    assert {a["attempt_id"] for a in tables["answers"] + tables["attempt_items"]} == {mine}
    assert len(tables["attempt_items"]) == 5
    assert tables["card_states"] and tables["reviews"]
    assert [(p["deck_id"], p["point"]) for p in tables["story_points"]] == [("openai-saga", "ep1")]
    assert len(tables["login_sessions"]) == 2 and all("token_digest" not in s for s in tables["login_sessions"])
    assert {a["username"] for a in tables["login_attempts"]} == {"alice"}
    alice = user_id(app, "alice")
    for rows in tables.values():
        for row in rows:
            assert row.get("user_id", alice) == alice and row.get("attempt_id", mine) == mine
    assert "bob" not in text and f'"attempt_id": {bobs}' not in text
    with app.app_context():
        secrets = [db.session.scalar(select(User.password_hash).where(User.id == alice))]
        secrets += list(db.session.scalars(select(LoginSession.token_digest)))
    assert all(secret and secret not in text for secret in secrets)
    assert count(app, model=LoginSession) == 4  # downloading changed nothing


def test_my_data_needs_a_session(client: FlaskClient) -> None:
    response = client.get("/compte/donnees.json")
    assert response.status_code == 302 and response.headers["Location"].startswith("/compte/connexion")


# --- deleting the account --------------------------------------------------------------------------


def test_deleting_my_account_removes_all_that_is_mine_and_nothing_else(app: Flask, client: FlaskClient) -> None:
    bob = app.test_client()
    fill(app, bob, "bob")
    mine = fill(app, client, "alice")
    alice = user_id(app, "alice")
    with app.app_context():  # an uploaded deck (authors'): it stays, without its uploader
        db.session.add(DeckVersion(deck_id="d", filename="d.yaml", content="x", uploaded_by=alice, uploaded_at=Clock().now))
        db.session.commit()
    before = every_row(app)
    gone = delete(client)
    assert gone.status_code == 303 and gone.headers["Location"] == "/"
    assert "quizapp_device=;" in gone.headers.get("Set-Cookie", "")  # this browser no longer trusted for the name
    assert "Votre compte et toutes vos données ont été supprimés." in client.get("/").get_data(as_text=True)
    assert not signed_in(client)
    after = every_row(app)

    def alices(table: str, row: tuple[Any, ...], names: list[str]) -> bool:
        values = dict(zip(names, row, strict=True))
        return (
            values.get("user_id") == alice
            or values.get("attempt_id") == mine
            or (table == "users" and values["id"] == alice)
            or (table == "login_attempts" and values["username"] == "alice")
        )

    columns = column_names()
    for table in ("users", "attempts", "attempt_items", "answers", "card_states", "reviews", "story_points", "login_sessions"):
        assert any(alices(table, r, columns[table]) for r in before[table]), f"alice has nothing in {table}"
        assert any(not alices(table, r, columns[table]) for r in before[table]), f"bob has nothing in {table}"
    for table, rows in before.items():
        if table == "deck_versions":
            assert [r[:4] for r in after[table]] == [r[:4] for r in rows]
            continue
        kept = [r for r in rows if table not in columns or not alices(table, r, columns[table])]
        assert after[table] == kept, table
    with app.app_context():
        assert db.session.scalar(select(DeckVersion.uploaded_by)) is None
    assert signed_in(bob)
    assert login(app.test_client(), "alice").status_code == 400
    assert register(app.test_client(), "alice").status_code == 302  # the name is free again


def column_names() -> dict[str, list[str]]:
    return {table.name: [c.name for c in table.columns] for table in db.metadata.sorted_tables}


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("not my password", True, "Mot de passe actuel incorrect."),
        (PASSWORD, False, "Cochez la case pour confirmer la suppression."),
        ("", True, "Ce champ est requis."),
    ],
)
def test_a_refused_deletion_changes_nothing(app: Flask, client: FlaskClient, password: str, confirm: bool, message: str) -> None:
    fill(app, client, "alice")
    before = every_row(app)
    refused = delete(client, password, confirm)
    assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    after = every_row(app)
    if password == "not my password":  # the wrong password is recorded, as a failed log-in is
        assert len(after.pop("login_attempts")) == len(before.pop("login_attempts")) + 1
    assert after == before and signed_in(client)


def test_the_last_admin_cannot_delete_themselves(app: Flask) -> None:
    boss = client_with_role(app, "boss", "admin")
    before = every_row(app)
    refused = delete(boss)
    assert refused.status_code == 400
    assert "Vous êtes le dernier administrateur" in refused.get_data(as_text=True)
    assert every_row(app) == before and signed_in(boss)  # not even the password check is kept: one transaction
    second = client_with_role(app, "deputy", "admin")
    assert delete(boss).status_code == 303
    assert delete(second).status_code == 400  # now the last one
    with app.app_context():
        assert list(db.session.scalars(select(User.username))) == ["deputy"]


# --- the rules every account form follows ----------------------------------------------------------

POSTS = {
    "/compte/mot-de-passe": {"pw-current": PASSWORD, "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD},
    "/compte/suppression": {"del-current": PASSWORD, "del-confirm": "y"},
    "/compte/fuseau": {"tz-time_zone": "Asia/Tokyo"},
}


@pytest.mark.parametrize("path", POSTS)
def test_account_forms_need_the_csrf_token(tmp_path: Any, clock: Clock, path: str) -> None:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = csrf_token(client)
    client.post("/compte/inscription", data={"username": "alice", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token})
    assert signed_in(client)
    before = every_row(app)
    refused = client.post(path, data=POSTS[path])
    assert refused.status_code == 400 and "jeton de sécurité" in refused.get_data(as_text=True)
    assert every_row(app) == before
    prefix = next(iter(POSTS[path])).split("-")[0]
    page = client.get("/compte/").get_data(as_text=True)
    own = page.split(f'name="{prefix}-csrf_token" type="hidden" value="')[1].split('"')[0]
    accepted = client.post(path, data={**POSTS[path], f"{prefix}-csrf_token": own})
    assert accepted.status_code == 303


@pytest.mark.parametrize("path", POSTS)
def test_account_forms_change_nothing_on_get_and_need_a_session(app: Flask, client: FlaskClient, path: str) -> None:
    assert client.post(path, data=POSTS[path]).headers["Location"].startswith("/compte/connexion")
    register(client, "alice")
    assert client.get(path).status_code == 405


def test_the_account_page_offers_every_action_with_no_id_twice(logged_in: FlaskClient) -> None:
    page = logged_in.get("/compte/").get_data(as_text=True)
    for text in ("Changer le mot de passe", "Télécharger mes données", "Supprimer mon compte", "Se déconnecter partout"):
        assert text in page
    assert page.count('id="') == len(set(part.split('"')[0] for part in page.split('id="')[1:]))  # no id twice
    assert '<option selected value="Europe/Paris">Europe/Paris</option>' in page


def test_attempt_counts_are_unchanged_by_someone_elses_deletion(app: Flask, client: FlaskClient) -> None:
    bob = app.test_client()
    bobs = fill(app, bob, "bob")
    fill(app, client, "alice")
    assert delete(client).status_code == 303
    assert count(app, model=Attempt) == 1 and count(app, Answer.attempt_id == bobs, model=Answer) == 3
    assert count(app, model=StoryPoint) == 1


def test_the_learners_day_starts_at_midnight_in_their_zone(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    from .test_study import next_card, rate, summary

    assert logged_in.post("/reviser/reglages", data={"new_per_day": "2"}).status_code == 303
    assert logged_in.post("/compte/fuseau", data={"tz-time_zone": "America/New_York"}).status_code == 303
    for _ in range(2):
        card_id = next_card(logged_in)
        assert card_id is not None and rate(logged_in, card_id, 4) == 303
    clock.now = dt.datetime(2026, 11, 26, 23, 30, tzinfo=dt.UTC)  # 18:30 in New York, 00:30 the next day in Paris
    assert summary(logged_in)["new-left"] == "0"
    assert logged_in.post("/compte/fuseau", data={"tz-time_zone": "Europe/Paris"}).status_code == 303
    assert summary(logged_in)["new-left"] == "2"
