"""`quizapp serve`, the README's run command: a real gunicorn serving the saga on its defaults."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.sqlite_only("the README's defaults: a SQLite file in the instance folder")
def test_serve_runs_gunicorn_with_the_saga(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("QUIZAPP_INSTANCE", "QUIZAPP_SQLALCHEMY_DATABASE_URI")}
    instance = (tmp_path / "instance").resolve()
    server = subprocess.Popen(
        [sys.executable, "-m", "quizapp.cli", "serve", "--port", str(port), "--instance", str(instance)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        body = None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    body = response.read().decode()
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the server did not answer"
        assert "OpenAI, novembre 2023" in body
        assert (tmp_path / "instance" / "quizapp.sqlite").exists()
    finally:
        server.terminate()
        output = server.communicate(timeout=15)[0]
    assert "gunicorn" in output.lower() and "Booting worker" in output
    assert f"dossier d'instance : {instance}\n" in output  # said before anything else happens
    assert f"base : sqlite:///{instance / 'quizapp.sqlite'}\n" in output
