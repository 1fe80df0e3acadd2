"""The content core stays a pure library: no web framework, no database, no wall clock."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import quizapp.content

CORE = Path(quizapp.content.__file__).parent


def test_importing_the_core_loads_neither_flask_nor_sqlalchemy() -> None:
    code = (
        "import sys, quizapp.content, quizapp.content.export;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug'});"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_core_sources_import_no_web_or_database_module() -> None:
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug"}, path


def test_core_never_reads_the_clock_or_global_random() -> None:
    for path in CORE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for forbidden in ("datetime.now(", "date.today(", "time.time(", "random.random(", "random.choice(", "random.shuffle("):
            assert forbidden not in text, f"{path.name} uses {forbidden}"
