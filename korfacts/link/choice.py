"""How a link is chosen: an ordered tuple of named rules, each proposing a candidate, settling that there is none, or
passing; the first candidate no check rejects wins.

This is the shape of every linker (measure, subject): a rule is a small function with a name, so that
``Extractor.explain`` can say which rule proposed each candidate, which check rejected it and which one decided.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import attrs

from korfacts.model import Mention

__all__ = ["Considered", "NoLink", "Rule", "choose"]

Q = TypeVar("Q")


@attrs.frozen
class NoLink:
    """What a rule returns when it settles that there is no link at all: ``reason`` says why (an age in a note
    about a name measures nothing)."""

    reason: str


@attrs.frozen
class Considered:
    """One candidate as ``explain`` shows it: the rule that proposed it, what it proposed and the verdict."""

    rule: str
    found: Mention | None
    verdict: str  # "chosen", "rejected: <why>", "none: <why>", "later" (proposed by a rule after the chosen one)

    def __str__(self) -> str:
        found = f"{self.found.text!r}@{self.found.start}:{self.found.end}" if self.found is not None else "-"
        return f"{self.rule}: {found} {self.verdict}"


Rule = Callable[[Q], "Mention | NoLink | None"]
Check = Callable[[Q, Mention], "str | None"]  # the reason a candidate is rejected, or None


@attrs.frozen
class Chosen(Generic[Q]):
    mention: Mention | None
    rule: str | None  # the rule whose candidate was chosen (or that settled there is none)


def choose(
    rules: Sequence[Rule[Q]],
    query: Q,
    checks: Sequence[Check[Q]] = (),
    trace: list[Considered] | None = None,
) -> Chosen[Q]:
    """The first candidate of ``rules`` (in order) that no check rejects. ``trace`` collects every candidate: those
    considered, the one chosen, and what the rules after it would have proposed ("later")."""
    chosen: Chosen[Q] | None = None
    for rule in rules:
        found = rule(query)
        if found is None:
            continue
        name = rule_name(rule)
        if chosen is not None:  # only when tracing: what the rules after the choice propose
            assert trace is not None
            if not isinstance(found, NoLink):
                trace.append(Considered(name, found, "later"))
            continue
        if isinstance(found, NoLink):
            verdict, chosen = f"none: {found.reason}", Chosen(None, name)
        else:
            reason = next((r for check in checks if (r := check(query, found)) is not None), None)
            verdict = "chosen" if reason is None else f"rejected: {reason}"
            if reason is None:
                chosen = Chosen(found, name)
        if trace is not None:
            trace.append(Considered(name, found if not isinstance(found, NoLink) else None, verdict))
        if chosen is not None and trace is None:
            return chosen
    return chosen or Chosen(None, None)


def rule_name(rule: Callable[..., object]) -> str:
    """A rule's name as ``explain`` shows it: its function name without the leading underscore."""
    return getattr(rule, "__name__", repr(rule)).lstrip("_")
