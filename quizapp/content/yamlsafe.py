"""Read one YAML file into plain Python values, remembering where every value stands.

PyYAML's own loaders build Python objects and forget positions; they also accept duplicate keys,
anchors and nesting deep enough to exhaust the stack. This reader walks the parser's event stream
itself (iteratively, with libyaml when present), so it can refuse all of these with a line and a
column, and keeps a map from each value's path to its position for the checks that come later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem

try:  # libyaml is ~10x faster; the pure-Python parser gives the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 24
MAX_INT_DIGITS = 30

PathKey = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)\Z")


@dataclass
class Located:
    """A parsed file: its data, and the 1-based (line, column) of every value and every key."""

    path: str
    data: Any
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or key) at `loc`, or of its nearest located ancestor."""
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: PathKey, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(loc, key=key)
        return Problem(self.path, line, col, message)


def _scalar(value: str, plain: bool) -> Any:
    if not plain:
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.match(value):
        if len(value.lstrip("+-")) > MAX_INT_DIGITS:  # no deck number is that long: keep it out of int()
            return float("-inf") if value.startswith("-") else float("inf")
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ContentError(
            [Problem(name, line, col, f"octet 0x{raw[exc.start]:02x} invalide : le fichier doit être encodé en UTF-8")]
        ) from None
    return text.removeprefix("\ufeff")


def _check_tabs(text: str, name: str) -> None:
    problems = [
        Problem(name, n, line.index("\t") + 1, "caractère de tabulation : indentez avec des espaces")
        for n, line in enumerate(text.splitlines(), start=1)
        if "\t" in line
    ]
    if problems:
        raise ContentError(problems)


class _Builder:
    """Turns parser events into nested dicts/lists, recording positions and refusing what we forbid."""

    def __init__(self, name: str) -> None:
        self.doc = Located(name, None)
        self.name = name
        self.problems: list[Problem] = []
        # Each frame: [container, path, pending key or None, pending key position]
        self.stack: list[list[Any]] = []
        self.documents = 0

    def fail(self, mark: Any, message: str) -> None:
        line, col = _pos(mark)
        self.problems.append(Problem(self.name, line, col, message))

    def _slot(self, mark: Any, scalar_key: str | None) -> PathKey | None:
        """Where the next value goes; None when it was a mapping key (stored as pending)."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            return (*path, len(container))
        if frame[2] is None:
            if scalar_key is None:
                self.fail(mark, "une clé doit être un simple texte")
                frame[2] = "\0invalid"
                return None
            frame[2], frame[3] = scalar_key, _pos(mark)
            return None
        key = frame[2]
        frame[2] = None
        return (*path, key)

    def _store(self, loc: PathKey, value: Any, mark: Any, keypos: tuple[int, int] | None) -> bool:
        self.doc.values[loc] = _pos(mark)
        if not loc:
            self.doc.data = value
            return True
        container = self.stack[-1][0]
        if isinstance(container, list):
            container.append(value)
            return True
        key = loc[-1]
        if key == "\0invalid":
            return False
        if key in container:
            first = self.doc.keys[loc][0]
            line, col = keypos or _pos(mark)
            self.problems.append(Problem(self.name, line, col, f"clé « {key} » en double (déjà définie ligne {first})"))
            return False
        container[key] = value
        if keypos:
            self.doc.keys[loc] = keypos
        return True

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(event.start_mark, "un seul document YAML par fichier (séparateur « --- » en trop)")
            return
        if isinstance(event, yaml.AliasEvent):
            self.fail(event.start_mark, f"alias YAML « *{event.anchor} » non autorisé : recopiez la valeur")
            raise _Stop
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.anchor is not None:
                self.fail(event.start_mark, f"ancre YAML « &{event.anchor} » non autorisée")
                raise _Stop
            tag = getattr(event, "tag", None)
            if tag not in (None, "!"):
                self.fail(event.start_mark, f"étiquette YAML « {tag} » non autorisée")
                raise _Stop
        if isinstance(event, yaml.ScalarEvent):
            keypos_frame = self.stack[-1] if self.stack else None
            pending = keypos_frame[3] if keypos_frame and isinstance(keypos_frame[0], dict) else None
            loc = self._slot(event.start_mark, event.value)
            if loc is not None:
                self._store(loc, _scalar(event.value, event.implicit[0]), event.start_mark, pending)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                self.fail(event.start_mark, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)")
                raise _Stop
            frame = self.stack[-1] if self.stack else None
            pending = frame[3] if frame and isinstance(frame[0], dict) else None
            loc = self._slot(event.start_mark, None)
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            if loc is None:  # a mapping or list used as a key
                loc = (*self.stack[-1][1], "\0invalid")
            else:
                self._store(loc, container, event.start_mark, pending)
            self.stack.append([container, loc, None, None])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()


class _Stop(Exception):
    pass


_QUOTE_IT = "mettez entre guillemets un texte qui contient une virgule, un deux-points, un crochet ou une accolade"
# libyaml's messages, in French, with what to do (the English detail follows for the rare others).
_SYNTAX = (
    ("did not find expected ',' or ']'", f"liste entre [ ] mal fermée, ou virgule en trop dans un élément : {_QUOTE_IT}"),
    ("did not find expected ',' or '}'", f"section entre {{ }} mal fermée, ou virgule en trop dans une valeur : {_QUOTE_IT}"),
    ("mapping values are not allowed", f"deux-points inattendu dans une valeur : {_QUOTE_IT}"),
    ("could not find expected ':'", "clé sans deux-points, ou texte sur plusieurs lignes mal indenté"),
    ("found character that cannot start any token", f"caractère qui ne peut pas commencer une valeur : {_QUOTE_IT}"),
    ("found unexpected end of stream", "guillemet ouvert et jamais refermé"),
    ("did not find expected key", "indentation incohérente : alignez les clés d'une même section"),
    ("did not find expected '-' indicator", "indentation incohérente dans une liste : alignez les « - »"),
    ("expected <block end>", "indentation incohérente : alignez les clés d'une même section"),
    ("found undefined alias", "alias « * » inconnu (les ancres et alias ne sont pas acceptés)"),
)


def _explain(context: str | None, problem: str) -> str:
    """A libyaml syntax error, in French, saying what to change."""
    for english, french in _SYNTAX:
        if english in problem or (context and english in context):
            return french
    return f"{context}, {problem}" if context else problem


def parse_text(text: str, name: str) -> Located:
    """Parse YAML text into a `Located` value.

    Raises:
        ContentError: with every syntax, tab, duplicate-key, anchor, tag or depth problem found.
    """
    _check_tabs(text, name)
    builder = _Builder(name)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except _Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or "syntaxe invalide"
        line, col = _pos(mark) if mark else (1, 1)
        if "nesting depth" in detail:  # newer libyaml stops very deep nesting itself, while scanning ahead
            builder.problems.append(Problem(name, line, col, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)"))
        else:
            builder.problems.append(Problem(name, line, col, f"erreur de syntaxe YAML : {_explain(exc.context, detail)}"))
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a position too
        line, col = (1, 1)
        if getattr(exc, "position", None) is not None:
            before = text[: exc.position]  # type: ignore[attr-defined]
            line = before.count("\n") + 1
            col = exc.position - (before.rfind("\n") + 1) + 1  # type: ignore[attr-defined]
        builder.problems.append(Problem(name, line, col, f"erreur de lecture YAML : {exc}"))
    if builder.problems:
        raise ContentError(builder.problems)
    return builder.doc


def read_file(path: Path, name: str | None = None, *, max_bytes: int = MAX_BYTES) -> Located:
    """Read and parse one deck file, refusing oversized, non-UTF-8 and empty files.

    Args:
        path: the file to read.
        name: how the file is named in messages (default: the path as given).
        max_bytes: the size limit.

    Raises:
        ContentError: the file cannot be used; every problem found is listed.
    """
    name = name or str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise ContentError([Problem(name, 1, 1, f"fichier trop volumineux : {size} octets (au plus {max_bytes})")])
    return parse_bytes(path.read_bytes(), name, max_bytes=max_bytes)


def parse_bytes(raw: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> Located:
    """Parse the bytes of an uploaded or read file; see `read_file`."""
    if len(raw) > max_bytes:
        raise ContentError([Problem(name, 1, 1, f"fichier trop volumineux : {len(raw)} octets (au plus {max_bytes})")])
    text = _decode(raw, name)
    doc = parse_text(text, name)
    if doc.data is None:
        raise ContentError([Problem(name, 1, 1, "fichier vide : il faut au moins une section (deck, entities, ...)")])
    if not isinstance(doc.data, dict):
        line, col = doc.where(())
        kind = "une liste" if isinstance(doc.data, list) else "une valeur simple"
        raise ContentError(
            [Problem(name, line, col, f"le fichier doit contenir des sections nommées (un dictionnaire), pas {kind}")]
        )
    return doc
