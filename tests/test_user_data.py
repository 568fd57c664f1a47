"""User datasets: load, merge and dump, losslessly and never silently."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import kzcn_relations
from kzcn_relations import Dataset, DatasetError
from kzcn_relations.strategies import datasets

SETTINGS = settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(datasets())
def test_load_dump_load_is_identity(tmp_path: pathlib.Path, ds: Dataset) -> None:
    """dump() then load() gives the same dataset, and dumping again the same text."""
    path = tmp_path / "ds.json"
    ds.dump(path)
    again = kzcn_relations.load(path)
    assert again.to_dict() == ds.to_dict()
    assert again.records == ds.records and again.actors == ds.actors
    text = path.read_text(encoding="utf-8")
    again.dump(path)
    assert path.read_text(encoding="utf-8") == text


def test_packaged_dump_is_the_packaged_file(tmp_path: pathlib.Path) -> None:
    """Dumping the packaged dataset writes exactly the packaged file."""
    path = tmp_path / "p.json"
    kzcn_relations.dataset().dump(path)
    packaged = pathlib.Path(kzcn_relations.__file__).parent / "_data" / "relations.json"
    assert path.read_bytes() == packaged.read_bytes()


@settings(max_examples=30)
@given(datasets())
def test_merge_with_itself_changes_nothing(ds: Dataset) -> None:
    """Identical content on both sides is kept once."""
    merged = ds.merge(ds)
    assert merged.records == ds.records and merged.actors == ds.actors
    assert merged.sources == ds.sources


def _user_doc() -> dict[str, Any]:
    return {
        "format": 2,
        "dataset_version": "u1",
        "actors": [
            {
                "id": "user-oil-co",
                "name": "China Petrochemical Corporation",
                "kind": "company",
                "country": "CHN",
                "names": [{"text": "User Oil Co", "lang": "en", "kind": "common"}],
            }
        ],
        "sources": [{"id": "u-1", "url": "https://example.org/u", "title": "Mine"}],
        "investments": [
            {
                "id": "u-deal",
                "kind": "loan",
                "date": "2030",
                "title": "T",
                "summary": "S",
                "investors": ["user-oil-co"],
                "target": "kmg",
                "sources": ["u-1", "s47"],
                "confidence": "low",
            }
        ],
    }


def test_user_file_may_refer_to_packaged_ids(tmp_path: pathlib.Path) -> None:
    """With base=, packaged actors and sources resolve by id; records add up."""
    path = tmp_path / "u.json"
    path.write_text(json.dumps(_user_doc()), encoding="utf-8")
    with pytest.raises(DatasetError, match="'kmg' is not the id of any actor"):
        kzcn_relations.load(path)
    both = kzcn_relations.load(path, base=kzcn_relations.dataset())
    assert len(both) == len(kzcn_relations.dataset()) + 1
    assert both.version == f"{kzcn_relations.dataset().version}+u1"
    deal = both.record("u-deal")
    assert isinstance(deal, kzcn_relations.Investment)
    assert deal.target is kzcn_relations.actor("kmg")
    assert deal in both.investments_by("China")


@pytest.mark.parametrize(
    ("change", "path", "noun", "ident"),
    [
        (
            lambda d: d["actors"].append({"id": "kaz", "name": "Kazakhstan", "kind": "state"}),
            "$.actors[1]",
            "actor",
            "kaz",
        ),
        (
            lambda d: d["sources"].append(
                {"id": "s47", "url": "https://example.org/s47", "title": "Other"}
            ),
            "$.sources[1]",
            "source",
            "s47",
        ),
        (
            lambda d: d["investments"].__setitem__(
                0, {**d["investments"][0], "id": "cnpc-kmg-loan-2009"}
            ),
            "$.investments[0]",
            "record",
            "cnpc-kmg-loan-2009",
        ),
    ],
)
def test_clash_names_both_sides(change: Any, path: str, noun: str, ident: str) -> None:
    """Same id, different content: a DatasetError naming both sides."""
    doc = _user_doc()
    change(doc)
    with pytest.raises(DatasetError) as info:
        kzcn_relations.dataset().merge(doc, origin="mine.json")
    (problem,) = info.value.problems
    assert problem.path == path
    assert problem.message == (
        f"{noun} {ident!r} in mine.json differs from the {noun} with that id "
        "in the packaged dataset"
    )


def test_identical_copies_merge_quietly() -> None:
    """A user file that repeats a packaged actor exactly is fine."""
    doc = _user_doc()
    kaz = next(a for a in kzcn_relations.dataset().to_dict()["actors"] if a["id"] == "kaz")
    doc["actors"].append(kaz)
    merged = kzcn_relations.dataset().merge(doc)
    assert merged.actor("kaz") == kzcn_relations.actor("kaz")


def test_merge_rejects_other_types() -> None:
    """merge() takes a Dataset or a document."""
    with pytest.raises(TypeError, match="other: a Dataset or a document"):
        kzcn_relations.dataset().merge([])  # type: ignore[arg-type]
