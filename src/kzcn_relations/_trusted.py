"""Building the packaged dataset fast, without cattrs, when it is verified.

The packaged file is validated through the cattrs loader by the test suite
and whenever ``scripts/canonicalize.py`` rewrites it, which also pins its
size and CRC-32 in :mod:`kzcn_relations._packaged`.  At run time, a file whose
checksum matches is built here directly — the model's own validators still
run on every object — so the first query need not import cattrs at all.  A
file that does not match (edited, damaged) goes through the full loader
instead.  A test checks that both ways build equal datasets.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from typing import Any

from kzcn_relations.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    Confidence,
    Event,
    EventKind,
    ExternalId,
    Investment,
    InvestmentKind,
    Money,
    Office,
    PartialDate,
    Source,
    TitleFrom,
)

_KINDS: dict[type, Callable[[str], Any]] = {
    Event: EventKind,
    Agreement: AgreementKind,
    Investment: InvestmentKind,
    Actor: ActorKind,
}


def build(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The constructor arguments of a Dataset, from a verified document."""
    parse = PartialDate.parse
    sources = {
        s["id"]: Source(
            id=s["id"], url=s["url"], title=s["title"],
            title_from=TitleFrom(s.get("title_from", "page")),
        )
        for s in doc["sources"]
    }
    raw_actors = {a["id"]: a for a in doc["actors"]}
    actors: dict[str, Actor] = {}

    def actor(actor_id: str) -> Actor:
        found = actors.get(actor_id)
        if found is None:
            found = actors[actor_id] = _make(Actor, raw_actors[actor_id])
        return found

    def many(ids: list[str]) -> tuple[Actor, ...]:
        return tuple(actor(i) for i in ids)

    def office(data: Mapping[str, Any]) -> Office:
        return Office(
            title=data["title"],
            start=parse(data["start"]) if data.get("start") else None,
            end=parse(data["end"]) if data.get("end") else None,
            as_of=tuple(parse(d) for d in data.get("as_of", ())),
        )

    convert: dict[str, Callable[[Any], Any]] = {
        "date": parse, "end": parse, "in_force": parse,
        "participants": many, "parties": many, "signatories": many,
        "investors": many, "involved": many,
        "target": actor, "seller": actor, "reporter": actor, "parent": actor,
        "sources": lambda ids: tuple(sources[i] for i in ids),
        "amount": lambda m: Money(decimal.Decimal(m["amount"]), m["currency"]),
        "stake": decimal.Decimal,
        "confidence": Confidence,
        "aliases": tuple, "related": tuple,
        "external_ids": lambda items: tuple(ExternalId(**e) for e in items),
        "offices": lambda items: tuple(office(o) for o in items),
    }

    def _make(cls: type, data: Mapping[str, Any]) -> Any:
        kind = _KINDS[cls]
        args = {
            key: kind(value) if key == "kind"
            else convert[key](value) if key in convert and value is not None
            else value
            for key, value in data.items()
        }
        return cls(**args)

    for actor_id in raw_actors:
        actor(actor_id)
    return {
        "actors": list(actors.values()),
        "sources": list(sources.values()),
        "events": [_make(Event, r) for r in doc.get("events", ())],
        "agreements": [_make(Agreement, r) for r in doc.get("agreements", ())],
        "investments": [_make(Investment, r) for r in doc.get("investments", ())],
        "version": doc["dataset_version"],
        "title": doc.get("title", ""),
        "license": doc.get("license", ""),
    }
