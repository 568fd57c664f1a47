"""The library's exceptions.

Every error the library raises on purpose derives from
:class:`KzcnRelationsError`, and also from the built-in exception that fits
its meaning, so ``except ValueError`` and ``except LookupError`` keep
working.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "DatasetError",
    "InvalidTypeError",
    "InvalidValueError",
    "KzcnRelationsError",
    "MissingExtraError",
    "Problem",
    "UnknownActorError",
]


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


def _rebuild_dataset_error(
    problems: tuple[Problem, ...], origin: str
) -> DatasetError:
    return DatasetError(problems, origin=origin)


class UnknownActorError(KzcnRelationsError, LookupError):
    """A name resolves to no actor.

    *name* is what was asked for; *suggestions* holds the names of close
    matches (possibly empty).  The library never picks one of them for you.
    """

    name: str
    suggestions: tuple[str, ...]

    def __init__(self, name: str, suggestions: Iterable[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        msg = f"no actor is called {name!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(
                repr(s) for s in self.suggestions
            ) + "?"
        super().__init__(msg)

    def __str__(self) -> str:  # LookupError would repr() the message.
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (UnknownActorError, (self.name, self.suggestions))


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
