"""CN-PBOC-2020: 《中国人民银行金融消费者权益保护实施办法》, PBoC Order 2020 No. 5.

The complaint articles could not be retrieved (REGULATIONS.md §2.1): the effective date, the 15-day
answer to PBoC-forwarded complaints and the 60-day total are unconfirmed [U] and are arguments here,
recorded on the regime as parameters. Check them against the official text before relying on them.
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

__all__ = ["CODE", "cn_pboc_2020"]

CODE = "CN-PBOC-2020"


def cn_pboc_2020(*, response_days: int = 15, total_days: int = 60,
                 effective_from: datetime.date = datetime.date(2020, 11, 1), time_zone: str = "Asia/Shanghai",
                 calendar: str = "CN") -> Regime:
    """The PBoC 2020 regime for complaints a PBoC branch forwards, with its unconfirmed facts as arguments.

    Args:
        response_days: days to answer a PBoC-forwarded complaint [U] (believed 15).
        total_days: the most an extension may reach [U] (believed 60).
        effective_from: when the order took effect [S] (one catalogue gives 2020-11-01).
        time_zone: the institution's time zone.
        calendar: the business calendar (for roll-forward if a bank enables it).

    Returns:
        The regime.
    """
    counting = Counting(time_zone=time_zone, calendar=calendar)
    response = DeadlineRule(
        clock="forwarded_complaint_response", title="answer a complaint forwarded by the PBoC",
        limit=response_days, unit=Unit.CALENDAR_DAYS, counting=counting,
        starts="forwarded complaint received", start_field="received_at", stops="answer given to the complainant",
        extensions=(ExtensionRule(
            name="complex", limit=total_days, source="[U]",
            approvals=(ApprovalRule(key="complaint_head_approval", approver_roles=("complaint_handling_head",),
                                    description="approval of the person in charge of complaint handling [U]"),),
            notices=("complainant",),
            description="complex case, with the reasons told to the complainant [U]"),),
        source="PBoC Order 2020 No. 5 [U]")
    return Regime(
        code=CODE, family="CN-PBOC", name="中国人民银行金融消费者权益保护实施办法 (PBoC Order 2020 No. 5)",
        jurisdiction="CN", effective_from=effective_from, rules=(response,),
        parameters=(
            Parameter(name="response_days", value=str(response_days), status="U",
                      note="answer PBoC-forwarded complaints within 15 days (belief; REGULATIONS.md §2.1)"),
            Parameter(name="total_days", value=str(total_days), status="U", note="total no more than 60 days"),
            Parameter(name="effective_from", value=effective_from.isoformat(), status="S",
                      note="issued 2020-09-15/18; effective 2020-11-01 per one catalogue"),
        ),
        sources=("pbc.gov.cn Order [2020] No. 5 (not retrieved)", "REGULATIONS.md §2.1"),
        notes="Since the 2023 reallocation the PBoC route matters mainly to payment and credit-reporting firms.")
