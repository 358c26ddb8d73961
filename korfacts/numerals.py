"""Every Korean way to write a number, read into a Decimal.

Two entry points, both driven by the vocabulary of ``units.yaml`` (scale words, Sino-Korean digits, native numerals):

- ``NumeralReader.value_of(surface)`` reads a whole numeral string: ``1,382.3``, ``１２``, ``10조1000억``,
  ``3억4천만``, ``2천500만``, ``23만28``, ``삼십오만``, ``이천삼백``, ``삼점사``, ``열두``, ``스물다섯``.
- ``NumeralReader.scan(text, sentence)`` finds the numerals written in a sentence of running text, with their
  offsets. It is stricter than ``value_of``: a Hangul numeral must be a word of its own that Kiwi reads as a
  numeral (``삼`` in ``삼성`` is not three), and digits glued to a word (``코로나19``, ``S24``) are names, not numbers.

Every value is exact. A run of more than ``MAX_DIGITS`` digits is no number (an account or card number, a code, the
digits of π), and a numeral whose value would need more than ``MAX_DIGITS`` significant digits is not read
(``1234567890123456789012345678경1``): so no value is ever rounded, and none is ever too long to convert. Only a
division can give a value that does not end (``3분의 2``, ``6⅓``): ``quotient`` rounds it to ``QUOTIENT_DIGITS``
significant digits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from decimal import Context, Decimal, Inexact, localcontext
from fractions import Fraction

import attrs
import regex

from korfacts.morph import Sentence
from korfacts.units import UnitRegistry

__all__ = [
    "DIGITS",
    "MAX_DIGITS",
    "MAX_NUMERAL_LENGTH",
    "QUOTIENT_DIGITS",
    "Numeral",
    "NumeralReader",
    "has_decimals",
    "is_hangul",
    "is_latin",
    "quotient",
]

# The most digits a number may have, as written (``1,234.5`` has five) or as its value needs (``3경`` one): the
# precision of Python's default decimal context, so that every value is exact. Real amounts stay far below it (1경,
# 10^16, has 17 digits written out); a longer run of digits is an identifier or noise.
MAX_DIGITS = 28
# A quotient that does not end (2/3) is rounded to this many significant digits, as a float would show it.
QUOTIENT_DIGITS = 15
# The longest a numeral may be written, in characters: 28 digits with their commas and point, or Hangul numerals up
# to 경 with decimals (구천구백구십구경 … 점 …). A longer run of numeral characters is no number, and nothing reads
# past this many characters of it, so that reading a numeral costs the same however long the run is.
MAX_NUMERAL_LENGTH = 64
# The digits of a digit numeral: ASCII and full-width.
DIGITS = "0123456789０１２３４５６７８９"

# Kiwi tags a Hangul numeral may carry: numeral (NR), determiner (MM: 두, 세, 한), digits (SN).
_NUMERAL_TAGS = frozenset({"NR", "MM", "SN"})
_DECIMAL_POINTS = ".．"  # 1,382.3 and full-width １８．３
_BIG_SCALE = Decimal(10000)
# The vulgar fraction characters (½ ⅓ ⅔ ¼ …), which news writes after digits: 6⅓이닝.
_VULGAR = "".join(ch for ch in map(chr, range(0xBC, 0x2190)) if unicodedata.name(ch, "").startswith("VULGAR FRACTION"))
_ONLY = "만"
# Arithmetic of value_of: any rounding raises Inexact, and the numeral is refused rather than read inexactly.
_EXACT = Context(prec=MAX_DIGITS, traps=[Inexact])


def quotient(value: Fraction) -> Decimal:
    """``value`` as a Decimal: exact when it ends within ``MAX_DIGITS`` digits (3/8 = 0.375), else rounded to
    ``QUOTIENT_DIGITS`` significant digits (2/3 = 0.666666666666667, 19/3 = 6.33333333333333)."""
    numerator, denominator = Decimal(value.numerator), Decimal(value.denominator)
    try:
        with localcontext(_EXACT):
            return numerator / denominator
    except Inexact:
        with localcontext(Context(prec=QUOTIENT_DIGITS)):
            return numerator / denominator


def has_decimals(written: str) -> bool:
    """The number as written has a decimal point (``18.3``, ``31.0``): an average or a ratio, never a day of the month
    or a count of whole things."""
    return any(point in written for point in _DECIMAL_POINTS)


def is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣" or "ㄱ" <= ch <= "ㆎ"


def is_latin(ch: str) -> bool:
    return (ch.isascii() and ch.isalpha()) or "Ａ" <= ch <= "ｚ"


@attrs.frozen(kw_only=True)
class Numeral:
    """A number written in the text (private to the pipeline; the public result is a Quantity).

    ``high`` is set for a native range word (``두세`` = 2..3). ``kind`` says how it was written: digits (with or
    without scale words), sino (Sino-Korean words) or native. ``scale`` is the last scale word's value, if the
    numeral ends in one (``30만`` -> 10000), so that ``20~30만`` can lend it to ``20``.
    """

    start: int
    end: int
    value: Decimal
    kind: str
    high: Decimal | None = None
    scale: Decimal | None = None
    approx: bool = False  # 2000여만: the approximate 여 before a scale word


class NumeralReader:
    """Reads numerals with the vocabulary of a UnitRegistry."""

    def __init__(self, registry: UnitRegistry, approx_infixes: Iterable[str] = ()) -> None:
        self.registry = registry
        self._scales = dict(registry.scales)
        self._scales_longest_first = sorted(self._scales.items(), key=lambda kv: -len(kv[0]))
        self._sino = dict(registry.sino_digits)
        self._native = dict(registry.native_numerals)
        self._native_ranges = dict(registry.native_ranges)
        self._points = tuple(registry.decimal_points)
        self._fraction = registry.fraction_marker

        def alt(words: Iterable[str]) -> str:
            return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))

        digits = rf"[0-9０-９]+(?:[,，][0-9０-９]{{3}})*(?:[{_DECIMAL_POINTS}][0-9０-９]+|[{_VULGAR}])?"  # 6⅓ (innings)
        scale, sino, point = alt(self._scales), alt(self._sino), alt(self._points)
        tens = alt(w for w, v in self._native.items() if v >= 10)
        units = alt(w for w, v in self._native.items() if v < 10)
        ranges = alt(self._native_ranges)
        vague = regex.escape(registry.vague_prefix) if registry.vague_prefix else "(?!)"
        glue = alt([*registry.sign_prefixes, registry.fraction_marker])
        infix = alt(approx_infixes) if approx_infixes else "(?!)"
        self._infix = regex.compile(rf"(?:{infix})(?=(?:{scale}))")
        self.approx_infixes = frozenset(approx_infixes)
        self._pieces = regex.compile(
            rf"""
            (?P<digits>{digits})            # 1,382.3  １２  20
            | (?P<scale>{scale})            # 만 억 조 천 ...
            | (?P<point>{point})            # the 점 of 삼점사
            | (?P<range>{ranges})           # 두세, 서너
            | (?P<native>{tens}|{units})    # 열 스물 다섯 한 두
            | (?P<sino>{sino})              # 삼 오 칠
            """,
            regex.VERBOSE,
        )
        self._scan = regex.compile(
            rf"""
            (?P<digits>
                {digits}                           # 10  1,382.3  １２
                (?:(?:{infix})?(?:{scale})+(?:{digits})?)*  # 조1000억, 2000여만: scale words, maybe more digits
            )
            | (?:(?<![가-힣0-9０-９])|(?<={glue}))  # a Hangul numeral starts a word (or follows 마이너스, 분의)
              (?:
                (?P<range>{ranges})(?![가-힣]*?(?:{tens}|{units}))  # 두세 (before a counter)
              | (?P<native>(?:{tens})(?:{units})?|(?:{units}))     # 열두  스물다섯  한
              | (?P<vague>{vague}(?:{scale})+)      # 수십만, 수백억: some hundred thousands
              | (?P<sino>
                  (?:{sino}|{scale})+                # 삼십오만  이천삼백  백
                  (?:(?:{point})(?:{sino})+)?        # 삼점사
                )
              )
            """,
            regex.VERBOSE,
        )

    # --- reading a numeral string -------------------------------------------------------------------------------

    def value_of(self, surface: str) -> Decimal | None:
        """The value of a string that is one numeral and nothing else, or None. None too for a numeral of more than
        ``MAX_NUMERAL_LENGTH`` characters, of more than ``MAX_DIGITS`` digits, or whose value needs more than
        ``MAX_DIGITS`` significant digits: the value returned is always exact."""
        if not surface or len(surface) > MAX_NUMERAL_LENGTH:
            return None
        try:
            with localcontext(_EXACT):
                return self._value_of(surface)
        except Inexact:
            return None  # "1234567890123456789012345678경1": 45 significant digits

    def _value_of(self, surface: str) -> Decimal | None:
        pos = 0
        total = Decimal(0)  # closed groups (만, 억, 조 ...)
        group = Decimal(0)  # the group below 만 (십 백 천)
        current: Decimal | None = None
        last = ""  # kind of the previous piece
        last_big: Decimal | None = None  # scale words must descend: 2억4천4백만, not 4천2억
        last_small: Decimal | None = None
        fraction_digits: list[Decimal] | None = None
        for m in self._pieces.finditer(surface):
            if m.start() != pos:
                return None
            pos = m.end()
            kind = m.lastgroup or ""
            word = m.group()
            if fraction_digits is not None:  # after 점: digits read one by one
                if kind != "sino":
                    return None
                fraction_digits.append(self._sino[word])
                continue
            if kind == "digits":
                if last in ("digits", "sino", "native"):
                    return None
                current = _digits(word)
                if current is None:
                    return None
                if last == "scale" and current >= min(x for x in (last_big, last_small) if x is not None):
                    return None  # 1만15000 is not a number
            elif kind == "sino":
                if last in ("digits", "sino", "native"):
                    return None
                current = self._sino[word]
            elif kind == "native":
                value = self._native[word]
                if last == "native" and current is not None and current >= 10 and current % 10 == 0 and value < 10:
                    current += value  # 스물 + 다섯
                elif last in ("digits", "sino", "native"):
                    return None
                else:
                    current = value
            elif kind == "range":
                return None  # a range word is not a single value
            elif kind == "point":
                if last not in ("sino", "digits") or current is None:
                    return None
                fraction_digits = []
            elif kind == "scale":
                factor = self._scales[word]
                if factor < _BIG_SCALE:
                    if last_small is not None and factor >= last_small:
                        return None
                    last_small = factor
                    group += (current if current is not None else Decimal(1)) * factor
                else:
                    if last_big is not None and factor >= last_big:
                        return None
                    last_big, last_small = factor, None
                    amount = group + (current if current is not None else Decimal(0))
                    total += (amount if amount else Decimal(1)) * factor
                    group = Decimal(0)
                current = None
            last = kind
        if pos != len(surface):
            return None
        value = total + group + (current if current is not None else Decimal(0))
        if fraction_digits is not None:
            if not fraction_digits:
                return None
            value += Decimal("0." + "".join(str(d) for d in fraction_digits))
        return value

    def without_infix(self, surface: str) -> str:
        """``2억2000여만`` as ``2억2000만``: the approximate 여 before a scale word taken out."""
        return self._infix.sub("", surface)

    def range_of(self, surface: str) -> tuple[Decimal, Decimal] | None:
        """A native range word (``두세``) as (low, high)."""
        return self._native_ranges.get(surface)

    def trailing_scale(self, surface: str) -> Decimal | None:
        """The value of the scale word a numeral ends with (``30만`` -> 10000), if any."""
        for word, factor in self._scales_longest_first:
            if surface.endswith(word):
                return factor
        return None

    # --- finding numerals in running text -----------------------------------------------------------------------

    def scan(self, text: str, sentence: Sentence, *, strict: bool = True) -> list[Numeral]:
        """The numerals in one sentence of ``text``, left to right, not overlapping.

        ``strict=False`` (for ``parse``) reads Hangul numerals without asking Kiwi whether they are numerals.
        """
        found: list[Numeral] = []
        for m in self._scan.finditer(text, sentence.start, sentence.end):
            kind = m.lastgroup or ""
            start, end = m.span()
            surface = m.group()
            if kind == "digits":
                if _cut_run(text, start, end, sentence):
                    continue
                if strict:
                    end = self._scale_words_end(text, start, end, surface, sentence)
                    surface = text[start:end]
                numeral = self._digit_numeral(text, start, end, surface)
            else:
                numeral = self._word_numeral(text, start, end, surface, kind, sentence if strict else None)
            if numeral is not None:
                found.append(numeral)
        return _join_spaced_groups(text, found, self)

    def _scale_words_end(self, text: str, start: int, end: int, surface: str, sentence: Sentence) -> int:
        """Where a digit numeral really ends: a scale word that Kiwi reads as part of a noun is not one
        ("1조각" is one piece, not a trillion; "3천" and "10조" are numbers), unless the rest of that noun is a unit
        or a counter after a scale word below 만 ("2천장": Kiwi reads 천장, a ceiling, where 천 and the counter 장
        follow the digits; "3경기" is three games)."""
        for piece in self._pieces.finditer(surface):
            if piece.lastgroup != "scale":
                continue
            at = start + piece.start()
            m = sentence.morph_at(at)
            if m is not None and m.tag not in _NUMERAL_TAGS:
                rest = at + len(piece.group())
                small = self._scales.get(piece.group(), _BIG_SCALE) < _BIG_SCALE  # 천, 백: not 경기, 조각
                if (
                    small
                    and rest < m.end
                    and any(u.end == m.end for u in self.registry.match_surface(text, rest, m.end))
                ):
                    continue
                return at
        return end

    def _digit_numeral(self, text: str, start: int, end: int, surface: str) -> Numeral | None:
        # Digits glued to a Latin name are part of it: "S24", "G7", "F-35A", "MH370".
        before = text[start - 1] if start > 0 else " "
        glued_to_latin = is_latin(before) or (before == "-" and start > 1 and is_latin(text[start - 2]))
        if glued_to_latin and self.registry.match_prefix_before(text, start) is None:
            return None  # but EUR29.99 is money
        plain = self.without_infix(surface)
        value = self.value_of(plain)
        if value is None:
            return None
        scale = self.trailing_scale(surface)
        return Numeral(start=start, end=end, value=value, kind="digits", scale=scale, approx=plain != surface)

    def _word_numeral(
        self, text: str, start: int, end: int, surface: str, kind: str, sentence: Sentence | None
    ) -> Numeral | None:
        if start > 0 and (is_hangul(text[start - 1]) or text[start - 1].isdigit()) and not self._glued_ok(text, start):
            return None  # a Hangul numeral starts a word: 삼 in 삼성, 이 in 마이너스 are not numbers
        lookalike = sentence is not None and surface in self.registry.sino_lookalikes
        if lookalike and not text.startswith(self._fraction, end) and self._after_number_word(text, start) is None:
            return None  # 이 alone is the determiner "this" (quick: most candidates in running text are this one)
        if sentence is not None:
            # The regex reads as far as it can ("이십육이다", "일조각"); Kiwi says where the numeral really ends, never
            # past MAX_NUMERAL_LENGTH characters (a longer run of numeral words is no number).
            limit = min(end, start + MAX_NUMERAL_LENGTH)
            ends = [end] if end == limit else []
            ends += [
                mo.end for mo in reversed(sentence.covering(start, limit)) if start < mo.end < end and mo.end <= limit
            ]
            number_word = self._after_number_word(text, start)
            # "삼분의 일", "마이너스 일", "이분의 일": a fraction marker or a sign word proves a number
            proven = number_word is not None or text.startswith(self._fraction, end)
            if number_word == self._fraction:
                # "오분의 일만을": after 분의, a closing 만 is the particle "only", not ten thousand
                ends = [e for e in ends if not text.endswith(_ONLY, start, e) or e - start == len(_ONLY)] or ends
            end = next((e for e in ends if self._is_numeral_word(start, e, text[start:e], kind, sentence, proven)), -1)
            if end < 0:
                return None
            surface = text[start:end]
        elif not self._stands_alone(text, end):
            return None
        if sentence is not None and kind == "sino" and not self.digit_scale_ok(text, surface, end):
            return None  # 조사, 구조: 조 in running text comes after digits (9조), not in a word
        if kind == "range":
            pair = self.range_of(surface)
            if pair is None:
                return None
            return Numeral(start=start, end=end, value=pair[0], high=pair[1], kind="native")
        if kind == "vague":
            magnitude = self.value_of(surface[len(self.registry.vague_prefix) :])
            if magnitude is None:
                return None
            low, high = self.registry.vague_range
            scale = self.trailing_scale(surface)
            return Numeral(start=start, end=end, value=low * magnitude, high=high * magnitude, kind=kind, scale=scale)
        value = self.value_of(surface)
        if value is None:
            return None
        return Numeral(start=start, end=end, value=value, kind=kind, scale=self.trailing_scale(surface))

    def digit_scale_ok(self, text: str, surface: str, end: int) -> bool:
        """A Hangul numeral holding 조 or 경 is one only when a unit or another numeral follows it (일조원, 십조 천억
        원); otherwise it is a word (조사, 구조를)."""
        if not any(w in surface for w in self.registry.digit_scales):
            return True
        after = end + (text[end : end + 1] == " ")
        return bool(self.registry.match_surface(text, after)) or bool(self._pieces.match(text, after))

    def _glued_ok(self, text: str, start: int) -> bool:
        """A sign or a fraction marker may be glued before a Hangul numeral: 마이너스삼, 사분의삼."""
        words = (*self.registry.sign_prefixes, self.registry.fraction_marker)
        return any(text.endswith(word, 0, start) for word in words)

    def _stands_alone(self, text: str, end: int) -> bool:
        """Without Kiwi (parse): the numeral ends the word, or a unit follows it (이 in 이상 is not two)."""
        if end >= len(text) or not (is_hangul(text[end]) or is_latin(text[end])):
            return True
        return bool(self.registry.match_surface(text, end))

    def _after_number_word(self, text: str, start: int) -> str | None:
        """``삼분의 일``, ``마이너스 일``: after 분의 or a sign word a Hangul numeral is a number, whatever Kiwi calls
        it. Returns the word."""
        pos = start
        while pos > 0 and text[pos - 1] == " ":
            pos -= 1
        words = (self.registry.fraction_marker, *self.registry.sign_prefixes)
        return next((w for w in words if text.endswith(w, 0, pos)), None)

    def _is_numeral_word(
        self, start: int, end: int, surface: str, kind: str, sentence: Sentence, proven: bool = False
    ) -> bool:
        """In running text a Hangul numeral is a word that Kiwi reads as a numeral (세 in 세계 is not three)."""
        if kind == "sino" and self.value_of(surface) is None:
            return False
        covering = sentence.covering(start, end)
        if not covering or covering[0].start != start:
            return False
        if proven:  # any word Kiwi makes of it, but not a particle or ending (이 in 오백이다 is the copula)
            return covering[-1].end == end and not any(mo.tag[0] in "JEV" for mo in covering)
        # "삼점오": Kiwi reads the decimal point 점 as a noun between two numerals
        if any(mo.tag not in _NUMERAL_TAGS and mo.form not in self._points for mo in covering):
            return False
        # Kiwi may read past the numeral ("만오천" as one NR is fine; "열린" as VV is not, caught above).
        if covering[-1].end > end and covering[-1].tag != "NR":
            return False
        # A lone Sino-Korean digit ("이", "사", "오") reads as a number only where Kiwi says numeral, and never
        # when it is also a determiner ("이 불로": this fire, not two dollars).
        if kind == "sino" and len(surface) == 1 and surface in self._sino:
            return covering[0].tag == "NR" and surface not in self.registry.sino_lookalikes
        return True


def _digits(word: str) -> Decimal | None:
    """The value of digits as written (``1,382.3``, ``１２``, ``6⅓``); None for more than ``MAX_DIGITS`` digits."""
    if word[-1:] in _VULGAR and len(word) > 1:
        whole = _digits(word[:-1])
        if whole is None:
            return None
        part = Fraction(unicodedata.numeric(word[-1])).limit_denominator(16)
        return quotient(Fraction(whole) + part)  # 6⅓ = 19/3
    ascii_digits = "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() else ("." if ch in ".．" else "") for ch in word if ch not in ",，"
    )
    if len(ascii_digits) - ("." in ascii_digits) > MAX_DIGITS:
        return None  # "계좌번호 123456789012345678901234567890": an identifier, not an amount
    return Decimal(ascii_digits)


def _cut_run(text: str, start: int, end: int, sentence: Sentence) -> bool:
    """The digits at ``text[start:end]`` go on past the edge of the sentence: they are a piece of a longer run that
    the extractor cut (a text with no space for thousands of characters), never a number of their own."""
    before = start == sentence.start and start > 0 and text[start - 1] in DIGITS
    return before or (end == sentence.end and end < len(text) and text[end] in DIGITS)


def _join_spaced_groups(text: str, numerals: list[Numeral], reader: NumeralReader) -> list[Numeral]:
    """``5만 8200원``, ``7천 5백만 달러``, ``십조 천억 원``: groups written apart are one number when the left one
    ends in a scale word and together they read as one well-formed numeral (scale words descending)."""
    out: list[Numeral] = []
    for n in numerals:
        prev = out[-1] if out else None
        gap = _gap_before_scale(text, prev, n, reader) if prev is not None else None
        if prev is not None and gap is not None:
            # "5 억 달러", "2천 억원", "1400여 억 원": digits, a space, then a bigger scale word alone
            approx = prev.approx or bool(gap.strip())
            high = prev.high * n.value if prev.high is not None else None  # "수십 만명": 200,000 to 900,000
            out[-1] = attrs.evolve(prev, end=n.end, value=prev.value * n.value, high=high, scale=n.value, approx=approx)
            continue
        if (
            prev is not None
            and prev.kind == n.kind
            and prev.kind in ("digits", "sino")
            and prev.scale is not None
            and prev.high is None
            and text[prev.end : n.start] == " "
        ):
            joined = reader.value_of(reader.without_infix(text[prev.start : n.end]).replace(" ", ""))
            if joined is not None:
                out[-1] = attrs.evolve(prev, end=n.end, value=joined, scale=n.scale, approx=prev.approx or n.approx)
                continue
        out.append(n)
    return out


def _gap_before_scale(text: str, prev: Numeral, n: Numeral, reader: NumeralReader) -> str | None:
    """The text between digits (or a vague 수십) and a scale word of 만 or more written apart after them (``" "``, or
    ``"여 "`` for the approximate 여), when the scale word multiplies them: ``5 억``, ``2천 억``, ``수십 만`` (but not
    ``5만 억``)."""
    if not (
        prev.kind in ("digits", "vague")
        and (prev.scale is None or prev.scale < _BIG_SCALE)
        and n.kind == "sino"
        and text[n.start : n.end] in reader.registry.scales
        and n.value >= _BIG_SCALE
    ):
        return None
    gap = text[prev.end : n.start]
    if gap == " " or (gap.endswith(" ") and gap[:-1] in reader.approx_infixes):
        return gap
    return None
