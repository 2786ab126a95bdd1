"""Audit integrity under load: many writers, one SQLite store, and a count of every event.

:func:`audit_load` opens ``complaints`` complaints, then lets ``writers`` threads or processes perform
``operations`` operations between them on randomly chosen complaints. Each writer loads the complaint,
performs one operation tagged with a unique id, and appends with the version it loaded; a writer that
loses a race gets :class:`~bankcomplaints.errors.ConcurrencyConflictError`, reloads and tries again.
At the end every stored trail is checked: every committed operation is stored exactly once, nothing
else is stored, and every hash chain verifies up to the head the store recorded.

    >>> import tempfile, pathlib
    >>> from bankcomplaints.testing.load import audit_load
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     report = audit_load(pathlib.Path(tmp) / "audit.db", writers=2, operations=40, complaints=4)
    >>> report.operations, report.events_lost, report.events_duplicated, report.chains_broken
    (40, 0, 0, 0)
"""

from __future__ import annotations

import multiprocessing
import os
import random
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pendulum

from bankcomplaints.adapters.sqlite import SQLiteStore
from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import ConcurrencyConflictError, InvalidOperationError
from bankcomplaints.events import ComplaintEvent, verify_chain
from bankcomplaints.values import Actor, CustomerRef, Kind, Priority, StaffRef

__all__ = ["LoadReport", "WriterReport", "audit_load", "operation_tag"]

_START = pendulum.datetime(2026, 10, 8, 9, tz="Asia/Shanghai")


@attrs.frozen(kw_only=True)
class WriterReport:
    """What one writer did: the tags of the operations it committed and how many races it lost."""

    writer: int
    committed: tuple[str, ...]
    conflicts: int


@attrs.frozen(kw_only=True)
class LoadReport:
    """The outcome of :func:`audit_load`; ``events_lost``, ``events_duplicated`` and ``chains_broken`` must be 0."""

    mode: str
    writers: int
    complaints: int
    operations: int
    conflicts: int
    events_expected: int
    events_stored: int
    events_lost: int
    events_duplicated: int
    chains_verified: int
    chains_broken: int
    seconds: float

    @property
    def ok(self) -> bool:
        """Nothing lost, nothing duplicated, every chain verified."""
        return not (self.events_lost or self.events_duplicated or self.chains_broken) and \
            self.events_stored == self.events_expected


def operation_tag(event: ComplaintEvent) -> str | None:
    """The operation tag a load writer put in an event (its reason or first explanation line), if any."""
    reason = getattr(event, "reason", None)
    if isinstance(reason, str) and reason.startswith("op:"):
        return reason
    explanation = getattr(event, "explanation", ())
    if explanation and isinstance(explanation[0], str) and explanation[0].startswith("op:"):
        return str(explanation[0])
    return None


def _perform(complaint: Complaint, tag: str, rng: random.Random, writer: int) -> None:
    actor = Actor(id=f"W-{writer}", role="handler")
    now = (complaint.updated_at or _START).add(seconds=1)
    choice = rng.randrange(4)
    if choice == 0:
        complaint.set_priority(rng.choice(list(Priority)), actor=actor, now=now, reason=tag)
    elif choice == 1:
        complaint.assign(StaffRef(id=f"H-{rng.randrange(20)}", role="handler"), actor=actor, now=now, reason=tag)
    elif choice == 2:
        complaint.link("related", f"X-{rng.randrange(1000)}", actor=actor, now=now, reason=tag)
    else:
        complaint.record_triage(actor=actor, now=now, kind=Kind.COMPLAINT, explanation=(tag,))


def run_writer(path: str, writer: int, operations: int, complaint_ids: tuple[str, ...], seed: int,
               *, start: Any = None) -> WriterReport:
    """One writer's share of the load: ``operations`` operations, each retried until it commits.

    Args:
        path: the SQLite file.
        writer: this writer's number (it seeds its choices and tags its operations).
        operations: how many operations to commit.
        complaint_ids: the complaints to choose from.
        seed: the load's random seed.
        start: a barrier (threading or multiprocessing) every writer waits at, so they really race.
    Returns:
        The tags it committed and the conflicts it met.
    """
    rng = random.Random(seed * 1_000 + writer)
    committed: list[str] = []
    conflicts = 0
    with SQLiteStore(path) as store:
        if start is not None:
            start.wait()
        for number in range(operations):
            tag = f"op:w{writer}:{number}"
            complaint_id = rng.choice(complaint_ids)
            while True:
                complaint = store.load_complaint(complaint_id)
                _perform(complaint, tag, rng, writer)
                try:
                    store.save(complaint)
                except ConcurrencyConflictError:
                    conflicts += 1
                    continue
                committed.append(tag)
                break
    return WriterReport(writer=writer, committed=tuple(committed), conflicts=conflicts)


_PROCESS_BARRIER: Any = None


def _init_process(barrier: Any) -> None:
    global _PROCESS_BARRIER  # noqa: PLW0603 - a pool initializer's only way to hand a barrier to its jobs
    _PROCESS_BARRIER = barrier


def _writer_job(arguments: tuple[str, int, int, tuple[str, ...], int]) -> WriterReport:
    return run_writer(*arguments, start=_PROCESS_BARRIER)


def audit_load(
    path: str | os.PathLike[str],
    *,
    writers: int = 8,
    operations: int = 10_000,
    complaints: int = 100,
    processes: bool = False,
    seed: int = 0,
) -> LoadReport:
    """Run the load and check the stored trails.

    Args:
        path: a new SQLite file for the store.
        writers: how many concurrent writers.
        operations: operations in total, shared evenly between the writers.
        complaints: how many complaints they share.
        processes: writers are processes (``spawn``) rather than threads.
        seed: the random seed of the writers' choices.
    Returns:
        The counts: operations, conflicts, events expected and stored, lost, duplicated, chains verified.
    Raises:
        InvalidOperationError: a count is not positive, or ``path`` already exists.
    """
    if min(writers, operations, complaints) < 1:
        raise InvalidOperationError("writers", "writers, operations and complaints must be at least 1")
    if Path(path).exists():
        raise InvalidOperationError("path", f"{os.fspath(path)!r} already exists; the load needs a new store")
    database = os.fspath(path)
    ids = tuple(f"L-{index:04d}" for index in range(complaints))
    with SQLiteStore(database) as store:
        clerk = Actor(id="S-0", role="front_line")
        for complaint_id in ids:
            store.save(Complaint.receive(id=complaint_id, actor=clerk, now=_START, salt=complaint_id,
                                         complainant=CustomerRef(id=f"K-{complaint_id}", name="测试客户")))
    shares = [operations // writers + (1 if index < operations % writers else 0) for index in range(writers)]
    jobs = [(database, index, share, ids, seed) for index, share in enumerate(shares)]
    started = time.perf_counter()
    if processes:
        context = multiprocessing.get_context("spawn")
        with context.Pool(writers, initializer=_init_process, initargs=(context.Barrier(writers),)) as pool:
            reports = pool.map(_writer_job, jobs, chunksize=1)
    else:
        results: dict[int, WriterReport] = {}
        barrier = threading.Barrier(writers)

        def work(job: tuple[str, int, int, tuple[str, ...], int]) -> None:
            results[job[1]] = run_writer(*job, start=barrier)

        threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        reports = [results[index] for index in range(writers)]
    seconds = time.perf_counter() - started
    return _check(database, ids, reports, mode="processes" if processes else "threads", seconds=seconds)


def _check(database: str, ids: tuple[str, ...], reports: list[WriterReport], *, mode: str,
           seconds: float) -> LoadReport:
    committed = Counter(tag for report in reports for tag in report.committed)
    stored: Counter[str] = Counter()
    events_stored = verified = broken = 0
    with SQLiteStore(database) as store:
        for complaint_id in ids:
            events = store.load_events(complaint_id)
            events_stored += len(events)
            stored.update(tag for tag in map(operation_tag, events) if tag is not None)
            chain = verify_chain(events, expected_head=store.head(complaint_id),
                                 expected_length=store.version(complaint_id))
            snapshot = store.load_complaint(complaint_id)
            if chain.ok and snapshot == Complaint.from_events(events):
                verified += 1
            else:
                broken += 1
    lost = sum((committed - stored).values())
    duplicated = sum((stored - committed).values())
    return LoadReport(
        mode=mode, writers=len(reports), complaints=len(ids), operations=sum(committed.values()),
        conflicts=sum(report.conflicts for report in reports), events_expected=len(ids) + sum(committed.values()),
        events_stored=events_stored, events_lost=lost, events_duplicated=duplicated, chains_verified=verified,
        chains_broken=broken, seconds=seconds,
    )
