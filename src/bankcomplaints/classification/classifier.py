"""Decide kind, business category, cause and channel of a text or a complaint, and say why.

    >>> from bankcomplaints.classification import classify
    >>> result = classify("请问信用卡年费怎么收？")
    >>> result.kind.label, result.business.label, result.cause.label
    ('consultation', 'bank_card', 'other')
    >>> result.kind.fired[0].spans[0].text
    '请问'

Each :class:`Decision` carries the label, a confidence in [0, 1], the rules that voted for
the label with the spans they matched, and the score of every label that got a vote.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import attrs

from bankcomplaints._builders import positional_constructor
from bankcomplaints.classification.amounts import ParsedAmount, ParsedCount, amounts_in, check_currency, counts_in
from bankcomplaints.classification.fallback import DEFAULT_FALLBACK_POLICY, FallbackPolicy, combine
from bankcomplaints.classification.flag_model import (
    DEFAULT_FLAG_POLICY,
    FlagModel,
    FlagPolicy,
    SetAside,
    joined,
    load_flag_model,
    set_aside_factors,
)
from bankcomplaints.classification.matcher import Fired, Matcher, RuleHit, new_hit
from bankcomplaints.classification.model import ModelScores, Observation, TextModel, load_model
from bankcomplaints.classification.normalize import NormalizedText
from bankcomplaints.classification.rules import RuleSet, default_rules
from bankcomplaints.classification.taxonomy import DIMENSION_CODES, Dimension, by_slug, labels
from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.values import Channel, LabelledEnum, Money, Source

__all__ = ["Classification", "Classifier", "Decision", "FiredRule", "classify", "complaint_text"]

#: Added to the runner-up's score in the confidence denominator, so one weak vote is not certainty.
CONFIDENCE_PRIOR = 1.0
_DEFAULT_LABEL = {
    Dimension.KIND: "complaint",
    Dimension.BUSINESS: "other",
    Dimension.CAUSE: "other",
    Dimension.CHANNEL: "other",
}


#: A rule that voted, with the label, the weight it added and what it matched (a :class:`RuleHit`).
FiredRule = RuleHit


@attrs.frozen(kw_only=True)
class Decision:
    """The label chosen for one dimension and why."""

    dimension: Dimension
    label: str
    confidence: float
    fired: tuple[FiredRule, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()
    reason: str = "rules"
    #: The text model's scores when it took part (``reason`` ``model`` or ``rules+model``).
    model: ModelScores | None = None

    def code(self) -> LabelledEnum:
        """The label as its TAXONOMY enum member (``Kind``, ``BusinessCategory`` …)."""
        return by_slug(DIMENSION_CODES[self.dimension], self.label)

    def explain(self) -> str:
        """One line: dimension, label, confidence, reason, the rules that fired and the model's top n-grams."""
        head = f"{self.dimension.value}={self.label} (confidence {self.confidence:.2f}, {self.reason})"
        model = () if self.model is None else (self.model.describe(),)
        return "; ".join([head, *(rule.describe() for rule in self.fired), *model])


@attrs.frozen(kw_only=True)
class Classification:
    """The decisions for one text, with the text evidence risk assessment uses."""

    kind: Decision
    business: Decision
    cause: Decision
    channel: Decision
    #: ``flag`` rules that fired: text evidence of risk factors.
    evidence: tuple[FiredRule, ...] = ()
    #: ``major`` rules that fired: text evidence of Art. 29 grounds.
    major_grounds: tuple[FiredRule, ...] = ()
    amounts: tuple[ParsedAmount, ...] = ()
    counts: tuple[ParsedCount, ...] = ()
    #: Text evidence of risk factors that the flag model set aside (not in :attr:`evidence`; a
    #: ``large_amount`` set-aside also keeps :attr:`amounts` from counting as large).
    set_aside: tuple[SetAside, ...] = ()

    @property
    def set_aside_factors(self) -> frozenset[str]:
        """The slugs of the factors whose text evidence the flag model set aside."""
        return frozenset(item.factor for item in self.set_aside)

    def decision_for(self, dimension: Dimension) -> Decision:
        """The decision of one dimension (kind, business, cause or channel).

        Raises:
            InvalidOperationError: ``dimension`` is ``flag`` or ``major`` (those are evidence, not decisions).
        """
        for decision in self.decisions:
            if decision.dimension is dimension:
                return decision
        raise InvalidOperationError("dimension", f"{dimension.value} is evidence, not a decision")

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Kind, business, cause and channel, in that order."""
        return self.kind, self.business, self.cause, self.channel

    def explain(self) -> tuple[str, ...]:
        """One line per decision and per piece of risk evidence."""
        lines = [decision.explain() for decision in self.decisions]
        lines.extend(f"evidence {rule.describe()}" for rule in (*self.evidence, *self.major_grounds))
        lines.extend(f"amount {a.money} ({'at least' if a.approximate else 'exactly'}): "
                     f"'{a.text}'@{a.start}" for a in self.amounts)
        lines.extend(item.describe() for item in self.set_aside)
        return tuple(lines)


def _decision_by_keyword(*values: Any) -> Decision:
    return Decision(**dict(zip([str(field.alias) for field in attrs.fields(Decision)], values, strict=True)))


def _classification_by_keyword(*values: Any) -> Classification:
    return Classification(**dict(zip([str(field.alias) for field in attrs.fields(Classification)], values,
                                     strict=True)))


#: ``Decision`` and ``Classification`` from their fields in order, stored without keyword matching (see ``_builders``;
#: by keyword should their ``__init__`` ever do more than store): ``classify`` builds several per text.
_new_decision: Callable[..., Decision] = positional_constructor(Decision) or _decision_by_keyword
_new_classification: Callable[..., Classification] = \
    positional_constructor(Classification) or _classification_by_keyword

#: Each dimension's labels in TAXONOMY order, for breaking ties.
_ORDER = {dimension: {label: position for position, label in enumerate(labels(dimension))}
          for dimension in Dimension}


_NO_VOTE = {dimension: Decision(dimension=dimension, label=_DEFAULT_LABEL[dimension], confidence=0.0,
                                reason="no rule fired; default")
            for dimension in _DEFAULT_LABEL}


def _nothing(dimension: Dimension, kind: Decision) -> Decision:
    """``other`` for a dimension the rule set does not decide for this kind."""
    return Decision(dimension=dimension, label="other", confidence=kind.confidence,
                    reason=f"no {dimension.value} for kind {kind.label}")


class Classifier:
    """A rule set compiled once for classifying many texts."""

    def __init__(
        self,
        rules: RuleSet | None = None,
        *,
        converter: Callable[[str], str] | None = None,
        model: TextModel | str | None = None,
        fallback: FallbackPolicy = DEFAULT_FALLBACK_POLICY,
        flag_model: FlagModel | str | None = None,
        flag_policy: FlagPolicy = DEFAULT_FLAG_POLICY,
    ) -> None:
        """Compile ``rules`` (the shipped Chinese and English rules by default).

        Args:
            rules: the rule set to apply.
            converter: optional traditional-to-simplified converter (see :func:`normalize`).
            model: the text model behind the rules (see :mod:`~bankcomplaints.classification.fallback`):
                None (the default) for rules alone, ``"default"`` for the shipped Chinese model (what
                :func:`classify` uses, with the shipped rules), or a :class:`TextModel`.
            fallback: when the model is consulted and how it combines with the rules.
            flag_model: the model that may set aside text evidence of risk factors (see
                :mod:`~bankcomplaints.classification.flag_model`): None (the default) for none,
                ``"default"`` for the shipped Chinese flag model (what :func:`classify` uses), or a
                :class:`FlagModel`.
            flag_policy: per factor, below which probability the flag model sets its evidence aside.

        Raises:
            InvalidOperationError: ``rules`` is not a RuleSet, ``converter`` is not callable,
                or ``model`` or ``flag_model`` is none of the above.
        """
        if model == "default":
            model = load_model()
        if not (model is None or isinstance(model, TextModel)) or not isinstance(fallback, FallbackPolicy):
            raise InvalidOperationError("model", "must be None, 'default' or a TextModel, with a FallbackPolicy")
        if flag_model == "default":
            flag_model = load_flag_model()
        if not (flag_model is None or isinstance(flag_model, FlagModel)) or not isinstance(flag_policy, FlagPolicy):
            raise InvalidOperationError("flag_model", "must be None, 'default' or a FlagModel, with a FlagPolicy")
        self.model, self.fallback = model, fallback
        self.flag_model, self.flag_policy = flag_model, flag_policy
        # The text model observes texts for the flag model too (the factors the policy judges), so that the flag
        # model need not read them again.
        self._observer = model if model is None or flag_model is None else joined(
            model, flag_model, [factor for factor, threshold in flag_policy.thresholds.items() if threshold > 0])
        self.rules = rules if rules is not None else default_rules()
        self.matcher = Matcher(self.rules, converter=converter)
        slot_of = {dimension: slot for slot, dimension in enumerate(Dimension)}
        # Per rule (by position): which decision it votes in and its channel and source conditions.
        self._slots = tuple((slot_of[rule.dimension], rule.channels, rule.sources) for rule in self.rules.rules)
        self._labels = tuple(rule.label for rule in self.rules.rules)
        self._kinds = tuple(rule.kinds for rule in self.rules.rules)
        self._any_kinds = any(self._kinds)
        self._default_channel = Decision(dimension=Dimension.CHANNEL, label=self.rules.default_channel,
                                         confidence=0.0, reason="no channel rule fired; the rule set's default")

    def classify(
        self,
        text: str,
        *,
        channel: Channel | str | None = None,
        source: Source | str | None = None,
        default_currency: str = "CNY",
    ) -> Classification:
        """Classify a bare text.

        Args:
            text: what the customer said or wrote.
            channel: the business channel if the host knows it (``other`` or None: detect from text).
            source: where the contact came from; rules may be restricted to sources.
            default_currency: currency of amounts written without one (5万).

        Returns:
            The decisions and the evidence for risk assessment.

        Raises:
            InvalidOperationError: ``text`` is not a string or too long, or an unknown channel,
                source or currency.
        """
        check_currency(default_currency)
        given_channel = _code(Channel, channel, "channel")
        given_source = _code(Source, source, "source")
        norm, fired = self.matcher.match(text)
        groups: tuple[list[Fired], ...] = ([], [], [], [], [], [])
        slots = self._slots
        for vote in fired:
            slot, channels, sources = slots[vote[0]]
            if channels and (given_channel is None or given_channel.slug not in channels):
                continue
            if sources and (given_source is None or given_source.slug not in sources):
                continue
            groups[slot].append(vote)
        kinds_votes, business_votes, cause_votes, channel_votes, flag_votes, major_votes = groups

        grams: list[Observation] = []  # what the model knows of the text, if it is consulted
        kind = self._consult(self._decide(Dimension.KIND, kinds_votes, text), kinds_votes, norm, grams)
        rules = self.rules
        located = kind.label in rules.locate_kinds
        if kind.label in rules.cause_kinds:
            found = self._allowed(cause_votes, kind.label)
            cause = self._consult(self._decide(Dimension.CAUSE, found, text), found, norm, grams)
        else:
            cause = _nothing(Dimension.CAUSE, kind)
        if given_channel is not None and given_channel is not Channel.OTHER:
            channel_decision = Decision(dimension=Dimension.CHANNEL, label=given_channel.slug, confidence=1.0,
                                        reason="given by host")
        elif not located:
            channel_decision = _nothing(Dimension.CHANNEL, kind)
        else:
            found = self._allowed(channel_votes, kind.label)
            channel_decision = self._consult(self._decide(Dimension.CHANNEL, found, text) if found
                                             else self._default_channel, found, norm, grams)
        if located:
            found = self._allowed(business_votes, kind.label)
            business = self._consult(self._decide(Dimension.BUSINESS, found, text), found, norm, grams)
        else:
            business = _nothing(Dimension.BUSINESS, kind)
        evidence = self._hits(self._allowed(flag_votes, kind.label), text)
        amounts = amounts_in(norm, default_currency)
        aside: tuple[SetAside, ...] = ()
        if self.flag_model is not None and (evidence or amounts):
            aside = self._set_aside(self.flag_model, evidence, amounts, norm, grams)
            if aside:
                dropped = {item.factor for item in aside}
                evidence = tuple([hit for hit in evidence if hit.label not in dropped])
        return _new_classification(kind, business, cause, channel_decision, evidence,
                                   self._hits(self._allowed(major_votes, kind.label), text), amounts, counts_in(norm),
                                   aside)

    def _set_aside(self, flag_model: FlagModel, evidence: tuple[RuleHit, ...], amounts: tuple[ParsedAmount, ...],
                   norm: NormalizedText, grams: list[Observation]) -> tuple[SetAside, ...]:
        """The flag model's set-asides of this text evidence (what :func:`set_aside` gives, the evidence quoted
        only for the factors set aside), reading the text model's observation if it made one."""
        # A firm rule's evidence is not the model's to doubt.
        firm = {hit.label for hit in evidence if hit.rule.firm}
        factors = list(dict.fromkeys([hit.label for hit in evidence if hit.label not in firm]))
        stated = [parsed for parsed in amounts if not parsed.condition]
        if any(parsed.taken for parsed in stated):
            # Money the text says was taken (被扣了两万) is in dispute: the flag model does not second-guess it.
            factors = [factor for factor in factors if factor != "large_amount"]
        elif stated and "large_amount" not in factors and "large_amount" not in firm:
            factors.append("large_amount")
        found = set_aside_factors(flag_model, self.flag_policy, norm.text, factors, grams[0] if grams else None)
        aside = []
        for factor, probability, threshold in found:
            quoted = [f"rule {hit.rule_id} '{hit.spans[0].text}'" for hit in evidence if hit.label == factor]
            if factor == "large_amount":
                quoted.extend(f"amount '{parsed.text}'" for parsed in stated)
            aside.append(SetAside(factor=factor, probability=probability, threshold=threshold,
                                  evidence=tuple(quoted)))
        return tuple(aside)

    def _consult(self, decision: Decision, votes: list[Fired], norm: NormalizedText,
                 grams: list[Observation]) -> Decision:
        """``decision`` combined with the text model's scores if the fallback policy asks for them."""
        model = self._observer
        if model is None or not self.fallback.consults(decision.dimension, decision.confidence) \
                or decision.dimension not in model.dimensions:
            return decision
        if not grams:
            grams.append(model.observe(norm.text))
        if grams[0].coverage < self.fallback.min_coverage:
            return decision
        labels, text = self._labels, norm.original
        return combine(decision, model.score(decision.dimension, grams[0]), self.fallback,
                       lambda label: self._hits([vote for vote in votes if labels[vote[0]] == label], text))

    def _allowed(self, votes: list[Fired], kind: str) -> list[Fired]:
        """The votes of rules whose kind condition (if any) names ``kind``."""
        if not self._any_kinds:
            return votes
        kinds = self._kinds
        return [vote for vote in votes if not kinds[vote[0]] or kind in kinds[vote[0]]]

    def _hits(self, votes: list[Fired], text: str) -> tuple[RuleHit, ...]:
        """The votes as fired rules quoting ``text`` (built only for the rules a result keeps)."""
        rules = self.rules.rules
        return tuple([new_hit(rules[index], index, matches, text, weight) for index, weight, matches in votes])

    def _decide(self, dimension: Dimension, votes: list[Fired], text: str) -> Decision:
        """The label with the most weight; ties go to the label first in TAXONOMY order."""
        if not votes:
            return _NO_VOTE[dimension]
        labels = self._labels
        totals: dict[str, float] = {}
        for index, weight, _ in votes:
            label = labels[index]
            totals[label] = totals.get(label, 0.0) + weight
        if len(totals) == 1:
            ((best, score),) = ranked = list(totals.items())
            runner_up = 0.0
        else:
            order = _ORDER[dimension]
            ranked = sorted(totals.items(), key=lambda item: (-item[1], order[item[0]]))
            best, score = ranked[0]
            runner_up = ranked[1][1]
        return _new_decision(
            dimension, best, round(score / (score + runner_up + CONFIDENCE_PRIOR), 4),
            self._hits([vote for vote in votes if labels[vote[0]] == best], text),
            tuple([(label, value if value.is_integer() else round(value, 4)) for label, value in ranked]),
            "rules", None,
        )


def _code(enum_type: Any, value: object, field: str) -> Any:
    if value is None or isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)
    except ValueError:
        raise InvalidOperationError(field, f"unknown {field} {value!r}") from None


def complaint_text(complaint: Any) -> str:
    """The text triage reads from a complaint: product, narrative and demand, one per line."""
    parts = (getattr(complaint, "product", None), getattr(complaint, "narrative", ""),
             getattr(complaint, "demand", ""))
    return "\n".join(part for part in parts if isinstance(part, str) and part)


@cache
def _default_classifier() -> Classifier:
    return Classifier(model="default", flag_model="default")


def classify(
    subject: Any,
    rules: RuleSet | None = None,
    *,
    channel: Channel | str | None = None,
    source: Source | str | None = None,
) -> Classification:
    """Classify a bare text or a :class:`~bankcomplaints.complaint.Complaint`.

    Args:
        subject: a string, or a complaint (its product, narrative and demand are read, and
            its channel and source used unless given here).
        rules: the rule set (the shipped defaults if None). Build a :class:`Classifier`
            once to classify many texts with a custom rule set.
            With the shipped rules the shipped text model stands behind them
            (``Classifier(model="default")``, the combination validated in docs/classification.md);
            with a rule set of your own the rules decide alone.
        channel: the business channel if known.
        source: where the contact came from.

    Returns:
        The classification.

    Raises:
        InvalidOperationError: the text is not a string or too long, or an unknown code.
    """
    classifier = _default_classifier() if rules is None else Classifier(rules)
    if isinstance(subject, str):
        return classifier.classify(subject, channel=channel, source=source)
    if not hasattr(subject, "narrative"):
        raise InvalidOperationError("subject", f"must be a text or a Complaint, not {type(subject).__name__}")
    text = complaint_text(subject)
    amount = getattr(subject, "amount", None)
    currency = amount.currency if isinstance(amount, Money) else "CNY"
    return classifier.classify(
        text,
        channel=channel if channel is not None else getattr(subject, "channel", None),
        source=source if source is not None else getattr(subject, "source", None),
        default_currency=currency,
    )
