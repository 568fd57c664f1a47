"""Pictures: real images, honest precision, labels that never collide."""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Any

import matplotlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.text import Annotation, Text

import kzcn_relations
from kzcn_relations import Dataset, plot

from .strategies import datasets

PNG = b"\x89PNG\r\n\x1a\n"


def _labels(fig: Any) -> list[Annotation]:
    return [t for ax in fig.axes for t in ax.texts if isinstance(t, Annotation)]


def test_timeline_renders_a_png(tmp_path: pathlib.Path) -> None:
    """The packaged timeline renders to a real PNG image."""
    fig = plot.timeline(kzcn_relations.dataset().records, title="all")
    path = tmp_path / "timeline.png"
    fig.savefig(path, dpi=60)
    data = path.read_bytes()
    assert data.startswith(PNG) and len(data) > 10_000
    plt.close(fig)


def test_trade_renders_a_png(tmp_path: pathlib.Path) -> None:
    """The trade plot renders, with one point per trade figure (the gaps are not points)."""
    import math

    figures = kzcn_relations.dataset().trade_figures
    fig = plot.trade([*figures, *kzcn_relations.dataset().events])  # events are ignored
    path = tmp_path / "trade.png"
    fig.savefig(path, dpi=60)
    assert path.read_bytes().startswith(PNG)
    lines: list[Any] = list(fig.axes[0].lines)
    points = sum(1 for line in lines for y in line.get_ydata() if not math.isnan(y))
    assert points == len(figures)
    plt.close(fig)


def test_reduced_precision_is_a_period_not_a_day() -> None:
    """A month-only record is drawn over the whole month, not on its 1st."""
    import matplotlib.dates as mdates

    record = kzcn_relations.dataset().record("nazarbayev-official-visit-1993")
    fig = plot.timeline([record], labels=False)
    (bars,) = fig.axes[0].collections
    vertices: Any = bars.get_paths()[0].vertices
    xs = [float(x) for x, _ in vertices]
    first: Any = mdates.num2date(min(xs))  # type: ignore[no-untyped-call]
    assert first.date().isoformat() == "1993-10-01"
    assert round(max(xs) - min(xs)) == 31
    plt.close(fig)


def _overlap(a: Text, b: Text, renderer: Any) -> bool:
    ba = Text.get_window_extent(a, renderer)
    bb = Text.get_window_extent(b, renderer)
    return bool(ba.overlaps(bb))


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font:UserWarning")
@settings(max_examples=15)
@given(datasets(max_records=25), st.booleans())
def test_labels_never_overlap(ds: Dataset, use_titles: bool) -> None:
    """However crowded, no two placed labels overlap."""
    label = (lambda r: r.title) if use_titles else True
    fig = plot.timeline(ds.records, labels=label)
    fig.canvas.draw()
    renderer = getattr(fig.canvas, "get_renderer")()  # noqa: B009
    placed = _labels(fig)
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert not _overlap(a, b, renderer)
    assert len(placed) + getattr(fig, "kzcn_unlabelled") == len(ds.records)  # noqa: B009
    plt.close(fig)


def test_dense_labels_all_placed() -> None:
    """The docs' 2009–2011 close-up labels every record."""
    fig = plot.timeline(kzcn_relations.events_between(2009, 2011, match="within"))
    assert getattr(fig, "kzcn_unlabelled") == 0  # noqa: B009
    assert len(_labels(fig)) == len(kzcn_relations.events_between(2009, 2011, match="within"))
    plt.close(fig)


@pytest.mark.parametrize("name", ["timeline.png", "timeline-2009-2011.png", "trade.png"])
def test_docs_pictures_exist(name: str) -> None:
    """The pictures the docs show are committed PNGs."""
    path = pathlib.Path(__file__).resolve().parent.parent / "docs" / "_static" / name
    assert path.read_bytes().startswith(PNG)


def test_labels_are_plain_text(tmp_path: pathlib.Path) -> None:
    """A title with dollar signs is drawn as text, not parsed as mathtext."""
    import attrs

    record = kzcn_relations.dataset().record("trade-2010")
    odd = attrs.evolve(record, title="$$ 20 $ billion $")
    fig = plot.timeline([odd], labels=lambda r: r.title)
    fig.savefig(tmp_path / "dollars.png")
    assert [t.get_text() for t in _labels(fig)] == ["$$ 20 $ billion $"]
    plt.close(fig)


def test_trade_series_keep_reporters_apart_and_gaps_visible() -> None:
    """One line per reporting side; a line never joins two years with a year between."""
    import math

    import matplotlib.dates as mdates

    figures = [f for f in kzcn_relations.dataset().trade_figures if f.full_year]
    fig = plot.trade(figures)
    lines = [ln for ln in fig.axes[0].get_lines() if ln.get_linestyle() == "-"]
    reporters = {f.reporter.name if f.reporter else "reporting side not stated" for f in figures}
    assert sorted(str(ln.get_label()) for ln in lines) == sorted(reporters)
    for line in lines:
        xs: Any = line.get_xdata()
        ys: Any = line.get_ydata()
        runs: list[list[int]] = [[]]
        for x, y in zip(xs, ys, strict=True):
            if math.isnan(y):
                runs.append([])
            else:
                day = x if isinstance(x, dt.date) else mdates.num2date(x).date()  # type: ignore[no-untyped-call]
                runs[-1].append(day.year)
        for run in runs:
            assert run == list(range(run[0], run[0] + len(run))) if run else True
        expected = sorted(
            f.date.year
            for f in figures
            if (f.reporter.name if f.reporter else "reporting side not stated") == line.get_label()
        )
        assert sorted(y for run in runs for y in run) == expected
    chinese = next(ln for ln in lines if ln.get_label() == "People's Republic of China")
    chinese_ys: Any = chinese.get_ydata()
    assert any(math.isnan(y) for y in chinese_ys)  # the series has gaps, kept
