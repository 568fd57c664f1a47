"""Summing investments without counting money twice.

:func:`totals` adds up the amounts of a set of records, per currency
(never adding two currencies), and says beside the sums which records it
left out and why.  Which records count:

- only investments with an amount; trade figures, events and agreements
  are left out (a trade turnover is not a deal);
- a record that is ``part_of`` another record *of the same set* that
  counts is left out: the larger amount already covers it (the buyer's
  credit drawn on a facility, a loan inside a package).  The top-most
  counted record of each ``part_of`` chain is the level that counts; if an
  ancestor does not count (no amount, or left out by the rules below), its
  parts count on their own;
- by default, records whose status is ``cancelled`` and records whose
  basis is ``announced``, ``commitment`` or ``aggregate`` are left out —
  a headline, a pledge over years or a stock estimate is not money that
  moved.  Ask for them with *statuses* and *bases*.

Two properties follow, and the test suite checks both on generated data:
the totals of a set equal the sums of the totals of any partition of it
into groups closed under ``part_of``; and adding a tranche under a counted
record never changes the totals.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping
from typing import Literal

import attrs

from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError, brief
from kzcn_relations.model import RECORD_TYPES, Investment, Record
from kzcn_relations.vocabulary import Basis, Status

__all__ = ["DEFAULT_BASES", "DEFAULT_STATUSES", "LeftOut", "Total", "Totals", "totals"]

#: The bases counted unless asked otherwise.
DEFAULT_BASES: frozenset[Basis] = frozenset(Basis) - {
    Basis.ANNOUNCED,
    Basis.COMMITMENT,
    Basis.AGGREGATE,
}
#: The statuses counted unless asked otherwise.
DEFAULT_STATUSES: frozenset[Status] = frozenset(Status) - {Status.CANCELLED}

By = Literal["year", "kind", "basis", "status"] | None


@attrs.frozen
class Total:
    """The sum of the counted amounts of one *group* in one *currency*.

    *group* is None when the totals are not grouped; *count* is the
    number of records summed.
    """

    group: str | int | None
    currency: str
    amount: decimal.Decimal
    count: int

    def __str__(self) -> str:
        head = f"{self.group}: " if self.group is not None else ""
        noun = "record" if self.count == 1 else "records"
        return f"{head}{self.currency} {self.amount:,f} ({self.count} {noun})"


@attrs.frozen
class LeftOut:
    """A record :func:`totals` did not count, and why."""

    id: str
    reason: str


@attrs.frozen
class Totals:
    """What :func:`totals` found: the sums, and what it left out and why.

    *sums* holds one :class:`Total` per (group, currency), ordered by group
    then currency; *counted* the ids of the records summed; *left_out* the
    others with their reasons, in the order they were given.
    """

    sums: tuple[Total, ...]
    counted: tuple[str, ...]
    left_out: tuple[LeftOut, ...]

    def amount(self, currency: str, group: str | int | None = None) -> decimal.Decimal:
        """The sum in *currency* (of *group*, if grouped); 0 if nothing counted."""
        for t in self.sums:
            if t.currency == currency and t.group == group:
                return t.amount
        return decimal.Decimal(0)

    def by_currency(self) -> dict[str, decimal.Decimal]:
        """Currency -> the sum over every group."""
        out: dict[str, decimal.Decimal] = {}
        for t in self.sums:
            out[t.currency] = out.get(t.currency, decimal.Decimal(0)) + t.amount
        return out

    def __str__(self) -> str:
        lines = [str(t) for t in self.sums] or ["nothing counted"]
        if self.left_out:
            lines.append(f"left out ({len(self.left_out)}):")
            lines.extend(f"  {x.id}: {x.reason}" for x in self.left_out)
        return "\n".join(lines)


def _group_of(by: By) -> Callable[[Investment], str | int | None]:
    if by is None:
        return lambda r: None
    if by == "year":
        return lambda r: r.date.year
    if by in ("kind", "basis", "status"):
        return lambda r: str(getattr(r, by).value)
    raise InvalidValueError("by", f"None, 'year', 'kind', 'basis' or 'status', not {by!r}")


def _members(
    values: Iterable[object] | None, enum: type[Basis] | type[Status], name: str
) -> frozenset[object]:
    if values is None:
        return DEFAULT_BASES if enum is Basis else DEFAULT_STATUSES
    if isinstance(values, str):
        values = (values,)
    out: set[object] = set()
    for v in values:
        try:
            out.add(enum(v))  # type: ignore[arg-type]  # a bad value is reported below
        except (ValueError, TypeError):
            valid = ", ".join(m.value for m in enum)
            raise InvalidValueError(name, f"{v!r} is not one of {valid}") from None
    return frozenset(out)


def totals(
    records: Iterable[Record],
    *,
    by: By = None,
    bases: Iterable[Basis | str] | None = None,
    statuses: Iterable[Status | str] | None = None,
) -> Totals:
    """Sum the amounts of *records* per currency, never counting money twice.

    *by* groups the sums by ``"year"`` (of the record's date), ``"kind"``,
    ``"basis"`` or ``"status"``.  *bases* and *statuses* say which to
    count (by default every basis but ``announced``, ``commitment`` and
    ``aggregate``, and every status but ``cancelled``).  See the module
    documentation for which level of a ``part_of`` chain counts.

    >>> import kzcn_relations
    >>> ds = kzcn_relations.dataset()
    >>> result = totals([ds.record("exim-dbk-master-facility-2009"),
    ...                  ds.record("exim-dbk-buyers-credit-2009")])
    >>> result.amount("USD")
    Decimal('5000000000')
    >>> [(x.id, x.reason) for x in result.left_out]  # doctest: +NORMALIZE_WHITESPACE
    [('exim-dbk-buyers-credit-2009',
      'part of exim-dbk-master-facility-2009, which is counted')]
    """
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise InvalidTypeError("records", f"an iterable of records, not {brief(records)}")
    group_of = _group_of(by)
    wanted_bases = _members(bases, Basis, "bases")
    wanted_statuses = _members(statuses, Status, "statuses")
    given: dict[str, Record] = {}
    for r in records:
        if not isinstance(r, RECORD_TYPES):
            raise InvalidTypeError("records", f"records only, got {brief(r)}")
        given.setdefault(r.id, r)

    own_reason: dict[str, str | None] = {}
    for r in given.values():
        own_reason[r.id] = _own_reason(r, wanted_bases, wanted_statuses)

    def covering(r: Record) -> str | None:
        """The nearest ancestor in the set that counts, if any."""
        seen = {r.id}
        parent = r.part_of if isinstance(r, Investment) else None
        while parent is not None and parent in given and parent not in seen:
            seen.add(parent)
            if own_reason[parent] is None:
                return parent
            above = given[parent]
            parent = above.part_of if isinstance(above, Investment) else None
        return None

    sums: dict[tuple[str | int | None, str], list[decimal.Decimal | int]] = {}
    counted: list[str] = []
    left_out: list[LeftOut] = []
    for r in given.values():
        reason = own_reason[r.id]
        if reason is None:
            above = covering(r)
            if above is not None:
                reason = f"part of {above}, which is counted"
        if reason is not None:
            left_out.append(LeftOut(r.id, reason))
            continue
        assert isinstance(r, Investment) and r.amount is not None
        key = (group_of(r), r.amount.currency)
        entry = sums.setdefault(key, [decimal.Decimal(0), 0])
        entry[0] += r.amount.amount
        entry[1] += 1
        counted.append(r.id)
    ordered = sorted(sums.items(), key=lambda kv: (str(kv[0][0]), kv[0][1]))
    return Totals(
        sums=tuple(
            Total(group, currency, decimal.Decimal(amount), int(count))
            for (group, currency), (amount, count) in ordered
        ),
        counted=tuple(counted),
        left_out=tuple(left_out),
    )


def _own_reason(r: Record, bases: frozenset[object], statuses: frozenset[object]) -> str | None:
    """Why *r* does not count on its own, or None if it does."""
    if not isinstance(r, Investment):
        return f"not an investment (a {type(r).__name__.lower()})"
    if r.amount is None:
        return "no amount"
    if r.status not in statuses:
        return f"status {r.status.value}"
    if r.basis not in bases:
        return f"basis {r.basis.value}"
    return None
