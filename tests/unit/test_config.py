"""The [tool.clientgen] table: targets, and clear errors when it is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO_ROOT

from generator import config
from generator.diagnostics import SpecError

TARGET = """
[[tool.clientgen.targets]]
name = "demo"
spec = "specs/demo.yaml"
package = "{package}"
output = "out/demo"
{extra}
"""


def _pyproject(tmp_path: Path, package: str = "demo_client", extra: str = "", spec: bool = True) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    if spec:
        (tmp_path / "specs").mkdir()
        (tmp_path / "specs" / "demo.yaml").write_text("openapi: 3.0.3\n")
    path = tmp_path / "pyproject.toml"
    path.write_text(TARGET.format(package=package, extra=extra))
    return path


def _error(path: Path) -> str:
    with pytest.raises(SpecError) as caught:
        config.load_targets(path)
    return str(caught.value)


def test_targets_are_read_relative_to_the_pyproject(tmp_path: Path) -> None:
    [target] = config.load_targets(_pyproject(tmp_path, extra='overlays = ["specs/overlay.yaml"]'))
    assert target == config.Target(
        name="demo",
        spec=tmp_path / "specs" / "demo.yaml",
        package="demo_client",
        output=tmp_path / "out" / "demo",
        overlays=(tmp_path / "specs" / "overlay.yaml",),
    )


def test_missing_spec_named_in_config_is_an_error(tmp_path: Path) -> None:
    message = _error(_pyproject(tmp_path, spec=False))
    assert "target 'demo' names a spec that does not exist: specs/demo.yaml" in message
    assert "pyproject.toml at #/tool/clientgen/targets/0" in message


@pytest.mark.parametrize("package", ["Demo", "demo-client", "1demo", ""])
def test_package_must_be_a_lower_case_identifier(tmp_path: Path, package: str) -> None:
    assert "must be a lower-case Python identifier" in _error(_pyproject(tmp_path, package=package))


def test_target_without_required_keys(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[[tool.clientgen.targets]]\nname = "x"\nspec = 3\n')
    assert "target needs spec, package, output (text)" in _error(path)


def test_no_targets_declared(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n')
    assert "no [[tool.clientgen.targets]] declared" in _error(path)


def test_invalid_toml_and_missing_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.clientgen\n")
    assert "not valid TOML" in _error(path)
    assert "no pyproject.toml here" in _error(tmp_path / "absent" / "pyproject.toml")


def test_the_repository_configuration_names_both_ingram_clients() -> None:
    targets = config.load_targets(REPO_ROOT / "pyproject.toml")
    assert [(t.name, t.package) for t in targets] == [
        ("ingram-micro-reseller", "ingram_micro_reseller"),
        ("ingram-micro-vendor", "ingram_micro_vendor"),
    ]


def test_the_formatter_is_ruff_unless_the_target_picks_black(tmp_path: Path) -> None:
    [default] = config.load_targets(_pyproject(tmp_path / "a"))
    [black] = config.load_targets(_pyproject(tmp_path / "b", extra='formatter = "black"'))
    assert (default.formatter, black.formatter) == ("ruff", "black")


def test_an_unknown_formatter_is_an_error(tmp_path: Path) -> None:
    assert "formatter must be one of ruff, black, not 'yapf'" in _error(
        _pyproject(tmp_path, extra='formatter = "yapf"')
    )
