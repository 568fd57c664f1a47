"""Hardening: the loader fuzzed, big files, and nothing unsafe.

The loader either returns a dataset equal to what went in or raises
DatasetError: never another exception, never a partial dataset.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import decimal
import json
import pathlib
import socket
import warnings
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kzcn_relations
from kzcn_relations import Dataset, DatasetError
from kzcn_relations.model import Record
from kzcn_relations.strategies import datasets

SRC = pathlib.Path(kzcn_relations.__file__).parent

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = [
    "format",
    "dataset_version",
    "actors",
    "sources",
    "events",
    "agreements",
    "investments",
    "id",
    "date",
    "kind",
    "title",
    "summary",
    "participants",
    "parties",
    "investors",
    "amount",
    "currency",
    "stake",
    "parent",
    "aliases",
    "place",
    "places",
    "holdings",
    "trade",
    "turnover",
    "part_of",
    "related",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.sampled_from(
        [
            "",
            " ",
            "kaz",
            "s1",
            "1994",
            "1994-13",
            "2023-02-29",
            "0",
            "1.5",
            "USD",
            "usd",
            "visit",
            "treaty",
            "loan",
            "high",
            "x" * 300,
            "Қазақстан",
            "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        ]
    )
)


#: (key, value) pairs that are defaults, which a dump leaves out
_DEFAULTS = {
    ("title_from", "page"),
    ("basis", "unknown"),
    ("status", "unknown"),
    ("kind", "common"),  # a name's kind (no record kind is called so)
    ("kind", "trade"),  # a trade figure's one kind, which may go unsaid
    ("control", False),
}


_COLLECTIONS = (
    "actors",
    "sources",
    "places",
    "holdings",
    "events",
    "agreements",
    "investments",
    "trade",
)


def _normal(value: Any, key: str = "") -> Any:
    """A document's content, without defaults and with exact decimals."""
    if isinstance(value, dict):
        out = {}
        for k, raw in value.items():
            v = _normal(raw, k)
            if v in (None, "", []) or (not isinstance(v, (dict, list)) and (k, v) in _DEFAULTS):
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        items = [_normal(v, key) for v in value]
        if items and all(isinstance(i, dict) and "id" in i for i in items) and key in _COLLECTIONS:
            return sorted(items, key=lambda i: str(i["id"]))
        return items
    if key in ("amount", "stake", "fraction", "amount_2021usd") and isinstance(value, str):
        return decimal.Decimal(value)
    return value


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _load_or_error(doc: Any) -> Dataset | None:
    try:
        with warnings.catch_warnings():  # a format-1 document is migrated, with a warning
            warnings.simplefilter("ignore", DeprecationWarning)
            return Dataset.from_dict(doc)
    except DatasetError as exc:
        error = exc
    assert error.problems, "a DatasetError names at least one problem"
    for p in error.problems:
        assert p.path.startswith("$"), p
    return None


@settings(max_examples=200)
@given(JSON)
@example([]).via("a list")
@example({"format": 1}).via("a bare header")
@example({"format": 1, "actors": [{"parent": 5}], "events": [{"kind": "trade"}]}).via("format 1")
def test_arbitrary_json(doc: Any) -> None:
    """Any JSON value: a dataset or a DatasetError, nothing else."""
    _load_or_error(doc)


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(KEYS), JSON | SCALARS, max_size=6))
def test_arbitrary_format_1_documents(doc: dict[str, Any]) -> None:
    """Format-1 documents are migrated first; still only a dataset or a DatasetError."""
    _load_or_error({**doc, "format": 1})


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(KEYS), JSON | SCALARS, max_size=6))
def test_arbitrary_documents(doc: dict[str, Any]) -> None:
    """Objects with the right keys and wrong values: only DatasetError."""
    _load_or_error(doc)


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(datasets(max_records=6), st.data())
def test_one_mutation(ds: Dataset, data: st.DataObject) -> None:
    """A valid document with one value mutated, removed or retyped."""
    mutated = _mutated(ds.to_dict(), data)
    loaded = _load_or_error(mutated)
    if loaded is not None:
        # accepted: then nothing was lost or bent
        assert _normal(loaded.to_dict()) == _normal(mutated)


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(datasets(max_records=6), st.data())
def test_the_fast_reader_refuses_what_the_detailed_reader_refuses(
    ds: Dataset, data: st.DataObject
) -> None:
    """The generated readers accept exactly the documents the detailed reader accepts.

    Both read the same mutated document: where the detailed reader finds a
    problem, the fast one must refuse (or a bad document would load
    unchecked); where it finds none, the fast one builds equal objects.
    """
    from kzcn_relations import _document, _fused

    doc = json.loads(json.dumps(_mutated(ds.to_dict(), data, within=_LISTS)))
    try:
        fast: Any = _fused.read_lists(doc, {}, {}, {})
    except Exception:  # noqa: BLE001 - any refusal
        fast = None

    def refuse(*args: object) -> None:
        raise _fused.Refused

    with mock.patch.object(_document, "_read_fast", refuse):
        try:
            detailed: Any = _document.read_document(doc)
        except DatasetError:
            detailed = None
    if detailed is None:
        assert fast is None
    else:
        assert fast is not None
        assert fast.actors == detailed.actors
        assert fast.sources == detailed.sources
        assert fast.places == detailed.places
        assert fast.holdings == detailed.holdings
        assert fast.records == detailed.records


#: The lists of a document (the generated readers read these; the header is the detailed reader's).
_LISTS = ("sources", "places", "actors", "holdings", "events", "agreements", "investments", "trade")


def _mutated(
    doc: dict[str, Any], data: st.DataObject, within: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """*doc* with one value changed, removed, retyped or repeated (drawn from *data*),
    inside the lists *within* if given (the header checks are the detailed reader's)."""
    paths = [p for p in _paths(doc) if p and (within is None or (len(p) > 1 and p[0] in within))]
    path = data.draw(st.sampled_from(paths))
    mutated = copy.deepcopy(doc)
    parent = mutated
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    operation = data.draw(st.sampled_from(["delete", "replace", "retype", "duplicate"]))
    if operation == "delete":
        del parent[last]
    elif operation == "replace":
        parent[last] = data.draw(SCALARS | JSON)
    elif operation == "retype":
        old = parent[last]
        parent[last] = [old] if not isinstance(old, list) else json.dumps(old)
    elif isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    else:
        parent[last] = [parent[last], parent[last]]
    return mutated


@settings(max_examples=100)
@given(st.binary(max_size=200))
@example(b"\xff\xfe\x00")
@example(b'{"format": 1, "actors": [')
def test_arbitrary_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """Any bytes in a file: load() raises DatasetError (or loads)."""
    path = tmp_path_factory.mktemp("bytes") / "f.json"
    path.write_bytes(data)
    with contextlib.suppress(DatasetError):
        kzcn_relations.load(path)


def test_deep_nesting_is_a_dataset_error(tmp_path: pathlib.Path) -> None:
    """JSON nested too deeply for the parser is a DatasetError, not RecursionError."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DatasetError, match=r"nests too deeply|expected a JSON object"):
        kzcn_relations.load(path)


def test_file_of_50_mb_not_a_dataset(tmp_path: pathlib.Path) -> None:
    """50 MB of JSON that is not a dataset: one clear error, no hang."""
    path = tmp_path / "big.json"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("[" + ",".join(["1234567890"] * 4_600_000) + "]")
    assert path.stat().st_size > 50_000_000
    with pytest.raises(DatasetError) as info:
        kzcn_relations.load(path)
    assert [(p.path, p.message) for p in info.value.problems] == [
        ("$", "expected a JSON object, got list")
    ]


def test_file_of_50_mb_loads_whole(tmp_path: pathlib.Path) -> None:
    """A valid 50 MB file loads, and its longest text survives unchanged."""
    doc = kzcn_relations.dataset().to_dict()
    doc["events"][0]["summary"] = "Қ" * 26_000_000  # two bytes each in UTF-8
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert path.stat().st_size > 50_000_000
    ds = kzcn_relations.load(path)
    assert ds.record(doc["events"][0]["id"]).summary == doc["events"][0]["summary"]


def test_many_problems_are_all_kept() -> None:
    """Thousands of problems: all in .problems, the message capped."""
    doc = kzcn_relations.dataset().to_dict()
    for e in doc["events"]:
        e["date"] = "1994-13"
    with pytest.raises(DatasetError) as info:
        Dataset.from_dict(doc)
    assert len(info.value.problems) == len(doc["events"])
    assert "... and" in str(info.value)


def test_no_network_eval_or_pickle_in_the_package() -> None:
    """The package imports nothing that talks to the network or runs data as code."""
    banned_modules = {
        "socket",
        "urllib",
        "http",
        "requests",
        "pickle",
        "marshal",
        "shelve",
        "ftplib",
        "smtplib",
        "xmlrpc",
        "subprocess",
    }
    banned_calls = {"eval", "exec", "compile", "__import__"}
    # _fused generates the loader's readers from the model's own field
    # declarations, as attrs and cattrs do (no data becomes code: see below)
    generates = {"_fused.py": {"exec", "compile"}}
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {(node.module or "").split(".")[0]}
            else:
                names = set()
            assert not names & banned_modules, (path, names)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                allowed = generates.get(path.name, set())
                assert node.func.id not in banned_calls - allowed, (path, node.func.id)


def test_generated_readers_hold_no_data() -> None:
    """The generated readers' code names only fields: no value of any document is in it."""
    from kzcn_relations import _fused
    from kzcn_relations.model import RECORD_TYPES, Actor, Holding, Place, Source

    for cls in (Source, Place, Actor, Holding, *RECORD_TYPES):
        read = _fused.reader(cls)
        fields = {f.name for f in attrs.fields(cls)}
        tree = ast.parse(read.source)  # type: ignore[attr-defined]
        texts = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
        assert {t for t in texts if isinstance(t, str)} <= fields, cls
        assert texts - fields <= {None, 2, True}, cls


def test_queries_work_with_the_network_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading and querying open no socket."""
    import kzcn_relations._io as io

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the library tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    io._forget()
    assert kzcn_relations.events_between(1994, 1994)
    assert kzcn_relations.investments_by("China")


def test_strategies_are_not_imported_by_the_package() -> None:
    """import kzcn_relations imports neither Hypothesis nor pandas nor matplotlib."""
    import subprocess
    import sys

    code = (
        "import sys, kzcn_relations; kzcn_relations.events_between(1994, 1994);"
        "bad = [m for m in ('hypothesis', 'pandas', 'polars', 'pyarrow', 'matplotlib', "
        "'numpy') if m in sys.modules]; print(bad)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


#: Values each check refuses somewhere: blank and non-UTF-8 text, non-slugs,
#: numbers as numbers and as odd text, impossible dates, wrong types, ids
#: that resolve to nothing.
_BAD_VALUES: list[Any] = [
    "",
    "  ",
    "\ud800",
    "Not A Slug",
    "-1",
    "0",
    "1.50",
    "2",
    "1e3",
    "NaN",
    "2023-02-29",
    "2023-13",
    "zz",
    "XXX",
    "nobody",
    None,
    0,
    1.5,
    True,
    [],
    {},
]


def _small_packaged_document() -> dict[str, Any]:
    """Six packaged records of every kind and shape, with what they name, and three sources."""
    ds = kzcn_relations.dataset()
    records: list[Record] = [
        next(r for r in ds.investments if r.shares),
        next(r for r in ds.investments if r.aiddata and r.guarantor),
        next(r for r in ds.investments if r.stake is not None and r.seller),
        next(r for r in ds.agreements if r.ratifications and r.in_force),
        next(r for r in ds.trade_figures if r.to_china and r.reporter),
        next(r for r in ds.events if r.host and r.places),
    ]
    doc = ds.subset(records).to_dict()
    # one source for everything, so that the document stays small
    keep = doc["sources"][0]["id"]
    doc["sources"] = doc["sources"][:3]

    def cite(obj: Any) -> None:
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key == "sources" and isinstance(value, list) and value and obj is not doc:
                    obj[key] = [keep]
                else:
                    cite(value)
        elif isinstance(obj, list):
            for item in obj:
                cite(item)

    cite(doc)
    return doc


def test_the_fast_reader_refuses_each_bad_value() -> None:
    """Every value of a document, replaced by each of many bad values: wherever the
    detailed reader finds a problem, the generated readers refuse too."""
    from kzcn_relations import _document, _fused

    doc = _small_packaged_document()
    _fused.read_lists(copy.deepcopy(doc), {}, {}, {})  # the document itself reads
    paths = [p for p in _paths(doc) if len(p) > 1 and p[0] in _LISTS]

    def refuse(*args: object) -> None:
        raise _fused.Refused

    tried = refused = 0
    with mock.patch.object(_document, "_read_fast", refuse):
        for path in paths:
            for bad in _BAD_VALUES:
                mutated = copy.deepcopy(doc)
                parent = mutated
                for part in path[:-1]:
                    parent = parent[part]
                parent[path[-1]] = bad
                try:
                    _document.read_document(mutated)
                except DatasetError:
                    refused += 1
                    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal
                        _fused.read_lists(mutated, {}, {}, {})
                tried += 1
    assert refused > tried // 2  # the bad values are mostly bad
