"""JSON files written fast are still the text `json.dumps(..., indent=2)` writes, byte for byte."""

from __future__ import annotations

import json
import random
import struct

import pytest

from generator import json_writing, literals

TEXTS = ["plain", "Größe 商品", "emoji 😀 \U0010ffff", "controls \x00\x1f\t\n\r\b\f \x7f", 'quote " \\ /']


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("sort_keys", [False, True])
def test_text_is_the_standard_encoders(text: str, sort_keys: bool) -> None:
    data = {"z": text, text: [text, {"b": None, "a": True}], "empty": [], "nothing": {}, "n": -(2**63)}
    assert (
        json_writing.indented(data, sort_keys=sort_keys)
        == json.dumps(data, indent=2, sort_keys=sort_keys) + "\n"
    )


@pytest.mark.parametrize("value", [2**64, -(2**70), "lone \ud800 surrogate"])
def test_what_orjson_refuses_is_written_by_the_standard_encoder(value: object) -> None:
    assert json_writing.indented({"v": value}) == json.dumps({"v": value}, indent=2) + "\n"


def _floats() -> list[float]:
    random.seed(7)
    found = [
        1e15,
        1e16,
        1e-4,
        1e-5,
        0.1,
        5e-324,
        -0.0,
        2.0**53,
        1e22,
        float("nan"),
        float("inf"),
        -float("inf"),
    ]
    found += [struct.unpack("d", struct.pack("Q", random.getrandbits(64)))[0] for _ in range(2000)]
    found += [
        round(random.uniform(-1e4, 1e4), random.randint(0, 6)) * 10 ** random.randint(-8, 20)
        for _ in range(2000)
    ]
    return found


def test_floats_are_written_alike_or_the_text_says_they_may_not_be() -> None:
    """Where a float would be written otherwise, the JSON text it came from tells: the caller then
    asks for the standard encoder."""
    for value in _floats():
        text = literals.json_text([value])
        written = json_writing.indented([value], exact_floats=json_writing.floats_exact(text))
        assert written == json.dumps([value], indent=2) + "\n", (value, text)


def test_a_float_orjson_writes_otherwise_is_caught() -> None:
    assert not json_writing.floats_exact(literals.json_text({"small": 1e-05}))
    assert not json_writing.floats_exact(literals.json_text([float("nan")]))
    assert json_writing.floats_exact(literals.json_text({"price": 12.5, "name": "e"}))
