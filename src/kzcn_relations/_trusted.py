"""Building the packaged dataset fast, without cattrs, when it is verified.

The packaged file is validated through the cattrs loader by the test suite
and whenever ``scripts/canonicalize.py`` rewrites it, which also pins its
size and CRC-32 in :mod:`kzcn_relations._packaged`.  At run time, a file
whose checksum matches is built here with the loader's generated readers
(:mod:`kzcn_relations._fused`: every check of the model folded in), so the
first query need not import cattrs at all; a file that does not match
(edited, damaged) goes through the full loader instead.  A property test
checks that both ways build equal datasets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kzcn_relations._fused import read_lists
from kzcn_relations.model import RECORD_TYPES


def build(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The constructor arguments of a Dataset, from a verified document."""
    read = read_lists(doc, {}, {}, {})
    args: dict[str, Any] = {
        "actors": read.actors,
        "sources": read.sources,
        "places": read.places,
        "holdings": read.holdings,
        "version": doc["dataset_version"],
        "title": doc.get("title", ""),
        "license": doc.get("license", ""),
        "_by_date": read.by_date,
    }
    for cls in RECORD_TYPES:
        args[cls.collection] = read.records[cls.collection]
    return args
