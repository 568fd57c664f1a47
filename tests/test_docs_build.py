"""The documentation builds with Sphinx, warnings treated as errors."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

import pytest

import kzcn_relations

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_sphinx_build(tmp_path: pathlib.Path) -> None:
    """sphinx-build -W: the pages and the API reference build cleanly."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(ROOT / "docs"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    api = (tmp_path / "api.html").read_text(encoding="utf-8")
    for name in ("events_between", "PartialDate", "to_pandas", "timeline"):
        assert name in api


def test_citation_cff_matches_the_data() -> None:
    """CITATION.cff is a dataset citation with the current dataset version."""
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^type: dataset$", text, re.M)
    version = re.search(r'^version: "([^"]+)"$', text, re.M)
    assert version and version.group(1) == kzcn_relations.dataset().version
    assert kzcn_relations.dataset().version in kzcn_relations.cite()
