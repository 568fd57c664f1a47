"""Reading dataset documents: parsed JSON -> validated objects.

Everything wrong with a document is collected as a :class:`Problem` with
its JSON path; if there is any, :class:`DatasetError` is raised with all of
them and nothing is returned.  Per-item structuring and type checks go
through the cattrs converters; references are resolved against what has
been read so far (sources first, then actors parents-first, then records).

A document is first read with the generated readers of
:mod:`kzcn_relations._fused`, which stop at the first problem (records
built in date order); only if that fails is it read again with the
detailed cattrs converter, which reports every problem with its path.  The
converter is made once per process and resolves ids through the registry
of the current read (a context variable).
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from kzcn_relations._fused import read_lists
from kzcn_relations._jsonio import FORMAT
from kzcn_relations._validators import check_utf8
from kzcn_relations.converters import make_converter
from kzcn_relations.exceptions import (
    DanglingReferenceError,
    DatasetError,
    InvalidTypeError,
    InvalidValueError,
    Problem,
    brief,
)
from kzcn_relations.model import (
    RECORD_TYPES,
    Actor,
    Holding,
    Place,
    Record,
    Source,
)

REQUIRED_KEYS = ("format", "dataset_version", "actors", "sources")
COLLECTIONS = tuple(cls.collection for cls in RECORD_TYPES)
OPTIONAL_KEYS = ("title", "license", "places", "holdings", *COLLECTIONS)


class _Registry:
    """What has been read so far, as a converter's resolver."""

    __slots__ = (
        "actors",
        "base_actors",
        "base_places",
        "base_sources",
        "invalid_actors",
        "places",
        "sources",
    )

    def __init__(
        self,
        actors: Iterable[Actor] = (),
        sources: Iterable[Source] = (),
        places: Iterable[Place] = (),
    ) -> None:
        self.base_actors: dict[str, Actor] = {a.id: a for a in actors}
        self.base_sources: dict[str, Source] = {s.id: s for s in sources}
        self.base_places: dict[str, Place] = {p.id: p for p in places}
        self.actors: dict[str, Actor] = dict(self.base_actors)
        self.sources: dict[str, Source] = dict(self.base_sources)
        self.places: dict[str, Place] = dict(self.base_places)
        self.invalid_actors: set[str] = set()

    def reset(self) -> None:
        """Forget what was read; keep what was known before."""
        self.actors = dict(self.base_actors)
        self.sources = dict(self.base_sources)
        self.places = dict(self.base_places)
        self.invalid_actors = set()

    def actor_by_id(self, actor_id: str, /) -> Actor:
        if actor_id in self.invalid_actors:
            raise DanglingReferenceError(
                "", f"actor {actor_id!r} is itself invalid (see its problems)"
            )
        return self.actors[actor_id]

    def source_by_id(self, source_id: str, /) -> Source:
        return self.sources[source_id]

    def place_by_id(self, place_id: str, /) -> Place:
        return self.places[place_id]


def problems_of(exc: BaseException, path: str) -> Iterator[Problem]:
    """Flatten a (cattrs) structuring error into problems with JSON paths."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from problems_of(sub, f"{path}.{note.name}")
        for sub in without:
            yield from problems_of(sub, path)
    elif isinstance(exc, IterableValidationError):
        indexed, unindexed = exc.group_exceptions()
        for sub, item in indexed:
            yield from problems_of(sub, f"{path}[{item.index}]")
        for sub in unindexed:
            yield from problems_of(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(f"{path}.{key}", f"unexpected key {key!r}")
    elif isinstance(exc, KeyError):
        yield Problem(path, "required key is missing")
    elif isinstance(exc, (InvalidValueError, InvalidTypeError)):
        where = f"{path}.{exc.field}" if exc.field else path
        yield Problem(where, exc.reason)
    elif isinstance(exc, BaseValidationError):  # pragma: no cover - defensive
        for sub in exc.exceptions:
            yield from problems_of(sub, path)
    else:
        yield Problem(path, str(exc) or type(exc).__name__)


class Content:
    """The validated objects of a document, in document order.

    *by_date*, when the reader has it, holds the same records nearly in
    date order (the order they were built in), so that sorting them is
    cheap; the lists of *records* keep the document's order for paths.
    """

    def __init__(
        self,
        version: str,
        actors: list[Actor],
        sources: list[Source],
        records: dict[str, list[Record]],
        meta: dict[str, str],
        by_date: list[Record] | None = None,
        places: list[Place] | None = None,
        holdings: list[Holding] | None = None,
    ) -> None:
        self.version = version
        self.actors = actors
        self.sources = sources
        self.records = records
        self.meta = meta
        self.by_date = by_date
        self.places = places or []
        self.holdings = holdings or []


def read_document(
    doc: object,
    origin: str = "",
    *,
    actors: Iterable[Actor] = (),
    sources: Iterable[Source] = (),
    places: Iterable[Place] = (),
) -> Content:
    """Validate a parsed document; raise DatasetError with every problem.

    *actors*, *sources* and *places* are known already (a base dataset's):
    the document may refer to them by id without listing them.  Records
    come back in document order, so every path names the document's own
    position.  A document of format 1 is migrated first (with a
    ``DeprecationWarning``), and its problems name its own paths.
    """
    try:
        if isinstance(doc, Mapping) and type(doc.get("format")) is int and doc["format"] == 1:
            return _read_migrated(doc, origin, actors, sources, places)
        return _read_document(doc, origin, actors, sources, places)
    except RecursionError:
        problem = Problem("$", "the document nests too deeply to be read")
        raise DatasetError([problem], origin=origin) from None


def _read_migrated(
    doc: Mapping[str, Any],
    origin: str,
    actors: Iterable[Actor],
    sources: Iterable[Source],
    places: Iterable[Place],
) -> Content:
    import warnings

    from kzcn_relations._migrate import migrate, original_path

    where = f"{origin} is" if origin else "The document is"
    warnings.warn(
        f"{where} in format 1, which is deprecated: it was migrated to format {FORMAT} "
        "in memory; rewrite it with `kzcn-relations migrate OLD NEW`",
        DeprecationWarning,
        stacklevel=_outside(),
    )
    new, problems, paths = migrate(doc)
    try:
        content = _read_document(new, origin, actors, sources, places)
    except DatasetError as exc:
        problems = problems + [
            Problem(original_path(p.path, paths), p.message) for p in exc.problems
        ]
        raise DatasetError(problems, origin=origin) from None
    if problems:
        raise DatasetError(problems, origin=origin)
    return content


def _outside() -> int:
    """The stack level of the first caller outside this package (for warnings)."""
    import sys

    level, frame = 1, sys._getframe(1)
    package = __name__.rpartition(".")[0]
    while frame is not None and frame.f_globals.get("__name__", "").startswith(package):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def _read_document(
    doc: object,
    origin: str,
    actors: Iterable[Actor],
    sources: Iterable[Source],
    places: Iterable[Place] = (),
) -> Content:
    problems: list[Problem] = []
    if not isinstance(doc, Mapping):
        found = type(doc).__name__
        problem = Problem("$", f"expected a JSON object, got {found}")
        raise DatasetError([problem], origin=origin)
    for key in REQUIRED_KEYS:
        if key not in doc:
            problems.append(Problem(f"$.{key}", "required key is missing"))
    allowed = set(REQUIRED_KEYS) | set(OPTIONAL_KEYS)
    problems.extend(
        Problem(f"$.{key}", f"unexpected key {key!r}") for key in doc if key not in allowed
    )
    fmt = doc.get("format", FORMAT)
    if fmt != FORMAT or isinstance(fmt, bool):
        problems.append(Problem("$.format", f"format {fmt!r} is not supported (want {FORMAT})"))
    meta: dict[str, str] = {}
    for key in ("dataset_version", "title", "license"):
        value = doc.get(key, "")
        if not isinstance(value, str):
            problems.append(Problem(f"$.{key}", f"expected a string, got {brief(value)}"))
            continue
        try:
            check_utf8("", value)
        except InvalidValueError as exc:
            problems.append(Problem(f"$.{key}", exc.reason))
            continue
        if value:
            meta[key] = value
    version = doc.get("dataset_version")
    if isinstance(version, str) and not version.strip():
        problems.append(Problem("$.dataset_version", f"must not be blank, got {version!r}"))

    lists: dict[str, list[Any]] = {}
    for key in ("sources", "places", "actors", "holdings", *COLLECTIONS):
        value = doc.get(key, [])
        if isinstance(value, list):
            lists[key] = value
        else:
            lists[key] = []
            problems.append(Problem(f"$.{key}", f"expected a list, got {brief(value)}"))

    registry = _Registry(actors, sources, places)
    token = _CURRENT.set(registry)
    try:
        return _read(doc, lists, meta, problems, registry, origin)
    finally:
        _CURRENT.reset(token)


def _read(
    doc: Mapping[str, Any],
    lists: dict[str, list[Any]],
    meta: dict[str, str],
    problems: list[Problem],
    registry: _Registry,
    origin: str,
) -> Content:
    if not problems:
        # Fast path: no per-field bookkeeping; any error means "read again in
        # detail", which reports every problem with its path.  Valid data is
        # read once, invalid data twice.
        try:
            return _read_fast(lists, meta, registry)
        except Exception:  # noqa: BLE001 - redone below, in detail
            registry.reset()
    return _read_with(_converter(), lists, meta, problems, registry, origin)


def _read_with(
    conv: Any,
    lists: dict[str, list[Any]],
    meta: dict[str, str],
    problems: list[Problem],
    registry: _Registry,
    origin: str,
) -> Content:
    structure_one = conv.structure

    def structure(item: object, cls: type, path: str) -> Any:
        try:
            return structure_one(item, cls)
        except Exception as exc:  # noqa: BLE001 - every error is a Problem
            problems.extend(problems_of(exc, path))
            return None

    own_sources = _read_unique(lists["sources"], Source, registry.sources, structure, problems)
    own_places = _read_unique(lists["places"], Place, registry.places, structure, problems)
    own_actors = _read_unique(
        lists["actors"], Actor, registry.actors, structure, problems, registry.invalid_actors
    )
    own_holdings: list[Holding] = []
    for i, item in enumerate(lists["holdings"]):
        holding = structure(item, Holding, f"$.holdings[{i}]")
        if holding is not None:
            own_holdings.append(holding)

    records: dict[str, list[Record]] = {key: [] for key in COLLECTIONS}
    for cls in RECORD_TYPES:
        key = cls.collection
        out = records[key]
        for i, item in enumerate(lists[key]):
            record = structure(item, cls, f"$.{key}[{i}]")
            if record is not None:
                out.append(record)
    if problems:
        raise DatasetError(problems, origin=origin)
    return Content(
        meta["dataset_version"],
        own_actors,
        own_sources,
        records,
        meta,
        None,
        own_places,
        own_holdings,
    )


def _read_fast(lists: dict[str, list[Any]], meta: dict[str, str], registry: _Registry) -> Content:
    """Read with the generated readers; raise on the first problem of any kind."""
    read = read_lists(lists, registry.actors, registry.sources, registry.places)
    return Content(
        meta["dataset_version"],
        read.actors,
        read.sources,
        read.records,
        meta,
        read.by_date,
        read.places,
        read.holdings,
    )


class _Proxy:
    """The resolver of the shared converters: the registry of the current read."""

    def actor_by_id(self, actor_id: str, /) -> Actor:
        return _CURRENT.get().actor_by_id(actor_id)

    def source_by_id(self, source_id: str, /) -> Source:
        return _CURRENT.get().source_by_id(source_id)

    def actor_table(self) -> Mapping[str, Actor]:
        return _CURRENT.get().actors

    def source_table(self) -> Mapping[str, Source]:
        return _CURRENT.get().sources

    def place_by_id(self, place_id: str, /) -> Place:
        return _CURRENT.get().place_by_id(place_id)

    def place_table(self) -> Mapping[str, Place]:
        return _CURRENT.get().places


_CURRENT: contextvars.ContextVar[_Registry] = contextvars.ContextVar("kzcn_registry")
_CONVERTER: list[Any] = []  # the detailed converter, once made
_CONVERTER_LOCK = threading.Lock()


def _converter() -> Any:
    """The shared detailed converter (made once per process, on the first bad document)."""
    if not _CONVERTER:
        with _CONVERTER_LOCK:
            if not _CONVERTER:
                _CONVERTER.append(make_converter(_Proxy(), detailed=True))
    return _CONVERTER[0]


_KEYS = {Source: "sources", Place: "places", Actor: "actors"}
_T = TypeVar("_T", Source, Place, Actor)


def _read_unique(
    items: list[Any],
    cls: type[_T],
    table: dict[str, _T],
    structure: Any,
    problems: list[Problem],
    invalid: set[str] | None = None,
) -> list[_T]:
    """Structure the items of one list, registering each in *table*; report repeated ids.

    The ids of items that fail go into *invalid*, if given, so that
    references to them are reported as such.
    """
    key = _KEYS[cls]
    first: dict[str, int] = {}
    out: list[_T] = []
    for i, item in enumerate(items):
        found = structure(item, cls, f"$.{key}[{i}]")
        if found is None:
            ident = item.get("id") if isinstance(item, Mapping) else None
            if invalid is not None and isinstance(ident, str):
                invalid.add(ident)
            continue
        if found.id in first:
            problems.append(Problem.duplicate(key, i, found.id, first[found.id]))
            continue
        first[found.id] = i
        table[found.id] = found
        out.append(found)
    return out
