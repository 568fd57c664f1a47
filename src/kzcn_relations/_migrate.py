"""Migrating documents of format 1 to format 2, in memory.

Format 2 (v0.2) moved meaning out of free text into structure; a format-1
document maps onto it as follows, and nothing in it is dropped:

- an actor's ``aliases`` become ``names`` in the undetermined language
  (``"und"``), since format 1 did not say which language a name is in;
- an actor's ``parent`` becomes a :class:`~kzcn_relations.Holding` of the
  actor by its parent, with no fraction and ``control`` set (format 1 said
  "owned by" without a share or dates), citing the actor's sources (or, if
  it cites none, its parent's);
- a record's free-text ``place`` becomes a :class:`~kzcn_relations.Place` of
  kind ``unspecified`` named by that text (one place per distinct text),
  and the record refers to it;
- events of kind ``trade`` become trade figures (the ``trade`` list) under
  the same ids, their ``amount`` the ``turnover``;
- investments get ``basis`` and ``status`` ``unknown`` (the defaults).

What cannot be migrated is reported as a :class:`Problem` with the path of
the format-1 document: an event other than a trade figure that has an
``amount`` or a ``reporter`` (format 2 has no such fields on events), a
trade event without an amount, and a parent link with no source to cite.
Problems met later, when the migrated document is read, are mapped back to
the paths of the format-1 document as well.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kzcn_relations.exceptions import Problem

__all__ = ["migrate", "original_path"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str, taken: set[str]) -> str:
    """A new slug for a place named *text*, not among *taken*."""
    base = _NOT_SLUG.sub("-", text.casefold()).strip("-")[:60].strip("-") or "place"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def migrate(doc: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem], dict[str, str]]:
    """A format-2 document from a format-1 *doc*, the problems, and a path map.

    The map takes a path prefix of the new document (``"$.trade[0]"``) to
    the path of the same value in *doc* (``"$.events[5]"``); see
    :func:`original_path`.  *doc* is not changed.
    """
    out: dict[str, Any] = dict(doc)
    out["format"] = 2
    problems: list[Problem] = []
    paths: dict[str, str] = {}
    for key in ("places", "holdings", "trade"):
        if key in out:  # format 2's own lists: a format-1 document has none
            del out[key]
            problems.append(Problem(f"$.{key}", f"unexpected key {key!r} in a format-1 document"))

    actors = doc.get("actors")
    holdings: list[dict[str, Any]] = []
    if isinstance(actors, list):
        by_id = {
            a.get("id"): a
            for a in actors
            if isinstance(a, Mapping) and isinstance(a.get("id"), str)
        }
        new_actors: list[Any] = []
        for i, item in enumerate(actors):
            if not isinstance(item, Mapping):
                new_actors.append(item)
                continue
            actor = dict(item)
            aliases = actor.pop("aliases", None)
            if isinstance(aliases, list):
                actor["names"] = [
                    {"text": a, "lang": "und"} if isinstance(a, str) else a for a in aliases
                ]
                paths[f"$.actors[{i}].names"] = f"$.actors[{i}].aliases"
            elif aliases is not None:
                actor["names"] = aliases
                paths[f"$.actors[{i}].names"] = f"$.actors[{i}].aliases"
            parent = actor.pop("parent", None)
            if parent is not None:
                ident = actor.get("id")
                cited = actor.get("sources") or (by_id.get(parent) or {}).get("sources")
                if not isinstance(parent, str) or not isinstance(ident, str):
                    actor["parent"] = parent  # reported by the reader as it stands
                elif not cited:
                    problems.append(
                        Problem(
                            f"$.actors[{i}].parent",
                            "a parent link becomes a holding, which must cite a source, "
                            f"and neither {ident!r} nor {parent!r} cites one",
                        )
                    )
                else:
                    paths[f"$.holdings[{len(holdings)}]"] = f"$.actors[{i}].parent"
                    holdings.append(
                        {
                            "id": f"{ident}-held-by-{parent}"[:120],
                            "owner": parent,
                            "asset": ident,
                            "control": True,
                            "sources": cited,
                            "confidence": "medium",
                            "notes": "A subsidiary link without a stated fraction or dates.",
                        }
                    )
            new_actors.append(actor)
        out["actors"] = new_actors
    if holdings:
        out["holdings"] = holdings

    places: list[dict[str, Any]] = []
    place_ids: dict[str, str] = {}
    taken: set[str] = set()

    def move_place(record: dict[str, Any], path: str, new: str) -> None:
        text = record.pop("place", None)
        if text is None:
            return
        if not isinstance(text, str) or not text.strip():
            record["place"] = text  # reported by the reader as it stands
            return
        found = place_ids.get(text)
        if found is None:
            found = place_ids[text] = _slug(text, taken)
            paths[f"$.places[{len(places)}]"] = f"{path}.place"
            places.append(
                {"id": found, "kind": "unspecified", "names": [{"text": text, "lang": "und"}]}
            )
        record["places"] = [found]
        paths[f"{new}.places"] = f"{path}.place"

    trade: list[Any] = []
    for key in ("events", "agreements", "investments"):
        items = doc.get(key)
        if not isinstance(items, list):
            continue
        kept: list[Any] = []
        for i, item in enumerate(items):
            path = f"$.{key}[{i}]"
            if not isinstance(item, Mapping):
                paths[f"$.{key}[{len(kept)}]"] = path
                kept.append(item)
                continue
            record = dict(item)
            to_trade = key == "events" and record.get("kind") == "trade"
            new = f"$.trade[{len(trade)}]" if to_trade else f"$.{key}[{len(kept)}]"
            move_place(record, path, new)
            if to_trade:
                if "amount" not in record:
                    problems.append(
                        Problem(
                            path, "a trade event without an amount cannot become a trade figure"
                        )
                    )
                    continue
                record["turnover"] = record.pop("amount")
                paths[f"$.trade[{len(trade)}].turnover"] = f"{path}.amount"
                paths[f"$.trade[{len(trade)}]"] = path
                trade.append(record)
                continue
            if key == "events":
                for old in ("amount", "reporter"):
                    if old in record:
                        problems.append(
                            Problem(
                                f"{path}.{old}",
                                f"only trade figures have {old!r} in format 2; this event "
                                f"is of kind {record.get('kind')!r}",
                            )
                        )
            paths[f"$.{key}[{len(kept)}]"] = path
            kept.append(record)
        out[key] = kept
    if places:
        out["places"] = places
    if trade:
        out["trade"] = trade
    return out, problems, paths


def original_path(path: str, paths: Mapping[str, str]) -> str:
    """*path* in the migrated document, as the path of the same value before.

    The longest prefix of *path* that *paths* maps (ending where a key or
    an index ends) is replaced.
    """
    best = ""
    for prefix in paths:
        if (
            path.startswith(prefix)
            and len(prefix) > len(best)
            and (len(path) == len(prefix) or path[len(prefix)] in ".[")
        ):
            best = prefix
    return paths[best] + path[len(best) :] if best else path
