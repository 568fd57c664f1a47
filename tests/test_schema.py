"""The JSON Schema: valid for the packaged data, and as strict as it can be."""

from __future__ import annotations

import copy
import json
import pathlib
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzcn_relations
from kzcn_relations import Dataset, DatasetError
from kzcn_relations.strategies import datasets

PACKAGED = pathlib.Path(kzcn_relations.__file__).parent / "_data" / "relations.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = kzcn_relations.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PACKAGED.read_text(encoding="utf-8"))
    return data


def test_packaged_dataset_validates(validator: jsonschema.protocols.Validator) -> None:
    """The packaged file is valid against the schema."""
    errors = list(validator.iter_errors(document()))
    assert not errors, errors[0].message


def test_schema_is_a_fresh_copy() -> None:
    """Changing the returned schema changes nothing else."""
    schema = kzcn_relations.json_schema()
    schema["properties"].clear()
    assert kzcn_relations.json_schema()["properties"]


def _event(doc: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = doc["events"][0]
    return event


BROKEN: dict[str, Callable[[dict[str, Any]], object]] = {
    "unknown top-level key": lambda d: d.update(extra=1),
    "unknown record key": lambda d: _event(d).update(colour="red"),
    "missing title": lambda d: _event(d).pop("title"),
    "bad date form": lambda d: _event(d).update(date="April 1994"),
    "month 13": lambda d: _event(d).update(date="1994-13"),
    "float amount": lambda d: d["investments"][0].update(amount={"amount": 7e8, "currency": "USD"}),
    "negative amount": lambda d: d["investments"][0].update(
        amount={"amount": "-1", "currency": "USD"}
    ),
    "lower-case currency": lambda d: d["investments"][0].update(
        amount={"amount": "1", "currency": "usd"}
    ),
    "stake above 1": lambda d: d["investments"][1].update(stake="1.5"),
    "stake of 0": lambda d: d["investments"][1].update(stake="0"),
    "empty sources": lambda d: _event(d).update(sources=[]),
    "unknown kind": lambda d: _event(d).update(kind="parade"),
    "id not a slug": lambda d: _event(d).update(id="Not A Slug"),
    "participants not a list": lambda d: _event(d).update(participants="kaz"),
    "country not ISO": lambda d: d["actors"][0].update(country="KZ"),
    "wrong format": lambda d: d.update(format=3),
    "no actors": lambda d: d.pop("actors"),
    "empty title": lambda d: _event(d).update(title="   "),
    "stake with a leading zero": lambda d: d["investments"][1].update(stake="00.5"),
    "stake 01": lambda d: d["investments"][1].update(stake="01"),
    "amount with a leading zero": lambda d: d["investments"][0].update(
        amount={"amount": "0100", "currency": "USD"}
    ),
    "blank dataset version": lambda d: d.update(dataset_version="   "),
    "empty dataset version": lambda d: d.update(dataset_version=""),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_documents_fail_both(validator: jsonschema.protocols.Validator, name: str) -> None:
    """Each broken document fails the schema and the loader alike."""
    doc = copy.deepcopy(document())
    BROKEN[name](doc)
    assert list(validator.iter_errors(doc)), f"schema accepted: {name}"
    with pytest.raises(DatasetError):
        Dataset.from_dict(doc)


def test_schema_describes_every_record_field() -> None:
    """Every field of every record class is a property in the schema."""
    import attrs

    from kzcn_relations.model import RECORD_TYPES

    defs = kzcn_relations.json_schema()["$defs"]
    for cls in RECORD_TYPES:
        name = "trade-figure" if cls.__name__ == "TradeFigure" else cls.__name__.lower()
        props = defs[name]["properties"]
        assert set(props) == {a.name for a in attrs.fields(cls) if a.init}


#: Values a mutation puts somewhere in a valid document: near misses of every rule.
NEAR_MISSES = st.sampled_from(
    [
        None,
        True,
        0,
        1,
        2,
        -1,
        1.5,
        "",
        " ",
        "\t",
        "x",
        "kaz",
        "s1",
        "Kaz",
        "KAZ",
        "KZ",
        "USD",
        "usd",
        "0",
        "1",
        "01",
        "00.5",
        "0.5",
        "0.50",
        "1.0",
        "1.5",
        ".5",
        "5.",
        "-0",
        "1e3",
        "0100",
        "4180000000",
        "1994",
        "1994-04",
        "1994-13",
        "2023-02-29",
        "1994-4",
        "visit",
        "treaty",
        "loan",
        "high",
        "page",
        "url",
        "https://example.org/",
        "Not A Slug",
        "a--b",
        [],
        [""],
        ["kaz"],
        ["s1"],
        ["nope"],
        {},
        {"amount": "1"},
        {"amount": "1", "currency": "USD"},
    ]
)


def _containers(value: Any) -> list[dict[str, Any] | list[Any]]:
    """Every dict and list inside *value*, itself included."""
    found: list[dict[str, Any] | list[Any]] = []
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            found.append(item)
            todo.extend(item.values())
        elif isinstance(item, list):
            found.append(item)
            todo.extend(item)
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A generated valid document with one to three values replaced or added."""
    doc = draw(datasets(max_records=6)).to_dict()
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(_containers(doc)))
        value = draw(NEAR_MISSES)
        if isinstance(target, dict):
            keys = sorted(target)
            key = draw(st.sampled_from([*keys, "stake", "dataset_version", "extra"]))
            target[key] = value
        elif target:
            target[draw(st.integers(0, len(target) - 1))] = value
        else:
            target.append(value)
    return doc


@given(mutated_documents())
def test_what_the_loader_accepts_the_schema_accepts(doc: dict[str, Any]) -> None:
    """One rule for both: a document that loads is valid against the schema.

    (Equivalently, whatever the schema rejects the loader rejects.  The
    loader checks more than a schema can say: references, unique ids, real
    dates, spans.)
    """
    schema = jsonschema.Draft202012Validator(kzcn_relations.json_schema())
    try:
        Dataset.from_dict(copy.deepcopy(doc))
    except DatasetError:
        return
    errors = [f"{e.json_path}: {e.message}" for e in schema.iter_errors(doc)]
    assert not errors, errors


@given(datasets(max_records=6))
def test_generated_documents_are_schema_valid(ds: Dataset) -> None:
    """Every valid document (as written by to_dict) passes the schema."""
    schema = jsonschema.Draft202012Validator(kzcn_relations.json_schema())
    errors = [f"{e.json_path}: {e.message}" for e in schema.iter_errors(ds.to_dict())]
    assert not errors, errors
