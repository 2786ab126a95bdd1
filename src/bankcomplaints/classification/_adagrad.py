"""The epochs of AdaGrad that fit a multinomial logistic regression over n-gram presence (training's inner loop).

Two implementations give the same weights, bit for bit: with numpy installed (``bankcomplaints[train]``), the
rows of a text's n-grams are read and updated as one block, about six times faster on the shipped model's data
(``benchmarks/bench_training.py``); without it, element by element in Python. Both put every element through the
same IEEE-754 operations in the same order (a score is the bias, then each n-gram's weight added in the text's
n-gram order, which numpy's ``add.accumulate`` keeps by definition; multiplication, division, addition and square
root are correctly rounded in both, and numpy does not fuse them), so a model file does not depend on whether
numpy is there. The exponentials and their sum run in Python in both.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from operator import add
from types import ModuleType

_NUMPY: ModuleType | None
try:
    import numpy as _NUMPY
except ImportError:  # pragma: no cover - the tests force the pure-Python path instead
    _NUMPY = None

#: One training text: its n-grams' rows (sorted), its label's column and the factor its n-gram weights count with.
Example = tuple[tuple[int, ...], int, float]


def fit(data: Sequence[Example], *, features: int, labels: int, epochs: int, learning_rate: float, l2: float,
        seed: int) -> tuple[list[list[float]], list[float]]:
    """Run ``epochs`` passes of AdaGrad with L2 on the n-gram weights, visiting ``data`` in seeded orders.

    Args:
        data: the texts, in a canonical order.
        features: how many n-gram rows there are.
        labels: how many labels (columns) there are.
        epochs: passes over ``data``.
        learning_rate: AdaGrad's step size.
        l2: L2 penalty on the n-gram weights (not on the biases).
        seed: seeds the order of each pass.

    Returns:
        The weights (one row per n-gram, one column per label) and the biases.
    """
    run = _with_numpy if _NUMPY is not None else _in_python
    return run(data, features=features, size=labels, epochs=epochs, learning_rate=learning_rate, l2=l2,
               shuffler=random.Random(seed))


def _gradient(scores: list[float], truth: int) -> list[float]:
    """The softmax of ``scores`` less the one-hot truth: the gradient of the log loss on the scores."""
    top = max(scores)
    exps = [math.exp(value - top) for value in scores]
    whole = math.fsum(exps)
    gradient = [value / whole for value in exps]
    gradient[truth] -= 1.0
    return gradient


def _in_python(data: Sequence[Example], *, features: int, size: int, epochs: int, learning_rate: float,
               l2: float, shuffler: random.Random) -> tuple[list[list[float]], list[float]]:
    weights = [[0.0] * size for _ in range(features)]
    squares = [[1e-8] * size for _ in range(features)]
    bias, bias_squares = [0.0] * size, [1e-8] * size
    order = list(range(len(data)))
    for _ in range(epochs):
        shuffler.shuffle(order)
        for at in order:
            rows, truth, scale = data[at]
            scores = bias[:]
            if scale == 1.0:
                for feature in rows:
                    scores = list(map(add, scores, weights[feature]))
            else:
                for feature in rows:
                    scores = [score + scale * weight for score, weight in zip(scores, weights[feature], strict=True)]
            gradient = _gradient(scores, truth)
            for k in range(size):
                bias_squares[k] += gradient[k] * gradient[k]
                bias[k] -= learning_rate * gradient[k] / math.sqrt(bias_squares[k])
            for feature in rows:
                row, square = weights[feature], squares[feature]
                for k in range(size):
                    step = gradient[k] * scale + l2 * row[k]
                    square[k] += step * step
                    row[k] -= learning_rate * step / math.sqrt(square[k])
    return weights, bias


def _with_numpy(data: Sequence[Example], *, features: int, size: int, epochs: int, learning_rate: float,
                l2: float, shuffler: random.Random) -> tuple[list[list[float]], list[float]]:
    np = _NUMPY
    assert np is not None
    # Row 0 holds the biases, so that a score is one sequential sum down the text's rows, the bias first.
    weights = np.zeros((features + 1, size))
    squares = np.full((features + 1, size), 1e-8)
    blocks = [(np.array((0, *(feature + 1 for feature in rows)), dtype=np.intp), truth, scale)
              for rows, truth, scale in data]
    order = list(range(len(data)))
    for _ in range(epochs):
        shuffler.shuffle(order)
        for at in order:
            rows, truth, scale = blocks[at]
            block = weights[rows]
            if scale != 1.0:
                block[1:] *= scale
            gradient = np.array(_gradient(np.add.accumulate(block, axis=0)[-1].tolist(), truth))
            # The bias: no L2, and the gradient unscaled.
            bias_square = squares[0] + gradient * gradient
            squares[0] = bias_square
            weights[0] = weights[0] - learning_rate * gradient / np.sqrt(bias_square)
            if len(rows) > 1:
                grams = rows[1:]
                row = weights[grams]
                step = (gradient * scale if scale != 1.0 else gradient) + l2 * row
                square = squares[grams] + step * step
                squares[grams] = square
                weights[grams] = row - learning_rate * step / np.sqrt(square)
    return weights[1:].tolist(), weights[0].tolist()
