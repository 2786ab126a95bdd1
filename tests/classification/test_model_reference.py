"""The text model's fast paths against a straightforward reference.

The classifier finds a text's known n-grams with one automaton pass, sums their weights as one packed
integer, reads each dimension's sums back from its bytes and combines the model's scores with the rules'
votes without building intermediate objects. The reference here does each step the plain way: every
n-gram of the text looked up one by one, each label's weights summed as whole units, the documented
formula for the scores (:meth:`DimensionModel.score`), and every label that may win compared with
``max``. The whole :class:`Classification` (labels, confidences, reasons, fired rules, the model's
probabilities and the n-grams an explanation quotes) must come out identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bankcomplaints.classification import Classification, Classifier, Dimension
from bankcomplaints.classification import classifier as classifier_module
from bankcomplaints.classification.classifier import Decision
from bankcomplaints.classification.fallback import (
    DEFAULT_FALLBACK_POLICY,
    DimensionPolicy,
    FallbackPolicy,
    combine,
)
from bankcomplaints.classification.model import (
    MODEL_DIMENSIONS,
    DimensionModel,
    ModelScores,
    Observation,
    TextModel,
    load_model,
    text_features,
)
from bankcomplaints.classification.normalize import normalize
from bankcomplaints.classification.taxonomy import labels
from tests.classification._labelled import ZH_DEV_PARTS, zh_rows
from tests.classification._strategies import CHINESE, mixed_texts

ALWAYS = FallbackPolicy(min_coverage=0.0, dimensions={d: DimensionPolicy(threshold=2.0, rule_weight=0.7)
                                                      for d in MODEL_DIMENSIONS})


def _scale(model: TextModel) -> int:
    """The smallest power of ten up to a million that makes every weight whole (the model's unit)."""
    scale = 1
    for part in model.dimensions.values():
        for row in part.weights.values():
            for weight in row:
                while scale < 1_000_000 and round(weight * scale) / scale != weight:
                    scale *= 10
    return scale


@attrs.frozen(kw_only=True)
class ReferenceModel(TextModel):
    """The same weights, read the plain way."""

    _vocabulary: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    _id: dict[str, int] = attrs.field(init=False, eq=False, repr=False)
    _unit: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        vocabulary = tuple(sorted({gram for part in self.dimensions.values() for gram in part.weights}))
        object.__setattr__(self, "_vocabulary", vocabulary)
        object.__setattr__(self, "_id", {gram: at for at, gram in enumerate(vocabulary)})
        object.__setattr__(self, "_unit", _scale(self))

    def observe(self, normalized_text: str) -> Observation:
        text = re.sub("[1-9]", "0", normalized_text)
        sizes = {len(gram) for gram in self._vocabulary} - {0}
        found = [text[at:at + size] for size in sizes for at in range(len(text) - size + 1)
                 if text[at:at + size] in self._id]
        low, high = self.ngram
        places = sum(max(0, len(text) - size + 1) for size in range(low, high + 1))
        ids = frozenset(self._id[gram] for gram in found)
        return Observation(ids, round(len(found) / places, 4) if places else 0.0, 0)

    def score(self, dimension: Dimension, observed: Observation) -> ModelScores:
        part = self.dimensions[dimension]
        known = [self._vocabulary[i] for i in observed.ids if self._vocabulary[i] in part.weights]
        evidence = [sum(round(part.weights[gram][label] * self._unit) for gram in known) / self._unit
                    for label in range(len(part.labels))]
        return part.score(evidence, len(known), observed.coverage, observed.ids, self._vocabulary)


def reference_combine(decision: Any, scores: ModelScores, policy: FallbackPolicy,
                      fired_for: Callable[[str], Any]) -> Any:
    """fallback.combine as its docstring says it: the model's label and every voted label it knows compete."""
    if scores.coverage < policy.min_coverage:
        return decision
    votes = dict(decision.scores)
    if not votes:
        return attrs.evolve(decision, label=scores.label, confidence=scores.probability, reason="model", model=scores)
    weight = policy.dimensions[decision.dimension].rule_weight
    share = 1.0 + sum(votes.values())

    def key(label: str) -> tuple[float, float, int]:
        p = scores.probability_of(label)
        return p + weight * votes.get(label, 0.0) / share, p, -scores.labels.index(label)

    label = max([scores.label, *(other for other in votes if other in scores.labels)], key=key)
    confidence = round(key(label)[0] / (1.0 + weight * sum(votes.values()) / share), 4)
    fired = decision.fired if label == decision.label else fired_for(label)
    return attrs.evolve(decision, label=label, confidence=confidence, fired=fired, reason="rules+model",
                        model=scores)


@contextmanager
def reference_combination() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(classifier_module, "combine", reference_combine)
        yield


def reference_of(model: TextModel) -> ReferenceModel:
    return ReferenceModel(name=model.name, ngram=model.ngram, dimensions=model.dimensions, training=model.training)


@cache
def pair(always: bool = False) -> tuple[Classifier, Classifier]:
    """The classifier with the shipped model, and the same with the reference model (``always`` consulted)."""
    policy = ALWAYS if always else DEFAULT_FALLBACK_POLICY
    return (Classifier(model="default", fallback=policy),
            Classifier(model=reference_of(load_model()), fallback=policy))


def assert_same(fast: Classifier, reference: Classifier, text: str) -> None:
    result = fast.classify(text)
    with reference_combination():
        expected_result = reference.classify(text)
    assert_equal(result, expected_result, text)


def assert_equal(result: Classification, expected_result: Classification, text: str) -> None:
    assert result == expected_result, text
    assert result.explain() == expected_result.explain(), text
    for decision, expected in zip(result.decisions, expected_result.decisions, strict=True):
        assert (decision.model is None) == (expected.model is None)
        if decision.model is not None and expected.model is not None:
            assert decision.model.ranked == expected.model.ranked
            assert decision.model.contributions == expected.model.contributions


@pytest.mark.parametrize("part", list(ZH_DEV_PARTS))
def test_every_labelled_text_is_classified_as_the_reference_does(part: str) -> None:
    fast, reference = pair()
    texts = [row.text for row in zh_rows(part)]
    results = [fast.classify(text) for text in texts]
    with reference_combination():
        expected = [reference.classify(text) for text in texts]
    for text, result, expected_result in zip(texts, results, expected, strict=True):
        assert_equal(result, expected_result, text)


def test_the_reference_is_not_the_code_under_test() -> None:
    fast, reference = pair()
    text = "我的信用卡被盗刷了两万元，打了三次客服电话都没人管"
    assert fast.model is not None and reference.model is not None
    assert type(reference.model).observe is not TextModel.observe
    assert reference.model.observe(normalize(text).text).sums == 0  # the reference never reads the packed sums
    assert fast.classify(text).cause.model is not None


_TEXTS = mixed_texts("卡贷款盗刷请问投诉柜台手机银行0123456789元万，。 ")


@given(_TEXTS)
def test_any_text_is_classified_as_the_reference_does(text: str) -> None:
    assert_same(*pair(), text)
    assert_same(*pair(always=True), text)


_GRAMS = st.text(alphabet=st.sampled_from("卡贷款盗刷请问投诉柜台0"), min_size=1, max_size=3)
_WEIGHTS = st.one_of(st.integers(-500, 500).map(lambda n: n / 100), st.floats(-1e13, 1e13, allow_nan=False),
                     st.integers(-10**9, 10**9).map(lambda n: n / 10**6), st.just(0.0))


@st.composite
def models(draw: st.DrawFn) -> TextModel:
    """Small models with any weights: negative, many decimals, or so large that a field needs 96 bits and more."""
    low = draw(st.integers(1, 2))
    high = draw(st.integers(low, 3))
    parts = {}
    for dimension in draw(st.lists(st.sampled_from(MODEL_DIMENSIONS), min_size=1, max_size=4, unique=True)):
        names = tuple(draw(st.lists(st.sampled_from(labels(dimension)), min_size=2, max_size=5, unique=True)))
        grams = draw(st.lists(_GRAMS.filter(lambda g: low <= len(g) <= high), max_size=12, unique=True))
        weights = {gram: tuple(draw(st.lists(_WEIGHTS, min_size=len(names), max_size=len(names))))
                   for gram in grams}
        vector = st.lists(st.floats(-3, 3, allow_nan=False), min_size=len(names), max_size=len(names))
        parts[dimension] = DimensionModel(dimension=dimension, labels=names, bias=tuple(draw(vector)),
                                          per_ngram=tuple(draw(vector)), temperature=draw(st.floats(0.5, 2.0)),
                                          weights=weights)
    return TextModel(name="drawn", ngram=(low, high), dimensions=parts)


@settings(max_examples=30)
@given(models(), st.text(alphabet=st.sampled_from("卡贷款盗刷请问投诉柜台0123456789"), max_size=40))
def test_any_model_scores_any_text_as_the_reference_does(model: TextModel, text: str) -> None:
    reference = reference_of(model)
    normalized = normalize(text).text
    observed, expected_observation = model.observe(normalized), reference.observe(normalized)
    assert observed.coverage == expected_observation.coverage
    for dimension in model.dimensions:
        scores, expected = model.score(dimension, observed), reference.score(dimension, expected_observation)
        assert scores == expected
        assert scores.ranked == expected.ranked
        assert scores.contributions == expected.contributions
    fast, slow = Classifier(model=model, fallback=ALWAYS), Classifier(model=reference, fallback=ALWAYS)
    assert_same(fast, slow, text)


@attrs.frozen(kw_only=True)
class CheckedDecision:
    """A decision class whose ``__init__`` validates (so ``combine`` builds it by keyword)."""

    dimension: Dimension
    label: str = attrs.field(validator=attrs.validators.instance_of(str))
    confidence: float
    fired: tuple[Any, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()
    reason: str = "rules"
    model: ModelScores | None = None


@pytest.mark.parametrize("decision_class", [Decision, CheckedDecision])
@pytest.mark.parametrize("votes", [(), (("loans", 2.0),), (("bank_card", 1.0), ("loans", 3.0)), (("atm", 1.0),)])
def test_combine_builds_any_decision_class_as_the_reference_does(decision_class: Any,
                                                                 votes: tuple[tuple[str, float], ...]) -> None:
    model = load_model()
    scores = model.score(Dimension.BUSINESS, model.observe(normalize("我想问一下房贷提前还款和信用卡年费").text))
    decision = decision_class(dimension=Dimension.BUSINESS, label=votes[-1][0] if votes else "other",
                              confidence=0.5, scores=votes)
    for policy in (DEFAULT_FALLBACK_POLICY, ALWAYS):
        combined = combine(decision, scores, policy, lambda label: ("rules for", label))
        assert type(combined) is decision_class
        assert combined == reference_combine(decision, scores, policy, lambda label: ("rules for", label))


@given(st.text(alphabet=CHINESE | st.sampled_from("卡贷款0123456789ab "), max_size=50),
       st.integers(1, 4).flatmap(lambda low: st.tuples(st.just(low), st.integers(low, 6))))
def test_text_features_are_every_n_gram_of_the_folded_text(text: str, ngram: tuple[int, int]) -> None:
    folded = re.sub("[1-9]", "0", text)
    low, high = ngram
    expected = {folded[at:at + size] for size in range(low, high + 1) for at in range(len(folded) - size + 1)}
    assert text_features(text, ngram) == expected
