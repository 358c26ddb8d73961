"""Whole articles: topics carried across sentences, headlines, captions, and times resolved with a document date."""

from __future__ import annotations

import korfacts


def _about(fact: korfacts.Fact) -> tuple[str, str | None, bool | None, str | None]:
    d = fact.to_dict()
    subject = d["subject"]
    return (
        d["text"],
        subject and subject["text"],
        subject and subject.get("inferred", False),
        d["measure"] and d["measure"]["text"],
    )


def test_a_sentence_without_a_subject_takes_the_article_topic() -> None:
    text = "광주시는 첨단지구에 데이터센터를 짓기로 했다. 이 센터에는 전력도 최대 120메가와트까지 공급된다."
    assert [_about(f) for f in korfacts.extract(text)] == [("최대 120메가와트", "광주시", True, "전력")]


def test_a_new_topic_replaces_the_old_one() -> None:
    text = "광주시는 예산을 늘린다. 부산시는 올해 청년 일자리 3000개를 만든다. 이 가운데 절반은 제조업이다."
    facts = korfacts.extract(text)
    assert [_about(f) for f in facts] == [("3000개", "부산시", False, "일자리"), ("절반", "부산시", True, None)]


def test_a_photo_caption_sets_no_topic() -> None:
    text = (
        "광주시는 데이터센터를 짓는다. 서울시는 사진전을 열었다.(사진=서울시 제공) "
        "전력도 최대 120메가와트까지 공급된다."
    )
    [fact] = korfacts.extract(text)
    assert _about(fact) == ("최대 120메가와트", "광주시", True, "전력")


def test_a_headline_names_its_subject_before_a_comma() -> None:
    text = "SK하이닉스, 3분기 영업이익 11조원 돌파\n영업이익률은 47%에 달했다."
    facts = korfacts.extract(text, doc_date="2025-10-29")
    assert [_about(f) for f in facts] == [
        ("11조원", "SK하이닉스", False, "영업이익"),
        ("47%", "SK하이닉스", True, "영업이익률"),
    ]
    assert facts[0].to_dict()["time"] == {"text": "3분기", "start": 8, "end": 11, "value": "2025-Q3", "relation": "at"}


def test_relative_times_resolve_with_the_document_date() -> None:
    cases = {
        "정부는 내년 예산을 10조원으로 늘린다.": ("내년", "at", "2026"),
        "수출은 지난달 659억 달러로 집계됐다.": ("지난달", "at", "2025-09"),
        "공사는 2030년까지 5조원을 투입한다.": ("2030년", "by", "2030"),
        "이 사업은 5년간 3조원이 든다.": ("5년간", "during", "P5Y"),
        "태풍은 18일까지 300㎜의 비를 뿌리겠다.": ("18일", "by", "2025-10-18"),
    }
    for text, (time_text, relation, value) in cases.items():
        facts = korfacts.extract(text, doc_date="2025-10-17")
        time = facts[-1].to_dict()["time"]
        assert (time["text"], time["relation"], time["value"]) == (time_text, relation, value), text


def test_without_a_document_date_relative_times_have_no_value() -> None:
    [fact] = korfacts.extract("정부는 내년 예산을 10조원으로 늘린다.")
    assert fact.to_dict()["time"]["value"] is None
    assert fact.to_dict()["time"]["relation"] == "at"
