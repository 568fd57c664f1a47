"""Records, actors and sources as text for an 80-column terminal.

The command line's ``table`` format: :func:`format_table` for listings,
:func:`format_record` for ``show`` (every field the record holds, in the
document's order), :func:`format_timeline` for ``timeline``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from kzcn_relations._indexes import Stake
from kzcn_relations.model import (
    Actor,
    Agreement,
    AidDataProject,
    Event,
    ExternalId,
    Holding,
    Investment,
    Place,
    Ratification,
    Record,
    Share,
    field_order,
)

WIDTH = 80


def wrap(text: str, indent: str = "    ") -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _ids(actors: Sequence[Actor]) -> str:
    return ", ".join(a.id for a in actors)


def _who(record: Record) -> str:
    if isinstance(record, Agreement):
        return _ids(record.parties)
    if isinstance(record, Event):
        text = _ids(record.participants)
        return text + (f" (host {record.host.id})" if record.host is not None else "")
    if isinstance(record, Investment):
        text = _ids(record.investors)
        text += f" -> {record.target.id}" if record.target is not None else ""
        if record.amount is not None:
            text += f"; {record.amount} ({record.basis.value})"
        return text
    side = record.reporter.id if record.reporter is not None else "reporter not stated"
    return f"{side}; turnover {record.turnover}"


def _when(record: Record) -> str:
    return str(record.date) + (f"/{record.end}" if record.end is not None else "")


def format_table(records: Sequence[Record]) -> str:
    """Records as an 80-column listing.

    One block a record: the date (or span) and the id, then the kind and
    title, then who took part (and for investments, target and amount).
    """
    if not records:
        return "(no records)"
    blocks = [
        "\n".join([f"{_when(r):<21}  {r.id}", *wrap(f"{r.kind.value}: {r.title}"), *wrap(_who(r))])
        for r in records
    ]
    noun = "record" if len(records) == 1 else "records"
    return "\n\n".join(blocks) + f"\n\n({len(records)} {noun})"


#: The fields ``show`` prints apart from the list (as paragraphs, or not at all).
_APART = frozenset({"id", "summary", "notes", "sources"})


def _shown(value: object) -> str:
    """A field's value as ``show`` prints it: actors with their names."""
    if isinstance(value, tuple):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, (Actor, Place)):
        return f"{value.id} ({value.name})"
    if isinstance(value, ExternalId):
        return f"{value.scheme}:{value.id}"
    if isinstance(value, Ratification):
        how = f" ({value.instrument})" if value.instrument else ""
        return f"{value.party.id} {value.date}{how}"
    if isinstance(value, AidDataProject):
        coded = (value.flow_type, value.sector, value.status)
        return f"{value.id}: " + "; ".join(c for c in coded if c) if any(coded) else value.id
    if isinstance(value, Share):
        return f"{value.investor.id} {value.fraction}"
    return str(getattr(value, "value", value))  # enums by value


def format_record(record: Record) -> str:
    """One record in full, with its sources, for ``show``."""
    lines = [record.id, "=" * min(len(record.id), WIDTH)]
    cls: type = type(record)
    for key in field_order(cls):
        value = getattr(record, key)
        if key in _APART or value is None or value == ():
            continue
        label = key.replace("_", " ")
        lines += textwrap.wrap(
            _shown(value),
            WIDTH,
            initial_indent=f"{label + ':':<15}",
            subsequent_indent=" " * 15,
            break_on_hyphens=False,
        )
    for key in ("summary", "notes"):
        text = getattr(record, key)
        if text:
            lines += ["", f"{key}:", *wrap(text, "  ")]
    lines += ["", "sources:"]
    for s in record.sources:
        lines += wrap(f"[{s.id}] {s.title}", "  ") + wrap(s.url, "    ")
    return "\n".join(lines)


def actor_lines(a: Actor) -> list[str]:
    head = f"{a.id:<24} {a.kind.value:<14} "
    name = a.name + (f" ({a.country})" if a.country else "")
    return textwrap.wrap(
        name,
        WIDTH,
        initial_indent=head,
        subsequent_indent=" " * len(head),
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
        room = WIDTH - len(head)
        title = r.title if len(r.title) <= room else r.title[: room - 1] + "…"
        lines.append(head + title)
    note = "+ marks a span, a blank day a date known only to the month or year"
    lines += ["", f"({len(records)} records; {note})"]
    return "\n".join(lines)


def _fraction(value: object) -> str:
    return "unstated" if value is None else str(value)


def holding_lines(h: Holding) -> list[str]:
    """One holding: owner, asset, fraction and period."""
    when = f"{h.start or '?'}–{h.end or ''}"
    share = _fraction(h.fraction) + (" (controls)" if h.control else "")
    return wrap(f"{h.owner.id} holds {h.asset.id}: {share}, {when}  [{h.id}]", "")


def stake_lines(s: Stake) -> list[str]:
    """One stake: asset, fraction and the chains it comes through."""
    mark = "" if s.exact else " (a subsidiary's fraction unstated)"
    head = wrap(f"{s.asset.id}: {_fraction(s.fraction)}{mark}", "")
    chains = [" -> ".join([c[0].owner.id, *(h.asset.id for h in c)]) for c in s.chains]
    return head + [ln for c in chains for ln in wrap(f"via {c}", "    ")]


def place_lines(p: Place) -> list[str]:
    """One place: id, kind and name, then each of its names with its language and period."""
    head = wrap(f"{p.id:<24} {p.kind.value:<16} {p.name}", "")
    names = [
        n.text + f" [{n.lang}]" + (f" {n.start or ''}–{n.end or ''}" if n.dated else "")
        for n in p.names
    ]
    return head + [ln for n in names for ln in wrap(n, "    ")]
