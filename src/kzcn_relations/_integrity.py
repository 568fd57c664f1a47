"""Cross-object checks of a dataset: unique ids, references that resolve, sound links.

:func:`check` returns every :class:`Problem` it finds, each with the JSON
path of the offending value *in the order the caller gave* (the position
in the user's file), never an index into a sorted copy.  Besides ids and
references it checks the rules that span objects: ``part_of`` and
``within`` links lead somewhere and never round in a cycle, an external
id (``aiddata:53545``) identifies one record only, holdings
never form an ownership cycle, and the holdings of one asset never add up
to more than the whole on any day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from kzcn_relations.exceptions import Problem, describe
from kzcn_relations.model import (
    RECORD_TYPES,
    Actor,
    Holding,
    Investment,
    Place,
    Record,
    Source,
    actor_fields,
)


def _unique_by_id(
    items: list[Any],
    cls: type[Actor] | type[Source] | type[Place] | type[Holding],
    key: str,
    problems: list[Problem],
) -> dict[str, Any]:
    """Items of *cls* by id; wrong types and repeated ids become problems."""
    first: dict[str, int] = {}
    found: dict[str, Any] = {}
    for i, item in enumerate(items):
        if not isinstance(item, cls):
            found_type = type(item).__name__
            problems.append(Problem(f"$.{key}[{i}]", f"expected {cls.__name__}, got {found_type}"))
        elif item.id in first:
            problems.append(Problem.duplicate(key, i, item.id, first[item.id]))
        else:
            first[item.id] = i
            found[item.id] = item
    return found


def check(
    actors: list[Actor],
    sources: list[Source],
    by_kind: dict[str, list[Record]],
    places: list[Place] | None = None,
    holdings: list[Holding] | None = None,
    *,
    resolved: bool = False,
) -> list[Problem]:
    """Cross-object checks: unique ids, resolving references, sound links.

    *resolved*: the loader made every reference from these very lists, so
    the (costly) check that they point into them is skipped.
    """
    places = places or []
    holdings = holdings or []
    problems: list[Problem] = []
    known_actors = _unique_by_id(actors, Actor, "actors", problems)
    known_sources = _unique_by_id(sources, Source, "sources", problems)
    known_places = _unique_by_id(places, Place, "places", problems)

    def check_actor(a: Actor | None, path: str) -> None:
        if a is None or resolved:
            return
        known = known_actors.get(a.id)
        if known is not a and known != a:
            problems.append(Problem(path, f"actor {a.id!r} is not among the dataset's actors"))

    def check_members(
        items: tuple[Source | Place, ...],
        known_items: dict[str, Any],
        field: str,
        path: str,
    ) -> None:
        if resolved:
            return
        noun = field.removesuffix("s")
        for j, x in enumerate(items):
            known = known_items.get(x.id)
            if known is not x and known != x:
                problems.append(
                    Problem(
                        f"{path}.{field}[{j}]",
                        f"{noun} {x.id!r} is not among the dataset's {field}",
                    )
                )

    def check_sources(items: tuple[Source, ...], path: str) -> None:
        check_members(items, known_sources, "sources", path)

    def check_places(items: tuple[Place, ...], path: str) -> None:
        check_members(items, known_places, "places", path)

    for i, a in enumerate(actors):
        if isinstance(a, Actor):
            check_sources(a.sources, f"$.actors[{i}]")
    for i, p in enumerate(places):
        if not isinstance(p, Place):
            continue
        check_sources(p.sources, f"$.places[{i}]")
        if p.within is not None and p.within not in known_places:
            problems.append(
                Problem(f"$.places[{i}].within", f"{p.within!r} is not the id of any place")
            )
    problems.extend(
        _cycles(
            {p.id: [p.within] for p in places if isinstance(p, Place) and p.within},
            {p.id: f"$.places[{i}].within" for i, p in enumerate(places) if isinstance(p, Place)},
            "places lie within each other",
        )
    )

    record_ids: dict[str, tuple[str, int]] = {}
    for key, records in by_kind.items():
        for i, r in enumerate(records):
            if not isinstance(r, RECORD_TYPES) or r.collection != key:
                problems.append(Problem(f"$.{key}[{i}]", f"not a record of {key}: {describe(r)}"))
                continue
            first = record_ids.setdefault(r.id, (key, i))
            if first != (key, i):
                problems.append(
                    Problem(
                        f"$.{key}[{i}].id",
                        f"duplicate id {r.id!r} (first used at $.{first[0]}[{first[1]}])",
                    )
                )
            if resolved:
                continue
            path = f"$.{key}[{i}]"
            check_sources(r.sources, path)
            check_places(r.places, path)
            for f in actor_fields(type(r)):
                value = getattr(r, f.name)
                if f.many:
                    for j, a in enumerate(value):
                        check_actor(a, f"{path}.{f.name}[{j}]")
                else:
                    check_actor(value, f"{path}.{f.name}")
    for key, records in by_kind.items():
        for i, r in enumerate(records):
            if not isinstance(r, RECORD_TYPES):
                continue
            for j, rid in enumerate(r.related):
                if rid not in record_ids:
                    problems.append(
                        Problem(
                            f"$.{key}[{i}].related[{j}]",
                            f"{rid!r} is not the id of any record",
                        )
                    )
            if isinstance(r, Investment) and r.part_of is not None and r.part_of not in record_ids:
                problems.append(
                    Problem(f"$.{key}[{i}].part_of", f"{r.part_of!r} is not the id of any record")
                )
    claimed: dict[tuple[str, str], tuple[str, str]] = {}
    for key, records in by_kind.items():
        for i, r in enumerate(records):
            if not isinstance(r, RECORD_TYPES):
                continue
            for j, e in enumerate(r.external_ids):
                here = f"$.{key}[{i}].external_ids[{j}]"
                seen_at, owner = claimed.setdefault((e.scheme, e.id), (here, r.id))
                if seen_at != here:
                    problems.append(
                        Problem(here, f"{e.scheme}:{e.id} already identifies {owner!r} ({seen_at})")
                    )
    part_paths: dict[str, str] = {}
    part_links: dict[str, list[str]] = {}
    for key, records in by_kind.items():
        for i, r in enumerate(records):
            if isinstance(r, Investment) and r.part_of is not None:
                part_links[r.id] = [r.part_of]
                part_paths[r.id] = f"$.{key}[{i}].part_of"
    problems.extend(_cycles(part_links, part_paths, "records are parts of each other"))
    held = _unique_by_id(holdings, Holding, "holdings", problems)
    valid = [
        (i, h) for i, h in enumerate(holdings) if isinstance(h, Holding) and held.get(h.id) is h
    ]
    for i, h in valid:
        check_actor(h.owner, f"$.holdings[{i}].owner")
        check_actor(h.asset, f"$.holdings[{i}].asset")
        check_sources(h.sources, f"$.holdings[{i}]")
    problems.extend(_check_holdings(valid, record_ids))
    return problems


def _cycles(links: dict[str, list[str]], paths: dict[str, str], what: str) -> list[Problem]:
    """A problem at each node of every cycle of *links* (node -> the nodes it points to)."""
    problems: list[Problem] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    for start in sorted(links):
        if state.get(start):
            continue
        stack: list[tuple[str, Iterable[str]]] = [(start, iter(links.get(start, ())))]
        trail = [start]
        state[start] = 1
        while stack:
            node, nexts = stack[-1]
            step = next(iter(nexts), None)
            if step is None:
                stack.pop()
                trail.pop()
                state[node] = 2
                continue
            if state.get(step) == 1:
                cycle = trail[trail.index(step) :]
                chain = " -> ".join(repr(n) for n in [*cycle, cycle[0]])
                problems.extend(
                    Problem(paths.get(n, "$"), f"{what}: {chain}") for n in cycle if n in paths
                )
            elif not state.get(step):
                state[step] = 1
                trail.append(step)
                stack.append((step, iter(links.get(step, ()))))
    return problems


def _check_holdings(
    valid: list[tuple[int, Holding]], record_ids: dict[str, tuple[str, int]]
) -> list[Problem]:
    """Holdings' links to investments, ownership cycles, and fractions over the whole."""
    problems: list[Problem] = []
    for i, h in valid:
        if h.via is not None:
            path = f"$.holdings[{i}].via"
            where = record_ids.get(h.via)
            if where is None:
                problems.append(Problem(path, f"{h.via!r} is not the id of any record"))
            elif where[0] != Investment.collection:
                problems.append(
                    Problem(path, f"{h.via!r} is not an investment (it is in {where[0]})")
                )
    links: dict[str, list[str]] = {}
    link_paths: dict[str, str] = {}
    for i, h in valid:
        links.setdefault(h.owner.id, []).append(h.asset.id)
        link_paths.setdefault(h.owner.id, f"$.holdings[{i}].asset")
    problems.extend(_cycles(links, link_paths, "an ownership cycle"))
    problems.extend(_over_whole(valid))
    return problems


def _over_whole(valid: list[tuple[int, Holding]]) -> list[Problem]:
    """A problem where the holdings of one asset certainly exceed 1 on some day.

    A holding certainly runs from the last day its start may denote up to,
    not including, the first day its end may denote; unknown sides are open.
    """
    problems: list[Problem] = []
    by_asset: dict[str, list[tuple[int, Holding]]] = {}
    for i, h in valid:
        if h.fraction is not None:
            by_asset.setdefault(h.asset.id, []).append((i, h))
    lo_of: Callable[[Holding], int] = lambda h: (  # noqa: E731
        h.start.latest.toordinal() if h.start is not None else dt.date.min.toordinal()
    )
    hi_of: Callable[[Holding], int] = lambda h: (  # noqa: E731
        h.end.earliest.toordinal() if h.end is not None else dt.date.max.toordinal() + 1
    )
    for asset, items in by_asset.items():
        events: list[tuple[int, int, int, Holding]] = []
        for i, h in items:
            lo, hi = lo_of(h), hi_of(h)
            if lo < hi:
                events.append((lo, 1, i, h))
                events.append((hi, 0, i, h))
        events.sort(key=lambda e: (e[0], e[1]))
        total = Decimal(0)
        current: dict[int, Holding] = {}
        for day, opening, i, h in events:
            if not opening:
                current.pop(i, None)
                total -= h.fraction or 0
                continue
            current[i] = h
            total += h.fraction or 0
            if total > 1:
                when = dt.date.fromordinal(day) if day > 1 else "the start"
                others = ", ".join(x.id for j, x in current.items() if j != i)
                problems.append(
                    Problem(
                        f"$.holdings[{i}].fraction",
                        f"the holdings of {asset!r} add up to {total} on {when} "
                        f"(with {others}), more than the whole",
                    )
                )
                break
    return problems
