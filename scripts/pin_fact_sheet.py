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
from collections.abc import Callable
from typing import Any

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
    """Every URL of the later vetted files (``batch2/*.json``), sorted.

    A URL counts where it is a value of its own, as the files list their
    sources; a URL only mentioned inside a row's prose is not one of them.
    """
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


def _urls(row: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for key in ("url", "urls"):
        value = row.get(key)
        for url in [value] if isinstance(value, str) else value or []:
            if url not in found:
                found.append(url)
    return found


#: What names a row of each later file, for the coverage tests and the page.
_ROW_KEYS: dict[str, Callable[[dict[str, Any]], object]] = {
    "aiddata": lambda r: str(r["aiddata_id"]),
    "names": lambda r: [r["id"], r["name"]],
    "places": lambda r: f"{r['place']}: {r['old_name']} -> {r['new_name']} ({r['date']})",
    "stakes": lambda r: f"{r['asset']} / {r['holder']} ({r['from']})",
    "trade": lambda r: f"{r['period']} {r['reporter']}",
    "treaties": lambda r: f"{r['treaty']} ({r['signed']})",
}


def later_rows(directory: pathlib.Path) -> dict[str, list[dict[str, object]]]:
    """Each later file's rows: index, key and URLs, by file name (without .json)."""
    rows: dict[str, list[dict[str, object]]] = {}
    for name, key in _ROW_KEYS.items():
        data = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        rows[name] = [
            {"index": i, "key": key(row), "urls": _urls(row)} for i, row in enumerate(data)
        ]
    return rows


def aiddata_unseen(directory: pathlib.Path) -> list[str]:
    """AidData ids the project pages link to or name whose own pages were not seen."""
    data = json.loads((directory / "aiddata.json").read_text(encoding="utf-8"))
    seen = {str(r["aiddata_id"]) for r in data}
    linked = {str(i) for r in data for i in r["linked_ids"] or []}
    return sorted(linked - seen, key=int)


def render(
    sheet: dict[str, object],
    later: list[str] | None = None,
    directory: pathlib.Path | None = None,
) -> str:
    data = extract(sheet)
    data["later_urls"] = later or []
    if directory is not None:
        data["later_rows"] = later_rows(directory)
        data["aiddata_unseen"] = aiddata_unseen(directory)
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    path = pathlib.Path(argv[0]) if argv else DEFAULT
    sheet = json.loads(path.read_text(encoding="utf-8"))
    batch2 = path.parent / "batch2"
    PIN.write_text(render(sheet, later_urls(batch2), batch2), encoding="utf-8")
    print(f"pinned {path} -> {PIN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
