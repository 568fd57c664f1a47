"""The :class:`Dataset`: validated records with their indexes and queries.

:func:`dataset` returns the packaged dataset, read on first use (never at
import time) and shared by every caller, threads included.  :func:`load`
reads a user's file in the same format, with the same validation.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from kzcn_relations import _jsonio

if TYPE_CHECKING:
    from kzcn_relations._names import NameIndex
from kzcn_relations._index import DateIndex
from kzcn_relations.exceptions import (
    DatasetError,
    InvalidTypeError,
    InvalidValueError,
    Problem,
)
from kzcn_relations.model import (
    ACTOR_FIELDS,
    ACTOR_TUPLE_FIELDS,
    KIND_VALUES,
    RECORD_TYPES,
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    Event,
    EventKind,
    Investment,
    InvestmentKind,
    PartialDate,
    Record,
    Source,
    sort_key,
)

__all__ = ["Bound", "Dataset", "Match", "dataset", "load"]

#: What a query accepts as a range bound.
Bound = dt.date | PartialDate | str | int
#: How a record's period must relate to a query range.
Match = Literal["overlaps", "within"]
Kind = EventKind | AgreementKind | InvestmentKind
ActorRef = str | Actor


def _bound(value: object, name: str) -> PartialDate:
    """Coerce a query bound; strict about types and formats."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool):
        raise InvalidTypeError(
            name, f"a date, an ISO string or an int year, not bool {value!r}"
        )
    if isinstance(value, int):
        if not 1 <= value <= 9999:
            raise InvalidValueError(name, f"year {value} is not in 1..9999")
        return PartialDate(value)
    if isinstance(value, str):
        try:
            return PartialDate.parse(value)
        except InvalidValueError as exc:
            raise InvalidValueError(name, exc.reason) from None
    if isinstance(value, dt.datetime):
        raise InvalidTypeError(
            name,
            f"a datetime.date, not a datetime ({value!r}); pass value.date()",
        )
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    raise InvalidTypeError(
        name,
        "a datetime.date, a PartialDate, an ISO 8601 string (YYYY, YYYY-MM "
        f"or YYYY-MM-DD) or an int year, got {type(value).__name__} {value!r}",
    )


def _range(start: object, end: object) -> tuple[int, int]:
    # the common cases without building PartialDates: two days, two years
    if type(start) is dt.date and type(end) is dt.date:
        lo, hi = start.toordinal(), end.toordinal()
        if lo > hi:
            raise InvalidValueError("", f"start {start} is after end {end}")
        return lo, hi
    first, last = _bound(start, "start"), _bound(end, "end")
    if first.earliest > last.latest:
        raise InvalidValueError("", f"start {first} is after end {last}")
    return first.earliest.toordinal(), last.latest.toordinal()


def _kinds(kinds: object) -> frozenset[Kind] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = (kinds,)
    if not isinstance(kinds, Iterable):
        raise InvalidTypeError(
            "kinds", f"an iterable of kinds, got {type(kinds).__name__}"
        )
    out: set[Kind] = set()
    for k in kinds:
        if not isinstance(k, str):
            raise InvalidTypeError(
                "kinds", f"a kind is a string such as 'visit', got {k!r}"
            )
        found = KIND_VALUES.get(k)
        if found is None:
            valid = ", ".join(sorted(KIND_VALUES))
            raise InvalidValueError(
                "kinds", f"{k!r} is not a record kind; valid kinds: {valid}"
            )
        out.add(found)
    return frozenset(out)


class Dataset:
    """Validated actors, sources and records, indexed for the queries.

    Build one with :func:`load`, :meth:`from_dict`, or from objects with
    the constructor (which checks what the loader checks: unique ids,
    references that resolve, unambiguous names).  Instances are immutable;
    every query returns a tuple ordered by ``(date, id)``.
    """

    def __init__(
        self,
        *,
        actors: Iterable[Actor],
        sources: Iterable[Source],
        events: Iterable[Event] = (),
        agreements: Iterable[Agreement] = (),
        investments: Iterable[Investment] = (),
        version: str,
        title: str = "",
        license: str = "",  # noqa: A002 - the document key
        origin: str = "",
        _resolved: bool = False,
        _verified: bool = False,
    ) -> None:
        actor_list, source_list = list(actors), list(sources)
        by_kind: dict[str, list[Record]] = {
            Event.collection: list(events),
            Agreement.collection: list(agreements),
            Investment.collection: list(investments),
        }
        # _verified: the packaged file, checked in full whenever it is written
        problems = [] if _verified else _check(
            actor_list, source_list, by_kind, resolved=_resolved
        )
        if problems:
            raise DatasetError(problems, origin=origin)
        self._version = version
        self._origin = origin
        self._title = title
        self._license = license
        self._actors = {a.id: a for a in sorted(actor_list, key=lambda a: a.id)}
        self._sources = {s.id: s for s in sorted(source_list, key=_source_key)}
        everything = [
            *by_kind[Event.collection],
            *by_kind[Agreement.collection],
            *by_kind[Investment.collection],
        ]
        everything.sort(key=sort_key)
        self._records: tuple[Record, ...] = tuple(everything)
        self._events = tuple(r for r in everything if type(r) is Event)
        self._agreements = tuple(r for r in everything if type(r) is Agreement)
        self._investments = tuple(r for r in everything if type(r) is Investment)
        self._by_id: dict[str, Record] = {r.id: r for r in self._records}
        self._dates: DateIndex[Record] = DateIndex(self._records)
        self._name_index: NameIndex | None = None  # built on first use
        self._parties = _by_actor(self._agreements, lambda a: a.parties)
        self._investors = _by_actor(self._investments, lambda i: i.investors)
        self._owned: dict[str, frozenset[str]] = {}
        self._resolved: dict[str, Actor] = {}
        self._by_owner: dict[str, tuple[Investment, ...]] = {}
        self._children: dict[str, list[str]] = {}
        for a in self._actors.values():
            if a.parent is not None:
                self._children.setdefault(a.parent.id, []).append(a.id)
        self._nationals: dict[str, list[str]] = {}
        for a in self._actors.values():
            if a.country is not None and a.kind is not ActorKind.STATE:
                self._nationals.setdefault(a.country, []).append(a.id)

    # -- construction --------------------------------------------------

    @classmethod
    def from_dict(cls, document: Mapping[str, Any], *, origin: str = "") -> Dataset:
        """Build a dataset from a parsed document in the packaged format.

        Raises :class:`DatasetError` listing every problem, with JSON paths.
        """
        from kzcn_relations import _load

        with paused_gc():
            content = _load.read_document(document, origin)
            return cls(
                actors=content.actors,
                sources=content.sources,
                events=content.records[Event.collection],  # type: ignore[arg-type]
                agreements=content.records[Agreement.collection],  # type: ignore[arg-type]
                investments=content.records[Investment.collection],  # type: ignore[arg-type]
                version=content.version,
                title=content.meta.get("title", ""),
                license=content.meta.get("license", ""),
                origin=origin,
                _resolved=True,
            )

    def merge(
        self, other: Dataset | Mapping[str, Any], *, origin: str = ""
    ) -> Dataset:
        """A new dataset with this one's content and *other*'s.

        *other* is a :class:`Dataset` or a parsed document, whose records may
        refer to this dataset's actors and sources by id without listing
        them. An id that both hold with the same content is kept once; an
        id that both hold with different content is a :class:`DatasetError`
        naming both sides — never a silent overwrite. The result's version
        is ``"<this version>+<other version>"``.
        """
        actors: Sequence[Actor]
        sources: Sequence[Source]
        by_kind: Mapping[str, Sequence[Record]]
        if isinstance(other, Dataset):
            where = origin or other._origin or "the other dataset"
            actors, sources = other.actors, other.sources
            by_kind = {
                Event.collection: other.events,
                Agreement.collection: other.agreements,
                Investment.collection: other.investments,
            }
            version = other.version
        elif isinstance(other, Mapping):
            from kzcn_relations import _load

            where = origin or "the other document"
            content = _load.read_document(
                other, where, actors=self.actors, sources=self.sources
            )
            actors, sources, by_kind = content.actors, content.sources, content.records
            version = content.version
        else:
            raise InvalidTypeError(
                "other", f"a Dataset or a document, not {type(other).__name__}"
            )
        mine = self._origin or "this dataset"
        problems: list[Problem] = []

        def combine(key: str, noun: str, own: Iterable[Any], new: Sequence[Any]) -> list[Any]:
            out = {x.id: x for x in own}
            for i, item in enumerate(new):
                old = out.setdefault(item.id, item)
                if old is not item and old != item:
                    problems.append(
                        Problem(
                            f"$.{key}[{i}]",
                            f"{noun} {item.id!r} in {where} differs from the "
                            f"{noun} with that id in {mine}",
                        )
                    )
            return list(out.values())

        merged = {
            "actors": combine("actors", "actor", self.actors, actors),
            "sources": combine("sources", "source", self.sources, sources),
            "events": combine("events", "record", self.events, by_kind[Event.collection]),
            "agreements": combine(
                "agreements", "record", self.agreements, by_kind[Agreement.collection]
            ),
            "investments": combine(
                "investments", "record", self.investments, by_kind[Investment.collection]
            ),
        }
        if problems:
            raise DatasetError(problems, origin=where)
        return Dataset(
            actors=merged["actors"],
            sources=merged["sources"],
            events=merged["events"],
            agreements=merged["agreements"],
            investments=merged["investments"],
            version=f"{self._version}+{version}",
            title=self._title,
            license=self._license,
            origin=f"{mine} + {where}",
        )

    def dump(self, path: str | os.PathLike[str]) -> None:
        """Write the dataset to *path* as canonical JSON (UTF-8).

        ``load(path)`` gives an equal dataset back.
        """
        from kzcn_relations._canonical import dumps

        text = dumps(self.to_dict())
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    def to_dict(self) -> dict[str, Any]:
        """The document form: JSON-ready, canonical order, ids for references."""
        from kzcn_relations.converters import make_converter

        conv = make_converter(self)
        doc: dict[str, Any] = {"format": _jsonio.FORMAT}
        doc["dataset_version"] = self._version
        if self._title:
            doc["title"] = self._title
        if self._license:
            doc["license"] = self._license
        doc["actors"] = [conv.unstructure(a) for a in self._actors.values()]
        doc["sources"] = [conv.unstructure(s) for s in self._sources.values()]
        for cls, records in zip(
            RECORD_TYPES, (self._events, self._agreements, self._investments)
        ):
            doc[cls.collection] = [conv.unstructure(r) for r in records]
        return doc

    # -- contents ------------------------------------------------------

    @property
    def version(self) -> str:
        """The dataset's own version (not the package's)."""
        return self._version

    @property
    def title(self) -> str:
        """The dataset's title, if the document gives one."""
        return self._title

    @property
    def license(self) -> str:
        """The dataset's licence, if the document gives one."""
        return self._license

    @property
    def actors(self) -> tuple[Actor, ...]:
        """Every actor, ordered by id."""
        return tuple(self._actors.values())

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source, in the order of their ids (``s2`` before ``s10``)."""
        return tuple(self._sources.values())

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, ordered by ``(date, id)``."""
        return self._events

    @property
    def agreements(self) -> tuple[Agreement, ...]:
        """Every agreement, ordered by ``(date, id)``."""
        return self._agreements

    @property
    def investments(self) -> tuple[Investment, ...]:
        """Every investment, ordered by ``(date, id)``."""
        return self._investments

    @property
    def records(self) -> tuple[Record, ...]:
        """Every record of the three kinds, ordered by ``(date, id)``."""
        return self._records

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records)

    def __repr__(self) -> str:
        return (
            f"<Dataset {self._version}: {len(self._events)} events, "
            f"{len(self._agreements)} agreements, "
            f"{len(self._investments)} investments, "
            f"{len(self._actors)} actors, {len(self._sources)} sources>"
        )

    def record(self, record_id: str) -> Record:
        """The record with this id; ``KeyError`` if there is none."""
        try:
            return self._by_id[record_id]
        except KeyError:
            msg = f"no record has the id {record_id!r}"
            raise KeyError(msg) from None

    def actor_by_id(self, actor_id: str, /) -> Actor:
        """The actor with exactly this id; ``KeyError`` if there is none."""
        return self._actors[actor_id]

    def source_by_id(self, source_id: str, /) -> Source:
        """The source with exactly this id; ``KeyError`` if there is none."""
        return self._sources[source_id]

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
                raise InvalidValueError(
                    "actor", f"{ref!r} is not an actor of this dataset"
                )
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
        lo, hi = _range(start, end)
        wanted = _kinds(kinds)
        if match == "overlaps":
            found = self._dates.overlapping(lo, hi)
        elif match == "within":
            found = self._dates.within(lo, hi)
        else:
            raise InvalidValueError(
                "match", f"'overlaps' or 'within', not {match!r}"
            )
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
            raise InvalidTypeError(
                "include_subsidiaries", f"a bool, not {include_subsidiaries!r}"
            )
        actor = self._actor(investor)
        if not include_subsidiaries:
            found = self._investors.get(actor.id, ())
        else:
            cached = self._by_owner.get(actor.id)
            if cached is None:
                ids = self.owned_by(actor)
                merged = {
                    inv.id: inv
                    for i in ids
                    for inv in self._investors.get(i, ())
                }
                cached = tuple(sorted(merged.values(), key=sort_key))
                self._by_owner[actor.id] = cached  # a shared, immutable answer
            found = cached
        return _in_range(found, between)

    def owned_by(self, owner: ActorRef) -> frozenset[str]:
        """Ids of *owner* and of every actor it owns, directly or not.

        For a state, also the actors whose ``country`` it is, and what they
        own.
        """
        actor = self._actor(owner)
        cached = self._owned.get(actor.id)
        if cached is not None:
            return cached
        seen = {actor.id}
        todo = [actor.id]
        if actor.kind is ActorKind.STATE and actor.country is not None:
            todo += self._nationals.get(actor.country, [])
        while todo:
            current = todo.pop()
            seen.add(current)
            todo.extend(c for c in self._children.get(current, ()) if c not in seen)
        result = frozenset(seen)
        # two threads may both compute it: the same value, stored atomically
        self._owned[actor.id] = result
        return result


def _in_range(
    found: tuple[Any, ...], between: tuple[Bound, Bound] | None
) -> tuple[Any, ...]:
    if between is None:
        return found
    if not isinstance(between, tuple) or len(between) != 2:
        raise InvalidTypeError(
            "between", f"a (start, end) tuple, not {between!r}"
        )
    lo, hi = _range(*between)
    return tuple(r for r in found if r.period[0].toordinal() <= hi and r.period[1].toordinal() >= lo)


def _source_key(source: Source) -> tuple[str, int, str]:
    head = source.id.rstrip("0123456789")
    tail = source.id[len(head):]
    return (head, int(tail) if tail else -1, source.id)


def _by_actor(
    records: Sequence[Any], actors_of: Any
) -> dict[str, tuple[Any, ...]]:
    index: dict[str, list[Any]] = {}
    for r in records:  # records are already in (date, id) order
        for a in actors_of(r):
            index.setdefault(a.id, []).append(r)
    return {k: tuple(v) for k, v in index.items()}


def _unique_by_id(
    items: list[Any], cls: type[Actor] | type[Source], key: str,
    problems: list[Problem],
) -> dict[str, Any]:
    """Items of *cls* by id; wrong types and repeated ids become problems."""
    first: dict[str, int] = {}
    found: dict[str, Any] = {}
    for i, item in enumerate(items):
        if not isinstance(item, cls):
            found_type = type(item).__name__
            problems.append(
                Problem(f"$.{key}[{i}]", f"expected {cls.__name__}, got {found_type}")
            )
        elif item.id in first:
            problems.append(Problem.duplicate(key, i, item.id, first[item.id]))
        else:
            first[item.id] = i
            found[item.id] = item
    return found


def _check(
    actors: list[Actor],
    sources: list[Source],
    by_kind: dict[str, list[Record]],
    *,
    resolved: bool = False,
) -> list[Problem]:
    """Cross-object checks: unique ids, resolving references, clear names.

    *resolved*: the loader made every reference from these very lists, so
    the (costly) check that they point into them is skipped.
    """
    problems: list[Problem] = []
    known_actors = _unique_by_id(actors, Actor, "actors", problems)
    known_sources = _unique_by_id(sources, Source, "sources", problems)

    def check_actor(a: Actor | None, path: str) -> None:
        if a is None or resolved:
            return
        known = known_actors.get(a.id)
        if known is not a and known != a:
            problems.append(
                Problem(path, f"actor {a.id!r} is not among the dataset's actors")
            )

    def check_sources(items: tuple[Source, ...], path: str) -> None:
        if resolved:
            return
        for j, s in enumerate(items):
            known = known_sources.get(s.id)
            if known is not s and known != s:
                problems.append(
                    Problem(
                        f"{path}.sources[{j}]",
                        f"source {s.id!r} is not among the dataset's sources",
                    )
                )

    from kzcn_relations._names import actor_names, normalize

    # Names and aliases must lead to one actor only.
    owner_of: dict[str, tuple[str, str]] = {
        a.id: (a.id, f"$.actors[{i}].id") for i, a in enumerate(actors)
        if isinstance(a, Actor)
    }
    for i, a in enumerate(actors):
        if not isinstance(a, Actor):
            continue
        check_actor(a.parent, f"$.actors[{i}].parent")
        check_sources(a.sources, f"$.actors[{i}]")
        for j, name in enumerate(actor_names(a)):
            path = f"$.actors[{i}]." + ("name" if j == 0 else f"aliases[{j - 1}]")
            key = normalize(name)
            holder = owner_of.get(key)
            if holder is not None and holder[0] != a.id:
                problems.append(
                    Problem(
                        path,
                        f"{name!r} also names actor {holder[0]!r} "
                        f"({holder[1]}); names and aliases must be unambiguous",
                    )
                )
            elif holder is None:
                owner_of[key] = (a.id, path)

    record_ids: dict[str, tuple[str, int]] = {}
    for key, records in by_kind.items():
        for i, r in enumerate(records):
            if not isinstance(r, RECORD_TYPES) or r.collection != key:
                problems.append(Problem(f"$.{key}[{i}]", f"not a record of {key}: {r!r:.60}"))
                continue
            first = record_ids.setdefault(r.id, (key, i))
            if first != (key, i):
                problems.append(
                    Problem(
                        f"$.{key}[{i}].id",
                        f"duplicate id {r.id!r} (first used at $.{first[0]}[{first[1]}])",
                    )
                )
            if resolved:
                continue
            path = f"$.{key}[{i}]"
            check_sources(r.sources, path)
            for field in ACTOR_TUPLE_FIELDS:
                for j, a in enumerate(getattr(r, field, ())):
                    check_actor(a, f"{path}.{field}[{j}]")
            for field in ACTOR_FIELDS:
                check_actor(getattr(r, field, None), f"{path}.{field}")
    for key, records in by_kind.items():
        for i, r in enumerate(records):
            if not isinstance(r, RECORD_TYPES):
                continue
            for j, rid in enumerate(r.related):
                if rid not in record_ids:
                    problems.append(
                        Problem(
                            f"$.{key}[{i}].related[{j}]",
                            f"{rid!r} is not the id of any record",
                        )
                    )
    return problems


# --------------------------------------------------------------------------
# The packaged dataset and user files

_PACKAGED: Dataset | None = None
_PACKAGED_LOCK = threading.Lock()
PACKAGED_RESOURCE = ("_data", "relations.json")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector (a bulk load makes many objects, no cycles).

    It would otherwise traverse the new objects again and again; it resumes
    afterwards if it was running.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def packaged_bytes() -> bytes:
    """The packaged dataset file, read through the package's loader.

    Works from a directory and from a zip (a wheel on ``sys.path``), like
    ``importlib.resources`` but without its import cost on the first query.
    """
    import kzcn_relations

    spec = kzcn_relations.__spec__
    assert spec is not None and spec.loader is not None
    path = os.path.join(os.path.dirname(kzcn_relations.__file__ or ""), *PACKAGED_RESOURCE)
    data: bytes = spec.loader.get_data(path)  # type: ignore[attr-defined]
    return data


def _read_packaged() -> Dataset:
    from kzcn_relations._packaged import CHECKSUM

    origin = "the packaged dataset"
    data = packaged_bytes()
    if (len(data), zlib.crc32(data)) == CHECKSUM:
        # the verified canonical file: plain json, the direct builder
        import json

        from kzcn_relations import _trusted

        return Dataset(**_trusted.build(json.loads(data)), origin=origin, _verified=True)
    doc = _jsonio.parse_json(data, origin)
    return Dataset.from_dict(doc, origin=origin)  # type: ignore[arg-type]


def dataset() -> Dataset:
    """The packaged dataset, read and validated on first use, then shared."""
    global _PACKAGED  # noqa: PLW0603 - the one lazily built singleton
    found = _PACKAGED
    if found is None:
        with _PACKAGED_LOCK:
            if _PACKAGED is None:
                _PACKAGED = _read_packaged()
            found = _PACKAGED
    return found


def load(path: str | os.PathLike[str], *, base: Dataset | None = None) -> Dataset:
    """Read and validate a dataset file in the packaged format.

    With *base* (for example ``kzcn_relations.dataset()``), the file may
    refer to the base's actors and sources by id, and the result is
    ``base.merge(...)`` of the file: the base's records and the file's.

    Raises :class:`DatasetError` (naming the file and every problem, with
    JSON paths) if it does not validate, and ``OSError`` if it cannot be
    read.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidTypeError(
            "path", f"a str or os.PathLike, not {type(path).__name__}"
        )
    origin = os.fspath(path)
    with open(path, "rb") as fh:
        data = fh.read()
    with paused_gc():
        doc = _jsonio.parse_json(data, origin)
    if base is not None:
        if not isinstance(base, Dataset):
            raise InvalidTypeError("base", f"a Dataset, not {type(base).__name__}")
        if not isinstance(doc, Mapping):
            problem = Problem("$", f"expected a JSON object, got {type(doc).__name__}")
            raise DatasetError([problem], origin=origin)
        return base.merge(doc, origin=origin)
    return Dataset.from_dict(doc, origin=origin)  # type: ignore[arg-type]
