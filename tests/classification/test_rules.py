"""Rule sets as data: the shipped sets cover TAXONOMY.md, and every bad rule is named by id and field."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.classification import Dimension, default_rules, load_rules, merge_rules
from bankcomplaints.classification.rules import (
    MAX_DOCUMENT_CHARS,
    MAX_PATTERN_LENGTH,
    MAX_PATTERNS_PER_RULE,
    MAX_RULES,
    rules_from_mapping,
)
from bankcomplaints.classification.taxonomy import labels
from bankcomplaints.errors import ComplaintError, RuleSetError
from bankcomplaints.values import BusinessCategory, Cause, Channel, Kind, RiskFactor

TAXONOMY = {
    Dimension.KIND: {k.slug for k in Kind},
    Dimension.BUSINESS: {b.slug for b in BusinessCategory},
    Dimension.CAUSE: {c.slug for c in Cause},
    Dimension.CHANNEL: {c.slug for c in Channel},
    Dimension.FLAG: {f.slug for f in RiskFactor},
    Dimension.MAJOR: {"disaster", "accident", "public_health", "in_person"},
}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("dimension", list(Dimension))
def test_shipped_rule_sets_cover_every_label(language: str, dimension: Dimension) -> None:
    covered = {rule.label for rule in default_rules(language).rules if rule.dimension is dimension}
    assert covered == TAXONOMY[dimension]


def test_labels_follow_the_value_enums() -> None:
    for dimension, expected in TAXONOMY.items():
        assert set(labels(dimension)) == expected


def test_merged_default_holds_both_languages() -> None:
    merged = default_rules()
    assert len(merged.rules) == len(default_rules("zh").rules) + len(default_rules("en").rules)
    assert {rule.id.split(".")[0] for rule in merged.rules} == {"zh", "en"}


GOOD = {"id": "r1", "dimension": "cause", "label": "funds_safety", "patterns": ["盗刷"]}


@pytest.mark.parametrize(
    ("change", "rule_id", "field"),
    [
        ({"dimension": "mood"}, "r1", "dimension"),
        ({"label": "theft"}, "r1", "label"),
        ({"patterns": "盗刷"}, "r1", "patterns"),
        ({"patterns": ["盗刷", 3]}, "r1", "patterns[1]"),
        ({"patterns": [" "]}, "r1", "patterns[0]"),
        ({"patterns": ["x" * (MAX_PATTERN_LENGTH + 1)]}, "r1", "patterns[0]"),
        ({"patterns": [f"p{i}" for i in range(MAX_PATTERNS_PER_RULE + 1)]}, "r1", "patterns"),
        ({"patterns": [], "regexes": []}, "r1", "patterns"),
        ({"regexes": ["(unclosed"]}, "r1", "regexes[0]"),
        ({"regexes": ["(a+)+b"]}, "r1", "regexes[0]"),
        ({"regexes": ["x*"]}, "r1", "regexes[0]"),
        ({"weight": 0}, "r1", "weight"),
        ({"weight": float("nan")}, "r1", "weight"),
        ({"weight": True}, "r1", "weight"),
        ({"counts_up_to": 0}, "r1", "counts_up_to"),
        ({"channels": ["carrier_pigeon"]}, "r1", "channels[0]"),
        ({"sources": ["rumour"]}, "r1", "sources[0]"),
        ({"kinds": ["complaint", "rant"]}, "r1", "kinds[1]"),
        ({"negatable": "yes"}, "r1", "negatable"),
        ({"firm": 1}, "r1", "firm"),
        ({"firm": True}, "r1", "firm"),
        ({"colour": "red"}, "r1", "colour"),
        ({"id": "bad id!"}, "#0", "id"),
    ],
)
def test_bad_rule_is_named_by_id_and_field(change: dict[str, object], rule_id: str, field: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        rules_from_mapping({"rule": [{**GOOD, **change}]})
    assert (caught.value.rule_id, caught.value.field) == (rule_id, field)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(RuleSetError) as caught:
        rules_from_mapping({"rule": [GOOD, GOOD]})
    assert caught.value.field == "id"


def test_too_many_rules_and_too_long_documents_are_refused() -> None:
    many = [{**GOOD, "id": f"r{i}"} for i in range(MAX_RULES + 1)]
    with pytest.raises(RuleSetError, match="at most"):
        rules_from_mapping({"rule": many})
    with pytest.raises(RuleSetError, match="longer than"):
        load_rules(" " * (MAX_DOCUMENT_CHARS + 1))


def test_toml_and_yaml_load_the_same_rule() -> None:
    toml = load_rules('[[rule]]\nid = "r1"\ndimension = "cause"\nlabel = "funds_safety"\npatterns = ["盜刷"]\n')
    yaml = load_rules("rule:\n  - id: r1\n    dimension: cause\n    label: funds_safety\n    patterns: [盜刷]\n",
                      format="yaml")
    assert toml == yaml
    assert toml.rules[0].patterns == ("盗刷",)  # normalised like the text it will meet


@pytest.mark.parametrize(("document", "fmt"), [("[[rule]\n", "toml"), ("rule: [", "yaml"), ("x = 1", "ini"),
                                               ("- 1\n- 2\n", "yaml"), ("rule = 3", "toml")])
def test_unparseable_documents_raise_rule_set_error(document: str, fmt: str) -> None:
    with pytest.raises(RuleSetError):
        load_rules(document, format=fmt)


def test_merging_refuses_clashing_ids() -> None:
    one = rules_from_mapping({"rule": [GOOD]})
    with pytest.raises(RuleSetError):
        merge_rules(one, one)


@given(st.text(max_size=300), st.sampled_from(["toml", "yaml"]))
def test_any_document_loads_or_raises_a_complaint_error(document: str, fmt: str) -> None:
    with contextlib.suppress(ComplaintError):
        load_rules(document, format=fmt)


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)


@given(st.dictionaries(st.sampled_from([*sorted(GOOD), "regexes", "negations", "weight", "kinds", "unless"]),
                       _values, max_size=8))
def test_any_rule_mapping_is_accepted_or_refused_with_rule_set_error(raw: dict[str, object]) -> None:
    with contextlib.suppress(RuleSetError):
        rules_from_mapping({"rule": [raw]})
