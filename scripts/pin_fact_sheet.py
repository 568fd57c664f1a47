"""Pin what the tests need of the vetted fact sheet into tests/data/.

The fact sheet (``shared/facts/facts.json`` beside the repository, and the
later vetted files in ``batch2/`` beside it) is the upstream input of the
packaged dataset.  The tests check the dataset against a pinned extract of
it, so that they run on any machine:

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


def later_urls(directory: pathlib.Path) -> list[str]:
    """Every URL of the later vetted files (``batch2/*.json``), sorted."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in sorted(directory.glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return sorted(found)


def render(sheet: dict[str, object], later: list[str] | None = None) -> str:
    data = extract(sheet)
    data["later_urls"] = later or []
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    path = pathlib.Path(argv[0]) if argv else DEFAULT
    sheet = json.loads(path.read_text(encoding="utf-8"))
    PIN.write_text(render(sheet, later_urls(path.parent / "batch2")), encoding="utf-8")
    print(f"pinned {path} -> {PIN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
