"""The Dataset container: equality, look-ups, subsets, both loading paths, roles."""

from __future__ import annotations

import json
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzcn_relations
from kzcn_relations import (
    Agreement,
    Dataset,
    Event,
    InvalidValueError,
    Investment,
    NotFoundError,
    Record,
    Role,
    TradeFigure,
    UnknownActorError,
    UnknownRecordError,
    UnknownSourceError,
    _trusted,
)
from kzcn_relations.export import COLUMNS, to_dicts
from kzcn_relations.model import RECORD_TYPES, actor_fields, all_actor_fields

from .strategies import datasets

PACKAGED = st.just(None).map(lambda _: kzcn_relations.dataset())
ANY_DATASET = st.one_of(PACKAGED, datasets())


# -- the two loading paths -----------------------------------------------------------


@settings(max_examples=30)  # each example builds whole datasets
@given(datasets())
def test_trusted_builder_equals_the_cattrs_loader(ds: Dataset) -> None:
    """The fast path for the verified file builds what the detailed loader builds."""
    doc = json.loads(json.dumps(ds.to_dict()))
    fast = Dataset(**_trusted.build(doc), _verified=True)
    full = Dataset.from_dict(doc)
    assert fast == full == ds
    assert fast.to_dict() == full.to_dict()
    for a, b in zip(fast.records, full.records, strict=True):
        assert type(a) is type(b)
        assert a.actors() == b.actors()


# -- value equality --------------------------------------------------------------------


@settings(max_examples=30)  # each example builds whole datasets
@given(ANY_DATASET)
def test_a_rebuilt_dataset_is_equal(ds: Dataset) -> None:
    """Datasets compare (and hash) by content: a rebuilt copy is equal."""
    again = Dataset.from_dict(ds.to_dict(), origin="elsewhere")
    assert again == ds
    assert not (again != ds)  # noqa: SIM202 - __ne__ is what this checks
    assert hash(again) == hash(ds)
    assert pickle.loads(pickle.dumps(ds.records)) == ds.records


@settings(max_examples=30)  # each example builds whole datasets
@given(datasets(min_records=1))
def test_a_changed_dataset_is_not_equal(ds: Dataset) -> None:
    """One record changed, or another version, and the datasets differ."""
    first, *rest = ds.records
    changed = attrs.evolve(first, title=first.title + " (changed)")
    records = [changed, *rest]
    other = Dataset(
        actors=ds.actors,
        sources=ds.sources,
        places=ds.places,
        holdings=ds.holdings,
        events=[r for r in records if isinstance(r, Event)],
        agreements=[r for r in records if isinstance(r, Agreement)],
        investments=[r for r in records if isinstance(r, Investment)],
        trade=[r for r in records if isinstance(r, TradeFigure)],
        version=ds.version,
    )
    assert other != ds
    renamed = Dataset.from_dict({**ds.to_dict(), "dataset_version": ds.version + "-b"})
    assert renamed != ds
    assert ds != ds.to_dict()


# -- look-ups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message", "suggested"),
    [
        (
            "record",
            UnknownRecordError,
            "no record has the id 'border-agreement-1995'",
            "border-agreement-1994",
        ),
        ("actor_by_id", UnknownActorError, "no actor is called 'cnpx'", "cnpc"),
        ("source_by_id", UnknownSourceError, "no source has the id 's9999'", None),
        ("source_by_id", UnknownSourceError, "no source has the id 's1x'", "s1"),
    ],
)
def test_failed_look_ups_raise_the_librarys_errors(
    call: str, error: type[NotFoundError], message: str, suggested: str | None
) -> None:
    """record(), actor_by_id() and source_by_id() raise with suggestions, never bare."""
    wanted = message.rsplit(" ", 1)[1].strip("'")
    with pytest.raises(error) as info:
        getattr(kzcn_relations.dataset(), call)(wanted)
    assert str(info.value).startswith(message)
    assert type(info.value) is error
    assert isinstance(info.value, KeyError) and isinstance(info.value, LookupError)
    assert info.value.name == wanted
    if suggested is not None:
        assert suggested in info.value.suggestions
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is error and str(again) == str(info.value)


@pytest.mark.parametrize("bad", [None, 42, ["kaz"], b"kaz"])
def test_look_ups_with_a_wrong_type_are_not_found(bad: Any) -> None:
    """A non-string id is simply not there (no TypeError from inside)."""
    ds = kzcn_relations.dataset()
    for call in (ds.record, ds.actor_by_id, ds.source_by_id):
        with pytest.raises(NotFoundError):
            call(bad)


# -- subsets ---------------------------------------------------------------------------------


@settings(max_examples=30)  # each example builds whole datasets
@given(ANY_DATASET, st.data())
def test_subset_holds_the_records_and_what_they_refer_to(ds: Dataset, data: st.DataObject) -> None:
    """subset() keeps the chosen records, their actors (with owners), places and sources."""
    chosen = data.draw(
        st.lists(st.sampled_from(ds.records), unique_by=lambda r: r.id)
        if ds.records
        else st.just([])
    )
    sub = ds.subset(chosen)
    ids = {r.id for r in chosen}
    assert {r.id for r in sub.records} == ids
    for r in sub.records:
        original = ds.record(r.id)
        assert r.related == tuple(x for x in original.related if x in ids)
        restored: Record = attrs.evolve(r, related=original.related)
        if isinstance(original, Investment) and isinstance(r, Investment):
            assert r.part_of == (original.part_of if original.part_of in ids else None)
            restored = attrs.evolve(r, related=original.related, part_of=original.part_of)
        assert restored == original
    named = {a.id for r in sub.records for a in r.actors()}
    # the owners up every chain of holdings, whatever their dates
    owners: set[str] = set()
    todo = list(named)
    while todo:
        asset = todo.pop()
        for h in (h for h in ds.holdings if h.asset.id == asset):
            if h.owner.id not in owners:
                owners.add(h.owner.id)
                todo.append(h.owner.id)
    assert {a.id for a in sub.actors} == named | owners
    assert {h.id for h in sub.holdings} == {
        h.id for h in ds.holdings if h.asset.id in named | owners
    }
    places = {p.id for r in sub.records for p in r.places}
    within = {p.within for p in ds.places if p.id in places and p.within}
    assert (
        places
        <= {p.id for p in sub.places}
        <= places | within | {p.within for p in ds.places if p.within}
    )
    cited = {s.id for r in sub.records for s in r.sources}
    cited |= {s.id for a in sub.actors for s in a.sources}
    cited |= {s.id for h in sub.holdings for s in h.sources}
    cited |= {s.id for p in sub.places for s in p.sources}
    assert {s.id for s in sub.sources} == cited
    assert Dataset.from_dict(sub.to_dict()) == sub
    assert sub.version == ds.version


def test_subset_refuses_foreign_records() -> None:
    """A record of another dataset (or a changed one) is not silently taken."""
    ds = kzcn_relations.dataset()
    changed = attrs.evolve(ds.records[0], title="changed")
    with pytest.raises(InvalidValueError, match="is not a record of this dataset"):
        ds.subset([changed])


# -- roles are declared once ----------------------------------------------------------------


def test_roles_come_from_the_field_declarations() -> None:
    """Each record field of actors declares its role; actors() and exports follow."""
    declared = {(f.name, f.role) for f in all_actor_fields()}
    assert declared == {
        ("participants", Role.PARTICIPANT),
        ("host", Role.HOST),
        ("reporter", Role.REPORTER),
        ("parties", Role.PARTY),
        ("signatories", Role.SIGNATORY),
        ("involved", Role.INVOLVED),
        ("investors", Role.INVESTOR),
        ("target", Role.TARGET),
        ("seller", Role.SELLER),
        ("guarantor", Role.GUARANTOR),
    }
    for cls in RECORD_TYPES:
        for f in actor_fields(cls):
            assert f.name in COLUMNS
            assert (f"{f.role}_names" if f.many else f"{f.role}_name") in COLUMNS


@settings(max_examples=30)  # each example builds whole datasets
@given(ANY_DATASET)
def test_actors_and_roles_agree_with_the_rows(ds: Dataset) -> None:
    """actors() is every actor of roles(); each export row lists them by role."""
    for record, row in zip(ds.records, to_dicts(ds.records), strict=True):
        pairs = record.roles()
        assert set(record.actors()) == {a for _, a in pairs}
        for f in actor_fields(type(record)):
            ids = [a.id for role, a in pairs if role is f.role]
            assert (row[f.name] if f.many else [row[f.name]] if row[f.name] else []) == ids
