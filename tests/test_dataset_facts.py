"""Facts pinned across kinds and decades (beyond the seed's, in test_seed_facts)."""

from __future__ import annotations

import decimal
import re

import pytest

import kzcn_relations as kr
from kzcn_relations import Agreement, Event, Investment, Money, PartialDate, TradeFigure

D = decimal.Decimal


def rec(record_id: str) -> kr.Record:
    return kr.dataset().record(record_id)


def ids(actors: tuple[kr.Actor, ...]) -> set[str]:
    return {a.id for a in actors}


def test_1990s_tereshchenko_visit_span() -> None:
    """A five-day visit in 1992 is a span, participants named."""
    r = rec("tereshchenko-visit-1992")
    assert isinstance(r, Event)
    assert (r.date, r.end) == (PartialDate(1992, 2, 24), PartialDate(1992, 2, 28))
    assert {"tereshchenko", "li-peng"} <= ids(r.participants)
    assert r.confidence == "medium"


def test_1990s_aktobemunaigas_stake() -> None:
    """CNPC's 1997 Aktobe stake is 60.3%, known to the month; the conflict is noted."""
    r = rec("cnpc-aktobemunaigas-tender-1997")
    assert isinstance(r, Investment)
    assert r.date == PartialDate(1997, 6)
    assert r.stake == D("0.603")
    assert r.seller is not None and r.seller.id == "kaz"
    assert "60.2%" in r.notes


def test_2000s_good_neighbourliness_treaty() -> None:
    """The 2002 treaty: signed by Jiang Zemin and Nazarbayev in Beijing."""
    r = rec("good-neighbourliness-treaty-2002")
    assert isinstance(r, Agreement)
    assert r.date == PartialDate(2002, 12, 23)
    assert ids(r.signatories) == {"jiang-zemin", "nazarbayev"}
    assert r.kind == "treaty"


def test_2000s_gas_pipeline_agreement_in_force() -> None:
    """The 2007 gas pipeline agreement entered into force on 2010-06-08."""
    r = rec("hu-jintao-visit-2007-gas-pipeline-agreement")
    assert isinstance(r, Agreement)
    assert r.in_force == PartialDate(2010, 6, 8)


def test_2010s_kashagan() -> None:
    """CNPC's 8.33% of Kashagan from KazMunayGas, about USD 5 billion."""
    r = rec("kashagan-stake-cnpc-2013")
    assert isinstance(r, Investment)
    assert r.stake == D("0.0833")
    assert r.amount == Money(D("5000000000"), "USD")
    assert r.seller is not None and r.seller.id == "kmg"
    assert "conocophillips" in ids(r.involved)


def test_2010s_permanent_partnership_is_2019() -> None:
    """The permanent comprehensive strategic partnership dates from 2019-09-11."""
    r = rec("permanent-comprehensive-strategic-partnership-2019")
    assert isinstance(r, Agreement)
    assert r.date == PartialDate(2019, 9, 11)
    assert r.kind == "joint-statement"
    assert "2024" in r.notes  # the Wikipedia-lead conflict is kept


def test_2010s_eur_loan() -> None:
    """A loan in euros keeps its currency."""
    r = rec("cdb-eur460m-cnpc-amg-2015")
    assert isinstance(r, Investment)
    assert r.amount == Money(D("460000000"), "EUR")
    assert r in kr.investments_by("China Development Bank")


def test_2020s_visa_exemption() -> None:
    """The visa-exemption agreement: signed 2023-05-17, in force 2023-11-10."""
    r = rec("visa-exemption-agreement-2023")
    assert isinstance(r, Agreement)
    assert (r.date, r.in_force, r.end) == (
        PartialDate(2023, 5, 17),
        PartialDate(2023, 11, 10),
        None,
    )


def test_2020s_six_nation_treaty() -> None:
    """The 2025 Astana treaty binds China and the five Central Asian states."""
    r = rec("central-asia-china-friendship-treaty-2025")
    assert isinstance(r, Agreement)
    assert ids(r.parties) == {"chn", "kaz", "kgz", "tjk", "tkm", "uzb"}
    assert r in kr.agreements_with("Turkmenistan", between=(2025, 2025))


def test_2020s_sco_astana_admits_belarus() -> None:
    """Belarus joined the SCO at the 2024 Astana summit."""
    r = rec("sco-summit-astana-2024")
    assert isinstance(r, Event)
    assert r.date == PartialDate(2024, 7, 4)
    assert "blr" in ids(r.participants)


@pytest.mark.parametrize(
    ("record_id", "amount", "reporter"),
    [
        ("trade-2006", "8358000000", None),
        ("trade-2010", "20400000000", "chn"),
        ("trade-2014", "22400000000", "chn"),
        ("trade-2024", "43820000000", "chn"),
    ],
)
def test_trade_figures(record_id: str, amount: str, reporter: str | None) -> None:
    """Trade turnover is data: exact amount, reporting side."""
    r = rec(record_id)
    assert isinstance(r, TradeFigure) and r.kind == "trade" and r.full_year
    assert r.turnover == Money(D(amount), "USD")
    assert (r.reporter.id if r.reporter else None) == reporter


def test_trade_flows_add_up() -> None:
    """Where both flows are known (2014), they make the turnover."""
    r = rec("trade-2014")
    assert isinstance(r, TradeFigure)
    assert r.to_china == Money(D("9700000000"), "USD")
    assert r.to_kazakhstan == Money(D("12700000000"), "USD")
    assert r.to_china.amount + r.to_kazakhstan.amount == r.turnover.amount
    partial = rec("trade-2002")
    assert isinstance(partial, TradeFigure) and not partial.full_year


def test_partnership_levels_are_agreements() -> None:
    """Each partnership level of the fact sheet is a China–Kazakhstan statement."""
    days = [
        "2005-07-04",
        "2011-06-13",
        "2013-09-07",
        "2015-08-31",
        "2019-09-11",
        "2022-09-14",
        "2024-07-03",
    ]
    for day in days:
        found = [
            a
            for a in kr.agreements_with("chn", between=(day, day))
            if a.kind in ("joint-statement", "joint-declaration")
            and ids(a.parties) == {"chn", "kaz"}
            and str(a.date) == day
        ]
        assert len(found) == 1, day


_PROJECT_PAGE = re.compile(r"https://china\.aiddata\.org/projects/(\d+)/?")


def test_external_ids_name_cited_pages() -> None:
    """An AidData id on a record is a project page the record cites, or one
    whose page was not seen, which the record's notes then name (40164 is
    known from the page of 53545)."""
    for r in kr.dataset().records:
        cited = {m.group(1) for s in r.sources if (m := _PROJECT_PAGE.fullmatch(s.url))}
        for ext in r.external_ids:
            assert ext.scheme == "aiddata"
            assert ext.id in cited or ext.id in r.notes, (r.id, ext.id)


def test_aiddata_pages_are_joined() -> None:
    """Every AidData project page the dataset cites is the external id of one record."""
    cited = {m.group(1) for s in kr.dataset().sources if (m := _PROJECT_PAGE.fullmatch(s.url))}
    joined = {e.id for r in kr.dataset().records for e in r.external_ids}
    assert cited <= joined
    assert joined - cited == {"40164"}
