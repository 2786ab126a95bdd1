"""Scorecards: weights, targets, caps and ranks, checked by hand."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.aggregate import AggregateSpec, aggregate
from bankcomplaints.stats.assessment import STANDARD_SCHEME, AssessmentScheme, ScoreComponent, score
from bankcomplaints.stats.records import ClockResult, ComplaintRecord

DAY = datetime.date(2024, 5, 6)


def _records(branch: str, n: int, *, satisfied: int, breached: int, repeat: int = 0) -> list[ComplaintRecord]:
    return [
        ComplaintRecord(
            id=f"{branch}-{i}", received_on=DAY, branch=branch, staff=f"{branch}-S{i % 2}",
            satisfied=i < satisfied, repeat=i < repeat,
            clocks=(ClockResult("cn_nfra_2020", "breached" if i < breached else "met", 10),),
        )
        for i in range(n)
    ]


RECORDS = [
    *_records("B1", 10, satisfied=9, breached=0),
    *_records("B2", 10, satisfied=8, breached=1, repeat=1),
    *_records("B3", 20, satisfied=14, breached=4, repeat=4),
]
AGG = aggregate(RECORDS, AggregateSpec(dimensions=("branch",), kpi_by=("branch", "staff")))
SCHEME = AssessmentScheme(
    name="test",
    components=(
        ScoreComponent(kpi="timeliness:cn_nfra_2020", weight="0.6", target="1", floor="0.8"),
        ScoreComponent(kpi="satisfaction_rate", weight="0.4", target="0.9", floor="0.5", cap="1.1"),
    ),
    kpis=STANDARD_SCHEME.kpis,
)


def _expected(timely: Decimal, satisfied: Decimal) -> Decimal:
    t = min(max((timely - Decimal("0.8")) / Decimal("0.2"), Decimal(0)), Decimal(1))
    s = min(max((satisfied - Decimal("0.5")) / Decimal("0.4"), Decimal(0)), Decimal("1.1"))
    return ((t * Decimal("0.6") + s * Decimal("0.4")) * 100).quantize(Decimal("0.01"))


def test_branch_scores_and_ranks_by_hand() -> None:
    """Each branch's score equals the weighted, clipped fractions computed here; ranks follow the scores."""
    cards = score(AGG, "branch", SCHEME)
    expected = {
        "B1": _expected(Decimal(1), Decimal("0.9")),
        "B2": _expected(Decimal("0.9"), Decimal("0.8")),
        "B3": _expected(Decimal("0.8"), Decimal("0.7")),
    }
    assert {c.label: c.score for c in cards} == expected
    assert [c.label for c in cards] == sorted(expected, key=lambda b: -expected[b])
    assert [c.rank for c in cards] == [1, 2, 3]
    b3 = next(c for c in cards if c.label == "B3")
    timely = b3.components[0]
    assert (timely.kpi.numerator, timely.kpi.denominator) == (16, 20)  # type: ignore[union-attr]
    assert timely.points == Decimal("0.00")
    row = b3.as_row()
    assert row["branch"] == "B3" and row["satisfaction_rate"] == "0.7000" and row["satisfaction_rate points"] == "20.00"


def test_missing_components_rescale_and_cap_applies() -> None:
    """Without customer counts the per-10k component is missing and the others are rescaled to 100."""
    cards = score(AGG, "branch", STANDARD_SCHEME, labels=["B1"])
    (b1,) = cards
    missing = [c.component.kpi for c in b1.components if c.points is None]
    assert missing == ["per_10k_customers"]
    earned = sum(c.points for c in b1.components if c.points is not None)
    assert b1.score == (earned / Decimal("0.80")).quantize(Decimal("0.01"))
    with_customers = score(AGG, "branch", STANDARD_SCHEME, host_by={"B1": {"customers": 100_000}}, labels=["B1"])
    per10k = with_customers[0].components[3]
    assert per10k.kpi.value == Decimal(1)  # type: ignore[union-attr]  # 10 complaints / 10 units
    assert per10k.points == Decimal("20.00")


def test_staff_scorecards_and_ties() -> None:
    """Staff are scored the same way; equal scores share a rank."""
    cards = score(AGG, "staff", SCHEME)
    assert {c.label for c in cards} == {f"B{b}-S{s}" for b in (1, 2, 3) for s in (0, 1)}
    ranks = {c.label: c.rank for c in cards}
    for first, second in itertools.pairwise(cards):
        assert (first.score == second.score) == (ranks[first.label] == ranks[second.label])


def test_bad_schemes_are_refused() -> None:
    """Weights must sum to 1 and targets differ from floors; unknown groups are refused."""
    with pytest.raises(InvalidOperationError, match="weights must sum to 1"):
        AssessmentScheme(name="x", components=(ScoreComponent(kpi="a", weight="0.5", target=1, floor=0),))
    with pytest.raises(InvalidOperationError, match="target must differ"):
        AssessmentScheme(name="x", components=(ScoreComponent(kpi="a", weight=1, target=1, floor=1),))
    with pytest.raises(InvalidOperationError, match="kpi_by"):
        score(AGG, "region", SCHEME)
