"""Hypothesis strategies for every public type, for testing code that uses us.

Needs the ``strategies`` extra (Hypothesis): ``pip install
"kzcn-relations[strategies]"``. The package never imports this module
itself, so Hypothesis stays out of the runtime dependencies.

Every strategy takes keyword-only knobs and checks them when it is built,
not when it draws: a bad knob raises :class:`InvalidValueError` or
:class:`InvalidTypeError` at once, naming the knob.

>>> from hypothesis import given
>>> from kzcn_relations import PartialDate, strategies as kst
>>> @given(kst.partial_dates(min_value=1992, max_value=2025))
... def test_dates_print_back(d):
...     assert PartialDate.parse(str(d)) == d
>>> test_dates_print_back()
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    from kzcn_relations.exceptions import MissingExtraError

    raise MissingExtraError("hypothesis", "strategies") from exc

from kzcn_relations import Dataset, dataset
from kzcn_relations.dates import coerce
from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError
from kzcn_relations.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    Confidence,
    Event,
    EventKind,
    ExternalId,
    Investment,
    InvestmentKind,
    Money,
    Office,
    PartialDate,
    Precision,
    Record,
    Source,
    TitleFrom,
)
from kzcn_relations.vocabulary import COUNTRY_CODES, CURRENCY_CODES

__all__ = [
    "actors",
    "agreements",
    "datasets",
    "events",
    "investments",
    "money",
    "packaged_actors",
    "packaged_records",
    "partial_dates",
    "records",
    "slugs",
    "sources",
]

T = TypeVar("T")

#: The default date bounds: the span of the packaged data, with a margin.
DEFAULT_MIN = PartialDate(1985)
DEFAULT_MAX = PartialDate(2035)

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=24,
).filter(lambda s: bool(s.strip()))


def _precisions(value: Iterable[Precision | str] | None) -> tuple[Precision, ...]:
    if value is None:
        return tuple(Precision)
    if isinstance(value, (str, Precision)):
        value = (value,)
    out: list[Precision] = []
    for p in value:
        if isinstance(p, Precision):
            out.append(p)
        elif isinstance(p, str) and p.upper() in Precision.__members__:
            out.append(Precision[p.upper()])
        else:
            raise InvalidValueError("precisions", f"{p!r} is not one of 'year', 'month', 'day'")
    if not out:
        raise InvalidValueError("precisions", "must name at least one precision")
    return tuple(dict.fromkeys(out))


def _check_int(name: str, value: object, *, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError(name, f"an int, not {type(value).__name__} {value!r}")
    if value < minimum:
        raise InvalidValueError(name, f"{value} is less than {minimum}")
    return value


def _check_range(lo_name: str, lo: int, hi_name: str, hi: int) -> None:
    if lo > hi:
        raise InvalidValueError(lo_name, f"{lo} is more than {hi_name}={hi}")


def slugs() -> st.SearchStrategy[str]:
    """Ids: lower-case letters and digits in hyphen-separated parts.

    Needs the ``strategies`` extra (Hypothesis).
    """
    return st.from_regex(r"[a-z][a-z0-9]{0,7}(?:-[a-z0-9]{1,5}){0,2}", fullmatch=True)


def partial_dates(
    *,
    min_value: dt.date | PartialDate | str | int = DEFAULT_MIN,
    max_value: dt.date | PartialDate | str | int = DEFAULT_MAX,
    precisions: Iterable[Precision | str] | None = None,
) -> st.SearchStrategy[PartialDate]:
    """Partial dates whose whole period lies in ``min_value..max_value``.

    *precisions* limits the precisions drawn (default: year, month and day;
    leap days and month ends included). Bounds take what queries take: a
    date, a ``PartialDate``, an ISO string or an int year.

    Needs the ``strategies`` extra (Hypothesis).
    """
    lo, hi = coerce(min_value, "min_value"), coerce(max_value, "max_value")
    if lo.earliest > hi.latest:
        raise InvalidValueError("min_value", f"{lo} is after max_value={hi}")
    allowed = _precisions(precisions)
    first, last = lo.earliest, hi.latest

    def fits(d: PartialDate) -> bool:
        return first <= d.earliest and d.latest <= last

    # Eagerly: does any date of an allowed precision fit within the bounds?
    month = (
        first if first.day == 1 else (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    )
    year = first.year if (first.month, first.day) == (1, 1) else first.year + 1
    room = {
        Precision.DAY: True,
        Precision.MONTH: month.year <= 9999 and PartialDate(month.year, month.month).latest <= last,
        Precision.YEAR: year <= 9999 and dt.date(year, 12, 31) <= last,
    }
    if not any(room[p] for p in allowed):
        names = ", ".join(str(p) for p in allowed)
        raise InvalidValueError("precisions", f"no date of precision {names} fits in {lo}..{hi}")

    return st.builds(_at_precision, st.dates(first, last), st.sampled_from(allowed)).filter(fits)


def _at_precision(day: dt.date, precision: Precision) -> PartialDate:
    if precision is Precision.YEAR:
        return PartialDate(day.year)
    if precision is Precision.MONTH:
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


def money(
    *,
    currencies: Sequence[str] | None = None,
    max_amount: int | decimal.Decimal = 10**12,
    places: int = 2,
) -> st.SearchStrategy[Money]:
    """Exact non-negative amounts of ISO 4217 currencies.

    *currencies* defaults to USD, EUR, CNY and KZT; *places* is the most
    decimal places an amount has.

    Needs the ``strategies`` extra (Hypothesis).
    """
    chosen = tuple(currencies) if currencies is not None else ("USD", "EUR", "CNY", "KZT")
    if not chosen:
        raise InvalidValueError("currencies", "must name at least one currency")
    for c in chosen:
        if c not in CURRENCY_CODES:
            raise InvalidValueError("currencies", f"{c!r} is not an ISO 4217 code")
    if not isinstance(max_amount, (int, decimal.Decimal)) or isinstance(max_amount, bool):
        raise InvalidTypeError("max_amount", f"an int or Decimal, not {max_amount!r}")
    if max_amount < 0:
        raise InvalidValueError("max_amount", f"{max_amount} is negative")
    _check_int("places", places)
    return st.builds(
        Money,
        st.decimals(
            min_value=0,
            max_value=max_amount,
            places=places,
            allow_nan=False,
            allow_infinity=False,
        ),
        st.sampled_from(chosen),
    )


def sources() -> st.SearchStrategy[Source]:
    """Sources with slug ids, http(s) URLs and non-empty titles.

    Needs the ``strategies`` extra (Hypothesis).
    """
    return st.builds(
        Source,
        id=slugs(),
        url=st.builds(
            lambda host, n: f"https://{host}.example/{n}", slugs(), st.integers(0, 10**6)
        ),
        title=_TEXT,
        title_from=st.sampled_from(TitleFrom),
    )


def _offices() -> st.SearchStrategy[Office]:
    return st.builds(
        lambda title, a, b, seen: Office(
            title=title,
            start=min(a, b) if a and b else a,
            end=max(a, b) if a and b else None,
            as_of=tuple(seen),
        ),
        _TEXT,
        st.none() | partial_dates(),
        st.none() | partial_dates(),
        st.lists(partial_dates(), max_size=2),
    )


def actors(
    *,
    kinds: Iterable[ActorKind | str] | None = None,
    parents: Sequence[Actor] = (),
) -> st.SearchStrategy[Actor]:
    """Actors of the given *kinds*, owned by one of *parents* (or none).

    Names and aliases are free text, native scripts included; states get an
    ISO alpha-3 country.

    Needs the ``strategies`` extra (Hypothesis).
    """
    chosen = tuple(ActorKind(k) for k in kinds) if kinds is not None else tuple(ActorKind)
    if not chosen:
        raise InvalidValueError("kinds", "must name at least one kind")
    for p in parents:
        if not isinstance(p, Actor):
            raise InvalidTypeError("parents", f"Actors, not {type(p).__name__}")
    countries = sorted(COUNTRY_CODES)

    return _draw_actor(chosen, parents, countries)


@functools.cache
def _any_date() -> st.SearchStrategy[PartialDate]:
    """partial_dates() with the default bounds, built once."""
    return partial_dates()


def _common(
    draw: st.DrawFn,
    record_id: str,
    source_pool: Sequence[Source],
    related: Sequence[str],
) -> dict[str, Any]:
    date = draw(_any_date())
    end = draw(st.none() | _any_date())
    if end is not None and end < date:  # a span runs forwards: take the pair in order
        date, end = end, date
    return {
        "id": record_id,
        "date": date,
        "end": end,
        "title": draw(_TEXT),
        "summary": draw(_TEXT),
        "place": draw(st.none() | _TEXT),
        "sources": tuple(
            draw(
                st.lists(
                    st.sampled_from(source_pool), min_size=1, max_size=3, unique_by=lambda s: s.id
                )
            )
        ),
        "confidence": draw(st.sampled_from(Confidence)),
        "notes": draw(st.just("") | _TEXT),
        "related": tuple(
            r
            for r in draw(st.lists(st.sampled_from(related), max_size=2, unique=True))
            if r != record_id
        )
        if related
        else (),
        "external_ids": tuple(
            draw(
                st.lists(
                    st.builds(ExternalId, st.just("aiddata"), st.integers(1, 99999).map(str)),
                    max_size=1,
                )
            )
        ),
    }


def _pools(
    actor_pool: Sequence[Actor] | None, source_pool: Sequence[Source] | None
) -> tuple[st.SearchStrategy[list[Actor]], st.SearchStrategy[list[Source]]]:
    if actor_pool is not None and not actor_pool:
        raise InvalidValueError("actors", "must hold at least one actor")
    if source_pool is not None and not source_pool:
        raise InvalidValueError("sources", "must hold at least one source")
    a = (
        st.just(list(actor_pool))
        if actor_pool is not None
        else st.lists(actors(), min_size=1, max_size=4, unique_by=lambda x: x.id)
    )
    s = (
        st.just(list(source_pool))
        if source_pool is not None
        else st.lists(sources(), min_size=1, max_size=3, unique_by=lambda x: x.id)
    )
    return a, s


def _some(draw: st.DrawFn, pool: Sequence[Actor], min_size: int = 1) -> tuple[Actor, ...]:
    return tuple(
        draw(
            st.lists(st.sampled_from(pool), min_size=min_size, max_size=4, unique_by=lambda a: a.id)
        )
    )


def events(
    *,
    actors: Sequence[Actor] | None = None,
    sources: Sequence[Source] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    related: Sequence[str] = (),
) -> st.SearchStrategy[Event]:
    """Events naming actors from *actors* and citing *sources*.

    Without pools, each event brings actors and sources of its own. *ids*
    draws the id (default :func:`slugs`); *related* are ids it may link to.

    Needs the ``strategies`` extra (Hypothesis).
    """
    actor_pools, source_pools = _pools(actors, sources)
    id_strategy = ids if ids is not None else slugs()

    return _draw_event(actor_pools, source_pools, id_strategy, related)


def agreements(
    *,
    actors: Sequence[Actor] | None = None,
    sources: Sequence[Source] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    related: Sequence[str] = (),
) -> st.SearchStrategy[Agreement]:
    """Agreements between actors of *actors*, citing *sources* (as :func:`events`).

    Needs the ``strategies`` extra (Hypothesis).
    """
    actor_pools, source_pools = _pools(actors, sources)
    id_strategy = ids if ids is not None else slugs()

    return _draw_agreement(actor_pools, source_pools, id_strategy, related)


def investments(
    *,
    actors: Sequence[Actor] | None = None,
    sources: Sequence[Source] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    related: Sequence[str] = (),
) -> st.SearchStrategy[Investment]:
    """Investments by actors of *actors*, citing *sources* (as :func:`events`).

    Needs the ``strategies`` extra (Hypothesis).
    """
    actor_pools, source_pools = _pools(actors, sources)
    id_strategy = ids if ids is not None else slugs()

    return _draw_investment(actor_pools, source_pools, id_strategy, related)


def records(**kwargs: Any) -> st.SearchStrategy[Record]:
    """Records of any of the three kinds; takes the knobs of :func:`events`.

    Needs the ``strategies`` extra (Hypothesis).
    """
    return st.one_of(events(**kwargs), agreements(**kwargs), investments(**kwargs))


def datasets(
    *,
    min_records: int = 0,
    max_records: int = 20,
    max_actors: int = 8,
    max_sources: int = 4,
) -> st.SearchStrategy[Dataset]:
    """Whole valid datasets: unique ids, references that resolve, clear names.

    Actors form ownership trees (a parent is drawn before its children),
    states have countries, names and aliases never lead to two actors, and
    records link only to records of the same dataset.

    Needs the ``strategies`` extra (Hypothesis).
    """
    _check_int("min_records", min_records)
    _check_int("max_records", max_records)
    _check_range("min_records", min_records, "max_records", max_records)
    _check_int("max_actors", max_actors, minimum=1)
    _check_int("max_sources", max_sources, minimum=1)

    return _draw_dataset(min_records, max_records, max_actors, max_sources)


def packaged_records(*, kinds: Iterable[str] | None = None) -> st.SearchStrategy[Record]:
    """Records of the packaged dataset (optionally only of some *kinds*).

    Needs the ``strategies`` extra (Hypothesis).
    """
    wanted = None if kinds is None else set(kinds)
    if wanted is not None:
        from kzcn_relations.model import KIND_VALUES

        unknown = wanted - set(KIND_VALUES)
        if unknown:
            raise InvalidValueError("kinds", f"{sorted(unknown)} are not record kinds")
    return st.deferred(
        lambda: st.sampled_from(
            [r for r in dataset().records if wanted is None or r.kind in wanted]
        )
    )


def packaged_actors() -> st.SearchStrategy[Actor]:
    """Actors of the packaged dataset.

    Needs the ``strategies`` extra (Hypothesis).
    """
    return st.deferred(lambda: st.sampled_from(dataset().actors))


@st.composite
def _draw_actor(
    draw: st.DrawFn, chosen: tuple[ActorKind, ...], parents: Sequence[Actor], countries: list[str]
) -> Actor:
    kind = draw(st.sampled_from(chosen))
    return Actor(
        id=draw(slugs()),
        name=draw(_TEXT),
        kind=kind,
        aliases=tuple(draw(st.lists(_TEXT, max_size=3, unique=True))),
        country=draw(st.sampled_from(countries))
        if kind is ActorKind.STATE
        else draw(st.none() | st.sampled_from(countries)),
        parent=draw(st.none() | st.sampled_from(parents)) if parents else None,
        offices=tuple(draw(st.lists(_offices(), max_size=2))) if kind is ActorKind.PERSON else (),
        note=draw(st.just("") | _TEXT),
    )


@st.composite
def _draw_event(
    draw: st.DrawFn,
    actor_pools: st.SearchStrategy[list[Actor]],
    source_pools: st.SearchStrategy[list[Source]],
    id_strategy: st.SearchStrategy[str],
    related: Sequence[str],
) -> Event:
    pool, cited = draw(actor_pools), draw(source_pools)
    kind = draw(st.sampled_from(EventKind))
    trade = kind is EventKind.TRADE
    return Event(
        **_common(draw, draw(id_strategy), cited, related),
        kind=kind,
        participants=_some(draw, pool),
        amount=draw(money()) if trade and draw(st.booleans()) else None,
        reporter=draw(st.none() | st.sampled_from(pool)) if trade else None,
    )


@st.composite
def _draw_agreement(
    draw: st.DrawFn,
    actor_pools: st.SearchStrategy[list[Actor]],
    source_pools: st.SearchStrategy[list[Source]],
    id_strategy: st.SearchStrategy[str],
    related: Sequence[str],
) -> Agreement:
    pool, cited = draw(actor_pools), draw(source_pools)
    common = _common(draw, draw(id_strategy), cited, related)
    return Agreement(
        **common,
        kind=draw(st.sampled_from(AgreementKind)),
        parties=_some(draw, pool),
        signatories=_some(draw, pool, 0),
        in_force=draw(st.none() | partial_dates(min_value=common["date"])),
        involved=_some(draw, pool, 0),
    )


@st.composite
def _draw_investment(
    draw: st.DrawFn,
    actor_pools: st.SearchStrategy[list[Actor]],
    source_pools: st.SearchStrategy[list[Source]],
    id_strategy: st.SearchStrategy[str],
    related: Sequence[str],
) -> Investment:
    pool, cited = draw(actor_pools), draw(source_pools)
    return Investment(
        **_common(draw, draw(id_strategy), cited, related),
        kind=draw(st.sampled_from(InvestmentKind)),
        investors=_some(draw, pool),
        target=draw(st.none() | st.sampled_from(pool)),
        seller=draw(st.none() | st.sampled_from(pool)),
        amount=draw(st.none() | money()),
        stake=draw(
            st.none() | st.decimals(min_value=decimal.Decimal("0.0001"), max_value=1, places=4)
        ),
        involved=_some(draw, pool, 0),
    )


@st.composite
def _draw_dataset(
    draw: st.DrawFn, min_records: int, max_records: int, max_actors: int, max_sources: int
) -> Dataset:
    source_pool = draw(
        st.lists(sources(), min_size=1, max_size=max_sources, unique_by=lambda s: s.id)
    )
    pool: list[Actor] = []
    for i in range(draw(st.integers(1, max_actors))):
        base = draw(actors(parents=[a for a in pool if a.kind is not ActorKind.PERSON]))
        # unique, unambiguous names: suffix each with the actor's number
        pool.append(
            Actor(
                id=f"{base.id}-{i}",
                name=f"{base.name} #{i}",
                kind=base.kind,
                aliases=tuple(f"{a} #{i}" for a in base.aliases),
                country=base.country,
                parent=base.parent,
                offices=base.offices,
                note=base.note,
            )
        )
    count = draw(st.integers(min_records, max_records))
    ids = [f"r{i}" for i in range(count)]
    made: list[Record] = []
    # one strategy for every record of this dataset (building strategies is
    # what costs most); each drawn record then takes its own id
    some_record = records(actors=pool, sources=source_pool, ids=st.just("r"), related=ids)
    for rid in ids:
        record = draw(some_record)
        related = tuple(r for r in record.related if r != rid)
        made.append(attrs.evolve(record, id=rid, related=related))
    return Dataset(
        actors=pool,
        sources=source_pool,
        events=[r for r in made if isinstance(r, Event)],
        agreements=[r for r in made if isinstance(r, Agreement)],
        investments=[r for r in made if isinstance(r, Investment)],
        version="generated",
    )
