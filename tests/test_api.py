"""The public API contract: names, types, errors, to_dict(), offsets, extra units files, explain()."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

import korfacts
from korfacts import Extractor, KorfactsError, RegistryError

FACT_KEYS = {
    "text", "start", "end", "value", "low", "high", "unit", "base_value", "base_unit", "dimension", "approx",
    "bound", "inclusive", "change", "per", "subject", "measure", "time", "sentence",
}  # fmt: skip


def test_public_names() -> None:
    for name in ("extract", "parse", "Extractor", "Fact", "Quantity", "Span", "KorfactsError", "RegistryError"):
        assert name in korfacts.__all__
        assert hasattr(korfacts, name)


def test_to_dict_is_json_safe_and_complete() -> None:
    text = "정부는 내년 AI 분야 예산을 10조1000억원으로 편성했다."
    [fact] = korfacts.extract(text)
    d = fact.to_dict()
    assert set(d) == FACT_KEYS
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert d["value"] == 10_100_000_000_000 and isinstance(d["value"], int)
    assert d["unit"] == "KRW" and d["dimension"] == "money"
    assert d["low"] is None and d["high"] is None
    assert d["sentence"] == {"start": 0, "end": len(text)}
    assert d["measure"] == {"text": "예산", "start": 13, "end": 15}


def test_offsets_index_the_original_text_even_with_compatibility_symbols() -> None:
    text = "  발전소는 ㎿ 단위로 120㎿, 냉각수 6만t, 거리 3.5㎞를 확보했다."
    facts = korfacts.extract(text)
    assert [f.text for f in facts] == ["120㎿", "6만t", "3.5㎞"]
    for f in facts:
        assert text[f.start : f.end] == f.text


def test_range_has_low_and_high_and_no_value() -> None:
    [fact] = korfacts.extract("참석자는 20만~30만명으로 추산된다.")
    d = fact.to_dict()
    assert (d["value"], d["low"], d["high"], d["unit"]) == (None, 200_000, 300_000, "명")


def test_decimal_value_is_a_float_in_json_and_exact_on_the_fact() -> None:
    [fact] = korfacts.extract("환율은 1,382.3원에 마감했다.")
    assert fact.quantity.value == Decimal("1382.3")
    assert fact.to_dict()["value"] == 1382.3


@pytest.mark.parametrize("bad", [None, 3, b"3\xeb\xaa\x85", ["3명"]])
def test_non_str_input_raises_type_error_naming_the_type(bad: object) -> None:
    with pytest.raises(TypeError, match=type(bad).__name__):
        korfacts.extract(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=type(bad).__name__):
        korfacts.parse(bad)  # type: ignore[arg-type]


def test_no_fact_is_an_empty_list_not_an_error() -> None:
    assert korfacts.extract("") == []
    assert korfacts.extract("   \n ") == []
    assert korfacts.extract("오늘은 날씨가 맑다.") == []
    assert korfacts.parse("숫자가 아니다") is None
    assert korfacts.parse("") is None


@pytest.mark.parametrize(
    ("text", "value", "unit", "bound"),
    [
        ("삼십오만 원", 350000, "KRW", None),
        ("5000원 이상", 5000, "KRW", "min"),
        ("10000원 미만", 10000, "KRW", "max"),
        ("삼십삼", 33, None, None),
        ("1.1 시간", Decimal("1.1"), "hour", None),
        ("마이너스 3", -3, None, None),
        ("사분의삼", Decimal("0.75"), None, None),
    ],
)
def test_parse_reads_one_whole_expression(text: str, value: object, unit: str | None, bound: str | None) -> None:
    q = korfacts.parse(text)
    assert q is not None
    assert q.value == value
    assert q.unit == unit
    assert q.bound == bound


def test_parse_reads_a_range() -> None:
    q = korfacts.parse("이만오천원 - 삼만원")
    assert q is not None
    assert (q.value, q.low, q.high, q.unit) == (None, 25000, 30000, "KRW")


def test_parse_rejects_two_quantities() -> None:
    assert korfacts.parse("3명과 5대") is None


def test_extract_many_streams_in_order() -> None:
    texts = ["사과 3개", "", "배 5개와 감 2개"]
    results = list(korfacts.Extractor().extract_many(iter(texts)))
    assert [[f.text for f in facts] for facts in results] == [["3개"], [], ["5개", "2개"]]


def test_extract_many_over_two_workers_matches_one_process() -> None:
    texts = [
        "구청은 지난해 예산 8천억원을 편성했다.",
        "이번 주말에는 전국에 비가 내리겠다.",
        "광주시는 데이터센터를 짓는다. 전력도 최대 120메가와트까지 공급한다.",
        "수출은 전년보다 12% 늘어난 550억 달러였다.",
        "관객 약 300여 명이 모였다.",
    ] * 3
    extractor = korfacts.Extractor()
    alone = [[f.to_dict() for f in facts] for facts in extractor.extract_many(texts, doc_date="2025-10-23")]
    two = extractor.extract_many(texts, doc_date="2025-10-23", jobs=2, chunk_size=2)
    assert [[f.to_dict() for f in facts] for facts in two] == alone
    assert alone[0][0]["time"]["value"] == "2024" and alone[1] == []


def test_extract_many_raises_for_a_text_that_is_not_a_str_in_its_turn() -> None:
    results = korfacts.Extractor().extract_many(["사과 3개", 42], jobs=2, chunk_size=1)  # type: ignore[list-item]
    assert [f.text for f in next(results)] == ["3개"]
    with pytest.raises(TypeError, match="int"):
        next(results)


def test_non_quantities_only_on_request() -> None:
    text = "제22대 국회는 지난 5일 오후 2시 30분 본회의에서 1위 정당의 법안 3건을 처리했다."
    assert [f.text for f in korfacts.extract(text)] == ["3건"]
    facts = Extractor(include_non_quantities=True).extract(text)
    by_text = {f.text: f.dimension for f in facts}
    assert by_text["제22대"] == "ordinal" and by_text["1위"] == "ordinal" and by_text["3건"] == "count"
    assert by_text["5일"] == "date" and by_text["30분"] == "time", by_text
    # a sentence that holds only non-quantities is read too (the prefilter would skip it)
    ranks = Extractor(include_non_quantities=True).extract("그는 세계 1위에 올랐다.")
    assert [f.dimension for f in ranks] == ["ordinal"]


def test_explain_names_the_rules() -> None:
    report = korfacts.Extractor().explain("냉각용수도 최대 6만t까지 확보 가능하다.")
    assert "'최대 6만t'" in report
    assert "unit.unit" in report
    assert "bound.max_before" in report


def test_explain_shows_why_each_link_was_chosen() -> None:
    text = "발전 비중은 32.5%로 석탄(28.1%)을 앞질렀다. 정부는 예산을 10조원으로 늘렸다."
    report = korfacts.Extractor().explain(text)
    # the rule that chose each link, and the candidates rejected on the way
    assert "measure: '예산'" in report and "attribute_before: '예산'" in report
    assert "subject: '정부'" in report and "entity_topic: '정부'" in report
    assert "owner_of_bracket: '석탄'" in report


def test_explain_shows_the_dropped_drafts() -> None:
    report = korfacts.Extractor().explain("코로나19 확진자가 3명 늘었다.")
    assert "dropped '19'@3:5 by nonquantity.glued_to_name" in report


def test_explain_shows_a_rejected_candidate() -> None:
    report = korfacts.Extractor().explain("71세의 베트남 남성이 숨졌다.")
    assert "noun_after: '베트남 남성'@5:11 rejected: an age measures nothing but an age word" in report
    assert "subject: '베트남 남성'" in report


def test_errors_subclass_builtins_and_pickle() -> None:
    err = RegistryError("units.yaml", "MW", "factor", "not a number: 'x'")
    assert isinstance(err, KorfactsError) and isinstance(err, ValueError)
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == str(err) == "units.yaml: entry 'MW', field 'factor': not a number: 'x'"


def test_facts_pickle() -> None:
    facts = korfacts.extract("GPU 1만5000장을 확보했다.")
    assert pickle.loads(pickle.dumps(facts)) == facts


def _units_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "my_units.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_extra_units_file_adds_a_counter_and_a_unit(tmp_path: Path) -> None:
    path = _units_file(
        tmp_path,
        'counters:\n  꼬치: "skewers"\nunits:\n  Mcal: {dimension: energy, factor: "1163", surfaces: ["Mcal"]}\n',
    )
    ex = Extractor(units=path)
    facts = ex.extract("닭꼬치 300꼬치와 열량 2Mcal")
    assert [(f.text, f.unit) for f in facts] == [("300꼬치", "꼬치"), ("2Mcal", "Mcal")]
    assert facts[1].to_dict()["base_value"] == 2326


def test_extra_units_file_overrides_an_entry(tmp_path: Path) -> None:
    path = _units_file(tmp_path, 'units:\n  kg: {dimension: mass, factor: "1000", surfaces: ["kg", "키로"]}\n')
    [fact] = Extractor(units=path).extract("쌀 20키로를 샀다")
    assert (fact.value, fact.unit) == (20, "kg")


@pytest.mark.parametrize(
    ("body", "entry", "field"),
    [
        ('units:\n  MW: {dimension: power, factor: 1.5, surfaces: ["MW"]}\n', "MW", "factor"),
        ('units:\n  MW: {dimension: powr, factor: "1e6", surfaces: ["MW"]}\n', "MW", "dimension"),
        ('units:\n  MW: {dimension: power, factor: "1e6"}\n', "MW", "surfaces"),
        ('units:\n  MW: {dimension: power, factor: "1e6", surfaces: ["MW"], colour: "red"}\n', "MW", "colour"),
        ("counters:\n  꼬치: 3\n", "꼬치", "gloss"),
        ('scales:\n  만: "ten thousand"\n', "만", "scales"),
        ('counted_from:\n  톤: {from: "1000"}\n', "톤", "counted_from"),
        ('counted_from:\n  주: {after: ["주식"]}\n', "주", "counted_from"),
        ('counted_from:\n  주: {from: "many"}\n', "주", "from"),
        ('rate_periods:\n  하루: "km"\n', "하루", "rate_periods"),
        ('rate_dimensions: ["money", "colour"]\n', "colour", "rate_dimensions"),
    ],
)
def test_bad_units_file_names_file_entry_and_field(tmp_path: Path, body: str, entry: str, field: str) -> None:
    path = _units_file(tmp_path, body)
    with pytest.raises(RegistryError) as info:
        Extractor(units=path)
    err = info.value
    assert (err.path, err.entry, err.field) == (str(path), entry, field)
    assert str(path) in str(err)


def test_unknown_section_and_bad_yaml_are_registry_errors(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="unknown section"):
        Extractor(units=_units_file(tmp_path, "unitz: {}\n"))
    with pytest.raises(RegistryError, match="not valid YAML"):
        Extractor(units=_units_file(tmp_path, "units: [\n"))
    with pytest.raises(RegistryError, match="cannot read"):
        Extractor(units=tmp_path / "missing.yaml")
