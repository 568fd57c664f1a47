"""Records as flat rows, and as pandas, polars and Arrow tables.

:func:`to_dicts` flattens records into JSON-ready rows with the same
columns for all three record kinds, so they make a rectangular table:

- a date becomes four columns: its ISO text (``date``), its precision
  (``date_precision``: ``year``, ``month`` or ``day``) and the first and last
  day it covers (``date_earliest``, ``date_latest``); likewise ``end`` and
  ``in_force``; ``period_start`` and ``period_end`` give the record's period;
- money becomes ``amount`` (an exact decimal, as a string in the rows and a
  ``Decimal`` in the tables, never a float) and ``currency``;
- actors become ids (``investors``) and names (``investor_names``), lists
  for the roles that hold several;
- sources become their ids and URLs, external ids ``scheme:id`` texts.

Nothing is lost but the objects' identity: every field of every record is
in the row.  The table helpers need optional extras and import them only
when called: ``pip install "kzcn-relations[pandas]"`` (or ``[polars]``,
``[arrow]``).

>>> import kzcn_relations as kr
>>> row = to_dicts([kr.dataset().record("petrokazakhstan-acquisition-2005")])[0]
>>> row["date"], row["date_precision"], row["period_end"], row["amount"], row["currency"]
('2005-08-22', 'day', '2005-10-26', '4180000000', 'USD')
>>> row["investors"], row["investor_names"], row["target"]
(['cnpci'], ['CNPC International Ltd'], 'petrokazakhstan')
"""

from __future__ import annotations

import decimal
import importlib
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from kzcn_relations.exceptions import MissingExtraError
from kzcn_relations.model import (
    Actor,
    Agreement,
    Event,
    Investment,
    PartialDate,
    Record,
)

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

__all__ = ["COLUMNS", "LIST_COLUMNS", "to_arrow", "to_dicts", "to_pandas", "to_polars"]

_DATES = ("date", "end", "in_force")
#: role field -> (id column, name column, holds several actors)
_ROLES: dict[str, tuple[str, str, bool]] = {
    "participants": ("participants", "participant_names", True),
    "parties": ("parties", "party_names", True),
    "signatories": ("signatories", "signatory_names", True),
    "investors": ("investors", "investor_names", True),
    "target": ("target", "target_name", False),
    "seller": ("seller", "seller_name", False),
    "reporter": ("reporter", "reporter_name", False),
    "involved": ("involved", "involved_names", True),
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
    "place",
    *(c for ids, names, _ in _ROLES.values() for c in (ids, names)),
    "amount",
    "currency",
    "stake",
    *(f"in_force{s}" for s in ("", "_precision", "_earliest", "_latest")),
    "sources",
    "source_urls",
    "confidence",
    "notes",
    "related",
    "external_ids",
)
#: Columns that hold lists (of ids, names, URLs).
LIST_COLUMNS: frozenset[str] = frozenset(
    {ids for ids, _, many in _ROLES.values() if many}
    | {names for _, names, many in _ROLES.values() if many}
    | {"sources", "source_urls", "related", "external_ids"}
)
_DATE_COLUMNS = tuple(
    c for c in COLUMNS if c.endswith(("_earliest", "_latest")) or c.startswith("period_")
)
_DECIMAL_COLUMNS = ("amount", "stake")

_TYPE_NAMES = {Event: "event", Agreement: "agreement", Investment: "investment"}


def _date_columns(prefix: str, value: PartialDate | None) -> dict[str, str | None]:
    if value is None:
        return {prefix: None, f"{prefix}_precision": None,
                f"{prefix}_earliest": None, f"{prefix}_latest": None}
    return {
        prefix: str(value),
        f"{prefix}_precision": str(value.precision),
        f"{prefix}_earliest": value.earliest.isoformat(),
        f"{prefix}_latest": value.latest.isoformat(),
    }


def _decimal(value: decimal.Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def to_dicts(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Flatten records into JSON-ready rows with the columns of :data:`COLUMNS`."""
    rows: list[dict[str, Any]] = []
    for r in records:
        if not isinstance(r, (Event, Agreement, Investment)):
            from kzcn_relations.exceptions import InvalidTypeError

            raise InvalidTypeError(
                "records", f"expected Event, Agreement or Investment, got {type(r).__name__}"
            )
        row: dict[str, Any] = {"id": r.id, "type": _TYPE_NAMES[type(r)], "kind": r.kind.value}
        row |= _date_columns("date", r.date)
        row |= _date_columns("end", r.end)
        first, last = r.period
        row["period_start"], row["period_end"] = first.isoformat(), last.isoformat()
        row["title"], row["summary"], row["place"] = r.title, r.summary, r.place
        for field, (ids, names, many) in _ROLES.items():
            value: Any = getattr(r, field, () if many else None)
            if many:
                row[ids] = [a.id for a in value]
                row[names] = [a.name for a in value]
            else:
                actor: Actor | None = value
                row[ids] = None if actor is None else actor.id
                row[names] = None if actor is None else actor.name
        money = getattr(r, "amount", None)
        row["amount"] = None if money is None else _decimal(money.amount)
        row["currency"] = None if money is None else money.currency
        row["stake"] = _decimal(getattr(r, "stake", None))
        row |= _date_columns("in_force", getattr(r, "in_force", None))
        row["sources"] = [s.id for s in r.sources]
        row["source_urls"] = [s.url for s in r.sources]
        row["confidence"] = r.confidence.value
        row["notes"] = r.notes
        row["related"] = list(r.related)
        row["external_ids"] = [f"{e.scheme}:{e.id}" for e in r.external_ids]
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
            scale = max(
                [0, *(-int(v.as_tuple().exponent) for v in exact if v is not None)]
            )
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
