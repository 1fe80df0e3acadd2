"""gunicorn's side of `quizapp serve` (see `quizapp/serving.py`): the worker class that notes when a
request began to wait, and the gunicorn application serving the app already built.

A request waits in two queues: the kernel's (bytes received on a connection the worker has not
accepted or read yet) and the worker's (accepted, waiting for a thread). Past capacity the first
one grows too, so counting from the moment the worker queued the request made refusals slow (a
request could wait seconds in the kernel, then a second more). On Linux each request's wait is
counted from when its first byte reached the machine: the listening socket asks the kernel to
stamp what it receives (`SO_TIMESTAMP`, inherited by every accepted connection), and the thread
that takes the request reads the stamp of the first byte waiting, without consuming it (a peek,
one system call). A new connection with nothing sent yet (browsers open connections ahead of
their requests) has no request waiting: nothing is counted, and gunicorn's thread waits for it.
Where there is no stamp otherwise (another system, TLS), the time the worker queued the request
stands in. The kernel stamps a buffer when its data arrives and may merge later segments into it:
the stamp can be later than the first byte, never earlier (a wait is never over-counted).
"""

from __future__ import annotations

import socket
import struct
import sys
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from .serving import Settings, WSGIApp, _queued, fresh_pool, release_connections, wrapped

SO_TIMESTAMP = 29  # Linux's (asm-generic, x86, arm): Python's socket module does not name it
_TIMEVAL = struct.Struct("@ll")  # struct timeval: seconds, microseconds (the stamp's payload)
_STAMP_SPACE = socket.CMSG_SPACE(_TIMEVAL.size)
STAMPS = sys.platform == "linux"
LONGEST_WAIT = 3600.0  # a stamp further back than this is a clock that jumped: not believed


def stamp_arrivals(listener: socket.socket) -> None:
    """Ask the kernel to stamp what this listening socket's connections receive (they inherit it)."""
    if STAMPS:
        listener.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMP, 1)


def arrived(sock: socket.socket) -> float | None:
    """When the first byte waiting on `sock` reached the machine, on the monotonic clock; None when
    no byte waits yet or it carries no stamp. The byte stays where it is (a peek)."""
    if not STAMPS:
        return None
    try:
        _data, ancillary, _flags, _address = sock.recvmsg(1, _STAMP_SPACE, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except OSError:  # nothing yet (EAGAIN), or a connection already broken: gunicorn's own read will say
        return None
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMP and len(payload) >= _TIMEVAL.size:
            seconds, micros = _TIMEVAL.unpack_from(payload)
            waited = time.time() - (seconds + micros / 1e6)
            return time.monotonic() - waited if 0 <= waited <= LONGEST_WAIT else None
    return None


class QueueWorker(ThreadWorker):
    """gunicorn's threaded worker, noting when each request began to wait (module docstring) for
    `Admission` to read."""

    def init_process(self) -> None:
        if not self.cfg.is_ssl:
            for listener in self.sockets:
                stamp_arrivals(listener.sock)
        super().init_process()

    def enqueue_req(self, conn: Any) -> None:
        conn.quizapp_queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        _queued.at = self.waiting_since(conn)
        return super().handle(conn)

    def waiting_since(self, conn: Any) -> float | None:
        """When this connection's request began to wait (None: it has not been sent yet)."""
        queued: float | None = getattr(conn, "quizapp_queued_at", None)
        if self.cfg.is_ssl or not STAMPS:
            return queued
        stamped = arrived(conn.sock)
        if stamped is not None:
            return stamped if queued is None else min(stamped, queued)
        if not getattr(conn, "initialized", True) and not getattr(conn, "data_ready", False):
            return None  # a connection opened ahead of its request: its wait begins when it is sent
        return queued  # a kept-alive connection whose next request gunicorn has already read in


class Gunicorn(BaseApplication):
    """gunicorn serving an app already built in this process (preloaded: the workers fork from it)."""

    def __init__(self, app: Flask, settings: Settings) -> None:
        self.built, self.settings = app, settings
        super().__init__()

    def load_config(self) -> None:
        options: Mapping[str, Any] = self.settings.gunicorn_options()
        for name, value in options.items():
            self.cfg.set(name, value)
        built = self.built
        self.cfg.set("pre_fork", lambda _server, _worker: release_connections(built))
        self.cfg.set("post_fork", lambda _server, _worker: fresh_pool(built))

    def load(self) -> WSGIApp:
        return wrapped(self.built, self.settings)
