"""Hypothesis strategies for the foundation's values, events and operation sequences."""

from __future__ import annotations

import string
from decimal import Decimal
from typing import Any

import pendulum
from hypothesis import strategies as st

import bankcomplaints as bc

ZONES = ("Asia/Shanghai", "Europe/London", "America/New_York", "UTC")
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
ids = st.text(string.ascii_uppercase + string.digits + "-", min_size=1, max_size=12)


@st.composite
def instants(draw: Any, zone: str | None = None) -> pendulum.DateTime:
    """Aware instants between 2004 and 2026, in a named zone or a fixed offset."""
    base = pendulum.datetime(2004, 1, 1, tz="UTC").add(seconds=draw(st.integers(0, 23 * 365 * 86400)))
    if zone is None:
        zone = draw(st.sampled_from(ZONES))
    return base.in_timezone(zone)


money = st.builds(
    bc.Money,
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False, places=2),
    st.sampled_from(["CNY", "USD", "GBP", "EUR", "HKD", "JPY"]),
)
contacts = st.builds(
    bc.Contact,
    phone=st.none() | st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    email=st.none() | st.emails(),
    address=st.none() | texts,
)
customers = st.builds(
    bc.CustomerRef,
    id=ids,
    name=texts,
    contact=contacts,
    id_number=st.none() | st.from_regex(r"\d{17}[\dX]", fullmatch=True),
    segment=st.sampled_from(["retail", "private_banking", "sme"]),
    organisation=st.booleans(),
    vulnerabilities=st.lists(st.sampled_from(list(bc.Vulnerability)), unique=True, max_size=3).map(tuple),
    key_customer=st.booleans(),
)
agents = st.builds(bc.AgentRef, name=texts, relationship=st.sampled_from(["agent", "heir", "guardian"]),
                   proof=st.none() | texts, contact=contacts)
branches = st.builds(bc.BranchRef, code=ids, name=texts, region=texts, parent=st.none() | ids,
                     level=st.sampled_from(["head_office", "branch", "sub_branch"]))
staff = st.builds(bc.StaffRef, id=ids, name=texts, role=st.sampled_from(["front_line", "specialist", "manager"]),
                  branch=st.none() | ids, trained_until=st.none() | st.dates())
actors = st.builds(bc.Actor, id=ids, role=st.sampled_from(["front_line", "specialist", "manager", "senior"]),
                   branch=st.none() | ids)


@st.composite
def received_complaints(draw: Any) -> bc.Complaint:
    """A freshly received complaint with random intake facts."""
    now = draw(instants())
    return bc.Complaint.receive(
        id=draw(ids),
        actor=draw(actors),
        now=now,
        received_at=now.subtract(hours=draw(st.integers(0, 72))),
        complainant=draw(customers),
        channel=draw(st.sampled_from(list(bc.Channel))),
        source=draw(st.sampled_from(list(bc.Source))),
        agent=draw(st.none() | agents),
        branch=draw(st.none() | branches),
        staff_complained=draw(st.lists(staff, max_size=2)),
        product=draw(st.none() | texts),
        demand=draw(texts),
        narrative=draw(texts),
        amount=draw(st.none() | money),
        co_complainants=draw(st.integers(0, 30)),
        in_person=draw(st.booleans()),
        salt=draw(st.text(string.hexdigits, min_size=0, max_size=8)),
    )


@st.composite
def operations(draw: Any, complaint: bc.Complaint) -> list[tuple[str, dict[str, Any]]]:
    """A list of valid foundation operations (name, kwargs) to apply in order, with rising times."""
    ops: list[tuple[str, dict[str, Any]]] = []
    clock = complaint.updated_at
    assert clock is not None
    for _ in range(draw(st.integers(0, 8))):
        clock = clock.add(minutes=draw(st.integers(0, 600)))
        common = {"actor": draw(actors), "now": clock}
        name = draw(st.sampled_from(["assign", "record_triage", "set_priority", "link"]))
        if name == "assign":
            kwargs = {"handler": draw(staff.filter(lambda s: all(s.id != m.id for m in complaint.staff_complained)))}
        elif name == "record_triage":
            kwargs = {
                "kind": draw(st.sampled_from(list(bc.Kind))),
                "business": draw(st.none() | st.sampled_from(list(bc.BusinessCategory))),
                "cause": draw(st.none() | st.sampled_from(list(bc.Cause))),
                "risk_factors": draw(st.lists(st.sampled_from(list(bc.RiskFactor)), unique=True, max_size=3)),
                "risk_score": draw(st.none() | st.integers(0, 100)),
                "major": draw(st.booleans()),
                "priority": draw(st.none() | st.sampled_from(list(bc.Priority))),
                "explanation": draw(st.lists(texts, max_size=2)),
            }
        elif name == "set_priority":
            kwargs = {"priority": draw(st.sampled_from(list(bc.Priority))), "reason": "manager's call"}
        else:
            kwargs = {"relation": "related", "other_id": draw(ids.filter(lambda i: i != complaint.id))}
        ops.append((name, {**common, **kwargs}))
    return ops


def apply_operations(complaint: bc.Complaint, ops: list[tuple[str, dict[str, Any]]]) -> None:
    """Run the operations drawn by :func:`operations`."""
    for name, drawn in ops:
        kwargs = dict(drawn)
        if name == "assign":
            complaint.assign(kwargs.pop("handler"), **kwargs)
        elif name == "set_priority":
            complaint.set_priority(kwargs.pop("priority"), **kwargs)
        elif name == "link":
            complaint.link(kwargs.pop("relation"), kwargs.pop("other_id"), **kwargs)
        else:
            getattr(complaint, name)(**kwargs)


@st.composite
def event_trails(draw: Any) -> list[bc.ComplaintEvent]:
    """The events of a random complaint after random valid operations."""
    complaint = draw(received_complaints())
    apply_operations(complaint, draw(operations(complaint)))
    return complaint.collect_events()
