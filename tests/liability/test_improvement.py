"""Improvement actions: a root cause across cases becomes an action linked to its complaints."""

from __future__ import annotations

import attrs
import pytest

import bankcomplaints as bc
from bankcomplaints import liability as lb
from tests.liability.helpers import HANDLER, MANAGER, SPLIT, TELLER_REF, at, determined, investigated


def _with_cause(cid: str, cause: str, approve: bool = True) -> bc.Complaint:
    c = investigated(cid)
    lb.determine_liability(c, actor=HANDLER, now=at(4), parties=SPLIT, root_cause=cause, reasons="r")
    if approve:
        lb.approve_liability(c, actor=MANAGER, now=at(5))
    return c


def test_recurring_root_causes() -> None:
    """Causes in at least min_cases approved determinations come back, most frequent first."""
    cases = [_with_cause("C1", "system"), _with_cause("C2", "system"), _with_cause("C3", "process"),
             _with_cause("C4", "system", approve=False), _with_cause("C5", "process"), _with_cause("C6", "system")]
    found = lb.recurring_root_causes(cases, min_cases=2)
    assert [(r.root_cause, r.complaint_ids) for r in found] == [("system", ("C1", "C2", "C6")),
                                                                ("process", ("C3", "C5"))]
    assert [r.count for r in lb.recurring_root_causes(cases, min_cases=2, approved_only=False)] == [4, 2]
    assert lb.recurring_root_causes(cases, min_cases=4) == ()
    with pytest.raises(bc.InvalidOperationError):
        lb.recurring_root_causes(cases, min_cases=0)


def test_action_lifecycle() -> None:
    """Open, link more complaints, progress, close; closed actions refuse changes."""
    action = lb.open_improvement_action(actor=MANAGER, now=at(50), id="IMP-1", root_cause="system",
                                        title="replace deposit modules", owner=TELLER_REF,
                                        due=at(50).date().add(days=30), complaint_ids=["C1", "C2"])
    assert (action.status, action.complaint_ids, action.opened_by) == ("open", ("C1", "C2"), "M-002")
    linked = lb.link_complaints(action, ["C2", "C6"], actor=MANAGER, now=at(51), note="same fault")
    assert linked.complaint_ids == ("C1", "C2", "C6") and linked.history[-1].linked == ("C6",)
    assert action.complaint_ids == ("C1", "C2")  # the value itself never changes
    done = lb.update_improvement_action(linked, actor=MANAGER, now=at(60), status="done", note="all replaced")
    assert done.status == "done" and [h.status for h in done.history] == ["open", "open", "done"]
    assert not done.overdue(done.due.add(days=1)) and linked.overdue(linked.due.add(days=1))
    with pytest.raises(bc.LiabilityError) as info:
        lb.update_improvement_action(done, actor=MANAGER, now=at(61), status="open", note="again")
    assert info.value.rule == "improvement.closed"


@pytest.mark.parametrize(("changes", "error"), [
    ({"complaint_ids": []}, bc.LiabilityError),
    ({"root_cause": "weather"}, bc.InvalidOperationError),
    ({"due": at(0).date()}, bc.InvalidOperationError),
    ({"title": ""}, bc.InvalidOperationError),
])
def test_open_refusals(changes: dict[str, object], error: type[Exception]) -> None:
    """An action needs complaints, a known root cause, a future due date and a title."""
    fields: dict[str, object] = {"actor": MANAGER, "now": at(50), "id": "IMP-1", "root_cause": "system",
                                 "title": "t", "owner": TELLER_REF, "due": at(50).date(), "complaint_ids": ["C1"]}
    with pytest.raises(error):
        lb.open_improvement_action(**(fields | changes))  # type: ignore[arg-type]


def test_action_round_trips() -> None:
    """An improvement action survives the JSON converter unchanged."""
    action = lb.open_improvement_action(actor=MANAGER, now=at(50), id="IMP-1", root_cause="system", title="t",
                                        owner=TELLER_REF, due=at(50).date(), complaint_ids=["C1"])
    action = lb.link_complaints(action, ["C2"], actor=MANAGER, now=at(51))
    assert bc.structure(bc.unstructure(action), lb.ImprovementAction) == action
    assert attrs.has(lb.RecurringRootCause) and determined().liability is not None
