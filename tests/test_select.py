"""The general filter against a brute-force oracle; Records; bounds; PartialDate beside date."""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzcn_relations as kr
from kzcn_relations import Dataset, Holding, PartialDate, Records
from kzcn_relations.strategies import datasets, partial_dates

from .oracles import controlled_at

pytestmark = pytest.mark.slow

ANY = datasets(max_records=14, max_actors=6)
TYPE_NAMES = {"Event": "event", "Agreement": "agreement", "Investment": "investment"}
TYPE_NAMES["TradeFigure"] = "trade"
LEVEL = {"low": 0, "medium": 1, "high": 2}


def fold(text: str) -> str:
    """Case, accents and width folded, independently of the library's own function."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def days(item: Any) -> tuple[dt.date, dt.date, dt.date | None]:
    if isinstance(item, Holding):
        first = item.start.earliest if item.start else dt.date.min
        last = item.end.latest - dt.timedelta(days=1) if item.end else dt.date.max
        return first, last, item.start.earliest if item.start else None
    return item.date.earliest, (item.end or item.date).latest, item.date.earliest


def pairs(item: Any) -> list[tuple[str, str]]:
    if isinstance(item, Holding):
        return [("owner", item.owner.id), ("asset", item.asset.id)]
    out = [(role.value, actor.id) for role, actor in item.roles()]
    if isinstance(item, kr.Event) and item.host is not None:
        out += [("guest", a.id) for a in item.participants if a != item.host]
    return out


@st.composite
def filters(draw: st.DrawFn, ds: Dataset) -> dict[str, Any]:
    """Some filters of select(), drawn from what the dataset holds."""
    out: dict[str, Any] = {}
    # bounds at the records' own dates too, so that edges are hit
    own = [r.date for r in ds.records] + [r.end for r in ds.records if r.end]
    bounds = st.sampled_from(own) | partial_dates() if own else partial_dates()
    if draw(st.booleans()):
        a, b = sorted([draw(bounds), draw(bounds)])
        if a.earliest <= b.latest:
            out["between"] = draw(st.sampled_from([(a, b), [a, b]]))
            out["match"] = draw(st.sampled_from(["overlaps", "within", "starts"]))
    if draw(st.booleans()):
        out["types"] = draw(
            st.lists(
                st.sampled_from(["event", "agreement", "investment", "trade", "holding"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
    if draw(st.booleans()) and ds.records:
        out["kinds"] = [draw(st.sampled_from([r.kind.value for r in ds.records]))]
    if draw(st.booleans()):
        who = draw(st.lists(st.sampled_from(ds.actors), min_size=1, max_size=3, unique=True))
        out["involving"] = who[0].id if len(who) == 1 else [a.id for a in who]  # any of them
        out["include_subsidiaries"] = draw(st.booleans())
    if draw(st.booleans()):
        out["role"] = draw(
            st.sampled_from(
                [
                    "investor",
                    "party",
                    "participant",
                    "host",
                    "guest",
                    "target",
                    "seller",
                    "guarantor",
                    "owner",
                    "asset",
                ]
            )
        )
    if draw(st.booleans()) and ds.places:
        out["place"] = draw(st.sampled_from(ds.places)).id
    if draw(st.booleans()):
        out["confidence"] = draw(st.sampled_from(["low", "medium", "high"]))
    if draw(st.booleans()):
        out["status"] = draw(st.sampled_from([s.value for s in kr.Status]))
    if draw(st.booleans()):
        out["basis"] = [draw(st.sampled_from([b.value for b in kr.Basis]))]
    if draw(st.booleans()):
        out["source"] = draw(st.sampled_from(ds.sources)).id
    texts = [w for r in ds.records for w in fold(r.title).split() if w.isalnum()]
    if draw(st.booleans()) and texts:
        out["text"] = draw(st.sampled_from(texts))
    return out


def oracle(ds: Dataset, f: dict[str, Any]) -> list[Any]:
    """select() by brute force over every record and holding."""
    types = set(f.get("types", ["event", "agreement", "investment", "trade"]))
    items: list[Any] = [r for r in ds.records if TYPE_NAMES[type(r).__name__] in types]
    if "holding" in types:
        items += list(ds.holdings)
    out = []
    for item in items:
        if "between" in f:
            a, b = f["between"]
            lo, hi = a.earliest, b.latest
            first, last, start = days(item)
            match = f["match"]
            if match == "overlaps" and not (first <= hi and last >= lo):
                continue
            if match == "within" and not (
                lo <= first
                and last <= hi
                and (not isinstance(item, Holding) or (item.start and item.end))
            ):
                continue
            if match == "starts" and not (start is not None and lo <= start <= hi):
                continue
        holding = isinstance(item, Holding)
        if "kinds" in f and (holding or item.kind.value not in f["kinds"]):
            continue
        roles = pairs(item)
        if "involving" in f:
            named = [f["involving"]] if isinstance(f["involving"], str) else f["involving"]
            when = item.start if holding else item.date
            reach: set[str] = set()
            for who in map(ds.actor_by_id, named):
                reach |= controlled_at(ds, who, when) if f["include_subsidiaries"] else {who.id}
            ok = [(r, a) for r, a in roles if a in reach]
            if "role" in f:
                ok = [(r, a) for r, a in ok if r == f["role"]]
            if not ok:
                continue
        elif "role" in f and not any(r == f["role"] for r, _ in roles):
            continue
        if "place" in f:
            inside = {f["place"]}
            while True:
                more = {p.id for p in ds.places if p.within in inside}
                if more <= inside:
                    break
                inside |= more
            if holding or not any(p.id in inside for p in item.places):
                continue
        if "confidence" in f and LEVEL[item.confidence.value] < LEVEL[f["confidence"]]:
            continue
        if "status" in f and not (
            isinstance(item, kr.Investment) and item.status.value == f["status"]
        ):
            continue
        if "basis" in f and not (
            isinstance(item, kr.Investment) and item.basis.value in f["basis"]
        ):
            continue
        if "source" in f and f["source"] not in {s.id for s in item.sources}:
            continue
        if "text" in f:
            hay = (
                fold(f"{item.owner.name} {item.asset.name} {item.notes}")
                if holding
                else fold(f"{item.title} {item.summary} {item.notes}")
            )
            if not all(w in hay for w in fold(f["text"]).split()):
                continue
        out.append(item)
    return out


@settings(max_examples=150)
@given(ANY, st.data())
def test_select_equals_brute_force(ds: Dataset, data: st.DataObject) -> None:
    """Every combination of filters keeps exactly what a brute-force filter keeps."""
    f = data.draw(filters(ds))
    got = ds.select(**f)
    assert isinstance(got, Records) and isinstance(got, tuple)
    assert sorted(got.ids) == sorted(x.id for x in oracle(ds, f))
    records = [x for x in got if not isinstance(x, Holding)]
    assert records == sorted(records, key=kr.model.sort_key)


@settings(max_examples=60)
@given(ANY, st.data())
def test_records_select_narrows(ds: Dataset, data: st.DataObject) -> None:
    """Records.select() filters an earlier result: a subsequence, equal to both filters at once."""
    first, second = data.draw(filters(ds)), data.draw(filters(ds))
    second.pop("types", None)
    step = ds.select(**first).select(**second)
    assert list(step) == [x for x in ds.select(**first) if x in set(oracle(ds, second))]


@settings(max_examples=60)
@given(ANY, st.data())
def test_starts_partitions_time(ds: Dataset, data: st.DataObject) -> None:
    """Counted with match="starts", consecutive ranges add up to the whole: nothing twice."""
    starts = [r.date.earliest for r in ds.records]
    near = [d + dt.timedelta(days=k) for d in starts for k in (0, 1)]
    cuts = data.draw(
        st.lists(st.sampled_from(near) if near else st.dates(), min_size=1, max_size=5)
    )
    edges = sorted({dt.date(1, 1, 2), *cuts, dt.date(9999, 12, 31)})
    seen: list[str] = [*ds.select(between=(dt.date(1, 1, 1), dt.date(1, 1, 1)), match="starts").ids]
    for lo, nxt in itertools.pairwise(edges):
        last = nxt - dt.timedelta(days=1)
        seen += ds.select(between=(lo, last), match="starts").ids
    seen += ds.select(between=(edges[-1], edges[-1]), match="starts").ids
    assert sorted(seen) == sorted(r.id for r in ds.records)


@settings(max_examples=60)
@given(ANY, st.data())
def test_investments_in_and_sold_by(ds: Dataset, data: st.DataObject) -> None:
    """The mirrors of investments_by: target and seller, exactly."""
    who = data.draw(st.sampled_from(ds.actors))
    assert ds.investments_in(who).ids == tuple(i.id for i in ds.investments if i.target == who)
    assert ds.sold_by(who).ids == tuple(i.id for i in ds.investments if i.seller == who)


@settings(max_examples=100)
@given(partial_dates(), st.dates())
def test_partial_dates_order_beside_dates(p: PartialDate, d: dt.date) -> None:
    """A date is the one-day period it is: ordering and membership by that rule."""
    key = (p.earliest, p.latest)
    assert (p < d) == (key < (d, d))
    assert (p >= d) == (key >= (d, d))
    assert (d < p) == ((d, d) < key)
    assert (d in p) == (p.earliest <= d <= p.latest) == p.contains(d)
    assert p != d


def test_records_keep_every_tuple_behaviour() -> None:
    found = kr.investments_by("China")
    assert isinstance(found, tuple) and isinstance(found, Records)
    assert found == tuple(found) and hash(found) == hash(tuple(found))
    assert found[0] is next(iter(found)) and type(found[:2]) is tuple
    assert pickle.loads(pickle.dumps(found)) == found
    with pytest.raises(AttributeError, match="immutable"):
        found.extra = 1
    assert found.ids == tuple(r.id for r in found)


def test_records_print_short() -> None:
    """A result of dozens of records prints in a few lines; HTML is a compact table."""
    found = kr.investments_by("China")
    assert len(found) > 30
    text = repr(found)
    assert len(text.splitlines()) <= 10 and len(text) < 1000
    assert text.startswith(f"<Records: {len(found)} investments>")
    page = found._repr_html_()
    assert page.count("<tr>") == 26 and "more</p>" in page
    tricky = kr.select(text="<")  # titles never hold markup, but escape anyway
    assert "<script" not in tricky._repr_html_()


def test_records_totals_and_frames() -> None:
    found = kr.investments_by("China Eximbank")
    assert found.totals() == kr.totals(found)
    frame = found.to_pandas()
    assert list(frame["id"]) == list(found.ids)


@pytest.mark.parametrize(
    "bound",
    [
        dt.datetime(2009, 4, 16, 12, 0),  # noqa: DTZ001
        "2009-04-16",
        dt.date(2009, 4, 16),
    ],
)
def test_bounds_analysts_have_in_hand(bound: Any) -> None:
    """datetimes (their date), lists for between, numpy ints and pandas Timestamps."""
    import numpy as np
    import pandas as pd

    expected = kr.select(between=("2009-04-16", "2009-04-16")).ids
    assert kr.select(between=[bound, bound]).ids == expected
    stamp = pd.Timestamp("2009-04-16 10:30")
    assert kr.select(between=(stamp, stamp)).ids == expected
    assert kr.events_between(np.int64(2009), np.int32(2009)) == kr.events_between(2009, 2009)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"types": "holdings"}, "types: 'holdings' is not one of"),
        ({"role": "buyer"}, "role: 'buyer' is not one of"),
        ({"confidence": ["high"]}, "confidence: one level such as 'medium'"),
        ({"status": "done"}, "status: 'done' is not one of"),
        ({"source": "example.invalid"}, "no source"),
        ({"text": "   "}, "text: give at least one word"),
        ({"match": "during"}, "match: one of 'overlaps', 'within', 'starts'"),
        ({"between": 2009}, "between: a \\(start, end\\) pair"),
        ({"involving": []}, "involving: an empty list selects nothing"),
        ({"include_subsidiaries": "yes"}, "include_subsidiaries: a bool"),
    ],
)
def test_bad_filters(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(kr.KzcnRelationsError, match=message):
        kr.select(**kwargs)


def test_select_answers_analysts() -> None:
    """Facts the filter answers in one line."""
    uranium = kr.select(text="URANIUM", types="investment")
    assert "cgn-ortalyk-stake-2021" in uranium.ids
    astana = kr.select(place="Akmola", between=(1998, 2018), types="event")
    assert astana and all(isinstance(r, kr.Event) and r.places for r in astana)
    aiddata = kr.select(
        source="aiddata.org", types="investment", match="starts", between=(2012, 2012)
    )
    assert {"cdb-boc-bsgp-loan-2012", "cdb-agp-line-c-loan-2012"} <= set(aiddata.ids)
    assert kr.select(source="s47").ids == tuple(
        r.id for r in kr.dataset().records if "s47" in {s.id for s in r.sources}
    )
    guaranteed = kr.select(role="guarantor")
    assert guaranteed and all(isinstance(r, kr.Investment) and r.guarantor for r in guaranteed)
    cnpc = kr.select(involving="CNPC", include_subsidiaries=True, types="holding")
    assert "mmg-mibv-2009" not in cnpc.ids  # MIBV is jointly held: not CNPC's to control
    assert kr.investments_in("MangistauMunaiGas").ids == ("mangistaumunaigas-acquisition-2009",)
    assert "kashagan-stake-cnpc-2013" in kr.sold_by("KazMunayGas").ids
    pipeline = kr.select(between=(2010, 2010), match="starts", kinds="infrastructure")
    assert "beineu-bozoi-shymkent-gas-pipeline" not in pipeline.ids  # it starts in 2009


def test_events_between_takes_types() -> None:
    """events_between returns every record type; types= narrows it."""
    everything = kr.events_between(2009, 2009)
    assert {type(r).__name__ for r in everything} >= {"Event", "Agreement", "Investment"}
    only = kr.events_between(2009, 2009, types="event")
    assert only == tuple(r for r in everything if isinstance(r, kr.Event))
    with pytest.raises(kr.InvalidValueError, match="holdings are not records"):
        kr.events_between(2009, 2009, types="holding")
    first_line = (kr.dataset().events_between.__doc__ or "").strip().splitlines()[0]
    assert re.search(r"every type", first_line)


def test_search_actors_ranks() -> None:
    """Exact names first, then prefixes, then substrings, then close spellings."""
    assert kr.search_actors("CNPC")[0].id == "cnpc"
    assert kr.search_actors("Nazarbaev")[0].id == "nazarbayev"  # a misspelling
    assert kr.search_actors("мунайгаз")[0].id in {"kmg", "mmg", "cnpc-amg"}
    assert len(kr.search_actors("a", limit=3)) == 3
    with pytest.raises(kr.InvalidValueError, match="limit"):
        kr.search_actors("cnpc", limit=0)


def test_select_involving_several_actors_keeps_record_order() -> None:
    """Candidates drawn from several actors' lists come back merged in (date, id) order."""
    ds = kr.dataset()
    got = ds.select(involving=["chn", "kaz", "cnpc"])
    expected = [r for r in ds.records if {"chn", "kaz", "cnpc"} & {a.id for a in r.actors()}]
    assert list(got) == expected
    assert len(got) > len(ds.select(involving="cnpc"))


@pytest.mark.parametrize("match", ["overlaps", "within"])
def test_select_by_actor_and_range_at_the_edges_of_periods(match: str) -> None:
    """Ranges that begin on the day a record ends, or end on the day it begins, with
    an actor: whichever index the candidates come from, the brute-force answer."""
    ds = kr.dataset()
    for who in ("cnpc", "kaz", "chn", "kazmunaygas"):
        mine = [r for r in ds.records if who in {a.id for a in r.actors()}]
        for r in mine[::3]:
            first, last = r.period
            for lo, hi in (
                *((last, last + dt.timedelta(days=d)) for d in (30, 7300)),
                *((first - dt.timedelta(days=d), first) for d in (30, 7300)),
                *((first, first + dt.timedelta(days=d)) for d in (30, 7300)),
                (first, last),
            ):
                got = ds.select(between=(lo, hi), match=match, involving=who)  # type: ignore[arg-type]
                expected = [
                    x
                    for x in mine
                    if (x.period[0] <= hi and x.period[1] >= lo)
                    if match == "overlaps" or (lo <= x.period[0] and x.period[1] <= hi)
                ]
                assert list(got) == expected, (who, lo, hi)
