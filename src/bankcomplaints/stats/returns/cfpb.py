"""US: export records in the CFPB Consumer Complaint Database shape (CCDB CSV field names, REGULATIONS.md §5.2).

A record imported from the CCDB keeps its original fields as attributes and is written back as it came, except
the narrative and the ZIP code, which the importer never keeps.
Other records are described with the library's English labels: ``Product`` is the business category, ``Issue`` the
cause, ``Submitted via`` the channel, ``Timely response?`` whether any clock was breached.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from bankcomplaints.stats.cfpb_import import CCDB_API_NAMES
from bankcomplaints.stats.records import ComplaintRecord
from bankcomplaints.stats.report import display_label

__all__ = ["CCDB_COLUMNS", "ccdb_csv_lines", "ccdb_rows"]

CCDB_COLUMNS = (
    "Date received", "Product", "Sub-product", "Issue", "Sub-issue", "Consumer complaint narrative",
    "Company public response", "Company", "State", "ZIP code", "Tags", "Consumer consent provided?", "Submitted via",
    "Date sent to company", "Company response to consumer", "Timely response?", "Consumer disputed?", "Complaint ID",
)
"""The 18 standard CCDB CSV columns, in file order."""

_WITHHELD = frozenset({"Consumer complaint narrative", "ZIP code"})


def _company_response(record: ComplaintRecord) -> str:
    if record.status != "closed":
        return "In progress"
    if record.redress is not None:
        return "Closed with monetary relief"
    if record.upheld:
        return "Closed with non-monetary relief"
    return "Closed with explanation"


def _timely(record: ComplaintRecord) -> str:
    states = {clock.state for clock in record.clocks}
    if "breached" in states:
        return "No"
    return "Yes" if "met" in states else ""


def _derived(record: ComplaintRecord, company: str) -> dict[str, str]:
    received = record.received_on.isoformat()
    return {
        "Date received": received,
        "Product": display_label("business", record.business),
        "Issue": display_label("cause", record.cause),
        "Company": company,
        "State": record.region,
        "Submitted via": display_label("channel", record.channel),
        "Date sent to company": received,
        "Company response to consumer": _company_response(record),
        "Timely response?": _timely(record),
        "Consumer disputed?": "Yes" if record.reopened else "N/A",
        "Complaint ID": record.id,
    }


def ccdb_rows(records: Iterable[ComplaintRecord], *, company: str = "") -> Iterator[dict[str, str]]:
    """One CCDB row per record.

    Args:
        records: the records.
        company: the ``Company`` value for records that do not carry one.

    Returns:
        Dicts keyed by :data:`CCDB_COLUMNS`; narrative and ZIP code are always empty.
    """
    for record in records:
        row = dict.fromkeys(CCDB_COLUMNS, "")
        row.update(_derived(record, company))
        kept = dict(record.attributes)
        for column in CCDB_COLUMNS:
            name = CCDB_API_NAMES[column]
            if name in kept and column not in _WITHHELD:
                row[column] = kept[name]
        yield row


def ccdb_csv_lines(records: Iterable[ComplaintRecord], *, company: str = "") -> Iterator[str]:
    """The export as CSV text, header first, one string per row (CRLF line ends, as the CFPB writes them).

    Args:
        records: the records.
        company: as for :func:`ccdb_rows`.

    Returns:
        CSV lines, ready to write to a file opened with ``newline=""``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CCDB_COLUMNS)
    yield buffer.getvalue()
    for row in ccdb_rows(records, company=company):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row[c] for c in CCDB_COLUMNS)
        yield buffer.getvalue()
