"""The library's exceptions.

Every error the library raises on purpose derives from
:class:`KzcnRelationsError`, and also from the built-in exception that fits
its meaning, so ``except ValueError`` and ``except LookupError`` keep
working.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable

import attrs

__all__ = [
    "AmbiguousNameError",
    "DanglingReferenceError",
    "DatasetError",
    "InvalidTypeError",
    "InvalidValueError",
    "KzcnRelationsError",
    "MissingExtraError",
    "NotFoundError",
    "Problem",
    "UnknownActorError",
    "UnknownPlaceError",
    "UnknownRecordError",
    "UnknownSourceError",
]

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 80
_REPR.maxother = 80
_REPR.maxlong = 40
for _name in ("maxlist", "maxtuple", "maxdict", "maxset", "maxfrozenset", "maxdeque", "maxarray"):
    setattr(_REPR, _name, 6)


def describe(value: object) -> str:
    """A short, safe description of a value for an error message.

    ``"<type> <repr>"`` with the repr cut short (long texts, big numbers and
    deep nesting are abbreviated), so that no input, however large or deep,
    makes building the message itself fail.
    """
    return f"{type(value).__name__} {brief(value)}"


def brief(value: object) -> str:
    """The repr of *value*, abbreviated like :func:`describe` does."""
    try:
        return _REPR.repr(value)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not hide the error
        return f"<{type(value).__name__} object>"


class KzcnRelationsError(Exception):
    """Base class of every error raised by :mod:`kzcn_relations`."""


class _FieldError(KzcnRelationsError):
    """An error about one field or argument: ``"field: reason"``."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.field, self.reason))


class InvalidValueError(_FieldError, ValueError):
    """A value is not acceptable: an impossible date, a negative amount.

    *field* names the field or argument at fault and *reason* says why; the
    message is ``"field: reason"``.
    """


class InvalidTypeError(_FieldError, TypeError):
    """A value has the wrong type: a float amount, a string for an actor.

    *field* names the field or argument at fault and *reason* says what was
    expected and what came.
    """


@attrs.frozen
class Problem:
    """One thing wrong with a dataset document.

    *path* is a JSONPath-like location such as ``$.events[3].date``;
    *message* says what is wrong there, quoting the offending value.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    @classmethod
    def duplicate(cls, key: str, index: int, ident: str, first: int) -> Problem:
        """The problem of an id used again at ``$.key[index]``."""
        return cls(
            f"$.{key}[{index}].id",
            f"duplicate id {ident!r} (first used at $.{key}[{first}])",
        )


class DatasetError(KzcnRelationsError, ValueError):
    """A dataset document does not validate.

    Carries every :class:`Problem` found (never only the first), each with
    the JSON path of the offending value.  Nothing is loaded when this is
    raised.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem], *, origin: str = "") -> None:
        self.problems = tuple(problems)
        self.origin = origin
        where = f" in {origin}" if origin else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"invalid dataset{where}: {count} {noun}"]
        lines.extend(f"  {p}" for p in self.problems[:50])
        if count > 50:
            lines.append(f"  ... and {count - 50} more")
        super().__init__("\n".join(lines))

    @property
    def path(self) -> str:
        """The JSON path of the first problem."""
        return self.problems[0].path if self.problems else "$"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_dataset_error, (self.problems, self.origin))


def _rebuild_dataset_error(problems: tuple[Problem, ...], origin: str) -> DatasetError:
    return DatasetError(problems, origin=origin)


class DanglingReferenceError(InvalidValueError):
    """An id in a document refers to no actor, source or record."""


class NotFoundError(KzcnRelationsError, KeyError):
    """Something asked for by id or name is not in the dataset.

    A ``KeyError`` (hence a ``LookupError``), so ``except KeyError`` around
    a look-up keeps working.  *name* is what was asked for; *suggestions*
    holds close matches (possibly empty).  The library never picks one of
    them for you.
    """

    #: What is looked up, for the message ("actor", "record", "source").
    noun = "item"
    #: How the message names what was asked for ("is called", "has the id").
    verb = "has the id"

    name: str
    suggestions: tuple[str, ...]

    def __init__(self, name: str, suggestions: Iterable[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        msg = f"no {self.noun} {self.verb} {brief(name)}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would repr() the message.
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.name, self.suggestions))


class UnknownActorError(NotFoundError):
    """A name or id resolves to no actor (see :class:`NotFoundError`)."""

    noun = "actor"
    verb = "is called"


class UnknownRecordError(NotFoundError):
    """No record has the id asked for (see :class:`NotFoundError`)."""

    noun = "record"


class UnknownSourceError(NotFoundError):
    """No source has the id asked for (see :class:`NotFoundError`)."""

    noun = "source"


class UnknownPlaceError(NotFoundError):
    """A name or id resolves to no place (see :class:`NotFoundError`)."""

    noun = "place"
    verb = "is called"


class AmbiguousNameError(KzcnRelationsError, LookupError):
    """A name belongs to more than one actor (or place); the library never picks one.

    *name* is what was asked for; *candidates* are the ids of every actor
    (or place) that bears it, each with its display name.  Ask again by id.
    """

    def __init__(
        self, name: str, candidates: Iterable[tuple[str, str]], noun: str = "actor"
    ) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        self.noun = noun
        listed = ", ".join(f"{ident!r} ({label})" for ident, label in self.candidates)
        super().__init__(f"{brief(name)} names more than one {noun}: {listed}; ask by id")

    def __reduce__(self) -> tuple[object, ...]:
        return (AmbiguousNameError, (self.name, self.candidates, self.noun))


class MissingExtraError(KzcnRelationsError, ImportError):
    """An optional feature needs a package that is not installed.

    *module* is the package that is missing and *extra* the extra that
    brings it: ``pip install "kzcn-relations[extra]"``.
    """

    def __init__(self, module: str, extra: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(
            f"this needs {module}, which is not installed; install the "
            f"'{extra}' extra: pip install \"kzcn-relations[{extra}]\"",
            name=module,
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (MissingExtraError, (self.module, self.extra))
