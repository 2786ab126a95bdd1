"""The classifier as a host uses it: kinds, products named in consultations, explanations, complaints."""

from __future__ import annotations

import doctest
import importlib

import pendulum
import pytest

from bankcomplaints.classification import Classifier, Dimension, classify, load_rules
from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.values import Actor, Channel, CustomerRef, Kind, Source

NOW = pendulum.datetime(2026, 11, 2, 9, 30, tz="Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "kind", "business"),
    [
        ("请问信用卡年费是怎么收的？", "consultation", "bank_card"),
        ("想了解一下你们的大额存单利率是多少", "consultation", "savings"),
        ("建议手机银行增加转账记录导出功能", "suggestion", "payment_settlement"),
        ("我的信用卡被盗刷了，你们必须赔偿", "complaint", "bank_card"),
        ("感谢柜员小王耐心帮我办理业务，点赞", "other", "other"),
    ],
)
def test_kind_is_recognised_even_when_a_product_is_named(text: str, kind: str, business: str) -> None:
    result = classify(text)
    assert (result.kind.label, result.business.label) == (kind, business)


def test_consultations_get_no_cause() -> None:
    result = classify("请问信用卡丢了怎么办理挂失？")
    assert result.kind.label == "consultation"
    assert result.cause.label == "other"
    assert "no cause" in result.cause.reason


def test_every_decision_explains_itself_with_spans_into_the_text() -> None:
    text = "我在你们网点买的理财亏了，理财经理说是保本的，这是误导销售"
    result = classify(text)
    assert result.business.label == "wealth_management"
    assert result.cause.label == "marketing"
    for decision in result.decisions:
        for rule in decision.fired:
            assert rule.label == decision.label
            for span in rule.spans:
                assert text[span.start:span.end] == span.text
    lines = result.explain()
    assert any(line.startswith("cause=marketing") and "'误导'" in line for line in lines)
    assert 0 < result.cause.confidence < 1


def test_no_rule_gives_the_default_with_zero_confidence() -> None:
    result = classify("嗯")
    assert (result.kind.label, result.kind.confidence, result.kind.reason) == ("complaint", 0.0,
                                                                                "no rule fired; default")


def test_channel_from_host_wins_unless_it_is_other() -> None:
    text = "手机银行转账失败"
    assert classify(text).channel.label == "mobile_app"
    assert classify(text, channel="counter").channel.label == "counter"
    assert classify(text, channel=Channel.OTHER).channel.label == "mobile_app"
    with pytest.raises(InvalidOperationError):
        classify(text, channel="pigeon")


def test_channel_and_source_conditions_restrict_rules() -> None:
    rules = load_rules('''
[[rule]]
id = "forwarded"
dimension = "kind"
label = "complaint"
patterns = ["转办"]
sources = ["regulator_forwarded"]
[[rule]]
id = "ask"
dimension = "kind"
label = "consultation"
patterns = ["转办"]
weight = 0.5
''')
    classifier = Classifier(rules)
    assert classifier.classify("转办件").kind.label == "consultation"
    assert classifier.classify("转办件", source=Source.REGULATOR_FORWARDED).kind.label == "complaint"


def test_classify_reads_a_complaint() -> None:
    complaint = Complaint.receive(
        id="C-1", actor=Actor(id="s1", role="front_line"), now=NOW,
        complainant=CustomerRef(id="u1", name="张三"), channel=Channel.OTHER, source=Source.DIRECT,
        product="信用卡", narrative="我的卡在境外被盗刷了两万元", demand="要求全额退还",
    )
    result = classify(complaint)
    assert (result.kind.label, result.business.label, result.cause.label) == ("complaint", "bank_card",
                                                                               "funds_safety")
    assert result.decision_for(Dimension.KIND).code() is Kind.COMPLAINT


def test_module_docstrings_run() -> None:
    for name in ("amounts", "classifier", "evaluate", "flag_model", "matcher", "normalize", "priority", "risk", "rules",
                 "taxonomy"):
        module = importlib.import_module(f"bankcomplaints.classification.{name}")
        failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert failures == 0
        assert tried > 0, module.__name__
