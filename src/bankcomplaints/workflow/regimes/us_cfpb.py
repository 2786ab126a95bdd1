"""US-CFPB: the CFPB complaint process (REGULATIONS.md §5.1, §8 item 11).

The CFPB says companies respond within 15 days and close all but the most complicated complaints within
60 days; that these are calendar days is unconfirmed [U]. The clock starts when the CFPB sends the
complaint to the company. ``Timely response?`` is whether the ``company_response`` clock was met.
"""

from __future__ import annotations

import datetime

from bankcomplaints.workflow.regimes.model import Counting, DeadlineRule, Parameter, Regime, Unit

__all__ = ["CODE", "us_cfpb"]

CODE = "US-CFPB"


def us_cfpb(*, time_zone: str = "America/New_York", calendar: str = "US") -> Regime:
    """The CFPB complaint-process regime.

    Args:
        time_zone: the company's time zone.
        calendar: the business calendar (used only if a bank turns on roll-forward).

    Returns:
        The regime.
    """
    counting = Counting(time_zone=time_zone, calendar=calendar)
    return Regime(
        code=CODE, family="US-CFPB", name="CFPB consumer complaint process", jurisdiction="US",
        effective_from=datetime.date(2011, 7, 21),
        rules=(
            DeadlineRule(clock="company_response", title="company responds to the consumer and the CFPB",
                         limit=15, unit=Unit.CALENDAR_DAYS, counting=counting,
                         starts="CFPB sends the complaint to the company",
                         start_field="received_at", stops="company response submitted",
                         source="CFPB complaint process [P]; calendar days [U]"),
            DeadlineRule(clock="closure", title="company closes the complaint (all but the most complicated)",
                         limit=60, unit=Unit.CALENDAR_DAYS, counting=counting,
                         starts="CFPB sends the complaint to the company",
                         start_field="received_at", stops="complaint closed",
                         source="CFPB complaint process [P]; calendar days [U]"),
        ),
        parameters=(
            Parameter(name="day_type", value="calendar", status="U", note="the CFPB text says '15 days'"),
            Parameter(name="effective_from", value="2011-07-21", status="U",
                      note="the CFPB opened in July 2011; the date only orders regime versions"),
        ),
        sources=("https://www.consumerfinance.gov/complaint/process/", "REGULATIONS.md §5.1"))
