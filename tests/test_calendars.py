"""Business calendars: agreement with chinese_calendar, the State Council tables, and the index arithmetic."""

from __future__ import annotations

import bisect
import datetime

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints import calendars
from bankcomplaints.errors import CalendarCoverageError, InvalidComplaintDataError, InvalidOperationError

D = datetime.date
CN_FIRST, CN_LAST = D(2004, 1, 1), D(2026, 12, 31)


def _days(first: D, last: D) -> list[D]:
    return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


# Every day of 2004-2026 classified by the package's public API, once for the whole module.
PACKAGE_WORKDAYS = [day for day in _days(CN_FIRST, CN_LAST) if chinese_calendar.is_workday(day)]


def _reference_add(day: D, n: int) -> D | None:
    """n-th working day after (n > 0) or before (n < 0) day, from the package's workday list; None if beyond."""
    if n > 0:
        index = bisect.bisect_right(PACKAGE_WORKDAYS, day) + n - 1
    else:
        index = bisect.bisect_left(PACKAGE_WORKDAYS, day) + n
    return PACKAGE_WORKDAYS[index] if 0 <= index < len(PACKAGE_WORKDAYS) else None


def test_cn_covers_exactly_the_package_years() -> None:
    cn = calendars.get("CN")
    assert cn.years == range(2004, 2027)
    for outside in (D(2003, 12, 31), D(2027, 1, 1)):
        with pytest.raises(NotImplementedError):
            chinese_calendar.is_workday(outside)
        with pytest.raises(CalendarCoverageError) as caught:
            cn.is_business_day(outside)
        assert caught.value.calendar == "CN" and "2004-2026" in str(caught.value)


def test_cn_agrees_with_package_on_every_day() -> None:
    cn = calendars.get("CN")
    disagreements = [day for day in _days(CN_FIRST, CN_LAST)
                     if cn.is_business_day(day) != chinese_calendar.is_workday(day)]
    assert disagreements == []


def test_cn_add_business_days_agrees_for_every_day_and_offset() -> None:
    cn = calendars.get("CN")
    checked = 0
    for day in _days(CN_FIRST, CN_LAST)[::2]:
        for n in range(-60, 61):
            if n == 0:
                continue
            expected = _reference_add(day, n)
            if expected is None:
                with pytest.raises(CalendarCoverageError):
                    cn.add_business_days(day, n)
            else:
                assert cn.add_business_days(day, n) == expected, (day, n)
            checked += 1
    assert checked > 500_000


def test_cn_agrees_with_find_workday_on_a_sample() -> None:
    cn = calendars.get("CN")
    days = _days(D(2004, 4, 1), D(2026, 9, 30))
    for day in days[::131]:
        for n in range(-60, 61, 11):
            # find_workday(n>0) first rolls a non-working day forward, then counts n more.
            shift = n - 1 if n > 0 and not chinese_calendar.is_workday(day) else n
            assert cn.add_business_days(day, n) == chinese_calendar.find_workday(shift, day), (day, n)


def _table_days(spec: str, year: int) -> list[D]:
    """'2-10..2-17' or '4-7' to dates of the year."""
    first, _, last = spec.partition("..")
    start = D(year, *map(int, first.split("-")))
    end = D(year, *map(int, last.split("-"))) if last else start
    return _days(start, end)


# REGULATIONS.md §3, transcribed by hand: (days off, make-up working days) per year.
STATE_COUNCIL = {
    2024: (["1-1", "2-10..2-17", "4-4..4-6", "5-1..5-5", "6-10", "9-15..9-17", "10-1..10-7"],
           ["2-4", "2-18", "4-7", "4-28", "5-11", "9-14", "9-29", "10-12"]),
    2025: (["1-1", "1-28..2-4", "4-4..4-6", "5-1..5-5", "5-31..6-2", "10-1..10-8"],
           ["1-26", "2-8", "4-27", "9-28", "10-11"]),
    2026: (["1-1..1-3", "2-15..2-23", "4-4..4-6", "5-1..5-5", "6-19..6-21", "9-25..9-27", "10-1..10-7"],
           ["1-4", "2-14", "2-28", "5-9", "9-20", "10-10"]),
}
YEAR_COUNTS = {2024: 251, 2025: 248, 2026: 248}


@pytest.mark.parametrize("year", sorted(STATE_COUNCIL))
def test_cn_matches_state_council_tables_day_by_day(year: int) -> None:
    off_specs, make_up_specs = STATE_COUNCIL[year]
    off = {day for spec in off_specs for day in _table_days(spec, year)}
    make_up = {day for spec in make_up_specs for day in _table_days(spec, year)}
    cn = calendars.get("CN")
    for day in _days(D(year, 1, 1), D(year, 12, 31)):
        expected = day in make_up or (day.weekday() < 5 and day not in off)
        assert cn.is_business_day(day) == expected, day
    assert cn.business_days_in_year(year) == YEAR_COUNTS[year]
    assert len(cn.working_days(year)) == YEAR_COUNTS[year]


def test_new_years_eve_2024_is_a_working_day() -> None:
    assert calendars.get("CN").is_business_day(D(2024, 2, 9))


@pytest.mark.parametrize(("received", "expected"), [
    # REGULATIONS.md §1.2 worked examples: +7 working days under Art. 33.
    (D(2025, 9, 22), D(2025, 9, 30)),
    (D(2025, 9, 30), D(2025, 10, 16)),
    (D(2026, 2, 6), D(2026, 2, 24)),
])
def test_seven_working_days_examples(received: D, expected: D) -> None:
    assert calendars.get("CN").add_business_days(received, 7) == expected


def test_uk_regions_differ_on_their_own_bank_holidays() -> None:
    eng, sct, nir = (calendars.get(code) for code in ("GB-ENG", "GB-SCT", "GB-NIR"))
    assert not sct.is_business_day(D(2026, 11, 30)) and eng.is_business_day(D(2026, 11, 30))  # St Andrew's
    assert not nir.is_business_day(D(2026, 3, 17)) and eng.is_business_day(D(2026, 3, 17))  # St Patrick's
    assert not eng.is_business_day(D(2026, 4, 6)) and sct.is_business_day(D(2026, 4, 6))  # Easter Monday
    for cal in (eng, sct, nir):
        assert not cal.is_business_day(D(2026, 4, 3))  # Good Friday
        assert not cal.is_business_day(D(2026, 12, 28))  # Boxing Day substitute


def test_us_follows_federal_reserve_rules() -> None:
    us = calendars.get("US")
    assert us.is_business_day(D(2026, 7, 3))  # Independence Day on Saturday: the Fed is open Friday
    assert not us.is_business_day(D(2022, 6, 20))  # Juneteenth on Sunday: observed Monday
    assert not us.is_business_day(D(2026, 10, 12))  # Columbus Day
    assert not us.is_business_day(D(2026, 11, 11))  # Veterans Day
    assert us.add_business_days(D(2026, 11, 25), 1) == D(2026, 11, 27)  # over Thanksgiving


def test_weekdays_calendar() -> None:
    weekdays = calendars.get("WEEKDAYS")
    assert weekdays.add_business_days(D(2026, 11, 27), 1) == D(2026, 11, 30)
    assert weekdays.business_days_between(D(2026, 11, 27), D(2026, 12, 4)) == 5


def test_datetime_and_unknown_code_refused() -> None:
    with pytest.raises(InvalidOperationError):
        calendars.get("CN").is_business_day(datetime.datetime(2026, 1, 5, 9, 0))
    with pytest.raises(InvalidOperationError, match="unknown calendar 'XX'"):
        calendars.get("XX")


def test_answers_beyond_coverage_raise() -> None:
    cn = calendars.get("CN")
    with pytest.raises(CalendarCoverageError):
        cn.add_business_days(D(2026, 12, 28), 5)
    with pytest.raises(CalendarCoverageError):
        cn.add_business_days(D(2004, 1, 5), -5)
    with pytest.raises(CalendarCoverageError):
        cn.roll_forward(D(2026, 12, 31) + datetime.timedelta(days=1))


def test_roll_forward() -> None:
    cn = calendars.get("CN")
    assert cn.roll_forward(D(2025, 10, 7)) == D(2025, 10, 9)
    assert cn.roll_forward(D(2025, 9, 28)) == D(2025, 9, 28)  # make-up working Sunday


CALENDAR_CODES = ("CN", "GB-ENG", "GB-SCT", "GB-NIR", "US", "WEEKDAYS")


@given(code=st.sampled_from(CALENDAR_CODES), day=st.dates(D(2005, 1, 1), D(2025, 12, 31)),
       n=st.integers(-200, 200))
def test_add_and_between_are_inverse(code: str, day: D, n: int) -> None:
    cal = calendars.get(code)
    reached = cal.add_business_days(day, n)
    assert cal.business_days_between(day, reached) == n
    if n != 0:
        assert cal.is_business_day(reached)
        assert (reached > day) == (n > 0)


@given(code=st.sampled_from(CALENDAR_CODES), start=st.dates(D(2005, 1, 1), D(2025, 12, 31)),
       span=st.integers(-40, 40))
def test_between_counts_working_days(code: str, start: D, span: int) -> None:
    cal = calendars.get(code)
    end = start + datetime.timedelta(days=span)
    one = datetime.timedelta(days=1)
    if end >= start:  # (start, end]
        assert cal.business_days_between(start, end) == sum(map(cal.is_business_day, _days(start + one, end)))
    else:  # [end, start), negated
        assert cal.business_days_between(start, end) == -sum(map(cal.is_business_day, _days(end, start - one)))


TABLE_2027 = {
    "year": 2027, "source": "example notice for 2027",
    "holidays": ["2027-01-01", "2027-02-05..2027-02-13", "2027-10-01..2027-10-07"],
    "make_up_workdays": ["2027-02-20", "2027-09-26", "2027-10-09"],
}


def test_bank_extends_cn_with_next_year_notice() -> None:
    cn = calendars.get("CN")
    extended = calendars.extend(cn, [calendars.YearTable.from_dict(TABLE_2027)])
    assert extended.years == range(2004, 2028)
    assert extended.is_business_day(D(2027, 2, 20))  # make-up Saturday
    assert not extended.is_business_day(D(2027, 2, 8))  # Monday in the holiday
    assert extended.is_business_day(D(2027, 2, 15))
    # 2026-12-31 (Thu) + 1 crosses into the new year: Jan 1 off, Jan 2-3 weekend.
    assert extended.add_business_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert all(extended.is_business_day(day) == cn.is_business_day(day) for day in _days(D(2026, 1, 1), CN_LAST))
    assert "example notice for 2027" in extended.source
    with pytest.raises(CalendarCoverageError):
        cn.is_business_day(D(2027, 2, 15))  # the shipped calendar is unchanged


def test_bank_overrides_a_year_and_registers_it() -> None:
    base = calendars.get("CN")
    off_2026 = [*STATE_COUNCIL[2026][0], "12-31"]  # the bank also closes on New Year's Eve
    table = calendars.YearTable(
        year=2026,
        holidays=frozenset(day for spec in off_2026 for day in _table_days(spec, 2026)),
        make_up_workdays=frozenset(day for spec in STATE_COUNCIL[2026][1] for day in _table_days(spec, 2026)))
    bank = calendars.extend(base, [table], code="CN-BANK", name="Our bank")
    calendars.register(bank)
    try:
        assert calendars.get("CN-BANK") is bank and "CN-BANK" in calendars.codes()
        assert not bank.is_business_day(D(2026, 12, 31)) and base.is_business_day(D(2026, 12, 31))
        assert bank.business_days_in_year(2026) == YEAR_COUNTS[2026] - 1
    finally:
        calendars.unregister("CN-BANK")
    assert "CN-BANK" not in calendars.codes()


def test_calendar_from_tables_only() -> None:
    cal = calendars.from_tables("X", "two years", [
        calendars.YearTable(year=2031, holidays=frozenset({D(2031, 1, 1)})),
        calendars.YearTable(year=2030, holidays=frozenset(), make_up_workdays=frozenset({D(2030, 12, 28)}))])
    assert cal.years == range(2030, 2032)
    assert cal.add_business_days(D(2030, 12, 27), 1) == D(2030, 12, 28)
    assert cal.add_business_days(D(2030, 12, 31), 1) == D(2031, 1, 2)


def test_bad_tables_are_refused_with_paths() -> None:
    with pytest.raises(InvalidComplaintDataError) as caught:
        calendars.YearTable.from_dict({"year": "2027", "holidays": ["2027-13-01", "2027-02-05..2027-02-01"],
                                       "extra": 1})
    assert set(caught.value.paths) == {"year", "holidays[0]", "holidays[1]", "extra"}
    with pytest.raises(InvalidComplaintDataError) as caught:
        calendars.YearTable.from_dict({"year": 2027, "holidays": ["2028-01-01", "2027-05-01"],
                                       "make_up_workdays": ["2027-05-01"]})
    assert set(caught.value.paths) == {"holidays", "make_up_workdays"}
    with pytest.raises(InvalidComplaintDataError, match="gap"):
        calendars.extend(calendars.get("CN"), [calendars.YearTable(year=2028, holidays=frozenset())])
    with pytest.raises(InvalidComplaintDataError, match="twice"):
        calendars.from_tables("X", "x", [calendars.YearTable(year=2030, holidays=frozenset())] * 2)
