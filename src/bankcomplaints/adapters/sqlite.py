"""A reference complaint store on the standard library's :mod:`sqlite3`.

**A reference, not a requirement.** The library never stores anything; a host keeps complaints and events
in its own database. This adapter shows the one rule that matters, and passes the contract tests of
:mod:`bankcomplaints.testing.contract`: events are appended atomically, and only if the store still holds
the version the writer started from. Two writers racing on one complaint cannot both win:
the loser gets :class:`~bankcomplaints.errors.ConcurrencyConflictError`, reloads and retries,
and no event is ever lost or written twice.

Two tables: ``complaints`` (one row per complaint: version, head hash, a JSON snapshot) and
``events`` (one row per event: its JSON, sequence number and hash, with ``UNIQUE(complaint_id, seq)``).
An append runs in one ``BEGIN IMMEDIATE`` transaction that checks the version, inserts the events
and updates the snapshot; the unique constraint refuses a duplicate sequence number even if a
writer skipped the check.

    >>> import pendulum, bankcomplaints as bc
    >>> from bankcomplaints.adapters.sqlite import SQLiteStore
    >>> store = SQLiteStore(":memory:")
    >>> now = pendulum.datetime(2026, 9, 30, 9, tz="Asia/Shanghai")
    >>> clerk = bc.Actor(id="S-1", role="front_line")
    >>> c = bc.Complaint.receive(id="C-1", actor=clerk, now=now, complainant=bc.CustomerRef(id="K-1", name="李雷"))
    >>> store.save(c)
    1
    >>> stale = store.load_complaint("C-1")
    >>> c.set_priority(bc.Priority.P2, actor=clerk, now=now, reason="elderly customer")
    >>> store.save(c)
    2
    >>> stale.set_priority(bc.Priority.P4, actor=clerk, now=now, reason="routine")
    >>> store.save(stale)
    Traceback (most recent call last):
    ...
    bankcomplaints.errors.ConcurrencyConflictError: complaint C-1: expected version 1, store has 2
    >>> bc.verify_chain(store.load_events("C-1"), expected_head=store.head("C-1")).ok
    True
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import (
    ChainVerificationError,
    ComplaintError,
    ConcurrencyConflictError,
    InvalidOperationError,
    StoreError,
)
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.serialization import make_converter, structure

__all__ = ["SQLiteStore"]

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS complaints (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL CHECK (version > 0),
        last_hash TEXT NOT NULL,
        snapshot TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        complaint_id TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        type TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (complaint_id, seq)
    )""",
)


class SQLiteStore:
    """Complaints and their events in one SQLite file (or ``":memory:"``).

    One connection per store object, guarded by a lock, so a store may be shared by threads;
    several store objects (in several threads or processes) may open the same file.
    The file uses write-ahead logging; a writer waits up to ``timeout`` seconds for another's commit.

    Args:
        path: the database file, or ``":memory:"``.
        timeout: seconds to wait for the write lock.
        durable: ``True`` (default) syncs every commit to disk (``synchronous=FULL``);
            ``False`` trades durability on power loss for speed (``synchronous=NORMAL``).
    Raises:
        StoreError: the database cannot be opened or its schema created.
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0, durable: bool = True) -> None:
        self.path = os.fspath(path)
        self._converter = make_converter()
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            with self._write():
                for statement in _SCHEMA:
                    self._db.execute(statement)
        except sqlite3.Error as exc:
            raise StoreError("", f"cannot open SQLite store {self.path!r}: {exc}") from None

    # --- writing ---------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` takes the database's write lock up front."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def append(
        self,
        complaint_id: str,
        events: Sequence[ComplaintEvent],
        expected_version: int,
        *,
        snapshot: Complaint | None = None,
    ) -> int:
        """Add ``events`` to the complaint, atomically, if the store holds ``expected_version`` events.

        Args:
            complaint_id: the complaint.
            events: its new events, with sequence numbers ``expected_version + 1`` onwards.
            expected_version: the version the writer loaded (0 for a new complaint).
            snapshot: the complaint after these events, stored so it loads without replay.
        Returns:
            The new version.
        Raises:
            ConcurrencyConflictError: the store holds another version; nothing was written.
            ChainVerificationError: the first new event does not link to the stored head.
            InvalidOperationError: no events, events of another complaint or out of sequence,
                or a snapshot that does not match them.
            StoreError: the database failed.
        """
        batch = tuple(events)
        self._check_batch(complaint_id, batch, expected_version, snapshot)
        rows = [self._event_row(event) for event in batch]
        new_version = expected_version + len(batch)
        snapshot_json = None if snapshot is None else json.dumps(self._converter.unstructure(snapshot),
                                                                 ensure_ascii=False)
        try:
            with self._write() as db:
                found = db.execute("SELECT version, last_hash FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
                actual, head = (0, "") if found is None else (int(found[0]), str(found[1]))
                if actual != expected_version:
                    raise ConcurrencyConflictError(complaint_id, expected_version, actual)
                if batch[0].prev_hash != head:
                    raise ChainVerificationError(expected_version, "first new event does not link to the stored head")
                db.executemany(
                    "INSERT INTO events (complaint_id, seq, type, occurred_at, prev_hash, hash, body)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                db.execute(
                    "INSERT INTO complaints (id, version, last_hash, snapshot) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET version = excluded.version, last_hash = excluded.last_hash,"
                    " snapshot = excluded.snapshot",
                    (complaint_id, new_version, batch[-1].hash, snapshot_json),
                )
        except sqlite3.IntegrityError:
            # Another writer got the same sequence numbers in first: report it as the conflict it is.
            raise ConcurrencyConflictError(complaint_id, expected_version, self.version(complaint_id)) from None
        except sqlite3.Error as exc:
            raise StoreError(complaint_id, f"append failed: {exc}") from None
        return new_version

    @staticmethod
    def _check_batch(
        complaint_id: str, batch: tuple[ComplaintEvent, ...], expected_version: int, snapshot: Complaint | None
    ) -> None:
        if isinstance(expected_version, bool) or not isinstance(expected_version, int) or expected_version < 0:
            raise InvalidOperationError("expected_version", "must be a whole number, zero or more")
        if not batch:
            raise InvalidOperationError("events", "nothing to append")
        for index, event in enumerate(batch):
            if not isinstance(event, ComplaintEvent):
                raise InvalidOperationError(f"events[{index}]", f"is a {type(event).__name__}, not an event")
            if event.complaint_id != complaint_id:
                raise InvalidOperationError(f"events[{index}]", f"belongs to complaint {event.complaint_id!r}")
            if event.seq != expected_version + index + 1:
                raise InvalidOperationError(
                    f"events[{index}]", f"has seq {event.seq}, expected {expected_version + index + 1}"
                )
            if index and event.prev_hash != batch[index - 1].hash:
                raise InvalidOperationError(f"events[{index}]", "does not link to the event before it")
        if snapshot is not None and (snapshot.id != complaint_id or snapshot.version != expected_version + len(batch)):
            raise InvalidOperationError("snapshot", "is not the complaint as of the last appended event")

    def _event_row(self, event: ComplaintEvent) -> tuple[Any, ...]:
        body = json.dumps(self._converter.unstructure(event), ensure_ascii=False)
        occurred = self._converter.unstructure(event.occurred_at)
        return (event.complaint_id, event.seq, type(event).__name__, occurred, event.prev_hash, event.hash, body)

    def save(self, complaint: Complaint) -> int:
        """Append the complaint's pending events and its snapshot, then hand the events over.

        The pending events are collected only once they are stored, so after a conflict the
        complaint still holds them (reload and redo the operation).

        Returns:
            The stored version (unchanged if there was nothing pending).
        Raises:
            ConcurrencyConflictError: the complaint changed in the store since it was loaded.
            StoreError: the database failed.
        """
        pending = complaint.pending_events
        if not pending:
            return self.version(complaint.id)
        version = self.append(complaint.id, pending, complaint.version - len(pending), snapshot=complaint)
        complaint.collect_events()
        return version

    # --- reading ---------------------------------------------------------------------------------

    def _read(self, sql: str, params: tuple[Any, ...], complaint_id: str) -> list[Any]:
        try:
            with self._lock:
                return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(complaint_id, f"read failed: {exc}") from None

    def version(self, complaint_id: str) -> int:
        """How many events are stored for the complaint (0 if unknown)."""
        rows = self._read("SELECT version FROM complaints WHERE id = ?", (complaint_id,), complaint_id)
        return int(rows[0][0]) if rows else 0

    def head(self, complaint_id: str) -> str:
        """The hash of the complaint's last stored event (``""`` if unknown), for ``verify_chain(expected_head=)``."""
        rows = self._read("SELECT last_hash FROM complaints WHERE id = ?", (complaint_id,), complaint_id)
        return str(rows[0][0]) if rows else ""

    def ids(self) -> list[str]:
        """The ids of every stored complaint, sorted."""
        return [str(row[0]) for row in self._read("SELECT id FROM complaints ORDER BY id", (), "")]

    def load_events(self, complaint_id: str) -> list[ComplaintEvent]:
        """Every event of the complaint, in sequence order (empty if unknown).

        Raises:
            StoreError: a stored row is no longer a valid event, or the database failed.
        """
        rows = self._read("SELECT seq, body FROM events WHERE complaint_id = ? ORDER BY seq", (complaint_id,),
                          complaint_id)
        events: list[ComplaintEvent] = []
        for seq, body in rows:
            try:
                events.append(structure(json.loads(body), ComplaintEvent, self._converter))
            except (ComplaintError, ValueError, TypeError, RecursionError) as exc:  # a tampered or corrupt row
                raise StoreError(complaint_id, f"event {seq} is unreadable: {exc}") from None
        return events

    def load_snapshot(self, complaint_id: str) -> Complaint | None:
        """The stored snapshot of the complaint, without replaying events (``None`` if none was stored).

        Raises:
            StoreError: the snapshot is unreadable, or the database failed.
        """
        rows = self._read("SELECT snapshot FROM complaints WHERE id = ?", (complaint_id,), complaint_id)
        if not rows or rows[0][0] is None:
            return None
        try:
            return structure(json.loads(rows[0][0]), Complaint, self._converter)
        except (ComplaintError, ValueError, TypeError, RecursionError) as exc:  # a tampered or corrupt row
            raise StoreError(complaint_id, f"snapshot is unreadable: {exc}") from None

    def load_complaint(self, complaint_id: str, *, replay: bool = False) -> Complaint:
        """The complaint as stored: from its snapshot, or rebuilt from its events if there is none or ``replay``.

        Raises:
            StoreError: the complaint is unknown or unreadable.
        """
        if not replay:
            snapshot = self.load_snapshot(complaint_id)
            if snapshot is not None:
                return snapshot
        events = self.load_events(complaint_id)
        if not events:
            raise StoreError(complaint_id, "no such complaint in the store")
        try:
            return Complaint.from_events(events)
        except ComplaintError as exc:
            raise StoreError(complaint_id, f"events do not rebuild a complaint: {exc}") from None

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"
