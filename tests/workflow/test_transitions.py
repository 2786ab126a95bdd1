"""One test per transition of the standard flow: allowed roles pass; other roles are refused, changing nothing."""

from __future__ import annotations

import pytest

import bankcomplaints as bc
from bankcomplaints.workflow import engine
from bankcomplaints.workflow.definition import Transition
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW
from tests.workflow.helpers import ACTORS, ROLES, snapshot
from tests.workflow.reach import prepared

TRANSITIONS = STANDARD_WORKFLOW.transitions


@pytest.mark.parametrize("transition", TRANSITIONS, ids=[f"{t.trigger}:{t.source}>{t.target}:{t.cond or ''}"
                                                         for t in TRANSITIONS])
def test_allowed_roles_pass_and_other_roles_change_nothing(transition: Transition) -> None:
    allowed = STANDARD_WORKFLOW.policy.roles_for(transition.trigger)
    assert allowed, "every trigger has roles"
    for role in ROLES:
        complaint, inputs, now = prepared(transition)
        actor = ACTORS[role]
        if role in allowed:
            event = engine.advance(complaint, transition.trigger, actor=actor, now=now, **inputs)
            assert (event.source, event.target) == (transition.source, transition.target)
            assert complaint.status == transition.target
            assert event in complaint.pending_events
            if transition.outcome is not None:
                assert complaint.outcome is transition.outcome
                assert complaint.closed_at == now
        else:
            before = snapshot(complaint)
            with pytest.raises(bc.PermissionDeniedError) as refused:
                engine.advance(complaint, transition.trigger, actor=actor, now=now, **inputs)
            assert (refused.value.actor_id, refused.value.role, refused.value.trigger) == (
                actor.id, role, transition.trigger)
            assert snapshot(complaint) == before


def test_every_state_is_covered_and_every_trigger_has_a_test() -> None:
    sources = {t.source for t in TRANSITIONS}
    assert sources == set(STANDARD_WORKFLOW.states) - STANDARD_WORKFLOW.final
    assert {t.trigger for t in TRANSITIONS} == {trigger for trigger, _ in STANDARD_WORKFLOW.policy.roles}
