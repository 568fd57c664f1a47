"""A JSON Schema of the dataset file format, generated from the model.

:func:`build_schema` walks the attrs classes of :mod:`kzcn_relations.model`:
each field's type gives its JSON type, its validators give the constraints
(slugs, non-empty text, ISO codes, decimal strings), fields without a
default are required and no other key is allowed.  The generator ships in
the wheel, so the schema always matches the installed model;
:func:`kzcn_relations.json_schema` returns it and ``kzcn-relations schema``
prints it.

The schema checks the shape of a document; the loader checks more (that
references resolve, that ids are unique, that dates exist and spans do not
run backwards), so a document can pass the schema and still fail to load.
"""

from __future__ import annotations

import functools
import json
import types
import typing
from typing import Any

import attrs

from kzcn_relations import _iso
from kzcn_relations._jsonio import FORMAT
from kzcn_relations._validators import DECIMAL, LANGUAGE_TAG, SLUG, TupleOf, Validator, spec_of
from kzcn_relations.dates import PartialDate
from kzcn_relations.model import (
    RECORD_TYPES,
    Actor,
    Agreement,
    AidDataProject,
    Event,
    ExternalId,
    Holding,
    Investment,
    Money,
    Name,
    Office,
    Place,
    Ratification,
    Share,
    Source,
    TradeFigure,
    field_types,
)

SCHEMA_ID = f"urn:kzcn-relations:schema:dataset-{FORMAT}"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_REF_TYPES = {Actor: "actor-id", Source: "source-id", Place: "place-id"}
_DEF_NAMES = {
    Money: "money",
    Office: "office",
    ExternalId: "external-id",
    AidDataProject: "aiddata-project",
    Name: "name",
    Share: "share",
    Ratification: "ratification",
    Source: "source",
    Place: "place",
    Actor: "actor",
    Holding: "holding",
    Event: "event",
    Agreement: "agreement",
    Investment: "investment",
    TradeFigure: "trade-figure",
}


def _for_type(tp: Any, check: Validator | None) -> dict[str, Any]:
    """The schema of a value of type *tp* that *check* validates."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [x for x in typing.get_args(tp) if x is not type(None)]
        (only,) = options
        return {"anyOf": [_for_type(only, check), {"type": "null"}]}
    if origin is tuple:
        item, _ = typing.get_args(tp)
        if isinstance(check, TupleOf):
            return {"type": "array", "items": _for_type(item, check.item), **check.array_facts()}
        return {"type": "array", "items": _for_type(item, None)}
    own = check.schema() if check is not None else None
    if own is not None:
        return own
    if tp in _REF_TYPES:
        return {"$ref": f"#/$defs/{_REF_TYPES[tp]}"}
    if tp is PartialDate:
        return {"$ref": "#/$defs/date"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp in _DEF_NAMES:
        return {"$ref": f"#/$defs/{_DEF_NAMES[tp]}"}
    msg = f"no JSON Schema for {tp!r}"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover


def _for_class(cls: type) -> dict[str, Any]:
    hints = field_types(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for a in attrs.fields(cls):
        if not a.init:
            continue
        check = spec_of(a.validator)
        properties[a.name] = _for_type(hints[a.name], check)
        if a.default is attrs.NOTHING:
            required.append(a.name)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    return {
        "type": "object",
        "description": " ".join(doc.split()),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dataset document."""
    defs: dict[str, Any] = {
        "slug": {"type": "string", "pattern": f"^{SLUG.pattern}$"},
        "actor-id": {"$ref": "#/$defs/slug", "description": "The id of an actor."},
        "source-id": {"$ref": "#/$defs/slug", "description": "The id of a source."},
        "place-id": {"$ref": "#/$defs/slug", "description": "The id of a place."},
        "language": {
            "type": "string",
            "description": "A BCP 47 language tag such as kk, ru, zh-Hans or kk-Latn.",
            "pattern": f"^{LANGUAGE_TAG.pattern}$",
        },
        "date": {
            "type": "string",
            "description": "ISO 8601 date of year, month or day precision.",
            "pattern": "^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$",
        },
        "decimal": {
            "type": "string",
            "description": "An exact non-negative decimal, as text.",
            "pattern": f"^{DECIMAL.pattern}$",
        },
        "fraction": {
            "type": "string",
            "description": "A fraction in (0, 1], as decimal text.",
            # DECIMAL's grammar, limited to values in (0, 1]
            "pattern": "^(?:0\\.[0-9]*[1-9][0-9]*|1(?:\\.0+)?)$",
        },
        "country": {
            "enum": sorted(_iso.ALPHA3_TO_ALPHA2),
            "description": "ISO 3166-1 alpha-3 country code.",
        },
        "currency": {
            "enum": sorted(_iso.CURRENCIES),
            "description": "ISO 4217 currency code.",
        },
    }
    for cls, name in _DEF_NAMES.items():
        defs[name] = _for_class(cls)
    return {
        "$schema": _DRAFT,
        "$id": SCHEMA_ID,
        "title": "kzcn_relations dataset document",
        "description": (
            "A dataset of Kazakhstan–China relations: actors, sources and "
            "records (events, agreements, investments, trade figures), places "
            "and holdings that refer to them by id."
        ),
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "dataset_version": {"type": "string", "pattern": "\\S"},
            "title": {"type": "string"},
            "license": {"type": "string"},
            "actors": {"type": "array", "items": {"$ref": "#/$defs/actor"}},
            "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            "places": {"type": "array", "items": {"$ref": "#/$defs/place"}},
            **{
                cls.collection: {"type": "array", "items": {"$ref": f"#/$defs/{_DEF_NAMES[cls]}"}}
                for cls in RECORD_TYPES
            },
            "holdings": {"type": "array", "items": {"$ref": "#/$defs/holding"}},
        },
        "required": ["format", "dataset_version", "actors", "sources"],
        "additionalProperties": False,
        "$defs": defs,
    }


@functools.cache
def _cached() -> str:
    return json.dumps(build_schema(), ensure_ascii=False)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the dataset file format.

    A new dict on every call, so changing it changes nothing else.

    >>> schema = json_schema()
    >>> schema["$schema"], sorted(schema["properties"])[:3]
    ('https://json-schema.org/draft/2020-12/schema', ['actors', 'agreements', 'dataset_version'])
    """
    data: dict[str, Any] = json.loads(_cached())
    return data
