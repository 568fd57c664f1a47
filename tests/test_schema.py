"""The JSON Schema: valid for the packaged data, and as strict as it can be."""

from __future__ import annotations

import copy
import json
import pathlib
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

import kzcn_relations
from kzcn_relations import Dataset, DatasetError

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
    "negative amount": lambda d: d["investments"][0].update(amount={"amount": "-1", "currency": "USD"}),
    "lower-case currency": lambda d: d["investments"][0].update(amount={"amount": "1", "currency": "usd"}),
    "stake above 1": lambda d: d["investments"][1].update(stake="1.5"),
    "stake of 0": lambda d: d["investments"][1].update(stake="0"),
    "empty sources": lambda d: _event(d).update(sources=[]),
    "unknown kind": lambda d: _event(d).update(kind="parade"),
    "id not a slug": lambda d: _event(d).update(id="Not A Slug"),
    "participants not a list": lambda d: _event(d).update(participants="kaz"),
    "country not ISO": lambda d: d["actors"][0].update(country="KZ"),
    "wrong format": lambda d: d.update(format=2),
    "no actors": lambda d: d.pop("actors"),
    "empty title": lambda d: _event(d).update(title="   "),
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
        props = defs[cls.__name__.lower()]["properties"]
        assert set(props) == {a.name for a in attrs.fields(cls) if a.init}
