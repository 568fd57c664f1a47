"""The canonical text of a dataset document.

Stable key order (as :meth:`Dataset.to_dict` gives it), one record per
object with one field per line, lists of plain values on one line, UTF-8
with native scripts unescaped, and a final newline.  Records come sorted by
date then id, actors by id, sources by their number.
"""

from __future__ import annotations

import json
from typing import Any


def _inline(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _object(obj: dict[str, Any], indent: str) -> str:
    inner = indent + "  "
    fields = [f"{inner}{_inline(k)}: {_inline(v)}" for k, v in obj.items()]
    return "{\n" + ",\n".join(fields) + "\n" + indent + "}"


def dumps(document: dict[str, Any]) -> str:
    """Render a document (the output of ``Dataset.to_dict()``) canonically."""
    parts: list[str] = []
    for key, value in document.items():
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            if value:
                items = ",\n".join("    " + _object(v, "    ") for v in value)
                parts.append(f"  {_inline(key)}: [\n{items}\n  ]")
            else:
                parts.append(f"  {_inline(key)}: []")
        else:
            parts.append(f"  {_inline(key)}: {_inline(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"
