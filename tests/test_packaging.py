"""An installed wheel carries the saga deck and templates, and finds them without the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_default_deck(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("quizapp-*.whl")
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(target)
    assert "quizapp/questions/openai-saga/deck.yaml" in names
    assert any(n.startswith("quizapp/templates/") for n in names)
    code = (
        "import quizapp.paths as p, quizapp.content as c;"
        "folder = p.shipped('questions');"
        "decks, problems = c.load_all(folder);"
        "print(folder.is_relative_to(p._PACKAGE), sorted(decks), problems)"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert out.stdout.strip() == "True ['openai-saga', 'royaume-uni-2022'] []"
