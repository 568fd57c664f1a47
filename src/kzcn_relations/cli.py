"""The ``kzcn-relations`` command line (also ``python -m kzcn_relations``).

Exit status: 0 on success (an empty result included), 1 for a dataset
file that does not validate or cannot be read, 2 for a usage error (a bad
date, an unknown name, a bad option).  Errors are one line on standard
error, never a traceback; ``validate`` prints every problem, one a line.
"""

from __future__ import annotations

import argparse
import collections
import decimal
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from kzcn_relations import _names
from kzcn_relations._cite import cite
from kzcn_relations._dataset import Dataset
from kzcn_relations._io import dataset, load
from kzcn_relations._schema import json_schema
from kzcn_relations.export import to_csv, write_datapackage, write_rows
from kzcn_relations.converters import make_converter
from kzcn_relations.exceptions import (
    DatasetError,
    KzcnRelationsError,
    UnknownActorError,
)
from kzcn_relations.model import (
    Actor,
    Agreement,
    Event,
    Investment,
    InvestmentKind,
    Money,
    Record,
    Source,
)

_WIDTH = 80
_FORMATS = ("table", "json", "jsonl", "csv")


class _UsageError(Exception):
    """A usage error found by argparse."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


# -- output helpers -----------------------------------------------------------


def _wrap(text: str, indent: str = "    ") -> list[str]:
    return textwrap.wrap(
        text, _WIDTH, initial_indent=indent, subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _ids(actors: Sequence[Actor]) -> str:
    return ", ".join(a.id for a in actors)


def _who(record: Record) -> str:
    if isinstance(record, Event):
        text = _ids(record.participants)
        if record.amount is not None:
            text += f"; {record.amount}"
        return text
    if isinstance(record, Agreement):
        return _ids(record.parties)
    text = _ids(record.investors)
    if record.target is not None:
        text += f" -> {record.target.id}"
    if record.amount is not None:
        text += f"; {record.amount}"
    return text


def _when(record: Record) -> str:
    return str(record.date) + (f"/{record.end}" if record.end is not None else "")


def format_table(records: Sequence[Record]) -> str:
    """Records as an 80-column listing.

    One block a record: the date (or span) and the id, then the kind and
    title, then who took part (and for investments, target and amount).
    """
    if not records:
        return "(no records)"
    blocks: list[str] = []
    for r in records:
        lines = [f"{_when(r):<21}  {r.id}"]
        lines += _wrap(f"{r.kind.value}: {r.title}")
        lines += _wrap(_who(r))
        blocks.append("\n".join(lines))
    noun = "record" if len(records) == 1 else "records"
    return "\n\n".join(blocks) + f"\n\n({len(records)} {noun})"


def format_record(record: Record) -> str:
    """One record in full, with its sources, for ``show``."""
    conv = make_converter()
    data = conv.unstructure(record)
    lines = [record.id, "=" * min(len(record.id), _WIDTH)]
    labels = {
        "kind": "kind", "date": "date", "end": "end", "title": "title",
        "place": "place", "participants": "participants", "parties": "parties",
        "signatories": "signatories", "in_force": "in force",
        "investors": "investors", "target": "target", "seller": "seller",
        "reporter": "reporter", "amount": "amount", "stake": "stake",
        "involved": "involved", "confidence": "confidence",
        "related": "related", "external_ids": "external ids",
    }
    for key, label in labels.items():
        if key not in data:
            continue
        value = getattr(record, key)
        if isinstance(value, tuple):
            shown = ", ".join(
                f"{v.id} ({v.name})" if isinstance(v, Actor)
                else f"{v.scheme}:{v.id}" if hasattr(v, "scheme") else str(v)
                for v in value
            )
        elif isinstance(value, Actor):
            shown = f"{value.id} ({value.name})"
        elif isinstance(value, Money):
            shown = str(value)
        else:
            shown = str(getattr(value, "value", value))
        lines += textwrap.wrap(
            shown, _WIDTH, initial_indent=f"{label + ':':<14}",
            subsequent_indent=" " * 14, break_on_hyphens=False,
        )
    for key in ("summary", "notes"):
        text = getattr(record, key)
        if text:
            lines += ["", f"{key}:"] + _wrap(text, "  ")
    lines += ["", "sources:"]
    for s in record.sources:
        lines += _wrap(f"[{s.id}] {s.title}", "  ") + _wrap(s.url, "    ")
    return "\n".join(lines)


def _actor_line(a: Actor) -> list[str]:
    head = f"{a.id:<24} {a.kind.value:<14} "
    name = a.name + (f" ({a.country})" if a.country else "")
    return textwrap.wrap(
        name, _WIDTH, initial_indent=head, subsequent_indent=" " * len(head),
        break_on_hyphens=False,
    )


def format_timeline(records: Sequence[Record]) -> str:
    """A chronological view by year: one line a record, 80 columns."""
    if not records:
        return "(no records)"
    lines: list[str] = []
    year = None
    for r in records:
        if r.date.year != year:
            year = r.date.year
            if lines:
                lines.append("")
            lines.append(str(year))
        day = str(r.date)[5:] or "    "
        mark = "+" if r.end is not None else " "
        head = f"  {day:<5}{mark} {r.kind.value:<17} "
        room = _WIDTH - len(head)
        title = r.title if len(r.title) <= room else r.title[: room - 1] + "…"
        lines.append(head + title)
    lines += ["", f"({len(records)} records; + marks a span, a blank day a date known only to the month or year)"]
    return "\n".join(lines)


def _document(ds: Dataset, records: Sequence[Record]) -> dict[str, Any]:
    """A loadable document holding *records* and what they refer to."""
    full = ds.to_dict()
    wanted = {r.id for r in records}
    actors = {a.id for r in records for a in r.actors()}
    pending = list(actors)
    while pending:  # owners too, so parents resolve
        parent = ds.actor_by_id(pending.pop()).parent
        if parent is not None and parent.id not in actors:
            actors.add(parent.id)
            pending.append(parent.id)
    sources = {s.id for r in records for s in r.sources}
    sources |= {s.id for a in ds.actors if a.id in actors for s in a.sources}
    doc = {k: v for k, v in full.items() if not isinstance(v, list)}
    doc["actors"] = [a for a in full["actors"] if a["id"] in actors]
    doc["sources"] = [s for s in full["sources"] if s["id"] in sources]
    for key in ("events", "agreements", "investments"):
        doc[key] = [
            {**r, "related": [x for x in r.get("related", []) if x in wanted]}
            if r.get("related") else r
            for r in full[key] if r["id"] in wanted
        ]
        for r in doc[key]:
            if "related" in r and not r["related"]:
                del r["related"]
    return doc


def _emit_records(ds: Dataset, records: Sequence[Record], fmt: str) -> str:
    if fmt == "table":
        return format_table(records)
    if fmt == "json":
        return json.dumps(_document(ds, records), ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        conv = make_converter()
        return "\n".join(
            json.dumps(conv.unstructure(r), ensure_ascii=False) for r in records
        )
    return to_csv(records).rstrip("\n")


def _emit_items(
    items: Sequence[Actor] | Sequence[Source], fmt: str, table: Callable[[], str]
) -> str:
    conv = make_converter()
    data = [conv.unstructure(x) for x in items]
    if fmt == "table":
        return table()
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(json.dumps(d, ensure_ascii=False) for d in data)
    import io

    columns = list(dict.fromkeys(k for d in data for k in d))
    out = io.StringIO()
    write_rows(out, columns, [{c: _flat(d.get(c)) for c in columns} for d in data])
    return out.getvalue().rstrip("\n")


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return [json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for v in value]
    return value


def _totals(investments: Sequence[Investment]) -> dict[str, decimal.Decimal]:
    totals: dict[str, decimal.Decimal] = collections.defaultdict(decimal.Decimal)
    for i in investments:
        if i.amount is not None and i.kind is not InvestmentKind.AGGREGATE:
            totals[i.amount.currency] += i.amount.amount
    return dict(sorted(totals.items()))


# -- the parser ------------------------------------------------------------------


def _parser() -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--data", metavar="FILE", default=argparse.SUPPRESS,
        help="query this dataset file instead of the packaged one",
    )
    common.add_argument(
        "--format", choices=_FORMATS, default="table",
        help="table (default, 80 columns), json, jsonl or csv",
    )
    parser = _Parser(
        prog="kzcn-relations",
        description="Query the Kazakhstan–China relations dataset.",
        epilog="example: kzcn-relations events 1994 1998 --kind treaty",
    )
    parser.add_argument(
        "--version", action="store_true",
        help="print the package and dataset versions and exit",
    )
    parser.add_argument(
        "--data", metavar="FILE",
        help="query this dataset file instead of the packaged one",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_: str, example: str, *, parents: bool = True) -> _Parser:
        p: _Parser = sub.add_parser(
            name, help=help_, description=help_ + ".",
            epilog=f"example: {example}", parents=[common] if parents else [],
        )
        return p

    ev = add("events", "records of every kind in a date range",
             "kzcn-relations events 1994 1998 --kind treaty --match within")
    ev.add_argument("start", help="YYYY, YYYY-MM or YYYY-MM-DD")
    ev.add_argument("end", help="YYYY, YYYY-MM or YYYY-MM-DD")
    ev.add_argument("--kind", action="append", metavar="KIND",
                    help="keep only this kind (repeatable): visit, treaty, loan, ...")
    ev.add_argument("--match", choices=("overlaps", "within"), default="overlaps",
                    help="overlaps: may fall in the range (default); within: certainly in it")
    ag = add("agreements", "agreements to which an actor is a party",
             "kzcn-relations agreements --with Kyrgyzstan")
    ag.add_argument("--with", dest="party", required=True, metavar="NAME",
                    help="an id, name, alias or ISO code")
    ag.add_argument("--between", nargs=2, metavar=("START", "END"))
    inv = add("investments", "investments by an investor (and what it owns)",
              "kzcn-relations investments --by China --total")
    inv.add_argument("--by", dest="investor", required=True, metavar="NAME",
                     help="an id, name, alias or ISO code")
    inv.add_argument("--between", nargs=2, metavar=("START", "END"))
    inv.add_argument("--no-subsidiaries", action="store_true",
                     help="match the investor itself only, not what it owns")
    inv.add_argument("--total", action="store_true",
                     help="print the total per currency instead (aggregates excluded)")
    act = add("actors", "actors whose names or aliases contain TEXT (all without)",
              "kzcn-relations actors petro")
    act.add_argument("text", nargs="?", default="")
    show = add("show", "one record in full, with its sources",
               "kzcn-relations show petrokazakhstan-acquisition-2005")
    show.add_argument("id")
    src = add("sources", "the sources, or those whose title or URL contains TEXT",
              "kzcn-relations sources reuters")
    src.add_argument("text", nargs="?", default="")
    tl = add("timeline", "a chronological view for the terminal",
             "kzcn-relations timeline 2013 2015")
    tl.add_argument("start", nargs="?", default="1")
    tl.add_argument("end", nargs="?", default="9999")
    tl.add_argument("--kind", action="append", metavar="KIND")
    ex = add("export", "the whole dataset: json, jsonl, csv or a data package",
             "kzcn-relations export --format datapackage out/", parents=False)
    ex.add_argument("--data", metavar="FILE", default=argparse.SUPPRESS,
                    help="export this dataset file instead of the packaged one")
    ex.add_argument("--format", choices=("json", "jsonl", "csv", "datapackage"),
                    default="json")
    ex.add_argument("output", nargs="?",
                    help="file (or directory, for datapackage); default: standard output")
    val = add("validate", "check a dataset file; print every problem",
              "kzcn-relations validate my-records.json", parents=False)
    val.add_argument("file")
    add("schema", "print the JSON Schema of the dataset file format",
        "kzcn-relations schema > schema.json", parents=False)
    add("cite", "print how to cite the dataset",
        "kzcn-relations cite", parents=False).add_argument(
            "--data", metavar="FILE", default=argparse.SUPPRESS)
    return parser


# -- running ---------------------------------------------------------------------


def _version() -> str:
    from importlib.metadata import version

    return f"kzcn-relations {version('kzcn-relations')} (dataset {dataset().version})"


def _run(args: argparse.Namespace) -> str:
    command = args.command
    if command == "schema":
        return json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if command == "validate":
        ds = load(args.file)
        return (
            f"{args.file}: valid, dataset {ds.version}: {len(ds.events)} events, "
            f"{len(ds.agreements)} agreements, {len(ds.investments)} investments, "
            f"{len(ds.actors)} actors, {len(ds.sources)} sources"
        )
    ds = load(args.data) if getattr(args, "data", None) else dataset()
    if command == "cite":
        return textwrap.fill(cite(ds), _WIDTH, break_on_hyphens=False)
    fmt = getattr(args, "format", "table")
    if command == "events":
        return _emit_records(
            ds, ds.events_between(args.start, args.end, kinds=args.kind, match=args.match), fmt
        )
    if command == "agreements":
        between = tuple(args.between) if args.between else None
        return _emit_records(ds, ds.agreements_with(args.party, between=between), fmt)
    if command == "investments":
        between = tuple(args.between) if args.between else None
        found = ds.investments_by(
            args.investor, between=between, include_subsidiaries=not args.no_subsidiaries
        )
        if not args.total:
            return _emit_records(ds, found, fmt)
        totals = _totals(found)
        if fmt in ("json", "jsonl"):
            return json.dumps({c: format(v, "f") for c, v in totals.items()})
        if fmt == "csv":
            return "currency,amount\n" + "\n".join(f"{c},{v:f}" for c, v in totals.items())
        if not totals:
            return "(no amounts)"
        return "\n".join(f"{c} {v:,f}" for c, v in totals.items())
    if command == "actors":
        key = _names.normalize(args.text)
        found_actors = [
            a for a in ds.actors
            if not key or any(key in _names.normalize(n) for n in (a.id, *_names.actor_names(a)))
        ]
        return _emit_items(
            found_actors, fmt,
            lambda: "\n".join(line for a in found_actors for line in _actor_line(a))
            + f"\n({len(found_actors)} actors)" if found_actors else "(no actors)",
        )
    if command == "sources":
        key = _names.normalize(args.text)
        found_sources = [
            s for s in ds.sources
            if not key or key in _names.normalize(s.title) or key in s.url.lower()
        ]
        return _emit_items(
            found_sources, fmt,
            lambda: "\n".join(
                "\n".join(_wrap(f"{s.id:<6}{s.title}", "")[:1] + _wrap(s.url, "      "))
                for s in found_sources
            ) + f"\n({len(found_sources)} sources)" if found_sources else "(no sources)",
        )
    if command == "show":
        try:
            record = ds.record(args.id)
        except KeyError:
            close = [r.id for r in ds.records if args.id in r.id][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise _UsageError(
                f"kzcn-relations: no record has the id {args.id!r}{hint}"
            ) from None
        if fmt == "table":
            return format_record(record)
        return _emit_records(ds, [record], fmt)
    if command == "timeline":
        records = ds.events_between(args.start, args.end, kinds=args.kind)
        if fmt == "table":
            return format_timeline(records)
        return _emit_records(ds, records, fmt)
    if command == "export":
        if args.format == "datapackage":
            target = args.output or "datapackage"
            path = write_datapackage(ds, target)
            return f"wrote {path}"
        text = _emit_records(ds, ds.records, args.format)
        if args.format == "json":
            text = json.dumps(ds.to_dict(), ensure_ascii=False, indent=2)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
            return f"wrote {args.output}"
        return text
    raise _UsageError("a command is required; see --help")  # pragma: no cover


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.version:
            print(_version())
            return 0
        if args.command is None:
            raise _UsageError("kzcn-relations: a command is required (see --help)")
        output = _run(args)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except DatasetError as exc:
        if getattr(args, "command", None) == "validate":
            print(f"{exc.origin}: invalid, {len(exc.problems)} problems:", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
        else:
            first = exc.problems[0] if exc.problems else ""
            more = len(exc.problems) - 1
            tail = f" (and {more} more; run kzcn-relations validate)" if more > 0 else ""
            print(f"kzcn-relations: invalid dataset {exc.origin}: {first}{tail}", file=sys.stderr)
        return 1
    except OSError as exc:
        name = exc.filename or getattr(args, "data", None) or getattr(args, "file", "")
        print(f"kzcn-relations: {name}: {exc.strerror}", file=sys.stderr)
        return 1
    except (UnknownActorError, KzcnRelationsError) as exc:
        print(f"kzcn-relations: {exc}", file=sys.stderr)
        return 2
    try:
        print(output)
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
    return 0
