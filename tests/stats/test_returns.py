"""Regulator returns: China quarterly, FCA DISP 1 Annex 1R, CFPB-style export."""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.cfpb_import import read_cfpb
from bankcomplaints.stats.files import read_records
from bankcomplaints.stats.records import ClockResult, ComplaintRecord
from bankcomplaints.stats.returns import (
    CCDB_COLUMNS,
    FCA_PRODUCT_GROUPS,
    ccdb_csv_lines,
    ccdb_rows,
    china_quarterly,
    fca_return,
    weekdays_between,
)
from bankcomplaints.values import Money
from tests.shared_data import SHARED_DATA

from .strategies import record_lists

SAMPLE = SHARED_DATA / "cfpb_complaints_sample.csv"
D = datetime.date


def test_ccdb_export_reproduces_the_sample_and_reimports_identically() -> None:
    """Imported CFPB rows export back to their original fields (narrative and ZIP withheld) and re-import equal."""
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        original = list(csv.DictReader(handle))
    records = read_records(SAMPLE)
    exported = list(ccdb_rows(records))
    withheld = {"Consumer complaint narrative", "ZIP code"}
    assert [{k: v for k, v in row.items() if k not in withheld} for row in exported] == [
        {k: v for k, v in row.items() if k not in withheld} for row in original]
    assert all(row[c] == "" for row in exported for c in withheld)
    text = "".join(ccdb_csv_lines(records))
    assert list(read_cfpb(io.StringIO(text, newline=""))) == records


def test_ccdb_export_of_bank_records() -> None:
    """A bank's own record is described with English labels and its clock and outcome."""
    record = ComplaintRecord(id="C-1", received_on=D(2024, 3, 1), business="bank_card", cause="pricing_fees",
                             channel="mobile_app", region="Shanghai", status="closed", upheld=True,
                             clocks=(ClockResult("cn_nfra_2020", "breached", 16),))
    (row,) = ccdb_rows([record], company="Example Bank")
    assert list(row) == list(CCDB_COLUMNS)
    assert row["Product"] == "bank cards (debit and credit)" and row["Submitted via"] == "mobile app"
    assert row["Company response to consumer"] == "Closed with non-monetary relief"
    assert row["Timely response?"] == "No" and row["Company"] == "Example Bank"


@given(record_lists, st.booleans())
def test_china_quarterly_counts(records: list[ComplaintRecord], merge: bool) -> None:
    """Quarterly counts equal counts made here of the quarter's complaints, with repeats merged or not."""
    counted = [r for r in records if r.kind == "complaint" and D(2024, 4, 1) <= r.received_on < D(2024, 7, 1)
               and not (merge and r.repeat)]
    result = china_quarterly(records, "2024Q2", merge_repeats=merge, customers=20_000, branches=4)
    assert result.total == len(counted)
    assert dict(result.by_business) == dict(Counter(r.business for r in counted))
    assert dict(result.by_business_cause) == dict(Counter((r.business, r.cause) for r in counted))
    assert dict(result.by_channel) == dict(Counter(r.channel for r in counted))
    assert dict(result.by_branch) == dict(Counter(r.branch for r in counted))
    assert result.per_10k_customers == Decimal(len(counted)) / 2
    assert result.per_branch == Decimal(len(counted)) / 4
    if not merge:
        assert result.repeats_merged == 0


def _fca_records() -> list[ComplaintRecord]:
    monday = D(2024, 1, 1)

    def rec(i: str, received: datetime.date, closed: datetime.date | None, **kw: object) -> ComplaintRecord:
        return ComplaintRecord(id=i, received_on=received, closed_on=closed, status="closed" if closed else "open",
                               **kw)  # type: ignore[arg-type]

    return [
        rec("a", monday, D(2024, 1, 4), cause="pricing_fees", upheld=True, redress=Money("25.00", "GBP")),
        rec("b", monday, D(2024, 1, 5), cause="pricing_fees", upheld=False),
        rec("c", monday, D(2024, 3, 1), cause="service_quality", upheld=True, redress=Money("10.50", "GBP")),
        rec("d", D(2023, 12, 20), D(2024, 1, 10), cause="marketing", business="wealth_management"),
        rec("e", D(2023, 12, 1), D(2023, 12, 15), cause="marketing"),
        rec("f", D(2024, 6, 25), None, cause="marketing", attributes=(("fca_group", "home_finance"),)),
        rec("g", D(2024, 2, 1), D(2024, 2, 2), kind="consultation"),
    ]


def test_fca_return_by_hand() -> None:
    """Opened, closed by the 3-business-day / 8-week buckets, upheld, redress and main cause, counted by hand."""
    result = fca_return(_fca_records(), D(2024, 1, 1), D(2024, 6, 30))
    assert set(result.groups) == set(FCA_PRODUCT_GROUPS)
    banking = result.groups["banking_and_credit_cards"]
    assert (banking.opened, banking.closed, banking.outstanding_at_start) == (3, 3, 0)
    assert (banking.closed_within_3_business_days, banking.closed_within_8_weeks, banking.closed_after_8_weeks) == (
        1, 1, 1)
    assert banking.upheld == 2 and banking.redress == {"GBP": Decimal("35.50")}
    assert banking.main_cause == "pricing_fees"
    investments = result.groups["investments"]
    assert (investments.outstanding_at_start, investments.opened, investments.closed) == (1, 0, 1)
    assert result.groups["home_finance"].opened == 1 and result.groups["home_finance"].closed == 0


def test_fca_return_merges_partitions() -> None:
    """Returns over two halves of the records merge into the return over all of them."""
    records = _fca_records()
    period = (D(2024, 1, 1), D(2024, 6, 30))
    whole = fca_return(records, *period)
    assert fca_return(records[:3], *period).merge(fca_return(records[3:], *period)) == whole
    with pytest.raises(InvalidOperationError, match="different periods"):
        whole.merge(fca_return(records, D(2024, 1, 1), D(2024, 12, 31)))
    with pytest.raises(InvalidOperationError, match="before it starts"):
        fca_return(records, D(2024, 2, 1), D(2024, 1, 1))


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 1, 1)), st.integers(-3, 100))
def test_weekdays_between_brute_force(start: datetime.date, days: int) -> None:
    """The weekday count equals a day-by-day count."""
    end = start + datetime.timedelta(days=days)
    expected = sum((start + datetime.timedelta(days=i)).weekday() < 5 for i in range(1, days + 1))
    assert weekdays_between(start, end) == expected


def test_china_quarter_label_is_checked() -> None:
    """A bad quarter label is refused."""
    with pytest.raises(InvalidOperationError):
        china_quarterly([], "2024Q5")
