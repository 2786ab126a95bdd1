"""Instant arithmetic on plain datetimes for the hot paths; pendulum stays at the edges.

pendulum's ``DateTime`` subclasses ``datetime``, and its own methods (``in_timezone``, ``add``) and the C
methods of ``datetime`` called on it (``astimezone`` builds a pendulum object through its constructor)
cost microseconds. The C methods are fast on a plain ``datetime``, so these helpers rebuild one with the
same wall clock, fold and zone (as unpickling does: the same instant) and compute on it.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

import pendulum

__all__ = ["local_date", "plain", "zone"]

_state = datetime.datetime.__reduce_ex__  # the C method: (wall clock and fold as bytes, tzinfo)
_from_state: Any = datetime.datetime  # datetime(state, tzinfo), as unpickling calls it


def plain(value: datetime.datetime) -> datetime.datetime:
    """``value`` as a plain ``datetime``: the same wall clock, fold and zone, so the same instant.

    Args:
        value: a datetime (pendulum or plain).
    Returns:
        ``value`` itself if it is plain, else the plain copy.
    """
    if type(value) is datetime.datetime:
        return value
    return _from_state(*_state(value, 4)[1])  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=512)
def zone(name: str) -> pendulum.Timezone:
    """The pendulum time zone called ``name`` (looked up once).

    Args:
        name: an IANA zone name.
    Returns:
        The zone.
    """
    return pendulum.timezone(name)


def local_date(instant: datetime.datetime, zone_name: str) -> datetime.date:
    """The calendar date of ``instant`` in the zone ``zone_name`` (``instant.in_timezone(zone_name).date()``).

    Args:
        instant: an aware datetime.
        zone_name: an IANA zone name.
    Returns:
        The local date, as a plain ``date``.
    """
    tz = zone(zone_name)
    local = instant if instant.tzinfo is tz else plain(instant).astimezone(tz)
    return datetime.date(local.year, local.month, local.day)
