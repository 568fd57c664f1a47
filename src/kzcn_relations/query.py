"""The query functions, over the packaged dataset.

Each is the method of the same name on :func:`kzcn_relations.dataset`;
call the methods of a :class:`~kzcn_relations.Dataset` from
:func:`~kzcn_relations.load` to query your own data.
"""

from __future__ import annotations

from collections.abc import Iterable

from kzcn_relations._indexes import Stake
from kzcn_relations._io import dataset
from kzcn_relations._queries import ActorRef, Match, PlaceRef
from kzcn_relations.dates import Bound
from kzcn_relations.model import Actor, Agreement, Holding, Investment, Place, Record, TradeFigure

__all__ = [
    "actor",
    "agreements_with",
    "events_between",
    "holdings_of",
    "investments_by",
    "owners_of",
    "place",
    "trade",
]


def events_between(
    start: Bound,
    end: Bound,
    *,
    kinds: Iterable[str] | None = None,
    match: Match = "overlaps",
    host: ActorRef | None = None,
    guest: ActorRef | None = None,
    place: PlaceRef | None = None,
) -> tuple[Record, ...]:
    """Records in ``start..end``; see :meth:`Dataset.events_between`.

    Records known only to the month overlap every day of it:

    >>> [r.id for r in events_between("1994-04-26", "1994-04-26")]
    ['china-credit-1994', 'li-peng-visit-1994', 'border-agreement-1994']
    >>> [r.id for r in events_between("1994-04-26", "1994-04-26", match="within")]
    ['border-agreement-1994']
    """
    return dataset().events_between(
        start, end, kinds=kinds, match=match, host=host, guest=guest, place=place
    )


def agreements_with(
    party: ActorRef,
    *,
    between: tuple[Bound, Bound] | None = None,
    in_force_on: Bound | None = None,
) -> tuple[Agreement, ...]:
    """Agreements *party* is party to; see :meth:`Dataset.agreements_with`."""
    return dataset().agreements_with(party, between=between, in_force_on=in_force_on)


def investments_by(
    investor: ActorRef,
    *,
    between: tuple[Bound, Bound] | None = None,
    include_subsidiaries: bool = True,
) -> tuple[Investment, ...]:
    """Investments by *investor*; see :meth:`Dataset.investments_by`."""
    return dataset().investments_by(
        investor, between=between, include_subsidiaries=include_subsidiaries
    )


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
    between: tuple[Bound, Bound] | None = None,
    mixed: bool = False,
) -> tuple[TradeFigure, ...]:
    """Trade figures, one reporter's; see :meth:`Dataset.trade`."""
    return dataset().trade(reporter=reporter, between=between, mixed=mixed)


def place(name: PlaceRef) -> Place:
    """Resolve a name (any it ever had) to a place; see :meth:`Dataset.place`."""
    return dataset().place(name)
