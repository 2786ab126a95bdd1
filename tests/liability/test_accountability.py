"""Accountability measures: decided by a manager, against a party that bears a share."""

from __future__ import annotations

from decimal import Decimal

import pytest

import bankcomplaints as bc
from bankcomplaints import liability as lb
from tests.liability.helpers import HANDLER, MANAGER, at, determined, refused


def _measure(c: bc.Complaint, **changes: object) -> lb.AccountabilityMeasure:
    fields: dict[str, object] = {"actor": MANAGER, "now": at(8), "id": "A1", "kind": "training",
                                 "target_kind": "staff", "target_ref": "S-031", "reason": "procedure"}
    return lb.decide_measure(c, **(fields | changes))  # type: ignore[arg-type]


def test_records_who_decided_and_when() -> None:
    """A measure against the liable teller keeps the deciding manager and the time."""
    c = determined()
    measure = _measure(c, kind="performance_deduction", points="2", id="A2")
    assert c.accountability == (measure,)
    assert (measure.decided_by, measure.decided_at, measure.points) == ("M-002", at(8), Decimal(2))
    assert isinstance(c.pending_events[-1], lb.AccountabilityMeasureDecided)


@pytest.mark.parametrize(("changes", "rule"), [
    ({"target_ref": "S-099"}, "measure.target_not_liable"),
    ({"kind": "partner_penalty", "penalty": bc.Money("500", "CNY")}, "measure.wrong_target"),
    ({"target_kind": "business_system", "target_ref": "ATM-0421"}, "measure.wrong_target"),
])
def test_target_rules(changes: dict[str, object], rule: str) -> None:
    """Measures go only to liable parties of a suitable kind."""
    refused(determined(), bc.LiabilityError, _measure, rule=rule, **changes)


def test_needs_approved_liability() -> None:
    """No measure before the determination is approved."""
    refused(determined(approve=False), bc.LiabilityError, _measure, rule="measure.liability_not_approved")


@pytest.mark.parametrize("changes", [
    {"kind": "performance_deduction"},
    {"kind": "performance_deduction", "points": 0},
    {"points": 3},
    {"penalty": bc.Money("1", "CNY")},
    {"kind": "reprimand"},
    {"reason": " "},
])
def test_bad_input_refused(changes: dict[str, object]) -> None:
    """Points only on deductions, penalties only on partners, known kinds, a reason."""
    refused(determined(), bc.InvalidOperationError, _measure, **changes)


def test_only_managers_decide() -> None:
    """A handler may not decide a measure."""
    refused(determined(), bc.PermissionDeniedError, _measure, actor=HANDLER)
