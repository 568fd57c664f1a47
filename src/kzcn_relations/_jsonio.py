"""JSON text in and out: strict reading (every failure a DatasetError) and writing.

Reading rejects what :func:`json.loads` would let through or fail on
obscurely: text that is not UTF-8, duplicate keys, nesting too deep for the
parser and integers too long for Python to convert (over
``sys.get_int_max_str_digits()`` digits, 4,300 by default), which are
reported with their line and column.  Writing produces the canonical text.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

from kzcn_relations._canonical import dumps
from kzcn_relations.exceptions import DatasetError, Problem

#: The version of the document format this library reads and writes.
FORMAT = 2


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector (a bulk load makes many objects, no cycles).

    It would otherwise traverse the new objects again and again; it resumes
    afterwards if it was running.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _DuplicateKeyError(ValueError):
    pass


class _LongIntegerError(ValueError):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                ident = result.get("id")
                where = f" (in the object with id {ident!r})" if isinstance(ident, str) else ""
                msg = f"the key {key!r} appears twice in one object{where}"
                raise _DuplicateKeyError(msg)
            seen.add(key)
    return result


def _integer(text: str) -> int:
    limit = sys.get_int_max_str_digits()
    if limit and len(text.lstrip("-")) > limit:
        raise _LongIntegerError(text)
    return int(text)


def _where(text: str, digits: str) -> str:
    """The line and column of the number *digits* in *text* (a JSON token)."""
    for match in re.finditer(re.escape(digits), text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if before in " \t\r\n:,[" and after in " \t\r\n,]}":
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            return f"line {line}, column {column}"
    return "an unknown position"  # pragma: no cover - the parser saw it


def parse_json(data: bytes | str, origin: str) -> object:
    """Decode and parse JSON text, turning every failure into a DatasetError."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = Problem(
                "$",
                f"the file is not UTF-8 text (byte {exc.start}: "
                f"{data[exc.start : exc.start + 1]!r})",
            )
            raise DatasetError([problem], origin=origin) from None
        text = text.removeprefix("\ufeff")
    else:
        text = data
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_int=_integer)
    except json.JSONDecodeError as exc:
        problem = Problem(
            "$", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        )
        raise DatasetError([problem], origin=origin) from None
    except _DuplicateKeyError as exc:
        raise DatasetError([Problem("$", str(exc))], origin=origin) from None
    except _LongIntegerError as exc:
        count = len(exc.digits.lstrip("-"))
        problem = Problem(
            "$",
            f"an integer of {count:,} digits at {_where(text, exc.digits)} is too long to "
            f"read (at most {sys.get_int_max_str_digits():,}); no field of the format "
            "holds such a number",
        )
        raise DatasetError([problem], origin=origin) from None
    except RecursionError:
        problem = Problem("$", "the JSON nests too deeply")
        raise DatasetError([problem], origin=origin) from None


def write_document(path: str | os.PathLike[str], document: dict[str, Any]) -> None:
    """Write a document (``Dataset.to_dict()``) to *path* as canonical UTF-8 JSON."""
    text = dumps(document)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
