"""The CFPB sample, imported and reported, against counts made independently with the csv module."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from bankcomplaints.cli import main
from bankcomplaints.errors import InvalidComplaintDataError
from bankcomplaints.stats.aggregate import STANDARD_SPEC, aggregate
from bankcomplaints.stats.cfpb_import import read_cfpb
from bankcomplaints.stats.engine import partition, run
from bankcomplaints.stats.files import loaders_for, read_records
from bankcomplaints.stats.records import record_to_json
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA
SAMPLE = DATA / "cfpb_complaints_sample.csv"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _report(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    assert main(["report", "--input", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_report_matches_csv_module_counts(rows: list[dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    """Total, counts and shares by product and channel, and the timely rate equal the csv module's counts."""
    report = _report(capsys, str(SAMPLE), "--by", "product", "channel", "state")
    assert report["total"] == len(rows) == 6623
    assert report["by"]["product"] == dict(Counter(r["Product"] for r in rows))
    assert report["by"]["state"] == dict(Counter(r["State"] for r in rows))
    via = Counter(r["Submitted via"] for r in rows)
    assert sorted(report["by"]["channel"].values()) == sorted(via.values())
    assert report["by"]["channel"]["web"] == via["Web"]
    for product, count in Counter(r["Product"] for r in rows).items():
        assert report["shares"]["product"][product] == pytest.approx(count / len(rows), abs=1e-6)
    timely = report["kpis"]["timeliness:us_cfpb"]
    assert timely["numerator"] == sum(r["Timely response?"] == "Yes" for r in rows)
    assert timely["denominator"] == sum(r["Timely response?"] in ("Yes", "No") for r in rows)
    assert timely["value"] == pytest.approx(timely["numerator"] / timely["denominator"])


def test_import_then_report_equals_report_on_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`import cfpb` writes records JSON lines whose report equals the report on the CSV itself."""
    out = tmp_path / "cfpb.jsonl"
    assert main(["import", "cfpb", str(SAMPLE), "--output", str(out)]) == 0
    capsys.readouterr()
    assert sum(1 for _ in out.open(encoding="utf-8")) == 6623
    by = ("--by", "product", "issue", "company", "month")
    assert _report(capsys, str(out), *by) == _report(capsys, str(SAMPLE), *by)
    assert read_records(out) == read_records(SAMPLE)


def test_dask_equals_local_on_the_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Dask with several partitions (processes) gives exactly the local result, for the CSV and for JSON lines."""
    records = read_records(SAMPLE)
    spec = STANDARD_SPEC.with_dimensions(["product", "state"])
    local = aggregate(records, spec)
    assert run(partition(records, 4), spec, engine="dask", scheduler="processes", workers=2) == local
    out = tmp_path / "cfpb.jsonl"
    main(["import", "cfpb", str(SAMPLE), "--output", str(out)])
    assert run(loaders_for(out, 5), spec, engine="dask", scheduler="threads") == local
    by = ("--by", "product", "channel")
    dask_report = _report(capsys, str(out), *by, "--engine", "dask", "--partitions", "3", "--workers", "2")
    assert dask_report == _report(capsys, str(SAMPLE), *by)


def _read(text: str) -> list[object]:
    return list(read_cfpb(io.StringIO(text, newline="")))


HEADER = SAMPLE.open(encoding="utf-8").readline().rstrip("\r\n")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "the file is empty"),
        ("a,b\n1,2\n", "missing column 'Date received'"),
        (HEADER + "\n" + "x," * 5 + "\n", r"row 1 \(line 2\), column '<row>': 6 fields, the header has 18"),
        (HEADER + "\n" + "2019/13/45,P,,I,,,,C,FL,,,,Web,2019/1/1,Closed,Yes,N/A,1\n",
         r"row 1 \(line 2\), column 'Date received': not a date"),
        (HEADER + "\n" + "2019/1/2,P,,I,,,,C,FL,,,,Web,2019/1/2,Closed,Maybe,N/A,1\n",
         r"column 'Timely response\?': expected Yes or No"),
        (HEADER + "\n" + "2019/1/2,P,,I,," + "x" * 100_001 + ",,C,FL,,,,Web,2019/1/2,Closed,Yes,N/A,1\n",
         r"column 'Consumer complaint narrative': field has 100001 characters"),
        (HEADER + "\n" + "2019/1/2,P,,I,,\"" + "x" * 200_000 + "\",,C,FL,,,,Web,2019/1/2,Closed,Yes,N/A,1\n",
         r"row 1 .*unreadable CSV"),
        (HEADER + "\n" + "2019/1/2,P,,I,,,,C,FL,,,,Web,2019/1/2,Closed,Yes,N/A,\n", "column 'Complaint ID': empty"),
    ],
    ids=["empty", "no-header", "short-row", "bad-date", "bad-timely", "oversized", "over-csv-limit", "no-id"],
)
def test_malformed_csv_names_row_and_column(text: str, match: str) -> None:
    """Malformed input raises InvalidComplaintDataError naming the row and column, never a csv or Key error."""
    with pytest.raises(InvalidComplaintDataError, match=match):
        _read(text)


def test_row_limit_and_cli_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Too many rows is refused; the CLI turns a bad file into one error line and exit status 2."""
    with pytest.raises(InvalidComplaintDataError, match="more than 10 data rows"):
        list(read_cfpb(SAMPLE.open(encoding="utf-8", newline=""), max_rows=10))
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["report", "--input", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing column" in err


@pytest.mark.parametrize("partitions", [1, 2, 3, 7, 50])
def test_jsonl_byte_ranges_cover_every_record_once(tmp_path: Path, partitions: int) -> None:
    """Byte-range loaders, however many, return every record exactly once and in file order."""
    records = read_records(SAMPLE)[:40]
    path = tmp_path / "few.jsonl"
    path.write_text("".join(record_to_json(r) + "\n" for r in records), encoding="utf-8")
    loaded = [r for loader in loaders_for(path, partitions) for r in loader()]
    assert loaded == records


def test_markdown_and_html_use_labels_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang zh --format md` shows Chinese labels for library codes; HTML escapes and tabulates."""
    assert main(["--lang", "zh", "report", "--input", str(SAMPLE), "--by", "business", "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    assert "| 个人金融信息 | 3503 |" in markdown and "投诉总量: 6623" in markdown
    assert main(["report", "--input", str(SAMPLE), "--by", "company", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "TRANSUNION INTERMEDIATE HOLDINGS, INC." in page
    assert "<script" not in page


def test_bad_records_line_names_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A broken line in a records file is reported with its byte offset and field, exit status 2."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "received_on": "2024-01-02"}\n{"id": "2", "received_on": "soon"}\n',
                    encoding="utf-8")
    assert main(["report", "--input", str(path)]) == 2
    err = capsys.readouterr().err
    assert "byte 41" in err and "received_on" in err


def test_misspelt_dimension_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """A --by name that is no dimension and no attribute of any record stops with exit status 2."""
    assert main(["report", "--input", str(SAMPLE), "--by", "prodcut"]) == 2
    assert "'prodcut' is neither a dimension" in capsys.readouterr().err
