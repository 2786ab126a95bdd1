"""Decision notice (Art. 19 contents, Art. 21 delivery) and other notices."""

from __future__ import annotations

from typing import Any

import pytest

import bankcomplaints as bc
from bankcomplaints import liability as lb
from tests.liability.helpers import CHECKER, HANDLER, at, determined, notice, refused, resolved


def _ready() -> bc.Complaint:
    """A determined complaint with approved redress R1 and a non-monetary R2."""
    c = determined()
    lb.record_redress(c, actor=HANDLER, now=at(30), id="R1", type="compensation", amount=bc.Money("2000", "CNY"),
                      description="credit")
    lb.record_redress(c, actor=HANDLER, now=at(30), id="R2", type="non_monetary", amount=None, description="card")
    lb.approve_redress(c, actor=CHECKER, now=at(31), entry_id="R1")
    return c


def test_issue_records_the_contract_fields() -> None:
    """The notice keeps findings, basis, reasons, outcome, redress, routes and delivery; status is untouched."""
    c = _ready()
    issued = lb.issue_decision_notice(c, notice(findings=("F1", "F2", "F1")), actor=HANDLER, now=at(36))
    assert c.decision_notice == issued and issued.findings == ("F1", "F2")
    assert issued.appeal_routes == ("review", "mediation", "arbitration", "litigation")
    assert (issued.outcome, issued.redress, issued.channel, issued.proof) == ("upheld", ("R1", "R2"), "sms", "SMS-2")
    assert isinstance(c.pending_events[-1], lb.DecisionNoticeIssued) and c.status == "received"


@pytest.mark.parametrize(("changes", "rule"), [
    ({"findings": ()}, "notice.no_findings"),
    ({"findings": ("F7",)}, "notice.unknown_finding"),
    ({"appeal_routes": ("review", "mediation", "litigation")}, "notice.appeal_routes_missing"),
    ({"redress": ("R9",)}, "notice.unknown_redress"),
    ({"channel": None}, "notice.no_channel"),
    ({"delivered_at": None}, "notice.no_time"),
    ({"proof": " "}, "notice.no_proof"),
    ({"channel": "agreed"}, "notice.agreed_method_missing"),
    ({"unreachable": True, "channel": None, "proof": ""}, "notice.unreachable_without_reason"),
])
def test_notice_rules(changes: dict[str, Any], rule: str) -> None:
    """Each Art. 19 / Art. 21 rule refuses with its name and changes nothing."""
    refused(_ready(), bc.LiabilityError, lb.issue_decision_notice, notice(**changes), rule=rule, actor=HANDLER,
            now=at(36))


@pytest.mark.parametrize("changes", [{"outcome": "won"}, {"channel": "fax"}, {"delivered_at": at(99)},
                                     {"basis": ""}, {"appeal_routes": ("review", "appeal")}])
def test_bad_values_refused(changes: dict[str, Any]) -> None:
    """Unknown slugs, a future delivery and a blank basis are refused."""
    refused(_ready(), bc.InvalidOperationError, lb.issue_decision_notice, notice(**changes), actor=HANDLER,
            now=at(36))


def test_unapproved_liability_or_redress_refused() -> None:
    """A notice cannot announce an unapproved determination, nor redress awaiting its checker."""
    refused(determined(approve=False), bc.LiabilityError, lb.issue_decision_notice, notice(redress=()),
            rule="notice.liability_not_approved", actor=HANDLER, now=at(36))
    c = determined()
    lb.record_redress(c, actor=HANDLER, now=at(30), id="R1", type="compensation", amount=bc.Money("2000", "CNY"),
                      description="credit")
    refused(c, bc.LiabilityError, lb.issue_decision_notice, notice(redress=("R1",)),
            rule="notice.redress_not_approved", actor=HANDLER, now=at(36))


def test_unreachable_exemption_and_head_office_routes() -> None:
    """An unreachable complainant exempts delivery proof; a head-office decision may omit review."""
    c = _ready()
    issued = lb.issue_decision_notice(
        c, notice(unreachable=True, channel=None, proof="", delivered_at=None, unreachable_reason="3 calls, 1 letter",
                  appeal_routes=("mediation", "arbitration", "litigation")),
        actor=HANDLER, now=at(36), required_routes=("mediation", "arbitration", "litigation"))
    assert issued.unreachable and issued.channel is None


def test_other_notices() -> None:
    """Other notices accumulate; ids are unique; kinds are known."""
    c = determined()
    sent = lb.send_notice(c, lb.Notice(id="N1", kind="extension", summary="extended to 30 days", channel="phone",
                                       delivered_at=at(6), proof="CALL-7", reference="cn.handling_decision"),
                          actor=HANDLER, now=at(6))
    assert c.notices == (sent,)
    refused(c, bc.LiabilityError, lb.send_notice, lb.Notice(id="N1", kind="other", summary="s", channel="sms",
                                                           delivered_at=at(6), proof="p"),
            rule="notice.duplicate_id", actor=HANDLER, now=at(7))
    refused(c, bc.InvalidOperationError, lb.send_notice, lb.Notice(id="N2", kind="apology", summary="s",
                                                                  channel="sms", delivered_at=at(6), proof="p"),
            actor=HANDLER, now=at(7))


def test_resolved_case_has_a_notice() -> None:
    """The full case ends with the notice and a satisfied customer."""
    c = resolved()
    assert c.decision_notice is not None and c.feedback[-1].satisfaction == "satisfied"
