"""Compiled templates kept between runs change nothing in the output, and can be turned off."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import render, template_cache
from generator.pipeline import load_api

SPEC = Path(__file__).resolve().parents[2] / "specs" / "ingram-micro-vendor-api-openapi.yml"


def _render_fresh() -> dict[str, str]:
    render._environment.cache_clear()
    return render.render(load_api(SPEC, "vendor")[0])


def test_the_output_is_the_same_with_a_cold_a_warm_and_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(template_cache.NO_CACHE_VARIABLE, raising=False)
    cold = _render_fresh()
    kept = list(template_cache.cache_folder().iterdir())
    assert kept, "compiled templates are kept"
    warm = _render_fresh()
    monkeypatch.setenv(template_cache.NO_CACHE_VARIABLE, "1")
    assert _render_fresh() == warm == cold
    render._environment.cache_clear()


def test_no_cache_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(template_cache.NO_CACHE_VARIABLE, "1")
    _render_fresh()
    render._environment.cache_clear()
    assert not (tmp_path / "clientgen").exists()


def test_a_folder_that_cannot_be_written_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.delenv(template_cache.NO_CACHE_VARIABLE, raising=False)
    assert _render_fresh()
    render._environment.cache_clear()
