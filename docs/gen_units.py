"""Write docs/units.md from data/units.yaml: every dimension, unit, counter, marker and numeral word korfacts knows.

Run from the repository root:

    python docs/gen_units.py

The page is read through ``korfacts.units.UnitRegistry``, the same loader the library uses, so it shows the
vocabulary exactly as korfacts sees it (after validation), in the order of the file.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The source tree first, so that the page shows this checkout's data/units.yaml, not an installed copy.
sys.path.insert(0, str(ROOT))

from korfacts.units import AGE, COUNTER, ORDINAL, UnitDef, UnitRegistry  # noqa: E402

PAGE = ROOT / "docs" / "units.md"
SOURCE = "data/units.yaml"
NON_QUANTITIES = ("date", "time", "ordinal")


def number(value: Decimal) -> str:
    """A factor as a reader would write it: 1000, 604800, 0.0254, 1e6, 1.25e8, 1e-6."""
    value = value.normalize()
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    magnitude = len(digits) + exponent  # digits before the decimal point
    plain = magnitude <= 6 if exponent >= 0 else magnitude > -3
    if plain:
        return f"{value:f}"
    mantissa = Decimal((0, digits, -(len(digits) - 1))).normalize()
    return f"{'-' if sign else ''}{mantissa:f}e{magnitude - 1}"


def code(words: Iterable[str]) -> str:
    """Words as inline code, comma-separated; a pipe would end the table cell."""
    return ", ".join(f"`{w}`".replace("|", "\\|") for w in words)


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def words_of(registry: UnitRegistry, kind: str) -> list[UnitDef]:
    return [w for w in registry.words if w.kind == kind]


def render(registry: UnitRegistry) -> str:
    counters = words_of(registry, COUNTER)
    ages = words_of(registry, AGE)
    ordinals = words_of(registry, ORDINAL)
    out = [
        f"*Generated from `{SOURCE}` by `docs/gen_units.py`. Do not edit this page by hand: change `{SOURCE}` and"
        " run `python docs/gen_units.py` from the repository root.*",
        "",
        "# Units and vocabulary",
        "",
        f"Everything korfacts knows about units, counters and number words comes from `{SOURCE}`. This page lists it:"
        f" {len(registry.dimensions)} dimensions, {len(registry.units)} units, {len(counters)} counters,"
        f" {len(ages)} age counters and {len(ordinals)} ordinal markers."
        " How to add to it: [vocabulary.md](vocabulary.md).",
        "",
        "## Dimensions",
        "",
        "`base` is the unit that `base_unit`/`base_value` of a fact are given in. A dimension without one reports"
        " `base_value: null`. `date`, `time` and `ordinal` are not quantities: facts of these dimensions are returned"
        " only by `Extractor(include_non_quantities=True)`.",
        "",
    ]
    held_by = {
        "count": f"{len(counters)} counters",
        "age": f"{len(ages)} age counters",
        "ordinal": f"{len(ordinals)} ordinal markers",
        "fraction": "fractions (`3분의 2`)",
        "number": "bare numbers (`승점 4`)",
        "date": "days and years read as points in time",
        "time": "clock times (`3시 20분`)",
    }

    def read_from(name: str) -> str:
        n = sum(1 for u in registry.units.values() if u.dimension == name)
        return f"{n} unit{'s' if n != 1 else ''}" if n else held_by.get(name, "")

    out += table(
        ("dimension", "base unit", "read from"),
        (
            (
                f"`{name}`" + (" (not a quantity)" if name in NON_QUANTITIES else ""),
                f"`{base}`" if base else "—",
                read_from(name),
            )
            for name, base in registry.dimensions.items()
        ),
    )
    out += [
        "## Units",
        "",
        "`id` is what a fact reports as `unit`. `factor` is how many base units one of this unit is (empty: not"
        " converted). `surfaces` are written after the number (`120㎿`), `prefixes` before it (`$100`); both are"
        " matched longest first. A minor currency unit names its main unit and the ratio.",
        "",
    ]
    out += table(
        ("id", "dimension", "factor", "surfaces", "prefixes"),
        (
            (
                f"`{cell(u.id)}`",
                u.dimension,
                number(u.factor) if u.factor is not None else "",
                code(u.surfaces)
                + (f" (= {number(u.ratio)} `{u.subunit_of}`)" if u.subunit_of and u.ratio is not None else ""),
                code(u.prefixes),
            )
            for u in registry.units.values()
        ),
    )
    out += [
        "## Counters",
        "",
        "Dimension `count`. The unit of a count is the counter itself (`20만장` → unit `장`). The gloss says what"
        " the counter counts.",
        "",
    ]
    out += table(("counter", "counts"), ((f"`{w.id}`", cell(w.gloss)) for w in counters))
    out += ["## Age counters", "", "Dimension `age`; the unit is the counter (`35세` → `세`).", ""]
    out += table(("counter", "meaning"), ((f"`{w.id}`", cell(w.gloss)) for w in ages))
    out += [
        "## Ordinal markers",
        "",
        "A number before one of these is a rank or a label (dimension `ordinal`), never an amount. A word that is"
        " also a counter ("
        + code(w.id for w in ordinals if w.id in {c.id for c in counters})
        + ") is read as a count, unless digits come before it and a bare noun after it (`3대 강국`) or glued to it"
        + " (`4대강`, `17번홀`; not after the counters of `sized_before_glued_noun`: `4인조`, `25인승`)."
        " Ordinal after a native numeral as well (`세 번째`): " + code(registry.native_ordinal_markers) + ".",
        "",
    ]
    out += table(("marker", "meaning"), ((f"`{w.id}`", cell(w.gloss)) for w in ordinals))
    out += [
        "## Scales",
        "",
        "Scale words fold into the number before them: `1만5000` = 15000, `10조1000억` = 10100000000000. Words"
        " below 만 multiply within a group of four digits; 만 and above close a group.",
        "",
    ]
    out += table(("word", "value"), ((f"`{w}`", f"{int(v):,}") for w, v in registry.scales.items()))
    low, high = registry.vague_range
    out += [
        "## Numeral words",
        "",
        "### Sino-Korean digits",
        "",
        ", ".join(f"`{w}` {number(v)}" for w, v in registry.sino_digits.items()),
        "",
        "Written alone in running text, these are read as another word, not a number (`parse()` still reads them): "
        + code(registry.sino_lookalikes)
        + ".",
        "",
        "### Native numerals",
        "",
        ", ".join(f"`{w}` {number(v)}" for w, v in registry.native_numerals.items()),
        "",
        "Forms used only before a counter or a noun, never alone: "
        + code(registry.native_determiners)
        + ". Before a plain noun they count it (`두 후보`: 2 후보), except the indefinite "
        + code(registry.indefinite_determiners)
        + ' (`한 시민` is "a citizen"). Standing alone, never counting a noun after them: '
        + code(registry.pronoun_numerals)
        + ".",
        "",
        "### Native ranges",
        "",
        ", ".join(f"`{w}` {number(a)}–{number(b)}" for w, (a, b) in registry.native_ranges.items()),
        "",
        "### Other number words",
        "",
        f"- Decimal point between Sino-Korean digits: {code(registry.decimal_points)} (`삼점사` = 3.4).",
        f"- Fraction marker: `{registry.fraction_marker}` (`3분의 2` = 2/3).",
        f"- Vague numeral prefix: `{registry.vague_prefix}` before a scale word, read as {number(low)}× to"
        f" {number(high)}× the scale and approximate (`수십만` = 200,000–900,000).",
        "- Words that are a span of time by themselves: "
        + ", ".join(f"`{w}` {number(v)} {unit}" for w, (v, unit) in registry.duration_words.items())
        + ".",
        "",
        "## Prefixes",
        "",
        "Words written before a number that change how it is read.",
        "",
        f"- Sign (the number is negative): {code(registry.sign_prefixes)}.",
        "- Rate (a length becomes a speed, a mass a concentration): "
        + "; ".join(
            f"`{word}` " + ", ".join(f"`{written}` → `{rate}`" for written, rate in mapping.items())
            for word, mapping in registry.rate_prefixes.items()
        )
        + ".",
        "- What degrees (도) are, by the word before the number (a temperature scale or an angle): "
        + ", ".join(f"`{word}` → `{unit}`" for word, unit in registry.degree_prefixes.items())
        + ".",
        "- Currency symbols written before the number are the `prefixes` column of the units table.",
        "",
    ]
    return "\n".join(out)


def main() -> int:
    PAGE.write_text(render(UnitRegistry.load()), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
