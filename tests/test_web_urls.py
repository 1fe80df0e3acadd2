"""Tampered URLs: ids too large for SQLite, and `next` targets that would leave the site or break a header."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from quizapp.urls import MAX_ID, IdConverter, local_target

from .conftest import PASSWORD, client_with_role, register, start_quiz

HUGE = [str(MAX_ID + 1), str(2**64), "9" * 40]
ID_ROUTES = [
    ("GET", "/quiz/{n}/1"),
    ("POST", "/quiz/{n}/1"),
    ("GET", "/quiz/{a}/{n}"),
    ("POST", "/quiz/{a}/{n}"),
    ("GET", "/quiz/{n}/resultat"),
    ("POST", "/quiz/{n}/rejouer"),
    ("GET", "/scores/{n}"),
    ("GET", "/admin/utilisateurs/{n}"),
    ("GET", "/admin/utilisateurs/{n}/quiz/{a}"),
    ("GET", "/admin/utilisateurs/1/quiz/{n}"),
    ("GET", "/admin/utilisateurs/{n}/role"),
    ("POST", "/signaler/quiz/{n}/1"),
    ("POST", "/signaler/quiz/{a}/{n}"),
    ("POST", "/auteur/signalements/{n}/resolu"),
    ("GET", "/classes/{n}"),
    ("POST", "/classes/{n}/devoirs"),
    ("GET", "/classes/{n}/scores.csv"),
    ("POST", "/classes/{n}/quitter"),
    ("POST", "/classes/devoirs/{n}/commencer"),
]


@pytest.fixture
def admin(app: Flask) -> tuple[FlaskClient, int]:
    client = client_with_role(app, "chef", "admin")
    return client, start_quiz(client)


@pytest.mark.parametrize(("method", "path"), ID_ROUTES)
def test_ids_out_of_range_are_404(admin: tuple[FlaskClient, int], method: str, path: str) -> None:
    client, attempt_id = admin
    for number in [*HUGE, "0", "-1", "01", "1.5", "١"]:
        response = client.open(path.format(n=number, a=attempt_id), method=method)
        assert response.status_code == 404, number
        assert "Cette page n&#39;existe pas" in response.get_data(as_text=True)


def test_the_largest_id_is_a_plain_404(admin: tuple[FlaskClient, int]) -> None:
    client, attempt_id = admin
    assert client.get(f"/quiz/{MAX_ID}/1").status_code == 404
    assert client.get(f"/quiz/{attempt_id}/1").status_code == 200


def test_every_numeric_path_argument_uses_the_bounded_converter(app: Flask) -> None:
    """A new route written with <int:...> would bring the overflow back."""
    converters = [(rule.rule, conv) for rule in app.url_map.iter_rules() for conv in rule._converters.values()]
    assert any(isinstance(conv, IdConverter) for _, conv in converters)
    assert not [rule for rule, conv in converters if isinstance(conv, IntegerConverter)]


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",
        "/%0a/evil.example",
        "/%0d/evil.example",
        "/%0d%0aSet-Cookie:%20x=1",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "%2F%2Fevil.example",
        "/%20/evil.example",
        "/%00/x",
        "/%C2%A0/evil.example",
        "scores",
    ],
)
def test_login_next_never_leaves_the_site(client: FlaskClient, target: str) -> None:
    register(client)
    client.post("/compte/deconnexion")
    response = client.post(f"/compte/connexion?next={target}", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(("target", "location"), [("/scores", "/scores"), ("/quiz/%3Fa%3D1", "/quiz/?a=1")])
def test_login_next_keeps_a_local_path(client: FlaskClient, target: str, location: str) -> None:
    register(client)
    client.post("/compte/deconnexion")
    response = client.post(f"/compte/connexion?next={target}", data={"username": "alice", "password": PASSWORD})
    assert response.headers["Location"] == location


BROWSER_STRIPPED = "\t\n\r"


@given(st.text(max_size=40) | st.from_regex(r"\A[/\\\t\n\r ]{1,4}[a-z.:]{0,12}\Z"))
def test_local_target_is_a_path_on_this_site_as_a_browser_reads_it(target: str) -> None:
    """Whatever comes in, what comes out, read the way a browser reads a Location (tabs and line
    breaks dropped, backslashes taken for slashes), is a path on this host."""
    kept = local_target(target)
    if kept is None:
        return
    assert kept == target
    as_read = "".join(ch for ch in kept if ch not in BROWSER_STRIPPED).replace("\\", "/").strip()
    parts = urlsplit(as_read)
    assert as_read.startswith("/") and not as_read.startswith("//")
    assert not parts.scheme and not parts.netloc
