"""US-REG-Z: Regulation Z billing-error resolution, 12 CFR 1026.13 (REGULATIONS.md §5.4, §8 item 13).

Acknowledge in writing within 30 days of receiving the notice (unless resolved within them); resolve
within two complete billing cycles, and in no event later than 90 days. The cycle open on the day of
receipt is not complete; the clock needs the account's billing-cycle closing day.
"""

from __future__ import annotations

import datetime

from bankcomplaints.workflow.regimes.model import Counting, DeadlineRule, Parameter, Regime, Unit

__all__ = ["CODE", "us_reg_z"]

CODE = "US-REG-Z"


def us_reg_z(*, time_zone: str = "America/New_York", calendar: str = "US") -> Regime:
    """The Regulation Z billing-error regime.

    Args:
        time_zone: the creditor's time zone.
        calendar: the business calendar (used only if a bank turns on roll-forward).

    Returns:
        The regime.
    """
    counting = Counting(time_zone=time_zone, calendar=calendar)
    return Regime(
        code=CODE, family="US-REG-Z", name="Regulation Z (12 CFR 1026.13) billing-error resolution",
        jurisdiction="US", effective_from=datetime.date(2011, 12, 30),
        rules=(
            DeadlineRule(clock="acknowledgment", title="acknowledge the billing-error notice in writing", limit=30,
                         unit=Unit.CALENDAR_DAYS, counting=counting, starts="billing-error notice received",
                         start_field="received_at",
                         stops="acknowledgment sent, or the error resolved", source="12 CFR 1026.13(c)(1) [P]"),
            DeadlineRule(clock="resolution", title="resolve the billing error", limit=2, unit=Unit.BILLING_CYCLES,
                         cap_days=90, counting=counting, starts="billing-error notice received",
                         start_field="received_at",
                         stops="error corrected, or explanation sent", source="12 CFR 1026.13(c)(2) [P]"),
        ),
        parameters=(
            Parameter(name="effective_from", value="2011-12-30", status="U",
                      note="CFPB's recodification of Regulation Z; orders regime versions only"),
        ),
        sources=("https://www.consumerfinance.gov/rules-policy/regulations/1026/2018-06-01/13/", "REGULATIONS.md §5.4"))
