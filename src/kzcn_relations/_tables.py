"""The data package's tables: their columns, types, keys and rows.

One :class:`Table` describes each table, and that one description serves
every output: the CSV files and typed schema of the data package, the rows
of :func:`kzcn_relations.export.table_rows` and the typed frames of
``to_pandas``, ``to_polars`` and ``to_arrow``.  The records table itself is
described in :mod:`kzcn_relations.export`, beside the flattening that makes
its rows; the tables here hold what a flat record row cannot: the entities
(actors, places, sources, holdings), their names and offices, and the
tidy links of records to actors, places and sources.

A table's rows are built from objects: ``actors`` and ``offices`` from
actors, ``names`` from actors and places, ``places``, ``sources`` and
``holdings`` from their own objects, and ``shares``, ``ratifications``,
``aiddata`` and the ``record_*`` links from records.
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from kzcn_relations.dates import PartialDate
from kzcn_relations.exceptions import InvalidTypeError, describe
from kzcn_relations.model import (
    RECORD_TYPES,
    Actor,
    AidDataProject,
    Holding,
    Place,
    Record,
    Source,
)
from kzcn_relations.vocabulary import ActorKind, Confidence, NameKind, PlaceKind, TitleFrom

__all__ = ["SEPARATOR", "TYPES", "Column", "Table"]

#: What joins a list's items in a CSV cell.
SEPARATOR = ";"

#: Column types: text, a day (``datetime.date``), an exact decimal, a boolean,
#: a list of texts.  Partial dates (``2005``, ``2005-08``) are text.
TYPES = ("text", "date", "decimal", "boolean", "list")

_FRICTIONLESS = {
    "text": "string",
    "date": "date",
    "decimal": "number",
    "boolean": "boolean",
    "list": "string",
}
_PARTIAL = "ISO 8601, reduced precision allowed"


@attrs.frozen
class Column:
    """A column: its *name*, its *type* (one of :data:`TYPES`) and what it holds."""

    name: str
    type: str = attrs.field(validator=attrs.validators.in_(TYPES))
    description: str = ""
    constraints: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    format: str = ""

    def field(self) -> dict[str, Any]:
        """The column's field in a Frictionless table schema."""
        out: dict[str, Any] = {"name": self.name, "type": _FRICTIONLESS[self.type]}
        description = self.description or {
            "decimal": "exact decimal",
            "list": f"a list, joined with '{SEPARATOR}'",
        }.get(self.type, "")
        if description:
            out["description"] = description
        if self.format:
            out["format"] = self.format
        if self.constraints:
            out["constraints"] = dict(self.constraints)
        return out


@attrs.frozen
class Table:
    """A table of the data package and how its rows are made.

    *of* are the classes of the objects its rows come from and *build*
    makes the rows of such objects; *foreign_keys* pairs a column with the
    table whose ``id`` it names (``""``: this table).
    """

    name: str
    description: str
    columns: tuple[Column, ...]
    of: tuple[type, ...]
    build: Callable[[Sequence[Any]], list[dict[str, Any]]] = attrs.field(eq=False)
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        """The columns' names, in order."""
        return tuple(c.name for c in self.columns)

    def rows(self, items: Iterable[Any], field: str = "data") -> list[dict[str, Any]]:
        """The rows of *items*, objects of the classes in :attr:`of`."""
        objects = list(items)
        for i, x in enumerate(objects):
            if not isinstance(x, self.of):
                kinds = " or ".join(c.__name__ for c in self.of)
                raise InvalidTypeError(
                    f"{field}[{i}]", f"the {self.name} table needs {kinds}, got {describe(x)}"
                )
        return self.build(objects)

    def resource(self) -> dict[str, Any]:
        """The table's resource in a Frictionless data package descriptor."""
        schema: dict[str, Any] = {"fields": [c.field() for c in self.columns]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": resource, "fields": "id"}}
                for column, resource in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": self.description,
            "schema": schema,
        }


def iso(value: PartialDate | None) -> str | None:
    """A partial date's ISO text, or None."""
    return None if value is None else str(value)


def decimal_text(value: decimal.Decimal | None) -> str | None:
    """An exact decimal as plain text (no exponent), or None."""
    return None if value is None else format(value, "f")


#: The keys of one AidData project in the records' ``aiddata`` column's JSON text.
AIDDATA_KEYS: tuple[str, ...] = tuple(a.name for a in attrs.fields(AidDataProject))


def aiddata_dict(project: AidDataProject) -> dict[str, Any]:
    """One AidData project as a JSON-ready object."""
    return {
        "id": project.id,
        "flow_type": project.flow_type,
        "sector": project.sector,
        "status": project.status,
        "recommended_for_aggregates": project.recommended_for_aggregates,
        "amount_2021usd": decimal_text(project.amount_2021usd),
        "lender_type": project.lender_type,
        "public_liability": project.public_liability,
    }


def aiddata_json(projects: Sequence[AidDataProject]) -> str:
    """AidData's coding of a record's projects as one JSON text (a list of objects)."""
    return json.dumps([aiddata_dict(p) for p in projects], ensure_ascii=False)


def _text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, "text") for n in names)


def _id() -> Column:
    return Column("id", "text", constraints={"required": True, "unique": True})


def _enum(name: str, values: Iterable[Any]) -> Column:
    return Column(name, "text", constraints={"enum": [v.value for v in values]})


def _sources() -> Column:
    return Column("sources", "list", f"source ids, joined with '{SEPARATOR}'")


def _ids(objects: Iterable[Source]) -> list[str]:
    return [s.id for s in objects]


def _actors(actors: Sequence[Actor]) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind.value,
            "country": a.country,
            "note": a.note,
            "sources": _ids(a.sources),
        }
        for a in actors
    ]


def _places(places: Sequence[Place]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "kind": p.kind.value,
            "name": p.name,
            "country": p.country,
            "within": p.within,
            "note": p.note,
            "sources": _ids(p.sources),
        }
        for p in places
    ]


def _names(named: Sequence[Actor | Place]) -> list[dict[str, Any]]:
    return [
        {
            "actor_id": x.id if isinstance(x, Actor) else None,
            "place_id": x.id if isinstance(x, Place) else None,
            "text": n.text,
            "lang": n.lang,
            "kind": n.kind.value,
            "start": iso(n.start),
            "end": iso(n.end),
        }
        for x in named
        for n in x.names
    ]


def _offices(actors: Sequence[Actor]) -> list[dict[str, Any]]:
    return [
        {
            "actor_id": a.id,
            "title": o.title,
            "start": iso(o.start),
            "end": iso(o.end),
            "as_of": [str(d) for d in o.as_of],
        }
        for a in actors
        for o in a.offices
    ]


def _sources_rows(sources: Sequence[Source]) -> list[dict[str, Any]]:
    return [
        {"id": s.id, "url": s.url, "title": s.title, "title_from": s.title_from.value}
        for s in sources
    ]


def _holdings(holdings: Sequence[Holding]) -> list[dict[str, Any]]:
    return [
        {
            "id": h.id,
            "owner_id": h.owner.id,
            "asset_id": h.asset.id,
            "fraction": decimal_text(h.fraction),
            "control": h.control,
            "start": iso(h.start),
            "end": iso(h.end),
            "via": h.via,
            "sources": _ids(h.sources),
            "confidence": h.confidence.value,
            "notes": h.notes,
        }
        for h in holdings
    ]


def _shares(records: Sequence[Record]) -> list[dict[str, Any]]:
    return [
        {"record_id": r.id, "investor_id": x.investor.id, "fraction": decimal_text(x.fraction)}
        for r in records
        for x in getattr(r, "shares", ())
    ]


def _ratifications(records: Sequence[Record]) -> list[dict[str, Any]]:
    return [
        {"record_id": r.id, "party_id": x.party.id, "date": str(x.date), "instrument": x.instrument}
        for r in records
        for x in getattr(r, "ratifications", ())
    ]


def _aiddata(records: Sequence[Record]) -> list[dict[str, Any]]:
    rows = []
    for r in records:
        for x in getattr(r, "aiddata", ()):
            project = aiddata_dict(x)
            rows.append({"id": project.pop("id"), "record_id": r.id, **project})
    return rows


def _record_actors(records: Sequence[Record]) -> list[dict[str, Any]]:
    return [
        {"record_id": r.id, "role": role.value, "actor_id": a.id}
        for r in records
        for role, a in r.roles()
    ]


def _record_places(records: Sequence[Record]) -> list[dict[str, Any]]:
    return [{"record_id": r.id, "place_id": p.id} for r in records for p in r.places]


def _record_sources(records: Sequence[Record]) -> list[dict[str, Any]]:
    return [{"record_id": r.id, "source_id": s.id} for r in records for s in r.sources]


_FRACTION = "exact decimal in (0, 1]"

#: Every table but the records, in the data package's order.
TABLES: tuple[Table, ...] = (
    Table(
        "actors",
        "States, companies, banks, organisations, people and infrastructure.",
        (
            _id(),
            Column("name", "text", constraints={"required": True}),
            _enum("kind", ActorKind),
            Column("country", "text", "ISO 3166-1 alpha-3"),
            Column("note", "text"),
            _sources(),
        ),
        (Actor,),
        _actors,
        primary_key=("id",),
    ),
    Table(
        "places",
        "Places the records name.",
        (
            _id(),
            _enum("kind", PlaceKind),
            Column("name", "text", "the current English name"),
            Column("country", "text", "ISO 3166-1 alpha-3"),
            Column("within", "text", "id of the place that contains it"),
            Column("note", "text"),
            _sources(),
        ),
        (Place,),
        _places,
        primary_key=("id",),
        foreign_keys=(("within", ""),),
    ),
    Table(
        "names",
        "Names of actors and places in other languages, and places' names over time.",
        (
            *_text("actor_id", "place_id"),
            Column("text", "text", constraints={"required": True}),
            Column("lang", "text", "BCP 47 language tag"),
            _enum("kind", NameKind),
            Column("start", "text", _PARTIAL),
            Column("end", "text", _PARTIAL),
        ),
        (Actor, Place),
        _names,
        foreign_keys=(("actor_id", "actors"), ("place_id", "places")),
    ),
    Table(
        "offices",
        "Offices held by people, as the sources attest them.",
        (
            *_text("actor_id", "title"),
            Column("start", "text", _PARTIAL),
            Column("end", "text", _PARTIAL),
            Column("as_of", "list", f"dates, joined with '{SEPARATOR}'"),
        ),
        (Actor,),
        _offices,
        foreign_keys=(("actor_id", "actors"),),
    ),
    Table(
        "sources",
        "The public pages the records cite.",
        (
            _id(),
            Column("url", "text", format="uri"),
            Column("title", "text"),
            _enum("title_from", TitleFrom),
        ),
        (Source,),
        _sources_rows,
        primary_key=("id",),
    ),
    Table(
        "holdings",
        "Who held what fraction of which asset, and when.",
        (
            _id(),
            *_text("owner_id", "asset_id"),
            Column("fraction", "decimal", _FRACTION),
            Column("control", "boolean"),
            Column("start", "text", _PARTIAL),
            Column("end", "text", _PARTIAL),
            Column("via", "text", "id of the investment that created it"),
            _sources(),
            _enum("confidence", Confidence),
            Column("notes", "text"),
        ),
        (Holding,),
        _holdings,
        primary_key=("id",),
        foreign_keys=(("owner_id", "actors"), ("asset_id", "actors"), ("via", "records")),
    ),
    Table(
        "shares",
        "Each investor's part of an investment, where the sources state it.",
        (*_text("record_id", "investor_id"), Column("fraction", "decimal", _FRACTION)),
        RECORD_TYPES,
        _shares,
        primary_key=("record_id", "investor_id"),
        foreign_keys=(("record_id", "records"), ("investor_id", "actors")),
    ),
    Table(
        "ratifications",
        "Each party's ratification of an agreement, where the sources record it.",
        (
            *_text("record_id", "party_id"),
            Column("date", "text", _PARTIAL),
            Column("instrument", "text"),
        ),
        RECORD_TYPES,
        _ratifications,
        foreign_keys=(("record_id", "records"), ("party_id", "actors")),
    ),
    Table(
        "aiddata",
        "AidData's own coding of the projects that are records here, in AidData's terms.",
        (
            _id(),
            *_text("record_id", "flow_type", "sector", "status"),
            Column("recommended_for_aggregates", "boolean"),
            Column("amount_2021usd", "decimal", "exact decimal, constant 2021 USD"),
            *_text("lender_type", "public_liability"),
        ),
        RECORD_TYPES,
        _aiddata,
        primary_key=("id",),
        foreign_keys=(("record_id", "records"),),
    ),
    Table(
        "record_actors",
        "Which actor has which role in which record.",
        _text("record_id", "role", "actor_id"),
        RECORD_TYPES,
        _record_actors,
        primary_key=("record_id", "role", "actor_id"),
        foreign_keys=(("record_id", "records"), ("actor_id", "actors")),
    ),
    Table(
        "record_places",
        "Which places each record names.",
        _text("record_id", "place_id"),
        RECORD_TYPES,
        _record_places,
        primary_key=("record_id", "place_id"),
        foreign_keys=(("record_id", "records"), ("place_id", "places")),
    ),
    Table(
        "record_sources",
        "Which sources each record cites.",
        _text("record_id", "source_id"),
        RECORD_TYPES,
        _record_sources,
        primary_key=("record_id", "source_id"),
        foreign_keys=(("record_id", "records"), ("source_id", "sources")),
    ),
)
