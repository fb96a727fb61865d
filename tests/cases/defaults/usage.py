"""A field the server leaves out takes the spec's default, lists and maps included, fresh for each model."""

from __future__ import annotations

from case_defaults import models


def test_defaults_fill_in_what_is_left_out() -> None:
    settings = models.Settings.model_validate({})
    assert settings.retries == 3 and settings.ratio == 1 and settings.label == ""
    assert settings.tags == ["a", "b"] and settings.empty == []
    assert settings.palette == [models.Colour.RED, models.Colour.BLUE]
    assert settings.limits == {"daily": 10, "hourly": 2}
    assert settings.anything == {"mode": "auto"}
    assert settings.nested == [[1, 2.5], []]
    assert settings.mismatched is None and settings.owner is None


def test_each_model_gets_its_own_copy_of_a_mutable_default() -> None:
    first, second = models.Settings(), models.Settings()
    assert first.tags is not None and first.limits is not None
    first.tags.append("c")
    first.limits["daily"] = 0
    assert second.tags == ["a", "b"] and second.limits == {"daily": 10, "hourly": 2}


def test_sent_values_override_defaults() -> None:
    settings = models.Settings.model_validate({"tags": [], "retries": 0})
    assert settings.tags == [] and settings.retries == 0
