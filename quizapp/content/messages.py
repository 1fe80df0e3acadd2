"""Pydantic's validation errors, translated into located French messages an author can act on."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .model import QUESTION_KINDS, DeckFile
from .yamlsafe import Located, PathKey

_TYPE_NAMES = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "float_type": "un nombre",
    "bool_type": "true ou false",
    "list_type": "une liste",
    "model_type": "une section de champs (clé: valeur)",
    "dict_type": "une section de champs (clé: valeur)",
    "model_attributes_type": "une section de champs (clé: valeur)",
}


def describe(value: Any) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"« {str(value).lower()} »"
    if isinstance(value, dict):
        return "une section de champs"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, int | float):
        return f"le nombre {value}"
    return f"« {value} »"


def unwrap(annotation: Any) -> Any:
    """The model class behind list[X], X | None and Annotated[X, ...], or None."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = inner[0] if inner else None
        else:
            return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _model_at(loc: PathKey, start: type[BaseModel] = DeckFile) -> type[BaseModel] | None:
    model: type[BaseModel] | None = start
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = unwrap(field.annotation) if field else None
    return model


def _clean(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Drop the union-member labels pydantic puts in `loc`, keeping only real keys and indexes."""
    clean: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
            clean.append(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
            clean.append(part)
    return tuple(clean)


_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+\Z")
_SPACED_NUMBER = re.compile(r"[-+]?\d{1,3}([ \u00a0\u202f]\d{3})+(\.\d+)?\Z")


def _number_hint(value: Any) -> str:
    """What to change in a number written the French way (« 57,4 », « 12 000 »)."""
    if isinstance(value, str) and _DECIMAL_COMMA.match(value.strip()):
        return f" : les décimales s'écrivent avec un point ({value.strip().replace(',', '.')})"
    if isinstance(value, str) and _SPACED_NUMBER.match(value.strip()):
        return f" : écrivez le nombre sans espace ({''.join(value.split())})"
    return ""


def _message(error: Any, name: str) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "amount" or (kind in ("int_type", "float_type") and isinstance(error.get("input"), str)):
        value = error.get("input")
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown = f"{value:.3g}" if isinstance(value, float) or abs(value) < 10**15 else f"{len(str(abs(value)))} chiffres"
            return f"« {name} » : nombre hors limites ({shown}) : de 0 à 10^15"
        return f"« {name} » doit être un nombre, trouvé {describe(value)}{_number_hint(value)}"
    if kind == "missing":
        return f"champ obligatoire « {name} » manquant"
    if kind == "extra_forbidden":
        return f"champ inconnu « {name} »"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("' or '", ", ").replace("', '", ", ").strip("'")
        return f"valeur {describe(error['input'])} non reconnue pour « {name} » (attendu : {expected})"
    if kind in _TYPE_NAMES:
        return f"« {name} » doit être {_TYPE_NAMES[kind]}, trouvé {describe(error['input'])}"
    if kind == "string_pattern_mismatch":
        return f"identifiant {describe(error['input'])} invalide : minuscules, chiffres et tirets seulement"
    if kind == "string_too_short":
        return f"« {name} » ne peut pas être vide"
    if kind == "too_short":
        return f"« {name} » doit contenir au moins un élément"
    if kind == "string_too_long":
        return f"« {name} » est trop long (au plus {ctx.get('max_length')} caractères)"
    if kind == "date":
        return str(error["msg"])
    if kind == "union_tag_invalid":
        return f"type de question « {ctx.get('tag')} » inconnu (attendu : {ctx.get('expected_tags')})"
    if kind == "union_tag_not_found":
        return f"champ « {ctx.get('discriminator', 'kind').strip(chr(39))} » manquant : quel type de question ?"
    if kind in ("less_than_equal", "greater_than_equal"):
        return f"« {name} » doit être entre 1 et 5, trouvé {describe(error['input'])}"
    return f"« {name} » : {error['msg']}"


def suggest(name: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    close = difflib.get_close_matches(str(name), allowed, n=1)
    return f" : vouliez-vous dire « {close[0]} » ?" if close else f" (possibles : {', '.join(allowed)})"


def translate(doc: Located, prefix: PathKey, exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Translate pydantic's errors into located French messages, one per place."""
    found: dict[PathKey, Problem] = {}
    for error in exc.errors():
        raw_loc = (*prefix, *error["loc"])
        loc = _clean(doc.data, raw_loc)
        if error["type"] == "missing":
            name = str(error["loc"][-1])
            key = (*loc, "\0missing", name)
        else:
            name = str(loc[-1]) if loc else ""
            if isinstance(loc[-1] if loc else None, int):
                name = str(loc[-2]) if len(loc) > 1 else name
            key = loc
        message = _message(error, name)
        if error["type"] == "extra_forbidden" and " " in name.strip():
            message += (
                " : ceci ressemble à la suite d'un texte coupé par une virgule ; dans une section entre { }, "
                "une virgule sépare deux champs : mettez le texte entre guillemets"
            )
        elif error["type"] == "extra_forbidden":
            tag = error["loc"][0] if error["loc"] and error["loc"][0] in QUESTION_KINDS else None
            start: type[BaseModel] = QUESTION_KINDS[tag] if tag else model
            inner = _model_at(tuple(p for p in loc[len(prefix) : -1] if not isinstance(p, int)), start)
            message += suggest(name, inner.model_fields if inner else ())
        if key in found and error["type"] in _TYPE_NAMES:
            continue  # a union: the first alternative's wording is enough
        found.setdefault(key, doc.problem(loc, message, key=error["type"] == "extra_forbidden"))
    return list(found.values())
