"""The ``kzcn-relations`` command line (also ``python -m kzcn_relations``).

Exit status: 0 on success (an empty result included), 1 for a dataset
file that does not validate, 2 for a usage error (bad date, unknown name).
Errors are one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence

from kzcn_relations._dataset import Dataset, dataset, load
from kzcn_relations.exceptions import DatasetError, UnknownActorError
from kzcn_relations.model import Actor, Agreement, Event, Investment, Record

_WIDTH = 80


def _actor_list(actors: Sequence[Actor]) -> str:
    return ", ".join(a.id for a in actors)


def _detail(record: Record) -> str:
    if isinstance(record, Event):
        return _actor_list(record.participants)
    if isinstance(record, Agreement):
        return _actor_list(record.parties)
    if isinstance(record, Investment):
        text = _actor_list(record.investors)
        if record.target is not None:
            text += f" -> {record.target.id}"
        if record.amount is not None:
            text += f"; {record.amount}"
        return text
    raise TypeError(record)  # pragma: no cover


def format_table(records: Sequence[Record]) -> str:
    """Records as an 80-column listing.

    One block a record: the date (or span) and the id, then the kind and
    title, then who took part (and for investments, target and amount).
    """
    if not records:
        return "(no records)"
    blocks: list[str] = []
    for r in records:
        when = str(r.date) + (f"/{r.end}" if r.end is not None else "")
        lines = [f"{when:<21}  {r.id}"]
        for text in (f"{r.kind.value}: {r.title}", _detail(r)):
            lines.extend(
                textwrap.wrap(
                    text,
                    _WIDTH,
                    initial_indent="    ",
                    subsequent_indent="    ",
                    break_on_hyphens=False,
                )
            )
        blocks.append("\n".join(lines))
    noun = "record" if len(records) == 1 else "records"
    return "\n\n".join(blocks) + f"\n\n({len(records)} {noun})"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kzcn-relations",
        description="Query the Kazakhstan–China relations dataset.",
    )
    parser.add_argument(
        "--data",
        metavar="FILE",
        help="query this dataset file instead of the packaged one",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser(
        "events",
        help="records in a date range",
        description="Records of every kind whose period falls in START..END.",
        epilog="example: kzcn-relations events 1994 1998 --kind treaty",
    )
    ev.add_argument("start", help="YYYY, YYYY-MM or YYYY-MM-DD")
    ev.add_argument("end", help="YYYY, YYYY-MM or YYYY-MM-DD")
    ev.add_argument("--kind", action="append", help="keep only this kind")
    ev.add_argument(
        "--match", choices=("overlaps", "within"), default="overlaps"
    )
    ag = sub.add_parser(
        "agreements",
        help="agreements with a party",
        epilog="example: kzcn-relations agreements --with Kyrgyzstan",
    )
    ag.add_argument("--with", dest="party", required=True, metavar="NAME")
    inv = sub.add_parser(
        "investments",
        help="investments by an investor",
        epilog="example: kzcn-relations investments --by China",
    )
    inv.add_argument("--by", dest="investor", required=True, metavar="NAME")
    inv.add_argument(
        "--no-subsidiaries",
        action="store_true",
        help="match the investor itself only, not what it owns",
    )
    act = sub.add_parser(
        "actor",
        help="resolve a name to an actor",
        epilog="example: kzcn-relations actor KZ",
    )
    act.add_argument("name")
    return parser


def _run(args: argparse.Namespace) -> str:
    ds: Dataset = load(args.data) if args.data else dataset()
    if args.command == "events":
        return format_table(
            ds.events_between(
                args.start, args.end, kinds=args.kind, match=args.match
            )
        )
    if args.command == "agreements":
        return format_table(ds.agreements_with(args.party))
    if args.command == "investments":
        return format_table(
            ds.investments_by(
                args.investor, include_subsidiaries=not args.no_subsidiaries
            )
        )
    found = ds.actor(args.name)
    lines = [f"{found.id}: {found.name} ({found.kind.value})"]
    if found.aliases:
        lines.append("aliases: " + "; ".join(found.aliases))
    if found.country:
        lines.append(f"country: {found.country}")
    owners = found.owners()
    if owners:
        lines.append("owned by: " + " -> ".join(o.id for o in owners))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        output = _run(args)
    except DatasetError as exc:
        print(f"kzcn-relations: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kzcn-relations: cannot read {args.data}: {exc.strerror}", file=sys.stderr)
        return 1
    except (UnknownActorError, ValueError, TypeError) as exc:
        print(f"kzcn-relations: {exc}", file=sys.stderr)
        return 2
    print(output)
    return 0
