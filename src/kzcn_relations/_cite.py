"""How to cite the dataset."""

from __future__ import annotations

from kzcn_relations._dataset import Dataset
from kzcn_relations._io import dataset

AUTHORS = "The kzcn_relations developers"


def cite(data: Dataset | None = None) -> str:
    """The citation text of a dataset (by default the packaged one).

    It names the dataset's own version, which changes when the data does,
    not the package's.

    >>> print(cite())  # doctest: +ELLIPSIS
    The kzcn_relations developers (2026). Kazakhstan–China relations since 1992. ...
    Dataset version 2026.12.0, ... Licence: CC-BY-4.0.
    """
    ds = dataset() if data is None else data
    from importlib.metadata import version

    year = ds.version.split(".", 1)[0]
    title = ds.title or "kzcn_relations dataset"
    text = (
        f"{AUTHORS} ({year}). {title}. Dataset version {ds.version}, "
        f"distributed with the Python package kzcn-relations {version('kzcn-relations')}."
    )
    if ds.license:
        text += f" Licence: {ds.license}."
    return text
