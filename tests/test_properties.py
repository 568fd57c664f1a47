"""Rules that hold for every dataset: queries equal a brute-force filter."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import kzcn_relations
from kzcn_relations import Dataset, PartialDate
from kzcn_relations.model import sort_key

from .oracles import controlled_at
from .strategies import MAX_YEAR, MIN_YEAR, bounds, datasets

PACKAGED = st.just(None).map(lambda _: kzcn_relations.dataset())
ANY_DATASET = st.one_of(PACKAGED, datasets())


def _bound(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, int):
        return PartialDate(value)
    if isinstance(value, str):
        return PartialDate.parse(value)
    return PartialDate.from_date(value)


def brute_force(ds: Dataset, start: Any, end: Any, match: str) -> tuple[Any, ...]:
    lo, hi = _bound(start).earliest, _bound(end).latest
    if match == "overlaps":
        keep = [r for r in ds.records if r.period[0] <= hi and r.period[1] >= lo]
    else:
        keep = [r for r in ds.records if r.period[0] >= lo and r.period[1] <= hi]
    return tuple(sorted(keep, key=sort_key))


def ordered(start: Any, end: Any) -> tuple[Any, Any]:
    if _bound(start).earliest > _bound(end).latest:
        return end, start
    return start, end


@given(ANY_DATASET, bounds(), bounds(), st.sampled_from(["overlaps", "within"]))
@example(None, 1994, 1994, "overlaps").via("all of 1994")
def test_events_between_equals_brute_force(
    ds: Dataset | None, start: Any, end: Any, match: Any
) -> None:
    """events_between returns exactly what a linear filter returns, in order."""
    ds = ds or kzcn_relations.dataset()
    start, end = ordered(start, end)
    assert ds.events_between(start, end, match=match) == brute_force(ds, start, end, match)


@given(ANY_DATASET, bounds(), bounds())
def test_within_is_subset_of_overlaps(ds: Dataset, start: Any, end: Any) -> None:
    """A record certainly in the range is also possibly in it."""
    start, end = ordered(start, end)
    within = set(ds.events_between(start, end, match="within"))
    assert within <= set(ds.events_between(start, end))


@given(ANY_DATASET, bounds(), bounds(), st.integers(0, 3000), st.integers(0, 3000))
def test_widening_never_drops(ds: Dataset, start: Any, end: Any, before: int, after: int) -> None:
    """Widening a range can never drop a record, for either match."""
    start, end = ordered(start, end)
    lo = max(_bound(start).earliest - dt.timedelta(days=before), dt.date(1, 1, 1))
    hi = min(_bound(end).latest + dt.timedelta(days=after), dt.date(9999, 12, 31))
    for match in ("overlaps", "within"):
        narrow = set(ds.events_between(start, end, match=match))
        wide = set(ds.events_between(lo, hi, match=match))
        assert narrow <= wide


@given(
    ANY_DATASET,
    st.dates(dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)),
    st.integers(0, 4000),
    st.integers(0, 4000),
)
def test_adjacent_ranges_partition_within(
    ds: Dataset, lo: dt.date, split: int, length: int
) -> None:
    """Records within [a, c] are those within [a, b] or [b+1, c], or that straddle b."""
    mid = lo + dt.timedelta(days=split)
    hi = mid + dt.timedelta(days=1 + length)
    left = ds.events_between(lo, mid, match="within")
    right = ds.events_between(mid + dt.timedelta(days=1), hi, match="within")
    whole = ds.events_between(lo, hi, match="within")
    assert not set(left) & set(right)
    straddling = {r for r in whole if r.period[0] <= mid < r.period[1]}
    assert set(whole) == set(left) | set(right) | straddling


@given(ANY_DATASET, bounds(), bounds(), st.sampled_from(["overlaps", "within"]))
def test_results_sorted_unique_and_in_range(ds: Dataset, start: Any, end: Any, match: Any) -> None:
    """Every result lies in its range; results are sorted by (date, id), no repeats."""
    start, end = ordered(start, end)
    found = ds.events_between(start, end, match=match)
    lo, hi = _bound(start).earliest, _bound(end).latest
    keys = [sort_key(r) for r in found]
    assert keys == sorted(set(keys))
    for r in found:
        assert r.period[0] <= hi and r.period[1] >= lo
        if match == "within":
            assert lo <= r.period[0] and r.period[1] <= hi


@given(ANY_DATASET, st.data())
def test_agreements_with_is_exact(ds: Dataset, data: st.DataObject) -> None:
    """agreements_with(p) holds exactly the agreements with p among their parties."""
    party = data.draw(st.sampled_from(ds.actors))
    expected = tuple(a for a in ds.agreements if party in a.parties)
    assert ds.agreements_with(party) == expected
    assert ds.agreements_with(party.id) == expected


@given(ANY_DATASET, st.data(), st.booleans())
def test_investments_by_is_exact(ds: Dataset, data: st.DataObject, subs: bool) -> None:
    """investments_by(a) holds exactly those with a (or, by default, what it owns) investing."""
    # often an owner (control over time matters) or a state with nationals (they answer
    # to it)
    owners = [h.owner for h in ds.holdings]
    countries = {a.country for a in ds.actors if a.kind != "state"}
    states = [a for a in ds.actors if a.kind == "state" and a.country in countries]
    choices = [st.sampled_from(group) for group in (ds.actors, owners, states) if group]
    investor = data.draw(st.one_of(choices))

    def answers_for(a: kzcn_relations.Actor, when: kzcn_relations.PartialDate) -> bool:
        if a == investor:
            return True
        return subs and a.id in controlled_at(ds, investor, when)

    expected = tuple(i for i in ds.investments if any(answers_for(a, i.date) for a in i.investors))
    assert ds.investments_by(investor, include_subsidiaries=subs) == expected


def _partial(year: int, month: int | None, day: int | None) -> str:
    return (
        str(year) if month is None else f"{year}-{month:02}" + ("" if day is None else f"-{day:02}")
    )


# often one of a few dates whose bounds meet (a holding ending on the day an
# investment begins, starting on its last day), else any of 2000-2002
_MEETING = ["2000", "2001", "2001-06", "2001-06-01", "2001-06-15", "2001-06-30", "2002"]
_WHEN = st.sampled_from(_MEETING) | st.builds(
    _partial,
    st.integers(2000, 2002),
    st.none() | st.integers(1, 12),
    st.none() | st.integers(1, 28),
)

#: four companies, each drawn a national of the state or not
_FIRMS = ["a", "b", "c", "d"]


@st.composite
def ownership_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A state, four companies held one by another over drawn periods, drawn investments."""
    actors: list[dict[str, Any]] = [
        {"id": "chn", "name": "State", "kind": "state", "country": "CHN"},
        *(
            {
                "id": f,
                "name": f.upper(),
                "kind": "company",
                "country": draw(st.sampled_from([None, "CHN"])),
            }
            for f in _FIRMS
        ),
    ]
    for a in actors:
        if a.get("country") is None:
            a.pop("country")
    holdings = []
    pairs = [(i, j) for i in range(4) for j in range(i + 1, 4)]  # no cycles
    links = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=5))
    for n, (i, j) in enumerate(links):
        holding: dict[str, Any] = {
            "id": f"h{n}",
            "owner": _FIRMS[i],
            "asset": _FIRMS[j],
            "sources": ["s1"],
            "confidence": "medium",
        }
        if draw(st.booleans()):
            holding["control"] = True
        else:
            holding["fraction"] = draw(st.sampled_from(["0.3", "0.51", "0.9"]))
        start, end = draw(st.none() | _WHEN), draw(st.none() | _WHEN)
        if start is not None:
            holding["start"] = start
        if end is not None and (
            start is None or PartialDate.parse(start).latest < PartialDate.parse(end).earliest
        ):
            holding["end"] = end
        holdings.append(holding)
    # the fractions held of one asset sum to at most 1
    for asset in _FIRMS:
        held = [h for h in holdings if h["asset"] == asset and "fraction" in h]
        for h in held[1:]:
            h.pop("fraction")
            h["control"] = True
    investments = [
        {
            "id": f"i{n}",
            "kind": "loan",
            "date": draw(_WHEN),
            "title": "Loan",
            "summary": "Lent.",
            "investors": sorted(
                set(draw(st.lists(st.sampled_from(_FIRMS), min_size=1, max_size=2)))
            ),
            "sources": ["s1"],
            "confidence": "medium",
        }
        for n in range(draw(st.integers(2, 10)))
    ]
    return {
        "format": 2,
        "dataset_version": "t",
        "actors": actors,
        "holdings": holdings,
        "sources": [{"id": "s1", "url": "https://example.org/", "title": "Page"}],
        "investments": investments,
    }


@given(ownership_documents())
def test_investments_by_follows_control_over_time(doc: dict[str, Any]) -> None:
    """Over chains of holdings that start and end, every actor's investments_by is exact."""
    ds = Dataset.from_dict(doc)
    for owner in ds.actors:
        expected = tuple(
            i
            for i in ds.investments
            if any(a.id in controlled_at(ds, owner, i.date) for a in i.investors)
        )
        assert ds.investments_by(owner) == expected, owner.id


@given(ANY_DATASET, st.data())
def test_between_filters_like_events_between(ds: Dataset, data: st.DataObject) -> None:
    """A between= range keeps exactly the records events_between would keep."""
    party = data.draw(st.sampled_from(ds.actors))
    start, end = ordered(data.draw(bounds()), data.draw(bounds()))
    in_range = set(ds.events_between(start, end))
    assert ds.agreements_with(party, between=(start, end)) == tuple(
        a for a in ds.agreements_with(party) if a in in_range
    )


def test_every_range_over_tricky_periods() -> None:
    """Years, months, spans across month and year ends, leap days: all ranges agree."""
    from kzcn_relations import Actor as A
    from kzcn_relations import ActorKind, Confidence, Event, EventKind, Source

    kaz = A(id="kaz", name="Kazakhstan", kind=ActorKind.STATE, country="KAZ")
    src = Source(id="s1", url="https://example.org", title="t")
    periods = [
        ("2000", None),
        ("2000-02", None),
        ("2000-02-29", None),
        ("2000-01-31", "2000-02-01"),
        ("1999-12-15", "2000-03-10"),
        ("2000-03", "2000-05"),
        ("2000-12-31", "2001-01-01"),
        ("2001", None),
        ("2000-06-15", None),
        ("1999", "2001"),
    ]
    events = [
        Event(
            id=f"e{i}",
            kind=EventKind.VISIT,
            date=PartialDate.parse(d),
            end=PartialDate.parse(e) if e else None,
            title="t",
            summary="s",
            participants=(kaz,),
            sources=(src,),
            confidence=Confidence.HIGH,
        )
        for i, (d, e) in enumerate(periods)
    ]
    ds = Dataset(actors=[kaz], sources=[src], events=events, version="t")
    days = [dt.date(1999, 12, 1) + dt.timedelta(days=n) for n in range(0, 430, 3)]
    days += [dt.date(2000, 2, 29), dt.date(2000, 3, 1), dt.date(2001, 1, 1)]
    for lo in days:
        for hi in days:
            if lo <= hi:
                for match in ("overlaps", "within"):
                    assert ds.events_between(lo, hi, match=match) == brute_force(
                        ds, lo, hi, match
                    ), (lo, hi, match)


_WINDOW = dt.date(1999, 11, 1)


def _days_after(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


def _crowded_periods() -> st.SearchStrategy[list[tuple[str, str | None]]]:
    """Periods crowded into a year and a half: many span month ends, many end on one day."""

    def period(
        start: int, length: int, month_start: bool, month_end: bool
    ) -> tuple[str, str | None]:
        first = _WINDOW + dt.timedelta(days=start)
        last = first + dt.timedelta(days=length)
        text = f"{first:%Y-%m}" if month_start else first.isoformat()
        if length == 0 or (month_start and (last.year, last.month) == (first.year, first.month)):
            return text, None
        return text, f"{last:%Y-%m}" if month_end else last.isoformat()

    one = st.builds(
        period,
        st.integers(0, 450),
        st.sampled_from([0, 0, 1, 2, 5, 13, 29, 30, 31, 45, 59, 60, 61, 100, 200, 400]),
        st.booleans(),
        st.booleans(),
    )
    return st.lists(one, min_size=1, max_size=40)


@given(_crowded_periods(), st.data())
def test_ranges_where_periods_begin_and_end(
    periods: list[tuple[str, str | None]], data: st.DataObject
) -> None:
    """Ranges starting on a 1st, on the day a period ends or the day after, mid-month:
    the straddlers of the lower bound (those still running, those just ended)
    and the records ending past the upper bound are all placed exactly."""
    from kzcn_relations import Actor as A
    from kzcn_relations import ActorKind, Confidence, Event, EventKind, Source

    kaz = A(id="kaz", name="Kazakhstan", kind=ActorKind.STATE, country="KAZ")
    src = Source(id="s1", url="https://example.org", title="t")
    dated = [(PartialDate.parse(d), PartialDate.parse(e) if e else None) for d, e in periods]
    events = [
        Event(
            id=f"e{i:02d}",
            kind=EventKind.VISIT,
            date=d,
            end=e if e is not None and not e < d else None,
            title="t",
            summary="s",
            participants=(kaz,),
            sources=(src,),
            confidence=Confidence.HIGH,
        )
        for i, (d, e) in enumerate(dated)
    ]
    ds = Dataset(actors=[kaz], sources=[src], events=events, version="t")
    one = dt.timedelta(days=1)
    edges = [d for r in ds.records for d in (*r.period, r.period[1] - one, r.period[1] + one)]
    edges += [d.replace(day=1) for d in edges]
    for _ in range(20):
        lo = data.draw(st.sampled_from(edges) | st.dates(_WINDOW, dt.date(2001, 12, 31)))
        hi = data.draw(
            st.sampled_from([d for d in edges if d >= lo] or [lo])
            | st.integers(0, 70).map(partial(_days_after, lo))
        )
        for match in ("overlaps", "within"):
            assert ds.events_between(lo, hi, match=match) == brute_force(ds, lo, hi, match), (
                lo,
                hi,
                match,
            )


def _normalize_by_the_book(text: str) -> str:
    """Every step of the name folding, one by one, as documented (the reference of the
    library's shortcuts: ASCII text, and a translation table for combining marks)."""
    import re
    import unicodedata

    from kzcn_relations._names import _DASHES, _LETTERS, _QUOTES

    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _QUOTES.sub("'", _DASHES.sub("-", plain)).translate(_LETTERS)
    return re.sub(r"\s+", " ", plain).strip().casefold()


@given(
    st.text(st.characters(max_codepoint=127))
    | st.text()
    | st.text(st.sampled_from("aeiouAEIOU `\t\u0301\u0308\u2013\u2019\u0456ＫMŞşёЁ\U0001d165"))
)
def test_name_folding_takes_no_shortcut_that_changes_it(text: str) -> None:
    """The folding of names and record texts equals its steps taken one by one."""
    from kzcn_relations._names import normalize

    assert normalize(text) == _normalize_by_the_book(text)


@given(ANY_DATASET, st.data(), st.sampled_from([-(10**9), 10**9]))
def test_an_actors_share_of_a_range_either_way(
    ds: Dataset, data: st.DataObject, slack: int
) -> None:
    """The records of some positions that overlap (or lie within) a range are those of
    the whole range at those positions, whether found by checking the positions' end
    days or by looking up the range's straddlers."""
    from array import array

    from kzcn_relations import _indexes

    index = ds._dates
    records = ds.records
    rng = data.draw(st.randoms(use_true_random=False))
    share = data.draw(st.sampled_from([0.1, 0.5, 1.0]))  # of the records: an actor's
    among = array("i", [p for p in range(len(records)) if rng.random() < share])
    # bounds (day ordinals) often on the first or last day of a record, or next to it;
    # the lower one often on the last day of a record that began earlier
    periods = [(r.period[0].toordinal(), r.period[1].toordinal()) for r in records]
    days = [d for period in periods for d in period]
    span = (min(days) - 400, max(days) + 400) if days else (700_000, 800_000)
    day = st.integers(*span)
    if days:
        day |= st.builds(int.__add__, st.sampled_from(days), st.sampled_from([-1, 0, 0, 1]))
    lo, hi = sorted([data.draw(day), data.draw(day)])
    last_days = [last for first, last in periods if first < last]
    if data.draw(st.booleans()) and last_days:
        lo = data.draw(st.sampled_from(last_days))
        hi = max(hi, lo)
    chosen = {id(records[p]) for p in among}
    kept = _indexes.SCAN_SLACK
    _indexes.SCAN_SLACK = slack  # every straddler looked up, or every position checked
    try:
        overlapping = index.overlapping_among(lo, hi, among)
        within = index.within_among(lo, hi, among)
    finally:
        _indexes.SCAN_SLACK = kept
    assert overlapping == tuple(r for r in index.overlapping(lo, hi) if id(r) in chosen)
    assert within == tuple(r for r in index.within(lo, hi) if id(r) in chosen)


@given(st.text() | st.text(st.sampled_from("ab `\t\n\u0301É\u2019ＫŞ")), st.data())
def test_a_word_is_found_in_a_records_text_as_in_its_full_folding(
    text: str, data: st.DataObject
) -> None:
    """Searching a record's text for a folded word finds it exactly when its full folding
    (``normalize``) holds it: the search's shortcut changes only runs of white space."""
    from kzcn_relations._names import normalize, searchable

    folded = normalize(text)
    words = folded.split() + normalize(data.draw(st.text())).split()
    if folded:  # a piece of the folded text, cut anywhere
        i, j = sorted(data.draw(st.integers(0, len(folded))) for _ in range(2))
        words += folded[i:j].split()
    for word in words:
        assert (word in searchable(text)) == (word in folded)


@given(ANY_DATASET, st.data())
def test_a_range_filtered_by_types_and_fields_equals_filtering_its_records(
    ds: Dataset, data: st.DataObject
) -> None:
    """select(between=, types=, kinds=, confidence=, status=, basis=) keeps exactly the
    records of events_between that pass each filter (the filters read one byte a record;
    the check here reads the records)."""
    from kzcn_relations import Basis, Confidence, Status
    from kzcn_relations.model import KIND_VALUES

    start, end = ordered(data.draw(bounds()), data.draw(bounds()))
    filters: dict[str, Any] = {}
    names = {"event": kzcn_relations.Event, "agreement": kzcn_relations.Agreement}
    names |= {"investment": kzcn_relations.Investment, "trade": kzcn_relations.TradeFigure}
    if data.draw(st.booleans()):
        filters["types"] = data.draw(st.lists(st.sampled_from(sorted(names)), min_size=1))
    if data.draw(st.booleans()):
        filters["kinds"] = data.draw(st.lists(st.sampled_from(sorted(KIND_VALUES)), min_size=1))
    if data.draw(st.booleans()):
        filters["confidence"] = data.draw(st.sampled_from([c.value for c in Confidence]))
    if data.draw(st.booleans()):
        filters["status"] = data.draw(
            st.lists(st.sampled_from([s.value for s in Status]), min_size=1)
        )
    if data.draw(st.booleans()):
        filters["basis"] = data.draw(
            st.lists(st.sampled_from([b.value for b in Basis]), min_size=1)
        )
    rank = {"low": 0, "medium": 1, "high": 2}

    def passes(r: Any) -> bool:
        if "types" in filters and not isinstance(r, tuple(names[t] for t in filters["types"])):
            return False
        if "kinds" in filters and r.kind.value not in filters["kinds"]:
            return False
        if "confidence" in filters and rank[r.confidence.value] < rank[filters["confidence"]]:
            return False
        for name in ("status", "basis"):
            value = getattr(r, name, None)
            if name in filters and (value is None or value.value not in filters[name]):
                return False
        return True

    expected = tuple(r for r in ds.events_between(start, end) if passes(r))
    assert ds.select(between=(start, end), **filters) == expected
