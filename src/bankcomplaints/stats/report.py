"""The standard report: totals, counts and shares by dimension, durations and KPIs, as JSON, Markdown or HTML.

:func:`standard_report` turns an :class:`~bankcomplaints.stats.aggregate.Aggregate` into a plain,
JSON-ready dict (the ``bankcomplaints report --format json`` output):

- ``total``: number of records;
- ``by``: dimension → label → count (labels largest first; time buckets in time order);
- ``shares``: dimension → label → share of all records;
- ``durations``: ``close`` and ``respond``: count, median (lower), 90th and 95th percentile, max, in whole days;
- ``kpis``: name → ``numerator``, ``denominator``, ``value``, ``definition``.

Labels in JSON are the stored codes (slugs); :func:`render_markdown` and :func:`render_html` show them in
Chinese or English when the code is one of the library's.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from bankcomplaints.stats.aggregate import Aggregate, percentile
from bankcomplaints.stats.kpis import KpiDefinition, Number, evaluate
from bankcomplaints.values import BusinessCategory, Cause, Channel, Kind, LabelledEnum, Outcome, Priority, RiskFactor
from bankcomplaints.values import Source as SourceCode

__all__ = ["REPORT_DIMENSIONS", "display_label", "render_html", "render_markdown", "standard_report"]

REPORT_DIMENSIONS = ("business", "cause", "channel", "source", "kind", "branch", "status", "month")
"""The dimensions shown when the caller names none."""

_CODES: Mapping[str, type[LabelledEnum]] = {
    "business": BusinessCategory, "cause": Cause, "channel": Channel, "source": SourceCode, "kind": Kind,
    "outcome": Outcome, "priority": Priority, "risk_factor": RiskFactor,
}


def display_label(dimension: str, code: str, lang: str = "en") -> str:
    """How a code is shown to people: its enum label in ``lang`` if it is one of the library's codes, else itself.

    Args:
        dimension: the dimension the code belongs to.
        code: the stored code.
        lang: ``zh`` or ``en``.

    Returns:
        The label; ``(none)`` / ``(未记录)`` for an empty code.
    """
    if not code:
        return "(未记录)" if lang == "zh" else "(none)"
    member = next((m for m in _CODES.get(dimension, ()) if m.value == code), None)
    return code if member is None else member.label(lang)


def _durations(agg: Aggregate, which: str) -> dict[str, int | None]:
    histogram = agg.durations(which)
    return {
        "count": sum(histogram.values()),
        "median": percentile(histogram, 50),
        "p90": percentile(histogram, 90),
        "p95": percentile(histogram, 95),
        "max": max(histogram) if histogram else None,
    }


def standard_report(
    agg: Aggregate,
    *,
    by: Iterable[str] = REPORT_DIMENSIONS,
    kpis: Iterable[KpiDefinition] | None = None,
    host: Mapping[str, Number] | None = None,
) -> dict[str, Any]:
    """The standard report as a JSON-ready dict.

    Args:
        agg: the aggregate; every dimension in ``by`` must be in its spec (time buckets always are).
        by: the dimensions to tabulate.
        kpis: KPI definitions (default: the standard set plus what ``agg`` contains).
        host: host-supplied counts (``customers``, ``branches``).

    Returns:
        ``{"total", "by", "shares", "durations", "kpis"}``.

    Raises:
        InvalidOperationError: a dimension is not in the aggregate.
    """
    dimensions = tuple(dict.fromkeys(by))
    return {
        "total": agg.total,
        "by": {dim: agg.counts(dim) for dim in dimensions},
        "shares": {dim: {label: round(share, 6) for label, share in agg.shares(dim).items()} for dim in dimensions},
        "durations": {"close": _durations(agg, "close"), "respond": _durations(agg, "respond")},
        "kpis": {name: value.as_json() for name, value in evaluate(agg, kpis, host=host).items()},
    }


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def render_markdown(report: Mapping[str, Any], *, lang: str = "en") -> str:
    """The report as Markdown tables.

    Args:
        report: as returned by :func:`standard_report`.
        lang: label language.

    Returns:
        Markdown text.
    """
    zh = lang == "zh"
    lines = [f"# {'投诉统计报告' if zh else 'Complaint statistics'}", "",
             f"{'投诉总量' if zh else 'Total'}: {report['total']}", ""]
    for dim, counts in report["by"].items():
        lines += [f"## {dim}", "", f"| {dim} | {'数量' if zh else 'count'} | {'占比' if zh else 'share'} |",
                  "|---|---:|---:|"]
        shares = report["shares"][dim]
        lines += [f"| {display_label(dim, label, lang)} | {n} | {shares[label]:.2%} |" for label, n in counts.items()]
        lines.append("")
    lines += [f"## {'时长(天)' if zh else 'Durations (days)'}", "", "| | count | median | p90 | p95 | max |",
              "|---|---:|---:|---:|---:|---:|"]
    for which, d in report["durations"].items():
        lines.append(f"| {which} | " + " | ".join(_fmt(d[k]) for k in ("count", "median", "p90", "p95", "max")) + " |")
    lines += ["", "## KPI", "", "| KPI | numerator | denominator | value |", "|---|---:|---:|---:|"]
    for name, k in report["kpis"].items():
        lines.append(f"| {name} | {k['numerator']} | {k['denominator']} | {_fmt(k['value'])} |")
    return "\n".join(lines) + "\n"


def render_html(report: Mapping[str, Any], *, lang: str = "en") -> str:
    """The report as a self-contained HTML page (escaped; no scripts).

    Args:
        report: as returned by :func:`standard_report`.
        lang: label language.

    Returns:
        HTML text.
    """
    esc = html.escape
    zh = lang == "zh"
    title = "投诉统计报告" if zh else "Complaint statistics"
    parts = [f"<!DOCTYPE html><html lang=\"{esc(lang)}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
             f"<body><h1>{title}</h1><p>{'投诉总量' if zh else 'Total'}: {report['total']}</p>"]
    for dim, counts in report["by"].items():
        shares = report["shares"][dim]
        rows = "".join(
            f"<tr><td>{esc(display_label(dim, label, lang))}</td><td>{n}</td><td>{shares[label]:.2%}</td></tr>"
            for label, n in counts.items()
        )
        parts.append(f"<h2>{esc(dim)}</h2><table><tr><th>{esc(dim)}</th><th>count</th><th>share</th></tr>{rows}</table>")
    rows = "".join(
        f"<tr><td>{esc(name)}</td><td>{esc(str(k['numerator']))}</td><td>{esc(str(k['denominator']))}</td>"
        f"<td>{esc(_fmt(k['value']))}</td></tr>" for name, k in report["kpis"].items()
    )
    parts.append(f"<h2>KPI</h2><table><tr><th>KPI</th><th>numerator</th><th>denominator</th><th>value</th></tr>"
                 f"{rows}</table></body></html>")
    return "".join(parts) + "\n"
