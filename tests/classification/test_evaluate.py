"""Evaluation: a worked confusion matrix, and properties on random label sequences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.classification import evaluate
from bankcomplaints.errors import InvalidOperationError


def test_worked_example() -> None:
    truth = ["a", "a", "a", "b", "b", "c"]
    guess = ["a", "a", "b", "b", "c", "c"]
    report = evaluate(truth, guess)
    assert report.confusion == {("a", "a"): 2, ("a", "b"): 1, ("b", "b"): 1, ("b", "c"): 1, ("c", "c"): 1}
    a, b, c = report.per_class["a"], report.per_class["b"], report.per_class["c"]
    assert (a.precision, a.recall, a.support) == (1.0, 2 / 3, 3)
    assert (b.precision, b.recall) == (0.5, 0.5)
    assert (c.precision, c.recall) == (0.5, 1.0)
    assert report.accuracy == 4 / 6
    assert report.macro_f1 == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    assert "| a | 1.000 | 0.667 | 0.800 | 3 |" in report.table()


def test_mismatched_or_empty_input_is_refused() -> None:
    with pytest.raises(InvalidOperationError):
        evaluate(["a"], [])
    with pytest.raises(InvalidOperationError):
        evaluate([], [])


@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), min_size=1, max_size=50))
def test_counts_add_up(pairs: list[tuple[str, str]]) -> None:
    truth, guess = [t for t, _ in pairs], [g for _, g in pairs]
    report = evaluate(truth, guess)
    assert sum(report.confusion.values()) == len(pairs) == report.total
    assert report.accuracy == sum(t == g for t, g in pairs) / len(pairs)
    for label, score in report.per_class.items():
        assert score.support == truth.count(label)
        assert 0.0 <= score.f1 <= 1.0


@given(st.lists(st.sampled_from("abc"), min_size=1, max_size=30))
def test_perfect_predictions_score_one(labels: list[str]) -> None:
    report = evaluate(labels, labels)
    assert report.accuracy == report.macro_f1 == 1.0
