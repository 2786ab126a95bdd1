"""The plain-datetime helpers give what pendulum gives: the same local date of the same instant."""

from __future__ import annotations

import datetime
import zoneinfo

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints import _instants
from tests.strategies import ZONE_NAMES, aware_datetimes


@given(aware_datetimes(), st.sampled_from(ZONE_NAMES))
def test_local_date_is_pendulums(value: datetime.datetime, zone: str) -> None:
    local = _instants.local_date(value, zone)
    assert type(local) is datetime.date
    assert local == pendulum.instance(value).in_timezone(zone).date()
    assert local == value.astimezone(zoneinfo.ZoneInfo(zone)).date()


@given(aware_datetimes())
def test_plain_is_the_same_instant_and_wall_clock(value: datetime.datetime) -> None:
    copy = _instants.plain(value)
    assert type(copy) is datetime.datetime
    assert (copy.tzinfo, copy.fold, copy.utcoffset()) == (value.tzinfo, value.fold, value.utcoffset())
    assert datetime.datetime.isoformat(copy) == datetime.datetime.isoformat(value)
    assert _instants.plain(copy) is copy
