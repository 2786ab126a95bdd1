"""pytest fixtures for a host's tests: a fake clock, a store, and a complaint factory.

Enable them in the host's root ``conftest.py``::

    pytest_plugins = ["bankcomplaints.testing.plugin"]

Fixtures:
    ``fake_clock_start``: the instant the clock starts at (override it to move every test's clock).
    ``fake_clock``: a :class:`~bankcomplaints.testing.FakeClock` at ``fake_clock_start``.
    ``complaint_store``: a :class:`~bankcomplaints.adapters.sqlite.SQLiteStore` in the test's temporary directory.
    ``complaint_factory``: a function that opens a complaint at the clock's time, with sensible defaults.
    ``synthetic_complaints``: a seeded :class:`~bankcomplaints.testing.ComplaintGenerator`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

try:
    import pytest
except ImportError:  # pragma: no cover - depends on the environment
    raise ImportError("bankcomplaints.testing.plugin needs pytest: pip install 'bankcomplaints[testing]'") from None

import pendulum

from bankcomplaints.adapters.sqlite import SQLiteStore
from bankcomplaints.complaint import Complaint
from bankcomplaints.testing.clock import FakeClock
from bankcomplaints.testing.generator import BRANCHES, ComplaintGenerator
from bankcomplaints.values import Actor, Channel, CustomerRef

__all__ = ["complaint_factory", "complaint_store", "fake_clock", "fake_clock_start", "synthetic_complaints"]

#: The actor the complaint factory receives complaints as, unless told otherwise.
FRONT_LINE = Actor(id="S-0001", role="front_line", branch=BRANCHES[0].code)


@pytest.fixture
def fake_clock_start() -> pendulum.DateTime:
    """Monday 28 September 2026, 09:00 in Shanghai: two days before the National Day holiday."""
    return pendulum.datetime(2026, 9, 28, 9, tz="Asia/Shanghai")


@pytest.fixture
def fake_clock(fake_clock_start: pendulum.DateTime) -> FakeClock:
    """A clock that moves only when the test advances it."""
    return FakeClock(fake_clock_start)


@pytest.fixture
def complaint_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """The SQLite reference store in the test's temporary directory."""
    with SQLiteStore(tmp_path / "complaints.db") as store:
        yield store


@pytest.fixture
def complaint_factory(fake_clock: FakeClock) -> Callable[..., Complaint]:
    """``complaint_factory(**fields)``: a complaint received now by a front-line clerk at the first branch.

    Every keyword of :meth:`Complaint.receive` may be given; ids run ``C-0001``, ``C-0002`` …
    """
    numbers = itertools.count(1)

    def make(**fields: Any) -> Complaint:
        defaults: dict[str, Any] = {
            "id": f"C-{next(numbers):04d}",
            "actor": FRONT_LINE,
            "now": fake_clock.now(),
            "complainant": CustomerRef(id="K-0001", name="王芳"),
            "channel": Channel.COUNTER,
            "branch": BRANCHES[0],
            "narrative": "ATM吞卡后账户被扣款两千元。",
            "salt": "test-salt",
        }
        return Complaint.receive(**(defaults | fields))

    return make


@pytest.fixture
def synthetic_complaints() -> ComplaintGenerator:
    """The synthetic generator with seed 0 (mixed Chinese and English)."""
    return ComplaintGenerator(seed=0)
