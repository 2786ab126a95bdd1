"""US-REG-E: Regulation E error resolution, 12 CFR 1005.11 (REGULATIONS.md §5.3, §8 item 12).

Investigate within 10 business days (20 for a new account); or provisionally credit the account within
that time and take up to 45 days (90 for point-of-sale debit-card, foreign-initiated or new-account
transfers). Report the results within 3 business days; correct an error within 1 business day [S].
"""

from __future__ import annotations

import datetime

from bankcomplaints.workflow.regimes.model import Counting, DeadlineRule, ExtensionRule, Parameter, Regime, Unit

__all__ = ["CODE", "us_reg_e"]

CODE = "US-REG-E"


def _provisional(name: str, days: int, description: str) -> ExtensionRule:
    return ExtensionRule(name=name, limit=days, unit=Unit.CALENDAR_DAYS, notices=("provisional_credit",),
                         source="12 CFR 1005.11(c)(2), (c)(3)(ii) [P]", description=description)


def us_reg_e(*, time_zone: str = "America/New_York", calendar: str = "US") -> Regime:
    """The Regulation E error-resolution regime.

    Args:
        time_zone: the institution's time zone.
        calendar: the business calendar (Federal Reserve holidays by default).

    Returns:
        The regime.
    """
    counting = Counting(time_zone=time_zone, calendar=calendar)
    extended = ("provisional credit given (and notified) within the initial period: up to 90 days for "
                "point-of-sale debit-card, foreign-initiated or new-account transfers")
    return Regime(
        code=CODE, family="US-REG-E", name="Regulation E (12 CFR 1005.11) error resolution", jurisdiction="US",
        effective_from=datetime.date(2011, 12, 30),
        rules=(
            DeadlineRule(clock="investigation", title="investigate and determine whether an error occurred",
                         limit=10, unit=Unit.BUSINESS_DAYS, counting=counting, starts="notice of error received",
                         start_field="received_at",
                         stops="determination made",
                         extensions=(_provisional("provisional_credit", 45, "provisional credit within 10 business "
                                                                            "days: up to 45 days"),
                                     _provisional("provisional_credit_extended", 90, extended)),
                         source="12 CFR 1005.11(c)(1)-(3) [P]"),
            DeadlineRule(clock="investigation_new_account", title="investigate an error on a new account",
                         limit=20, unit=Unit.BUSINESS_DAYS, counting=counting, starts="notice of error received",
                         start_field="received_at",
                         stops="determination made",
                         extensions=(_provisional("provisional_credit", 90, "provisional credit within 20 business "
                                                                            "days: up to 90 days"),),
                         source="12 CFR 1005.11(c)(3)(i)-(ii) [P]"),
            DeadlineRule(clock="report_results", title="report the results to the consumer", limit=3,
                         unit=Unit.BUSINESS_DAYS, counting=counting, starts="investigation completed",
                         stops="results reported", source="12 CFR 1005.11(d) [P]"),
            DeadlineRule(clock="correct_error", title="correct the error", limit=1, unit=Unit.BUSINESS_DAYS,
                         counting=counting, starts="error determined", stops="error corrected",
                         source="12 CFR 1005.11(c) [S]"),
        ),
        parameters=(
            Parameter(name="correct_error_days", value="1", status="S", note="1 business day after the determination"),
            Parameter(name="effective_from", value="2011-12-30", status="U",
                      note="CFPB's recodification of Regulation E; orders regime versions only"),
        ),
        sources=("https://frrsdigital.com/topic-by-locator/6-5329", "REGULATIONS.md §5.3"))
