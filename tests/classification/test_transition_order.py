"""How the matcher is built changes its speed only, never its matches.

The matcher adds its phrases most frequent character first (see ``classification/_frequent.py``), gives
the frequent characters that start no phrase a transition from the root, through phrases ending in a
noncharacter that name no rule, and runs a regex only on texts holding one of the characters or phrases it
needs (the set a text holds least often). The reference here is the same matcher with its phrases added in plain
code-point order, without those phrases, and every regex run on every text: every text must match the
same rules with the same spans.
"""

from __future__ import annotations

from functools import cache

import ahocorasick
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.classification import default_rules
from bankcomplaints.classification._frequent import FREQUENT, transition_order
from bankcomplaints.classification.matcher import Matcher
from tests.classification._labelled import ZH_DEV_PARTS, zh_rows


@cache
def pair(language: str | None = "zh") -> tuple[Matcher, Matcher]:
    """The matcher, and the same rules with their phrases added in code-point order and nothing else."""
    rules = default_rules(language) if language else default_rules()
    fast, reference = Matcher(rules), Matcher(rules)
    plain = ahocorasick.Automaton()
    for phrase, value in sorted(fast._automaton.items()):
        if value[2] or value[3] is not None:  # a phrase that names a rule or a role
            plain.add_word(phrase, value)
    plain.make_automaton()
    reference._automaton = plain
    reference._regexes = tuple((index, None, tuple((regex, None) for regex, _ in compiled))
                               for index, _, compiled in fast._regexes)
    return fast, reference


def test_the_reference_holds_every_phrase_and_the_matcher_more() -> None:
    fast, reference = pair()
    assert len(reference._automaton) == fast.pattern_count < len(fast._automaton)
    assert any(gate is not None for _, gate, _ in fast._regexes)


@pytest.mark.parametrize("part", ZH_DEV_PARTS[::4])
def test_every_development_text_matches_as_in_plain_order(part: str) -> None:
    fast, reference = pair()
    for row in zh_rows(part):
        assert fast.match(row.text) == reference.match(row.text), row.text


_RARE = "卡盗刷没有不是律师曝光七八九十岁旬另等次回第向\uffff"
_TEXTS = st.text(alphabet=st.sampled_from(FREQUENT[:80] + _RARE + "abc 0123456789"), max_size=60)


@given(_TEXTS)
def test_any_text_matches_as_in_plain_order(text: str) -> None:
    for language in ("zh", None):
        fast, reference = pair(language)
        assert fast.match(text) == reference.match(text)


@given(st.lists(st.text(min_size=1, max_size=4), max_size=30, unique=True))
def test_the_order_only_reorders(words: list[str]) -> None:
    ordered = transition_order(words)
    assert sorted(ordered) == sorted(words)
    assert transition_order(ordered) == ordered
