"""Measured quality: the goals of issue 5 on the independent Chinese held-out set (v2), and the English CFPB scores.

The held-out set ``zh_heldout_v2.tsv`` was written by someone who never saw the rules and scored
once, after the rules were frozen (commit b1504ec). Goals the frozen rules do not reach are marked
``xfail(strict=True)`` with the measured value: the test still computes and asserts the goal, and
starts failing (so the mark must go) the day the rules reach it. docs/classification.md quotes the
same numbers, checked below. The development set (zh_labelled.tsv) is not a measure of quality.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from bankcomplaints.values import BusinessCategory, Cause, Channel, Kind, RiskFactor
from tests.classification._labelled import (
    ZhScores,
    report,
    report_english,
    score_cfpb_sample,
    score_watsonx,
    score_zh,
    watsonx_test_rows,
    zh_rows,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "classification.md"
GOALS = {"kind": 0.95, "business": 0.90, "cause": 0.80}
FLAG_GOAL = 0.9
GOALS_FLAGS = ("vulnerable", "large_amount", "regulator", "media", "litigation", "group", "repeat", "extreme")
# Measured on the v2 held-out set with the frozen rules (docs/classification.md quotes the full table).
NOT_MET = {
    "kind": "accuracy 0.920",
    "business": "accuracy 0.812",
    "cause": "accuracy 0.589",
    "group": "recall 0.824 (precision 0.933)",
    "repeat": "precision 0.739 (recall 0.944)",
    "extreme": "recall 0.786 (precision 1.000)",
}


@cache
def held_out() -> ZhScores:
    return score_zh("held_out")


def _mark(name: str) -> list[pytest.MarkDecorator]:
    if name not in NOT_MET:
        return []
    return [pytest.mark.xfail(strict=True, reason=f"goal for {name} not met on held-out v2: {NOT_MET[name]}")]


def test_the_development_set_covers_every_label_of_every_dimension() -> None:
    rows = zh_rows("dev")
    assert len(rows) >= 200
    assert {r.kind for r in rows} == {k.slug for k in Kind}
    assert {r.business for r in rows} == {b.slug for b in BusinessCategory}
    assert {r.cause for r in rows} == {c.slug for c in Cause}
    assert {r.channel for r in rows} == {c.slug for c in Channel}
    assert {f for r in rows for f in r.flags} == {f.slug for f in RiskFactor}


def test_the_held_out_set_is_large_and_covers_every_label_and_factor() -> None:
    rows = zh_rows("held_out")
    assert len(rows) >= 300
    assert {r.kind for r in rows} == {k.slug for k in Kind}
    assert {r.business for r in rows} == {b.slug for b in BusinessCategory}
    assert {r.cause for r in rows} == {c.slug for c in Cause}
    flags = Counter(flag for row in rows for flag in row.flags)
    assert all(flags[f] >= 12 for f in GOALS_FLAGS)
    assert not {r.text for r in rows} & {r.text for r in zh_rows("dev")}


@pytest.mark.parametrize("dimension", [pytest.param(d, marks=_mark(d)) for d in GOALS])
def test_held_out_accuracy_goal(dimension: str) -> None:
    assert getattr(held_out(), dimension).accuracy >= GOALS[dimension]


@pytest.mark.parametrize("factor", [pytest.param(f, marks=_mark(f)) for f in GOALS_FLAGS])
def test_held_out_risk_factor_goal(factor: str) -> None:
    precision, recall, positives = held_out().flags[factor]
    assert positives >= 12
    assert precision >= FLAG_GOAL and recall >= FLAG_GOAL


def test_english_rules_beat_the_majority_class() -> None:
    labels = Counter(label for _, label in watsonx_test_rows())
    assert score_watsonx().accuracy > max(labels.values()) / sum(labels.values())
    business, cause = score_cfpb_sample()
    assert business.accuracy > max(Counter(t for (t, _), n in business.confusion.items() for _ in range(n))
                                   .values()) / business.total
    assert cause.total > 1000


def _quoted(marker: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(rf"<!-- scores:{marker} -->\n(.*?)\n<!-- /scores -->", text, re.S)
    assert found, f"docs/classification.md lacks the {marker} block"
    return found.group(1).strip()


@pytest.mark.parametrize("part", ["held_out", "dev"])
def test_docs_quote_the_measured_chinese_scores(part: str) -> None:
    assert _quoted(part) == report(part).strip()


def test_docs_quote_the_measured_english_scores() -> None:
    assert _quoted("english") == report_english().strip()
