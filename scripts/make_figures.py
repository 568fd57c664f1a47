"""Draw the pictures on the docs pages from the packaged dataset.

    python scripts/make_figures.py

Writes docs/_static/timeline.png (every record), timeline-2009-2011.png (a
labelled close-up) and trade.png (yearly trade turnover), each made by
``kzcn_relations.plot``.
"""

from __future__ import annotations

import pathlib

import matplotlib

matplotlib.use("Agg")

import kzcn_relations as kr
from kzcn_relations import plot

OUT = pathlib.Path(__file__).resolve().parent.parent / "docs" / "_static"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    ds = kr.dataset()
    figures = {
        "timeline.png": plot.timeline(ds.records, title=f"Every record of dataset {ds.version}"),
        "timeline-2009-2011.png": plot.timeline(
            kr.events_between(2009, 2011, match="within"),
            title="2009–2011, labelled",
        ),
        "trade.png": plot.trade(ds.trade_figures),
    }
    for name, fig in figures.items():
        fig.savefig(OUT / name, dpi=100)
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
