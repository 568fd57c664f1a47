"""Rewrite a dataset file (by default the packaged one) in canonical form.

    python scripts/canonicalize.py [FILE]

The file is loaded and validated with the library itself (the full cattrs
loader), so a file that does not validate is reported and left untouched.
For the packaged file, its size and CRC-32 are then pinned in
src/kzcn_relations/_packaged.py: only a file with that digest takes the
fast path at run time.
"""

from __future__ import annotations

import pathlib
import re
import sys
import zlib

import kzcn_relations
from kzcn_relations._canonical import dumps

PACKAGED = (
    pathlib.Path(__file__).resolve().parent.parent
    / "src"
    / "kzcn_relations"
    / "_data"
    / "relations.json"
)
DIGEST_MODULE = PACKAGED.parent.parent / "_packaged.py"


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
    if path.resolve() == PACKAGED:
        data = path.read_bytes()
        checksum = f"CHECKSUM = ({len(data)}, {zlib.crc32(data)})"
        module = DIGEST_MODULE.read_text(encoding="utf-8")
        updated = re.sub(r"CHECKSUM = \(\d+, \d+\)", checksum, module)
        if updated != module:
            DIGEST_MODULE.write_text(updated, encoding="utf-8")
            print(f"pinned its checksum in {DIGEST_MODULE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
