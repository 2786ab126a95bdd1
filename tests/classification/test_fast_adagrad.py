"""The development tools' compiled training loop (tests/classification/_fast_adagrad.py) fits the same weights, bit
for bit, as the shipped one, so cross-validation and the shipped model files do not depend on which ran."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bankcomplaints.classification import _adagrad, training
from bankcomplaints.classification.model import text_features
from bankcomplaints.classification.normalize import normalize
from bankcomplaints.classification.training import _fit_logistic
from tests.classification import _fast_adagrad
from tests.classification._labelled import ZH_DEV_PARTS, zh_rows

if not _fast_adagrad.available():  # pragma: no cover - every machine the project runs on has a C compiler
    pytest.skip("no C compiler: the tools train with the shipped loop, and there is nothing to compare",
                allow_module_level=True)


def fitted(rows: list[tuple[frozenset[str], str]], *, scaled: bool, compiled: bool, epochs: int = 3,
           l2: float = 0.03) -> tuple[dict[str, list[float]], list[float]]:
    names = tuple(sorted({label for _, label in rows}))
    sizes = [len(grams) for grams, _ in rows] if scaled else None
    with _fast_adagrad.compiled() if compiled else nullcontext():
        return _fit_logistic(rows, names, alpha=0.1, min_count=1, max_features=3000, epochs=epochs,
                             learning_rate=0.5, l2=l2, sizes=sizes)


@pytest.mark.parametrize("scaled", [False, True], ids=["triage", "flag (length-scaled)"])
@pytest.mark.parametrize("dimension", ["kind", "business"])
def test_real_texts_fit_the_same_unrounded_weights_compiled(scaled: bool, dimension: str) -> None:
    rows = [(text_features(normalize(row.text).text, (1, 2)), getattr(row, dimension))
            for part in ZH_DEV_PARTS[::4] for row in zh_rows(part)[:60]]
    shipped = fitted(rows, scaled=scaled, compiled=False)
    compiled = fitted(rows, scaled=scaled, compiled=True)
    assert compiled == shipped  # floats compared exactly
    weights, bias = compiled
    assert len(weights) == 3000 and len(set(bias)) > 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="卡贷款盗刷请问利息手续费转账", min_size=1, max_size=12),
                          st.sampled_from(["a", "b", "c"])), min_size=2, max_size=30),
       st.integers(min_value=1, max_value=4), st.sampled_from([0.0, 0.01, 0.5]), st.booleans())
def test_any_small_data_fits_the_same_weights_compiled(pairs: list[tuple[str, str]], epochs: int, l2: float,
                                                        scaled: bool) -> None:
    rows = [(text_features(text, (1, 2)), label) for text, label in pairs]
    assert fitted(rows, scaled=scaled, compiled=True, epochs=epochs, l2=l2) == \
        fitted(rows, scaled=scaled, compiled=False, epochs=epochs, l2=l2)


def test_the_compiled_loop_is_used_only_inside_the_block() -> None:
    with _fast_adagrad.compiled():
        assert vars(training)["fit"] is _fast_adagrad.fit
    assert vars(training)["fit"] is _adagrad.fit
