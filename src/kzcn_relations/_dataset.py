"""The :class:`Dataset`: validated actors, sources and records, as one immutable value.

A dataset is built from objects (the constructor), from a parsed document
(:meth:`Dataset.from_dict`) or from a file (:func:`kzcn_relations.load`);
:func:`kzcn_relations.dataset` returns the packaged one.  This module holds
the container: construction, contents, look-ups, conversion; its queries
come from ``_queries`` (over the indexes of ``_indexes``), the cross-record
checks from ``_integrity``, and file and package I/O live in ``_io``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, SupportsIndex

import attrs

from kzcn_relations._jsonio import FORMAT, paused_gc, write_document
from kzcn_relations._queries import Queries
from kzcn_relations._validators import check_utf8
from kzcn_relations.exceptions import (
    DatasetError,
    InvalidTypeError,
    InvalidValueError,
    Problem,
    UnknownActorError,
    UnknownPlaceError,
    UnknownRecordError,
    UnknownSourceError,
    brief,
    describe,
)
from kzcn_relations.model import (
    Actor,
    Agreement,
    Event,
    Holding,
    Investment,
    Place,
    Record,
    Source,
    TradeFigure,
    sort_key,
)

if TYPE_CHECKING:
    import pathlib

    from kzcn_relations._panel import Panel

__all__ = ["Dataset"]


class Dataset(Queries):
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
        trade: Iterable[TradeFigure] = (),
        places: Iterable[Place] = (),
        holdings: Iterable[Holding] = (),
        version: str,
        title: str = "",
        license: str = "",  # noqa: A002 - the document key
        origin: str = "",
        _resolved: bool = False,
        _verified: bool = False,
        _by_date: Sequence[Record] | None = None,
    ) -> None:
        actor_list, source_list = list(actors), list(sources)
        place_list, holding_list = list(places), list(holdings)
        by_kind: dict[str, list[Record]] = {
            Event.collection: list(events),
            Agreement.collection: list(agreements),
            Investment.collection: list(investments),
            TradeFigure.collection: list(trade),
        }
        # _verified: the packaged file, checked in full whenever it is written
        problems: list[Problem] = []
        if not _verified:
            from kzcn_relations._integrity import (
                check,  # names machinery: not for the packaged file
            )

            problems = check(
                actor_list, source_list, by_kind, place_list, holding_list, resolved=_resolved
            )
        for key, value in (("version", version), ("title", title), ("license", license)):
            problems.extend(_meta_problems(key, value, required=key == "version"))
        if problems:
            raise DatasetError(problems, origin=origin)
        self._version = version
        self._origin = origin
        self._title = title
        self._license = license
        self._actors = {a.id: a for a in sorted(actor_list, key=lambda a: a.id)}
        self._sources = {s.id: s for s in sorted(source_list, key=_source_key)}
        self._places = {p.id: p for p in sorted(place_list, key=lambda p: p.id)}
        self._holdings: tuple[Holding, ...] = tuple(sorted(holding_list, key=_holding_key))
        # _by_date: the same records as the lists, nearly in order already
        # (from the loader), so that sorting them costs one pass
        everything = (
            list(_by_date)
            if _by_date is not None
            else [r for records in by_kind.values() for r in records]
        )
        everything.sort(key=sort_key)
        self._records: tuple[Record, ...] = tuple(everything)
        self._events = tuple(r for r in everything if type(r) is Event)
        self._agreements = tuple(r for r in everything if type(r) is Agreement)
        self._investments = tuple(r for r in everything if type(r) is Investment)
        self._trade = tuple(r for r in everything if type(r) is TradeFigure)
        self._by_id: dict[str, Record] = {r.id: r for r in self._records}
        self._hash: int | None = None
        self._index()

    # -- construction --------------------------------------------------

    @classmethod
    def from_dict(cls, document: Mapping[str, Any], *, origin: str = "") -> Dataset:
        """Build a dataset from a parsed document in the packaged format.

        Raises :class:`DatasetError` listing every problem, with JSON paths.
        """
        from kzcn_relations._document import read_document  # cattrs: not for the packaged file

        # one pause of the cycle collector for the whole build: re-enabling
        # it between reading and indexing would make it traverse every new
        # object once more
        with paused_gc():
            content = read_document(document, origin)
            return cls(
                actors=content.actors,
                sources=content.sources,
                events=content.records[Event.collection],  # type: ignore[arg-type]
                agreements=content.records[Agreement.collection],  # type: ignore[arg-type]
                investments=content.records[Investment.collection],  # type: ignore[arg-type]
                trade=content.records[TradeFigure.collection],  # type: ignore[arg-type]
                places=content.places,
                holdings=content.holdings,
                version=content.version,
                title=content.meta.get("title", ""),
                license=content.meta.get("license", ""),
                origin=origin,
                _resolved=True,
                _by_date=content.by_date,
            )

    def merge(self, other: Dataset | Mapping[str, Any], *, origin: str = "") -> Dataset:
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
        places: Sequence[Place]
        holdings: Sequence[Holding]
        by_kind: Mapping[str, Sequence[Record]]
        if isinstance(other, Dataset):
            where = origin or other._origin or "the other dataset"
            actors, sources = other.actors, other.sources
            places, holdings = other.places, other.holdings
            by_kind = other._by_kind()
            version = other.version
        elif isinstance(other, Mapping):
            from kzcn_relations._document import read_document

            where = origin or "the other document"
            content = read_document(
                other, where, actors=self.actors, sources=self.sources, places=self.places
            )
            actors, sources, by_kind = content.actors, content.sources, content.records
            places, holdings = content.places, content.holdings
            version = content.version
        else:
            raise InvalidTypeError("other", f"a Dataset or a document, not {type(other).__name__}")
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

        mine_by_kind = self._by_kind()
        merged = {
            "actors": combine("actors", "actor", self.actors, actors),
            "sources": combine("sources", "source", self.sources, sources),
            "places": combine("places", "place", self.places, places),
            "holdings": combine("holdings", "holding", self.holdings, holdings),
            **{
                key: combine(key, "record", mine_by_kind[key], by_kind.get(key, ()))
                for key in mine_by_kind
            },
        }
        if problems:
            raise DatasetError(problems, origin=where)
        return Dataset(
            **merged,  # type: ignore[arg-type]  # the collections, by keyword
            version=f"{self._version}+{version}",
            title=self._title,
            license=self._license,
            origin=f"{mine} + {where}",
        )

    def dump(self, path: str | os.PathLike[str]) -> None:
        """Write the dataset to *path* as canonical JSON (UTF-8).

        ``load(path)`` gives an equal dataset back.
        """
        write_document(path, self.to_dict())

    def to_sqlite(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> pathlib.Path:
        """Write the dataset as a new SQLite database file at *path*; return its path.

        See :func:`kzcn_relations.export.to_sqlite`.
        """
        from kzcn_relations._sqlite import to_sqlite

        return to_sqlite(self, path, overwrite=overwrite)

    def to_dict(self) -> dict[str, Any]:
        """The document form: JSON-ready, canonical order, ids for references."""
        from kzcn_relations.converters import make_converter

        conv = make_converter(self)
        doc: dict[str, Any] = {"format": FORMAT}
        doc["dataset_version"] = self._version
        if self._title:
            doc["title"] = self._title
        if self._license:
            doc["license"] = self._license
        doc["actors"] = [conv.unstructure(a) for a in self._actors.values()]
        doc["sources"] = [conv.unstructure(s) for s in self._sources.values()]
        doc["places"] = [conv.unstructure(p) for p in self._places.values()]
        for key, records in self._by_kind().items():
            doc[key] = [conv.unstructure(r) for r in records]
        doc["holdings"] = [conv.unstructure(h) for h in self._holdings]
        return doc

    def _by_kind(self) -> dict[str, tuple[Record, ...]]:
        """Each record collection's key, and its records."""
        return {
            Event.collection: self._events,
            Agreement.collection: self._agreements,
            Investment.collection: self._investments,
            TradeFigure.collection: self._trade,
        }

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
    def trade_figures(self) -> tuple[TradeFigure, ...]:
        """Every trade figure of every reporter, ordered by ``(date, id)``.

        :meth:`trade` gives one reporter's series.
        """
        return self._trade

    @property
    def places(self) -> tuple[Place, ...]:
        """Every place, ordered by id."""
        return tuple(self._places.values())

    @property
    def holdings(self) -> tuple[Holding, ...]:
        """Every holding, ordered by asset, start and id."""
        return self._holdings

    @property
    def records(self) -> tuple[Record, ...]:
        """Every record (events, agreements, investments, trade figures), by ``(date, id)``."""
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
            f"{len(self._trade)} trade figures, {len(self._holdings)} holdings, "
            f"{len(self._actors)} actors, {len(self._places)} places, "
            f"{len(self._sources)} sources>"
        )

    def __eq__(self, other: object) -> bool:
        """Datasets are equal when their contents are: version, title,
        licence, actors, sources and records (not where they were read from)."""
        if not isinstance(other, Dataset):
            return NotImplemented
        return self is other or (
            self._version == other._version
            and self._title == other._title
            and self._license == other._license
            and self._records == other._records
            and self._actors == other._actors
            and self._sources == other._sources
            and self._places == other._places
            and self._holdings == other._holdings
        )

    def __hash__(self) -> int:
        found = self._hash
        if found is None:
            found = self._hash = hash(
                (
                    self._version,
                    self._title,
                    self._license,
                    self._records,
                    tuple(self._actors.values()),
                    tuple(self._sources.values()),
                    tuple(self._places.values()),
                    self._holdings,
                )
            )
        return found

    def record(self, record_id: str) -> Record:
        """The record with this id.

        Raises :class:`UnknownRecordError` (a ``KeyError``) naming close ids
        if there is none.
        """
        found = self._by_id.get(record_id) if isinstance(record_id, str) else None
        if found is None:
            raise UnknownRecordError(record_id, _close(record_id, self._by_id))
        return found

    def actor_by_id(self, actor_id: str, /) -> Actor:
        """The actor with exactly this id.

        Raises :class:`UnknownActorError` (a ``KeyError``) with suggestions
        if there is none; :meth:`actor` also takes names.
        """
        found = self._actors.get(actor_id) if isinstance(actor_id, str) else None
        if found is None:
            raise UnknownActorError(actor_id, _close(actor_id, self._actors))
        return found

    def source_by_id(self, source_id: str, /) -> Source:
        """The source with exactly this id.

        Raises :class:`UnknownSourceError` (a ``KeyError``) naming close ids
        if there is none.
        """
        found = self._sources.get(source_id) if isinstance(source_id, str) else None
        if found is None:
            raise UnknownSourceError(source_id, _close(source_id, self._sources))
        return found

    def place_by_id(self, place_id: str, /) -> Place:
        """The place with exactly this id.

        Raises :class:`UnknownPlaceError` (a ``KeyError``) with suggestions
        if there is none; :meth:`place` also takes names.
        """
        found = self._places.get(place_id) if isinstance(place_id, str) else None
        if found is None:
            raise UnknownPlaceError(place_id, _close(place_id, self._places))
        return found

    def panel(
        self,
        *,
        freq: str = "year",
        start: SupportsIndex | None = None,
        end: SupportsIndex | None = None,
    ) -> Panel:
        """The Kazakhstan–China dyad-year panel of this dataset (:func:`kzcn_relations.panel`)."""
        from kzcn_relations._panel import panel

        return panel(self, freq=freq, start=start, end=end)

    def subset(self, records: Iterable[Record]) -> Dataset:
        """A dataset of *records* and what they refer to.

        It holds the actors the records name and the holdings of those
        actors by their owners, up every chain (so that ``owners_of`` answers
        as before), the places the records name (and the places those lie
        within), the sources all of these cite, and the version, title and
        licence of this dataset.  Links to records outside the subset
        (``related``, ``part_of``, a holding's ``via``) are dropped.  Every
        record must belong to this dataset.

        >>> import kzcn_relations
        >>> ds = kzcn_relations.dataset()
        >>> small = ds.subset(ds.agreements_with("Kyrgyzstan"))
        >>> len(small) == len(ds.agreements_with("Kyrgyzstan"))
        True
        >>> small.actor_by_id("kgz").name
        'Kyrgyz Republic'
        """
        chosen: dict[str, Record] = {}
        for r in records:
            if self._by_id.get(getattr(r, "id", None)) != r:  # type: ignore[arg-type]
                raise InvalidValueError("records", f"{brief(r)} is not a record of this dataset")
            chosen[r.id] = r
        actors: dict[str, Actor] = {a.id: a for r in chosen.values() for a in r.actors()}
        by_asset: dict[str, list[Holding]] = {}
        for h in self._holdings:
            by_asset.setdefault(h.asset.id, []).append(h)
        holdings: dict[str, Holding] = {}
        todo = list(actors)
        while todo:
            for h in by_asset.get(todo.pop(), ()):
                if h.id not in holdings:
                    via = h.via if h.via in chosen else None
                    holdings[h.id] = h if via == h.via else attrs.evolve(h, via=via)
                    if h.owner.id not in actors:
                        actors[h.owner.id] = h.owner
                        todo.append(h.owner.id)
        places: dict[str, Place] = {}
        for r in chosen.values():
            for p in r.places:
                node: Place | None = p
                while node is not None and node.id not in places:
                    places[node.id] = node
                    node = self._places.get(node.within) if node.within else None
        source_ids = {s.id for r in chosen.values() for s in r.sources}
        source_ids |= {s.id for a in actors.values() for s in a.sources}
        source_ids |= {s.id for h in holdings.values() for s in h.sources}
        source_ids |= {s.id for p in places.values() for s in p.sources}
        kept: list[Record] = []
        for r in chosen.values():
            changes: dict[str, Any] = {}
            related = tuple(x for x in r.related if x in chosen)
            if related != r.related:
                changes["related"] = related
            if isinstance(r, Investment) and r.part_of is not None and r.part_of not in chosen:
                changes["part_of"] = None
            kept.append(attrs.evolve(r, **changes) if changes else r)
        return Dataset(
            actors=actors.values(),
            sources=[s for s in self._sources.values() if s.id in source_ids],
            places=places.values(),
            holdings=holdings.values(),
            events=[r for r in kept if isinstance(r, Event)],
            agreements=[r for r in kept if isinstance(r, Agreement)],
            investments=[r for r in kept if isinstance(r, Investment)],
            trade=[r for r in kept if isinstance(r, TradeFigure)],
            version=self._version,
            title=self._title,
            license=self._license,
            origin=self._origin,
            _resolved=True,
        )


def _holding_key(holding: Holding) -> tuple[str, int, str]:
    start = holding.start.earliest.toordinal() if holding.start is not None else 0
    return (holding.asset.id, start, holding.id)


def _source_key(source: Source) -> tuple[str, int, str]:
    head = source.id.rstrip("0123456789")
    tail = source.id[len(head) :]
    return (head, int(tail) if tail else -1, source.id)


def _close(wanted: object, ids: Iterable[str], limit: int = 5) -> tuple[str, ...]:
    """Ids close to *wanted*, best first: near spellings, then those containing it."""
    if not isinstance(wanted, str) or not wanted:
        return ()
    import difflib  # only needed when an id is not found

    keys = list(ids)
    close = difflib.get_close_matches(wanted, keys, n=limit, cutoff=0.6)
    if len(wanted) >= 3:
        close += sorted(k for k in keys if wanted in k and k not in close)
    return tuple(close[:limit])


def _meta_problems(key: str, value: object, *, required: bool) -> list[Problem]:
    """Problems with a dataset's version, title or licence (texts)."""
    if not isinstance(value, str):
        return [Problem(f"$.{key}", f"expected a string, got {describe(value)}")]
    if required and not value.strip():
        return [Problem(f"$.{key}", f"must not be blank, got {value!r}")]
    try:
        check_utf8("", value)
    except InvalidValueError as exc:
        return [Problem(f"$.{key}", exc.reason)]
    return []
