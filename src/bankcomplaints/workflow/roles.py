"""Who may do what: organisation tiers and the permission policy of a workflow, as data.

A bank's complaint organisation is layered (front-line staff, complaint specialists, middle
management, senior management), with read-only auditors beside it and the ``system`` role for
automated steps. A :class:`PermissionPolicy` says which roles may fire each trigger, and adds the
rules a careful bank keeps on top of that:

* **four eyes** (:class:`FourEyesRule`): whoever determined liability may not also approve
  redress above a bank-set threshold;
* **training** (``training_required``): a handler may be assigned only while their complaint-handling
  training record is current (``StaffRef.trained_until``).

A refusal raises :class:`~bankcomplaints.errors.PermissionDeniedError` naming the actor, the role
and the trigger; :func:`denied_attempt` turns it into a :class:`DeniedAttempt` value a host can
store as a security event.

    >>> from bankcomplaints.workflow.roles import STANDARD_TIERS, tier
    >>> tier("manager").rank > tier("specialist").rank, tier("auditor").read_only
    (True, True)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from bankcomplaints.errors import PermissionDeniedError, WorkflowDefinitionError
from bankcomplaints.values import Actor, Money, StaffRef

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "STANDARD_TIERS",
    "DeniedAttempt",
    "FourEyesRule",
    "PermissionPolicy",
    "Tier",
    "check_permission",
    "denied_attempt",
    "four_eyes_conflict",
    "tier",
]


@attrs.frozen(kw_only=True)
class Tier:
    """One tier of the complaint organisation.

    Attributes:
        name: the role slug actors carry (``Actor.role``).
        rank: seniority, higher is more senior (0 for roles outside the line: auditor, system).
        read_only: the role may read but never fire a trigger (validated when a policy is built).
    """

    name: str
    rank: int
    read_only: bool = False
    zh: str = ""
    en: str = ""


#: The default tiers (DESIGN.md §1, the seed's layered organisation).
STANDARD_TIERS: tuple[Tier, ...] = (
    Tier(name="front_line", rank=1, zh="一线员工", en="front-line staff"),
    Tier(name="specialist", rank=2, zh="投诉专员", en="complaint specialist"),
    Tier(name="manager", rank=3, zh="中层管理人员", en="middle manager"),
    Tier(name="senior", rank=4, zh="高级管理人员", en="senior manager / superior institution"),
    Tier(name="auditor", rank=0, read_only=True, zh="审计人员", en="auditor (read only)"),
    Tier(name="system", rank=0, zh="系统", en="system (automated steps)"),
)


def tier(name: str, tiers: Iterable[Tier] = STANDARD_TIERS) -> Tier:
    """The tier called ``name``.

    Raises:
        KeyError: no such tier.
    """
    for candidate in tiers:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


@attrs.frozen(kw_only=True)
class FourEyesRule:
    """Whoever is recorded at ``recorded_by`` may not fire ``trigger`` when the amount exceeds ``threshold``.

    The default reads: the person who determined liability (``complaint.liability.determined_by``)
    may not approve a resolution whose redress (the ``redress`` input, a :class:`Money`) is above
    the threshold.

    Attributes:
        trigger: the trigger the rule restricts.
        recorded_by: dotted path on the complaint to the actor (an ``Actor``, ``StaffRef`` or id text)
            who performed the earlier step.
        threshold: amounts strictly above it need a second person; other currencies are not compared.
        amount_input: the input of ``advance`` that carries the amount.
    """

    trigger: str
    threshold: Money
    recorded_by: str = "liability.determined_by"
    amount_input: str = "redress"


def _freeze_roles(value: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]]) -> tuple[
    tuple[str, frozenset[str]], ...
]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(trigger), frozenset(roles)) for trigger, roles in items))


@attrs.frozen(kw_only=True, cache_hash=True)
class PermissionPolicy:
    """Which roles may fire each trigger, plus the four-eyes and training rules.

    Attributes:
        roles: trigger → the roles allowed to fire it (a mapping, stored as sorted pairs).
        tiers: the organisation's tiers; every role named must be one, and no read-only tier may fire.
        four_eyes: separation-of-duties rules.
        training_required: triggers whose ``handler`` input must have a current training record.
    """

    roles: tuple[tuple[str, frozenset[str]], ...] = attrs.field(converter=_freeze_roles)
    tiers: tuple[Tier, ...] = STANDARD_TIERS
    four_eyes: tuple[FourEyesRule, ...] = ()
    training_required: frozenset[str] = frozenset()
    _by_trigger: dict[str, frozenset[str]] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        known = {t.name: t for t in self.tiers}
        by_trigger: dict[str, frozenset[str]] = {}
        for trigger, roles in self.roles:
            if trigger in by_trigger:
                raise WorkflowDefinitionError(f"roles[{trigger}]", "listed twice")
            if not roles:
                raise WorkflowDefinitionError(f"roles[{trigger}]", "no role may fire this trigger")
            for role in sorted(roles):
                if role not in known:
                    raise WorkflowDefinitionError(f"roles[{trigger}]", f"unknown role {role!r}")
                if known[role].read_only:
                    raise WorkflowDefinitionError(f"roles[{trigger}]", f"role {role!r} is read-only")
            by_trigger[trigger] = roles
        object.__setattr__(self, "_by_trigger", by_trigger)

    def roles_for(self, trigger: str) -> frozenset[str]:
        """The roles allowed to fire ``trigger`` (empty if the policy does not name it)."""
        return self._by_trigger.get(trigger, frozenset())

    def table(self) -> list[tuple[str, tuple[str, ...]]]:
        """(trigger, roles in tier order) rows, for documentation and review."""
        order = {t.name: i for i, t in enumerate(self.tiers)}
        return [(trigger, tuple(sorted(roles, key=order.__getitem__))) for trigger, roles in self.roles]


@attrs.frozen(kw_only=True)
class DeniedAttempt:
    """A refused attempt, as a value a host can store as a security event."""

    complaint_id: str
    trigger: str
    actor: Actor
    at: pendulum.DateTime
    reason: str


def denied_attempt(error: PermissionDeniedError, *, complaint_id: str, actor: Actor, now: pendulum.DateTime) -> (
    DeniedAttempt
):
    """The :class:`DeniedAttempt` describing ``error``.

    Args:
        error: the refusal.
        complaint_id: the complaint the actor tried to change.
        actor: who tried.
        now: when.
    Returns:
        The attempt, with the error's message as its reason.
    """
    return DeniedAttempt(complaint_id=complaint_id, trigger=error.trigger, actor=actor, at=now, reason=str(error))


def _person_id(value: object) -> str | None:
    if isinstance(value, str):
        return value
    found = getattr(value, "id", None)
    return found if isinstance(found, str) else None


def _lookup(complaint: Complaint, path: str) -> object:
    value: object = complaint
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def four_eyes_conflict(rule: FourEyesRule, complaint: Complaint, actor: Actor, amount: Money | None) -> str | None:
    """Why ``actor`` may not approve ``amount`` under ``rule``, or None if they may.

    The liability operations can call this with the rule of the workflow's policy to apply the same
    separation of duties outside :func:`~bankcomplaints.workflow.engine.advance`.

    Args:
        rule: the four-eyes rule.
        complaint: the complaint; ``rule.recorded_by`` is read from it.
        actor: who wants to approve.
        amount: the amount to approve, if any.
    Returns:
        The reason for refusal, or None.
    """
    if not isinstance(amount, Money) or amount.currency != rule.threshold.currency or amount <= rule.threshold:
        return None
    earlier = _person_id(_lookup(complaint, rule.recorded_by))
    if earlier is not None and earlier == actor.id:
        return (
            f"{actor.id} recorded {rule.recorded_by} and may not also approve {amount} "
            f"(above the four-eyes threshold {rule.threshold})"
        )
    return None


def _training_gap(handler: object, today: datetime.date) -> str | None:
    if not isinstance(handler, StaffRef):
        return "no handler named, so no training record to check"
    if handler.trained_until is None:
        return f"handler {handler.id} has no complaint-handling training record"
    if handler.trained_until < today:
        return f"handler {handler.id}'s complaint-handling training ran out on {handler.trained_until.isoformat()}"
    return None


def check_permission(
    policy: PermissionPolicy,
    complaint: Complaint,
    trigger: str,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    inputs: Mapping[str, Any],
) -> None:
    """Refuse unless ``actor`` may fire ``trigger`` on ``complaint`` with these inputs.

    Args:
        policy: the workflow's permission policy.
        complaint: the complaint (read only).
        trigger: the trigger asked for.
        actor: who asks.
        now: when (the training record must be current on this day).
        inputs: the inputs of the step (``handler``, ``redress``...).
    Raises:
        PermissionDeniedError: the role may not fire the trigger, a four-eyes rule forbids it,
            or the handler to be assigned has no current training record.
    """
    if actor.role not in policy.roles_for(trigger):
        raise PermissionDeniedError(actor.id, actor.role, trigger, "role not allowed by the policy")
    for rule in policy.four_eyes:
        if rule.trigger == trigger:
            why = four_eyes_conflict(rule, complaint, actor, inputs.get(rule.amount_input))
            if why is not None:
                raise PermissionDeniedError(actor.id, actor.role, trigger, f"four eyes: {why}")
    if trigger in policy.training_required:
        gap = _training_gap(inputs.get("handler"), now.date())
        if gap is not None:
            raise PermissionDeniedError(actor.id, actor.role, trigger, f"training: {gap}")
