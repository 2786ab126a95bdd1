"""Priority bands P1–P4 with a bank's target times to first contact, and a deterministic queue.

    >>> from bankcomplaints.classification import classify, assess_risk, assign_priority
    >>> text = "再不解决我就从你们楼顶跳下去"
    >>> result = classify(text)
    >>> decision = assign_priority(result.kind.label, assess_risk(result))
    >>> decision.priority.slug, decision.first_contact_within
    ('P1', datetime.timedelta(seconds=7200))
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from bankcomplaints.classification.risk import RiskAssessment
from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.values import Priority

__all__ = ["DEFAULT_PRIORITY_POLICY", "PriorityDecision", "PriorityPolicy", "QueueEntry", "assign_priority",
           "queue_order"]

_TARGETS = MappingProxyType({
    Priority.P1: datetime.timedelta(hours=2),
    Priority.P2: datetime.timedelta(hours=24),
    Priority.P3: datetime.timedelta(hours=48),
    Priority.P4: datetime.timedelta(days=5),
})


def _targets(value: object) -> Mapping[Priority, datetime.timedelta]:
    if not isinstance(value, Mapping) or not all(
            isinstance(k, Priority) and isinstance(v, datetime.timedelta) for k, v in value.items()):
        raise InvalidOperationError("first_contact", "must map each Priority to a timedelta")
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class PriorityPolicy:
    """A bank's priority bands [U].

    A score at or above ``p1_score`` is P1, at or above ``p2_score`` P2; other complaints are
    P3 and other kinds P4 unless their score reaches ``p3_score``. Factors in ``always_p1``
    (and major complaints) are always P1. ``first_contact`` maps each band to its target time.
    """

    p1_score: int = 60
    p2_score: int = 25
    p3_score: int = 15
    always_p1: tuple[str, ...] = ("extreme",)
    first_contact: Mapping[Priority, datetime.timedelta] = attrs.field(default=_TARGETS, converter=_targets)

    def __attrs_post_init__(self) -> None:
        scores = (self.p3_score, self.p2_score, self.p1_score)
        if any(isinstance(s, bool) or not isinstance(s, int) for s in scores):
            raise InvalidOperationError("p1_score", "scores must be whole numbers")
        if not isinstance(self.always_p1, tuple) or not all(isinstance(f, str) for f in self.always_p1):
            raise InvalidOperationError("always_p1", "must be a tuple of factor slugs")
        if not 0 <= self.p3_score <= self.p2_score <= self.p1_score <= 100:
            raise InvalidOperationError("p1_score", "need 0 <= p3_score <= p2_score <= p1_score <= 100")
        missing = [band.slug for band in Priority if band not in self.first_contact]
        if missing:
            raise InvalidOperationError("first_contact", f"no target for {', '.join(missing)}")


DEFAULT_PRIORITY_POLICY = PriorityPolicy()


@attrs.frozen(kw_only=True)
class PriorityDecision:
    """The band, its target time to first contact and why."""

    priority: Priority
    first_contact_within: datetime.timedelta
    reason: str


def assign_priority(
    kind: str,
    risk: RiskAssessment,
    policy: PriorityPolicy = DEFAULT_PRIORITY_POLICY,
) -> PriorityDecision:
    """The priority band of a contact.

    Args:
        kind: the kind slug (``complaint``, ``consultation`` …).
        risk: its risk assessment.
        policy: the bank's bands.

    Returns:
        The band with its first-contact target and the reason.

    Raises:
        InvalidOperationError: ``risk`` or ``policy`` is of the wrong type.
    """
    if not isinstance(risk, RiskAssessment):
        raise InvalidOperationError("risk", "must be a RiskAssessment")
    if not isinstance(policy, PriorityPolicy):
        raise InvalidOperationError("policy", "must be a PriorityPolicy")
    forcing = [f.factor.slug for f in risk.factors if f.factor.slug in policy.always_p1]
    if risk.major:
        band, reason = Priority.P1, "major complaint"
    elif forcing:
        band, reason = Priority.P1, f"factor {forcing[0]} is always P1"
    elif risk.score >= policy.p1_score:
        band, reason = Priority.P1, f"score {risk.score} >= {policy.p1_score}"
    elif risk.score >= policy.p2_score:
        band, reason = Priority.P2, f"score {risk.score} >= {policy.p2_score}"
    elif kind == "complaint" or risk.score >= policy.p3_score:
        band, reason = Priority.P3, f"{kind}, score {risk.score}"
    else:
        band, reason = Priority.P4, f"{kind}, score {risk.score}"
    return PriorityDecision(priority=band, first_contact_within=policy.first_contact[band], reason=reason)


@attrs.frozen(kw_only=True)
class QueueEntry:
    """What the queue orders by: band, time left on the binding clock, receipt time, id."""

    id: str
    priority: Priority
    received_at: datetime.datetime
    time_left: datetime.timedelta | None = None
    item: Any = attrs.field(default=None, eq=False)

    def key(self) -> tuple[int, bool, datetime.timedelta, datetime.datetime, str]:
        """Sort key: P1 first, then least time left (unknown last), then earliest receipt, then id."""
        left = self.time_left if self.time_left is not None else datetime.timedelta.max
        return self.priority.rank, self.time_left is None, left, self.received_at, self.id


def queue_order(entries: Iterable[QueueEntry]) -> list[QueueEntry]:
    """The entries in working order; the same entries always give the same order.

    Raises:
        InvalidOperationError: an entry is not a well-formed QueueEntry (e.g. a naive ``received_at``).
    """
    try:
        listed = list(entries)
    except TypeError:
        raise InvalidOperationError("entries", "must be an iterable of QueueEntry") from None
    for index, entry in enumerate(listed):
        where = f"entries[{index}]"
        if not isinstance(entry, QueueEntry):
            raise InvalidOperationError(where, "must be a QueueEntry")
        if not isinstance(entry.id, str) or not isinstance(entry.priority, Priority):
            raise InvalidOperationError(where, "needs a string id and a Priority")
        if not isinstance(entry.received_at, datetime.datetime) or entry.received_at.tzinfo is None:
            raise InvalidOperationError(f"{where}.received_at", "must be a timezone-aware datetime")
        if entry.time_left is not None and not isinstance(entry.time_left, datetime.timedelta):
            raise InvalidOperationError(f"{where}.time_left", "must be a timedelta or None")
    return sorted(listed, key=QueueEntry.key)
