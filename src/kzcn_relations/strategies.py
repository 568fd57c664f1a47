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
import itertools
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
    AidDataProject,
    Basis,
    Confidence,
    Event,
    EventKind,
    ExternalId,
    Holding,
    Investment,
    InvestmentKind,
    Money,
    Name,
    NameKind,
    Office,
    PartialDate,
    Place,
    PlaceKind,
    Precision,
    Ratification,
    Record,
    Share,
    Source,
    Status,
    TitleFrom,
    TradeFigure,
)
from kzcn_relations.vocabulary import COUNTRY_CODES, CURRENCY_CODES

__all__ = [
    "LANGUAGES",
    "actors",
    "agreements",
    "datasets",
    "events",
    "investments",
    "money",
    "names",
    "packaged_actors",
    "packaged_records",
    "partial_dates",
    "places",
    "records",
    "slugs",
    "sources",
    "trade_figures",
]

#: The language tags names are drawn with.
LANGUAGES = ("en", "kk", "ru", "zh-Hans", "zh-Hant", "kk-Latn", "und")

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


def names(*, dated: bool = False) -> st.SearchStrategy[tuple[Name, ...]]:
    """Names in languages: some undated, and with *dated*, series over time.

    A series is one language's successive names, each running up to the
    next one's start, so dated names of one language never overlap.  Tags
    come from :data:`LANGUAGES`.

    Needs the ``strategies`` extra (Hypothesis).
    """
    if not isinstance(dated, bool):
        raise InvalidTypeError("dated", f"a bool, not {dated!r}")
    return _draw_names(dated)


def actors(*, kinds: Iterable[ActorKind | str] | None = None) -> st.SearchStrategy[Actor]:
    """Actors of the given *kinds*.

    Names are free text, native scripts included, each with a language
    tag; states get an ISO alpha-3 country.

    Needs the ``strategies`` extra (Hypothesis).
    """
    chosen = tuple(ActorKind(k) for k in kinds) if kinds is not None else tuple(ActorKind)
    if not chosen:
        raise InvalidValueError("kinds", "must name at least one kind")
    countries = sorted(COUNTRY_CODES)

    return _draw_actor(chosen, countries)


def places(*, within: Sequence[str] = ()) -> st.SearchStrategy[Place]:
    """Places with names over time, lying within one of *within* (ids) or none.

    Needs the ``strategies`` extra (Hypothesis).
    """
    for w in within:
        if not isinstance(w, str):
            raise InvalidTypeError("within", f"place ids, not {type(w).__name__}")
    return _draw_place(tuple(within))


@functools.cache
def _any_date() -> st.SearchStrategy[PartialDate]:
    """partial_dates() with the default bounds, built once."""
    return partial_dates()


def _common(
    draw: st.DrawFn,
    record_id: str,
    source_pool: Sequence[Source],
    related: Sequence[str],
    place_pool: Sequence[Place] = (),
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
        "places": tuple(
            draw(st.lists(st.sampled_from(place_pool), max_size=2, unique_by=lambda p: p.id))
        )
        if place_pool
        else (),
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
                    max_size=2,
                    unique_by=lambda e: e.id,
                )
            )
        ),
    }


Pools = tuple[
    st.SearchStrategy[list[Actor]],
    st.SearchStrategy[list[Source]],
    st.SearchStrategy[list[Place]],
]


def _pools(
    actor_pool: Sequence[Actor] | None,
    source_pool: Sequence[Source] | None,
    place_pool: Sequence[Place] | None = None,
) -> Pools:
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
    p = (
        st.just(list(place_pool))
        if place_pool is not None
        else st.lists(places(), max_size=2, unique_by=lambda x: x.id)
    )
    return a, s, p


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
    places: Sequence[Place] | None = None,
) -> st.SearchStrategy[Event]:
    """Events naming actors from *actors* and citing *sources*.

    Without pools, each event brings actors, sources and places of its own.
    *ids* draws the id (default :func:`slugs`); *related* are ids it may
    link to; *places* is the pool of places it may name.  A host, when
    drawn, is one of the participants.

    Needs the ``strategies`` extra (Hypothesis).
    """
    pools = _pools(actors, sources, places)
    id_strategy = ids if ids is not None else slugs()

    return _draw_event(pools, id_strategy, related)


def agreements(
    *,
    actors: Sequence[Actor] | None = None,
    sources: Sequence[Source] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    related: Sequence[str] = (),
    places: Sequence[Place] | None = None,
) -> st.SearchStrategy[Agreement]:
    """Agreements between actors of *actors*, citing *sources* (as :func:`events`).

    Ratifications are by parties and never precede the signature; entry
    into force never precedes it either, and an end comes after both.

    Needs the ``strategies`` extra (Hypothesis).
    """
    pools = _pools(actors, sources, places)
    id_strategy = ids if ids is not None else slugs()

    return _draw_agreement(pools, id_strategy, related)


def investments(
    *,
    actors: Sequence[Actor] | None = None,
    sources: Sequence[Source] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    related: Sequence[str] = (),
    places: Sequence[Place] | None = None,
) -> st.SearchStrategy[Investment]:
    """Investments by actors of *actors*, citing *sources* (as :func:`events`).

    Every basis and status is drawn; shares are by investors and sum to at
    most 1; some have a guarantor, and some carry AidData's coding of the
    aiddata external ids they have; ``part_of`` is left empty (:func:`datasets` links parts to
    earlier records, so that part-of trees have no cycles).

    Needs the ``strategies`` extra (Hypothesis).
    """
    pools = _pools(actors, sources, places)
    id_strategy = ids if ids is not None else slugs()

    return _draw_investment(pools, id_strategy, related)


def trade_figures(
    *,
    actors: Sequence[Actor] | None = None,
    sources: Sequence[Source] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    related: Sequence[str] = (),
    places: Sequence[Place] | None = None,
) -> st.SearchStrategy[TradeFigure]:
    """Trade figures reported by actors of *actors* (as :func:`events`).

    The flows, when drawn, are in the turnover's currency.

    Needs the ``strategies`` extra (Hypothesis).
    """
    pools = _pools(actors, sources, places)
    id_strategy = ids if ids is not None else slugs()

    return _draw_trade(pools, id_strategy, related)


def records(**kwargs: Any) -> st.SearchStrategy[Record]:
    """Records of any of the four types; takes the knobs of :func:`events`.

    Needs the ``strategies`` extra (Hypothesis).
    """
    return st.one_of(
        events(**kwargs), agreements(**kwargs), investments(**kwargs), trade_figures(**kwargs)
    )


def datasets(
    *,
    min_records: int = 0,
    max_records: int = 20,
    max_actors: int = 8,
    max_sources: int = 4,
) -> st.SearchStrategy[Dataset]:
    """Whole valid datasets: unique ids, references that resolve, sound links.

    States have countries and no name leads to two actors; an external id
    sits on one record only; records name
    places of the dataset and link only to records of the same dataset;
    investments are parts only of earlier records (part-of trees, no
    cycles); holdings run from earlier actors to later ones (no ownership
    cycles), the fractions held of one asset sum to at most 1, some are
    controlling links without a fraction, and some name the investment
    that created them.

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
def _draw_names(draw: st.DrawFn, dated: bool) -> tuple[Name, ...]:
    out = [
        Name(draw(_TEXT), draw(st.sampled_from(LANGUAGES)), draw(st.sampled_from(NameKind)))
        for _ in range(draw(st.integers(0, 2)))
    ]
    if dated and draw(st.booleans()):
        lang = draw(st.sampled_from(LANGUAGES))
        cuts = sorted(set(draw(st.lists(_any_date(), min_size=1, max_size=3))))
        bounds: list[PartialDate | None] = [None, *cuts, None]
        for start, end in itertools.pairwise(bounds):
            out.append(
                Name(draw(_TEXT), lang, draw(st.sampled_from(NameKind)), start=start, end=end)
            )
    return tuple(dict.fromkeys(out))


@st.composite
def _draw_place(draw: st.DrawFn, within: tuple[str, ...]) -> Place:
    drawn = draw(_draw_names(dated=True))
    inside = draw(st.none() | st.sampled_from(within)) if within else None
    return Place(
        id=draw(slugs().filter(lambda x: x != inside)),  # never within itself
        kind=draw(st.sampled_from(PlaceKind)),
        names=drawn or (Name(draw(_TEXT), "en"),),
        country=draw(st.none() | st.sampled_from(sorted(COUNTRY_CODES))),
        within=inside,
        note=draw(st.just("") | _TEXT),
    )


@st.composite
def _draw_actor(draw: st.DrawFn, chosen: tuple[ActorKind, ...], countries: list[str]) -> Actor:
    kind = draw(st.sampled_from(chosen))
    return Actor(
        id=draw(slugs()),
        name=draw(_TEXT),
        kind=kind,
        names=draw(_draw_names(dated=False)),
        country=draw(st.sampled_from(countries))
        if kind is ActorKind.STATE
        else draw(st.none() | st.sampled_from(countries)),
        offices=tuple(draw(st.lists(_offices(), max_size=2))) if kind is ActorKind.PERSON else (),
        note=draw(st.just("") | _TEXT),
    )


@st.composite
def _draw_event(
    draw: st.DrawFn, pools: Pools, id_strategy: st.SearchStrategy[str], related: Sequence[str]
) -> Event:
    pool, cited, where = draw(pools[0]), draw(pools[1]), draw(pools[2])
    participants = _some(draw, pool)
    return Event(
        **_common(draw, draw(id_strategy), cited, related, where),
        kind=draw(st.sampled_from(EventKind)),
        participants=participants,
        host=draw(st.none() | st.sampled_from(participants)),
    )


@st.composite
def _draw_trade(
    draw: st.DrawFn, pools: Pools, id_strategy: st.SearchStrategy[str], related: Sequence[str]
) -> TradeFigure:
    pool, cited, where = draw(pools[0]), draw(pools[1]), draw(pools[2])
    turnover = draw(money())
    flow = money(currencies=[turnover.currency])
    return TradeFigure(
        **_common(draw, draw(id_strategy), cited, related, where),
        reporter=draw(st.none() | st.sampled_from(pool)),
        turnover=turnover,
        to_china=draw(st.none() | flow),
        to_kazakhstan=draw(st.none() | flow),
        participants=_some(draw, pool, 0),
    )


def _later(draw: st.DrawFn, after: PartialDate) -> PartialDate:
    """A date that does not precede *after* (its last day is not before *after*'s first)."""
    day = draw(st.dates(after.earliest, DEFAULT_MAX.latest))
    return _at_precision(day, draw(st.sampled_from(Precision)))


@st.composite
def _draw_agreement(
    draw: st.DrawFn, pools: Pools, id_strategy: st.SearchStrategy[str], related: Sequence[str]
) -> Agreement:
    pool, cited, where = draw(pools[0]), draw(pools[1]), draw(pools[2])
    common = _common(draw, draw(id_strategy), cited, related, where)
    parties = _some(draw, pool)
    signed: PartialDate = common["date"]
    ratifications = tuple(
        Ratification(p, _later(draw, signed), draw(st.just("") | _TEXT))
        for p in draw(st.lists(st.sampled_from(parties), max_size=2, unique_by=lambda a: a.id))
    )
    in_force = _later(draw, signed) if draw(st.booleans()) else None
    ended = _later(draw, in_force) if in_force is not None and draw(st.booleans()) else None
    return Agreement(
        **common,
        kind=draw(st.sampled_from(AgreementKind)),
        parties=parties,
        signatories=_some(draw, pool, 0),
        ratifications=ratifications,
        in_force=in_force,
        ended=ended,
        involved=_some(draw, pool, 0),
    )


def _fractions(draw: st.DrawFn, count: int) -> list[decimal.Decimal]:
    """*count* fractions in (0, 1] that sum to at most 1."""
    out: list[decimal.Decimal] = []
    left = decimal.Decimal(1)
    for _ in range(count):
        if left < decimal.Decimal("0.0001"):
            break
        f = draw(st.decimals(min_value=decimal.Decimal("0.0001"), max_value=left, places=4))
        out.append(f)
        left -= f
    return out


_FRACTION = st.decimals(min_value=decimal.Decimal("0.0001"), max_value=1, places=4)


@st.composite
def _draw_investment(
    draw: st.DrawFn, pools: Pools, id_strategy: st.SearchStrategy[str], related: Sequence[str]
) -> Investment:
    pool, cited, where = draw(pools[0]), draw(pools[1]), draw(pools[2])
    investors = _some(draw, pool)
    with_share = draw(st.lists(st.sampled_from(investors), unique_by=lambda a: a.id))
    shares = tuple(
        Share(a, f) for a, f in zip(with_share, _fractions(draw, len(with_share)), strict=False)
    )
    common = _common(draw, draw(id_strategy), cited, related, where)
    return Investment(
        **common,
        kind=draw(st.sampled_from(InvestmentKind)),
        investors=investors,
        target=draw(st.none() | st.sampled_from(pool)),
        seller=draw(st.none() | st.sampled_from(pool)),
        amount=draw(st.none() | money()),
        basis=draw(st.sampled_from(Basis)),
        status=draw(st.sampled_from(Status)),
        stake=draw(st.none() | _FRACTION),
        shares=shares,
        involved=_some(draw, pool, 0),
        guarantor=draw(st.none() | st.sampled_from(pool)),
        aiddata=tuple(
            draw(_aiddata_project(e.id))
            for e in common["external_ids"]
            if e.scheme == "aiddata" and draw(st.booleans())
        ),
    )


_SHORT_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)


def _aiddata_project(project_id: str) -> st.SearchStrategy[AidDataProject]:
    """AidData's coding of project *project_id*: any field may be empty."""
    return st.builds(
        AidDataProject,
        id=st.just(project_id),
        flow_type=_SHORT_TEXT,
        sector=_SHORT_TEXT,
        status=_SHORT_TEXT,
        recommended_for_aggregates=st.none() | st.booleans(),
        amount_2021usd=st.none() | st.decimals(min_value=0, max_value=10**12, places=2),
        lender_type=_SHORT_TEXT,
        public_liability=_SHORT_TEXT,
    )


def _renumbered(record: Record, n: int) -> dict[str, Any]:
    """Changes that make *record*'s external ids its own within a dataset (record *n*)."""
    if not record.external_ids:
        return {}
    changes: dict[str, Any] = {
        "external_ids": tuple(attrs.evolve(e, id=f"{e.id}-{n}") for e in record.external_ids)
    }
    if isinstance(record, Investment) and record.aiddata:
        changes["aiddata"] = tuple(attrs.evolve(p, id=f"{p.id}-{n}") for p in record.aiddata)
    return changes


@st.composite
def _draw_dataset(
    draw: st.DrawFn, min_records: int, max_records: int, max_actors: int, max_sources: int
) -> Dataset:
    source_pool = draw(
        st.lists(sources(), min_size=1, max_size=max_sources, unique_by=lambda s: s.id)
    )
    pool: list[Actor] = []
    for i in range(draw(st.integers(1, max_actors))):
        base = draw(actors())
        # unique, unambiguous names: suffix each with the actor's number
        pool.append(
            attrs.evolve(
                base,
                id=f"{base.id}-{i}",
                name=f"{base.name} #{i}",
                names=tuple(attrs.evolve(n, text=f"{n.text} #{i}") for n in base.names),
                sources=tuple(draw(st.lists(st.sampled_from(source_pool), max_size=1))),
            )
        )
    place_pool: list[Place] = []
    for i in range(draw(st.integers(0, 3))):
        base_place = draw(places(within=[p.id for p in place_pool]))
        place_pool.append(attrs.evolve(base_place, id=f"{base_place.id}-{i}"))
    count = draw(st.integers(min_records, max_records))
    ids = [f"r{i}" for i in range(count)]
    made: list[Record] = []
    # one strategy for every record of this dataset (building strategies is
    # what costs most); each drawn record then takes its own id
    some_record = records(
        actors=pool, sources=source_pool, ids=st.just("r"), related=ids, places=place_pool
    )
    for n, rid in enumerate(ids):
        record = draw(some_record)
        changes: dict[str, Any] = {
            "id": rid,
            "related": tuple(r for r in record.related if r != rid),
            **_renumbered(record, n),
        }
        if isinstance(record, Investment) and n and draw(st.booleans()):
            # mostly a part of an earlier investment (a tranche of a facility),
            # sometimes of any earlier record (a loan inside an agreed package)
            earlier = [r.id for r in made if isinstance(r, Investment)]
            targets = ids[:n]
            if earlier and draw(st.integers(0, 2)) > 0:
                targets = earlier
            changes["part_of"] = draw(st.sampled_from(targets))
        made.append(attrs.evolve(record, **changes))
    investment_ids = [r.id for r in made if isinstance(r, Investment)]
    holdings: list[Holding] = []
    for asset_index in range(1, len(pool)):
        owners = draw(
            st.lists(st.integers(0, asset_index - 1), max_size=2, unique=True)
        )  # owners come earlier: no cycles
        fractions = _fractions(draw, len(owners))
        for k, owner_index in enumerate(owners):
            fraction = fractions[k] if k < len(fractions) else None
            start = draw(st.none() | _any_date())
            end = _later(draw, start) if start is not None and draw(st.booleans()) else None
            holdings.append(
                Holding(
                    id=f"h{asset_index}-{owner_index}",
                    owner=pool[owner_index],
                    asset=pool[asset_index],
                    fraction=fraction,
                    control=fraction is None or draw(st.booleans()),
                    start=start,
                    end=end,
                    via=draw(st.none() | st.sampled_from(investment_ids))
                    if investment_ids
                    else None,
                    sources=(draw(st.sampled_from(source_pool)),),
                    confidence=draw(st.sampled_from(Confidence)),
                )
            )
    return Dataset(
        actors=pool,
        sources=source_pool,
        places=place_pool,
        holdings=holdings,
        events=[r for r in made if isinstance(r, Event)],
        agreements=[r for r in made if isinstance(r, Agreement)],
        investments=[r for r in made if isinstance(r, Investment)],
        trade=[r for r in made if isinstance(r, TradeFigure)],
        version="generated",
    )
