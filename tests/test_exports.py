"""Exports: flat rows (lossless), typed tables, and the extras' errors."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
from typing import Any

import pytest
from hypothesis import given

import kzcn_relations
import kzcn_relations.converters
from kzcn_relations import (
    Agreement,
    Dataset,
    Event,
    Investment,
    MissingExtraError,
    PartialDate,
    Record,
    TradeFigure,
)
from kzcn_relations.export import COLUMNS, LIST_COLUMNS, to_arrow, to_dicts, to_pandas, to_polars

from .strategies import datasets


def _date(row: dict[str, Any], prefix: str) -> str | None:
    """The ISO text of a date column, checked against its other columns."""
    text: str | None = row[prefix]
    if text is not None:
        d = PartialDate.parse(text)
        assert str(d.precision) == row[f"{prefix}_precision"]
        assert d.earliest.isoformat() == row[f"{prefix}_earliest"]
        assert d.latest.isoformat() == row[f"{prefix}_latest"]
    return text


_FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("participants", "host"),
    "agreement": ("parties", "signatories", "involved"),
    "investment": (
        "investors",
        "target",
        "seller",
        "guarantor",
        "basis",
        "status",
        "part_of",
        "stake",
        "involved",
    ),
    "trade": ("reporter", "participants"),
}
_CLASSES: dict[str, type[Record]] = {
    "event": Event,
    "agreement": Agreement,
    "investment": Investment,
    "trade": TradeFigure,
}


def rebuild(row: dict[str, Any], ds: Dataset) -> Record:
    """A record from its row alone, through the converter's document form."""
    data: dict[str, Any] = {
        "id": row["id"],
        "kind": row["kind"],
        "date": _date(row, "date"),
        "end": _date(row, "end"),
        "title": row["title"],
        "summary": row["summary"],
        "places": row["places"],
        "sources": row["sources"],
        "confidence": row["confidence"],
        "notes": row["notes"],
        "related": row["related"],
        "external_ids": [
            dict(zip(("scheme", "id"), e.split(":", 1), strict=True)) for e in row["external_ids"]
        ],
    }
    for field in _FIELDS[row["type"]]:
        data[field] = row[field]
    for money in ("amount", "turnover", "to_china", "to_kazakhstan"):
        if row[money] is not None:
            data[money] = {"amount": row[money], "currency": row["currency"]}
    if row["type"] == "investment":
        data["aiddata"] = json.loads(row["aiddata"]) if row["aiddata"] else []
        data["shares"] = [
            dict(zip(("investor", "fraction"), x.split(":"), strict=True)) for x in row["shares"]
        ]
    if row["type"] == "agreement":
        data["in_force"] = _date(row, "in_force")
        data["ended"] = _date(row, "ended")
        data["ratifications"] = [
            dict(zip(("party", "date", "instrument"), x.split(":", 2), strict=True))
            for x in row["ratifications"]
        ]
    for s in row["source_urls"]:
        assert s in {src.url for src in ds.sources}
    data = {k: v for k, v in data.items() if v is not None}
    conv = kzcn_relations.converters.make_converter(ds)
    return conv.structure(data, _CLASSES[row["type"]])


def test_rows_are_lossless_on_the_packaged_data() -> None:
    """Every record can be rebuilt, equal, from its row."""
    ds = kzcn_relations.dataset()
    for row, record in zip(to_dicts(ds.records), ds.records, strict=True):
        assert rebuild(row, ds) == record


@given(datasets())
def test_rows_are_lossless(ds: Dataset) -> None:
    """On generated datasets too; every row has exactly the documented columns."""
    rows = to_dicts(ds.records)
    for row, record in zip(rows, ds.records, strict=True):
        assert tuple(row) == COLUMNS
        assert rebuild(row, ds) == record
        for column in LIST_COLUMNS:
            assert isinstance(row[column], list)


def test_rows_are_json_ready() -> None:
    """Rows hold only JSON types: no Decimal, no date."""
    import json

    rows = to_dicts(kzcn_relations.dataset().records)
    assert json.loads(json.dumps(rows)) == rows


def test_no_name_holds_the_csv_separator() -> None:
    """CSV joins lists with ';', so no name or alias may hold one."""
    for a in kzcn_relations.dataset().actors:
        assert all(";" not in n for n in (a.name, *a.aliases)), a.id


def test_to_pandas_types() -> None:
    """pandas: days are datetime64, amounts exact Decimals, lists lists."""
    frame = to_pandas(kzcn_relations.dataset().records)
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(kzcn_relations.dataset())
    assert str(frame["date_earliest"].dtype) == "datetime64[s]"
    amounts = frame["amount"].dropna()
    assert all(isinstance(v, decimal.Decimal) for v in amounts)
    pk = frame.set_index("id").loc["petrokazakhstan-acquisition-2005"]
    assert pk["amount"] == decimal.Decimal("4180000000")
    assert pk["investors"] == ["cnpci"]


def test_to_polars_and_arrow_types() -> None:
    """polars and Arrow: Date, exact Decimal, List(String)."""
    import polars as pl
    import pyarrow as pa

    ds = kzcn_relations.dataset()
    records = ds.records
    table = to_arrow(records)
    assert table.schema.field("amount").type == pa.decimal128(38, 0)
    places = max(-int(r.stake.as_tuple().exponent) for r in ds.investments if r.stake is not None)
    assert table.schema.field("stake").type.scale == places
    assert table.schema.field("date_earliest").type == pa.date32()
    assert table.schema.field("investors").type == pa.list_(pa.string())
    frame = to_polars(records)
    assert frame.schema["period_end"] == pl.Date
    assert isinstance(frame.schema["amount"], pl.Decimal)
    row = frame.filter(pl.col("id") == "kashagan-stake-cnpc-2013").row(0, named=True)
    assert row["stake"] == decimal.Decimal("0.0833")
    assert row["date_earliest"] == dt.date(2013, 9, 7)


@pytest.mark.parametrize(
    ("function", "module", "extra"),
    [
        (to_pandas, "pandas", "pandas"),
        (to_polars, "polars", "polars"),
        (to_arrow, "pyarrow", "arrow"),
    ],
)
def test_missing_extra(
    monkeypatch: pytest.MonkeyPatch, function: Any, module: str, extra: str
) -> None:
    """Without the package, the error names the extra to install."""
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingExtraError, match=f"kzcn-relations\\[{extra}\\]") as info:
        function(kzcn_relations.dataset().records)
    assert isinstance(info.value, ImportError)
    assert info.value.extra == extra


def test_plot_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """kzcn_relations.plot imports without matplotlib and says which extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    from kzcn_relations import plot

    with pytest.raises(MissingExtraError, match="plot"):
        plot.timeline(kzcn_relations.dataset().records)


def test_to_dicts_rejects_non_records() -> None:
    """Anything but records is a clear type error."""
    with pytest.raises(TypeError, match="expected Event, Agreement, Investment or TradeFigure"):
        to_dicts([kzcn_relations.actor("kaz")])  # type: ignore[list-item]
