"""One scan per text: negations, conditions, spans in the original text, and agreement with a naive search."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bankcomplaints.classification import Matcher, default_rules, load_rules, normalize
from bankcomplaints.classification.matcher import MAX_TEXT_LENGTH, _gate
from bankcomplaints.classification.rules import rules_from_mapping
from bankcomplaints.errors import InvalidOperationError

RULES = load_rules('''
negation_prefixes = ["没有", "不是"]
[[rule]]
id = "stolen"
dimension = "cause"
label = "funds_safety"
patterns = ["盗刷", "被盗"]
negatable = true
[[rule]]
id = "complaint"
dimension = "kind"
label = "complaint"
patterns = ["投诉"]
negations = ["不是投诉"]
[[rule]]
id = "court"
dimension = "flag"
label = "litigation"
patterns = ["法院"]
unless = ["冒充法院"]
[[rule]]
id = "fee"
dimension = "cause"
label = "pricing_fees"
patterns = ["fee", "charg*"]
''')
MATCHER = Matcher(RULES)


def fired(text: str) -> list[str]:
    return [hit.rule.id for hit in MATCHER.scan(text).hits]


def test_negation_prefix_cancels_a_close_match_only() -> None:
    assert fired("信用卡被盗刷了") == ["stolen"]
    assert fired("信用卡没有被盗刷") == []
    assert fired("没有人告诉我，信用卡就被盗刷了") == ["stolen"]


def test_negation_phrase_cancels_the_match_it_contains() -> None:
    assert fired("这不是投诉，是咨询") == []
    assert fired("我要投诉") == ["complaint"]


def test_unless_phrase_stops_the_rule_anywhere() -> None:
    assert fired("我要去法院") == ["court"]
    assert fired("有人冒充法院打电话，说要去法院") == []


def test_latin_patterns_match_whole_words_and_star_matches_prefixes() -> None:
    assert fired("the fee was high") == ["fee"]
    assert fired("coffee") == []
    assert fired("they charged me") == ["fee"]


def test_spans_point_into_the_original_text() -> None:
    text = "ＡＴＭ旁邊，卡讓人盜刷"
    (hit,) = MATCHER.scan(text).hits
    (span,) = hit.spans
    assert text[span.start:span.end] == span.text == "盜刷"
    assert span.pattern == "盗刷"


def test_text_must_be_a_string_of_bounded_length() -> None:
    with pytest.raises(InvalidOperationError):
        MATCHER.scan(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InvalidOperationError):
        MATCHER.scan("投" * (MAX_TEXT_LENGTH + 1))


_alphabet = st.sampled_from(list("盗刷卡被钱ab "))


@given(st.lists(st.text(_alphabet, min_size=1, max_size=3).filter(lambda p: p.strip() == p),
                min_size=1, max_size=6, unique=True),
       st.text(_alphabet, max_size=40))
def test_one_scan_finds_exactly_what_a_naive_search_finds(patterns: list[str], text: str) -> None:
    rules = rules_from_mapping({"rule": [
        {"id": f"r{i}", "dimension": "cause", "label": "other", "patterns": [p]} for i, p in enumerate(patterns)
    ]})
    scan = Matcher(rules).scan(text)
    got = {(hit.rule.id, span.start) for hit in scan.hits for span in hit.spans}
    lowered = normalize(text).text

    def boundary(i: int, p: str) -> bool:
        before = lowered[i - 1] if i else " "
        after = lowered[i + len(p)] if i + len(p) < len(lowered) else " "
        left_ok = not (p[0].isascii() and p[0].isalnum() and before.isascii() and before.isalnum())
        right_ok = not (p[-1].isascii() and p[-1].isalnum() and after.isascii() and after.isalnum())
        return left_ok and right_ok

    expected = {(f"r{i}", at) for i, p in enumerate(patterns) for at in range(len(lowered))
                if lowered.startswith(p, at) and boundary(at, p)}
    assert got == expected


@given(st.text(max_size=200))
def test_any_text_scans_without_error_and_spans_are_in_range(text: str) -> None:
    for hit in MATCHER.scan(text).hits:
        for span in hit.spans:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start:span.end] == span.text


_REGEXES = [pattern for rule in default_rules().rules for pattern in rule.regexes]


@pytest.mark.parametrize("pattern", _REGEXES)
@given(data=st.data())
@settings(max_examples=30)
def test_a_regex_gate_never_skips_a_text_the_regex_matches(pattern: str, data: st.DataObject) -> None:
    text = data.draw(st.from_regex(pattern))
    gate = _gate(pattern)
    assert re.search(pattern, text)
    # the text holds one of the characters or phrases the gate needs
    assert gate is None or any(piece in text for piece in gate)


@pytest.mark.parametrize(("pattern", "gated"), [("第[2-9]次", True), ("(?:投诉|反映)了?\\d+次", True),
                                                ("\\d+", False), ("(?i)abc", False), ("a?b*", False)])
def test_gates_come_from_mandatory_characters_only(pattern: str, gated: bool) -> None:
    assert (_gate(pattern) is not None) is gated


@pytest.mark.parametrize(("pattern", "gate"), [
    ("[两三]次报修", {"两次报修", "三次报修"}),  # side by side: the concatenations
    ("来了[两三]+(?:次|回)", {"来了两", "来了三"}),  # a repeat touches its neighbours with one of its texts
    ("(?:上次|上回)来说|第[二三]回", {"上次来说", "上回来说", "第二回", "第三回"}),  # either branch
    # an alternation the parser stores as a shared first character (来) and the branches' rests: spread over them
    ("来了[两三]+(?:次|回)|来过[两三]次", {"来了两", "来了三", "来过两次", "来过三次"}),
    ("ab[cd]", {"b"}),  # no phrase at a Latin word's edge (the automaton checks boundaries there): characters
])
def test_a_gate_may_be_phrases_of_characters_side_by_side(pattern: str, gate: set[str]) -> None:
    assert _gate(pattern) == gate
