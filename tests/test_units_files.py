"""A units file from anywhere: every malformed one is a short RegistryError when the Extractor is built.

The cases are the ones issue 12 found: an alias bomb whose message was 254 MB, nesting that overflowed the stack,
bytes that are not UTF-8, factors that loaded and overflowed later, and a key that YAML reads as a number.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from korfacts import Extractor, RegistryError
from korfacts.datafile import MAX_DEPTH, MAX_FILE_BYTES
from korfacts.units import UnitRegistry

LONGEST_MESSAGE = 400


def _units_file(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "units.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _refusal(path: Path) -> RegistryError:
    with pytest.raises(RegistryError) as caught:
        Extractor(units=path)
    assert len(str(caught.value)) < LONGEST_MESSAGE
    return caught.value


def _alias_bomb(levels: int) -> str:
    """The "billion laughs" document: each level lists the one before nine times (9**levels strings)."""
    lines = ['units:\n  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    for n in range(1, levels):
        lines.append(f"  a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]\n")
    return "".join(lines)


@pytest.mark.parametrize("levels", [5, 9])
def test_an_alias_bomb_is_refused_at_once(tmp_path: Path, levels: int) -> None:
    bomb = _alias_bomb(levels)
    started = time.process_time()
    error = _refusal(_units_file(tmp_path, bomb))
    assert time.process_time() - started < 5  # a safety limit only: the refusal reads 2 lines of the file
    assert error.problem == "not valid YAML: line 2: YAML anchors and aliases (&name, *name) are not allowed"


def test_a_single_anchor_is_refused_too(tmp_path: Path) -> None:
    content = 'units:\n  kg2: &k {dimension: mass, surfaces: ["킬로"]}\n'
    assert "anchors and aliases" in _refusal(_units_file(tmp_path, content)).problem


@pytest.mark.parametrize(
    "nesting",
    [
        "units: " + "[" * 100_000 + "]" * 100_000 + "\n",  # flow style: no RecursionError
        "units:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 200)),  # block style
    ],
    ids=["flow", "block"],
)
def test_deep_nesting_is_refused(tmp_path: Path, nesting: str) -> None:
    assert f"nested deeper than {MAX_DEPTH} levels" in _refusal(_units_file(tmp_path, nesting)).problem


def test_bytes_that_are_not_utf8_are_named(tmp_path: Path) -> None:
    path = _units_file(tmp_path, 'counters:\n  "마디": "bars"\n'.encode() + b"  x: \xff\n")
    assert _refusal(path).problem == "not UTF-8 text: byte 0xff at offset 34"


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = _units_file(tmp_path, '\ufeffcounters:\n  "마디": "bars of music"\n')
    assert [f.unit for f in Extractor(units=path).extract("4마디를 연주했다")] == ["마디"]


def test_a_file_over_the_size_limit_is_not_parsed(tmp_path: Path) -> None:
    path = _units_file(tmp_path, "# " + "x" * MAX_FILE_BYTES + "\n")
    assert _refusal(path).problem == f"units file larger than {MAX_FILE_BYTES // 1024} KiB"


@pytest.mark.parametrize(
    ("factor", "problem"),
    [
        ("1e999999999", "out of range: '1e999999999' (at most 1e100 and 40 digits)"),
        ("1e-101", "out of range: '1e-101' (at most 1e100 and 40 digits)"),
        ("1." + "0" * 40, "out of range: '1.000000000000000...000000000000000000' (at most 1e100 and 40 digits)"),
        ("NaN", "must be a finite number, got 'NaN'"),
        ("-Infinity", "must be a finite number, got '-Infinity'"),
        ("0", "must be greater than 0, got '0'"),
        ("-1e3", "must be greater than 0, got '-1e3'"),
    ],
)
def test_factors_must_be_finite_positive_and_in_range(tmp_path: Path, factor: str, problem: str) -> None:
    content = f'units:\n  klx: {{dimension: power, factor: "{factor}", surfaces: ["klx"]}}\n'
    error = _refusal(_units_file(tmp_path, content))
    assert (error.entry, error.field, error.problem) == ("klx", "factor", problem)


def test_a_scale_must_be_positive(tmp_path: Path) -> None:
    error = _refusal(_units_file(tmp_path, 'scales:\n  만: "-1e4"\n'))
    assert (error.entry, error.field, error.problem) == ("만", "scales", "must be greater than 0, got '-1e4'")


@pytest.mark.parametrize(
    ("content", "entry", "field"),
    [
        ('units:\n  1: {dimension: count, surfaces: ["x"]}\n', "units", "1"),  # Fact.unit was the int 1
        ('counters:\n  yes: "a bool key"\n', "counters", "True"),
        ('units:\n  kg2: {dimension: mass, 1.5: "x", surfaces: ["킬로"]}\n', "units", "1.5"),
        ('2020-01-01: "x"\n', "datetime.date(2020, 1, 1)", ""),
    ],
)
def test_every_key_must_be_a_string(tmp_path: Path, content: str, entry: str, field: str) -> None:
    error = _refusal(_units_file(tmp_path, content))
    assert (error.entry, error.field) == (entry, field)
    assert error.problem.startswith("keys must be quoted strings, got ")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("units: [a, b]\n", "must be a mapping of entries, got list"),
        ('sign_prefixes: {"영하": "x"}\n', "must be a list of quoted words, got dict"),
        ('fraction_marker: ["분의"]\n', "must be one quoted word, got list"),
        ('rate_periods:\n  하루: ["day"]\n', "no duration unit ['day']"),
        ('duration_words:\n  사흘: ["3", ["day"]]\n', "must be [value, duration unit id]"),
        ('rate_prefixes:\n  x: {kg: ["t"]}\n', "unknown unit id 'kg' or ['t']"),
        ("counters:\n  " + "가" * 41 + ': "long"\n', f"'{'가' * 17}...{'가' * 18}' is longer than 40 characters"),
        (
            'units:\n  x: {dimension: count, surfaces: ["' + "x" * 5000 + '"]}\n',
            f"'{'x' * 17}...{'x' * 18}' is longer than 40 characters",
        ),
    ],
)
def test_a_section_of_the_wrong_shape_is_named(tmp_path: Path, content: str, problem: str) -> None:
    assert _refusal(_units_file(tmp_path, content)).problem.endswith(problem)


def test_a_long_value_is_quoted_short(tmp_path: Path) -> None:
    content = "units:\n  x: " + "[" + ",".join(['"' + "y" * 1000 + '"'] * 1000) + "]\n"
    quoted = f"'{'y' * 17}...{'y' * 18}'"  # reprlib keeps the ends of a string and four items of a list
    assert (
        _refusal(_units_file(tmp_path, content)).problem == f"must be a mapping, got [{', '.join([quoted] * 4)}, ...]"
    )


def test_a_directory_is_not_a_units_file(tmp_path: Path) -> None:
    assert _refusal(tmp_path).problem.startswith("cannot read units file: Is a directory")


# Arbitrary YAML values where the schema expects entries: loading gives a registry or a RegistryError, nothing else.
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5))
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
)
_SECTIONS = st.sampled_from(
    ["units", "counters", "scales", "dimensions", "native_ranges", "duration_words", "rate_prefixes", "rate_periods",
     "counted_from", "vague_numerals", "degree_prefixes", "sign_prefixes", "fraction_marker", "rate_dimensions"]
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(_SECTIONS, st.dictionaries(st.text(min_size=1, max_size=3), _VALUES, max_size=3) | _VALUES))
def test_any_yaml_value_loads_or_is_a_registry_error(tmp_path: Path, sections: dict[str, object]) -> None:
    path = _units_file(tmp_path, yaml.safe_dump(sections, allow_unicode=True))
    try:
        UnitRegistry.load(path)
    except RegistryError as error:
        assert len(str(error)) < LONGEST_MESSAGE
