"""The result of a query: :class:`Records`, a tuple that knows a little more.

Every query returns its records (or holdings) as a ``Records``: still a
``tuple`` — immutable, ordered, ``isinstance(result, tuple)``, equal to the
plain tuple of the same items — that adds what an analyst reaches for next:
``.ids``, ``.select(...)`` to filter further, ``.totals(...)``,
``.to_pandas()`` / ``.to_polars()`` / ``.to_arrow()``, a short ``repr`` and a
compact HTML table in notebooks.
"""

from __future__ import annotations

import collections
import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from kzcn_relations.exceptions import InvalidValueError
from kzcn_relations.model import Holding, Record

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from kzcn_relations._select import Answering
    from kzcn_relations._totals import Totals

__all__ = ["Records"]

T_co = TypeVar("T_co", bound="Record | Holding", covariant=True)

_NOUNS = {
    "Event": ("event", "events"),
    "Agreement": ("agreement", "agreements"),
    "Investment": ("investment", "investments"),
    "TradeFigure": ("trade figure", "trade figures"),
    "Holding": ("holding", "holdings"),
}

#: How many items a ``repr`` or an HTML table shows before "… more".
SHOWN = 8
HTML_SHOWN = 25


def _label(item: Record | Holding) -> str:
    """One short line for an item: date, type and kind, id, title."""
    if isinstance(item, Holding):
        share = "control" if item.fraction is None else f"{item.fraction}"
        since = f" from {item.start}" if item.start else ""
        return f"holding {item.id}: {item.owner.id} holds {item.asset.id} ({share}){since}"
    return f"{item.date} {type(item).__name__.lower()}/{item.kind.value} {item.id}"


class Records(tuple[T_co, ...], Generic[T_co]):
    """An immutable, ordered query result; a ``tuple`` with a few more methods.

    It compares equal to the plain tuple of its items, slices and adds like
    one (giving plain tuples), pickles, and hashes as a tuple.  The dataset
    that answered the query is kept, so that :meth:`select` can filter
    further by actor names, places and subsidiaries.
    """

    _dataset: Answering | None

    def __new__(cls, items: Iterable[T_co] = (), dataset: Answering | None = None) -> Records[T_co]:
        made = super().__new__(cls, items)
        object.__setattr__(made, "_dataset", dataset)
        return made

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Records is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Records is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Records, (tuple(self), self._dataset))

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the items, in order."""
        return tuple(item.id for item in self)

    def select(self, **filters: Any) -> Records[T_co]:
        """The items that also pass *filters* (those of :meth:`Dataset.select`).

        Filtering never adds: the result is a subsequence of this one, in
        the same order.
        """
        from kzcn_relations._select import select_from

        if self._dataset is None:
            raise InvalidValueError(
                "records",
                "made without a dataset to resolve names in: filter with Dataset.select, "
                "or build Records(items, dataset)",
            )
        chosen = select_from(self._dataset, self, **filters)
        return Records(chosen, self._dataset)  # type: ignore[arg-type]

    def totals(self, **options: Any) -> Totals:
        """:func:`kzcn_relations.totals` of the records (holdings are not money)."""
        from kzcn_relations._totals import totals

        return totals([r for r in self if not isinstance(r, Holding)], **options)

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame, one row per item (:func:`kzcn_relations.export.to_pandas`)."""
        from kzcn_relations import export

        items: Any = self  # records, or holdings: the export takes either
        return export.to_pandas(items)

    def to_polars(self) -> pl.DataFrame:
        """A polars DataFrame, one row per item (:func:`kzcn_relations.export.to_polars`)."""
        from kzcn_relations import export

        items: Any = self  # records, or holdings: the export takes either
        return export.to_polars(items)

    def to_arrow(self) -> pa.Table:
        """A pyarrow Table, one row per item (:func:`kzcn_relations.export.to_arrow`)."""
        from kzcn_relations import export

        items: Any = self  # records, or holdings: the export takes either
        return export.to_arrow(items)

    def _summary(self) -> str:
        counts = collections.Counter(type(item).__name__ for item in self)
        parts = ", ".join(
            f"{n} {_NOUNS.get(name, name)[0 if n == 1 else 1]}"
            for name, n in sorted(counts.items())
        )
        if len(counts) == 1:
            return parts
        noun = "item" if len(self) == 1 else "items"
        return f"{len(self)} {noun}" + (f": {parts}" if parts else "")

    def __repr__(self) -> str:
        lines = [f"<Records: {self._summary()}>"]
        shown = list(self) if len(self) <= SHOWN else list(self[: SHOWN - 2])
        lines += [f"  {_label(item)}" for item in shown]
        if len(self) > SHOWN:
            lines.append(f"  … {len(self) - SHOWN + 1} more")
            lines.append(f"  {_label(self[-1])}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """A compact HTML table of the first items, for notebooks."""
        head = "<tr><th>date</th><th>type</th><th>kind</th><th>id</th><th>title</th></tr>"
        rows = []
        for item in self[:HTML_SHOWN]:
            if isinstance(item, Holding):
                cells = [
                    str(item.start or ""),
                    "holding",
                    "",
                    item.id,
                    f"{item.owner.name} holds {item.asset.name}",
                ]
            else:
                cells = [
                    str(item.date),
                    type(item).__name__.lower(),
                    item.kind.value,
                    item.id,
                    item.title,
                ]
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        more = len(self) - HTML_SHOWN
        tail = f"<p>… and {more} more</p>" if more > 0 else ""
        caption = html.escape(self._summary())
        return (
            f"<table><caption>{caption}</caption><thead>{head}</thead>"
            f"<tbody>{''.join(rows)}</tbody></table>{tail}"
        )
