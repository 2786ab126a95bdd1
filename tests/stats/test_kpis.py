"""KPIs: numerators and denominators against counts made directly from the records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.aggregate import AggregateSpec, aggregate
from bankcomplaints.stats.kpis import STANDARD_KPIS, evaluate, evaluate_by, kpis_for
from bankcomplaints.stats.records import ComplaintRecord

from .strategies import record_lists

SPEC = AggregateSpec(dimensions=("root_cause",), kpi_by=("branch", "staff"))


@given(record_lists)
def test_standard_kpis_by_hand(records: list[ComplaintRecord]) -> None:
    """Every KPI's numerator and denominator equal the counts made here."""
    kpis = evaluate(aggregate(records, SPEC), host={"customers": 50_000, "branches": 4})
    n = len(records)
    expect = {
        "satisfaction_rate": (sum(r.satisfied is True for r in records), sum(r.satisfied is not None for r in records)),
        "first_contact_in_sla": (sum(r.first_contact_in_sla is True for r in records),
                                 sum(r.first_contact_in_sla is not None for r in records)),
        "repeat_rate": (sum(r.repeat for r in records), n),
        "reopen_rate": (sum(r.reopened for r in records), n),
        "escalation_rate": (sum(r.escalated for r in records), n),
        "upheld_rate": (sum(r.upheld is True for r in records), sum(r.upheld is not None for r in records)),
        "per_10k_customers": (n, 50_000),
        "per_branch": (n, 4),
    }
    for name, (numerator, denominator) in expect.items():
        assert (kpis[name].numerator, kpis[name].denominator) == (numerator, denominator), name
    assert kpis["per_10k_customers"].value == Decimal(n) / 5
    for regime in {c.regime for r in records for c in r.clocks}:
        clocks = [c for r in records for c in r.clocks if c.regime == regime]
        k = kpis[f"timeliness:{regime}"]
        assert (k.numerator, k.denominator) == (sum(c.state == "met" for c in clocks),
                                                sum(c.state != "open" for c in clocks))
    for currency in {r.redress.currency for r in records if r.redress is not None}:
        paid = [r.redress.amount for r in records if r.redress is not None and r.redress.currency == currency]
        k = kpis[f"average_redress:{currency}"]
        assert (k.numerator, k.denominator, k.value) == (sum(paid), len(paid), sum(paid) / len(paid))
        assert k.as_json()["value"] == str((sum(paid) / len(paid)).quantize(Decimal("0.01")))
    causes = [r.root_cause for r in records if r.root_cause]
    for cause in set(causes):
        k = kpis[f"root_cause:{cause}"]
        assert (k.numerator, k.denominator) == (causes.count(cause), len(causes))


@given(record_lists)
def test_per_branch_kpis_add_up(records: list[ComplaintRecord]) -> None:
    """Per-branch numerators and denominators sum to the overall ones."""
    agg = aggregate(records, SPEC)
    definitions = [d for d in kpis_for(agg) if not d.name.startswith("root_cause:")]
    overall = evaluate(agg, definitions, host={"customers": 1, "branches": 1})
    by_branch = evaluate_by(agg, "branch", definitions)
    for d in definitions:
        if d.name.startswith("per_"):
            continue
        assert sum(b[d.name].numerator for b in by_branch.values()) == overall[d.name].numerator
        assert sum(b[d.name].denominator for b in by_branch.values()) == overall[d.name].denominator


def test_undefined_and_missing_host_counts() -> None:
    """A zero denominator gives no value; KPIs needing host counts are skipped without them."""
    kpis = evaluate(aggregate([], SPEC))
    assert kpis["satisfaction_rate"].value is None
    assert kpis["satisfaction_rate"].as_json() == {
        "numerator": 0, "denominator": 0, "value": None, "definition": STANDARD_KPIS[1].definition}
    assert "per_10k_customers" not in kpis
    with pytest.raises(InvalidOperationError, match="kpi_by"):
        evaluate_by(aggregate([], SPEC), "region", STANDARD_KPIS)
