"""``bankcomplaints demo``: the report has every chart, the store reloads, every chain verifies, and the
printed summary agrees with counts made here, independently, from the reloaded complaints and events."""

from __future__ import annotations

import doctest
import html
import importlib
import io
import re
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints.adapters.sqlite import SQLiteStore
from bankcomplaints.cli import main
from bankcomplaints.demo import charts
from bankcomplaints.demo.labels import text
from bankcomplaints.demo.persistence import persist, reload
from bankcomplaints.demo.progress import Stages
from bankcomplaints.demo.report import SECTIONS
from bankcomplaints.demo.run import DATABASE, REPORT, run_demo
from bankcomplaints.demo.simulation import simulate
from bankcomplaints.demo.summary import summarize
from bankcomplaints.events import StatusChanged
from bankcomplaints.values import Kind, Source
from bankcomplaints.workflow.clocks import ClockExtended

COUNT = 300
CHARTS = ("volume", "pareto", "business", "timeliness", "scorecard")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    out = tmp_path_factory.mktemp("demo")
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout", printed)
        status = main(["demo", "--complaints", str(COUNT), "--out", str(out), "--seed", "11", "--quiet"])
    assert status == 0
    rows = {}
    for line in printed.getvalue().splitlines():
        found = re.match(r"^(.*?)\s{2,}(\S.*)$", line)
        if found:
            rows[found.group(1)] = found.group(2)
    return out, rows


def _number(rows: dict[str, str], key: str) -> int:
    return int(rows[text(key)].replace(",", ""))


def test_the_report_has_every_section_and_every_chart(demo: tuple[Path, dict[str, str]]) -> None:
    out, _ = demo
    page = (out / REPORT).read_text(encoding="utf-8")
    sections = dict(re.findall(r'<section id="(\w+)">(.*?)</section>', page, flags=re.S))
    assert set(SECTIONS) <= sections.keys()
    for name in CHARTS:
        assert "<svg" in sections[name], name
    assert "stateDiagram-v2" in sections["flow"] and "notify_decision" in sections["flow"]


def test_the_store_reloads_and_every_chain_verifies(demo: tuple[Path, dict[str, str]]) -> None:
    out, rows = demo
    with SQLiteStore(out / DATABASE) as store:
        ids = store.ids()
        assert len(ids) == COUNT
        for complaint_id in ids:
            events = store.load_events(complaint_id)
            assert bc.verify_chain(events, expected_head=store.head(complaint_id)).ok
            assert bc.Complaint.from_events(events) == store.load_complaint(complaint_id)
    assert rows[text("chains")] == f"{COUNT}/{COUNT}"


def test_the_summary_agrees_with_counts_from_the_reloaded_store(demo: tuple[Path, dict[str, str]]) -> None:
    out, rows = demo
    with SQLiteStore(out / DATABASE) as store:
        trails = {cid: store.load_events(cid) for cid in store.ids()}
    complaints = [bc.Complaint.from_events(trail) for trail in trails.values()]
    fired = [Counter(e.trigger for e in trail if isinstance(e, StatusChanged)) for trail in trails.values()]
    extensions = Counter(e.extension.name for trail in trails.values() for e in trail if isinstance(e, ClockExtended))
    statuses = Counter(c.status for c in complaints)
    paid = [e for c in complaints for e in c.redress.entries if e.paid_at is not None and e.reverses is None]
    expected = {
        "contacts": len(complaints),
        "complaints": sum(c.kind is Kind.COMPLAINT for c in complaints),
        "regulator_forwarded": sum(c.source is Source.REGULATOR_FORWARDED for c in complaints),
        "major": sum(c.major for c in complaints),
        "repeats": sum(c.repeat_of is not None for c in complaints),
        "investigated": sum(f["investigate"] > 0 for f in fired),
        "extended": extensions["complex"],
        "extended_further": extensions["especially_complex"],
        "reviews": sum(f["request_review"] > 0 for f in fired),
        "overturned": sum(f["overturn_decision"] > 0 for f in fired),
        "decisions": sum(c.decision_notice is not None for c in complaints),
        "closed": statuses["closed"] + statuses["archived"] + statuses["following_up"],
        "redress_paid": len(paid),
        "events": sum(len(trail) for trail in trails.values()),
    }
    assert {key: _number(rows, key) for key in expected} == expected
    total = sum((e.amount.amount for e in paid if e.amount is not None), Decimal(0))
    assert rows[text("redress_total")] == f"CNY {total:,}"
    assert _number(rows, "open") == COUNT - expected["closed"]
    # the quarter exercises every part of the flow
    for key in ("regulator_forwarded", "major", "repeats", "extended", "extended_further", "reviews", "redress_paid"):
        assert expected[key] > 0, key
    intake = [trail[0] for trail in trails.values()]
    assert all(isinstance(first, bc.ComplaintReceived) for first in intake)
    assert {first.channel for first in intake if isinstance(first, bc.ComplaintReceived)} == set(bc.Channel)
    assert any(c.co_complainants + 1 >= 20 and c.in_person and c.major for c in complaints)


def test_the_same_seed_gives_the_same_summary(tmp_path: Path) -> None:
    with Stages(io.StringIO(), quiet=True) as stages:
        first = run_demo(seed=5, count=40, out=tmp_path / "a", lang="en", stages=stages)
        second = run_demo(seed=5, count=40, out=tmp_path / "b", lang="en", stages=stages)
        other = run_demo(seed=6, count=40, out=tmp_path / "c", lang="en", stages=stages)
    assert first.summary == second.summary
    assert first.summary != other.summary


@settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32), count=st.integers(min_value=1, max_value=30))
def test_any_seed_and_size_run_to_a_verified_store(seed: int, count: int) -> None:
    run = simulate(seed=seed, count=count)
    with tempfile.TemporaryDirectory() as folder:
        stored = persist(run.complaints, Path(folder) / "q.sqlite")
        loaded = reload(Path(folder) / "q.sqlite")
    assert stored == loaded.event_count and loaded.all_verified
    assert loaded.complaints == tuple(sorted(run.complaints, key=lambda c: c.id))
    summary = summarize(loaded, as_of=run.as_of)
    assert summary.contacts == count and summary.closed + summary.open == count
    assert summary.handling_met + summary.handling_breached + summary.handling_open <= summary.complaints


def test_without_matplotlib_the_report_keeps_its_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "available", lambda: False)
    with Stages(io.StringIO(), quiet=True) as stages:
        result = run_demo(seed=2, count=20, out=tmp_path, lang="zh", stages=stages)
    page = result.report.read_text(encoding="utf-8")
    assert not result.charts and "<svg" not in page
    assert page.count(html.escape(text("no_charts", "zh"))) == len(CHARTS)
    assert all(f'<section id="{name}">' in page and "<table>" in page for name in SECTIONS)


@pytest.mark.parametrize("name", ["network", "simulation", "persistence", "summary", "analysis", "charts",
                                  "report", "progress", "labels", "run"])
def test_module_examples(name: str) -> None:
    module = importlib.import_module(f"bankcomplaints.demo.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
