"""Exports: records as flat rows, CSV, pandas, polars and Arrow tables, and
the whole dataset as a Frictionless data package.

:func:`to_dicts` flattens records into JSON-ready rows with the same
columns for every record type, so they make a rectangular table:

- a date becomes four columns: its ISO text (``date``), its precision
  (``date_precision``: ``year``, ``month`` or ``day``) and the first and last
  day it covers (``date_earliest``, ``date_latest``); likewise ``end``,
  ``in_force`` and ``ended``; ``period_start`` and ``period_end`` give the
  record's period;
- money becomes exact decimals (strings in the rows, ``Decimal`` in the
  tables, never floats): an investment's ``amount``, a trade figure's
  ``turnover``, ``to_china`` and ``to_kazakhstan``, and beside them the one
  ``currency`` they are in;
- actors become ids (``investors``) and names (``investor_names``), lists
  for the roles that hold several; places become their ids (``places``) and
  current names (``place_names``);
- an investment's ``shares`` become ``investor:fraction`` texts and an
  agreement's ``ratifications`` ``party:date:instrument`` texts (the data
  package also has each in a table of its own);
- sources become their ids and URLs, external ids ``scheme:id`` texts, and
  an investment's AidData coding (:class:`~kzcn_relations.AidDataProject`)
  one JSON text, a list of objects (the data package also has a table of
  it).

Nothing is lost but the objects' identity: every field of every record is
in the row.  The role columns follow the model's declaration of which
fields hold actors (:func:`kzcn_relations.model.actor_fields`).

:func:`to_csv` and :func:`write_csv` write the rows as CSV with the standard
:mod:`csv` module; list columns are joined with ``;`` (ids are slugs and
names hold no ``;``, so nothing is lost).  :func:`write_datapackage` writes
a whole dataset as related CSV tables with a ``datapackage.json``
descriptor (Frictionless Data Package v1): typed schemas, primary and
foreign keys, licence, sources and the dataset version.

The table helpers need optional extras and import them only when called:
``pip install "kzcn-relations[pandas]"`` (or ``[polars]``, ``[arrow]``).

>>> import kzcn_relations as kr
>>> row = to_dicts([kr.dataset().record("petrokazakhstan-acquisition-2005")])[0]
>>> row["date"], row["date_precision"], row["period_end"], row["amount"], row["currency"]
('2005-08-22', 'day', '2005-10-26', '4180000000', 'USD')
>>> row["investors"], row["investor_names"], row["target"]
(['cnpci'], ['CNPC International Ltd'], 'petrokazakhstan')
"""

from __future__ import annotations

import csv
import decimal
import importlib
import io
import json
import os
import pathlib
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any

import attrs

from kzcn_relations.exceptions import InvalidTypeError, MissingExtraError, describe
from kzcn_relations.model import (
    KIND_VALUES,
    RECORD_TYPES,
    Actor,
    Agreement,
    AidDataProject,
    Event,
    Investment,
    Money,
    PartialDate,
    Record,
    TradeFigure,
    all_actor_fields,
)
from kzcn_relations.vocabulary import (
    ActorKind,
    Basis,
    Confidence,
    NameKind,
    PlaceKind,
    Status,
    TitleFrom,
)

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from kzcn_relations._dataset import Dataset

__all__ = [
    "COLUMNS",
    "LIST_COLUMNS",
    "SEPARATOR",
    "to_arrow",
    "to_csv",
    "to_dicts",
    "to_pandas",
    "to_polars",
    "write_csv",
    "write_datapackage",
]

#: role field -> (id column, name column, holds several actors), from the model
_ROLES: dict[str, tuple[str, str, bool]] = {
    f.name: (f.name, f"{f.role}_names" if f.many else f"{f.role}_name", f.many)
    for f in all_actor_fields()
}

#: Every column of a row, in order.
COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "kind",
    *(f"{d}{s}" for d in ("date", "end") for s in ("", "_precision", "_earliest", "_latest")),
    "period_start",
    "period_end",
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
    *(f"{d}{s}" for d in ("in_force", "ended") for s in ("", "_precision", "_earliest", "_latest")),
    "ratifications",
    "sources",
    "source_urls",
    "confidence",
    "notes",
    "related",
    "external_ids",
    "aiddata",
)
#: Columns that hold lists (of ids, names, URLs).
LIST_COLUMNS: frozenset[str] = frozenset(
    {ids for ids, _, many in _ROLES.values() if many}
    | {names for _, names, many in _ROLES.values() if many}
    | {"places", "place_names", "shares", "ratifications"}
    | {"sources", "source_urls", "related", "external_ids"}
)
_DATE_COLUMNS = tuple(
    c for c in COLUMNS if c.endswith(("_earliest", "_latest")) or c.startswith("period_")
)
_DECIMAL_COLUMNS = ("amount", "turnover", "to_china", "to_kazakhstan", "stake")

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


def _iso(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: decimal.Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


#: The keys of one AidData project in the ``aiddata`` column's JSON text.
AIDDATA_KEYS: tuple[str, ...] = tuple(a.name for a in attrs.fields(AidDataProject))


def _aiddata_dict(project: AidDataProject) -> dict[str, Any]:
    return {
        "id": project.id,
        "flow_type": project.flow_type,
        "sector": project.sector,
        "status": project.status,
        "recommended_for_aggregates": project.recommended_for_aggregates,
        "amount_2021usd": _decimal(project.amount_2021usd),
        "lender_type": project.lender_type,
        "public_liability": project.public_liability,
    }


def _aiddata_json(projects: Sequence[AidDataProject]) -> str:
    """AidData's coding of a record's projects as one JSON text (a list of objects)."""
    return json.dumps([_aiddata_dict(p) for p in projects], ensure_ascii=False)


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
        row["period_start"], row["period_end"] = first.isoformat(), last.isoformat()
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
            row[column] = None if money is None else _decimal(money.amount)
            currency = currency or (money.currency if money is not None else None)
        row["currency"] = currency
        for column in ("basis", "status"):
            value = getattr(r, column, None)
            row[column] = None if value is None else value.value
        row["part_of"] = getattr(r, "part_of", None)
        row["stake"] = _decimal(getattr(r, "stake", None))
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
        row["aiddata"] = _aiddata_json(projects) if projects else None
        rows.append({c: row[c] for c in COLUMNS})
    return rows


def _require(module: str, extra: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(module, extra) from exc


def to_pandas(records: Iterable[Record]) -> pd.DataFrame:
    """A pandas DataFrame of :func:`to_dicts` rows (extra: ``pandas``).

    Day columns (``*_earliest``, ``*_latest``, ``period_*``) are
    ``datetime64[s]``; ``amount`` and ``stake`` hold exact ``Decimal``
    objects; list columns hold Python lists.
    """
    pandas = _require("pandas", "pandas")
    import numpy as np

    columns: dict[str, Any] = {}
    for column, (tag, _, values) in _typed_columns(records).items():
        if tag == "date":
            columns[column] = np.array(values, dtype="datetime64[s]")
        else:  # exact decimals, lists and text stay Python objects
            columns[column] = pandas.Series(values, dtype=object)
    frame: pd.DataFrame = pandas.DataFrame(columns, columns=list(COLUMNS))
    return frame


def _typed_columns(
    records: Iterable[Record],
) -> dict[str, tuple[str, int, list[Any]]]:
    """Column -> (type tag, decimal scale, Python values) for typed tables.

    Tags: ``list`` (of strings), ``date``, ``decimal`` (with the smallest
    scale that holds every value exactly) and ``string``.
    """
    import datetime as dt

    rows = to_dicts(records)
    out: dict[str, tuple[str, int, list[Any]]] = {}
    for column in COLUMNS:
        values = [row[column] for row in rows]
        if column in LIST_COLUMNS:
            out[column] = ("list", 0, values)
        elif column in _DATE_COLUMNS:
            days = [None if v is None else dt.date.fromisoformat(v) for v in values]
            out[column] = ("date", 0, days)
        elif column in _DECIMAL_COLUMNS:
            exact = [None if v is None else decimal.Decimal(v) for v in values]
            scale = max([0, *(-int(v.as_tuple().exponent) for v in exact if v is not None)])
            out[column] = ("decimal", scale, exact)
        else:
            out[column] = ("string", 0, values)
    return out


def to_arrow(records: Iterable[Record]) -> pa.Table:
    """A pyarrow Table of :func:`to_dicts` rows (extra: ``arrow``).

    Day columns are ``date32``; ``amount`` and ``stake`` are ``decimal128``
    with the smallest scale that holds every value exactly; list columns are
    ``list<string>``.
    """
    pyarrow = _require("pyarrow", "arrow")
    kinds: dict[str, Callable[[int], Any]] = {
        "list": lambda _: pyarrow.list_(pyarrow.string()),
        "date": lambda _: pyarrow.date32(),
        "decimal": lambda scale: pyarrow.decimal128(38, scale),
        "string": lambda _: pyarrow.string(),
    }
    typed = _typed_columns(records)
    schema = pyarrow.schema(
        [pyarrow.field(c, kinds[tag](scale)) for c, (tag, scale, _) in typed.items()]
    )
    table: pa.Table = pyarrow.Table.from_pydict(
        {c: values for c, (_, _, values) in typed.items()}, schema=schema
    )
    return table


def to_polars(records: Iterable[Record]) -> pl.DataFrame:
    """A polars DataFrame of :func:`to_dicts` rows (extra: ``polars``).

    Day columns are ``Date``; ``amount`` and ``stake`` are ``Decimal`` with
    the smallest scale that holds every value exactly; list columns are
    ``List(String)``.
    """
    polars = _require("polars", "polars")
    kinds: dict[str, Callable[[int], Any]] = {
        "list": lambda _: polars.List(polars.String),
        "date": lambda _: polars.Date,
        "decimal": lambda scale: polars.Decimal(38, scale),
        "string": lambda _: polars.String,
    }
    typed = _typed_columns(records)
    schema = {c: kinds[tag](scale) for c, (tag, scale, _) in typed.items()}
    frame: pl.DataFrame = polars.DataFrame(
        {c: values for c, (_, _, values) in typed.items()}, schema=schema
    )
    return frame


SEPARATOR = ";"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return SEPARATOR.join(str(v) for v in value)
    return str(value)


def write_rows(out: IO[str], columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """Write rows as CSV (header first) to a text stream; lists joined with ``;``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])


def to_csv(records: Iterable[Record]) -> str:
    """Records as CSV text: a header of :data:`COLUMNS`, then one row a record.

    >>> import kzcn_relations as kr
    >>> text = to_csv([kr.dataset().record("border-agreement-1994")])
    >>> text.splitlines()[0].startswith("id,type,kind,date,")
    True
    """
    out = io.StringIO()
    write_rows(out, COLUMNS, to_dicts(records))
    return out.getvalue()


def write_csv(records: Iterable[Record], path: str | os.PathLike[str]) -> pathlib.Path:
    """Write :func:`to_csv` of *records* to the file *path* (UTF-8); return its path."""
    target = pathlib.Path(path)
    with open(target, "w", encoding="utf-8", newline="") as fh:
        write_rows(fh, COLUMNS, to_dicts(records))
    return target


def _actor_rows(actors: Iterable[Actor]) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind.value,
            "country": a.country,
            "note": a.note,
            "sources": [s.id for s in a.sources],
        }
        for a in actors
    ]


def _field(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **extra}


def _records_schema() -> dict[str, Any]:
    fields = []
    for column in COLUMNS:
        if column.endswith(("_earliest", "_latest")) or column.startswith("period_"):
            fields.append(_field(column, "date"))
        elif column in _DECIMAL_COLUMNS:
            fields.append(_field(column, "number", description="exact decimal"))
        elif column == "kind":
            fields.append(_field(column, constraints={"enum": sorted(KIND_VALUES)}))
        elif column == "confidence":
            fields.append(_field(column, constraints={"enum": [c.value for c in Confidence]}))
        elif column in ("basis", "status"):
            enum = Basis if column == "basis" else Status
            fields.append(_field(column, constraints={"enum": [m.value for m in enum]}))
        elif column == "id":
            fields.append(_field(column, constraints={"required": True, "unique": True}))
        elif column in LIST_COLUMNS:
            fields.append(_field(column, description=f"a list, joined with '{SEPARATOR}'"))
        else:
            fields.append(_field(column))
    return {"fields": fields, "primaryKey": ["id"]}


def _resource(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "schema": schema,
    }


def write_datapackage(dataset: Dataset, directory: str | os.PathLike[str]) -> pathlib.Path:
    """Write *dataset* as a Frictionless data package in *directory*.

    CSV tables — records, actors, places, names, offices, sources,
    holdings, shares, ratifications, record_actors, record_places and
    record_sources — and their ``datapackage.json`` descriptor, whose path
    is returned.  The directory is created if need be.
    """
    root = pathlib.Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    records = dataset.records
    tables: dict[str, tuple[Sequence[str], list[dict[str, Any]]]] = {
        "records": (COLUMNS, to_dicts(records)),
        "actors": (
            ("id", "name", "kind", "country", "note", "sources"),
            _actor_rows(dataset.actors),
        ),
        "places": (
            ("id", "kind", "name", "country", "within", "note", "sources"),
            [
                {
                    "id": p.id,
                    "kind": p.kind.value,
                    "name": p.name,
                    "country": p.country,
                    "within": p.within,
                    "note": p.note,
                    "sources": [s.id for s in p.sources],
                }
                for p in dataset.places
            ],
        ),
        "names": (
            ("actor_id", "place_id", "text", "lang", "kind", "start", "end"),
            [
                {
                    "actor_id": actor_id,
                    "place_id": place_id,
                    "text": n.text,
                    "lang": n.lang,
                    "kind": n.kind.value,
                    "start": _iso(n.start),
                    "end": _iso(n.end),
                }
                for actor_id, place_id, named in (
                    *((a.id, None, a.names) for a in dataset.actors),
                    *((None, p.id, p.names) for p in dataset.places),
                )
                for n in named
            ],
        ),
        "holdings": (
            (
                "id",
                "owner_id",
                "asset_id",
                "fraction",
                "control",
                "start",
                "end",
                "via",
                "sources",
                "confidence",
                "notes",
            ),
            [
                {
                    "id": h.id,
                    "owner_id": h.owner.id,
                    "asset_id": h.asset.id,
                    "fraction": _decimal(h.fraction),
                    "control": "true" if h.control else "false",
                    "start": _iso(h.start),
                    "end": _iso(h.end),
                    "via": h.via,
                    "sources": [s.id for s in h.sources],
                    "confidence": h.confidence.value,
                    "notes": h.notes,
                }
                for h in dataset.holdings
            ],
        ),
        "aiddata": (
            (*AIDDATA_KEYS[:1], "record_id", *AIDDATA_KEYS[1:]),
            [
                {"record_id": r.id, **_aiddata_dict(x)}
                for r in dataset.investments
                for x in r.aiddata
            ],
        ),
        "shares": (
            ("record_id", "investor_id", "fraction"),
            [
                {"record_id": r.id, "investor_id": x.investor.id, "fraction": _decimal(x.fraction)}
                for r in dataset.investments
                for x in r.shares
            ],
        ),
        "ratifications": (
            ("record_id", "party_id", "date", "instrument"),
            [
                {
                    "record_id": r.id,
                    "party_id": x.party.id,
                    "date": str(x.date),
                    "instrument": x.instrument,
                }
                for r in dataset.agreements
                for x in r.ratifications
            ],
        ),
        "offices": (
            ("actor_id", "title", "start", "end", "as_of"),
            [
                {
                    "actor_id": a.id,
                    "title": o.title,
                    "start": str(o.start) if o.start else None,
                    "end": str(o.end) if o.end else None,
                    "as_of": [str(d) for d in o.as_of],
                }
                for a in dataset.actors
                for o in a.offices
            ],
        ),
        "sources": (
            ("id", "url", "title", "title_from"),
            [
                {"id": s.id, "url": s.url, "title": s.title, "title_from": s.title_from.value}
                for s in dataset.sources
            ],
        ),
        "record_actors": (
            ("record_id", "role", "actor_id"),
            [
                {"record_id": r.id, "role": role.value, "actor_id": a.id}
                for r in records
                for role, a in r.roles()
            ],
        ),
        "record_places": (
            ("record_id", "place_id"),
            [{"record_id": r.id, "place_id": p.id} for r in records for p in r.places],
        ),
        "record_sources": (
            ("record_id", "source_id"),
            [{"record_id": r.id, "source_id": s.id} for r in records for s in r.sources],
        ),
    }
    for name, (columns, rows) in tables.items():
        with open(root / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            write_rows(fh, columns, rows)

    def fk(fields: str, resource: str, key: str = "id") -> dict[str, Any]:
        return {"fields": fields, "reference": {"resource": resource, "fields": key}}

    resources = [
        _resource(
            "records",
            _records_schema(),
            "One row per record (event, agreement, investment, trade figure), flattened.",
        ),
        _resource(
            "actors",
            {
                "fields": [
                    _field("id", constraints={"required": True, "unique": True}),
                    _field("name", constraints={"required": True}),
                    _field("kind", constraints={"enum": [k.value for k in ActorKind]}),
                    _field("country", description="ISO 3166-1 alpha-3"),
                    _field("note"),
                    _field("sources", description=f"source ids, joined with '{SEPARATOR}'"),
                ],
                "primaryKey": ["id"],
            },
            "States, companies, banks, organisations, people and infrastructure.",
        ),
        _resource(
            "places",
            {
                "fields": [
                    _field("id", constraints={"required": True, "unique": True}),
                    _field("kind", constraints={"enum": [k.value for k in PlaceKind]}),
                    _field("name", description="the current English name"),
                    _field("country", description="ISO 3166-1 alpha-3"),
                    _field("within", description="id of the place that contains it"),
                    _field("note"),
                    _field("sources", description=f"source ids, joined with '{SEPARATOR}'"),
                ],
                "primaryKey": ["id"],
                "foreignKeys": [fk("within", "")],
            },
            "Places the records name.",
        ),
        _resource(
            "names",
            {
                "fields": [
                    _field("actor_id"),
                    _field("place_id"),
                    _field("text", constraints={"required": True}),
                    _field("lang", description="BCP 47 language tag"),
                    _field("kind", constraints={"enum": [k.value for k in NameKind]}),
                    _field("start", description="ISO 8601, reduced precision allowed"),
                    _field("end", description="ISO 8601, reduced precision allowed"),
                ],
                "foreignKeys": [fk("actor_id", "actors"), fk("place_id", "places")],
            },
            "Names of actors and places in other languages, and places' names over time.",
        ),
        _resource(
            "holdings",
            {
                "fields": [
                    _field("id", constraints={"required": True, "unique": True}),
                    _field("owner_id"),
                    _field("asset_id"),
                    _field("fraction", "number", description="exact decimal in (0, 1]"),
                    _field("control", "boolean"),
                    _field("start", description="ISO 8601, reduced precision allowed"),
                    _field("end", description="ISO 8601, reduced precision allowed"),
                    _field("via", description="id of the investment that created it"),
                    _field("sources", description=f"source ids, joined with '{SEPARATOR}'"),
                    _field("confidence", constraints={"enum": [c.value for c in Confidence]}),
                    _field("notes"),
                ],
                "primaryKey": ["id"],
                "foreignKeys": [
                    fk("owner_id", "actors"),
                    fk("asset_id", "actors"),
                    fk("via", "records"),
                ],
            },
            "Who held what fraction of which asset, and when.",
        ),
        _resource(
            "aiddata",
            {
                "fields": [
                    _field("id", constraints={"required": True, "unique": True}),
                    _field("record_id"),
                    _field("flow_type"),
                    _field("sector"),
                    _field("status"),
                    _field("recommended_for_aggregates", "boolean"),
                    _field(
                        "amount_2021usd", "number", description="exact decimal, constant 2021 USD"
                    ),
                    _field("lender_type"),
                    _field("public_liability"),
                ],
                "primaryKey": ["id"],
                "foreignKeys": [fk("record_id", "records")],
            },
            "AidData's own coding of the projects that are records here, in AidData's terms.",
        ),
        _resource(
            "shares",
            {
                "fields": [
                    _field("record_id"),
                    _field("investor_id"),
                    _field("fraction", "number", description="exact decimal in (0, 1]"),
                ],
                "primaryKey": ["record_id", "investor_id"],
                "foreignKeys": [fk("record_id", "records"), fk("investor_id", "actors")],
            },
            "Each investor's part of an investment, where the sources state it.",
        ),
        _resource(
            "ratifications",
            {
                "fields": [
                    _field("record_id"),
                    _field("party_id"),
                    _field("date", description="ISO 8601, reduced precision allowed"),
                    _field("instrument"),
                ],
                "foreignKeys": [fk("record_id", "records"), fk("party_id", "actors")],
            },
            "Each party's ratification of an agreement, where the sources record it.",
        ),
        _resource(
            "offices",
            {
                "fields": [
                    _field("actor_id"),
                    _field("title"),
                    _field("start"),
                    _field("end"),
                    _field("as_of", description=f"dates, joined with '{SEPARATOR}'"),
                ],
                "foreignKeys": [fk("actor_id", "actors")],
            },
            "Offices held by people, as the sources attest them.",
        ),
        _resource(
            "sources",
            {
                "fields": [
                    _field("id", constraints={"required": True, "unique": True}),
                    _field("url", format="uri"),
                    _field("title"),
                    _field("title_from", constraints={"enum": [t.value for t in TitleFrom]}),
                ],
                "primaryKey": ["id"],
            },
            "The public pages the records cite.",
        ),
        _resource(
            "record_actors",
            {
                "fields": [_field("record_id"), _field("role"), _field("actor_id")],
                "primaryKey": ["record_id", "role", "actor_id"],
                "foreignKeys": [fk("record_id", "records"), fk("actor_id", "actors")],
            },
            "Which actor has which role in which record.",
        ),
        _resource(
            "record_places",
            {
                "fields": [_field("record_id"), _field("place_id")],
                "primaryKey": ["record_id", "place_id"],
                "foreignKeys": [fk("record_id", "records"), fk("place_id", "places")],
            },
            "Which places each record names.",
        ),
        _resource(
            "record_sources",
            {
                "fields": [_field("record_id"), _field("source_id")],
                "primaryKey": ["record_id", "source_id"],
                "foreignKeys": [fk("record_id", "records"), fk("source_id", "sources")],
            },
            "Which sources each record cites.",
        ),
    ]
    descriptor = {
        "profile": "tabular-data-package",
        "name": "kzcn-relations",
        "title": dataset.title or "kzcn_relations dataset",
        "version": dataset.version,
        "licenses": [LICENCE] if dataset.license == "CC-BY-4.0" else [],
        "sources": [{"title": s.title, "path": s.url} for s in dataset.sources],
        "resources": resources,
    }
    path = root / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
