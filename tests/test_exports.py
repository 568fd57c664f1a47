"""Exports: flat rows (lossless), typed tables (types pinned), CSV, Parquet, missing extras."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import pathlib
import sys
from typing import Any

import pytest
from hypothesis import given, settings

import kzcn_relations
import kzcn_relations.converters
from kzcn_relations import (
    Agreement,
    Dataset,
    Event,
    InvalidTypeError,
    InvalidValueError,
    Investment,
    MissingExtraError,
    PartialDate,
    Record,
    TradeFigure,
)
from kzcn_relations.export import (
    COLUMN_TYPES,
    COLUMNS,
    DATE_COLUMNS,
    DECIMAL_COLUMNS,
    LIST_COLUMNS,
    TABLES,
    TEXT_COLUMNS,
    table_rows,
    to_arrow,
    to_csv,
    to_dicts,
    to_pandas,
    to_parquet,
    to_polars,
    write_csv,
)

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
    record = conv.structure(data, _CLASSES[row["type"]])
    first, last = record.period
    assert (row["date_start"], row["date_end"]) == (first.isoformat(), last.isoformat())
    return record


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


#: Each table's column types, in order: "column" is text, "column:type" another type.
_TABLE_TYPES = {
    "actors": "id name kind country note sources:list",
    "places": "id kind name country within note sources:list",
    "names": "actor_id place_id text lang kind start end",
    "offices": "actor_id title start end as_of:list",
    "sources": "id url title title_from",
    "holdings": "id owner_id asset_id fraction:decimal control:boolean start end via "
    "sources:list confidence notes",
    "shares": "record_id investor_id fraction:decimal",
    "ratifications": "record_id party_id date instrument",
    "aiddata": "id record_id flow_type sector status recommended_for_aggregates:boolean "
    "amount_2021usd:decimal lender_type public_liability",
    "record_actors": "record_id role actor_id",
    "record_places": "record_id place_id",
    "record_sources": "record_id source_id",
}


def _record_groups() -> dict[str, str]:
    """The records' column types, from the documented groups; no column in two."""
    groups = {
        "text": TEXT_COLUMNS,
        "date": DATE_COLUMNS,
        "decimal": DECIMAL_COLUMNS,
        "list": tuple(sorted(LIST_COLUMNS)),
    }
    out: dict[str, str] = {}
    for kind, columns in groups.items():
        for column in columns:
            assert column not in out, f"{column} is in two groups"
            out[column] = kind
    return out


def _types(name: str) -> list[tuple[str, str]]:
    """(column, type) of table *name*; a record column in no group is a KeyError."""
    if name == "records":
        groups = _record_groups()
        return [(c, groups[c]) for c in COLUMNS]
    pairs = [[*w.split(":"), "text"][:2] for w in _TABLE_TYPES[name].split()]
    return [(column, kind) for column, kind in pairs]


def test_every_column_has_one_type() -> None:
    """The groups cover the record columns exactly; every table's columns are pinned."""
    assert set(_record_groups()) == set(COLUMNS)
    assert dict(COLUMN_TYPES) == _record_groups()
    assert set(TABLES) == {"records", *_TABLE_TYPES}
    for name, columns in TABLES.items():
        assert [c for c, _ in _types(name)] == list(columns), name


_PANDAS = {
    "text": "string",
    "date": "datetime64[s]",
    "decimal": "object",
    "list": "object",
    "boolean": "boolean",
}


@pytest.mark.parametrize("full", [True, False], ids=["full", "empty"])
@pytest.mark.parametrize("name", list(TABLES))
def test_pandas_dtypes(name: str, full: bool) -> None:
    """pandas: every column's dtype is pinned, full or empty; decimals stay Decimal."""
    frame = to_pandas(kzcn_relations.dataset(), table=name) if full else to_pandas([], table=name)
    types = _types(name)
    assert {c: str(frame[c].dtype) for c in frame.columns} == {c: _PANDAS[k] for c, k in types}
    assert list(frame.columns) == [c for c, _ in types]
    for column, kind in types:
        values = [v for v in frame[column] if v is not None]
        if kind == "decimal":
            assert all(isinstance(v, decimal.Decimal) for v in values), column
        if kind == "list":
            assert all(isinstance(v, list) for v in values), column


@pytest.mark.parametrize("full", [True, False], ids=["full", "empty"])
@pytest.mark.parametrize("name", list(TABLES))
def test_polars_dtypes(name: str, full: bool) -> None:
    """polars: Date, Decimal(38, s), List(String), Boolean, String."""
    import polars as pl

    frame = to_polars(kzcn_relations.dataset(), table=name) if full else to_polars([], table=name)
    expected: dict[str, Any] = {
        "text": pl.String,
        "date": pl.Date,
        "list": pl.List(pl.String),
        "boolean": pl.Boolean,
    }
    assert list(frame.schema) == [c for c, _ in _types(name)]
    for column, kind in _types(name):
        dtype = frame.schema[column]
        if kind == "decimal":
            assert isinstance(dtype, pl.Decimal) and dtype.precision == 38, column
        else:
            assert dtype == expected[kind], column


@pytest.mark.parametrize("full", [True, False], ids=["full", "empty"])
@pytest.mark.parametrize("name", list(TABLES))
def test_arrow_dtypes(name: str, full: bool) -> None:
    """Arrow: date32, decimal128(38, s), list<string>, bool, string."""
    import pyarrow as pa

    table = to_arrow(kzcn_relations.dataset(), table=name) if full else to_arrow([], table=name)
    expected = {
        "text": pa.string(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
        "boolean": pa.bool_(),
    }
    assert table.schema.names == [c for c, _ in _types(name)]
    for column, kind in _types(name):
        dtype = table.schema.field(column).type
        if kind == "decimal":
            assert pa.types.is_decimal128(dtype) and dtype.precision == 38, column
        else:
            assert dtype == expected[kind], column


def test_frames_hold_the_packaged_facts() -> None:
    """Typed values of known records: dates, exact decimals at the smallest scale, lists."""
    import polars as pl
    import pyarrow as pa

    ds = kzcn_relations.dataset()
    frame = to_pandas(ds.records)
    assert len(frame) == len(ds)
    pk = frame.set_index("id").loc["petrokazakhstan-acquisition-2005"]
    assert pk["amount"] == decimal.Decimal("4180000000")
    assert pk["investors"] == ["cnpci"]
    assert (pk["date_start"].date(), pk["date_end"].date()) == (
        dt.date(2005, 8, 22),
        dt.date(2005, 10, 26),
    )
    table = to_arrow(ds.records)
    assert table.schema.field("amount").type == pa.decimal128(38, 0)
    places = max(-int(r.stake.as_tuple().exponent) for r in ds.investments if r.stake is not None)
    assert table.schema.field("stake").type.scale == places
    row = (
        to_polars(ds.records).filter(pl.col("id") == "kashagan-stake-cnpc-2013").row(0, named=True)
    )
    assert row["stake"] == decimal.Decimal("0.0833")
    assert row["date_earliest"] == dt.date(2013, 9, 7)
    loan = to_polars(ds, table="aiddata").filter(pl.col("id") == "40234").row(0, named=True)
    assert loan["record_id"] == "cdb-dbk-loan-2009-04"


def _typed(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "decimal":
        return decimal.Decimal(value)
    return value


@settings(max_examples=30)
@given(datasets())
def test_frames_hold_the_rows(ds: Dataset) -> None:
    """Arrow and polars hold exactly the rows of every table, typed."""
    for name in TABLES:
        types = dict(_types(name))
        rows = [{c: _typed(types[c], v) for c, v in row.items()} for row in table_rows(ds, name)]
        assert to_arrow(ds, table=name).to_pylist() == rows, name
        assert to_polars(ds, table=name).to_dicts() == rows, name


def test_objects_make_their_tables() -> None:
    """Actors, places, holdings, sources and records each make their own table."""
    ds = kzcn_relations.dataset()
    made: list[tuple[Any, str]] = [
        (ds.actors, "actors"),
        (ds.places, "places"),
        (ds.holdings, "holdings"),
        (ds.sources, "sources"),
        (ds.records, "records"),
        (ds, "records"),
        (to_dicts(ds.records), "records"),
        (table_rows(ds, "shares"), "shares"),
    ]
    for objects, name in made:
        frame = to_pandas(objects)
        assert list(frame.columns) == list(TABLES[name]), name
        assert len(frame) == len(table_rows(ds, name)), name


def test_a_table_by_name_rows_or_objects() -> None:
    """A table's rows, the rows with table=, and the dataset with table= make the same table."""
    ds = kzcn_relations.dataset()
    for name in TABLES:
        table = to_arrow(ds, table=name)
        assert table.equals(to_arrow(table_rows(ds, name))), name
        assert table.equals(to_arrow(table_rows(ds, name), table=name)), name
        assert table.equals(to_arrow(ds, table=name)), name


def test_tables_of_some_objects() -> None:
    """table= builds a table of just the objects given: names of two actors, one record's actors."""
    ds = kzcn_relations.dataset()
    two = ds.actors[:2]
    names = to_pandas(two, table="names")
    assert list(names["actor_id"]) == [a.id for a in two for _ in a.names]
    assert list(names["text"]) == [n.text for a in two for n in a.names]
    record = ds.record("petrokazakhstan-acquisition-2005")
    links = to_pandas([record], table="record_actors")
    assert list(zip(links["role"], links["actor_id"], strict=True)) == [
        (role.value, a.id) for role, a in record.roles()
    ]


def test_empty_makes_an_empty_table_of_records() -> None:
    """An empty collection is no records, unless table= names another table."""
    assert list(to_pandas([]).columns) == list(COLUMNS)
    assert list(to_pandas((), table="holdings").columns) == list(TABLES["holdings"])
    assert to_csv([]) == ",".join(COLUMNS) + "\n"


def test_rows_say_which_table_they_are() -> None:
    """No two tables have the same columns, so rows alone name their table."""
    assert len({frozenset(c) for c in TABLES.values()}) == len(TABLES)


def _row() -> dict[str, Any]:
    return to_dicts([kzcn_relations.dataset().record("petrokazakhstan-acquisition-2005")])[0]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: to_csv("treaties"), InvalidValueError, "data: no table 'treaties'"),
        (lambda: to_csv("actors"), InvalidTypeError, "data: a table's name needs its dataset"),
        (lambda: to_csv([], table="nope"), InvalidValueError, "table: no table 'nope'"),
        (lambda: to_csv(42), InvalidTypeError, "data: expected records"),  # type: ignore[call-overload]
        (lambda: to_csv({"id": "x"}), InvalidTypeError, "data: expected records"),
        (lambda: to_csv([1, 2]), InvalidTypeError, r"data\[0\]: expected a record"),
        (
            lambda: to_csv([kzcn_relations.actor("kaz"), kzcn_relations.actor("chn").sources[0]]),
            InvalidTypeError,
            r"data\[1\]: the actors table needs Actor, got Source",
        ),
        (
            lambda: to_csv(kzcn_relations.dataset().actors, table="holdings"),
            InvalidTypeError,
            "the holdings table needs Holding",
        ),
        (lambda: to_csv([{"a": 1}]), InvalidValueError, "not a table's"),
        (
            lambda: to_csv([{"record_id": "x"}], table="record_places"),
            InvalidValueError,
            r"data\[0\]: a row of the record_places table lacks place_id",
        ),
        (
            lambda: to_arrow([{**_row(), "amount": "lots"}]),
            InvalidValueError,
            "amount: expected an exact decimal",
        ),
        (
            lambda: to_arrow([{**_row(), "date_end": "2005-13-01"}]),
            InvalidValueError,
            "date_end: expected a day",
        ),
        (
            lambda: to_arrow([{**_row(), "investors": "cnpci"}]),
            InvalidValueError,
            "investors: expected a list of texts",
        ),
        (lambda: table_rows("data", "actors"), InvalidTypeError, "dataset: expected a Dataset"),  # type: ignore[arg-type]
        (
            lambda: table_rows(kzcn_relations.dataset(), "people"),
            InvalidValueError,
            "name: no table 'people'; the tables are records, actors",
        ),
        (lambda: to_csv([], encoding="latin-1"), InvalidValueError, "encoding: expected 'utf-8'"),  # type: ignore[call-overload]
    ],
)
def test_bad_data_is_named(call: Any, error: type[Exception], message: str) -> None:
    """What was wrong is named in the library's own errors, never a bare KeyError."""
    with pytest.raises(error, match=message):
        call()


def _cells(row: dict[str, Any]) -> dict[str, str]:
    """A row as CSV cells: empty for missing, lists joined with ';', booleans lower case."""
    out = {}
    for column, value in row.items():
        if value is None:
            out[column] = ""
        elif isinstance(value, list):
            out[column] = ";".join(value)
        elif isinstance(value, bool):
            out[column] = "true" if value else "false"
        else:
            out[column] = str(value)
    return out


def _read(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or ()), rows


@given(datasets())
def test_csv_reads_back(ds: Dataset) -> None:
    """csv.DictReader reads back every table's rows under exactly one header row."""
    for name in TABLES:
        header, rows = _read(to_csv(ds, table=name))
        assert header == list(TABLES[name])
        assert rows == [_cells(r) for r in table_rows(ds, name)]


def test_csv_cells_of_the_packaged_records() -> None:
    """Lists are ';'-joined ids, never a Python list; dates are ISO; one header row."""
    ds = kzcn_relations.dataset()
    text = to_csv(ds.records)
    lines = list(csv.reader(io.StringIO(text, newline="")))
    assert lines[0] == list(COLUMNS) and lines.count(list(COLUMNS)) == 1
    assert len(lines) == len(ds) + 1
    _, rows = _read(text)
    for cells, row in zip(rows, to_dicts(ds.records), strict=True):
        for column in LIST_COLUMNS:
            assert not cells[column].startswith("["), (row["id"], column)
            assert cells[column].split(";") == (row[column] or [""]), (row["id"], column)
        for column in DATE_COLUMNS:
            assert cells[column] == "" or dt.date.fromisoformat(cells[column]), column
    pk = next(r for r in rows if r["id"] == "petrokazakhstan-acquisition-2005")
    assert (pk["investors"], pk["involved"]) == ("cnpci", "lukoil;ongc-videsh")


BOM = b"\xef\xbb\xbf"


def test_csv_for_excel(tmp_path: pathlib.Path) -> None:
    """utf-8-sig starts with one byte order mark, then the same UTF-8 CSV."""
    ds = kzcn_relations.dataset()
    path = write_csv(ds, tmp_path / "names.csv", table="names", encoding="utf-8-sig")
    raw = path.read_bytes()
    assert raw.startswith(BOM) and raw.count(BOM) == 1
    assert raw == to_csv(ds, table="names", encoding="utf-8-sig")
    text = to_csv(ds, table="names")
    assert raw[len(BOM) :] == text.encode() == to_csv(ds, table="names", encoding="utf-8")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        texts = {(r["actor_id"], r["text"]) for r in reader}
    assert reader.fieldnames == list(TABLES["names"])
    assert {("kaz", "Қазақстан Республикасы"), ("kaz", "哈萨克斯坦")} <= texts
    plain = write_csv(kzcn_relations.dataset().records, tmp_path / "records.csv")
    assert not plain.read_bytes().startswith(BOM)
    with open(plain, encoding="utf-8", newline="") as fh:
        assert list(csv.DictReader(fh)) == [
            _cells(r) for r in table_rows(kzcn_relations.dataset(), "records")
        ]


def test_write_csv_refuses_other_encodings(tmp_path: pathlib.Path) -> None:
    """Only UTF-8, with or without a BOM: other encodings cannot hold the names."""
    with pytest.raises(InvalidValueError, match="encoding"):
        write_csv([], tmp_path / "x.csv", encoding="cp1251")  # type: ignore[arg-type]
    assert not (tmp_path / "x.csv").exists()


def test_parquet_reads_back(tmp_path: pathlib.Path) -> None:
    """A Parquet file reads back equal to to_arrow, for records and other tables."""
    import pyarrow.parquet as pq

    ds = kzcn_relations.dataset()
    for data, name in [(ds.records, "records"), (ds.holdings, "holdings"), (ds.actors, "actors")]:
        path = to_parquet(data, tmp_path / f"{name}.parquet")
        assert path == tmp_path / f"{name}.parquet"
        assert pq.read_table(path).equals(to_arrow(data)), name
    table = to_arrow(ds, table="aiddata")
    assert pq.read_table(to_parquet(table, tmp_path / "aiddata.parquet")).equals(table)
    with pytest.raises(InvalidValueError, match="table"):
        to_parquet(table, tmp_path / "x.parquet", table="aiddata")


@pytest.mark.parametrize("module", ["pyarrow", "pyarrow.parquet"])
def test_parquet_missing_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path, module: str
) -> None:
    """Without pyarrow, to_parquet names the arrow extra."""
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingExtraError, match=r"kzcn-relations\[arrow\]") as info:
        to_parquet(kzcn_relations.dataset().records, tmp_path / "x.parquet")
    assert (info.value.module, info.value.extra) == (module, "arrow")
    assert not (tmp_path / "x.parquet").exists()


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
