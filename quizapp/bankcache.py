"""Generated banks kept on disk between server starts, like Python's bytecode: a restart does not
generate again the decks it generated before.

Generating a deck's questions is the slowest part of a server start (a tenth of a second for the
saga, seconds for a deck of thousands of facts), and it gives the same bank for the same deck files
and the same generator. So each bank the store generates at load is also written to the instance
folder (`cache/banks`), under a key that changes with anything it depends on: the deck's source
(file names and bytes), the seed, and the generator's own code (every file of `quizapp/content`,
read once per process). A restart reads it back in a millisecond; new code, an edited deck or
another seed is a new key, so a stale bank is never read.

A file is the pickled bank after a SHA-256 of it: a file cut short (a crash while writing, a full
disk) or changed in any other way does not match its digest and is generated again. Files are
written beside their final name and renamed into place (several workers may write the same key);
the KEEP most recently used are kept (a file read back is touched). The folder is in the private
instance folder, which only the app writes (it also holds the secret key and the configuration,
which is executed): what it reads there it wrote itself. A cache that cannot be written (read-only
or full disk) only costs the next start its generation: logged, not raised.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from . import files
from .content.model import Deck
from .content.questions import Bank

log = logging.getLogger(__name__)

CONTENT_CODE = Path(__file__).resolve().parent / "content"
KEEP = 32  # bank files kept: the decks online, each with a few versions (uploads, edits)
_DIGEST = hashlib.sha256().digest_size
SUFFIX = ".bank"


@functools.cache
def code_digest() -> bytes:
    """The generator's code: every file under quizapp/content except bytecode (names and bytes), and
    the versions of Python and pydantic (the deck model's library), whose objects a bank holds."""
    import pydantic

    digest = hashlib.sha256(f"{sys.version}\0{pydantic.VERSION}\0".encode())
    for path in sorted(p for p in CONTENT_CODE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(CONTENT_CODE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def deck_key(deck: Deck, seed: int) -> str:
    """The key of a deck's bank: the deck as loaded, the seed and the generator's code."""
    digest = hashlib.sha256(code_digest())
    digest.update(f"seed {seed}\0".encode())
    digest.update(repr(deck).encode())
    return digest.hexdigest()


class BankCache:
    """Banks on disk under `folder`, by key ."""

    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder, self.keep = folder, keep
        self.hits = 0  # banks read back in this process (a test counts them)

    def get(self, key: str, make: Callable[[], Bank]) -> Bank:
        """The bank stored under `key`, or `make()`'s, then stored. What `make` raises goes through."""
        path = self.folder / f"{key}{SUFFIX}"
        found = self._read(path)
        if found is not None:
            self.hits += 1
            with contextlib.suppress(OSError):  # a read-only folder: the file is only pruned sooner
                os.utime(path)
            return found
        bank = make()
        self._write(path, bank)
        return bank

    def _read(self, path: Path) -> Bank | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:  # a folder that cannot be read: the bank is generated, as without a cache
            log.warning("banque en cache illisible (%s) : %s", path.name, exc)
            return None
        payload = data[_DIGEST:]
        if hashlib.sha256(payload).digest() != data[:_DIGEST]:
            log.warning("banque en cache illisible (%s) : générée à nouveau", path.name)
            return None
        bank = pickle.loads(payload)  # written by this app, in its private folder (module docstring)
        if not isinstance(bank, Bank):
            log.warning("banque en cache d'un autre type (%s) : générée à nouveau", path.name)
            return None
        return bank

    def _write(self, path: Path, bank: Bank) -> None:
        payload = pickle.dumps(bank, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            files.replace(path, hashlib.sha256(payload).digest() + payload)
            self._prune()
        except OSError as exc:  # a cache that cannot be written costs the next start a generation, no more
            log.warning("banque non mise en cache (%s) : %s", self.folder, exc)

    def _prune(self) -> None:
        used: list[tuple[int, Path]] = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            with contextlib.suppress(FileNotFoundError):  # pruned meanwhile by another process
                used.append((path.stat().st_mtime_ns, path))
        for _, old in sorted(used, reverse=True)[self.keep :]:
            old.unlink(missing_ok=True)
