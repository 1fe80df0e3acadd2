"""The editor schema: made from the loader's own model, shipped, referenced, and actually checking."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.content.model import json_schema
from quizapp.content.yamlsafe import read_file
from quizapp.paths import shipped

SCHEMA_FILE = shipped("questions") / "deck.schema.json"
LINE = "# yaml-language-server: $schema=../deck.schema.json"
BAD = Path(__file__).resolve().parent / "data" / "bad"


def test_shipped_schema_is_the_generated_one() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema(), (
        "run: quizapp schema -o questions/deck.schema.json"
    )


def test_schema_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "s.json")])
    assert result.exit_code == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == json_schema()


@pytest.mark.parametrize("path", sorted((shipped("questions") / "openai-saga").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_files_point_editors_at_the_schema_and_pass_it(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == LINE
    jsonschema.validate(read_file(path).data, json_schema())


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("unknown_field.yaml", "speeker"),
        ("wrong_type.yaml", "beaucoup"),
        ("missing_field.yaml", "name"),
        ("malformed_date.yaml", "17/11/2023"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(name: str, fragment: str) -> None:
    with pytest.raises(jsonschema.ValidationError) as info:
        jsonschema.validate(read_file(BAD / name).data, json_schema())
    assert fragment in str(info.value)
