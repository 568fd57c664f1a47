"""Kazakhstan–China relations since 1992: a typed, source-cited dataset.

>>> import kzcn_relations
>>> kzcn_relations.actor("Kyrgyzstan").id
'kgz'

Importing the package reads nothing and imports almost nothing: each public
name is imported on first use, and the packaged dataset is loaded on the
first query.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing itself is not imported just for this
if TYPE_CHECKING:
    from typing import Any

    from kzcn_relations._cite import cite
    from kzcn_relations._dataset import Dataset
    from kzcn_relations._indexes import Stake
    from kzcn_relations._io import dataset, load
    from kzcn_relations._panel import Panel
    from kzcn_relations._records import Records
    from kzcn_relations._schema import json_schema
    from kzcn_relations._totals import LeftOut, Total, Totals, totals
    from kzcn_relations.exceptions import (
        AmbiguousNameError,
        DanglingReferenceError,
        DatasetError,
        InvalidTypeError,
        InvalidValueError,
        KzcnRelationsError,
        MissingExtraError,
        NotFoundError,
        Problem,
        UnknownActorError,
        UnknownPlaceError,
        UnknownRecordError,
        UnknownSourceError,
    )
    from kzcn_relations.model import (
        Actor,
        ActorKind,
        Agreement,
        AgreementKind,
        AidDataProject,
        Basis,
        Confidence,
        Event,
        EventKind,
        ExternalId,
        Holding,
        Investment,
        InvestmentKind,
        Money,
        Name,
        NameKind,
        Office,
        PartialDate,
        Place,
        PlaceKind,
        Precision,
        Ratification,
        Record,
        Role,
        Share,
        Source,
        Status,
        TitleFrom,
        TradeFigure,
        TradeKind,
    )
    from kzcn_relations.query import (
        actor,
        agreements_with,
        events_between,
        holdings_of,
        investments_by,
        investments_in,
        owners_of,
        panel,
        place,
        search_actors,
        select,
        sold_by,
        trade,
    )

    __version__: str

#: Where each public name lives (imported on first use).
_HOMES = {
    "cite": "kzcn_relations._cite",
    "Dataset": "kzcn_relations._dataset",
    "dataset": "kzcn_relations._io",
    "load": "kzcn_relations._io",
    "json_schema": "kzcn_relations._schema",
    "Stake": "kzcn_relations._indexes",
    "Records": "kzcn_relations._records",
    "Panel": "kzcn_relations._panel",
    **dict.fromkeys(("LeftOut", "Total", "Totals", "totals"), "kzcn_relations._totals"),
    **dict.fromkeys(
        (
            "AmbiguousNameError",
            "DanglingReferenceError",
            "DatasetError",
            "InvalidTypeError",
            "InvalidValueError",
            "KzcnRelationsError",
            "MissingExtraError",
            "NotFoundError",
            "Problem",
            "UnknownActorError",
            "UnknownPlaceError",
            "UnknownRecordError",
            "UnknownSourceError",
        ),
        "kzcn_relations.exceptions",
    ),
    **dict.fromkeys(
        (
            "Actor",
            "AidDataProject",
            "ActorKind",
            "Agreement",
            "AgreementKind",
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
        ),
        "kzcn_relations.model",
    ),
    **dict.fromkeys(
        (
            "actor",
            "agreements_with",
            "events_between",
            "holdings_of",
            "investments_by",
            "investments_in",
            "owners_of",
            "panel",
            "place",
            "search_actors",
            "select",
            "sold_by",
            "trade",
        ),
        "kzcn_relations.query",
    ),
}

__all__ = [
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementKind",
    "AidDataProject",
    "AmbiguousNameError",
    "Basis",
    "Confidence",
    "DanglingReferenceError",
    "Dataset",
    "DatasetError",
    "Event",
    "EventKind",
    "ExternalId",
    "Holding",
    "InvalidTypeError",
    "InvalidValueError",
    "Investment",
    "InvestmentKind",
    "KzcnRelationsError",
    "LeftOut",
    "MissingExtraError",
    "Money",
    "Name",
    "NameKind",
    "NotFoundError",
    "Office",
    "Panel",
    "PartialDate",
    "Place",
    "PlaceKind",
    "Precision",
    "Problem",
    "Ratification",
    "Record",
    "Records",
    "Role",
    "Share",
    "Source",
    "Stake",
    "Status",
    "TitleFrom",
    "Total",
    "Totals",
    "TradeFigure",
    "TradeKind",
    "UnknownActorError",
    "UnknownPlaceError",
    "UnknownRecordError",
    "UnknownSourceError",
    "actor",
    "agreements_with",
    "cite",
    "dataset",
    "events_between",
    "holdings_of",
    "investments_by",
    "investments_in",
    "json_schema",
    "load",
    "owners_of",
    "panel",
    "place",
    "search_actors",
    "select",
    "sold_by",
    "totals",
    "trade",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is not None:
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value  # later lookups skip this function
        return value
    if name == "__version__":
        from importlib.metadata import version

        return version("kzcn-relations")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
