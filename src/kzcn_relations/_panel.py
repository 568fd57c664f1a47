"""The dyad-year panel: one row per year of Kazakhstan–China relations.

:func:`panel` turns a dataset into the table political scientists join on:
``iso3_a`` (``KAZ``) and ``iso3_b`` (``CHN``) with a ``year``, and beside
them trade by reporting side, visits and summits by host, agreements signed
and in force, and investment totals that count no money twice.  Every year
of the range has its row, zeros (or None, for a trade figure the data does
not have) when nothing happened.

Which side an actor is on is read from its ``country``: a reporter or host
whose country is ``KAZ`` is Kazakh (the state, its officials and bodies),
``CHN`` Chinese.  Every count goes by the year a record starts (the year of
its ``date``), so a record is counted once, whatever its span.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import operator
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, SupportsIndex, TypeAlias

import attrs

from kzcn_relations._shapes import DatasetLike, is_dataset
from kzcn_relations._totals import totals
from kzcn_relations._validators import TupleOf
from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError, brief, describe
from kzcn_relations.model import Actor, Agreement, Event, Investment, TradeFigure
from kzcn_relations.vocabulary import Basis, Confidence, EventKind, Status

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "FIRST_YEAR", "Panel", "panel"]

#: A cell of a panel: a year or count, an exact amount, a text, or None.
Cell: TypeAlias = int | decimal.Decimal | str | None

#: The first year of a panel unless asked otherwise.
FIRST_YEAR = 1992

_KAZ, _CHN = "KAZ", "CHN"
_USD = "USD"
_ZERO = decimal.Decimal(0)
_RANK = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}

_COUNTS = (
    "visits",
    "visits_to_kaz",
    "visits_to_chn",
    "visits_to_other",
    "visits_host_unknown",
    "summits",
    "summits_hosted_by_kaz",
    "summits_hosted_by_chn",
    "agreements_signed",
    "agreements_signed_bilateral",
    "agreements_in_force",
    "agreements_in_force_bilateral",
    "investments_started",
    "investments_non_usd",
)
_SUMS = (
    "investment_usd",
    *(f"investment_usd_basis_{b.value}" for b in Basis),
    *(f"investment_usd_status_{s.value}" for s in Status),
)
#: The columns of a yearly panel, in order.
COLUMNS: tuple[str, ...] = (
    "year",
    "iso3_a",
    "iso3_b",
    "trade_kaz_reported_usd",
    "trade_kaz_reported_id",
    "trade_chn_reported_usd",
    "trade_chn_reported_id",
    *_COUNTS,
    *_SUMS,
)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return str(value)


@attrs.frozen(repr=False)
class Panel:
    """A table of one row per period: *columns* names them, *rows* hold the values.

    Each row is a tuple as long as *columns*.  Values are ``int`` (years,
    counts), exact :class:`decimal.Decimal` amounts, text, or None.
    Iterating gives each row as a dict; ``len`` is the number of rows.
    """

    columns: tuple[str, ...] = attrs.field(validator=TupleOf(str, unique=True).fn)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(validator=TupleOf(tuple).fn)

    def __attrs_post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise InvalidValueError(
                    f"rows[{i}]", f"has {len(row)} values for {len(self.columns)} columns"
                )

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Cell]]:
        for row in self.rows:
            yield dict(zip(self.columns, row, strict=True))

    def __repr__(self) -> str:
        years = ""
        if self.rows and self.columns and self.columns[0] == "year":
            years = f" {self.rows[0][0]}-{self.rows[-1][0]}"
        return f"<Panel{years}: {len(self.rows)} rows, {len(self.columns)} columns>"

    def to_dicts(self) -> list[dict[str, Cell]]:
        """The rows as dicts, column -> value (amounts stay ``Decimal``)."""
        return list(self)

    def to_csv(self) -> str:
        """The panel as CSV text: one header row, then a line a row.

        Written with the standard :mod:`csv` module; amounts in plain
        decimal notation (never an exponent), None as an empty field.
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([_text(v) for v in row] for row in self.rows)
        return out.getvalue()

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame of the panel (extra: ``pandas``).

        A column of whole numbers is ``int64``, or the nullable ``Int64``
        where it holds None; amounts stay exact ``Decimal`` objects and
        text stays Python ``str`` (``object`` columns), as in
        :func:`kzcn_relations.export.to_pandas`.
        """
        from kzcn_relations.export import _require

        pandas = _require("pandas", "pandas")
        data: dict[str, Any] = {}
        for i, column in enumerate(self.columns):
            values = [row[i] for row in self.rows]
            present = [v for v in values if v is not None]
            whole = bool(present) and all(type(v) is int for v in present)
            if whole:
                dtype = "Int64" if len(present) < len(values) else "int64"
                data[column] = pandas.Series(values, dtype=dtype)
            else:
                data[column] = pandas.Series(values, dtype=object)
        frame: pd.DataFrame = pandas.DataFrame(data, columns=list(self.columns))
        return frame


def _year(value: object, name: str) -> int:
    if isinstance(value, bool):
        raise InvalidTypeError(name, f"an int year, not {describe(value)}")
    try:
        year = operator.index(value)  # type: ignore[arg-type]  # checked here
    except TypeError:
        raise InvalidTypeError(name, f"an int year, not {describe(value)}") from None
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise InvalidValueError(name, f"{year} is not a year from 1 to 9999")
    return year


def _years(ds: DatasetLike) -> Iterator[int]:
    """The year of each record's date."""
    return (r.date.year for r in ds.records)


def _side(actor: Actor | None) -> str | None:
    """``"KAZ"``, ``"CHN"``, another country code, or None (no actor, or no country)."""
    return None if actor is None else actor.country


def _bilateral(agreement: Agreement) -> bool:
    """Exactly two parties: one Kazakh, one Chinese."""
    return sorted(str(p.country) for p in agreement.parties) == [_CHN, _KAZ]


def panel(
    data: DatasetLike,
    *,
    freq: str = "year",
    start: SupportsIndex | None = None,
    end: SupportsIndex | None = None,
) -> Panel:
    """The dyad-year panel of the dataset *data*; see :func:`kzcn_relations.panel`."""
    if not (isinstance(freq, str) and freq == "year"):
        raise InvalidValueError("freq", f"must be 'year' (the only frequency), not {brief(freq)}")
    ds = data
    if not is_dataset(ds):
        raise InvalidTypeError("data", f"a Dataset, not {describe(data)}")
    first = FIRST_YEAR if start is None else _year(start, "start")
    last = _year(end, "end") if end is not None else max([first, *_years(ds)])
    if first > last:
        raise InvalidValueError("", f"start {first} is after end {last}")
    years = range(first, last + 1)
    counts: dict[int, Counter[str]] = {y: Counter() for y in years}
    for e in ds.events:
        if e.date.year in counts:
            counts[e.date.year].update(_event_columns(e))
    for a in ds.agreements:
        if a.date.year in counts:
            counts[a.date.year].update(_with_bilateral("agreements_signed", a))
    for a in ds.agreements:
        # in force on 31 December of year y (Agreement.in_force_on): from the
        # year in_force may end in, up to the year before ended may start in
        if a.in_force is None:
            continue
        since = a.in_force.latest.year
        until = last if a.ended is None else min(last, a.ended.earliest.year - 1)
        if since > until:
            continue
        columns = _with_bilateral("agreements_in_force", a)
        for y in range(max(first, since), until + 1):
            counts[y].update(columns)
    for r in ds.investments:
        if r.date.year in counts:
            counts[r.date.year]["investments_started"] += 1
            if r.amount is not None and r.amount.currency != _USD:
                counts[r.date.year]["investments_non_usd"] += 1
    trade = {side: _trade(ds.trade_figures, side, years) for side in (_KAZ, _CHN)}
    sums = _investment_sums(ds.investments, years)
    rows: list[tuple[Cell, ...]] = []
    for y in years:
        row: dict[str, Cell] = {"year": y, "iso3_a": _KAZ, "iso3_b": _CHN}
        for side, chosen in trade.items():
            figure = chosen.get(y)
            prefix = f"trade_{side.lower()}_reported"
            row[f"{prefix}_usd"] = None if figure is None else figure.turnover.amount
            row[f"{prefix}_id"] = None if figure is None else figure.id
        row.update((c, counts[y][c]) for c in _COUNTS)
        row.update((c, sums[y].get(c, _ZERO)) for c in _SUMS)
        rows.append(tuple(row[c] for c in COLUMNS))
    return Panel(columns=COLUMNS, rows=tuple(rows))


def _with_bilateral(column: str, agreement: Agreement) -> list[str]:
    return [column, f"{column}_bilateral"] if _bilateral(agreement) else [column]


def _event_columns(event: Event) -> list[str]:
    """The count columns an event adds one to."""
    side = _side(event.host)
    if event.kind is EventKind.VISIT:
        if event.host is None:
            return ["visits", "visits_host_unknown"]
        column = {_KAZ: "visits_to_kaz", _CHN: "visits_to_chn"}.get(str(side), "visits_to_other")
        return ["visits", column]
    if event.kind is EventKind.SUMMIT:
        hosted = {_KAZ: ["summits_hosted_by_kaz"], _CHN: ["summits_hosted_by_chn"]}
        return ["summits", *hosted.get(str(side), [])]
    return []


def _trade(figures: Sequence[TradeFigure], side: str, years: range) -> dict[int, TradeFigure]:
    """Year -> the full-year USD figure *side* reports (highest confidence, then smallest id)."""
    found: dict[int, list[TradeFigure]] = {}
    for t in figures:
        if (
            t.date.year in years
            and _side(t.reporter) == side
            and t.full_year
            and t.turnover.currency == _USD
        ):
            found.setdefault(t.date.year, []).append(t)
    return {y: min(ts, key=lambda t: (_RANK[t.confidence], t.id)) for y, ts in found.items()}


def _investment_sums(
    investments: Sequence[Investment], years: range
) -> dict[int, dict[str, decimal.Decimal]]:
    """Year -> sum column -> the USD counted, never counting money twice.

    Both totals run over every investment of the dataset, so a record that
    is part of one counted in another year is left out too.
    """
    sums: dict[int, dict[str, decimal.Decimal]] = {y: {} for y in years}
    for t in totals(investments, by="year").sums:
        if t.currency == _USD and isinstance(t.group, int) and t.group in sums:
            sums[t.group]["investment_usd"] = t.amount
    counted = set(totals(investments, bases=tuple(Basis), statuses=tuple(Status)).counted)
    for r in investments:
        year = sums.get(r.date.year)
        if year is None or r.id not in counted or r.amount is None or r.amount.currency != _USD:
            continue
        for column in (
            f"investment_usd_basis_{r.basis.value}",
            f"investment_usd_status_{r.status.value}",
        ):
            year[column] = year.get(column, _ZERO) + r.amount.amount
    return sums
