"""Real servers for the tests that need processes: `quizapp serve` (gunicorn) started as an operator
would, and a small HTTP client that keeps its cookies and finds the forms' CSRF tokens."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

PASSWORD = "correct horse battery"
# Light hashing and no per-address limit: the tests register many accounts from 127.0.0.1.
LIGHT = {
    "QUIZAPP_ARGON2_TIME_COST": "1",
    "QUIZAPP_ARGON2_MEMORY_KIB": "8",
    "QUIZAPP_ARGON2_PARALLELISM": "1",
    "QUIZAPP_REGISTER_MAX_PER_ADDRESS": "1000",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`quizapp serve` on a port of its own, its instance folder, a shared database and secret key."""

    def __init__(self, instance: Path, database: str, workers: int = 2, *options: str, **settings: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
        env.update(LIGHT, QUIZAPP_SECRET_KEY="shared by every server")
        env.update(settings)  # an empty value unsets one
        command = ["serve", "--port", str(self.port), "--workers", str(workers), "--instance", str(instance)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quizapp.cli", *command, "--database", database, *options],
            env={k: v for k, v in env.items() if v},
            stdout=subprocess.PIPE,  # what `quizapp serve` says before gunicorn starts (a few lines)
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: gunicorn's master and workers, killed together
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/", timeout=5):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"quizapp serve on {self.port} did not start") from None
                time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: no shutdown, no flush."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.communicate(timeout=10)

    def stop(self) -> str:
        """Stop it; what it printed."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        out, _ = self.process.communicate(timeout=30)
        return out.decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """A visitor: cookies kept, redirects not followed, the CSRF token read from a form page."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.token = ""

    def on(self, base: str) -> Browser:
        """The same browser (same cookies) pointed at another server."""
        other = Browser(base)
        other.jar, other.token = self.jar, self.token
        other.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        return other

    def request(self, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, str, str]:
        """Status, Location header and body text."""
        request = urllib.request.Request(self.base + path, body, {"Content-Type": content_type} if content_type else {})
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, r.headers.get("Location", ""), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location", ""), e.read().decode()

    def get(self, path: str) -> tuple[int, str, str]:
        status, location, text = self.request(path)
        if found := TOKEN.search(text):
            self.token = found.group(1)
        return status, location, text

    def post(self, path: str, data: dict[str, Any]) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrf_token": self.token}, doseq=True).encode()
        status, location, _ = self.request(path, body, "application/x-www-form-urlencoded")
        return status, location

    def sign_up(self, name: str) -> None:
        self.get("/compte/inscription")
        assert self.post("/compte/inscription", {"username": name, "password": PASSWORD, "confirm": PASSWORD})[0] == 302

    def sign_in(self, name: str) -> None:
        self.get("/compte/connexion")
        assert self.post("/compte/connexion", {"username": name, "password": PASSWORD})[0] == 302

    def start_quiz(self, count: int = 20, deck: str = "openai-saga") -> int:
        self.get("/quiz/")
        kinds = ["replaced", "date", "quote", "role", "figure", "actor", "truefalse"]
        status, location = self.post("/quiz/", {"deck": deck, "count": str(count), "mode": "practice", "kinds": kinds})
        assert status == 303, status
        return int(location.split("/")[2])

    def upload(self, filename: str, data: bytes) -> int:
        boundary = "quizapp-test-boundary"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{self.token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                "Content-Type: application/x-yaml\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request("/auteur/deposer", body, f"multipart/form-data; boundary={boundary}")[0]
