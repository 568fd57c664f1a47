"""Dates known to the year, the month or the day, and query ranges of them.

:class:`PartialDate` is the model's date; :func:`coerce` turns what a user
passes as a query bound (a date, an ISO string, an int year, a
``PartialDate``) into one, and :func:`day_range` turns a pair of bounds into
the closed range of days they cover.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import operator
import re
from typing import SupportsIndex

import attrs

from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError, describe

__all__ = ["Bound", "PartialDate", "Precision", "coerce", "day_range"]

_ISO_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _type_error(field: str, expected: str, value: object) -> InvalidTypeError:
    return InvalidTypeError(field, f"expected {expected}, got {describe(value)}")


class Precision(enum.IntEnum):
    """How precisely a :class:`PartialDate` is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3

    def __str__(self) -> str:
        return self.name.lower()


def _check_year(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _type_error("year", "int", value)
    if not 1 <= value <= 9999:
        raise InvalidValueError("year", f"{value} is not in 1..9999")
    return value


@attrs.frozen(order=False)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    The three ISO 8601 (EDTF level 0) forms ``YYYY``, ``YYYY-MM`` and
    ``YYYY-MM-DD``.  A reduced-precision date stands for its whole period:
    ``PartialDate(1994)`` covers 1994-01-01 to 1994-12-31.  Dates order by
    :attr:`earliest`, then :attr:`latest`: of dates that start on the same
    day, the shorter period sorts first, so ``2019-01-01`` sorts before
    ``2019-01``, which sorts before ``2019``.

    A :class:`datetime.date` compares by the same rule, as the one-day
    period it is: ``PartialDate("2009") < date(2009, 6, 1)`` (the year starts
    first), and ``date(2009, 6, 1) in PartialDate("2009")`` asks whether the
    day lies in the period (:meth:`contains`).  Equality stays between
    ``PartialDate`` objects: a day-precision date is not *equal* to a
    ``datetime.date``, only ordered beside it.

    >>> d = PartialDate.parse("2009-04")
    >>> d.precision, d.earliest, d.latest
    (<Precision.MONTH: 2>, datetime.date(2009, 4, 1), datetime.date(2009, 4, 30))
    >>> str(d)
    '2009-04'
    >>> sorted(PartialDate.parse(t) for t in ("2019", "2019-01", "2019-01-01"))
    [PartialDate('2019-01-01'), PartialDate('2019-01'), PartialDate('2019')]
    >>> dt.date(2009, 4, 16) in d, PartialDate.parse("2009") < dt.date(2009, 4, 16)
    (True, True)
    """

    year: int
    month: int | None = None
    day: int | None = None
    _earliest: dt.date = attrs.field(init=False, eq=False, hash=False, repr=False)
    _latest: dt.date = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        year = _check_year(self.year)
        month, day = self.month, self.day
        if month is None:
            if day is not None:
                raise InvalidValueError("day", "a day needs a month")
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        else:
            if not isinstance(month, int) or isinstance(month, bool):
                raise _type_error("month", "int or None", month)
            if not 1 <= month <= 12:
                raise InvalidValueError("month", f"{month} is not in 1..12")
            days = calendar.monthrange(year, month)[1]
            if day is None:
                first = dt.date(year, month, 1)
                last = dt.date(year, month, days)
            else:
                if not isinstance(day, int) or isinstance(day, bool):
                    raise _type_error("day", "int or None", day)
                if not 1 <= day <= days:
                    raise InvalidValueError(
                        "day",
                        f"{year:04d}-{month:02d} has no day {day}",
                    )
                first = last = dt.date(year, month, day)
        object.__setattr__(self, "_earliest", first)
        object.__setattr__(self, "_latest", last)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and nothing else.

        Raises ``ValueError`` for any other form or an impossible date (such
        as ``2023-02-29``), and ``TypeError`` for a non-string.  Dates are
        values, so equal texts give one shared object (a bounded cache).
        """
        found = _PARSED.get(text) if type(text) is str else None
        if found is not None and cls is PartialDate:
            return found
        parsed = cls._parse(text)
        if cls is PartialDate:
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            _PARSED[text] = parsed
        return parsed

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        if not isinstance(text, str):
            raise _type_error("date", "an ISO 8601 string", text)
        m = _ISO_DATE.fullmatch(text)
        if m is None:
            msg = f"{text!r} is not an ISO 8601 date of the form YYYY, YYYY-MM or YYYY-MM-DD"
            raise InvalidValueError("date", msg)
        year, month, day = m.groups()
        try:
            return cls(
                int(year),
                None if month is None else int(month),
                None if day is None else int(day),
            )
        except InvalidValueError as exc:
            raise InvalidValueError("date", f"{text!r} is not a valid date ({exc})") from None

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """The day-precision date of a :class:`datetime.date`."""
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise _type_error("date", "datetime.date", value)
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        """Whether this is a year, a month or a day."""
        if self.month is None:
            return Precision.YEAR
        return Precision.MONTH if self.day is None else Precision.DAY

    @property
    def earliest(self) -> dt.date:
        """The first day of the period this date stands for."""
        return self._earliest

    @property
    def latest(self) -> dt.date:
        """The last day of the period this date stands for."""
        return self._latest

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    def contains(self, when: object) -> bool:
        """Whether *when* lies wholly in this date's period.

        *when* is a :class:`datetime.date` (a ``datetime`` counts as its
        date), a ``PartialDate`` (``"2009-04"`` lies in ``"2009"``) or any
        query bound :func:`coerce` takes.
        """
        inner = coerce(when, "when")
        return self._earliest <= inner.earliest and inner.latest <= self._latest

    def __contains__(self, when: object) -> bool:
        return self.contains(when)

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self._earliest, self._latest)

    def __lt__(self, other: object) -> bool:
        key = _order_key(other)
        return NotImplemented if key is None else self._key() < key

    def __le__(self, other: object) -> bool:
        key = _order_key(other)
        return NotImplemented if key is None else self._key() <= key

    def __gt__(self, other: object) -> bool:
        key = _order_key(other)
        return NotImplemented if key is None else self._key() > key

    def __ge__(self, other: object) -> bool:
        key = _order_key(other)
        return NotImplemented if key is None else self._key() >= key


def _order_key(other: object) -> tuple[dt.date, dt.date] | None:
    """How *other* orders beside a PartialDate: its period, a day as one day."""
    if isinstance(other, PartialDate):
        return other._key()
    if isinstance(other, dt.datetime):
        day = other.date()
        return (day, day)
    if isinstance(other, dt.date):
        return (other, other)
    return None


_PARSED: dict[str, PartialDate] = {}
_PARSED_MAX = 1 << 16


#: What a query accepts as a range bound (also, by protocol, any integer
#: type with ``__index__`` such as numpy's, and any object with a ``date()``
#: method returning a :class:`datetime.date`, such as pandas' ``Timestamp``).
Bound = dt.date | PartialDate | str | int | SupportsIndex


def coerce(value: object, name: str = "date") -> PartialDate:
    """The :class:`PartialDate` a query bound stands for; strict about types.

    Takes a ``PartialDate``, a :class:`datetime.date`, a ``datetime`` (its
    date), an ISO 8601 string (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or an
    int year — and, by protocol rather than by importing them, integers of
    other libraries (anything with ``__index__``, such as ``numpy.int64``)
    and timestamps with a ``date()`` method (such as ``pandas.Timestamp``).
    *name* is the argument named in errors.

    >>> coerce(1994), coerce("1994-04"), coerce(dt.date(1994, 4, 26))
    (PartialDate('1994'), PartialDate('1994-04'), PartialDate('1994-04-26'))
    >>> coerce(dt.datetime(1994, 4, 26, 15, 30))
    PartialDate('1994-04-26')
    """
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool):
        raise InvalidTypeError(name, f"a date, an ISO string or an int year, not bool {value!r}")
    if isinstance(value, int):
        if not 1 <= value <= 9999:
            raise InvalidValueError(name, f"year {value} is not in 1..9999")
        return PartialDate(value)
    if isinstance(value, str):
        try:
            return PartialDate.parse(value)
        except InvalidValueError as exc:
            raise InvalidValueError(name, exc.reason) from None
    if isinstance(value, dt.datetime):
        day = value.date()
        if type(day) is not dt.date:  # pandas' NaT is a datetime without a date
            raise InvalidValueError(name, f"{describe(value)} is not a date")
        return PartialDate.from_date(day)
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    return _by_protocol(value, name)


def _by_protocol(value: object, name: str) -> PartialDate:
    """A bound from another library's integer (``__index__``) or timestamp (``date()``)."""
    if hasattr(type(value), "__index__") and "bool" not in type(value).__name__:
        try:
            year = operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            pass
        else:
            return coerce(year, name)
    day_of = getattr(value, "date", None)
    if callable(day_of):
        try:
            day = day_of()
        except (TypeError, ValueError) as exc:
            raise InvalidValueError(name, f"{describe(value)} has no date ({exc})") from None
        if isinstance(day, dt.datetime):
            day = day.date()
        if isinstance(day, dt.date):
            return PartialDate.from_date(day)
    raise InvalidTypeError(
        name,
        "a datetime.date or datetime, a PartialDate, an ISO 8601 string (YYYY, "
        f"YYYY-MM or YYYY-MM-DD) or an int year, got {describe(value)}",
    )


def day_range(start: object, end: object) -> tuple[int, int]:
    """The closed range of day ordinals from *start*'s first day to *end*'s last.

    A bound of reduced precision covers its whole period.  Raises
    :class:`InvalidValueError` if *start* begins after *end* ends.

    >>> lo, hi = day_range(1994, "1994-02")
    >>> dt.date.fromordinal(lo), dt.date.fromordinal(hi)
    (datetime.date(1994, 1, 1), datetime.date(1994, 2, 28))
    """
    # the common cases without building PartialDates: two days
    if type(start) is dt.date and type(end) is dt.date:
        lo, hi = start.toordinal(), end.toordinal()
        if lo > hi:
            raise InvalidValueError("", f"start {start} is after end {end}")
        return lo, hi
    first, last = coerce(start, "start"), coerce(end, "end")
    if first.earliest > last.latest:
        raise InvalidValueError("", f"start {first} is after end {last}")
    return first.earliest.toordinal(), last.latest.toordinal()
