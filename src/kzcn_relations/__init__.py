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
    from kzcn_relations._io import dataset, load
    from kzcn_relations._schema import json_schema
    from kzcn_relations.exceptions import (
        DanglingReferenceError,
        DatasetError,
        InvalidTypeError,
        InvalidValueError,
        KzcnRelationsError,
        MissingExtraError,
        NotFoundError,
        Problem,
        UnknownActorError,
        UnknownRecordError,
        UnknownSourceError,
    )
    from kzcn_relations.model import (
        Actor,
        ActorKind,
        Agreement,
        AgreementKind,
        Confidence,
        Event,
        EventKind,
        ExternalId,
        Investment,
        InvestmentKind,
        Money,
        Office,
        PartialDate,
        Precision,
        Record,
        Role,
        Source,
        TitleFrom,
    )
    from kzcn_relations.query import (
        actor,
        agreements_with,
        events_between,
        investments_by,
    )

    __version__: str

#: Where each public name lives (imported on first use).
_HOMES = {
    "cite": "kzcn_relations._cite",
    "Dataset": "kzcn_relations._dataset",
    "dataset": "kzcn_relations._io",
    "load": "kzcn_relations._io",
    "json_schema": "kzcn_relations._schema",
    **dict.fromkeys(
        (
            "DanglingReferenceError",
            "DatasetError",
            "InvalidTypeError",
            "InvalidValueError",
            "KzcnRelationsError",
            "MissingExtraError",
            "NotFoundError",
            "Problem",
            "UnknownActorError",
            "UnknownRecordError",
            "UnknownSourceError",
        ),
        "kzcn_relations.exceptions",
    ),
    **dict.fromkeys(
        (
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
            "Role",
            "Source",
            "TitleFrom",
        ),
        "kzcn_relations.model",
    ),
    **dict.fromkeys(
        ("actor", "agreements_with", "events_between", "investments_by"),
        "kzcn_relations.query",
    ),
}

__all__ = [
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementKind",
    "Confidence",
    "DanglingReferenceError",
    "Dataset",
    "DatasetError",
    "Event",
    "EventKind",
    "ExternalId",
    "InvalidTypeError",
    "InvalidValueError",
    "Investment",
    "InvestmentKind",
    "KzcnRelationsError",
    "MissingExtraError",
    "Money",
    "NotFoundError",
    "Office",
    "PartialDate",
    "Precision",
    "Problem",
    "Record",
    "Role",
    "Source",
    "TitleFrom",
    "UnknownActorError",
    "UnknownRecordError",
    "UnknownSourceError",
    "actor",
    "agreements_with",
    "cite",
    "dataset",
    "events_between",
    "investments_by",
    "json_schema",
    "load",
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
