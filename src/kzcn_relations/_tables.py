"""CSV tables and the Frictionless data package.

``write_csv`` writes :func:`kzcn_relations.export.to_dicts` rows with the
standard :mod:`csv` module; list columns are joined with ``;`` (ids are slugs
and names hold no ``;``, so nothing is lost).  ``write_datapackage`` writes
the whole dataset as related CSV tables with a ``datapackage.json``
descriptor (Frictionless Data Package v1): typed schemas, primary and
foreign keys, licence, sources and the dataset version.
"""

from __future__ import annotations

import csv
import io
import json
import pathlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from kzcn_relations.export import COLUMNS, LIST_COLUMNS, to_dicts
from kzcn_relations.model import (
    KIND_VALUES,
    Actor,
    ActorKind,
    Confidence,
    Record,
    TitleFrom,
)

if TYPE_CHECKING:  # avoids an import cycle at run time
    from kzcn_relations._dataset import Dataset

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


def write_rows(out: TextIO, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """Write rows as CSV (header first) to a text stream."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])


def records_csv(records: Iterable[Record]) -> str:
    """Records as CSV text, one row per record, columns of ``to_dicts``."""
    out = io.StringIO()
    write_rows(out, COLUMNS, to_dicts(records))
    return out.getvalue()


def _actor_rows(actors: Iterable[Actor]) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind.value,
            "aliases": list(a.aliases),
            "country": a.country,
            "parent": a.parent.id if a.parent else None,
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
        elif column in ("amount", "stake"):
            fields.append(_field(column, "number", description="exact decimal"))
        elif column == "kind":
            fields.append(_field(column, constraints={"enum": sorted(KIND_VALUES)}))
        elif column == "confidence":
            fields.append(_field(column, constraints={"enum": [c.value for c in Confidence]}))
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


def write_datapackage(dataset: Dataset, directory: str | pathlib.Path) -> pathlib.Path:
    """Write the dataset as a Frictionless data package; return the descriptor path."""
    root = pathlib.Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    records = dataset.records
    tables: dict[str, tuple[Sequence[str], list[dict[str, Any]]]] = {
        "records": (COLUMNS, to_dicts(records)),
        "actors": (
            ("id", "name", "kind", "aliases", "country", "parent", "note", "sources"),
            _actor_rows(dataset.actors),
        ),
        "offices": (
            ("actor_id", "title", "start", "end", "as_of"),
            [
                {"actor_id": a.id, "title": o.title,
                 "start": str(o.start) if o.start else None,
                 "end": str(o.end) if o.end else None,
                 "as_of": [str(d) for d in o.as_of]}
                for a in dataset.actors for o in a.offices
            ],
        ),
        "sources": (
            ("id", "url", "title", "title_from"),
            [{"id": s.id, "url": s.url, "title": s.title, "title_from": s.title_from.value}
             for s in dataset.sources],
        ),
        "record_actors": (
            ("record_id", "role", "actor_id"),
            [{"record_id": r.id, "role": role, "actor_id": a.id}
             for r in records for role, a in _roles(r)],
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
        _resource("records", _records_schema(),
                  "One row per record (event, agreement, investment), flattened."),
        _resource("actors", {
            "fields": [
                _field("id", constraints={"required": True, "unique": True}),
                _field("name", constraints={"required": True}),
                _field("kind", constraints={"enum": [k.value for k in ActorKind]}),
                _field("aliases", description=f"a list, joined with '{SEPARATOR}'"),
                _field("country", description="ISO 3166-1 alpha-3"),
                _field("parent", description="id of the owning actor"),
                _field("note"),
                _field("sources", description=f"source ids, joined with '{SEPARATOR}'"),
            ],
            "primaryKey": ["id"],
            "foreignKeys": [fk("parent", "")],
        }, "States, companies, banks, organisations, people and infrastructure."),
        _resource("offices", {
            "fields": [_field("actor_id"), _field("title"), _field("start"),
                       _field("end"),
                       _field("as_of", description=f"dates, joined with '{SEPARATOR}'")],
            "foreignKeys": [fk("actor_id", "actors")],
        }, "Offices held by people, as the sources attest them."),
        _resource("sources", {
            "fields": [
                _field("id", constraints={"required": True, "unique": True}),
                _field("url", format="uri"),
                _field("title"),
                _field("title_from", constraints={"enum": [t.value for t in TitleFrom]}),
            ],
            "primaryKey": ["id"],
        }, "The public pages the records cite."),
        _resource("record_actors", {
            "fields": [_field("record_id"), _field("role"), _field("actor_id")],
            "primaryKey": ["record_id", "role", "actor_id"],
            "foreignKeys": [fk("record_id", "records"), fk("actor_id", "actors")],
        }, "Which actor has which role in which record."),
        _resource("record_sources", {
            "fields": [_field("record_id"), _field("source_id")],
            "primaryKey": ["record_id", "source_id"],
            "foreignKeys": [fk("record_id", "records"), fk("source_id", "sources")],
        }, "Which sources each record cites."),
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
    path.write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return path


#: record field -> role name in record_actors.csv
ROLES = {
    "participants": "participant",
    "parties": "party",
    "signatories": "signatory",
    "investors": "investor",
    "involved": "involved",
    "target": "target",
    "seller": "seller",
    "reporter": "reporter",
}


def _roles(record: Record) -> Iterable[tuple[str, Actor]]:
    for field, role in ROLES.items():
        value = getattr(record, field, None)
        if isinstance(value, tuple):
            for a in value:
                yield role, a
        elif value is not None:
            yield role, value
