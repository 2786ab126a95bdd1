"""Import the CFPB Consumer Complaint Database CSV as :class:`~bankcomplaints.stats.records.ComplaintRecord` values.

The mapping is data (:class:`CfpbMapping`): ``Product`` → business category, ``Issue`` → cause
(ordered keyword rules), ``Submitted via`` → channel, ``Timely response?`` → a ``us_cfpb`` clock result,
``Company response to consumer`` → status, outcome and upheld.
Every original field except the narrative and the ZIP code is kept as an attribute under its CCDB API name
(``product``, ``sub_product``, ``issue``, ``sub_issue``, ``company``, ``state``, ``submitted_via``, ``timely``,
``company_response``…), so reports can group by them (``--by product``, ``--by state``).

Every CFPB complaint reached the company through the regulator, so each record has
``source="regulator_forwarded"`` and ``escalated=True``.
The reader is sans-IO: it takes lines of text (an open file, a list) and never opens anything itself.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator, Mapping

import attrs

from bankcomplaints.errors import InvalidComplaintDataError
from bankcomplaints.stats.records import ClockResult, ComplaintRecord

__all__ = ["CCDB_API_NAMES", "DEFAULT_CFPB_MAPPING", "REQUIRED_COLUMNS", "CfpbMapping", "read_cfpb"]

CCDB_API_NAMES: Mapping[str, str] = {
    "Date received": "date_received",
    "Product": "product",
    "Sub-product": "sub_product",
    "Issue": "issue",
    "Sub-issue": "sub_issue",
    "Consumer complaint narrative": "complaint_what_happened",
    "Company public response": "company_public_response",
    "Company": "company",
    "State": "state",
    "ZIP code": "zip_code",
    "Tags": "tags",
    "Consumer consent provided?": "consumer_consent_provided",
    "Submitted via": "submitted_via",
    "Date sent to company": "date_sent_to_company",
    "Company response to consumer": "company_response",
    "Timely response?": "timely",
    "Consumer disputed?": "consumer_disputed",
    "Complaint ID": "complaint_id",
    "Event tag": "event_tag",
}
"""CSV header → CCDB API field name (REGULATIONS.md §5.2)."""

REQUIRED_COLUMNS = ("Date received", "Product", "Issue", "Submitted via", "Timely response?", "Complaint ID")
"""Columns without which a file is refused."""

_NOT_KEPT = frozenset({"Consumer complaint narrative", "ZIP code"})


@attrs.frozen(kw_only=True)
class CfpbMapping:
    """How CFPB fields become record codes; a bank replaces any table.

    Attributes:
        products: ``Product`` → business-category slug; unknown products map to ``other``.
        issue_rules: ordered ``(keywords, cause)`` rules; the first rule with a keyword contained in the
            lower-cased ``Issue`` gives the cause; no match gives ``other``.
        channels: ``Submitted via`` → channel label; unknown values are lower-cased with ``_`` for spaces.
        responses: ``Company response to consumer`` → ``(status, outcome, upheld)``; ``upheld`` is ``"yes"``,
            ``"no"`` or ``""`` (undecided).
        max_field_chars: a field longer than this is refused (guards against a corrupt or hostile file).
    """

    products: Mapping[str, str]
    issue_rules: tuple[tuple[tuple[str, ...], str], ...]
    channels: Mapping[str, str]
    responses: Mapping[str, tuple[str, str, str]]
    max_field_chars: int = 100_000
    _products_folded: Mapping[str, str] = attrs.field(
        init=False, repr=False, eq=False,
        default=attrs.Factory(lambda self: {k.casefold(): v for k, v in self.products.items()}, takes_self=True),
    )

    def business(self, product: str) -> str:
        """The business-category slug for a ``Product`` value (case-insensitive; legacy files vary in case).

        Args:
            product: the CFPB product.

        Returns:
            The mapped slug, or ``other``.
        """
        return self._products_folded.get(product.strip().casefold(), "other")

    def cause(self, issue: str) -> str:
        """The cause slug for an ``Issue`` value.

        Args:
            issue: the CFPB issue.

        Returns:
            The cause of the first matching rule, or ``other``.
        """
        lowered = issue.lower()
        for keywords, cause in self.issue_rules:
            if any(keyword in lowered for keyword in keywords):
                return cause
        return "other"


_LOANS = "loans"
DEFAULT_CFPB_MAPPING = CfpbMapping(
    products={
        "Credit reporting, credit repair services, or other personal consumer reports": "personal_info",
        "Credit reporting or other personal consumer reports": "personal_info",
        "Credit reporting": "personal_info",
        "Debt collection": "debt_collection",
        "Checking or savings account": "savings",
        "Bank account or service": "savings",
        "Credit card or prepaid card": "bank_card",
        "Credit card": "bank_card",
        "Prepaid card": "bank_card",
        "Mortgage": _LOANS,
        "Student loan": _LOANS,
        "Vehicle loan or lease": _LOANS,
        "Consumer loan": _LOANS,
        "Payday loan": _LOANS,
        "Payday loan, title loan, or personal loan": _LOANS,
        "Payday loan, title loan, personal loan, or advance loan": _LOANS,
        "Money transfer, virtual currency, or money service": "payment_settlement",
        "Money transfers": "payment_settlement",
        "Virtual currency": "payment_settlement",
        "Debt or credit management": "other_intermediary",
        "Other financial service": "other",
    },
    issue_rules=(
        (("communication tactics", "threatened", "threatening", "improper contact", "false statements",
          "collect debt", "written notification about debt",
          "took or threatened", "negative or legal action"), "debt_collection_methods"),
        (("fraud", "scam", "unauthorized", "identity theft", "lost or stolen", "money was not available",
          "money was taken", "didn't apply for"), "funds_safety"),
        (("improper use of your report", "privacy", "personal information", "sharing of info"), "info_security"),
        (("fee", "interest", "charged", "charging"), "pricing_fees"),
        (("advertising", "marketing", "offer", "sales"), "marketing"),
        (("confusing or misleading", "disclosure", "statement", "didn't receive"), "disclosure"),
        (("customer service", "customer relations"), "service_quality"),
        (("incorrect information", "investigation", "managing", "opening", "closing", "struggling", "trouble",
          "problem", "applying", "getting", "dealing", "payment", "unable to get", "process", "delay", "limit",
          "billing"), "rules_processes"),
    ),
    channels={"Web": "web", "Referral": "referral", "Phone": "phone", "Postal mail": "postal_mail", "Fax": "fax",
              "Email": "email", "Web Referral": "web_referral"},
    responses={
        "Closed with explanation": ("closed", "resolved", "no"),
        "Closed with monetary relief": ("closed", "resolved", "yes"),
        "Closed with non-monetary relief": ("closed", "resolved", "yes"),
        "Closed with relief": ("closed", "resolved", "yes"),
        "Closed without relief": ("closed", "resolved", "no"),
        "Closed": ("closed", "resolved", ""),
        "In progress": ("in_progress", "", ""),
        "Untimely response": ("untimely", "", ""),
    },
)
"""The default mapping (Product → JR/T 0169 business slugs; Issue keywords → JR/T 0169 cause slugs)."""

_TIMELY = {"Yes": "met", "No": "breached"}
_UPHELD = {"yes": True, "no": False, "": None}


def _parse_date(text: str) -> datetime.date:
    """``2019/4/15`` (the sample's form), ``2019-04-15`` (ISO) or ``04/15/2019`` (the CFPB website's export)."""
    if "-" in text:
        return datetime.date.fromisoformat(text)
    parts = text.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a date: {text!r}")
    first, second, third = (int(p) for p in parts)
    if len(parts[0]) == 4:
        return datetime.date(first, second, third)
    return datetime.date(third, first, second)


def _error(row: int, line: int, column: str, message: str) -> InvalidComplaintDataError:
    return InvalidComplaintDataError([(f"row {row} (line {line}), column {column!r}", message)], what="CFPB CSV")


def _record(row: dict[str, str], mapping: CfpbMapping, number: int, line: int) -> ComplaintRecord:
    for column, value in row.items():
        if len(value) > mapping.max_field_chars:
            raise _error(number, line, column, f"field has {len(value)} characters, limit {mapping.max_field_chars}")
    complaint_id = row["Complaint ID"].strip()
    if not complaint_id:
        raise _error(number, line, "Complaint ID", "empty")
    dates = {}
    for column in ("Date received", "Date sent to company"):
        text = (row.get(column) or "").strip()
        try:
            dates[column] = _parse_date(text) if text else None
        except (ValueError, OverflowError):  # OverflowError: a year with more digits than a C int holds
            raise _error(number, line, column, f"not a date: {text!r}") from None
    received = dates["Date received"]
    if received is None:
        raise _error(number, line, "Date received", "empty")
    timely = row["Timely response?"].strip()
    if timely not in _TIMELY and timely:
        raise _error(number, line, "Timely response?", f"expected Yes or No, got {timely!r}")
    submitted = row["Submitted via"].strip()
    response = (row.get("Company response to consumer") or "").strip()
    status, outcome, upheld = mapping.responses.get(response, ("", "", ""))
    attributes = tuple(
        (CCDB_API_NAMES.get(column, column), value) for column, value in row.items() if column not in _NOT_KEPT
    )
    return ComplaintRecord(
        id=complaint_id,
        received_on=received,
        region=(row.get("State") or "").strip(),
        channel=mapping.channels.get(submitted, submitted.lower().replace(" ", "_")),
        source="regulator_forwarded",
        kind="complaint",
        business=mapping.business(row["Product"]),
        cause=mapping.cause(row["Issue"]),
        status=status,
        outcome=outcome,
        clocks=(ClockResult("us_cfpb", _TIMELY[timely]),) if timely else (),
        upheld=_UPHELD[upheld],
        reopened=(row.get("Consumer disputed?") or "").strip() == "Yes",
        escalated=True,
        attributes=attributes,
    )


def read_cfpb(
    lines: Iterable[str], mapping: CfpbMapping = DEFAULT_CFPB_MAPPING, *, max_rows: int | None = None
) -> Iterator[ComplaintRecord]:
    """Records from CFPB CSV text, one per data row, in file order.

    Args:
        lines: the CSV text as lines (an open text file, with ``newline=""``, or ``text.splitlines(True)``).
        mapping: how fields become codes.
        max_rows: refuse files with more data rows than this (``None``: no limit).

    Returns:
        An iterator of records; errors surface as the bad row is reached.

    Raises:
        InvalidComplaintDataError: no header, a required column missing, a row with the wrong number of fields,
            an oversized field, a bad date or ``Timely response?`` value, or too many rows; the path names
            the row (1-based, header excluded), its line and the column.
    """
    reader = csv.reader(iter(lines))
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidComplaintDataError([("header", "the file is empty")], what="CFPB CSV") from None
    except csv.Error as exc:
        raise _error(0, reader.line_num, "<header>", f"unreadable CSV: {exc}") from None
    header = [name.lstrip("\ufeff").strip() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise InvalidComplaintDataError([("header", f"missing column {name!r}") for name in missing],
                                        what="CFPB CSV")
    return _rows(reader, header, mapping, max_rows)


def _rows(reader: Iterator[list[str]], header: list[str], mapping: CfpbMapping,
          max_rows: int | None) -> Iterator[ComplaintRecord]:
    number = 0
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _error(number + 1, line + 1, "<row>", f"unreadable CSV: {exc}") from None
        line = reader.line_num  # type: ignore[attr-defined]
        if not fields:
            continue
        number += 1
        if max_rows is not None and number > max_rows:
            raise _error(number, line, "<row>", f"more than {max_rows} data rows")
        if len(fields) != len(header):
            raise _error(number, line, "<row>", f"{len(fields)} fields, the header has {len(header)}")
        yield _record(dict(zip(header, fields, strict=True)), mapping, number, line)
