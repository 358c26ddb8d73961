"""Reading a YAML vocabulary file (units.yaml, lexicon.yaml, a user's units file) without trusting it.

A units file may come from anywhere (``korfacts --units FILE`` in an unattended job), so reading one must end quickly,
in bounded memory, with a ``RegistryError`` of one short line for every way a file can be wrong:

- a file larger than ``MAX_FILE_BYTES`` is refused before it is parsed;
- anchors and aliases are refused: a 322-byte file of nested aliases ("billion laughs") expands to gigabytes, and a
  message quoting the expansion was 254 MB long; the vocabulary never needs to repeat an entry;
- nesting deeper than ``MAX_DEPTH`` is refused before PyYAML's recursive composer overflows the stack;
- bytes that are not UTF-8 are named by offset, not raised as UnicodeDecodeError;
- every mapping key must be a string: YAML reads ``1:`` as the integer 1, which became ``Fact.unit == 1``.

Values quoted in messages go through ``shown()``, which cuts them short.
"""

from __future__ import annotations

import reprlib
from pathlib import Path
from typing import Any

import yaml

from korfacts.errors import RegistryError

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "read_yaml", "shown"]

MAX_FILE_BYTES = 1 << 20  # the bundled units.yaml and lexicon.yaml are about 32 KB each
MAX_DEPTH = 10  # the deepest entry of the schema (units: id: surfaces: [...]) is 4 levels down
_MAX_PROBLEM = 300  # characters of a parser's message kept in a RegistryError

_repr = reprlib.Repr()
_repr.maxstring = _repr.maxother = 40
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 4
_repr.maxlevel = 2


def shown(value: object) -> str:
    """``repr(value)`` cut short for a message: never more than a line, whatever the file holds."""
    return _repr.repr(value)


class _Refused(yaml.YAMLError):
    """A construct of YAML that korfacts' data files may not use."""


class _Loader(yaml.SafeLoader):
    """PyYAML's SafeLoader, refusing anchors, aliases and nesting deeper than MAX_DEPTH as it composes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(f"line {line}: YAML anchors and aliases (&name, *name) are not allowed")
        if self._depth >= MAX_DEPTH:
            raise _Refused(f"line {line}: nested deeper than {MAX_DEPTH} levels")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_yaml(path: Path, what: str) -> Any:
    """The content of the YAML file at ``path`` (``what`` names it in messages: "units file"), checked as the module
    docstring says; None for an empty file."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RegistryError(str(path), "", "", f"cannot read {what}: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise RegistryError(str(path), "", "", f"{what} larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start}"
        raise RegistryError(str(path), "", "", problem) from None
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader
    except yaml.YAMLError as exc:
        problem = str(exc)
        if len(problem) > _MAX_PROBLEM:
            problem = problem[: _MAX_PROBLEM - 1] + "…"
        raise RegistryError(str(path), "", "", f"not valid YAML: {problem}") from None
    _check_keys(path, data, "")
    return data


def _check_keys(path: Path, data: object, section: str) -> None:
    """Every mapping key, at every level, is a string (the depth is bounded by the loader). A bad key is named as
    the entry at the top level, else as the field of its section."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(key, str):
                problem = f"keys must be quoted strings, got {type(key).__name__} {shown(key)}"
                entry, field = (section, shown(key)) if section else (shown(key), "")
                raise RegistryError(str(path), entry, field, problem)
            _check_keys(path, value, section or key)
    elif isinstance(data, list):
        for item in data:
            _check_keys(path, item, section)
