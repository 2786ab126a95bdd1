"""When the text model may decide a dimension the rules left open or were unsure of, and how.

The explainable rules always run first. For each dimension, :class:`FallbackPolicy` says below which
rule confidence the model is consulted (a dimension no rule voted in has confidence 0), and how much
the rules' votes still count then: the combined score of a label is the model's probability plus
``rule_weight`` times the label's share of the rule votes. With ``rule_weight`` 0 the model decides
alone once consulted. A decision the model took part in says so in its ``reason`` (``model`` when no
rule had voted, ``rules+model`` otherwise) and carries the model's scores, whose top n-grams the
explanation quotes::

    >>> from bankcomplaints.classification import Classifier
    >>> result = Classifier().classify("保函申请了二十天还没开下来")
    >>> result.cause.reason in ("model", "rules+model")
    True
    >>> result.cause.model.contributions[0][1] > 0
    True

A model that knows too few of a text's n-grams (an English text and a Chinese model) is not
consulted: ``min_coverage`` is the share of the text's n-gram occurrences it must know
(:attr:`~bankcomplaints.classification.model.ModelScores.coverage`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from bankcomplaints._builders import positional_constructor
from bankcomplaints.classification.model import MODEL_DIMENSIONS, ModelScores
from bankcomplaints.classification.taxonomy import Dimension
from bankcomplaints.errors import InvalidOperationError

__all__ = ["DEFAULT_FALLBACK_POLICY", "DimensionPolicy", "FallbackPolicy", "combine"]

D = TypeVar("D")


def _in(low: float, high: float) -> Callable[[Any, attrs.Attribute[float], object], None]:
    """An attrs validator: a real number (not a bool) in ``[low, high]``, else the field is named."""

    def check(_: Any, attribute: attrs.Attribute[float], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise InvalidOperationError(attribute.name, f"must be a number in [{low}, {high}], not {value!r}")

    return check


@attrs.frozen(kw_only=True)
class DimensionPolicy:
    """How one dimension combines rules and model.

    Raises:
        InvalidOperationError: ``threshold`` is not a number in [0, 2] or ``rule_weight`` not one in [0, 100].
    """

    #: The model is consulted when the rules' confidence is below this (0: never; above 1: always).
    threshold: float = attrs.field(validator=_in(0, 2))
    #: How much a label's share of the rule votes adds to the model's probability (0: the model alone).
    rule_weight: float = attrs.field(default=0.0, validator=_in(0, 100))


def _policies(value: Mapping[Dimension, DimensionPolicy]) -> Mapping[Dimension, DimensionPolicy]:
    if not isinstance(value, Mapping) or not all(isinstance(policy, DimensionPolicy) for policy in value.values()):
        raise InvalidOperationError("dimensions", "must map dimensions to DimensionPolicy values")
    if set(value) - set(MODEL_DIMENSIONS):
        raise InvalidOperationError("dimensions", "a fallback policy covers kind, business, cause and channel only")
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class FallbackPolicy:
    """Per dimension, when the model is consulted and how its scores combine with the rules'.

    Raises:
        InvalidOperationError: ``dimensions`` is not a mapping of :data:`MODEL_DIMENSIONS` to
            :class:`DimensionPolicy` values, or ``min_coverage`` is not a number in [0, 1].
    """

    dimensions: Mapping[Dimension, DimensionPolicy] = attrs.field(converter=_policies)
    #: Share of the text's n-gram occurrences the model must know to be consulted at all.
    min_coverage: float = attrs.field(default=0.3, validator=_in(0, 1))

    def consults(self, dimension: Dimension, confidence: float) -> bool:
        """Whether the model is asked about ``dimension`` given the rules' confidence.

        Args:
            dimension: the dimension decided.
            confidence: the rules' confidence in their decision (0 when no rule voted).

        Returns:
            True when the policy covers ``dimension`` and ``confidence`` is below its threshold.
        """
        policy = self.dimensions.get(dimension)
        return policy is not None and confidence < policy.threshold


#: The policy chosen by mean accuracy over the development sets the kind, business, cause and channel rules were
#: never tuned on (round 21: forty-two sets, each scored with a model trained on the forty-six other sets; see
#: docs/classification.md). On such text the model beats the rules, so it is consulted on every dimension; the
#: rules' votes add 0.1 of their share (0.3 for kind, business and channel and 0 for the cause from round 6 to
#: round 20, when the model's L2 penalty was weaker and its probabilities sharper). For kind the search preferred 0
#: by 0.0006 of accuracy; 0.1 is kept so that the rules still count on short texts the model reads weakly, such as
#: 被骗了两万元. The model knows no n-gram of Latin letters or digits only, so an English text shows almost no
#: coverage and stays with the rules (40 % asked; all but 33 of the 52,336 development texts reach it).
DEFAULT_FALLBACK_POLICY = FallbackPolicy(min_coverage=0.4, dimensions={
    Dimension.KIND: DimensionPolicy(threshold=2.0, rule_weight=0.1),
    Dimension.BUSINESS: DimensionPolicy(threshold=2.0, rule_weight=0.1),
    Dimension.CAUSE: DimensionPolicy(threshold=2.0, rule_weight=0.1),
    Dimension.CHANNEL: DimensionPolicy(threshold=2.0, rule_weight=0.1),
})


def combine(decision: D, scores: ModelScores, policy: FallbackPolicy, fired_for: Callable[[str], Any]) -> D:
    """The decision once the model's scores are combined with the rules' votes.

    Args:
        decision: the rules' :class:`~bankcomplaints.classification.classifier.Decision`.
        scores: the model's scores for the dimension.
        policy: the fallback policy.
        fired_for: the rules that voted for a label (called when the model moves the decision to another label).

    Returns:
        A new decision with label, confidence, reason, fired rules and the model's scores,
        or ``decision`` itself when the model knows too little of the text (``min_coverage``).
    """
    current: Any = decision
    if scores.coverage < policy.min_coverage:
        return decision
    decision_class: Any = type(current)
    make = _maker(decision_class)  # built directly: attrs.evolve costs as much as the rest of this function
    votes: tuple[tuple[str, float], ...] = current.scores
    if not votes:
        model_decision: D = make(current.dimension, scores.label, scores.probability, current.fired, votes, "model",
                                 scores)
        return model_decision
    weight = policy.dimensions[current.dimension].rule_weight
    voted = sum([vote for _, vote in votes])
    share = 1.0 + voted
    positions, probability_of = scores.positions, scores.probability_of
    # A label no rule voted for scores its probability alone, so none beats the model's own label: only
    # that label and the voted ones compete (ties: the more probable, then the TAXONOMY order).
    label = scores.label
    p = probability_of(label)
    own = 0.0
    for other, vote in votes:
        if other == label:
            own = vote
            break
    best = (p + weight * own / share, p, -positions[label])
    for other, vote in votes:
        at = positions.get(other)
        if at is not None and other != label:
            q = probability_of(other)
            key = (q + weight * vote / share, q, -at)
            if key > best:
                best, label = key, other
    confidence = round(best[0] / (1.0 + weight * voted / share), 4)
    fired = current.fired if label == current.label else fired_for(label)
    combined_decision: D = make(current.dimension, label, confidence, fired, votes, "rules+model", scores)
    return combined_decision


#: The fields of a decision, in the order :func:`combine` passes them.
_DECISION_FIELDS = ("dimension", "label", "confidence", "fired", "scores", "reason", "model")


@cache
def _maker(cls: Any) -> Callable[..., Any]:
    """``make(*values)`` for a decision class: its generated positional constructor when its fields are
    exactly :data:`_DECISION_FIELDS` in that order and only stored (see ``_builders``), else by keyword."""
    plain = attrs.has(cls) and tuple(field.alias for field in attrs.fields(cls)) == _DECISION_FIELDS
    fast = positional_constructor(cls) if plain else None
    if fast is not None:
        return fast

    def by_keyword(*values: Any) -> Any:
        return cls(**dict(zip(_DECISION_FIELDS, values, strict=True)))

    return by_keyword
