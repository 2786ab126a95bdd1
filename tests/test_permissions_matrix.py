"""Every trigger x role of the default permission policy, checked cell by cell against ``docs/permissions.md``.

The table in the docs is the reviewed specification: a test checks that it is exactly what the policy of
:data:`~bankcomplaints.workflow.standard.STANDARD_WORKFLOW` renders, and every cell is then exercised through
:func:`~bankcomplaints.workflow.engine.advance`, from every state the trigger leaves:

* an allowed role passes the permission check (it may still meet a guard, which is a different refusal);
* a denied role is refused with :class:`~bankcomplaints.errors.PermissionDeniedError`, the complaint, its
  pending events and its version are exactly as before, and a host listener receives a
  :class:`~bankcomplaints.workflow.roles.DeniedAttempt` it can store as a security event.

Regenerate the table after a deliberate policy change with ``.venv/bin/python tests/test_permissions_matrix.py``.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest

import bankcomplaints as bc
import bankcomplaints.liability as lb
from bankcomplaints.workflow.engine import advance, allowed_triggers
from bankcomplaints.workflow.roles import DeniedAttempt, PermissionPolicy
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"
BEGIN, END = "<!-- permissions table: begin (generated) -->", "<!-- permissions table: end -->"
NOW = pendulum.datetime(2026, 10, 12, 9, tz="Asia/Shanghai")
OUTSIDER = "customer"  # a role no tier knows: refused everywhere


def render_table(policy: PermissionPolicy, triggers: tuple[str, ...]) -> str:
    """The Markdown table: one row per trigger, one column per tier, ✓ where the role may fire it."""
    tiers = [tier.name for tier in policy.tiers]
    lines = ["| trigger | " + " | ".join(tiers) + " |", "|---|" + "---|" * len(tiers)]
    for trigger in sorted(triggers):
        allowed = policy.roles_for(trigger)
        lines.append(f"| `{trigger}` | " + " | ".join("✓" if role in allowed else "·" for role in tiers) + " |")
    extra = [f"- four eyes on `{rule.trigger}`: whoever is recorded at `{rule.recorded_by}` may not fire it "
             f"when `{rule.amount_input}` is above {rule.threshold}" for rule in policy.four_eyes]
    extra += [f"- training required for `{trigger}`: the `handler` input needs a current training record"
              for trigger in sorted(policy.training_required)]
    return "\n".join([*lines, "", *(extra or ["- no four-eyes or training rules"])])


def _documented() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()


def _documented_cells() -> dict[tuple[str, str], bool]:
    rows = [line for line in _documented().splitlines() if line.startswith("| `")]
    header = next((line for line in _documented().splitlines() if line.startswith("| trigger")), "| trigger |")
    roles = [cell.strip() for cell in header.strip("|").split("|")[1:]]
    cells = {}
    for row in rows:
        parts = [cell.strip() for cell in row.strip("|").split("|")]
        trigger = parts[0].strip("`")
        for role, mark in zip(roles, parts[1:], strict=True):
            cells[trigger, role] = mark == "✓"
    return cells


CELLS = _documented_cells()
SOURCES: dict[str, list[str]] = {}
for _transition in STANDARD_WORKFLOW.transitions:
    SOURCES.setdefault(_transition.trigger, [])
    if _transition.source not in SOURCES[_transition.trigger]:
        SOURCES[_transition.trigger].append(_transition.source)


class SecurityLog:
    """What a host plugs in to record refused attempts as security events."""

    def __init__(self) -> None:
        self.attempts: list[DeniedAttempt] = []

    def permission_denied(self, attempt: DeniedAttempt) -> None:
        self.attempts.append(attempt)


def _complaint_in(status: str) -> bc.Complaint:
    clerk = bc.Actor(id="S-001", role="front_line")
    customer = bc.CustomerRef(id="K-1", name="王芳")
    return bc.Complaint.receive(id="C-1", actor=clerk, now=NOW.subtract(days=1), complainant=customer,
                                narrative="ATM吞卡", initial_status=status, salt="s")


def _state(complaint: bc.Complaint) -> tuple[Any, ...]:
    return bc.unstructure(complaint), complaint.pending_events, complaint.version


def test_the_documented_table_is_what_the_default_policy_says() -> None:
    expected = render_table(STANDARD_WORKFLOW.policy, STANDARD_WORKFLOW.triggers)
    assert _documented() == expected, "regenerate docs/permissions.md: python tests/test_permissions_matrix.py"


def test_the_table_covers_every_trigger_and_every_tier() -> None:
    tiers = {tier.name for tier in STANDARD_WORKFLOW.policy.tiers}
    assert {trigger for trigger, _ in CELLS} == set(STANDARD_WORKFLOW.triggers)
    assert {role for _, role in CELLS} == tiers
    assert len(CELLS) == len(STANDARD_WORKFLOW.triggers) * len(tiers)
    assert not any(allowed for (_, role), allowed in CELLS.items() if role == "auditor")  # read only


@pytest.mark.parametrize(("trigger", "role"), sorted(CELLS) + [(t, OUTSIDER) for t in sorted(SOURCES)])
def test_every_cell_from_every_source_state(trigger: str, role: str) -> None:
    allowed = CELLS.get((trigger, role), False)
    actor = bc.Actor(id=f"{role}-7", role=role)
    for source in SOURCES[trigger]:
        complaint = _complaint_in(source)
        before = _state(complaint)
        log = SecurityLog()
        assert (trigger in allowed_triggers(complaint, actor)) is allowed
        try:
            advance(complaint, trigger, actor=actor, now=NOW, listeners=[log])
        except bc.PermissionDeniedError as refused:
            assert not allowed, f"{role} may fire {trigger} from {source}, but was refused: {refused}"
            assert (refused.actor_id, refused.role, refused.trigger) == (actor.id, role, trigger)
            assert _state(complaint) == before  # refusal changes nothing
            assert log.attempts == [DeniedAttempt(complaint_id="C-1", trigger=trigger, actor=actor, at=NOW,
                                                  reason=str(refused))]
        except bc.ComplaintError:  # past the permission check, stopped by a guard or a missing input
            assert allowed, f"{role} got past the permission check for {trigger} from {source}"
            assert log.attempts == []
        else:
            assert allowed, f"{role} fired {trigger} from {source}"
            assert log.attempts == []


def test_denied_attempts_are_values_a_host_can_store_and_read_back() -> None:
    complaint, log = _complaint_in("registered"), SecurityLog()
    teller = bc.Actor(id="S-9", role="front_line", branch="SH01")
    with pytest.raises(bc.PermissionDeniedError):
        advance(complaint, "decline", actor=teller, now=NOW, listeners=[log], reason="not the customer")
    stored = bc.to_json(log.attempts[0])
    assert re.search(r'"trigger":\s*"decline"', stored) and '"S-9"' in stored
    assert bc.from_json(stored, DeniedAttempt) == log.attempts[0]


def _determined_by(handler: bc.Actor) -> bc.Complaint:
    complaint = _complaint_in("liability_determined")
    staff = bc.StaffRef(id=handler.id, role=handler.role)
    lb.collect_evidence(complaint, actor=handler, now=NOW, id="E1", kind="system_log", source="ATM journal",
                        description="deposit not posted", collected_by=staff, sha256="0" * 64)
    lb.record_finding(complaint, actor=handler, now=NOW, id="F1", statement="the deposit module jammed",
                      established=True, evidence_ids=["E1"])
    lb.determine_liability(complaint, actor=handler, now=NOW, root_cause="system", reasons="machine fault",
                           parties=(lb.ResponsibleParty(kind="business_system", ref="ATM-1", share=Decimal(100),
                                                        finding_ids=("F1",)),))
    return complaint


def test_four_eyes_refuses_whoever_determined_liability_above_the_threshold_only() -> None:
    rule = STANDARD_WORKFLOW.policy.four_eyes[0]
    maker, checker = bc.Actor(id="S-17", role="specialist"), bc.Actor(id="S-18", role="specialist")
    above = bc.Money(rule.threshold.amount + 1, rule.threshold.currency)
    complaint, log = _determined_by(maker), SecurityLog()
    before = _state(complaint)
    with pytest.raises(bc.PermissionDeniedError, match="four eyes"):
        advance(complaint, rule.trigger, actor=maker, now=NOW.add(hours=1), listeners=[log], redress=above)
    assert _state(complaint) == before and [a.actor for a in log.attempts] == [maker]
    for actor, amount in ((checker, above), (maker, rule.threshold)):
        attempt = _determined_by(maker)
        try:
            advance(attempt, rule.trigger, actor=actor, now=NOW.add(hours=1), redress=amount)
        except bc.PermissionDeniedError:
            pytest.fail(f"{actor.id} with {amount} is not a four-eyes conflict")
        except bc.ComplaintError:
            pass  # past the permission check


def _write() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = render_table(STANDARD_WORKFLOW.policy, STANDARD_WORKFLOW.triggers)
    DOC.write_text(text[: text.index(BEGIN) + len(BEGIN)] + "\n" + table + "\n" + text[text.index(END):],
                   encoding="utf-8")


if __name__ == "__main__":
    _write()
    sys.exit(0)
