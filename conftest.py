"""Run the examples in README.md, docs/*.md and the docstrings under pytest.

Every ```python block of the Markdown files is executed (blocks holding
``>>>`` prompts are checked as doctests), and so are the ``>>>`` examples in
the docstrings of ``src/kzcn_relations``.  Examples cannot rot.
"""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE

_markdown = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=_FLAGS), SkipParser()],
    patterns=["*.md"],
    excludes=["CHANGELOG.md"],
)
_docstrings = Sybil(
    parsers=[DocTestParser(optionflags=_FLAGS)],
    patterns=["*.py"],
    excludes=["__main__.py"],
)

pytest_collect_file = (_markdown + _docstrings).pytest()
