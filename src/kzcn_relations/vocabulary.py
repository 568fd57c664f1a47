"""The model's vocabularies: kinds of actors and records, confidence, roles, codes.

Each is a :class:`enum.StrEnum`, so a member equals its value
(``EventKind.VISIT == "visit"``) and serialises as it.
"""

from __future__ import annotations

import enum

from kzcn_relations import _iso

__all__ = [
    "COUNTRY_CODES",
    "CURRENCY_CODES",
    "ActorKind",
    "AgreementKind",
    "Basis",
    "Confidence",
    "EventKind",
    "InvestmentKind",
    "NameKind",
    "PlaceKind",
    "Role",
    "Status",
    "TitleFrom",
    "TradeKind",
]


class Confidence(enum.StrEnum):
    """How well a record's sources support it.

    ``high``: stated by two or more independent sources (or a primary text
    with corroboration); ``medium``: one page only, pages sharing an origin,
    or conflicting details; ``low``: an approximate, second-hand or garbled
    figure, or a conflict the sources leave open.
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


class TradeKind(enum.StrEnum):
    """What a :class:`TradeFigure` is: one kind, so that ``kinds=["trade"]`` finds them."""

    TRADE = "trade"


class Basis(enum.StrEnum):
    """What an :class:`Investment`'s amount measures.

    ``price``: paid for equity or assets; ``principal``: a loan's face value;
    ``facility``: a ceiling that may be drawn in part; ``cost``: a project's
    cost; ``commitment``: pledged over years; ``announced``: a headline
    figure whose implementation is unknown; ``aggregate``: an estimate of
    many flows together (an investment stock), which overlaps the deals
    recorded one by one; ``unknown``: the sources do not say.
    """

    PRICE = "price"
    PRINCIPAL = "principal"
    FACILITY = "facility"
    COST = "cost"
    COMMITMENT = "commitment"
    ANNOUNCED = "announced"
    AGGREGATE = "aggregate"
    UNKNOWN = "unknown"


class Status(enum.StrEnum):
    """Where an :class:`Investment` stands, in AidData's lifecycle words.

    ``pledged``: promised, not signed; ``signed``: agreed, implementation not
    reported; ``implementing``: under way; ``completed``: closed, built or
    fully disbursed; ``suspended``; ``cancelled``; ``unknown``: the sources
    do not say.
    """

    PLEDGED = "pledged"
    SIGNED = "signed"
    IMPLEMENTING = "implementing"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


class NameKind(enum.StrEnum):
    """What kind of name a :class:`Name` is."""

    OFFICIAL = "official"
    COMMON = "common"
    ABBREVIATION = "abbreviation"
    FORMER = "former"


class PlaceKind(enum.StrEnum):
    """What a :class:`Place` is."""

    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    SITE = "site"
    BORDER_CROSSING = "border-crossing"
    FIELD = "field"
    ROUTE = "route"
    #: a place migrated from free text whose kind nobody stated
    UNSPECIFIED = "unspecified"


class TitleFrom(enum.StrEnum):
    """Where a :class:`Source`'s title comes from.

    ``page``: the title as seen on the page; ``url``: no title was visible,
    so the title is the page's URL slug; ``description``: only body text was
    seen, so the title describes the page.
    """

    PAGE = "page"
    URL = "url"
    DESCRIPTION = "description"


class Role(enum.StrEnum):
    """The part an actor plays in a record; each actor field declares one.

    The order of the members is the order of the role columns in exports.
    """

    PARTICIPANT = "participant"
    HOST = "host"
    PARTY = "party"
    SIGNATORY = "signatory"
    INVESTOR = "investor"
    TARGET = "target"
    SELLER = "seller"
    GUARANTOR = "guarantor"
    REPORTER = "reporter"
    INVOLVED = "involved"


#: The ISO 3166-1 alpha-3 country codes an :class:`~kzcn_relations.Actor` may have.
COUNTRY_CODES: frozenset[str] = frozenset(_iso.ALPHA3_TO_ALPHA2)
#: The ISO 4217 currency codes :class:`~kzcn_relations.Money` may have.
CURRENCY_CODES: frozenset[str] = _iso.CURRENCIES
