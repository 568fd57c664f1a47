"""The packaged dataset against the fact sheet it was made from.

The sheet is pinned in ``tests/data/fact_sheet.json`` (by
``scripts/pin_fact_sheet.py``), so these checks run anywhere.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import pathlib
import re
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest

import kzcn_relations
from kzcn_relations import Actor, Dataset
from kzcn_relations._canonical import dumps
from kzcn_relations._names import actor_names, normalize

ROOT = pathlib.Path(__file__).resolve().parent.parent
PIN = ROOT / "tests" / "data" / "fact_sheet.json"
SHEET = ROOT.parent / "shared" / "facts" / "facts.json"
PACKAGED = ROOT / "src" / "kzcn_relations" / "_data" / "relations.json"
SLUG_WITH_DIGIT = re.compile(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`")


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return kzcn_relations.dataset()


@pytest.fixture(scope="module")
def sheet() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PIN.read_text(encoding="utf-8"))
    return data


def test_pin_is_current() -> None:
    """The pinned extract matches the fact sheet, where the sheet is at hand."""
    if not SHEET.exists():
        pytest.skip("the fact sheet is not beside this checkout")
    pin = _script("pin_fact_sheet")
    batch2 = SHEET.parent / "batch2"
    later = pin.later_urls(batch2)
    current = pin.render(json.loads(SHEET.read_text(encoding="utf-8")), later, batch2)
    assert PIN.read_text(encoding="utf-8") == current


def test_every_fact_row_is_a_record(ds: Dataset, sheet: dict[str, Any]) -> None:
    """Every row of the fact sheet is a record, under the row's own id."""
    ids = {r.id for r in ds.records}
    missing = [f["id"] for f in sheet["facts"] if f["id"] not in ids]
    assert not missing


def test_rows_keep_their_confidence(ds: Dataset, sheet: dict[str, Any]) -> None:
    """A row the sheet marks medium stays medium (and high stays high)."""
    for fact in sheet["facts"]:
        assert ds.record(fact["id"]).confidence == fact["confidence"], fact["id"]


def test_every_entity_is_an_actor(ds: Dataset, sheet: dict[str, Any]) -> None:
    """Every entity of the sheet is an actor, under the entity's own id."""
    ids = {a.id for a in ds.actors}
    assert not [e for e in sheet["entities"] if e not in ids]


def test_sources_are_the_sheets(ds: Dataset, sheet: dict[str, Any]) -> None:
    """Every source is vetted: a source of the sheet (same key, same URL), or a
    URL of the later vetted files under a key the sheet does not use."""
    later = set(sheet["later_urls"])
    for source in ds.sources:
        if source.id in sheet["sources"]:
            assert sheet["sources"][source.id] == source.url, source.id
        else:
            assert source.url in later, source.id


def test_every_record_cites_a_source(ds: Dataset) -> None:
    """No record without a source (the model enforces it; this pins it)."""
    assert all(r.sources for r in ds.records)


def test_every_source_is_used(ds: Dataset) -> None:
    """Each source is cited by a record, actor, place or holding, or named in a note."""
    cited = {s.id for r in ds.records for s in r.sources}
    cited |= {s.id for a in ds.actors for s in a.sources}
    cited |= {s.id for p in ds.places for s in p.sources}
    cited |= {s.id for h in ds.holdings for s in h.sources}
    texts = " ".join(r.notes + " " + r.summary for r in ds.records)
    texts += " ".join(a.note for a in ds.actors)
    texts += " ".join(p.note for p in ds.places) + " ".join(h.notes for h in ds.holdings)
    named = set(re.findall(r"\bs\d+\b", texts))
    assert not [s.id for s in ds.sources if s.id not in cited | named]
    known = {s.id for s in ds.sources}
    assert not sorted(named - known), "notes name sources that are not listed"


def test_aliases_are_unambiguous(ds: Dataset) -> None:
    """Each name or alias resolves to its actor, but for the few the sources
    use for two actors (test_coverage pins which)."""
    owners: dict[str, set[str]] = collections.defaultdict(set)
    for a in ds.actors:
        for name in actor_names(a):
            owners[normalize(name)].add(a.id)
    for a in ds.actors:
        for name in actor_names(a):
            if len(owners[normalize(name)]) == 1:
                assert kzcn_relations.actor(name) == a


def test_related_is_symmetric(ds: Dataset) -> None:
    """A link between records is recorded on both of them."""
    for r in ds.records:
        for other in r.related:
            assert r.id in ds.record(other).related, (r.id, other)


def test_ownership(ds: Dataset) -> None:
    """Ownership the sources state can be followed: CNPC controls its arms."""
    for child in ("cnpci", "cnpc-ed", "petrochina", "cnodc", "trans-asia-gas"):
        (holding,) = ds.owners_of(child)
        assert holding.owner == ds.actor("cnpc") and holding.controlling
    (pk,) = ds.owners_of("petrokazakhstan", as_of="2006-01")
    assert pk.owner.id == "cnpci"
    later = {h.owner.id: h.fraction for h in ds.owners_of("petrokazakhstan", as_of=2011)}
    assert later == {"cnpci": Decimal("0.666"), "kmg": Decimal("0.33")}
    controlled = ds.owned_by("cnpc")
    assert {"cnpci", "petrokazakhstan", "cnpc-ed"} <= controlled
    assert "mmg" not in controlled  # through a 50/50 vehicle: nobody controls it
    mibv = {h.owner.id: h.fraction for h in ds.owners_of("mibv", as_of="2009-12")}
    assert mibv == {"cnpc-ed": Decimal("0.5"), "kmg": Decimal("0.5")}
    assert ds.owners_of("mmg", as_of=2008) == ()


def test_native_script_aliases(ds: Dataset) -> None:
    """Kazakh, Russian and Chinese names resolve."""
    assert ds.actor("Қазақстан").id == "kaz"
    assert ds.actor("Китайская Народная Республика").id == "chn"
    assert ds.actor("上海合作组织").id == "sco"


def test_packaged_file_is_canonical(ds: Dataset) -> None:
    """The packaged JSON is in canonical form (scripts/canonicalize.py)."""
    text = PACKAGED.read_text(encoding="utf-8")
    assert text == dumps(ds.to_dict())
    assert "\\u" not in text  # native scripts unescaped


def test_packaged_records_sorted(ds: Dataset) -> None:
    """Records in the file come by date then id."""
    doc = json.loads(PACKAGED.read_text(encoding="utf-8"))
    for key in ("events", "agreements", "investments"):
        records = [ds.record(r["id"]) for r in doc[key]]
        assert records == sorted(records, key=lambda r: (r.date, r.id))


def test_dataset_page_is_generated_from_data(ds: Dataset) -> None:
    """docs/dataset.md shows the figures scripts/dataset_report.py computes."""
    report = _script("dataset_report")
    page = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
    assert report.rewrite(page, report.render(ds)) == page


@pytest.mark.parametrize("page", ["dataset.md", "provenance.md"])
def test_docs_name_real_ids(ds: Dataset, page: str) -> None:
    """Every record or actor id the docs name exists."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    record_ids = {r.id for r in ds.records}
    actor_ids = {a.id for a in ds.actors} | {h.id for h in ds.holdings}
    named = {m for m in SLUG_WITH_DIGIT.findall(text) if any(c.isdigit() for c in m)}
    named |= {m for m in SLUG_WITH_DIGIT.findall(text) if m in actor_ids}
    assert named, "expected the page to name records"
    assert not named - record_ids - actor_ids


def test_provenance_covers_every_seed_row(ds: Dataset, sheet: dict[str, Any]) -> None:
    """The provenance page accounts for every seed claim and seed-marked row."""
    text = (ROOT / "docs" / "provenance.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \|", text, re.M)
    assert [int(r) for r in rows] == list(range(1, sheet["seed_claims"] + 1))
    for fact in sheet["facts"]:
        if fact["seed"]:
            assert f"`{fact['id']}`" in text, fact["id"]


def test_actor_records_are_actors(ds: Dataset) -> None:
    """Every actor a record names is an actor of the dataset."""
    for r in ds.records:
        for a in r.actors():
            assert isinstance(a, Actor) and ds.actor_by_id(a.id) == a
