"""The queries of a :class:`~kzcn_relations.Dataset`, over its indexes.

:class:`Queries` is the base class of ``Dataset`` that answers questions:
:meth:`~Queries.events_between`, :meth:`~Queries.agreements_with`,
:meth:`~Queries.investments_by`, :meth:`~Queries.owned_by` and
:meth:`~Queries.actor`.  ``Dataset`` validates and holds the content and
calls :meth:`Queries._index` to build the indexes once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from kzcn_relations._indexes import DateIndex, Ownership, by_role
from kzcn_relations.dates import Bound, day_range
from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError, brief
from kzcn_relations.model import KIND_VALUES, Actor, Agreement, Investment, Record, sort_key
from kzcn_relations.vocabulary import AgreementKind, EventKind, InvestmentKind, Role

if TYPE_CHECKING:
    from kzcn_relations._names import NameIndex

__all__ = ["ActorRef", "Match", "Queries"]

#: How a record's period must relate to a query range.
Match = Literal["overlaps", "within"]
Kind = EventKind | AgreementKind | InvestmentKind
#: What a query accepts as an actor: an :class:`Actor`, its id or any of its names.
ActorRef = str | Actor


def _kinds(kinds: object) -> frozenset[Kind] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = (kinds,)
    if not isinstance(kinds, Iterable):
        raise InvalidTypeError("kinds", f"an iterable of kinds, got {type(kinds).__name__}")
    out: set[Kind] = set()
    for k in kinds:
        if not isinstance(k, str):
            raise InvalidTypeError("kinds", f"a kind is a string such as 'visit', got {brief(k)}")
        found = KIND_VALUES.get(k)
        if found is None:
            valid = ", ".join(sorted(KIND_VALUES))
            raise InvalidValueError("kinds", f"{k!r} is not a record kind; valid kinds: {valid}")
        out.add(found)
    return frozenset(out)


class Queries:
    """The query methods of a dataset, and the indexes they use."""

    _actors: dict[str, Actor]
    _records: tuple[Record, ...]
    _agreements: tuple[Agreement, ...]
    _investments: tuple[Investment, ...]

    def _index(self) -> None:
        """Build the indexes of the records and actors the dataset holds."""
        self._dates: DateIndex[Record] = DateIndex(self._records)
        self._name_index: NameIndex | None = None  # built on first use
        self._parties = by_role(self._agreements, Role.PARTY)
        self._investors = by_role(self._investments, Role.INVESTOR)
        self._ownership = Ownership(self._actors.values())
        self._resolved: dict[str, Actor] = {}
        self._by_owner: dict[str, tuple[Investment, ...]] = {}

    def _names(self) -> NameIndex:
        index = self._name_index
        if index is None:  # two threads may both build it: same result
            from kzcn_relations._names import NameIndex

            index = self._name_index = NameIndex(self._actors.values())
        return index

    def actor(self, name: str) -> Actor:
        """Resolve an id, name, alias or (for a state) ISO code to an actor.

        Case-, accent- and dash-insensitive.  Raises
        :class:`UnknownActorError` (with suggestions) when nothing matches;
        never guesses.
        """
        return self._names().resolve(name)

    def _actor(self, ref: object) -> Actor:
        if type(ref) is str:
            found = self._actors.get(ref) or self._resolved.get(ref)
            if found is not None:
                return found
            found = self._names().resolve(ref)
            if len(self._resolved) < 4096:
                self._resolved[ref] = found
            return found
        if isinstance(ref, Actor):
            known = self._actors.get(ref.id)
            if known != ref:
                raise InvalidValueError("actor", f"{ref!r} is not an actor of this dataset")
            return ref
        return self._names().resolve(ref)  # type: ignore[arg-type]

    # -- queries -------------------------------------------------------

    def events_between(
        self,
        start: Bound,
        end: Bound,
        *,
        kinds: Iterable[str] | None = None,
        match: Match = "overlaps",
    ) -> tuple[Record, ...]:
        """Records (of all three kinds) in the closed range ``start..end``.

        A bound of reduced precision covers its whole period:
        ``events_between(1994, 1994)`` is all of 1994.  A record's period is
        ``[date.earliest, (end or date).latest]``; ``match="overlaps"``
        returns the records whose period overlaps the range (they may fall
        in it), ``match="within"`` those whose whole period lies inside it
        (they certainly fall in it).  *kinds* keeps only records of those
        kinds (``"visit"``, ``"treaty"``, ``"loan"``, ...).
        """
        lo, hi = day_range(start, end)
        wanted = _kinds(kinds)
        if match == "overlaps":
            found = self._dates.overlapping(lo, hi)
        elif match == "within":
            found = self._dates.within(lo, hi)
        else:
            raise InvalidValueError("match", f"'overlaps' or 'within', not {match!r}")
        if wanted is not None:
            found = tuple(r for r in found if r.kind in wanted)
        return found

    def agreements_with(
        self,
        party: ActorRef,
        *,
        between: tuple[Bound, Bound] | None = None,
    ) -> tuple[Agreement, ...]:
        """Agreements to which *party* is a party (not merely a signatory).

        *between* is an optional ``(start, end)`` range with the same
        meaning as in :meth:`events_between` (``overlaps``).
        """
        found = self._parties.get(self._actor(party).id, ())
        return _in_range(found, between)

    def investments_by(
        self,
        investor: ActorRef,
        *,
        between: tuple[Bound, Bound] | None = None,
        include_subsidiaries: bool = True,
    ) -> tuple[Investment, ...]:
        """Investments in which *investor* is among the investors.

        By default an actor also answers for what it owns, following
        ``parent`` links down (CNPC answers for CNPC International), and a
        state answers for the actors whose ``country`` it is
        (``investments_by("China")`` finds CNPC's and China Eximbank's).
        ``include_subsidiaries=False`` matches the actor itself only.
        """
        if not isinstance(include_subsidiaries, bool):
            raise InvalidTypeError("include_subsidiaries", f"a bool, not {include_subsidiaries!r}")
        actor = self._actor(investor)
        if not include_subsidiaries:
            found = self._investors.get(actor.id, ())
        else:
            cached = self._by_owner.get(actor.id)
            if cached is None:
                ids = self.owned_by(actor)
                merged = {inv.id: inv for i in ids for inv in self._investors.get(i, ())}
                cached = tuple(sorted(merged.values(), key=sort_key))
                self._by_owner[actor.id] = cached  # a shared, immutable answer
            found = cached
        return _in_range(found, between)

    def owned_by(self, owner: ActorRef) -> frozenset[str]:
        """Ids of *owner* and of every actor it owns, directly or not.

        For a state, also the actors whose ``country`` it is, and what they
        own.
        """
        return self._ownership.closure(self._actor(owner))


def _in_range(found: tuple[Any, ...], between: tuple[Bound, Bound] | None) -> tuple[Any, ...]:
    if between is None:
        return found
    if not isinstance(between, tuple) or len(between) != 2:
        raise InvalidTypeError("between", f"a (start, end) tuple, not {brief(between)}")
    lo, hi = day_range(*between)
    return tuple(
        r for r in found if r.period[0].toordinal() <= hi and r.period[1].toordinal() >= lo
    )
