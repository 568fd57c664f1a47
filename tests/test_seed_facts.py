"""The seed document's claims, as the vetted fact sheet corrected them.

Each test pins one claim of ``shared/seed`` on the packaged dataset: the
date (at its honest precision), the parties and the amounts.
"""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

import kzcn_relations as kr
from kzcn_relations import Agreement, Event, Investment, Money, PartialDate, Precision


def ids(actors: tuple[kr.Actor, ...]) -> set[str]:
    return {a.id for a in actors}


def test_diplomatic_relations_1992() -> None:
    """Relations were established on 1992-01-03, as the seed says."""
    r = kr.dataset().record("diplomatic-relations-established")
    assert isinstance(r, Event)
    assert r.date == PartialDate(1992, 1, 3)
    assert {"chn", "kaz"} <= ids(r.participants)


def test_nazarbayev_visit_1993_is_known_to_the_month() -> None:
    """The 1993 visit is dated October 1993, not an invented day."""
    r = kr.dataset().record("nazarbayev-official-visit-1993")
    assert r.date == PartialDate(1993, 10)
    assert r.date.precision is Precision.MONTH
    assert r.confidence == "medium"


@pytest.mark.parametrize(
    ("record_id", "day"),
    [
        ("border-agreement-1994", dt.date(1994, 4, 26)),
        ("border-supplementary-agreement-1997", dt.date(1997, 9, 24)),
        ("border-supplementary-agreement-1998", dt.date(1998, 7, 4)),
    ],
)
def test_border_agreements(record_id: str, day: dt.date) -> None:
    """The three border agreements have exact days and both states as parties."""
    r = kr.dataset().record(record_id)
    assert isinstance(r, Agreement)
    assert r.date == PartialDate.from_date(day)
    assert ids(r.parties) == {"chn", "kaz"}
    border = kr.agreements_with("Kazakhstan", between=("1994", "1998"))
    assert r in border


def test_shanghai_five_1996_and_sco_2001() -> None:
    """The Shanghai Five began in 1996; the SCO itself was founded in 2001."""
    five = kr.dataset().record("shanghai-five-founding-1996")
    assert five.date == PartialDate(1996, 4, 26)
    assert isinstance(five, Agreement)
    assert ids(five.parties) == {"chn", "kaz", "kgz", "rus", "tjk"}
    assert "25 April" in five.notes  # the day conflict is kept
    sco = kr.dataset().record("sco-founded-2001")
    assert sco.date == PartialDate(2001, 6, 15)
    assert isinstance(sco, Event)
    assert {"chn", "kaz", "kgz", "rus", "tjk", "uzb"} <= ids(sco.participants)


def test_military_forces_reduction_1997_includes_russia() -> None:
    """The 1997 agreement binds five states, Russia included (the seed omits it)."""
    found = kr.agreements_with("Russia", between=(1997, 1997))
    r = kr.dataset().record("military-forces-reduction-1997")
    assert r in found
    assert isinstance(r, Agreement)
    assert r.date == PartialDate(1997, 4, 24)
    assert ids(r.parties) == {"chn", "kaz", "kgz", "rus", "tjk"}
    for state in ("Kyrgyzstan", "Tajikistan", "China", "Kazakhstan"):
        assert r in kr.agreements_with(state)


def test_petrokazakhstan_2005() -> None:
    """CNPC bought PetroKazakhstan through CNPC International for USD 4.18bn."""
    r = kr.dataset().record("petrokazakhstan-acquisition-2005")
    assert isinstance(r, Investment)
    assert ids(r.investors) == {"cnpci"}
    assert r.target is not None and r.target.id == "petrokazakhstan"
    assert r.amount == Money(decimal.Decimal("4180000000"), "USD")
    assert (r.date, r.end) == (PartialDate(2005, 8, 22), PartialDate(2005, 10, 26))
    assert r.stake == 1
    assert r in kr.investments_by("CNPC")
    assert r not in kr.investments_by("CNPC", include_subsidiaries=False)
    assert r in kr.investments_by("China")


def test_atasu_alashankou_is_its_own_joint_project() -> None:
    """The ~USD 700m pipeline was a CNPC–KMG joint project, not part of the PK deal."""
    r = kr.dataset().record("atasu-alashankou-pipeline-built")
    assert isinstance(r, Investment)
    assert ids(r.investors) == {"cnpc", "kmg"}
    assert r.amount == Money(decimal.Decimal("700000000"), "USD")
    assert (r.date, r.end) == (PartialDate(2004, 9), PartialDate(2005, 12))
    assert "850" in r.notes  # the other cost figure is kept
    assert r in kr.investments_by("KazMunayGas")


def test_2009_loans_and_mangistaumunaigas() -> None:
    """USD 10bn in 2009: Exim 5bn to DBK and CNPC 5bn to KMG; MMG bought 50/50."""
    package = kr.dataset().record("loans-for-oil-10bn-2009")
    assert package.date == PartialDate(2009, 4, 16)
    five_bn = Money(decimal.Decimal("5000000000"), "USD")
    cnpc_loan = kr.dataset().record("cnpc-kmg-loan-2009")
    assert isinstance(cnpc_loan, Investment)
    assert (cnpc_loan.investors[0].id, cnpc_loan.amount) == ("cnpc", five_bn)
    assert cnpc_loan.target is not None and cnpc_loan.target.id == "kmg"
    exim = kr.dataset().record("exim-dbk-master-facility-2009")
    assert isinstance(exim, Investment)
    assert (exim.investors[0].id, exim.amount) == ("china-exim", five_bn)
    assert exim.target is not None and exim.target.id == "dbk"
    assert {"cnpc-kmg-loan-2009", "exim-dbk-master-facility-2009"} <= set(package.related)
    assert exim in kr.investments_by("China Eximbank", between=(2009, 2009))
    mmg = kr.dataset().record("mangistaumunaigas-acquisition-2009")
    assert isinstance(mmg, Investment)
    assert mmg.date == PartialDate(2009, 11, 25)
    assert ids(mmg.investors) == {"cnpc-ed", "kmg"}
    assert mmg.target is not None and mmg.target.id == "mmg"
    assert mmg in kr.investments_by("CNPC")


def test_three_questions() -> None:
    """The three questions the library exists for answer from the packaged data."""
    in_1994 = kr.events_between(1994, 1994)
    assert "border-agreement-1994" in [r.id for r in in_1994]
    assert all(r.period[0].year <= 1994 <= r.period[1].year for r in in_1994)
    kgz = kr.agreements_with("KGZ")
    assert {"shanghai-five-founding-1996", "military-forces-reduction-1997"} <= {a.id for a in kgz}
    china = kr.investments_by("China")
    assert {"cnpc", "china-exim"} <= {a.id for i in china for a in i.investors}
