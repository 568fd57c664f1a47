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

import decimal
import enum
import functools
import json
import types
import typing
from typing import Any

import attrs

from kzcn_relations import _iso, model
from kzcn_relations.model import (
    Actor,
    Agreement,
    Event,
    ExternalId,
    Investment,
    Money,
    Office,
    PartialDate,
    Source,
)

SCHEMA_ID = "urn:kzcn-relations:schema:dataset-1"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_REF_TYPES = {Actor: "actor-id", Source: "source-id"}
_DEF_NAMES = {
    Money: "money",
    Office: "office",
    ExternalId: "external-id",
    Source: "source",
    Actor: "actor",
    Event: "event",
    Agreement: "agreement",
    Investment: "investment",
}


def _validators(a: attrs.Attribute[Any]) -> list[Any]:
    v = a.validator
    if v is None:
        return []
    inner = getattr(v, "_validators", None)
    return list(inner) if inner is not None else [v]


def _names(a: attrs.Attribute[Any]) -> set[str]:
    """The names of a field's validators (closures report their factory)."""
    return {getattr(v, "__qualname__", "").split(".")[0] for v in _validators(a)}


def _string_for(a: attrs.Attribute[Any]) -> dict[str, Any]:
    names = _names(a)
    if "_slug" in names:
        return {"$ref": "#/$defs/slug"}
    if "_text" in names or "_optional_text" in names:
        return {"type": "string", "pattern": "\\S"}
    if "_country" in names:
        return {"$ref": "#/$defs/country"}
    if "_check_currency" in names:
        return {"$ref": "#/$defs/currency"}
    return {"type": "string"}


def _for_type(tp: Any, a: attrs.Attribute[Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [x for x in typing.get_args(tp) if x is not type(None)]
        (only,) = options
        return {"anyOf": [_for_type(only, a), {"type": "null"}]}
    if origin is tuple:
        item, _ = typing.get_args(tp)
        schema: dict[str, Any] = {"type": "array", "items": _for_type(item, a)}
        if any(getattr(v, "unique", False) for v in _validators(a)):
            schema["uniqueItems"] = True
        if any(getattr(v, "nonempty", False) for v in _validators(a)):
            schema["minItems"] = 1
        return schema
    if tp in _REF_TYPES:
        return {"$ref": f"#/$defs/{_REF_TYPES[tp]}"}
    if tp is PartialDate:
        return {"$ref": "#/$defs/date"}
    if tp is decimal.Decimal:
        if "_check_stake" in _names(a):
            return {"$ref": "#/$defs/fraction"}
        return {"$ref": "#/$defs/decimal"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if tp is str:
        return _string_for(a)
    if tp is int:
        return {"type": "integer"}
    if tp in _DEF_NAMES:
        return {"$ref": f"#/$defs/{_DEF_NAMES[tp]}"}
    msg = f"no JSON Schema for {tp!r}"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover


def _for_class(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, vars(model))
    properties: dict[str, Any] = {}
    required: list[str] = []
    for a in attrs.fields(cls):
        if not a.init:
            continue
        properties[a.name] = _for_type(hints[a.name], a)
        if a.name == "related":  # record ids: slugs, checked by the model
            properties[a.name]["items"] = {"$ref": "#/$defs/slug"}
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
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
        "actor-id": {"$ref": "#/$defs/slug", "description": "The id of an actor."},
        "source-id": {"$ref": "#/$defs/slug", "description": "The id of a source."},
        "date": {
            "type": "string",
            "description": "ISO 8601 date of year, month or day precision.",
            "pattern": "^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$",
        },
        "decimal": {
            "type": "string",
            "description": "An exact non-negative decimal, as text.",
            "pattern": "^[0-9]+(?:\\.[0-9]+)?$",
        },
        "fraction": {
            "type": "string",
            "description": "A fraction in (0, 1], as decimal text.",
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
            "records (events, agreements, investments) that refer to them "
            "by id."
        ),
        "type": "object",
        "properties": {
            "format": {"const": 1},
            "dataset_version": {"type": "string", "pattern": "\\S"},
            "title": {"type": "string"},
            "license": {"type": "string"},
            "actors": {"type": "array", "items": {"$ref": "#/$defs/actor"}},
            "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
            "agreements": {"type": "array", "items": {"$ref": "#/$defs/agreement"}},
            "investments": {"type": "array", "items": {"$ref": "#/$defs/investment"}},
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
