"""The SQLite reference store: the contract suite, its own refusals, and writers in several processes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pendulum
import pytest

import bankcomplaints as bc
from bankcomplaints.adapters.sqlite import SQLiteStore
from bankcomplaints.errors import StoreError
from bankcomplaints.testing import ComplaintGenerator
from bankcomplaints.testing.contract import StoreContract
from bankcomplaints.testing.load import audit_load

NOW = pendulum.datetime(2026, 9, 30, 9, tz="Asia/Shanghai")
CLERK = bc.Actor(id="S-1", role="front_line")


class TestSQLiteStoreContract(StoreContract):
    """The reference store passes the contract every host store must pass."""

    def make_store(self, path: Path) -> SQLiteStore:
        return SQLiteStore(path / "store.db")


def received(complaint_id: str = "C-1") -> bc.Complaint:
    return bc.Complaint.receive(id=complaint_id, actor=CLERK, now=NOW, salt="s",
                                complainant=bc.CustomerRef(id="K-1", name="王芳"))


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    with SQLiteStore(tmp_path / "store.db") as opened:
        yield opened


def test_snapshot_loads_without_replay_and_equals_replay(store: SQLiteStore) -> None:
    """The stored snapshot is the complaint as saved, the same as replaying its events."""
    for synthetic in ComplaintGenerator(seed=3).complaints(20):
        complaint = synthetic.receive()
        complaint.record_triage(actor=CLERK, now=synthetic.received_at, kind=synthetic.kind,
                                business=synthetic.business, cause=synthetic.cause,
                                risk_factors=synthetic.risk_factors)
        store.save(complaint)
        assert store.load_snapshot(complaint.id) == complaint
        assert store.load_complaint(complaint.id, replay=True) == complaint
    assert len(store.ids()) == 20


def test_save_keeps_pending_events_after_a_conflict(store: SQLiteStore) -> None:
    """A refused save leaves the complaint's pending events in place, so the host can redo the work."""
    store.save(received())
    stale = store.load_complaint("C-1")
    fresh = store.load_complaint("C-1")
    fresh.set_priority(bc.Priority.P1, actor=CLERK, now=NOW, reason="elderly")
    store.save(fresh)
    stale.set_priority(bc.Priority.P4, actor=CLERK, now=NOW, reason="routine")
    with pytest.raises(bc.ConcurrencyConflictError):
        store.save(stale)
    assert [type(event).__name__ for event in stale.pending_events] == ["PriorityChanged"]
    assert store.load_complaint("C-1").priority is bc.Priority.P1


def test_save_with_nothing_pending_writes_nothing(store: SQLiteStore) -> None:
    """Saving a complaint with no pending events returns the stored version."""
    complaint = received()
    store.save(complaint)
    assert store.save(complaint) == 1
    assert len(store.load_events("C-1")) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda events: (events, -1), "expected_version"),
        (lambda events: ((), 0), "events"),
        (lambda events: (events[1:], 0), "events[0]"),
        (lambda events: ((events[0], events[2]), 0), "events[1]"),
    ],
    ids=["negative-version", "empty", "out-of-sequence", "gap"],
)
def test_malformed_batches_are_refused_before_writing(store: SQLiteStore, change, field) -> None:
    """A batch out of sequence, empty, or with a bad version is refused and nothing is stored."""
    complaint = received()
    complaint.set_priority(bc.Priority.P2, actor=CLERK, now=NOW, reason="r")
    complaint.set_priority(bc.Priority.P3, actor=CLERK, now=NOW, reason="r")
    batch, version = change(complaint.collect_events())
    with pytest.raises(bc.InvalidOperationError) as refused:
        store.append("C-1", batch, version)
    assert refused.value.field == field
    assert store.version("C-1") == 0


def test_events_of_another_complaint_are_refused(store: SQLiteStore) -> None:
    """Appending one complaint's events under another id is refused."""
    with pytest.raises(bc.InvalidOperationError, match="belongs to complaint 'C-1'"):
        store.append("C-2", received().collect_events(), 0)


def test_a_batch_that_does_not_link_to_the_stored_head_is_refused(store: SQLiteStore) -> None:
    """Events built on another trail (a different head hash) are refused by the chain check."""
    store.save(received())
    impostor = bc.Complaint.receive(id="C-1", actor=CLERK, now=NOW, salt="other",
                                    complainant=bc.CustomerRef(id="K-2", name="李雷"))
    impostor.collect_events()
    impostor.set_priority(bc.Priority.P1, actor=CLERK, now=NOW, reason="r")
    with pytest.raises(bc.ChainVerificationError):
        store.save(impostor)
    assert store.version("C-1") == 1


def test_unique_constraint_refuses_a_duplicate_sequence_number(store: SQLiteStore, tmp_path: Path) -> None:
    """Even a row written behind the store's back cannot take a (complaint, seq) slot twice."""
    store.save(received())
    with sqlite3.connect(tmp_path / "store.db") as raw, pytest.raises(sqlite3.IntegrityError):
        raw.execute("INSERT INTO events VALUES ('C-1', 1, 'X', '', '', '', '{}')")


def test_unreadable_rows_raise_store_error(store: SQLiteStore, tmp_path: Path) -> None:
    """A tampered event row is reported as a StoreError naming the event, not a parser error."""
    store.save(received())
    with sqlite3.connect(tmp_path / "store.db") as raw:
        raw.execute("UPDATE events SET body = '{\"type\": \"Nope\"}' WHERE seq = 1")
    with pytest.raises(StoreError, match="event 1 is unreadable"):
        store.load_events("C-1")


def test_unknown_complaint_cannot_be_loaded(store: SQLiteStore) -> None:
    """Loading a complaint that was never stored is a StoreError."""
    with pytest.raises(StoreError, match="no such complaint"):
        store.load_complaint("C-404")
    assert store.load_snapshot("C-404") is None


def test_tampering_is_caught_by_the_chain(store: SQLiteStore, tmp_path: Path) -> None:
    """Editing a stored event's text breaks the hash chain at that event."""
    complaint = received()
    complaint.set_priority(bc.Priority.P2, actor=CLERK, now=NOW, reason="genuine")
    store.save(complaint)
    with sqlite3.connect(tmp_path / "store.db") as raw:
        raw.execute("UPDATE events SET body = replace(body, 'genuine', 'forged') WHERE seq = 2")
    report = bc.verify_chain(store.load_events("C-1"), expected_head=store.head("C-1"))
    assert (report.ok, report.first_bad) == (False, 1)


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    """A path in a directory that does not exist gives one StoreError."""
    with pytest.raises(StoreError, match="cannot open"):
        SQLiteStore(tmp_path / "missing" / "store.db")


def test_writer_threads_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    """Four writer threads, 400 operations on 8 complaints: nothing lost or duplicated, every chain verifies."""
    report = audit_load(tmp_path / "load.db", writers=4, operations=400, complaints=8)
    assert report.operations == 400
    assert report.events_stored == report.events_expected == 408
    assert (report.events_lost, report.events_duplicated, report.chains_broken) == (0, 0, 0)
    assert report.chains_verified == 8


def test_writer_processes_on_one_complaint_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    """Three writer processes racing on a single complaint: losers retry, and every operation is stored once."""
    report = audit_load(tmp_path / "load.db", writers=3, operations=90, complaints=1, processes=True)
    assert report.operations == 90
    assert report.events_stored == report.events_expected == 91
    assert (report.events_lost, report.events_duplicated, report.chains_broken) == (0, 0, 0)
    assert report.ok
