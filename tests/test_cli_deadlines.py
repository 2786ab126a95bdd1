"""The ``deadline`` and ``workdays`` commands, run through ``bankcomplaints.cli.main`` as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bankcomplaints.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_workdays_add_over_national_day(capsys: pytest.CaptureFixture[str]) -> None:
    # 2026-10-01..07 off; 10-10 (Sat) is a make-up working day: 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15.
    assert _run(capsys, "workdays", "add", "CN", "2026-09-30", "7") == (0, "2026-10-15\n", "")
    assert _run(capsys, "workdays", "add", "CN", "2026-10-15", "-7") == (0, "2026-09-30\n", "")


def test_workdays_between_and_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "workdays", "between", "GB-ENG", "2026-04-01", "2026-04-10") == (0, "5\n", "")
    assert _run(capsys, "workdays", "check", "CN", "2026-10-10") == (0, "true\n", "")
    assert _run(capsys, "workdays", "check", "US", "2026-11-26") == (0, "false\n", "")


def test_workdays_with_next_years_notice(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "cn-2027.yaml"
    table.write_text("year: 2027\nholidays: [2027-01-01, '2027-02-05..2027-02-13']\n"
                     "make_up_workdays: [2027-02-20]\n", encoding="utf-8")
    status, out, err = _run(capsys, "workdays", "add", "CN", "2027-02-04", "2")
    assert status == 2 and out == "" and "no data for 2027-02-04" in err and err.count("\n") == 1
    assert _run(capsys, "workdays", "--table", str(table), "add", "CN", "2027-02-04", "2") == (0, "2027-02-16\n", "")


@pytest.mark.parametrize(("argv", "fragment"), [
    (("workdays", "add", "CN", "2026-02-30", "1"), "not an ISO date"),
    (("workdays", "add", "XX", "2026-02-03", "1"), "unknown calendar 'XX'"),
    (("deadline", "--regime", "CN-CBIRC-2099", "--clock", "handling_decision", "--start", "2026-09-28T10:00:00+08:00"),
     "unknown regime"),
    (("deadline", "--regime", "CN-CBIRC-2020", "--clock", "x", "--start", "2026-09-28T10:00:00+08:00"), "no clock 'x'"),
    (("deadline", "--regime", "CN-CBIRC-2020", "--clock", "handling_decision", "--start", "2026-09-28T10:00:00"),
     "needs an offset"),
    (("deadline", "--regime", "CN-CBIRC-2020", "--clock", "handling_decision", "--start", "2026-09-28T10:00:00+08:00",
      "--extension", "especially_complex"), "needs complex first"),
    (("deadline", "--regime", "CN-CBIRC-2020", "--clock", "handling_decision", "--start", "2026-09-28T10:00:00+08:00",
      "--pause", "2026-10-01T00:00:00+08:00"), "expected START/END"),
])
def test_bad_input_is_one_readable_line(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...],
                                        fragment: str) -> None:
    status, out, err = _run(capsys, *argv)
    assert status == 2 and out == ""
    assert fragment in err and err.count("\n") == 1 and "Traceback" not in err


def test_deadline_national_day_with_pause_and_extension(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "deadline", "--regime", "CN-CBIRC-2020", "--clock", "handling_decision",
        "--start", "2026-09-28T10:00:00+08:00",
        "--pause", "2026-10-09T09:00:00+08:00/2026-10-19T09:00:00+08:00@external_appraisal",
        "--extension", "complex", "--now", "2026-10-20T10:00:00+08:00")
    assert status == 0
    result = json.loads(out)
    # 30 days from 2026-09-28 is 2026-10-28; 10 days of appraisal make it 2026-11-07, ending at 24:00.
    assert result["due"] == "2026-11-08T00:00:00+08:00" and result["due_day"] == "2026-11-07"
    assert result["requires"] == {"complex": []}
    assert result["status"] == "running" and result["in_warning"] is False
    assert result["seconds_left"] == (19 * 24 - 10) * 3600  # 2026-10-20T10:00 to 2026-11-08T00:00
    steps = result["explanation"]["steps"]
    assert any("10 calendar days not counted" in step for step in steps)
    assert "2026-09-28 + 40 calendar days = 2026-11-07" in steps


def test_deadline_lists_what_an_extension_requires(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "deadline", "--regime", "CN-CBIRC-2020", "--clock", "handling_decision",
                          "--start", "2026-09-28T10:00:00+08:00", "--extension", "complex",
                          "--extension", "especially_complex")
    assert status == 0
    result = json.loads(out)
    assert result["due_day"] == "2026-11-27"
    assert result["requires"]["especially_complex"] == [
        "approval superior_approval by superior_institution or head_office_senior_manager", "notice complainant"]


def test_deadline_from_a_bank_regime_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = tmp_path / "sla.json"
    document.write_text(json.dumps({
        "code": "BANK-SLA", "family": "BANK-SLA", "name": "sla", "jurisdiction": "CN",
        "effective_from": "2026-01-01", "counting": {"time_zone": "Asia/Shanghai", "calendar": "CN"},
        "rules": [{"clock": "p1", "title": "P1", "limit": 2, "unit": "business_hours"}]}), encoding="utf-8")
    status, out, _ = _run(capsys, "deadline", "--regime-file", str(document), "--regime", "BANK-SLA",
                          "--clock", "p1", "--start", "2026-09-30T16:00:00+08:00")
    assert status == 0
    assert json.loads(out)["due"] == "2026-10-08T10:00:00+08:00"  # 1 h on 09-30, 1 h after the holiday
