"""korfacts: numeric facts from Korean text.

>>> import korfacts
>>> [f.to_dict()["value"] for f in korfacts.extract("GPU 1만5000장을 확보했다")]
[15000]
"""

from __future__ import annotations

from datetime import date

from korfacts.errors import KorfactsError, RegistryError
from korfacts.extractor import Extractor, default_extractor
from korfacts.model import Fact, Mention, Quantity, Span, TimeRef

__all__ = [
    "Extractor",
    "Fact",
    "KorfactsError",
    "Mention",
    "Quantity",
    "RegistryError",
    "Span",
    "TimeRef",
    "extract",
    "parse",
]

__version__ = "0.1.0"


def extract(text: str, doc_date: date | str | None = None) -> list[Fact]:
    """All numeric facts in ``text``, in text order; ``doc_date`` resolves relative times (see Extractor.extract)."""
    return default_extractor().extract(text, doc_date)


def parse(text: str) -> Quantity | None:
    """The whole of ``text`` read as one quantity expression, or None (see ``Extractor.parse``)."""
    return default_extractor().parse(text)
