"""The query functions, over the packaged dataset.

Each is the method of the same name on :func:`kzcn_relations.dataset`;
call the methods of a :class:`~kzcn_relations.Dataset` from
:func:`~kzcn_relations.load` to query your own data.
"""

from __future__ import annotations

from collections.abc import Iterable

from kzcn_relations._indexes import Stake
from kzcn_relations._io import dataset
from kzcn_relations._queries import ActorRef, PlaceRef
from kzcn_relations._records import Records
from kzcn_relations._select import Match
from kzcn_relations.dates import Bound
from kzcn_relations.model import Actor, Agreement, Holding, Investment, Place, Record, TradeFigure
from kzcn_relations.vocabulary import Role

__all__ = [
    "actor",
    "agreements_with",
    "events_between",
    "holdings_of",
    "investments_by",
    "investments_in",
    "owners_of",
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


def place(name: PlaceRef) -> Place:
    """Resolve a name (any it ever had) to a place; see :meth:`Dataset.place`."""
    return dataset().place(name)
