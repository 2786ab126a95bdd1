"""UK-FCA-DISP: FCA Handbook DISP 1 time limits (REGULATIONS.md §4.1, §8 items 8-10).

Counting starts the day after receipt whenever receipt happens (DISP 1.5.1R; the old DISP 1.5.3G is
deleted). Business days follow the bank holidays of the firm's part of the UK [U]: ``GB-ENG`` by default.
"""

from __future__ import annotations

import datetime

from bankcomplaints.workflow.regimes.model import Counting, DeadlineRule, ExtensionRule, Parameter, Regime, Unit

__all__ = ["CODE", "uk_fca_disp"]

CODE = "UK-FCA-DISP"


def uk_fca_disp(*, calendar: str = "GB-ENG", close_of_business: str = "17:00",
                time_zone: str = "Europe/London") -> Regime:
    """The DISP 1 regime.

    Args:
        calendar: ``"GB-ENG"``, ``"GB-SCT"`` or ``"GB-NIR"``, the firm's bank holidays [U].
        close_of_business: when the 3rd business day ends for summary resolution [U].
        time_zone: the firm's time zone.

    Returns:
        The regime.
    """
    end_of_day = Counting(time_zone=time_zone, calendar=calendar)
    close = Counting(time_zone=time_zone, calendar=calendar, cutoff=close_of_business)
    summary = DeadlineRule(
        clock="summary_resolution", title="resolve by close of business on the 3rd business day after receipt "
                                          "(summary resolution communication)",
        limit=3, unit=Unit.BUSINESS_DAYS, counting=close, starts="complaint received", start_field="received_at",
        stops="complainant accepts the response", source="DISP 1.5.1R [P]")
    final = DeadlineRule(
        clock="final_response", title="final response, or a written response explaining the delay",
        limit=8, unit=Unit.WEEKS, counting=end_of_day, starts="complaint received", start_field="received_at",
        stops="final or written response sent", source="DISP 1.6.2R [P]")
    payment = DeadlineRule(
        clock="payment_services_final_response", title="final response to a payment-services or e-money complaint",
        limit=15, unit=Unit.BUSINESS_DAYS, counting=end_of_day, starts="complaint received", start_field="received_at",
        stops="final response sent",
        extensions=(ExtensionRule(
            name="exceptional_circumstances", limit=35, notices=("holding_response",),
            source="DISP 1.6.2AR(2) [P]",
            description="a holding response within 15 business days giving the reasons and the deadline"),),
        source="DISP 1.6.2AR [P]")
    return Regime(
        code=CODE, family="UK-FCA-DISP", name="FCA Handbook DISP 1: complaint time limits", jurisdiction="GB",
        effective_from=datetime.date(2016, 6, 30), rules=(summary, final, payment),
        parameters=(
            Parameter(name="calendar", value=calendar, status="U",
                      note="business day: not a weekend, Christmas Day, Good Friday or a bank holiday in the "
                           "relevant part of the UK"),
            Parameter(name="close_of_business", value=close_of_business, status="U",
                      note="DISP does not give a time; the firm's close of business"),
        ),
        sources=("https://handbook.fca.org.uk/handbook/DISP/1/5.html", "https://handbook.fca.org.uk/handbook/disp1/disp1s6",
                 "REGULATIONS.md §4.1"),
        notes="Effective date is the 2016-06-30 change to DISP 1.5; earlier complaints used the old text.")
