"""What the dataset covers: every later vetted row is in it or listed as left out.

The later vetted files (AidData projects, trade by reporter, stakes,
treaty lifecycles, renamings and names) are pinned, row by row, in
``tests/data/fact_sheet.json``; ``docs/left-out.json`` lists the rows the
dataset leaves out, each with its reason.  docs/dataset.md shows both.
"""

from __future__ import annotations

import collections
import json
import pathlib
import unicodedata
from typing import Any

import pytest

import kzcn_relations
from kzcn_relations import AmbiguousNameError, Dataset
from kzcn_relations._names import actor_names, normalize

ROOT = pathlib.Path(__file__).resolve().parent.parent
PIN = ROOT / "tests" / "data" / "fact_sheet.json"
LEFT_OUT = ROOT / "docs" / "left-out.json"

#: Names the sources use for two actors: indexed under both, resolving none.
SHARED_NAMES = {
    "中國石油": {"cnpc", "petrochina"},
    "中石油": {"cnpc", "petrochina"},
    "НБК": {"nbk", "pboc"},
}

#: Records by type and by the decade of their date, pinned: a change to the
#: dataset's coverage must change this table on purpose.
COUNTS = {
    "Event": {1990: 10, 2000: 15, 2010: 22, 2020: 13},
    "Agreement": {1990: 23, 2000: 25, 2010: 14, 2020: 9},
    "Investment": {1990: 6, 2000: 33, 2010: 39, 2020: 8},
    "TradeFigure": {1990: 4, 2000: 12, 2010: 13, 2020: 9},
}


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return kzcn_relations.dataset()


@pytest.fixture(scope="module")
def rows() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = json.loads(PIN.read_text(encoding="utf-8"))[
        "later_rows"
    ]
    return data


@pytest.fixture(scope="module")
def left_out() -> dict[tuple[str, int], str]:
    data = json.loads(LEFT_OUT.read_text(encoding="utf-8"))
    return {(r["file"], r["index"]): r["reason"] for r in data["rows"]}


def _cited_urls(ds: Dataset) -> dict[str, set[str]]:
    """URLs cited by each kind of object the later files feed."""
    return {
        "trade": {s.url for r in ds.trade_figures for s in r.sources},
        "treaties": {s.url for r in ds.agreements for s in r.sources},
        # a stake never held (a pre-empted purchase) is an investment, not a holding
        "stakes": {s.url for h in ds.holdings for s in h.sources}
        | {s.url for r in ds.investments for s in r.sources},
        "places": {s.url for p in ds.places for s in p.sources},
    }


def represented(ds: Dataset, file: str, row: dict[str, Any]) -> bool:
    """Whether the dataset holds what *row* of later *file* states."""
    if file == "aiddata":
        return any(
            e.scheme == "aiddata" and e.id == row["key"] for r in ds.records for e in r.external_ids
        )
    if file == "names":
        actor_id, name = row["key"]
        actor = ds.actor_by_id(actor_id)
        return normalize(name) in {normalize(n) for n in actor_names(actor)}
    return bool(set(row["urls"]) & _cited_urls(ds)[file])


def test_every_later_row_is_represented_or_left_out_with_a_reason(
    ds: Dataset, rows: dict[str, list[dict[str, Any]]], left_out: dict[tuple[str, int], str]
) -> None:
    missing = []
    for file, file_rows in rows.items():
        for row in file_rows:
            here = represented(ds, file, row)
            reason = left_out.get((file, row["index"]))
            if not here and not reason:
                missing.append((file, row["index"], row["key"]))
            if here and reason:
                missing.append((file, row["index"], "represented, yet listed as left out"))
    assert not missing


def test_left_out_rows_exist_and_say_why(
    rows: dict[str, list[dict[str, Any]]], left_out: dict[tuple[str, int], str]
) -> None:
    for (file, index), reason in left_out.items():
        assert file in rows and 0 <= index < len(rows[file]), (file, index)
        assert len(reason.split()) >= 3, (file, index)


def test_every_aiddata_id_sits_on_one_record(ds: Dataset) -> None:
    """An AidData project is one record; its coding sits on that record."""
    owners: dict[str, list[str]] = collections.defaultdict(list)
    for r in ds.records:
        for e in r.external_ids:
            if e.scheme == "aiddata":
                owners[e.id].append(r.id)
    assert owners and all(len(v) == 1 for v in owners.values())
    for r in ds.investments:
        for project in r.aiddata:
            assert owners[project.id] == [r.id]


def test_shared_names_are_ambiguous_and_only_those(ds: Dataset) -> None:
    """A name two actors share is on both and resolves to neither."""
    holders: dict[str, set[str]] = collections.defaultdict(set)
    for a in ds.actors:
        for name in actor_names(a):
            holders[normalize(name)].add(a.id)
    shared = {k: v for k, v in holders.items() if len(v) > 1}
    assert shared == {normalize(k): v for k, v in SHARED_NAMES.items()}
    for name, ids in SHARED_NAMES.items():
        with pytest.raises(AmbiguousNameError) as caught:
            ds.actor(name)
        assert ids <= {ident for ident, _ in caught.value.candidates}


def _scripts(text: str) -> set[str]:
    """The scripts of *text*'s letters (first word of each Unicode name)."""
    return {unicodedata.name(c).split()[0] for c in text if c.isalpha()}


def test_names_are_tagged_with_their_script(ds: Dataset) -> None:
    """Chinese names are zh-Hans or zh-Hant, Cyrillic ones kk or ru."""
    for a in ds.actors:
        for n in a.names:
            scripts = _scripts(n.text)
            if "CJK" in scripts:
                assert n.lang in ("zh-Hans", "zh-Hant"), (a.id, n)
            if "CYRILLIC" in scripts:
                assert n.lang in ("kk", "ru"), (a.id, n)


def test_counts_by_type_and_decade(ds: Dataset) -> None:
    counts: dict[str, collections.Counter[int]] = collections.defaultdict(collections.Counter)
    for r in ds.records:
        counts[type(r).__name__][max(1990, r.date.year // 10 * 10)] += 1
    assert {k: dict(v) for k, v in counts.items()} == {
        k: {d: n for d, n in v.items() if n} for k, v in COUNTS.items()
    }


def test_headline_questions(ds: Dataset) -> None:
    """The questions dataset v2 was made to answer."""
    assert ds.actor("习近平").id == "xi-jinping"
    assert ds.actor("Қасым-Жомарт Тоқаев").id == "tokayev"
    assert ds.actor("ҚазМұнайГаз").id == "kmg"
    assert ds.actor("国家开发银行").id == "cdb"
    assert ds.place("Akmola").id == "astana"
    for reporter in ("kaz", "chn"):
        series = ds.trade(reporter=reporter)
        assert len(series) >= 5
        assert {f.reporter.id for f in series if f.reporter} == {reporter}


def test_the_2009_loans_count_once_each() -> None:
    """China's 2009 lending: each loan counted once, at the top counted level."""
    chosen = kzcn_relations.investments_by("China", between=(2009, 2009))
    result = kzcn_relations.totals(chosen)
    left = {x.id: x.reason for x in result.left_out}
    assert left["exim-dbk-buyers-credit-2009"].startswith("part of exim-dbk-master-facility-2009")
    assert left["cdb-dbk-loan-2009-04"].startswith("part of cdb-dbk-credit-lines-2008-2009")
    assert left["china-financing-package-2009"] == "basis commitment"
    counted = [r for r in chosen if r.id not in left]
    assert {"exim-dbk-master-facility-2009", "cnpc-kmg-loan-2009"} <= {r.id for r in counted}
    usd = sum(r.amount.amount for r in counted if r.amount and r.amount.currency == "USD")
    assert result.amount("USD") == usd


def test_no_published_text_names_working_papers(ds: Dataset) -> None:
    words = ("the sheet", "fact sheet", "batch 2", "batch2", "facts.json")
    texts = [r.title + " " + r.summary + " " + r.notes for r in ds.records]
    texts += [a.note for a in ds.actors] + [p.note for p in ds.places]
    texts += [h.notes for h in ds.holdings]
    assert not [t for t in texts if any(w in t.lower() for w in words)]
