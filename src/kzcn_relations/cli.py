"""The ``kzcn-relations`` command line (also ``python -m kzcn_relations``).

Exit status: 0 on success (an empty result included), 1 for a dataset
file that does not validate or cannot be read, 2 for a usage error (a bad
date, an unknown name, a bad option).  Errors are one line on standard
error, never a traceback; ``validate`` prints every problem, one a line.

Each subcommand is one handler, ``(args) -> str``, registered by
``@_command`` with the options and arguments it takes; the options several
share (``--data``, ``--format``, ``--between``, ``--kind``) are declared once.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NoReturn

from kzcn_relations import _names
from kzcn_relations._cite import cite
from kzcn_relations._dataset import Dataset
from kzcn_relations._io import dataset, load
from kzcn_relations._jsonio import FORMAT
from kzcn_relations._schema import json_schema
from kzcn_relations._sqlite import to_sqlite
from kzcn_relations._terminal import (
    WIDTH,
    actor_lines,
    format_record,
    format_table,
    format_timeline,
    holding_lines,
    place_lines,
    stake_lines,
    wrap,
)
from kzcn_relations._totals import Totals, totals
from kzcn_relations.converters import make_converter
from kzcn_relations.exceptions import (
    DatasetError,
    KzcnRelationsError,
    UnknownRecordError,
)
from kzcn_relations.export import to_csv, to_parquet, write_csv, write_datapackage, write_rows
from kzcn_relations.model import (
    Actor,
    Basis,
    Holding,
    Place,
    Record,
    Source,
    Status,
)

_FORMATS = ("table", "json", "jsonl", "csv")
#: A subcommand's handler: the parsed arguments in, the text to print out.
Handler = Callable[[argparse.Namespace], str]
#: An option or argument, added to a parser by calling it.
Option = Callable[[argparse.ArgumentParser], object]


class _UsageError(Exception):
    """A usage error found by argparse."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _emit_records(ds: Dataset, records: Sequence[Record], fmt: str) -> str:
    if fmt == "table":
        return format_table(records)
    if fmt == "json":  # a loadable document: the records and what they refer to
        return json.dumps(ds.subset(records).to_dict(), ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        conv = make_converter()
        return "\n".join(json.dumps(conv.unstructure(r), ensure_ascii=False) for r in records)
    return to_csv(records).rstrip("\n")


def _emit_items(
    items: Sequence[Actor] | Sequence[Source] | Sequence[Place] | Sequence[Holding],
    fmt: str,
    noun: str,
    lines: Callable[[Any], list[str]],
) -> str:
    """Actors or sources; a table is *lines* of each, then their count."""
    if fmt == "table":
        if not items:
            return f"(no {noun})"
        return "\n".join(ln for x in items for ln in lines(x)) + f"\n({len(items)} {noun})"
    conv = make_converter()
    data = [conv.unstructure(x) for x in items]
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(json.dumps(d, ensure_ascii=False) for d in data)
    columns = list(dict.fromkeys(k for d in data for k in d))
    out = io.StringIO()
    write_rows(out, columns, [{c: _flat(d.get(c)) for c in columns} for d in data])
    return out.getvalue().rstrip("\n")


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return [json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for v in value]
    return value


def _emit_totals(result: Totals, fmt: str) -> str:
    """Sums per currency (and group), then what was left out and why."""
    if fmt in ("json", "jsonl"):
        return json.dumps(
            {
                "sums": [
                    {
                        **({"group": t.group} if t.group is not None else {}),
                        "currency": t.currency,
                        "amount": format(t.amount, "f"),
                        "count": t.count,
                    }
                    for t in result.sums
                ],
                "left_out": [{"id": x.id, "reason": x.reason} for x in result.left_out],
            },
            ensure_ascii=False,
        )
    if fmt == "csv":
        out = io.StringIO()
        rows = [
            {"group": t.group, "currency": t.currency, "amount": t.amount, "count": t.count}
            for t in result.sums
        ]
        write_rows(out, ["group", "currency", "amount", "count"], rows)
        return out.getvalue().rstrip("\n")
    lines = str(result).splitlines()
    return "\n".join(
        part
        for line in lines
        for part in wrap(line.strip(), " " * (len(line) - len(line.lstrip())))
    )


# -- options: each declared once, attached to the subcommands that take it --------


def _arg(*names: str, **kwargs: Any) -> Option:
    """An argument, added to a subcommand's parser when the parser is built."""
    return lambda parser: parser.add_argument(*names, **kwargs)


def _data(verb: str = "query") -> Option:
    # SUPPRESS: a subcommand without --data keeps one given before the subcommand
    return _arg(
        "--data",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help=f"{verb} this dataset file instead of the packaged one",
    )


def _format(*choices: str, help_: str | None = None) -> Option:
    """``--format``, defaulting to the first of *choices*."""
    return _arg("--format", choices=choices, default=choices[0], help=help_)


#: What every query takes: --data and --format.
_QUERY = (_data(), _format(*_FORMATS, help_="table (default, 80 columns), json, jsonl or csv"))
_BETWEEN = _arg("--between", nargs=2, metavar=("START", "END"))
_KIND = _arg(
    "--kind",
    action="append",
    metavar="KIND",
    help="keep only this kind (repeatable): visit, treaty, loan, ...",
)
_NAME = "an id, a name in any language or an ISO code"
_AS_OF = _arg(
    "--as-of",
    metavar="DATE",
    help="holdings that ran at some time within DATE (default: those still running)",
)
_DATE = "YYYY, YYYY-MM or YYYY-MM-DD"

#: name -> (handler, help, example, options), in the order of ``--help``.
_COMMANDS: dict[str, tuple[Handler, str, str, tuple[Option, ...]]] = {}


def _command(name: str, help_: str, example: str, *options: Option) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of subcommand *name*."""

    def register(handler: Handler) -> Handler:
        _COMMANDS[name] = (handler, help_, f"kzcn-relations {name} {example}".rstrip(), options)
        return handler

    return register


# -- the handlers: one a subcommand ------------------------------------------------


def _dataset(args: argparse.Namespace) -> Dataset:
    """The ``--data`` file if one was given, else the packaged dataset."""
    return load(args.data) if getattr(args, "data", None) else dataset()


def _between(args: argparse.Namespace) -> tuple[str, str] | None:
    return (args.between[0], args.between[1]) if args.between else None


@_command(
    "events",
    "records of every kind in a date range",
    "1994 1998 --kind treaty --match within",
    *_QUERY,
    _arg("start", help=_DATE),
    _arg("end", help=_DATE),
    _KIND,
    _arg(
        "--match",
        choices=("overlaps", "within"),
        default="overlaps",
        help="overlaps: may fall in the range (default); within: certainly in it",
    ),
    _arg("--host", metavar="NAME", help="events this actor hosted"),
    _arg("--guest", metavar="NAME", help="events where this actor was a guest"),
    _arg("--place", metavar="NAME", help="records at this place, under any name it had"),
)
def _events(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    found = ds.events_between(
        args.start,
        args.end,
        kinds=args.kind,
        match=args.match,
        host=args.host,
        guest=args.guest,
        place=args.place,
    )
    return _emit_records(ds, found, args.format)


@_command(
    "agreements",
    "agreements to which an actor is a party",
    "--with Kyrgyzstan",
    *_QUERY,
    _arg("--with", dest="party", required=True, metavar="NAME", help=_NAME),
    _BETWEEN,
    _arg(
        "--in-force-on",
        metavar="DATE",
        help="only agreements certainly in force then (a known entry into force)",
    ),
)
def _agreements(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    found = ds.agreements_with(args.party, between=_between(args), in_force_on=args.in_force_on)
    return _emit_records(ds, found, args.format)


@_command(
    "investments",
    "investments by an investor (and what it owns)",
    "--by China --total",
    *_QUERY,
    _arg("--by", dest="investor", required=True, metavar="NAME", help=_NAME),
    _BETWEEN,
    _arg(
        "--no-subsidiaries",
        action="store_true",
        help="match the investor itself only, not what it owns",
    ),
    _arg(
        "--total",
        action="store_true",
        help=(
            "print the totals per currency instead, counting no money twice, "
            "and what was left out and why"
        ),
    ),
    _arg(
        "--group-by",
        choices=("year", "kind", "basis", "status"),
        help="with --total: one total per year, kind, basis or status",
    ),
    _arg(
        "--count-all",
        action="store_true",
        help="with --total: count announced, committed, aggregate and cancelled amounts too",
    ),
)
def _investments(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    found = ds.investments_by(
        args.investor, between=_between(args), include_subsidiaries=not args.no_subsidiaries
    )
    if args.total:
        wide = {"bases": tuple(Basis), "statuses": tuple(Status)} if args.count_all else {}
        return _emit_totals(totals(found, by=args.group_by, **wide), args.format)
    return _emit_records(ds, found, args.format)


@_command(
    "owners",
    "who held what fraction of an asset",
    "mmg --as-of 2010",
    *_QUERY,
    _arg("asset", help=_NAME),
    _AS_OF,
)
def _owners(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    found = ds.owners_of(args.asset, as_of=args.as_of)
    return _emit_items(found, args.format, "holdings", holding_lines)


@_command(
    "holdings",
    "what an owner held, directly and through what it held",
    "cnpc --as-of 2010",
    *_QUERY,
    _arg("owner", help=_NAME),
    _AS_OF,
    _arg("--direct", action="store_true", help="only what it held itself"),
)
def _holdings(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    stakes = ds.holdings_of(args.owner, as_of=args.as_of, indirect=not args.direct)
    if args.format == "table":
        if not stakes:
            return "(no holdings)"
        lines = [ln for s in stakes for ln in stake_lines(s)]
        return "\n".join(lines) + f"\n({len(stakes)} assets)"
    rows: list[dict[str, Any]] = [
        {
            "asset": s.asset.id,
            "fraction": None if s.fraction is None else format(s.fraction, "f"),
            "exact": s.exact,
            "chains": [[h.id for h in c] for c in s.chains],
        }
        for s in stakes
    ]
    if args.format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if args.format == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    out = io.StringIO()
    flat = [{**r, "chains": [" > ".join(c) for c in r["chains"]]} for r in rows]
    write_rows(out, ["asset", "fraction", "exact", "chains"], flat)
    return out.getvalue().rstrip("\n")


@_command(
    "trade",
    "trade figures in date order, one reporter's (or all, with --mixed)",
    "--reporter China",
    *_QUERY,
    _arg("--reporter", metavar="NAME", help="the side whose figures to list: " + _NAME),
    _BETWEEN,
    _arg("--mixed", action="store_true", help="list every reporter's figures together"),
)
def _trade(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    found = ds.trade(reporter=args.reporter, between=_between(args), mixed=args.mixed)
    return _emit_records(ds, found, args.format)


@_command(
    "panel",
    "the Kazakhstan–China dyad-year table: trade, visits, agreements, investment",
    "--start 2009 --end 2014 --format csv",
    *_QUERY,
    _arg("--start", type=int, metavar="YEAR", help="the first year (default 1992)"),
    _arg("--end", type=int, metavar="YEAR", help="the last year (default: the latest record's)"),
)
def _panel(args: argparse.Namespace) -> str:
    from kzcn_relations._panel import panel

    table = panel(_dataset(args), start=args.start, end=args.end)
    if args.format == "csv":
        return table.to_csv().rstrip("\n")
    rows = [
        {c: format(v, "f") if isinstance(v, Decimal) else v for c, v in row.items()}
        for row in table
    ]
    if args.format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if args.format == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)

    def bn(value: Any) -> str:  # USD billions, two places
        return "–" if value is None else f"{Decimal(value) / 10**9:,.2f}"

    shown: dict[str, tuple[int, tuple[str, str], Callable[[Any], str]]] = {
        # column -> (width, two header lines, how to show a value)
        "year": (4, ("", "year"), str),
        "trade_kaz_reported_usd": (11, ("trade USD bn", "kaz-rep."), bn),
        "trade_chn_reported_usd": (9, ("", "chn-rep."), bn),
        "visits_to_kaz": (8, ("visits", "to kaz"), str),
        "visits_to_chn": (8, ("", "to chn"), str),
        "summits": (9, ("", "summits"), str),
        "agreements_signed": (8, ("", "signed"), str),
        "agreements_in_force": (10, ("agreements", "in force"), str),
        "investment_usd": (10, ("invested", "USD bn"), bn),
    }
    lines = ["".join(f"{head[k]:>{w}}" for w, head, _ in shown.values()).rstrip() for k in (0, 1)]
    lines += ["".join(f"{show(r[c]):>{w}}" for c, (w, _, show) in shown.items()) for r in rows]
    lines.append(
        f"({len(table)} years; --format csv gives all {len(table.columns)} columns, "
        "described in docs/panel.md)"
    )
    return "\n".join(lines)


def _containing(
    items: Sequence[Actor] | Sequence[Place], text: str, names: Callable[[Any], tuple[str, ...]]
) -> list[Any]:
    """The actors or places whose id or one of whose names contains *text* (all, for none)."""
    key = _names.normalize(text)
    return [
        x for x in items if not key or any(key in _names.normalize(n) for n in (x.id, *names(x)))
    ]


@_command(
    "places",
    "places with every name they had, or those one of whose names contains TEXT",
    "akmola",
    *_QUERY,
    _arg("text", nargs="?", default=""),
)
def _places(args: argparse.Namespace) -> str:
    found = _containing(_dataset(args).places, args.text, _names.place_names)
    return _emit_items(found, args.format, "places", place_lines)


@_command(
    "actors",
    "actors one of whose names (in any language) contains TEXT (all without)",
    "petro",
    *_QUERY,
    _arg("text", nargs="?", default=""),
)
def _actors(args: argparse.Namespace) -> str:
    found = _containing(_dataset(args).actors, args.text, _names.actor_names)
    return _emit_items(found, args.format, "actors", actor_lines)


@_command(
    "show",
    "one record in full, with its sources",
    "petrokazakhstan-acquisition-2005",
    *_QUERY,
    _arg("id"),
)
def _show(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    try:
        record = ds.record(args.id)
    except UnknownRecordError as exc:
        hint = f"; did you mean {', '.join(exc.suggestions)}?" if exc.suggestions else ""
        raise _UsageError(f"kzcn-relations: no record has the id {args.id!r}{hint}") from None
    if args.format == "table":
        return format_record(record)
    return _emit_records(ds, [record], args.format)


@_command(
    "sources",
    "the sources, or those whose title or URL contains TEXT",
    "reuters",
    *_QUERY,
    _arg("text", nargs="?", default=""),
)
def _sources(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    key = _names.normalize(args.text)
    found = [
        s for s in ds.sources if not key or key in _names.normalize(s.title) or key in s.url.lower()
    ]
    return _emit_items(
        found,
        args.format,
        "sources",
        lambda s: wrap(f"{s.id:<6}{s.title}", "")[:1] + wrap(s.url, "      "),
    )


@_command(
    "timeline",
    "a chronological view for the terminal",
    "2013 2015",
    *_QUERY,
    _arg("start", nargs="?", default="0001"),
    _arg("end", nargs="?", default="9999"),
    _KIND,
)
def _timeline(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    records = ds.events_between(args.start, args.end, kinds=args.kind)
    if args.format == "table":
        return format_timeline(records)
    return _emit_records(ds, records, args.format)


@_command(
    "export",
    "the whole dataset: json, jsonl, csv, a data package, SQLite or Parquet",
    "--format datapackage out/",
    _data("export"),
    _format("json", "jsonl", "csv", "datapackage", "sqlite", "parquet"),
    _arg(
        "--encoding",
        choices=("utf-8", "utf-8-sig"),
        default="utf-8",
        help="of a csv file: utf-8-sig adds the byte order mark that Excel needs to show "
        "Kazakh and Chinese text (default utf-8)",
    ),
    _arg(
        "output",
        nargs="?",
        help="file (or directory, for datapackage; a new file, required, for sqlite; "
        "required for parquet); default: standard output",
    ),
)
def _export(args: argparse.Namespace) -> str:
    if args.format == "sqlite":  # a new database file: never standard output, never replaced
        if not args.output:
            raise _UsageError("kzcn-relations export: --format sqlite needs the PATH of a new file")
        if os.path.lexists(args.output):
            raise _UsageError(f"kzcn-relations export: {args.output} exists; choose a new path")
        return f"wrote {to_sqlite(_dataset(args), args.output)}"
    if args.format == "parquet":
        if not args.output:
            raise _UsageError("kzcn-relations export: --format parquet needs an OUTPUT file")
        return f"wrote {to_parquet(_dataset(args).records, args.output)}"
    if args.encoding != "utf-8" and (args.format != "csv" or not args.output):
        raise _UsageError("kzcn-relations export: --encoding is for --format csv to a file")
    ds = _dataset(args)
    if args.format == "csv" and args.output:
        return f"wrote {write_csv(ds.records, args.output, encoding=args.encoding)}"
    if args.format == "datapackage":
        return f"wrote {write_datapackage(ds, args.output or 'datapackage')}"
    if args.format == "json":  # the whole dataset, related links and all
        text = json.dumps(ds.to_dict(), ensure_ascii=False, indent=2)
    else:
        text = _emit_records(ds, ds.records, args.format)
    if not args.output:
        return text
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    return f"wrote {args.output}"


@_command("validate", "check a dataset file; print every problem", "my-records.json", _arg("file"))
def _validate(args: argparse.Namespace) -> str:
    ds = load(args.file)
    return (
        f"{args.file}: valid, dataset {ds.version}: {len(ds.events)} events, "
        f"{len(ds.agreements)} agreements, {len(ds.investments)} investments, "
        f"{len(ds.trade_figures)} trade figures, {len(ds.holdings)} holdings, "
        f"{len(ds.actors)} actors, {len(ds.places)} places, {len(ds.sources)} sources"
    )


@_command(
    "migrate",
    "rewrite a dataset file of an older format in the current one",
    "old.json new.json",
    _arg("old"),
    _arg("new"),
)
def _migrate(args: argparse.Namespace) -> str:
    import warnings

    with warnings.catch_warnings():  # migrating is what the warning asks for
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = load(args.old)
    ds.dump(args.new)
    return f"wrote {args.new} (format {FORMAT})"


@_command("schema", "print the JSON Schema of the dataset file format", "> schema.json")
def _schema(args: argparse.Namespace) -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)


@_command(
    "cite",
    "print how to cite the dataset, or a record's sources and the dataset",
    "xi-jinping-state-visit-2013 --format bibtex",
    _data("cite"),
    _format("text", "bibtex", "csl-json", "ris", help_="text (default), bibtex, csl-json or ris"),
    _arg("record", nargs="?", metavar="RECORD", help="the id of a record to cite with its sources"),
)
def _cite(args: argparse.Namespace) -> str:
    ds = _dataset(args)
    if args.record is None:
        text = cite(ds, format=args.format)
    else:
        try:
            record = ds.record(args.record)
        except UnknownRecordError as exc:
            hint = f"; did you mean {', '.join(exc.suggestions)}?" if exc.suggestions else ""
            raise _UsageError(
                f"kzcn-relations: no record has the id {args.record!r}{hint}"
            ) from None
        text = cite(record, format=args.format, dataset=ds)
    if args.format != "text":
        return text
    # one paragraph a citation, numbered ones indented under their number;
    # URLs are never broken
    return "\n".join(
        textwrap.fill(
            line,
            WIDTH,
            subsequent_indent=" " * len(m.group()) if (m := re.match(r"\d+\. ", line)) else "",
            break_on_hyphens=False,
            break_long_words=False,
        )
        for line in text.splitlines()
    )


# -- the parser and main -----------------------------------------------------------


def _parser() -> _Parser:
    parser = _Parser(
        prog="kzcn-relations",
        description="Query the Kazakhstan–China relations dataset.",
        epilog="example: kzcn-relations events 1994 1998 --kind treaty",
    )
    parser.add_argument(
        "--version", action="store_true", help="print the package and dataset versions and exit"
    )
    _data()(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (handler, help_, example, options) in _COMMANDS.items():
        command = sub.add_parser(
            name, help=help_, description=help_ + ".", epilog=f"example: {example}"
        )
        command.set_defaults(handler=handler)
        for option in options:
            option(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.version:
            from importlib.metadata import version

            print(f"kzcn-relations {version('kzcn-relations')} (dataset {dataset().version})")
            return 0
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            raise _UsageError("kzcn-relations: a command is required (see --help)")
        output = handler(args)
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
    except KzcnRelationsError as exc:  # an unknown name, a bad date or kind: usage errors
        print(f"kzcn-relations: {exc}", file=sys.stderr)
        return 2
    try:
        print(output)
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
    return 0
