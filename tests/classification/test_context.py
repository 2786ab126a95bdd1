"""Context the rules must respect: negation within a clause, amounts that are not in dispute,
company that is not a group, contacts counted within one matter that are not a repeat, clerks' notes,
kinds that locate no problem, the rule set's default channel and a channel the host knows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.classification import Classifier, assess_risk, classify, find_amounts, load_rules
from bankcomplaints.errors import RuleSetError

_RULES = """
negation_prefixes = ["不想", "没有"]
negation_window = 4
negation_breaks = "就我"
[[rule]]
id = "sue"
dimension = "flag"
label = "litigation"
patterns = ["起诉"]
negatable = true
"""


def _flags(text: str) -> list[str]:
    return [f.slug for f in assess_risk(classify(text)).flags]


@pytest.mark.parametrize(("text", "fires"), [
    ("不想起诉", False),
    ("不想去法院起诉", False),          # the prefix reaches 4 characters on
    ("没有处理就起诉", True),           # 就 starts a new thought
    ("没有处理我起诉", True),           # so does a new subject
    ("不想，起诉", True),               # and a clause break
    ("不想拖到最后再起诉", True),       # more than 4 characters apart
])
def test_a_negation_prefix_reaches_only_within_its_clause(text: str, fires: bool) -> None:
    evidence = Classifier(load_rules(_RULES)).classify(text).evidence
    assert bool(evidence) is fires


@pytest.mark.parametrize(("text", "flag"), [
    ("我不想打官司，只想把钱要回来", "litigation"),
    ("他们让我自己去起诉对方", "litigation"),
    ("不是第一次来办业务了，今天就是想问问利率", "repeat"),
    ("邻居们都说你们网点服务差", "group"),
    ("我老公陪我一起来的，柜员态度很差", "group"),
    ("我不是老人，但你们的字也太小了", "vulnerable"),
    ("我没有要跳楼的意思，只想解决问题", "extreme"),
    ("房贷利率降了好几次，我的一直没调", "repeat"),
    ("你们在账上动手脚", "extreme"),
    ("为了开这个证明我跑了三趟", "repeat"),          # trips within one matter are not a repeat complaint
    ("打了四次客服电话都没人能说清楚", "repeat"),
    ("他们每天早中晚打三遍催收电话", "repeat"),
    ("我不是要投诉，就是问问12378是什么电话", "regulator"),
    ("人民银行不是规定必须给换吗", "regulator"),
])
def test_words_out_of_context_raise_no_flag(text: str, flag: str) -> None:
    assert flag not in _flags(text)


@pytest.mark.parametrize(("text", "flag"), [
    ("你们再不处理我就去法院起诉", "litigation"),
    ("我已经是第三次来了", "repeat"),
    ("我们小区二十几户业主一起来的", "group"),
    ("再不解冻我就从你们楼顶跳下去", "extreme"),
    ("那个柜员再这样，我就等着她下班，让她好看", "extreme"),
    ("我跟你们说过很多次了，还是没人管", "repeat"),
    ("这是我为同一件事第三次来你们网点了", "repeat"),
    ("再不给我解封我就带着刀来找你们行长", "extreme"),
    ("已经有人说要上天台了", "extreme"),
    ("我们是小区的业主代表，三百多户都不同意", "group"),
    ("客户与同村另外六位老人一起来网点", "group"),
])
def test_the_same_words_in_context_do(text: str, flag: str) -> None:
    assert flag in _flags(text)


@pytest.mark.parametrize("text", [
    "手机银行转账超过5万要收手续费，也没通知",
    "我的信用卡额度20万，这次被多扣了80元",
    "月薪1万，被多收了200元年费",
    "我把视频发到网上，播放量几万了，你们还不处理",
    "我的卡号是6222021234567890，手机13912345678，2023年5月被扣了300元",
])
def test_amounts_not_in_dispute_do_not_make_a_large_amount(text: str) -> None:
    assert "large_amount" not in _flags(text)


@pytest.mark.parametrize("text", ["我的卡被盗刷了两万元", "账户里５万元被转走了", "被騙了貳萬圓", "理财亏了十几万"])
def test_amounts_in_dispute_do(text: str) -> None:
    assert "large_amount" in _flags(text)


@given(st.integers(min_value=2, max_value=999), st.sampled_from(["超过", "额度", "限额", "月薪"]))
def test_a_stated_limit_is_a_condition_not_a_disputed_sum(n: int, word: str) -> None:
    (found,) = find_amounts(f"{word}{n}万")
    assert found.condition
    (plain,) = find_amounts(f"被扣了{n}万")
    assert not plain.condition


def test_praise_is_located_and_a_misdirected_call_names_no_business() -> None:
    praise = classify("打电话来表扬一下你们信用卡中心的客服小王，帮我及时挂失了")
    assert praise.kind.label == "other"
    assert (praise.business.label, praise.channel.label) == ("bank_card", "phone")
    wrong_number = classify("不好意思打错了，我找的是社保局")
    # Its channel is left open: the labelled sets' authors split between `phone` and `other` for a wrong number
    # (20 and 14 texts of the development sets in round 10).
    assert (wrong_number.kind.label, wrong_number.business.label) == ("other", "other")


def test_a_rule_set_may_locate_no_problem_for_some_kinds() -> None:
    rules = load_rules('''
locate_kinds = ["complaint"]
[[rule]]
id = "praise"
dimension = "kind"
label = "other"
patterns = ["表扬"]
[[rule]]
id = "card"
dimension = "business"
label = "bank_card"
patterns = ["信用卡"]
''')
    result = Classifier(rules).classify("表扬信用卡中心")
    assert result.business.label == "other" and "for kind other" in result.business.reason


def test_a_text_naming_no_channel_gets_the_rule_sets_default_other() -> None:
    result = Classifier().classify("合同上我的名字写错了，你们还要我自己去证明")  # the rules alone
    assert result.channel.label == "other"
    assert result.channel.fired == () and "default" in result.channel.reason
    assert classify("手机银行转账失败了").channel.label == "mobile_app"
    assert classify("I was charged a fee twice on my account").channel.label == "other"


def test_a_channel_the_host_knows_wins_over_the_text_unless_it_is_other() -> None:
    text = "手机银行转账失败了"
    given = classify(text, channel="counter")
    assert (given.channel.label, given.channel.reason, given.channel.confidence) == ("counter", "given by host", 1.0)
    assert classify(text, channel="other").channel.label == "mobile_app"
    assert classify("合同上我的名字写错了", channel="phone").channel.label == "phone"


@pytest.mark.parametrize(("text", "kind"), [
    ("客户询问大额存单的起存金额和利率，已向客户解释。", "consultation"),
    ("来电咨询信用卡分期手续费怎么算", "consultation"),
    ("客户反映网点取款排队时间过长，要求改进", "complaint"),
    ("客户询问的是保险公司的理赔进度，非本行业务，已告知其联系保险公司", "other"),
    ("12378转办：投诉人称其信用卡被多收年费", "complaint"),
    ("请问信用卡被盗刷了应该怎么办", "consultation"),
    ("我的卡被盗刷了两万，你们到现在不处理，我该怎么办？", "complaint"),
])
def test_notes_and_questions_are_read_for_what_they_record(text: str, kind: str) -> None:
    assert classify(text).kind.label == kind


@pytest.mark.parametrize(("field", "value"), [("default_channel", "pigeon"), ("negation_breaks", 3),
                                              ("locate_kinds", ["gossip"])])
def test_bad_rule_set_settings_are_refused_by_name(field: str, value: object) -> None:
    document = f"{field} = {value!r}\n".replace("'", '"')
    with pytest.raises(RuleSetError) as caught:
        load_rules(document)
    assert field in str(caught.value)
