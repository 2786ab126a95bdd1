"""Charts as inline SVG, drawn with matplotlib (the optional ``report`` extra).

Text stays text in the SVG (``svg.fonttype: none``), so the browser draws Chinese labels with its own
fonts even where matplotlib has none. The output is deterministic: no date in the metadata and a fixed
salt for element ids, so the same figures give the same bytes.
:func:`available` tells whether matplotlib is installed; the report leaves the charts out when it is not.

    >>> from bankcomplaints.demo import charts
    >>> svg = charts.bars(["储蓄", "贷款"], [3, 1], title="two bars")
    >>> svg.startswith("<svg"), "two bars" in svg, "储蓄" in svg
    (True, True, True)
    >>> svg == charts.bars(["储蓄", "贷款"], [3, 1], title="two bars")
    True
"""

from __future__ import annotations

import importlib.util
import io
import warnings
from collections.abc import Sequence
from typing import Any

__all__ = ["available", "bars", "line", "pareto"]

_STYLE: Any = {"svg.fonttype": "none", "svg.hashsalt": "bankcomplaints-demo", "font.size": 9,
          "font.family": ["sans-serif"], "axes.spines.top": False, "axes.spines.right": False}
_COLOUR, _ACCENT = "#2f6690", "#d1495b"


def available() -> bool:
    """Whether matplotlib is installed (``pip install 'bankcomplaints[report]'``)."""
    return importlib.util.find_spec("matplotlib") is not None


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Text is kept as text: the browser, not matplotlib, needs the Chinese glyphs.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def line(labels: Sequence[str], values: Sequence[float], *, title: str, ylabel: str = "") -> str:
    """A line chart with markers, one point per label (a trend).

    Args:
        labels: the x labels, in order.
        values: one value per label.
        title: the chart's title.
        ylabel: the y axis label.
    Returns:
        The chart as an ``<svg>`` element.
    """
    from matplotlib import rc_context

    with rc_context(_STYLE):
        figure = _figure(8, 3)
        axes = figure.add_subplot()
        axes.plot(range(len(values)), values, marker="o", color=_COLOUR)
        axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
        axes.set_ylim(bottom=0)
        axes.set_title(title)
        axes.set_ylabel(ylabel)
        axes.grid(axis="y", alpha=0.3)
        return _svg(figure)


def bars(labels: Sequence[str], values: Sequence[float], *, title: str, horizontal: bool = False,
         percent: bool = False, reference: float | None = None) -> str:
    """A bar chart.

    Args:
        labels: one label per bar.
        values: one value per bar.
        title: the chart's title.
        horizontal: bars run left to right, first label on top.
        percent: values are fractions, shown as percentages.
        reference: draw a dashed line at this value (a target).
    Returns:
        The chart as an ``<svg>`` element.
    """
    from matplotlib import rc_context
    from matplotlib.ticker import PercentFormatter

    with rc_context(_STYLE):
        figure = _figure(8, max(2.5, 0.32 * len(labels) + 1) if horizontal else 3.2)
        axes = figure.add_subplot()
        positions = range(len(values))
        if horizontal:
            axes.barh(positions, values, color=_COLOUR)
            axes.set_yticks(positions, labels)
            axes.invert_yaxis()
            value_axis = axes.xaxis
            if reference is not None:
                axes.axvline(reference, color=_ACCENT, linestyle="--", linewidth=1)
        else:
            axes.bar(positions, values, color=_COLOUR)
            axes.set_xticks(positions, labels, rotation=45, ha="right")
            value_axis = axes.yaxis
            if reference is not None:
                axes.axhline(reference, color=_ACCENT, linestyle="--", linewidth=1)
        if percent:
            value_axis.set_major_formatter(PercentFormatter(1.0))
        axes.set_title(title)
        return _svg(figure)


def pareto(labels: Sequence[str], counts: Sequence[int], cumulative: Sequence[float], *, title: str,
           threshold: float = 0.8) -> str:
    """A Pareto chart: counts as bars, largest first, and the cumulative share as a line on its own axis.

    Args:
        labels: one label per bar, largest count first.
        counts: the counts.
        cumulative: the cumulative share after each bar (0 to 1).
        title: the chart's title.
        threshold: the share that marks the vital few (a dashed line).
    Returns:
        The chart as an ``<svg>`` element.
    """
    from matplotlib import rc_context
    from matplotlib.ticker import PercentFormatter

    with rc_context(_STYLE):
        figure = _figure(8, 4.2)
        axes = figure.add_subplot()
        positions = range(len(counts))
        axes.bar(positions, counts, color=_COLOUR)
        axes.set_xticks(positions, labels, rotation=45, ha="right")
        share = axes.twinx()
        share.plot(positions, cumulative, color=_ACCENT, marker="o")
        share.axhline(threshold, color=_ACCENT, linestyle="--", linewidth=1)
        share.set_ylim(0, 1.05)
        share.yaxis.set_major_formatter(PercentFormatter(1.0))
        share.spines["right"].set_visible(True)
        axes.set_title(title)
        return _svg(figure)
