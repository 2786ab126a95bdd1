"""CN-CBIRC-2020: 《银行业保险业消费投诉处理管理办法》, CBIRC Order 2020 No. 3, in force from 2020-03-01.

REGULATIONS.md §1.2 and §8 items 1-6. Every "日" is a calendar day (Art. 43) except the 7 working days
of Art. 33. The day of receipt is not counted (Civil Code Art. 201). Whether the Civil Code Art. 203
holiday roll-forward applies is unconfirmed [U]: a parameter, off by default so the bank meets the
earlier date. The last day ends at 24:00 unless the bank chooses its close of business.
"""

from __future__ import annotations

import datetime

from bankcomplaints.workflow.regimes.model import (
    ApprovalRule,
    Counting,
    DeadlineRule,
    ExtensionRule,
    Parameter,
    Regime,
    Unit,
)

__all__ = ["CODE", "cn_cbirc_2020"]

CODE = "CN-CBIRC-2020"

#: Approvers of the second extension (Art. 18 ¶1): the superior institution or a head-office senior manager.
SUPERIOR_APPROVAL = ApprovalRule(
    key="superior_approval", approver_roles=("superior_institution", "head_office_senior_manager"),
    description="上级机构或总行高级管理人员审批 (Art. 18 ¶1)")


def cn_cbirc_2020(*, roll_forward: bool = False, cutoff: str = "24:00", time_zone: str = "Asia/Shanghai",
                  calendar: str = "CN") -> Regime:
    """The CBIRC 2020 regime, with its unconfirmed conventions as arguments.

    Args:
        roll_forward: apply Civil Code Art. 203 (a last day on a holiday moves to the next working day) [U].
        cutoff: when the last day ends: ``"24:00"`` (Civil Code Art. 203) or the close of business ``"HH:MM"``.
        time_zone: the institution's time zone.
        calendar: the business calendar for the 7 working days of Art. 33 (and roll-forward).

    Returns:
        The regime.
    """
    days = Counting(roll_forward=roll_forward, cutoff=cutoff, time_zone=time_zone, calendar=calendar)
    handling = DeadlineRule(
        clock="handling_decision", title="handling decision (处理决定) on a complaint", limit=15,
        unit=Unit.CALENDAR_DAYS, counting=days, starts="complaint received (自收到消费投诉之日起)",
        start_field="received_at",
        stops="decision notified to the complainant, or withdrawal received (Art. 15)",
        pause_reasons=("external_appraisal", "mediation"),
        extensions=(
            ExtensionRule(name="complex", limit=30, source="Art. 18 ¶1 [P]",
                          description="complex case: extended to 30 days; the text requires no approval or notice"),
            ExtensionRule(name="especially_complex", limit=60, requires=("complex",),
                          approvals=(SUPERIOR_APPROVAL,), notices=("complainant",), source="Art. 18 ¶1 [P]",
                          description="especially complex case or other special reason: 30 more days, with the "
                                      "approval and a notice to the complainant"),
        ),
        restart_on_new_facts=True, source="Art. 18 ¶1-3, Art. 23, Art. 43 [P]")
    review_window = DeadlineRule(
        clock="review_request_window", title="complainant may request a review (核查) of a branch's decision",
        limit=30, unit=Unit.CALENDAR_DAYS, counting=days, starts="complainant receives the decision",
        stops="review request received", source="Art. 20 [P]")
    review = DeadlineRule(
        clock="review_decision", title="superior institution decides the review", limit=30,
        unit=Unit.CALENDAR_DAYS, counting=days, starts="review request received", stops="review decision notified",
        source="Art. 20 [P]")
    forwarding = DeadlineRule(
        clock="regulator_forwarding", title="regulator forwards a complaint it received (7个工作日)", limit=7,
        unit=Unit.BUSINESS_DAYS, counting=days, starts="received by the regulator's office", start_field="forwarded_at",
        stops="forwarded to the institution", source="Art. 33 [P]")
    return Regime(
        code=CODE, family="CN-CBIRC", name="银行业保险业消费投诉处理管理办法 (CBIRC Order 2020 No. 3)",
        jurisdiction="CN", effective_from=datetime.date(2020, 3, 1),
        rules=(handling, review_window, review, forwarding),
        parameters=(
            Parameter(name="roll_forward", value=str(roll_forward).lower(), status="U",
                      note="Civil Code Art. 203 roll-forward for Art. 18 deadlines is unconfirmed; off is cautious"),
            Parameter(name="cutoff", value=cutoff, status="P",
                      note="Civil Code Art. 203: 24:00, or when business stops where there are business hours"),
            Parameter(name="in_force", value="true", status="U",
                      note="no replacement found to 2026; NFRA is revising the measures (REGULATIONS.md §1.12)"),
        ),
        sources=("http://www.gov.cn/gongbao/content/2020/content_5512564.htm", "REGULATIONS.md §1.2, §8"),
        notes="Withdrawal ends the procedure on the day the withdrawal is received (Art. 15): stop the clock "
              "with reason 'withdrawn'. A repeat complaint with new facts restarts the handling clock on receipt "
              "of the new material (Art. 18 ¶3).")
