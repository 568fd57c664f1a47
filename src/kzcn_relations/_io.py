"""Reading datasets from files and from the package.

:func:`dataset` returns the packaged dataset, read on first use (never at
import time) and shared by every caller, threads included.  :func:`load`
reads a user's file in the same format, with the same validation.
"""

from __future__ import annotations

import functools
import os
import threading
import zlib
from collections.abc import Mapping

from kzcn_relations._dataset import Dataset
from kzcn_relations._jsonio import parse_json, paused_gc
from kzcn_relations.exceptions import DatasetError, InvalidTypeError, Problem, describe

__all__ = ["dataset", "load", "packaged_bytes"]

#: Where the packaged file lies, relative to the package.
PACKAGED_RESOURCE = ("_data", "relations.json")
PACKAGED_ORIGIN = "the packaged dataset"


def packaged_bytes() -> bytes:
    """The packaged dataset file, read through the package's loader.

    Works from a directory and from a zip (a wheel on ``sys.path``), as
    ``importlib.resources`` does, but without importing it: measured here,
    that import alone takes 16-45 ms (``python -X importtime -c "import
    importlib.resources"``), against about 55 ms for the whole
    ``import kzcn_relations`` plus first query that ``benchmarks/bench.py``
    times, so it would break the cold-start target; and the package's own
    loader is what ``importlib.resources`` calls in the end.
    """
    # this module's own loader reads its package's files, from a directory
    # or from inside a zip alike
    spec = __spec__
    assert spec is not None and spec.loader is not None
    path = os.path.join(os.path.dirname(__file__), *PACKAGED_RESOURCE)
    data: bytes = spec.loader.get_data(path)  # type: ignore[attr-defined]
    return data


def read_packaged() -> Dataset:
    """Read the packaged dataset (a new object on every call)."""
    from kzcn_relations._packaged import CHECKSUM

    data = packaged_bytes()
    if (len(data), zlib.crc32(data)) == CHECKSUM:
        # the verified canonical file: plain json, the direct builder
        import json

        from kzcn_relations import _trusted

        with paused_gc():
            args = _trusted.build(json.loads(data))
            return Dataset(**args, origin=PACKAGED_ORIGIN, _verified=True)
    doc = parse_json(data, PACKAGED_ORIGIN)
    return Dataset.from_dict(doc, origin=PACKAGED_ORIGIN)  # type: ignore[arg-type]


_LOCK = threading.Lock()


@functools.cache
def dataset() -> Dataset:
    """The packaged dataset, read and validated on first use, then shared."""
    # functools.cache answers every later call; threads that miss it at
    # once queue on the lock, and the inner cache reads the file only once.
    with _LOCK:
        return _read_once()


@functools.cache
def _read_once() -> Dataset:
    return read_packaged()


def _forget() -> None:
    """Forget the packaged dataset, so the next call reads it again (for tests)."""
    with _LOCK:
        dataset.cache_clear()
        _read_once.cache_clear()


def load(path: str | os.PathLike[str], *, base: Dataset | None = None) -> Dataset:
    """Read and validate a dataset file in the packaged format.

    With *base* (for example ``kzcn_relations.dataset()``), the file may
    refer to the base's actors and sources by id, and the result is
    ``base.merge(...)`` of the file: the base's records and the file's.

    Raises :class:`DatasetError` (naming the file and every problem, with
    JSON paths) if it does not validate, and ``OSError`` if it cannot be
    read.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidTypeError("path", f"a str or os.PathLike, not {describe(path)}")
    if base is not None and not isinstance(base, Dataset):
        raise InvalidTypeError("base", f"a Dataset, not {type(base).__name__}")
    origin = os.fspath(path)
    with open(path, "rb") as fh:
        data = fh.read()
    with paused_gc():  # parsing, reading and indexing make many objects and no cycles
        doc = parse_json(data, origin)
        if base is not None:
            if not isinstance(doc, Mapping):
                problem = Problem("$", f"expected a JSON object, got {type(doc).__name__}")
                raise DatasetError([problem], origin=origin)
            return base.merge(doc, origin=origin)
        return Dataset.from_dict(doc, origin=origin)  # type: ignore[arg-type]
