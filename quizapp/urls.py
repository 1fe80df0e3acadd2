"""What the app accepts from a URL: database ids in paths, and where a log-in may send the browser next."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import BaseConverter, ValidationError

MAX_ID = 2**63 - 1  # SQLite's INTEGER: a larger number cannot even be looked up


class IdConverter(BaseConverter):
    """`<id:name>`: a database id (or a position), 1 to 2**63-1, in plain ASCII digits.

    Anything else (0, a sign, leading zeros, other scripts' digits, a larger number) matches no
    route: the answer is 404, and no view ever hands SQLite a number it cannot bind.
    """

    regex = r"[1-9][0-9]{0,18}"
    weight = 50  # as werkzeug's numbers: preferred to a string converter at the same place

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


MAX_TARGET_LENGTH = 2048


def local_target(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (the caller picks a safe default).

    Refused: any character outside printable ASCII (browsers drop tab, CR and LF inside a URL, so
    `/<TAB>/evil.example` would become `//evil.example`; CR and LF would also break the Location
    header), spaces, backslashes (read as slashes), a scheme or host, and anything not starting with
    exactly one slash.
    """
    if not target or len(target) > MAX_TARGET_LENGTH or "\\" in target:
        return None
    if not all("!" <= ch <= "~" for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
