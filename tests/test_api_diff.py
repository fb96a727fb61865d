"""`clientgen diff`: each spec edit of `spec_edits`, both ways, through the command line."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from spec_edits import EDITS, Document, Expected, SpecEdit, base_document

from generator import diff_rules
from generator.cli import main


def _write(path: Path, document: Document | str) -> Path:
    path.write_text(
        document if isinstance(document, str) else yaml.safe_dump(document, sort_keys=False), encoding="utf-8"
    )
    return path


def _diff(old: Path, new: Path, *options: str) -> Result:
    return CliRunner().invoke(main, ["diff", str(old), str(new), *options])


def _json_diff(old: Path, new: Path) -> dict[str, Any]:
    result = _diff(old, new, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    assert result.exit_code == (1 if document["breaking"] else 0)
    return document


def _check(document: dict[str, Any], expected: Expected) -> None:
    assert {change["kind"] for change in document["changes"]} == expected.kinds, document
    assert document["suggested_bump"] == expected.bump
    assert document["breaking"] == (expected.bump == "major")


def test_there_are_enough_edits_and_every_rule_kind_is_distinct() -> None:
    assert len(EDITS) >= 30
    assert len({edit.name for edit in EDITS}) == len(EDITS)


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.name)
def test_each_edit_both_ways(edit: SpecEdit, tmp_path: Path) -> None:
    base = _write(tmp_path / "base.yaml", base_document())
    edited = _write(tmp_path / "edited.yaml", edit.edited())
    _check(_json_diff(base, edited), edit.forward)
    _check(_json_diff(edited, base), edit.backward)


def test_text_output_puts_breaking_first_with_locations_and_the_bump_last(tmp_path: Path) -> None:
    document = base_document()
    document["components"]["schemas"]["Status"]["enum"] = ["available", "pending"]
    base = _write(tmp_path / "base.yaml", base_document())
    edited = _write(tmp_path / "edited.yaml", document)
    result = _diff(base, edited)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "Breaking:"
    assert lines[1] == "  models.Status"
    assert lines[2].startswith('    major: value "sold" removed  [') and "edited.yaml:" in lines[2]
    assert "Not breaking:" in lines
    assert lines[-1] == "2 surface changes, 1 breaking; suggested version bump: major"


def test_markdown_output(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.yaml", base_document())
    edited = _write(tmp_path / "edited.yaml", EDITS[0].edited())
    result = _diff(base, edited, "--format", "markdown")
    assert result.exit_code == 0
    assert "### Not breaking" in result.stdout
    assert "- `client.pets.delete_pet`" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 surface change, 0 breaking; suggested version bump: minor."


def test_a_spec_against_itself_is_empty(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.yaml", base_document())
    result = _diff(base, base)
    assert result.exit_code == 0
    assert result.stdout == "no change to the client's surface; suggested version bump: none\n"


def _shuffled(value: Any, rng: random.Random) -> Any:
    """The same document with every mapping's keys in another order (lists keep theirs: order
    means something there)."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: _shuffled(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reordering_paths_properties_and_keys_changes_nothing(seed: int, tmp_path: Path) -> None:
    document = EDITS[0].edited()
    shuffled = _shuffled(document, random.Random(seed))
    assert list(shuffled["paths"]) != list(document["paths"]) or list(shuffled) != list(document)
    result = _diff(_write(tmp_path / "a.yaml", document), _write(tmp_path / "b.yaml", shuffled))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("no change")


def test_bad_input_is_exit_2_with_a_clear_line(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.yaml", base_document())
    broken = _write(tmp_path / "broken.yaml", "openapi: 3.0.3\ninfo: [\n")
    for result in (_diff(base, broken), _diff(base, tmp_path / "missing.yaml")):
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
    only_one = CliRunner().invoke(main, ["diff", str(base)])
    assert only_one.exit_code == 2
    assert "OLD_SPEC and NEW_SPEC" in only_one.stderr


def test_the_readme_table_is_the_rule_list() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("| change | sent (request) | read (response) | why |")
    rows = readme[start:].split("\n\n", 1)[0].splitlines()[2:]
    assert rows == [f"| `{r.kind}` | {r.request} | {r.response} | {r.why} |" for r in diff_rules.RULES]
    assert len({r.kind for r in diff_rules.RULES}) == len(diff_rules.RULES)


def test_every_rule_kind_the_diff_can_report_is_in_the_table() -> None:
    source = (Path(__file__).resolve().parent.parent / "generator" / "api_diff.py").read_text(
        encoding="utf-8"
    )
    for kind in re.findall(
        r'"((?:operation|parameter|field|enum|model|constraint|return|alias)\.[a-z_.]+)"', source
    ):
        assert kind in diff_rules.BY_KIND, kind
