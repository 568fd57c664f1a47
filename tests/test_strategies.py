"""The public strategies: they draw valid values, and bad knobs fail eagerly."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzcn_relations
from kzcn_relations import (
    Actor,
    Dataset,
    InvalidTypeError,
    InvalidValueError,
    Money,
    PartialDate,
    Precision,
    Record,
)
from kzcn_relations import strategies as kst


@given(kst.partial_dates(min_value="2020-02-10", max_value="2021-03", precisions=["month", "day"]))
def test_partial_dates_respect_bounds(d: PartialDate) -> None:
    """Every drawn date's whole period lies within the bounds."""
    assert dt.date(2020, 2, 10) <= d.earliest and d.latest <= dt.date(2021, 3, 31)
    assert d.precision in (Precision.MONTH, Precision.DAY)


@given(kst.partial_dates(precisions="year"))
def test_single_precision(d: PartialDate) -> None:
    """A single precision may be given as a string."""
    assert d.precision is Precision.YEAR


@given(kst.money(currencies=["KZT"], max_amount=100, places=0))
def test_money_knobs(m: Money) -> None:
    """Currencies, bounds and places are honoured."""
    assert m.currency == "KZT" and 0 <= m.amount <= 100
    assert m.amount == m.amount.to_integral_value()


@given(kst.datasets(min_records=3, max_records=5))
def test_datasets_are_valid_documents(ds: Dataset) -> None:
    """Drawn datasets round-trip through their document form."""
    assert 3 <= len(ds) <= 5
    assert Dataset.from_dict(ds.to_dict()).to_dict() == ds.to_dict()


@given(st.data())
def test_record_strategies_over_pools(data: st.DataObject) -> None:
    """Records drawn over given pools name only pool actors and sources."""
    pool = [kzcn_relations.actor("kaz"), kzcn_relations.actor("chn")]
    cited = list(kzcn_relations.dataset().sources[:3])
    record: Record = data.draw(kst.records(actors=pool, sources=cited))
    assert set(record.actors()) <= set(pool)
    assert set(record.sources) <= set(cited)


@given(kst.packaged_records(kinds=["loan"]), kst.packaged_actors())
def test_packaged(record: Record, actor: Actor) -> None:
    """Packaged strategies draw real records and actors."""
    assert record.kind == "loan"
    assert kzcn_relations.dataset().record(record.id) is record
    assert kzcn_relations.dataset().actor_by_id(actor.id) is actor


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: kst.partial_dates(min_value=2020, max_value=2010),
            InvalidValueError,
            "min_value: 2020 is after max_value=2010",
        ),
        (lambda: kst.partial_dates(min_value="x"), InvalidValueError, "min_value: 'x' is not"),
        (lambda: kst.partial_dates(min_value=True), InvalidTypeError, "min_value"),
        (
            lambda: kst.partial_dates(precisions=["week"]),
            InvalidValueError,
            "precisions: 'week' is not one of",
        ),
        (lambda: kst.partial_dates(precisions=[]), InvalidValueError, "at least one precision"),
        (
            lambda: kst.partial_dates(
                min_value="2020-03-05", max_value="2020-03-20", precisions=["year"]
            ),
            InvalidValueError,
            "no date of precision year",
        ),
        (lambda: kst.money(currencies=[]), InvalidValueError, "at least one currency"),
        (lambda: kst.money(currencies=["XYZ"]), InvalidValueError, "'XYZ' is not an ISO 4217"),
        (lambda: kst.money(max_amount=-1), InvalidValueError, "max_amount: -1 is negative"),
        (
            lambda: kst.money(max_amount=1.5),  # type: ignore[arg-type]
            InvalidTypeError,
            "max_amount",
        ),
        (lambda: kst.money(places=-1), InvalidValueError, "places: -1 is less than 0"),
        (
            lambda: kst.datasets(min_records=5, max_records=2),
            InvalidValueError,
            "min_records: 5 is more than max_records=2",
        ),
        (lambda: kst.datasets(max_actors=0), InvalidValueError, "max_actors: 0 is less than 1"),
        (
            lambda: kst.datasets(max_records="10"),  # type: ignore[arg-type]
            InvalidTypeError,
            "max_records: an int",
        ),
        (lambda: kst.events(actors=[]), InvalidValueError, "actors: must hold at least one"),
        (lambda: kst.actors(kinds=[]), InvalidValueError, "kinds: must name at least one"),
        (
            lambda: kst.places(within=[7]),  # type: ignore[list-item]
            InvalidTypeError,
            "within: place ids",
        ),
        (lambda: kst.names(dated="yes"), InvalidTypeError, "dated: a bool"),  # type: ignore[arg-type]
        (lambda: kst.packaged_records(kinds=["parade"]), InvalidValueError, "not record kinds"),
    ],
)
def test_bad_knobs_fail_eagerly(build: Any, error: type[Exception], message: str) -> None:
    """A bad knob fails when the strategy is built, naming the knob."""
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        build()


def test_every_docstring_names_the_extra() -> None:
    """The module says which extra it needs."""
    assert kst.__doc__ is not None and "strategies" in kst.__doc__
    assert "kzcn-relations[strategies]" in kst.__doc__


def test_missing_hypothesis_names_the_extra() -> None:
    """Without Hypothesis, importing the module says which extra to install."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import kzcn_relations.strategies\n"
        "except ImportError as e:\n    print(type(e).__name__, e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "MissingExtraError" in done.stdout and "strategies" in done.stdout


def test_each_strategy_docstring_names_the_extra() -> None:
    """Every public strategy says it needs the strategies extra."""
    for name in kst.__all__:
        if not callable(getattr(kst, name)) or name.isupper():
            continue  # LANGUAGES, a constant
        doc = getattr(kst, name).__doc__ or ""
        assert "``strategies`` extra" in doc, name


#: Each structure of model v2, as a test on a generated dataset.
NEW_STRUCTURES: dict[str, Any] = {
    "a holding with a fraction": lambda ds: any(h.fraction for h in ds.holdings),
    "a controlling link": lambda ds: any(h.control for h in ds.holdings),
    "a dated holding": lambda ds: any(h.end for h in ds.holdings),
    "a holding made by an investment": lambda ds: any(h.via for h in ds.holdings),
    "a part-of link": lambda ds: any(i.part_of for i in ds.investments),
    "a share": lambda ds: any(i.shares for i in ds.investments),
    "a ratification": lambda ds: any(a.ratifications for a in ds.agreements),
    "an ended agreement": lambda ds: any(a.ended for a in ds.agreements),
    "a host": lambda ds: any(e.host for e in ds.events),
    "a trade figure with a flow": lambda ds: any(t.to_china for t in ds.trade_figures),
    "a place with names over time": lambda ds: any(n.dated for p in ds.places for n in p.names),
    "a place within another": lambda ds: any(p.within for p in ds.places),
    "a record at a place": lambda ds: any(r.places for r in ds.records),
    "a guarantor": lambda ds: any(i.guarantor for i in ds.investments),
    "AidData's coding": lambda ds: any(i.aiddata for i in ds.investments),
}


def test_datasets_draw_every_new_structure() -> None:
    """datasets() produces each structure of model v2 (else its rules go untested).

    Over 150 derandomized examples each shows up (the rarest, in about one
    example in ten).
    """
    from hypothesis import HealthCheck, settings

    seen: set[str] = set()

    @settings(max_examples=150, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(kst.datasets())
    def tally(ds: Dataset) -> None:
        seen.update(what for what, test in NEW_STRUCTURES.items() if test(ds))

    tally()
    assert sorted(set(NEW_STRUCTURES) - seen) == []
