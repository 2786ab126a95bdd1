"""Accountability (责任追究, CBIRC Art. 26): measures against the people and units found responsible.

A measure (training, coaching, warning, performance deduction, disciplinary referral, partner
penalty) is decided by a manager against a party of the approved liability determination, and
records who decided and when.
The assessment of branches and staff (Art. 27) reads ``complaint.accountability``.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints.errors import InvalidOperationError, LiabilityError
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.liability import _checks as check
from bankcomplaints.liability.codes import MANAGER_ROLES, MEASURE_KINDS
from bankcomplaints.values import Actor, Money

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = ["MEASURE_TARGETS", "AccountabilityMeasure", "AccountabilityMeasureDecided", "decide_measure"]

#: Which party kinds each measure may be taken against.
MEASURE_TARGETS: dict[str, frozenset[str]] = {
    "training": frozenset({"staff", "branch", "department"}),
    "coaching": frozenset({"staff"}),
    "warning": frozenset({"staff", "branch", "department"}),
    "performance_deduction": frozenset({"staff", "branch", "department"}),
    "disciplinary_referral": frozenset({"staff"}),
    "partner_penalty": frozenset({"third_party"}),
}


@attrs.frozen(kw_only=True)
class AccountabilityMeasure:
    """A measure against a responsible person or unit.

    Attributes:
        id: the measure's id on this complaint.
        kind: a slug of ``MEASURE_KINDS``.
        target_kind: the party kind it is taken against (``staff``, ``branch``…).
        target_ref: the party's ref (staff id, branch code, partner name).
        reason: why.
        decided_by: the id of the manager who decided it.
        decided_at: when.
        points: the deduction, for a ``performance_deduction``.
        penalty: the amount, for a ``partner_penalty``.
        due: when a training or coaching must be done by.
    """

    id: str
    kind: str
    target_kind: str
    target_ref: str
    reason: str
    decided_by: str
    decided_at: pendulum.DateTime
    points: Decimal | None = None
    penalty: Money | None = None
    due: datetime.date | None = None


@attrs.frozen(kw_only=True)
class AccountabilityMeasureDecided(ComplaintEvent):
    """A manager decided an accountability measure."""

    measure: AccountabilityMeasure

    def apply(self, complaint: Complaint) -> None:
        complaint.accountability = (*complaint.accountability, self.measure)


def decide_measure(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    id: str,
    kind: str,
    target_kind: str,
    target_ref: str,
    reason: str,
    points: Decimal | int | str | None = None,
    penalty: Money | None = None,
    due: datetime.date | None = None,
    roles: Collection[str] = MANAGER_ROLES,
) -> AccountabilityMeasure:
    """Record an accountability measure (:class:`AccountabilityMeasureDecided`).

    Args:
        complaint: the complaint, with an approved liability determination.
        actor: the deciding manager.
        now: when.
        id: the measure's id, unique on this complaint.
        kind: a slug of ``MEASURE_KINDS``.
        target_kind: the party kind (must suit the measure: see :data:`MEASURE_TARGETS`).
        target_ref: the party's ref; the party must bear a share of the approved determination.
        reason: why.
        points: deduction points (required for, and only for, ``performance_deduction``; above 0).
        penalty: penalty amount (required for, and only for, ``partner_penalty``; above 0).
        due: the date a training or coaching must be done by.
        roles: the roles that may decide measures.
    Returns:
        The recorded measure.
    Raises:
        PermissionDeniedError: the actor's role is not one of ``roles``.
        InvalidOperationError: unknown kind, blank reason, points or penalty missing, misplaced or not above 0.
        LiabilityError: ``measure.liability_not_approved``, ``measure.target_not_liable`` (the target bears no
            share), ``measure.wrong_target`` (e.g. a partner penalty against staff), ``measure.duplicate_id``.
    """
    check.require_role(actor, roles, "decide_measure")
    MEASURE_KINDS.check(kind, "kind")
    determination = complaint.liability
    if determination is None or not determination.approved:
        raise LiabilityError("measure.liability_not_approved", "measures follow an approved liability determination")
    if target_kind not in MEASURE_TARGETS[kind]:
        raise LiabilityError("measure.wrong_target",
                             f"{kind} applies to {', '.join(sorted(MEASURE_TARGETS[kind]))}, not {target_kind!r}")
    ref = check.ident(target_ref, "target_ref")
    if determination.share_of(target_kind, ref) <= 0:
        raise LiabilityError("measure.target_not_liable", f"{target_kind} {ref} bears no share of the liability")
    checked_points = None if points is None else check.decimal(points, "points")
    if (checked_points is not None) != (kind == "performance_deduction") or (
        checked_points is not None and checked_points <= 0
    ):
        raise InvalidOperationError("points", "a performance deduction, and only it, carries points above 0")
    check.instance(penalty, Money, "penalty", optional=True)
    if (penalty is not None) != (kind == "partner_penalty") or (penalty is not None and penalty.amount <= 0):
        raise InvalidOperationError("penalty", "a partner penalty, and only it, carries an amount above 0")
    measure = AccountabilityMeasure(
        id=check.new_id(id, (m.id for m in complaint.accountability), "id", "measure.duplicate_id"),
        kind=kind,
        target_kind=target_kind,
        target_ref=ref,
        reason=check.text(reason, "reason", required=True),
        decided_by=actor.id,
        decided_at=check.instant(now, "now"),
        points=checked_points,
        penalty=penalty,
        due=None if due is None else check.day(due, "due"),
    )
    complaint._record(AccountabilityMeasureDecided, actor=actor, now=now, measure=measure)
    return measure
