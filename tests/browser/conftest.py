"""A real browser (Debian's Chromium through Playwright) against the app on a real WSGI server."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from ..conftest import Clock, make_app

CHROMIUM = os.environ.get("QUIZAPP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = _unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot be skipped in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_app(tmp_path: Path) -> Flask:
    return make_app(tmp_path, Clock(), RANDOM_SEED=None)


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def page(browser: object, live_server: str) -> Iterator[object]:
    context = browser.new_context(base_url=live_server, locale="fr-FR")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


PASSWORD = "correct horse battery"


def sign_up(page: object, username: str) -> None:
    """Create an account through the form, as a visitor would."""
    from playwright.sync_api import expect  # imported where used, like the browser fixture's import

    page.goto("/compte/inscription")  # type: ignore[attr-defined]
    page.get_by_label("Identifiant").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_label("Confirmer le mot de passe").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Créer mon compte").click()  # type: ignore[attr-defined]
    # Signed in once the menu offers to sign out: the form's POST and its redirect are over, so the
    # caller may navigate (a reload fired while the redirect is in flight fails in Chromium).
    expect(page.get_by_role("button", name=f"Se déconnecter ({username})")).to_be_visible()  # type: ignore[attr-defined]


def sign_in(page: object, username: str) -> None:
    """Log in through the form; returns once signed in."""
    from playwright.sync_api import expect

    page.goto("/compte/connexion")  # type: ignore[attr-defined]
    page.get_by_label("Identifiant").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Se connecter").click()  # type: ignore[attr-defined]
    expect(page.get_by_role("button", name=f"Se déconnecter ({username})")).to_be_visible()  # type: ignore[attr-defined]


WIDTHS = (1280, 390)  # a desktop and a phone (an iPhone 12-14 is 390 CSS pixels wide)
NARROW = 390


def axe_problems(page: object) -> list[str]:
    """Run axe-core (shipped inside the `axe-playwright-python` package: no CDN) on the page as it is,
    and describe every violation and every « needs review » result of the duplicate-id kind."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations", "incomplete"]}).response
    found = results["violations"] + [r for r in results["incomplete"] if r["id"].startswith("duplicate-id")]
    return [
        f"{r['id']} ({r.get('impact')}): {r['help']} — " + "; ".join(" ".join(n["target"]) for n in r["nodes"][:5]) for r in found
    ]


def assert_accessible(page: object) -> None:
    """Fail on any axe-core violation and on any « needs review » of duplicate ids."""
    problems = axe_problems(page)
    assert not problems, "\n".join(problems)


def scroll_width(page: object) -> int:
    """The page's width in CSS pixels: more than the viewport's means a horizontal scroll. Measured
    once the page and its stylesheet have loaded (a click's navigation may still be under way)."""
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    return int(page.evaluate("document.documentElement.scrollWidth"))  # type: ignore[attr-defined]


def start_practice_quiz(page: object) -> None:
    """From a signed-in page: a 5-question practice quiz, on its first question."""
    from playwright.sync_api import expect

    page.goto("/quiz/")  # type: ignore[attr-defined]
    page.get_by_label("5", exact=True).check()  # type: ignore[attr-defined]
    page.get_by_label("Entraînement : la correction après chaque question").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Commencer").click()  # type: ignore[attr-defined]
    expect(page.get_by_text("Question 1 sur 5")).to_be_visible()  # type: ignore[attr-defined]
