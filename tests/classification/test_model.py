"""The text model behind the rules: its file, its training, and when the classifier lets it decide."""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bankcomplaints.classification import Classifier, Dimension, classify, default_rules, load_rules, normalize
from bankcomplaints.classification.fallback import DEFAULT_FALLBACK_POLICY, DimensionPolicy, FallbackPolicy
from bankcomplaints.classification.model import (
    MODEL_DIMENSIONS,
    DimensionModel,
    TextModel,
    load_model,
    model_from_json,
    text_features,
)
from bankcomplaints.classification.taxonomy import labels
from bankcomplaints.classification.training import train_model
from bankcomplaints.errors import InvalidOperationError, ModelFileError
from tests.classification._labelled import ZH_DEV_PARTS, ZH_FRESH_PARTS, ZH_PARTS, zh_rows
from tests.classification._triage_model import (
    CV_HEADER,
    NAMES,
    SHIPPED,
    cross_validate,
    cv_line,
    examples,
    sha256,
    train,
)

NEVER = FallbackPolicy(dimensions={d: DimensionPolicy(threshold=0.0) for d in MODEL_DIMENSIONS})
ALWAYS = FallbackPolicy(dimensions={d: DimensionPolicy(threshold=2.0) for d in MODEL_DIMENSIONS})
DIMENSIONS = ("kind", "business", "cause", "channel")


@cache
def rules_alone() -> Classifier:
    return Classifier(model=None)


@cache
def combined() -> Classifier:
    return Classifier(model="default")


@cache
def sample_texts() -> tuple[str, ...]:
    return tuple(row.text for part in ZH_DEV_PARTS for row in zh_rows(part)[::9])


def _decision(result: Any, dimension: str) -> tuple[str, float, str, tuple[str, ...]]:
    decision = getattr(result, dimension)
    return decision.label, decision.confidence, decision.reason, tuple(rule.rule_id for rule in decision.fired)


# --- the combination policy ---------------------------------------------------------------------------------


def test_classify_uses_the_shipped_model_and_a_classifier_you_build_uses_it_when_asked() -> None:
    assert combined().model is load_model()
    assert combined().fallback is DEFAULT_FALLBACK_POLICY
    assert Classifier().model is None
    assert Classifier(default_rules(), model="default").model is load_model()
    text = "保函申请了二十天还没开下来，耽误了我们投标"
    assert classify(text) == combined().classify(text)
    assert classify(text).cause.reason == "model"
    assert classify(text, default_rules()).cause == rules_alone().classify(text).cause


def test_a_policy_that_never_consults_the_model_leaves_every_decision_to_the_rules() -> None:
    never = Classifier(model=load_model(), fallback=NEVER)
    for text in sample_texts():
        with_model, alone = never.classify(text), rules_alone().classify(text)
        assert [_decision(with_model, d) for d in DIMENSIONS] == [_decision(alone, d) for d in DIMENSIONS]


def test_the_model_is_consulted_exactly_when_the_rules_are_below_the_threshold() -> None:
    policy = DEFAULT_FALLBACK_POLICY
    consulted = 0
    for text in sample_texts():
        alone, result = rules_alone().classify(text), combined().classify(text)
        if result.kind.label != alone.kind.label:
            continue  # another kind changes which dimensions are decided at all
        if load_model().observe(normalize(text).text).coverage < policy.min_coverage:
            assert result == alone  # a text the model barely knows is left to the rules
            continue
        for dimension in DIMENSIONS:
            before, after = getattr(alone, dimension), getattr(result, dimension)
            if before.reason.startswith(("no cause", "no business", "no channel for")):
                # Not decided for this kind: same label and reason; the confidence is the kind's.
                assert (after.label, after.reason, after.model) == (before.label, before.reason, None)
                assert after.confidence == result.kind.confidence
            elif policy.consults(Dimension(dimension), before.confidence):
                consulted += 1
                assert after.reason == ("model" if not before.scores else "rules+model")
                assert after.model is not None
                assert after.model.label in labels(Dimension(dimension))
            else:
                assert _decision(result, dimension) == _decision(alone, dimension)
                assert after.model is None
    assert consulted > 20


def test_with_no_rule_vote_the_model_decides_and_says_so() -> None:
    text = "保函申请了二十天还没开下来，耽误了我们投标"
    alone, result = rules_alone().classify(text), combined().classify(text)
    assert alone.cause.reason == "no rule fired; default"
    assert result.cause.reason == "model"
    assert result.cause.label == load_model().predict(text, ["cause"])["cause"].label
    assert result.cause.confidence == result.cause.model.probability  # type: ignore[union-attr]


def _toy(rule_weight: float) -> Classifier:
    rules = load_rules('''
[[rule]]
id = "business.card"
dimension = "business"
label = "bank_card"
patterns = ["卡"]
weight = 1
''')
    model = train_model([("房贷利率上调", {"business": "loans"}), ("房贷提前还款", {"business": "loans"}),
                         ("信用卡年费", {"business": "bank_card"}), ("借记卡挂失", {"business": "bank_card"})],
                        ngram=(1, 2), min_count=1)
    policy = FallbackPolicy(dimensions={Dimension.BUSINESS: DimensionPolicy(threshold=2.0, rule_weight=rule_weight)},
                            min_coverage=0.0)
    return Classifier(rules, model=model, fallback=policy)


def test_rule_weight_sets_how_much_the_rules_still_count_when_combined() -> None:
    text = "房贷还款卡"  # one weak rule vote for bank_card, the model's n-grams say loans
    model_alone, rules_heavy = _toy(0.0).classify(text).business, _toy(100.0).classify(text).business
    assert (model_alone.label, model_alone.reason) == ("loans", "rules+model")
    assert model_alone.fired == ()  # no rule voted for loans
    assert (rules_heavy.label, rules_heavy.reason) == ("bank_card", "rules+model")
    assert [rule.rule_id for rule in rules_heavy.fired] == ["business.card"]
    assert 0 < model_alone.confidence <= 1 and 0 < rules_heavy.confidence <= 1


def test_a_text_the_model_barely_knows_is_left_to_the_rules() -> None:
    text = "The bank charged me an overdraft fee twice and nobody answers the phone"
    scores = load_model().predict(text)
    assert all(s.coverage < DEFAULT_FALLBACK_POLICY.min_coverage for s in scores.values())
    result, alone = combined().classify(text), rules_alone().classify(text)
    assert [_decision(result, d) for d in DIMENSIONS] == [_decision(alone, d) for d in DIMENSIONS]


def test_a_channel_the_host_gives_is_never_second_guessed() -> None:
    result = Classifier(model=load_model(), fallback=ALWAYS).classify("手机银行转账失败了", channel="counter")
    assert (result.channel.label, result.channel.reason) == ("counter", "given by host")


def test_a_bad_model_argument_is_refused() -> None:
    with pytest.raises(InvalidOperationError) as error:
        Classifier(model="zh_triage.json")
    assert error.value.field == "model"
    with pytest.raises(InvalidOperationError):
        DimensionPolicy(threshold=-1.0)
    with pytest.raises(InvalidOperationError):
        FallbackPolicy(dimensions={Dimension.FLAG: DimensionPolicy(threshold=0.5)})


# --- explanations -------------------------------------------------------------------------------------------


def test_an_explanation_names_the_n_grams_that_pushed_the_model_with_their_weights() -> None:
    text = "保函申请了二十天还没开下来，耽误了我们投标"
    cause = combined().classify(text).cause
    assert cause.model is not None
    pushes = cause.model.contributions
    assert pushes and all(weight > 0 for _, weight in pushes)
    assert [weight for _, weight in pushes] == sorted((weight for _, weight in pushes), reverse=True)
    folded = normalize(text).text
    assert all(gram in folded for gram, _ in pushes)
    line = cause.explain()
    assert line.startswith(f"cause={cause.label} (confidence {cause.confidence:.2f}, model)")
    gram, weight = pushes[0]
    assert f"model -> {cause.label}" in line and f"'{gram}' {weight:+.2f}" in line


def test_contributions_are_the_label_weight_above_the_average_label() -> None:
    model = load_model()
    text = "信用卡被盗刷了两万"
    scores = model.predict(text, ["business"])["business"]
    part = model.dimensions[Dimension.BUSINESS]
    column = part.labels.index(scores.label)
    mean_cost = sum(part.per_ngram) / len(part.labels)
    for gram, push in scores.contributions:
        row = part.weights[gram]
        expected = row[column] - sum(row) / len(row) - (part.per_ngram[column] - mean_cost)
        assert push == pytest.approx(expected, abs=0.006)


# --- the model file -----------------------------------------------------------------------------------------


def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return data


def _broken(path: str, value: Any) -> str:
    data = _shipped()
    keys = path.split(".")
    target = data
    for key in keys[:-1]:
        target = target[key]
    if value is KeyError:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("format", "bankcomplaints.text-model/9", "format"),
        ("name", "", "name"),
        ("ngram", [3, 1], "ngram"),
        ("extra", 1, "extra"),
        ("dimensions.flag", {}, "dimensions.flag"),
        ("dimensions.cause.labels", ["funds_safety", "theft"], "dimensions.cause.labels[1]"),
        ("dimensions.kind.labels", ["complaint", "complaint", "other", "suggestion"], "dimensions.kind.labels"),
        ("dimensions.kind.bias", [0.1], "dimensions.kind.bias"),
        ("dimensions.kind.per_ngram", KeyError, "dimensions.kind.per_ngram"),
        ("dimensions.kind.temperature", 0, "dimensions.kind.temperature"),
        ("dimensions.kind.temperature", float("nan"), "dimensions.kind.temperature"),
        ("dimensions.channel.weights", [], "dimensions.channel.weights"),
        ("dimensions.kind.weights.盗刷", [0, 1.5, 0, 2.0], "dimensions.kind.weights['盗刷']"),
        ("dimensions.kind.weights.盗刷", [7, 1.5], "dimensions.kind.weights['盗刷']"),
        ("dimensions.kind.weights.盗刷", [0, "1.5"], "dimensions.kind.weights['盗刷']"),
        ("dimensions.kind.weights.盗刷", [0], "dimensions.kind.weights['盗刷']"),
        ("dimensions.kind.weights.盗刷盗刷盗刷", [0, 1.0], "dimensions.kind.weights['盗刷盗刷盗刷']"),
        ("dimensions.kind.bogus", 1, "dimensions.kind.bogus"),
    ],
)
def test_a_malformed_model_file_names_the_field_at_fault(path: str, value: Any, field: str) -> None:
    with pytest.raises(ModelFileError) as error:
        load_model(_broken(path, value))
    assert error.value.field == field
    assert field in str(error.value)


@pytest.mark.parametrize("document", ["", "{", "[]", "null", "x" * 10])
def test_a_document_that_is_not_a_json_object_is_refused(document: str) -> None:
    with pytest.raises(ModelFileError) as error:
        load_model(document)
    assert error.value.field in ("<document>", "format")


def test_asking_a_model_for_a_dimension_it_lacks_names_the_field() -> None:
    model = train_model([("房贷", {"business": "loans"}), ("信用卡", {"business": "bank_card"})], min_count=1)
    with pytest.raises(ModelFileError) as error:
        model.predict("房贷", ["cause"])
    assert error.value.field == "dimensions"


def test_the_model_file_round_trips_byte_for_byte() -> None:
    document = SHIPPED.read_text(encoding="utf-8")
    model = load_model(document)
    assert model.to_json() == document
    assert model == load_model()


def test_the_shipped_model_is_small() -> None:
    # 5,000 n-grams per dimension since round 6 (weights below 0.07 stored as 0): about 1.1 MB.
    assert SHIPPED.stat().st_size < 1_500_000


# --- training -----------------------------------------------------------------------------------------------


def test_the_shipped_file_records_the_training_data_it_was_built_from() -> None:
    data = load_model().training["data"]
    assert [entry["part"] for entry in data] == list(ZH_DEV_PARTS)
    for entry in data:
        assert entry["file"] == ZH_PARTS[entry["part"]].name
        assert entry["sha256"] == sha256(entry["part"])
        assert entry["rows"] == len(zh_rows(entry["part"]))


def test_retraining_from_the_development_sets_gives_the_shipped_file_byte_for_byte() -> None:
    assert train().to_json() == SHIPPED.read_text(encoding="utf-8")


def test_training_does_not_depend_on_the_order_of_the_examples() -> None:
    pairs = list(examples(zh_rows("dev")[:120]))
    forward = train_model(pairs, max_features=300).to_json()
    assert train_model(pairs[::-1], max_features=300).to_json() == forward
    assert train_model(pairs, max_features=300).to_json() == forward


def test_logistic_training_is_deterministic_and_does_not_depend_on_the_order_of_the_examples() -> None:
    pairs = list(examples(zh_rows("dev_v4")[:150]))
    forward = train_model(pairs, method="logreg", ngram=(1, 2), max_features=300, epochs=3).to_json()
    assert train_model(pairs[::-1], method="logreg", ngram=(1, 2), max_features=300, epochs=3).to_json() == forward
    assert train_model(pairs, method="logreg", ngram=(1, 2), max_features=300, epochs=3).to_json() == forward
    assert load_model(forward).training["algorithm"].startswith("multinomial logistic regression")


def test_logistic_training_learns_the_labels_it_was_given() -> None:
    model = train_model([("房贷利率上调", {"business": "loans"}), ("房贷提前还款", {"business": "loans"}),
                         ("信用卡年费", {"business": "bank_card"}), ("信用卡盗刷", {"business": "bank_card"})],
                        method="logreg", ngram=(1, 2), min_count=1, epochs=20)
    assert model.predict("房贷")["business"].label == "loans"
    assert model.predict("信用卡")["business"].label == "bank_card"


def test_a_model_trained_without_ascii_n_grams_leaves_english_text_to_the_rules() -> None:
    pairs = [("房贷利率上调 loan", {"business": "loans"}), ("房贷提前还款 loan", {"business": "loans"}),
             ("信用卡年费 card", {"business": "bank_card"}), ("信用卡盗刷 card", {"business": "bank_card"})]
    latin = train_model(pairs, method="logreg", ngram=(1, 2), min_count=1)
    chinese = train_model(pairs, method="logreg", ngram=(1, 2), min_count=1, ascii_ngrams=False)
    assert any(gram.isascii() for gram in latin.dimensions[Dimension.BUSINESS].weights)
    assert not any(gram.isascii() for gram in chinese.dimensions[Dimension.BUSINESS].weights)
    assert chinese.training["ascii_ngrams"] is False
    assert latin.predict("my loan")["business"].label == "loans"
    assert latin.predict("my loan")["business"].coverage > 0
    assert chinese.predict("my loan")["business"].coverage == 0.0
    assert chinese.predict("房贷")["business"].label == "loans"
    assert not any(gram.isascii() for part in load_model().dimensions.values() for gram in part.weights)


@settings(max_examples=40)
@given(st.lists(st.sampled_from(sorted({row.text for part in ZH_DEV_PARTS[:3] for row in zh_rows(part)})),
                min_size=1, max_size=4))
def test_the_summed_weights_are_the_weights_of_the_known_n_grams_added_up(pieces: list[str]) -> None:
    model = load_model()
    text = normalize("".join(pieces)).text
    grams = text_features(text, model.ngram)
    for dimension, scores in model.predict(text).items():
        part = model.dimensions[Dimension(dimension)]
        known = [part.weights[gram] for gram in grams if gram in part.weights]
        sums = [math.fsum(row[k] for row in known) for k in range(len(part.labels))]
        expected = part.score(sums, len(known), scores.coverage)
        assert scores.known == len(known)
        assert scores.label == expected.label
        assert [p for _, p in scores.ranked] == pytest.approx([p for _, p in expected.ranked], abs=1e-12)


@pytest.mark.parametrize("settings", [{"method": "svm"}, {"epochs": 0}, {"learning_rate": 0}, {"l2": -1.0},
                                      {"ascii_ngrams": 0}])
def test_bad_training_settings_are_refused(settings: dict[str, Any]) -> None:
    with pytest.raises(InvalidOperationError):
        train_model([("房贷", {"business": "loans"}), ("信用卡", {"business": "bank_card"})], **settings)


def test_the_model_learns_the_causes_of_complaints_and_suggestions_only() -> None:
    causes = load_model().dimensions[Dimension.CAUSE].labels
    assert "other" not in causes or any(r.cause == "other" and r.kind in ("complaint", "suggestion")
                                        for part in ZH_DEV_PARTS for r in zh_rows(part))


@pytest.mark.parametrize(
    ("examples_", "field"),
    [
        ([("文本", {"flag": "media"})], "examples[0]"),
        ([("文本", {"kind": "rant"})], "examples[0]"),
        ([("文本", {"mood": "angry"})], "examples[0]"),
        (["文本"], "examples[0]"),
        ([("文本", {"kind": "complaint"})], "examples"),
    ],
)
def test_bad_training_data_is_refused(examples_: list[Any], field: str) -> None:
    with pytest.raises(InvalidOperationError) as error:
        train_model(examples_)
    assert error.value.field == field


# --- properties ---------------------------------------------------------------------------------------------


@settings(max_examples=30)
@given(st.text(max_size=200))
def test_any_text_gets_a_valid_label_and_a_confidence_in_0_1_for_every_dimension(text: str) -> None:
    for classifier in (combined(), Classifier(model=load_model(), fallback=ALWAYS)):
        result = classifier.classify(text)
        for decision in result.decisions:
            assert decision.label in labels(decision.dimension)
            assert 0.0 <= decision.confidence <= 1.0
            if decision.model is not None:
                assert decision.reason in ("model", "rules+model")


@settings(max_examples=30)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF) | st.sampled_from("卡贷款盗刷请问"),
               max_size=80))
def test_the_model_gives_probabilities_that_sum_to_one(text: str) -> None:
    for dimension, scores in load_model().predict(text).items():
        assert scores.label in labels(Dimension(dimension))
        values = [p for _, p in scores.probabilities]
        assert all(0.0 <= p <= 1.0 for p in values)
        assert sum(values) == pytest.approx(1.0, abs=0.01)
        assert scores.probability == values[0] == max(values)


def test_a_model_is_a_frozen_value() -> None:
    model: TextModel = load_model()
    with pytest.raises(AttributeError):
        model.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        model.dimensions[Dimension.KIND] = model.dimensions[Dimension.CAUSE]  # type: ignore[index]
    assert model_from_json(model.to_json()) == model


def _quoted_cv() -> list[str]:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "classification.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- cv:model -->\n(.*?)\n<!-- /cv -->", docs, re.S)
    assert found is not None
    return found.group(1).strip().splitlines()


#: The folds the test recomputes: training one fold's model takes about a minute (with the compiled loop of
#: :mod:`tests.classification._fast_adagrad`; about four with numpy alone), so the quoted table is produced by
#: ``python -m tests.classification._triage_model cv`` and the test checks the latest set's fold and the means.
CHECKED_FOLDS = (ZH_FRESH_PARTS[-1],)


def test_docs_quote_the_cross_validated_scores() -> None:
    quoted = _quoted_cv()
    assert "\n".join(quoted[:2]) == CV_HEADER
    scores = cross_validate(parts=CHECKED_FOLDS)
    for part in CHECKED_FOLDS:
        for way in ("rules", "rules+model"):
            assert cv_line(NAMES[part], way, scores[part][way]) in quoted


def test_the_quoted_cross_validation_covers_every_fresh_set_and_its_means_add_up() -> None:
    rows = [line.strip("|").split("|") for line in _quoted_cv()[2:]]
    for way in ("rules", "rules+model"):
        mine = [[cell.strip() for cell in row] for row in rows if row[1].strip() == way]
        assert [row[0] for row in mine] == [NAMES[part] for part in ZH_FRESH_PARTS] + ["mean"]
        for column in range(2, 6):
            values = [float(row[column]) for row in mine[:-1]]
            # Each fold is quoted to 3 decimals; the mean is of the unrounded accuracies.
            assert abs(sum(values) / len(values) - float(mine[-1][column])) <= 0.0006


# --- refusals found in review -------------------------------------------------------------------------------


def test_an_n_gram_shorter_than_the_models_shortest_is_refused() -> None:
    """A 1-character n-gram in a bigram model would be found in texts and push coverage above 1."""
    document = train_model([("房贷", {"business": "loans"}), ("信用卡", {"business": "bank_card"})],
                           ngram=(1, 2), min_count=1).to_json()
    data = json.loads(document)
    data["ngram"] = [2, 2]
    with pytest.raises(ModelFileError) as error:
        load_model(json.dumps(data, ensure_ascii=False))
    assert error.value.field.startswith("dimensions.business.weights[")
    assert len(re.findall(r"\['(.*)'\]", error.value.field)[0]) == 1


def test_an_n_gram_given_twice_in_a_model_file_is_refused() -> None:
    document = load_model().to_json()
    first = document.index('"weights":{\n') + len('"weights":{\n')
    line = document[first:document.index("\n", first)]
    with pytest.raises(ModelFileError) as error:
        load_model(document[:first] + line + "\n" + document[first:])
    assert error.value.field == f"dimensions.kind.weights[{json.loads('[' + line.partition(':')[0] + ']')[0]!r}]"


def test_asking_for_a_dimension_that_does_not_exist_names_the_field() -> None:
    with pytest.raises(ModelFileError) as error:
        load_model().predict("房贷", ["mood"])
    assert error.value.field == "dimensions"


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: DimensionPolicy(threshold="0.5"), "threshold"),  # type: ignore[arg-type]
        (lambda: DimensionPolicy(threshold=0.5, rule_weight=-1.0), "rule_weight"),
        (lambda: DimensionPolicy(threshold=0.5, rule_weight=float("nan")), "rule_weight"),
        (lambda: FallbackPolicy(dimensions={}, min_coverage=float("nan")), "min_coverage"),
        (lambda: FallbackPolicy(dimensions={}, min_coverage=1.5), "min_coverage"),
        (lambda: FallbackPolicy(dimensions={}, min_coverage="0.4"), "min_coverage"),  # type: ignore[arg-type]
        (lambda: FallbackPolicy(dimensions=5), "dimensions"),  # type: ignore[arg-type]
        (lambda: FallbackPolicy(dimensions={Dimension.KIND: 0.5}), "dimensions"),  # type: ignore[dict-item]
    ],
)
def test_a_bad_fallback_policy_names_the_field(make: Any, field: str) -> None:
    with pytest.raises(InvalidOperationError) as error:
        make()
    assert error.value.field == field
@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"alpha": float("inf")}, "alpha"),
        ({"alpha": True}, "alpha"),
        ({"min_count": 0}, "min_count"),
        ({"max_features": 0}, "max_features"),
        ({"epochs": 0}, "epochs"),
        ({"learning_rate": 0}, "learning_rate"),
        ({"learning_rate": float("inf"), "method": "logreg"}, "learning_rate"),
        ({"l2": float("inf"), "method": "logreg"}, "l2"),
        ({"temperature": float("inf")}, "temperature"),
        ({"temperature": "hot"}, "temperature"),
        ({"temperature": {"business": "hot"}}, "temperature"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_training_settings_name_the_field(settings: dict[str, Any], field: str) -> None:
    """Every setting a model file would refuse is refused at training time, naming the setting."""
    with pytest.raises(InvalidOperationError) as error:
        train_model([("房贷", {"business": "loans"}), ("信用卡", {"business": "bank_card"})],
                    **{"min_count": 1, **settings})
    assert error.value.field == field


@settings(max_examples=40)
@given(st.lists(st.floats(min_value=-50, max_value=50, allow_nan=False), min_size=8, max_size=8),
       st.text(alphabet="卡贷款盗刷请问", max_size=30))
def test_any_weights_are_summed_exactly_to_the_millionth(weights: list[float], text: str) -> None:
    grams = ("卡", "贷", "款", "盗刷")
    part = DimensionModel(dimension=Dimension.KIND, labels=("complaint", "consultation"), bias=(0.5, -0.5),
                          per_ngram=(0.0, 0.0), temperature=1.0,
                          weights={gram: (weights[2 * at], weights[2 * at + 1]) for at, gram in enumerate(grams)})
    model = TextModel(name="t", ngram=(1, 2), dimensions={Dimension.KIND: part})
    scores = model.predict(text)["kind"]
    known = [part.weights[gram] for gram in text_features(normalize(text).text, (1, 2)) if gram in part.weights]
    assert scores.known == len(known)
    for column, label in enumerate(part.labels):
        # Each weight is summed as a whole number of millionths (or coarser units when they are exact).
        total = math.fsum(row[column] for row in known) + part.bias[column]
        others = math.fsum(row[1 - column] for row in known) + part.bias[1 - column]
        expected = 1.0 / (1.0 + math.exp(others - total))
        assert scores.probability_of(label) == pytest.approx(expected, abs=1e-5)
