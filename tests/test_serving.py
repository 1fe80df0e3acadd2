"""`quizapp serve` in process: the app built once and handed to gunicorn preloaded, connections
given back before the fork, and the bounded queue answering 503 at once when a request waited too long."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

import quizapp
from quizapp import serving, workers
from quizapp.cli import main
from quizapp.extensions import db

from .databases import database_url
from .servers import free_port


def _hello(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


def _call(app: Any) -> tuple[str, dict[str, str], bytes]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}, start_response))
    return seen["status"], seen["headers"], body


@pytest.fixture
def queued_at() -> Any:
    yield serving._queued
    serving._queued.at = None


def test_a_request_that_waited_too_long_is_refused_at_once(queued_at: Any) -> None:
    guarded = serving.Admission(_hello, max_wait=0.5, retry_after=2)
    queued_at.at = time.monotonic() - 10  # queued ten seconds ago
    status, headers, body = _call(guarded)
    assert status.startswith("503") and headers["Retry-After"] == "2"
    assert "réessayez" in body.decode() and headers["Content-Length"] == str(len(body))


def test_a_request_in_time_or_from_another_server_goes_through(queued_at: Any) -> None:
    guarded = serving.Admission(_hello, max_wait=60)
    queued_at.at = time.monotonic()
    assert _call(guarded) == ("200 OK", {"Content-Type": "text/plain"}, b"hello")
    queued_at.at = None  # not under QueueWorker: nothing to go by
    assert _call(guarded)[0] == "200 OK"


def test_serve_builds_the_app_once_and_preloads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command_environment: None
) -> None:
    built: list[Flask] = []
    create_app = quizapp.create_app

    def counted(*args: Any, **kwargs: Any) -> Flask:
        built.append(create_app(*args, **kwargs))
        return built[-1]

    ran: list[workers.Gunicorn] = []
    monkeypatch.setattr(quizapp, "create_app", counted)
    monkeypatch.setattr(workers.Gunicorn, "run", lambda self: ran.append(self))
    options = ["--instance", str(tmp_path / "instance"), "--database", database_url(tmp_path), "--workers", "3", "--threads", "2"]
    result = CliRunner().invoke(main, ["serve", *options])
    assert result.exit_code == 0, result.output
    assert len(built) == 1 and len(ran) == 1
    server = ran[0]
    assert server.cfg.preload_app and server.cfg.workers == 3 and server.cfg.threads == 2
    assert server.cfg.worker_class is workers.QueueWorker
    served = server.load()
    assert isinstance(served, serving.Admission) and served.app is built[0]
    with built[0].app_context():
        connection = db.engine.connect()  # one connection in the pool, as after a request
        connection.close()
        assert db.engine.pool.checkedin() == 1
        server.cfg.pre_fork(None, None)  # what gunicorn calls before forking a worker
        assert db.engine.pool.checkedin() == 0


def test_one_thread_means_gunicorn_sync_workers_without_the_queue_bound() -> None:
    settings = serving.Settings(bind="127.0.0.1:0", threads=1)
    assert settings.gunicorn_options()["worker_class"] == "sync"
    assert serving.wrapped(Flask("x"), settings).__class__ is Flask


def test_gunicorn_run_by_hand_serves_quizapp_wsgi_preloaded(tmp_path: Path) -> None:
    """The documented command for those who run gunicorn themselves (docs/deployment.md)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env.update(QUIZAPP_INSTANCE=str(tmp_path / "instance"), QUIZAPP_SQLALCHEMY_DATABASE_URI=database_url(tmp_path))
    command = ["--preload", "--workers", "2", "--worker-class", "quizapp.workers.QueueWorker", "--threads", "4"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *command, "--bind", f"127.0.0.1:{port}", "quizapp.wsgi:app"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = None
        deadline = time.monotonic() + 60
        while body is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read().decode()
            except OSError:
                time.sleep(0.1)
        assert body is not None and "OpenAI, novembre 2023" in body
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    assert log.count("Booting worker") == 2 and "Traceback" not in log


def _stamped_connection(listener: socket.socket, request: bytes, wait: float) -> tuple[socket.socket, socket.socket, float]:
    """The client's side and the server's side of a connection accepted `wait` seconds after it sent
    `request`, and when it sent it. (The client stays open: its closing FIN would be merged into the
    request's buffer, and the buffer's stamp moved to the FIN's arrival.)"""
    client = socket.create_connection(listener.getsockname())
    client.sendall(request)
    sent = time.monotonic()
    time.sleep(wait)  # the request waits in the kernel: nobody has accepted its connection
    conn, _ = listener.accept()
    return client, conn, sent


def test_the_kernel_stamps_when_a_request_arrived_and_the_peek_leaves_it_in_place() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    workers.stamp_arrivals(listener)
    request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    with listener:
        # The kernel turns its receive stamps on for the whole machine a moment after the first
        # socket asks (a deferred switch): a server asks when its worker starts, long before its
        # requests; here, wait for the switch (a bounded number of tries).
        for _ in range(100):
            client, conn, sent = _stamped_connection(listener, request, 0.05)
            with client, conn:
                stamp = workers.arrived(conn)
                if stamp is not None and stamp <= sent + 0.02:  # stamped on arrival, not when read
                    break
        else:
            pytest.fail("the kernel never stamped a received packet")
        client, conn, sent = _stamped_connection(listener, request, 0.2)
        with client, conn:
            stamp = workers.arrived(conn)
            assert stamp is not None and stamp <= sent + 0.05  # when it arrived, not when it was accepted
            assert conn.recv(1024) == request  # still all there for gunicorn's parser
            assert workers.arrived(conn) is None  # nothing waiting: no stamp


SLOW_SERVER = """
import sys, time
from flask import Flask
from quizapp.serving import Settings
from quizapp.workers import Gunicorn
app = Flask("slow")
@app.get("/")
def hello():
    time.sleep(0.05)
    return "ok"
Gunicorn(app, Settings(bind=sys.argv[1], workers=1, threads=2, max_wait=0.5)).run()
"""


@contextlib.contextmanager
def slow_server(tmp_path: Path) -> Iterator[tuple[int, int]]:
    """SLOW_SERVER started and answering 200 (a request that did not wait is served): its port and
    its one worker's pid."""
    port = free_port()
    script = tmp_path / "slow.py"
    script.write_text(SLOW_SERVER)
    server = subprocess.Popen(
        [sys.executable, str(script), f"127.0.0.1:{port}"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    try:
        worker = None
        for line in server.stderr:  # type: ignore[union-attr]
            if "Booting worker with pid:" in line:
                worker = int(line.rsplit(":", 1)[1])
                break
        assert worker is not None
        status = None
        deadline = time.monotonic() + 30
        while status is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status = response.status
            except OSError:
                time.sleep(0.05)
        assert status == 200
        yield port, worker
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_a_request_that_waited_in_the_kernel_counts_that_wait_and_is_refused(tmp_path: Path) -> None:
    """The worker is stopped (SIGSTOP) while a request arrives: it waits in the kernel's queue, not
    the worker's. Counted from its arrival, it waited past max_wait: 503 at once, never served late."""
    import signal

    with slow_server(tmp_path) as (port, worker):
        os.kill(worker, signal.SIGSTOP)
        try:
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                time.sleep(1.0)  # twice max_wait, in the kernel's queue
                os.kill(worker, signal.SIGCONT)
                client.settimeout(10)
                reply = client.recv(4096).decode("latin-1")
        finally:
            os.kill(worker, signal.SIGCONT)
    assert reply.startswith("HTTP/1.1 503") and "Retry-After: 1" in reply


def test_a_connection_opened_ahead_of_its_request_is_not_refused_for_its_idle_time(tmp_path: Path) -> None:
    """Browsers open connections before they need them: the request sent a second later has not
    waited a second (max_wait is half that): served, not refused."""
    with slow_server(tmp_path) as (port, _worker), socket.create_connection(("127.0.0.1", port)) as client:
        time.sleep(1.0)  # connected, nothing sent yet
        client.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        client.settimeout(10)
        reply = client.recv(4096).decode("latin-1")
    assert reply.startswith("HTTP/1.1 200"), reply[:80]
