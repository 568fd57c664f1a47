"""Rules that hold for every value: round trips are lossless, records are frozen."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import kzcn_relations
from kzcn_relations import Dataset, PartialDate
from kzcn_relations.converters import make_converter
from kzcn_relations.model import RECORD_TYPES

from .strategies import datasets, partial_dates

PACKAGED = st.just(None).map(lambda _: kzcn_relations.dataset())
ANY_DATASET = st.one_of(PACKAGED, datasets())


@given(partial_dates())
def test_partial_date_parses_what_it_prints(d: PartialDate) -> None:
    """str() gives the ISO form back, and parse() reads it."""
    assert PartialDate.parse(str(d)) == d
    assert d.earliest <= d.latest


@given(partial_dates(), partial_dates())
@example(PartialDate(2020), PartialDate(2020, 1))
@example(PartialDate(2020, 2, 29), PartialDate(2020, 2))
def test_partial_date_order_follows_bounds(a: PartialDate, b: PartialDate) -> None:
    """Dates order by (earliest, latest), consistently with equality."""
    assert (a < b) == ((a.earliest, a.latest) < (b.earliest, b.latest))
    assert (a == b) == ((a.earliest, a.latest) == (b.earliest, b.latest))
    assert (a <= b) == (a < b or a == b)
    assert sorted([a, b]) == sorted([b, a])


@given(ANY_DATASET)
def test_records_round_trip(ds: Dataset) -> None:
    """unstructure then structure gives every record back unchanged."""
    conv = make_converter(ds)
    for record in ds.records:
        data = conv.unstructure(record)
        assert conv.structure(data, type(record)) == record
    for actor in ds.actors:
        assert conv.structure(conv.unstructure(actor), type(actor)) == actor


@given(ANY_DATASET)
def test_dataset_round_trips_through_dict(ds: Dataset) -> None:
    """Dataset.from_dict(ds.to_dict()) is the same dataset."""
    again = Dataset.from_dict(ds.to_dict())
    assert again.records == ds.records
    assert again.actors == ds.actors
    assert again.sources == ds.sources
    assert again.to_dict() == ds.to_dict()


@given(st.one_of(PACKAGED, datasets(min_records=1)), st.data())
def test_records_cannot_be_mutated(ds: Dataset, data: st.DataObject) -> None:
    """Every record is frozen (every drawn dataset has one to try)."""
    record = data.draw(st.sampled_from(ds.records))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.title = "changed"  # type: ignore[misc]
    assert isinstance(record, RECORD_TYPES)
    assert hash(record) == hash(attrs.evolve(record))
