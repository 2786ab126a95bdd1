"""A fake clock for tests and scenarios: time moves only when the test says so.

The library never reads the clock; operations take ``now``.
A test passes ``clock.now()`` and moves the clock explicitly, so every run is reproducible.

    >>> from bankcomplaints.testing import FakeClock
    >>> clock = FakeClock.at("2026-09-30T09:00:00", tz="Asia/Shanghai")
    >>> clock.now().isoformat()
    '2026-09-30T09:00:00+08:00'
    >>> clock.advance(days=1, hours=2).isoformat()
    '2026-10-01T11:00:00+08:00'
    >>> clock.advance(hours=-1)
    Traceback (most recent call last):
    ...
    bankcomplaints.errors.InvalidOperationError: advance: a fake clock never goes backwards
"""

from __future__ import annotations

import datetime

import pendulum

from bankcomplaints.complaint import as_instant
from bankcomplaints.errors import InvalidOperationError

__all__ = ["FakeClock"]


class FakeClock:
    """A clock that starts at a given aware instant and moves only forwards, on request.

    Args:
        start: the first instant; must be timezone-aware.
    Raises:
        InvalidOperationError: ``start`` is naive or not a datetime.
    """

    def __init__(self, start: datetime.datetime) -> None:
        self._now = as_instant(start, "start")

    @classmethod
    def at(cls, text: str, *, tz: str = "Asia/Shanghai") -> FakeClock:
        """A clock starting at the ISO 8601 ``text``, read in zone ``tz`` unless it carries an offset.

        Raises:
            InvalidOperationError: ``text`` is not an ISO 8601 datetime, or ``tz`` is unknown.
        """
        try:
            parsed = pendulum.parse(text, tz=tz)
        except Exception:
            raise InvalidOperationError("start", f"{text!r} is not an ISO 8601 datetime in zone {tz!r}") from None
        if not isinstance(parsed, pendulum.DateTime):
            raise InvalidOperationError("start", f"{text!r} is a date or duration, not a datetime")
        return cls(parsed)

    def now(self) -> pendulum.DateTime:
        """The current fake instant."""
        return self._now

    def __call__(self) -> pendulum.DateTime:
        """The current fake instant (so the clock can be passed where a ``now()`` callable is expected)."""
        return self._now

    def advance(
        self, *, days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0, weeks: int = 0
    ) -> pendulum.DateTime:
        """Move the clock forwards by a duration (calendar days: local time of day is kept across DST).

        Returns:
            The new instant.
        Raises:
            InvalidOperationError: the move would go backwards.
        """
        target = self._now.add(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
        return self.set(target, field="advance")

    def set(self, instant: datetime.datetime, *, field: str = "set") -> pendulum.DateTime:
        """Move the clock to ``instant``, which must not be earlier than now.

        Returns:
            The new instant.
        Raises:
            InvalidOperationError: ``instant`` is naive or earlier than the current instant.
        """
        target = as_instant(instant, field)
        if target < self._now:
            raise InvalidOperationError(field, "a fake clock never goes backwards")
        self._now = target
        return self._now

    def __repr__(self) -> str:
        return f"FakeClock({self._now.isoformat()})"
