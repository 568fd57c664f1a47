"""Pin what the tests need of the vetted fact sheet into tests/data/.

The fact sheet (``shared/facts/facts.json`` beside the repository) is the
upstream input of the packaged dataset.  The tests check the dataset against
a pinned extract of it, so that they run on any machine:

    python scripts/pin_fact_sheet.py [PATH-TO-facts.json]
"""

from __future__ import annotations

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "facts" / "facts.json"
PIN = ROOT / "tests" / "data" / "fact_sheet.json"


def extract(sheet: dict[str, object]) -> dict[str, object]:
    """The parts of the sheet the tests use, in a stable order."""
    facts = sheet["facts"]
    entities = sheet["entities"]
    sources = sheet["sources"]
    assert isinstance(facts, list)
    assert isinstance(entities, list)
    assert isinstance(sources, dict)
    return {
        "facts": [
            {"id": f["id"], "date": f["date"], "seed": f["seed"], "confidence": f["conf"]}
            for f in facts
        ],
        "entities": [e["id"] for e in entities],
        "sources": {k.lower(): v["url"] for k, v in sources.items()},
        "seed_claims": len(sheet["seed_claims"]),  # type: ignore[arg-type]
    }


def render(sheet: dict[str, object]) -> str:
    return json.dumps(extract(sheet), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    path = pathlib.Path(argv[0]) if argv else DEFAULT
    sheet = json.loads(path.read_text(encoding="utf-8"))
    PIN.write_text(render(sheet), encoding="utf-8")
    print(f"pinned {path} -> {PIN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
