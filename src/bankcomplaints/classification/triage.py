"""Triage a complaint in one step: classify, assess risk, set priority, record it on the complaint.

Records :class:`~bankcomplaints.events.TriageRecorded` through
:meth:`Complaint.record_triage <bankcomplaints.complaint.Complaint.record_triage>` and, for a major
complaint (CBIRC Art. 29), the alarm event :class:`MajorComplaintFlagged`, both or neither.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

import attrs
import pendulum

from bankcomplaints.classification.classifier import Classification, Classifier, classify, complaint_text
from bankcomplaints.classification.priority import (
    DEFAULT_PRIORITY_POLICY,
    PriorityDecision,
    PriorityPolicy,
    assign_priority,
)
from bankcomplaints.classification.risk import DEFAULT_RISK_POLICY, RiskAssessment, RiskFacts, RiskPolicy, assess_risk
from bankcomplaints.classification.taxonomy import by_slug
from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.values import Actor, BusinessCategory, Cause, Channel, Kind

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = ["MajorComplaintFlagged", "TriageResult", "triage"]

_MAX_LINE = 2_000


@attrs.frozen(kw_only=True)
class MajorComplaintFlagged(ComplaintEvent):
    """Triage found a major complaint (重大消费投诉, CBIRC Art. 29): the emergency plan applies."""

    grounds: tuple[str, ...]
    alarm: ClassVar[bool] = True

    def apply(self, complaint: Complaint) -> None:
        complaint.major = True


@attrs.frozen(kw_only=True)
class TriageResult:
    """Everything triage decided about one complaint."""

    classification: Classification
    risk: RiskAssessment
    priority: PriorityDecision

    def explain(self) -> tuple[str, ...]:
        """The explanation lines recorded on the complaint."""
        lines = (*self.classification.explain(), *self.risk.explain(),
                 f"priority {self.priority.priority.slug}: {self.priority.reason}")
        return tuple(line[:_MAX_LINE] for line in lines)


def triage(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    classifier: Classifier | None = None,
    earlier_complaints: int = 0,
    time_left: datetime.timedelta | None = None,
    regulator_designated_major: bool = False,
    risk_policy: RiskPolicy = DEFAULT_RISK_POLICY,
    priority_policy: PriorityPolicy = DEFAULT_PRIORITY_POLICY,
) -> TriageResult:
    """Classify ``complaint``, assess its risk, set its priority and record the result.

    Args:
        complaint: the complaint (its product, narrative, demand, channel, source, amount,
            group size and customer vulnerabilities are read).
        actor: who triages (a person or ``Actor.system()``).
        now: when (an aware datetime).
        classifier: a compiled rule set (the shipped defaults if None).
        earlier_complaints: earlier complaints by the customer on the same matter.
        time_left: time left on the binding clock.
        regulator_designated_major: the regulator designated the complaint major.
        risk_policy: the bank's risk settings.
        priority_policy: the bank's priority bands.

    Returns:
        What triage decided; the complaint now holds it and has one or two new pending events.

    Raises:
        InvalidOperationError: bad input (naive ``now``, wrong types, text too long); the
            complaint and its pending events are then unchanged.
    """
    if not isinstance(actor, Actor):
        raise InvalidOperationError("actor", "must be an Actor")
    if not callable(getattr(complaint, "record_triage", None)):
        raise InvalidOperationError("complaint", "must be a Complaint")
    if classifier is not None and not isinstance(classifier, Classifier):
        raise InvalidOperationError("classifier", "must be a Classifier")
    classification = classify(complaint) if classifier is None else classifier.classify(
        complaint_text(complaint), channel=complaint.channel, source=complaint.source)
    facts = RiskFacts.of(complaint, earlier_complaints=earlier_complaints, time_left=time_left,
                         regulator_designated_major=regulator_designated_major)
    risk = assess_risk(classification, facts, risk_policy)
    priority = assign_priority(classification.kind.label, risk, priority_policy)
    result = TriageResult(classification=classification, risk=risk, priority=priority)
    with complaint._transaction():
        complaint.record_triage(
            actor=actor, now=now,
            kind=by_slug(Kind, classification.kind.label),
            business=by_slug(BusinessCategory, classification.business.label),
            cause=by_slug(Cause, classification.cause.label),
            channel=by_slug(Channel, classification.channel.label),
            risk_factors=risk.flags, risk_score=risk.score, major=risk.major,
            priority=priority.priority, explanation=result.explain(),
        )
        if risk.major:
            complaint._record(MajorComplaintFlagged, actor=actor, now=now,
                              grounds=tuple(g[:_MAX_LINE] for g in risk.major_grounds))
    return result

