"""Deadline rules and regimes as plain values a bank can read, replace and load from YAML or JSON.

A :class:`Regime` is a versioned set of :class:`DeadlineRule` values with an effective date
(REGULATIONS.md §8, "Versioning"). A rule says how long a clock runs (:class:`Unit`), how to count
(:class:`Counting`), which reasons may pause it, and which extensions exist with the approvals and
notices each one needs (:class:`ExtensionRule`). Facts REGULATIONS.md tags [U] are kept as
:class:`Parameter` values on the regime, so a bank sees what it may have to change.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from bankcomplaints.errors import InvalidComplaintDataError, InvalidOperationError, RegimeError

__all__ = [
    "ApprovalRule",
    "Counting",
    "DeadlineRule",
    "ExtensionRule",
    "Parameter",
    "Regime",
    "Unit",
    "regime_from_dict",
]

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Unit(enum.Enum):
    """What a rule's limit counts."""

    CALENDAR_DAYS = "calendar_days"
    BUSINESS_DAYS = "business_days"
    WEEKS = "weeks"
    HOURS = "hours"
    BUSINESS_HOURS = "business_hours"
    BILLING_CYCLES = "billing_cycles"

    @property
    def counts_days(self) -> bool:
        """Whether the limit lands on a day (then the cut-off time applies)."""
        return self not in (Unit.HOURS, Unit.BUSINESS_HOURS)


def _time_of_day(field: str, *, allow_midnight_end: bool = False) -> Any:
    def check(_: object, __: attrs.Attribute[str], value: str) -> None:
        if not (allow_midnight_end and value == "24:00") and not _HHMM.match(value):
            allowed = '"24:00" or ' if allow_midnight_end else ""
            raise InvalidOperationError(field, f"expected {allowed}HH:MM, got {value!r}")
    return check


def _zone(_: object, __: attrs.Attribute[str], value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidOperationError("time_zone", f"unknown time zone {value!r}") from None


@attrs.frozen(kw_only=True)
class Counting:
    """How a rule counts: the explicit conventions behind every due date.

    Attributes:
        count_first_day: the day the clock starts is day 1 (default: not counted, counting starts the
            next day, as PRC Civil Code Art. 201 and DISP 1.5.1R "following the day ... received" say).
        roll_forward: a last day that is not a business day of :attr:`calendar` moves to the next
            business day (Civil Code Art. 203); off by default, the cautious reading.
        cutoff: when the last day ends: ``"24:00"`` (end of day) or a close-of-business time ``"HH:MM"``.
        time_zone: the institution's IANA time zone; days are counted in it.
        calendar: code of the business calendar (:func:`bankcomplaints.calendars.get`) for business days,
            business hours and roll-forward.
        opens: start of business hours, for ``business_hours`` rules.
        closes: end of business hours, for ``business_hours`` rules.
    """

    count_first_day: bool = False
    roll_forward: bool = False
    cutoff: str = attrs.field(default="24:00", validator=_time_of_day("cutoff", allow_midnight_end=True))
    time_zone: str = attrs.field(default="Asia/Shanghai", validator=_zone)
    calendar: str = "CN"
    opens: str = attrs.field(default="09:00", validator=_time_of_day("opens"))
    closes: str = attrs.field(default="17:00", validator=_time_of_day("closes"))

    def __attrs_post_init__(self) -> None:
        if self.opens >= self.closes:
            raise InvalidOperationError("closes", f"business hours must close after they open ({self.opens})")

    def describe(self) -> str:
        """The convention in one line, for explanations.

        Returns:
            e.g. ``"day of the start not counted; no roll-forward; last day ends 24:00 Asia/Shanghai; calendar CN"``.
        """
        first = "day of the start counted as day 1" if self.count_first_day else "day of the start not counted"
        roll = "last day rolls forward to a business day" if self.roll_forward else "no roll-forward"
        return f"{first}; {roll}; last day ends {self.cutoff} {self.time_zone}; calendar {self.calendar}"


def _positive(field: str) -> Any:
    def check(_: object, __: attrs.Attribute[int], value: int) -> None:
        if value <= 0:
            raise InvalidOperationError(field, f"must be positive, got {value}")
    return check


@attrs.frozen(kw_only=True)
class ApprovalRule:
    """An approval an extension needs: its key and the roles allowed to give it (any one of them)."""

    key: str
    approver_roles: tuple[str, ...]
    description: str = ""


@attrs.frozen(kw_only=True)
class ExtensionRule:
    """An extension of a clock: the new total limit and what it needs before it may be granted.

    Attributes:
        name: e.g. ``"complex"``.
        limit: the clock's new total limit (not an increment), in :attr:`unit`.
        unit: the unit of the new limit (``None``: the rule's own unit).
        requires: extensions that must be granted first.
        approvals: approvals that must be recorded (each by one of its roles).
        notices: keys of notices that must have been sent (e.g. ``"complainant"``).
    """

    name: str
    limit: int = attrs.field(validator=_positive("limit"))
    unit: Unit | None = None
    requires: tuple[str, ...] = ()
    approvals: tuple[ApprovalRule, ...] = ()
    notices: tuple[str, ...] = ()
    source: str = ""
    description: str = ""


@attrs.frozen(kw_only=True)
class DeadlineRule:
    """One clock of a regime: its limit, how it is counted, its pauses and extensions.

    Attributes:
        clock: the clock's name within the regime, e.g. ``"handling_decision"``.
        title: what the deadline is for.
        limit: how many :attr:`unit` the clock runs.
        unit: what is counted.
        counting: the counting conventions.
        starts: the event that starts the clock (documentation).
        start_field: the complaint field holding the start instant (``"received_at"``, ``"forwarded_at"``);
            :func:`~bankcomplaints.workflow.clocks.start_clock` starts from it when no start is given
            (``None``: from the instant of the operation, e.g. a review request received now).
        stops: the event that stops it (documentation).
        cap_days: for billing-cycle rules, the calendar-day cap ("in no event later than 90 days").
        warning_percent: the share of the time, in percent, after which the clock is in its warning window.
        pause_reasons: reasons allowed to stop the clock for a while (time not counted).
        extensions: the extensions that exist.
        restart_on_new_facts: new facts from a repeat complaint restart the clock (CBIRC Art. 18 ¶3).
        source: the provision, with its REGULATIONS.md tag.
    """

    clock: str
    title: str
    limit: int = attrs.field(validator=_positive("limit"))
    unit: Unit
    counting: Counting = Counting()
    starts: str = ""
    start_field: str | None = None
    stops: str = ""
    cap_days: int | None = None
    warning_percent: int = 80
    pause_reasons: tuple[str, ...] = ()
    extensions: tuple[ExtensionRule, ...] = ()
    restart_on_new_facts: bool = False
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if not 0 < self.warning_percent <= 100:
            raise InvalidOperationError("warning_percent", f"must be in 1..100, got {self.warning_percent}")
        if (self.unit is Unit.BILLING_CYCLES) != (self.cap_days is not None):
            raise InvalidOperationError("cap_days", "is required for billing_cycles rules and only for them")
        names = [extension.name for extension in self.extensions]
        for extension in self.extensions:
            unknown = [name for name in extension.requires if name not in names]
            if unknown:
                raise InvalidOperationError("extensions", f"{extension.name!r} requires unknown {unknown}")
        if len(set(names)) != len(names):
            raise InvalidOperationError("extensions", f"names repeat: {names}")

    def extension(self, name: str) -> ExtensionRule | None:
        """The extension called ``name``, if the rule has one.

        Args:
            name: the extension's name.

        Returns:
            The extension rule or ``None``.
        """
        return next((extension for extension in self.extensions if extension.name == name), None)


@attrs.frozen(kw_only=True)
class Parameter:
    """A value the regime depends on that a bank may have to set, with how sure the source is.

    ``status`` is the REGULATIONS.md tag: ``"P"`` primary, ``"S"`` secondary, ``"U"`` unconfirmed.
    """

    name: str
    value: str
    status: str
    note: str = ""


@attrs.frozen(kw_only=True)
class Regime:
    """A versioned rule set: the deadlines in force from :attr:`effective_from` (to :attr:`effective_until`).

    A complaint is judged by the rules in force when it was received; regimes of one :attr:`family`
    succeed one another by date (:func:`bankcomplaints.workflow.regimes.select`).
    """

    code: str
    family: str
    name: str
    jurisdiction: str
    effective_from: datetime.date
    effective_until: datetime.date | None = None
    rules: tuple[DeadlineRule, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    sources: tuple[str, ...] = ()
    notes: str = ""

    def __attrs_post_init__(self) -> None:
        if self.effective_until is not None and self.effective_until <= self.effective_from:
            raise InvalidOperationError("effective_until", "must be after effective_from")
        names = [rule.clock for rule in self.rules]
        if len(set(names)) != len(names):
            raise InvalidOperationError("rules", f"clock names repeat: {names}")

    def in_force(self, day: datetime.date) -> bool:
        """Whether the regime applies to a complaint received on ``day``.

        Args:
            day: the receipt date.

        Returns:
            True from :attr:`effective_from` up to, not including, :attr:`effective_until`.
        """
        return self.effective_from <= day and (self.effective_until is None or day < self.effective_until)

    def rule(self, clock: str) -> DeadlineRule:
        """The rule of the clock called ``clock``.

        Args:
            clock: e.g. ``"handling_decision"``.

        Returns:
            The rule.

        Raises:
            RegimeError: the regime has no such clock.
        """
        for rule in self.rules:
            if rule.clock == clock:
                return rule
        raise RegimeError(self.code, f"no clock {clock!r}; clocks: {', '.join(r.clock for r in self.rules)}")

    def parameter(self, name: str) -> Parameter:
        """The documented parameter ``name``.

        Args:
            name: the parameter's name.

        Returns:
            The parameter.

        Raises:
            RegimeError: the regime has no such parameter.
        """
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise RegimeError(self.code, f"no parameter {name!r}")


def _plain(value: Any) -> Any:
    """YAML gives dates as date objects; the strict converter wants ISO strings."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def regime_from_dict(data: Mapping[str, Any]) -> Regime:
    """Build a regime from plain data (parsed YAML or JSON), e.g. a bank's internal SLAs.

    An optional top-level ``counting`` mapping gives counting defaults for every rule; a rule's
    own ``counting`` overrides them key by key.

    Args:
        data: the regime document.

    Returns:
        The regime.

    Raises:
        InvalidComplaintDataError: the document is malformed; every bad field is named by its path
            (e.g. ``rules.0.unit``).
    """
    from bankcomplaints.serialization import structure

    if not isinstance(data, Mapping):
        raise InvalidComplaintDataError([("", f"expected a mapping, got {type(data).__name__}")], what="Regime")
    document = dict(_plain(data))
    defaults = document.pop("counting", {})
    if not isinstance(defaults, Mapping):
        raise InvalidComplaintDataError([("counting", "expected a mapping of counting defaults")], what="Regime")
    if isinstance(document.get("rules"), list):
        document["rules"] = [
            {**rule, "counting": {**defaults, **rule.get("counting", {})}}
            if isinstance(rule, Mapping) and isinstance(rule.get("counting", {}), Mapping) else rule
            for rule in document["rules"]
        ]
    return structure(document, Regime)
