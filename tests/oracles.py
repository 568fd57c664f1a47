"""Brute-force answers that the property tests compare the library's answers with."""

from __future__ import annotations

from decimal import Decimal

from kzcn_relations import Actor, Dataset, PartialDate


def controlled_at(ds: Dataset, root: Actor, when: PartialDate | None) -> set[str]:
    """What *root* answers for at *when* (any time, if None), by brute force.

    The root itself, the actors of its country if it is a state, and every
    asset reached through controlling holdings (more than a half, or a
    stated subsidiary) that may run at *when*.
    """
    found = {root.id}
    if root.kind == "state" and root.country is not None:
        found |= {a.id for a in ds.actors if a.country == root.country and a.kind != "state"}
    while True:
        more = {
            h.asset.id
            for h in ds.holdings
            if h.owner.id in found
            and (h.control or (h.fraction is not None and h.fraction > Decimal("0.5")))
            and (
                when is None
                or (
                    (h.start is None or h.start.earliest <= when.latest)
                    and (h.end is None or when.earliest < h.end.latest)
                )
            )
        }
        if more <= found:
            return found
        found |= more
