"""The dyad-year panel: every column against a brute-force count over the records."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import pathlib
import sys
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzcn_relations as kr
from kzcn_relations import (
    Basis,
    Dataset,
    InvalidTypeError,
    InvalidValueError,
    Investment,
    MissingExtraError,
    Status,
    TradeFigure,
)
from kzcn_relations._panel import COLUMNS, FIRST_YEAR, Panel
from kzcn_relations.query import panel

from .strategies import datasets

ROOT = pathlib.Path(__file__).resolve().parent.parent
USD = "USD"
RANK = {"high": 0, "medium": 1, "low": 2}


@st.composite
def dyad_datasets(draw: st.DrawFn) -> Dataset:
    """Generated datasets whose actors are often Kazakh or Chinese.

    Generated countries are drawn from every ISO code, so KAZ and CHN would
    be rare; here each actor may be made Kazakh or Chinese, and some trade
    figures are made full-year USD figures, so every column has work to do.
    """
    doc = draw(datasets()).to_dict()
    for actor in doc["actors"]:
        country = draw(st.sampled_from(["KAZ", "CHN", "keep"]))
        if country != "keep":
            actor["country"] = country
    for figure in doc["trade"]:
        if draw(st.booleans()):
            figure["date"] = figure["date"][:4]
            figure.pop("end", None)
            for flow in ("turnover", "to_china", "to_kazakhstan"):
                if flow in figure:
                    figure[flow]["currency"] = USD
    return Dataset.from_dict(doc)


def amount(cell: object) -> decimal.Decimal:
    """A sum cell, which is always a Decimal."""
    assert isinstance(cell, decimal.Decimal), cell
    return cell


def years_of(ds: Dataset, start: int | None, end: int | None) -> list[int]:
    first = FIRST_YEAR if start is None else start
    last = end if end is not None else max([first, *(r.date.year for r in ds.records)])
    return list(range(first, last + 1))


def side(actor: kr.Actor | None) -> str | None:
    return None if actor is None else actor.country


def expected_counts(ds: Dataset, year: int) -> dict[str, int]:
    """Every count column of *year*, counted record by record."""

    def started(records: Iterable[Any]) -> list[Any]:
        return [r for r in records if r.date.earliest.year == year]

    visits = [e for e in started(ds.events) if e.kind.value == "visit"]
    summits = [e for e in started(ds.events) if e.kind.value == "summit"]
    signed = started(ds.agreements)
    in_force = [a for a in ds.agreements if a.in_force_on(f"{year:04d}-12-31")]
    invested = started(ds.investments)

    def bilateral(a: kr.Agreement) -> bool:
        countries = [p.country for p in a.parties]
        return len(countries) == 2 and set(countries) == {"KAZ", "CHN"}

    return {
        "visits": len(visits),
        "visits_to_kaz": sum(side(e.host) == "KAZ" for e in visits),
        "visits_to_chn": sum(side(e.host) == "CHN" for e in visits),
        "visits_to_other": sum(
            e.host is not None and side(e.host) not in ("KAZ", "CHN") for e in visits
        ),
        "visits_host_unknown": sum(e.host is None for e in visits),
        "summits": len(summits),
        "summits_hosted_by_kaz": sum(side(e.host) == "KAZ" for e in summits),
        "summits_hosted_by_chn": sum(side(e.host) == "CHN" for e in summits),
        "agreements_signed": len(signed),
        "agreements_signed_bilateral": sum(bilateral(a) for a in signed),
        "agreements_in_force": len(in_force),
        "agreements_in_force_bilateral": sum(bilateral(a) for a in in_force),
        "investments_started": len(invested),
        "investments_non_usd": sum(
            r.amount is not None and r.amount.currency != USD for r in invested
        ),
    }


def expected_trade(ds: Dataset, year: int, country: str) -> TradeFigure | None:
    """The full-year USD figure a side reports: highest confidence, then smallest id."""
    found = [
        t
        for t in ds.trade_figures
        if t.reporter is not None
        and t.reporter.country == country
        and t.period == (dt.date(year, 1, 1), dt.date(year, 12, 31))
        and t.turnover.currency == USD
    ]
    found.sort(key=lambda t: (RANK[t.confidence.value], t.id))
    return found[0] if found else None


def counted_usd(ds: Dataset, year: int, *, everything: bool) -> list[Investment]:
    """The USD investments of *year* that count, by the rules of totals(), brute force.

    A record counts if it has an amount and its basis and status are asked
    for, and no record it is (transitively) part of counts — anywhere in the
    dataset, whatever the year.
    """
    by_id = {r.id: r for r in ds.records}

    def own(r: Any) -> bool:
        if not isinstance(r, Investment) or r.amount is None:
            return False
        if everything:
            return True
        return r.status is not Status.CANCELLED and r.basis not in (
            Basis.ANNOUNCED,
            Basis.COMMITMENT,
            Basis.AGGREGATE,
        )

    def covered(r: Investment) -> bool:
        seen = {r.id}
        parent = r.part_of
        while parent is not None and parent not in seen and parent in by_id:
            seen.add(parent)
            above = by_id[parent]
            if own(above):
                return True
            parent = above.part_of if isinstance(above, Investment) else None
        return False

    return [
        r
        for r in ds.investments
        if r.date.year == year
        and own(r)
        and not covered(r)
        and r.amount is not None
        and r.amount.currency == USD
    ]


def ancestors(ds: Dataset, records: Iterable[Investment]) -> list[Investment]:
    """The investments the given ones are (transitively) part of."""
    by_id = {r.id: r for r in ds.investments}
    found: dict[str, Investment] = {}
    todo = [r.part_of for r in records if r.part_of]
    while todo:
        rid = todo.pop()
        if rid in by_id and rid not in found:
            found[rid] = by_id[rid]
            todo.extend([by_id[rid].part_of or ""])
    return list(found.values())


RANGES = st.one_of(
    st.just((None, None)),
    st.tuples(st.none() | st.integers(1980, 2040), st.none() | st.integers(1980, 2040)).filter(
        lambda r: r[0] is None or r[1] is None or r[0] <= r[1]
    ),
)


def build(ds: Dataset, start: int | None, end: int | None) -> Panel | None:
    """The panel, or None where the range is empty (start after end), checking that raises."""
    expected = years_of(ds, start, end)
    if not expected:
        with pytest.raises(InvalidValueError, match="is after end"):
            panel(ds, start=start, end=end)
        return None
    return panel(ds, start=start, end=end)


# -- properties over generated datasets ------------------------------------------------


@settings(max_examples=40)
@given(dyad_datasets(), RANGES)
def test_every_year_once_in_order(ds: Dataset, bounds: tuple[int | None, int | None]) -> None:
    """One row per year of the range, in order, none missing, none twice."""
    table = build(ds, *bounds)
    if table is None:
        return
    assert [row["year"] for row in table] == years_of(ds, *bounds)
    assert table.columns == COLUMNS
    assert all(len(row) == len(COLUMNS) for row in table.rows)
    assert all(row["iso3_a"] == "KAZ" and row["iso3_b"] == "CHN" for row in table)


@settings(max_examples=60)
@given(dyad_datasets(), RANGES)
def test_counts_equal_a_brute_force_count(
    ds: Dataset, bounds: tuple[int | None, int | None]
) -> None:
    """Each count column is the number of matching records of that year."""
    table = build(ds, *bounds)
    if table is None:
        return
    for row in table:
        assert isinstance(row["year"], int)
        expected = expected_counts(ds, row["year"])
        assert {c: row[c] for c in expected} == expected
        assert row["visits"] == sum(
            row[c]  # type: ignore[misc]
            for c in ("visits_to_kaz", "visits_to_chn", "visits_to_other", "visits_host_unknown")
        )


@settings(max_examples=60)
@given(dyad_datasets(), RANGES)
def test_trade_is_the_brute_force_pick(ds: Dataset, bounds: tuple[int | None, int | None]) -> None:
    """Each side's full-year USD figure, or None (never 0, never the other side's)."""
    table = build(ds, *bounds)
    if table is None:
        return
    for row in table:
        assert isinstance(row["year"], int)
        for country, prefix in (("KAZ", "trade_kaz_reported"), ("CHN", "trade_chn_reported")):
            figure = expected_trade(ds, row["year"], country)
            if figure is None:
                assert row[f"{prefix}_usd"] is None and row[f"{prefix}_id"] is None
            else:
                assert row[f"{prefix}_usd"] == figure.turnover.amount
                assert row[f"{prefix}_id"] == figure.id


@settings(max_examples=60)
@given(dyad_datasets(), RANGES)
def test_investment_totals_count_no_money_twice(
    ds: Dataset, bounds: tuple[int | None, int | None]
) -> None:
    """The USD columns are what totals() counts, by year, basis and status."""
    table = build(ds, *bounds)
    if table is None:
        return
    for row in table:
        year = row["year"]
        assert isinstance(year, int)
        started = [r for r in ds.investments if r.date.year == year]
        # totals() of the year's investments and what they are part of, this year's group
        selection = started + ancestors(ds, started)
        assert row["investment_usd"] == kr.totals(selection, by="year").amount(USD, year)
        default = counted_usd(ds, year, everything=False)
        assert row["investment_usd"] == sum((r.amount.amount for r in default if r.amount), 0)
        wide = counted_usd(ds, year, everything=True)
        for basis in Basis:
            assert row[f"investment_usd_basis_{basis.value}"] == sum(
                (r.amount.amount for r in wide if r.basis is basis and r.amount), 0
            )
        for status in Status:
            assert row[f"investment_usd_status_{status.value}"] == sum(
                (r.amount.amount for r in wide if r.status is status and r.amount), 0
            )
        assert all(
            isinstance(row[c], decimal.Decimal) for c in COLUMNS if c.startswith("investment_usd")
        )


@settings(max_examples=40)
@given(dyad_datasets())
def test_summed_over_years_the_totals_are_the_whole(ds: Dataset) -> None:
    """Over a range holding every record, the year columns add up to totals() of the whole."""
    if not ds.records:
        return
    years = [r.date.year for r in ds.records]
    table = panel(ds, start=min(years), end=max(years))
    whole = kr.totals(ds.investments).amount(USD)
    assert sum((amount(row["investment_usd"]) for row in table), decimal.Decimal(0)) == whole
    wide = kr.totals(ds.investments, bases=tuple(Basis), statuses=tuple(Status)).amount(USD)
    for prefix in ("investment_usd_basis_", "investment_usd_status_"):
        columns = [c for c in COLUMNS if c.startswith(prefix)]
        cells = (amount(row[c]) for row in table for c in columns)
        assert sum(cells, decimal.Decimal(0)) == wide


@settings(max_examples=30)
@given(dyad_datasets(), RANGES)
def test_exports_hold_the_rows(ds: Dataset, bounds: tuple[int | None, int | None]) -> None:
    """to_dicts, iteration, CSV and pandas hold the same values, losslessly."""
    table = build(ds, *bounds)
    if table is None:
        return
    dicts = table.to_dicts()
    assert dicts == list(table) and len(dicts) == len(table)
    assert [tuple(d.values()) for d in dicts] == list(table.rows)
    lines = table.to_csv().splitlines()
    parsed = list(csv.reader(io.StringIO(table.to_csv())))
    assert parsed[0] == list(COLUMNS) and len(lines) == len(table) + 1
    for text_row, row in zip(parsed[1:], table.rows, strict=True):
        for text, value in zip(text_row, row, strict=True):
            if value is None:
                assert text == ""
            elif isinstance(value, decimal.Decimal):
                assert decimal.Decimal(text) == value and "E" not in text
            else:
                assert text == str(value)
    frame = table.to_pandas()
    assert list(frame.columns) == list(COLUMNS) and len(frame) == len(table)
    for column, values in zip(COLUMNS, zip(*table.rows, strict=True), strict=True):
        assert [None if v is None else v for v in frame[column].tolist()] == list(values)


# -- the packaged data -------------------------------------------------------------------


@pytest.fixture(scope="module")
def packaged() -> dict[int, dict[str, Any]]:
    return {row["year"]: row for row in panel()}  # type: ignore[misc]


def test_default_range_is_1992_to_the_latest_record(packaged: dict[int, dict[str, Any]]) -> None:
    """From 1992 to the year of the latest record date, with no gaps."""
    latest = max(r.date.year for r in kr.dataset().records)
    assert list(packaged) == list(range(1992, latest + 1))
    assert panel(kr.dataset()) == panel()


def test_trade_2013_by_reporting_side(packaged: dict[int, dict[str, Any]]) -> None:
    """2013: Chinese customs USD 28.6bn, Kazakh statistics USD 22.53bn, kept apart."""
    row = packaged[2013]
    assert row["trade_chn_reported_usd"] == decimal.Decimal("28600000000")
    assert row["trade_kaz_reported_usd"] == decimal.Decimal("22530000000")
    assert (row["trade_chn_reported_id"], row["trade_kaz_reported_id"]) == (
        "trade-2013",
        "trade-2013-kaz",
    )
    # 2014 has only a Chinese figure: the Kazakh one is None, not 0 and not China's
    assert packaged[2014]["trade_kaz_reported_usd"] is None
    assert packaged[2014]["trade_chn_reported_usd"] == decimal.Decimal("22400000000")
    # 2007's only figure has no stated reporter: neither side's
    assert packaged[2007]["trade_kaz_reported_usd"] is None
    assert packaged[2007]["trade_chn_reported_usd"] is None
    # part-year figures are not full-year turnover
    assert packaged[2020]["trade_chn_reported_usd"] is None


def test_visits_and_summits_of_known_years(packaged: dict[int, dict[str, Any]]) -> None:
    """Xi Jinping's 2013 state visit to Kazakhstan; the 2015 visits to China."""
    assert packaged[2013]["visits_to_kaz"] == 1 and packaged[2013]["visits_to_chn"] == 0
    visits_2015 = [
        e.id
        for e in kr.events_between(2015, 2015, kinds=["visit"], host="China")
        if e.date.year == 2015
    ]
    assert packaged[2015]["visits_to_chn"] == len(visits_2015) == 3
    hosted = [e for e in kr.dataset().events if e.kind.value == "summit" and e.date.year == 2005]
    assert packaged[2005]["summits"] == len(hosted) >= 1
    assert packaged[2005]["summits_hosted_by_kaz"] == 1  # the SCO summit in Astana


def test_agreements_in_force_is_a_lower_bound_at_the_end_of_the_year(
    packaged: dict[int, dict[str, Any]],
) -> None:
    """The SCO Charter entered into force on 2003-09-19: counted from 2003, not 2002."""
    charter = kr.dataset().record("sco-charter-2002")
    assert isinstance(charter, kr.Agreement)
    counted = {
        y: [a.id for a in kr.dataset().agreements if a.in_force_on(f"{y}-12-31")]
        for y in (2002, 2003)
    }
    assert charter.id not in counted[2002] and charter.id in counted[2003]
    assert packaged[2003]["agreements_in_force"] == len(counted[2003])
    assert packaged[2002]["agreements_in_force"] == len(counted[2002])
    assert packaged[2002]["agreements_signed"] >= 1


def test_investment_2009_counts_no_money_twice(packaged: dict[int, dict[str, Any]]) -> None:
    """2009: the buyer's credit is inside China Eximbank's facility; the package is a pledge."""
    row = packaged[2009]
    counted = kr.totals(kr.dataset().investments, by="year")
    assert row["investment_usd"] == counted.amount(USD, 2009)
    left = {x.id: x.reason for x in counted.left_out}
    assert left["exim-dbk-buyers-credit-2009"].startswith("part of ")
    # a 2009 loan drawn under a 2008 credit line is counted once, in 2008
    assert (
        left["cdb-dbk-loan-2009-04"] == "part of cdb-dbk-credit-lines-2008-2009, which is counted"
    )
    assert sum(packaged[y]["investment_usd"] for y in packaged) == kr.totals(
        kr.dataset().investments
    ).amount(USD)
    # the package of 2009 is a commitment: only in the every-basis columns
    assert row["investment_usd_basis_commitment"] > 0


def test_non_usd_investments_are_counted_but_not_summed(
    packaged: dict[int, dict[str, Any]],
) -> None:
    """Amounts in CNY, EUR or KZT are flagged by year, never added to USD."""
    other = [
        r for r in kr.dataset().investments if r.amount is not None and r.amount.currency != USD
    ]
    assert other
    assert sum(row["investments_non_usd"] for row in packaged.values()) == len(
        [r for r in other if r.date.year >= 1992]
    )


def test_columns_are_documented() -> None:
    """Every column is described in panel()'s docstring and on the docs page."""
    page = (ROOT / "docs" / "panel.md").read_text(encoding="utf-8")
    doc = panel.__doc__ or ""
    for column in COLUMNS:
        generic = column.startswith(("investment_usd_basis_", "investment_usd_status_"))
        if not generic:
            assert f"``{column}``" in doc, column
            assert f"`{column}`" in page, column
    assert "investment_usd_basis_<basis>" in doc and "`investment_usd_basis_<basis>`" in page


def test_pandas_dtypes() -> None:
    """Counts are int64, amounts exact Decimals in object columns, None kept."""
    frame = panel(start=2012, end=2014).to_pandas()
    assert str(frame["year"].dtype) == "int64" and str(frame["visits_to_kaz"].dtype) == "int64"
    assert str(frame["trade_kaz_reported_usd"].dtype) == "object"
    assert frame["trade_kaz_reported_usd"].tolist()[2] is None
    assert type(frame["investment_usd"].iloc[0]) is decimal.Decimal
    nullable = Panel(columns=("year", "n"), rows=((2000, 1), (2001, None))).to_pandas()
    assert str(nullable["n"].dtype) == "Int64" and nullable["n"].isna().tolist() == [False, True]


def test_pandas_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_pandas names the extra to install."""
    table = panel(start=2013, end=2013)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"kzcn-relations\[pandas\]"):
        table.to_pandas()


def test_an_empty_dataset_still_has_its_row() -> None:
    """No records: the default range is the first year alone, zeros and None."""
    empty = Dataset.from_dict({"format": 2, "dataset_version": "x", "actors": [], "sources": []})
    (row,) = panel(empty)
    assert row["year"] == FIRST_YEAR and row["visits"] == 0
    assert row["trade_kaz_reported_usd"] is None and row["investment_usd"] == 0
    assert len(panel(empty, start=2000, end=2009)) == 10
    # a start after the latest record: the default end is the start
    assert [row["year"] for row in panel(start=2030)] == [2030]


def test_repr_is_short() -> None:
    assert (
        repr(panel(start=2000, end=2009)) == f"<Panel 2000-2009: 10 rows, {len(COLUMNS)} columns>"
    )


class _Year:
    """A year by the __index__ protocol, as numpy integers are."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


def test_years_by_the_index_protocol() -> None:
    assert panel(start=_Year(2013), end=_Year(2014)) == panel(start=2013, end=2014)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"freq": "month"}, InvalidValueError, "freq: must be 'year'"),
        ({"freq": None}, InvalidValueError, "freq: must be 'year'"),
        ({"start": "2013"}, InvalidTypeError, "start: an int year, not str '2013'"),
        ({"end": 2013.0}, InvalidTypeError, "end: an int year, not float"),
        ({"start": True}, InvalidTypeError, "start: an int year, not bool"),
        ({"start": 0}, InvalidValueError, "start: 0 is not a year from 1 to 9999"),
        ({"end": 10_000}, InvalidValueError, "end: 10000 is not a year"),
        ({"start": 2014, "end": 2013}, InvalidValueError, "start 2014 is after end 2013"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(")):
        panel(**kwargs)


def test_bad_dataset() -> None:
    with pytest.raises(InvalidTypeError, match="data: a Dataset or None, not str"):
        panel("relations.json")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("columns", "rows", "error", "message"),
    [
        (["year"], (), InvalidTypeError, "columns"),
        (("year", "year"), (), InvalidValueError, "listed twice"),
        (("year",), ([2000],), InvalidTypeError, r"rows\[0\]"),
        (("year",), ((2000, 1),), InvalidValueError, r"rows\[0\]: has 2 values for 1 columns"),
    ],
)
def test_panel_checks_its_shape(
    columns: Any, rows: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Panel(columns=columns, rows=rows)
