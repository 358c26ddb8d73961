"""Sentences and morphemes, with offsets into the original text. The only module that knows Kiwi exists.

One Kiwi pass per text gives both the sentences and their morphemes (``split_into_sents(return_tokens=True)``),
never a sentence split followed by a second analysis. A Kiwi is built lazily, once per ``Analyzer``; it runs
single-threaded, so that a process that used it can fork safely and each batch worker owns its own.

Kiwi reads text as UTF-16 and raises on a lone surrogate (``"3명 \\ud800"``, which a str may hold). It is given a copy
in which each lone surrogate is U+FFFD, one character for one, so that its offsets still index the original text;
every other code point reaches it as it is.
"""

from __future__ import annotations

import bisect
import logging
import threading
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import regex

__all__ = ["Analyzer", "Morph", "Sentence"]

log = logging.getLogger(__name__)

_LATIN, _AMPERSAND = "SL", "&"  # Kiwi's tag of foreign words; the ampersand of S&P
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_REPLACEMENT = "\ufffd"


@attrs.frozen(kw_only=True)
class Morph:
    """One morpheme: ``form`` as Kiwi reads it, its Sejong ``tag``, and ``start``/``end`` into the original text."""

    form: str
    tag: str
    start: int
    end: int


@attrs.frozen(kw_only=True)
class Sentence:
    """A sentence of the original text (``start``/``end``) and its morphemes."""

    start: int
    end: int
    morphs: tuple[Morph, ...]
    _starts: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(m.start for m in self.morphs))

    def morph_at(self, pos: int) -> Morph | None:
        """The morpheme covering character ``pos``, if any."""
        i = bisect.bisect_right(self._starts, pos) - 1
        while i >= 0:
            m = self.morphs[i]
            if m.start <= pos < m.end:
                return m
            if m.end <= pos and m.end > m.start:
                return None
            i -= 1  # zero-length morphemes (Kiwi's ᆫ) share a start with the one before
        return None

    def index_from(self, pos: int) -> int:
        """The index of the first morpheme that starts at or after ``pos`` (``len(morphs)`` when none does)."""
        return bisect.bisect_left(self._starts, pos)

    def within(self, start: int, end: int) -> list[Morph]:
        """The morphemes inside ``[start, end)``: those that start at or after ``start`` and end by ``end``, in
        order. Costs the morphemes between, not the sentence."""
        out = []
        for i in range(self.index_from(start), len(self.morphs)):
            m = self.morphs[i]
            if m.start > end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def last_before(self, pos: int, count: int) -> list[Morph]:
        """The last ``count`` morphemes that end by ``pos``, in order. Costs ``count``, not the sentence."""
        out: list[Morph] = []
        i = bisect.bisect_right(self._starts, pos) - 1
        while i >= 0 and len(out) < count:
            if self.morphs[i].end <= pos:
                out.append(self.morphs[i])
            i -= 1
        out.reverse()
        return out

    def covering(self, start: int, end: int) -> list[Morph]:
        """The morphemes that overlap ``[start, end)``, in order."""
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        while i > 0 and self.morphs[i - 1].end > start:
            i -= 1
        out = []
        for k in range(i, len(self.morphs)):  # by index: a slice would copy the rest of the sentence
            m = self.morphs[k]
            if m.start >= end:
                break
            if m.end > start:
                out.append(m)
        return out


@attrs.frozen(kw_only=True)
class UserWord:
    """A word Kiwi should know as one morpheme (``냉각용수``: Kiwi alone reads 냉각+용+수도)."""

    form: str
    tag: str = "NNG"
    score: float = 0.0


class Analyzer:
    """Kiwi behind a small interface: ``analyze(text) -> [Sentence]``. Thread-safe; built on first use."""

    def __init__(self, user_words: Sequence[UserWord] = ()) -> None:
        self._user_words = tuple(user_words)
        self._kiwi: Any = None
        self._lock = threading.Lock()  # replaced by the lock of the shared Kiwi once it is built

    def _get(self) -> Any:
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    self._kiwi, self._lock = _shared_kiwi(self._user_words)
        return self._kiwi

    def warm_up(self) -> None:
        """Build Kiwi and run its lazy set-up now rather than on the first real text."""
        self._get().tokenize("준비 1개")

    def analyze(self, text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
        """The sentences of ``text[start:end]`` with their morphemes, in one Kiwi pass; offsets index ``text``."""
        piece = _for_kiwi(text[start:end])
        if not piece.strip():
            return []
        kiwi = self._get()
        with self._lock:
            sents = kiwi.split_into_sents(piece, return_tokens=True, return_sub_sents=False)
        return [_sentence(start + s.start, start + s.end, s.tokens, start) for s in sents]

    def tokenize(self, text: str) -> list[Morph]:
        """The morphemes of ``text`` as one piece (no sentence split)."""
        kiwi = self._get()
        with self._lock:
            tokens = kiwi.tokenize(_for_kiwi(text))
        return list(_morphs(tokens, 0))


_KIWIS: dict[tuple[UserWord, ...], tuple[Any, threading.Lock]] = {}
_KIWIS_LOCK = threading.Lock()


def _shared_kiwi(user_words: tuple[UserWord, ...]) -> tuple[Any, threading.Lock]:
    """One Kiwi per process and user dictionary (it takes seconds and hundreds of MB to build), with the lock that
    serializes calls into it."""
    with _KIWIS_LOCK:
        shared = _KIWIS.get(user_words)
        if shared is None:
            from kiwipiepy import Kiwi

            with warnings.catch_warnings():
                # num_workers=0 means one thread since kiwipiepy 0.21; it warns about the change.
                warnings.simplefilter("ignore", DeprecationWarning)
                kiwi = Kiwi(num_workers=0)
            for word in user_words:
                kiwi.add_user_word(word.form, word.tag, word.score)
            log.debug("Kiwi ready with %d user words", len(user_words))
            shared = _KIWIS[user_words] = (kiwi, threading.Lock())
    return shared


def _for_kiwi(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (Kiwi cannot encode one): as long as ``text``, so that
    Kiwi's offsets index it."""
    return _SURROGATE.sub(_REPLACEMENT, text)


def _morphs(tokens: Iterable[Any], offset: int) -> Iterable[Morph]:
    for t in tokens:
        yield Morph(form=t.form, tag=t.tag, start=offset + t.start, end=offset + t.start + t.len)


def _joined_names(morphs: Iterable[Morph]) -> tuple[Morph, ...]:
    """``SK E&S``, ``S&P``, ``AT&T``: Kiwi splits a Latin name at its ampersand; the name is one foreign word."""
    out: list[Morph] = []
    for m in morphs:
        if len(out) >= 2 and m.tag == _LATIN and out[-1].form == _AMPERSAND and out[-2].tag == _LATIN:
            amp, name = out[-1], out[-2]
            if name.end == amp.start and amp.end == m.start:
                out[-2:] = [Morph(form=name.form + amp.form + m.form, tag=_LATIN, start=name.start, end=m.end)]
                continue
        out.append(m)
    return tuple(out)


def _sentence(start: int, end: int, tokens: Iterable[Any], offset: int) -> Sentence:
    return Sentence(start=start, end=end, morphs=_joined_names(_morphs(tokens, offset)))
