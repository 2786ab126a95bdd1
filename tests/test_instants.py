"""The plain-datetime helpers give what pendulum gives: the same local date of the same instant."""

from __future__ import annotations

import datetime
import zoneinfo

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints import _instants

ZONES = ("Asia/Shanghai", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Pacific/Kiritimati", "UTC")


@st.composite
def instants(draw: st.DrawFn) -> datetime.datetime:
    """Aware datetimes in either fold, pendulum and plain, in named zones and fixed offsets."""
    wall = draw(st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2040, 1, 1)))
    name = draw(st.sampled_from(ZONES))
    zone = draw(st.sampled_from([
        pendulum.timezone(name), zoneinfo.ZoneInfo(name), pendulum.FixedTimezone(draw(st.integers(-50400, 50400))),
        datetime.timezone(datetime.timedelta(minutes=draw(st.integers(-1439, 1439)))),
    ]))
    cls = draw(st.sampled_from([pendulum.DateTime, datetime.datetime]))
    return cls(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.microsecond,
               tzinfo=zone, fold=draw(st.integers(0, 1)))


@given(instants(), st.sampled_from(ZONES))
def test_local_date_is_pendulums(value: datetime.datetime, zone: str) -> None:
    local = _instants.local_date(value, zone)
    assert type(local) is datetime.date
    assert local == pendulum.instance(value).in_timezone(zone).date()
    assert local == value.astimezone(zoneinfo.ZoneInfo(zone)).date()


@given(instants())
def test_plain_is_the_same_instant_and_wall_clock(value: datetime.datetime) -> None:
    copy = _instants.plain(value)
    assert type(copy) is datetime.datetime
    assert (copy.tzinfo, copy.fold, copy.utcoffset()) == (value.tzinfo, value.fold, value.utcoffset())
    assert datetime.datetime.isoformat(copy) == datetime.datetime.isoformat(value)
    assert _instants.plain(copy) is copy
