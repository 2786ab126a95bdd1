"""Trends against the CBIRC quarterly bulletins and textbook control-chart formulas."""

from __future__ import annotations

import csv
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.trends import c_chart, changes, factor_table, p_chart, pareto, shift_period, u_chart
from tests.shared_data import SHARED_DATA

CBIRC = SHARED_DATA / "cbirc_bank_complaints_quarterly.csv"


@pytest.fixture(scope="module")
def quarters() -> dict[str, dict[str, str]]:
    with CBIRC.open(encoding="utf-8", newline="") as handle:
        return {row["period"]: row for row in csv.DictReader(handle)}


def test_quarter_on_quarter_and_year_on_year_match_the_bulletins(quarters: dict[str, dict[str, str]]) -> None:
    """QoQ and YoY changes reproduce the changes the regulator's bulletins quote (to their 0.1 pp)."""
    totals = {period: int(row["total"]) for period, row in quarters.items()}
    qoq = {c.period: c for c in changes(totals, "quarter")}
    yoy = {c.period: c for c in changes(totals, "quarter", over="year")}
    assert float(qoq["2020Q3"].ratio) == pytest.approx(0.265, abs=0.0005)  # "QoQ total +26.5%"
    assert float(qoq["2020Q4"].ratio) == pytest.approx(-0.104, abs=0.0005)  # "QoQ total -10.4%"
    assert float(qoq["2021Q4"].ratio) == pytest.approx(0.038, abs=0.0005)  # "QoQ total +3.8%"
    assert float(yoy["2021Q2"].ratio) == pytest.approx(0.255, abs=0.0005)  # "YoY total +25.5%"
    assert float(yoy["2021Q3"].ratio) == pytest.approx(0.026, abs=0.0005)  # "YoY total +2.6%"
    assert yoy["2021Q2"].base_period == "2020Q2" and "2020Q4" not in yoy
    assert qoq["2020Q4"].difference == 76224 - 85097


def test_pareto_of_the_2020q3_business_split(quarters: dict[str, dict[str, str]]) -> None:
    """Credit cards and personal loans are the vital few of 2020Q3 (56.9% + 23.8% ≥ 80%)."""
    row = quarters["2020Q3"]
    named = {"credit_card": int(row["credit_card"]), "personal_loan": int(row["personal_loan"]),
             "wealth_mgmt": int(row["wealth_mgmt"])}
    counts = {**named, "other": int(row["total"]) - sum(named.values())}
    table = pareto(counts)
    assert [r.label for r in table if r.vital] == ["credit_card", "personal_loan"]
    assert table[0].share == pytest.approx(float(row["credit_card_share_pct"]) / 100, abs=0.0005)
    assert table[-1].cumulative_share == pytest.approx(1.0)


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 1000), max_size=12),
       st.floats(0.05, 1.0))
def test_pareto_vital_few_is_the_smallest_prefix(counts: dict[str, int], threshold: float) -> None:
    """The vital few are the shortest descending prefix whose sum reaches the threshold."""
    table = pareto(counts, threshold)
    ordered = sorted(counts.values(), reverse=True)
    total = sum(ordered)
    needed = next((i + 1 for i in range(len(ordered)) if sum(ordered[: i + 1]) >= threshold * total), len(ordered))
    assert sum(r.vital for r in table) == needed
    assert [r.count for r in table] == ordered


def test_c_chart_textbook(quarters: dict[str, dict[str, str]]) -> None:
    """c-chart limits are mean ± 3√mean, computed here by hand; the bulletin totals are far out of control."""
    totals = {p: int(r["total"]) for p, r in quarters.items()}
    mean = sum(totals.values()) / len(totals)
    chart = c_chart(totals)
    assert chart.center == pytest.approx(mean)
    assert chart.points[0].upper == pytest.approx(mean + 3 * math.sqrt(mean))
    assert chart.points[0].lower == pytest.approx(mean - 3 * math.sqrt(mean))
    expected = sorted(p for p, c in totals.items() if abs(c - mean) > 3 * math.sqrt(mean))
    assert list(chart.out_of_control) == expected


def test_p_chart_textbook(quarters: dict[str, dict[str, str]]) -> None:
    """p-chart of the credit-card share per quarter: centre Σx/Σn, limits p̄ ± 3√(p̄(1−p̄)/nᵢ)."""
    rows = {p: r for p, r in quarters.items() if r["credit_card"]}
    x = {p: int(r["credit_card"]) for p, r in rows.items()}
    n = {p: int(r["total"]) for p, r in rows.items()}
    pbar = sum(x.values()) / sum(n.values())
    chart = p_chart(x, n)
    assert chart.center == pytest.approx(pbar)
    for point in chart.points:
        sigma = math.sqrt(pbar * (1 - pbar) / n[point.label])
        assert (point.lower, point.upper) == pytest.approx((pbar - 3 * sigma, pbar + 3 * sigma))
        assert point.out_of_control == (abs(x[point.label] / n[point.label] - pbar) > 3 * sigma)
    assert "2022Q4" in chart.out_of_control  # 43.1% against a mean near 50%


def test_u_chart_textbook() -> None:
    """u-chart: ū = Σc/Σn and limits ū ± 3√(ū/nᵢ), floored at zero."""
    counts = {"B1": 30, "B2": 5, "B3": 90}
    units = {"B1": 10.0, "B2": 2.0, "B3": 12.0}
    ubar = 125 / 24
    chart = u_chart(counts, units)
    assert chart.center == pytest.approx(ubar)
    b2 = chart.points[1]
    assert b2.upper == pytest.approx(ubar + 3 * math.sqrt(ubar / 2))
    assert b2.lower == max(0.0, ubar - 3 * math.sqrt(ubar / 2))
    assert chart.out_of_control == tuple(
        b for b in sorted(counts) if abs(counts[b] / units[b] - ubar) > 3 * math.sqrt(ubar / units[b]))


def test_periods_and_refusals() -> None:
    """Period arithmetic crosses year ends; bad buckets, labels and sizes are refused."""
    assert shift_period("2024-01", "month", -1) == "2023-12"
    assert shift_period("2023Q4", "quarter", 1) == "2024Q1"
    assert [c.value for c in changes({"2024-01": 4, "2024-03": 2}, "month")] == [0, 2]
    with pytest.raises(InvalidOperationError, match="not a month label"):
        shift_period("2024Q1", "month", 1)
    with pytest.raises(InvalidOperationError, match="size must be positive"):
        p_chart({"a": 1}, {"a": 0})
    with pytest.raises(InvalidOperationError, match="threshold"):
        pareto({"a": 1}, 0)


def test_factor_table_links_causes_to_actions() -> None:
    """Each (cause, root cause) row carries its share of the cause and the action for its root cause."""
    rows = factor_table({("pricing_fees", "system"): 6, ("pricing_fees", "process"): 2, ("marketing", ""): 1},
                        {"system": "fix the fee engine"})
    assert [(r.cause, r.root_cause, r.count) for r in rows] == [
        ("pricing_fees", "system", 6), ("pricing_fees", "process", 2), ("marketing", "", 1)]
    assert rows[0].share_of_cause == 0.75 and rows[0].action == "fix the fee engine"
    assert rows[1].action == "no improvement action defined"
    assert rows[2].action == "root cause not yet found"


def test_default_actions_cover_the_liability_root_causes() -> None:
    """Every root cause the liability stage can record has a default improvement action."""
    from bankcomplaints.liability.codes import ROOT_CAUSES
    from bankcomplaints.stats.trends import DEFAULT_ACTIONS

    assert {code.slug for code in ROOT_CAUSES.codes} <= set(DEFAULT_ACTIONS)
