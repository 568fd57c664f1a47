"""Hypothesis strategies for the model (the project's own tests)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from hypothesis import strategies as st

from kzcn_relations import (
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    Confidence,
    Dataset,
    Event,
    EventKind,
    ExternalId,
    Investment,
    InvestmentKind,
    Money,
    PartialDate,
    Source,
)

MIN_YEAR, MAX_YEAR = 1985, 2035
STATES = ("KAZ", "CHN", "RUS", "KGZ", "TJK")
CURRENCIES = ("USD", "EUR", "CNY", "KZT")


@st.composite
def partial_dates(
    draw: st.DrawFn, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR
) -> PartialDate:
    """Dates of all three precisions, leap days included."""
    day = draw(st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31)))
    precision = draw(st.sampled_from(("year", "month", "day")))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


def bounds() -> st.SearchStrategy[Any]:
    """Anything a query accepts as a bound."""
    return st.one_of(
        partial_dates(),
        partial_dates().map(str),
        st.integers(MIN_YEAR, MAX_YEAR),
        st.dates(dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)),
    )


def money() -> st.SearchStrategy[Money]:
    return st.builds(
        Money,
        st.decimals(
            min_value=0, max_value=10**12, places=2, allow_nan=False
        ),
        st.sampled_from(CURRENCIES),
    )


def _period(draw: st.DrawFn) -> tuple[PartialDate, PartialDate | None]:
    date = draw(partial_dates())
    end = draw(st.none() | partial_dates())
    if end is not None and end < date:
        date, end = end, date
    return date, end


@st.composite
def datasets(draw: st.DrawFn, max_records: int = 30) -> Dataset:
    """Valid datasets: unique ids, references that resolve, clear names."""
    sources = [
        Source(id=f"s{i}", url=f"https://example.org/{i}", title=f"Page {i}")
        for i in range(draw(st.integers(1, 4)))
    ]
    actors: list[Actor] = [
        Actor(id=code.lower(), name=f"State {code}", kind=ActorKind.STATE,
              country=code)
        for code in STATES
    ]
    for i in range(draw(st.integers(0, 6))):
        firms = actors[len(STATES):]
        parent = draw(st.none() | st.sampled_from(firms)) if firms else None
        actors.append(
            Actor(
                id=f"firm-{i}",
                name=f"Firm {i}",
                kind=ActorKind.COMPANY,
                aliases=(f"F{i}",),
                country=draw(st.none() | st.sampled_from(STATES)),
                parent=parent,
            )
        )
    some_actors = st.lists(
        st.sampled_from(actors), min_size=1, max_size=4, unique_by=lambda a: a.id
    ).map(tuple)
    some_sources = st.lists(
        st.sampled_from(sources), min_size=1, max_size=2, unique_by=lambda s: s.id
    ).map(tuple)
    events: list[Event] = []
    agreements: list[Agreement] = []
    investments: list[Investment] = []
    for i in range(draw(st.integers(0, max_records))):
        date, end = _period(draw)
        common: dict[str, Any] = {
            "id": f"r-{i}",
            "date": date,
            "end": end,
            "title": f"Record {i}",
            "summary": "Generated.",
            "sources": draw(some_sources),
            "confidence": draw(st.sampled_from(Confidence)),
            "external_ids": draw(
                st.lists(st.builds(ExternalId, st.just("aiddata"),
                                   st.integers(1, 99999).map(str)),
                         max_size=1).map(tuple)
            ),
        }
        which = draw(st.sampled_from(("event", "agreement", "investment")))
        if which == "event":
            events.append(Event(
                kind=draw(st.sampled_from(EventKind)),
                participants=draw(some_actors),
                amount=draw(st.none() | money()),
                **common,
            ))
        elif which == "agreement":
            agreements.append(Agreement(
                kind=draw(st.sampled_from(AgreementKind)),
                parties=draw(some_actors),
                in_force=draw(st.none() | partial_dates()),
                **common,
            ))
        else:
            investments.append(Investment(
                kind=draw(st.sampled_from(InvestmentKind)),
                investors=draw(some_actors),
                target=draw(st.none() | st.sampled_from(actors)),
                amount=draw(st.none() | money()),
                stake=draw(st.none() | st.decimals(
                    min_value=decimal.Decimal("0.001"), max_value=1, places=3)),
                **common,
            ))
    return Dataset(
        actors=actors,
        sources=sources,
        events=events,
        agreements=agreements,
        investments=investments,
        version="test",
    )
