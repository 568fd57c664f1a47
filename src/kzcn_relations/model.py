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
    Slug,
    Text,
    TupleOf,
    spec_of,
    type_error,
)
from kzcn_relations.dates import PartialDate, Precision
from kzcn_relations.exceptions import InvalidValueError
from kzcn_relations.vocabulary import (
    ActorKind,
    AgreementKind,
    Confidence,
    EventKind,
    InvestmentKind,
    Role,
    TitleFrom,
)

__all__ = [
    "Actor",
    "ActorField",
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
    "Role",
    "Source",
    "TitleFrom",
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


@attrs.frozen(repr=False)
class Actor:
    """A state, company, bank, organisation, person or piece of infrastructure.

    *aliases* include native-script names; *country* is an ISO 3166-1
    alpha-3 code where the actor has one; *parent* is the owning actor
    (CNPC International's parent is CNPC), so ownership can be followed up
    to the top.
    """

    id: str = attrs.field(validator=Slug().fn)
    name: str = attrs.field(validator=Text().fn)
    kind: ActorKind = attrs.field(validator=EnumOf(ActorKind).fn)
    aliases: tuple[str, ...] = attrs.field(default=(), validator=TupleOf(str, item=AnyText()).fn)
    country: str | None = attrs.field(default=None, validator=Country().fn)
    parent: Actor | None = attrs.field(default=None, validator=InstanceOf(object, optional=True).fn)
    offices: tuple[Office, ...] = attrs.field(default=(), validator=TupleOf(Office).fn)
    note: str = attrs.field(default="", validator=AnyText().fn)
    sources: tuple[Source, ...] = attrs.field(default=(), validator=TupleOf(Source, unique=True).fn)

    def __attrs_post_init__(self) -> None:
        if self.parent is not None and not isinstance(self.parent, Actor):
            raise type_error("parent", "Actor or None", self.parent)

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

    scheme: str = attrs.field(validator=Slug().fn)
    id: str = attrs.field(validator=Text().fn)


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
    """Fields shared by :class:`Event`, :class:`Agreement`, :class:`Investment`."""

    #: The JSON key of this record kind's list in a dataset document.
    collection: ClassVar[str] = ""

    id: str = attrs.field(validator=Slug().fn)
    date: PartialDate = attrs.field(validator=InstanceOf(PartialDate).fn)
    end: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    title: str = attrs.field(validator=Text().fn)
    summary: str = attrs.field(validator=Text().fn, repr=False)
    place: str | None = attrs.field(default=None, validator=Text(optional=True).fn, repr=False)
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
    """Something that happened: a milestone, visit, summit, incident, figure.

    *participants* are the actors involved.  Trade figures carry the
    turnover in *amount* and the side whose statistics report it in
    *reporter*; other events leave both empty.
    """

    collection: ClassVar[str] = "events"

    kind: EventKind = attrs.field(validator=EnumOf(EventKind).fn)
    participants: tuple[Actor, ...] = _actors(Role.PARTICIPANT, required=True)
    amount: Money | None = attrs.field(default=None, validator=InstanceOf(Money, optional=True).fn)
    reporter: Actor | None = _actor(Role.REPORTER)


@attrs.frozen(kw_only=True)
class Agreement(_Record):
    """A treaty, agreement, joint statement, protocol or memorandum.

    *parties* lists every party (a multilateral agreement lists them all);
    *signatories* are the people who signed, where the sources name them;
    *in_force* is the date of entry into force, where known; *involved*
    names other actors with a part in it that are not parties.
    """

    collection: ClassVar[str] = "agreements"

    kind: AgreementKind = attrs.field(validator=EnumOf(AgreementKind).fn)
    parties: tuple[Actor, ...] = _actors(Role.PARTY, required=True)
    signatories: tuple[Actor, ...] = _actors(Role.SIGNATORY)
    in_force: PartialDate | None = attrs.field(
        default=None, validator=InstanceOf(PartialDate, optional=True).fn
    )
    involved: tuple[Actor, ...] = _actors(Role.INVOLVED, repr=False)


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

    kind: InvestmentKind = attrs.field(validator=EnumOf(InvestmentKind).fn)
    investors: tuple[Actor, ...] = _actors(Role.INVESTOR, required=True)
    target: Actor | None = _actor(Role.TARGET)
    seller: Actor | None = _actor(Role.SELLER, repr=False)
    amount: Money | None = attrs.field(default=None, validator=InstanceOf(Money, optional=True).fn)
    stake: decimal.Decimal | None = attrs.field(default=None, validator=Fraction().fn)
    involved: tuple[Actor, ...] = _actors(Role.INVOLVED, repr=False)


#: Any of the three record kinds.
Record: TypeAlias = Event | Agreement | Investment

RECORD_TYPES: tuple[type[Event], type[Agreement], type[Investment]] = (
    Event,
    Agreement,
    Investment,
)

#: Every kind value, mapped to its enum member (values are unique across
#: the three record kinds).
KIND_VALUES: dict[str, EventKind | AgreementKind | InvestmentKind] = {
    **{k.value: k for k in EventKind},
    **{k.value: k for k in AgreementKind},
    **{k.value: k for k in InvestmentKind},
}
if len(KIND_VALUES) != len(EventKind) + len(AgreementKind) + len(InvestmentKind):
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
('seller', 'seller', False), ('involved', 'involved', True)]
    """
    return tuple(
        ActorField(a.name, a.metadata[ROLE], isinstance(spec_of(a.validator), TupleOf))
        for a in attrs.fields(cls)
        if ROLE in a.metadata
    )


@functools.cache
def all_actor_fields() -> tuple[ActorField, ...]:
    """Every actor field of the three record kinds, once each, in :class:`Role` order."""
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
    None) or ``"sources"`` (a tuple of sources).  In a document these hold
    ids.
    """
    found: dict[str, str] = {}
    for name, tp in field_types(cls).items():
        if tp == tuple[Actor, ...]:
            found[name] = "actors"
        elif tp in (Actor, Actor | None):
            found[name] = "actor"
        elif tp == tuple[Source, ...]:
            found[name] = "sources"
    return found


def sort_key(record: Record) -> tuple[int, int, str]:
    """Chronological order: date (earliest, then latest), then id."""
    date = record.date
    return (date.earliest.toordinal(), date.latest.toordinal(), record.id)
