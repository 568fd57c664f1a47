"""The query functions, over the packaged dataset.

Each is the method of the same name on :func:`kzcn_relations.dataset`;
call the methods of a :class:`~kzcn_relations.Dataset` from
:func:`~kzcn_relations.load` to query your own data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, SupportsIndex

from kzcn_relations._dataset import Dataset
from kzcn_relations._indexes import Stake
from kzcn_relations._io import dataset
from kzcn_relations._queries import ActorRef, PlaceRef
from kzcn_relations._records import Records
from kzcn_relations._select import Match
from kzcn_relations._shapes import is_dataset
from kzcn_relations.dates import Bound
from kzcn_relations.exceptions import InvalidTypeError, describe
from kzcn_relations.model import Actor, Agreement, Holding, Investment, Place, Record, TradeFigure
from kzcn_relations.vocabulary import Role

if TYPE_CHECKING:
    from kzcn_relations._panel import Panel

__all__ = [
    "actor",
    "agreements_with",
    "events_between",
    "holdings_of",
    "investments_by",
    "investments_in",
    "owners_of",
    "panel",
    "place",
    "search_actors",
    "select",
    "sold_by",
    "trade",
]

Between = tuple[Bound, Bound] | list[Bound]


def select(
    *,
    between: Between | None = None,
    match: Match = "overlaps",
    types: str | Iterable[str] | None = None,
    kinds: str | Iterable[str] | None = None,
    involving: ActorRef | Iterable[ActorRef] | None = None,
    role: str | Role | Iterable[str | Role] | None = None,
    include_subsidiaries: bool = False,
    host: ActorRef | None = None,
    place: PlaceRef | None = None,
    text: str | None = None,
    confidence: str | None = None,
    status: str | Iterable[str] | None = None,
    basis: str | Iterable[str] | None = None,
    source: str | None = None,
) -> Records[Record | Holding]:
    """Records passing every filter given; see :meth:`Dataset.select`.

    >>> [r.id for r in select(text="uranium", involving="CGN", match="starts",
    ...                       between=(2021, 2024))]
    ['cgn-ortalyk-stake-2021', 'ulba-fa-fuel-plant-2021', 'cgn-khorasan-u-stake-2024']
    """
    return dataset().select(
        between=between,
        match=match,
        types=types,
        kinds=kinds,
        involving=involving,
        role=role,
        include_subsidiaries=include_subsidiaries,
        host=host,
        place=place,
        text=text,
        confidence=confidence,
        status=status,
        basis=basis,
        source=source,
    )


def events_between(
    start: Bound,
    end: Bound,
    *,
    types: str | Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    match: Match = "overlaps",
    host: ActorRef | None = None,
    guest: ActorRef | None = None,
    place: PlaceRef | None = None,
) -> Records[Record]:
    """Records of every type in ``start..end``; see :meth:`Dataset.events_between`.

    Records known only to the month overlap every day of it:

    >>> [r.id for r in events_between("1994-04-26", "1994-04-26")]
    ['china-credit-1994', 'li-peng-visit-1994', 'border-agreement-1994']
    >>> [r.id for r in events_between("1994-04-26", "1994-04-26", match="within")]
    ['border-agreement-1994']
    """
    return dataset().events_between(
        start, end, types=types, kinds=kinds, match=match, host=host, guest=guest, place=place
    )


def agreements_with(
    party: ActorRef,
    *,
    between: Between | None = None,
    match: Match = "overlaps",
    in_force_on: Bound | None = None,
) -> Records[Agreement]:
    """Agreements *party* is party to; see :meth:`Dataset.agreements_with`."""
    return dataset().agreements_with(party, between=between, match=match, in_force_on=in_force_on)


def investments_by(
    investor: ActorRef,
    *,
    between: Between | None = None,
    match: Match = "overlaps",
    include_subsidiaries: bool = True,
) -> Records[Investment]:
    """Investments by *investor*; see :meth:`Dataset.investments_by`."""
    return dataset().investments_by(
        investor, between=between, match=match, include_subsidiaries=include_subsidiaries
    )


def investments_in(
    target: ActorRef,
    *,
    between: Between | None = None,
    match: Match = "overlaps",
    include_subsidiaries: bool = False,
) -> Records[Investment]:
    """Investments in *target*; see :meth:`Dataset.investments_in`."""
    return dataset().investments_in(
        target, between=between, match=match, include_subsidiaries=include_subsidiaries
    )


def sold_by(
    seller: ActorRef,
    *,
    between: Between | None = None,
    match: Match = "overlaps",
    include_subsidiaries: bool = False,
) -> Records[Investment]:
    """Investments *seller* sold into; see :meth:`Dataset.sold_by`."""
    return dataset().sold_by(
        seller, between=between, match=match, include_subsidiaries=include_subsidiaries
    )


def search_actors(text: str, *, limit: int = 10) -> tuple[Actor, ...]:
    """Actors whose names resemble *text*, best first; see :meth:`Dataset.search_actors`."""
    return dataset().search_actors(text, limit=limit)


def actor(name: str) -> Actor:
    """Resolve a name to an actor; see :meth:`Dataset.actor`."""
    return dataset().actor(name)


def owners_of(asset: ActorRef, *, as_of: Bound | None = None) -> tuple[Holding, ...]:
    """The holdings of *asset*; see :meth:`Dataset.owners_of`."""
    return dataset().owners_of(asset, as_of=as_of)


def holdings_of(
    owner: ActorRef, *, as_of: Bound | None = None, indirect: bool = True
) -> tuple[Stake, ...]:
    """What *owner* held; see :meth:`Dataset.holdings_of`."""
    return dataset().holdings_of(owner, as_of=as_of, indirect=indirect)


def trade(
    *,
    reporter: ActorRef | None = None,
    between: Between | None = None,
    match: Match = "overlaps",
    mixed: bool = False,
) -> Records[TradeFigure]:
    """Trade figures, one reporter's; see :meth:`Dataset.trade`."""
    return dataset().trade(reporter=reporter, between=between, match=match, mixed=mixed)


def panel(
    data: Dataset | None = None,
    *,
    freq: str = "year",
    start: SupportsIndex | None = None,
    end: SupportsIndex | None = None,
) -> Panel:
    """The Kazakhstan–China dyad-year panel of *data* (default: the packaged dataset).

    One row per year from *start* (default 1992) to *end* (default the year
    of the latest record date, or *start* if that is earlier; a year is an
    ``int`` or any integer with ``__index__``, such as numpy's), every year
    present exactly once and in order, with zeros (or None) where nothing
    is recorded.  Only ``freq="year"`` is supported.  A Kazakh actor is
    one whose ``country`` is ``KAZ``, a Chinese one ``CHN``; every count
    goes by the year of a record's ``date`` (the year it starts).

    Columns:

    - ``year``; ``iso3_a`` (``"KAZ"``) and ``iso3_b`` (``"CHN"``), for
      joining with other dyadic data;
    - ``trade_kaz_reported_usd``, ``trade_chn_reported_usd``: the
      full-year turnover (``TradeFigure.full_year``) in USD as a Kazakh
      (resp. Chinese) reporter states it, a ``Decimal``; None where the
      data has no such figure (never 0, never the other side's).  A figure
      in another currency is not converted and not used.  Of several
      figures of one side for a year, the one of highest confidence, then
      the smallest id;
      ``trade_kaz_reported_id``, ``trade_chn_reported_id`` give the id of
      the figure used.  Figures of unstated reporters are not used;
    - ``visits``: events of kind ``visit``; ``visits_to_kaz``,
      ``visits_to_chn``: those a Kazakh (Chinese) host received;
      ``visits_to_other``: a host of another or no country;
      ``visits_host_unknown``: no host recorded (the four add up to
      ``visits``);
    - ``summits``: events of kind ``summit``; ``summits_hosted_by_kaz``,
      ``summits_hosted_by_chn``: those a Kazakh (Chinese) host hosted;
    - ``agreements_signed``: agreements whose ``date`` lies in the year;
      ``agreements_in_force``: agreements in force on 31 December
      (``Agreement.in_force_on``; only a recorded entry into force counts,
      so it is a lower bound), whenever signed;
      ``agreements_signed_bilateral``, ``agreements_in_force_bilateral``:
      of those, the agreements with exactly two parties, one Kazakh and one
      Chinese;
    - ``investments_started``: investments whose ``date`` lies in the
      year; ``investments_non_usd``: those of them with an amount in another
      currency, which no USD column includes (no exchange rates are held);
    - ``investment_usd``: the USD that :func:`~kzcn_relations.totals`
      counts by default, of the investments started in the year, a
      ``Decimal``; ``investment_usd_basis_<basis>`` (one per
      :class:`~kzcn_relations.Basis`) and ``investment_usd_status_<status>``
      (one per :class:`~kzcn_relations.Status`): the USD counted when
      every basis and status is asked for, by basis and by status.  No
      money is counted twice, across years too: the totals run over the
      whole dataset, so a tranche is left out wherever the record it is
      ``part_of`` counts, in whatever year that record started.

    >>> p = panel(start=2013, end=2014)
    >>> [(r["year"], str(r["trade_kaz_reported_usd"]), str(r["trade_chn_reported_usd"])) for r in p]
    [(2013, '22530000000', '28600000000'), (2014, 'None', '22400000000')]
    """
    if data is not None and not is_dataset(data):
        raise InvalidTypeError("data", f"a Dataset or None, not {describe(data)}")
    from kzcn_relations._panel import panel as build  # only when asked: keeps imports light

    return build(dataset() if data is None else data, freq=freq, start=start, end=end)


def place(name: PlaceRef) -> Place:
    """Resolve a name (any it ever had) to a place; see :meth:`Dataset.place`."""
    return dataset().place(name)
