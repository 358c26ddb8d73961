"""Public value types: what korfacts returns.

Everything here is frozen and imports nothing from the rest of the package. Offsets always index the original text
that was passed to ``extract()``; ``text`` fields are slices of it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

__all__ = ["Fact", "Mention", "Per", "Quantity", "Span", "TimeRef", "json_number"]


def json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: an int when integral, else a float; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@attrs.frozen(kw_only=True)
class Span:
    """A piece of the original text: ``original[start:end] == text``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@attrs.frozen(kw_only=True)
class Mention:
    """A stretch of text that a fact is tied to (its subject or its measure).

    ``inferred`` is true when the mention is not in the fact's own sentence but carried over from the article
    (a topic such as ``광주시는`` that later sentences leave unsaid).
    """

    start: int
    end: int
    text: str
    inferred: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.inferred:
            out["inferred"] = True
        return out


@attrs.frozen(kw_only=True)
class TimeRef:
    """The time a fact refers to: ``2030년까지`` (relation ``by``), ``지난해`` (``at``), ``5년간`` (``during``).

    ``value`` is an ISO date or period (``2030``, ``2025-Q3``, ``2025-10-13``) when it can be resolved, else None.
    """

    start: int
    end: int
    text: str
    value: str | None = None
    relation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "relation": self.relation,
        }


@attrs.frozen(kw_only=True)
class Per:
    """What a rate is counted per: 1 hour in ``시간당 50㎜``, 3.3 m2 in ``3.3㎡당 4000만원``, 100000 명 in ``10만명당
    149명``, 1 year in ``연 4.5%``. ``unit`` is a unit id or a counter, as for a Quantity (the noun itself when it is
    neither: ``학생당``)."""

    value: Decimal
    unit: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"value": json_number(self.value), "unit": self.unit}

    def __str__(self) -> str:
        unit = self.unit or ""
        return unit if self.value == 1 else f"{_plain(self.value)} {unit}".rstrip()


@attrs.frozen(kw_only=True)
class Quantity:
    """A resolved quantity: a point ``value`` or a range ``low``..``high``, in ``unit``.

    ``unit`` is the canonical symbol (``KRW``, ``MW``, ``%p``) or, for counts, the Korean counter itself (``명``);
    None for a bare number. ``base_value``/``base_unit`` give the same amount in the dimension's base unit where
    there is one (``120 MW`` -> ``120000000 W``). ``per`` is set for a rate: the amount is counted per that
    (``시간당 50㎜`` is 50 mm per hour; the base value is of the amount, 0.05 m).
    """

    value: Decimal | None
    unit: str | None
    dimension: str
    low: Decimal | None = None
    high: Decimal | None = None
    base_value: Decimal | None = None
    base_unit: str | None = None
    approx: bool = False
    bound: str | None = None
    inclusive: bool | None = None
    change: str | None = None
    per: Per | None = None

    @property
    def is_range(self) -> bool:
        return self.value is None and self.low is not None and self.high is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": json_number(self.value),
            "low": json_number(self.low),
            "high": json_number(self.high),
            "unit": self.unit,
            "base_value": json_number(self.base_value),
            "base_unit": self.base_unit,
            "dimension": self.dimension,
            "approx": self.approx,
            "bound": self.bound,
            "inclusive": self.inclusive,
            "change": self.change,
            "per": self.per.to_dict() if self.per else None,
        }

    def __str__(self) -> str:
        if self.is_range:
            amount = f"{_plain(self.low)}~{_plain(self.high)}"
        else:
            amount = _plain(self.value)
        per = f" per {self.per}" if self.per else ""
        parts = [("약 " if self.approx else "") + amount + (f" {self.unit}" if self.unit else "") + per]
        if self.bound:
            parts.append(f"[{self.bound}{'' if self.inclusive in (None, True) else ', exclusive'}]")
        if self.change:
            parts.append(f"[{self.change}]")
        return " ".join(parts)


def _plain(value: Decimal | None) -> str:
    if value is None:
        return "?"
    number = json_number(value)
    return f"{number:,}" if isinstance(number, int) else f"{number:,.6g}"


@attrs.frozen(kw_only=True)
class Fact:
    """One numeric fact found in a text: the quantity, where it is written, and what it is about.

    ``per_span`` is where the denominator of a rate is written (``3.3㎡당``, ``하루``), when the quantity has one.
    """

    text: str
    start: int
    end: int
    quantity: Quantity
    sentence: tuple[int, int]
    subject: Mention | None = None
    measure: Mention | None = None
    time: TimeRef | None = None
    per_span: Span | None = None
    rules: tuple[str, ...] = ()

    # Shortcuts so that a Fact reads like its quantity.
    @property
    def value(self) -> Decimal | None:
        return self.quantity.value

    @property
    def unit(self) -> str | None:
        return self.quantity.unit

    @property
    def dimension(self) -> str:
        return self.quantity.dimension

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: text/start/end, the quantity's fields (``per`` with the text/start/end of the rate's
        denominator), subject/measure/time, sentence."""
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        out.update(self.quantity.to_dict())
        if self.quantity.per is not None and self.per_span is not None:
            out["per"] = {**self.per_span.to_dict(), **self.quantity.per.to_dict()}
        out["subject"] = self.subject.to_dict() if self.subject else None
        out["measure"] = self.measure.to_dict() if self.measure else None
        out["time"] = self.time.to_dict() if self.time else None
        out["sentence"] = {"start": self.sentence[0], "end": self.sentence[1]}
        return out

    def __repr__(self) -> str:
        about = []
        if self.subject:
            about.append(f"subject={self.subject.text!r}{'*' if self.subject.inferred else ''}")
        if self.measure:
            about.append(f"measure={self.measure.text!r}")
        if self.time:
            about.append(f"time={self.time.text!r}")
        tail = (" " + " ".join(about)) if about else ""
        return f"<Fact {self.text!r}@{self.start}:{self.end} {self.quantity} ({self.dimension}){tail}>"
