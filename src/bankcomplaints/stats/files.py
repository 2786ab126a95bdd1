"""Record files for the command line and the engines: the only part of :mod:`bankcomplaints.stats` that opens files.

Two input formats are read, told apart by their first non-blank character:

- **records JSON lines** (``{`` first): one :class:`~bankcomplaints.stats.records.ComplaintRecord` per line,
  as written by ``bankcomplaints import``; split into partitions by byte range (:class:`JsonLinesRange`), so each
  worker reads its own part, and aggregated without building records
  (:mod:`~bankcomplaints.stats.json_lines`);
- **CFPB CSV** (anything else): the Consumer Complaint Database export, read with
  :func:`~bankcomplaints.stats.cfpb_import.read_cfpb`; CSV fields may hold newlines, so it is parsed once and the
  records are split in memory.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import attrs

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.aggregate import Aggregate, AggregateSpec
from bankcomplaints.stats.cfpb_import import read_cfpb
from bankcomplaints.stats.engine import Loader, partition
from bankcomplaints.stats.json_lines import CHUNK_LINES, LineTally
from bankcomplaints.stats.records import ComplaintRecord, record_from_json

__all__ = ["JsonLinesRange", "detect_format", "loaders_for", "read_jsonl_range", "read_records"]

FORMATS = ("jsonl", "cfpb")
_BLOCK_BYTES = 1 << 20


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


def _line_chunks(path: str, start: int, end: int) -> Iterator[tuple[list[int], list[bytes]]]:
    """The lines starting in ``[start, end)`` (``end=-1``: to the end), in chunks, each line with its byte offset."""
    with open(path, "rb") as handle:
        if start > 0:
            handle.seek(start - 1)
            handle.readline()  # finish the line that started before `start`
        position = handle.tell()
        if end < 0:
            stop = handle.seek(0, os.SEEK_END)
        elif end <= position:
            return
        else:
            handle.seek(end - 1)
            handle.readline()  # the line holding byte end - 1 started in the range: read it to its end
            stop = handle.tell()
        handle.seek(position)
        carry, last = b"", False
        while not last and position < stop:
            more = handle.read(min(_BLOCK_BYTES, stop - position - len(carry)))
            block = carry + more
            cut = block.rfind(b"\n") + 1
            last = not more or position + len(block) >= stop  # (not more: the file shrank meanwhile)
            if last:
                data = block
            elif cut:
                data, carry = block[:cut], block[cut:]
            else:  # no line ends in this block yet: read on
                carry = block
                continue
            lines = data.split(b"\n")
            if lines[-1] == b"":
                lines.pop()
            offsets = list(itertools.accumulate(map(len, lines[:-1]), lambda at, n: at + n + 1, initial=position))
            for first in range(0, len(lines), CHUNK_LINES):
                yield offsets[first:first + CHUNK_LINES], lines[first:first + CHUNK_LINES]
            position += len(data)


def _byte_place(path: str, offsets: list[int], index: int) -> str:
    return f"{path}: byte {offsets[index]}"


@attrs.frozen
class JsonLinesRange:
    """The records whose line starts in the byte range ``[start, end)`` of a records JSON lines file.

    A picklable loader for :func:`~bankcomplaints.stats.engine.run`: calling it reads the records;
    :meth:`aggregate` counts them without building records, which is what the engines use.

    Attributes:
        path: the file.
        start: first byte (a line starting before it belongs to the previous range).
        end: end of the range (exclusive); ``-1`` for the end of the file.
    """

    path: str
    start: int
    end: int

    def __call__(self) -> list[ComplaintRecord]:
        """The records of the range, in file order (see :func:`read_jsonl_range`).

        Returns:
            The records.

        Raises:
            InvalidComplaintDataError: a line is not a valid record; the path names the byte offset of its line.
            OSError: the file can't be read.
        """
        return list(read_jsonl_range(self.path, self.start, self.end))

    def aggregate(self, spec: AggregateSpec) -> Aggregate:
        """The aggregate of the range's records, counted straight from the lines.

        Args:
            spec: the tables to keep.

        Returns:
            Equal to ``aggregate(self(), spec)``.

        Raises:
            InvalidComplaintDataError: a line is not a valid record; the path names the byte offset of its line
                and the field, as for :func:`read_jsonl_range`.
            OSError: the file can't be read.
        """
        tally = LineTally(spec)
        for offsets, lines in _line_chunks(self.path, self.start, self.end):
            tally.add_lines(lines, functools.partial(_byte_place, self.path, offsets))
        return tally.result()


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
        return JsonLinesRange(str(path), 0, -1)()
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
    return [JsonLinesRange(str(path), bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
