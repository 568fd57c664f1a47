"""The queries of a :class:`~kzcn_relations.Dataset`, over its indexes.

:class:`Queries` is the base class of ``Dataset`` that answers questions:
:meth:`~Queries.events_between`, :meth:`~Queries.agreements_with`,
:meth:`~Queries.investments_by`, :meth:`~Queries.owned_by` and
:meth:`~Queries.actor`.  ``Dataset`` validates and holds the content and
calls :meth:`Queries._index` to build the indexes once.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast

from kzcn_relations._indexes import Codes, DateIndex, Ownership, Stake, by_actor, by_role
from kzcn_relations._jsonio import paused_gc
from kzcn_relations._records import Records
from kzcn_relations._select import (
    Match,
    _kinds,
    check_match,
    in_range,
    parse,
    range_of,
    select_in,
)
from kzcn_relations.dates import Bound, PartialDate, coerce, day_range
from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError
from kzcn_relations.model import (
    KIND_VALUES,
    RECORD_TYPES,
    Actor,
    Agreement,
    Event,
    Holding,
    Investment,
    Place,
    Record,
    Source,
    TradeFigure,
)
from kzcn_relations.vocabulary import (
    AgreementKind,
    Basis,
    Confidence,
    EventKind,
    InvestmentKind,
    Role,
    Status,
    TradeKind,
)

if TYPE_CHECKING:
    from kzcn_relations._names import NameIndex, PlaceIndex

__all__ = ["ActorRef", "Match", "PlaceRef", "Queries"]

Kind = EventKind | AgreementKind | InvestmentKind | TradeKind
#: What a query accepts as an actor: an :class:`Actor`, its id or any of its names.
ActorRef = str | Actor
#: What a query accepts as a place: a :class:`Place`, its id or any name it ever had.
PlaceRef = str | Place


#: The values of the record fields that ``select`` filters on (besides kinds).
_FIELD_VALUES: dict[str, tuple[object, ...]] = {
    "confidence": tuple(Confidence),
    "status": tuple(Status),
    "basis": tuple(Basis),
}


def _or_none(name: str) -> Callable[[object], object]:
    """A getter of the field *name*, None for a record without it."""
    return lambda record: getattr(record, name, None)


class Queries:
    """The query methods of a dataset, and the indexes they use."""

    _actors: dict[str, Actor]
    _sources: dict[str, Source]
    _places: dict[str, Place]
    _holdings: tuple[Holding, ...]
    _records: tuple[Record, ...]
    _events: tuple[Event, ...]
    _agreements: tuple[Agreement, ...]
    _investments: tuple[Investment, ...]
    _trade: tuple[TradeFigure, ...]

    def _index(self) -> None:
        """Build the indexes of the records and actors the dataset holds."""
        self._dates: DateIndex[Record] = DateIndex(self._records)
        self._name_index: NameIndex | None = None  # built on first use
        self._place_index: PlaceIndex | None = None  # built on first use
        # each actor's answer made a Records once, here: no copy on a first question
        self._parties = cast(
            "dict[str, Records[Agreement]]", by_role(self._agreements, Role.PARTY, self._made)
        )
        self._investors = cast(
            "dict[str, Records[Investment]]",
            by_role(self._investments, Role.INVESTOR, self._made),
        )
        self._none: Records[Any] = Records((), self)
        self._actor_index: dict[str, array[int]] | None = None  # built on first use
        self._field_codes: dict[str, Codes] = {}  # each built on first use
        self._ownership = Ownership(self._actors.values(), self._holdings)
        self._resolved: dict[str, Actor] = {}
        self._controller_index: dict[str, Records[Investment]] | None = None  # on first use
        self._inside: dict[str, frozenset[str]] = {}

    def _by_actor(self) -> dict[str, array[int]]:
        """Actor id -> the positions of the records naming it in any role, ascending
        (built on first use)."""
        index = self._actor_index
        if index is None:  # two threads may both build it: same result
            with paused_gc():  # many new objects, no cycles (as in a load)
                index = self._actor_index = by_actor(self._records)
        return index

    def _codes(self, name: str) -> Codes:
        """Each record's type (``"type"``) or the value of its field *name* (kind,
        confidence, status, basis), one byte a record (built on first use)."""
        made = self._field_codes.get(name)
        if made is None:
            values: Iterable[object]
            get: Callable[[Any], object]
            if name == "type":
                values, get = RECORD_TYPES, type
            elif name == "kind":
                values, get = KIND_VALUES.values(), attrgetter("kind")
            else:
                values = _FIELD_VALUES[name]
                get = attrgetter(name) if name == "confidence" else _or_none(name)
            with paused_gc():
                made = self._field_codes[name] = Codes(self._records, values, get)
        return made

    def _made(self, items: Iterable[Any]) -> Records[Any]:
        return Records(items, self)

    def _names(self) -> NameIndex:
        index = self._name_index
        if index is None:  # two threads may both build it: same result
            from kzcn_relations._names import NameIndex

            index = self._name_index = NameIndex(self._actors.values())
        return index

    def _place_names(self) -> PlaceIndex:
        index = self._place_index
        if index is None:
            from kzcn_relations._names import PlaceIndex

            index = self._place_index = PlaceIndex(self._places.values())
        return index

    def actor(self, name: str) -> Actor:
        """Resolve an id, name (in any language) or (for a state) ISO code to an actor.

        Case-, accent-, width- and dash-insensitive, with ``ё``/``е`` and
        Cyrillic ``і``/Latin ``i`` read alike.  Raises
        :class:`UnknownActorError` (with suggestions) when nothing matches,
        and :class:`AmbiguousNameError` (naming every candidate) when the
        name belongs to more than one actor; never guesses.
        """
        return self._names().resolve(name)

    def place(self, name: PlaceRef) -> Place:
        """Resolve a place's id or any name it ever had, in any language.

        ``place("Akmola")``, ``place("Nur-Sultan")`` and ``place("Astana")``
        are the same place.  Raises :class:`UnknownPlaceError` or
        :class:`AmbiguousNameError` as :meth:`actor` does.
        """
        if isinstance(name, Place):
            if self._places.get(name.id) != name:
                raise InvalidValueError("place", f"{name!r} is not a place of this dataset")
            return name
        return self._place_names().resolve(name)

    def _within(self, place: Place) -> frozenset[str]:
        """Ids of *place* and of every place that lies within it (computed once per place)."""
        cached = self._inside.get(place.id)
        if cached is not None:
            return cached
        children: dict[str, list[str]] = {}
        for p in self._places.values():
            if p.within is not None:
                children.setdefault(p.within, []).append(p.id)
        seen = {place.id}
        todo = [place.id]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        found = self._inside[place.id] = frozenset(seen)
        return found

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

    def select(
        self,
        *,
        between: tuple[Bound, Bound] | list[Bound] | None = None,
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
        """Records (and, if asked, holdings) that pass every filter given.

        The filters combine (all must hold); each is optional:

        - *between* ``(start, end)``, a closed range of bounds (years, ISO
          texts, dates...), with *match*: ``"overlaps"`` (the record's
          period overlaps the range: it may fall in it), ``"within"`` (its
          whole period lies in the range: it certainly does) or
          ``"starts"`` (its date's first day lies in the range, so that a
          2009–2013 pipeline counts in 2009 only and counts per period add
          up to the total);
        - *types*: ``"event"``, ``"agreement"``, ``"investment"``,
          ``"trade"``, ``"holding"`` (one or several; by default the four
          record types, holdings only when named); *kinds*: record kinds
          (``"visit"``, ``"treaty"``, ``"loan"``...);
        - *involving*: an actor (or several: any of them) in any role — an
          :class:`Actor`, its id or any of its names — and, with
          *include_subsidiaries*, what it controlled at the record's date;
          *role* narrows it to roles (``"party"``, ``"investor"``,
          ``"target"``, ``"host"``, ``"guest"`` — a participant of an event
          whose host is known, other than the host —, ``"owner"``/``"asset"``
          for holdings); *role* alone keeps records with any actor in it;
        - *host*: events the actor hosted; *place*: records at the place or
          within it, by any name it ever had;
        - *text*: every word appears in the title, summary or notes, case,
          accents and width folded;
        - *confidence*: at least this level (``"medium"`` keeps medium and
          high); *status*, *basis*: investments with one of these;
        - *source*: records citing the source with this id (``"s47"``) or
          any page of this web domain (``"aiddata.org"``).

        The result is a :class:`Records` in date order (holdings after the
        records); :meth:`events_between`, :meth:`agreements_with` and
        :meth:`investments_by` are shorthands of this.

        >>> import kzcn_relations as kr
        >>> found = kr.dataset().select(between=(2009, 2009), match="starts",
        ...                             involving="China Eximbank", role="investor")
        >>> for record_id in found.ids:
        ...     print(record_id)
        exim-mibv-3bn-facility-2009
        china-financing-package-2009
        exim-dbk-master-facility-2009
        exim-dbk-buyers-credit-2009
        """
        keep = parse(
            self,
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
        return Records(select_in(self, keep, between, match), self)

    def events_between(
        self,
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
        """Records of every type (events, agreements, investments, trade figures) in ``start..end``.

        The name says events; the answer holds every record type whose
        period falls in the closed range, unless *types* (``"event"``,
        ``"agreement"``, ``"investment"``, ``"trade"``) narrows it.  It is a
        shorthand of :meth:`select` with ``between=(start, end)``.

        A bound of reduced precision covers its whole period:
        ``events_between(1994, 1994)`` is all of 1994.  A record's period is
        ``[date.earliest, (end or date).latest]``; ``match="overlaps"``
        returns the records whose period overlaps the range (they may fall
        in it), ``match="within"`` those whose whole period lies inside it
        (they certainly fall in it), ``match="starts"`` those whose date
        begins in it.  *kinds* keeps only records of those
        kinds (``"visit"``, ``"treaty"``, ``"loan"``, ``"trade"``...).

        *host* keeps the events that actor hosted (received the visit,
        hosted the summit); *guest* the events where it took part and was
        not the host (an event with no known host has no guests either).
        *place* keeps the records at that place or at a place within it,
        under whatever name it then had (``"Akmola"`` finds what happened
        in Astana).
        """
        lo, hi = day_range(start, end)
        wanted = _kinds(kinds)
        host_actor = self._actor(host) if host is not None else None
        guest_actor = self._actor(guest) if guest is not None else None
        places = self._within(self.place(place)) if place is not None else None
        if types is not None and "holding" in _as_set(types):
            raise InvalidValueError("types", "holdings are not records; use select(types=...)")
        match = check_match(match)  # type: ignore[assignment]
        if match == "overlaps":
            found = self._dates.overlapping(lo, hi)
        elif match == "within":
            found = self._dates.within(lo, hi)
        else:
            found = tuple(r for r in self._dates.overlapping(lo, hi) if in_range(r, lo, hi, match))
        if types is not None:
            keep = parse(self, types=types)
            found = tuple(r for r in found if keep(r))
        if wanted is not None:
            found = tuple(r for r in found if r.kind in wanted)
        if host_actor is not None:
            found = tuple(r for r in found if isinstance(r, Event) and r.host == host_actor)
        if guest_actor is not None:
            found = tuple(
                r
                for r in found
                if isinstance(r, Event) and r.host is not None and guest_actor in r.guests
            )
        if places is not None:
            found = tuple(r for r in found if any(p.id in places for p in r.places))
        return Records(found, self)

    def agreements_with(
        self,
        party: ActorRef,
        *,
        between: tuple[Bound, Bound] | list[Bound] | None = None,
        match: Match = "overlaps",
        in_force_on: Bound | None = None,
    ) -> Records[Agreement]:
        """Agreements to which *party* is a party (not merely a signatory).

        A shorthand of ``select(types="agreement", involving=party,
        role="party")``.  *between* is an optional ``(start, end)`` range,
        matched as *match* says (see :meth:`select`).  *in_force_on*
        keeps the agreements that certainly bound their parties then
        (:meth:`Agreement.in_force_on`: only a recorded entry into force
        counts, so an agreement whose entry into force is unknown is left
        out).
        """
        actor = self._actor(party)
        found: tuple[Agreement, ...] = self._parties.get(actor.id, self._none)
        if in_force_on is None and between is None:
            check_match(match)
            return cast("Records[Agreement]", found)
        if in_force_on is not None:
            when = coerce(in_force_on, "in_force_on")
            found = tuple(a for a in found if a.in_force_on(when))
        return Records(_in_range(found, between, match), self)

    def investments_by(
        self,
        investor: ActorRef,
        *,
        between: tuple[Bound, Bound] | list[Bound] | None = None,
        match: Match = "overlaps",
        include_subsidiaries: bool = True,
    ) -> Records[Investment]:
        """Investments in which *investor* is among the investors.

        A shorthand of ``select(types="investment", involving=investor,
        role="investor", include_subsidiaries=True)``; *between* and *match*
        as in :meth:`select`.

        By default an actor also answers for what it controlled at the time
        of each investment — the assets it held more than a half of, or that
        the sources call its subsidiaries, and so on down
        (:meth:`holdings_of`) — and a state answers for the actors whose
        ``country`` it is (``investments_by("China")`` finds CNPC's and
        China Eximbank's).  An investment made before a company came under
        the actor's control is not the actor's.
        ``include_subsidiaries=False`` matches the actor itself only.
        """
        if not isinstance(include_subsidiaries, bool):
            raise InvalidTypeError("include_subsidiaries", f"a bool, not {include_subsidiaries!r}")
        actor = self._actor(investor)
        found: tuple[Investment, ...]
        if not include_subsidiaries:
            found = self._investors.get(actor.id, self._none)
        else:
            found = self._by_controller().get(actor.id, self._none)
        if between is None:
            check_match(match)
            return cast("Records[Investment]", found)
        return Records(_in_range(found, between, match), self)

    def _by_controller(self) -> dict[str, Records[Investment]]:
        """Actor id -> the investments it answers for, in order (built on first use).

        An investment counts for its investors, for every actor that
        controlled one of them at its date through a chain of controlling
        holdings (each link running then), and for the states whose
        nationals any of these are (:meth:`Ownership.answering_for`).  One
        pass over the investments, walking up from each investor: few links,
        whatever the size of an owner's closure.  An actor that answers for
        its own investments only shares its ``include_subsidiaries=False``
        answer.
        """
        index = self._controller_index
        if index is not None:
            return index
        with paused_gc():  # many new objects, no cycles (as in a load)
            index = self._controllers()
        self._controller_index = index  # two threads may both build it: same result
        return index

    def _controllers(self) -> dict[str, Records[Investment]]:
        ownership = self._ownership
        answering = ownership.answering_for
        held = ownership.held
        timeless: dict[str, tuple[str, ...]] = {}  # for investors nothing holds
        lists: dict[str, list[Investment]] = {}

        def answer(investor: Actor, when: PartialDate) -> Iterable[str]:
            found = timeless.get(investor.id)
            if found is not None:
                return found
            if held(investor.id):
                return answering(investor, when)
            found = timeless[investor.id] = tuple(answering(investor, when))
            return found

        for inv in self._investments:
            investors = inv.investors
            if len(investors) == 1:
                who: Iterable[str] = answer(investors[0], inv.date)
            else:
                who = set()
                for investor in investors:
                    who.update(answer(investor, inv.date))
            for a in who:
                found = lists.get(a)
                if found is None:
                    lists[a] = [inv]
                else:
                    found.append(inv)
        own = self._investors
        index: dict[str, Records[Investment]] = {}
        for a, found in lists.items():
            mine = own.get(a)
            # an actor answers for its own investments: as many means the same ones
            same = mine is not None and len(mine) == len(found)
            index[a] = cast("Records[Investment]", mine) if same else Records(found, self)
        return index

    def investments_in(
        self,
        target: ActorRef,
        *,
        between: tuple[Bound, Bound] | list[Bound] | None = None,
        match: Match = "overlaps",
        include_subsidiaries: bool = False,
    ) -> Records[Investment]:
        """Investments whose target is *target*: the mirror of :meth:`investments_by`.

        The acquired company, the borrower, the asset built.  With
        *include_subsidiaries*, also investments in what *target* then
        controlled.  A shorthand of ``select(types="investment",
        involving=target, role="target")``.
        """
        return cast(
            "Records[Investment]",
            self.select(
                types="investment",
                involving=target,
                role="target",
                include_subsidiaries=include_subsidiaries,
                between=between,
                match=match,
            ),
        )

    def sold_by(
        self,
        seller: ActorRef,
        *,
        between: tuple[Bound, Bound] | list[Bound] | None = None,
        match: Match = "overlaps",
        include_subsidiaries: bool = False,
    ) -> Records[Investment]:
        """Investments in which *seller* sold the stake (``select(role="seller")``)."""
        return cast(
            "Records[Investment]",
            self.select(
                types="investment",
                involving=seller,
                role="seller",
                include_subsidiaries=include_subsidiaries,
                between=between,
                match=match,
            ),
        )

    def search_actors(self, text: str, *, limit: int = 10) -> tuple[Actor, ...]:
        """Actors whose names (in any language) resemble *text*, best first.

        Ranked: an exact name or id first, then names that begin with the
        text, then names that contain it, then close spellings (fuzzy, by
        :mod:`difflib`), each group by how close.  Case, accents and width
        are folded.  At most *limit* actors.

        >>> import kzcn_relations as kr
        >>> [a.id for a in kr.dataset().search_actors("petro", limit=3)]
        ['petrochina', 'petrokazakhstan', 'pkop']
        """
        return self._names().search(text, limit=limit)

    def owned_by(self, owner: ActorRef) -> frozenset[str]:
        """Ids of *owner* and of every actor it controlled at any time.

        For a state, also the actors whose ``country`` it is, and what they
        control.  :meth:`holdings_of` gives the fractions at a date.
        """
        return self._ownership.closure(self._actor(owner))

    def owners_of(self, asset: ActorRef, *, as_of: Bound | None = None) -> tuple[Holding, ...]:
        """The holdings of *asset*: who owned what fraction of it, and when.

        *as_of* (a year, a month, a day) keeps the holdings that ran at some
        time within it; by default, the holdings that still run (no end).

        >>> import kzcn_relations
        >>> ds = kzcn_relations.dataset()
        >>> [(h.owner.id, str(h.fraction)) for h in ds.owners_of("mibv", as_of=2010)]
        [('cnpc-ed', '0.5'), ('kmg', '0.5')]
        """
        when = coerce(as_of, "as_of") if as_of is not None else None
        return self._ownership.owners_of(self._actor(asset), when)

    def holdings_of(
        self, owner: ActorRef, *, as_of: Bound | None = None, indirect: bool = True
    ) -> tuple[Stake, ...]:
        """What *owner* held, directly and (by default) through what it held.

        One :class:`Stake` per asset, ordered by asset id, whose fraction is
        the product of the fractions along each ownership chain, summed over
        the chains.  *as_of* as in :meth:`owners_of`.

        >>> import kzcn_relations
        >>> ds = kzcn_relations.dataset()
        >>> mmg = [s for s in ds.holdings_of("cnpc", as_of=2010) if s.asset.id == "mmg"][0]
        >>> str(mmg.fraction), [h.owner.id for h in mmg.chains[0]]
        ('0.5', ['cnpc', 'cnpc-ed', 'mibv'])
        """
        if not isinstance(indirect, bool):
            raise InvalidTypeError("indirect", f"a bool, not {indirect!r}")
        when = coerce(as_of, "as_of") if as_of is not None else None
        return self._ownership.holdings_of(self._actor(owner), when, indirect=indirect)

    def trade(
        self,
        *,
        reporter: ActorRef | None = None,
        between: tuple[Bound, Bound] | list[Bound] | None = None,
        match: Match = "overlaps",
        mixed: bool = False,
    ) -> Records[TradeFigure]:
        """Trade figures in date order, as *reporter* reports them.

        Chinese and Kazakh statistics differ by a fifth or more, so a series
        never mixes reporters unless asked: without *reporter*, the figures
        must all come from one reporter, or *mixed* must be True (each
        figure still says its reporter).  *between* as in
        :meth:`agreements_with`.
        """
        found = self._trade
        if reporter is not None:
            wanted = self._actor(reporter)
            found = tuple(t for t in found if t.reporter == wanted)
        found = _in_range(found, between, match)
        if reporter is None and not mixed:
            sides = sorted({t.reporter.id if t.reporter else "unstated" for t in found})
            if len(sides) > 1:
                raise InvalidValueError(
                    "reporter",
                    f"the figures come from {len(sides)} reporters ({', '.join(sides)}); "
                    "name one, or pass mixed=True",
                )
        return Records(found, self)


def _as_set(value: object) -> set[str]:
    return {value} if isinstance(value, str) else set(value)  # type: ignore[call-overload]


def _in_range(
    found: tuple[Any, ...], between: object, match: object = "overlaps"
) -> tuple[Any, ...]:
    """The records of *found* in the *between* range, matched as *match* says."""
    how = check_match(match)
    if between is None:
        return found
    lo, hi = range_of(between)
    return tuple(r for r in found if in_range(r, lo, hi, how))
