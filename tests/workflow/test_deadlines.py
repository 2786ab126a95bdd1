"""Clock arithmetic: pauses, extensions, status, warnings, and explanations that add up."""

from __future__ import annotations

import datetime

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints import calendars
from bankcomplaints.errors import CalendarCoverageError, DeadlineError, ExtensionRefusedError
from bankcomplaints.workflow import regimes
from bankcomplaints.workflow.deadlines import Approval, Clock, ClockNotice, ClockStatus, Explanation, Pause

CBIRC = regimes.get("CN-CBIRC-2020")
CBIRC_ROLL = regimes.cn_cbirc_2020(roll_forward=True, cutoff="17:00")
DISP = regimes.get("UK-FCA-DISP")
REG_E = regimes.get("US-REG-E")
SLA = regimes.example_internal_sla()
P = pendulum.parse


def _clock(regime: regimes.Regime, clock: str, start: pendulum.DateTime) -> Clock:
    return Clock(id=f"{regime.code}:{clock}", regime=regime.code, rule=regime.rule(clock), started_at=start)


def _instants(first: str = "2005-01-01", last: str = "2025-10-31") -> st.SearchStrategy[pendulum.DateTime]:
    low, high = P(first).int_timestamp, P(last).int_timestamp
    return st.integers(low, high).map(lambda ts: pendulum.from_timestamp(ts, tz="UTC"))


CALENDAR_DAY_RULES = [(CBIRC, "handling_decision"), (DISP, "final_response"), (SLA, "standard_resolution")]
BUSINESS_DAY_RULES = [(CBIRC, "regulator_forwarding"), (DISP, "payment_services_final_response"),
                      (REG_E, "investigation")]


@given(rule=st.sampled_from(CALENDAR_DAY_RULES), start=_instants(), into=st.floats(0, 0.99),
       k=st.integers(0, 60))
def test_pausing_k_days_moves_a_calendar_clock_by_k_days(rule: tuple[regimes.Regime, str],
                                                          start: pendulum.DateTime, into: float, k: int) -> None:
    clock = _clock(*rule, start)
    due = clock.due()
    paused_at = start + (due - start) * into
    zone = clock.rule.counting.time_zone
    resumed_at = paused_at.in_timezone(zone).add(days=k)  # same wall time, k local days later
    moved = clock.with_pause(clock.rule.pause_reasons[0] if clock.rule.pause_reasons else "x", paused_at) if (
        clock.rule.pause_reasons) else None
    if moved is None:  # a rule without pause reasons refuses any pause
        with pytest.raises(DeadlineError, match="not allowed"):
            clock.with_pause("external_appraisal", paused_at)
        return
    after = moved.with_resumption(resumed_at).due()
    assert after.in_timezone(zone) == due.in_timezone(zone).add(days=k)


@given(rule=st.sampled_from(BUSINESS_DAY_RULES), start=_instants(), into=st.floats(0, 0.99),
       k=st.integers(0, 40))
def test_pausing_k_business_days_moves_a_business_clock_by_k_business_days(
        rule: tuple[regimes.Regime, str], start: pendulum.DateTime, into: float, k: int) -> None:
    regime, name = rule
    rule_with_pause = regimes.DeadlineRule(**{**_fields(regime.rule(name)), "pause_reasons": ("mediation",)})
    clock = Clock(id="c", regime=regime.code, rule=rule_with_pause, started_at=start)
    zone = rule_with_pause.counting.time_zone
    calendar = calendars.get(rule_with_pause.counting.calendar)
    due = clock.due()
    paused_at = (start + (due - start) * into).in_timezone(zone)
    resume_day = calendar.add_business_days(paused_at.date(), k)
    resumed_at = paused_at.add(days=(resume_day - paused_at.date()).days)
    after = clock.with_pause("mediation", paused_at).with_resumption(resumed_at).due().in_timezone(zone)
    before = due.in_timezone(zone)
    expected_day = calendar.add_business_days((before - datetime.timedelta(days=1)).date(), k)
    assert after.date() - datetime.timedelta(days=1) == expected_day  # due is 24:00 of the last day
    assert after.time() == before.time()


def _fields(rule: regimes.DeadlineRule) -> dict[str, object]:
    import attrs

    return attrs.asdict(rule, recurse=False)


def _check_adds_up(explanation: Explanation, rule: regimes.DeadlineRule) -> None:
    """Recompute the due instant from the explanation's own numbers, independently of the clock."""
    counting = rule.counting
    assert explanation.total == explanation.base + sum(p.counted for p in explanation.pauses)
    if explanation.counted_from is None:  # hour rules
        assert explanation.total_unit.endswith("seconds")
        if explanation.total_unit == "seconds":
            assert explanation.due == explanation.started_at.add(seconds=explanation.total)
        return
    calendar = calendars.get(counting.calendar)
    if explanation.total_unit == "business days":
        assert explanation.last_day == calendar.add_business_days(explanation.counted_from, explanation.total)
    else:
        assert explanation.last_day == explanation.counted_from + datetime.timedelta(days=explanation.total)
    assert explanation.due_day == (calendar.roll_forward(explanation.last_day) if counting.roll_forward
                                   else explanation.last_day)
    assert explanation.due_day is not None
    if counting.cutoff == "24:00":
        day = explanation.due_day + datetime.timedelta(days=1)
        expected = pendulum.datetime(day.year, day.month, day.day, tz=counting.time_zone)
    else:
        hour, minute = map(int, counting.cutoff.split(":"))
        day = explanation.due_day
        expected = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=counting.time_zone)
    assert explanation.due == expected
    assert explanation.steps[-1].endswith(expected.isoformat())


ALL_RULES = [(regime, rule.clock) for regime in
             [*(regimes.get(code) for code in regimes.SHIPPED), SLA, CBIRC_ROLL]
             for rule in regime.rules]


@given(rule=st.sampled_from(ALL_RULES), start=_instants("2005-01-01", "2025-06-30"),
       pauses=st.lists(st.tuples(st.floats(0, 1.5), st.integers(0, 20 * 86400)), max_size=3),
       extend=st.booleans(), cycle_day=st.integers(1, 31))
def test_explanations_add_up(rule: tuple[regimes.Regime, str], start: pendulum.DateTime,
                             pauses: list[tuple[float, int]], extend: bool, cycle_day: int) -> None:
    regime, name = rule
    base = regime.rule(name)
    pause_rule = regimes.DeadlineRule(**{**_fields(base), "pause_reasons": ("mediation",)})
    clock = Clock(id="c", regime=regime.code, rule=pause_rule, started_at=start, billing_cycle_day=cycle_day)
    at = start
    for share, length in pauses:
        if at >= clock.due(at):  # already due: a pause would be refused
            break
        at = at + (clock.due(at) - at) * min(share, 0.99)
        clock = clock.with_pause("mediation", at).with_resumption(at.add(seconds=length))
        at = at.add(seconds=length)
    free = [e for e in base.extensions if not e.requires and not e.approvals and not e.notices]
    if extend and free and at < clock.due():
        clock = clock.with_extension(free[0].name, at)
    explanation = clock.explain()
    assert explanation.due == clock.due()
    _check_adds_up(explanation, clock.rule)


def test_explanation_of_national_day_case_reads_well() -> None:
    clock = _clock(CBIRC_ROLL, "handling_decision", P("2025-09-22T10:00:00+08:00"))
    explanation = clock.explain()
    assert explanation.last_day == datetime.date(2025, 10, 7)
    assert explanation.due_day == datetime.date(2025, 10, 9)
    assert explanation.due == P("2025-10-09T17:00:00+08:00")
    text = "\n".join(explanation.steps)
    assert "2025-09-22 + 15 calendar days = 2025-10-07" in text
    assert "rolls forward to 2025-10-09" in text
    _check_adds_up(explanation, clock.rule)


def test_pause_days_are_local_dates_and_a_pause_after_due_does_not_count() -> None:
    clock = _clock(CBIRC, "handling_decision", P("2026-03-02T10:00:00+08:00"))
    due = clock.due()  # 24:00 on 2026-03-17
    late = clock.with_pause("mediation", due.subtract(hours=1)).with_resumption(due.add(days=5))
    assert late.due() == due.add(days=6)  # paused on the 17th, resumed on the 23rd: 6 days not counted
    with pytest.raises(DeadlineError, match="already due"):
        clock.with_pause("mediation", due)
    # A stored trail may hold a pause that began after the due instant: it is shown, never counted.
    stored = Clock(id="c", regime=CBIRC.code, rule=clock.rule, started_at=clock.started_at,
                   pauses=(Pause(reason="mediation", started_at=due.add(days=1), ended_at=due.add(days=9)),))
    explanation = stored.explain()
    assert stored.due() == due and explanation.pauses[0].counted == 0
    assert "not counted" in explanation.pauses[0].note


def test_refusals_change_nothing_and_name_the_problem() -> None:
    start = P("2026-09-28T10:00:00+08:00")
    clock = _clock(CBIRC, "handling_decision", start)
    at = P("2026-10-05T10:00:00+08:00")
    with pytest.raises(ExtensionRefusedError) as caught:
        clock.with_extension("especially_complex", at)
    assert caught.value.missing == (
        "extension complex granted first",
        "approval superior_approval (by superior_institution or head_office_senior_manager)",
        "notice complainant")
    extended = clock.with_extension("complex", at)
    wrong_role = Approval(key="superior_approval", approver_role="branch_manager", approver_id="B-1",
                          approved_at=at)
    with pytest.raises(ExtensionRefusedError) as caught:
        extended.with_extension("especially_complex", at, approvals=[wrong_role])
    assert caught.value.extension == "especially_complex"
    assert caught.value.missing == (
        "approval superior_approval (by superior_institution or head_office_senior_manager)",
        "notice complainant")
    future_notice = ClockNotice(key="complainant", channel="sms", sent_at=at.add(hours=1))
    ok_approval = Approval(key="superior_approval", approver_role="superior_institution", approver_id="S-1",
                           approved_at=at)
    with pytest.raises(ExtensionRefusedError) as caught:
        extended.with_extension("especially_complex", at, approvals=[ok_approval], notices=[future_notice])
    assert caught.value.missing == ("notice complainant",)
    with pytest.raises(DeadlineError, match="already granted"):
        extended.with_extension("complex", at)
    with pytest.raises(DeadlineError, match="no extension 'forever'"):
        clock.with_extension("forever", at)
    with pytest.raises(DeadlineError, match="not allowed"):
        clock.with_pause("holiday", at)
    with pytest.raises(DeadlineError, match="not paused"):
        clock.with_resumption(at)
    with pytest.raises(DeadlineError, match="before the start"):
        clock.with_pause("mediation", start.subtract(days=1))
    paused = clock.with_pause("mediation", at)
    with pytest.raises(DeadlineError, match="already paused"):
        paused.with_pause("mediation", at.add(days=1))
    with pytest.raises(DeadlineError, match="pass now"):
        paused.due()
    stopped = clock.with_stop(at)
    with pytest.raises(DeadlineError, match="stopped"):
        stopped.with_pause("mediation", at.add(days=1))
    with pytest.raises(DeadlineError, match="too late"):
        clock.with_extension("complex", clock.due().add(days=1))
    assert clock == _clock(CBIRC, "handling_decision", start)  # values never change


def test_status_time_left_share_and_warning() -> None:
    start = P("2026-03-02T00:00:00+08:00")
    clock = _clock(CBIRC, "handling_decision", start)  # due 2026-03-18T00:00+08:00, 16 days after start
    assert clock.due() == P("2026-03-18T00:00:00+08:00")
    early, late = start.add(days=4), start.add(days=14)
    assert clock.status(early) is ClockStatus.RUNNING and not clock.in_warning(early)
    assert clock.elapsed_share(early) == 0.25
    assert clock.time_left(early) == datetime.timedelta(days=12)
    assert clock.in_warning(late)  # 14/16 = 87.5 % >= 80 %
    overdue = start.add(days=17)
    assert clock.status(overdue) is ClockStatus.BREACHED and not clock.in_warning(overdue)
    assert clock.time_left(overdue) == -datetime.timedelta(days=1)
    paused = clock.with_pause("mediation", early)
    assert paused.status(late) is ClockStatus.PAUSED
    assert paused.due(late) == P("2026-03-28T00:00:00+08:00")  # 10 paused days so far
    assert clock.with_stop(late).status(overdue) is ClockStatus.MET
    assert clock.with_stop(late, "withdrawn").status(overdue) is ClockStatus.STOPPED
    assert clock.with_stop(overdue).status(overdue) is ClockStatus.BREACHED
    assert clock.with_stop(late).time_left(overdue) == datetime.timedelta(days=2)


def test_hours_rules_shift_by_the_time_paused() -> None:
    rule = SLA.rule("p1_resolution")
    clock = Clock(id="p1", regime=SLA.code, rule=rule, started_at=P("2026-10-12T09:00:00+08:00"))
    assert clock.due() == P("2026-10-12T11:00:00+08:00")
    paused = clock.with_pause("customer_unreachable", P("2026-10-12T10:00:00+08:00"))
    resumed = paused.with_resumption(P("2026-10-13T10:30:00+08:00"))  # 7.5 h of business time on the 12th
    explanation = resumed.explain()
    assert explanation.pauses[0].counted == int(7.5 * 3600) + int(1.5 * 3600)  # 10:00-17:30, then 09:00-10:30
    assert resumed.due() == P("2026-10-13T11:30:00+08:00")
    assert clock.in_warning(P("2026-10-12T10:00:00+08:00"))  # 50 % warning for P1


def test_coverage_is_never_guessed() -> None:
    clock = _clock(CBIRC, "regulator_forwarding", P("2026-12-28T10:00:00+08:00"))
    with pytest.raises(CalendarCoverageError):
        clock.due()
    billing = _clock(regimes.get("US-REG-Z"), "resolution", P("2026-03-10T10:00:00-05:00"))
    with pytest.raises(DeadlineError, match="billing_cycle_day"):
        billing.due()


def test_a_calendar_registered_again_under_its_code_moves_the_due_day() -> None:
    """Due instants are shared between clocks, but never across calendars: a bank's new holiday counts at once."""
    code = "TEST-DUE-CACHE"
    rule = regimes.DeadlineRule(clock="c", title="t", limit=5, unit=regimes.Unit.BUSINESS_DAYS,
                                counting=regimes.Counting(calendar=code))
    clock = Clock(id="c", regime="R", rule=rule, started_at=P("2026-03-02T10:00:00+08:00"))  # a Monday
    holiday = datetime.date(2026, 3, 4)
    try:
        calendars.register(calendars.build(code, "weekdays", range(2026, 2027), lambda day: day.weekday() < 5))
        before = clock.due()
        calendars.register(calendars.build(code, "weekdays and a holiday", range(2026, 2027),
                                           lambda day: day.weekday() < 5 and day != holiday))
        after = clock.due()
    finally:
        calendars.unregister(code)
    assert before == P("2026-03-10T00:00:00+08:00")  # Tue 3 .. Mon 9: five business days
    assert after == P("2026-03-11T00:00:00+08:00")


@given(rule=st.sampled_from(ALL_RULES), start=_instants("2005-01-01", "2025-06-30"), cycle_day=st.integers(1, 31))
def test_due_without_pauses_or_extensions_is_the_day_count(rule: tuple[regimes.Regime, str],
                                                            start: pendulum.DateTime, cycle_day: int) -> None:
    """The shortcut for a clock's own limit gives what the full arithmetic gives, for every shipped rule."""
    regime, name = rule
    clock = Clock(id="c", regime=regime.code, rule=regime.rule(name), started_at=start, billing_cycle_day=cycle_day)
    assert clock.due() == clock._count(None)[0].due() == clock.explain().due
