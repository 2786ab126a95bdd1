"""Risk factors from text and from host facts, the score, the major verdict, priority and queue order."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.classification import (
    PriorityPolicy,
    QueueEntry,
    RiskFacts,
    RiskPolicy,
    assess_risk,
    assign_priority,
    classify,
    queue_order,
)
from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.values import Money, Priority, RiskFactor, Source, Vulnerability

H = datetime.timedelta(hours=1)


def flags(text: str, facts: RiskFacts | None = None) -> set[str]:
    return {factor.slug for factor in assess_risk(classify(text), facts).flags}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我奶奶82岁了，你们却让她在门口等了一个小时", {"vulnerable"}),
        ("卡里被盗刷了两万元", {"large_amount"}),
        ("被扣了8000多美元", {"large_amount"}),
        ("被扣了三百多元", set()),
        ("再不处理我就打12378", {"regulator"}),
        ("我已经联系了记者，准备曝光", {"media"}),
        ("我已经请了律师，准备起诉", {"litigation"}),
        ("我们几个客户一起来讨说法", {"group"}),
        ("这是我第三次投诉了", {"repeat"}),
        ("再不解决我就从楼上跳下去", {"extreme"}),
        ("我不会去法院的，只想解决问题", set()),
        ("I will contact my lawyer and the CFPB", {"litigation", "regulator"}),
    ],
)
def test_text_evidence(text: str, expected: set[str]) -> None:
    assert flags(text) == expected


def test_host_facts_raise_factors_without_text_evidence() -> None:
    facts = RiskFacts(
        vulnerabilities=(Vulnerability.ELDERLY,), amount=Money("10000", "CNY"), earlier_complaints=1,
        source=Source.REGULATOR_FORWARDED, co_complainants=3,
    )
    assert flags("卡被冻结了", facts) == {"vulnerable", "large_amount", "repeat", "regulator", "group"}


def test_threshold_is_inclusive_and_per_currency() -> None:
    policy = RiskPolicy(thresholds={"CNY": Decimal(50_000)})
    assert flags("被骗了两万元") == {"large_amount"}
    assert {f.slug for f in assess_risk(classify("被骗了两万元"), policy=policy).flags} == set()
    assert {f.slug for f in assess_risk(classify("被骗了5万元"), policy=policy).flags} == {"large_amount"}
    assert {f.slug for f in assess_risk(classify("被骗了5万美元"), policy=policy).flags} == set()


def test_amounts_in_a_consultation_are_not_a_dispute() -> None:
    assert flags("请问我有十万块闲钱，买什么理财好？") == set()


def test_score_adds_bank_weights_and_caps_at_100() -> None:
    text = "我妈80岁，被骗了五万元，我已经找了律师和记者，还要打12378，这是第三次投诉，再不管我就跳楼"
    risk = assess_risk(classify(text))
    assert risk.score == 100
    assert {f.factor for f in risk.factors} == set(RiskFactor) - {RiskFactor.GROUP}
    policy = RiskPolicy(points={"regulator": 7})
    only = assess_risk(classify("我要打12378"), policy=policy)
    assert only.score == 7 and only.factors[0].points == 7


def test_deadline_pressure_adds_points_as_the_clock_runs_out() -> None:
    result = classify("卡被冻结了")
    scores = [assess_risk(result, RiskFacts(time_left=left)).deadline_points
              for left in (None, 200 * H, 60 * H, 6 * H, -H)]
    assert scores[0] == scores[1] == 0
    assert scores[1] <= scores[2] <= scores[3] <= scores[4] == 15


def test_major_complaint_grounds() -> None:
    plain = classify("我们的账户被冻结了")
    assert not assess_risk(plain, RiskFacts(co_complainants=18, in_person=True)).major
    big = assess_risk(plain, RiskFacts(co_complainants=19, in_person=True))
    assert big.major and "20 complainants in person" in big.major_grounds[0]
    assert not assess_risk(plain, RiskFacts(co_complainants=30, in_person=False)).major
    assert assess_risk(classify("我们二十多人一起到网点来讨说法")).major
    assert not assess_risk(classify("我们十几个人一起到网点来讨说法")).major
    assert assess_risk(classify("因为地震，房子没了，房贷还要还吗")).major
    assert assess_risk(plain, RiskFacts(regulator_designated_major=True)).major


def test_bad_facts_and_policies_are_refused() -> None:
    with pytest.raises(InvalidOperationError):
        RiskFacts(co_complainants=-1)
    with pytest.raises(InvalidOperationError):
        RiskFacts(amount=10_000)  # type: ignore[arg-type]
    with pytest.raises(InvalidOperationError):
        RiskPolicy(points={"bored": 5})
    with pytest.raises(InvalidOperationError):
        RiskPolicy(thresholds={"XXX1": Decimal(1)})
    with pytest.raises(InvalidOperationError):
        PriorityPolicy(p1_score=10, p2_score=20)


@given(st.text(max_size=200), st.integers(0, 30), st.integers(0, 5), st.booleans())
def test_score_is_always_0_to_100(text: str, group: int, earlier: int, in_person: bool) -> None:
    risk = assess_risk(classify(text), RiskFacts(co_complainants=group, earlier_complaints=earlier,
                                                 in_person=in_person))
    assert 0 <= risk.score <= 100
    assert risk.score == min(100, sum(f.points for f in risk.factors) + risk.deadline_points)


# --- priority ------------------------------------------------------------------------------------------


def test_extreme_and_major_are_always_p1() -> None:
    policy = PriorityPolicy(p1_score=100, p2_score=100, p3_score=100)
    extreme = assess_risk(classify("我不想活了"), policy=RiskPolicy(points={"extreme": 0}))
    assert assign_priority("complaint", extreme, policy).priority is Priority.P1
    major = assess_risk(classify("账户冻结"), RiskFacts(co_complainants=25, in_person=True))
    assert assign_priority("complaint", major, policy).priority is Priority.P1


@pytest.mark.parametrize(
    ("text", "kind", "band"),
    [
        ("请问营业时间是几点", "consultation", Priority.P4),
        ("柜员态度不好", "complaint", Priority.P3),
        ("我要打12378投诉", "complaint", Priority.P2),
        ("我找了律师，也要打12378，还要找记者", "complaint", Priority.P1),
    ],
)
def test_bands(text: str, kind: str, band: Priority) -> None:
    decision = assign_priority(kind, assess_risk(classify(text)))
    assert decision.priority is band
    assert decision.first_contact_within == PriorityPolicy().first_contact[band]


T0 = pendulum.datetime(2026, 11, 2, 9, tz="Asia/Shanghai")
_entries = st.builds(
    QueueEntry,
    id=st.text("abc123", min_size=1, max_size=4),
    priority=st.sampled_from(list(Priority)),
    received_at=st.integers(0, 500).map(lambda m: T0.add(minutes=m)),
    time_left=st.none() | st.integers(-48, 240).map(lambda h: h * H),
)


@given(st.lists(_entries, max_size=12), st.randoms())
def test_queue_order_is_deterministic_and_follows_the_keys(entries: list[QueueEntry], rnd: object) -> None:
    ordered = queue_order(entries)
    shuffled = list(entries)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert [e.key() for e in queue_order(shuffled)] == [e.key() for e in ordered]
    for first, second in itertools.pairwise(ordered):
        assert first.priority.rank <= second.priority.rank
        if first.priority is second.priority and first.time_left is not None and second.time_left is not None:
            assert first.time_left <= second.time_left


def test_queue_refuses_naive_times() -> None:
    with pytest.raises(InvalidOperationError):
        queue_order([QueueEntry(id="a", priority=Priority.P1, received_at=datetime.datetime(2026, 1, 1))])
