"""Hypothesis strategies for analytics records."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from bankcomplaints.stats.records import ClockResult, ComplaintRecord
from bankcomplaints.values import Money

_codes = st.sampled_from(["", "a", "b", "c"])
_dates = st.dates(min_value=datetime.date(2023, 12, 25), max_value=datetime.date(2025, 1, 10))
_clocks = st.tuples(
    st.sampled_from(["cn_nfra_2020", "internal_sla"]), st.sampled_from(["met", "breached", "open"]),
    st.none() | st.integers(0, 40),
).map(lambda t: ClockResult(*t))
_amounts = st.decimals(min_value=0, max_value=10_000, places=2).map(str)
_money = st.builds(Money, _amounts, st.sampled_from(["CNY", "GBP"]))


@st.composite
def records(draw: st.DrawFn) -> ComplaintRecord:
    """One record with small code alphabets, so counts collide and merges have work to do."""
    received = draw(_dates)
    closed = draw(st.none() | st.integers(0, 70).map(lambda d: received + datetime.timedelta(days=d)))
    responded = draw(st.none() | st.integers(0, 70).map(lambda d: received + datetime.timedelta(days=d)))
    return ComplaintRecord(
        id=str(draw(st.integers(0, 10**6))),
        received_on=received,
        branch=draw(_codes),
        region=draw(_codes),
        staff=draw(_codes),
        channel=draw(_codes),
        source=draw(_codes),
        kind=draw(st.sampled_from(["complaint", "consultation"])),
        business=draw(_codes),
        cause=draw(_codes),
        priority=draw(st.sampled_from(["P1", "P2", "P3"])),
        risk_factors=tuple(draw(st.lists(st.sampled_from(["repeat", "media", "vulnerable"]), max_size=2, unique=True))),
        status=draw(_codes),
        outcome=draw(_codes),
        responded_on=responded,
        closed_on=closed,
        clocks=tuple(draw(st.lists(_clocks, max_size=2))),
        redress=draw(st.none() | _money),
        satisfied=draw(st.none() | st.booleans()),
        first_contact_in_sla=draw(st.none() | st.booleans()),
        upheld=draw(st.none() | st.booleans()),
        repeat=draw(st.booleans()),
        reopened=draw(st.booleans()),
        escalated=draw(st.booleans()),
        root_cause=draw(_codes),
        attributes=(("product", draw(_codes)),),
    )


record_lists = st.lists(records(), max_size=30)
