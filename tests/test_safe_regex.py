"""Bank-supplied regexes are refused on load when they could backtrack catastrophically or quadratically.

Tested through the public rule loader, as a bank's rule file would reach it.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.classification.rules import load_rules
from bankcomplaints.errors import RuleSetError
from bankcomplaints.safe_regex import MAX_NESTED_PRODUCT, check_regex, regex_hazard

# Textbook ReDoS shapes (OWASP, Davis et al. 2018) and the quadratic search shapes.
CATASTROPHIC = {
    r"(a+)+$": "nested quantifier",
    r"^(\d+)*$": "nested quantifier",
    r"(\w+\s?)*$": "nested quantifier",
    r"(x+x+)+y": "nested quantifier",
    r"(a{1,20}){1,20}": "nested quantifier",
    r"(a|a)*b": "ambiguous alternatives",
    r"(a|aa)+b": "ambiguous alternatives",
    r"(?:x|xx){1,10}y": "ambiguous alternatives",
    r"(?:退款|退){2,}失败": "ambiguous alternatives",
    r"x(?:\d\w|\w\d)+y": "ambiguous alternatives",
    r"a++b": "unbounded repeat over characters a match can start with",
    r"(?>a+)b": "unbounded repeat over characters a match can start with",
    r"x.*.*=.*": "competing unbounded repeats",
    r"a[^a]*b[^a]*c": "competing unbounded repeats",
    r"x\d+\d+y": "competing unbounded repeats",
    r".*y": "unbounded repeat over characters a match can start with",
    r"\d+元": "unbounded repeat over characters a match can start with",
    r"退款.*失败": "unbounded repeat over characters a match can start with",
    r"(?i)A.*a": "unbounded repeat over characters a match can start with",
    r"[^。]*退款": "unbounded repeat over characters a match can start with",
}

SAFE = [
    r"退款.{0,20}失败",
    r"\d{1,12}元",
    r"x\d+y",
    r"x[ab]++y",
    r"x(?>a+)b",
    r"(?:\d{1,3},){1,4}\d{3}",
    r"(?:投诉|反映|来)了?[两二三四五六七八九几]次",
    r"\b(?:[7-9]\d|1[01]\d)[- ]year[- ]old\b",
    r"(?<![\d.])[6-9]\d多?岁",
]


def _ruleset(regex: str) -> str:
    return f"""
name = "bank"
[[rule]]
id = "cause.custom"
dimension = "cause"
label = "funds_safety"
regexes = ['''{regex}''']
"""


@pytest.mark.parametrize(("pattern", "reason"), sorted(CATASTROPHIC.items()))
def test_the_loader_refuses_backtracking_shapes_naming_rule_field_and_reason(pattern: str, reason: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        load_rules(_ruleset(pattern))
    assert caught.value.rule_id == "cause.custom"
    assert caught.value.field == "regexes[0]"
    assert caught.value.message.startswith(reason)


@pytest.mark.parametrize("pattern", SAFE)
def test_the_loader_accepts_linear_patterns(pattern: str) -> None:
    rules = load_rules(_ruleset(pattern))
    assert rules.rules[0].regexes == (pattern,)


def test_every_regex_of_the_shipped_rule_sets_passes_the_check() -> None:
    folder = resources.files("bankcomplaints.classification.rulesets")
    found = [
        regex
        for name in ("zh.toml", "en.toml")
        for rule in tomllib.loads(folder.joinpath(name).read_text(encoding="utf-8"))["rule"]
        for regex in rule.get("regexes", [])
    ]
    assert found, "the shipped rule sets carry regexes"
    assert [regex for regex in found if regex_hazard(regex)] == []


def test_nested_bounded_repeats_are_accepted_up_to_the_documented_product() -> None:
    side = int(MAX_NESTED_PRODUCT**0.5)
    assert regex_hazard(f"(?:ab{{1,{side}}}c){{1,{side}}}") is None
    assert regex_hazard(f"(?:ab{{1,{side + 1}}}c){{1,{side + 1}}}") is not None


def test_check_regex_compiles_safe_patterns_and_refuses_bad_ones_with_a_rule_set_error() -> None:
    assert check_regex(r"x\d+y").fullmatch("x123y")
    with pytest.raises(RuleSetError, match="nested quantifier"):
        check_regex(r"(a+)+")
    with pytest.raises(RuleSetError, match="not a valid regular expression"):
        check_regex(r"(unclosed")


@pytest.mark.parametrize("pattern", [r"[[a]", r"x[a--b]", r"[a&&b]y", r"[a||b]", r"[a~~b]"])
def test_a_character_class_whose_meaning_python_will_change_is_refused_without_a_warning(pattern: str) -> None:
    # Python only warns (FutureWarning) of these; a rule must mean the same on every Python version.
    assert "ambiguous in a character class" in (regex_hazard(pattern) or "")
    with pytest.raises(RuleSetError) as caught:
        load_rules(_ruleset(pattern))
    assert (caught.value.rule_id, caught.value.field) == ("cause.custom", "regexes[0]")
    with pytest.raises(RuleSetError, match="ambiguous in a character class"):
        check_regex(pattern)
    assert regex_hazard(r"[\[a]") is None and check_regex(r"x[\[a]").search("x[")  # escaped, it is accepted


@pytest.mark.filterwarnings("error")
@given(st.text(alphabet="ab()[]|*+?{}.,0123456789\\dws^$-:?<=!", max_size=30))
def test_any_text_gets_a_verdict_never_a_crash(pattern: str) -> None:
    hazard = regex_hazard(pattern)
    assert hazard is None or isinstance(hazard, str)
    with contextlib.suppress(RuleSetError):
        load_rules(_ruleset(pattern))


@given(st.lists(st.sampled_from(["a", "b", "[ab]", r"\d", "x", "(?:ab)", "(?:a|b)"]), min_size=1, max_size=4),
       st.sampled_from(["*", "+", "{0,3}", "?"]))
def test_a_group_of_unbounded_pieces_repeated_again_is_always_refused(pieces: list[str], outer: str) -> None:
    pattern = "z(?:" + "".join(piece + "+" for piece in pieces) + ")" + outer
    if outer == "?":  # an optional group is not a repeat; nothing nested to refuse
        return
    assert regex_hazard(pattern) is not None
    assert re.compile(pattern)  # the refusal is about backtracking, not syntax
