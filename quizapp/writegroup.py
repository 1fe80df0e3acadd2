"""Group commit for SQLite: the answers written at the same moment in a process share one commit.

With `synchronous=FULL` every SQLite commit waits for the disk (an fsync of the write-ahead log)
while holding the database's one write lock: answers, the busiest write, were limited by the disk
and queued for the lock, not by the processor (measured: with the fsync off, answers per second
more than doubled, docs/benchmarks.md). The write group keeps every commit durable and makes each
one count for several answers, as databases with a log do (PostgreSQL's group commit).

Each process has one writer thread with a connection of its own. A request hands it its write (a
function of Core statements, `sql.write`) and waits. The writer takes every write waiting, up to
MAX_BATCH, opens one transaction (`BEGIN IMMEDIATE`, waiting for the lock as `sql.begin_write`
does), runs each write inside a savepoint of its own, commits once (one fsync) and only then wakes
the requests, each with its own result or its own exception: a write that fails, or asks to be
undone (`sql.Undone`), is rolled back to its savepoint and the others are kept. While one batch
waits for the disk, the next requests queue, so the busier the server, the more answers a commit
carries. A commit that fails fails every write of its batch (none of them was stored).

The writes run in the writer's thread inside the app's context: they must take what they need from
the request before (the decks of the request's pinned version, the user, the clock's `now`), and
read and write only through `quizapp.sql`, which gives them the group's connection there.

The thread is started by the first write of a process (gunicorn forks its workers from the process
that built the app: a thread started before the fork would not exist in them) and is a daemon: it
ends with its process. A request waits at most `wait_seconds` for its batch (the lock's wait and
the writes' time, with room): past it, it raises and the request fails visibly.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from . import sql
from .extensions import db

MAX_BATCH = 64  # writes per commit: a commit (and the requests it answers) waits for no more than these


class WriteGroupTimeout(RuntimeError):
    """The writer did not finish a request's write in time (the request fails; the log records it)."""


@dataclass
class _Write:
    work: Callable[[], Any]
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


class WriteGroup:
    """One process's writer (module docstring)."""

    def __init__(self, app: Flask, wait_seconds: float = 2 * sql.WRITE_WAIT_SECONDS + 10) -> None:
        self.app = app
        self.wait_seconds = wait_seconds
        self.commits = 0  # commits made in this process (tests and benchmarks count writes per commit)
        self.writes = 0
        self._queue: deque[_Write] = deque()
        self._ready = threading.Condition()
        self._pid: int | None = None
        self._stop = False

    def run(self, work: Callable[[], Any]) -> Any:
        """Run `work` in the next commit of this process's writer and return its value (or raise its exception)."""
        self._ensure_running()
        write = _Write(work)
        with self._ready:
            self._queue.append(write)
            self._ready.notify()
        if not write.done.wait(self.wait_seconds):
            raise WriteGroupTimeout(f"écriture non terminée après {self.wait_seconds:.0f} s")
        if write.error is not None:
            raise write.error
        return write.value

    def stop(self) -> None:
        """End the writer after the batch under way (tests; a process that exits needs none of this)."""
        with self._ready:
            self._stop = True
            self._ready.notify_all()

    def _ensure_running(self) -> None:
        pid = os.getpid()
        if self._pid == pid:
            return
        with self._ready:
            if self._pid == pid:
                return
            self._stop = False
            self._queue.clear()  # writes of the parent process, if any, are not this process's
            threading.Thread(target=self._loop, name="quizapp-writes", daemon=True).start()
            self._pid = pid

    def _take(self) -> list[_Write] | None:
        """The writes waiting (up to MAX_BATCH), once there is one; None when stopped."""
        with self._ready:
            while not self._queue and not self._stop:
                self._ready.wait()
            if self._stop:
                return None
            return [self._queue.popleft() for _ in range(min(MAX_BATCH, len(self._queue)))]

    def _loop(self) -> None:
        with self.app.app_context():
            while (batch := self._take()) is not None:
                self._write(batch)

    def _write(self, batch: list[_Write]) -> None:
        pooled = db.engine.raw_connection()
        conn = pooled.driver_connection
        sql._writer.connection = pooled
        try:
            sql.begin_immediate(conn, db.engine.dialect.loaded_dbapi.OperationalError)
            for n, write in enumerate(batch):
                conn.execute(f"SAVEPOINT w{n}")  # type: ignore[union-attr]
                try:
                    write.value = write.work()
                except sql.Undone as undone:
                    write.value = undone.value
                    conn.execute(f"ROLLBACK TO w{n}")  # type: ignore[union-attr]
                except Exception as exc:  # carried to the request that wrote it, and raised there
                    write.error = exc
                    conn.execute(f"ROLLBACK TO w{n}")  # type: ignore[union-attr]
                conn.execute(f"RELEASE w{n}")  # type: ignore[union-attr]
            pooled.commit()
            self.commits += 1
            self.writes += len(batch)
        except BaseException as exc:  # the transaction failed (the lock, the disk): no write of it is stored
            pooled.rollback()
            for write in batch:
                write.value, write.error = None, exc
            if not isinstance(exc, Exception):
                raise  # the thread ends (its process is stopping); every request of the batch was told
        finally:
            sql._writer.connection = None
            pooled.close()
            for write in batch:
                write.done.set()
