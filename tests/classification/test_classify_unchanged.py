"""The speed work of issue 5 changed no output: the classifier decides, quotes and explains exactly as before.

The oracle is ``reference/``, a frozen copy of the classifier of commit 5c6457c (before the optimisation),
run side by side with the package on the same rules: on every labelled Chinese development text and the
English CFPB texts (each bare and with a channel, source and currency), and on Hypothesis texts built from
rule phrases, amounts, numerals, full-width, traditional and NFKC-expanding characters, with the shipped
rules and with a rule set that uses every rule feature. (The speed work was also checked against digests
of 5c6457c's own output for those texts; the digests went when the rules next changed, since they pin the
rules too, while the copy takes the current rules.) The text model is a separate layer: these compare the
rules alone (``model=None``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bankcomplaints.classification import Classifier, default_rules, find_amounts, find_counts, load_rules, normalize
from bankcomplaints.classification.rules import RuleSet
from tests.classification import reference
from tests.classification._classify_snapshot import SETS, corpus, snapshot, variants
from tests.classification.reference import amounts as reference_amounts
from tests.classification.reference.classifier import Classifier as ReferenceClassifier
from tests.classification.reference.normalize import normalize as reference_normalize

FEATURES = load_rules('''
negation_prefixes = ["没有", "不是", "not", "never"]
negation_window = 3
negation_breaks = "就"
default_channel = "counter"
[[rule]]
id = "kind.complaint"
dimension = "kind"
label = "complaint"
patterns = ["投诉", "complain*", "complain", "盗刷"]
negations = ["不是投诉", "投诉电话"]
negatable = true
counts_up_to = 3
weight = 2
[[rule]]
id = "kind.consult"
dimension = "kind"
label = "consultation"
patterns = ["请问", "how do i", "年费"]
unless = ["投诉"]
weight = 2.5
[[rule]]
id = "kind.suggest"
dimension = "kind"
label = "suggestion"
patterns = ["建议", "suggest"]
regexes = ["希望.{0,4}(?:改进|增加)"]
[[rule]]
id = "business.card"
dimension = "business"
label = "bank_card"
patterns = ["信用卡", "年费", "card", "atm机"]
negatable = true
counts_up_to = 2
[[rule]]
id = "business.card.consult"
dimension = "business"
label = "bank_card"
patterns = ["卡"]
kinds = ["consultation"]
[[rule]]
id = "cause.funds"
dimension = "cause"
label = "funds_safety"
patterns = ["盗刷", "fraud", "被盗"]
negations = ["没有被盗刷"]
negatable = true
kinds = ["complaint"]
[[rule]]
id = "channel.online"
dimension = "channel"
label = "online_banking"
patterns = ["网银", "online"]
channels = ["online_banking", "mobile_app"]
[[rule]]
id = "channel.counter"
dimension = "channel"
label = "counter"
patterns = ["柜台", "网点"]
[[rule]]
id = "flag.regulator"
dimension = "flag"
label = "regulator"
patterns = ["银保监", "12378", "cfpb"]
sources = ["regulator_forwarded", "direct"]
[[rule]]
id = "flag.amount"
dimension = "flag"
label = "large_amount"
regexes = ["\\\\d{1,6}万", "[0-9]{5,9}元"]
[[rule]]
id = "major.group"
dimension = "major"
label = "in_person"
patterns = ["集体", "二十多人"]
''')


@cache
def _pair(rules: RuleSet | None) -> tuple[Classifier, Any]:
    return Classifier(rules, model=None), ReferenceClassifier(rules)


def test_the_reference_copy_is_the_5c6457c_classifier() -> None:
    assert "5c6457c" in (reference.__doc__ or "")


@pytest.mark.parametrize("name", SETS)
def test_every_labelled_and_cfpb_text_classifies_as_the_reference_copy(name: str) -> None:
    classifier, ref = _pair(None)
    texts = [(position, text, source) for position, (set_name, text, source) in enumerate(corpus())
             if set_name == name]
    assert len(texts) > 250
    for position, text, source in texts:
        for options in variants(position, source):
            assert snapshot(classifier, text, **options) == snapshot(ref, text, **options), (name, position, options)


_PHRASES = sorted({p for rule in default_rules().rules for p in (*rule.patterns, *rule.negations, *rule.unless)}
                  | set(default_rules().negation_prefixes))
_FEATURE_PHRASES = sorted({p.rstrip("*") for rule in FEATURES.rules
                           for p in (*rule.patterns, *rule.negations, *rule.unless)}
                          | set(FEATURES.negation_prefixes) | {"希望能改进", "3万", "12345元"})
_AMOUNTS = ("两万元", "8000多美元", "十几万", "三百多元", "￥1,234.50", "5万", "$1,200", "1.5万元", "人民币叁仟元",
            "二十多人", "30名", "十几户", "超过5万", "额度20万", "几万播放", "5%", "usd 300", "100 dollars", "5千枚")
# Full-width, traditional, NFKC-expanding (㈱ ① ﬁ ㎡ ½ ...), case-changing (İ ß) and break characters.
_ODD = "ATMPOSxÀＡＴＭ１２３４５６７８９０，。！？：；、　機銀帳戶號碼詐騙盜刷㈱①ﬁ㎡½™Ⅻ㍻ｶﾞİßǅΣ\n\t ,.;!?:"


def _texts(phrases: list[str]) -> st.SearchStrategy[str]:
    piece = (st.sampled_from(phrases) | st.sampled_from(_AMOUNTS) | st.text(alphabet=_ODD, max_size=3)
             | st.text(max_size=4) | st.sampled_from(["", " ", "，", "。", "就", "not ", "never ", "没有", "不是"]))
    return st.lists(piece, max_size=14).map("".join)


def _options() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={
        "channel": st.sampled_from([None, "other", "online_banking", "counter", "mobile_app"]),
        "source": st.sampled_from([None, "regulator_forwarded", "direct", "media"]),
        "default_currency": st.sampled_from(["CNY", "USD", "EUR"]),
    })


@given(text=_texts(_PHRASES), options=_options())
def test_shipped_rules_classify_random_texts_as_at_5c6457c(text: str, options: dict[str, Any]) -> None:
    classifier, ref = _pair(None)
    assert snapshot(classifier, text, **options) == snapshot(ref, text, **options)


@given(text=_texts(_FEATURE_PHRASES), options=_options())
def test_every_rule_feature_behaves_as_at_5c6457c(text: str, options: dict[str, Any]) -> None:
    classifier, ref = _pair(FEATURES)
    assert snapshot(classifier, text, **options) == snapshot(ref, text, **options)


def _convert(piece: str) -> str:
    return piece.replace("機", "机").replace("銀", "银")


@cache
def _converting_pair() -> tuple[Classifier, Any]:
    return Classifier(converter=_convert, model=None), ReferenceClassifier(converter=_convert)


@settings(max_examples=20)
@given(text=_texts(_PHRASES))
def test_a_host_converter_is_applied_as_at_5c6457c(text: str) -> None:
    classifier, ref = _converting_pair()
    assert snapshot(classifier, text) == snapshot(ref, text)


@given(text=st.text(max_size=40) | st.text(alphabet=_ODD, max_size=12) | _texts(_PHRASES), simplify=st.booleans())
@example(text="İATM，", simplify=True)  # str.lower lengthens İ: the Latin capitals must still be folded
@example(text="ＡＴＭ，機…", simplify=False)
def test_normalisation_is_as_at_5c6457c(text: str, simplify: bool) -> None:
    got, want = normalize(text, simplify=simplify), reference_normalize(text, simplify=simplify)
    assert (got.text, got.offsets) == (want.text, want.offsets)


_NUMERALS = "0123456789,.多余来几十百千万亿元块美人名户$¥€ 一二两三"


@given(text=_texts(list(_AMOUNTS)) | st.text(alphabet=_NUMERALS, max_size=20))
def test_amounts_and_counts_are_read_as_at_5c6457c(text: str) -> None:
    def plain(found: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return [attrs.astuple(item, recurse=False) for item in found]

    assert plain(find_amounts(text)) == plain(reference_amounts.find_amounts(text))
    assert plain(find_counts(text)) == plain(reference_amounts.find_counts(text))
