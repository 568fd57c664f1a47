"""Rewrite a dataset file (by default the packaged one) in canonical form.

    python scripts/canonicalize.py [FILE]

The file is loaded and validated with the library itself, so a file that
does not validate is reported and left untouched.
"""

from __future__ import annotations

import pathlib
import sys

import kzcn_relations
from kzcn_relations._canonical import dumps

PACKAGED = (
    pathlib.Path(__file__).resolve().parent.parent
    / "src"
    / "kzcn_relations"
    / "_data"
    / "relations.json"
)


def main(argv: list[str]) -> int:
    path = pathlib.Path(argv[0]) if argv else PACKAGED
    try:
        ds = kzcn_relations.load(path)
    except kzcn_relations.DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    text = dumps(ds.to_dict())
    if path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        print(f"rewrote {path}")
    else:
        print(f"{path} is already canonical")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
