"""The date index behind :meth:`Dataset.events_between`.

A record's period is a closed interval of days ``[earliest, latest]``.  The
index groups records by the length of their period, in powers of two
(a day, up to two days, up to four, ... a year, a decade), and keeps each
group sorted by the first day.  Within a group every period is at most
``2**k`` days long, so the records that may overlap ``[lo, hi]`` have
their first day in ``[lo - 2**k, hi]``: two bisections per group find
them, and only the few whose first day falls before ``lo`` need a check
of their last day.  The groups' answers, each already in order, are then
merged.  A query never scans the whole dataset.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from kzcn_relations.model import Record, sort_key

R = TypeVar("R", bound=Record)


class _Group(Generic[R]):
    __slots__ = ("ends", "keys", "max_span", "records", "starts")

    def __init__(self, items: list[tuple[tuple[int, int, str], R]]) -> None:
        items.sort(key=lambda kr: kr[0])
        self.keys = [k for k, _ in items]
        self.records = [r for _, r in items]
        self.starts = [k[0] for k in self.keys]
        self.ends = [_last_day(r) for r in self.records]
        self.max_span = max(e - s for s, e in zip(self.starts, self.ends))

    def overlapping(self, lo: int, hi: int) -> Iterator[tuple[tuple[int, int, str], R]]:
        i = bisect_left(self.starts, lo - self.max_span)
        j = bisect_right(self.starts, hi)
        keys, records, ends = self.keys, self.records, self.ends
        for n in range(i, j):
            if ends[n] >= lo:
                yield keys[n], records[n]

    def within(self, lo: int, hi: int) -> Iterator[tuple[tuple[int, int, str], R]]:
        i = bisect_left(self.starts, lo)
        j = bisect_right(self.starts, hi)
        keys, records, ends = self.keys, self.records, self.ends
        for n in range(i, j):
            if ends[n] <= hi:
                yield keys[n], records[n]


def _last_day(record: Record) -> int:
    return (record.end or record.date).latest.toordinal()


class DateIndex(Generic[R]):
    """Records by period, answering overlap and containment queries."""

    def __init__(self, records: Iterable[R]) -> None:
        buckets: dict[int, list[tuple[tuple[int, int, str], R]]] = {}
        for record in records:
            key = sort_key(record)
            span = _last_day(record) - key[0]
            buckets.setdefault(span.bit_length(), []).append((key, record))
        self._groups = [_Group(items) for _, items in sorted(buckets.items())]

    def overlapping(self, lo: int, hi: int) -> list[R]:
        """Records whose period overlaps days ``lo..hi`` (ordinals)."""
        return _merge(g.overlapping(lo, hi) for g in self._groups)

    def within(self, lo: int, hi: int) -> list[R]:
        """Records whose whole period lies in days ``lo..hi`` (ordinals)."""
        return _merge(g.within(lo, hi) for g in self._groups)


def _merge(
    parts: Iterable[Iterator[tuple[tuple[int, int, str], R]]],
) -> list[R]:
    runs = [list(p) for p in parts]
    runs = [r for r in runs if r]
    if not runs:
        return []
    if len(runs) == 1:
        return [rec for _, rec in runs[0]]
    return [rec for _, rec in heapq.merge(*runs, key=lambda kr: kr[0])]
