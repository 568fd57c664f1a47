"""The Frictionless data package, validated by the frictionless library, and its tables."""

from __future__ import annotations

import csv
import decimal
import json
import pathlib
from typing import Any

import frictionless
import pytest
from hypothesis import given, settings

import kzcn_relations
import kzcn_relations.converters
from kzcn_relations import Actor, Dataset, Holding, Place, Source
from kzcn_relations.export import (
    COLUMN_TYPES,
    COLUMNS,
    TABLES,
    table_rows,
    to_dicts,
    write_datapackage,
)
from kzcn_relations.model import all_actor_fields

from .strategies import datasets


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


def test_package_tables_are_the_table_rows(package: pathlib.Path) -> None:
    """Each CSV file of the package holds exactly table_rows of its table, typed as declared."""
    ds = kzcn_relations.dataset()
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
    frictionless_types = {"text": "string", "date": "date", "decimal": "number", "list": "string"}
    fields = descriptor["resources"][0]["schema"]["fields"]
    assert {f["name"]: f["type"] for f in fields} == {
        c: frictionless_types[COLUMN_TYPES[c]] for c in COLUMNS
    }
    for name, columns in TABLES.items():
        with open(package.parent / f"{name}.csv", encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
        assert reader.fieldnames == list(columns), name
        assert rows == [_cells(r) for r in table_rows(ds, name)], name


def _cells(row: dict[str, Any]) -> dict[str, str]:
    """A row as CSV cells: empty for missing, lists joined with ';', booleans lower case."""
    return {c: _cell(v) for c, v in row.items()}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _pairs(values: list[str] | str | None) -> list[str]:
    """A role column's ids: a list, one id or none."""
    if values is None:
        return []
    return [values] if isinstance(values, str) else values


@settings(max_examples=40)
@given(datasets())
def test_link_tables_agree_with_the_flat_rows(ds: Dataset) -> None:
    """record_actors, record_places, record_sources, shares, ratifications and aiddata
    say per record what its flat row says."""
    rows = {r["id"]: r for r in to_dicts(ds.records)}

    def by_record(name: str, *columns: str) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {i: [] for i in rows}
        for link in table_rows(ds, name):
            out[link["record_id"]].append(tuple(link[c] for c in columns))
        return out

    actors = by_record("record_actors", "role", "actor_id")
    places = by_record("record_places", "place_id")
    sources = by_record("record_sources", "source_id")
    shares = by_record("shares", "investor_id", "fraction")
    ratifications = by_record("ratifications", "party_id", "date", "instrument")
    aiddata = by_record("aiddata", "id", "amount_2021usd")
    for record_id, row in rows.items():
        roles = [(f.role.value, a) for f in all_actor_fields() for a in _pairs(row[f.name])]
        assert sorted(actors[record_id]) == sorted(roles)
        assert places[record_id] == [(p,) for p in row["places"]]
        assert sources[record_id] == [(s,) for s in row["sources"]]
        assert [f"{i}:{decimal.Decimal(x)}" for i, x in shares[record_id]] == row["shares"]
        assert [":".join(x) for x in ratifications[record_id]] == row["ratifications"]
        coded = json.loads(row["aiddata"]) if row["aiddata"] else []
        assert aiddata[record_id] == [(p["id"], p["amount_2021usd"]) for p in coded]


@settings(max_examples=40)
@given(datasets())
def test_entity_tables_lose_nothing(ds: Dataset) -> None:
    """Actors (with their names and offices), places, holdings and sources are rebuilt,
    equal, from the package's tables alone."""
    conv = kzcn_relations.converters.make_converter(ds)

    def grouped(name: str, key: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for row in table_rows(ds, name):
            if row[key] is not None:
                rest = {k: v for k, v in row.items() if k not in ("actor_id", "place_id")}
                out.setdefault(row[key], []).append(_present(rest))
        return out

    names = grouped("names", "actor_id")
    place_names = grouped("names", "place_id")
    offices = grouped("offices", "actor_id")
    for row, actor in zip(table_rows(ds, "actors"), ds.actors, strict=True):
        document = {**_present(row), "names": names.get(row["id"], [])}
        document["offices"] = offices.get(row["id"], [])
        assert conv.structure(document, Actor) == actor
    for row, place in zip(table_rows(ds, "places"), ds.places, strict=True):
        document = {k: v for k, v in _present(row).items() if k != "name"}
        assert conv.structure({**document, "names": place_names[row["id"]]}, Place) == place
    for row, holding in zip(table_rows(ds, "holdings"), ds.holdings, strict=True):
        document = {**_present(row), "owner": row["owner_id"], "asset": row["asset_id"]}
        del document["owner_id"], document["asset_id"]
        assert conv.structure(document, Holding) == holding
    for row, source in zip(table_rows(ds, "sources"), ds.sources, strict=True):
        assert conv.structure(row, Source) == source


def _present(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}
