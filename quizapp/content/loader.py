"""Load deck folders: parse every file, check it against the model and across files, report all.

Every problem is reported as `file:line:col: message` in one pass; a deck with any problem is
refused as a whole (the caller keeps whatever it had before).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from . import gcpause, timeline
from .checks import Checker
from .errors import ContentError, Problem
from .messages import describe, suggest, translate, unwrap
from .model import (
    FACT_SECTIONS,
    AuthoredQuestion,
    Deck,
    DeckFile,
    DeckMeta,
)
from .yamlsafe import MAX_BYTES, Located, read_file

YAML_SUFFIXES = (".yaml", ".yml")


_QUESTION: TypeAdapter[AuthoredQuestion] = TypeAdapter(AuthoredQuestion)


def _validate(doc: Located, checker: Checker) -> tuple[DeckFile, list[Problem]]:
    """Check a file item by item, so one bad item does not hide the problems of the others."""
    problems: list[Problem] = []
    sections: dict[str, Any] = {}
    for section, value in doc.data.items():
        field = DeckFile.model_fields.get(section)
        if field is None:
            problems.append(
                doc.problem((section,), f"section inconnue « {section} »" + suggest(section, DeckFile.model_fields), key=True)
            )
            continue
        model = unwrap(field.annotation)
        validate = _QUESTION.validate_python if section == "questions" else None
        assert model is not None
        if section == "deck":
            try:
                sections[section] = model.model_validate(value)
            except ValidationError as exc:
                problems += translate(doc, (section,), exc, model)
            continue
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append(
                doc.problem(
                    (section,), f"« {section} » doit être une liste (éléments précédés de « - »), trouvé {describe(value)}"
                )
            )
            continue
        items = []
        for index, raw in enumerate(value):
            try:
                items.append((index, validate(raw) if validate else model.model_validate(raw)))
            except ValidationError as exc:
                problems += translate(doc, (section, index), exc, model)
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    checker.broken.add(raw["id"])
        sections[section] = items
    return DeckFile.model_construct(**sections), problems


def deck_files(path: Path) -> list[Path]:
    """The YAML files of a deck folder, in name order (or the file itself)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES)


def parse_files(files: list[tuple[str, Located | bytes]], *, max_bytes: int = MAX_BYTES, unreadable: Iterable[str] = ()) -> Deck:
    """Build a deck from already-read files (named for messages); see `load_deck`.

    A file that cannot be parsed does not stop the checks of the others, across files included;
    `unreadable` names files already found unreadable, so that an unknown id can say where it may be.
    """
    from .yamlsafe import parse_bytes

    checker = Checker()
    checker.unreadable = list(unreadable)
    problems: list[Problem] = []
    for name, content in files:
        try:
            doc = content if isinstance(content, Located) else parse_bytes(content, name, max_bytes=max_bytes)
        except ContentError as exc:
            problems.extend(exc.problems)
            checker.unreadable.append(name)
            continue
        parsed, file_problems = _validate(doc, checker)
        problems += file_problems
        checker.add_file(doc, parsed)
    meta = checker.check()
    if meta is None and not problems and not checker.problems:
        first = files[0][0] if files else "(aucun fichier)"
        problems.append(Problem(first, 1, 1, "aucun en-tête « deck: » (id, title, description) dans ce deck"))
    deck = _assemble(meta, checker) if meta is not None else None
    if deck is not None:  # the timeline of what could be read is checked even when something else is wrong
        checker.check_timeline(deck)
    problems.extend(checker.problems)
    if problems or deck is None:
        raise ContentError(problems)
    return deck


def _assemble(meta: DeckMeta, checker: Checker) -> Deck:
    def values(section: str) -> list[Any]:
        return [item.value for item in checker.items[section]]

    def by_id(section: str) -> dict[str, Any]:
        return {v.id: v for v in values(section)}

    as_of = meta.as_of.exact if meta.as_of and meta.as_of.exact else None
    if as_of is None:
        days = [d.exact for f in checker.items["tenures"] for d in (f.value.since, f.value.until) if d and d.exact]
        for section in ("successions", "events", "quotes", "figures", "relations"):
            days += [f.value.date.exact for f in checker.items[section] if f.value.date and f.value.date.exact]
        as_of = max(days) if days else timeline.dt.date.min  # no day in the deck: no day-anchored question
    return Deck(
        meta=meta,
        as_of=as_of,
        sources=by_id("sources"),
        entities=by_id("entities"),
        roles=by_id("roles"),
        predicates=by_id("predicates"),
        tenures=values("tenures"),
        successions=values("successions"),
        events=values("events"),
        quotes=values("quotes"),
        figures=values("figures"),
        relations=values("relations"),
        questions=values("questions"),
        places={
            item.value.id: "{}:{}:{}".format(item.doc.path, *item.doc.where((*item.loc, "id")))
            for item in checker.items["questions"]
        },
        item_places={
            item.value.id: "{}:{}:{}".format(item.doc.path, *item.doc.where((*item.loc, "id")))
            for section in ("entities", *FACT_SECTIONS)
            for item in checker.items[section]
        },
    )


def load_deck(path: Path, *, root: Path | None = None, max_bytes: int = MAX_BYTES) -> Deck:
    """Load one deck: a folder of YAML files, or a single YAML file with a `deck:` header.

    Args:
        path: the deck folder or file.
        root: file names in messages are relative to this folder (default: as given).
        max_bytes: per-file size limit.

    Returns:
        The checked deck.

    Raises:
        ContentError: every problem found in every file of the deck.
    """
    with gcpause.paused():
        return _load_deck(path, root, max_bytes)


def _load_deck(path: Path, root: Path | None, max_bytes: int) -> Deck:
    files = deck_files(path)
    if not files:
        raise ContentError([Problem(str(path), 1, 1, "aucun fichier .yaml dans ce dossier")])
    named: list[tuple[str, Located | bytes]] = []
    problems: list[Problem] = []
    unreadable: list[str] = []
    for file in files:
        name = str(file.relative_to(root)) if root and file.is_relative_to(root) else str(file)
        try:
            named.append((name, read_file(file, name, max_bytes=max_bytes)))
        except ContentError as exc:
            problems.extend(exc.problems)
            unreadable.append(name)
    try:
        deck = parse_files(named, max_bytes=max_bytes, unreadable=unreadable) if named else None
    except ContentError as exc:
        problems.extend(exc.problems)
        deck = None
    if problems or deck is None:
        raise ContentError(problems)
    return deck


def deck_paths(folder: Path) -> list[Path]:
    """The decks under `folder`: the folder itself if it holds YAML files, else each sub-folder that does."""
    if folder.is_file() or deck_files(folder):
        return [folder]
    return sorted(p for p in folder.iterdir() if p.is_dir() and deck_files(p))


def load_all(folder: Path, *, max_bytes: int = MAX_BYTES) -> tuple[dict[str, Deck], list[Problem]]:
    """Load every deck under `folder`; valid decks by id, and the problems of the others."""
    decks: dict[str, Deck] = {}
    problems: list[Problem] = []
    root = folder if folder.is_dir() else folder.parent
    paths = deck_paths(folder)
    if not paths:
        problems.append(Problem(str(folder), 1, 1, "aucun deck ici : ni fichier .yaml, ni sous-dossier qui en contienne"))
    for path in paths:
        try:
            deck = load_deck(path, root=root.parent, max_bytes=max_bytes)
        except ContentError as exc:
            problems += exc.problems
            continue
        if deck.id in decks:
            problems.append(Problem(str(path), 1, 1, f"deck « {deck.id} » défini deux fois"))
            continue
        clashes = question_clashes(deck, decks.values())
        if clashes:
            problems += clashes
            continue
        decks[deck.id] = deck
    return decks, problems


def question_clashes(deck: Deck, others: Iterable[Deck]) -> list[Problem]:
    """A hand-written question id may stand in one deck only: answers are filed under it."""
    taken = {q: (other.id, other.places.get(q, "?")) for other in others if other.id != deck.id for q in other.places}
    problems = []
    for qid, place in deck.places.items():
        if qid in taken:
            path, line, col = place.rsplit(":", 2)
            other_deck, other_place = taken[qid]
            message = f"question « {qid} » déjà définie dans le deck « {other_deck} » ({other_place})"
            problems.append(Problem(path, int(line), int(col), message))
    return problems
