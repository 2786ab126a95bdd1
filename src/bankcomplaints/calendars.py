"""Business calendars: which days count as working days, and fast arithmetic over them.

A :class:`BusinessCalendar` is a frozen value built once from a day-by-day table and then
answered from a precomputed index (cumulative working-day counts and the ordinals of the
working days), so every question costs a few array look-ups, whatever the distance.
A calendar names the years it covers; asking about any other day raises
:class:`~bankcomplaints.errors.CalendarCoverageError`, never a guess.

Built-in calendars, reached with :func:`get`:

- ``"CN"``: mainland China, with make-up working days (调休), from the ``chinese_calendar`` package
  (exactly the years it ships; 2004-2026 in 1.11.0);
- ``"GB-ENG"``, ``"GB-SCT"``, ``"GB-NIR"``: UK bank holidays by region, from the ``holidays`` package;
- ``"US"``: Federal Reserve System holidays (the banking holidays: a holiday on a Saturday is not
  moved to the Friday), from ``holidays.financial_holidays("XFED")``;
- ``"WEEKDAYS"``: Monday to Friday, no holidays.

The rule-based calendars (UK, US, weekdays) cover :data:`RULE_BASED_YEARS`; their later years are
projections of the holiday rules, so a special bank holiday proclaimed later is not in them.

A bank builds its own calendar from holiday and make-up-day tables (:class:`YearTable`),
e.g. to add next year's State Council notice before the package ships it::

    >>> import datetime
    >>> from bankcomplaints import calendars
    >>> table = calendars.YearTable.from_dict({
    ...     "year": 2027, "source": "State Council notice (example)",
    ...     "holidays": ["2027-01-01", "2027-02-05..2027-02-13"], "make_up_workdays": ["2027-02-20"]})
    >>> cn = calendars.extend(calendars.get("CN"), [table])
    >>> cn.years
    range(2004, 2028)
    >>> cn.add_business_days(datetime.date(2027, 2, 4), 1)
    datetime.date(2027, 2, 15)
"""

from __future__ import annotations

import datetime
import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.metadata import version as _version
from typing import Any

import attrs

from bankcomplaints.errors import CalendarCoverageError, InvalidComplaintDataError, InvalidOperationError

__all__ = [
    "RULE_BASED_YEARS",
    "BusinessCalendar",
    "YearTable",
    "build",
    "codes",
    "extend",
    "from_tables",
    "get",
    "register",
    "unregister",
]

RULE_BASED_YEARS = range(2000, 2041)
"""Years covered by the built-in UK, US and weekday calendars."""

_SATURDAY, _SUNDAY = 5, 6


def _index(first: datetime.date, working: bytes) -> tuple[array[int], array[int]]:
    """Cumulative counts (working days strictly before each day) and the working days' ordinals."""
    rank = array("l", [0]) * len(working)
    ordinals = array("l")
    count, base = 0, first.toordinal()
    for offset, flag in enumerate(working):
        rank[offset] = count
        if flag:
            ordinals.append(base + offset)
            count += 1
    return rank, ordinals


@attrs.frozen(kw_only=True, eq=False)
class BusinessCalendar:
    """Working days over a contiguous run of years, with indexed arithmetic.

    Build one with :func:`build`, :func:`from_tables` or :func:`extend`; do not call the class directly.
    Two calendars are equal when their code, years and working days are equal.
    """

    code: str
    name: str
    years: range
    source: str
    _working: bytes = attrs.field(repr=False, alias="working")
    _first_ordinal: int = attrs.field(repr=False, alias="first_ordinal")
    _rank: array[int] = attrs.field(repr=False, alias="rank")
    _ordinals: array[int] = attrs.field(repr=False, alias="ordinals")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BusinessCalendar):
            return NotImplemented
        return (self.code, self.years, self._working) == (other.code, other.years, other._working)

    def __hash__(self) -> int:
        return hash((self.code, self.years, self._working))

    @property
    def first_day(self) -> datetime.date:
        """The first day the calendar knows."""
        return datetime.date(self.years.start, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        """The last day the calendar knows."""
        return datetime.date(self.years.stop - 1, 12, 31)

    def covers(self, day: datetime.date) -> bool:
        """Whether the calendar has data for ``day``.

        Args:
            day: a date.

        Returns:
            True when ``day`` falls in one of :attr:`years`.
        """
        return day.year in self.years

    def _offset(self, day: datetime.date) -> int:
        if isinstance(day, datetime.datetime):
            raise InvalidOperationError("day", f"expected a date, got the datetime {day.isoformat()}")
        offset = day.toordinal() - self._first_ordinal
        if not 0 <= offset < len(self._working):
            raise CalendarCoverageError(self.code, day, self._covered())
        return offset

    def _covered(self) -> str:
        return f"{self.years.start}-{self.years.stop - 1}"

    def _beyond(self, towards_future: bool) -> CalendarCoverageError:
        edge = self.last_day + datetime.timedelta(days=1) if towards_future else (
            self.first_day - datetime.timedelta(days=1))
        return CalendarCoverageError(self.code, edge, self._covered())

    def is_business_day(self, day: datetime.date) -> bool:
        """Whether ``day`` is a working day.

        Args:
            day: a date (not a datetime).

        Returns:
            True for a working day (including a make-up working day), False for a weekend or holiday.

        Raises:
            CalendarCoverageError: ``day`` is outside :attr:`years`.
            InvalidOperationError: ``day`` is a datetime.
        """
        return bool(self._working[self._offset(day)])

    def add_business_days(self, day: datetime.date, n: int) -> datetime.date:
        """The ``n``-th working day after ``day`` (before it when ``n`` is negative).

        ``day`` itself never counts, working day or not: ``add_business_days(d, 1)`` is the
        first working day strictly after ``d``. ``n == 0`` returns ``day`` unchanged.

        Args:
            day: the day to count from.
            n: how many working days to move; negative moves back.

        Returns:
            The working day reached.

        Raises:
            CalendarCoverageError: ``day`` or the answer lies outside :attr:`years`.
            InvalidOperationError: ``day`` is a datetime.
        """
        offset = self._offset(day)
        if n == 0:
            return day
        rank = self._rank[offset]
        target = rank + self._working[offset] + n - 1 if n > 0 else rank + n
        if not 0 <= target < len(self._ordinals):
            raise self._beyond(n > 0)
        return datetime.date.fromordinal(self._ordinals[target])

    def business_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days from ``start`` to ``end``, not counting ``start`` and counting ``end``.

        Forward it counts the working days in ``(start, end]``; backward (``end`` before ``start``) it
        is minus the count in ``[end, start)``. So ``add_business_days(start, business_days_between(start, end))``
        is ``end`` whenever ``end`` is a working day.

        Args:
            start: the day counted from (not itself counted).
            end: the last day counted.

        Returns:
            The signed number of working days between the two days.

        Raises:
            CalendarCoverageError: either day is outside :attr:`years`.
            InvalidOperationError: either day is a datetime.
        """
        first, last = self._offset(start), self._offset(end)
        if last >= first:
            return (self._rank[last] + self._working[last]) - (self._rank[first] + self._working[first])
        return self._rank[last] - self._rank[first]

    def roll_forward(self, day: datetime.date) -> datetime.date:
        """``day`` if it is a working day, else the next working day.

        Args:
            day: a date.

        Returns:
            The first working day on or after ``day``.

        Raises:
            CalendarCoverageError: ``day`` or the answer lies outside :attr:`years`.
            InvalidOperationError: ``day`` is a datetime.
        """
        offset = self._offset(day)
        if self._working[offset]:
            return day
        target = self._rank[offset]
        if target >= len(self._ordinals):
            raise self._beyond(True)
        return datetime.date.fromordinal(self._ordinals[target])

    def business_days_in_year(self, year: int) -> int:
        """How many working days ``year`` has.

        Args:
            year: a year in :attr:`years`.

        Returns:
            The count of working days from 1 January to 31 December.

        Raises:
            CalendarCoverageError: ``year`` is not covered.
        """
        start = self._offset(datetime.date(year, 1, 1))
        return sum(self._working[start:self._offset(datetime.date(year, 12, 31)) + 1])

    def working_days(self, year: int) -> tuple[datetime.date, ...]:
        """Every working day of ``year``, in order.

        Args:
            year: a year in :attr:`years`.

        Returns:
            The working days of that year.

        Raises:
            CalendarCoverageError: ``year`` is not covered.
        """
        start = self._offset(datetime.date(year, 1, 1))
        end = self._offset(datetime.date(year, 12, 31))
        chosen = self._ordinals[self._rank[start]:self._rank[end] + self._working[end]]
        return tuple(datetime.date.fromordinal(ordinal) for ordinal in chosen)


def build(code: str, name: str, years: range, is_working: Callable[[datetime.date], bool], *,
          source: str = "") -> BusinessCalendar:
    """Build a calendar by asking ``is_working`` about every day of ``years`` once.

    Args:
        code: the calendar's code, e.g. ``"CN-BANK"``.
        name: a readable name.
        years: the contiguous years covered (``range(first, last + 1)``).
        is_working: tells whether a day is a working day.
        source: where the data comes from (package and version, notice numbers).

    Returns:
        The indexed calendar.

    Raises:
        InvalidComplaintDataError: ``years`` is empty or not a step-1 range.
    """
    if len(years) == 0 or years.step != 1:
        raise InvalidComplaintDataError([("years", f"need a non-empty run of years, got {years!r}")],
                                        what="calendar")
    first = datetime.date(years.start, 1, 1)
    count = datetime.date(years.stop, 1, 1).toordinal() - first.toordinal()
    working = bytes(is_working(first + datetime.timedelta(days=i)) for i in range(count))
    rank, ordinals = _index(first, working)
    return BusinessCalendar(code=code, name=name, years=years, source=source, working=working,
                            first_ordinal=first.toordinal(), rank=rank, ordinals=ordinals)


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_days(items: Iterable[Any], path: str, errors: list[tuple[str, str]]) -> frozenset[datetime.date]:
    days: set[datetime.date] = set()
    if not isinstance(items, list | tuple | set | frozenset):
        errors.append((path, f"expected a list of dates, got {type(items).__name__}"))
        return frozenset()
    for i, item in enumerate(items):
        if isinstance(item, datetime.date) and not isinstance(item, datetime.datetime):
            days.add(item)
            continue
        text = str(item)
        first, _, last = text.partition("..")
        try:
            if not _DAY.match(first) or (last and not _DAY.match(last)):
                raise ValueError
            start = datetime.date.fromisoformat(first)
            end = datetime.date.fromisoformat(last) if last else start
        except ValueError:
            errors.append((f"{path}[{i}]", f"expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, got {text!r}"))
            continue
        if end < start or (end - start).days > 366:
            errors.append((f"{path}[{i}]", f"range ends before it starts or spans more than a year: {text!r}"))
            continue
        days.update(start + datetime.timedelta(days=k) for k in range((end - start).days + 1))
    return frozenset(days)


@attrs.frozen(kw_only=True)
class YearTable:
    """One year's days off and make-up working days, as an official notice lists them.

    Every other Monday-to-Friday is a working day and every other Saturday or Sunday is not.
    """

    year: int
    holidays: frozenset[datetime.date]
    make_up_workdays: frozenset[datetime.date] = frozenset()
    source: str = ""

    def __attrs_post_init__(self) -> None:
        errors = [("holidays" if day in self.holidays else "make_up_workdays",
                   f"{day} is not in {self.year}")
                  for day in sorted(self.holidays | self.make_up_workdays) if day.year != self.year]
        errors += [("make_up_workdays", f"{day} is also listed as a holiday")
                   for day in sorted(self.holidays & self.make_up_workdays)]
        if errors:
            raise InvalidComplaintDataError(errors, what=f"holiday table {self.year}")

    def is_working(self, day: datetime.date) -> bool:
        """Whether ``day`` (in :attr:`year`) is a working day under this table.

        Args:
            day: a date in :attr:`year`.

        Returns:
            True for a make-up working day or a weekday that is not a holiday.
        """
        if day in self.make_up_workdays:
            return True
        return day.weekday() < _SATURDAY and day not in self.holidays

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> YearTable:
        """Read a table from plain data (parsed YAML or JSON).

        ``holidays`` and ``make_up_workdays`` list ISO dates or inclusive ranges ``"2027-02-05..2027-02-13"``.

        Args:
            data: a mapping with ``year``, ``holidays``, optional ``make_up_workdays`` and ``source``.

        Returns:
            The table.

        Raises:
            InvalidComplaintDataError: a field is missing or malformed (the error lists each path).
        """
        if not isinstance(data, Mapping):
            raise InvalidComplaintDataError([("", f"expected a mapping, got {type(data).__name__}")],
                                            what="holiday table")
        errors: list[tuple[str, str]] = []
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            errors.append(("year", f"expected an integer year, got {year!r}"))
        elif not 1900 <= year <= 2200:  # a table far off would make the calendar span (and index) every year between
            errors.append(("year", f"expected a year from 1900 to 2200, got {year}"))
        holidays = _parse_days(data.get("holidays", ()), "holidays", errors)
        make_up = _parse_days(data.get("make_up_workdays", ()), "make_up_workdays", errors)
        unknown = sorted(set(data) - {"year", "holidays", "make_up_workdays", "source"})
        errors += [(key, "unknown field") for key in unknown]
        if errors:
            raise InvalidComplaintDataError(errors, what="holiday table")
        assert isinstance(year, int)
        return cls(year=year, holidays=holidays, make_up_workdays=make_up, source=str(data.get("source", "")))


def from_tables(code: str, name: str, tables: Sequence[YearTable]) -> BusinessCalendar:
    """Build a calendar entirely from year tables (one per year, consecutive years).

    Args:
        code: the calendar's code.
        name: a readable name.
        tables: one table per covered year.

    Returns:
        The calendar covering exactly the tables' years.

    Raises:
        InvalidComplaintDataError: no tables, a year given twice, or a gap between years.
    """
    by_year = _by_year(tables)
    years = _contiguous(sorted(by_year), code)
    return build(code, name, years, lambda day: by_year[day.year].is_working(day),
                 source="; ".join(t.source for t in tables if t.source))


def extend(base: BusinessCalendar, tables: Sequence[YearTable], *, code: str | None = None,
           name: str | None = None) -> BusinessCalendar:
    """A copy of ``base`` with years added or replaced from ``tables``.

    A table for a year ``base`` covers replaces that year; a table for the year just before or
    after extends the coverage. Coverage must stay one unbroken run of years.

    Args:
        base: the calendar to start from.
        tables: the year tables to lay over it.
        code: the new calendar's code (default: the base's code).
        name: the new calendar's name (default: the base's name).

    Returns:
        The extended calendar (``base`` is unchanged).

    Raises:
        InvalidComplaintDataError: a year given twice, or coverage that would have a gap.
    """
    by_year = _by_year(tables)
    years = _contiguous(sorted(set(base.years) | set(by_year)), code or base.code)

    def is_working(day: datetime.date) -> bool:
        table = by_year.get(day.year)
        return table.is_working(day) if table else base.is_business_day(day)

    sources = [base.source, *(t.source for t in tables if t.source)]
    return build(code or base.code, name or base.name, years, is_working,
                 source="; ".join(s for s in sources if s))


def _by_year(tables: Sequence[YearTable]) -> dict[int, YearTable]:
    by_year: dict[int, YearTable] = {}
    for i, table in enumerate(tables):
        if table.year in by_year:
            raise InvalidComplaintDataError([(f"tables[{i}].year", f"{table.year} is given twice")],
                                            what="holiday tables")
        by_year[table.year] = table
    return by_year


def _contiguous(years: list[int], code: str) -> range:
    if not years:
        raise InvalidComplaintDataError([("tables", "no year tables given")], what=f"calendar {code}")
    # Gaps as ranges between neighbours: a table years away must not make us list (or build) every year between.
    gaps = [str(a + 1) if b - a == 2 else f"{a + 1}..{b - 1}" for a, b in itertools.pairwise(years)
            if b - a > 1]
    if gaps:
        raise InvalidComplaintDataError([("tables", f"coverage would have a gap at {gaps}")],
                                        what=f"calendar {code}")
    return range(years[0], years[-1] + 1)


def _chinese() -> BusinessCalendar:
    import chinese_calendar

    def supported(year: int) -> bool:
        try:
            chinese_calendar.is_workday(datetime.date(year, 6, 1))
        except NotImplementedError:
            return False
        return True

    known = [year for year in range(1949, 2201) if supported(year)]
    years = _contiguous(known, "CN")
    version = _version("chinese_calendar")
    return build("CN", "Mainland China working days, with make-up days (调休)", years,
                 lambda day: bool(chinese_calendar.is_workday(day)),
                 source=f"chinese_calendar {version} (State Council holiday notices)")


def _from_holidays(code: str, name: str, holiday_days: Callable[[range], Iterable[datetime.date]],
                   source: str) -> BusinessCalendar:
    days_off = frozenset(holiday_days(RULE_BASED_YEARS))
    return build(code, name, RULE_BASED_YEARS, lambda day: day.weekday() < _SATURDAY and day not in days_off,
                 source=source)


def _uk(region: str, label: str) -> Callable[[], BusinessCalendar]:
    def make() -> BusinessCalendar:
        import holidays

        def days_off(years: range) -> Iterable[datetime.date]:
            return holidays.country_holidays("GB", subdiv=region, years=years).keys()

        return _from_holidays(f"GB-{region}", f"UK business days, {label}", days_off,
                              f"holidays {_version('holidays')}, GB subdivision {region}")
    return make


def _us() -> BusinessCalendar:
    import holidays

    return _from_holidays("US", "US banking days (Federal Reserve holidays)",
                          lambda years: holidays.financial_holidays("XFED", years=years).keys(),
                          f"holidays {_version('holidays')}, financial calendar XFED (Federal Reserve)")


def _weekdays() -> BusinessCalendar:
    return build("WEEKDAYS", "Monday to Friday", RULE_BASED_YEARS, lambda day: day.weekday() < _SATURDAY,
                 source="weekday rule")


_BUILTIN: dict[str, Callable[[], BusinessCalendar]] = {
    "CN": _chinese,
    "GB-ENG": _uk("ENG", "England and Wales"),
    "GB-SCT": _uk("SCT", "Scotland"),
    "GB-NIR": _uk("NIR", "Northern Ireland"),
    "US": _us,
    "WEEKDAYS": _weekdays,
}
_REGISTERED: dict[str, BusinessCalendar] = {}


def get(code: str) -> BusinessCalendar:
    """The calendar registered under ``code`` (built-ins are built on first use).

    Args:
        code: ``"CN"``, ``"GB-ENG"``, ``"GB-SCT"``, ``"GB-NIR"``, ``"US"``, ``"WEEKDAYS"`` or a registered
            code.

    Returns:
        The calendar.

    Raises:
        InvalidOperationError: no calendar has that code.
    """
    found = _REGISTERED.get(code)
    if found is None:
        make = _BUILTIN.get(code)
        if make is None:
            raise InvalidOperationError("calendar", f"unknown calendar {code!r}; known: {', '.join(codes())}")
        found = _REGISTERED[code] = make()
    return found


def register(calendar: BusinessCalendar) -> None:
    """Make ``calendar`` the answer of ``get(calendar.code)``, replacing any calendar with that code.

    This is how a bank installs next year's holiday notice (see :func:`extend`) for every rule
    that names the calendar by code.

    Args:
        calendar: the calendar to install.
    """
    _REGISTERED[calendar.code] = calendar


def unregister(code: str) -> None:
    """Drop the calendar registered under ``code``; a built-in code falls back to the shipped data.

    Args:
        code: the calendar's code; unknown codes are ignored.
    """
    _REGISTERED.pop(code, None)


def codes() -> tuple[str, ...]:
    """Codes :func:`get` knows, built-in and registered.

    Returns:
        The sorted codes.
    """
    return tuple(sorted(set(_BUILTIN) | set(_REGISTERED)))
