"""Record files for the command line and the engines: the only part of :mod:`bankcomplaints.stats` that opens files.

Two input formats are read, told apart by their first non-blank character:

- **records JSON lines** (``{`` first): one :class:`~bankcomplaints.stats.records.ComplaintRecord` per line,
  as written by ``bankcomplaints import``; split into partitions by byte range, so each worker reads its own part;
- **CFPB CSV** (anything else): the Consumer Complaint Database export, read with
  :func:`~bankcomplaints.stats.cfpb_import.read_cfpb`; CSV fields may hold newlines, so it is parsed once and the
  records are split in memory.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.cfpb_import import read_cfpb
from bankcomplaints.stats.engine import Loader, partition
from bankcomplaints.stats.records import ComplaintRecord, record_from_json

__all__ = ["detect_format", "loaders_for", "read_jsonl_range", "read_records"]

FORMATS = ("jsonl", "cfpb")


def detect_format(path: str | os.PathLike[str]) -> str:
    """``jsonl`` if the file's first non-blank character is ``{``, else ``cfpb``.

    Args:
        path: the file.

    Returns:
        One of :data:`FORMATS`.

    Raises:
        OSError: the file can't be read.
    """
    with open(path, "rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if head.startswith(b"{") else "cfpb"


def read_jsonl_range(path: str, start: int, end: int) -> Iterator[ComplaintRecord]:
    """Records whose line starts in the byte range ``[start, end)`` of a records JSON lines file.

    Args:
        path: the file.
        start: first byte (a line starting before it belongs to the previous range).
        end: end of the range (exclusive); ``-1`` for the end of the file.

    Returns:
        The records, in file order.

    Raises:
        InvalidComplaintDataError: a line is not a valid record; the path names the byte offset of its line.
        OSError: the file can't be read.
    """
    with open(path, "rb") as handle:
        if start > 0:
            handle.seek(start - 1)
            handle.readline()  # finish the line that started before `start`
        position = handle.tell()
        while end < 0 or position < end:
            line = handle.readline()
            if not line:
                return
            position += len(line)
            if line.strip():
                yield record_from_json(line, where=f"{path}: byte {position - len(line)}")


def _jsonl_part(path: str, start: int, end: int) -> list[ComplaintRecord]:
    return list(read_jsonl_range(path, start, end))


def read_records(path: str | os.PathLike[str]) -> list[ComplaintRecord]:
    """Every record of a records JSON lines file or a CFPB CSV.

    Args:
        path: the file.

    Returns:
        The records in file order.

    Raises:
        InvalidComplaintDataError: the file is malformed (the path names the row or line).
        OSError: the file can't be read.
    """
    if detect_format(path) == "jsonl":
        return _jsonl_part(str(path), 0, -1)
    with open(path, encoding="utf-8", newline="") as handle:
        return list(read_cfpb(handle))


def loaders_for(path: str | os.PathLike[str], partitions: int = 1) -> list[Loader]:
    """Partition loaders for a file: byte ranges for JSON lines, in-memory slices for a CFPB CSV.

    Args:
        path: the file.
        partitions: how many parts (at least 1).

    Returns:
        Picklable loaders.

    Raises:
        InvalidOperationError: ``partitions`` is below 1.
        InvalidComplaintDataError: a CFPB CSV is malformed.
        OSError: the file can't be read.
    """
    if partitions < 1:
        raise InvalidOperationError("partitions", f"must be at least 1, got {partitions}")
    if detect_format(path) != "jsonl":
        return partition(read_records(path), partitions)
    size = Path(path).stat().st_size
    step = -(-size // partitions) or 1
    bounds = [*range(0, size, step), size] if size else [0, 0]
    return [functools.partial(_jsonl_part, str(path), bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
