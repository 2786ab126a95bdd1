"""The project's own tests draw from the strategies it ships to host teams (:mod:`bankcomplaints.testing.strategies`).

Only ``texts`` differs: here it is a ready strategy rather than a factory; ``aware_datetimes`` is for the tests
of the datetime fast paths.
"""

import datetime
import zoneinfo

import pendulum
from hypothesis import strategies as st

from bankcomplaints.testing import strategies as _shipped
from bankcomplaints.testing.strategies import (
    actors,
    agents,
    apply_operations,
    branches,
    customers,
    event_trails,
    handled_complaints,
    instants,
    money,
    operation_sequences,
    received_complaints,
    staff,
)

texts = _shipped.texts()

#: Zones with and without daylight saving, a half-hour shift (Lord Howe) and a date-line jump (Kiritimati).
ZONE_NAMES = ("Asia/Shanghai", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Pacific/Kiritimati", "UTC")


@st.composite
def aware_datetimes(draw: st.DrawFn) -> datetime.datetime:
    """Wall-clock times in either fold, pendulum and plain, in named zones (pendulum and zoneinfo) and fixed offsets."""
    wall = draw(st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2040, 1, 1)))
    name = draw(st.sampled_from(ZONE_NAMES))
    zone = draw(st.sampled_from([
        pendulum.timezone(name), zoneinfo.ZoneInfo(name), pendulum.FixedTimezone(draw(st.integers(-50400, 50400))),
        datetime.timezone(datetime.timedelta(minutes=draw(st.integers(-1439, 1439)))),
    ]))
    cls = draw(st.sampled_from([pendulum.DateTime, datetime.datetime]))
    return cls(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.microsecond,
               tzinfo=zone, fold=draw(st.integers(0, 1)))


__all__ = [
    "ZONE_NAMES",
    "actors",
    "agents",
    "apply_operations",
    "aware_datetimes",
    "branches",
    "customers",
    "event_trails",
    "handled_complaints",
    "instants",
    "money",
    "operation_sequences",
    "received_complaints",
    "staff",
    "texts",
]
