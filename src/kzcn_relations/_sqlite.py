"""The SQLite export: a whole dataset as one database file, with the standard ``sqlite3``.

:func:`to_sqlite` writes plain tables that the ``sqlite3`` shell, ``sqlite-utils`` and
Datasette open as they are: ``records`` (id, type) and one table per record type with its
columns, the link tables (``record_actors`` with the role, ``record_places``,
``record_sources``, ``related``...), ``actors``, ``places``, ``names``, ``holdings`` and
the rest, an FTS5 index ``records_fts``, views of the usual joins, and ``meta``.  A date is
four columns (ISO text, precision, first and last day); money is exact decimal TEXT, never
REAL.  Keys are declared and the file is written with foreign keys enforced.  The schema
below is the file's documentation: it is what ``sqlite_master`` shows.
"""

from __future__ import annotations

import collections
import contextlib
import decimal
import enum
import os
import pathlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kzcn_relations import vocabulary as voc
from kzcn_relations._shapes import is_dataset
from kzcn_relations.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    KzcnRelationsError,
    describe,
)
from kzcn_relations.model import (
    Actor,
    Agreement,
    Event,
    Investment,
    Money,
    PartialDate,
    Place,
    TradeFigure,
)

if TYPE_CHECKING:
    import sqlite3

    from kzcn_relations._shapes import DatasetLike as Dataset

__all__ = ["SCHEMA_VERSION", "has_fts5", "to_sqlite"]

#: The version of the database's layout, also its ``PRAGMA user_version``.
SCHEMA_VERSION = 1

#: record class -> (its table, its ``type`` in ``records``)
_TYPES: dict[type, tuple[str, str]] = {
    Event: ("events", "event"),
    Agreement: ("agreements", "agreement"),
    Investment: ("investments", "investment"),
    TradeFigure: ("trade", "trade"),
}

# The schema, as it shows in sqlite_master.  {dates_X} stands for the four columns of a
# date X, {Enum} for the values of an enumeration, {record} and {notes} for the columns
# that every record table starts and ends with.  A table's first comment describes it.
_SCHEMA = """
CREATE TABLE meta (  -- What this file holds: the dataset, its version and licence, each table
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE sources (  -- The public pages that records, actors, places and holdings cite
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  title_from TEXT NOT NULL CHECK (title_from IN {TitleFrom})
);
CREATE TABLE actors (  -- States, companies, banks, organisations, people, infrastructure
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,  -- the English name it is shown by
  kind TEXT NOT NULL CHECK (kind IN {ActorKind}),
  country TEXT,  -- ISO 3166-1 alpha-3
  note TEXT NOT NULL
);
CREATE TABLE places (  -- Places the records name
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN {PlaceKind}),
  name TEXT NOT NULL,  -- its current English name
  country TEXT,  -- ISO 3166-1 alpha-3
  within TEXT REFERENCES places (id),  -- the place that contains it
  note TEXT NOT NULL
);
CREATE TABLE names (  -- Names of actors and places, in a language, over a time
  owner_type TEXT NOT NULL CHECK (owner_type IN ('actor', 'place')),
  owner TEXT NOT NULL,  -- the actor's or the place's id
  position INTEGER NOT NULL,  -- the order of the owner's names, from 0
  actor_id TEXT REFERENCES actors (id),  -- the owner, if an actor
  place_id TEXT REFERENCES places (id),  -- the owner, if a place
  text TEXT NOT NULL,
  lang TEXT NOT NULL,  -- a BCP 47 tag; 'und' where the language was not stated
  kind TEXT NOT NULL CHECK (kind IN {NameKind}),
  {dates_start},
  {dates_end},  -- in use from start up to, not including, end
  PRIMARY KEY (owner_type, owner, position),
  CHECK (owner = coalesce(actor_id, place_id) AND (actor_id IS NULL) = (owner_type = 'place')
    AND (place_id IS NULL) = (owner_type = 'actor'))
);
CREATE TABLE offices (  -- Offices held by people, as the sources attest them
  actor_id TEXT NOT NULL REFERENCES actors (id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  {dates_start},
  {dates_end},
  as_of TEXT NOT NULL,  -- dates a source shows the person in office, joined with ';'
  PRIMARY KEY (actor_id, position)
);
CREATE TABLE records (  -- Every record once, with its type; the type's table has its columns
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN {types})
);
CREATE TABLE events (  -- Milestones, visits, summits, organisations' meetings, incidents
  id TEXT PRIMARY KEY REFERENCES records (id),
  kind TEXT NOT NULL CHECK (kind IN {EventKind}),
  {record},
  host_id TEXT REFERENCES actors (id),
  {notes}
);
CREATE TABLE agreements (  -- Treaties, agreements, joint statements, protocols, memoranda
  id TEXT PRIMARY KEY REFERENCES records (id),
  kind TEXT NOT NULL CHECK (kind IN {AgreementKind}),
  {record},
  {dates_in_force},
  {dates_ended},
  {notes}
);
CREATE TABLE investments (  -- Acquisitions, loans, credit lines, infrastructure, funds
  id TEXT PRIMARY KEY REFERENCES records (id),
  kind TEXT NOT NULL CHECK (kind IN {InvestmentKind}),
  {record},
  target_id TEXT REFERENCES actors (id),
  seller_id TEXT REFERENCES actors (id),
  guarantor_id TEXT REFERENCES actors (id),
  amount TEXT,  -- an exact decimal, as text (never REAL)
  currency TEXT,  -- ISO 4217
  basis TEXT NOT NULL CHECK (basis IN {Basis}),
  status TEXT NOT NULL CHECK (status IN {Status}),
  part_of TEXT REFERENCES records (id),  -- the record this is a tranche or part of
  stake TEXT,  -- the fraction acquired, an exact decimal as text
  {notes}
);
CREATE TABLE trade (  -- Kazakhstan-China trade for a period, as one side reports it
  id TEXT PRIMARY KEY REFERENCES records (id),
  kind TEXT NOT NULL CHECK (kind IN {TradeKind}),
  {record},
  reporter_id TEXT REFERENCES actors (id),
  turnover TEXT NOT NULL,  -- exact decimals, as text (never REAL), in currency
  to_china TEXT,
  to_kazakhstan TEXT,
  currency TEXT NOT NULL,  -- ISO 4217
  {notes}
);
CREATE TABLE holdings (  -- Who held what fraction of which asset, from start up to end
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES actors (id),
  asset_id TEXT NOT NULL REFERENCES actors (id),
  fraction TEXT,  -- an exact decimal, as text
  control INTEGER NOT NULL CHECK (control IN (0, 1)),  -- a subsidiary, fraction not given
  {dates_start},
  {dates_end},
  via TEXT REFERENCES investments (id),  -- the investment that created it
  confidence TEXT NOT NULL CHECK (confidence IN {Confidence}),
  notes TEXT NOT NULL
);
CREATE TABLE shares (  -- Each investor's part of an investment, where the sources state it
  record_id TEXT NOT NULL REFERENCES investments (id),
  investor_id TEXT NOT NULL REFERENCES actors (id),
  position INTEGER NOT NULL,
  fraction TEXT NOT NULL,  -- an exact decimal, as text
  PRIMARY KEY (record_id, investor_id)
);
CREATE TABLE ratifications (  -- Parties' ratifications of agreements, as the sources record
  record_id TEXT NOT NULL REFERENCES agreements (id),
  position INTEGER NOT NULL,
  party_id TEXT NOT NULL REFERENCES actors (id),
  {dates_date},
  instrument TEXT NOT NULL,  -- '' where not given
  PRIMARY KEY (record_id, position)
);
CREATE TABLE aiddata (  -- AidData's own coding of projects that are records, in its terms
  id TEXT PRIMARY KEY,  -- AidData's project id
  record_id TEXT NOT NULL REFERENCES investments (id),
  position INTEGER NOT NULL,
  flow_type TEXT NOT NULL,
  sector TEXT NOT NULL,
  status TEXT NOT NULL,  -- AidData's, not the record's
  recommended_for_aggregates INTEGER CHECK (recommended_for_aggregates IN (0, 1)),
  amount_2021usd TEXT,  -- constant 2021 USD, an exact decimal as text
  lender_type TEXT NOT NULL,
  public_liability TEXT NOT NULL
);
CREATE TABLE external_ids (  -- The same record in another dataset ('aiddata': a project id)
  record_id TEXT NOT NULL REFERENCES records (id),
  position INTEGER NOT NULL,
  scheme TEXT NOT NULL,
  external_id TEXT NOT NULL,
  PRIMARY KEY (scheme, external_id)
);
CREATE TABLE record_actors (  -- Which actor has which role in which record
  record_id TEXT NOT NULL REFERENCES records (id),
  record_type TEXT NOT NULL CHECK (record_type IN {types}),
  role TEXT NOT NULL CHECK (role IN {Role}),
  actor_id TEXT NOT NULL REFERENCES actors (id),
  position INTEGER NOT NULL,  -- the order of the record's (role, actor) pairs
  PRIMARY KEY (record_id, role, actor_id)
);
{links}
CREATE VIRTUAL TABLE records_fts USING fts5(  -- Titles, summaries and notes, for MATCH
  id UNINDEXED, title, summary, notes, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE INDEX record_actors_actor ON record_actors (actor_id);
CREATE INDEX record_places_place ON record_places (place_id);
CREATE INDEX record_sources_source ON record_sources (source_id);
CREATE INDEX related_related ON related (related_id);
CREATE INDEX holdings_owner ON holdings (owner_id);
CREATE INDEX holdings_asset ON holdings (asset_id);
CREATE VIEW records_all AS  -- The columns every record has, of every type
{records_all};
CREATE VIEW record_actors_named AS  -- Who had which role in each record, with names
SELECT ra.record_id, ra.record_type, r.date, r.title, ra.role, ra.actor_id,
  a.name AS actor_name, ra.position
FROM record_actors AS ra
JOIN records_all AS r ON r.id = ra.record_id
JOIN actors AS a ON a.id = ra.actor_id;
CREATE VIEW investments_named AS  -- Investments with the names of those in them
SELECT i.id, i.kind, i.date, i.title, i.amount, i.currency, i.basis, i.status, i.stake,
  i.part_of, {investor_ids} AS investor_ids, {investor_names} AS investor_names,
  i.target_id, t.name AS target_name, i.seller_id, s.name AS seller_name,
  i.guarantor_id, g.name AS guarantor_name
FROM investments AS i
LEFT JOIN actors AS t ON t.id = i.target_id
LEFT JOIN actors AS s ON s.id = i.seller_id
LEFT JOIN actors AS g ON g.id = i.guarantor_id;
CREATE VIEW holdings_named AS  -- Holdings with the owner's and the asset's names
SELECT h.id, h.owner_id, o.name AS owner_name, h.asset_id, a.name AS asset_name,
  h.fraction, h.control, h.start, h.end, h.via, h.confidence
FROM holdings AS h
JOIN actors AS o ON o.id = h.owner_id
JOIN actors AS a ON a.id = h.asset_id;
CREATE VIEW agreements_parties AS  -- One row per party to each agreement
SELECT g.id AS record_id, g.kind, g.date, g.title, ra.actor_id AS party_id,
  a.name AS party_name, a.country AS party_country, g.in_force, g.ended, ra.position
FROM agreements AS g
JOIN record_actors AS ra ON ra.record_id = g.id AND ra.role = 'party'
JOIN actors AS a ON a.id = ra.actor_id
"""

_LINK = """
CREATE TABLE {table} (  -- Which {noun} each {owner} {verb}
  {owner}_id TEXT NOT NULL REFERENCES {owners} (id),
  {column} TEXT NOT NULL REFERENCES {targets} (id),
  position INTEGER NOT NULL,
  PRIMARY KEY ({owner}_id, {column})
);"""
_LINKS = [  # table, owner, owner table, column, target table, noun, verb
    ("record_places", "record", "records", "place_id", "places", "places", "names"),
    ("record_sources", "record", "records", "source_id", "sources", "sources", "cites"),
    ("related", "record", "records", "related_id", "records", "records", "is linked to"),
    ("actor_sources", "actor", "actors", "source_id", "sources", "sources", "cites"),
    ("place_sources", "place", "places", "source_id", "sources", "sources", "cites"),
    ("holding_sources", "holding", "holdings", "source_id", "sources", "sources", "cites"),
]
_COMMON = (
    "kind, date, date_precision, date_earliest, date_latest, end, end_precision, end_earliest, "
    "end_latest, period_start, period_end, title, summary, confidence, notes"
)


def _dates(prefix: str) -> str:
    null = " NOT NULL" if prefix == "date" else ""
    check = f"{prefix}_precision IN ('year', 'month', 'day')"
    return (
        f"{prefix} TEXT{null},  -- ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD); its precision, "
        f"and the first and last day it may denote (ISO days)\n"
        f"  {prefix}_precision TEXT{null} CHECK ({check}),\n"
        f"  {prefix}_earliest TEXT{null},\n  {prefix}_latest TEXT{null}"
    )


def _sql_list(values: Iterable[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _joined(column: str) -> str:
    return (
        f"(SELECT group_concat(v, '; ') FROM (SELECT {column} AS v FROM record_actors AS ra "
        "JOIN actors AS a ON a.id = ra.actor_id WHERE ra.record_id = i.id "
        "AND ra.role = 'investor' ORDER BY ra.position))"
    )


def _statements() -> list[str]:
    """The statements that create the tables, the full-text index, the indexes and views."""
    enums: list[type[enum.Enum]] = [voc.ActorKind, voc.PlaceKind, voc.NameKind, voc.TitleFrom]
    enums += [voc.Confidence, voc.Role, voc.Basis, voc.Status, voc.EventKind]
    enums += [voc.AgreementKind, voc.InvestmentKind, voc.TradeKind]
    values = {e.__name__: _sql_list(str(m.value) for m in e) for e in enums}
    values["types"] = _sql_list(t for _, t in _TYPES.values())
    values |= {f"dates_{p}": _dates(p) for p in ("date", "end", "start", "in_force", "ended")}
    values["record"] = (
        f"{_dates('date')},\n  {_dates('end')},\n"
        "  period_start TEXT NOT NULL,  -- the first day the record may cover\n"
        "  period_end TEXT NOT NULL,  -- the last day\n  title TEXT NOT NULL,\n"
        "  summary TEXT NOT NULL"
    )
    values["notes"] = (
        f"confidence TEXT NOT NULL CHECK (confidence IN {values['Confidence']}),\n"
        "  notes TEXT NOT NULL  -- conflicts between sources; '' for none"
    )
    values["links"] = "".join(
        _LINK.format(table=t, owner=o, owners=os_, column=c, targets=ts, noun=n, verb=v)
        for t, o, os_, c, ts, n, v in _LINKS
    )
    values["records_all"] = "\nUNION ALL ".join(
        f"SELECT id, '{kind}' AS type, {_COMMON} FROM {table}" for table, kind in _TYPES.values()
    )
    values["investor_ids"], values["investor_names"] = _joined("a.id"), _joined("a.name")
    return [s.strip() for s in _SCHEMA.format(**values).split(";\n")]


def _descriptions() -> dict[str, str]:
    """Each table's and view's description: the comment on its first line."""
    found = re.findall(
        r"CREATE (?:VIRTUAL )?(?:TABLE|VIEW) (\w+).*?--\s*(.+)", "\n".join(_statements())
    )
    return dict(found)


# -- the rows: a column of an object's table is read from the attribute of its name


def _cell(obj: object, column: str) -> Any:
    """The value of *column* for *obj*: ``date_earliest``, ``target_id``, ``amount``..."""
    for part in ("precision", "earliest", "latest"):
        if column.endswith(f"_{part}"):
            date = getattr(obj, column.removesuffix(f"_{part}"))
            return None if date is None else str(getattr(date, part))
    if column.endswith("_id") and hasattr(obj, column[:-3]):
        actor = getattr(obj, column[:-3])
        return None if actor is None else actor.id
    value = getattr(obj, column)
    if isinstance(value, Money):
        value = value.amount
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, tuple):  # an office's as_of dates
        return ";".join(str(v) for v in value)
    if isinstance(value, enum.Enum):
        return value.value
    return int(value) if isinstance(value, bool) else value


def _row(obj: object, columns: Sequence[str], **given: Any) -> dict[str, Any]:
    return {c: given[c] if c in given else _cell(obj, c) for c in columns}


def _rows(ds: Dataset, cols: Mapping[str, Sequence[str]]) -> dict[str, list[dict[str, Any]]]:
    """Each table's rows."""
    rows: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    rows["meta"] = [{"key": k, "value": v} for k, v in _meta(ds).items()]
    rows["sources"] = [_row(s, cols["sources"]) for s in ds.sources]
    rows["actors"] = [_row(a, cols["actors"]) for a in ds.actors]
    rows["places"] = [_row(p, cols["places"]) for p in ds.places]
    rows["holdings"] = [_row(h, cols["holdings"]) for h in ds.holdings]
    named: tuple[Actor | Place, ...] = (*ds.actors, *ds.places)
    for x in named:
        kind = type(x).__name__.lower()
        ids = {"actor_id": None, "place_id": None, f"{kind}_id": x.id}
        owner = {"owner_type": kind, "owner": x.id, **ids}
        rows["names"] += [
            _row(n, cols["names"], position=i, **owner) for i, n in enumerate(x.names)
        ]
    for a in ds.actors:
        rows["offices"] += [
            _row(o, cols["offices"], actor_id=a.id, position=i) for i, o in enumerate(a.offices)
        ]
    links: list[tuple[str, str, list[tuple[str, str]]]] = []
    for thing in (*named, *ds.holdings):
        noun = type(thing).__name__.lower()
        pairs = [(thing.id, s.id) for s in thing.sources]
        links.append((f"{noun}_sources", f"{noun}_id", pairs))
    for r in ds.records:
        table, kind = _TYPES[type(r)]
        first, last = r.period
        money = getattr(r, "amount", None) or getattr(r, "turnover", None)
        rows["records"].append({"id": r.id, "type": kind})
        period = {"period_start": first.isoformat(), "period_end": last.isoformat()}
        rows[table].append(_row(r, cols[table], currency=money and money.currency, **period))
        rows["record_actors"] += [
            {"record_id": r.id, "record_type": kind, "role": role.value, "actor_id": a.id}
            | {"position": i}
            for i, (role, a) in enumerate(r.roles())
        ]
        links.append(("record_places", "record_id", [(r.id, p.id) for p in r.places]))
        links.append(("record_sources", "record_id", [(r.id, s.id) for s in r.sources]))
        links.append(("related", "record_id", [(r.id, x) for x in r.related]))
        rows["external_ids"] += [
            {"record_id": r.id, "position": i, "scheme": e.scheme, "external_id": e.id}
            for i, e in enumerate(r.external_ids)
        ]
        for table, items in (
            ("shares", getattr(r, "shares", ())),
            ("ratifications", getattr(r, "ratifications", ())),
            ("aiddata", getattr(r, "aiddata", ())),
        ):
            rows[table] += [
                _row(x, cols[table], record_id=r.id, position=i) for i, x in enumerate(items)
            ]
    for table, key, linked in links:
        other = cols[table][1]
        rows[table] += [{key: a, other: b, "position": i} for i, (a, b) in enumerate(linked)]
    return rows


def _meta(ds: Dataset) -> dict[str, str]:
    from importlib.metadata import version

    from kzcn_relations._jsonio import FORMAT

    return {
        "title": ds.title,
        "dataset_version": ds.version,
        "license": ds.license,
        "format": str(FORMAT),
        "package": "kzcn-relations",
        "package_version": version("kzcn-relations"),
        "schema_version": str(SCHEMA_VERSION),
        "money": "amounts and fractions are exact decimals stored as text; cast to REAL "
        "only for approximate arithmetic",
        **{f"table:{name}": text for name, text in _descriptions().items()},
    }


# -- writing


def has_fts5(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite build has the FTS5 full-text module."""
    import sqlite3

    if conn.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()[0]:
        return True
    try:  # built in some other way, or loaded as an extension
        conn.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    conn.execute("DROP TABLE temp.fts5_probe")
    return True


def _target(path: object, overwrite: object) -> pathlib.Path:
    if not isinstance(path, str | os.PathLike):
        raise InvalidTypeError("path", f"expected a str or a path, got {describe(path)}")
    name = os.fspath(path)
    if not isinstance(name, str):
        raise InvalidTypeError("path", f"expected a str path, got {describe(name)}")
    if not name:
        raise InvalidValueError("path", "must not be empty")
    if not isinstance(overwrite, bool):
        raise InvalidTypeError("overwrite", f"expected a bool, got {describe(overwrite)}")
    target = pathlib.Path(name)
    if target.is_dir():
        raise InvalidValueError("path", f"{name!r} is a directory, not a database file")
    if target.exists() and not overwrite:
        raise InvalidValueError("path", f"{name!r} exists; pass overwrite=True to replace it")
    return target


def to_sqlite(
    dataset: Dataset, path: str | os.PathLike[str], *, overwrite: bool = False
) -> pathlib.Path:
    """Write *dataset* as a new SQLite database file at *path*; return its path.

    One table per record type (``events``, ``agreements``, ``investments``,
    ``trade``) and a ``records`` table of every id, the link tables, an FTS5
    index ``records_fts`` of titles, summaries and notes, views of the usual
    joins and a ``meta`` table (see the SQLite page of the documentation).
    Amounts are exact decimals stored as text, never REAL.  An existing file is
    refused (:class:`~kzcn_relations.InvalidValueError`) unless *overwrite* is
    true; the file is written whole or not at all, and missing parent
    directories are created.  Needs an SQLite with FTS5, as Python's usually
    is: without it a :class:`~kzcn_relations.KzcnRelationsError` says so.

    >>> import sqlite3, tempfile, kzcn_relations as kr
    >>> path = to_sqlite(kr.dataset(), pathlib.Path(tempfile.mkdtemp()) / "kzcn.db")
    >>> db = sqlite3.connect(path)
    >>> db.execute("SELECT amount, currency FROM investments WHERE id = ?",
    ...            ("petrokazakhstan-acquisition-2005",)).fetchone()
    ('4180000000', 'USD')
    >>> db.execute("PRAGMA foreign_key_check").fetchall()
    []
    >>> db.close()
    """
    import sqlite3

    if not is_dataset(dataset):
        raise InvalidTypeError("dataset", f"expected a Dataset, got {describe(dataset)}")
    target = _target(path, overwrite)
    with contextlib.closing(sqlite3.connect(":memory:")) as probe:
        if not has_fts5(probe):
            raise KzcnRelationsError(
                f"the SQLite library of this Python ({sqlite3.sqlite_version}) lacks the FTS5 "
                "module that the export's full-text index needs; use a Python whose sqlite3 "
                "has FTS5 (most builds do)"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
    scratch.touch(exist_ok=False)  # an OSError naming the file if the folder is not writable
    try:
        with contextlib.closing(sqlite3.connect(scratch, isolation_level=None)) as db:
            _write(db, dataset)
        if target.exists() and not overwrite:  # appeared while writing
            raise InvalidValueError("path", f"{str(target)!r} exists; pass overwrite=True")
        os.replace(scratch, target)
    finally:
        scratch.unlink(missing_ok=True)
    return target


def _write(db: sqlite3.Connection, ds: Dataset) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN")
    db.execute("PRAGMA defer_foreign_keys = ON")  # checked at COMMIT
    for statement in _statements():
        db.execute(statement)
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    cols = {t: [c[1] for c in db.execute(f"PRAGMA table_info({t})")] for t in tables}
    for table, rows in _rows(ds, cols).items():
        columns = cols[table]
        db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)})",
            rows,
        )
    db.executemany(
        "INSERT INTO records_fts (id, title, summary, notes) VALUES (?, ?, ?, ?)",
        [(r.id, r.title, r.summary, r.notes) for r in ds.records],
    )
    db.execute("INSERT INTO records_fts (records_fts) VALUES ('optimize')")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.execute("COMMIT")
