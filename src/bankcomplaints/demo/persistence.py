"""Store the quarter in SQLite through the reference adapter, load it back and verify every hash chain.

This is what a host does with the library's events: :func:`persist` appends each complaint's pending
events (and a snapshot) with :class:`~bankcomplaints.adapters.sqlite.SQLiteStore`; :func:`reload`
opens the file again, loads every complaint's events, checks the chain against the stored head with
:func:`~bankcomplaints.events.verify_chain`, and rebuilds each complaint by replaying its events
(:meth:`Complaint.from_events <bankcomplaints.complaint.Complaint.from_events>`), never trusting the snapshot.

    >>> import tempfile, pathlib
    >>> from bankcomplaints.demo.simulation import simulate
    >>> from bankcomplaints.demo.persistence import persist, reload
    >>> run = simulate(seed=1, count=5)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "q4.sqlite"
    >>> persist(run.complaints, path) == sum(c.version for c in run.complaints)
    True
    >>> loaded = reload(path)
    >>> loaded.all_verified, loaded.complaints == run.complaints
    (True, True)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

import attrs

from bankcomplaints.adapters.sqlite import SQLiteStore
from bankcomplaints.complaint import Complaint
from bankcomplaints.events import ChainReport, ComplaintEvent, verify_chain

__all__ = ["Reloaded", "persist", "reload", "remove_store"]

Progress = Callable[[int], None]


@attrs.frozen(kw_only=True)
class Reloaded:
    """Everything read back from the store, with the verdict on each complaint's chain."""

    complaints: tuple[Complaint, ...]
    events: tuple[tuple[ComplaintEvent, ...], ...]
    reports: tuple[ChainReport, ...]

    @property
    def event_count(self) -> int:
        """How many events were read."""
        return sum(len(trail) for trail in self.events)

    @property
    def verified(self) -> int:
        """How many chains verified."""
        return sum(report.ok for report in self.reports)

    @property
    def all_verified(self) -> bool:
        """Whether every chain verified."""
        return self.verified == len(self.reports)

    def broken(self) -> list[str]:
        """One line per broken chain: the complaint, the first bad event and why."""
        return [f"{c.id}: event {r.first_bad}: {r.reason}" for c, r in zip(self.complaints, self.reports, strict=True)
                if not r.ok]


def remove_store(path: str | os.PathLike[str]) -> None:
    """Delete a SQLite store file and its write-ahead-log companions, if they exist."""
    base = os.fspath(path)
    for name in (base, f"{base}-wal", f"{base}-shm"):
        if os.path.exists(name):
            os.remove(name)


def persist(complaints: Iterable[Complaint], path: str | os.PathLike[str], *, progress: Progress | None = None) -> int:
    """Append every complaint's pending events to a new SQLite store at ``path`` (an old one is replaced).

    Args:
        complaints: complaints whose events are pending; they are collected as they are stored.
        path: the database file.
        progress: called with the number of complaints stored so far.
    Returns:
        The number of events stored.
    Raises:
        StoreError: the database failed.
        ConcurrencyConflictError: a complaint was stored before (only when ``path`` is shared with another writer).
    """
    remove_store(path)
    stored = 0
    with SQLiteStore(path, durable=False) as store:
        for done, complaint in enumerate(complaints, start=1):
            stored += len(complaint.pending_events)
            store.save(complaint)
            if progress is not None:
                progress(done)
    return stored


def reload(path: str | os.PathLike[str], *, progress: Progress | None = None) -> Reloaded:
    """Load every complaint from the store, verify its chain and rebuild it from its events.

    Args:
        path: the database file written by :func:`persist`.
        progress: called with the number of complaints reloaded so far.
    Returns:
        The complaints (in id order), their events and one chain report each.
    Raises:
        StoreError: the file is not a store, or a row is unreadable.
        InvalidComplaintDataError: a trail does not rebuild a complaint.
    """
    complaints, trails, reports = [], [], []
    with SQLiteStore(path, durable=False) as store:
        for done, complaint_id in enumerate(store.ids(), start=1):
            events = store.load_events(complaint_id)
            reports.append(verify_chain(events, expected_head=store.head(complaint_id),
                                        expected_length=store.version(complaint_id)))
            complaints.append(Complaint.from_events(events))
            trails.append(tuple(events))
            if progress is not None:
                progress(done)
    return Reloaded(complaints=tuple(complaints), events=tuple(trails), reports=tuple(reports))
