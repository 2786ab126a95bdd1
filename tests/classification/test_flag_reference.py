"""The flag model's fast path against a straightforward reference.

``classify()`` reads a text once for both models: the text model carries the flag model as a rider (its
n-grams in the same automaton, its weights summed exactly as whole numbers in the low bits of the same
integer sum), the flag model counts the text's distinct n-grams only when bounds from that pass cannot
show every checked factor kept, and the classifier quotes evidence only for the factors set aside.
The reference does it the plain way, as the code did before: every n-gram of the text
(``text_features``), each factor's documented formula (:meth:`FactorModel.probability`, an ``fsum`` of
the weights), the candidates quoted first and then judged. The whole :class:`Classification` must come
out identical, for the shipped models, for any text, and for drawn flag models with any weights.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bankcomplaints.classification import Classification, Classifier
from bankcomplaints.classification.amounts import ParsedAmount
from bankcomplaints.classification.flag_model import (
    DEFAULT_FLAG_POLICY,
    FactorModel,
    FlagModel,
    FlagPolicy,
    SetAside,
    joined,
    load_flag_model,
    set_aside,
    set_aside_factors,
)
from bankcomplaints.classification.matcher import RuleHit
from bankcomplaints.classification.model import (
    MODEL_DIMENSIONS,
    DimensionModel,
    Observation,
    Reading,
    TextModel,
    count_features,
    load_model,
    text_features,
)
from bankcomplaints.classification.normalize import NormalizedText, normalize
from bankcomplaints.classification.taxonomy import labels
from bankcomplaints.values import RiskFactor
from tests.classification._labelled import ZH_DEV_PARTS, zh_rows
from tests.classification._strategies import CHINESE, mixed_texts

FACTORS = tuple(factor.slug for factor in RiskFactor)
#: Every factor judged, near the shipped model's probabilities, so that many texts set something aside.
STRICT = FlagPolicy(thresholds=dict.fromkeys(FACTORS, 0.93), min_coverage=0.0)


def reference_set_aside(model: FlagModel, policy: FlagPolicy, normalized_text: str,
                        candidates: Mapping[str, tuple[str, ...]]) -> tuple[SetAside, ...]:
    """set_aside as its docstring and the module's say it, each factor by its own formula."""
    thresholds = policy.thresholds
    checked = [factor for factor in candidates if thresholds.get(factor, 0.0) > 0 and factor in model.factors]
    grams = text_features(normalized_text, model.ngram)
    known = {gram for gram in grams if any(gram in part.weights for part in model.factors.values())}
    if not checked or not grams or len(known) / len(grams) < policy.min_coverage:
        return ()
    found = {factor: model.factors[factor].probability(known, len(grams)) for factor in checked}
    return tuple(SetAside(factor=factor, probability=round(found[factor], 4), threshold=thresholds[factor],
                          evidence=candidates[factor]) for factor in checked if found[factor] < thresholds[factor])


class ReferenceClassifier(Classifier):
    """The classifier with the text model alone and the flag model's plain path (every candidate quoted)."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self._observer = self.model  # no rider: the flag model reads the text itself

    def _set_aside(self, flag_model: FlagModel, evidence: tuple[RuleHit, ...], amounts: tuple[ParsedAmount, ...],
                   norm: NormalizedText, grams: list[Observation]) -> tuple[SetAside, ...]:
        candidates: dict[str, list[str]] = {}
        for hit in evidence:
            candidates.setdefault(hit.label, []).append(f"rule {hit.rule_id} '{hit.spans[0].text}'")
        stated = [parsed for parsed in amounts if not parsed.condition]
        if any(parsed.taken for parsed in stated):  # money the text says was taken is never put to the model
            candidates.pop("large_amount", None)
        elif stated:
            candidates.setdefault("large_amount", []).extend(f"amount '{parsed.text}'" for parsed in stated)
        for hit in evidence:  # nor is a factor a firm rule found
            if hit.rule.firm:
                candidates.pop(hit.label, None)
        return reference_set_aside(flag_model, self.flag_policy, norm.text,
                                   {factor: tuple(items) for factor, items in candidates.items()})


@cache
def pair(policy: FlagPolicy = DEFAULT_FLAG_POLICY) -> tuple[Classifier, Classifier]:
    """What classify() runs (with ``policy``), and the reference with the same models."""
    return (Classifier(model="default", flag_model="default", flag_policy=policy),
            ReferenceClassifier(model="default", flag_model="default", flag_policy=policy))


def assert_same(fast: Classifier, reference: Classifier, text: str) -> Classification:
    result, expected = fast.classify(text), reference.classify(text)
    assert result == expected, text
    assert result.explain() == expected.explain(), text
    assert [(item.factor, item.probability, item.threshold, item.evidence) for item in result.set_aside] == \
        [(item.factor, item.probability, item.threshold, item.evidence) for item in expected.set_aside], text
    return result


def test_the_reference_is_not_the_code_under_test() -> None:
    fast, reference = pair()
    assert fast.flag_model is not None
    assert fast._observer is not fast.model and reference._observer is reference.model
    observed = fast._observer.observe(normalize("我爸八十多了，腿脚不便，柜台非让他本人来").text)
    assert isinstance(observed, Reading) and getattr(observed.rider, "model", None) is fast.flag_model


@pytest.mark.parametrize("part", ZH_DEV_PARTS)
def test_every_development_text_is_classified_as_the_reference_does(part: str) -> None:
    texts = [row.text for row in zh_rows(part)]
    results = [assert_same(*pair(), text) for text in texts]
    strict = [assert_same(*pair(STRICT), text) for text in texts[::2]]
    # the comparison means something: the rules raise evidence and the strict policy sets some aside
    assert any(result.evidence for result in results)
    assert any(result.set_aside for result in strict)


_TEXTS = mixed_texts("老人律师曝光投诉多次一起起诉元万0123456789，。 😀")


@given(_TEXTS)
def test_any_text_is_classified_as_the_reference_does(text: str) -> None:
    assert_same(*pair(), text)
    assert_same(*pair(STRICT), text)


# --- drawn models --------------------------------------------------------------------------------------------

_ALPHABET = "老人律师曝光投诉多次0"
_WEIGHTS = st.one_of(st.integers(-700, 700).map(lambda n: n / 100), st.floats(-1e13, 1e13, allow_nan=False),
                     st.floats(-1e-300, 1e-300, allow_nan=False), st.integers(-10**9, 10**9).map(lambda n: n / 10**6),
                     st.sampled_from([0.0, -0.0, 5e-324, 0.1, 0.2, 0.3]))


@st.composite
def flag_models(draw: st.DrawFn, ngram: tuple[int, int]) -> FlagModel:
    """Small flag models with any weights (and n-grams of other lengths, which a text never holds)."""
    grams = st.text(alphabet=st.sampled_from(_ALPHABET), min_size=1, max_size=4)
    factors = {}
    for factor in draw(st.lists(st.sampled_from(FACTORS), min_size=1, max_size=4, unique=True)):
        weights = draw(st.dictionaries(grams, _WEIGHTS, max_size=12))
        factors[factor] = FactorModel(factor=factor, bias=draw(st.floats(-5, 5, allow_nan=False)), weights=weights)
    return FlagModel(name="drawn", ngram=ngram, factors=factors)


@st.composite
def text_models(draw: st.DrawFn, ngram: tuple[int, int]) -> TextModel:
    low, high = ngram
    parts = {}
    for dimension in draw(st.lists(st.sampled_from(MODEL_DIMENSIONS), min_size=1, max_size=2, unique=True)):
        names = tuple(draw(st.lists(st.sampled_from(labels(dimension)), min_size=2, max_size=4, unique=True)))
        grams = draw(st.lists(st.text(alphabet=st.sampled_from(_ALPHABET + "卡贷"), min_size=low, max_size=high),
                              max_size=10, unique=True))
        weights = {gram: tuple(draw(st.lists(st.integers(-300, 300).map(lambda n: n / 100), min_size=len(names),
                                             max_size=len(names)))) for gram in grams}
        vector = st.lists(st.floats(-3, 3, allow_nan=False), min_size=len(names), max_size=len(names))
        parts[dimension] = DimensionModel(dimension=dimension, labels=names, bias=tuple(draw(vector)),
                                          per_ngram=tuple(draw(vector)), temperature=draw(st.floats(0.5, 2.0)),
                                          weights=weights)
    return TextModel(name="drawn", ngram=ngram, dimensions=parts)


_NGRAMS = st.integers(1, 2).flatmap(lambda low: st.tuples(st.just(low), st.integers(low, 3)))
_SHORT_TEXTS = st.text(alphabet=st.sampled_from(_ALPHABET + "卡贷123，😀"), max_size=40)


@settings(max_examples=40)
@given(st.data())
def test_any_flag_model_sets_aside_as_the_reference_does_with_or_without_a_text_model(data: st.DataObject) -> None:
    ngram = data.draw(_NGRAMS)
    flag_model, text_model = data.draw(flag_models(ngram)), data.draw(text_models(ngram))
    text = normalize(data.draw(_SHORT_TEXTS)).text
    candidates = {factor: (f"evidence of {factor}",) for factor in data.draw(st.permutations(FACTORS))}
    reference = {item.factor: item for item in reference_set_aside(flag_model, ALL, text, candidates)}
    # thresholds right at the probabilities, so that the bounds are tested where they decide
    exact = {factor: part.probability(text_features(text, ngram) & flag_model._vocabulary,
                                      len(text_features(text, ngram))) for factor, part in flag_model.factors.items()}
    thresholds = {factor: min(1.0, data.draw(st.sampled_from([p, math.nextafter(p, 1.0), p + 1e-12, p / 2, 1.0])))
                  for factor, p in exact.items()}
    policy = FlagPolicy(thresholds=thresholds, min_coverage=data.draw(st.sampled_from([0.0, 0.3, 0.7, 1.0])))
    expected = reference_set_aside(flag_model, policy, text, candidates)
    assert set_aside(flag_model, policy, text, candidates) == expected
    # the flag model riding for every factor, or for some (the others then read the text themselves)
    rider = joined(text_model, flag_model, data.draw(st.none() | st.lists(st.sampled_from(FACTORS), unique=True)))
    observed = rider.observe(text)
    if rider is text_model:
        assert not isinstance(observed, Reading)
    found = set_aside_factors(flag_model, policy, text, candidates, observed)
    assert found == [(item.factor, item.probability, item.threshold) for item in expected]
    assert all(reference[factor].probability == probability for factor, probability, _ in
               set_aside_factors(flag_model, ALL, text, candidates, observed))
    # the text model scores the same with the flag model riding
    plain = text_model.observe(text)
    assert observed.coverage == plain.coverage
    for dimension in text_model.dimensions:
        scores, expected_scores = rider.score(dimension, observed), text_model.score(dimension, plain)
        assert scores == expected_scores
        assert scores.ranked == expected_scores.ranked
        assert scores.contributions == expected_scores.contributions


#: Every factor judged, on any text.
ALL = FlagPolicy(thresholds=dict.fromkeys(FACTORS, 1.0), min_coverage=0.0)


@settings(max_examples=20)
@given(st.data())
def test_a_classifier_with_drawn_models_classifies_as_the_reference_does(data: st.DataObject) -> None:
    flag_model, text_model = data.draw(flag_models((1, 2))), data.draw(text_models((1, 2)))
    policy = FlagPolicy(thresholds={factor: data.draw(st.floats(0.0, 1.0)) for factor in flag_model.factors},
                        min_coverage=data.draw(st.floats(0.0, 1.0)))
    fast = Classifier(model=text_model, flag_model=flag_model, flag_policy=policy)
    reference = ReferenceClassifier(model=text_model, flag_model=flag_model, flag_policy=policy)
    text = data.draw(_TEXTS)
    assert_same(fast, reference, text)


def test_a_text_model_of_other_n_grams_is_not_joined() -> None:
    flag_model = load_flag_model()
    other = FlagModel(name="trigrams", ngram=(1, 3), factors=flag_model.factors)
    assert joined(load_model(), other) is load_model()
    assert joined(load_model(), flag_model) == load_model()
    assert joined(load_model(), flag_model) is joined(load_model(), flag_model)  # joined once, not per classifier


@given(st.text(alphabet=CHINESE | st.sampled_from("卡贷款0123456789ab 😀\ud800"), max_size=50),
       st.integers(1, 3).flatmap(lambda low: st.tuples(st.just(low), st.integers(low, 4))))
def test_the_distinct_n_grams_are_counted_as_text_features_gives_them(text: str, ngram: tuple[int, int]) -> None:
    assert count_features(text, ngram) == len(text_features(text, ngram))
