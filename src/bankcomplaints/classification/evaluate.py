"""Scores of a classifier on labelled data: confusion matrix, per-class precision, recall, F1, macro-F1.

    >>> from bankcomplaints.classification.evaluate import evaluate
    >>> report = evaluate(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    >>> report.accuracy, report.per_class["b"].precision, round(report.macro_f1, 3)
    (0.75, 0.6666666666666666, 0.733)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from bankcomplaints.errors import InvalidOperationError

__all__ = ["ClassScore", "Evaluation", "evaluate"]


@attrs.frozen(kw_only=True)
class ClassScore:
    """Precision, recall and F1 of one class (0.0 where undefined), with its support."""

    precision: float
    recall: float
    f1: float
    support: int


@attrs.frozen(kw_only=True)
class Evaluation:
    """Scores over one labelled set. ``confusion[(true, predicted)]`` counts pairs."""

    labels: tuple[str, ...]
    confusion: dict[tuple[str, str], int] = attrs.field(eq=False)
    per_class: dict[str, ClassScore] = attrs.field(eq=False)
    accuracy: float
    macro_f1: float
    total: int

    def table(self) -> str:
        """A Markdown table of the per-class scores."""
        rows = ["| class | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
        rows.extend(f"| {label} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.support} |"
                    for label, s in self.per_class.items())
        return "\n".join(rows)


def evaluate(truth: Sequence[str], predicted: Sequence[str], *, labels: Iterable[str] = ()) -> Evaluation:
    """Compare predicted labels with the truth.

    Args:
        truth: the true label of each item.
        predicted: the predicted label of each item, in the same order.
        labels: classes to report even if absent (others are added as found).

    Returns:
        The evaluation. Macro-F1 averages over classes present in the truth.

    Raises:
        InvalidOperationError: the sequences differ in length, are empty, or hold non-string labels.
    """
    for name, values in (("truth", truth), ("predicted", predicted), ("labels", labels)):
        if isinstance(values, str | bytes) or not isinstance(values, Sequence | Iterable):
            raise InvalidOperationError(name, "must be a sequence of labels")
    truth, predicted, labels = list(truth), list(predicted), list(labels)
    if not all(isinstance(label, str) for label in (*truth, *predicted, *labels)):
        raise InvalidOperationError("truth", "labels must be strings")
    if len(truth) != len(predicted):
        raise InvalidOperationError("predicted", f"{len(predicted)} predictions for {len(truth)} items")
    if not truth:
        raise InvalidOperationError("truth", "nothing to evaluate")
    order = list(dict.fromkeys([*labels, *truth, *predicted]))
    confusion: dict[tuple[str, str], int] = {}
    for true, guess in zip(truth, predicted, strict=True):
        confusion[(true, guess)] = confusion.get((true, guess), 0) + 1
    per_class: dict[str, ClassScore] = {}
    for label in order:
        tp = confusion.get((label, label), 0)
        predicted_n = sum(n for (_, g), n in confusion.items() if g == label)
        support = sum(n for (t, _), n in confusion.items() if t == label)
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = ClassScore(precision=precision, recall=recall, f1=f1, support=support)
    present = [score.f1 for score in per_class.values() if score.support]
    correct = sum(n for (t, g), n in confusion.items() if t == g)
    return Evaluation(labels=tuple(order), confusion=confusion, per_class=per_class,
                      accuracy=correct / len(truth), macro_f1=sum(present) / len(present), total=len(truth))
