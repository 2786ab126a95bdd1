"""The whole demo, stage by stage: simulate the quarter, store it, reload and verify it, report on it.

This is the host around the library: it reads the wall clock (to say how long the run took), writes
files, and draws progress bars; the library underneath does none of that.
Every figure printed and reported is counted from what was read back from the SQLite store.

    >>> import io, tempfile, pathlib
    >>> from bankcomplaints.demo.progress import Stages
    >>> from bankcomplaints.demo.run import run_demo
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> with Stages(io.StringIO(), quiet=True) as stages:
    ...     result = run_demo(seed=1, count=12, out=out, lang="en", stages=stages)
    >>> result.summary.contacts, result.summary.chains_verified, result.report.exists()
    (12, 12, True)
"""

from __future__ import annotations

import time
from pathlib import Path

import attrs

from bankcomplaints.demo import charts
from bankcomplaints.demo.analysis import analyse
from bankcomplaints.demo.labels import text
from bankcomplaints.demo.persistence import persist, reload
from bankcomplaints.demo.progress import Stages
from bankcomplaints.demo.report import render
from bankcomplaints.demo.simulation import simulate
from bankcomplaints.demo.summary import Summary, summarize
from bankcomplaints.workflow.machine import mermaid
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW

__all__ = ["DATABASE", "REPORT", "DemoResult", "run_demo"]

#: File names inside the output directory.
DATABASE, REPORT = "complaints.sqlite", "report.html"


@attrs.frozen(kw_only=True)
class DemoResult:
    """What a run produced: the summary, where the files are, whether charts were drawn, how long it took."""

    summary: Summary
    database: Path
    report: Path
    charts: bool
    broken: tuple[str, ...]
    seconds: float


def run_demo(*, seed: int, count: int, out: Path, lang: str, stages: Stages) -> DemoResult:
    """Run the demo and write ``complaints.sqlite`` and ``report.html`` into ``out`` (created if needed).

    Args:
        seed: the random seed (same seed and count, same summary).
        count: how many contacts arrive in the quarter.
        out: the output directory.
        lang: ``"zh"`` or ``"en"`` for the report and the summary.
        stages: where progress is shown.
    Returns:
        The result.
    Raises:
        InvalidOperationError: ``count`` is below one.
        StoreError: the database failed.
        OSError: the output directory or a file cannot be written.
    """
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    database, report = out / DATABASE, out / REPORT
    run = simulate(seed=seed, count=count, progress=stages.stage(text("simulating", lang), total=count))
    persist(run.complaints, database, progress=stages.stage(text("storing", lang), total=count))
    reloaded = reload(database, progress=stages.stage(text("reloading", lang), total=count))
    summary = summarize(reloaded, as_of=run.as_of)
    drawing = stages.stage(text("reporting", lang), total=1)
    tables = analyse(reloaded.complaints, as_of=run.as_of, customers=run.network.customers())
    with_charts = charts.available()
    facts = f"{text('seed', lang)} {seed} · {count:,} {text('contacts', lang)} · {DATABASE}"
    page = render(tables=tables, summary_rows=summary.rows(lang), network=run.network, lang=lang,
                  with_charts=with_charts, mermaid_text=mermaid(STANDARD_WORKFLOW), facts=facts)
    report.write_text(page, encoding="utf-8")
    drawing(1)
    return DemoResult(summary=summary, database=database, report=report, charts=with_charts,
                      broken=tuple(reloaded.broken()), seconds=time.perf_counter() - started)
