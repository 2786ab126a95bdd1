"""The public Hypothesis strategies draw valid structures that round-trip and replay."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

import bankcomplaints as bc
from bankcomplaints.testing import strategies as bcst


@given(bcst.customers)
def test_customers_round_trip_through_json(customer: bc.CustomerRef) -> None:
    """Every drawn customer survives JSON."""
    assert bc.from_json(bc.to_json(customer), bc.CustomerRef) == customer


@given(bcst.money)
def test_money_round_trips(money: bc.Money) -> None:
    """Drawn money keeps its exact amount through JSON."""
    assert bc.from_json(bc.to_json(money), bc.Money) == money


@given(bcst.instants())
def test_instants_are_aware(instant) -> None:
    """Every drawn instant has an offset."""
    assert instant.utcoffset() is not None


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(bcst.complaints())
def test_complaints_replay_from_their_events(complaint: bc.Complaint) -> None:
    """A drawn complaint's events verify, rebuild it exactly, and it round-trips through JSON."""
    events = complaint.collect_events()
    assert len(events) == complaint.version
    assert bc.verify_chain(events, expected_head=complaint.last_hash).ok
    assert bc.Complaint.from_events(events) == complaint
    assert bc.from_json(bc.to_json(complaint), bc.Complaint) == complaint


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(bcst.events())
def test_events_round_trip(event: bc.ComplaintEvent) -> None:
    """structure(unstructure(e)) == e for every drawn event."""
    assert bc.from_json(bc.to_json(event), bc.ComplaintEvent) == event


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(bcst.received_complaints(), bcst.operation_sequences())
def test_operation_sequences_are_always_accepted(complaint: bc.Complaint, sequence: list[bcst.Operation]) -> None:
    """Every drawn sequence applies to any received complaint, one event per operation."""
    bcst.apply_operations(complaint, sequence)
    assert complaint.version == 1 + len(sequence)
    assert [type(e).__name__ for e in complaint.pending_events[1:]] == [
        {"assign": "HandlerAssigned", "record_triage": "TriageRecorded", "set_priority": "PriorityChanged",
         "link": "ComplaintLinked"}[op.name] for op in sequence
    ]


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(bcst.received_complaints(2021, 2026, max_days_late=0), bcst.workflow_walks())
def test_workflow_walks_are_accepted(complaint: bc.Complaint, walk: list[bcst.Step]) -> None:
    """Every drawn walk through the standard flow is accepted, one status change per trigger, and replays."""
    bcst.apply_operations(complaint, walk)
    changes = [event for event in complaint.pending_events if isinstance(event, bc.StatusChanged)]
    assert [event.trigger for event in changes] == [step.trigger for step in walk if isinstance(step, bcst.TriggerStep)]
    if changes and changes[-1].trigger == "close" and any(isinstance(step, bcst.StageStep) for step in walk):
        assert complaint.decision_notice is not None and complaint.findings
    assert complaint.status == (changes[-1].target if changes else "received")
    events = complaint.collect_events()
    assert bc.verify_chain(events).ok
    assert bc.Complaint.from_events(events) == complaint
