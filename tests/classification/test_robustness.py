"""Every public entry point refuses bad input with a ComplaintError subclass, never another exception."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints.classification as cl
from bankcomplaints.errors import ComplaintError

_anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | st.binary(max_size=5)
    | st.decimals(allow_nan=True) | st.just(datetime.timedelta(hours=1)) | st.just(datetime.datetime(2026, 1, 1)),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)

CLASSIFIED = cl.classify("我要投诉")
RISK = cl.assess_risk(CLASSIFIED)

ENTRY_POINTS: dict[str, Callable[[Any], object]] = {
    "classify": cl.classify,
    "classify channel": lambda x: cl.classify("我要投诉", channel=x),
    "classify source": lambda x: cl.classify("我要投诉", source=x),
    "Classifier": cl.Classifier,
    "Matcher": cl.Matcher,
    "normalize": cl.normalize,
    "find_amounts": cl.find_amounts,
    "find_amounts currency": lambda x: cl.find_amounts("5万", default_currency=x),
    "find_counts": cl.find_counts,
    "parse_amount": cl.parse_amount,
    "load_rules": cl.load_rules,
    "load_rules yaml": lambda x: cl.load_rules(x, format="yaml"),
    "rules mapping": cl.rules.rules_from_mapping,
    "rule": lambda x: cl.rules.rules_from_mapping({"rule": [x]}),
    "merge_rules": cl.merge_rules,
    "default_rules": lambda x: cl.default_rules(x) if isinstance(x, str) else cl.default_rules.__wrapped__(x),
    "RiskFacts amount": lambda x: cl.RiskFacts(amount=x),
    "RiskFacts group": lambda x: cl.RiskFacts(co_complainants=x),
    "RiskFacts time": lambda x: cl.RiskFacts(time_left=x),
    "RiskFacts vulnerabilities": lambda x: cl.RiskFacts(vulnerabilities=x),
    "RiskFacts source": lambda x: cl.RiskFacts(source=x),
    "RiskPolicy points": lambda x: cl.RiskPolicy(points=x),
    "RiskPolicy thresholds": lambda x: cl.RiskPolicy(thresholds=x),
    "RiskPolicy horizon": lambda x: cl.RiskPolicy(deadline_horizon=x),
    "RiskPolicy group": lambda x: cl.RiskPolicy(major_group_size=x),
    "assess_risk": cl.assess_risk,
    "assess_risk facts": lambda x: cl.assess_risk(CLASSIFIED, x),
    "assess_risk policy": lambda x: cl.assess_risk(CLASSIFIED, None, x),
    "PriorityPolicy": lambda x: cl.PriorityPolicy(p1_score=x),
    "PriorityPolicy targets": lambda x: cl.PriorityPolicy(first_contact=x),
    "assign_priority": lambda x: cl.assign_priority("complaint", x),
    "assign_priority policy": lambda x: cl.assign_priority("complaint", RISK, x),
    "queue_order": cl.queue_order,
    "queue entry": lambda x: cl.queue_order([cl.QueueEntry(id=x, priority=x, received_at=x, time_left=x)]),
    "evaluate": lambda x: cl.evaluate(x, x),
    "evaluate labels": lambda x: cl.evaluate(["a"], ["a"], labels=x),
    "triage": lambda x: cl.triage(x, actor=x, now=x),
}


@given(st.sampled_from(sorted(ENTRY_POINTS)), _anything)
def test_bad_input_raises_only_complaint_errors(name: str, value: object) -> None:
    with contextlib.suppress(ComplaintError):
        ENTRY_POINTS[name](value)
