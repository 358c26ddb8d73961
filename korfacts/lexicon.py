"""The word lists of data/lexicon.yaml: qualifier words, money context, measures of bare numbers, date words."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import regex

from korfacts.datafile import read_yaml, shown
from korfacts.errors import RegistryError
from korfacts.resources import data_file

__all__ = ["Lexicon", "WordList", "bundled_lexicon_path"]


def bundled_lexicon_path() -> Path:
    """The bundled lexicon.yaml."""
    return data_file("lexicon.yaml")


@attrs.frozen
class WordList:
    """Words matched longest first at a position of the text (indexed by their first and last characters)."""

    words: tuple[str, ...]
    _set: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    _by_first: Mapping[str, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False)
    _by_last: Mapping[str, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False)

    @property
    def finals(self) -> frozenset[str]:
        """The last characters of the words."""
        return frozenset(self._by_last)

    def __attrs_post_init__(self) -> None:
        by_first: dict[str, list[str]] = {}
        by_last: dict[str, list[str]] = {}
        for word in self.words:  # already longest first
            by_first.setdefault(word[0], []).append(word)
            by_last.setdefault(word[-1], []).append(word)
        object.__setattr__(self, "_set", frozenset(self.words))
        object.__setattr__(self, "_by_first", {k: tuple(v) for k, v in by_first.items()})
        object.__setattr__(self, "_by_last", {k: tuple(v) for k, v in by_last.items()})

    @classmethod
    def of(cls, words: Any) -> WordList:
        return cls(tuple(sorted(set(words), key=len, reverse=True)))

    def match_at(self, text: str, pos: int) -> str | None:
        """The longest word that starts at ``text[pos]``."""
        if pos >= len(text):
            return None
        for word in self._by_first.get(text[pos], ()):
            if text.startswith(word, pos):
                return word
        return None

    def match_before(self, text: str, end: int) -> str | None:
        """The longest word that ends at ``text[end]`` and starts a word (space, bracket or start before it)."""
        if end <= 0:
            return None
        for word in self._by_last.get(text[end - 1], ()):
            start = end - len(word)
            if start >= 0 and text.startswith(word, start) and (start == 0 or not text[start - 1].isalnum()):
                return word
        return None

    def match_before_end(self, word: str) -> str | None:
        """The longest listed word that ``word`` ends with."""
        if not word:
            return None
        return next((w for w in self._by_last.get(word[-1], ()) if word.endswith(w)), None)

    def __contains__(self, word: object) -> bool:
        return word in self._set


@attrs.frozen(kw_only=True)
class Lexicon:
    approx_before: WordList
    approx_infix: WordList
    approx_after: WordList
    near_after: WordList
    band_after: WordList
    min_before: WordList
    max_before: WordList
    extreme_scopes: WordList
    fallen_below: WordList
    min_after: Mapping[str, bool]
    max_after: Mapping[str, bool]
    bound_after: WordList
    increase: WordList
    decrease: WordList
    increase_bare: WordList
    decrease_bare: WordList
    result_particles: WordList
    reached_particles: WordList
    money_context: WordList
    money_acts: WordList
    money_words: WordList  # money_context and money_acts: what makes a bare scale amount won
    act_modifiers: WordList
    bare_number_measures: WordList
    ordinal_prefixes: WordList
    date_words: WordList
    duration_after: WordList
    particles: WordList
    not_change: WordList
    apart_words: WordList
    relative_after: WordList
    per_suffixes: WordList
    numeral_idioms: WordList
    label_before: WordList
    label_units: WordList
    pointing_words: WordList
    period_nouns: WordList
    estimate_words: WordList
    ranked_nouns: WordList
    regnal_titles: WordList
    conjunctions: WordList
    qualifier_adverbs: WordList
    respective_words: WordList
    frequency_counters: WordList
    product_tiers: WordList
    measured_counters: WordList
    measure_suffixes: WordList
    reference_words: WordList
    counted_after: WordList
    named_numbers: WordList
    game_periods: WordList
    inning_before: WordList
    label_prefixes: WordList
    inning_after: WordList
    outs_after: WordList
    size_words: WordList
    direction_suffixes: WordList
    penalty_words: WordList
    sentencing_verbs: WordList
    trial_words: WordList
    among_words: WordList
    title_words: WordList
    source_verbs: WordList
    not_topics: WordList
    age_words: WordList
    clause_nouns: WordList
    attribute_suffixes: WordList
    light_verbs: WordList
    person_titles: WordList
    piece_words: WordList
    stating_nouns: WordList
    cause_markers: WordList
    event_nouns: WordList
    victim_nouns: WordList
    modifier_nouns: WordList
    level_words: WordList
    side_words: WordList
    amount_verbs: WordList
    cost_suffixes: WordList
    scope_words: WordList
    action_measures: WordList
    demonstratives: WordList
    bracket_labels: WordList
    span_nouns: WordList
    storeyed_nouns: WordList
    storey_pair: WordList
    not_measures: WordList
    per_period_after: WordList
    topic_particles: WordList
    weak_topic_particles: WordList
    lead_subject_particles: WordList
    entity_suffixes: WordList
    place_suffixes: WordList
    entity_nouns: WordList
    size_phrases: WordList
    headline_topic_marks: WordList
    connectives: WordList
    caption_marks: WordList
    user_words: WordList
    user_proper_nouns: WordList
    comparison_after: WordList
    reporting_verbs: WordList
    phrase_stops: WordList  # not_measures and connectives: words a noun phrase never reaches back over
    head_stops: WordList  # phrase_stops, among, size and reference words: nouns a phrase never runs on to
    caption_pattern: regex.Pattern[str]  # any of caption_marks
    time_words: Mapping[str, tuple[str, int]]
    time_relations: Mapping[str, str]

    def names_money(self, word: str) -> bool:
        """``word`` (maybe with a particle: ``매매가``, ``소매가격은``) is a word of ``money_context`` or
        ``money_acts``, or ends in one (``영업익``, ``기업가치``, ``재산피해``)."""
        particle = self.particles.match_before_end(word)
        stems = (word, word[: -len(particle)]) if particle and len(word) > len(particle) else (word,)
        money = self.money_words
        return any(stem in money or any(stem.endswith(w) for w in money.words) for stem in stems)

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        path = path or bundled_lexicon_path()
        data = read_yaml(path, "lexicon") or {}
        if not isinstance(data, dict):
            raise RegistryError(str(path), "", "", "the top level must be a mapping of word lists")
        # Every WordList field is a list of the same name in the file, but the three derived from others.
        derived = ("bound_after", "phrase_stops", "head_stops", "money_words")
        lists = [f.name for f in attrs.fields(cls) if f.type in ("WordList", WordList) and f.name not in derived]
        fields: dict[str, Any] = {}
        for name in lists:
            words = data.get(name)
            if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
                raise RegistryError(str(path), name, name, "must be a list of non-empty quoted strings")
            fields[name] = WordList.of(words)
        for name in ("min_after", "max_after"):
            table = data.get(name)
            if not isinstance(table, dict) or not all(v in ("true", "false") for v in table.values()):
                raise RegistryError(str(path), name, name, 'must map each word to "true" or "false" (inclusive)')
            fields[name] = {str(k): v == "true" for k, v in table.items()}
        fields["bound_after"] = WordList.of([*fields["min_after"], *fields["max_after"]])
        fields["money_words"] = WordList.of([*fields["money_context"].words, *fields["money_acts"].words])
        fields["phrase_stops"] = WordList.of([*fields["not_measures"].words, *fields["connectives"].words])
        heads = ("among_words", "size_words", "reference_words")
        fields["head_stops"] = WordList.of(
            [*fields["phrase_stops"].words, *(w for h in heads for w in fields[h].words)]
        )
        fields["caption_pattern"] = regex.compile("|".join(regex.escape(w) for w in fields["caption_marks"].words))
        time_words: dict[str, tuple[str, int]] = {}
        for word, offset in _table(path, data, "time_words").items():
            if not isinstance(offset, dict) or len(offset) != 1:
                raise RegistryError(str(path), shown(word), "time_words", "must be {years|months|weeks|days: 'N'}")
            [(unit, amount)] = offset.items()
            if unit not in _TIME_UNITS or not isinstance(amount, str) or not regex.fullmatch(r"-?[0-9]{1,4}", amount):
                raise RegistryError(str(path), shown(word), shown(unit), "must be years|months|weeks|days: 'N'")
            time_words[str(word)] = (unit, int(amount))
        fields["time_words"] = time_words
        relations = _table(path, data, "time_relations")
        for word, relation in relations.items():
            if not isinstance(relation, str) or relation not in _RELATIONS:
                raise RegistryError(str(path), shown(word), "time_relations", f"must be one of {sorted(_RELATIONS)}")
        fields["time_relations"] = {str(k): str(v) for k, v in relations.items()}
        return cls(**fields)


def _table(path: Path, data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """The mapping ``name`` of the file (empty when it is absent)."""
    table = data.get(name) or {}
    if not isinstance(table, dict):
        raise RegistryError(str(path), name, name, f"must be a mapping, got {type(table).__name__}")
    return table


_TIME_UNITS = frozenset({"years", "months", "weeks", "days"})
_RELATIONS = frozenset({"at", "by", "from", "during"})
