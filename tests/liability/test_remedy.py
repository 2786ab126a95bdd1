"""The resolution plan: actions with owners and due dates, progress, and the effect check."""

from __future__ import annotations

import pytest

import bankcomplaints as bc
from bankcomplaints import liability as lb
from tests.liability.helpers import HANDLER, MANAGER, TELLER_REF, at, determined, refused


def _planned() -> bc.Complaint:
    c = determined()
    lb.plan_resolution(c, actor=HANDLER, now=at(6), summary="fix the module")
    lb.add_plan_action(c, actor=HANDLER, now=at(6), id="P1", description="replace module", owner=TELLER_REF,
                       due=at(6).date().add(days=2))
    return c


def test_plan_progress_and_effect() -> None:
    """An action moves to done with notes; the effect check is recorded with who and when."""
    c = _planned()
    lb.record_action_progress(c, actor=HANDLER, now=at(7), action_id="P1", status="in_progress", note="ordered")
    action = lb.record_action_progress(c, actor=HANDLER, now=at(20), action_id="P1", status="done", note="fitted")
    assert [step.status for step in action.progress] == ["in_progress", "done"]
    assert not action.overdue(at(200).date())
    check = lb.check_resolution_effect(c, actor=MANAGER, now=at(30), effective=True, notes="tested")
    assert c.resolution_plan is not None and c.resolution_plan.effective is True
    assert (check.checked_by, check.checked_at) == ("M-002", at(30))


def test_overdue_action() -> None:
    """An open action past its due date is overdue."""
    action = _planned().resolution_plan.actions[0]  # type: ignore[union-attr]
    assert action.overdue(action.due.add(days=1)) and not action.overdue(action.due)


def test_revising_the_summary_keeps_actions() -> None:
    """A second plan_resolution revises the summary and keeps the actions."""
    c = _planned()
    plan = lb.plan_resolution(c, actor=HANDLER, now=at(7), summary="fix the module and retrain")
    assert plan.summary == "fix the module and retrain" and [a.id for a in plan.actions] == ["P1"]


@pytest.mark.parametrize(("op", "kwargs", "rule"), [
    (lb.check_resolution_effect, {"effective": True, "notes": "n"}, "resolution.actions_open"),
    (lb.record_action_progress, {"action_id": "P9", "status": "done", "note": "n"}, "resolution.unknown_action"),
    (lb.add_plan_action, {"id": "P1", "description": "d", "owner": TELLER_REF, "due": at(9).date()},
     "resolution.duplicate_action"),
])
def test_plan_rules(op: object, kwargs: dict[str, object], rule: str) -> None:
    """Open actions block the effect check; unknown and duplicate actions are refused."""
    refused(_planned(), bc.LiabilityError, op, rule=rule, actor=HANDLER, now=at(8), **kwargs)  # type: ignore[arg-type]


def test_closed_action_takes_no_progress() -> None:
    """A done action cannot move again."""
    c = _planned()
    lb.record_action_progress(c, actor=HANDLER, now=at(7), action_id="P1", status="cancelled", note="not needed")
    refused(c, bc.LiabilityError, lb.record_action_progress, rule="resolution.action_closed", actor=HANDLER,
            now=at(8), action_id="P1", status="open", note="again")


def test_no_plan_and_past_due() -> None:
    """Actions need a plan, and a due date not already past."""
    refused(determined(), bc.LiabilityError, lb.add_plan_action, rule="resolution.no_plan", actor=HANDLER,
            now=at(6), id="P1", description="d", owner=TELLER_REF, due=at(6).date())
    refused(_planned(), bc.InvalidOperationError, lb.add_plan_action, actor=HANDLER, now=at(40), id="P2",
            description="d", owner=TELLER_REF, due=at(0).date())
