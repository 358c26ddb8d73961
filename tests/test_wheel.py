"""The built wheel works on its own: data/units.yaml and data/lexicon.yaml ship inside it.

The wheel is built from this checkout and installed (without dependencies, which the test environment already has)
into a temporary directory; extract() then runs in a fresh interpreter whose working directory and import path
hold no part of the source tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import json, sys
import korfacts
from korfacts.resources import data_file
assert korfacts.__file__.startswith(sys.argv[1]), korfacts.__file__
assert str(data_file("units.yaml")).startswith(sys.argv[1])
facts = korfacts.extract("GPU 1만5000장과 전력 120㎿를 확보했다.")
print(json.dumps([(f.text, f.to_dict()["value"], f.unit) for f in facts], ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("korfacts-*.whl")
    return built


def test_wheel_ships_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("units.yaml", "lexicon.yaml", "sample_news.jsonl"):
        assert f"korfacts/data/{data}" in names
    assert "korfacts/py.typed" in names


def test_extract_runs_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    # Only the installed copy is importable: the source tree is neither the working directory nor on the path.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(target)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[["1만5000장", 15000, "장"], ["120㎿", 120, "MW"]]'
