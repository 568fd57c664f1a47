"""Pictures of records: a timeline, and yearly trade turnover.

Needs the ``plot`` extra (matplotlib): ``pip install "kzcn-relations[plot]"``.
The module imports matplotlib only when a function is called, so
``import kzcn_relations.plot`` works without it and the error, if any,
names the extra.

:func:`timeline` puts records on a time axis, one lane per kind. A record
with a span (``end``) is a solid bar; a date known only to the month or the
year is a hatched bar over that whole month or year (never a point on its
1st); a record known to the day is a marker. Labels are placed so that no
two overlap: each goes to the nearest free level above or below its lane,
right of its record or, near the right edge, left of it; a label that finds
no room within ``max_levels`` is left out (the figure's
``kzcn_unlabelled`` attribute says how many).
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from kzcn_relations.exceptions import MissingExtraError
from kzcn_relations.model import (
    Agreement,
    Event,
    Investment,
    Precision,
    Record,
    TradeFigure,
    sort_key,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["timeline", "trade"]

_ORDER = {Event: 0, Agreement: 1, Investment: 2, TradeFigure: 3}
_COLOURS = {Event: "#1f77b4", Agreement: "#d62728", Investment: "#2ca02c", TradeFigure: "#9467bd"}


def _pyplot() -> Any:
    try:
        importlib.import_module("matplotlib")
    except ImportError as exc:
        raise MissingExtraError("matplotlib", "plot") from exc
    return importlib.import_module("matplotlib.pyplot")


def _default_label(record: Record) -> str:
    return record.id


def _overlaps(a: Any, b: Any, pad: float = 2.0) -> bool:
    return not (a.x1 + pad < b.x0 or b.x1 + pad < a.x0 or a.y1 + pad < b.y0 or b.y1 + pad < a.y0)


def timeline(
    records: Iterable[Record],
    *,
    labels: bool | Callable[[Record], str | None] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    max_levels: int = 3,
) -> Figure:
    """Draw *records* on a time axis, one lane per kind; return the figure.

    *labels*: ``True`` labels every record with its id, a callable gives the
    label (or ``None`` for none) of each record, ``False`` draws no labels;
    the default labels up to 40 records and no more.  *ax* draws into an
    existing axes.  Labels never overlap one another.
    """
    plt = _pyplot()
    import matplotlib.dates as mdates
    from matplotlib.text import Text

    date2num = cast("Callable[[Any], float]", mdates.date2num)

    items = sorted(records, key=sort_key)
    if labels is None:
        labels = len(items) <= 40
    label_of: Callable[[Record], str | None]
    if labels is True:
        label_of = _default_label
    elif labels is False:
        label_of = lambda _: None  # noqa: E731
    else:
        label_of = labels

    lanes = sorted(
        {(type(r), r.kind.value) for r in items},
        key=lambda t: (_ORDER[t[0]], t[1]),
    )
    lane_y = {lane: i * 3.0 for i, lane in enumerate(lanes)}
    if ax is None:
        per_lane = 0.35 if labels is False else 0.8
        height = max(2.5, per_lane * len(lanes) + 1.2)
        fig, ax = plt.subplots(figsize=(12, height), layout="constrained")
    fig = cast("Figure", ax.figure)
    for r in items:
        y = lane_y[(type(r), r.kind.value)]
        colour = _COLOURS[type(r)]
        first, last = r.period
        start = date2num(first)
        width = date2num(last + dt.timedelta(days=1)) - start
        reduced = r.date.precision is not Precision.DAY or (
            r.end is not None and r.end.precision is not Precision.DAY
        )
        if r.end is None and not reduced:
            ax.plot([start + 0.5], [y], marker="o", markersize=4, color=colour, zorder=3)
        else:
            ax.broken_barh(
                [(start, width)],
                (y - 0.35, 0.7),
                facecolors=colour if not reduced else "none",
                edgecolors=colour,
                hatch="////" if reduced else None,
                alpha=0.8,
                linewidth=0.8,
            )
    ax.set_yticks([lane_y[lane] for lane in lanes])
    ax.set_yticklabels([kind for _, kind in lanes])
    ax.xaxis_date()
    ax.set_ylim(-3.0, 3.0 * max(len(lanes), 1))
    if title:
        ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)

    unlabelled = 0
    texts = [(r, label_of(r)) for r in items]
    wanted = [(r, t) for r, t in texts if t]
    if wanted:
        fig.canvas.draw()
        renderer = getattr(fig.canvas, "get_renderer")()  # noqa: B009 - Agg and others
        placed: list[Any] = []
        axes_box = ax.get_window_extent(renderer)
        for r, text in wanted:
            y = lane_y[(type(r), r.kind.value)]
            x = date2num(r.period[0])
            annotation = None
            for level, side in _slots(max_levels):
                candidate = ax.annotate(
                    text,
                    xy=(x, y),
                    xytext=(3 * side, level * 8),
                    textcoords="offset points",
                    fontsize=6,
                    va="center",
                    parse_math=False,  # labels are text: "$" is not mathtext
                    ha="left" if side > 0 else "right",
                    arrowprops={"arrowstyle": "-", "linewidth": 0.4, "color": "grey"}
                    if level
                    else None,
                )
                # the text's own box: an annotation's box includes its arrow
                candidate.update_positions(renderer)
                box = Text.get_window_extent(candidate, renderer)
                inside = axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1
                if inside and not any(_overlaps(box, other) for other in placed):
                    placed.append(box)
                    annotation = candidate
                    break
                candidate.remove()
            if annotation is None:
                unlabelled += 1
    setattr(fig, "kzcn_unlabelled", unlabelled)  # noqa: B010 - documented attribute
    return fig


def _slots(max_levels: int) -> Sequence[tuple[int, int]]:
    """Label positions to try, nearest first: (level, side) pairs."""
    levels = [0]
    for n in range(1, max_levels + 1):
        levels += [n, -n]
    return [(level, side) for level in levels for side in (1, -1)]


def _series(
    points: Sequence[tuple[int, dt.date, float]],
) -> tuple[list[dt.date], list[float]]:
    """x and y of one yearly series, with a NaN between years that are not consecutive.

    Matplotlib breaks a line at NaN, so a year without a figure is a visible
    gap rather than a straight line drawn across it.
    """
    xs: list[dt.date] = []
    ys: list[float] = []
    last: int | None = None
    for year, x, y in points:
        if last is not None and year != last + 1:
            xs.append(x)  # any x: the NaN y is what breaks the line
            ys.append(math.nan)
        xs.append(x)
        ys.append(y)
        last = year
    return xs, ys


def trade(records: Iterable[Record], *, ax: Axes | None = None) -> Figure:
    """Plot trade turnover from trade figures, one series per reporting side.

    Takes the :class:`TradeFigure` records among *records* (others are
    ignored).  Each reporting side is its own series — Chinese and Kazakh
    statistics differ by a fifth or more, so no line ever joins a figure of
    one side to a figure of the other.  Full-year figures are points joined
    by a line only from one year to the next: where a year has no figure
    the line breaks, so a gap stays visible instead of being bridged.  A
    figure for part of a year is a hollow point at the middle of its
    period, joined to nothing.  Amounts are in billions of their currency.
    """
    plt = _pyplot()
    figures = [r for r in records if isinstance(r, TradeFigure)]
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    fig = cast("Figure", ax.figure)
    by_reporter: dict[str, list[TradeFigure]] = {}
    for e in sorted(figures, key=sort_key):
        who = e.reporter.name if e.reporter is not None else "reporting side not stated"
        by_reporter.setdefault(who, []).append(e)
    currencies = {e.turnover.currency for e in figures}

    def point(e: TradeFigure) -> tuple[dt.date, float]:
        first, last = e.period
        return first + (last - first) / 2, float(e.turnover.amount) / 1e9  # drawing only

    for who, events in sorted(by_reporter.items()):
        whole = [e for e in events if e.full_year]
        part = [point(e) for e in events if not e.full_year]
        xs, ys = _series([(e.date.year, *point(e)) for e in whole])
        colour = None
        if whole:
            colour = ax.plot(
                cast(Any, xs),  # dates: matplotlib converts them
                ys,
                marker="o",
                linestyle="-",
                label=who,
                zorder=2,
            )[0].get_color()
        if part:
            ax.plot(
                *zip(*part, strict=True),
                marker="o",
                linestyle="none",
                markerfacecolor="white",
                color=colour,
                label=None if whole else who,
                zorder=2,
            )
    unit = "/".join(sorted(currencies)) or "USD"
    ax.set_ylabel(f"turnover, billion {unit}")
    ax.set_title("Kazakhstan–China trade turnover (hollow: part of a year)")
    ax.grid(alpha=0.3)
    if figures:
        ax.legend(fontsize=8)
    return fig
