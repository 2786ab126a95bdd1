"""Worked examples for every shipped regime rule, computed by hand from the regulation texts.

Each expected due instant below was worked out on paper from the holiday tables (REGULATIONS.md §3,
the UK bank holidays, the Federal Reserve holidays), not by the code under test.
"""

from __future__ import annotations

import datetime

import pendulum
import pytest

from bankcomplaints.errors import InvalidComplaintDataError, RegimeError
from bankcomplaints.workflow import regimes
from bankcomplaints.workflow.deadlines import Approval, Clock, ClockNotice
from bankcomplaints.workflow.regimes import Regime, Unit


def _clock(regime: Regime, clock: str, start: str, **fields: object) -> Clock:
    return Clock(id=f"{regime.code}:{clock}", regime=regime.code, rule=regime.rule(clock),
                 started_at=pendulum.parse(start), **fields)  # type: ignore[arg-type]


def _approval(key: str, role: str, at: str) -> Approval:
    return Approval(key=key, approver_role=role, approver_id="M-1", approved_at=pendulum.parse(at))


def _notice(key: str, at: str) -> ClockNotice:
    return ClockNotice(key=key, channel="sms", sent_at=pendulum.parse(at))


CBIRC = regimes.get("CN-CBIRC-2020")
CBIRC_ROLL = regimes.cn_cbirc_2020(roll_forward=True)
PBOC = regimes.get("CN-PBOC-2020")
DISP = regimes.get("UK-FCA-DISP")
DISP_SCT = regimes.uk_fca_disp(calendar="GB-SCT")
CFPB = regimes.get("US-CFPB")
REG_E = regimes.get("US-REG-E")
REG_Z = regimes.get("US-REG-Z")
EU = regimes.get("EU-JC-2018")
EU_NATIONAL = regimes.eu_jc_2018(national_limit=8, national_unit=Unit.WEEKS)
SLA = regimes.example_internal_sla()

# (regime, clock, start, expected due instant). Day-counted clocks end at 24:00 unless the rule says
# otherwise, written as 00:00 of the next day.
PLAIN = [
    # CBIRC Art. 18: 15 calendar days, day of receipt not counted, no roll-forward (REGULATIONS.md §1.2 table).
    (CBIRC, "handling_decision", "2025-09-22T10:00:00+08:00", "2025-10-08T00:00:00+08:00"),
    (CBIRC, "handling_decision", "2025-09-30T10:00:00+08:00", "2025-10-16T00:00:00+08:00"),
    (CBIRC, "handling_decision", "2026-02-06T10:00:00+08:00", "2026-02-22T00:00:00+08:00"),
    (CBIRC, "handling_decision", "2026-09-28T10:00:00+08:00", "2026-10-14T00:00:00+08:00"),
    # ... with the Civil Code Art. 203 roll-forward switched on.
    (CBIRC_ROLL, "handling_decision", "2025-09-22T10:00:00+08:00", "2025-10-10T00:00:00+08:00"),
    (CBIRC_ROLL, "handling_decision", "2026-02-06T10:00:00+08:00", "2026-02-25T00:00:00+08:00"),
    (CBIRC_ROLL, "handling_decision", "2024-09-16T10:00:00+08:00", "2024-10-09T00:00:00+08:00"),
    # Art. 20: review request window and review decision, 30 calendar days.
    (CBIRC, "review_request_window", "2026-01-30T15:00:00+08:00", "2026-03-02T00:00:00+08:00"),
    (CBIRC, "review_request_window", "2025-12-15T09:00:00+08:00", "2026-01-15T00:00:00+08:00"),
    (CBIRC, "review_request_window", "2026-09-20T09:00:00+08:00", "2026-10-21T00:00:00+08:00"),
    (CBIRC, "review_decision", "2026-02-10T09:00:00+08:00", "2026-03-13T00:00:00+08:00"),
    (CBIRC, "review_decision", "2024-02-29T09:00:00+08:00", "2024-03-31T00:00:00+08:00"),
    (CBIRC, "review_decision", "2026-12-10T09:00:00+08:00", "2027-01-10T00:00:00+08:00"),  # no calendar needed
    # Art. 33: 7 working days on the China calendar, make-up days counted.
    (CBIRC, "regulator_forwarding", "2025-09-22T10:00:00+08:00", "2025-10-01T00:00:00+08:00"),
    (CBIRC, "regulator_forwarding", "2025-09-30T10:00:00+08:00", "2025-10-17T00:00:00+08:00"),
    (CBIRC, "regulator_forwarding", "2026-02-06T10:00:00+08:00", "2026-02-25T00:00:00+08:00"),
    (CBIRC, "regulator_forwarding", "2026-09-28T10:00:00+08:00", "2026-10-14T00:00:00+08:00"),
    # PBoC [U]: 15 calendar days.
    (PBOC, "forwarded_complaint_response", "2026-09-28T10:00:00+08:00", "2026-10-14T00:00:00+08:00"),
    (PBOC, "forwarded_complaint_response", "2026-02-06T10:00:00+08:00", "2026-02-22T00:00:00+08:00"),
    (PBOC, "forwarded_complaint_response", "2025-12-25T10:00:00+08:00", "2026-01-10T00:00:00+08:00"),
    # DISP 1.5.1R: close of business (17:00) on the 3rd business day after receipt.
    (DISP, "summary_resolution", "2026-04-01T11:00:00+01:00", "2026-04-08T17:00:00+01:00"),  # Easter
    (DISP, "summary_resolution", "2026-12-24T16:00:00+00:00", "2026-12-31T17:00:00+00:00"),  # Christmas
    (DISP, "summary_resolution", "2026-03-07T10:00:00+00:00", "2026-03-11T17:00:00+00:00"),  # Saturday receipt
    (DISP, "summary_resolution", "2026-11-27T10:00:00+00:00", "2026-12-02T17:00:00+00:00"),
    (DISP_SCT, "summary_resolution", "2026-11-27T10:00:00+00:00", "2026-12-03T17:00:00+00:00"),  # St Andrew's
    # DISP 1.6.2R: end of 8 weeks.
    (DISP, "final_response", "2026-03-02T10:00:00+00:00", "2026-04-28T00:00:00+01:00"),
    (DISP, "final_response", "2026-12-01T10:00:00+00:00", "2027-01-27T00:00:00+00:00"),
    (DISP, "final_response", "2026-03-20T10:00:00+00:00", "2026-05-16T00:00:00+01:00"),
    # DISP 1.6.2AR: 15 business days (England and Wales bank holidays).
    (DISP, "payment_services_final_response", "2026-04-01T10:00:00+01:00", "2026-04-25T00:00:00+01:00"),
    (DISP, "payment_services_final_response", "2026-12-18T10:00:00+00:00", "2027-01-14T00:00:00+00:00"),
    (DISP, "payment_services_final_response", "2026-05-01T10:00:00+01:00", "2026-05-27T00:00:00+01:00"),
    # CFPB: 15 and 60 calendar days from sending.
    (CFPB, "company_response", "2026-11-20T09:00:00-05:00", "2026-12-06T00:00:00-05:00"),
    (CFPB, "company_response", "2026-06-25T09:00:00-04:00", "2026-07-11T00:00:00-04:00"),
    (CFPB, "company_response", "2026-12-20T09:00:00-05:00", "2027-01-05T00:00:00-05:00"),
    (CFPB, "closure", "2026-11-20T09:00:00-05:00", "2027-01-20T00:00:00-05:00"),
    (CFPB, "closure", "2026-01-02T09:00:00-05:00", "2026-03-04T00:00:00-05:00"),
    (CFPB, "closure", "2026-03-01T09:00:00-05:00", "2026-05-01T00:00:00-04:00"),
    # Reg E: business days on the Federal Reserve calendar.
    (REG_E, "investigation", "2026-11-20T09:00:00-05:00", "2026-12-08T00:00:00-05:00"),  # Thanksgiving
    (REG_E, "investigation", "2026-07-01T09:00:00-04:00", "2026-07-16T00:00:00-04:00"),  # Fed open Fri 3 July
    (REG_E, "investigation", "2026-10-05T09:00:00-04:00", "2026-10-21T00:00:00-04:00"),  # Columbus Day
    (REG_E, "investigation_new_account", "2026-11-20T09:00:00-05:00", "2026-12-22T00:00:00-05:00"),
    (REG_E, "investigation_new_account", "2026-12-17T09:00:00-05:00", "2027-01-20T00:00:00-05:00"),
    (REG_E, "investigation_new_account", "2026-06-01T09:00:00-04:00", "2026-07-01T00:00:00-04:00"),  # Juneteenth
    (REG_E, "report_results", "2026-11-25T09:00:00-05:00", "2026-12-02T00:00:00-05:00"),
    (REG_E, "report_results", "2026-12-23T09:00:00-05:00", "2026-12-30T00:00:00-05:00"),
    (REG_E, "report_results", "2026-09-04T09:00:00-04:00", "2026-09-11T00:00:00-04:00"),  # Labor Day
    (REG_E, "correct_error", "2026-11-25T09:00:00-05:00", "2026-11-28T00:00:00-05:00"),
    (REG_E, "correct_error", "2026-12-24T09:00:00-05:00", "2026-12-29T00:00:00-05:00"),
    (REG_E, "correct_error", "2026-01-16T09:00:00-05:00", "2026-01-21T00:00:00-05:00"),  # MLK Day
    # Reg Z: acknowledge within 30 days.
    (REG_Z, "acknowledgment", "2026-03-10T09:00:00-05:00", "2026-04-10T00:00:00-04:00"),
    (REG_Z, "acknowledgment", "2026-12-15T09:00:00-05:00", "2027-01-15T00:00:00-05:00"),
    (REG_Z, "acknowledgment", "2026-01-31T09:00:00-05:00", "2026-03-03T00:00:00-05:00"),
    # PSD2 Art. 101 under the EU skeleton: 15 business days on the weekday calendar until the bank sets one.
    (EU, "payment_services_reply", "2026-12-21T09:00:00+01:00", "2027-01-12T00:00:00+01:00"),
    (EU, "payment_services_reply", "2026-03-02T09:00:00+01:00", "2026-03-24T00:00:00+01:00"),
    (EU, "payment_services_reply", "2026-03-07T09:00:00+01:00", "2026-03-28T00:00:00+01:00"),
    (EU_NATIONAL, "final_response", "2026-03-02T09:00:00+01:00", "2026-04-28T00:00:00+02:00"),
    # The example internal SLA: 1 business day to 17:30; 2 working hours (09:00-17:30); 10 calendar days.
    (SLA, "first_contact", "2026-09-30T16:00:00+08:00", "2026-10-08T17:30:00+08:00"),
    (SLA, "first_contact", "2026-10-09T16:00:00+08:00", "2026-10-10T17:30:00+08:00"),  # make-up Saturday
    (SLA, "first_contact", "2026-02-13T16:00:00+08:00", "2026-02-14T17:30:00+08:00"),
    (SLA, "p1_resolution", "2026-09-30T16:30:00+08:00", "2026-10-08T10:00:00+08:00"),
    (SLA, "p1_resolution", "2026-10-12T08:00:00+08:00", "2026-10-12T11:00:00+08:00"),
    (SLA, "p1_resolution", "2026-10-10T15:00:00+08:00", "2026-10-10T17:00:00+08:00"),
    (SLA, "p1_resolution", "2026-10-11T10:00:00+08:00", "2026-10-12T11:00:00+08:00"),
    (SLA, "standard_resolution", "2026-09-28T10:00:00+08:00", "2026-10-09T00:00:00+08:00"),
]


@pytest.mark.parametrize(("regime", "clock", "start", "expected"), PLAIN,
                         ids=[f"{r.code}:{c}:{s[:10]}" for r, c, s, _ in PLAIN])
def test_worked_example(regime: Regime, clock: str, start: str, expected: str) -> None:
    due = _clock(regime, clock, start).due()
    assert due == pendulum.parse(expected)
    assert due.utcoffset() == pendulum.parse(expected).utcoffset()  # given in the institution's zone


# Reg Z resolution: two complete billing cycles, never later than 90 days.
@pytest.mark.parametrize(("start", "closing_day", "expected"), [
    ("2026-03-10T09:00:00-05:00", 25, "2026-05-26T00:00:00-04:00"),  # cycles close 3-25, 4-25, 5-25
    ("2026-03-25T09:00:00-04:00", 25, "2026-05-26T00:00:00-04:00"),  # receipt on a closing day
    ("2026-06-01T09:00:00-04:00", 31, "2026-08-31T00:00:00-04:00"),  # cycles end 8-31, cap 8-30 binds
    ("2026-01-31T09:00:00-05:00", 31, "2026-04-01T00:00:00-04:00"),  # February closes on the 28th
])
def test_reg_z_resolution(start: str, closing_day: int, expected: str) -> None:
    assert _clock(REG_Z, "resolution", start, billing_cycle_day=closing_day).due() == pendulum.parse(expected)


def test_cbirc_extensions_and_pause() -> None:
    start = "2026-09-28T10:00:00+08:00"
    clock = _clock(CBIRC, "handling_decision", start)
    complex_ = clock.with_extension("complex", pendulum.parse("2026-10-05T09:00:00+08:00"))
    assert complex_.due() == pendulum.parse("2026-10-29T00:00:00+08:00")
    approval = _approval("superior_approval", "head_office_senior_manager", "2026-10-20T09:00:00+08:00")
    notice = _notice("complainant", "2026-10-20T10:00:00+08:00")
    especially = complex_.with_extension("especially_complex", pendulum.parse("2026-10-20T11:00:00+08:00"),
                                         approvals=[approval], notices=[notice])
    assert especially.due() == pendulum.parse("2026-11-28T00:00:00+08:00")
    paused = clock.with_pause("external_appraisal", pendulum.parse("2026-10-05T14:00:00+08:00"))
    resumed = paused.with_resumption(pendulum.parse("2026-10-12T09:00:00+08:00"))
    assert resumed.due() == pendulum.parse("2026-10-21T00:00:00+08:00")


def test_extensions_elsewhere() -> None:
    disp = _clock(DISP, "payment_services_final_response", "2026-04-01T10:00:00+01:00")
    holding = _notice("holding_response", "2026-04-20T10:00:00+01:00")
    extended = disp.with_extension("exceptional_circumstances", pendulum.parse("2026-04-20T11:00:00+01:00"),
                                   notices=[holding])
    assert extended.due() == pendulum.parse("2026-05-27T00:00:00+01:00")
    credit = _notice("provisional_credit", "2026-11-30T10:00:00-05:00")
    reg_e = _clock(REG_E, "investigation", "2026-11-20T09:00:00-05:00")
    assert reg_e.with_extension("provisional_credit", pendulum.parse("2026-11-30T11:00:00-05:00"),
                                notices=[credit]).due() == pendulum.parse("2027-01-05T00:00:00-05:00")
    pos = _clock(REG_E, "investigation", "2026-10-05T09:00:00-04:00")
    credit = _notice("provisional_credit", "2026-10-06T10:00:00-04:00")
    assert pos.with_extension("provisional_credit_extended", pendulum.parse("2026-10-06T11:00:00-04:00"),
                              notices=[credit]).due() == pendulum.parse("2027-01-04T00:00:00-05:00")
    eu = _clock(EU, "payment_services_reply", "2026-03-02T09:00:00+01:00")
    reply = _notice("holding_reply", "2026-03-20T09:00:00+01:00")
    assert eu.with_extension("exceptional_circumstances", pendulum.parse("2026-03-20T10:00:00+01:00"),
                             notices=[reply]).due() == pendulum.parse("2026-04-21T00:00:00+02:00")
    pboc = _clock(PBOC, "forwarded_complaint_response", "2026-09-28T10:00:00+08:00")
    head = _approval("complaint_head_approval", "complaint_handling_head", "2026-10-09T09:00:00+08:00")
    told = _notice("complainant", "2026-10-09T09:30:00+08:00")
    assert pboc.with_extension("complex", pendulum.parse("2026-10-09T10:00:00+08:00"), approvals=[head],
                               notices=[told]).due() == pendulum.parse("2026-11-28T00:00:00+08:00")


def test_registry_selects_by_family_and_date() -> None:
    assert regimes.select("CN-CBIRC", datetime.date(2026, 9, 28)).code == "CN-CBIRC-2020"
    with pytest.raises(RegimeError, match="no regime in force on 2020-02-29"):
        regimes.select("CN-CBIRC", datetime.date(2020, 2, 29))
    with pytest.raises(RegimeError, match="unknown regime"):
        regimes.get("CN-CBIRC-2099")
    with pytest.raises(RegimeError, match="no clock 'nope'"):
        CBIRC.rule("nope")
    assert set(regimes.SHIPPED) <= set(regimes.codes())


def test_a_revised_regulation_takes_over_by_receipt_date() -> None:
    old = regimes.get("CN-CBIRC-2020")
    revised = Regime(code="CN-CBIRC-2027", family="CN-CBIRC", name="revised (hypothetical)", jurisdiction="CN",
                     effective_from=datetime.date(2027, 7, 1), rules=old.rules)
    closed = Regime(code=old.code, family=old.family, name=old.name, jurisdiction=old.jurisdiction,
                    effective_from=old.effective_from, effective_until=datetime.date(2027, 7, 1), rules=old.rules)
    regimes.register(revised)
    regimes.register(closed)
    try:
        assert regimes.select("CN-CBIRC", datetime.date(2027, 6, 30)).code == "CN-CBIRC-2020"
        assert regimes.select("CN-CBIRC", datetime.date(2027, 7, 1)).code == "CN-CBIRC-2027"
    finally:
        regimes.unregister("CN-CBIRC-2027")
        regimes.unregister("CN-CBIRC-2020")
    assert regimes.get("CN-CBIRC-2020").effective_until is None


def test_unconfirmed_facts_are_documented_parameters() -> None:
    assert CBIRC.parameter("roll_forward").status == "U"
    assert CBIRC.parameter("roll_forward").value == "false"
    assert PBOC.parameter("response_days").status == "U"
    assert regimes.cn_pboc_2020(response_days=7).rule("forwarded_complaint_response").limit == 7
    assert EU.parameter("national_limit").value == "unset"
    assert [rule.clock for rule in EU.rules] == ["payment_services_reply"]
    with pytest.raises(RegimeError):
        CBIRC.parameter("nope")


def test_sla_document_errors_name_their_paths() -> None:
    bad = {**regimes.EXAMPLE_SLA, "rules": [
        {"clock": "x", "title": "x", "limit": 0, "unit": "business_days"},
        {"clock": "y", "title": "y", "limit": 1, "unit": "fortnights"},
        {"clock": "z", "title": "z", "limit": 1, "unit": "hours", "counting": {"cutoff": "25:00"}},
    ]}
    with pytest.raises(InvalidComplaintDataError) as caught:
        regimes.regime_from_dict(bad)
    paths = " ".join(caught.value.paths)
    assert "rules[0]" in paths and "rules[1]" in paths and "rules[2]" in paths
    with pytest.raises(InvalidComplaintDataError):
        regimes.regime_from_dict({**regimes.EXAMPLE_SLA, "counting": "Asia/Shanghai"})


def test_sla_loads_from_yaml_with_native_dates() -> None:
    yaml = pytest.importorskip("yaml")
    text = """
code: BANK-SLA
family: BANK-SLA
name: yaml sla
jurisdiction: CN
effective_from: 2026-01-01
counting: {time_zone: Asia/Shanghai, calendar: CN}
rules:
  - {clock: first_contact, title: call back, limit: 1, unit: business_days, counting: {cutoff: "17:30"}}
"""
    regime = regimes.regime_from_dict(yaml.safe_load(text))
    assert regime.effective_from == datetime.date(2026, 1, 1)
    assert regime.rule("first_contact").counting.cutoff == "17:30"
