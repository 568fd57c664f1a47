"""Loading documents: every malformed input is a DatasetError with a JSON path."""

from __future__ import annotations

import copy
import json
import pathlib
from typing import Any

import pytest

import kzcn_relations
from kzcn_relations import Dataset, DatasetError


def _doc() -> dict[str, Any]:
    return {
        "format": 1,
        "dataset_version": "t1",
        "actors": [
            {"id": "kaz", "name": "Kazakhstan", "kind": "state", "country": "KAZ"},
            {
                "id": "chn",
                "name": "China",
                "kind": "state",
                "country": "CHN",
                "aliases": ["PRC", "中华人民共和国"],
            },
            {"id": "cnpc", "name": "CNPC", "kind": "company", "country": "CHN"},
            {"id": "cnpci", "name": "CNPC International", "kind": "company", "parent": "cnpc"},
        ],
        "sources": [{"id": "s1", "url": "https://example.org/", "title": "Page"}],
        "events": [
            {
                "id": "e1",
                "kind": "visit",
                "date": "1993-10",
                "title": "Visit",
                "summary": "A visit.",
                "participants": ["kaz", "chn"],
                "sources": ["s1"],
                "confidence": "medium",
            },
        ],
        "agreements": [
            {
                "id": "a1",
                "kind": "treaty",
                "date": "1994-04-26",
                "title": "Border",
                "summary": "A treaty.",
                "parties": ["chn", "kaz"],
                "sources": ["s1"],
                "confidence": "high",
                "related": ["e1"],
            },
        ],
        "investments": [
            {
                "id": "i1",
                "kind": "acquisition",
                "date": "2005-08-22",
                "end": "2005-10-26",
                "title": "Purchase",
                "summary": "Bought.",
                "investors": ["cnpci"],
                "target": "kaz",
                "amount": {"amount": "4180000000", "currency": "USD"},
                "stake": "1",
                "sources": ["s1"],
                "confidence": "high",
            },
        ],
    }


def test_valid_document_loads() -> None:
    """The base document is valid and round-trips."""
    ds = Dataset.from_dict(_doc())
    assert len(ds) == 3
    assert ds.to_dict()["investments"][0]["amount"] == {"amount": "4180000000", "currency": "USD"}


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split("/")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is _DELETE:
        del node[int(last) if last.isdigit() else last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value


_DELETE = object()

# The malformed-input table: what is changed, the new value, and the exact
# problem the loader reports (JSON path, message naming the value).
MALFORMED = [
    ("events/0/title", _DELETE, "$.events[0].title", "required key is missing"),
    ("events/0/colour", "red", "$.events[0].colour", "unexpected key 'colour'"),
    ("extra", 1, "$.extra", "unexpected key 'extra'"),
    ("events/0/title", 5, "$.events[0].title", "expected a string, got int 5"),
    ("events/0/title", " ", "$.events[0].title", "must not be blank, got ' '"),
    ("events/0/participants", "kaz", "$.events[0].participants", "expected a list, got str 'kaz'"),
    (
        "events/0/date",
        "1994-13",
        "$.events[0].date",
        "'1994-13' is not a valid date (month: 13 is not in 1..12)",
    ),
    (
        "events/0/date",
        "1994-02-30",
        "$.events[0].date",
        "'1994-02-30' is not a valid date (day: 1994-02 has no day 30)",
    ),
    (
        "events/0/date",
        "2023-02-29",
        "$.events[0].date",
        "'2023-02-29' is not a valid date (day: 2023-02 has no day 29)",
    ),
    (
        "events/0/date",
        "April 1994",
        "$.events[0].date",
        "'April 1994' is not an ISO 8601 date of the form YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    ("events/0/date", 1994, "$.events[0].date", "expected an ISO 8601 date string, got int 1994"),
    (
        "events/0/kind",
        "parade",
        "$.events[0].kind",
        "'parade' is not one of 'diplomatic', 'visit', 'summit', 'organization', "
        "'incident', 'trade'",
    ),
    (
        "events/0/confidence",
        "certain",
        "$.events[0].confidence",
        "'certain' is not one of 'high', 'medium', 'low'",
    ),
    (
        "investments/0/amount/amount",
        "-5",
        "$.investments[0].amount.amount",
        "'-5' is not a plain non-negative decimal (digits without leading zeros, "
        "optionally a point and more digits)",
    ),
    (
        "investments/0/amount/amount",
        4.18e9,
        "$.investments[0].amount.amount",
        'expected a decimal string such as "4180000000" or "0.5", got float 4180000000.0',
    ),
    (
        "investments/0/amount/amount",
        "4.18e9",
        "$.investments[0].amount.amount",
        "'4.18e9' is not a plain non-negative decimal (digits without leading zeros, "
        "optionally a point and more digits)",
    ),
    (
        "investments/0/amount/currency",
        "usd",
        "$.investments[0].amount.currency",
        "'usd' is not an ISO 4217 currency code",
    ),
    (
        "investments/0/amount/currency",
        "XYZ",
        "$.investments[0].amount.currency",
        "'XYZ' is not an ISO 4217 currency code",
    ),
    ("investments/0/stake", "0", "$.investments[0].stake", "0 is not a fraction in (0, 1]"),
    ("investments/0/stake", "1.5", "$.investments[0].stake", "1.5 is not a fraction in (0, 1]"),
    (
        "investments/0/stake",
        0.5,
        "$.investments[0].stake",
        'expected a decimal string such as "4180000000" or "0.5", got float 0.5',
    ),
    (
        "investments/0/end",
        "2005-08-01",
        "$.investments[0].end",
        "2005-08-01 is before date 2005-08-22",
    ),
    (
        "events/0/participants/1",
        "prc",
        "$.events[0].participants[1]",
        "'prc' is not the id of any actor",
    ),
    (
        "investments/0/target",
        "nobody",
        "$.investments[0].target",
        "'nobody' is not the id of any actor",
    ),
    ("events/0/sources/0", "s9", "$.events[0].sources[0]", "'s9' is not the id of any source"),
    ("events/0/sources", [], "$.events[0].sources", "is an empty list; at least one is required"),
    (
        "agreements/0/related/0",
        "e9",
        "$.agreements[0].related[0]",
        "'e9' is not the id of any record",
    ),
    (
        "investments/0/id",
        "e1",
        "$.investments[0].id",
        "duplicate id 'e1' (first used at $.events[0])",
    ),
    ("actors/1/id", "kaz", "$.actors[1].id", "duplicate id 'kaz' (first used at $.actors[0])"),
    (
        "actors/0/country",
        "KZ",
        "$.actors[0].country",
        "'KZ' is not an ISO 3166-1 alpha-3 country code",
    ),
    ("actors/2/parent", "cnpc", "$.actors[2].parent", "actor 'cnpc' is its own parent"),
    (
        "actors/2/parent",
        "cnpci",
        "$.actors[2].parent",
        "ownership cycle 'cnpc' -> 'cnpci' -> 'cnpc'",
    ),
    ("actors/3/parent", "ghost", "$.actors[3].parent", "'ghost' is not the id of any actor"),
    (
        "actors/0/aliases",
        ["PRC"],
        "$.actors[1].aliases[0]",
        "'PRC' also names actor 'kaz' ($.actors[0].aliases[0]); names and aliases "
        "must be unambiguous",
    ),
    (
        "actors/0/id",
        "Kaz Akh",
        "$.actors[0].id",
        "'Kaz Akh' is not a slug (lower-case letters, digits and single hyphens)",
    ),
    ("sources/0/url", "ftp://x", "$.sources[0].url", "'ftp://x' is not an http(s) URL"),
    ("format", 2, "$.format", "format 2 is not supported (want 1)"),
    ("dataset_version", _DELETE, "$.dataset_version", "required key is missing"),
    ("events", {}, "$.events", "expected a list, got {}"),
]


@pytest.mark.parametrize(("where", "value", "path", "message"), MALFORMED)
def test_malformed(where: str, value: Any, path: str, message: str) -> None:
    """Each malformed input gets its own error, naming the path and the value."""
    doc = copy.deepcopy(_doc())
    _set(doc, where, value)
    with pytest.raises(DatasetError) as info:
        Dataset.from_dict(doc)
    problems = {(p.path, p.message) for p in info.value.problems}
    assert (path, message) in problems, problems
    assert isinstance(info.value, ValueError)
    assert path in str(info.value)


def test_every_problem_is_reported() -> None:
    """Problems are all collected, not just the first."""
    doc = _doc()
    doc["events"][0]["date"] = "1994-13"
    doc["agreements"][0]["parties"] = ["xx"]
    doc["sources"][0]["title"] = ""
    with pytest.raises(DatasetError) as info:
        Dataset.from_dict(doc)
    paths = [p.path for p in info.value.problems]
    assert "$.events[0].date" in paths
    assert "$.agreements[0].parties[0]" in paths
    assert "$.sources[0].title" in paths


def test_cycle_reports_every_member() -> None:
    """An ownership cycle names each actor on it."""
    doc = _doc()
    doc["actors"][2]["parent"] = "cnpci"
    with pytest.raises(DatasetError) as info:
        Dataset.from_dict(doc)
    cycle = [p for p in info.value.problems if "ownership cycle" in p.message]
    assert {p.path for p in cycle} == {"$.actors[2].parent", "$.actors[3].parent"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b'{"format": 1, "actors": [', "not valid JSON"),
        (b"", "not valid JSON"),
        (b'{"format": 1, "format": 1}', "the key 'format' appears twice"),
        (b"[]", "expected a JSON object, got list"),
        (b"null", "expected a JSON object, got NoneType"),
    ],
)
def test_bad_files(tmp_path: pathlib.Path, data: bytes, message: str) -> None:
    """Files that are not UTF-8 JSON objects are DatasetErrors naming the file."""
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    with pytest.raises(DatasetError, match=message) as info:
        kzcn_relations.load(path)
    assert str(path) in str(info.value)


def test_load_file(tmp_path: pathlib.Path) -> None:
    """load() reads a user's file with the same validation."""
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(_doc(), ensure_ascii=False), encoding="utf-8")
    ds = kzcn_relations.load(path)
    assert [r.id for r in ds.agreements_with("PRC")] == ["a1"]
    assert [r.id for r in ds.investments_by("cnpc")] == ["i1"]
    assert ds.investments_by("cnpc", include_subsidiaries=False) == ()
    assert [r.id for r in ds.investments_by("China")] == ["i1"]


def test_load_missing_file(tmp_path: pathlib.Path) -> None:
    """A missing file is an OSError, as for open()."""
    with pytest.raises(FileNotFoundError):
        kzcn_relations.load(tmp_path / "absent.json")
    with pytest.raises(TypeError, match=r"path: a str or os\.PathLike"):
        kzcn_relations.load(42)  # type: ignore[arg-type]


def test_dataset_error_pickles() -> None:
    """DatasetError survives pickling (for multiprocessing users)."""
    import pickle

    doc = _doc()
    doc["events"][0]["date"] = "x"
    with pytest.raises(DatasetError) as info:
        Dataset.from_dict(doc)
    again = pickle.loads(pickle.dumps(info.value))
    assert again.problems == info.value.problems
