"""Citations: the dataset's and a record's, as text, BibTeX, CSL-JSON and RIS."""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzcn_relations as kr
from kzcn_relations import Dataset, Record, Source
from kzcn_relations import _cite as cite_module
from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError

from .strategies import datasets

FORMATS = ("text", "bibtex", "csl-json", "ris")
#: A record of the packaged data citing several sources.
MANY = "petrokazakhstan-acquisition-2005"

# -- small parsers: each format read back the way a reference manager would ------

_BIBTEX_ESCAPES = {
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textbackslash{}": "\\",
}
_UNESCAPE = re.compile("|".join(re.escape(e) for e in _BIBTEX_ESCAPES))


def bibtex_entries(text: str) -> list[tuple[str, dict[str, str]]]:
    """The (key, fields) of each entry; fails unless braces balance in each."""
    entries: list[tuple[str, dict[str, str]]] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            assert depth >= 0, f"a closing brace too many at {i}: {text[start : i + 1]!r}"
            if depth == 0:
                entry = text[start : i + 1].strip()
                head = re.match(r"@misc\{([^,\s{}]+),\n", entry)
                assert head is not None, entry
                fields = dict(re.findall(r"^  ([a-z]+) = \{(.*)\},$", entry, re.MULTILINE))
                assert entry.count("\n  ") == len(fields), entry  # each field parsed
                entries.append((head.group(1), fields))
                start = i + 1
    assert depth == 0, "an entry is not closed"
    assert not text[start:].strip()
    return entries


def bibtex_text(value: str) -> str:
    """A BibTeX field's text; fails if a special character is left unescaped."""
    bare = _UNESCAPE.sub("", value)
    if bare.startswith("{") and bare.endswith("}"):  # {{title}}: the case kept
        bare = bare[1:-1]
    assert not re.search(r"[&%$#_{}~^\\]", bare), value
    inner = value[1:-1] if value.startswith("{") and value.endswith("}") else value
    return _UNESCAPE.sub(lambda m: _BIBTEX_ESCAPES[m.group()], inner)


def ris_records(text: str) -> list[list[tuple[str, str]]]:
    """The (tag, value) lines of each RIS record; fails on a line of another shape."""
    records: list[list[tuple[str, str]]] = [[]]
    for line in text.split("\n"):
        if not line and not records[-1]:
            continue  # the blank line between records
        found = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert found is not None, line
        records[-1].append((found.group(1), found.group(2)))
        if found.group(1) == "ER":
            records.append([])
    assert records.pop() == [], "the last record does not end with ER"
    for lines in records:
        assert lines[0][0] == "TY" and lines[-1] == ("ER", ""), lines
    return records


def csl_items(text: str) -> list[dict[str, Any]]:
    """The CSL items; each has an id, a type and a title, and the ids are unique."""
    items = json.loads(text)
    assert isinstance(items, list)
    for item in items:
        assert {"id", "type", "title"} <= item.keys(), item
        assert item["type"] in ("dataset", "webpage"), item
    assert len({item["id"] for item in items}) == len(items)
    return items


def text_items(text: str, count: int) -> list[str]:
    """The items of a numbered list of *count* items (one line each)."""
    lines = text.split("\n")
    assert [line.split(". ", 1)[0] for line in lines] == [str(n) for n in range(1, count + 1)]
    return [line.split(". ", 1)[1] for line in lines]


def urls_in(text: str, fmt: str) -> list[str]:
    """Every URL a citation gives, in the place its format gives URLs."""
    if fmt == "bibtex":
        return [f["url"] for _, f in bibtex_entries(text) if "url" in f]
    if fmt == "csl-json":
        return [item["URL"] for item in csl_items(text) if "URL" in item]
    if fmt == "ris":
        return [v for lines in ris_records(text) for tag, v in lines if tag == "UR"]
    return re.findall(r"https?://\S+", text)


def one_line(text: str) -> str:
    """*text* as the citations write it: no controls, white space runs as one space."""
    return " ".join("".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text).split())


def _dataset_meta(version: str, title: str, licence: str) -> Dataset:
    """The record MANY and what it refers to, under another version, title and licence."""
    ds = kr.dataset()
    document = ds.subset([ds.record(MANY)]).to_dict()
    return Dataset.from_dict(
        {**document, "dataset_version": version, "title": title, "license": licence}
    )


# -- the dataset ---------------------------------------------------------------


def test_text_is_unchanged() -> None:
    """cite() and cite(dataset) still write the text they always did."""
    expected = (
        "The kzcn_relations developers (2026). Kazakhstan–China relations since 1992. "
        f"Dataset version 2026.12.0, distributed with the Python package kzcn-relations "
        f"{kr.__version__}. Licence: CC-BY-4.0."
    )
    assert kr.cite() == expected
    assert kr.cite(kr.dataset()) == expected
    assert kr.cite(format="text") == expected


def test_bibtex_of_the_dataset() -> None:
    """One @misc entry keyed by the version, naming authors, title, year, version, licence."""
    ((key, fields),) = bibtex_entries(kr.cite(format="bibtex"))
    assert key == "kzcn-relations-2026.12.0"
    assert bibtex_text(fields["author"]) == "The kzcn_relations developers"
    assert bibtex_text(fields["title"]) == "Kazakhstan–China relations since 1992"
    assert fields["year"] == "2026" and fields["version"] == "2026.12.0"
    note = bibtex_text(fields["note"])
    assert f"kzcn-relations {kr.__version__}" in note and "Licence: CC-BY-4.0" in note
    assert "url" not in fields  # pyproject.toml gives no project URL


def test_csl_json_of_the_dataset() -> None:
    """One CSL item of type dataset, with the version and the year issued."""
    (item,) = csl_items(kr.cite(format="csl-json"))
    assert item["type"] == "dataset"
    assert item["id"] == "kzcn-relations-2026.12.0"
    assert item["version"] == "2026.12.0"
    assert item["issued"] == {"date-parts": [[2026]]}
    assert item["author"] == [{"literal": "The kzcn_relations developers"}]
    assert item["title"] == "Kazakhstan–China relations since 1992"
    assert "CC-BY-4.0" in item["note"] and f"kzcn-relations {kr.__version__}" in item["note"]


def test_ris_of_the_dataset() -> None:
    """One RIS record of type DATA."""
    ((*tags, _),) = ris_records(kr.cite(format="ris"))
    assert dict(tags) == {
        "TY": "DATA",
        "ID": "kzcn-relations-2026.12.0",
        "AU": "The kzcn_relations developers",
        "TI": "Kazakhstan–China relations since 1992",
        "PY": "2026",
        "ET": "2026.12.0",
        "N1": (
            "Dataset version 2026.12.0, distributed with the Python package "
            f"kzcn-relations {kr.__version__}. Licence: CC-BY-4.0."
        ),
    }


def test_project_url_is_cited_when_there_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A URL in the project's metadata appears once in each format."""
    url = "https://example.org/kzcn_relations"
    monkeypatch.setattr(cite_module, "_package", lambda: (kr.__version__, url))
    for fmt in FORMATS:
        assert urls_in(kr.cite(format=fmt), fmt) == [url], fmt


def test_a_version_without_a_year() -> None:
    """A version that does not start with a year gives no year, not a wrong one."""
    ds = _dataset_meta("draft-3", "Mine", "")
    assert kr.cite(ds).startswith("The kzcn_relations developers (n.d.). Mine. ")
    assert "Licence" not in kr.cite(ds)
    ((key, fields),) = bibtex_entries(kr.cite(ds, format="bibtex"))
    assert key == "kzcn-relations-draft-3" and "year" not in fields
    (item,) = csl_items(kr.cite(ds, format="csl-json"))
    assert "issued" not in item
    ((*tags, _),) = ris_records(kr.cite(ds, format="ris"))
    assert "PY" not in dict(tags)


# -- a record ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_record_cites_every_source_and_the_dataset(fmt: str) -> None:
    """Every source URL of the record, once, in order, then the dataset."""
    record = kr.dataset().record(MANY)
    text = kr.cite(record, format=fmt)
    assert urls_in(text, fmt) == [s.url for s in record.sources]
    assert "2026.12.0" in text
    assert text.count(MANY) == len(record.sources)  # the record's id, in each source's note


def test_record_items_in_each_format() -> None:
    """Sources are web pages keyed by their ids; the dataset comes last."""
    record = kr.dataset().record(MANY)
    ids = [s.id for s in record.sources]
    entries = bibtex_entries(kr.cite(record, format="bibtex"))
    assert [key for key, _ in entries] == [*ids, "kzcn-relations-2026.12.0"]
    s33 = dict(entries)["s33"]
    assert bibtex_text(s33["title"]) == record.sources[ids.index("s33")].title  # "$4.2bn ..."
    assert bibtex_text(s33["note"]) == (
        f"Source s33 of record {MANY}, kzcn_relations dataset version 2026.12.0"
    )
    items = csl_items(kr.cite(record, format="csl-json"))
    assert [i["id"] for i in items] == [*ids, "kzcn-relations-2026.12.0"]
    assert [i["type"] for i in items] == ["webpage"] * len(ids) + ["dataset"]
    assert all(MANY in i["note"] for i in items[:-1])
    records = ris_records(kr.cite(record, format="ris"))
    assert [r[0][1] for r in records] == ["ELEC"] * len(ids) + ["DATA"]
    lines = text_items(kr.cite(record), len(ids) + 1)
    assert lines[-1] == kr.cite()


def test_titles_not_seen_on_the_page_are_bracketed() -> None:
    """A title made up from the URL or describing the page is in square brackets."""
    record = kr.dataset().record(MANY)
    items = csl_items(kr.cite(record, format="csl-json"))
    for source, item in zip(record.sources, items, strict=False):
        made_up = source.title_from != "page"
        assert item["title"] == (f"[{source.title}]" if made_up else source.title)


def test_record_of_another_dataset() -> None:
    """dataset= names the dataset a record comes from."""
    ds = _dataset_meta("2030.1.0", "Other", "MIT")
    text = kr.cite(ds.record(MANY), dataset=ds)
    assert text.endswith(
        "Other. Dataset version 2030.1.0, distributed with the Python package "
        f"kzcn-relations {kr.__version__}. Licence: MIT."
    )
    assert kr.cite(dataset=ds) == kr.cite(ds)


def test_a_holding_is_cited_like_a_record() -> None:
    """Holdings cite their sources too."""
    holding = kr.dataset().holdings[0]
    assert urls_in(kr.cite(holding, format="ris"), "ris") == [s.url for s in holding.sources]


def test_keys_stay_unique() -> None:
    """A source whose id is taken gets a suffix; the dataset keeps its key."""
    record = kr.dataset().record(MANY)
    clash = (
        Source("kzcn-relations-draft", "https://a.example/1", "A"),
        Source("kzcn-relations-draft-2", "https://a.example/2", "B"),
    )
    ds = _dataset_meta("draft", "Mine", "")
    text = kr.cite(attrs.evolve(record, sources=clash), format="bibtex", dataset=ds)
    assert [key for key, _ in bibtex_entries(text)] == [
        "kzcn-relations-draft-2",
        "kzcn-relations-draft-2-2",
        "kzcn-relations-draft",
    ]


def test_unsafe_urls_are_percent_encoded() -> None:
    """Braces, backslashes and spaces in a URL cannot break BibTeX or RIS."""
    record = kr.dataset().record(MANY)
    odd = Source("s1", "https://a.example/{x}\\y z\nw", "A")
    changed = attrs.evolve(record, sources=(odd,))
    safe = "https://a.example/%7Bx%7D%5Cy%20z%0Aw"
    assert urls_in(kr.cite(changed, format="bibtex"), "bibtex") == [safe]
    assert urls_in(kr.cite(changed, format="ris"), "ris") == [safe]
    assert urls_in(kr.cite(changed, format="csl-json"), "csl-json") == [odd.url]


# -- bad arguments -------------------------------------------------------------


def test_unknown_format() -> None:
    """An unknown format names the four there are."""
    with pytest.raises(InvalidValueError, match="format: 'json' is not one of") as info:
        kr.cite(format="json")
    assert all(repr(f) in str(info.value) for f in FORMATS)


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((42,), {}, "data"),
        (("2026.12.0",), {}, "data"),
        ((), {"format": 1}, "format"),
        ((), {"dataset": "packaged"}, "dataset"),
    ],
)
def test_wrong_types(args: tuple[Any, ...], kwargs: dict[str, Any], field: str) -> None:
    """Anything but a dataset or a record, or a format that is not text, is a type error."""
    with pytest.raises(InvalidTypeError, match=f"^{field}: expected"):
        kr.cite(*args, **kwargs)


def test_a_source_is_not_a_record() -> None:
    """A source is not cited on its own."""
    with pytest.raises(InvalidTypeError, match="got Source"):
        kr.cite(kr.dataset().sources[0])  # type: ignore[arg-type]


def test_two_datasets() -> None:
    """dataset= is for the dataset of a record, not a second dataset."""
    with pytest.raises(InvalidValueError, match=r"^dataset: "):
        kr.cite(kr.dataset(), dataset=kr.dataset())


# -- properties over generated data --------------------------------------------

#: Text that BibTeX, RIS and JSON each have to take care over.
_NASTY = st.text(
    st.sampled_from("{}\\&%$#_~^@\"',= \n\t\r\x00\u2028éЖ中") | st.characters(codec="utf-8"),
    min_size=1,
    max_size=30,
).filter(lambda s: bool(s.strip()))


@st.composite
def cited_records(draw: st.DrawFn) -> tuple[Dataset, Record]:
    """A generated dataset with nasty metadata, and one of its records with nasty source titles."""
    ds = draw(datasets(min_records=1, max_records=4, max_actors=3))
    document = {
        **ds.to_dict(),
        "dataset_version": draw(_NASTY | st.just("2026.12.0")),
        "title": draw(_NASTY),
        "license": draw(st.just("") | _NASTY),
    }
    record = draw(st.sampled_from(ds.records))
    sources = tuple(attrs.evolve(s, title=draw(_NASTY)) for s in record.sources)
    return Dataset.from_dict(document), attrs.evolve(record, sources=sources)


@settings(max_examples=60)
@given(cited_records(), st.sampled_from(FORMATS))
def test_every_source_url_once(pair: tuple[Dataset, Record], fmt: str) -> None:
    """Each source's URL is given once per source, and the dataset's version is named."""
    ds, record = pair
    text = kr.cite(record, format=fmt, dataset=ds)
    assert sorted(urls_in(text, fmt)) == sorted(s.url for s in record.sources)
    if fmt == "csl-json":
        assert csl_items(text)[-1]["version"] == ds.version
    elif fmt == "bibtex":
        assert bibtex_text(bibtex_entries(text)[-1][1]["version"]) == one_line(ds.version)


@settings(max_examples=60)
@given(cited_records())
def test_bibtex_braces_balance(pair: tuple[Dataset, Record]) -> None:
    """Braces balance, keys are unique, and every title reads back as it was (on one line)."""
    ds, record = pair
    entries = bibtex_entries(kr.cite(record, format="bibtex", dataset=ds))
    assert len({key for key, _ in entries}) == len(entries) == len(record.sources) + 1
    titles = [bibtex_text(fields["title"]) for _, fields in entries]
    flat = [one_line(s.title) for s in record.sources]
    made_up = [s.title_from != "page" for s in record.sources]
    assert titles[:-1] == [f"[{t}]" if m else t for t, m in zip(flat, made_up, strict=True)]
    assert titles[-1] == (one_line(ds.title) or "kzcn_relations dataset")
    for _, fields in entries:
        bibtex_text(fields["note"])


@settings(max_examples=60)
@given(cited_records())
def test_ris_and_text_keep_one_line_an_item(pair: tuple[Dataset, Record]) -> None:
    """Nasty titles cannot break a RIS record or the numbered list."""
    ds, record = pair
    assert len(ris_records(kr.cite(record, format="ris", dataset=ds))) == len(record.sources) + 1
    items = text_items(kr.cite(record, dataset=ds), len(record.sources) + 1)
    assert items[-1] == kr.cite(ds)


@settings(max_examples=30)
@given(datasets(max_records=4, max_actors=3), st.sampled_from(FORMATS))
def test_citation_is_deterministic(ds: Dataset, fmt: str) -> None:
    """An unchanged dataset, or an equal one rebuilt from its document, cites the same."""
    again = Dataset.from_dict(ds.to_dict())
    assert kr.cite(ds, format=fmt) == kr.cite(ds, format=fmt) == kr.cite(again, format=fmt)
    for record in ds.records:
        assert kr.cite(record, format=fmt, dataset=ds) == kr.cite(
            again.record(record.id), format=fmt, dataset=again
        )
