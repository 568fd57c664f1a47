"""Cross-object checks of a dataset: unique ids, references that resolve.

:func:`check` returns every :class:`Problem` it finds, each with the JSON
path of the offending value *in the order the caller gave* (the position
in the user's file), never an index into a sorted copy.
"""

from __future__ import annotations

from typing import Any

from kzcn_relations._names import actor_names, normalize
from kzcn_relations.exceptions import Problem, describe
from kzcn_relations.model import RECORD_TYPES, Actor, Record, Source, actor_fields


def _unique_by_id(
    items: list[Any],
    cls: type[Actor] | type[Source],
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
    *,
    resolved: bool = False,
) -> list[Problem]:
    """Cross-object checks: unique ids, resolving references, clear names.

    *resolved*: the loader made every reference from these very lists, so
    the (costly) check that they point into them is skipped.
    """
    problems: list[Problem] = []
    known_actors = _unique_by_id(actors, Actor, "actors", problems)
    known_sources = _unique_by_id(sources, Source, "sources", problems)

    def check_actor(a: Actor | None, path: str) -> None:
        if a is None or resolved:
            return
        known = known_actors.get(a.id)
        if known is not a and known != a:
            problems.append(Problem(path, f"actor {a.id!r} is not among the dataset's actors"))

    def check_sources(items: tuple[Source, ...], path: str) -> None:
        if resolved:
            return
        for j, s in enumerate(items):
            known = known_sources.get(s.id)
            if known is not s and known != s:
                problems.append(
                    Problem(
                        f"{path}.sources[{j}]",
                        f"source {s.id!r} is not among the dataset's sources",
                    )
                )

    # Names and aliases must lead to one actor only.
    owner_of: dict[str, tuple[str, str]] = {
        a.id: (a.id, f"$.actors[{i}].id") for i, a in enumerate(actors) if isinstance(a, Actor)
    }
    for i, a in enumerate(actors):
        if not isinstance(a, Actor):
            continue
        check_actor(a.parent, f"$.actors[{i}].parent")
        check_sources(a.sources, f"$.actors[{i}]")
        for j, name in enumerate(actor_names(a)):
            path = f"$.actors[{i}]." + ("name" if j == 0 else f"aliases[{j - 1}]")
            key = normalize(name)
            holder = owner_of.get(key)
            if holder is not None and holder[0] != a.id:
                problems.append(
                    Problem(
                        path,
                        f"{name!r} also names actor {holder[0]!r} "
                        f"({holder[1]}); names and aliases must be unambiguous",
                    )
                )
            elif holder is None:
                owner_of[key] = (a.id, path)

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
    return problems
