"""Where the bundled data files are: inside the installed wheel (korfacts/data/) or data/ of a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_file"]


def data_file(name: str) -> Path:
    """The path of a bundled data file such as ``units.yaml``."""
    packaged = resources.files("korfacts") / "data" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data" / name
