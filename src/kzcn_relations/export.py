"""Exports: records and the data package's tables as flat rows, CSV, pandas,
polars, Arrow and Parquet, and the whole dataset as a Frictionless data package.

:func:`to_dicts` flattens records into JSON-ready rows with the same
columns for every record type, so they make a rectangular table:

- ``date_start`` and ``date_end`` are the first and last day the record may
  cover (its date through its end), and ``date_precision`` says how
  precisely its date is known;
- a date becomes four columns: its ISO text (``date``), its precision
  (``date_precision``: ``year``, ``month`` or ``day``) and the first and last
  day it covers (``date_earliest``, ``date_latest``); likewise ``end``,
  ``in_force`` and ``ended``;
- money becomes exact decimals (strings in the rows, ``Decimal`` in the
  tables, never floats): an investment's ``amount``, a trade figure's
  ``turnover``, ``to_china`` and ``to_kazakhstan``, and beside them the one
  ``currency`` they are in;
- actors become ids (``investors``) and names (``investor_names``), lists
  for the roles that hold several; places become their ids (``places``) and
  current names (``place_names``);
- an investment's ``shares`` become ``investor:fraction`` texts and an
  agreement's ``ratifications`` ``party:date:instrument`` texts (each also
  has a table of its own);
- sources become their ids and URLs, external ids ``scheme:id`` texts, and
  an investment's AidData coding (:class:`~kzcn_relations.AidDataProject`)
  one JSON text, a list of objects (also a table of its own).

Nothing is lost but the objects' identity: every field of every record is
in the row.  The role columns follow the model's declaration of which
fields hold actors (:func:`kzcn_relations.model.actor_fields`).

Besides the records, the data package has tables of actors, places, names,
offices, sources, holdings, shares, ratifications, AidData projects and the
tidy links of records to actors (with the role), places and sources:
:func:`table_rows` gives any of them as rows, and every function below
takes records, actors, places, holdings, sources, such rows or a table's
name.

:func:`to_csv` and :func:`write_csv` write CSV with the standard :mod:`csv`
module; list columns are joined with ``;`` (ids are slugs and names hold no
``;``, so nothing is lost).  :func:`write_datapackage` writes a whole
dataset as related CSV tables with a ``datapackage.json`` descriptor
(Frictionless Data Package v1): typed schemas, primary and foreign keys,
licence, sources and the dataset version.

The table helpers need optional extras and import them only when called:
``pip install "kzcn-relations[pandas]"`` (or ``[polars]``, ``[arrow]``).

>>> import kzcn_relations as kr
>>> row = to_dicts([kr.dataset().record("petrokazakhstan-acquisition-2005")])[0]
>>> row["date"], row["date_precision"], row["date_end"], row["amount"], row["currency"]
('2005-08-22', 'day', '2005-10-26', '4180000000', 'USD')
>>> row["investors"], row["investor_names"], row["target"]
(['cnpci'], ['CNPC International Ltd'], 'petrokazakhstan')
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import importlib
import io
import json
import os
import pathlib
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, Literal, TypeAlias, overload

from kzcn_relations._shapes import DatasetLike, is_dataset
from kzcn_relations._sqlite import to_sqlite
from kzcn_relations._tables import AIDDATA_KEYS as AIDDATA_KEYS  # the aiddata JSON's keys
from kzcn_relations._tables import (
    SEPARATOR,
    Column,
    Table,
    aiddata_json,
    decimal_text,
)
from kzcn_relations._tables import TABLES as _OTHER_TABLES
from kzcn_relations.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    MissingExtraError,
    describe,
)
from kzcn_relations.model import (
    KIND_VALUES,
    RECORD_TYPES,
    Actor,
    Agreement,
    Event,
    Holding,
    Investment,
    Money,
    PartialDate,
    Place,
    Record,
    Source,
    TradeFigure,
    all_actor_fields,
)
from kzcn_relations.vocabulary import Basis, Confidence, Status

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

__all__ = [
    "COLUMNS",
    "COLUMN_TYPES",
    "DATE_COLUMNS",
    "DECIMAL_COLUMNS",
    "LIST_COLUMNS",
    "SEPARATOR",
    "TABLES",
    "TEXT_COLUMNS",
    "table_rows",
    "to_arrow",
    "to_csv",
    "to_dicts",
    "to_pandas",
    "to_parquet",
    "to_polars",
    "to_sqlite",
    "write_csv",
    "write_datapackage",
]

#: role field -> (id column, name column, holds several actors), from the model
_ROLES: dict[str, tuple[str, str, bool]] = {
    f.name: (f.name, f"{f.role}_names" if f.many else f"{f.role}_name", f.many)
    for f in all_actor_fields()
}


def _date_group(*prefixes: str) -> tuple[str, ...]:
    return tuple(f"{d}{s}" for d in prefixes for s in ("", "_precision", "_earliest", "_latest"))


#: Every column of a record row, in order.
COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "kind",
    "date",
    "date_precision",
    "date_start",
    "date_end",
    "date_earliest",
    "date_latest",
    *_date_group("end"),
    "title",
    "summary",
    "places",
    "place_names",
    *(c for ids, names, _ in _ROLES.values() for c in (ids, names)),
    "amount",
    "turnover",
    "to_china",
    "to_kazakhstan",
    "currency",
    "basis",
    "status",
    "part_of",
    "stake",
    "shares",
    *_date_group("in_force", "ended"),
    "ratifications",
    "sources",
    "source_urls",
    "confidence",
    "notes",
    "related",
    "external_ids",
    "aiddata",
)
#: Columns of days: ``datetime.date`` in polars and Arrow, ``datetime64[s]`` in pandas.
DATE_COLUMNS: tuple[str, ...] = (
    "date_start",
    "date_end",
    *(f"{d}_{s}" for d in ("date", "end", "in_force", "ended") for s in ("earliest", "latest")),
)
#: Columns of exact decimals (``Decimal``, never a float); ``currency`` is the money's.
DECIMAL_COLUMNS: tuple[str, ...] = ("amount", "turnover", "to_china", "to_kazakhstan", "stake")
#: Columns that hold lists (of ids, names, URLs, ``scheme:id`` texts).
LIST_COLUMNS: frozenset[str] = frozenset(
    {ids for ids, _, many in _ROLES.values() if many}
    | {names for _, names, many in _ROLES.values() if many}
    | {"places", "place_names", "shares", "ratifications"}
    | {"sources", "source_urls", "related", "external_ids"}
)
#: Columns of text: ids, names, vocabulary values, partial dates' ISO text, prose.
TEXT_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "kind",
    *(f"{d}{s}" for d in ("date", "end", "in_force", "ended") for s in ("", "_precision")),
    "title",
    "summary",
    *(c for ids, names, many in _ROLES.values() if not many for c in (ids, names)),
    "currency",
    "basis",
    "status",
    "part_of",
    "confidence",
    "notes",
    "aiddata",
)
#: Each record column's type: ``text``, ``date``, ``decimal`` or ``list``.
COLUMN_TYPES: Mapping[str, str] = types.MappingProxyType(
    dict.fromkeys(TEXT_COLUMNS, "text")
    | dict.fromkeys(DATE_COLUMNS, "date")
    | dict.fromkeys(DECIMAL_COLUMNS, "decimal")
    | dict.fromkeys(sorted(LIST_COLUMNS), "list")
)

_TYPE_NAMES = {
    Event: "event",
    Agreement: "agreement",
    Investment: "investment",
    TradeFigure: "trade",
}


def _date_columns(prefix: str, value: PartialDate | None) -> dict[str, str | None]:
    if value is None:
        return {
            prefix: None,
            f"{prefix}_precision": None,
            f"{prefix}_earliest": None,
            f"{prefix}_latest": None,
        }
    return {
        prefix: str(value),
        f"{prefix}_precision": str(value.precision),
        f"{prefix}_earliest": value.earliest.isoformat(),
        f"{prefix}_latest": value.latest.isoformat(),
    }


def to_dicts(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Flatten records into JSON-ready rows with the columns of :data:`COLUMNS`."""
    rows: list[dict[str, Any]] = []
    for r in records:
        if not isinstance(r, RECORD_TYPES):
            raise InvalidTypeError(
                "records",
                f"expected Event, Agreement, Investment or TradeFigure, got {describe(r)}",
            )
        row: dict[str, Any] = {"id": r.id, "type": _TYPE_NAMES[type(r)], "kind": r.kind.value}
        row |= _date_columns("date", r.date)
        row |= _date_columns("end", r.end)
        first, last = r.period
        row["date_start"], row["date_end"] = first.isoformat(), last.isoformat()
        row["title"], row["summary"] = r.title, r.summary
        row["places"] = [p.id for p in r.places]
        row["place_names"] = [p.name for p in r.places]
        for field, (ids, names, many) in _ROLES.items():
            value: Any = getattr(r, field, () if many else None)
            if many:
                row[ids] = [a.id for a in value]
                row[names] = [a.name for a in value]
            else:
                actor: Actor | None = value
                row[ids] = None if actor is None else actor.id
                row[names] = None if actor is None else actor.name
        currency = None
        for column in ("amount", "turnover", "to_china", "to_kazakhstan"):
            money: Money | None = getattr(r, column, None)
            row[column] = None if money is None else decimal_text(money.amount)
            currency = currency or (money.currency if money is not None else None)
        row["currency"] = currency
        for column in ("basis", "status"):
            value = getattr(r, column, None)
            row[column] = None if value is None else value.value
        row["part_of"] = getattr(r, "part_of", None)
        row["stake"] = decimal_text(getattr(r, "stake", None))
        row["shares"] = [f"{x.investor.id}:{x.fraction}" for x in getattr(r, "shares", ())]
        row |= _date_columns("in_force", getattr(r, "in_force", None))
        row |= _date_columns("ended", getattr(r, "ended", None))
        row["ratifications"] = [
            f"{x.party.id}:{x.date}:{x.instrument}" for x in getattr(r, "ratifications", ())
        ]
        row["sources"] = [s.id for s in r.sources]
        row["source_urls"] = [s.url for s in r.sources]
        row["confidence"] = r.confidence.value
        row["notes"] = r.notes
        row["related"] = list(r.related)
        row["external_ids"] = [f"{e.scheme}:{e.id}" for e in r.external_ids]
        projects = getattr(r, "aiddata", ())
        row["aiddata"] = aiddata_json(projects) if projects else None
        rows.append({c: row[c] for c in COLUMNS})
    return rows


_CONSTRAINTS: dict[str, dict[str, Any]] = {
    "id": {"required": True, "unique": True},
    "kind": {"enum": sorted(KIND_VALUES)},
    "confidence": {"enum": [c.value for c in Confidence]},
    "basis": {"enum": [m.value for m in Basis]},
    "status": {"enum": [m.value for m in Status]},
}

_RECORDS = Table(
    "records",
    "One row per record (event, agreement, investment, trade figure), flattened.",
    tuple(Column(c, COLUMN_TYPES[c], constraints=_CONSTRAINTS.get(c, {})) for c in COLUMNS),
    RECORD_TYPES,
    to_dicts,
    primary_key=("id",),
)
_TABLES: dict[str, Table] = {"records": _RECORDS, **{t.name: t for t in _OTHER_TABLES}}

#: The data package's tables, by name, with their columns, in the package's order.
TABLES: Mapping[str, tuple[str, ...]] = types.MappingProxyType(
    {name: t.column_names for name, t in _TABLES.items()}
)

#: What a table's rows are made of when it is built from a whole dataset.
_FROM_DATASET: dict[str, Callable[[DatasetLike], Sequence[Any]]] = {
    "actors": lambda ds: ds.actors,
    "offices": lambda ds: ds.actors,
    "places": lambda ds: ds.places,
    "names": lambda ds: (*ds.actors, *ds.places),
    "sources": lambda ds: ds.sources,
    "holdings": lambda ds: ds.holdings,
}
#: Which table a collection of objects makes, by the class of its items.
_BY_CLASS: tuple[tuple[tuple[type, ...], str], ...] = (
    (RECORD_TYPES, "records"),
    ((Actor,), "actors"),
    ((Place,), "places"),
    ((Holding,), "holdings"),
    ((Source,), "sources"),
)


def _table(name: object, field: str) -> Table:
    if not isinstance(name, str):
        raise InvalidTypeError(field, f"expected a table's name, got {describe(name)}")
    if name not in _TABLES:
        raise InvalidValueError(field, f"no table {name!r}; the tables are {', '.join(_TABLES)}")
    return _TABLES[name]


def table_rows(dataset: DatasetLike, name: str) -> list[dict[str, Any]]:
    """The rows of the data package's table *name*, built from *dataset*.

    The names are those of :data:`TABLES`: ``records`` (the rows of
    :func:`to_dicts`), ``actors``, ``places``, ``names``, ``offices``,
    ``sources``, ``holdings``, ``shares``, ``ratifications``, ``aiddata``,
    ``record_actors`` (record, role, actor), ``record_places`` and
    ``record_sources``.  Rows are JSON-ready, like :func:`to_dicts`' rows.

    >>> import kzcn_relations as kr
    >>> table_rows(kr.dataset(), "record_actors")[0]
    {'record_id': 'dostyk-alashankou-rail-link', 'role': 'investor', 'actor_id': 'ussr'}
    """
    if not is_dataset(dataset):
        raise InvalidTypeError("dataset", f"expected a Dataset, got {describe(dataset)}")
    table = _table(name, "name")
    objects = _FROM_DATASET[table.name](dataset) if table.name in _FROM_DATASET else dataset.records
    return table.rows(objects)


def _resolve(data: object, table: str | None) -> tuple[Table, list[dict[str, Any]]]:
    """The table that *data* makes and its rows (see :func:`to_pandas`)."""
    chosen = None if table is None else _table(table, "table")
    if isinstance(data, str):
        _table(data, "data")  # an unknown name says so first
        raise InvalidTypeError(
            "data",
            f"a table's name needs its dataset: to_pandas(dataset, table={data!r})",
        )
    if isinstance(data, DatasetLike):
        return chosen or _RECORDS, table_rows(data, (chosen or _RECORDS).name)
    if isinstance(data, Mapping) or not isinstance(data, Iterable):
        raise InvalidTypeError(
            "data", f"expected records, other objects, rows or a table's name, got {describe(data)}"
        )
    items = list(data)
    if not items:
        return chosen or _RECORDS, []
    if isinstance(items[0], Mapping):
        return _rows(items, chosen)
    if chosen is None:
        for classes, name in _BY_CLASS:
            if isinstance(items[0], classes):
                chosen = _TABLES[name]
                break
        else:
            raise InvalidTypeError(
                "data[0]",
                "expected a record, actor, place, holding, source or row (a dict), "
                f"got {describe(items[0])}",
            )
    return chosen, chosen.rows(items)


def _rows(items: list[Any], chosen: Table | None) -> tuple[Table, list[dict[str, Any]]]:
    """Rows given as dicts: of the *chosen* table, or of the one whose columns they have."""
    if chosen is None:
        keys = set(items[0])
        found = [t for t in _TABLES.values() if set(t.column_names) == keys]
        if not found:
            raise InvalidValueError(
                "data", "these rows' columns are not a table's; name the table with table="
            )
        chosen = found[0]
    out = []
    for i, row in enumerate(items):
        if not isinstance(row, Mapping):
            raise InvalidTypeError(f"data[{i}]", f"expected a row (a dict), got {describe(row)}")
        missing = [c for c in chosen.column_names if c not in row]
        if missing:
            raise InvalidValueError(
                f"data[{i}]", f"a row of the {chosen.name} table lacks {', '.join(missing)}"
            )
        out.append({c: row[c] for c in chosen.column_names})
    return chosen, out


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _as_decimal(value: object) -> decimal.Decimal | None:
    if isinstance(value, bool) or not isinstance(value, decimal.Decimal | str | int):
        return None
    try:
        exact = decimal.Decimal(value)
    except decimal.InvalidOperation:
        return None
    return exact if exact.is_finite() else None


def _as_list(value: object) -> list[str] | None:
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


#: type -> (what converts a row's value to it, or None; what it expects)
_CONVERT: dict[str, tuple[Callable[[object], Any], str]] = {
    "date": (_as_date, "a day (ISO text or a date)"),
    "decimal": (_as_decimal, "an exact decimal (text, int or Decimal)"),
    "boolean": (lambda v: v if isinstance(v, bool) else None, "a boolean"),
    "list": (_as_list, "a list of texts"),
    "text": (lambda v: v if isinstance(v, str) else None, "a text"),
}


def _typed_value(column: Column, value: object) -> Any:
    """*value* as the Python value of *column*'s type; rows hold ISO and decimal text."""
    if value is None:
        return None
    convert, wanted = _CONVERT[column.type]
    typed = convert(value)
    if typed is None:
        raise InvalidValueError(column.name, f"expected {wanted}, got {describe(value)}")
    return typed


def _typed_columns(data: object, table: str | None) -> list[tuple[Column, int, list[Any]]]:
    """(column, decimal scale, Python values) for each column of the table *data* makes.

    A decimal column's scale is the smallest that holds every value exactly.
    """
    spec, rows = _resolve(data, table)
    out = []
    for column in spec.columns:
        values = [_typed_value(column, row[column.name]) for row in rows]
        scale = 0
        if column.type == "decimal":
            scale = max([0, *(-int(v.as_tuple().exponent) for v in values if v is not None)])
        out.append((column, scale, values))
    return out


def _require(module: str, extra: str) -> types.ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(module, extra) from exc


#: What a collection, rows or a table's name can be for the table functions.
Data: TypeAlias = "Iterable[Any] | DatasetLike"


def to_pandas(data: Data, *, table: str | None = None) -> pd.DataFrame:
    """A pandas DataFrame of records, or of a table of the data package (extra: ``pandas``).

    *data* is records (a query's result, a :class:`~kzcn_relations.Dataset`), actors,
    places, holdings or sources (each makes its own table: see
    :data:`TABLES`), rows from :func:`table_rows` or :func:`to_dicts`
    (their columns say which table).  *table* names the table when that is not what *data* makes
    by itself: ``to_pandas(dataset.actors, table="names")`` is the actors'
    names, ``to_pandas(records, table="record_actors")`` their actors by
    role, ``to_pandas(my_dataset, table="holdings")`` its holdings; an empty
    collection makes an empty table of records, or of *table*.

    Days are ``datetime64[s]``; text is pandas' ``string`` dtype (missing:
    ``<NA>``); booleans are ``boolean``; exact decimals are ``Decimal``
    objects and lists Python lists (both ``object``).
    """
    pandas = _require("pandas", "pandas")
    import numpy as np

    columns: dict[str, Any] = {}
    for column, _, values in _typed_columns(data, table):
        if column.type == "date":
            columns[column.name] = np.array(values, dtype="datetime64[s]")
        elif column.type == "text":
            columns[column.name] = pandas.Series(values, dtype=pandas.StringDtype())
        elif column.type == "boolean":
            columns[column.name] = pandas.Series(values, dtype="boolean")
        else:  # exact decimals and lists stay Python objects
            columns[column.name] = pandas.Series(values, dtype=object)
    frame: pd.DataFrame = pandas.DataFrame(columns, columns=list(columns))
    return frame


def to_arrow(data: Data, *, table: str | None = None) -> pa.Table:
    """A pyarrow Table of records, or of a table of the data package (extra: ``arrow``).

    *data* and *table* are as for :func:`to_pandas`.  Days are ``date32``;
    decimals ``decimal128(38, s)``, with *s* the smallest scale that holds
    every value exactly; lists ``list<string>``; booleans ``bool``; text
    ``string``.
    """
    pyarrow = _require("pyarrow", "arrow")
    kinds: dict[str, Callable[[int], Any]] = {
        "list": lambda _: pyarrow.list_(pyarrow.string()),
        "date": lambda _: pyarrow.date32(),
        "decimal": lambda scale: pyarrow.decimal128(38, scale),
        "boolean": lambda _: pyarrow.bool_(),
        "text": lambda _: pyarrow.string(),
    }
    typed = _typed_columns(data, table)
    schema = pyarrow.schema([pyarrow.field(c.name, kinds[c.type](s)) for c, s, _ in typed])
    result: pa.Table = pyarrow.Table.from_pydict(
        {c.name: values for c, _, values in typed}, schema=schema
    )
    return result


def to_polars(data: Data, *, table: str | None = None) -> pl.DataFrame:
    """A polars DataFrame of records, or of a table of the data package (extra: ``polars``).

    *data* and *table* are as for :func:`to_pandas`.  Days are ``Date``;
    decimals ``Decimal(38, s)``, with *s* the smallest scale that holds
    every value exactly; lists ``List(String)``; booleans ``Boolean``; text
    ``String``.
    """
    polars = _require("polars", "polars")
    kinds: dict[str, Callable[[int], Any]] = {
        "list": lambda _: polars.List(polars.String),
        "date": lambda _: polars.Date,
        "decimal": lambda scale: polars.Decimal(38, scale),
        "boolean": lambda _: polars.Boolean,
        "text": lambda _: polars.String,
    }
    typed = _typed_columns(data, table)
    frame: pl.DataFrame = polars.DataFrame(
        {c.name: values for c, _, values in typed},
        schema={c.name: kinds[c.type](s) for c, s, _ in typed},
    )
    return frame


def to_parquet(
    data: Data | pa.Table, path: str | os.PathLike[str], *, table: str | None = None
) -> pathlib.Path:
    """Write a Parquet file of :func:`to_arrow`'s table (extra: ``arrow``); return its path.

    *data* and *table* are as for :func:`to_pandas`, or *data* is a pyarrow
    Table, written as it is.  The file keeps the Arrow types: days,
    exact decimals and lists of texts.
    """
    pyarrow = _require("pyarrow", "arrow")
    parquet = _require("pyarrow.parquet", "arrow")
    if isinstance(data, pyarrow.Table):
        if table is not None:
            raise InvalidValueError("table", "a pyarrow Table is written as it is, without table=")
        frame = data
    else:
        frame = to_arrow(data, table=table)
    target = pathlib.Path(path)
    parquet.write_table(frame, target)
    return target


LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
#: The encodings of :func:`to_csv` and :func:`write_csv`.
Encoding: TypeAlias = Literal["utf-8", "utf-8-sig"]
_ENCODINGS = ("utf-8", "utf-8-sig")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return SEPARATOR.join(str(v) for v in value)
    return str(value)


def write_rows(out: IO[str], columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Write rows as CSV (header first) to a text stream; lists joined with ``;``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])


def _encoding(encoding: object) -> Encoding:
    if encoding == "utf-8":
        return "utf-8"
    if encoding == "utf-8-sig":
        return "utf-8-sig"
    raise InvalidValueError(
        "encoding", f"expected 'utf-8' or 'utf-8-sig', got {describe(encoding)}"
    )


@overload
def to_csv(data: Data, *, table: str | None = None, encoding: None = None) -> str: ...
@overload
def to_csv(data: Data, *, table: str | None = None, encoding: Encoding) -> bytes: ...
def to_csv(
    data: Data, *, table: str | None = None, encoding: Encoding | None = None
) -> str | bytes:
    """CSV of records (or of a table): one header row, then one row each.

    *data* and *table* are as for :func:`to_pandas`.  Dates are ISO 8601
    text, lists are joined with ``;``, missing values are empty.  Without
    *encoding* the CSV is text; with ``"utf-8"`` or ``"utf-8-sig"`` it is
    bytes in that encoding (``"utf-8-sig"`` starts with a byte order mark,
    which spreadsheets such as Excel need to read Kazakh and Chinese text).

    >>> import kzcn_relations as kr
    >>> text = to_csv([kr.dataset().record("border-agreement-1994")])
    >>> text.splitlines()[0].startswith("id,type,kind,date,date_precision,date_start,")
    True
    >>> to_csv(kr.dataset(), table="sources", encoding="utf-8-sig")[:10]
    b'\\xef\\xbb\\xbfid,url,'
    """
    spec, rows = _resolve(data, table)
    out = io.StringIO()
    write_rows(out, spec.column_names, rows)
    if encoding is None:
        return out.getvalue()
    return out.getvalue().encode(_encoding(encoding))


def write_csv(
    data: Data,
    path: str | os.PathLike[str],
    *,
    table: str | None = None,
    encoding: Encoding = "utf-8",
) -> pathlib.Path:
    """Write :func:`to_csv` of *data* to the file *path*; return its path.

    *encoding* is ``"utf-8"`` or ``"utf-8-sig"`` (with a byte order mark,
    for Excel).
    """
    chosen = _encoding(encoding)
    spec, rows = _resolve(data, table)
    target = pathlib.Path(path)
    with open(target, "w", encoding=chosen, newline="") as fh:
        write_rows(fh, spec.column_names, rows)
    return target


def write_datapackage(dataset: DatasetLike, directory: str | os.PathLike[str]) -> pathlib.Path:
    """Write *dataset* as a Frictionless data package in *directory*.

    One CSV file for each table of :data:`TABLES` (the rows of
    :func:`table_rows`) and their ``datapackage.json`` descriptor, whose
    path is returned.  The directory is created if need be.
    """
    root = pathlib.Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    for name, spec in _TABLES.items():
        with open(root / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            write_rows(fh, spec.column_names, table_rows(dataset, name))
    descriptor = {
        "profile": "tabular-data-package",
        "name": "kzcn-relations",
        "title": dataset.title or "kzcn_relations dataset",
        "version": dataset.version,
        "licenses": [LICENCE] if dataset.license == "CC-BY-4.0" else [],
        "sources": [{"title": s.title, "path": s.url} for s in dataset.sources],
        "resources": [spec.resource() for spec in _TABLES.values()],
    }
    path = root / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
