"""The SQLite export: keys that hold, full-text search, and tables that equal the dataset.

The packaged data pins the facts (foreign_key_check is empty, an FTS query
finds the uranium records, exact amounts); on generated datasets every table
is compared with a brute-force reading of the model.
"""

from __future__ import annotations

import collections
import contextlib
import decimal
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings

import kzcn_relations as kr
from kzcn_relations import (
    Agreement,
    Dataset,
    Event,
    Investment,
    KzcnRelationsError,
    PartialDate,
    Record,
    TradeFigure,
    _sqlite,
)
from kzcn_relations._sqlite import SCHEMA_VERSION, has_fts5, to_sqlite
from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError

from .strategies import datasets

D = decimal.Decimal
TYPE_NAMES = {
    Event: "event",
    Agreement: "agreement",
    Investment: "investment",
    TradeFigure: "trade",
}
TYPE_TABLES = {
    "events": Event,
    "agreements": Agreement,
    "investments": Investment,
    "trade": TradeFigure,
}


def connect(path: pathlib.Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    return db


@pytest.fixture(scope="module")
def packaged_path(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return to_sqlite(kr.dataset(), tmp_path_factory.mktemp("sqlite") / "kzcn.db")


@pytest.fixture
def db(packaged_path: pathlib.Path) -> Iterator[sqlite3.Connection]:
    conn = connect(packaged_path)
    yield conn
    conn.close()


def rows(db: sqlite3.Connection, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in db.execute(sql, params)]


def one(path: pathlib.Path, sql: str) -> tuple[Any, ...]:
    """The one row that *sql* selects from the database file at *path*."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        (row,) = rows(db, sql)
    return row


# -- the packaged data ---------------------------------------------------------------------------


def test_foreign_key_check_is_empty(db: sqlite3.Connection) -> None:
    """Every declared foreign key holds, and the file is sound."""
    assert rows(db, "PRAGMA foreign_key_check") == []
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_keys_are_declared(db: sqlite3.Connection) -> None:
    """Each table has a primary key; the links reference what they name."""
    tables = [r[0] for r in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table.startswith("records_fts"):
            continue
        assert any(c["pk"] for c in db.execute(f"PRAGMA table_info({table})")), table
    links = {
        (table, fk["from"], fk["table"], fk["to"])
        for table in tables
        if not table.startswith("records_fts")
        for fk in db.execute(f"PRAGMA foreign_key_list({table})")
    }
    assert {
        ("events", "id", "records", "id"),
        ("trade", "id", "records", "id"),
        ("record_actors", "record_id", "records", "id"),
        ("record_actors", "actor_id", "actors", "id"),
        ("record_places", "place_id", "places", "id"),
        ("record_sources", "source_id", "sources", "id"),
        ("related", "related_id", "records", "id"),
        ("shares", "record_id", "investments", "id"),
        ("ratifications", "party_id", "actors", "id"),
        ("aiddata", "record_id", "investments", "id"),
        ("holdings", "via", "investments", "id"),
        ("places", "within", "places", "id"),
        ("names", "place_id", "places", "id"),
    } <= links


def test_inserts_with_foreign_keys_on(packaged_path: pathlib.Path) -> None:
    """With enforcement on, a sound insert succeeds and a dangling one is refused."""
    db = sqlite3.connect(packaged_path, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN")
        db.execute("INSERT INTO records (id, type) VALUES ('my-visit', 'event')")
        db.execute(
            "INSERT INTO events (id, kind, date, date_precision, date_earliest, date_latest, "
            "period_start, period_end, title, summary, host_id, confidence, notes) VALUES "
            "('my-visit', 'visit', '2030', 'year', '2030-01-01', '2030-12-31', '2030-01-01', "
            "'2030-12-31', 'A visit', 'Made up.', 'kaz', 'low', '')"
        )
        db.execute(
            "INSERT INTO record_actors (record_id, record_type, role, actor_id, position) "
            "VALUES ('my-visit', 'event', 'participant', 'kaz', 0)"
        )
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            db.execute(
                "INSERT INTO record_actors (record_id, record_type, role, actor_id, position) "
                "VALUES ('my-visit', 'event', 'participant', 'nobody', 1)"
            )
        assert rows(db, "PRAGMA foreign_key_check") == []
        db.execute("ROLLBACK")
    finally:
        db.close()


@pytest.mark.parametrize("word", ["uranium", "pipeline", "loan"])
def test_full_text_search_equals_a_word_search(db: sqlite3.Connection, word: str) -> None:
    """An FTS query finds exactly the records whose title, summary or notes hold the word."""
    found = rows(db, "SELECT id FROM records_fts WHERE records_fts MATCH ?", word)
    pattern = re.compile(rf"\b{word}\b", re.IGNORECASE)
    expected = {
        r.id for r in kr.dataset().records if pattern.search(f"{r.title}\n{r.summary}\n{r.notes}")
    }
    assert len(found) == len(expected)
    assert {i for (i,) in found} == expected
    if word == "uranium":
        assert {"snurdc-zarechnoye-stake-2024", "cgn-semizbay-u-stake-2008"} <= expected


def test_every_record_in_one_type_table(db: sqlite3.Connection) -> None:
    """Each record id is in `records` and in exactly one type table, the one of its type."""
    ds = kr.dataset()
    seen = collections.Counter(
        i for table in TYPE_TABLES for (i,) in rows(db, f"SELECT id FROM {table}")
    )
    assert set(seen.values()) == {1}
    assert sorted(seen) == sorted(r.id for r in ds.records)
    typed = dict(rows(db, "SELECT id, type FROM records"))
    for table, cls in TYPE_TABLES.items():
        for (i,) in rows(db, f"SELECT id FROM {table}"):
            assert isinstance(ds.record(i), cls)
            assert typed[i] == TYPE_NAMES[cls]


def test_row_counts_equal_the_dataset(db: sqlite3.Connection) -> None:
    """Each table has one row per thing of the dataset."""
    ds = kr.dataset()
    investments, agreements = ds.investments, ds.agreements
    expected = {
        "records": len(ds.records),
        "events": len(ds.events),
        "agreements": len(agreements),
        "investments": len(investments),
        "trade": len(ds.trade_figures),
        "actors": len(ds.actors),
        "places": len(ds.places),
        "sources": len(ds.sources),
        "holdings": len(ds.holdings),
        "names": sum(len(a.names) for a in ds.actors) + sum(len(p.names) for p in ds.places),
        "offices": sum(len(a.offices) for a in ds.actors),
        "shares": sum(len(i.shares) for i in investments),
        "ratifications": sum(len(a.ratifications) for a in agreements),
        "aiddata": sum(len(i.aiddata) for i in investments),
        "external_ids": sum(len(r.external_ids) for r in ds.records),
        "record_actors": sum(len(r.roles()) for r in ds.records),
        "record_places": sum(len(r.places) for r in ds.records),
        "record_sources": sum(len(r.sources) for r in ds.records),
        "related": sum(len(r.related) for r in ds.records),
        "records_fts": len(ds.records),
        "records_all": len(ds.records),
        "record_actors_named": sum(len(r.roles()) for r in ds.records),
        "investments_named": len(investments),
        "holdings_named": len(ds.holdings),
        "agreements_parties": sum(len(a.parties) for a in agreements),
    }
    assert {t: rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in expected} == expected
    assert (len(ds.records), len(ds.investments)) == (255, 86)


def test_amounts_read_back_exactly(db: sqlite3.Connection) -> None:
    """Amounts are text that reads back as the very Decimal; none is stored as a number."""
    ds = kr.dataset()
    stored = {r["id"]: r for r in db.execute("SELECT * FROM investments")}
    with_amount = [i for i in ds.investments if i.amount is not None]
    assert len(with_amount) > 40
    for i in with_amount:
        assert i.amount is not None
        row = stored[i.id]
        assert (D(row["amount"]), row["currency"]) == (i.amount.amount, i.amount.currency)
    for t in ds.trade_figures:
        (row,) = db.execute("SELECT * FROM trade WHERE id = ?", (t.id,))
        assert D(row["turnover"]) == t.turnover.amount and row["currency"] == t.turnover.currency
    coded = {r["id"]: r["amount_2021usd"] for r in db.execute("SELECT * FROM aiddata")}
    assert D(coded["40234"]) == D("150201004.83")
    for table, column in [
        ("investments", "amount"),
        ("investments", "stake"),
        ("trade", "turnover"),
        ("trade", "to_china"),
        ("holdings", "fraction"),
        ("shares", "fraction"),
        ("aiddata", "amount_2021usd"),
    ]:
        kinds = {k for (k,) in rows(db, f"SELECT DISTINCT typeof({column}) FROM {table}")}
        assert kinds <= {"text", "null"}, (table, column)
    assert stored["petrokazakhstan-acquisition-2005"]["amount"] == "4180000000"


def test_meta_describes_the_file(db: sqlite3.Connection) -> None:
    """The meta table holds the dataset's title, version, licence and format."""
    from importlib.metadata import version

    ds = kr.dataset()
    meta = dict(rows(db, "SELECT key, value FROM meta"))
    assert meta["title"] == ds.title and meta["dataset_version"] == ds.version
    assert meta["license"] == "CC-BY-4.0" and meta["format"] == "2"
    assert meta["package_version"] == version("kzcn-relations")
    assert "table:investments" in meta and "REAL" in meta["money"]


def test_views_join_names(db: sqlite3.Connection) -> None:
    """The views give names beside ids, lists joined with '; ' in the record's order."""
    ds = kr.dataset()
    for i in ds.investments:
        (row,) = db.execute("SELECT * FROM investments_named WHERE id = ?", (i.id,))
        assert row["investor_ids"] == "; ".join(a.id for a in i.investors)
        assert row["investor_names"] == "; ".join(a.name for a in i.investors)
        assert row["target_name"] == (i.target.name if i.target else None)
        assert row["seller_name"] == (i.seller.name if i.seller else None)
    assert rows(
        db,
        "SELECT owner_id, fraction FROM holdings_named WHERE asset_id = 'mibv' ORDER BY owner_id",
    ) == [("cnpc-ed", "0.5"), ("kmg", "0.5")]
    charter = ds.record("sco-charter-2002")
    assert isinstance(charter, Agreement)
    parties = rows(
        db,
        "SELECT party_id, in_force FROM agreements_parties WHERE record_id = ? ORDER BY position",
        charter.id,
    )
    assert parties == [(a.id, "2003-09-19") for a in charter.parties]
    visit = ds.record("xi-jinping-state-visit-2013")
    named = rows(
        db,
        "SELECT role, actor_name, date FROM record_actors_named WHERE record_id = ? "
        "ORDER BY position",
        visit.id,
    )
    assert named == [(role.value, a.name, str(visit.date)) for role, a in visit.roles()]


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 shell on this machine")
def test_the_sqlite3_shell_opens_it(packaged_path: pathlib.Path) -> None:
    """The sqlite3 shell reads the file as it is, FTS and views included."""
    done = subprocess.run(
        [
            "sqlite3",
            str(packaged_path),
            "SELECT count(*) FROM records; PRAGMA foreign_key_check; "
            "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'uranium'; "
            "SELECT investor_names FROM investments_named "
            "WHERE id = 'petrokazakhstan-acquisition-2005';",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (found,) = one(
        packaged_path, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'uranium'"
    )
    assert done.stdout.split("\n")[:3] == ["255", str(found), "CNPC International Ltd"]


# -- files and arguments -------------------------------------------------------------------------


def small() -> Dataset:
    ds = kr.dataset()
    return ds.subset(ds.agreements_with("Kyrgyzstan"))


def test_refuses_an_existing_file(tmp_path: pathlib.Path) -> None:
    """An existing file is left alone unless overwrite=True replaces it."""
    path = tmp_path / "taken.db"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="exists; pass overwrite=True") as caught:
        to_sqlite(small(), path)
    assert caught.value.field == "path"
    assert path.read_text(encoding="utf-8") == "mine"
    assert to_sqlite(small(), path, overwrite=True) == path
    assert one(path, "SELECT count(*) FROM records") == (len(small()),)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.db"]  # no scratch file left
    with pytest.raises(InvalidValueError, match="is a directory"):
        to_sqlite(small(), tmp_path, overwrite=True)


class _Where:
    def __init__(self, path: str) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return self.path


def test_path_types(tmp_path: pathlib.Path) -> None:
    """A str, a pathlib.Path or any os.PathLike names the file; parents are created."""
    paths: list[str | os.PathLike[str]] = [
        str(tmp_path / "a.db"),
        tmp_path / "b.db",
        _Where(str(tmp_path / "c.db")),
    ]
    for i, path in enumerate(paths):
        written = to_sqlite(small(), path)
        assert isinstance(written, pathlib.Path)
        assert written == tmp_path / f"{'abc'[i]}.db"
        assert written.is_file()
    nested = to_sqlite(small(), tmp_path / "new" / "dir" / "d.db")
    assert nested.is_file()
    for bad in (b"x.db", 3, None):
        with pytest.raises(InvalidTypeError, match=r"^path: "):
            to_sqlite(small(), bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"^path: must not be empty"):
        to_sqlite(small(), "")
    with pytest.raises(InvalidTypeError, match=r"^overwrite: "):
        to_sqlite(small(), tmp_path / "e.db", overwrite="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^dataset: expected a Dataset"):
        to_sqlite(list(small()), tmp_path / "f.db")  # type: ignore[arg-type]
    assert not (tmp_path / "e.db").exists() and not (tmp_path / "f.db").exists()


def test_without_fts5_a_clear_error(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SQLite without FTS5 is a library error naming FTS5, and no file is written."""
    with contextlib.closing(sqlite3.connect(":memory:")) as memory:
        assert has_fts5(memory)
    monkeypatch.setattr(_sqlite, "has_fts5", lambda conn: False)
    with pytest.raises(KzcnRelationsError, match="lacks the FTS5 module"):
        to_sqlite(small(), tmp_path / "x.db")
    assert list(tmp_path.iterdir()) == []


# -- generated datasets --------------------------------------------------------------------------


def _date(row: sqlite3.Row, prefix: str) -> PartialDate | None:
    """The date in the four columns of *prefix*, checked to agree with each other."""
    text = row[prefix]
    if text is None:
        assert all(row[f"{prefix}_{s}"] is None for s in ("precision", "earliest", "latest"))
        return None
    date = PartialDate.parse(text)
    assert row[f"{prefix}_precision"] == date.precision.name.lower()
    assert row[f"{prefix}_earliest"] == date.earliest.isoformat()
    assert row[f"{prefix}_latest"] == date.latest.isoformat()
    return date


def _exact(text: str | None) -> D | None:
    assert text is None or isinstance(text, str)
    return None if text is None else D(text)


def _check_record(r: Any, row: sqlite3.Row) -> None:
    """The row of record *r* in its type table holds its fields."""
    assert (row["kind"], row["title"], row["summary"]) == (r.kind.value, r.title, r.summary)
    assert (row["confidence"], row["notes"]) == (r.confidence.value, r.notes)
    assert (_date(row, "date"), _date(row, "end")) == (r.date, r.end)
    assert (row["period_start"], row["period_end"]) == tuple(d.isoformat() for d in r.period)
    if isinstance(r, Event):
        assert row["host_id"] == (r.host.id if r.host else None)
    elif isinstance(r, Agreement):
        assert (_date(row, "in_force"), _date(row, "ended")) == (r.in_force, r.ended)
    elif isinstance(r, Investment):
        money = (r.amount.amount, r.amount.currency) if r.amount else (None, None)
        assert (_exact(row["amount"]), row["currency"]) == money
        assert (row["basis"], row["status"]) == (r.basis.value, r.status.value)
        assert (row["part_of"], _exact(row["stake"])) == (r.part_of, r.stake)
        for role in ("target", "seller", "guarantor"):
            actor = getattr(r, role)
            assert row[f"{role}_id"] == (actor.id if actor else None)
    else:
        assert row["reporter_id"] == (r.reporter.id if r.reporter else None)
        assert row["currency"] == r.turnover.currency
        for flow in ("turnover", "to_china", "to_kazakhstan"):
            money = getattr(r, flow)
            assert _exact(row[flow]) == (money.amount if money else None)


def _check_tables(ds: Dataset, db: sqlite3.Connection) -> None:
    """Every table of *db* equals a brute-force reading of *ds*."""
    records = ds.records
    assert rows(db, "PRAGMA foreign_key_check") == []
    types = TYPE_NAMES
    assert sorted(rows(db, "SELECT id, type FROM records")) == sorted(
        (r.id, types[type(r)]) for r in records
    )
    for table, cls in TYPE_TABLES.items():
        stored = {row["id"]: row for row in db.execute(f"SELECT * FROM {table}")}
        mine = [r for r in records if isinstance(r, cls)]
        assert sorted(stored) == sorted(r.id for r in mine)
        for r in mine:
            _check_record(r, stored[r.id])
    ordered = "ORDER BY record_id, position"
    actor_pairs = sorted(
        (r.id, i, types[type(r)], role.value, a.id)
        for r in records
        for i, (role, a) in enumerate(r.roles())
    )
    assert (
        rows(
            db,
            f"SELECT record_id, position, record_type, role, actor_id FROM record_actors {ordered}",
        )
        == actor_pairs
    )
    lists: list[tuple[str, str, Callable[[Record], list[Any]]]] = [
        ("record_places", "place_id", lambda r: [p.id for p in r.places]),
        ("record_sources", "source_id", lambda r: [s.id for s in r.sources]),
        ("related", "related_id", lambda r: list(r.related)),
        (
            "external_ids",
            "scheme, external_id",
            lambda r: [(e.scheme, e.id) for e in r.external_ids],
        ),
    ]
    for table, columns, items in lists:
        found = rows(db, f"SELECT record_id, position, {columns} FROM {table} {ordered}")
        expected = sorted(
            (r.id, i, *(x if isinstance(x, tuple) else (x,)))
            for r in records
            for i, x in enumerate(items(r))
        )
        assert found == expected, table
    investments = [r for r in records if isinstance(r, Investment)]
    agreements = [r for r in records if isinstance(r, Agreement)]
    assert [
        (a, p, i, _exact(f))
        for a, p, i, f in rows(
            db, f"SELECT record_id, position, investor_id, fraction FROM shares {ordered}"
        )
    ] == sorted(
        (r.id, k, x.investor.id, x.fraction) for r in investments for k, x in enumerate(r.shares)
    )
    ratified = [
        (row["record_id"], row["position"], row["party_id"], _date(row, "date"), row["instrument"])
        for row in db.execute(f"SELECT * FROM ratifications {ordered}")
    ]
    assert ratified == sorted(
        (r.id, k, x.party.id, x.date, x.instrument)
        for r in agreements
        for k, x in enumerate(r.ratifications)
    )
    coded = {row["id"]: row for row in db.execute("SELECT * FROM aiddata")}
    assert sorted(coded) == sorted(x.id for r in investments for x in r.aiddata)
    for r in investments:
        for k, x in enumerate(r.aiddata):
            row = coded[x.id]
            assert (row["record_id"], row["position"], row["flow_type"]) == (r.id, k, x.flow_type)
            assert (row["sector"], row["status"]) == (x.sector, x.status)
            assert (row["lender_type"], row["public_liability"]) == (
                x.lender_type,
                x.public_liability,
            )
            flag = row["recommended_for_aggregates"]
            assert (None if flag is None else bool(flag)) == x.recommended_for_aggregates
            assert _exact(row["amount_2021usd"]) == x.amount_2021usd
    assert sorted(rows(db, "SELECT id, title, summary, notes FROM records_fts")) == sorted(
        (r.id, r.title, r.summary, r.notes) for r in records
    )
    _check_actors_places_holdings(ds, db)


def _check_actors_places_holdings(ds: Dataset, db: sqlite3.Connection) -> None:
    assert rows(db, "SELECT id, name, kind, country, note FROM actors ORDER BY id") == sorted(
        (a.id, a.name, a.kind.value, a.country, a.note) for a in ds.actors
    )
    assert rows(
        db, "SELECT id, kind, name, country, within, note FROM places ORDER BY id"
    ) == sorted((p.id, p.kind.value, p.name, p.country, p.within, p.note) for p in ds.places)
    names = [
        (
            *(row["owner_type"], row["owner"], row["position"], row["actor_id"], row["place_id"]),
            *(row["text"], row["lang"], row["kind"], _date(row, "start"), _date(row, "end")),
        )
        for row in db.execute("SELECT * FROM names ORDER BY owner_type, owner, position")
    ]
    owners = [("actor", a.id, a.names) for a in ds.actors] + [
        ("place", p.id, p.names) for p in ds.places
    ]
    assert names == sorted(
        (
            *(
                kind,
                owner,
                i,
                owner if kind == "actor" else None,
                owner if kind == "place" else None,
            ),
            *(n.text, n.lang, n.kind.value, n.start, n.end),
        )
        for kind, owner, named in owners
        for i, n in enumerate(named)
    )
    offices = [
        (
            row["actor_id"],
            row["position"],
            row["title"],
            _date(row, "start"),
            _date(row, "end"),
            row["as_of"],
        )
        for row in db.execute("SELECT * FROM offices ORDER BY actor_id, position")
    ]
    assert offices == sorted(
        (a.id, i, o.title, o.start, o.end, ";".join(str(d) for d in o.as_of))
        for a in ds.actors
        for i, o in enumerate(a.offices)
    )
    holdings = [
        (
            *(row["id"], row["owner_id"], row["asset_id"], _exact(row["fraction"])),
            *(bool(row["control"]), _date(row, "start"), _date(row, "end"), row["via"]),
            *(row["confidence"], row["notes"]),
        )
        for row in db.execute("SELECT * FROM holdings ORDER BY id")
    ]
    assert holdings == sorted(
        (
            *(h.id, h.owner.id, h.asset.id, h.fraction, h.control, h.start, h.end, h.via),
            *(h.confidence.value, h.notes),
        )
        for h in ds.holdings
    )
    for owner, things in (("actor", ds.actors), ("place", ds.places), ("holding", ds.holdings)):
        found = rows(
            db, f"SELECT {owner}_id, position, source_id FROM {owner}_sources ORDER BY 1, 2"
        )
        assert found == sorted((x.id, i, s.id) for x in things for i, s in enumerate(x.sources))
    assert rows(db, "SELECT id, url, title, title_from FROM sources ORDER BY id") == sorted(
        (s.id, s.url, s.title, s.title_from.value) for s in ds.sources
    )


def test_the_packaged_tables_equal_the_dataset(db: sqlite3.Connection) -> None:
    """The brute-force comparison holds for the packaged data too."""
    _check_tables(kr.dataset(), db)


@settings(max_examples=40)
@given(datasets(max_records=8))
def test_tables_equal_any_dataset(ds: Dataset) -> None:
    """Whatever the dataset, its tables equal it and every foreign key holds."""
    with tempfile.TemporaryDirectory() as folder:
        path = to_sqlite(ds, os.path.join(folder, "generated.db"))
        db = connect(path)
        try:
            _check_tables(ds, db)
        finally:
            db.close()
