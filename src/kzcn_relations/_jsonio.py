"""Reading JSON text strictly: every failure is a DatasetError."""

from __future__ import annotations

import json
from typing import Any

from kzcn_relations.exceptions import DatasetError, Problem

#: The version of the document format this library reads and writes.
FORMAT = 1


class _DuplicateKeyError(ValueError):
    pass


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


def parse_json(data: bytes | str, origin: str) -> object:
    """Decode and parse JSON text, turning every failure into a DatasetError."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = Problem(
                "$",
                f"the file is not UTF-8 text (byte {exc.start}: "
                f"{data[exc.start:exc.start + 1]!r})",
            )
            raise DatasetError([problem], origin=origin) from None
        text = text.removeprefix("\ufeff")
    else:
        text = data
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        problem = Problem(
            "$",
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
        )
        raise DatasetError([problem], origin=origin) from None
    except _DuplicateKeyError as exc:
        raise DatasetError([Problem("$", str(exc))], origin=origin) from None
    except RecursionError:
        problem = Problem("$", "the JSON nests too deeply")
        raise DatasetError([problem], origin=origin) from None
