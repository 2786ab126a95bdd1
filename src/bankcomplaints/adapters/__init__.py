"""Storage adapters: what a host's complaint store must do, and a reference implementation.

The library does no I/O; the host stores complaints and events however it likes.
:class:`ComplaintStore` is the small interface that :mod:`bankcomplaints.testing.contract`
tests, and :class:`~bankcomplaints.adapters.sqlite.SQLiteStore` is a reference implementation of it
on the standard library's :mod:`sqlite3`: an example to read and copy, not a requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from bankcomplaints.complaint import Complaint
from bankcomplaints.events import ComplaintEvent

__all__ = ["ComplaintStore"]


@runtime_checkable
class ComplaintStore(Protocol):
    """The interface a host's complaint/event store offers to the contract tests.

    ``append`` is the only write: it adds a complaint's new events atomically,
    and only if the store still holds ``expected_version`` events for it (optimistic concurrency).
    """

    def append(
        self,
        complaint_id: str,
        events: Sequence[ComplaintEvent],
        expected_version: int,
        *,
        snapshot: Complaint | None = None,
    ) -> int:
        """Add ``events`` after version ``expected_version``; return the new version.

        Raises:
            ConcurrencyConflictError: the store holds another version (someone else appended first).
        """
        ...

    def load_events(self, complaint_id: str) -> list[ComplaintEvent]:
        """Every event of the complaint in sequence order (empty if unknown)."""
        ...

    def version(self, complaint_id: str) -> int:
        """How many events the store holds for the complaint (0 if unknown)."""
        ...

    def ids(self) -> list[str]:
        """The ids of every stored complaint, sorted."""
        ...
