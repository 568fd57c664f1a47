"""Resolving what a user calls an actor or a place to the actor or the place.

A name matches an actor's id, its English name or any of its names in
other languages; a state also answers to its ISO 3166-1 alpha-2 and
alpha-3 codes.  A place answers to its id and to every name it ever had.
Matching ignores case, accents, character width (full-width Latin, the
forms NFKC folds), the kind of dash or apostrophe and runs of white space,
and reads ``ё`` as ``е`` and the Cyrillic ``і`` as the Latin ``i``, as a
Russian or Kazakh reader would.  Ids win over names, which win over codes.

Nothing is ever fuzzily matched: an unknown name raises
:class:`UnknownActorError` (or :class:`UnknownPlaceError`) with the close
names as suggestions, and a name two actors share raises
:class:`AmbiguousNameError` naming both — the library never picks one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from kzcn_relations import _iso
from kzcn_relations.exceptions import (
    AmbiguousNameError,
    InvalidTypeError,
    InvalidValueError,
    NotFoundError,
    UnknownActorError,
    UnknownPlaceError,
)
from kzcn_relations.model import Actor, ActorKind, Place

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_QUOTES = re.compile(r"[\u2018\u2019\u201B\u2032\u00B4`]")
_SPACE = re.compile(r"\s+")
# after decomposition, ё is е + a combining diaeresis (stripped with the
# accents); the Kazakh і is a letter of its own, read as the Latin i
_LETTERS = str.maketrans({"\u0456": "i", "\u0406": "i"})


@functools.cache
def _marks() -> dict[int, None]:
    """The combining marks of the Basic Multilingual Plane, each mapped to None (a
    ``str.translate`` table that drops them; made once, in a few milliseconds)."""
    return dict.fromkeys(c for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))


@functools.lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """The key under which *text* is looked up.

    >>> normalize("  Tokayev  ") == normalize("TOKAYEV")
    True
    >>> normalize("China–Kazakhstan border") == normalize("china-kazakhstan BORDER")
    True
    >>> normalize("Qazaqstan Respublikasy") == normalize("Qazaqstan Respublikasý")
    True
    >>> normalize("Пётр") == normalize("Петр"), normalize("ＫＭＧ") == normalize("KMG")
    (True, True)
    >>> normalize("мемлекеттік") == normalize("мемлекеттiк")
    True
    """
    if text.isascii():  # what the steps below leave of ASCII text (a record's, often)
        return _SPACE.sub(" ", text.replace("`", "'")).strip().lower()
    folded = unicodedata.normalize("NFKC", text)
    decomposed = unicodedata.normalize("NFKD", folded)
    if max(decomposed, default="") <= "\uffff":
        stripped = decomposed.translate(_marks())
    else:
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = _DASHES.sub("-", stripped)
    stripped = _QUOTES.sub("'", stripped)
    stripped = stripped.translate(_LETTERS)
    return _SPACE.sub(" ", stripped).strip().casefold()


def searchable(text: str) -> str:
    """*text* folded for a search by words (a record's title, summary and notes).

    A word of :func:`normalize`'s folding is found in it exactly when it is
    found in ``normalize(text)``: the two differ only in runs of white space,
    which no searched word contains.  ASCII text, the common case, is only
    lower-cased; the rest is folded in full, bypassing the cache (record
    texts are many and seldom searched twice).
    """
    if text.isascii():
        return text.lower().replace("`", "'")
    return normalize.__wrapped__(text)


def actor_names(actor: Actor) -> tuple[str, ...]:
    """The English name and every other name of *actor*, English name first."""
    return (actor.name, *(n.text for n in actor.names))


def place_names(place: Place) -> tuple[str, ...]:
    """Every name *place* ever had, in the order given."""
    return tuple(n.text for n in place.names)


def state_codes(actor: Actor) -> tuple[str, ...]:
    """The ISO alpha-3 and alpha-2 codes a state answers to."""
    if actor.kind is not ActorKind.STATE or actor.country is None:
        return ()
    alpha2 = _iso.ALPHA3_TO_ALPHA2.get(actor.country)
    return (actor.country,) if alpha2 is None else (actor.country, alpha2)


class _Index:
    """Names -> the ids that bear them; ambiguous names keep every bearer."""

    noun = "actor"
    missing: type[NotFoundError] = UnknownActorError

    def __init__(self) -> None:
        self._by_id: dict[str, object] = {}
        self._by_name: dict[str, dict[str, object]] = {}
        self._by_code: dict[str, object] = {}
        #: normalized key -> a display form, for suggestions.
        self._display: dict[str, str] = {}
        self._labels: dict[str, str] = {}

    def _add(self, ident: str, item: object, label: str, names: Iterable[str]) -> None:
        self._by_id[ident] = item
        self._labels[ident] = label
        for name in names:
            key = normalize(name)
            self._by_name.setdefault(key, {}).setdefault(ident, item)
            self._display.setdefault(key, name)

    def ambiguous(self) -> dict[str, tuple[str, ...]]:
        """Each name that more than one bears, with the ids that bear it."""
        return {
            self._display[key]: tuple(sorted(found))
            for key, found in self._by_name.items()
            if len(found) > 1
        }

    def _resolve(self, name: object) -> object:
        if not isinstance(name, str):
            raise InvalidTypeError(
                self.noun,
                f"a str (id or name) or a {self.noun.title()}, got {type(name).__name__} {name!r}",
            )
        key = normalize(name)
        if not key:
            raise InvalidValueError(self.noun, f"a name must not be empty, got {name!r}")
        found = self._by_id.get(key)
        if found is not None:
            return found
        bearers = self._by_name.get(key)
        if bearers:
            if len(bearers) > 1:
                raise AmbiguousNameError(
                    name, [(i, self._labels[i]) for i in sorted(bearers)], self.noun
                )
            return next(iter(bearers.values()))
        found = self._by_code.get(key)
        if found is None:
            raise self.missing(name, self.suggest(key))
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


class NameIndex(_Index):
    """Look-up of actors by id, name in any language or (for states) ISO code."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        super().__init__()
        for actor in actors:
            self._add(actor.id, actor, actor.name, actor_names(actor))
            for code in state_codes(actor):
                self._by_code.setdefault(normalize(code), actor)
        for ident in self._by_id:
            self._display.setdefault(normalize(ident), ident)

    def resolve(self, name: str) -> Actor:
        """The actor *name* denotes; :class:`UnknownActorError` or :class:`AmbiguousNameError`."""
        found = self._resolve(name)
        assert isinstance(found, Actor)
        return found

    def search(self, text: str, *, limit: int = 10) -> tuple[Actor, ...]:
        """Actors whose id or names resemble *text*, best first (see ``Dataset.search_actors``)."""
        if not isinstance(text, str):
            raise InvalidTypeError("text", f"a str, got {type(text).__name__} {text!r}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidValueError("limit", f"a positive int, not {limit!r}")
        key = normalize(text)
        if not key:
            raise InvalidValueError("text", f"give something to search for, got {text!r}")
        import difflib  # only needed here

        def closeness(candidate: str) -> tuple[int, float] | None:
            """(rank, -score): exact, prefix, substring, then close spelling."""
            if candidate == key:
                return 0, -1.0
            if candidate.startswith(key):
                return 1, -len(key) / len(candidate)
            if key in candidate:
                return 2, -len(key) / len(candidate)
            score = difflib.SequenceMatcher(None, key, candidate).ratio()
            return (3, -score) if score >= 0.6 else None

        named = [(k, tuple(bearers)) for k, bearers in self._by_name.items()]
        named += [(normalize(ident), (ident,)) for ident in self._by_id]  # ids are names too
        best: dict[str, tuple[int, float, str]] = {}
        for candidate, idents in named:
            close = closeness(candidate)
            if close is None:
                continue
            for ident in idents:
                found = (*close, ident)
                if ident not in best or found < best[ident]:
                    best[ident] = found
        ranked = sorted(best.values())[:limit]
        return tuple(self._by_id[ident] for _, _, ident in ranked)  # type: ignore[misc]


class PlaceIndex(_Index):
    """Look-up of places by id or by any name they ever had."""

    noun = "place"
    missing = UnknownPlaceError

    def __init__(self, places: Iterable[Place]) -> None:
        super().__init__()
        for place in places:
            self._add(place.id, place, place.name, place_names(place))
        for ident in self._by_id:
            self._display.setdefault(normalize(ident), ident)

    def resolve(self, name: str) -> Place:
        """The place *name* denotes; :class:`UnknownPlaceError` or :class:`AmbiguousNameError`."""
        found = self._resolve(name)
        assert isinstance(found, Place)
        return found
