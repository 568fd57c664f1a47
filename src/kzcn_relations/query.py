"""The query functions, over the packaged dataset.

Each is the method of the same name on :func:`kzcn_relations.dataset`;
call the methods of a :class:`~kzcn_relations.Dataset` from
:func:`~kzcn_relations.load` to query your own data.
"""

from __future__ import annotations

from collections.abc import Iterable

from kzcn_relations._io import dataset
from kzcn_relations._queries import ActorRef, Match
from kzcn_relations.dates import Bound
from kzcn_relations.model import Actor, Agreement, Investment, Record

__all__ = ["actor", "agreements_with", "events_between", "investments_by"]


def events_between(
    start: Bound,
    end: Bound,
    *,
    kinds: Iterable[str] | None = None,
    match: Match = "overlaps",
) -> tuple[Record, ...]:
    """Records in ``start..end``; see :meth:`Dataset.events_between`.

    Records known only to the month overlap every day of it:

    >>> [r.id for r in events_between("1994-04-26", "1994-04-26")]
    ['china-credit-1994', 'li-peng-visit-1994', 'border-agreement-1994']
    >>> [r.id for r in events_between("1994-04-26", "1994-04-26", match="within")]
    ['border-agreement-1994']
    """
    return dataset().events_between(start, end, kinds=kinds, match=match)


def agreements_with(
    party: ActorRef,
    *,
    between: tuple[Bound, Bound] | None = None,
) -> tuple[Agreement, ...]:
    """Agreements *party* is party to; see :meth:`Dataset.agreements_with`."""
    return dataset().agreements_with(party, between=between)


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
