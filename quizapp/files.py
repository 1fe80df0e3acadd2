"""Files the app writes: owner-only (the instance folder holds the secret key and, with SQLite, every
learner's answers), and made whole or not at all."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path) -> None:
    """Create `path` (and missing parents) readable by its owner only; warn about an existing
    folder that others can read (it may be shared on purpose, e.g. /srv: it is left as it is)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("le dossier %s est lisible par d'autres comptes (%o) : chmod 700 conseillé", path, mode)


def sqlite_path(uri: str) -> Path | None:
    """The file behind a SQLAlchemy SQLite URL, or None (another database, or in memory)."""
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None  # a URI filename: SQLite reads it, not us
    return Path(url.database)


def private_database(uri: str) -> None:
    """Make the SQLite file owner-only before SQLite first opens it (SQLite gives its -wal and -shm
    files the database's own mode); an existing one from an older version is tightened."""
    path = sqlite_path(uri)
    if path is None:
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    except FileExistsError:
        pass
    for companion in SQLITE_COMPANIONS:
        file = Path(f"{path}{companion}")
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(file.stat().st_mode)
            if mode & 0o077:
                try:
                    os.chmod(file, mode & 0o700)
                except PermissionError:  # another account's file: say so, and let SQLite try
                    log.warning("%s est lisible par d'autres comptes (%o) : chmod 600 conseillé", file, mode)
                else:
                    log.warning("%s était lisible par d'autres comptes (%o) : ramené à %o", file, mode, mode & 0o700)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _written_beside(path: Path, data: bytes) -> str:
    """A temporary file in `path`'s folder holding `data`, on disk (fsynced), mode 0600."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def create_once(path: Path, data: bytes) -> bool:
    """Create `path` holding `data` unless it exists (several workers may start together); True if
    this call made it. The file appears whole or not at all (a hard link of a complete file)."""
    tmp = _written_beside(path, data)
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp)
    _sync_folder(path.parent)
    return True


def replace(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: `data` in a file beside it, then renamed over it (several
    processes may write the same path: the last one's whole file stays)."""
    tmp = _written_beside(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    _sync_folder(path.parent)
