"""Generated readers: one function per model class, from JSON to a checked object.

The loader's first try at a document (and the packaged file's only read)
goes through these.  Each is Python source generated once per process from
the class's attrs fields — their declared types, which say how a JSON value
becomes the field's value (ids resolved through the tables, dates parsed
and shared, enums looked up by value, decimals read from their text,
nested objects read by their own function, made first) — and their
validators, folded in as expressions
(:meth:`~kzcn_relations._validators.Validator.inline`) instead of called
per field.  The object is then made as attrs' own
``__init__`` makes it, field by field, and its ``__attrs_post_init__``
runs.  Nothing here lists a field by hand.

A function either returns the object the detailed cattrs reader would
build from the same value, or raises: anything unexpected — a key too
many, a type, an id that does not resolve, a value a check refuses —
makes the loader read the document again with the detailed reader, which
says what is wrong and where.  So these functions need only be *as strict*
as the detailed reader, never as helpful; a property test checks that
they build equal objects, and the malformed-input tests that whatever the
detailed reader refuses, the fast path refuses too.
"""

from __future__ import annotations

import decimal
import enum
import threading
import typing
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import attrs

from kzcn_relations._validators import DECIMAL, spec_of
from kzcn_relations.dates import _PARSED, PartialDate
from kzcn_relations.model import (
    RECORD_TYPES,
    Actor,
    Holding,
    Place,
    Record,
    Source,
    field_types,
    reference_fields,
)

#: A generated reader: ``read(value, actors, sources, places)``.
Reader = Callable[[Any, Mapping[str, Any], Mapping[str, Any], Mapping[str, Any]], Any]

__all__ = ["Read", "Reader", "Refused", "read_lists", "reader"]


class Refused(ValueError):
    """A generated reader refused a value (read it again in detail to know why)."""


_MISSING = object()
_READERS: dict[type, Reader] = {}
_LOCK = threading.RLock()


def reader(cls: type) -> Reader:
    """The generated reader of attrs class *cls* (made once per process)."""
    found = _READERS.get(cls)
    if found is None:
        with _LOCK:
            found = _READERS.get(cls)
            if found is None:
                found = _READERS[cls] = _generate(cls)
    return found


def _optional(tp: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` and whether None is allowed."""
    args = typing.get_args(tp)
    if type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
    return tp, False


def _date(value: object) -> PartialDate:
    if type(value) is not str:
        raise Refused
    return _PARSED.get(value) or PartialDate.parse(value)


def _decimal(value: object) -> decimal.Decimal:
    if type(value) is not str or DECIMAL.fullmatch(value) is None:
        raise Refused
    return decimal.Decimal(value)


class _Source:
    """The lines of one generated function, and the names they use."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.env: dict[str, Any] = {
            "_Refused": Refused,
            "_MISSING": _MISSING,
            "_new": object.__new__,
            "_set": object.__setattr__,
            "_date": _date,
            "_dates": _PARSED,
            "_parse": PartialDate.parse,
            "_decimal": _decimal,
            "_list": list,
            "_str": str,
            "_bool": bool,
            "_dict": dict,
            "_just_str": {str},
            "_cls": cls,
        }
        self.lines: list[str] = []
        self.count = 0

    def name(self, prefix: str, value: Any) -> str:
        self.count += 1
        key = f"_{prefix}{self.count}"
        self.env[key] = value
        return key

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)


def _convert(src: _Source, indent: int, tp: Any, ref: str | None) -> None:
    """Lines turning the JSON value ``v`` into a value ``v`` of type *tp* (not None)."""
    emit = src.emit
    if ref in ("actors", "sources", "places"):
        table = {"actors": "A", "sources": "S", "places": "P"}[ref]
        emit(indent, "if type(v) is not _list: raise _Refused")
        emit(indent, "ids = v")
        emit(indent, f"v = tuple(map({table}.__getitem__, v))")
    elif ref == "actor":
        emit(indent, "v = A[v]")
    elif tp is str:
        emit(indent, "if type(v) is not _str: raise _Refused")
    elif tp is bool:
        emit(indent, "if type(v) is not _bool: raise _Refused")
    elif tp is PartialDate:
        emit(indent, "if type(v) is not _str: raise _Refused")
        emit(indent, "v = _dates.get(v) or _parse(v)")
    elif tp is decimal.Decimal:
        emit(indent, "v = _decimal(v)")
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        if not all(type(m.value) is str for m in tp):  # pragma: no cover - the model's are
            raise TypeError(f"{tp.__name__}: only enums of str values are generated")
        members = src.name("members", dict(tp._value2member_map_))
        emit(indent, f"v = {members}[v]")
    elif isinstance(tp, type) and attrs.has(tp):
        emit(indent, f"v = {src.name('read', reader(tp))}(v, A, S, P)")
    elif typing.get_origin(tp) is tuple and typing.get_args(tp)[1:] == (Ellipsis,):
        item = typing.get_args(tp)[0]
        emit(indent, "if type(v) is not _list: raise _Refused")
        if item is str:
            emit(indent, "if v and {*map(type, v)} != _just_str: raise _Refused")
            emit(indent, "v = tuple(v)")
        elif item is PartialDate:
            emit(indent, "v = tuple(map(_date, v))")
        elif isinstance(item, type) and attrs.has(item):
            read = src.name("read", reader(item))
            emit(indent, f"v = tuple([{read}(x, A, S, P) for x in v]) if v else ()")
        else:  # pragma: no cover - the model has no other tuples
            raise TypeError(f"{src.cls.__name__}: no reader for {tp!r}")
    else:  # pragma: no cover - the model has no other types
        raise TypeError(f"{src.cls.__name__}: no reader for {tp!r}")


def _check(
    src: _Source, indent: int, field: attrs.Attribute[Any], declared: Any, ref: str | None
) -> None:
    """Lines checking ``v`` (of the declared type, not None) as the field's validator would."""
    if field.validator is None:
        return
    spec = spec_of(field.validator)
    expression = None
    if spec is not None:
        kind = getattr(spec, "kind", None)
        # InstanceOf / EnumOf fold to True only for a value of their own kind
        if type(spec).__name__ in ("InstanceOf", "EnumOf") and kind is not declared:
            expression = None
        else:
            keys = "ids" if ref in ("actors", "sources", "places") else None
            expression = spec.inline("v", src.env, keys)
    if expression is None:
        fn, attribute = src.name("check", field.validator), src.name("field", field)
        src.emit(indent, f"{fn}(o, {attribute}, v)")
    elif expression != "True":
        src.emit(indent, f"if not ({expression}): raise _Refused")


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """How attrs sets field *name* of a new object: its slot's ``__set__``.

    (``object.__setattr__`` does the same, at twice the cost of the call.)
    """
    for klass in cls.__mro__:
        slot = klass.__dict__.get(name)
        if slot is not None and type(slot).__name__ == "member_descriptor":
            setter: Callable[[Any, Any], None] = slot.__set__
            return setter
    return lambda obj, value: object.__setattr__(obj, name, value)  # pragma: no cover


def _accepts_none(field: attrs.Attribute[Any]) -> bool:
    if field.validator is None:
        return True
    try:
        field.validator(None, field, None)
    except Exception:  # noqa: BLE001 - any refusal
        return False
    return True


def _generate(cls: type) -> Reader:
    fields = [f for f in attrs.fields(cls) if f.init]
    types = field_types(cls)
    refs = reference_fields(cls)
    src = _Source(cls)
    keys = src.name("keys", frozenset(f.name for f in fields))
    src.emit(0, "def read(d, A, S, P):")
    src.emit(1, f"if type(d) is not _dict or not d.keys() <= {keys}: raise _Refused")
    src.emit(1, "o = _new(_cls)")
    for f in fields:
        declared, optional = _optional(types[f.name])
        ref = refs.get(f.name)
        if optional and not _accepts_none(f):  # pragma: no cover - a model inconsistency
            raise TypeError(f"{cls.__name__}.{f.name}: None is typed but refused")
        if f.default is attrs.NOTHING:
            src.emit(1, f"v = d[{f.name!r}]")
            body = 1
            if optional:
                src.emit(1, "if v is not None:")
                body = 2
        else:
            default = f.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # pragma: no cover
                raise TypeError(f"{cls.__name__}.{f.name}: factories are not generated")
            const = src.name("default", default)
            src.emit(1, f"v = d.get({f.name!r}, _MISSING)")
            src.emit(1, "if v is _MISSING:")
            src.emit(2, f"v = {const}")
            if optional:
                src.emit(1, "elif v is not None:")
            else:
                src.emit(1, "else:")
            body = 2
        _convert(src, body, declared, ref)
        _check(src, body, f, declared, ref)
        src.emit(1, f"{src.name('set_' + f.name + '_', _setter(cls, f.name))}(o, v)")
    if getattr(cls, "__attrs_post_init__", None) is not None:
        src.emit(1, "o.__attrs_post_init__()")
    src.emit(1, "return o")
    code = "\n".join(src.lines)
    namespace = dict(src.env)
    exec(compile(code, f"<kzcn_relations reader of {cls.__name__}>", "exec"), namespace)
    made: Reader = namespace["read"]
    made.__doc__ = f"Read a {cls.__name__} from its JSON value (generated)."
    made.source = code  # type: ignore[attr-defined]
    return made


class Read(NamedTuple):
    """What :func:`read_lists` read, each list in document order."""

    sources: list[Source]
    places: list[Place]
    actors: list[Actor]
    holdings: list[Holding]
    #: collection key -> its records, in document order (so paths stay the file's)
    records: dict[str, list[Record]]
    #: the same records in the order they were built: nearly in date order
    by_date: list[Record]


def _raw_date(item: object) -> str:
    """The date text of a raw record, for ordering (ISO text sorts by date)."""
    date = item.get("date") if type(item) is dict else None
    return date if type(date) is str else ""


def read_lists(
    doc: Mapping[str, Any],
    actors: dict[str, Actor],
    sources: dict[str, Source],
    places: dict[str, Place],
) -> Read:
    """Read every list of a document with the generated readers; raise on any problem.

    *actors*, *sources* and *places* hold what is known already (a base
    dataset's); each object read is added to its table, and an id read
    twice, or one already known, raises :class:`Refused`.  The records are
    built in date order, whatever the file's order: the objects then lie in
    memory in the order queries return them, and a range query's slice
    touches neighbouring memory.  Each goes back to its own position.
    """
    a, s, p = actors, sources, places
    built: dict[str, list[Any]] = {}
    for cls, key, table in ((Source, "sources", s), (Place, "places", p), (Actor, "actors", a)):
        read = reader(cls)
        found = built[key] = [read(item, a, s, p) for item in doc.get(key, ())]
        before = len(table)
        table.update([(x.id, x) for x in found])
        if len(table) != before + len(found):
            raise Refused  # an id twice, or one known already
    read = reader(Holding)
    holdings = [read(item, a, s, p) for item in doc.get("holdings", ())]
    pending = [
        (_raw_date(item), i, kind.collection)
        for kind in RECORD_TYPES
        for i, item in enumerate(doc.get(kind.collection, ()))
    ]
    pending.sort(key=_first)
    readers = {k.collection: (reader(k), doc.get(k.collection, ())) for k in RECORD_TYPES}
    placed: dict[str, list[Any]] = {key: [None] * len(readers[key][1]) for key in readers}
    by_date: list[Record] = []
    for _, i, key in pending:
        read, items = readers[key]
        record = placed[key][i] = read(items[i], a, s, p)
        by_date.append(record)
    return Read(built["sources"], built["places"], built["actors"], holdings, placed, by_date)


def _first(entry: tuple[str, int, str]) -> str:
    return entry[0]
