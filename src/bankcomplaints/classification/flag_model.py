"""A second opinion on the text evidence of risk factors: one small logistic model per factor.

The ``flag`` rules fire on words (老人, 律师, 曝光 …); whether the text *is* about a vulnerable
customer, a threatened lawsuit or a group of complainants is a judgement the words alone often miss:
a granddaughter who mentions her grandmother in passing, a cousin who happens to be a lawyer, a
collector's sham threat to sue. A :class:`FlagModel` holds, per risk factor, a binary logistic regression over
the text's character n-grams, trained on the labelled texts the rules raise that factor for, that
gives the probability that a reader confirms the factor: it has learnt where the rules go wrong.

The rules stay first. :class:`FlagPolicy` says, per factor, below which probability the model
*sets aside* the text evidence of that factor (the rule hits, and for ``large_amount`` the amounts
read from the text). Nothing is added by the model, and facts the host
supplies (a vulnerability marker on the customer record, an amount, a regulator source) are never
set aside. Every set-aside is kept on the classification with the probability and the threshold, so
a handler sees what the rules found and why it did not count::

    >>> from bankcomplaints.classification import Classifier
    >>> classifier = Classifier(model="default", flag_model="default")
    >>> flagged = classifier.classify("我爸今年八十多了，腿脚不便，柜台让他本人必须到场才能挂失，太不近人情")
    >>> {hit.label for hit in flagged.evidence}
    {'vulnerable'}
    >>> cousin = "我表哥是律师，他说这种情况可以起诉你们，" + "不过我不想打官司，把多收的年费退给我就行"
    >>> mention = classifier.classify(cousin)
    >>> mention.evidence
    ()
    >>> [(item.factor, item.probability < item.threshold) for item in mention.set_aside]
    [('litigation', True)]

A model that knows too few of a text's n-grams (an English text and a Chinese model) is not
consulted (``FlagPolicy.min_coverage``), so the English rules keep their evidence.
The shipped model (``classification/models/zh_flags.json``) is trained on the Chinese labelled sets
by ``python -m tests.classification._flag_model train``; a bank can train its own with
:func:`~bankcomplaints.classification.training.train_flag_model`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs

from bankcomplaints.classification.model import (
    MAX_MODEL_FEATURES,
    finite_number,
    read_document,
    text_features,
    unique,
)
from bankcomplaints.classification.taxonomy import Dimension, labels
from bankcomplaints.errors import InvalidOperationError, ModelFileError

__all__ = [
    "DEFAULT_FLAG_POLICY",
    "FLAG_MODEL_FORMAT",
    "FactorModel",
    "FlagModel",
    "FlagPolicy",
    "SetAside",
    "flag_model_from_json",
    "load_flag_model",
    "set_aside",
]

#: The ``format`` field of a flag-model document.
FLAG_MODEL_FORMAT = "bankcomplaints.flag-model/1"


def _sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class FactorModel:
    """One factor's binary logistic regression: a bias, and a weight per n-gram it knows (in logits), giving
    the probability that a reader confirms the factor on a text the rules raised it for.

    The logit is the bias plus the weights of the text's known n-grams divided by the square root of the
    number of the text's distinct n-grams, so that a short text that says little either way scores near
    the bias (how often the rules are right) instead of far below it.
    """

    factor: str
    bias: float
    weights: Mapping[str, float] = attrs.field(converter=_frozen, repr=False)

    def probability(self, grams: Iterable[str], size: int) -> float:
        """The probability that the factor is confirmed on a text.

        Args:
            grams: the text's distinct n-grams (those the model does not know count nothing).
            size: how many distinct n-grams the text has.

        Returns:
            The probability, in [0, 1].
        """
        weights = self.weights
        return _sigmoid(self.bias + math.fsum(weights.get(gram, 0.0) for gram in grams) / math.sqrt(max(1, size)))


@attrs.frozen(kw_only=True)
class FlagModel:
    """A trained flag model: n-gram lengths, one :class:`FactorModel` per risk factor, and how it was trained."""

    name: str
    ngram: tuple[int, int]
    factors: Mapping[str, FactorModel] = attrs.field(converter=_frozen)
    #: Free-form record of the training: algorithm, hyper-parameters, data files and their sha256.
    training: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen, eq=False, repr=False)
    _vocabulary: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    #: Per factor, a weight for every n-gram of the vocabulary (0 where the factor has none), so that a
    #: text's known n-grams are summed by one ``fsum(map(...))`` in C (the same exact sum as
    #: :meth:`FactorModel.probability`'s).
    _dense: Mapping[str, dict[str, float]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        known = frozenset(gram for part in self.factors.values() for gram in part.weights)
        object.__setattr__(self, "_vocabulary", known)
        object.__setattr__(self, "_dense", {factor: {gram: part.weights.get(gram, 0.0) for gram in known}
                                            for factor, part in self.factors.items()})

    def coverage(self, normalized_text: str) -> float:
        """The share of the text's distinct n-grams that some factor's model knows, in [0, 1].

        Args:
            normalized_text: the text already normalised (``normalize(text).text``).

        Returns:
            The share (0 for a text too short for any n-gram).
        """
        known, size = self._read(normalized_text)
        return len(known) / size if size else 0.0

    def probabilities(self, normalized_text: str, factors: Iterable[str] | None = None) -> dict[str, float]:
        """Per factor, the probability that a reader confirms it on this text (if the rules raise it).

        Args:
            normalized_text: the text already normalised (``normalize(text).text``).
            factors: the factor slugs wanted (default: every factor the model has; others are skipped).

        Returns:
            ``{factor: probability}`` for the wanted factors the model has.
        """
        return self._probabilities(*self._read(normalized_text), factors)

    def _read(self, normalized_text: str) -> tuple[frozenset[str], int]:
        """The text's n-grams the model knows, and how many distinct n-grams the text has."""
        grams = text_features(normalized_text, self.ngram)
        return grams & self._vocabulary, len(grams)

    def _probabilities(self, known: frozenset[str], size: int, factors: Iterable[str] | None) -> dict[str, float]:
        wanted = self.factors if factors is None else [f for f in factors if f in self.factors]
        root = math.sqrt(max(1, size))
        return {factor: _sigmoid(self.factors[factor].bias + math.fsum(map(self._dense[factor].__getitem__, known))
                                 / root) for factor in wanted}

    def to_json(self) -> str:
        """The model as a JSON document, which :func:`load_flag_model` reads back to an equal model.

        Returns:
            The document: one factor per block, one n-gram per line, in a stable order.
        """
        head = {"format": FLAG_MODEL_FORMAT, "name": self.name, "ngram": list(self.ngram),
                "training": dict(self.training)}
        blocks = []
        for factor in labels(Dimension.FLAG):
            part = self.factors.get(factor)
            if part is None:
                continue
            rows = [f"{json.dumps(gram, ensure_ascii=False)}:{json.dumps(part.weights[gram])}"
                    for gram in sorted(part.weights)]
            blocks.append(f'"{factor}":{{"bias":{json.dumps(part.bias)},"weights":{{\n' + ",\n".join(rows) + "\n}}")
        return (json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ',"factors":{\n'
                + ",\n".join(blocks) + "\n}}\n")


def _factor(factor: str, raw: object, ngram: tuple[int, int], budget: list[int]) -> FactorModel:
    field = f"factors.{factor}"
    if factor not in labels(Dimension.FLAG):
        raise ModelFileError(field, f"{factor!r} is not a risk factor of TAXONOMY.md")
    if not isinstance(raw, dict):
        raise ModelFileError(field, "must be an object")
    unique(raw, field + ".{key}")
    unknown = set(raw) - {"bias", "weights"}
    if unknown:
        raise ModelFileError(f"{field}.{sorted(unknown)[0]}", "unknown field")
    bias = finite_number(raw.get("bias"), f"{field}.bias")
    weights = raw.get("weights")
    if not isinstance(weights, dict):
        raise ModelFileError(f"{field}.weights", "must be an object of n-gram to weight")
    unique(weights, field + ".weights[{key!r}]")
    budget[0] -= len(weights)
    if budget[0] < 0:
        raise ModelFileError(f"{field}.weights", f"the model holds more than {MAX_MODEL_FEATURES} n-grams")
    shortest, longest = ngram
    table = {}
    for gram, weight in weights.items():
        where = f"{field}.weights[{gram!r}]"
        if not shortest <= len(gram) <= longest:
            raise ModelFileError(where, f"an n-gram of this model has {shortest} to {longest} characters (see ngram)")
        table[gram] = finite_number(weight, where)
    return FactorModel(factor=factor, bias=bias, weights=table)


def flag_model_from_json(document: str) -> FlagModel:
    """Read and validate a flag-model document (as written by :meth:`FlagModel.to_json`).

    Args:
        document: the JSON text.

    Returns:
        The model.

    Raises:
        ModelFileError: the document is not JSON, too long, or a field is missing, wrong or given twice;
            ``field`` names it (``factors.vulnerable.weights['老人']``).
    """
    name, ngram, training, factors = read_document(document, FLAG_MODEL_FORMAT, "factors")
    budget = [MAX_MODEL_FEATURES]
    parts = {factor: _factor(factor, raw, ngram, budget) for factor, raw in factors.items()}
    return FlagModel(name=name, ngram=ngram, factors=parts, training=training)


@cache
def _shipped() -> FlagModel:
    document = resources.files("bankcomplaints.classification").joinpath("models/zh_flags.json")
    return flag_model_from_json(document.read_text(encoding="utf-8"))


def load_flag_model(document: str | None = None) -> FlagModel:
    """The shipped Chinese flag model (loaded once), or a flag model from a JSON document.

    Args:
        document: a document from :meth:`FlagModel.to_json`; None for the shipped model.

    Returns:
        The validated model.

    Raises:
        ModelFileError: the document is malformed; ``field`` names the part at fault.
    """
    return _shipped() if document is None else flag_model_from_json(document)


def _thresholds(value: object) -> Mapping[str, float]:
    """The thresholds as a read-only mapping, each factor a TAXONOMY.md slug and each threshold in [0, 1]."""
    if not isinstance(value, Mapping):
        raise InvalidOperationError("thresholds", "must be a mapping of risk-factor slug to probability")
    for factor, threshold in value.items():
        if factor not in labels(Dimension.FLAG):
            raise InvalidOperationError(f"thresholds[{factor!r}]", "not a risk factor of TAXONOMY.md")
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
            raise InvalidOperationError(f"thresholds[{factor!r}]",
                                        f"must be a probability in [0, 1], not {threshold!r}")
    return MappingProxyType(dict(value))


def _in_unit(_: Any, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidOperationError(attribute.name, f"must be a number in [0, 1], not {value!r}")


@attrs.frozen(kw_only=True)
class FlagPolicy:
    """Below which probability the flag model sets aside each factor's text evidence.

    Raises:
        InvalidOperationError: a factor that is not a TAXONOMY.md slug, or a number outside [0, 1].
    """

    #: Per factor slug, the probability below which its text evidence is set aside; a factor not
    #: listed (or 0) is never set aside.
    # Left out of the hash (a read-only mapping has none); equal policies still hash equal.
    thresholds: Mapping[str, float] = attrs.field(converter=_thresholds, hash=False)
    #: The share of the text's n-grams the model must know to be consulted at all.
    min_coverage: float = attrs.field(default=0.4, validator=_in_unit)


#: Chosen by cross-validation on labelled sets the flag rules were never tuned on (round 10: v18 to v24, v26 and
#: v27; see docs/classification.md): per factor, the threshold with the best F1 of precision and recall;
#: ``media`` is left to the rules (no threshold helped), and so is ``large_amount`` (the model reads the authors'
#: conventions on debts and deposits as words and set aside plain cases).
DEFAULT_FLAG_POLICY = FlagPolicy(thresholds={"vulnerable": 0.8, "regulator": 0.9, "litigation": 0.8, "group": 0.9,
                                             "repeat": 0.8, "extreme": 0.75})

@attrs.frozen(kw_only=True)
class SetAside:
    """Text evidence of a factor that the flag model set aside, and why."""

    factor: str
    #: The model's probability that the text carries the factor.
    probability: float
    #: The policy's threshold for the factor.
    threshold: float
    #: What the rules and parsers found: rule ids with the quoted text, amounts, head counts.
    evidence: tuple[str, ...]

    def describe(self) -> str:
        """One line for an explanation."""
        return (f"{self.factor} set aside (flag model {self.probability:.2f} < {self.threshold:.2f}): "
                + ", ".join(self.evidence))


def set_aside(
    model: FlagModel, policy: FlagPolicy, normalized_text: str, candidates: Mapping[str, tuple[str, ...]],
) -> tuple[SetAside, ...]:
    """The candidates' factors whose text evidence ``policy`` sets aside for this text.

    Args:
        model: the flag model.
        policy: the thresholds.
        normalized_text: the text already normalised.
        candidates: per factor with text evidence, what the evidence is (for the explanation).

    Returns:
        One :class:`SetAside` per factor set aside, in the order of ``candidates``.
    """
    thresholds = policy.thresholds
    checked = [factor for factor in candidates if thresholds.get(factor, 0.0) > 0 and factor in model.factors]
    if not checked:
        return ()
    known, size = model._read(normalized_text)
    if not size or len(known) / size < policy.min_coverage:
        return ()
    found = model._probabilities(known, size, checked)
    return tuple(SetAside(factor=factor, probability=round(found[factor], 4), threshold=thresholds[factor],
                          evidence=candidates[factor])
                 for factor in checked if found[factor] < thresholds[factor])
