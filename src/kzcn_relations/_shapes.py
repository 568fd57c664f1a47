"""What the exports and the panel need of a dataset: its shape, not its class.

The modules that read a whole dataset (the tables, SQLite, the panel) sit
below :class:`~kzcn_relations.Dataset`, which offers them as methods; they
ask for a :class:`DatasetLike` — the read-only collections every
``Dataset`` has — so that no import runs back up to the dataset module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from kzcn_relations.model import (
        Actor,
        Agreement,
        Event,
        Holding,
        Investment,
        Place,
        Record,
        Source,
        TradeFigure,
    )

__all__ = ["DatasetLike", "is_dataset"]


@runtime_checkable
class DatasetLike(Protocol):
    """The read-only collections of a dataset, by which the exports read it."""

    @property
    def version(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def license(self) -> str: ...
    @property
    def actors(self) -> tuple[Actor, ...]: ...
    @property
    def sources(self) -> tuple[Source, ...]: ...
    @property
    def places(self) -> tuple[Place, ...]: ...
    @property
    def holdings(self) -> tuple[Holding, ...]: ...
    @property
    def records(self) -> tuple[Record, ...]: ...
    @property
    def events(self) -> tuple[Event, ...]: ...
    @property
    def agreements(self) -> tuple[Agreement, ...]: ...
    @property
    def investments(self) -> tuple[Investment, ...]: ...
    @property
    def trade_figures(self) -> tuple[TradeFigure, ...]: ...


def is_dataset(value: object) -> bool:
    """Whether *value* has a dataset's collections (a :class:`Dataset` has)."""
    return isinstance(value, DatasetLike)
