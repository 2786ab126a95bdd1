"""Contract tests for a host's complaint store: subclass :class:`StoreContract` and say how to open your store.

Whatever a host stores complaints in, it must keep the audit trail whole: events appended with the
version the writer loaded, refused when someone else appended first, loaded back in order and
unchanged, and never lost or duplicated when writers race. These tests check exactly that
through the :class:`~bankcomplaints.adapters.ComplaintStore` interface::

    # tests/test_my_store.py in the host project
    from bankcomplaints.testing.contract import StoreContract

    class TestMyStore(StoreContract):
        def make_store(self, path):
            return MyStore(dsn=f"sqlite:///{path / 'store.db'}")

``make_store(path)`` gets a fresh directory per test; called again with the same ``path`` it must open
the same storage (the second writer of the race tests). The suite needs pytest and Hypothesis
(``pip install 'bankcomplaints[testing]'``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

try:
    import pytest
    from hypothesis import HealthCheck, assume, given, settings
except ImportError:  # pragma: no cover - depends on the environment
    raise ImportError(
        "bankcomplaints.testing.contract needs pytest and Hypothesis: pip install 'bankcomplaints[testing]'"
    ) from None

import pendulum

from bankcomplaints.adapters import ComplaintStore
from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import ConcurrencyConflictError
from bankcomplaints.events import ComplaintEvent, verify_chain
from bankcomplaints.testing.strategies import event_trails
from bankcomplaints.values import Actor, CustomerRef, Kind, Priority, StaffRef

__all__ = ["StoreContract"]

_NOW = pendulum.datetime(2026, 9, 30, 9, tz="Asia/Shanghai")
_CLERK = Actor(id="S-1", role="front_line")


def _received(complaint_id: str = "C-1") -> Complaint:
    return Complaint.receive(id=complaint_id, actor=_CLERK, now=_NOW, salt="contract",
                             complainant=CustomerRef(id="K-1", name="韩梅梅"))


def _append_pending(store: ComplaintStore, complaint: Complaint) -> int:
    pending = complaint.pending_events
    version = store.append(complaint.id, pending, complaint.version - len(pending), snapshot=complaint)
    complaint.collect_events()
    return version


def _load(store: ComplaintStore, complaint_id: str) -> Complaint:
    return Complaint.from_events(store.load_events(complaint_id))


class StoreContract:
    """The invariants every complaint store must keep. Subclass it as ``Test…`` and implement :meth:`make_store`.

    Class attributes a host may change: ``writers`` and ``operations_per_writer`` size the race test.
    """

    writers = 4
    operations_per_writer = 10

    def make_store(self, path: Path) -> ComplaintStore:
        """Open the store kept under ``path`` (a new directory for each test).

        Raises:
            NotImplementedError: the subclass did not say how.
        """
        raise NotImplementedError("subclass StoreContract and implement make_store(path)")

    @pytest.fixture
    def store(self, tmp_path: Path) -> Any:
        """The store under test (closed afterwards if it has ``close()``)."""
        store = self.make_store(tmp_path)
        yield store
        close = getattr(store, "close", None)
        if callable(close):
            close()

    # --- appending and loading -------------------------------------------------------------------

    def test_satisfies_the_interface(self, store: ComplaintStore) -> None:
        """The store offers append, load_events, version and ids."""
        assert isinstance(store, ComplaintStore)

    def test_unknown_complaint_is_empty(self, store: ComplaintStore) -> None:
        """A complaint never stored has version 0 and no events."""
        assert store.version("C-unknown") == 0
        assert store.load_events("C-unknown") == []
        assert "C-unknown" not in store.ids()

    def test_new_complaint_appends_at_version_zero(self, store: ComplaintStore) -> None:
        """A new complaint's first events go in with expected version 0 and are listed."""
        complaint = _received()
        assert _append_pending(store, complaint) == 1
        assert store.version("C-1") == 1
        assert store.ids() == ["C-1"]

    def test_events_load_back_equal_and_in_order(self, store: ComplaintStore) -> None:
        """Events appended in several batches load back equal, in sequence order, and rebuild the complaint."""
        complaint = _received()
        _append_pending(store, complaint)
        complaint.assign(StaffRef(id="H-1"), actor=_CLERK, now=_NOW)
        complaint.record_triage(actor=_CLERK, now=_NOW.add(hours=1), kind=Kind.COMPLAINT, priority=Priority.P2)
        expected: list[ComplaintEvent] = list(complaint.pending_events)
        _append_pending(store, complaint)
        complaint.set_priority(Priority.P1, actor=_CLERK, now=_NOW.add(hours=2), reason="customer is 85")
        expected += complaint.pending_events
        assert _append_pending(store, complaint) == 4
        loaded = store.load_events("C-1")
        assert [event.seq for event in loaded] == [1, 2, 3, 4]
        assert loaded[1:] == expected
        assert verify_chain(loaded, expected_head=complaint.last_hash).ok
        assert Complaint.from_events(loaded) == complaint

    def test_complaints_do_not_mix(self, store: ComplaintStore) -> None:
        """Two complaints' trails stay apart."""
        first, second = _received("C-1"), _received("C-2")
        _append_pending(store, first)
        _append_pending(store, second)
        second.set_priority(Priority.P3, actor=_CLERK, now=_NOW, reason="routine")
        _append_pending(store, second)
        assert store.version("C-1") == 1
        assert store.version("C-2") == 2
        assert {event.complaint_id for event in store.load_events("C-2")} == {"C-2"}
        assert store.ids() == ["C-1", "C-2"]

    # --- optimistic concurrency ------------------------------------------------------------------

    def test_stale_writer_gets_a_conflict_and_changes_nothing(self, store: ComplaintStore, tmp_path: Path) -> None:
        """Two writers load version 1; the second to append gets ConcurrencyConflictError and writes nothing."""
        _append_pending(store, _received())
        other = self.make_store(tmp_path)
        first, second = _load(store, "C-1"), _load(other, "C-1")
        first.set_priority(Priority.P2, actor=_CLERK, now=_NOW, reason="first writer")
        second.set_priority(Priority.P4, actor=_CLERK, now=_NOW, reason="second writer")
        _append_pending(store, first)
        before = store.load_events("C-1")
        with pytest.raises(ConcurrencyConflictError) as refused:
            _append_pending(other, second)
        assert (refused.value.complaint_id, refused.value.expected, refused.value.actual) == ("C-1", 1, 2)
        assert store.load_events("C-1") == before
        assert store.version("C-1") == 2
        assert len(second.pending_events) == 1, "the loser keeps its events to redo the operation"

    def test_second_new_complaint_with_the_same_id_conflicts(self, store: ComplaintStore) -> None:
        """Opening the same complaint id twice is a conflict, not an overwrite."""
        _append_pending(store, _received())
        with pytest.raises(ConcurrencyConflictError):
            _append_pending(store, _received())
        assert store.version("C-1") == 1

    def test_racing_writers_lose_and_duplicate_nothing(self, store: ComplaintStore, tmp_path: Path) -> None:
        """Writers in threads racing on one complaint retry on conflict; every operation is stored exactly once."""
        _append_pending(store, _received())
        stores = [self.make_store(tmp_path) for _ in range(self.writers)]
        conflicts = [0] * self.writers
        failures: list[BaseException] = []

        def write(index: int) -> None:
            try:
                for number in range(self.operations_per_writer):
                    while True:
                        complaint = _load(stores[index], "C-1")
                        complaint.set_priority(Priority.P3, actor=_CLERK, now=complaint.updated_at or _NOW,
                                               reason=f"w{index}-{number}")
                        try:
                            _append_pending(stores[index], complaint)
                            break
                        except ConcurrencyConflictError:
                            conflicts[index] += 1
            except BaseException as exc:  # reported below, with the thread's error
                failures.append(exc)

        threads = [threading.Thread(target=write, args=(index,)) for index in range(self.writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for extra in stores:
            close = getattr(extra, "close", None)
            if callable(close):
                close()
        assert not failures, failures
        events = store.load_events("C-1")
        reasons = [getattr(event, "reason", None) for event in events[1:]]
        expected = {
            f"w{index}-{number}" for index in range(self.writers) for number in range(self.operations_per_writer)
        }
        assert len(reasons) == len(expected), "an event was lost or duplicated"
        assert set(reasons) == expected
        assert verify_chain(events).ok
        assert store.version("C-1") == 1 + len(expected)

    # --- any trail -------------------------------------------------------------------------------

    @settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(trail=event_trails())
    def test_any_valid_trail_round_trips(self, store: ComplaintStore, trail: list[ComplaintEvent]) -> None:
        """Any valid trail (any text, zone, amount) is stored and loaded back unchanged."""
        complaint_id = trail[0].complaint_id
        assume(store.version(complaint_id) == 0)
        assert store.append(complaint_id, trail, 0) == len(trail)
        assert store.load_events(complaint_id) == trail
