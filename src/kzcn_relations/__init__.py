"""Kazakhstan–China relations since 1992: a typed, source-cited dataset.

>>> import kzcn_relations
>>> kzcn_relations.actor("Kyrgyzstan").id
'kgz'

Importing the package reads nothing: the packaged dataset is loaded on the
first query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzcn_relations._cite import cite
from kzcn_relations._dataset import Dataset, dataset, load
from kzcn_relations._schema import json_schema
from kzcn_relations.exceptions import (
    DatasetError,
    InvalidTypeError,
    InvalidValueError,
    KzcnRelationsError,
    MissingExtraError,
    Problem,
    UnknownActorError,
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
    Source,
    TitleFrom,
)
from kzcn_relations.query import (
    actor,
    agreements_with,
    events_between,
    investments_by,
)

if TYPE_CHECKING:
    __version__: str

__all__ = [
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementKind",
    "Confidence",
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
    "Office",
    "PartialDate",
    "Precision",
    "Problem",
    "Record",
    "Source",
    "TitleFrom",
    "UnknownActorError",
    "actor",
    "agreements_with",
    "cite",
    "dataset",
    "events_between",
    "investments_by",
    "json_schema",
    "load",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("kzcn-relations")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
