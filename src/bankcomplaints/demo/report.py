"""The demo's HTML report: one self-contained file with the summary, the charts and their tables.

Sections, each with an ``id`` a reader (or a test) can find: ``summary``, ``volume`` (trend by week),
``pareto`` (causes), ``business`` (shares), ``timeliness`` (by branch), ``scorecard`` (branch
assessment) and ``flow`` (the standard flow as Mermaid text, drawn by mermaid.js from a CDN when the
page is online, and shown as text otherwise). Charts are inline SVG from :mod:`~bankcomplaints.demo.charts`;
without matplotlib each section keeps its table and says the chart is missing.

    >>> from bankcomplaints.demo.simulation import simulate
    >>> from bankcomplaints.demo.analysis import analyse
    >>> from bankcomplaints.demo.report import SECTIONS, render
    >>> run = simulate(seed=5, count=30)
    >>> tables = analyse(run.complaints, as_of=run.as_of, customers=run.network.customers())
    >>> page = render(tables=tables, summary_rows=[("contacts", "30")], network=run.network, lang="en",
    ...               with_charts=False, mermaid_text="stateDiagram-v2", facts="seed 5")
    >>> all(f'<section id="{name}">' in page for name in SECTIONS)
    True
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from bankcomplaints.demo import charts
from bankcomplaints.demo.analysis import Tables
from bankcomplaints.demo.labels import text
from bankcomplaints.demo.network import Network
from bankcomplaints.stats.report import display_label

__all__ = ["MERMAID_CDN", "SECTIONS", "render"]

#: The sections of the report, in order (each is ``<section id="...">``).
SECTIONS = ("summary", "volume", "pareto", "business", "timeliness", "scorecard", "flow")
#: Where the page loads mermaid.js from to draw the flow (the raw text stays readable offline).
MERMAID_CDN = "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs"

_STYLE = """
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { margin-bottom: 0.2rem; } .facts { color: #666; margin-top: 0; }
section { margin: 2rem 0; } svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; padding: 0.6rem; overflow-x: auto; font-size: 0.8rem; }
.note { color: #8a5a00; }
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{_e(cell)}</td>' if isinstance(cell, int | float) or (
            isinstance(cell, str) and cell[:1].isdigit()) else f"<td>{_e(cell)}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(name: str, lang: str, chart: str | None, table: str) -> str:
    """A section: its chart (``None``: not drawn, say why; ``""``: a section without one) and its table."""
    figure = chart if chart is not None else f'<p class="note">{_e(text("no_charts", lang))}</p>'
    return f'<section id="{name}"><h2>{_e(text(name, lang))}</h2>{figure}{table}</section>'


def _branch(network: Network, code: str, lang: str) -> str:
    branch = next((b for b in network.branches if b.code == code), None)
    return f"{code} {branch.name}" if branch is not None and lang == "zh" and branch.name else code


def _short(label: str, limit: int = 28) -> str:
    """A label short enough for a chart axis: without its parenthesis, cut at ``limit`` characters."""
    head = label.partition(" (")[0].partition("（")[0]
    return head if len(head) <= limit else head[: limit - 1] + "…"


def _percent(value: float) -> str:
    return f"{value:.1%}"


def render(*, tables: Tables, summary_rows: Sequence[tuple[str, str]], network: Network, lang: str,
           with_charts: bool, mermaid_text: str, facts: str) -> str:
    """The report page.

    Args:
        tables: the quarter's tables (:func:`~bankcomplaints.demo.analysis.analyse`).
        summary_rows: (label, value) rows of the summary.
        network: the branch network (for branch names).
        lang: ``"zh"`` or ``"en"``.
        with_charts: draw the charts (needs matplotlib; see :func:`~bankcomplaints.demo.charts.available`).
        mermaid_text: the flow diagram in Mermaid.
        facts: one line under the title (seed, size, time taken).
    Returns:
        The HTML document.
    """
    def t(key: str) -> str:
        return text(key, lang)

    weeks = [label for label, _ in tables.volume]
    causes = [display_label("cause", row.label, lang) for row in tables.causes]
    businesses = [display_label("business", code, lang) for code, _, _ in tables.business]
    branches = [_branch(network, code, lang) for code, _ in tables.timeliness]
    rates = [float(kpi.value) if kpi.value is not None else 0.0 for _, kpi in tables.timeliness]
    cards = [_branch(network, card.label, lang) for card in tables.scorecard]
    drawn = {
        "volume": charts.line(weeks, [n for _, n in tables.volume], title=t("volume"), ylabel=t("count")),
        "pareto": charts.pareto([_short(name) for name in causes], [row.count for row in tables.causes],
                                [row.cumulative_share for row in tables.causes], title=t("pareto")),
        "business": charts.bars([_short(name) for name in businesses], [share for _, _, share in tables.business],
                                title=t("business"), horizontal=True, percent=True),
        "timeliness": charts.bars(branches, rates, title=t("timeliness"), percent=True, reference=1.0),
        "scorecard": charts.bars(cards, [float(card.score) for card in tables.scorecard], title=t("scorecard"),
                                 horizontal=True),
    } if with_charts else {}
    scorecard_headers = (t("rank"), t("branch"), t("score"),
                         *(c.component.kpi for c in (tables.scorecard[0].components if tables.scorecard else ())))
    grids = {
        "summary": _table((t("label"), t("count")), summary_rows),
        "volume": _table((t("week"), t("count")), tables.volume),
        "pareto": _table((t("label"), t("count"), t("share"), t("cumulative")), [
            (name, row.count, _percent(row.share), _percent(row.cumulative_share) + (" *" if row.vital else ""))
            for name, row in zip(causes, tables.causes, strict=True)]),
        "business": _table((t("label"), t("count"), t("share")), [
            (name, count, _percent(share))
            for name, (_, count, share) in zip(businesses, tables.business, strict=True)]),
        "timeliness": _table((t("branch"), t("rate"), "numerator", "denominator"), [
            (name, _percent(rate), kpi.numerator, kpi.denominator)
            for name, rate, (_, kpi) in zip(branches, rates, tables.timeliness, strict=True)]),
        "scorecard": _table(scorecard_headers, [
            (card.rank, name, str(card.score), *("–" if c.points is None else str(c.points) for c in card.components))
            for name, card in zip(cards, tables.scorecard, strict=True)]),
    }
    parts = [_section(name, lang, "" if name == "summary" else drawn.get(name), grid) for name, grid in grids.items()]
    parts.append(f'<section id="flow"><h2>{_e(t("flow"))}</h2><pre class="mermaid">{_e(mermaid_text)}</pre>'
                 f"<details><summary>Mermaid</summary><pre>{_e(mermaid_text)}</pre></details></section>")
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{_e(t('title'))}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{_e(t('title'))}</h1><p class=\"facts\">{_e(t('subtitle'))}<br>{_e(facts)}</p>"
        + "".join(parts)
        + f'<script type="module">import mermaid from "{MERMAID_CDN}"; mermaid.initialize({{startOnLoad: true}});'
        "</script></body></html>\n"
    )
