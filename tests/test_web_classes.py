"""Classes: a teacher creates one and gets a code; learners join with it (wrong codes throttled) and
leave; the teacher sees members' scores and sets quizzes with a due date; members start them from
the class; CSV export; another teacher's class is 404."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Assignment, AssignmentAttempt, ClassMember, SchoolClass, User
from quizapp.paging import PER_PAGE
from quizapp.roles import Role
from quizapp.services import accounts, classes

from .conftest import PASSWORD, Clock, client_with_role, make_app, register
from .webhelpers import csrf_token, every_row, form_for, snapshot

TASK = {"deck": "openai-saga", "count": "5", "kinds": ["authored"], "mode": "practice", "due": "2026-12-01"}


def create_class(teacher: FlaskClient, name: str = "3e B") -> tuple[int, str]:
    response = teacher.post("/classes/creer", data={"name": name})
    assert response.status_code == 303, response.get_data(as_text=True)
    class_id = int(response.headers["Location"].rsplit("/", 1)[1])
    code = re.search(r'id="join-code">([A-Z0-9]+)<', teacher.get(f"/classes/{class_id}").get_data(as_text=True))
    assert code
    return class_id, code.group(1)


def learner(app: Flask, name: str) -> FlaskClient:
    client = app.test_client()
    assert register(client, name).status_code == 302
    return client


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    return client_with_role(app, "prof", "teacher")


def test_join_codes_are_random_from_an_unambiguous_alphabet(app: Flask, teacher: FlaskClient) -> None:
    codes = {create_class(teacher, f"classe {n}")[1] for n in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert len(code) == classes.CODE_LENGTH and set(code) <= set(classes.CODE_ALPHABET)
    assert not set("0O1IL") & set(classes.CODE_ALPHABET)
    flashed = teacher.get("/classes/").get_data(as_text=True)
    assert all(code in flashed for code in codes)


def test_a_taken_code_is_drawn_again(app: Flask, teacher: FlaskClient, clock: Clock) -> None:
    draws = iter("A" * 8 + "A" * 8 + "B" * 8)
    with app.app_context():
        first = classes.create(1, "un", clock.now, choose=lambda _: next(draws))
        second = classes.create(1, "deux", clock.now, choose=lambda _: next(draws))
        assert (first.code, second.code) == ("AAAAAAAA", "BBBBBBBB")


def test_learner_joins_with_the_code_sees_assignment_does_it_and_teacher_sees_it(app: Flask, teacher: FlaskClient) -> None:
    class_id, code = create_class(teacher)
    assert teacher.post(f"/classes/{class_id}/devoirs", data=TASK).status_code == 303
    alice = learner(app, "alice")
    joined = alice.post("/classes/rejoindre", data={"code": f" {code[:4].lower()}-{code[4:]} "})
    assert joined.status_code == 303
    page = alice.get("/classes/").get_data(as_text=True)
    assert "Vous avez rejoint la classe « 3e B »" in page
    assert "à faire pour le 01/12/2026" in page and "Commencer ce quiz" in page
    [task_id] = re.findall(r'action="/classes/devoirs/(\d+)/commencer"', page)
    started = alice.post(f"/classes/devoirs/{task_id}/commencer")
    assert started.status_code == 303
    attempt_id = int(started.headers["Location"].split("/")[2])
    with app.app_context():
        link = db.session.scalar(select(AssignmentAttempt))
        assert link is not None and (link.attempt_id, link.assignment_id) == (attempt_id, int(task_id))
    assert snapshot(app, attempt_id, 1)["kind"] == "authored"
    teacher_page = teacher.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "Fait : 0 / 1" in teacher_page and "Commencé : alice" in teacher_page
    for position in range(1, 6):
        alice.post(f"/quiz/{attempt_id}/{position}", data=form_for(snapshot(app, attempt_id, position), right=position != 1))
    assert "fait (80 %)" in alice.get("/classes/").get_data(as_text=True)
    teacher_page = teacher.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "Fait : 1 / 1 — alice (80 %)" in teacher_page
    assert "<td>alice</td>\n        <td>1</td>\n        <td>80 %</td>" in teacher_page
    assert 'id="class-item-stats"' in teacher_page


def test_members_scores_are_only_the_members(app: Flask, teacher: FlaskClient) -> None:
    class_id, code = create_class(teacher)
    learner(app, "outsider")
    alice = learner(app, "alice")
    alice.post("/classes/rejoindre", data={"code": code})
    page = teacher.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "<td>alice</td>" in page and "outsider" not in page and "Élèves (1)" in page


def test_wrong_code_is_a_clear_error_and_is_throttled(app: Flask, teacher: FlaskClient, clock: Clock) -> None:
    _, code = create_class(teacher)
    alice = learner(app, "alice")
    wrong = alice.post("/classes/rejoindre", data={"code": "ZZZZZZZZ" if code != "ZZZZZZZZ" else "YYYYYYYY"})
    assert wrong.status_code == 400
    assert str(escape("Aucune classe n'a ce code")) in wrong.get_data(as_text=True)
    for _ in range(classes.JOIN_FAILURES - 1):
        assert alice.post("/classes/rejoindre", data={"code": "22222222"}).status_code == 400
    held = alice.post("/classes/rejoindre", data={"code": code})  # even the right code waits now
    assert held.status_code == 429 and "Trop de codes erronés" in held.get_data(as_text=True)
    assert count(app, ClassMember) == 0
    clock.advance(hours=1, seconds=1)
    assert alice.post("/classes/rejoindre", data={"code": code}).status_code == 303
    assert count(app, ClassMember) == 1


@pytest.mark.parametrize("code", ["", "x" * 33])
def test_empty_or_oversized_code(app: Flask, teacher: FlaskClient, code: str) -> None:
    response = learner(app, "alice").post("/classes/rejoindre", data={"code": code})
    assert response.status_code == 400 and count(app, ClassMember) == 0


def test_joining_twice_or_ones_own_class_is_refused(app: Flask, teacher: FlaskClient) -> None:
    _, code = create_class(teacher)
    own = teacher.post("/classes/rejoindre", data={"code": code})
    assert own.status_code == 400 and "votre propre classe" in own.get_data(as_text=True)
    alice = learner(app, "alice")
    assert alice.post("/classes/rejoindre", data={"code": code}).status_code == 303
    again = alice.post("/classes/rejoindre", data={"code": code})
    assert again.status_code == 400 and "déjà dans la classe" in again.get_data(as_text=True)
    assert count(app, ClassMember) == 1


def test_leaving_a_class(app: Flask, teacher: FlaskClient) -> None:
    class_id, code = create_class(teacher)
    assert teacher.post(f"/classes/{class_id}/devoirs", data=TASK).status_code == 303
    alice = learner(app, "alice")
    alice.post("/classes/rejoindre", data={"code": code})
    assert alice.post(f"/classes/{class_id}/quitter").status_code == 303
    assert "Vous n'êtes dans aucune classe" in alice.get("/classes/").get_data(as_text=True)
    assert alice.post(f"/classes/{class_id}/quitter").status_code == 404
    assert alice.post("/classes/devoirs/1/commencer").status_code == 404  # no longer a member
    assert "Élèves (0)" in teacher.get(f"/classes/{class_id}").get_data(as_text=True)


def test_another_teachers_class_is_404(app: Flask, teacher: FlaskClient) -> None:
    class_id, code = create_class(teacher)
    other = client_with_role(app, "autreprof", "teacher")
    for response in (
        other.get(f"/classes/{class_id}"),
        other.get(f"/classes/{class_id}/scores.csv"),
        other.post(f"/classes/{class_id}/devoirs", data=TASK),
    ):
        assert response.status_code == 404
    assert count(app, Assignment) == 0
    assert code not in other.get("/classes/").get_data(as_text=True)


def test_a_non_members_assignment_is_404(app: Flask, teacher: FlaskClient) -> None:
    class_id, _ = create_class(teacher)
    teacher.post(f"/classes/{class_id}/devoirs", data=TASK)
    assert learner(app, "mallory").post("/classes/devoirs/1/commencer").status_code == 404
    assert count(app, AssignmentAttempt) == 0


def test_learners_cannot_create_classes_or_open_class_pages(app: Flask) -> None:
    alice = learner(app, "alice")
    page = alice.get("/classes/").get_data(as_text=True)
    assert "Rejoindre une classe" in page and "Créer une classe" not in page
    refused = alice.post("/classes/creer", data={"name": "pirate"})
    assert refused.status_code == 403 and "réservée aux enseignants" in refused.get_data(as_text=True)
    assert alice.get("/classes/1").status_code == 403
    assert count(app, SchoolClass) == 0


@pytest.mark.parametrize("role", ["author", "admin"])
def test_authors_and_admins_also_teach(app: Flask, role: str) -> None:
    create_class(client_with_role(app, f"u-{role}", role))


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"due": "2026-11-01"}, "déjà passée"),
        ({"due": "9999-12-31"}, "dans les deux ans"),
        ({"due": "2029-01-01"}, "dans les deux ans"),
        ({"due": ""}, "Choisissez une date"),
        ({"deck": "inconnu"}, ""),
        ({"kinds": []}, "Choisissez au moins un type"),
        ({"count": "7"}, ""),
        ({"mode": "triche"}, ""),
    ],
)
def test_bad_assignments_are_refused(app: Flask, teacher: FlaskClient, changes: dict[str, object], said: str) -> None:
    teacher.post("/compte/fuseau", data={"tz-time_zone": "America/New_York"})  # west of UTC: the far date overflowed there
    class_id, _ = create_class(teacher)
    response = teacher.post(f"/classes/{class_id}/devoirs", data={**TASK, **changes})
    assert response.status_code == 400
    if said:
        assert str(escape(said)) in response.get_data(as_text=True)
    assert count(app, Assignment) == 0


def test_empty_or_oversized_class_name(app: Flask, teacher: FlaskClient) -> None:
    assert teacher.post("/classes/creer", data={"name": "  "}).status_code == 400
    assert teacher.post("/classes/creer", data={"name": "x" * 81}).status_code == 400
    assert count(app, SchoolClass) == 0


def test_csv_export_escapes_formulas(app: Flask, teacher: FlaskClient) -> None:
    class_id, code = create_class(teacher)
    teacher.post(f"/classes/{class_id}/devoirs", data=TASK)
    alice = learner(app, "alice")
    alice.post("/classes/rejoindre", data={"code": code})
    response = teacher.get(f"/classes/{class_id}/scores.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["identifiant", "quiz", "score moyen (%)", "dernière activité (fuseau Europe/Paris)"]
    assert rows[1] == ["alice", "0", "", "", ""]
    assert rows[0][4].startswith("OpenAI") and rows[0][4].endswith("pour le 2026-12-01")
    started = alice.post("/classes/devoirs/1/commencer")
    attempt_id = int(started.headers["Location"].split("/")[2])
    for position in range(1, 6):
        alice.post(f"/quiz/{attempt_id}/{position}", data=form_for(snapshot(app, attempt_id, position), right=position > 2))
    rows = list(csv.reader(io.StringIO(teacher.get(f"/classes/{class_id}/scores.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1] == ["alice", "1", "60", "2026-11-26 10:00", "60"]  # 09:00 UTC, the teacher's Paris time
    with app.app_context():  # a deck title is the author's text: it could start like a formula
        found = db.session.get(SchoolClass, class_id)
        assert found is not None
        hostile = classes.scores_csv(found, {"openai-saga": '=HYPERLINK("http://evil.example")'}, "Europe/Paris")
    assert next(csv.reader(io.StringIO(hostile)))[4].startswith("'=HYPERLINK(")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_csv_cells_that_look_like_formulas_are_prefixed(value: str) -> None:
    assert classes._cell(value) == "'" + value
    assert classes._cell("alice") == "alice" and classes._cell(12) == "12"


def test_class_forms_need_the_csrf_token(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = csrf_token(client)
    client.post("/compte/inscription", data={"username": "alice", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token})
    assert client.post("/classes/rejoindre", data={"code": "ABCDEFGH"}).status_code == 400
    token = csrf_token(client, "/classes/")
    response = client.post("/classes/rejoindre", data={"code": "ABCDEFGH", "csrf_token": token})
    assert "Aucune classe n&#39;a ce code" in response.get_data(as_text=True)  # past the token, to the code


def _quiz(app: Flask, client: FlaskClient, right: int) -> None:
    """A 5-question quiz of hand-written questions on the saga, the first `right` answered right."""
    started = client.post("/quiz/", data={"deck": "openai-saga", "count": "5", "kinds": ["authored"], "mode": "exam"})
    assert started.status_code == 303, started.get_data(as_text=True)
    attempt_id = int(started.headers["Location"].split("/")[2])
    for position in range(1, 6):
        client.post(f"/quiz/{attempt_id}/{position}", data=form_for(snapshot(app, attempt_id, position), right=position <= right))


def test_class_item_statistics_count_only_the_members_quizzes(app: Flask, teacher: FlaskClient) -> None:
    class_id, code = create_class(teacher)
    alice, outsider = learner(app, "alice"), learner(app, "outsider")
    alice.post("/classes/rejoindre", data={"code": code})
    _quiz(app, alice, right=5)
    _quiz(app, outsider, right=0)
    page = teacher.get(f"/classes/{class_id}").get_data(as_text=True)
    assert f'href="/classes/{class_id}/statistiques/openai-saga"' in page
    stats = teacher.get(f"/classes/{class_id}/statistiques/openai-saga").get_data(as_text=True)
    answers = [int(n) for n in re.findall(r"<td>(\d+)</td>\n        <td>[^<]*%</td>", stats)]
    # alice's five answers only, all right: every row says 1 answer at 100 %; the outsider's wrong ones are not there
    assert len(answers) == 5 and set(answers) == {1}
    assert stats.count("<td>100 %</td>") == 5 and "<td>0 %</td>" not in stats
    assert teacher.get(f"/classes/{class_id}/statistiques/pas-un-deck").status_code == 404
    other = client_with_role(app, "autre-prof", "teacher")
    assert other.get(f"/classes/{class_id}/statistiques/openai-saga").status_code == 404


def test_csv_times_are_the_teachers_time_zone_and_say_so(app: Flask, teacher: FlaskClient, clock: Clock) -> None:
    assert teacher.post("/compte/fuseau", data={"tz-time_zone": "America/New_York"}).status_code in (302, 303)
    class_id, code = create_class(teacher)
    assert teacher.post(f"/classes/{class_id}/devoirs", data=TASK).status_code == 303
    with app.app_context():
        due = db.session.scalar(select(Assignment.due_at))
    assert due is not None and due.date().isoformat() == "2026-12-02"  # 23:59 in New York is the next day in UTC
    alice = learner(app, "alice")
    alice.post("/classes/rejoindre", data={"code": code})
    _quiz(app, alice, right=5)  # at 09:00 UTC: 04:00 in New York
    rows = list(csv.reader(io.StringIO(teacher.get(f"/classes/{class_id}/scores.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][3] == "dernière activité (fuseau America/New_York)"
    assert rows[0][4].endswith("pour le 2026-12-01")  # the day the teacher chose, as the page shows it
    assert "à faire pour le 01/12/2026" in teacher.get(f"/classes/{class_id}").get_data(as_text=True)
    assert rows[1][:4] == ["alice", "1", "100", "2026-11-26 04:00"]


CLASS_TABLES = ("classes", "class_members", "assignments", "assignment_attempts", "attempts", "answers")


def class_rows(app: Flask) -> dict[str, list[tuple[object, ...]]]:
    """The rows a class action could change (the sessions' bookkeeping aside)."""
    rows = every_row(app)
    return {table: rows[table] for table in CLASS_TABLES}


def class_with_a_member_who_started(app: Flask, teacher: FlaskClient) -> tuple[int, FlaskClient, int]:
    """The teacher's class with one assignment, alice in it, her quiz started from the assignment."""
    class_id, code = create_class(teacher)
    assert teacher.post(f"/classes/{class_id}/devoirs", data=TASK).status_code == 303
    alice = learner(app, "alice")
    assert alice.post("/classes/rejoindre", data={"code": code}).status_code == 303
    started = alice.post("/classes/devoirs/1/commencer")
    attempt_id = int(started.headers["Location"].split("/")[2])
    alice.post(f"/quiz/{attempt_id}/1", data=form_for(snapshot(app, attempt_id, 1)))
    return class_id, alice, attempt_id


def test_a_teacher_deletes_a_class_after_a_confirmation_that_says_what_goes(app: Flask, teacher: FlaskClient) -> None:
    class_id, alice, attempt_id = class_with_a_member_who_started(app, teacher)
    assert f'href="/classes/{class_id}/supprimer"' in teacher.get(f"/classes/{class_id}").get_data(as_text=True)
    before = class_rows(app)
    page = teacher.get(f"/classes/{class_id}/supprimer")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Supprimer la classe « 3e B » ?" in text
    assert "1 élève n'en fera plus partie" in text and "son devoir, et le suivi de qui l'a fait" in text
    assert "Les quiz et les réponses des élèves restent les leurs" in text
    assert class_rows(app) == before  # the confirmation page changes nothing

    unconfirmed = teacher.post(f"/classes/{class_id}/supprimer", data={})
    assert unconfirmed.status_code == 400 and "Cochez la case" in unconfirmed.get_data(as_text=True)
    assert class_rows(app) == before

    deleted = teacher.post(f"/classes/{class_id}/supprimer", data={"confirm": "y"})
    assert deleted.status_code == 303 and deleted.headers["Location"] == "/classes/"
    flashed = teacher.get("/classes/").get_data(as_text=True)
    assert "Classe « 3e B » supprimée (devoirs supprimés : 1 ; élèves retirés : 1)" in flashed
    assert "Aucune pour l'instant" in flashed
    after = class_rows(app)
    assert not after["classes"] and not after["class_members"] and not after["assignments"] and not after["assignment_attempts"]
    assert after["attempts"] == before["attempts"] and after["answers"] == before["answers"]  # the learner's own
    assert teacher.get(f"/classes/{class_id}").status_code == 404
    assert teacher.get(f"/classes/{class_id}/supprimer").status_code == 404
    assert "Vous n'êtes dans aucune classe" in alice.get("/classes/").get_data(as_text=True)
    assert alice.get(f"/quiz/{attempt_id}/2").status_code == 200  # her quiz goes on, outside the class


def test_a_teacher_removes_a_member_who_may_come_back_with_the_code(app: Flask, teacher: FlaskClient) -> None:
    class_id, alice, _ = class_with_a_member_who_started(app, teacher)
    bob = learner(app, "bob")
    code = re.search(r'id="join-code">([A-Z0-9]+)<', teacher.get(f"/classes/{class_id}").get_data(as_text=True))
    assert code and bob.post("/classes/rejoindre", data={"code": code.group(1)}).status_code == 303
    with app.app_context():
        alice_id = db.session.scalar(select(ClassMember.user_id).order_by(ClassMember.id))
    page = teacher.get(f"/classes/{class_id}").get_data(as_text=True)
    assert f'action="/classes/{class_id}/eleves/{alice_id}/retirer"' in page
    assert '<span class="visually-hidden"> alice de la classe</span>' in page
    attempts = class_rows(app)["attempts"]

    removed = teacher.post(f"/classes/{class_id}/eleves/{alice_id}/retirer")
    assert removed.status_code == 303 and removed.headers["Location"] == f"/classes/{class_id}"
    page = teacher.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "alice ne fait plus partie de la classe « 3e B »" in page and "Élèves (1)" in page and "<td>bob</td>" in page
    assert "Commencé : alice" not in page  # the roster is the members'
    assert class_rows(app)["attempts"] == attempts
    assert alice.post("/classes/devoirs/1/commencer").status_code == 404
    assert teacher.post(f"/classes/{class_id}/eleves/{alice_id}/retirer").status_code == 404  # no longer in it
    assert alice.post("/classes/rejoindre", data={"code": code.group(1)}).status_code == 303
    assert "Commencé : alice" in teacher.get(f"/classes/{class_id}").get_data(as_text=True)  # her go counts again


def test_no_one_acts_on_a_class_that_is_not_theirs(app: Flask, teacher: FlaskClient) -> None:
    class_id, alice, _ = class_with_a_member_who_started(app, teacher)
    with app.app_context():
        alice_id = db.session.scalar(select(ClassMember.user_id))
    other = client_with_role(app, "autreprof", "teacher")
    other_class, other_code = create_class(other, "4e A")
    bob = learner(app, "bob")
    bob.post("/classes/rejoindre", data={"code": other_code})
    with app.app_context():
        bob_id = db.session.scalar(select(ClassMember.user_id).where(ClassMember.class_id == other_class))
    before = class_rows(app)
    for response in (
        other.get(f"/classes/{class_id}/supprimer"),
        other.post(f"/classes/{class_id}/supprimer", data={"confirm": "y"}),
        other.post(f"/classes/{class_id}/eleves/{alice_id}/retirer"),
        other.post(f"/classes/{other_class}/eleves/{alice_id}/retirer"),  # one's own class, not one's member
        teacher.post(f"/classes/{class_id}/eleves/{bob_id}/retirer"),  # another class's member
        bob.post(f"/classes/{class_id}/quitter"),  # a class one is not in
    ):
        assert response.status_code == 404
    for response in (  # a learner is not a teacher at all
        alice.get(f"/classes/{class_id}/supprimer"),
        alice.post(f"/classes/{class_id}/supprimer", data={"confirm": "y"}),
        alice.post(f"/classes/{class_id}/eleves/{alice_id}/retirer"),
    ):
        assert response.status_code == 403
    assert class_rows(app) == before


@pytest.mark.parametrize("action", ["supprimer", "quitter", "eleves/{member}/retirer"])
def test_a_get_changes_nothing(app: Flask, teacher: FlaskClient, action: str) -> None:
    class_id, alice, _ = class_with_a_member_who_started(app, teacher)
    with app.app_context():
        member = db.session.scalar(select(ClassMember.user_id))
    before = class_rows(app)
    url = f"/classes/{class_id}/{action.format(member=member)}"
    for client in (teacher, alice):
        assert client.get(url).status_code in (200, 403, 405)
    assert class_rows(app) == before


def test_class_actions_need_the_csrf_token(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True)
    with app.app_context():
        teacher_id = accounts.register("prof", PASSWORD, clock.now, role=Role.TEACHER).id
        alice_id = accounts.register("alice", PASSWORD, clock.now).id
        made = classes.create(teacher_id, "3e B", clock.now)
        classes.join(alice_id, made.code, clock.now)
        class_id = made.id
    teacher, alice = app.test_client(), app.test_client()
    for client, name in ((teacher, "prof"), (alice, "alice")):
        data = {"username": name, "password": PASSWORD, "csrf_token": csrf_token(client, "/compte/connexion")}
        assert client.post("/compte/connexion", data=data).status_code == 302
    before = class_rows(app)
    other_session = csrf_token(app.test_client())
    for client, url, data in (
        (teacher, f"/classes/{class_id}/supprimer", {"confirm": "y"}),
        (teacher, f"/classes/{class_id}/eleves/{alice_id}/retirer", {}),
        (alice, f"/classes/{class_id}/quitter", {}),
    ):
        for token in (None, "forged", other_session):
            sent = data if token is None else {**data, "csrf_token": token}
            assert client.post(url, data=sent).status_code == 400, (url, token)
    assert class_rows(app) == before
    token = csrf_token(teacher, f"/classes/{class_id}/supprimer")
    assert teacher.post(f"/classes/{class_id}/supprimer", data={"confirm": "y", "csrf_token": token}).status_code == 303
    assert not class_rows(app)["classes"]


def add_users(app: Flask, names: list[str]) -> list[int]:
    """Accounts made straight in the database (no one signs in as them: no password to hash)."""
    with app.app_context():
        made = [User(username=name, password_hash="-", created_at=Clock().now) for name in names]
        db.session.add_all(made)
        db.session.commit()
        return [user.id for user in made]


def test_a_teachers_classes_and_a_learners_classes_come_50_a_page(app: Flask, teacher: FlaskClient, clock: Clock) -> None:
    with app.app_context():
        teacher_id = db.session.scalar(select(User.id).where(User.username == "prof"))
        assert teacher_id is not None
        made = [classes.create(teacher_id, f"classe {n:02d}", clock.now) for n in range(PER_PAGE + 1)]
        codes = [c.code for c in made]
    first = teacher.get("/classes/").get_data(as_text=True)
    assert codes[0] in first and codes[-1] not in first
    assert 'aria-label="Pages des classes que j&#39;enseigne"' in first and "Page 1 sur 2 (51 en tout)" in first
    second = teacher.get("/classes/?enseignees=2").get_data(as_text=True)
    assert codes[-1] in second and codes[0] not in second
    alice = learner(app, "alice")
    with app.app_context():
        alice_id = db.session.scalar(select(User.id).where(User.username == "alice"))
        assert alice_id is not None
        for code in codes:
            classes.join(alice_id, code, clock.now)
    mine = alice.get("/classes/").get_data(as_text=True)
    assert "<h2>classe 00</h2>" in mine and "<h2>classe 50</h2>" not in mine
    assert 'aria-label="Pages de mes classes"' in mine and 'href="/classes/?page=2"' in mine
    assert "<h2>classe 50</h2>" in alice.get("/classes/?page=2").get_data(as_text=True)
    assert "<h2>classe 50</h2>" in alice.get("/classes/?page=999").get_data(as_text=True)  # past the end: the last page


def test_a_class_members_and_assignments_come_50_a_page(app: Flask, teacher: FlaskClient, clock: Clock) -> None:
    class_id, _ = create_class(teacher)
    ids = add_users(app, [f"eleve{n:02d}" for n in range(PER_PAGE + 1)])
    with app.app_context():
        db.session.add_all(ClassMember(class_id=class_id, user_id=user_id, joined_at=clock.now) for user_id in ids)
        settings = {"deck": "openai-saga", "count": 5, "kinds": ["quote"], "mode": "practice", "point": None}
        db.session.add_all(
            Assignment(class_id=class_id, settings=settings, due_at=clock.now + dt.timedelta(days=n + 1), created_at=clock.now)
            for n in range(PER_PAGE + 1)
        )
        db.session.commit()
    page = teacher.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "Élèves (51)" in page and "<td>eleve00</td>" in page and "<td>eleve50</td>" not in page
    assert "Devoirs (51)" in page and "pour le 27/11/2026" in page and "pour le 16/01/2027" not in page
    assert 'aria-label="Pages des élèves"' in page and 'aria-label="Pages des devoirs"' in page
    assert page.count("Fait : 0 / 51") == PER_PAGE
    both = teacher.get(f"/classes/{class_id}?page=2&devoirs=2").get_data(as_text=True)
    assert "<td>eleve50</td>" in both and "<td>eleve00</td>" not in both
    assert "pour le 16/01/2027" in both and "pour le 27/11/2026" not in both
    assert f'href="/classes/{class_id}?devoirs=2&amp;page=1"' in both  # each pager keeps the other list's page
    assert f'href="/classes/{class_id}?page=2&amp;devoirs=1"' in both


@pytest.mark.sqlite_only("reads SQLite's own statement trace (the statements are the same Core ones on PostgreSQL)")
def test_a_learners_classes_page_reads_the_assignments_in_one_query(
    app: Flask, teacher: FlaskClient, clock: Clock, statements: list[str]
) -> None:
    made = [create_class(teacher, f"classe {n}") for n in range(3)]
    for class_id, _ in made:
        for _ in range(2):
            assert teacher.post(f"/classes/{class_id}/devoirs", data=TASK).status_code == 303
    alice = learner(app, "alice")

    def selects() -> list[str]:
        statements.clear()
        page = alice.get("/classes/")
        assert page.status_code == 200
        return [s for s in statements if s.lstrip().upper().startswith("SELECT")]

    alice.post("/classes/rejoindre", data={"code": made[0][1]})
    one = selects()
    for _, code in made[1:]:
        alice.post("/classes/rejoindre", data={"code": code})
    three = selects()
    assert len(three) == len(one), three
    assert len([s for s in three if "FROM assignments" in s]) == 1, three
    assert alice.get("/classes/").get_data(as_text=True).count("Commencer ce quiz") == 6
