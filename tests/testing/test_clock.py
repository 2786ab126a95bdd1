"""The fake clock: starts where told, moves only forwards, never reads the real time."""

from __future__ import annotations

import datetime

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints.testing import FakeClock


def test_starts_at_the_given_instant() -> None:
    """now() is the start until the clock is moved."""
    start = pendulum.datetime(2026, 9, 30, 17, 30, tz="Asia/Shanghai")
    clock = FakeClock(start)
    assert clock.now() == start
    assert clock() == start


def test_at_reads_text_in_the_given_zone() -> None:
    """FakeClock.at reads a local time in its zone, or keeps an explicit offset."""
    assert FakeClock.at("2026-10-08T09:00:00", tz="Europe/London").now().utcoffset() == datetime.timedelta(hours=1)
    assert FakeClock.at("2026-10-08T09:00:00+08:00").now() == pendulum.datetime(2026, 10, 8, 1, tz="UTC")


@pytest.mark.parametrize("text", ["not a date", "2026-13-40T09:00:00", "P3D"])
def test_at_refuses_what_is_not_an_instant(text: str) -> None:
    """Text that is not a datetime is an InvalidOperationError naming the start."""
    with pytest.raises(bc.InvalidOperationError) as refused:
        FakeClock.at(text)
    assert refused.value.field == "start"


def test_naive_start_is_refused() -> None:
    """A naive start is ambiguous and refused."""
    with pytest.raises(bc.InvalidOperationError, match="time zone"):
        FakeClock(datetime.datetime(2026, 9, 30, 9))


@given(steps=st.lists(st.integers(0, 10 * 86_400), max_size=20))
def test_advance_adds_up_and_never_goes_back(steps: list[int]) -> None:
    """Advancing by several durations lands on the start plus their sum."""
    start = pendulum.datetime(2026, 1, 1, tz="UTC")
    clock = FakeClock(start)
    for seconds in steps:
        clock.advance(seconds=seconds)
    assert clock.now() == start.add(seconds=sum(steps))


def test_backwards_is_refused_and_changes_nothing() -> None:
    """Moving backwards raises and leaves the clock where it was."""
    clock = FakeClock(pendulum.datetime(2026, 9, 30, tz="Asia/Shanghai"))
    clock.advance(days=2)
    before = clock.now()
    with pytest.raises(bc.InvalidOperationError, match="backwards"):
        clock.set(before.subtract(seconds=1))
    assert clock.now() == before


def test_calendar_days_keep_the_local_time_across_dst() -> None:
    """advance(days=1) over the London clock change keeps 09:00 local (a calendar day, not 24 hours)."""
    clock = FakeClock(pendulum.datetime(2026, 10, 24, 9, tz="Europe/London"))
    assert clock.advance(days=1).hour == 9
