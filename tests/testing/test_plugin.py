"""The pytest fixtures a host enables with pytest_plugins = ["bankcomplaints.testing.plugin"]."""

from __future__ import annotations

import bankcomplaints as bc

pytest_plugins = ["bankcomplaints.testing.plugin"]


def test_factory_receives_at_the_fake_clock(complaint_factory, fake_clock) -> None:
    """The factory opens complaints at the clock's time, with consecutive ids and overridable fields."""
    first = complaint_factory()
    fake_clock.advance(hours=3)
    second = complaint_factory(channel=bc.Channel.PHONE)
    assert (first.id, second.id) == ("C-0001", "C-0002")
    assert second.received_at == fake_clock.now() == first.received_at.add(hours=3)
    assert second.channel is bc.Channel.PHONE


def test_store_fixture_saves_and_loads(complaint_store, complaint_factory) -> None:
    """The store fixture keeps what the factory made."""
    complaint = complaint_factory()
    complaint_store.save(complaint)
    assert complaint_store.load_complaint(complaint.id) == complaint


def test_synthetic_complaints_fixture(synthetic_complaints) -> None:
    """The generator fixture is seeded (the same output each time)."""
    assert synthetic_complaints.complaints(5) == type(synthetic_complaints)(seed=0).complaints(5)
