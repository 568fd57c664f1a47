"""The data model: immutable, typed, source-cited records.

Every class here is an ``attrs`` frozen, slotted class: instances compare
and hash by value, collections are tuples, and nothing can be mutated after
construction.  Constructors validate what they are given and raise
``ValueError``/``TypeError`` naming the field at fault.

Which record fields hold actors, and in what role, is declared once, in each
field's metadata (:func:`actor_fields` reads it); the converters, the
exports, the command line and the indexes derive from that declaration.
Dates live in :mod:`kzcn_relations.dates`, the enumerations (kinds,
confidence, roles) in :mod:`kzcn_relations.vocabulary`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import operator
import typing
from collections.abc import Callable
from typing import Any, ClassVar, TypeAlias, TypeVar

import attrs

from kzcn_relations._validators import (
    Amount,
    AnyText,
    Country,
    Currency,
    EnumOf,
    Fraction,
    InstanceOf,
    Language,
    OptionalAmount,
    OptionalSlug,
    Slug,
    Text,
    TupleOf,
    spec_of,
    type_error,
)
from kzcn_relations.dates import Bound, PartialDate, Precision, coerce
from kzcn_relations.exceptions import InvalidValueError
from kzcn_relations.vocabulary import (
    ActorKind,
    AgreementKind,
    Basis,
    Confidence,
    EventKind,
    InvestmentKind,
    NameKind,
    PlaceKind,
    Role,
    Status,
    TitleFrom,
    TradeKind,
)

__all__ = [
    "Actor",
    "ActorField",
    "ActorKind",
    "Agreement",
    "AgreementKind",
    "AidDataProject",
    "Basis",
    "Confidence",
    "Event",
    "EventKind",
    "ExternalId",
    "Holding",
    "Investment",
    "InvestmentKind",
    "Money",
    "Name",
    "NameKind",
    "Office",
    "PartialDate",
    "Place",
    "PlaceKind",
    "Precision",
    "Ratification",
    "Record",
    "Role",
    "Share",
    "Source",
    "Status",
    "TitleFrom",
    "TradeFigure",
    "TradeKind",
    "actor_fields",
]

#: The metadata key of a record field that holds actors: its :class:`Role`.
ROLE = "kzcn_relations.role"
#: The metadata key of the shared record fields written last in a document.
TRAILING = "kzcn_relations.trailing"


# --------------------------------------------------------------------------
# Money, sources and actors


@attrs.frozen
class Money:
    """An exact, non-negative amount of a currency.

    *amount* is a :class:`decimal.Decimal` (never a float); *currency* is an
    ISO 4217 code such as ``"USD"``.

    >>> str(Money(decimal.Decimal("4180000000"), "USD"))
    'USD 4,180,000,000'
    """

    amount: decimal.Decimal = attrs.field(validator=Amount().fn)
    currency: str = attrs.field(validator=Currency().fn)

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,f}"


@attrs.frozen
class Source:
    """A public page that states a fact.

    *id* is a stable slug (for the packaged data, such as ``"s67"``);
    *title* is the page's title, and *title_from* says whether it was seen
    on the page or made up from the URL or the body text.
    """

    id: str = attrs.field(validator=Slug().fn)
    url: str = attrs.field(validator=Text().fn)
    title: str = attrs.field(validator=Text().fn)
    title_from: TitleFrom = attrs.field(default=TitleFrom.PAGE, validator=EnumOf(TitleFrom).fn)

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

    title: str = attrs.field(validator=Text().fn)
    start: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    end: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    as_of: tuple[PartialDate, ...] = attrs.field(default=(), validator=TupleOf(PartialDate).fn)

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise InvalidValueError("end", f"{self.end} is before start {self.start}")


def _before(later: PartialDate, earlier: PartialDate) -> bool:
    """Whether *later* certainly precedes *earlier* (its last day is before the other's first)."""
    return later.latest < earlier.earliest


@attrs.frozen
class Name:
    """A name of an :class:`Actor` or a :class:`Place`, in one language.

    *lang* is a BCP 47 tag (``"kk"``, ``"ru"``, ``"zh-Hans"``, ``"zh-Hant"``,
    ``"kk-Latn"``, ``"en"``; ``"und"`` where the language was not stated);
    *kind* says whether it is the official name, a common one, an
    abbreviation or a former name; *start* and *end* bound the time it was
    in use, where that is known (a city's names over time).

    >>> Name("Akmola", "en", start=None, end=PartialDate.parse("1998-05-06")).in_use_on("1997-06")
    True
    """

    text: str = attrs.field(validator=Text().fn)
    lang: str = attrs.field(validator=Language().fn)
    kind: NameKind = attrs.field(default=NameKind.COMMON, validator=EnumOf(NameKind).fn)
    start: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    end: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and _before(self.end, self.start):
            raise InvalidValueError("end", f"{self.end} is before start {self.start}")

    @property
    def dated(self) -> bool:
        """Whether the name has a start or an end (it is one of a series over time)."""
        return self.start is not None or self.end is not None

    def in_use_on(self, when: Bound) -> bool:
        """Whether the name may have been in use at *when* (any day of it).

        The name is in use from *start* up to, not including, *end*; an
        open side is unbounded.
        """
        when = _as_partial(when)
        if self.start is not None and when.latest < self.start.earliest:
            return False
        return self.end is None or when.earliest < self.end.latest


def _as_partial(when: Bound) -> PartialDate:
    return coerce(when, "when")


def _check_names(names: tuple[Name, ...], field: str = "names") -> None:
    """Dated names of one language must not overlap in time."""
    dated: dict[str, list[tuple[int, Name]]] = {}
    for i, n in enumerate(names):
        if n.dated:
            dated.setdefault(n.lang, []).append((i, n))
    for lang, found in dated.items():
        for k, (i, a) in enumerate(found):
            for j, b in found[k + 1 :]:
                a_lo = a.start.earliest if a.start else dt.date.min
                a_hi = a.end.earliest if a.end else dt.date.max
                b_lo = b.start.earliest if b.start else dt.date.min
                b_hi = b.end.earliest if b.end else dt.date.max
                if a_lo < b_hi and b_lo < a_hi:
                    raise InvalidValueError(
                        f"{field}[{j}]",
                        f"{b.text!r} overlaps in time with {a.text!r} ({field}[{i}]), "
                        f"another dated {lang!r} name",
                    )


@attrs.frozen(repr=False)
class Actor:
    """A state, company, bank, organisation, person or piece of infrastructure.

    *name* is the English name it is shown by; *names* are its other names,
    each with its language and kind (native-script names, abbreviations,
    former names).  *country* is an ISO 3166-1 alpha-3 code where the actor
    has one.  Who owns an actor is not a field of it: ownership is data of
    its own (:class:`Holding`), asked with ``Dataset.owners_of``.
    """

    id: str = attrs.field(validator=Slug().fn)
    name: str = attrs.field(validator=Text().fn)
    kind: ActorKind = attrs.field(validator=EnumOf(ActorKind).fn)
    names: tuple[Name, ...] = attrs.field(default=(), validator=TupleOf(Name, unique=True).fn)
    country: str | None = attrs.field(default=None, validator=Country().fn)
    offices: tuple[Office, ...] = attrs.field(default=(), validator=TupleOf(Office).fn)
    note: str = attrs.field(default="", validator=AnyText().fn)
    sources: tuple[Source, ...] = attrs.field(default=(), validator=TupleOf(Source, unique=True).fn)

    def __attrs_post_init__(self) -> None:
        _check_names(self.names)

    @property
    def aliases(self) -> tuple[str, ...]:
        """The texts of its other names, without repeats (format 1's ``aliases``)."""
        return tuple(dict.fromkeys(n.text for n in self.names))

    def name_in(self, lang: str) -> str | None:
        """Its name in language *lang* (a BCP 47 tag), or None.

        An official name wins over a common one, and a current one over a
        former one; ``"en"`` also answers with :attr:`name`.  A bare
        language (``"zh"``) matches any script of it (``"zh-Hans"``).
        """
        return _best_name(self.names, lang, self.name if lang == "en" else None)

    def __repr__(self) -> str:
        return f"Actor(id={self.id!r}, name={self.name!r})"


_NAME_RANK = {
    NameKind.OFFICIAL: 0,
    NameKind.COMMON: 1,
    NameKind.ABBREVIATION: 2,
    NameKind.FORMER: 3,
}


def _best_name(names: tuple[Name, ...], lang: str, fallback: str | None) -> str | None:
    """The current name in *lang* (official first), else *fallback*."""
    if not isinstance(lang, str):
        raise type_error("lang", "str", lang)
    if fallback is not None:
        return fallback
    found = [
        n for n in names if (n.lang == lang or n.lang.startswith(lang + "-")) and n.end is None
    ]
    return min(found, key=lambda n: _NAME_RANK[n.kind]).text if found else None


@attrs.frozen(repr=False)
class Place:
    """A place that records name: a country, region, city, site or route.

    *names* are its names, each in a language and, for a place renamed over
    time, with the period it was in use (Akmola, then Astana, then
    Nur-Sultan, then Astana again).  *within* is the id of the place that
    contains it (a site in a city), if the data says.  Queries by place
    match every name the place ever had.
    """

    id: str = attrs.field(validator=Slug().fn)
    kind: PlaceKind = attrs.field(validator=EnumOf(PlaceKind).fn)
    names: tuple[Name, ...] = attrs.field(validator=TupleOf(Name, nonempty=True, unique=True).fn)
    country: str | None = attrs.field(default=None, validator=Country().fn)
    within: str | None = attrs.field(default=None, validator=OptionalSlug().fn)
    note: str = attrs.field(default="", validator=AnyText().fn)
    sources: tuple[Source, ...] = attrs.field(default=(), validator=TupleOf(Source, unique=True).fn)

    def __attrs_post_init__(self) -> None:
        _check_names(self.names)
        if self.within == self.id:
            raise InvalidValueError("within", "a place cannot lie within itself")

    @property
    def name(self) -> str:
        """Its current English name (else its first name)."""
        return _best_name(self.names, "en", None) or self.names[0].text

    def name_on(self, when: Bound, lang: str = "en") -> str | None:
        """Its name in *lang* at *when* (``"1997-06"``, a date...), or None.

        A dated name in use then wins over an undated one.

        >>> astana = Place("astana", PlaceKind.CITY, (
        ...     Name("Akmola", "en", end=PartialDate.parse("1998-05-06")),
        ...     Name("Astana", "en", start=PartialDate.parse("1998-05-06")),
        ... ))
        >>> astana.name_on("1997-06"), astana.name_on("2005")
        ('Akmola', 'Astana')
        """
        mine = [n for n in self.names if n.lang == lang or n.lang.startswith(lang + "-")]
        for n in mine:
            if n.dated and n.in_use_on(when):
                return n.text
        undated = [n for n in mine if not n.dated]
        return min(undated, key=lambda n: _NAME_RANK[n.kind]).text if undated else None

    def __repr__(self) -> str:
        return f"Place(id={self.id!r}, name={self.name!r})"


# --------------------------------------------------------------------------
# Records


@attrs.frozen
class ExternalId:
    """An identifier of the same thing in another dataset.

    *scheme* names the dataset (``"aiddata"`` for AidData's Global Chinese
    Development Finance dataset); *id* is the identifier there.
    """

    scheme: str = attrs.field(validator=Slug().fn)
    id: str = attrs.field(validator=Text().fn)


@attrs.frozen(kw_only=True)
class AidDataProject:
    """How AidData's Global Chinese Development Finance dataset codes a project.

    These fields are AidData's, in AidData's own terms, kept beside the
    record's and not interpreted by this library: *id* is AidData's project
    id (also one of the record's ``external_ids``, scheme ``"aiddata"``);
    *flow_type* (``"Loan"``), *sector* (``"Energy (Code: 230)"``) and
    *status* (``"Implementation"``) are as AidData codes them;
    *recommended_for_aggregates* is AidData's flag for whether the project
    belongs in its own totals; *amount_2021usd* is AidData's figure in
    constant 2021 US dollars (not a nominal amount, so never summed with
    one); *lender_type* and *public_liability* are AidData's
    classifications of the lender and of the debt.  Fields the project page
    did not show are empty.
    """

    id: str = attrs.field(validator=Text().fn)
    flow_type: str = attrs.field(default="", validator=AnyText().fn)
    sector: str = attrs.field(default="", validator=AnyText().fn)
    status: str = attrs.field(default="", validator=AnyText().fn)
    recommended_for_aggregates: bool | None = attrs.field(
        default=None, validator=InstanceOf(bool, optional=True).fn
    )
    amount_2021usd: decimal.Decimal | None = attrs.field(
        default=None, validator=OptionalAmount().fn
    )
    lender_type: str = attrs.field(default="", validator=AnyText().fn)
    public_liability: str = attrs.field(default="", validator=AnyText().fn)


def _actors(role: Role, *, required: bool = False, repr: bool = True) -> Any:  # noqa: A002
    """A field holding several actors in *role* (at least one if *required*)."""
    validator = TupleOf(Actor, nonempty=required, unique=True).fn
    if required:
        return attrs.field(validator=validator, metadata={ROLE: role}, repr=repr)
    return attrs.field(default=(), validator=validator, metadata={ROLE: role}, repr=repr)


def _actor(role: Role, *, repr: bool = True) -> Any:  # noqa: A002
    """A field holding one actor in *role*, or None."""
    return attrs.field(
        default=None,
        validator=InstanceOf(Actor, optional=True).fn,
        metadata={ROLE: role},
        repr=repr,
    )


_TRAILING = {TRAILING: True}


@attrs.frozen(kw_only=True)
class _Record:
    """The fields every record type shares (events, agreements, investments, trade)."""

    #: The JSON key of this record kind's list in a dataset document.
    collection: ClassVar[str] = ""

    id: str = attrs.field(validator=Slug().fn)
    date: PartialDate = attrs.field(validator=InstanceOf(PartialDate).fn)
    end: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    title: str = attrs.field(validator=Text().fn)
    summary: str = attrs.field(validator=Text().fn, repr=False)
    places: tuple[Place, ...] = attrs.field(
        default=(), validator=TupleOf(Place, unique=True).fn, repr=False
    )
    sources: tuple[Source, ...] = attrs.field(
        validator=TupleOf(Source, nonempty=True, unique=True).fn, repr=False, metadata=_TRAILING
    )
    confidence: Confidence = attrs.field(validator=EnumOf(Confidence).fn, metadata=_TRAILING)
    notes: str = attrs.field(default="", validator=AnyText().fn, repr=False, metadata=_TRAILING)
    related: tuple[str, ...] = attrs.field(
        default=(),
        validator=TupleOf(str, unique=True, item=Slug()).fn,
        repr=False,
        metadata=_TRAILING,
    )
    external_ids: tuple[ExternalId, ...] = attrs.field(
        default=(), validator=TupleOf(ExternalId).fn, repr=False, metadata=_TRAILING
    )

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.date:
            raise InvalidValueError("end", f"{self.end} is before date {self.date}")
        if self.id in self.related:
            i = self.related.index(self.id)
            raise InvalidValueError(f"related[{i}]", "a record cannot relate to itself")

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The first and last day the record may cover.

        ``(date.earliest, (end or date).latest)``: a record known only to the
        month spans that whole month.
        """
        return (self.date.earliest, (self.end or self.date).latest)

    def actors(self) -> tuple[Actor, ...]:
        """Every actor the record names, in field order, without repeats."""
        seen: dict[str, Actor] = {}
        for _, actor in self.roles():
            seen.setdefault(actor.id, actor)
        return tuple(seen.values())

    def roles(self) -> tuple[tuple[Role, Actor], ...]:
        """Every ``(role, actor)`` pair of the record, in field order."""
        pairs: list[tuple[Role, Actor]] = []
        for field in actor_fields(type(self)):
            value = getattr(self, field.name)
            if field.many:
                pairs.extend((field.role, a) for a in value)
            elif value is not None:
                pairs.append((field.role, value))
        return tuple(pairs)


@attrs.frozen(kw_only=True)
class Event(_Record):
    """Something that happened: a milestone, visit, summit or incident.

    *participants* are the actors involved; *host*, one of them, received
    the visit or hosted the summit, where the sources say (the others are
    its guests).
    """

    collection: ClassVar[str] = "events"

    kind: EventKind = attrs.field(validator=EnumOf(EventKind).fn)
    participants: tuple[Actor, ...] = _actors(Role.PARTICIPANT, required=True)
    host: Actor | None = _actor(Role.HOST)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.host is not None and self.host not in self.participants:
            raise InvalidValueError("host", f"{self.host.id!r} is not among the participants")

    @property
    def guests(self) -> tuple[Actor, ...]:
        """The participants other than the host (all of them if no host is known)."""
        return tuple(a for a in self.participants if a != self.host)


@attrs.frozen
class Ratification:
    """One party's ratification (or approval) of an :class:`Agreement`.

    *instrument* names the act, where the sources give it (``"Law No. 465"``).
    """

    party: Actor = attrs.field(validator=InstanceOf(Actor).fn)
    date: PartialDate = attrs.field(validator=InstanceOf(PartialDate).fn)
    instrument: str = attrs.field(default="", validator=AnyText().fn)


@attrs.frozen(kw_only=True)
class Agreement(_Record):
    """A treaty, agreement, joint statement, protocol or memorandum.

    *parties* lists every party (a multilateral agreement lists them all);
    *signatories* are the people who signed, where the sources name them;
    *date* is the signature; *ratifications* are the parties' ratifications
    the sources record; *in_force* is the date of entry into force and
    *ended* the date it ceased to bind, where known; *involved* names other
    actors with a part in it that are not parties.
    """

    collection: ClassVar[str] = "agreements"

    kind: AgreementKind = attrs.field(validator=EnumOf(AgreementKind).fn)
    parties: tuple[Actor, ...] = _actors(Role.PARTY, required=True)
    signatories: tuple[Actor, ...] = _actors(Role.SIGNATORY)
    ratifications: tuple[Ratification, ...] = attrs.field(
        default=(), validator=TupleOf(Ratification, unique=True).fn, repr=False
    )
    in_force: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    ended: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    involved: tuple[Actor, ...] = _actors(Role.INVOLVED, repr=False)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        for i, r in enumerate(self.ratifications):
            if r.party not in self.parties:
                raise InvalidValueError(
                    f"ratifications[{i}].party", f"{r.party.id!r} is not a party"
                )
            if _before(r.date, self.date):
                raise InvalidValueError(
                    f"ratifications[{i}].date", f"{r.date} precedes the signature {self.date}"
                )
        if self.in_force is not None and _before(self.in_force, self.date):
            raise InvalidValueError(
                "in_force", f"{self.in_force} precedes the signature {self.date}"
            )
        if self.ended is not None:
            start = self.in_force or self.date
            if _before(self.ended, start):
                raise InvalidValueError("ended", f"{self.ended} precedes {start}")

    def in_force_on(self, when: Bound) -> bool:
        """Whether the agreement certainly bound its parties on every day of *when*.

        Only a known entry into force counts: an agreement whose entry into
        force is not recorded is never assumed in force.  It is in force
        from the last day *in_force* may denote, up to (not including) the
        first day *ended* may denote.
        """
        if self.in_force is None:
            return False
        when = _as_partial(when)
        if when.earliest < self.in_force.latest:
            return False
        return self.ended is None or when.latest < self.ended.earliest


@attrs.frozen
class Share:
    """One investor's part of an :class:`Investment`, as a fraction of the whole deal."""

    investor: Actor = attrs.field(validator=InstanceOf(Actor).fn)
    fraction: decimal.Decimal = attrs.field(validator=Fraction().fn)

    def __attrs_post_init__(self) -> None:
        if self.fraction is None:
            raise type_error("fraction", "decimal.Decimal", None)


@attrs.frozen(kw_only=True)
class Investment(_Record):
    """An acquisition, stake, loan, credit line or infrastructure project.

    *investors* put the money in (acquirer, lender, builders); *target*
    received it (acquired company, borrower, asset); *seller* sold the stake,
    where the sources name one; *stake* is the fraction acquired,
    ``0 < stake <= 1``; *shares* give each investor's part of the deal where
    the sources state it; *involved* names other actors with a part in it
    (rival bidders, officials, ceremony hosts).

    *guarantor* guaranteed the loan, where the sources name one.  *aiddata*
    holds AidData's own coding of the project(s) the record is (see
    :class:`AidDataProject`); each one's id is among the ``external_ids``.

    *basis* says what *amount* measures (a price, a loan's principal, a
    credit ceiling...), *status* where the deal stands, and *part_of* the id
    of the record this one is a tranche, draw-down or component of, so that
    :func:`~kzcn_relations.totals` never counts money twice.
    """

    collection: ClassVar[str] = "investments"

    kind: InvestmentKind = attrs.field(validator=EnumOf(InvestmentKind).fn)
    investors: tuple[Actor, ...] = _actors(Role.INVESTOR, required=True)
    target: Actor | None = _actor(Role.TARGET)
    seller: Actor | None = _actor(Role.SELLER, repr=False)
    guarantor: Actor | None = _actor(Role.GUARANTOR, repr=False)
    amount: Money | None = attrs.field(default=None, validator=InstanceOf(Money, optional=True).fn)
    basis: Basis = attrs.field(default=Basis.UNKNOWN, validator=EnumOf(Basis).fn)
    status: Status = attrs.field(default=Status.UNKNOWN, validator=EnumOf(Status).fn)
    part_of: str | None = attrs.field(default=None, validator=OptionalSlug().fn, repr=False)
    stake: decimal.Decimal | None = attrs.field(default=None, validator=Fraction().fn)
    shares: tuple[Share, ...] = attrs.field(default=(), validator=TupleOf(Share).fn, repr=False)
    involved: tuple[Actor, ...] = _actors(Role.INVOLVED, repr=False)
    aiddata: tuple[AidDataProject, ...] = attrs.field(
        default=(), validator=TupleOf(AidDataProject, unique=True).fn, repr=False
    )

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        linked = {e.id for e in self.external_ids if e.scheme == "aiddata"} if self.aiddata else ()
        for i, project in enumerate(self.aiddata):
            if project.id not in linked:
                raise InvalidValueError(
                    f"aiddata[{i}].id", f"{project.id!r} is not among the aiddata external ids"
                )
            if any(p.id == project.id for p in self.aiddata[:i]):
                raise InvalidValueError(f"aiddata[{i}].id", f"{project.id!r} is coded twice")
        if self.part_of == self.id:
            raise InvalidValueError("part_of", "a record cannot be part of itself")
        seen: set[str] = set()
        total = decimal.Decimal(0)
        for i, share in enumerate(self.shares):
            if share.investor not in self.investors:
                raise InvalidValueError(
                    f"shares[{i}].investor", f"{share.investor.id!r} is not among the investors"
                )
            if share.investor.id in seen:
                raise InvalidValueError(
                    f"shares[{i}].investor", f"{share.investor.id!r} has two shares"
                )
            seen.add(share.investor.id)
            total += share.fraction
        if total > 1:
            raise InvalidValueError("shares", f"the shares sum to {total}, more than 1")

    def share_of(self, investor: Actor | str) -> decimal.Decimal | None:
        """The stated share of *investor* (an actor or its id), or None."""
        wanted = investor if isinstance(investor, str) else investor.id
        for share in self.shares:
            if share.investor.id == wanted:
                return share.fraction
        return None


@attrs.frozen(kw_only=True)
class TradeFigure(_Record):
    """A figure of Kazakhstan–China trade for a period, as one side reports it.

    The period is *date* (a year for a full-year figure) to *end* (for a
    part of a year, given as months or days).  *reporter* is the side whose
    statistics, or whose official, states the figure — Chinese and Kazakh
    figures differ by a fifth or more, so a series keeps them apart.
    *turnover* is the two-way total; *to_china* (Kazakhstan's exports to
    China) and *to_kazakhstan* (China's exports to Kazakhstan) where the
    sources give them.
    """

    collection: ClassVar[str] = "trade"

    kind: TradeKind = attrs.field(default=TradeKind.TRADE, validator=EnumOf(TradeKind).fn)
    reporter: Actor | None = _actor(Role.REPORTER)
    turnover: Money = attrs.field(validator=InstanceOf(Money).fn)
    to_china: Money | None = attrs.field(
        default=None, validator=InstanceOf(Money, optional=True).fn
    )
    to_kazakhstan: Money | None = attrs.field(
        default=None, validator=InstanceOf(Money, optional=True).fn
    )
    participants: tuple[Actor, ...] = _actors(Role.PARTICIPANT, repr=False)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        for name in ("to_china", "to_kazakhstan"):
            flow: Money | None = getattr(self, name)
            if flow is not None and flow.currency != self.turnover.currency:
                raise InvalidValueError(
                    f"{name}.currency",
                    f"{flow.currency} differs from the turnover's {self.turnover.currency}",
                )

    @property
    def full_year(self) -> bool:
        """Whether the figure covers one whole calendar year."""
        first, last = self.period
        return first.year == last.year and (first.month, first.day, last.month, last.day) == (
            1,
            1,
            12,
            31,
        )


@attrs.frozen(kw_only=True)
class Holding:
    """A fraction of an asset (a company, a project) that an owner held over a time.

    *fraction* is the share held, where the sources state it; *control*
    says the sources call the asset a subsidiary of *owner* although they
    give no fraction (a holding of more than a half is controlling anyway).
    The holding runs from *start* up to, not including, *end*; an open side
    is unknown or still running.  *via* is the id of the investment that
    created it, if the dataset has one.
    """

    collection: ClassVar[str] = "holdings"

    id: str = attrs.field(validator=Slug().fn)
    owner: Actor = attrs.field(validator=InstanceOf(Actor).fn)
    asset: Actor = attrs.field(validator=InstanceOf(Actor).fn)
    fraction: decimal.Decimal | None = attrs.field(default=None, validator=Fraction().fn)
    control: bool = attrs.field(default=False, validator=InstanceOf(bool).fn)
    start: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    end: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    via: str | None = attrs.field(default=None, validator=OptionalSlug().fn)
    sources: tuple[Source, ...] = attrs.field(
        validator=TupleOf(Source, nonempty=True, unique=True).fn, repr=False
    )
    confidence: Confidence = attrs.field(validator=EnumOf(Confidence).fn)
    notes: str = attrs.field(default="", validator=AnyText().fn, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.owner == self.asset:
            raise InvalidValueError("asset", "an actor cannot hold itself")
        if self.start is not None and self.end is not None and _before(self.end, self.start):
            raise InvalidValueError("end", f"{self.end} is before start {self.start}")

    @property
    def controlling(self) -> bool:
        """Whether the owner controls the asset: more than a half, or a stated subsidiary."""
        return self.control or (
            self.fraction is not None and self.fraction > decimal.Decimal("0.5")
        )

    def held_at(self, when: Bound | None = None) -> bool:
        """Whether the holding ran at some time within *when* (a year, a month, a day).

        It runs from *start* up to, not including, *end*; an unknown start
        is open towards the past.  ``when=None`` asks whether it still runs
        (it has no end).
        """
        if when is None:
            return self.end is None
        when = _as_partial(when)
        if self.start is not None and self.start.earliest > when.latest:
            return False
        return self.end is None or when.earliest < self.end.latest


#: Any of the four record kinds.
Record: TypeAlias = Event | Agreement | Investment | TradeFigure

RECORD_TYPES: tuple[type[Event], type[Agreement], type[Investment], type[TradeFigure]] = (
    Event,
    Agreement,
    Investment,
    TradeFigure,
)

#: Every kind value, mapped to its enum member (values are unique across
#: the record kinds).
KIND_VALUES: dict[str, EventKind | AgreementKind | InvestmentKind | TradeKind] = {
    **{k.value: k for k in EventKind},
    **{k.value: k for k in AgreementKind},
    **{k.value: k for k in InvestmentKind},
    **{k.value: k for k in TradeKind},
}
if len(KIND_VALUES) != len(EventKind) + len(AgreementKind) + len(InvestmentKind) + len(TradeKind):
    raise AssertionError("record kind values must be unique")  # pragma: no cover


_T = TypeVar("_T")


def _per_class(fn: Callable[[type], _T]) -> Callable[[type], _T]:
    """Cache *fn*'s answer for each class (answers are shared: treat them as read-only)."""
    cache: dict[type, _T] = {}

    def cached(cls: type) -> _T:
        found = cache.get(cls, cache)
        if found is cache:
            found = cache[cls] = fn(cls)
        return found  # type: ignore[return-value]

    return functools.update_wrapper(cached, fn)


@attrs.frozen
class ActorField:
    """A record field that holds actors: its *name*, *role* and whether it holds *many*."""

    name: str
    role: Role
    many: bool


@_per_class
def actor_fields(cls: type) -> tuple[ActorField, ...]:
    """The fields of record class *cls* that hold actors, in field order.

    Read from the fields' metadata, where each declares its :class:`Role`.

    >>> [(f.name, f.role.value, f.many) for f in actor_fields(Investment)]
    [('investors', 'investor', True), ('target', 'target', False), \
('seller', 'seller', False), ('guarantor', 'guarantor', False), \
('involved', 'involved', True)]
    """
    return tuple(
        ActorField(a.name, a.metadata[ROLE], isinstance(spec_of(a.validator), TupleOf))
        for a in attrs.fields(cls)
        if ROLE in a.metadata
    )


@functools.cache
def all_actor_fields() -> tuple[ActorField, ...]:
    """Every actor field of the record kinds, once each, in :class:`Role` order."""
    found: dict[str, ActorField] = {}
    for cls in RECORD_TYPES:
        for f in actor_fields(cls):
            found.setdefault(f.name, f)
    order = list(Role)
    return tuple(sorted(found.values(), key=lambda f: order.index(f.role)))


@_per_class
def field_order(cls: type) -> tuple[str, ...]:
    """The order of *cls*'s keys in a document (the canonical order).

    For a record: ``id`` and ``kind``, the shared fields, the kind's own
    fields, then the shared fields marked as trailing (sources,
    confidence, notes, related, external ids).  For any other class, the
    order of its fields.
    """
    names = [a.name for a in attrs.fields(cls) if a.init]
    if not issubclass(cls, _Record):
        return tuple(names)
    shared = attrs.fields(_Record)
    trailing = [a.name for a in shared if a.metadata.get(TRAILING)]
    leading = [a.name for a in shared if not a.metadata.get(TRAILING)]
    own = [n for n in names if n not in trailing and n not in leading and n != "kind"]
    return (leading[0], "kind", *leading[1:], *own, *trailing)


@_per_class
def field_types(cls: type) -> dict[str, Any]:
    """The resolved type of each field of the attrs class *cls*."""
    return typing.get_type_hints(cls, globals())


@_per_class
def reference_fields(cls: type) -> dict[str, str]:
    """The fields of *cls* that refer to actors or sources, from their types.

    Field name -> ``"actors"`` (a tuple of actors), ``"actor"`` (one actor or
    None), ``"places"`` (a tuple of places) or ``"sources"`` (a tuple of
    sources).  In a document these hold ids.
    """
    found: dict[str, str] = {}
    for name, tp in field_types(cls).items():
        if tp == tuple[Actor, ...]:
            found[name] = "actors"
        elif tp == tuple[Place, ...]:
            found[name] = "places"
        elif tp in (Actor, Actor | None):
            found[name] = "actor"
        elif tp == tuple[Source, ...]:
            found[name] = "sources"
    return found


def sort_key(record: Record) -> tuple[int, int, str]:
    """Chronological order: date (earliest, then latest), then id."""
    date = record.date
    return (date.earliest.toordinal(), date.latest.toordinal(), record.id)


#: The order of :func:`sort_key`, read in C (the dates compare as dates): a
#: key for sorting many records at once, about three times cheaper.
fast_sort_key: Callable[[Record], tuple[dt.date, dt.date, str]] = operator.attrgetter(
    "date._earliest", "date._latest", "id"
)
