"""Building the packaged dataset fast, without cattrs, when it is verified.

The packaged file is validated through the cattrs loader by the test suite
and whenever ``scripts/canonicalize.py`` rewrites it, which also pins its
size and CRC-32 in :mod:`kzcn_relations._packaged`.  At run time, a file
whose checksum matches is built here directly, so the first query need not
import cattrs at all; a file that does not match (edited, damaged) goes
through the full loader instead.

Nothing here lists fields: how each key of a document becomes a value is
derived from the model's attrs fields and their types (dates are parsed,
ids resolved, enums looked up by value, nested objects built the same way),
and every object is built by calling its class, so the model's validators
run on it exactly as they do under the cattrs loader.  A property test
checks that both ways build equal datasets.
"""

from __future__ import annotations

import decimal
import enum
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from kzcn_relations.dates import PartialDate
from kzcn_relations.model import (
    RECORD_TYPES,
    Actor,
    Holding,
    Place,
    Source,
    field_types,
    reference_fields,
)

Build = Callable[[Any], Any]


def _optional(tp: Any) -> Any:
    """The type inside ``X | None``, or *tp* itself."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if len(args) == 1 and type(None) in typing.get_args(tp):
        return args[0]
    return tp


class _Builder:
    """Builds the objects of one verified document."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.actors: dict[str, Actor] = {}
        self.sources: dict[str, Source] = {}
        self.places: dict[str, Place] = {}
        self.plans: dict[type, dict[str, Build]] = {}
        for s in doc["sources"]:
            source = self.build(Source, s)
            self.sources[source.id] = source
        for p in doc.get("places", ()):
            place = self.build(Place, p)
            self.places[place.id] = place
        for a in doc["actors"]:
            actor = self.build(Actor, a)
            self.actors[actor.id] = actor

    def actor(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def plan(self, cls: type) -> dict[str, Build]:
        """Key -> how to turn its JSON value into the field's value."""
        found = self.plans.get(cls)
        if found is None:
            refs = reference_fields(cls)
            types = field_types(cls)
            found = {}
            for a in attrs.fields(cls):
                if not a.init:
                    continue
                ref = refs.get(a.name)
                if ref == "actors":
                    found[a.name] = lambda ids: tuple([self.actor(i) for i in ids])
                elif ref == "actor":
                    found[a.name] = self.actor
                elif ref == "sources":
                    found[a.name] = lambda ids: tuple([self.sources[i] for i in ids])
                elif ref == "places":
                    found[a.name] = lambda ids: tuple([self.places[i] for i in ids])
                else:
                    found[a.name] = self.value(_optional(types[a.name]))
            self.plans[cls] = found
        return found

    def value(self, tp: Any) -> Build:
        """How to build a value of type *tp* from its JSON form."""
        if typing.get_origin(tp) is tuple:
            item = self.value(typing.get_args(tp)[0])
            return lambda items: tuple([item(x) for x in items])
        if tp is PartialDate:
            return PartialDate.parse
        if tp is decimal.Decimal:
            return decimal.Decimal
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return tp
        if attrs.has(tp):
            return lambda data: self.build(tp, data)
        return _same

    def build(self, cls: type, data: Mapping[str, Any]) -> Any:
        plan = self.plan(cls)
        return cls(**{k: None if v is None else plan[k](v) for k, v in data.items()})


def _same(value: Any) -> Any:
    return value


def build(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The constructor arguments of a Dataset, from a verified document."""
    builder = _Builder(doc)
    args: dict[str, Any] = {
        "actors": list(builder.actors.values()),
        "sources": list(builder.sources.values()),
        "places": list(builder.places.values()),
        "holdings": [builder.build(Holding, h) for h in doc.get("holdings", ())],
        "version": doc["dataset_version"],
        "title": doc.get("title", ""),
        "license": doc.get("license", ""),
    }
    for cls in RECORD_TYPES:
        args[cls.collection] = [builder.build(cls, r) for r in doc.get(cls.collection, ())]
    return args
