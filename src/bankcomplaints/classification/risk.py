"""Risk assessment: the eight factors of TAXONOMY.md, a 0–100 score and the major-complaint verdict.

Factors come from text evidence (the ``flag`` rules of the rule set, amounts and head counts
found in the text) and from facts the host supplies (:class:`RiskFacts`). Points per factor,
the large-amount thresholds and the group sizes are a bank's settings (:class:`RiskPolicy`)::

    >>> from bankcomplaints.classification import classify, assess_risk
    >>> risk = assess_risk(classify("我妈78岁，被骗了两万元，再不处理我就打12378"))
    >>> [f.slug for f in risk.flags], risk.score
    (['vulnerable', 'large_amount', 'regulator'], 55)
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from bankcomplaints.classification.classifier import Classification
from bankcomplaints.classification.taxonomy import IN_PERSON, by_slug
from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.values import Money, RiskFactor, Source, Vulnerability

__all__ = ["DEFAULT_RISK_POLICY", "FactorFinding", "RiskAssessment", "RiskFacts", "RiskPolicy", "assess_risk"]

_DEFAULT_POINTS = MappingProxyType({
    "extreme": 60, "regulator": 25, "media": 25, "litigation": 20, "group": 20,
    "vulnerable": 15, "large_amount": 15, "repeat": 15,
})
#: Default large-amount thresholds: CNY 10,000 and rough equivalents [U]; a bank sets its own.
_DEFAULT_THRESHOLDS = MappingProxyType({
    "CNY": Decimal(10_000), "USD": Decimal(1_400), "EUR": Decimal(1_300), "GBP": Decimal(1_100),
    "HKD": Decimal(11_000), "JPY": Decimal(200_000), "AUD": Decimal(2_100), "CAD": Decimal(1_900),
    "SGD": Decimal(1_800), "KRW": Decimal(1_900_000), "THB": Decimal(50_000), "TWD": Decimal(45_000),
    "MOP": Decimal(11_000), "RUB": Decimal(130_000), "VND": Decimal(35_000_000), "MYR": Decimal(6_500),
    "CHF": Decimal(1_200), "NZD": Decimal(2_300), "INR": Decimal(115_000), "IDR": Decimal(22_000_000),
    "AED": Decimal(5_100), "KZT": Decimal(700_000), "MMK": Decimal(2_900_000), "LAK": Decimal(30_000_000),
    "KHR": Decimal(5_700_000), "KGS": Decimal(120_000), "UZS": Decimal(17_800_000), "MNT": Decimal(4_800_000),
})


def _whole(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidOperationError(field, f"must be a whole number from {low} to {high}")
    return value


def _points(value: object) -> Mapping[str, int]:
    if not isinstance(value, Mapping):
        raise InvalidOperationError("points", "must be a mapping of factor slug to points")
    slugs = {factor.slug for factor in RiskFactor}
    for key, points in value.items():
        if key not in slugs:
            raise InvalidOperationError(f"points.{key}", "not a risk factor of TAXONOMY.md")
        _whole(points, f"points.{key}", 0, 100)
    return MappingProxyType(dict(value))


def _thresholds(value: object) -> Mapping[str, Decimal]:
    if not isinstance(value, Mapping):
        raise InvalidOperationError("thresholds", "must be a mapping of currency code to amount")
    return MappingProxyType({code: Money(limit, code).amount for code, limit in value.items()})


def _slugs(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, tuple | list) or not all(isinstance(v, str) for v in value):
        raise InvalidOperationError("text_amount_kinds", "must be a tuple of kind slugs")
    return tuple(value)


@attrs.frozen(kw_only=True)
class RiskPolicy:
    """A bank's risk settings.

    ``points``: score points per factor slug. ``thresholds``: the large-amount threshold per
    currency (an amount in a currency not listed never counts as large). ``deadline_points``
    are added in full when the binding clock has run out, in proportion as it nears the end
    within ``deadline_horizon``. ``text_amount_kinds``: kinds for which amounts in the text
    count (a consultation naming its savings is not a large dispute). ``major_group_size``:
    complainants in person that make a major complaint (Art. 29, 20).
    """

    points: Mapping[str, int] = attrs.field(default=_DEFAULT_POINTS, converter=_points)
    thresholds: Mapping[str, Decimal] = attrs.field(default=_DEFAULT_THRESHOLDS, converter=_thresholds)
    deadline_points: int = 15
    deadline_horizon: datetime.timedelta = datetime.timedelta(days=5)
    text_amount_kinds: tuple[str, ...] = attrs.field(default=("complaint",), converter=_slugs)
    major_group_size: int = 20

    def __attrs_post_init__(self) -> None:
        _whole(self.deadline_points, "deadline_points", 0, 100)
        _whole(self.major_group_size, "major_group_size", 2, 1_000_000)
        if not isinstance(self.deadline_horizon, datetime.timedelta) or \
                self.deadline_horizon <= datetime.timedelta(0):
            raise InvalidOperationError("deadline_horizon", "must be a positive timedelta")


DEFAULT_RISK_POLICY = RiskPolicy()


@attrs.frozen(kw_only=True)
class RiskFacts:
    """What the host knows beyond the text.

    ``co_complainants`` counts the *other* people complaining together (as on
    :class:`~bankcomplaints.complaint.Complaint`); ``earlier_complaints`` counts earlier
    complaints by the same customer on the same matter; ``time_left`` is what remains on
    the binding clock (negative when overdue).
    """

    vulnerabilities: tuple[Vulnerability, ...] = ()
    amount: Money | None = None
    earlier_complaints: int = 0
    source: Source | None = None
    co_complainants: int = 0
    in_person: bool = False
    time_left: datetime.timedelta | None = None
    regulator_designated_major: bool = False

    def __attrs_post_init__(self) -> None:
        for name in ("earlier_complaints", "co_complainants"):
            _whole(getattr(self, name), name, 0, 10**9)
        for name in ("in_person", "regulator_designated_major"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidOperationError(name, "must be true or false")
        if self.source is not None and not isinstance(self.source, Source):
            raise InvalidOperationError("source", "must be a Source")
        if not isinstance(self.vulnerabilities, tuple):
            raise InvalidOperationError("vulnerabilities", "must be a tuple of Vulnerability")
        if self.amount is not None and not isinstance(self.amount, Money):
            raise InvalidOperationError("amount", "must be a Money")
        if self.time_left is not None and not isinstance(self.time_left, datetime.timedelta):
            raise InvalidOperationError("time_left", "must be a timedelta")
        for index, mark in enumerate(self.vulnerabilities):
            if not isinstance(mark, Vulnerability):
                raise InvalidOperationError(f"vulnerabilities[{index}]", "must be a Vulnerability")

    @classmethod
    def of(cls, complaint: Any, **overrides: Any) -> RiskFacts:
        """The facts a :class:`~bankcomplaints.complaint.Complaint` holds, with ``overrides``.

        Raises:
            InvalidOperationError: an override has the wrong type.
        """
        complainant = getattr(complaint, "complainant", None)
        found: dict[str, Any] = {
            "vulnerabilities": tuple(getattr(complainant, "vulnerabilities", ())),
            "amount": getattr(complaint, "amount", None),
            "source": getattr(complaint, "source", None),
            "co_complainants": getattr(complaint, "co_complainants", 0),
            "in_person": getattr(complaint, "in_person", False),
        }
        found.update(overrides)
        return cls(**found)


@attrs.frozen(kw_only=True)
class FactorFinding:
    """One risk factor present, its points and the evidence for it."""

    factor: RiskFactor
    points: int
    evidence: tuple[str, ...]


@attrs.frozen(kw_only=True)
class RiskAssessment:
    """Score, factors with evidence, and the major-complaint verdict with its grounds."""

    score: int
    factors: tuple[FactorFinding, ...]
    deadline_points: int = 0
    major: bool = False
    major_grounds: tuple[str, ...] = ()

    @property
    def flags(self) -> tuple[RiskFactor, ...]:
        """The factors present, in TAXONOMY order."""
        return tuple(finding.factor for finding in self.factors)

    def explain(self) -> tuple[str, ...]:
        """One line per factor, the deadline share and the major verdict."""
        lines = [f"risk score {self.score}/100"]
        lines.extend(f"{f.factor.slug} +{f.points}: {'; '.join(f.evidence)}" for f in self.factors)
        if self.deadline_points:
            lines.append(f"deadline +{self.deadline_points}")
        if self.major:
            lines.append(f"MAJOR complaint (CBIRC Art. 29): {'; '.join(self.major_grounds)}")
        return tuple(lines)


def _large(money: Money, policy: RiskPolicy) -> bool:
    limit = policy.thresholds.get(money.currency)
    return limit is not None and money.amount >= limit


def _deadline_points(time_left: datetime.timedelta | None, policy: RiskPolicy) -> int:
    if time_left is None or not policy.deadline_points:
        return 0
    if time_left <= datetime.timedelta(0):
        return policy.deadline_points
    share = max(0.0, 1 - time_left / policy.deadline_horizon)
    return round(policy.deadline_points * share)


def assess_risk(
    classification: Classification,
    facts: RiskFacts | None = None,
    policy: RiskPolicy = DEFAULT_RISK_POLICY,
) -> RiskAssessment:
    """Assess the risk of a classified text.

    Args:
        classification: the result of :func:`classify` (its evidence, amounts and counts).
        facts: what the host knows (customer flags, amount, earlier complaints, source,
            group size, time left on the binding clock).
        policy: the bank's weights and thresholds.

    Returns:
        The assessment: a score from 0 to 100, each factor with its evidence, the major verdict.

    Raises:
        InvalidOperationError: an argument is of the wrong type.
    """
    facts = facts if facts is not None else RiskFacts()
    if not isinstance(classification, Classification):
        raise InvalidOperationError("classification", "must be the result of classify()")
    if not isinstance(facts, RiskFacts) or not isinstance(policy, RiskPolicy):
        raise InvalidOperationError("facts", "facts must be RiskFacts and policy a RiskPolicy")
    evidence: dict[RiskFactor, list[str]] = {}

    def note(factor: RiskFactor, why: str) -> None:
        evidence.setdefault(factor, []).append(why)

    for rule in classification.evidence:
        quoted = ", ".join(f"'{span.text}'" for span in rule.spans)
        note(by_slug(RiskFactor, rule.label), f"text {quoted} (rule {rule.rule_id})")
    for mark in facts.vulnerabilities:
        note(RiskFactor.VULNERABLE, f"customer record: {mark.slug}")
    if facts.amount is not None and _large(facts.amount, policy):
        note(RiskFactor.LARGE_AMOUNT, f"amount {facts.amount} at or above the threshold")
    if classification.kind.label in policy.text_amount_kinds \
            and RiskFactor.LARGE_AMOUNT.slug not in classification.set_aside_factors:
        for parsed in classification.amounts:
            if not parsed.condition and _large(parsed.money, policy):
                note(RiskFactor.LARGE_AMOUNT, f"text '{parsed.text}' = {parsed.money}"
                                              f"{' or more' if parsed.approximate else ''}")
    if facts.source is Source.REGULATOR_FORWARDED:
        note(RiskFactor.REGULATOR, "source: regulator_forwarded")
    if facts.earlier_complaints:
        note(RiskFactor.REPEAT, f"{facts.earlier_complaints} earlier complaint(s) on the same matter")
    if facts.co_complainants:
        note(RiskFactor.GROUP, f"{facts.co_complainants + 1} complainants together")

    grounds = [f"{rule.label}: '{rule.spans[0].text}' (rule {rule.rule_id})"
               for rule in classification.major_grounds if rule.label != IN_PERSON]
    if facts.in_person and facts.co_complainants + 1 >= policy.major_group_size:
        grounds.append(f"{facts.co_complainants + 1} complainants in person")
    came = [rule for rule in classification.major_grounds if rule.label == IN_PERSON]
    for count in classification.counts:
        if count.count >= policy.major_group_size and came:
            grounds.append(f"text '{count.text}' and '{came[0].spans[0].text}': {count.count}"
                           f"{' or more' if count.approximate else ''} complainants in person")
            note(RiskFactor.GROUP, f"text '{count.text}'")
            break
    if facts.regulator_designated_major:
        grounds.append("designated major by the regulator")

    findings = tuple(
        FactorFinding(factor=factor, points=policy.points.get(factor.slug, 0),
                      evidence=tuple(dict.fromkeys(evidence[factor])))
        for factor in RiskFactor if factor in evidence
    )
    deadline = _deadline_points(facts.time_left, policy)
    score = min(100, sum(f.points for f in findings) + deadline)
    return RiskAssessment(score=score, factors=findings, deadline_points=deadline, major=bool(grounds),
                          major_grounds=tuple(grounds))
