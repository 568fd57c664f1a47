"""Resolving what a user calls an actor to the actor.

A name matches an actor's id, its name or one of its aliases, ignoring
case, accents, the kind of dash or apostrophe, and runs of white space; a
state also answers to its ISO 3166-1 alpha-2 and alpha-3 codes.  Ids win
over names and aliases, which win over codes.  Nothing is ever fuzzily
matched: an unknown name raises :class:`UnknownActorError` with the close
names as suggestions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from kzcn_relations import _iso
from kzcn_relations.exceptions import (
    InvalidTypeError,
    InvalidValueError,
    UnknownActorError,
)
from kzcn_relations.model import Actor, ActorKind

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_QUOTES = re.compile(r"[\u2018\u2019\u201B\u2032\u00B4`]")
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """The key under which *text* is looked up.

    >>> normalize("  Tokayev  ") == normalize("TOKAYEV")
    True
    >>> normalize("China–Kazakhstan border") == normalize("china-kazakhstan BORDER")
    True
    >>> normalize("Qazaqstan Respublikasy") == normalize("Qazaqstan Respublikasý")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = _DASHES.sub("-", stripped)
    stripped = _QUOTES.sub("'", stripped)
    return _SPACE.sub(" ", stripped).strip().casefold()


def actor_names(actor: Actor) -> tuple[str, ...]:
    """The name and aliases of *actor*, name first."""
    return (actor.name, *actor.aliases)


def state_codes(actor: Actor) -> tuple[str, ...]:
    """The ISO alpha-3 and alpha-2 codes a state answers to."""
    if actor.kind is not ActorKind.STATE or actor.country is None:
        return ()
    alpha2 = _iso.ALPHA3_TO_ALPHA2.get(actor.country)
    return (actor.country,) if alpha2 is None else (actor.country, alpha2)


class NameIndex:
    """Look-up of actors by id, name, alias or (for states) ISO code.

    Built once per dataset.  The loader has already checked that no name
    or alias leads to two actors.
    """

    def __init__(self, actors: Iterable[Actor]) -> None:
        self._by_id: dict[str, Actor] = {}
        self._by_name: dict[str, Actor] = {}
        self._by_code: dict[str, Actor] = {}
        #: normalized key -> a display form, for suggestions.
        self._display: dict[str, str] = {}
        for actor in actors:
            self._by_id[actor.id] = actor
            for name in actor_names(actor):
                key = normalize(name)
                self._by_name.setdefault(key, actor)
                self._display.setdefault(key, name)
            for code in state_codes(actor):
                self._by_code.setdefault(normalize(code), actor)
        for actor in self._by_id.values():
            self._display.setdefault(normalize(actor.id), actor.id)

    def resolve(self, name: str) -> Actor:
        """The actor *name* denotes, or :class:`UnknownActorError`."""
        if not isinstance(name, str):
            raise InvalidTypeError(
                "actor",
                "a str (id, name, alias or ISO code) or an Actor, got "
                f"{type(name).__name__} {name!r}",
            )
        key = normalize(name)
        if not key:
            raise InvalidValueError("actor", f"a name must not be empty, got {name!r}")
        found = self._by_id.get(key) or self._by_name.get(key) or self._by_code.get(key)
        if found is None:
            raise UnknownActorError(name, self.suggest(key))
        return found

    def suggest(self, key: str, limit: int = 5) -> tuple[str, ...]:
        """Display names close to the normalized *key*, best first."""
        import difflib  # only needed when a name is not found

        keys = list(self._display)
        close = difflib.get_close_matches(key, keys, n=limit, cutoff=0.6)
        if len(key) >= 3:
            close += sorted(k for k in keys if key in k and k not in close)
        seen: dict[str, None] = {}
        for k in close:
            seen.setdefault(self._display[k], None)
        return tuple(seen)[:limit]
