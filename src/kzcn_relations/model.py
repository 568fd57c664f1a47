"""The data model: immutable, typed, source-cited records.

Every class here is an ``attrs`` frozen, slotted class: instances compare
and hash by value, collections are tuples, and nothing can be mutated after
construction.  Constructors validate what they are given and raise
``ValueError``/``TypeError`` naming the field at fault.
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
import enum
import re
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from kzcn_relations import _iso
from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementKind",
    "Confidence",
    "Event",
    "EventKind",
    "ExternalId",
    "Investment",
    "InvestmentKind",
    "Money",
    "Office",
    "PartialDate",
    "Precision",
    "Record",
    "Source",
    "TitleFrom",
]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _type_error(field: str, expected: str, value: object) -> InvalidTypeError:
    return InvalidTypeError(
        field, f"expected {expected}, got {type(value).__name__} {value!r}"
    )


# --------------------------------------------------------------------------
# Vocabularies


class Precision(enum.IntEnum):
    """How precisely a :class:`PartialDate` is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3

    def __str__(self) -> str:
        return self.name.lower()


class Confidence(enum.StrEnum):
    """How sure the fact sheet is of a record.

    ``high``: stated by two or more independent sources (or a primary text
    with corroboration); ``medium``: one page only, pages sharing an origin,
    or conflicting details.  ``low`` is available for user datasets.
    """

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ActorKind(enum.StrEnum):
    """What an :class:`Actor` is."""

    STATE = "state"
    COMPANY = "company"
    BANK = "bank"
    ORGANIZATION = "organization"
    PERSON = "person"
    INFRASTRUCTURE = "infrastructure"


class EventKind(enum.StrEnum):
    """What an :class:`Event` is."""

    DIPLOMATIC = "diplomatic"
    VISIT = "visit"
    SUMMIT = "summit"
    ORGANIZATION = "organization"
    INCIDENT = "incident"
    TRADE = "trade"


class AgreementKind(enum.StrEnum):
    """What an :class:`Agreement` is."""

    TREATY = "treaty"
    AGREEMENT = "agreement"
    JOINT_STATEMENT = "joint-statement"
    JOINT_DECLARATION = "joint-declaration"
    JOINT_COMMUNIQUE = "joint-communique"
    PROTOCOL = "protocol"
    MEMORANDUM = "memorandum"
    CONTRACT = "contract"


class InvestmentKind(enum.StrEnum):
    """What an :class:`Investment` is."""

    ACQUISITION = "acquisition"
    LOAN = "loan"
    CREDIT_LINE = "credit-line"
    INFRASTRUCTURE = "infrastructure"
    JOINT_VENTURE = "joint-venture"
    FUND = "fund"
    PROGRAM = "program"
    AGGREGATE = "aggregate"


class TitleFrom(enum.StrEnum):
    """Where a :class:`Source`'s title comes from.

    ``page``: the title as seen on the page; ``url``: no title was visible,
    so the title is the page's URL slug; ``description``: only body text was
    seen, so the title describes the page.
    """

    PAGE = "page"
    URL = "url"
    DESCRIPTION = "description"


# --------------------------------------------------------------------------
# Dates and money


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
    :attr:`earliest`, then :attr:`latest`, so a year sorts before the months
    and days that start it.

    >>> d = PartialDate.parse("2009-04")
    >>> d.precision, d.earliest, d.latest
    (<Precision.MONTH: 2>, datetime.date(2009, 4, 1), datetime.date(2009, 4, 30))
    >>> str(d)
    '2009-04'
    """

    year: int
    month: int | None = None
    day: int | None = None
    _earliest: dt.date = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )
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
            msg = (
                f"{text!r} is not an ISO 8601 date of the form YYYY, "
                "YYYY-MM or YYYY-MM-DD"
            )
            raise InvalidValueError("date", msg)
        year, month, day = m.groups()
        try:
            return cls(
                int(year),
                None if month is None else int(month),
                None if day is None else int(day),
            )
        except InvalidValueError as exc:
            raise InvalidValueError(
                "date", f"{text!r} is not a valid date ({exc})"
            ) from None

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

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self._earliest, self._latest)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()


_PARSED: dict[str, PartialDate] = {}
_PARSED_MAX = 1 << 16


def _check_amount(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, decimal.Decimal):
        raise _type_error(attribute.name, "decimal.Decimal", value)
    if not value.is_finite() or value < 0:
        raise InvalidValueError(
            attribute.name, f"{value} is not a finite amount >= 0"
        )


def _check_currency(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _type_error(attribute.name, "str", value)
    if value not in _iso.CURRENCIES:
        raise InvalidValueError(
            attribute.name, f"{value!r} is not an ISO 4217 currency code"
        )


@attrs.frozen
class Money:
    """An exact, non-negative amount of a currency.

    *amount* is a :class:`decimal.Decimal` (never a float); *currency* is an
    ISO 4217 code such as ``"USD"``.

    >>> str(Money(decimal.Decimal("4180000000"), "USD"))
    'USD 4,180,000,000'
    """

    amount: decimal.Decimal = attrs.field(validator=_check_amount)
    currency: str = attrs.field(validator=_check_currency)

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,f}"


# --------------------------------------------------------------------------
# Field validators shared by the records


def _slug(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _type_error(attribute.name, "str", value)
    if _SLUG.fullmatch(value) is None:
        raise InvalidValueError(
            attribute.name,
            f"{value!r} is not a slug (lower-case letters, digits and "
            "single hyphens)",
        )


def _text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _type_error(attribute.name, "str", value)
    if not value.strip():
        raise InvalidValueError(attribute.name, f"must not be blank, got {value!r}")


def _optional_text(
    _: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None:
        _text(_, attribute, value)


def _any_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _type_error(attribute.name, "str", value)


def _tuple_of(
    kind: type | tuple[type, ...], *, nonempty: bool = False, unique: bool = False
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A tuple of *kind* items (at least one if *nonempty*, no repeats if *unique*)."""
    names = (
        kind.__name__
        if isinstance(kind, type)
        else " or ".join(k.__name__ for k in kind)
    )

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not tuple and not isinstance(value, tuple):
            raise _type_error(attribute.name, f"a tuple of {names}", value)
        for item in value:
            if not isinstance(item, kind):
                i = next(n for n, x in enumerate(value) if not isinstance(x, kind))
                raise _type_error(f"{attribute.name}[{i}]", names, value[i])
        if not value:
            if nonempty:
                raise InvalidValueError(
                    attribute.name, "is an empty list; at least one is required"
                )
        elif unique and len(value) > 1:
            keys = [getattr(item, "id", item) for item in value]
            if len(set(keys)) != len(keys):
                seen: set[Any] = set()
                for key in keys:
                    if key in seen:
                        raise InvalidValueError(attribute.name, f"{key!r} is listed twice")
                    seen.add(key)

    # read by the JSON Schema generator
    setattr(check, "nonempty", nonempty)  # noqa: B010
    setattr(check, "unique", unique)  # noqa: B010
    return check


def _instance(
    kind: type, *, optional: bool = False
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, kind):
            expected = kind.__name__ + (" or None" if optional else "")
            raise _type_error(attribute.name, expected, value)

    return check


def _enum(
    kind: type[enum.Enum],
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise _type_error(attribute.name, kind.__name__, value)

    return check


def _country(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise _type_error(attribute.name, "str or None", value)
    if value not in _iso.ALPHA3_TO_ALPHA2:
        raise InvalidValueError(
            attribute.name,
            f"{value!r} is not an ISO 3166-1 alpha-3 country code",
        )


# --------------------------------------------------------------------------
# Sources and actors


@attrs.frozen
class Source:
    """A public page that states a fact.

    *id* is a stable slug (for the packaged data, the fact sheet's source
    key in lower case, such as ``"s67"``); *title* is as the fact sheet
    lists it, and *title_from* says whether it was seen on the page or made
    up from the URL or the body text.
    """

    id: str = attrs.field(validator=_slug)
    url: str = attrs.field(validator=_text)
    title: str = attrs.field(validator=_text)
    title_from: TitleFrom = attrs.field(
        default=TitleFrom.PAGE, validator=_enum(TitleFrom)
    )

    def __attrs_post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise InvalidValueError("url", f"{self.url!r} is not an http(s) URL")


@attrs.frozen
class Office:
    """An office an :class:`Actor` (a person) held, as the sources attest.

    *start* and *end* bound the tenure where the sources give them;
    *as_of* lists dates at which a source shows the person in office when
    the tenure itself is not stated.
    """

    title: str = attrs.field(validator=_text)
    start: PartialDate | None = attrs.field(
        default=None, validator=_instance(PartialDate, optional=True)
    )
    end: PartialDate | None = attrs.field(
        default=None, validator=_instance(PartialDate, optional=True)
    )
    as_of: tuple[PartialDate, ...] = attrs.field(
        default=(), validator=_tuple_of(PartialDate)
    )

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise InvalidValueError(
                "end", f"{self.end} is before start {self.start}"
            )


@attrs.frozen(repr=False)
class Actor:
    """A state, company, bank, organisation, person or piece of infrastructure.

    *aliases* include the native-script names the fact sheet lists;
    *country* is an ISO 3166-1 alpha-3 code where the actor has one;
    *parent* is the owning actor (CNPC International's parent is CNPC), so
    ownership can be followed up to the top.
    """

    id: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    kind: ActorKind = attrs.field(validator=_enum(ActorKind))
    aliases: tuple[str, ...] = attrs.field(default=(), validator=_tuple_of(str))
    country: str | None = attrs.field(default=None, validator=_country)
    parent: Actor | None = attrs.field(
        default=None, validator=_instance(object, optional=True)
    )
    offices: tuple[Office, ...] = attrs.field(
        default=(), validator=_tuple_of(Office)
    )
    note: str = attrs.field(default="", validator=_any_text)
    sources: tuple[Source, ...] = attrs.field(
        default=(), validator=_tuple_of(Source, unique=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.parent is not None and not isinstance(self.parent, Actor):
            raise _type_error("parent", "Actor or None", self.parent)

    def owners(self) -> tuple[Actor, ...]:
        """The chain of owners, nearest first (empty for a top owner)."""
        chain: list[Actor] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return tuple(chain)

    def __repr__(self) -> str:
        return f"Actor(id={self.id!r}, name={self.name!r})"


# --------------------------------------------------------------------------
# Records


@attrs.frozen
class ExternalId:
    """An identifier of the same thing in another dataset.

    *scheme* names the dataset (``"aiddata"`` for AidData's Global Chinese
    Development Finance dataset); *id* is the identifier there.
    """

    scheme: str = attrs.field(validator=_slug)
    id: str = attrs.field(validator=_text)


def _check_stake(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, decimal.Decimal):
        raise _type_error(attribute.name, "decimal.Decimal or None", value)
    if not value.is_finite() or not 0 < value <= 1:
        raise InvalidValueError(
            attribute.name, f"{value} is not a fraction in (0, 1]"
        )


@attrs.frozen(kw_only=True)
class _Record:
    """Fields shared by :class:`Event`, :class:`Agreement`, :class:`Investment`."""

    #: The JSON key of this record kind's list in a dataset document.
    collection: ClassVar[str] = ""

    id: str = attrs.field(validator=_slug)
    date: PartialDate = attrs.field(validator=_instance(PartialDate))
    end: PartialDate | None = attrs.field(
        default=None, validator=_instance(PartialDate, optional=True)
    )
    title: str = attrs.field(validator=_text)
    summary: str = attrs.field(validator=_text, repr=False)
    place: str | None = attrs.field(
        default=None, validator=_optional_text, repr=False
    )
    sources: tuple[Source, ...] = attrs.field(
        validator=_tuple_of(Source, nonempty=True, unique=True), repr=False
    )
    confidence: Confidence = attrs.field(validator=_enum(Confidence))
    notes: str = attrs.field(default="", validator=_any_text, repr=False)
    related: tuple[str, ...] = attrs.field(
        default=(), validator=_tuple_of(str, unique=True), repr=False
    )
    external_ids: tuple[ExternalId, ...] = attrs.field(
        default=(), validator=_tuple_of(ExternalId), repr=False
    )

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.date:
            raise InvalidValueError(
                "end", f"{self.end} is before date {self.date}"
            )
        for i, rid in enumerate(self.related):
            if _SLUG.fullmatch(rid) is None:
                raise InvalidValueError(
                    f"related[{i}]", f"{rid!r} is not a record id"
                )
            if rid == self.id:
                raise InvalidValueError(
                    f"related[{i}]", "a record cannot relate to itself"
                )

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The first and last day the record may cover.

        ``(date.earliest, (end or date).latest)``: a record known only to the
        month spans that whole month.
        """
        return (self.date.earliest, (self.end or self.date).latest)

    def actors(self) -> tuple[Actor, ...]:
        """Every actor the record names, in field order, without repeats."""
        raise NotImplementedError  # pragma: no cover


def _dedupe(actors: tuple[Actor | None, ...]) -> tuple[Actor, ...]:
    seen: dict[str, Actor] = {}
    for a in actors:
        if a is not None:
            seen.setdefault(a.id, a)
    return tuple(seen.values())


@attrs.frozen(kw_only=True)
class Event(_Record):
    """Something that happened: a milestone, visit, summit, incident, figure.

    *participants* are the actors involved.  Trade figures carry the
    turnover in *amount* and the side whose statistics report it in
    *reporter*; other events leave both empty.
    """

    collection: ClassVar[str] = "events"

    kind: EventKind = attrs.field(validator=_enum(EventKind))
    participants: tuple[Actor, ...] = attrs.field(
        validator=_tuple_of(Actor, nonempty=True, unique=True)
    )
    amount: Money | None = attrs.field(
        default=None, validator=_instance(Money, optional=True)
    )
    reporter: Actor | None = attrs.field(
        default=None, validator=_instance(Actor, optional=True)
    )

    def actors(self) -> tuple[Actor, ...]:
        return _dedupe((*self.participants, self.reporter))


@attrs.frozen(kw_only=True)
class Agreement(_Record):
    """A treaty, agreement, joint statement, protocol or memorandum.

    *parties* lists every party (a multilateral agreement lists them all);
    *signatories* are the people who signed, where the sources name them;
    *in_force* is the date of entry into force, where known; *involved*
    names other actors with a part in it that are not parties.
    """

    collection: ClassVar[str] = "agreements"

    kind: AgreementKind = attrs.field(validator=_enum(AgreementKind))
    parties: tuple[Actor, ...] = attrs.field(
        validator=_tuple_of(Actor, nonempty=True, unique=True)
    )
    signatories: tuple[Actor, ...] = attrs.field(
        default=(), validator=_tuple_of(Actor, unique=True)
    )
    in_force: PartialDate | None = attrs.field(
        default=None, validator=_instance(PartialDate, optional=True)
    )
    involved: tuple[Actor, ...] = attrs.field(
        default=(), validator=_tuple_of(Actor, unique=True), repr=False
    )

    def actors(self) -> tuple[Actor, ...]:
        return _dedupe((*self.parties, *self.signatories, *self.involved))


@attrs.frozen(kw_only=True)
class Investment(_Record):
    """An acquisition, stake, loan, credit line or infrastructure project.

    *investors* put the money in (acquirer, lender, builders); *target*
    received it (acquired company, borrower, asset); *seller* sold the stake,
    where the sources name one; *stake* is the fraction acquired,
    ``0 < stake <= 1``; *involved* names other actors with a part in it
    (rival bidders, officials, ceremony hosts).
    """

    collection: ClassVar[str] = "investments"

    kind: InvestmentKind = attrs.field(validator=_enum(InvestmentKind))
    investors: tuple[Actor, ...] = attrs.field(
        validator=_tuple_of(Actor, nonempty=True, unique=True)
    )
    target: Actor | None = attrs.field(
        default=None, validator=_instance(Actor, optional=True)
    )
    seller: Actor | None = attrs.field(
        default=None, validator=_instance(Actor, optional=True), repr=False
    )
    amount: Money | None = attrs.field(
        default=None, validator=_instance(Money, optional=True)
    )
    stake: decimal.Decimal | None = attrs.field(
        default=None, validator=_check_stake
    )
    involved: tuple[Actor, ...] = attrs.field(
        default=(), validator=_tuple_of(Actor, unique=True), repr=False
    )

    def actors(self) -> tuple[Actor, ...]:
        return _dedupe(
            (*self.investors, self.target, self.seller, *self.involved)
        )


#: Any of the three record kinds.
Record: TypeAlias = Event | Agreement | Investment

RECORD_TYPES: tuple[type[Event], type[Agreement], type[Investment]] = (
    Event,
    Agreement,
    Investment,
)

#: The record fields that hold several actors, and those that hold one.
ACTOR_TUPLE_FIELDS = ("participants", "parties", "signatories", "investors", "involved")
ACTOR_FIELDS = ("reporter", "target", "seller")

#: Every kind value, mapped to its enum member (values are unique across
#: the three record kinds).
KIND_VALUES: dict[str, EventKind | AgreementKind | InvestmentKind] = {
    **{k.value: k for k in EventKind},
    **{k.value: k for k in AgreementKind},
    **{k.value: k for k in InvestmentKind},
}
if len(KIND_VALUES) != len(EventKind) + len(AgreementKind) + len(InvestmentKind):
    raise AssertionError("record kind values must be unique")  # pragma: no cover


def sort_key(record: Record) -> tuple[int, int, str]:
    """Chronological order: date (earliest, then latest), then id."""
    date = record.date
    return (date.earliest.toordinal(), date.latest.toordinal(), record.id)
