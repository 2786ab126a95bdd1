"""Risk-factor conventions of the labelled Chinese sets (round 6), through the public API.

Each exclusion states a convention of the v7-v11 authors' notes (a bystander is not vulnerable, a court
across the street is not litigation, a couple is not a group …); beside it, a nearby phrasing that must
still raise the factor, so that an exclusion which swallowed the factor would fail.
"""

from __future__ import annotations

import pytest

from bankcomplaints.classification import assess_risk, classify, find_amounts, find_counts


def _flags(text: str) -> set[str]:
    return {factor.slug for factor in assess_risk(classify(text)).flags}


@pytest.mark.parametrize(("text", "flag"), [
    # vulnerable: an old person in the queue, a customer who says they are fit, people in general in a suggestion,
    # a relative rung by collectors
    ("排队的时候旁边有个老大爷一直在咳嗽，你们的柜员却在聊天，我等了一个小时才轮到", "vulnerable"),
    ("我今年六十五岁，身体好得很，你们别一见我就让我叫子女来，我自己能办", "vulnerable"),
    ("建议自助机加上语音提示，方便视力不好的人使用", "vulnerable"),
    ("你们的催收天天打电话给我妈，她七十多岁了，被吓得睡不着", "vulnerable"),
    # regulator: the central bank as a place to print a report or in the news; the bank's own consumer-protection desk
    ("我专门去人民银行打印征信报告，跑了一趟人家说你们网点就能打", "regulator"),
    ("新闻说有银行因为乱收费被人民银行罚了款，你们的短信费是不是也该退", "regulator"),
    ("我写信给你们分行消保部门，一个月了还没人回复", "regulator"),
    # media: reading social media is not going to the media
    ("我在小红书上看到有人说你们的存单利率高，来了却说没有这个产品", "media"),
    # litigation: a court as a landmark, a lawyer by profession, a collector's sham suit
    ("你们法院对面那个网点的ATM又坏了，取不了钱", "litigation"),
    ("我闺蜜是律师，她说你们这个条款不合理，但我不想闹大，你们把手续费退了就行", "litigation"),
    ("催收短信说我的案子已立案，我打电话去法院问，根本没有这回事", "litigation"),
    # group: a couple, business partners, people asking together, a live-stream audience
    ("我们两口子一起来办的业务，你们非要一个一个排号", "group"),
    ("我们三个合伙人想开个对公账户，需要三个人都到场吗？", "group"),
    ("我在网点门口开直播骂你们排队太慢，直播间在线两百多人都在看", "group"),
    # repeat: steps of one errand, a salesman ringing again
    ("开户跑了三趟：第一次说系统维护，第二次说要带原件，第三次才办成", "repeat"),
    ("推销信用卡的电话我说了不要，他换个号码又打过来了", "repeat"),
    # extreme: what the speaker says they will not do
    ("气得我真想把你们的叫号机砸了，但我忍住了，我就要一个道歉", "extreme"),
    ("我都想从你们楼上跳下去了，开玩笑的，就是想让你们把手续费退了", "extreme"),
])
def test_a_convention_keeps_the_factor_off(text: str, flag: str) -> None:
    assert flag not in _flags(text)


@pytest.mark.parametrize(("text", "flag"), [
    ("我今年七十八岁，耳朵也背，柜员说话那么快我听不清，还冲我发脾气", "vulnerable"),
    ("我是坐轮椅的，建议你们门口修个坡道，我每次来都得找人抬", "vulnerable"),
    ("你们再不给我退钱，我就去人民银行投诉你们", "regulator"),
    ("你们行的消保部门不管，我已经打了12378", "regulator"),
    ("你们不解决我就发到小红书上，让大家都看看", "media"),
    ("律师函已经寄出，下个月我就去法院起诉你们", "litigation"),
    ("我们村二十多户都被你们的信贷员骗了，今天一起来讨个说法", "group"),
    ("这是我第三次来反映同一个问题了，你们上次说一周修好", "repeat"),
    ("今天不给我办我就拿汽油来，跟你们同归于尽，我不是开玩笑", "extreme"),
])
def test_the_factor_still_rises_beside_its_convention(text: str, flag: str) -> None:
    assert flag in _flags(text)


@pytest.mark.parametrize("text", [
    "信用卡额度被你们从五万降到三千，一条短信都没有",  # a limit moved
    "我欠你们信用卡两万多，我没说不还，可催收天天骂人",  # a debt owned up to
    "我在你们行有一百多万存款，办个业务还要排普通号",  # a balance held
])
def test_amounts_that_are_not_in_dispute_do_not_make_a_large_amount(text: str) -> None:
    assert "large_amount" not in _flags(text)
    assert any(amount.condition for amount in find_amounts(text))


@pytest.mark.parametrize("text", [
    "信用卡被人盗刷了两万元，你们说要我自己报警",
    "催收说我欠你们信用卡一万二，我根本没办过信用卡",  # a debt the customer denies is in dispute
    "我卡里十二万存款转到了骗子的账户，柜员一句都没问",  # savings lost, not a balance held
])
def test_money_in_dispute_still_is_a_large_amount(text: str) -> None:
    assert "large_amount" in _flags(text)


def test_viewers_of_a_live_stream_are_not_complainants_in_person() -> None:
    streamed = "客户在网点大厅开直播骂柜员，直播间在线约八百人"
    assert find_counts(streamed) == ()
    assert not assess_risk(classify(streamed)).major
    came = "约八百人聚集在网点大厅，要求兑付"
    assert [count.count for count in find_counts(came)] == [800]
    assert assess_risk(classify(came)).major
