"""Query arguments: every documented error, and the shared lazy load."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import kzcn_relations as kr
from kzcn_relations import (
    Actor,
    ActorKind,
    InvalidTypeError,
    InvalidValueError,
    KzcnRelationsError,
    UnknownActorError,
)


@pytest.mark.parametrize(
    ("start", "end", "error", "message"),
    [
        (True, 1995, InvalidTypeError, "start: a date, an ISO string or an int year, not bool"),
        (1994, 1995.0, InvalidTypeError, "end: a datetime.date or datetime, a PartialDate"),
        ("April 1994", 1995, InvalidValueError, "start: 'April 1994' is not an ISO 8601 date"),
        ("1994-02-30", 1995, InvalidValueError, "1994-02 has no day 30"),
        (0, 1995, InvalidValueError, "start: year 0 is not in 1..9999"),
        (1995, 1994, InvalidValueError, "start 1995 is after end 1994"),
        ("1994-05", "1994-04", InvalidValueError, "start 1994-05 is after end 1994-04"),
        (None, 1994, InvalidTypeError, "got NoneType None"),
    ],
)
def test_bad_bounds(start: Any, end: Any, error: type[Exception], message: str) -> None:
    """Bad bounds are the library's own TypeError/ValueError, naming the argument."""
    with pytest.raises(error, match=message) as info:
        kr.events_between(start, end)
    assert isinstance(info.value, KzcnRelationsError)


def test_bound_precision_covers_period() -> None:
    """A reduced-precision end bound reaches the end of its period."""
    assert kr.events_between("1994", "1994") == kr.events_between("1994-01-01", "1994-12")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kinds": ["parade"]}, InvalidValueError, "'parade' is not a record kind"),
        ({"kinds": [1]}, InvalidTypeError, "a kind is a string"),
        ({"kinds": 5}, InvalidTypeError, "an iterable of kinds"),
        (
            {"match": "inside"},
            InvalidValueError,
            "match: one of 'overlaps', 'within', 'starts', not 'inside'",
        ),
    ],
)
def test_bad_options(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    """Unknown kinds and match modes are rejected with the valid choices."""
    with pytest.raises(error, match=message):
        kr.events_between(1994, 1995, **kwargs)


def test_kinds_accept_a_single_string() -> None:
    """kinds="treaty" means kinds=["treaty"]."""
    assert kr.events_between(1990, 2030, kinds="treaty") == kr.events_between(
        1990, 2030, kinds=["treaty"]
    )


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("", InvalidValueError, "a name must not be empty"),
        ("   ", InvalidValueError, "a name must not be empty"),
        (42, InvalidTypeError, "got int 42"),
        ("Kazakstan", UnknownActorError, "did you mean 'Kazakhstan'"),
        ("Xyzzy Plugh", UnknownActorError, "no actor is called 'Xyzzy Plugh'$"),
    ],
)
def test_bad_names(name: Any, error: type[Exception], message: str) -> None:
    """Names that resolve to nothing never fall back to a guess."""
    for query in (kr.actor, kr.agreements_with, kr.investments_by):
        with pytest.raises(error, match=message):
            query(name)


def test_unknown_actor_error() -> None:
    """UnknownActorError is a LookupError carrying the name and suggestions."""
    with pytest.raises(LookupError) as info:
        kr.actor("Tokaiev")
    err = info.value
    assert isinstance(err, UnknownActorError)
    assert err.name == "Tokaiev"
    assert "Tokaev" in err.suggestions


def test_foreign_actor_is_rejected() -> None:
    """An Actor that is not the dataset's own is not silently matched by id."""
    impostor = Actor(id="kaz", name="Not Kazakhstan", kind=ActorKind.STATE)
    with pytest.raises(InvalidValueError, match="is not an actor of this dataset"):
        kr.agreements_with(impostor)
    assert kr.agreements_with(kr.actor("kaz")) == kr.agreements_with("kaz")


def test_between_must_be_a_pair() -> None:
    """between= takes a (start, end) tuple."""
    with pytest.raises(InvalidTypeError, match="between: a \\(start, end\\) pair"):
        kr.agreements_with("kaz", between=1994)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="include_subsidiaries: a bool"):
        kr.investments_by("cnpc", include_subsidiaries="no")  # type: ignore[arg-type]


def test_record_lookup() -> None:
    """record() finds by id; an unknown id is an UnknownRecordError (a KeyError) naming it."""
    assert kr.dataset().record("sco-founded-2001").id == "sco-founded-2001"
    with pytest.raises(KeyError, match="no record has the id 'nope'"):
        kr.dataset().record("nope")


def test_lazy_load_is_shared_across_threads() -> None:
    """Many threads asking at once get one dataset object, loaded once."""
    code = """
import threading
import kzcn_relations, kzcn_relations._io as d
calls = []
real = d.read_packaged
def counting():
    calls.append(1)
    return real()
d.read_packaged = counting
barrier = threading.Barrier(16)
seen = []
def ask():
    barrier.wait()
    seen.append(kzcn_relations.dataset())
threads = [threading.Thread(target=ask) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
assert len(calls) == 1, calls
assert len({id(x) for x in seen}) == 1
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr
