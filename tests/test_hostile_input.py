"""Inputs a hostile user tries: each ends in a pathed DatasetError, never a crash.

Each test here failed before the renovation that fixed it (issue 9's defects
1-4): paths at date-sorted positions, huge integers, lone surrogates and
very deep nesting.
"""

from __future__ import annotations

import copy
import json
import pathlib
import sys
from typing import Any

import pytest

import kzcn_relations
from kzcn_relations import (
    Confidence,
    Dataset,
    DatasetError,
    Event,
    EventKind,
    InvalidValueError,
    PartialDate,
)
from kzcn_relations.cli import main


def _doc(*events: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": 2,
        "dataset_version": "t1",
        "actors": [
            {
                "id": "kaz",
                "name": "Kazakhstan",
                "kind": "state",
                "country": "KAZ",
                "names": [{"text": "Qazaqstan", "lang": "kk-Latn"}],
            }
        ],
        "places": [{"id": "p1", "kind": "city", "names": [{"text": "Astana", "lang": "en"}]}],
        "sources": [{"id": "s1", "url": "https://example.org/", "title": "Page"}],
        "events": list(events),
    }


def _event(ident: str, date: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "kind": "visit",
        "date": date,
        "title": "A visit",
        "summary": "Someone visited.",
        "participants": ["kaz"],
        "sources": ["s1"],
        "confidence": "medium",
        **extra,
    }


def _problems(doc: object) -> set[tuple[str, str]]:
    with pytest.raises(DatasetError) as info:
        Dataset.from_dict(doc)  # type: ignore[arg-type]
    return {(p.path, p.message) for p in info.value.problems}


# -- defect 1: paths name the file's own positions ------------------------------


def test_dangling_related_is_reported_at_its_position_in_the_file() -> None:
    """The first of [1995 event, 1994 event] is $.events[0], not its sorted index."""
    doc = _doc(_event("later", "1995", related=["nowhere"]), _event("earlier", "1994"))
    assert _problems(doc) == {("$.events[0].related[0]", "'nowhere' is not the id of any record")}


def test_duplicate_id_names_both_file_positions() -> None:
    """A repeated id is reported where it repeats, and 'first used at' is the first."""
    doc = _doc(_event("twice", "1994"), _event("other", "1993"), _event("twice", "1995"))
    assert _problems(doc) == {
        ("$.events[2].id", "duplicate id 'twice' (first used at $.events[0])")
    }


def test_structural_problem_is_reported_at_its_position_in_the_file() -> None:
    """A bad field in a late-dated record that comes first in the file is at [0]."""
    doc = _doc(_event("later", "2001", confidence="sure"), _event("earlier", "1994"))
    paths = {path for path, _ in _problems(doc)}
    assert paths == {"$.events[0].confidence"}


# -- defect 2: integers too long for Python to read --------------------------------


def test_huge_integer_is_a_dataset_error_with_its_position(tmp_path: pathlib.Path) -> None:
    """A 5,000-digit integer ends in a DatasetError that says where it is."""
    text = json.dumps(_doc(_event("e1", "1994")), indent=1).replace(
        '"format": 2', '"format": ' + "7" * 5000
    )
    path = tmp_path / "huge.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        kzcn_relations.load(path)
    (problem,) = info.value.problems
    assert problem.path == "$"
    assert "integer of 5,000 digits at line 2, column 12" in problem.message


def test_huge_integer_in_the_cli_is_an_error_line_not_a_traceback(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate and --data both exit 1 with one message, whatever the limit."""
    limit = sys.get_int_max_str_digits()
    text = json.dumps(_doc(_event("e1", "1994"))).replace('"format": 2', '"format": -' + "9" * 4301)
    path = tmp_path / "huge.json"
    path.write_text(text, encoding="utf-8")
    try:
        sys.set_int_max_str_digits(4300)
        assert main(["validate", str(path)]) == 1
        assert main(["events", "1994", "1994", "--data", str(path)]) == 1
    finally:
        sys.set_int_max_str_digits(limit)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "integer of 4,301 digits" in err


# -- defect 3: lone surrogates ---------------------------------------------------


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (("events", 0, "title"), "$.events[0].title"),
        (("events", 0, "notes"), "$.events[0].notes"),
        (("places", 0, "names", 0, "text"), "$.places[0].names[0].text"),
        (("actors", 0, "name"), "$.actors[0].name"),
        (("actors", 0, "names", 0, "text"), "$.actors[0].names[0].text"),
        (("sources", 0, "title"), "$.sources[0].title"),
        (("dataset_version",), "$.dataset_version"),
        (("title",), "$.title"),
    ],
)
def test_lone_surrogate_is_rejected_at_load(
    tmp_path: pathlib.Path, where: tuple[Any, ...], path: str
) -> None:
    """Text that cannot be written as UTF-8 does not load, from a file or a dict."""
    doc = _doc(_event("e1", "1994"))
    target: Any = doc
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = "Kaz\ud800akh"
    problems = dict(_problems(copy.deepcopy(doc)))
    assert "lone surrogate '\\ud800' at position 3" in problems[path], problems
    # the same document as a file, with the escape as JSON writes it
    file = tmp_path / "surrogate.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert "\\ud800" in file.read_text(encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        kzcn_relations.load(file)
    assert {p.path: p.message for p in info.value.problems} == problems


def test_lone_surrogate_is_rejected_by_the_model() -> None:
    """The constructors refuse it too, so no dataset can hold one."""
    kaz = kzcn_relations.dataset().actor_by_id("kaz")
    source = kzcn_relations.dataset().source_by_id("s1")
    with pytest.raises(InvalidValueError, match=r"^title: text holds a lone surrogate"):
        Event(
            id="e1",
            kind=EventKind.VISIT,
            date=PartialDate(1994),
            title="A \udfff",
            summary="x",
            participants=(kaz,),
            sources=(source,),
            confidence=Confidence.HIGH,
        )


def test_validate_rejects_a_surrogate_that_would_crash_export(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate calls it invalid (it used to call it valid, then export crashed)."""
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(_doc(_event("e1", "1994", title="\ud800"))), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert "$.events[0].title" in capsys.readouterr().err


# -- defect 4: deep nesting ---------------------------------------------------------


def _deep(levels: int, *, as_dict: bool = False) -> Any:
    value: Any = {} if as_dict else []
    for _ in range(levels):
        value = {"a": value} if as_dict else [value]
    return value


@pytest.mark.parametrize("as_dict", [False, True])
@pytest.mark.parametrize(
    "where",
    [
        ("format",),
        ("dataset_version",),
        ("actors",),
        ("events",),
        ("sources",),
        ("events", 0, "title"),
        ("events", 0, "participants"),
        ("events", 0, "host"),
        ("actors", 0, "names"),
        ("places", 0, "names", 0),
        ("events", 0, "related"),
    ],
)
def test_deep_nesting_in_a_dict_is_a_dataset_error(where: tuple[Any, ...], as_dict: bool) -> None:
    """A value nested 30,000 levels deep ends in a DatasetError, not RecursionError."""
    doc = _doc(_event("e1", "1994"))
    target: Any = doc
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = _deep(30_000, as_dict=as_dict)
    problems = _problems(doc)
    assert problems
    assert all(len(message) < 500 for _, message in problems)


def test_deep_nesting_as_the_whole_document_is_a_dataset_error() -> None:
    """Even the document itself may be a deep list."""
    assert _problems(_deep(30_000)) == {("$", "expected a JSON object, got list")}
