"""The Frictionless data package, validated by the frictionless library."""

from __future__ import annotations

import csv
import json
import pathlib

import frictionless
import pytest

import kzcn_relations
from kzcn_relations.export import write_datapackage


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return write_datapackage(kzcn_relations.dataset(), tmp_path_factory.mktemp("pkg"))


def test_package_is_valid(package: pathlib.Path) -> None:
    """frictionless validates every table, type and key of the package."""
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_descriptor(package: pathlib.Path) -> None:
    """Licence, version, sources, keys: what a data portal expects."""
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    ds = kzcn_relations.dataset()
    assert descriptor["version"] == ds.version
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert len(descriptor["sources"]) == len(ds.sources)
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert resources["records"]["schema"]["primaryKey"] == ["id"]
    fks = resources["record_sources"]["schema"]["foreignKeys"]
    assert {fk["reference"]["resource"] for fk in fks} == {"records", "sources"}


def test_tables_hold_everything(package: pathlib.Path) -> None:
    """One row per record, actor and source; every role and citation linked."""
    ds = kzcn_relations.dataset()
    root = package.parent

    def rows(name: str) -> list[dict[str, str]]:
        with open(root / f"{name}.csv", encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    assert len(rows("records")) == len(ds)
    assert len(rows("actors")) == len(ds.actors)
    assert len(rows("record_sources")) == sum(len(r.sources) for r in ds.records)
    links = rows("record_actors")
    assert {
        "record_id": "petrokazakhstan-acquisition-2005",
        "role": "investor",
        "actor_id": "cnpci",
    } in links


def test_broken_foreign_key_is_caught(package: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """The validation can fail: a dangling source id breaks the package."""
    import shutil

    copy = tmp_path / "broken"
    shutil.copytree(package.parent, copy)
    with open(copy / "record_sources.csv", "a", encoding="utf-8") as fh:
        fh.write("sco-founded-2001,s99999\n")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
