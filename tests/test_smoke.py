"""First end-to-end checks of the public API."""

from __future__ import annotations

import pytest

import korfacts


def test_extract_reads_the_mission_sentence() -> None:
    text = "광주시는 전력도 최대 120메가와트(㎿)까지 공급이 가능하다."
    facts = korfacts.extract(text)
    assert len(facts) == 1
    d = facts[0].to_dict()
    assert d["value"] == 120
    assert d["unit"] == "MW"
    assert d["dimension"] == "power"
    assert d["bound"] == "max"
    assert d["base_value"] == 120_000_000
    assert d["base_unit"] == "W"
    assert text[d["start"] : d["end"]] == d["text"] == "최대 120메가와트"
    assert d["measure"]["text"] == "전력"
    assert d["subject"]["text"] == "광주시"


def test_non_str_input_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="bytes"):
        korfacts.extract(b"3\xeb\xaa\x85")  # type: ignore[arg-type]


def test_no_fact_is_an_empty_list() -> None:
    assert korfacts.extract("숫자가 없는 문장이다.") == []
    assert korfacts.extract("") == []
