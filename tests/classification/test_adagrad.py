"""Logistic-regression training gives the same weights, bit for bit, with numpy (``bankcomplaints[train]``)
as without it, and so the same model files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bankcomplaints.classification import _adagrad
from bankcomplaints.classification.model import text_features
from bankcomplaints.classification.normalize import normalize
from bankcomplaints.classification.training import _fit_logistic, train_flag_model, train_model
from bankcomplaints.errors import InvalidOperationError
from tests.classification._labelled import ZH_DEV_PARTS, zh_rows
from tests.classification._triage_model import HYPER, examples

pytest.importorskip("numpy", reason="the numpy path is what this file compares with the pure-Python one")


def both_ways(monkeypatch: pytest.MonkeyPatch, compute: Callable[[], Any]) -> tuple[Any, Any]:
    """What ``compute`` returns with numpy, then with numpy hidden."""
    with_numpy = compute()
    monkeypatch.setattr(_adagrad, "_NUMPY", None)
    in_python = compute()
    monkeypatch.undo()
    return with_numpy, in_python


def raw_fit(monkeypatch: pytest.MonkeyPatch, texts: list[str], labels: list[str], *, scaled: bool,
            l2: float = 0.01, epochs: int = 3) -> tuple[Any, Any]:
    """The unrounded weights and biases of one dimension, fitted with numpy and then without."""
    rows = [(text_features(normalize(text).text, (1, 2)), label) for text, label in zip(texts, labels, strict=True)]
    names = tuple(sorted(set(labels)))
    sizes = [len(grams) for grams, _ in rows] if scaled else None
    return both_ways(monkeypatch, lambda: _fit_logistic(rows, names, alpha=0.1, min_count=1, max_features=2000,
                                                         epochs=epochs, learning_rate=0.5, l2=l2, sizes=sizes))


def document_or_refusal(train: Callable[[], Any]) -> str:
    """The trained model's file, or the refusal (a single label, say): both ways must refuse alike."""
    try:
        return str(train().to_json())
    except InvalidOperationError as error:
        return repr(error)


@pytest.mark.parametrize("scaled", [False, True], ids=["triage", "flag (length-scaled)"])
def test_real_texts_fit_the_same_unrounded_weights_with_and_without_numpy(
        monkeypatch: pytest.MonkeyPatch, scaled: bool) -> None:
    rows = [row for part in ZH_DEV_PARTS[::3] for row in zh_rows(part)[:50]]
    with_numpy, in_python = raw_fit(monkeypatch, [row.text for row in rows], [row.business for row in rows],
                                    scaled=scaled)
    assert with_numpy == in_python  # floats compared exactly, not the two decimals a file keeps
    weights, bias = with_numpy
    assert len(weights) == 2000 and len(set(bias)) > 1


def test_the_shipped_settings_train_the_same_model_on_real_texts_with_and_without_numpy(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = [pair for part in ZH_DEV_PARTS[::4] for pair in examples(zh_rows(part)[:40])]
    with_numpy, in_python = both_ways(
        monkeypatch,
        lambda: train_model(pairs, name="sample", **{**HYPER, "epochs": 3, "max_features": 800}).to_json())
    assert with_numpy == in_python
    assert '"weights"' in with_numpy and len(with_numpy) > 10_000  # a real model, not an empty one


def test_the_flag_models_length_scaled_training_is_the_same_with_and_without_numpy(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [row for part in ZH_DEV_PARTS[1::4] for row in zh_rows(part)[:40]]
    pairs = [(row.text, {"repeat": "repeat" in row.flags, "litigation": "litigation" in row.flags}) for row in rows]
    with_numpy, in_python = both_ways(monkeypatch,
                                      lambda: train_flag_model(pairs, name="sample", epochs=3).to_json())
    assert with_numpy == in_python
    assert '"repeat"' in with_numpy


TEXTS = st.text(alphabet="信用卡房贷款利率年费盗刷被骗投诉咨询建议手机银行转账", min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(data=st.lists(st.tuples(TEXTS, st.sampled_from(["loans", "bank_card", "payments"]),
                               st.sampled_from(["complaint", "consultation"])), min_size=2, max_size=25),
       epochs=st.integers(1, 4), l2=st.sampled_from([0.0, 0.001, 0.3]), scaled=st.booleans())
def test_any_data_trains_the_same_weights_and_files_with_and_without_numpy(
        data: list[tuple[str, str, str]], epochs: int, l2: float, scaled: bool) -> None:
    texts = [text for text, _, _ in data]
    if len({business for _, business, _ in data}) > 1:
        with pytest.MonkeyPatch.context() as monkeypatch:
            with_numpy, in_python = raw_fit(monkeypatch, texts, [business for _, business, _ in data],
                                            scaled=scaled, l2=l2, epochs=epochs)
        assert with_numpy == in_python
    pairs = [(text, {"business": business, "kind": kind}) for text, business, kind in data]
    flags = [(text, {"group": kind == "complaint"}) for text, _, kind in data]
    settings_ = {"method": "logreg", "ngram": (1, 2), "min_count": 1, "epochs": epochs, "l2": l2}
    with pytest.MonkeyPatch.context() as monkeypatch:
        models = both_ways(monkeypatch, lambda: document_or_refusal(lambda: train_model(pairs, **settings_)))
        flag_models = both_ways(monkeypatch, lambda: document_or_refusal(
            lambda: train_flag_model(flags, min_count=1, epochs=epochs, l2=l2)))
    assert models[0] == models[1]
    assert flag_models[0] == flag_models[1]
