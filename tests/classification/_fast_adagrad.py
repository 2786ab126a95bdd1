"""A C port of :func:`bankcomplaints.classification._adagrad.fit` for the development tools (not shipped).

Cross-validation trains one text model per fold, and on a two-core machine the numpy training loop (tens of
microseconds of call overhead per text, four dimensions, twenty passes) made the round's folds take hours. This
module compiles the same loop with the machine's C compiler and runs it through :mod:`ctypes`; it is used only when
a compiler is there (:func:`available`), and gives the same weights bit for bit, which the tests check against the
shipped implementation:

* every operation is the one numpy does, in the same order: the score is the bias plus the text's n-gram weights
  summed in row order, the gradient's exponentials are the C library's ``exp`` that :func:`math.exp` calls, their
  sum is CPython's :func:`math.fsum` algorithm (correctly rounded), and the updates are the same element-wise
  expressions;
* it is compiled with ``-ffp-contract=off`` so that no multiply and add are fused, and without ``-ffast-math``;
* the passes visit the texts in the orders Python's seeded :class:`random.Random` draws, as the shipped loop does.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import random
import shutil
import subprocess
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from unittest.mock import patch

from bankcomplaints.classification import training
from bankcomplaints.classification._adagrad import Example

SOURCE = r"""
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* CPython's math.fsum for n finite values (Shewchuk's partials, then the half-even fix-up). */
static double fsum(const double *values, int n, double *p) {
    int count = 0;
    for (int k = 0; k < n; k++) {
        double x = values[k];
        int i = 0;
        for (int j = 0; j < count; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) { double t = x; x = y; y = t; }
            double hi = x + y;
            double yr = hi - x;
            double lo = y - yr;
            if (lo != 0.0) p[i++] = lo;
            x = hi;
        }
        count = i;
        if (x != 0.0) p[count++] = x;
    }
    double hi = 0.0, lo = 0.0;
    if (count > 0) {
        hi = p[--count];
        while (count > 0) {
            double x = hi;
            double y = p[--count];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        if (count > 0 && ((lo < 0.0 && p[count - 1] < 0.0) || (lo > 0.0 && p[count - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    return hi;
}

/* weights and squares: (features + 1) x size, row 0 the biases. rows[offsets[t]:offsets[t+1]] are text t's n-gram
   rows (n-gram + 1, sorted), truths[t] its label, scales[t] its factor; order: epochs x texts. */
void fit(double *weights, double *squares, int size, const int64_t *offsets, const int32_t *rows,
         const int32_t *truths, const double *scales, const int32_t *order, int64_t visits,
         double learning_rate, double l2) {
    double *scores = malloc(sizeof(double) * size * 4);
    double *exps = scores + size, *gradient = scores + 2 * size, *partials = scores + 3 * size;
    for (int64_t v = 0; v < visits; v++) {
        int32_t t = order[v];
        const int32_t *text = rows + offsets[t];
        int64_t n = offsets[t + 1] - offsets[t];
        double scale = scales[t];
        for (int k = 0; k < size; k++) scores[k] = weights[k];
        for (int64_t r = 0; r < n; r++) {
            const double *w = weights + (int64_t)text[r] * size;
            if (scale != 1.0) { for (int k = 0; k < size; k++) scores[k] = scores[k] + w[k] * scale; }
            else { for (int k = 0; k < size; k++) scores[k] = scores[k] + w[k]; }
        }
        double top = scores[0];
        for (int k = 1; k < size; k++) if (scores[k] > top) top = scores[k];
        for (int k = 0; k < size; k++) exps[k] = exp(scores[k] - top);
        double whole = fsum(exps, size, partials);
        for (int k = 0; k < size; k++) gradient[k] = exps[k] / whole;
        gradient[truths[t]] -= 1.0;
        for (int k = 0; k < size; k++) {
            double square = squares[k] + gradient[k] * gradient[k];
            squares[k] = square;
            weights[k] = weights[k] - learning_rate * gradient[k] / sqrt(square);
        }
        for (int64_t r = 0; r < n; r++) {
            double *w = weights + (int64_t)text[r] * size, *s = squares + (int64_t)text[r] * size;
            for (int k = 0; k < size; k++) {
                double g = scale != 1.0 ? gradient[k] * scale : gradient[k];
                double step = g + l2 * w[k];
                double square = s[k] + step * step;
                s[k] = square;
                w[k] = w[k] - learning_rate * step / sqrt(square);
            }
        }
    }
    free(scores);
}
"""


@cache
def _library() -> ctypes.CDLL | None:
    """The compiled loop, built once per source into the temporary directory; None without a C compiler."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return None
    digest = hashlib.sha256(SOURCE.encode()).hexdigest()[:16]
    built = Path(tempfile.gettempdir()) / f"bankcomplaints-adagrad-{digest}.so"
    if not built.exists():
        # Per process, so that two workers building at once do not write one file.
        source = built.with_suffix(f".{os.getpid()}.c")
        source.write_text(SOURCE, encoding="utf-8")
        partial = built.with_suffix(f".{os.getpid()}.partial")
        subprocess.run([compiler, "-O2", "-ffp-contract=off", "-fno-fast-math", "-fPIC", "-shared", "-o",
                        str(partial), str(source), "-lm"], check=True, capture_output=True)
        partial.replace(built)
        source.unlink()
    library = ctypes.CDLL(str(built))
    library.fit.restype = None
    return library


def available() -> bool:
    """Whether a C compiler built the loop."""
    return _library() is not None


def fit(data: Sequence[Example], *, features: int, labels: int, epochs: int, learning_rate: float, l2: float,
        seed: int) -> tuple[list[list[float]], list[float]]:
    """:func:`bankcomplaints.classification._adagrad.fit`, compiled (same arguments, same result)."""
    library = _library()
    assert library is not None
    shuffler = random.Random(seed)
    shuffled = list(range(len(data)))
    order: list[int] = []
    for _ in range(epochs):
        shuffler.shuffle(shuffled)
        order.extend(shuffled)
    offsets, rows = array("q", [0]), array("i")
    for grams, _, _ in data:
        rows.extend([gram + 1 for gram in grams])
        offsets.append(len(rows))
    cells = (features + 1) * labels
    weights, squares = array("d", bytes(8 * cells)), array("d", [1e-8]) * cells
    truths, scales, visits = array("i", [d[1] for d in data]), array("d", [d[2] for d in data]), array("i", order)

    def pointer(values: array[Any]) -> ctypes.c_void_p:
        return ctypes.c_void_p(values.buffer_info()[0])

    library.fit(pointer(weights), pointer(squares), ctypes.c_int(labels), pointer(offsets), pointer(rows),
                pointer(truths), pointer(scales), pointer(visits), ctypes.c_int64(len(visits)),
                ctypes.c_double(learning_rate), ctypes.c_double(l2))
    flat = weights.tolist()
    return [flat[at:at + labels] for at in range(labels, cells, labels)], flat[:labels]


@contextmanager
def compiled() -> Iterator[None]:
    """Within the block, :mod:`bankcomplaints.classification.training` fits with the compiled loop (if built)."""
    if not available():
        yield
        return
    with patch.object(training, "fit", fit):
        yield
