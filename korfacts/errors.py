"""Exceptions. All subclass KorfactsError; each also subclasses the builtin it stands for, and all pickle."""

from __future__ import annotations

__all__ = ["KorfactsError", "RegistryError"]


class KorfactsError(Exception):
    """Base class of every error korfacts raises on purpose."""


class RegistryError(KorfactsError, ValueError):
    """A units file is malformed: names the file, the entry and the field at fault."""

    def __init__(self, path: str, entry: str, field: str, problem: str) -> None:
        super().__init__(path, entry, field, problem)
        self.path = path
        self.entry = entry
        self.field = field
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: entry {self.entry!r}, field {self.field!r}: {self.problem}"
