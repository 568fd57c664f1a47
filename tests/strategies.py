"""Strategies the project's tests add to the public ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from kzcn_relations.strategies import datasets, partial_dates

__all__ = ["MAX_YEAR", "MIN_YEAR", "bounds", "datasets", "partial_dates"]

MIN_YEAR, MAX_YEAR = 1985, 2035


def bounds() -> st.SearchStrategy[Any]:
    """Anything a query accepts as a bound: PartialDate, ISO text, int, date."""
    return st.one_of(
        partial_dates(),
        partial_dates().map(str),
        st.integers(MIN_YEAR, MAX_YEAR),
        st.dates(dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)),
    )
