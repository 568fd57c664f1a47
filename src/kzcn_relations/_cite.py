"""How to cite the dataset, or a record and its sources, in four formats.

A citation is built once as a list of items (the dataset, and for a record
each of its sources as a web page), then written as plain text, BibTeX,
CSL-JSON or RIS.  Nothing in it depends on the clock or on object identity,
so equal datasets and records always cite the same way.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import attrs

from kzcn_relations import _io
from kzcn_relations._dataset import Dataset
from kzcn_relations._validators import type_error
from kzcn_relations.exceptions import InvalidValueError
from kzcn_relations.model import (
    Agreement,
    Event,
    Holding,
    Investment,
    Record,
    TitleFrom,
    TradeFigure,
)
from kzcn_relations.model import Source as _Source

AUTHORS = "The kzcn_relations developers"
#: The citation formats :func:`cite` writes.
FORMATS = ("text", "bibtex", "csl-json", "ris")

_PACKAGE = "kzcn-relations"
_RECORD_TYPES = (Event, Agreement, Investment, TradeFigure, Holding)
#: Labels of ``[project.urls]`` to prefer for the dataset's URL, in order.
_URL_LABELS = ("homepage", "repository", "source", "sourcecode", "documentation")
_BIBTEX = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    # \{ would still count as a brace for BibTeX's own parser
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX)) + "]")
#: What a URL may not hold as it is in BibTeX or RIS: braces, backslashes,
#: white space and control characters (percent-encoded instead).
_URL_UNSAFE = re.compile(r"[{}\\\s\x00-\x1f\x7f-\x9f]")


@attrs.frozen
class _Item:
    """One work cited: the dataset (*version* set) or a web page."""

    key: str
    title: str
    url: str
    note: str
    version: str = ""
    year: str = ""
    text: str = ""  # the plain-text citation


def cite(
    data: Dataset | Record | Holding | None = None,
    *,
    format: str = "text",  # noqa: A002 - the word users expect
    dataset: Dataset | None = None,
) -> str:
    """The citation of a dataset (by default the packaged one) or of a record.

    It names the dataset's own version, which changes when the data does,
    not the package's.  *format* is ``"text"``, ``"bibtex"``, ``"csl-json"``
    (a JSON list of CSL items; the dataset's type is ``"dataset"``) or
    ``"ris"``.  The citation of a record (an :class:`Event`,
    :class:`Agreement`, :class:`Investment`, :class:`TradeFigure` or
    :class:`Holding`) cites each of its sources as a web page, with the
    record's id in a note, and then *dataset* (by default the packaged
    one); in text it is a numbered list.  A title the page did not show
    (made up from its URL or describing it) is put in square brackets.

    >>> print(cite())  # doctest: +ELLIPSIS
    The kzcn_relations developers (2026). Kazakhstan–China relations since 1992. ...
    Dataset version 2026.12.0, ... Licence: CC-BY-4.0.
    """
    if not isinstance(format, str):
        raise type_error("format", "str", format)
    if format not in FORMATS:
        allowed = ", ".join(repr(f) for f in FORMATS)
        raise InvalidValueError("format", f"{format!r} is not one of {allowed}")
    if dataset is not None and not isinstance(dataset, Dataset):
        raise type_error("dataset", "a Dataset or None", dataset)
    record: Record | Holding | None = None
    if isinstance(data, _RECORD_TYPES):
        record, ds = data, dataset
    elif data is None or isinstance(data, Dataset):
        if data is not None and dataset is not None:
            raise InvalidValueError(
                "dataset", "names the dataset of a record; the first argument is a dataset"
            )
        ds = data if data is not None else dataset
    else:
        raise type_error(
            "data",
            "a Dataset, an Event, Agreement, Investment, TradeFigure or Holding, or None",
            data,
        )
    items = _items(_io.dataset() if ds is None else ds, record)
    if format == "text":
        return _text(items)
    if format == "bibtex":
        return _bibtex(items)
    if format == "csl-json":
        return _csl_json(items)
    return _ris(items)


# -- the items --------------------------------------------------------------------


def _items(ds: Dataset, record: Record | Holding | None) -> list[_Item]:
    """The sources of *record* (if any), then the dataset, with unique keys."""
    package, url = _package()
    title = _flat(ds.title) or "kzcn_relations dataset"
    year = m.group(1) if (m := re.match(r"([0-9]{4})(?![0-9])", ds.version)) else ""
    tail = f"distributed with the Python package {_PACKAGE} {package}."
    if ds.license:
        tail += f" Licence: {_flat(ds.license)}."
    text = (  # as cite() has always written it
        f"{AUTHORS} ({year or 'n.d.'}). {title}. Dataset version {_flat(ds.version)}, {tail}"
        + (f" {_safe_url(url)}" if url else "")
    )
    about = f"kzcn_relations dataset version {_flat(ds.version)}"
    key = "kzcn-relations-" + re.sub(r"[^A-Za-z0-9._:-]", "-", ds.version)
    items = [
        _Item(
            key=key,
            title=title,
            url=url,
            note=f"Dataset version {_flat(ds.version)}, {tail}",
            version=ds.version,
            year=year,
            text=text,
        )
    ]
    if record is None:
        return items
    seen = {key}
    for s in record.sources:
        key, n = s.id, 1
        while key in seen:  # the dataset's key is fixed; a source's gives way
            n += 1
            key = f"{s.id}-{n}"
        seen.add(key)
        cited = f"source {s.id} of record {record.id}"
        items.append(
            _Item(
                key=key,
                title=_title(s),
                url=s.url,
                note=f"S{cited[1:]}, {about}.",
                text=f"{_sentence(_title(s))} {_safe_url(s.url)} ({cited})",
            )
        )
    # the sources first, then the dataset they are cited through
    return items[1:] + items[:1]


@functools.cache
def _package() -> tuple[str, str]:
    """The package's version and the project's URL ("" if it gives none)."""
    from importlib.metadata import metadata

    meta = metadata(_PACKAGE)
    urls: dict[str, str] = {}
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        urls.setdefault(re.sub(r"[^a-z]", "", label.lower()), url.strip())
    preferred = [urls[label] for label in _URL_LABELS if label in urls]
    return meta["Version"], (preferred or list(urls.values()) or [""])[0]


def _title(source: _Source) -> str:
    title = _flat(source.title)
    return title if source.title_from is TitleFrom.PAGE else f"[{title}]"


def _flat(text: str) -> str:
    """*text* on one line: control characters and runs of white space as one space."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text).split())


def _safe_url(url: str) -> str:
    """*url* with braces, backslashes, white space and controls percent-encoded."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


# -- the formats ------------------------------------------------------------------


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _text(items: list[_Item]) -> str:
    if len(items) == 1:
        return items[0].text
    return "\n".join(f"{n}. {item.text}" for n, item in enumerate(items, 1))


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX[m.group()], _flat(text))


def _bibtex(items: list[_Item]) -> str:
    entries = []
    for item in items:
        fields: list[tuple[str, str]] = []
        if item.version:
            fields += [("author", "{" + _bibtex_escape(AUTHORS) + "}")]
        fields.append(("title", "{" + _bibtex_escape(item.title) + "}"))
        if item.year:
            fields.append(("year", item.year))
        if item.version:
            fields.append(("version", _bibtex_escape(item.version)))
        if item.url:
            fields.append(("url", _safe_url(item.url)))
        fields.append(("note", _bibtex_escape(item.note.removesuffix("."))))
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
        entries.append(f"@misc{{{item.key},\n{body}}}")
    return "\n\n".join(entries)


def _csl_json(items: list[_Item]) -> str:
    out: list[dict[str, Any]] = []
    for item in items:
        csl: dict[str, Any] = {"id": item.key, "type": "dataset" if item.version else "webpage"}
        if item.version:
            csl["author"] = [{"literal": AUTHORS}]
        csl["title"] = item.title
        if item.year:
            csl["issued"] = {"date-parts": [[int(item.year)]]}
        if item.version:
            csl["version"] = item.version
        if item.url:
            csl["URL"] = item.url
        csl["note"] = item.note
        out.append(csl)
    return json.dumps(out, ensure_ascii=False, indent=2)


def _ris(items: list[_Item]) -> str:
    records = []
    for item in items:
        tags = [("TY", "DATA" if item.version else "ELEC"), ("ID", item.key)]
        if item.version:
            tags.append(("AU", AUTHORS))
        tags.append(("TI", item.title))
        if item.year:
            tags.append(("PY", item.year))
        if item.version:
            tags.append(("ET", _flat(item.version)))
        if item.url:
            tags.append(("UR", _safe_url(item.url)))
        tags += [("N1", item.note), ("ER", "")]
        records.append("\n".join(f"{tag}  - {value}" for tag, value in tags))
    return "\n\n".join(records)
