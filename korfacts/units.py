"""The unit registry: every numeral word, scale word, unit, counter and ordinal marker, read from units.yaml.

``UnitRegistry.load()`` reads the bundled ``data/units.yaml`` (shipped in the wheel as ``korfacts/data/units.yaml``)
and, optionally, a user file that adds entries or replaces entries with the same id. Every entry is checked when it
is loaded; a bad one raises ``RegistryError`` naming the file, the entry and the field.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from korfacts.datafile import read_yaml, shown
from korfacts.errors import RegistryError
from korfacts.resources import data_file

__all__ = ["CountedFrom", "UnitDef", "UnitMatch", "UnitRegistry", "bundled_units_path", "may_glue"]

# The kinds of entry after a number, and the dimension each kind reports.
UNIT, COUNTER, AGE, ORDINAL = "unit", "counter", "age", "ordinal"
_SECTIONS_OF_KIND = {
    "counters": (COUNTER, "count"),
    "age_counters": (AGE, "age"),
    "ordinal_markers": (ORDINAL, "ordinal"),
}


def bundled_units_path() -> Path:
    """The bundled units.yaml."""
    return data_file("units.yaml")


# The numbers a units file may hold: finite, between 1e-100 and 1e100, with at most 40 digits. The bundled file
# spans 1e-12 (pm) to 1e18 (EFLOPS). "1e999999999" as a factor loaded, then overflowed on the first text that used it.
MAX_EXPONENT = 100
MAX_DIGITS = 40
# The longest word a units file may list (a surface, a counter): the bundled longest is 8 (베이시스 포인트), and
# matching a surface costs its length at every place a unit may start.
MAX_WORD = 40


def _decimal(path: str, entry: str, field: str, raw: object, *, positive: bool = False) -> Decimal:
    """A quoted number of the file; ``positive`` for factors, ratios and scales, where 0 or less makes no sense."""
    if not isinstance(raw, str):
        raise RegistryError(path, entry, field, f"must be a quoted number, got {type(raw).__name__} {shown(raw)}")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise RegistryError(path, entry, field, f"not a number: {shown(raw)}") from None
    if not value.is_finite():
        raise RegistryError(path, entry, field, f"must be a finite number, got {shown(raw)}")
    if value and (abs(value.adjusted()) > MAX_EXPONENT or len(value.as_tuple().digits) > MAX_DIGITS):
        problem = f"out of range: {shown(raw)} (at most 1e{MAX_EXPONENT} and {MAX_DIGITS} digits)"
        raise RegistryError(path, entry, field, problem)
    if positive and value <= 0:
        raise RegistryError(path, entry, field, f"must be greater than 0, got {shown(raw)}")
    return value


def _strings(path: str, entry: str, field: str, raw: object) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(s, str) and s for s in raw):
        raise RegistryError(path, entry, field, f"must be a list of non-empty quoted strings, got {shown(raw)}")
    for word in raw:
        _check_word(path, entry, field, word)
    return tuple(raw)


def _check_word(path: str, entry: str, field: str, word: str) -> None:
    if len(word) > MAX_WORD:
        raise RegistryError(path, entry, field, f"{shown(word)} is longer than {MAX_WORD} characters")


@attrs.frozen(kw_only=True)
class UnitDef:
    """One thing that can follow (or precede) a number: a unit, a counter, an age counter or an ordinal marker."""

    id: str
    kind: str
    dimension: str
    factor: Decimal | None = None
    surfaces: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    gloss: str = ""
    subunit_of: str | None = None
    ratio: Decimal | None = None

    @classmethod
    def from_yaml(cls, path: str, entry: str, row: object, dimensions: Mapping[str, str]) -> UnitDef:
        """A unit from its `units:` mapping, checked field by field."""
        if not isinstance(row, dict):
            raise RegistryError(path, entry, "", f"must be a mapping, got {shown(row)}")
        known = {"dimension", "factor", "surfaces", "prefixes", "iso", "subunit_of", "ratio"}
        for field in row:
            if field not in known:
                raise RegistryError(path, entry, str(field), f"unknown field; expected one of {sorted(known)}")
        dimension = row.get("dimension")
        if not isinstance(dimension, str) or dimension not in dimensions:
            raise RegistryError(path, entry, "dimension", f"unknown dimension {shown(dimension)}")
        factor = _decimal(path, entry, "factor", row["factor"], positive=True) if "factor" in row else None
        surfaces = _strings(path, entry, "surfaces", row.get("surfaces"))
        prefixes = _strings(path, entry, "prefixes", row.get("prefixes"))
        if not surfaces and not prefixes:
            raise RegistryError(path, entry, "surfaces", "a unit needs at least one surface or prefix")
        if factor is not None and not dimensions[dimension]:
            raise RegistryError(path, entry, "factor", f"dimension {shown(dimension)} has no base unit to convert to")
        subunit_of = row.get("subunit_of")
        if subunit_of is not None and not isinstance(subunit_of, str):
            raise RegistryError(path, entry, "subunit_of", f"must be a unit id, got {shown(subunit_of)}")
        ratio = _decimal(path, entry, "ratio", row["ratio"], positive=True) if "ratio" in row else None
        if (subunit_of is None) != (ratio is None):
            raise RegistryError(path, entry, "ratio", "subunit_of and ratio go together")
        return cls(
            id=entry,
            kind=UNIT,
            dimension=dimension,
            factor=factor,
            surfaces=surfaces,
            prefixes=prefixes,
            subunit_of=subunit_of,
            ratio=ratio,
        )

    @classmethod
    def word(cls, path: str, entry: str, gloss: object, kind: str, dimension: str) -> UnitDef:
        """A counter, age counter or ordinal marker: the word is its own surface and id."""
        if not isinstance(gloss, str):
            raise RegistryError(path, entry, "gloss", f"must be a quoted gloss, got {shown(gloss)}")
        return cls(id=entry, kind=kind, dimension=dimension, surfaces=(entry,), gloss=gloss)

    @classmethod
    def counted_noun(cls, noun: str) -> UnitDef:
        """A plain noun counted by the native numeral before it (두 후보): the noun is the counter."""
        return cls(id=noun, kind=COUNTER, dimension="count", surfaces=(noun,), gloss="a noun counted")


@attrs.frozen(kw_only=True)
class CountedFrom:
    """When a surface that is both a unit and a counter is the counter: from ``least`` up (100만주: shares) or right
    ``after`` one of some nouns (자사주 300주); else it is the unit (3주: weeks)."""

    least: Decimal
    after: tuple[str, ...]

    @classmethod
    def from_yaml(cls, path: str, entry: str, row: object) -> CountedFrom:
        if not isinstance(row, dict) or set(row) - {"from", "after"} or "from" not in row:
            raise RegistryError(path, entry, "counted_from", "must be {from: value, after: [nouns]}")
        return cls(
            least=_decimal(path, entry, "from", row["from"]), after=_strings(path, entry, "after", row.get("after"))
        )


@attrs.frozen(kw_only=True)
class UnitMatch:
    """A surface found in the text: the readings it can have (a counter and an ordinal marker may share one)."""

    start: int
    end: int
    defs: tuple[UnitDef, ...]

    def of_kind(self, *kinds: str) -> UnitDef | None:
        return next((d for d in self.defs if d.kind in kinds), None)


@attrs.frozen(kw_only=True)
class UnitRegistry:
    """All vocabulary korfacts reads numbers and units with. Build it with ``UnitRegistry.load()``."""

    scales: Mapping[str, Decimal]
    sino_digits: Mapping[str, Decimal]
    digit_scales: tuple[str, ...]
    native_numerals: Mapping[str, Decimal]
    native_ranges: Mapping[str, tuple[Decimal, Decimal]]
    native_determiners: tuple[str, ...]
    indefinite_determiners: tuple[str, ...]
    pronoun_numerals: tuple[str, ...]
    sino_lookalikes: tuple[str, ...]
    native_ordinal_markers: tuple[str, ...]
    counted_before_size: tuple[str, ...]
    sized_before_glued_noun: tuple[str, ...]
    designation_counters: tuple[str, ...]
    native_counters: tuple[str, ...]
    counted_from: Mapping[str, CountedFrom]
    duration_words: Mapping[str, tuple[Decimal, str]]
    fraction_words: Mapping[str, Decimal]
    duration_words_at: Mapping[str, tuple[str, ...]]  # first character -> the duration words it begins, longest first
    glued_units: tuple[str, ...]
    vague_prefix: str
    vague_range: tuple[Decimal, Decimal]
    decimal_points: tuple[str, ...]
    fraction_marker: str
    ratio_places: Mapping[str, Decimal]
    dimensions: Mapping[str, str]
    units: Mapping[str, UnitDef]
    words: tuple[UnitDef, ...]
    rate_prefixes: Mapping[str, Mapping[str, str]]
    rate_periods: Mapping[str, str]
    rate_dimensions: tuple[str, ...]
    sign_prefixes: tuple[str, ...]
    degree_prefixes: Mapping[str, str]
    sources: tuple[str, ...]
    _by_surface: Mapping[str, tuple[UnitDef, ...]] = attrs.field(alias="by_surface")
    _by_prefix: Mapping[str, UnitDef] = attrs.field(alias="by_prefix")
    _longest_surface: int = attrs.field(alias="longest_surface")
    _first_chars: frozenset[str] = attrs.field(alias="first_chars")

    @classmethod
    def load(cls, extra: str | os.PathLike[str] | None = None) -> UnitRegistry:
        """The bundled vocabulary, plus ``extra`` (a units file of the same schema) added on top."""
        paths = [bundled_units_path()]
        if extra is not None:
            paths.append(Path(extra))
        merged: dict[str, dict[str, Any]] = {}
        origin: dict[tuple[str, str], str] = {}
        for path in paths:
            for section, entries in _read(path).items():
                if _SHAPES[section] == _MAPPING:
                    merged.setdefault(section, {}).update(entries or {})
                    for key in entries or ():
                        origin[(section, key)] = str(path)
                else:  # a list or a word replaces the bundled one
                    merged[section] = {"": entries}
                    origin[(section, "")] = str(path)
        return cls._build(merged, origin)

    @classmethod
    def _build(cls, data: Mapping[str, Mapping[str, Any]], origin: Mapping[tuple[str, str], str]) -> UnitRegistry:
        def where(section: str, key: str) -> str:
            return origin.get((section, key), origin.get((section, ""), "units.yaml"))

        def numbers(section: str, *, positive: bool = False) -> dict[str, Decimal]:
            entries = data.get(section, {}).items()
            return {k: _decimal(where(section, k), k, section, v, positive=positive) for k, v in entries}

        dimensions: dict[str, str] = {}
        for name, row in data.get("dimensions", {}).items():
            if not isinstance(row, dict) or not isinstance(row.get("base"), str):
                raise RegistryError(where("dimensions", name), name, "base", "must be {base: 'symbol'} (or '')")
            dimensions[name] = row["base"]

        units = {
            key: UnitDef.from_yaml(where("units", key), key, row, dimensions)
            for key, row in data.get("units", {}).items()
        }
        for key, u in units.items():
            if u.subunit_of is not None and units.get(u.subunit_of, u).dimension != u.dimension:
                problem = f"no {u.dimension} unit {shown(u.subunit_of)}"
                raise RegistryError(where("units", key), key, "subunit_of", problem)

        def is_unit(value: object, dimension: str | None = None) -> bool:
            """``value`` is the id of a unit (of ``dimension``); a list or a number is not, and is not looked up."""
            return isinstance(value, str) and value in units and dimension in (None, units[value].dimension)

        words: list[UnitDef] = []
        for section, (kind, dimension) in _SECTIONS_OF_KIND.items():
            for key, gloss in data.get(section, {}).items():
                words.append(UnitDef.word(where(section, key), key, gloss, kind, dimension))

        native_ranges: dict[str, tuple[Decimal, Decimal]] = {}
        for key, pair in data.get("native_ranges", {}).items():
            path = where("native_ranges", key)
            if not isinstance(pair, list) or len(pair) != 2:
                raise RegistryError(path, key, "native_ranges", "must be [low, high]")
            native_ranges[key] = (_decimal(path, key, "low", pair[0]), _decimal(path, key, "high", pair[1]))

        rates: dict[str, dict[str, str]] = {}
        for key, mapping in data.get("rate_prefixes", {}).items():
            path = where("rate_prefixes", key)
            if not isinstance(mapping, dict):
                raise RegistryError(path, key, "rate_prefixes", "must map a unit id to the unit id of a rate")
            for written, rate_id in mapping.items():
                if not is_unit(written) or not is_unit(rate_id):
                    problem = f"unknown unit id {shown(written)} or {shown(rate_id)}"
                    raise RegistryError(path, key, shown(written), problem)
            rates[key] = dict(mapping)

        rate_periods: dict[str, str] = {}
        for key, unit_id in data.get("rate_periods", {}).items():
            if not is_unit(unit_id, "duration"):
                problem = f"no duration unit {shown(unit_id)}"
                raise RegistryError(where("rate_periods", key), key, "rate_periods", problem)
            rate_periods[key] = unit_id

        duration_words: dict[str, tuple[Decimal, str]] = {}
        for key, pair in data.get("duration_words", {}).items():
            path = where("duration_words", key)
            if not isinstance(pair, list) or len(pair) != 2 or not is_unit(pair[1]):
                raise RegistryError(path, key, "duration_words", "must be [value, duration unit id]")
            if not is_unit(pair[1], "duration"):
                raise RegistryError(path, key, "duration_words", f"{shown(pair[1])} is not a duration unit")
            duration_words[key] = (_decimal(path, key, "value", pair[0]), pair[1])

        counted_from: dict[str, CountedFrom] = {}
        for key, row in data.get("counted_from", {}).items():
            path = where("counted_from", key)
            if not any(d.kind == COUNTER for d in words if key in d.surfaces):
                raise RegistryError(path, key, "counted_from", f"{shown(key)} is not a counter")
            counted_from[key] = CountedFrom.from_yaml(path, key, row)

        vague = data.get("vague_numerals", {})
        vague_path = where("vague_numerals", "prefix")
        vague_prefix = vague.get("prefix", "")
        if not isinstance(vague_prefix, str):
            raise RegistryError(vague_path, "vague_numerals", "prefix", "must be a quoted word")
        vague_range = (
            _decimal(vague_path, "vague_numerals", "low", vague.get("low", "2")),
            _decimal(vague_path, "vague_numerals", "high", vague.get("high", "9")),
        )

        temperature = {str(k): str(v) for k, v in data.get("degree_prefixes", {}).items()}
        for key, unit_id in temperature.items():
            if unit_id not in units:
                raise RegistryError(where("degree_prefixes", key), key, "unit", f"unknown unit id {shown(unit_id)}")

        by_surface: dict[str, list[UnitDef]] = {}
        by_prefix: dict[str, UnitDef] = {}
        for d in (*units.values(), *words):
            for surface in d.surfaces:
                by_surface.setdefault(surface, []).append(d)
            for prefix in d.prefixes:
                by_prefix[prefix] = d
        # A unit reading wins over a counter, a counter over an ordinal marker: the order of this tuple.
        rank = {UNIT: 0, AGE: 1, COUNTER: 2, ORDINAL: 3}
        surface_index = {s: tuple(sorted(ds, key=lambda d: rank[d.kind])) for s, ds in by_surface.items()}

        def one(section: str) -> Any:
            return data.get(section, {}).get("")

        def word_list(section: str) -> tuple[str, ...]:
            return _strings(where(section, ""), section, section, one(section))

        rate_dimensions = word_list("rate_dimensions")
        for name in rate_dimensions:
            if name not in dimensions:
                raise RegistryError(where("rate_dimensions", ""), name, "rate_dimensions", "unknown dimension")

        return cls(
            scales=numbers("scales", positive=True),
            sino_digits=numbers("sino_digits"),
            digit_scales=word_list("digit_scales"),
            native_numerals=numbers("native_numerals"),
            native_ranges=native_ranges,
            duration_words=duration_words,
            fraction_words=numbers("fraction_words"),
            duration_words_at=_by_first_character(duration_words),
            glued_units=word_list("glued_units"),
            vague_prefix=vague_prefix,
            vague_range=vague_range,
            native_ordinal_markers=word_list("native_ordinal_markers"),
            counted_before_size=word_list("counted_before_size"),
            sized_before_glued_noun=word_list("sized_before_glued_noun"),
            designation_counters=word_list("designation_counters"),
            native_counters=word_list("native_counters"),
            counted_from=counted_from,
            sino_lookalikes=word_list("sino_lookalikes"),
            native_determiners=word_list("native_determiners"),
            indefinite_determiners=word_list("indefinite_determiners"),
            pronoun_numerals=word_list("pronoun_numerals"),
            decimal_points=word_list("decimal_point"),
            fraction_marker=one("fraction_marker") or "분의",
            ratio_places=dict(sorted(numbers("ratio_places", positive=True).items(), key=lambda kv: -kv[1])),
            dimensions=dimensions,
            units=units,
            words=tuple(words),
            rate_prefixes=rates,
            rate_periods=rate_periods,
            rate_dimensions=rate_dimensions,
            sign_prefixes=word_list("sign_prefixes"),
            degree_prefixes=temperature,
            sources=tuple(sorted(set(origin.values()))),
            by_surface=surface_index,
            by_prefix=by_prefix,
            longest_surface=max((len(s) for s in surface_index), default=0),
            first_chars=frozenset(s[0] for s in surface_index),
        )

    # --- look-ups -------------------------------------------------------------------------------------------------

    def surfaces(self) -> Iterable[str]:
        return self._by_surface.keys()

    def prefixes(self) -> Iterable[str]:
        return self._by_prefix.keys()

    def match_surface(self, text: str, pos: int, end: int | None = None) -> list[UnitMatch]:
        """Every known surface that starts at ``text[pos]``, longest first."""
        stop = len(text) if end is None else end
        if pos >= stop or text[pos] not in self._first_chars:
            return []  # the common case: no unit starts here
        found = []
        for length in range(min(self._longest_surface, stop - pos), 0, -1):
            defs = self._by_surface.get(text[pos : pos + length])
            if defs:
                found.append(UnitMatch(start=pos, end=pos + length, defs=defs))
        return found

    def match_prefix_before(self, text: str, pos: int) -> tuple[UnitDef, int] | None:
        """A currency symbol written just before ``text[pos]`` (``$100``, ``US$ 3``): the unit and its start."""
        left = pos
        if left > 0 and text[left - 1] == " ":
            left -= 1
        for prefix, d in sorted(self._by_prefix.items(), key=lambda kv: -len(kv[0])):
            if text.startswith(prefix, left - len(prefix)) and left - len(prefix) >= 0:
                return d, left - len(prefix)
        return None

    def unit(self, unit_id: str) -> UnitDef:
        return self.units[unit_id]

    def base_of(self, dimension: str) -> str | None:
        return self.dimensions.get(dimension) or None


def _by_first_character(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        index.setdefault(word[0], []).append(word)
    return {first: tuple(found) for first, found in index.items()}


def may_glue(registry: UnitRegistry, numeral: str, unit_surface: str) -> bool:
    """Whether a numeral word may be written with no space before this unit: longer numerals always may (삼십개);
    a one-syllable one only before the glued_units of units.yaml, and never a Sino-Korean digit (사건, 일부)."""
    if len(numeral) > 1:
        return True
    return numeral not in registry.sino_digits and unit_surface in registry.glued_units


# The sections of a units file and the shape of each: entries by id or word, a list of words, or one word.
_MAPPING, _LIST, _WORD = "a mapping of entries", "a list of quoted words", "one quoted word"
_SHAPES = {
    **dict.fromkeys((
        "scales", "sino_digits", "native_numerals", "native_ranges", "counted_from", "duration_words",
        "fraction_words", "vague_numerals", "ratio_places", "dimensions", "units", "rate_prefixes", "rate_periods",
        "degree_prefixes", *_SECTIONS_OF_KIND,
    ), _MAPPING),
    **dict.fromkeys((
        "digit_scales", "sino_lookalikes", "native_determiners", "indefinite_determiners", "pronoun_numerals",
        "native_ordinal_markers", "counted_before_size", "sized_before_glued_noun", "designation_counters",
        "native_counters", "glued_units", "decimal_point", "rate_dimensions", "sign_prefixes",
    ), _LIST),
    "fraction_marker": _WORD,
}  # fmt: skip
_TYPE_OF_SHAPE = {_MAPPING: dict, _LIST: list, _WORD: str}


def _read(path: Path) -> dict[str, Any]:
    """The sections of one units file, each of the shape the schema gives it (None: the section is empty), with
    every entry id no longer than a word may be."""
    data = read_yaml(path, "units file")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RegistryError(str(path), "", "", "the top level must be a mapping of sections")
    for section, entries in data.items():
        shape = _SHAPES.get(section)
        if shape is None:
            raise RegistryError(str(path), shown(section), "", f"unknown section; expected one of {sorted(_SHAPES)}")
        if entries is not None and not isinstance(entries, _TYPE_OF_SHAPE[shape]):
            raise RegistryError(str(path), section, "", f"must be {shape}, got {type(entries).__name__}")
        if isinstance(entries, str):
            _check_word(str(path), section, "", entries)
        if isinstance(entries, dict):
            for key in entries:
                _check_word(str(path), shown(key), "", key)
    return data
