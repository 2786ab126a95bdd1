"""Triage on a Complaint: one operation records the result (and the major-complaint alarm) or nothing."""

from __future__ import annotations

import datetime

import pendulum
import pytest

from bankcomplaints.classification import MajorComplaintFlagged, triage
from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.events import TriageRecorded, verify_chain
from bankcomplaints.serialization import make_converter
from bankcomplaints.values import Actor, BusinessCategory, Channel, CustomerRef, Kind, Priority, RiskFactor, Source

NOW = pendulum.datetime(2026, 11, 2, 9, 30, tz="Asia/Shanghai")
CLERK = Actor(id="s1", role="front_line")


def received(narrative: str, **extra: object) -> Complaint:
    complaint = Complaint.receive(id="C-7", actor=CLERK, now=NOW, complainant=CustomerRef(id="u1", name="李四"),
                                  channel=Channel.COUNTER, source=Source.DIRECT, narrative=narrative, **extra)
    complaint.collect_events()
    return complaint


def test_triage_records_the_result_on_the_complaint() -> None:
    complaint = received("我的信用卡被盗刷了两万元，再不处理我就打12378")
    result = triage(complaint, actor=Actor.system(), now=NOW.add(minutes=5))
    assert complaint.kind is Kind.COMPLAINT
    assert complaint.business is BusinessCategory.BANK_CARD
    assert set(complaint.risk_factors) == {RiskFactor.LARGE_AMOUNT, RiskFactor.REGULATOR}
    assert complaint.risk_score == result.risk.score
    assert complaint.priority is result.priority.priority is Priority.P2
    assert complaint.triage_explanation == result.explain()
    (event,) = complaint.collect_events()
    assert isinstance(event, TriageRecorded)


def test_a_major_complaint_raises_the_alarm_event() -> None:
    complaint = received("理财到期兑付不了，我们今天一起到网点来讨说法", co_complainants=24, in_person=True)
    triage(complaint, actor=Actor.system(), now=NOW.add(minutes=1))
    events = complaint.collect_events()
    assert [type(e) for e in events] == [TriageRecorded, MajorComplaintFlagged]
    assert events[1].alarm and complaint.major and complaint.priority is Priority.P1
    assert "25 complainants in person" in events[1].grounds[0]
    converter = make_converter()
    again = [converter.structure(converter.unstructure(e), type(e)) for e in events]
    assert again == events


def test_time_left_and_earlier_complaints_feed_the_score() -> None:
    calm = received("柜员态度不好")
    pressed = received("柜员态度不好")
    triage(calm, actor=CLERK, now=NOW.add(minutes=1))
    triage(pressed, actor=CLERK, now=NOW.add(minutes=1), earlier_complaints=2, time_left=datetime.timedelta(hours=2))
    assert pressed.risk_score > calm.risk_score
    assert RiskFactor.REPEAT in pressed.risk_factors


def test_refused_triage_changes_nothing() -> None:
    complaint = received("理财到期兑付不了，我们今天一起到网点来讨说法", co_complainants=24, in_person=True)
    before = (complaint.version, complaint.kind, complaint.major, complaint.pending_events)
    with pytest.raises(InvalidOperationError):
        triage(complaint, actor=CLERK, now=datetime.datetime(2026, 11, 2, 10))  # type: ignore[arg-type]
    with pytest.raises(InvalidOperationError):
        triage(complaint, actor="clerk", now=NOW)  # type: ignore[arg-type]
    assert (complaint.version, complaint.kind, complaint.major, complaint.pending_events) == before


def test_replaying_the_events_rebuilds_the_triaged_complaint() -> None:
    complaint = Complaint.receive(id="C-8", actor=CLERK, now=NOW, complainant=CustomerRef(id="u1", name="王五"),
                                  narrative="地震后房子塌了，房贷还要照常还吗", channel=Channel.PHONE)
    triage(complaint, actor=Actor.system(), now=NOW.add(minutes=2))
    events = complaint.collect_events()
    assert verify_chain(events).ok
    rebuilt = Complaint.from_events(events)
    assert rebuilt.major and rebuilt.kind is complaint.kind and rebuilt.priority is Priority.P1
