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
        "format": 2,
        "dataset_version": "t1",
        "actors": [
            {"id": "kaz", "name": "Kazakhstan", "kind": "state", "country": "KAZ"},
            {
                "id": "chn",
                "name": "China",
                "kind": "state",
                "country": "CHN",
                "names": [
                    {"text": "PRC", "lang": "en", "kind": "abbreviation"},
                    {"text": "中华人民共和国", "lang": "zh-Hans", "kind": "official"},
                ],
            },
            {"id": "cnpc", "name": "CNPC", "kind": "company", "country": "CHN"},
            {"id": "cnpci", "name": "CNPC International", "kind": "company"},
        ],
        "sources": [{"id": "s1", "url": "https://example.org/", "title": "Page"}],
        "places": [
            {
                "id": "astana",
                "kind": "city",
                "country": "KAZ",
                "names": [
                    {"text": "Akmola", "lang": "en", "end": "1998-05-06"},
                    {"text": "Astana", "lang": "en", "start": "1998-05-06"},
                ],
            },
            {
                "id": "akorda",
                "kind": "site",
                "within": "astana",
                "names": [{"text": "Akorda", "lang": "en"}],
            },
        ],
        "holdings": [
            {
                "id": "h1",
                "owner": "cnpc",
                "asset": "cnpci",
                "control": True,
                "start": "2000",
                "sources": ["s1"],
                "confidence": "medium",
            },
        ],
        "events": [
            {
                "id": "e1",
                "kind": "visit",
                "date": "1993-10",
                "title": "Visit",
                "summary": "A visit.",
                "places": ["akorda"],
                "participants": ["kaz", "chn"],
                "host": "kaz",
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
                "ratifications": [{"party": "kaz", "date": "1995", "instrument": "Law"}],
                "in_force": "1995-09",
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
                "basis": "price",
                "status": "completed",
                "stake": "1",
                "guarantor": "kaz",
                "aiddata": [
                    {
                        "id": "1",
                        "flow_type": "Loan",
                        "recommended_for_aggregates": True,
                        "amount_2021usd": "5.5",
                    }
                ],
                "sources": ["s1"],
                "confidence": "high",
                "external_ids": [{"scheme": "aiddata", "id": "1"}],
            },
            {
                "id": "i2",
                "kind": "loan",
                "date": "2006",
                "title": "Loan",
                "summary": "Lent.",
                "investors": ["cnpc", "cnpci"],
                "amount": {"amount": "100", "currency": "USD"},
                "basis": "principal",
                "part_of": "i1",
                "shares": [
                    {"investor": "cnpc", "fraction": "0.5"},
                    {"investor": "cnpci", "fraction": "0.5"},
                ],
                "sources": ["s1"],
                "confidence": "low",
            },
        ],
        "trade": [
            {
                "id": "t1",
                "kind": "trade",
                "date": "2014",
                "title": "Trade",
                "summary": "Traded.",
                "reporter": "chn",
                "turnover": {"amount": "22.4", "currency": "USD"},
                "to_china": {"amount": "9.7", "currency": "USD"},
                "sources": ["s1"],
                "confidence": "medium",
            },
        ],
    }


def test_valid_document_loads() -> None:
    """The base document is valid and round-trips."""
    ds = Dataset.from_dict(_doc())
    assert len(ds) == 5
    assert Dataset.from_dict(ds.to_dict()) == ds
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
        "'parade' is not one of 'diplomatic', 'visit', 'summit', 'organization', 'incident'",
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
    ("holdings/0/asset", "cnpc", "$.holdings[0].asset", "an actor cannot hold itself"),
    ("holdings/0/owner", "ghost", "$.holdings[0].owner", "'ghost' is not the id of any actor"),
    ("holdings/0/control", "yes", "$.holdings[0].control", "expected true or false, got str 'yes'"),
    ("holdings/0/via", "e1", "$.holdings[0].via", "'e1' is not an investment (it is in events)"),
    ("holdings/0/via", "x9", "$.holdings[0].via", "'x9' is not the id of any record"),
    (
        "holdings/0/end",
        "1990",
        "$.holdings[0].end",
        "1990 is before start 2000",
    ),
    ("places/1/within", "nowhere", "$.places[1].within", "'nowhere' is not the id of any place"),
    ("places/0/within", "astana", "$.places[0].within", "a place cannot lie within itself"),
    ("places/0/names", [], "$.places[0].names", "is an empty list; at least one is required"),
    (
        "places/0/names/1/start",
        "1997",
        "$.places[0].names[1]",
        "'Astana' overlaps in time with 'Akmola' (names[0]), another dated 'en' name",
    ),
    (
        "actors/1/names/0/lang",
        "English",
        "$.actors[1].names[0].lang",
        "'English' is not a BCP 47 language tag such as 'kk', 'ru', 'zh-Hans' or 'kk-Latn'",
    ),
    ("events/0/places/0", "paris", "$.events[0].places[0]", "'paris' is not the id of any place"),
    ("events/0/host", "cnpc", "$.events[0].host", "'cnpc' is not among the participants"),
    (
        "agreements/0/ratifications/0/date",
        "1993",
        "$.agreements[0].ratifications[0].date",
        "1993 precedes the signature 1994-04-26",
    ),
    (
        "agreements/0/ratifications/0/party",
        "cnpc",
        "$.agreements[0].ratifications[0].party",
        "'cnpc' is not a party",
    ),
    (
        "agreements/0/in_force",
        "1994-03",
        "$.agreements[0].in_force",
        "1994-03 precedes the signature 1994-04-26",
    ),
    ("agreements/0/ended", "1995-01", "$.agreements[0].ended", "1995-01 precedes 1995-09"),
    (
        "investments/0/basis",
        "guess",
        "$.investments[0].basis",
        "'guess' is not one of 'price', 'principal', 'facility', 'cost', 'commitment', "
        "'announced', 'aggregate', 'unknown'",
    ),
    ("investments/1/part_of", "i9", "$.investments[1].part_of", "'i9' is not the id of any record"),
    (
        "investments/1/part_of",
        "i2",
        "$.investments[1].part_of",
        "a record cannot be part of itself",
    ),
    (
        "investments/1/shares/1/fraction",
        "0.6",
        "$.investments[1].shares",
        "the shares sum to 1.1, more than 1",
    ),
    (
        "investments/1/shares/1/investor",
        "kaz",
        "$.investments[1].shares[1].investor",
        "'kaz' is not among the investors",
    ),
    (
        "trade/0/to_china/currency",
        "EUR",
        "$.trade[0].to_china.currency",
        "EUR differs from the turnover's USD",
    ),
    ("trade/0/turnover", _DELETE, "$.trade[0].turnover", "required key is missing"),
    (
        "actors/0/id",
        "Kaz Akh",
        "$.actors[0].id",
        "'Kaz Akh' is not a slug (lower-case letters, digits and single hyphens)",
    ),
    ("sources/0/url", "ftp://x", "$.sources[0].url", "'ftp://x' is not an http(s) URL"),
    (
        "investments/0/aiddata/0/id",
        "2",
        "$.investments[0].aiddata[0].id",
        "'2' is not among the aiddata external ids",
    ),
    (
        "investments/1/external_ids",
        [{"scheme": "aiddata", "id": "1"}],
        "$.investments[1].external_ids[0]",
        "aiddata:1 already identifies 'i1' ($.investments[0].external_ids[0])",
    ),
    (
        "investments/0/aiddata/0/amount_2021usd",
        5,
        "$.investments[0].aiddata[0].amount_2021usd",
        'expected a decimal string such as "4180000000" or "0.5", got int 5',
    ),
    (
        "investments/0/aiddata/0/recommended_for_aggregates",
        "yes",
        "$.investments[0].aiddata[0].recommended_for_aggregates",
        "expected true or false, got str 'yes'",
    ),
    (
        "investments/0/guarantor",
        "nobody",
        "$.investments[0].guarantor",
        "'nobody' is not the id of any actor",
    ),
    ("format", 3, "$.format", "format 3 is not supported (want 2)"),
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
    """An ownership cycle names a holding of each actor on it."""
    doc = _doc()
    doc["holdings"].append({**doc["holdings"][0], "id": "h2", "owner": "cnpci", "asset": "cnpc"})
    with pytest.raises(DatasetError) as info:
        Dataset.from_dict(doc)
    cycle = [p for p in info.value.problems if "ownership cycle" in p.message]
    assert {p.path for p in cycle} == {"$.holdings[0].asset", "$.holdings[1].asset"}
    assert "'cnpc' -> 'cnpci' -> 'cnpc'" in cycle[0].message


def test_part_of_cycle_is_reported() -> None:
    """Records that are parts of each other are a cycle, reported at each."""
    doc = _doc()
    doc["investments"][0]["part_of"] = "i2"
    with pytest.raises(DatasetError) as info:
        Dataset.from_dict(doc)
    paths = {p.path for p in info.value.problems if "parts of each other" in p.message}
    assert paths == {"$.investments[0].part_of", "$.investments[1].part_of"}


def test_holdings_over_the_whole_are_reported() -> None:
    """Fractions of one asset that certainly add up to more than 1 on a day."""
    doc = _doc()
    holding = {
        "owner": "cnpc",
        "asset": "kaz",
        "sources": ["s1"],
        "confidence": "low",
    }
    doc["holdings"] += [
        {**holding, "id": "h2", "fraction": "0.6", "start": "2000", "end": "2005"},
        {**holding, "id": "h3", "owner": "chn", "fraction": "0.5", "start": "2004-06"},
        # certainly over only if both run on one day: this one ends before
        {**holding, "id": "h4", "owner": "cnpci", "fraction": "0.9", "end": "2000"},
    ]
    with pytest.raises(DatasetError) as info:
        Dataset.from_dict(doc)
    over = [p for p in info.value.problems if "more than the whole" in p.message]
    assert [p.path for p in over] == ["$.holdings[2].fraction"]
    assert "add up to 1.1 on 2004-06-30" in over[0].message


def test_ambiguous_names_load_and_refuse_to_pick() -> None:
    """A name two actors share is allowed in data, and resolving it names both."""
    doc = _doc()
    doc["actors"][0]["names"] = [{"text": "PRC", "lang": "und"}]
    ds = Dataset.from_dict(doc)
    with pytest.raises(kzcn_relations.AmbiguousNameError) as info:
        ds.actor("prc")
    assert info.value.candidates == (("chn", "China"), ("kaz", "Kazakhstan"))
    assert isinstance(info.value, LookupError)
    assert ds.actor("chn").id == "chn"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b'{"format": 2, "actors": [', "not valid JSON"),
        (b"", "not valid JSON"),
        (b'{"format": 2, "format": 2}', "the key 'format' appears twice"),
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
    assert [r.id for r in ds.investments_by("cnpc")] == ["i1", "i2"]
    assert [r.id for r in ds.investments_by("cnpc", include_subsidiaries=False)] == ["i2"]
    assert [r.id for r in ds.investments_by("China")] == ["i1", "i2"]
    assert [r.id for r in ds.events_between(1990, 2000, place="Akmola")] == ["e1"]


def test_control_follows_the_date_of_each_investment() -> None:
    """An investment made before the owner held the investor is not the owner's."""
    doc = _doc()
    doc["holdings"][0]["start"] = "2005-09"  # after i1 (2005-08-22..2005-10-26) began
    doc["investments"][0]["end"] = "2005-08-30"
    ds = Dataset.from_dict(doc)
    assert [r.id for r in ds.investments_by("cnpc")] == ["i2"]
    doc["holdings"][0]["start"] = "2005-08"  # may have run at the time of i1
    ds = Dataset.from_dict(doc)
    assert [r.id for r in ds.investments_by("cnpc")] == ["i1", "i2"]


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
