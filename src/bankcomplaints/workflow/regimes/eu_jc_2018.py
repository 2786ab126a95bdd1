"""EU-JC-2018: ESMA/EBA Joint Committee guidelines on complaints-handling (JC 2018 35), a policy skeleton.

The guidelines set no EU-wide number of days (REGULATIONS.md §6): firms answer "without any unnecessary
delay, or at least within national time limits". Payment services follow PSD2 Art. 101: 15 business
days, or a holding reply and 35 business days in exceptional cases [S]. A bank fills in its national
limit and calendar; without a national limit the regime has only the payment-services clock.
"""

from __future__ import annotations

import datetime

from bankcomplaints.workflow.regimes.model import Counting, DeadlineRule, ExtensionRule, Parameter, Regime, Unit

__all__ = ["CODE", "eu_jc_2018"]

CODE = "EU-JC-2018"


def eu_jc_2018(*, national_limit: int | None = None, national_unit: Unit = Unit.CALENDAR_DAYS,
               calendar: str = "WEEKDAYS", time_zone: str = "Europe/Brussels") -> Regime:
    """The Joint Committee skeleton, completed with a national limit if given.

    Args:
        national_limit: the national time limit for a final response (``None``: not set).
        national_unit: its unit.
        calendar: the national business calendar (``"WEEKDAYS"`` until the bank registers its own).
        time_zone: the firm's time zone.

    Returns:
        The regime.
    """
    counting = Counting(time_zone=time_zone, calendar=calendar)
    payment = DeadlineRule(
        clock="payment_services_reply", title="reply on all points raised (payment services, PSD2 Art. 101)",
        limit=15, unit=Unit.BUSINESS_DAYS, counting=counting, starts="complaint received",
        start_field="received_at", stops="reply sent",
        extensions=(ExtensionRule(name="exceptional_circumstances", limit=35, notices=("holding_reply",),
                                  source="PSD2 Art. 101 [S]",
                                  description="a holding reply giving the reasons and the final-reply date"),),
        source="PSD2 Art. 101 as transposed, e.g. Irish S.I. 6/2018 reg. 124(4) [P]")
    rules = [payment]
    if national_limit is not None:
        rules.append(DeadlineRule(
            clock="final_response", title="final response within the national time limit", limit=national_limit,
            unit=national_unit, counting=counting, starts="complaint received",
            start_field="received_at", stops="final response sent",
            source="national law (set by the bank)"))
    return Regime(
        code=CODE, family="EU-JC", name="ESMA/EBA Joint Committee complaints-handling guidelines (JC 2018 35)",
        jurisdiction="EU", effective_from=datetime.date(2019, 5, 1), rules=tuple(rules),
        parameters=(
            Parameter(name="national_limit", value="unset" if national_limit is None else
                      f"{national_limit} {national_unit.value}", status="U",
                      note="from national law; the guidelines set no number"),
            Parameter(name="calendar", value=calendar, status="U", note="the member state's business days"),
        ),
        sources=("JC 2018 35 (31 July 2018)", "REGULATIONS.md §6"),
        notes="A late response must tell the complainant why, and when the investigation should finish.")
