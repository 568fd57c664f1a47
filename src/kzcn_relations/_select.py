"""One filter for every question: the keyword filters of :meth:`Dataset.select`.

:func:`parse` checks the filters once and turns them into a :class:`Filter`
(a list of predicates); :func:`select_from` applies one to any sequence of
records and holdings, keeping their order (``Records.select`` on the items
of an earlier result), and :func:`select_in` to a whole dataset, drawing
its candidates from the date or the actor index.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from kzcn_relations.dates import PartialDate, day_range
from kzcn_relations.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    UnknownSourceError,
    brief,
)
from kzcn_relations.model import (
    KIND_VALUES,
    Actor,
    Agreement,
    Event,
    Holding,
    Investment,
    Record,
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

Kind = EventKind | AgreementKind | InvestmentKind | TradeKind

if TYPE_CHECKING:
    from kzcn_relations._indexes import Codes, DateIndex, Ownership
    from kzcn_relations.model import Place, Source


class Answering(Protocol):
    """What the filters ask of a dataset: names resolved, places, control, indexes.

    A :class:`~kzcn_relations.Dataset` answers; the filters never import it.
    """

    _records: tuple[Record, ...]
    _holdings: tuple[Holding, ...]
    _sources: dict[str, Source]
    _dates: DateIndex[Record]
    _ownership: Ownership

    def _actor(self, ref: object) -> Actor: ...
    def place(self, name: Any) -> Place: ...
    def _within(self, place: Place) -> frozenset[str]: ...
    def _by_actor(self) -> dict[str, array[int]]: ...
    def _codes(self, name: str) -> Codes: ...


__all__ = [
    "MATCHES",
    "TYPES",
    "Answering",
    "Filter",
    "Item",
    "Match",
    "parse",
    "select_from",
    "select_in",
]

#: How a record's period must relate to a range: overlap it (may fall in
#: it), lie within it (certainly falls in it), or start in it (its date's
#: first day lies in it, so that counts per period add up).
Match = Literal["overlaps", "within", "starts"]
MATCHES: tuple[str, ...] = ("overlaps", "within", "starts")
#: The type names ``types=`` takes.
TYPES: dict[str, type] = {
    "event": Event,
    "agreement": Agreement,
    "investment": Investment,
    "trade": TradeFigure,
    "holding": Holding,
}
#: Roles beside the record fields' own: an event's guests (the participants
#: other than a known host), and a holding's two actors.
EXTRA_ROLES = ("guest", "owner", "asset")
_CONFIDENCE = {Confidence.LOW: 0, Confidence.MEDIUM: 1, Confidence.HIGH: 2}
#: The record fields a filter names that only investments have.
_INVESTMENT_FIELDS = frozenset({"status", "basis"})

Item = Record | Holding
_HOST = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?([^:/?#]+)")
Predicate = Callable[[Item], bool]


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


def _names_of(value: object, field: str) -> tuple[object, ...]:
    """A single value or an iterable of them, as a tuple (strings count as one)."""
    if value is None:
        return ()
    if isinstance(value, (str, Actor)) or not isinstance(value, Iterable):
        return (value,)
    items = tuple(value)
    if not items:
        raise InvalidValueError(field, "an empty list selects nothing; leave it out instead")
    return items


def _choices(value: object, field: str, allowed: Iterable[str]) -> frozenset[str]:
    """Validated string choices: *value* is one or an iterable of *allowed*."""
    valid = list(allowed)
    out: set[str] = set()
    for v in _names_of(value, field):
        if not isinstance(v, str):
            raise InvalidTypeError(field, f"a string such as {valid[0]!r}, got {brief(v)}")
        if v not in valid:
            raise InvalidValueError(field, f"{v!r} is not one of {', '.join(map(repr, valid))}")
        out.add(str(v.value) if isinstance(v, (Role, Confidence, Status, Basis)) else v)
    return frozenset(out)


def range_of(between: object) -> tuple[int, int]:
    """The closed day-ordinal range of a ``between=(start, end)`` (tuple or list)."""
    if not isinstance(between, (tuple, list)) or len(between) != 2:
        raise InvalidTypeError("between", f"a (start, end) pair, not {brief(between)}")
    return day_range(*between)


def period_of(item: Item) -> tuple[int, int, int | None]:
    """(first day, last day, start day) of *item* as ordinals.

    A record's period is ``[date.earliest, (end or date).latest]`` and it
    starts on ``date.earliest``.  A holding runs from its start (unknown:
    open to the past, and no start day) up to, not including, its end.
    """
    if isinstance(item, Holding):
        first = item.start.earliest.toordinal() if item.start else dt.date.min.toordinal()
        last = item.end.latest.toordinal() - 1 if item.end else dt.date.max.toordinal()
        return first, last, item.start.earliest.toordinal() if item.start else None
    lo, hi = item.period
    return lo.toordinal(), hi.toordinal(), item.date.earliest.toordinal()


def in_range(item: Item, lo: int, hi: int, match: str) -> bool:
    """Whether *item*'s period relates to the closed range ``lo..hi`` as *match* says."""
    first, last, start = period_of(item)
    if match == "overlaps":
        return first <= hi and last >= lo
    if match == "within":
        return lo <= first and last <= hi and (not isinstance(item, Holding) or _bounded(item))
    return start is not None and lo <= start <= hi


def _bounded(h: Holding) -> bool:
    return h.start is not None and h.end is not None


def check_match(match: object) -> str:
    if match not in MATCHES:
        raise InvalidValueError("match", f"one of {', '.join(map(repr, MATCHES))}, not {match!r}")
    return str(match)


def roles_of(item: Item) -> tuple[tuple[str, Actor], ...]:
    """Every ``(role, actor)`` pair of a record or holding (guests of a hosted event too)."""
    if isinstance(item, Holding):
        return (("owner", item.owner), ("asset", item.asset))
    pairs = tuple((role.value, actor) for role, actor in item.roles())
    if isinstance(item, Event) and item.host is not None:
        pairs += tuple(("guest", actor) for actor in item.guests)
    return pairs


@attrs.frozen
class Filter:
    """Checked filters: the types wanted, a date range, and predicates.

    *involving* is the actor filter, kept apart from the other *tests* so
    that candidates drawn from the actor index need not pass it again;
    *actor_ids* is set when it asks no more than that one of these actors
    appears in any role (no role named, no subsidiaries).  The *tests* run
    cheapest first, a text search last.
    """

    types: tuple[type, ...] | None
    span: tuple[int, int, str] | None
    tests: tuple[Predicate, ...]
    involving: Predicate | None = None
    actor_ids: frozenset[str] | None = None
    #: (field, ids of the enum members allowed): kinds, confidence, status,
    #: basis — an item without the field fails.  Members by identity: an
    #: enum member's hash is a Python call, an ``id`` is not.
    fields: tuple[tuple[str, frozenset[int]], ...] = ()

    def __call__(self, item: Item) -> bool:
        if self.types is not None and not isinstance(item, self.types):
            return False
        for name, allowed in self.fields:
            if id(getattr(item, name, None)) not in allowed:
                return False
        if self.span is not None and not in_range(item, *self.span):
            return False
        if self.involving is not None and not self.involving(item):
            return False
        return all(test(item) for test in self.tests)

    def rest(self, *, spanned: bool, involved: bool) -> Predicate | None:
        """The checks left for candidates already of the right types and fields, in
        the range (*spanned*) and naming the actors (*involved*); None if none is left."""
        checks: list[Predicate] = []
        if self.span is not None and not spanned:
            span = self.span
            checks.append(lambda item: in_range(item, *span))
        if self.involving is not None and not involved:
            checks.append(self.involving)
        checks += self.tests
        if not checks:
            return None
        if len(checks) == 1:
            return checks[0]
        return lambda item: all(check(item) for check in checks)


def parse(
    ds: Answering,
    *,
    between: Sequence[object] | None = None,
    match: Match = "overlaps",
    types: str | Iterable[str] | None = None,
    kinds: str | Iterable[str] | None = None,
    involving: Any = None,
    role: str | Role | Iterable[str | Role] | None = None,
    include_subsidiaries: bool = False,
    host: Any = None,
    place: Any = None,
    text: str | None = None,
    confidence: str | Confidence | None = None,
    status: str | Status | Iterable[str | Status] | None = None,
    basis: str | Basis | Iterable[str | Basis] | None = None,
    source: str | None = None,
) -> Filter:
    """Check every filter and build the :class:`Filter` they make together."""
    tests: list[Predicate] = []
    fields: list[tuple[str, frozenset[Any]]] = []
    check_match(match)
    span = (*range_of(between), match) if between is not None else None
    chosen = None
    if types is not None:
        chosen = tuple(TYPES[t] for t in sorted(_choices(types, "types", TYPES)))
    if kinds is not None:
        fields.append(("kind", _kinds(kinds) or frozenset()))
    if not isinstance(include_subsidiaries, bool):
        raise InvalidTypeError("include_subsidiaries", f"a bool, not {brief(include_subsidiaries)}")
    roles: frozenset[str] | None = None
    if role is not None:
        roles = _choices(role, "role", [*(r.value for r in Role), *EXTRA_ROLES])
    involving_test: Predicate | None = None
    actor_ids: frozenset[str] | None = None
    if involving is not None:
        actors = [ds._actor(a) for a in _names_of(involving, "involving")]
        involving_test = _involving(ds, actors, roles, include_subsidiaries)
        if roles is None and not include_subsidiaries:
            actor_ids = frozenset(a.id for a in actors)
    elif roles is not None:
        tests.append(lambda r: any(name in roles for name, _ in roles_of(r)))
    if host is not None:
        host_actor = ds._actor(host)
        tests.append(lambda r: isinstance(r, Event) and r.host == host_actor)
    if place is not None:
        inside = ds._within(ds.place(place))
        tests.append(lambda r: not isinstance(r, Holding) and any(p.id in inside for p in r.places))
    searching: Predicate | None = None
    if text is not None:
        if not isinstance(text, str):
            raise InvalidTypeError("text", f"a str, not {brief(text)}")
        from kzcn_relations._names import normalize  # only for text searches

        terms = normalize(text).split()
        if not terms:
            raise InvalidValueError("text", "give at least one word to search for")
        searching = _searching(terms)
    if confidence is not None:
        if not isinstance(confidence, str):
            raise InvalidTypeError(
                "confidence", f"one level such as 'medium', not {brief(confidence)}"
            )
        (level,) = _choices(confidence, "confidence", [c.value for c in Confidence])
        least = _CONFIDENCE[Confidence(level)]
        fields.append(("confidence", frozenset(c for c, n in _CONFIDENCE.items() if n >= least)))
    if status is not None:
        statuses = _choices(status, "status", [s.value for s in Status])
        fields.append(("status", frozenset(Status(v) for v in statuses)))  # investments only
    if basis is not None:
        bases = _choices(basis, "basis", [b.value for b in Basis])
        fields.append(("basis", frozenset(Basis(v) for v in bases)))  # investments only
    if source is not None:
        tests.append(_citing(ds, source))
    if searching is not None:
        tests.append(searching)  # the dearest: folds each candidate's text
    return Filter(
        chosen,
        span,
        tuple(tests),
        involving_test,
        actor_ids,
        tuple((name, frozenset(map(id, members))) for name, members in fields),
    )


def _searching(terms: list[str]) -> Predicate:
    """Items whose text holds every one of *terms* (folded words)."""
    from kzcn_relations._names import searchable

    def test(item: Item) -> bool:
        if isinstance(item, Holding):
            text = f"{item.owner.name} {item.asset.name} {item.notes}"
        else:
            text = f"{item.title} {item.summary} {item.notes}"
        folded = searchable(text)  # as the words are
        return all(t in folded for t in terms)

    return test


def _involving(
    ds: Answering, actors: list[Actor], roles: frozenset[str] | None, subsidiaries: bool
) -> Predicate:
    """Items naming one of *actors* (or, with *subsidiaries*, what it then controlled)."""
    ids = frozenset(a.id for a in actors)
    controlled: dict[tuple[str, PartialDate | None], frozenset[str]] = {}

    def reach(when: PartialDate | None) -> frozenset[str]:
        if not subsidiaries:
            return ids
        out: set[str] = set()
        for a in actors:
            key = (a.id, when)
            found = controlled.get(key)
            if found is None:
                found = controlled[key] = (
                    ds._ownership.closure(a)
                    if when is None
                    else ds._ownership.controlled_at(a, when)
                )
            out |= found
        return frozenset(out)

    def test(item: Item) -> bool:
        when = item.start if isinstance(item, Holding) else item.date
        wanted = reach(when)
        return any(
            actor.id in wanted and (roles is None or name in roles)
            for name, actor in roles_of(item)
        )

    return test


def _citing(ds: Answering, source: object) -> Predicate:
    """Items citing the source with this id, or any source of this web domain."""
    if not isinstance(source, str) or not source.strip():
        raise InvalidTypeError("source", f"a source id or a web domain, not {brief(source)}")
    sources = ds._sources.values()
    if any(s.id == source for s in sources):
        return lambda r: any(s.id == source for s in r.sources)
    domain = source.strip().lower().removeprefix("www.")

    def host(url: str) -> str:
        found = _HOST.match(url)
        return found.group(1).lower().removeprefix("www.") if found else ""

    hits = frozenset(
        s.id for s in sources if host(s.url) == domain or host(s.url).endswith("." + domain)
    )
    if not hits:
        raise UnknownSourceError(source, ())
    return lambda r: any(s.id in hits for s in r.sources)


def select_from(ds: Answering, items: Iterable[Item], **filters: Any) -> tuple[Item, ...]:
    """The *items* that pass *filters* (see :meth:`Dataset.select`), in their order."""
    keep = parse(ds, **filters)
    return tuple(item for item in items if keep(item))


def _coded(ds: Answering, keep: Filter, early: list[int], i: int, j: int) -> list[Item]:
    """The records at positions *early* and ``i..j`` that are of *keep*'s types and
    field values, in order; the values read from one byte a record
    (:class:`~kzcn_relations._indexes.Codes`), side by side in memory."""
    tables: list[tuple[bytes, bytes]] = []
    if keep.types is not None:
        types = keep.types
        codes = ds._codes("type")
        tables.append(
            (codes.codes, codes.table(lambda t: isinstance(t, type) and issubclass(t, types)))
        )
    for name, allowed in keep.fields:
        codes = ds._codes(name)
        tables.append((codes.codes, codes.table(lambda v: id(v) in allowed)))  # noqa: B023
    mask = b""
    for n, (values, table) in enumerate(tables):
        early = [p for p in early if table[values[p]]]
        passing = values[i:j].translate(table)  # 1 where the value passes, else 0
        if n:  # and the masks: as integers, in C
            both = int.from_bytes(mask, "little") & int.from_bytes(passing, "little")
            passing = both.to_bytes(j - i, "little")
        mask = passing
    found: list[Item] = [*ds._dates.take(early)]
    found += compress(ds._records[i:j], mask)
    return found


def select_in(ds: Answering, keep: Filter, between: object, match: str) -> Sequence[Item]:
    """The items of *ds* that pass *keep*, in order: records first, then holdings.

    The records are drawn from the actor index (for actors in any role),
    cut to a range by the date index, or from the date index alone (for a
    range they overlap or lie within); then come the type and field passes,
    and the checks those candidates are not known to pass, the text search
    last.
    """
    wanted = keep.types if keep.types is not None else (Event, Agreement, Investment, TradeFigure)
    records: Sequence[Item] = ()
    if any(t is not Holding for t in wanted):
        spanned = involved = coded = False
        candidates: Sequence[Item] | None = None
        ranged = between is not None and match in ("overlaps", "within")
        if keep.actor_ids is not None:
            # the actors' records, by position: the range's share of them found by
            # bisection, not by checking each record of the actors or of the range
            index = ds._by_actor()
            found = [index[i] for i in keep.actor_ids if i in index]
            among = found[0] if len(found) == 1 else array("i", sorted(set().union(*found)))
            dates = ds._dates
            if ranged:
                lo, hi = range_of(between)
                if match == "overlaps":
                    candidates = dates.overlapping_among(lo, hi, among)
                else:
                    candidates = dates.within_among(lo, hi, among)
                spanned = True
            else:
                candidates = dates.take(among)
            involved = True
        elif ranged:
            lo, hi = range_of(between)
            dates = ds._dates
            if match == "overlaps" and (keep.types is not None or keep.fields):
                candidates = _coded(ds, keep, *dates.overlapping_parts(lo, hi))
                coded = True
            elif match == "overlaps":
                candidates = dates.overlapping(lo, hi)
            else:
                candidates = dates.within(lo, hi)
            spanned = True
        if candidates is None:
            candidates = ds._records
        if not coded:
            if keep.types is not None:
                types = keep.types
                candidates = [r for r in candidates if isinstance(r, types)]
            for name, allowed in keep.fields:  # one pass per field, in C but for the test
                if name in _INVESTMENT_FIELDS:
                    candidates = [r for r in candidates if isinstance(r, Investment)]
                get = attrgetter(name)  # every record has the others
                candidates = [r for r in candidates if id(get(r)) in allowed]
        test = keep.rest(spanned=spanned, involved=involved)
        records = candidates if test is None else [r for r in candidates if test(r)]
    if Holding not in wanted:
        return records
    return [*records, *filter(keep, ds._holdings)]
