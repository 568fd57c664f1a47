"""ruff over the whole repository: lint and format, as configured in pyproject.toml."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("check", "--no-cache", "--output-format", "concise", "."), id="check"),
        pytest.param(("format", "--no-cache", "--check", "."), id="format"),
    ],
)
def test_ruff(args: tuple[str, ...]) -> None:
    """`ruff check` and `ruff format --check` find nothing to change."""
    done = _ruff(*args)
    assert done.returncode == 0, done.stdout + done.stderr
