"""The indexes behind the queries: dates, actors by role, ownership.

:class:`DateIndex` answers range queries, :func:`by_role` maps each actor to
the records in which it has a role, and :class:`Ownership` follows
holdings over time (and a state's nationals) down to everything an actor
owns or controls.

The date index
--------------

A record's period is a closed interval of days ``[start, end]``, and the
records are kept in one tuple sorted by start day, then the last day of
their date (not of their end), then id — the order every query returns.  For a range ``[lo, hi]``:

- the records that *start* in the range are one slice of that tuple, found
  by two bisections over the sorted start days, and all of them overlap it;
- the other records that overlap it started before ``lo`` and still run at
  ``lo`` — the ones that *straddle* ``lo``.  They all sort before the slice.

Straddlers are precomputed per month: for each month, the tuple of the
records that started before its first day and run into it (a year known
only as "1994", a construction period...), in record order, with their
positions, and which of them end within the month, by end day.  A query
starting on the 1st of a month — every bound given as a month or a year —
hands that tuple out whole: the answer is one concatenation, the tuple and
the slice.  A query starting mid-month drops the few that ended before
``lo`` (found by bisection over their end days; the tuple is cut around
them) and adds the multi-day records that began earlier in the month and
still run, found by bisection in a list of those alone.  The result is
those records followed by the slice: already in order, built with C-level
slicing and concatenation, never a scan of the whole dataset.

A record lies in the tuple of each month after its first that it runs
into: 8 bytes there and 4 for its position (an ``array``).  Start and end
days are ``array("i")`` too, 4 bytes a day rather than an int object.  On
data shaped like the packaged file (many multi-year records) the index
costs about 150 bytes a record; the answers for the 1st of a month cost
no more than the concatenation itself.  Ranges starting mid-month cost
about twice that: the cut tuple is assembled from pieces.
"""

from __future__ import annotations

import datetime as dt
import decimal
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Generic, TypeVar

import attrs

from kzcn_relations.dates import PartialDate
from kzcn_relations.model import Actor, Holding, Record, actor_fields
from kzcn_relations.vocabulary import ActorKind, Role

R = TypeVar("R", bound=Record)


_LAST_ORDINAL = dt.date.max.toordinal()

#: :meth:`DateIndex.overlapping_among` checks the end days of up to four records
#: of its own per record straddling the bound, plus this many, rather than look
#: the straddlers up (a tenth of a microsecond a check, a few a look-up)
SCAN_SLACK = 64


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _days_in(day: dt.date) -> int:
    """The number of days in the month of *day*."""
    if day.month == 12:
        return 31
    return (day.replace(day=1, month=day.month + 1) - dt.timedelta(days=1)).day


@attrs.frozen
class _Month(Generic[R]):
    """The records that straddle the first day of a month (start before it, run to it).

    *full* holds them all, in record order: the straddlers of that first
    day, ready to hand out whole.  *positions* are their positions in the
    record tuple.  The few that end within the month (before its last day)
    are listed again by end day: *short_ends* ascending, and *short_index*
    the index in *full* of each.
    """

    full: tuple[R, ...]
    positions: array[int]
    short_ends: array[int]
    short_index: array[int]


class DateIndex(Generic[R]):
    """Records by period, answering overlap and containment queries.

    *records* must already be in ``(date, id)`` order.  A record that spans
    months straddles the first day of each month after its first; each
    month keeps the tuple of all the records straddling its first day, and
    which of them end within the month.  A range starting on the 1st takes
    that tuple whole; one starting later drops the few that ended before
    it and adds the records that began earlier in the month and still run.
    So the cost of a range query grows with the records that end or begin
    near its lower bound, not with the long records that straddle it.
    """

    __slots__ = ("_ends", "_months", "_multi_pos", "_multi_starts", "_records", "_starts")

    def __init__(self, records: Sequence[R]) -> None:
        self._records = tuple(records)
        # day ordinals fit in 32 bits: arrays keep 4 bytes a day, not an int object
        starts: array[int] = array("i")
        ends: array[int] = array("i")
        multi_pos: array[int] = array("i")
        multi_starts: array[int] = array("i")
        stab: dict[int, list[int]] = {}  # month -> positions of its straddlers
        shorts: dict[int, list[tuple[int, int]]] = {}  # month -> (end, index in stab)
        for position, record in enumerate(self._records):
            first, last = record.date.earliest, (record.end or record.date).latest
            start, end = first.toordinal(), last.toordinal()
            starts.append(start)
            ends.append(end)
            if end > start:
                multi_pos.append(position)
                multi_starts.append(start)
                final = _month(last)
                for month in range(_month(first) + 1, final + 1):
                    stab.setdefault(month, []).append(position)
                if final > _month(first) and last.day < _days_in(last):
                    shorts.setdefault(final, []).append((end, len(stab[final]) - 1))
        self._starts = starts
        self._ends = ends
        self._multi_pos = multi_pos
        self._multi_starts = multi_starts
        records_ = self._records
        months: dict[int, _Month[R]] = {}
        for month, positions in stab.items():
            short = sorted(shorts.get(month, ()))
            months[month] = _Month(
                tuple([records_[p] for p in positions]),
                array("i", positions),
                array("i", [e for e, _ in short]),
                array("i", [k for _, k in short]),
            )
        #: month -> the records straddling its first day
        self._months = months

    def _straddler_pieces(self, lo: int) -> list[tuple[R, ...]]:
        """The records that start before day *lo* and run to it, in order, in pieces.

        The month's straddlers of its first day as kept, less those that
        ended before *lo* (slices around them), then the records that began
        this month before *lo* and still run.
        """
        day = dt.date.fromordinal(lo)
        first = lo - day.day + 1
        pieces: list[tuple[R, ...]] = []
        entry = self._months.get(_month(day))
        if entry is not None:
            full = entry.full
            ended = bisect_left(entry.short_ends, lo) if lo > first else 0
            if not ended:
                pieces.append(full)
            else:
                previous = 0
                for k in sorted(entry.short_index[:ended]):  # few
                    if k > previous:
                        pieces.append(full[previous:k])
                    previous = k + 1
                if previous < len(full):
                    pieces.append(full[previous:])
        if lo > first:
            a = bisect_left(self._multi_starts, first)
            b = bisect_left(self._multi_starts, lo, a)
            if a < b:
                ends = self._ends
                starters = [p for p in self._multi_pos[a:b] if ends[p] >= lo]
                if starters:
                    pieces.append(self.take(starters))
        return pieces

    def _straddling_from(self, lo: int, i: int) -> list[int]:
        """Positions from *i* on of the records that start before day *lo* and run to it."""
        day = dt.date.fromordinal(lo)
        first = lo - day.day + 1
        ends = self._ends
        out: list[int] = []
        entry = self._months.get(_month(day))
        if entry is not None:
            positions = entry.positions
            a = bisect_left(positions, i)
            if a < len(positions):
                if lo > first and entry.short_ends and entry.short_ends[0] < lo:
                    out = [p for p in positions[a:] if ends[p] >= lo]
                else:
                    out = positions[a:].tolist()
        if lo > first:
            a = bisect_left(self._multi_starts, first)
            b = bisect_left(self._multi_starts, lo, a)
            a = bisect_left(self._multi_pos, i, a, b)
            out += [p for p in self._multi_pos[a:b] if ends[p] >= lo]
        return out

    def take(self, positions: Sequence[int]) -> tuple[R, ...]:
        """The records at *positions*, in the order given."""
        if len(positions) <= 1:
            return (self._records[positions[0]],) if positions else ()
        taken: tuple[R, ...] = itemgetter(*positions)(self._records)
        return taken

    def overlapping(self, lo: int, hi: int) -> tuple[R, ...]:
        """Records whose period overlaps days ``lo..hi`` (ordinals), in order."""
        starts = self._starts
        i = bisect_left(starts, lo)
        j = bisect_right(starts, hi, i)
        inside = self._records[i:j]
        pieces = self._straddler_pieces(lo)
        if not pieces:
            return inside
        if len(pieces) == 1:
            return pieces[0] + inside
        out: list[R] = []
        for piece in pieces:
            out += piece
        if len(inside) > len(out):
            return tuple(out) + inside
        out += inside
        return tuple(out)

    def overlapping_among(self, lo: int, hi: int, among: array[int]) -> tuple[R, ...]:
        """The records at positions *among* (ascending) whose period overlaps days
        ``lo..hi``, in order.

        Those that start in the range are a slice of *among* (bisection);
        those that start earlier and run to *lo* are found by whichever is
        fewer: *among*'s earlier positions, checked against their end days,
        or the index's records straddling *lo*, looked up in *among*.
        """
        a, b = self._cut(lo, hi, among)
        ends = self._ends
        entry = self._months.get(_month(dt.date.fromordinal(lo)))
        straddling = 0 if entry is None else len(entry.positions)
        if a <= 4 * straddling + SCAN_SLACK:
            early = [p for p in among[:a] if ends[p] >= lo]
        else:
            early = []
            for p in self._straddling_from(lo, 0):
                k = bisect_left(among, p, 0, a)
                if k < a and among[k] == p:
                    early.append(p)
        return self.take([*early, *among[a:b]])

    def within_among(self, lo: int, hi: int, among: array[int]) -> tuple[R, ...]:
        """The records at positions *among* (ascending) whose whole period lies in days
        ``lo..hi``, in order."""
        a, b = self._cut(lo, hi, among)
        ends = self._ends
        return self.take([p for p in among[a:b] if ends[p] <= hi])

    def _cut(self, lo: int, hi: int, among: array[int]) -> tuple[int, int]:
        """The bounds in *among* of the positions of records that start in days
        ``lo..hi``."""
        starts = self._starts
        i = bisect_left(starts, lo)
        j = bisect_right(starts, hi, i)
        a = bisect_left(among, i)
        return a, bisect_left(among, j, a)

    def overlapping_parts(self, lo: int, hi: int) -> tuple[list[int], int, int]:
        """The positions of the records overlapping days ``lo..hi``: those of the records
        that start earlier and run to *lo*, ascending, and the bounds ``i, j`` of the
        records that start in the range (what :meth:`overlapping` takes)."""
        starts = self._starts
        i = bisect_left(starts, lo)
        return self._straddling_from(lo, 0), i, bisect_right(starts, hi, i)

    def starting(self, lo: int, hi: int) -> int:
        """How many records start in days ``lo..hi`` (a lower bound of an overlap's size)."""
        starts = self._starts
        i = bisect_left(starts, lo)
        return bisect_right(starts, hi, i) - i

    def within(self, lo: int, hi: int) -> tuple[R, ...]:
        """Records whose whole period lies in days ``lo..hi`` (ordinals), in order."""
        starts = self._starts
        i = bisect_left(starts, lo)
        j = bisect_right(starts, hi, i)
        if i == j or hi >= _LAST_ORDINAL:
            return self._records[i:j]
        # records starting in the range but ending after it straddle hi + 1
        out = self._straddling_from(hi + 1, i)
        records = self._records
        if not out:
            return records[i:j]
        kept: list[R] = []
        previous = i
        for p in out:
            if p > previous:
                kept += records[previous:p]
            previous = p + 1
        kept += records[previous:j]
        return tuple(kept)


class Codes:
    """One byte a record: which of a few values one of its fields holds.

    *values* lists the values by code; code 0 is None (a record without the
    field).  A filter on the field becomes a 256-byte table (:meth:`table`)
    that ``bytes.translate`` applies to a run of codes, so that a range's
    records are filtered without touching them: the codes lie side by side,
    the records far apart in memory.
    """

    __slots__ = ("codes", "values")

    def __init__(
        self, records: Sequence[object], values: Iterable[object], get: Callable[[object], object]
    ) -> None:
        self.values: list[object] = [None, *values]
        number = {id(v): c for c, v in enumerate(self.values)}
        try:
            self.codes = bytes(map(number.__getitem__, map(id, map(get, records))))
        except KeyError:  # a value not foreseen (a subclass, say): number it too
            codes = bytearray()
            for value in map(get, records):
                code = number.get(id(value))
                if code is None:
                    code = number[id(value)] = len(self.values)
                    self.values.append(value)
                codes.append(code)
            self.codes = bytes(codes)
        if len(self.values) > 256:
            raise ValueError("more than 255 values do not fit a byte")

    def table(self, keep: Callable[[object], bool]) -> bytes:
        """A ``bytes.translate`` table: 1 at the codes of the values *keep* accepts, else 0."""
        values = self.values
        return bytes(
            1 if c < len(values) and values[c] is not None and keep(values[c]) else 0
            for c in range(256)
        )


def _named(records: Iterable[R], role: Role | None) -> Iterator[tuple[int, R, str]]:
    """``(position, record, actor id)`` for every actor each record names with *role*
    (None: in any role), in record order; an actor named twice in a record comes twice.

    Which fields hold the role is read from the model's field declarations.
    """
    fields: dict[type, tuple[tuple[str, bool], ...]] = {}
    for position, r in enumerate(records):
        cls = type(r)
        mine = fields.get(cls)
        if mine is None:
            mine = fields[cls] = tuple(
                (f.name, f.many) for f in actor_fields(cls) if role is None or f.role is role
            )
        for name, many in mine:
            value = getattr(r, name)
            for a in value if many else () if value is None else (value,):
                yield position, r, a.id


def by_actor(records: Iterable[R]) -> dict[str, array[int]]:
    """Actor id -> the positions in *records* of those that name that actor in any role,
    ascending (4 bytes each; :meth:`DateIndex.overlapping_among` takes them)."""
    index: dict[str, array[int]] = {}
    for position, _, key in _named(records, None):
        found = index.get(key)
        if found is None:
            index[key] = array("i", (position,))
        elif found[-1] != position:
            found.append(position)
    return index


def by_role(
    records: Iterable[R],
    role: Role,
    make: Callable[[list[R]], Sequence[R]] = tuple,
) -> dict[str, Sequence[R]]:
    """Actor id -> the records in which that actor has *role*, in record order.

    Each actor's records are handed to *make* (a tuple by default; the
    queries make them their result type once, here, so that a first
    question about an actor costs no copy).
    """
    index: dict[str, list[R]] = {}
    for _, r, key in _named(records, role):
        found = index.get(key)
        if found is None:
            index[key] = [r]
        elif found[-1] is not r:
            found.append(r)
    return {k: make(v) for k, v in index.items()}


@attrs.frozen
class Stake:
    """What an owner holds of an *asset* at a time, directly or through other companies.

    *fraction* is the sum over every ownership chain of the product of the
    fractions along it, or None if some chain has a link of unknown
    fraction that does not give control.  A controlling link whose fraction
    the sources do not state (a subsidiary) passes the whole of what the
    subsidiary holds on to its owner; *exact* is False when any chain
    relied on that.  *chains* are the chains of holdings, owner first.
    """

    asset: Actor
    fraction: decimal.Decimal | None
    exact: bool
    chains: tuple[tuple[Holding, ...], ...]

    @property
    def direct(self) -> bool:
        """Whether the owner holds the asset itself (some chain has one link)."""
        return any(len(c) == 1 for c in self.chains)


class Ownership:
    """Who owns whom, over time: the dataset's holdings, and a state's nationals.

    Control is derived from holdings (:attr:`Holding.controlling`): an
    actor controls an asset it holds more than a half of, or that the
    sources call its subsidiary, and everything that asset controls in
    turn.  A state also answers for the actors whose ``country`` it is.
    """

    __slots__ = ("_by_asset", "_by_owner", "_closures", "_nationals", "_states_of", "_up")

    def __init__(self, actors: Iterable[Actor], holdings: Iterable[Holding]) -> None:
        self._by_owner: dict[str, list[Holding]] = {}
        self._by_asset: dict[str, list[Holding]] = {}
        self._nationals: dict[str, list[str]] = {}
        self._closures: dict[str, frozenset[str]] = {}
        # an asset's id -> (owner id, first day, last day) of its controlling holdings:
        # a walk up the chains compares dates only
        self._up: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = {}
        for h in holdings:
            self._by_owner.setdefault(h.owner.id, []).append(h)
            self._by_asset.setdefault(h.asset.id, []).append(h)
            if h.controlling:
                first = None if h.start is None else h.start.earliest
                last = None if h.end is None else h.end.latest
                self._up.setdefault(h.asset.id, []).append((h.owner.id, first, last))
        states: dict[str, list[str]] = {}
        for a in actors:
            if a.country is not None:
                if a.kind is ActorKind.STATE:
                    states.setdefault(a.country, []).append(a.id)
                else:
                    self._nationals.setdefault(a.country, []).append(a.id)
        # a national's id -> the states that answer for it
        self._states_of: dict[str, list[str]] = {
            n: ids for country, ids in states.items() for n in self._nationals.get(country, ())
        }

    def _roots(self, actor: Actor) -> list[str]:
        roots = [actor.id]
        if actor.kind is ActorKind.STATE and actor.country is not None:
            roots += self._nationals.get(actor.country, [])
        return roots

    def closure(self, actor: Actor) -> frozenset[str]:
        """Ids of *actor* and of every actor it controlled at any time (time aside)."""
        cached = self._closures.get(actor.id)
        if cached is not None:
            return cached
        result = self._controlled(self._roots(actor), None)
        self._closures[actor.id] = result
        return result

    def held(self, actor_id: str) -> bool:
        """Whether some controlling holding has the actor as its asset (if not, who
        answers for it does not change over time)."""
        return actor_id in self._up

    def answering_for(self, investor: Actor, when: PartialDate) -> set[str]:
        """Ids of the actors that answer for what *investor* did at *when*.

        *investor* itself; every actor above it through a chain of
        controlling holdings that each ran at some time within *when*
        (:meth:`Holding.held_at`); and the states whose nationals any of
        these are.  So ``a.id in answering_for(x, when)`` exactly when *x*
        is in ``controlled_at(a, when)``, for every actor *a* at once, found
        by walking up from *x*: few links, whatever the size of *a*'s
        closure.
        """
        lo, hi = when.earliest, when.latest
        up = self._up
        found = {investor.id}
        todo = [investor.id]
        while todo:
            for owner, first, last in up.get(todo.pop(), ()):
                if (
                    owner not in found
                    and (first is None or first <= hi)
                    and (last is None or lo < last)
                ):
                    found.add(owner)
                    todo.append(owner)
        states_of = self._states_of
        for i in [i for i in found if i in states_of]:
            found.update(states_of[i])
        return found

    def controlled_at(self, actor: Actor, when: PartialDate) -> frozenset[str]:
        """Ids of *actor* and of every actor it controlled at some time within *when*."""
        return self._controlled(self._roots(actor), when)

    def _controlled(self, roots: list[str], when: PartialDate | None) -> frozenset[str]:
        seen = set(roots)
        todo = list(roots)
        while todo:
            current = todo.pop()
            for h in self._by_owner.get(current, ()):
                if h.controlling and h.asset.id not in seen and (when is None or h.held_at(when)):
                    seen.add(h.asset.id)
                    todo.append(h.asset.id)
        return frozenset(seen)

    def owners_of(self, asset: Actor, when: PartialDate | None) -> tuple[Holding, ...]:
        """The holdings of *asset* at *when* (None: those still running)."""
        return tuple(h for h in self._by_asset.get(asset.id, ()) if h.held_at(when))

    def holdings_of(
        self, owner: Actor, when: PartialDate | None, *, indirect: bool
    ) -> tuple[Stake, ...]:
        """*owner*'s stakes at *when* (None: holdings still running), by asset id."""
        chains: dict[str, list[tuple[Holding, ...]]] = {}
        assets: dict[str, Actor] = {}

        def walk(node: str, path: tuple[Holding, ...]) -> None:
            for h in self._by_owner.get(node, ()):
                if not h.held_at(when) or any(x.owner.id == h.asset.id for x in path):
                    continue
                chain_ = (*path, h)
                chains.setdefault(h.asset.id, []).append(chain_)
                assets[h.asset.id] = h.asset
                if indirect:
                    walk(h.asset.id, chain_)

        walk(owner.id, ())
        stakes: list[Stake] = []
        for asset_id in sorted(chains):
            total: decimal.Decimal | None = decimal.Decimal(0)
            exact = True
            for c in chains[asset_id]:
                product: decimal.Decimal | None = decimal.Decimal(1)
                for i, h in enumerate(c):
                    if h.fraction is not None:
                        product = None if product is None else product * h.fraction
                    elif h.control and i < len(c) - 1:
                        exact = False  # a subsidiary passes on what it holds
                    else:
                        product = None
                if product is None or total is None:
                    total = None
                    exact = False
                else:
                    total += product
            stakes.append(Stake(assets[asset_id], total, exact, tuple(chains[asset_id])))
        return tuple(stakes)
