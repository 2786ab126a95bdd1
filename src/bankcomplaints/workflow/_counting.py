"""The arithmetic behind a clock's due instant (internal to :mod:`bankcomplaints.workflow.deadlines`).

:class:`DayCount` counts calendar or business days from the start day and ends the last day at the
rule's cut-off; :class:`HourCount` adds elapsed or business-hours seconds. Both add each pause as the
clock's explanation reports it, so the explanation and the due instant cannot disagree.
"""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING

import pendulum

from bankcomplaints import calendars
from bankcomplaints._instants import local_date, zone
from bankcomplaints.errors import DeadlineError
from bankcomplaints.workflow.regimes.model import Counting, DeadlineRule, Unit

if TYPE_CHECKING:
    from bankcomplaints.workflow.deadlines import Clock

__all__ = ["DayCount", "HourCount", "at_cutoff", "limit_due"]

_DAY = datetime.timedelta(days=1)


def at_cutoff(day: datetime.date, time_of_day: str, zone_name: str) -> pendulum.DateTime:
    if time_of_day == "24:00":
        day, time_of_day = day + _DAY, "00:00"
    hour, minute = int(time_of_day[:2]), int(time_of_day[3:])
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=zone(zone_name))


# A due instant depends on nothing but these arguments (a calendar compares by its code and days), and
# the complaints a bank receives on one day share them: each is computed once, the latest 4,096 kept.
@functools.lru_cache(maxsize=4096)
def _due_instant(calendar: calendars.BusinessCalendar | None, terms: tuple[bool, bool, str, str],
                 counted_from: datetime.date, total: int) -> pendulum.DateTime:
    """The end of the ``total``-th day after ``counted_from``; ``terms``: business days, roll-forward, cut-off, zone."""
    business, roll_forward, cutoff, zone_name = terms
    if calendar is not None and business:
        last_day = calendar.add_business_days(counted_from, total)
    else:
        last_day = counted_from + datetime.timedelta(days=total)
    due_day = calendar.roll_forward(last_day) if calendar is not None and roll_forward else last_day
    return at_cutoff(due_day, cutoff, zone_name)


def _counted_from(counting: Counting, start_day: datetime.date) -> datetime.date:
    return start_day - _DAY if counting.count_first_day else start_day


def _calendar(counting: Counting, business: bool) -> calendars.BusinessCalendar | None:
    return calendars.get(counting.calendar) if business or counting.roll_forward else None


def _terms(counting: Counting, business: bool) -> tuple[bool, bool, str, str]:
    return business, counting.roll_forward, counting.cutoff, counting.time_zone


def limit_due(rule: DeadlineRule, start_day: datetime.date) -> pendulum.DateTime:
    """The due instant of a calendar- or business-day rule's own limit, counted from ``start_day``.

    What :class:`DayCount` gives a clock of that rule with no pause and no extension, without building one.
    """
    counting, business = rule.counting, rule.unit is Unit.BUSINESS_DAYS
    return _due_instant(_calendar(counting, business), _terms(counting, business),
                        _counted_from(counting, start_day), rule.limit)


def _billing_cycle_end(start_day: datetime.date, closing_day: int, cycles: int) -> datetime.date:
    """The closing date of the ``cycles``-th complete cycle after ``start_day``.

    The cycle open on ``start_day`` closes on the first closing date on or after it and is not complete.
    """
    def closing(year: int, month: int) -> datetime.date:
        last = (datetime.date(year + month // 12, month % 12 + 1, 1) - _DAY).day
        return datetime.date(year, month, min(closing_day, last))

    year, month = start_day.year, start_day.month
    if closing(year, month) < start_day:
        month += 1
    month += cycles
    return closing(year + (month - 1) // 12, (month - 1) % 12 + 1)


class DayCount:
    """Day arithmetic of one clock: ``last_day = counted_from + total`` on the rule's terms."""

    def __init__(self, clock: Clock, limit: int, unit: Unit, start_day: datetime.date) -> None:
        self.counting = clock.rule.counting
        self.notes: list[str] = []
        self.counted_from = _counted_from(self.counting, start_day)
        self.business = unit is Unit.BUSINESS_DAYS
        self.total_unit = "business days" if self.business else "calendar days"
        self.calendar = _calendar(self.counting, self.business)
        if unit is Unit.WEEKS:
            self.base = limit * 7
            self.notes.append(f"{limit} weeks = {self.base} calendar days")
        elif unit is Unit.BILLING_CYCLES:
            self.base = self._billing_days(clock, limit, start_day)
        else:
            self.base = limit
        self.total = self.base
        self._due: pendulum.DateTime | None = None

    def _billing_days(self, clock: Clock, cycles: int, start_day: datetime.date) -> int:
        cap = clock.rule.cap_days or 0
        if clock.billing_cycle_day is None:
            raise DeadlineError(clock.id, "a billing-cycle rule needs the account's billing_cycle_day")
        cycle_end = _billing_cycle_end(start_day, clock.billing_cycle_day, cycles)
        capped = self.counted_from + datetime.timedelta(days=cap)
        end = min(cycle_end, capped)
        self.notes.append(f"{cycles} complete billing cycles (closing on day {clock.billing_cycle_day}) end "
                          f"{cycle_end}; cap {cap} days ends {capped}; the earlier, {end}, is "
                          f"{(end - self.counted_from).days} calendar days")
        return (end - self.counted_from).days

    @property
    def last_day(self) -> datetime.date:
        if self.calendar is not None and self.business:
            return self.calendar.add_business_days(self.counted_from, self.total)
        return self.counted_from + datetime.timedelta(days=self.total)

    @property
    def due_day(self) -> datetime.date:
        if self.calendar is not None and self.counting.roll_forward:
            return self.calendar.roll_forward(self.last_day)
        return self.last_day

    def due(self) -> pendulum.DateTime:
        if self._due is None:
            self._due = _due_instant(self.calendar, _terms(self.counting, self.business), self.counted_from,
                                     self.total)
        return self._due

    def pause(self, start: pendulum.DateTime, end: pendulum.DateTime) -> int:
        zone_name = self.counting.time_zone
        first, last = local_date(start, zone_name), local_date(end, zone_name)
        counted = self.calendar.business_days_between(first, last) if (
            self.calendar is not None and self.business) else (last - first).days
        self.total += counted
        self._due = None
        return counted

    def final_steps(self) -> list[str]:
        first_note = " (the day before the start day, since the start day counts)" if (
            self.counting.count_first_day) else ""
        lines = [f"{self.counted_from}{first_note} + {self.total} {self.total_unit} = {self.last_day}"]
        if self.counting.roll_forward:
            lines.append(f"{self.last_day} is a business day of {self.counting.calendar}, no roll-forward"
                         if self.due_day == self.last_day else
                         f"{self.last_day} is not a business day of {self.counting.calendar}; rolls forward to "
                         f"{self.due_day}")
        lines.append(f"due at {self.counting.cutoff} on {self.due_day} in {self.counting.time_zone} = "
                     f"{self.due().isoformat()}")
        return lines


class HourCount:
    """Hour arithmetic: elapsed seconds, or business-hours seconds on the rule's calendar."""

    counted_from: None = None
    last_day: None = None
    due_day: None = None

    def __init__(self, clock: Clock, limit: int, unit: Unit) -> None:
        self.clock = clock
        self.counting = clock.rule.counting
        self.business = unit is Unit.BUSINESS_HOURS
        self.total_unit = "business-hours seconds" if self.business else "seconds"
        self.base = self.total = limit * 3600
        self.notes: list[str] = []
        if self.business:
            self.calendar = calendars.get(self.counting.calendar)
            self.notes.append(f"business hours {self.counting.opens}-{self.counting.closes} on business days of "
                              f"{self.counting.calendar}, {self.counting.time_zone}")

    def _window(self, day: datetime.date) -> tuple[pendulum.DateTime, pendulum.DateTime]:
        zone_name = self.counting.time_zone
        return at_cutoff(day, self.counting.opens, zone_name), at_cutoff(day, self.counting.closes, zone_name)

    def due(self) -> pendulum.DateTime:
        start = self.clock.started_at.in_timezone(self.counting.time_zone)
        if not self.business:
            return start.add(seconds=self.total)
        remaining, moment = self.total, start
        day: datetime.date = start.date()
        while True:
            opens, closes = self._window(day)
            if self.calendar.is_business_day(day) and moment < closes:
                moment = max(moment, opens)
                available = int((closes - moment).total_seconds())
                if remaining <= available:
                    return moment.add(seconds=remaining)
                remaining -= available
            day = self.calendar.add_business_days(day, 1)
            moment = self._window(day)[0]

    def pause(self, start: pendulum.DateTime, end: pendulum.DateTime) -> int:
        if not self.business:
            counted = int((end - start).total_seconds())
        else:
            zone_name = self.counting.time_zone
            counted = 0
            day = local_date(start, zone_name)
            while day <= local_date(end, zone_name):
                if self.calendar.is_business_day(day):
                    opens, closes = self._window(day)
                    overlap = (min(closes, end) - max(opens, start)).total_seconds()
                    counted += max(0, int(overlap))
                day += _DAY
        self.total += counted
        return counted

    def final_steps(self) -> list[str]:
        return [f"{self.clock.started_at.isoformat()} + {self.total} {self.total_unit} = {self.due().isoformat()}"]
