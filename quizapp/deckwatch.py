"""Deck changes picked up off the request path: a daemon thread per process refreshes the store.

Every CONTENT_CHECK_SECONDS the watcher calls `DeckStore.refresh()` (a scan of the questions
folder, one query for the newest upload, and the reload and generation of what changed), which puts
the new snapshot online in one swap. A learner's request never waits for it.

Gunicorn forks its workers after building the app (`quizapp serve` preloads it): a thread started
before the fork would not exist in the workers. So the thread is started lazily, by the first
request a process serves (`ensure_running`, which compares `os.getpid()` with the process that
started it). It is a daemon thread: it ends with its process. An unexpected error in a look is
logged with its traceback and the thread goes on to the next look.

Tests build the app without the thread (`CONTENT_WATCH = False`) and call `check()` where a real
server would have looked; `wait_for_fresh_look` lets a test that runs the thread wait for a look
that began after an edit, rather than sleep and hope.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from .decks import DeckStore

log = logging.getLogger(__name__)

MIN_SECONDS = 0.1  # CONTENT_CHECK_SECONDS = 0 means « as often as is reasonable », not a busy loop


class DeckWatcher:
    """Refreshes the store that `store()` returns (the app's current one) every `seconds`."""

    def __init__(self, store: Callable[[], DeckStore], seconds: float) -> None:
        self.store = store
        self.seconds = max(float(seconds), MIN_SECONDS)
        self.looks = 0  # looks finished in this process
        self._looked = threading.Condition()
        self._starting = threading.Lock()
        self._pid: int | None = None
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None

    def check(self) -> bool:
        """One look now, in the caller's thread; True if a new version of the decks went online."""
        try:
            return self.store().refresh()
        finally:
            with self._looked:
                self.looks += 1
                self._looked.notify_all()

    def ensure_running(self) -> None:
        """Start this process's watcher thread if it has none yet (cheap when it has: one comparison)."""
        pid = os.getpid()
        if self._pid == pid:
            return
        with self._starting:
            if self._pid == pid:
                return
            if self._stop.is_set():  # stopped before: a new start
                self._stop = threading.Event()
            self.thread = threading.Thread(target=self._run, args=(self._stop,), name="quizapp-decks", daemon=True)
            self.thread.start()
            self._pid = pid

    def stop(self, timeout: float = 10.0) -> None:
        """End this process's watcher threads after their current look (tests; a process that exits
        needs none of this)."""
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout)
        self._pid = None

    def wait_for_fresh_look(self, timeout: float = 30.0) -> bool:
        """Wait until a look that began after this call has finished; False if none did within `timeout`.

        The look under way when this is called may have begun before (and missed an edit made just
        now); the one after it began after: two looks from now.
        """
        with self._looked:
            wanted = self.looks + 2
            return self._looked.wait_for(lambda: self.looks >= wanted, timeout)

    def _run(self, stop: threading.Event) -> None:
        log.info("decks : surveillance toutes les %.1f s (processus %d)", self.seconds, os.getpid())
        while not stop.wait(self.seconds):
            try:
                self.check()
            except Exception:  # the watcher outlives any failure of one look: logged, then the next look
                log.exception("decks : le rechargement a échoué ; nouvel essai dans %.1f s", self.seconds)
