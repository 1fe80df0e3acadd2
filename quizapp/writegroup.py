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
carries, up to the number of requests a process serves at once (each waits for its own write:
`quizapp serve --threads`). A commit that fails fails every write of its batch (none of them was
stored), each request with an exception of its own (`GroupCommitFailed`).

The writes run in the writer's thread inside the app's context: they must take what they need from
the request before (the decks of the request's pinned version, the user, the clock's `now`), and
read and write only through `quizapp.sql`, which gives them the group's connection there.

The thread is started by the first write of a process, and again by the next write if it ever
ended (whatever waited then is failed, never left waiting); a forked worker starts afresh (gunicorn
forks its workers from the process that built the app: a thread or a lock state from before the
fork would not be its own). It is a daemon: it ends with its process. A request waits at most
`wait_seconds` for its write (the lock's wait and the writes' time, with room): a write the writer
has not taken by then is withdrawn (surely not stored); one it is writing gets as long again, its
transaction ending one way or the other, and past that the learner is told to look.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from . import sql
from .extensions import db

MAX_BATCH = 64  # writes per commit (in practice at most the process's threads: each waits for its own)

log = logging.getLogger(__name__)


class WriteGroupTimeout(RuntimeError):
    """The writer did not finish a request's write in time; the message says whether it may still
    be stored (shown to the learner: the 503 page)."""


class GroupCommitFailed(RuntimeError):
    """The transaction a write shared failed (its lock, its commit): no write of it is stored."""


@dataclass
class _Write:
    work: Callable[[], Any]
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None  # what the write itself raised
    failed: BaseException | None = None  # what failed the whole transaction


class WriteGroup:
    """One process's writer (module docstring)."""

    def __init__(self, app: Flask, wait_seconds: float = 2 * sql.WRITE_WAIT_SECONDS + 10) -> None:
        self.app = app
        self.wait_seconds = wait_seconds
        self.commits = 0  # commits made in this process (tests and benchmarks count writes per commit)
        self.writes = 0
        self._fresh()
        os.register_at_fork(after_in_child=self._fresh)  # a forked worker starts with its own, empty

    def _fresh(self) -> None:
        self._queue: deque[_Write] = deque()
        self._ready = threading.Condition()
        self._running = False
        self._stop = False

    def run(self, work: Callable[[], Any]) -> Any:
        """Run `work` in the next commit of this process's writer and return its value (or raise its exception).

        Raises:
            WriteGroupTimeout: not done in time (withdrawn if the writer had not taken it yet).
            GroupCommitFailed: the shared transaction failed.
        """
        write = _Write(work)
        with self._ready:
            if not self._running:
                self._stop = False
                threading.Thread(target=self._loop, name="quizapp-writes", daemon=True).start()
                self._running = True
            self._queue.append(write)
            self._ready.notify()
        if not write.done.wait(self.wait_seconds):
            with self._ready:
                if write in self._queue:  # not taken yet: withdrawn, so surely not stored
                    self._queue.remove(write)
                    raise WriteGroupTimeout("Le serveur est très chargé : votre envoi n'a pas été enregistré. Réessayez.")
            if not write.done.wait(self.wait_seconds):  # being written: its transaction ends, one way or the other
                raise WriteGroupTimeout(
                    "Le serveur est très chargé : rechargez la page pour voir si votre envoi a été enregistré."
                )
        if write.failed is not None:
            raise GroupCommitFailed("l'écriture groupée a échoué : rien n'a été enregistré") from write.failed
        if write.error is not None:
            raise write.error
        return write.value

    def stop(self) -> None:
        """End the writer after the batch under way (tests; a process that exits needs none of this)."""
        with self._ready:
            self._stop = True
            self._ready.notify_all()

    def _take(self) -> list[_Write] | None:
        """The writes waiting (up to MAX_BATCH), once there is one; None when stopped."""
        with self._ready:
            while not self._queue and not self._stop:
                self._ready.wait()
            if self._stop:
                return None
            return [self._queue.popleft() for _ in range(min(MAX_BATCH, len(self._queue)))]

    def _loop(self) -> None:
        """The writer thread: batch after batch until stopped; on its way out, whatever still waits
        is failed, and the next write starts a new writer."""
        try:
            with self.app.app_context():
                while (batch := self._take()) is not None and self._write(batch):
                    pass
        finally:
            with self._ready:
                self._running = False
                if self._queue and not self._stop:  # writes came in meanwhile: a new writer for them
                    threading.Thread(target=self._loop, name="quizapp-writes", daemon=True).start()
                    self._running = True
                    left = []
                else:
                    left, self._queue = list(self._queue), deque()
            ended = RuntimeError("le fil d'écriture s'est arrêté")
            for write in left:
                write.failed = ended
                write.done.set()

    def _write(self, batch: list[_Write]) -> bool:
        """One transaction for the batch; False when the thread must end (its process is stopping)."""
        pooled = None
        failure: BaseException | None = None
        try:
            pooled = db.engine.raw_connection()
            conn = pooled.driver_connection
            sql._writer.connection = pooled
            sql.begin_immediate(conn, db.engine.dialect.loaded_dbapi.OperationalError)
            for n, write in enumerate(batch):
                conn.execute(f"SAVEPOINT w{n}")  # type: ignore[union-attr]
                try:
                    write.value = sql.undoable(write.work, lambda n=n: conn.execute(f"ROLLBACK TO w{n}"))  # type: ignore[union-attr,misc]
                except Exception as exc:  # carried to the request that wrote it, and raised there
                    write.error = exc
                if not conn.in_transaction:  # type: ignore[union-attr]
                    raise RuntimeError("une écriture groupée a mis fin à la transaction commune")
                conn.execute(f"RELEASE w{n}")  # type: ignore[union-attr]
            pooled.commit()
            self.commits += 1
            self.writes += len(batch)
        except BaseException as exc:  # the transaction failed (the lock, the disk, a stop): none of it is stored
            failure = exc
            for write in batch:
                write.failed = exc
        finally:
            sql._writer.connection = None
            for write in batch:
                write.done.set()
            if pooled is not None:
                self._give_back(pooled, failed=failure is not None)
        return failure is None or isinstance(failure, Exception)  # SystemExit and the like end the thread

    @staticmethod
    def _give_back(pooled: Any, failed: bool) -> None:
        """Return the connection to the pool (rolled back after a failure); a failure here is logged:
        the requests already have their answers."""
        try:
            if failed:
                pooled.rollback()
            pooled.close()
        except Exception:
            log.exception("écritures groupées : la connexion n'a pas pu être rendue")
