"""The redress ledger (补救): itemised entries in exact money, maker-checker approval, reversals not edits.

An entry is a refund of a fee, an interest correction, compensation for loss, a goodwill payment
or a non-monetary remedy.
An entry is never changed: a mistake is undone by a reversal entry (the same amount, negated),
and recording an entry under an id already used is refused as an edit.
Entries that take the complaint's redress in a currency above the bank's threshold need a second
person's approval before they are paid; the maker of the entry and whoever determined liability
may not approve it (four eyes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints.errors import (
    ApprovalRequiredError,
    FourEyesError,
    InvalidOperationError,
    LedgerEditError,
    LiabilityError,
)
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.liability import _checks as check
from bankcomplaints.liability.codes import MANAGER_ROLES, REDRESS_TYPES
from bankcomplaints.values import Actor, Money

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "DEFAULT_REDRESS_POLICY",
    "RedressApproved",
    "RedressEntry",
    "RedressLedger",
    "RedressPaid",
    "RedressPolicy",
    "RedressRecorded",
    "RedressReversed",
    "approve_redress",
    "correct_redress",
    "pay_redress",
    "record_redress",
    "reverse_redress",
]


@attrs.frozen(kw_only=True)
class RedressPolicy:
    """The bank's approval rule for redress: a threshold per currency, and who may approve.

    An entry needs approval when the complaint's live redress in its currency, this entry included,
    is above the currency's threshold (so splitting a payment does not avoid approval).
    A currency with no threshold always needs approval. Non-monetary remedies need none.
    """

    thresholds: tuple[Money, ...] = ()
    approver_roles: frozenset[str] = MANAGER_ROLES

    def threshold(self, currency: str) -> Money | None:
        """The threshold for ``currency``, or ``None`` if the bank set none."""
        return next((money for money in self.thresholds if money.currency == currency), None)


#: An example policy, not a regulatory figure: approval above CNY 1,000 per complaint. Banks set their own.
DEFAULT_REDRESS_POLICY = RedressPolicy(thresholds=(Money("1000", "CNY"),))


@attrs.frozen(kw_only=True)
class RedressEntry:
    """One line of the ledger.

    Attributes:
        id: the entry's id on this complaint.
        type: a slug of ``REDRESS_TYPES``.
        amount: the money (negative only on a reversal); ``None`` for a non-monetary remedy.
        description: what it is for.
        made_by: the id of whoever recorded it (the maker).
        made_at: when.
        reverses: the id of the entry this one reverses, if it is a reversal.
        needs_approval: whether a second person must approve it before payment.
        approval_threshold: the threshold that made approval necessary.
        approved_by: the checker's id.
        approved_at: when it was approved.
        paid_at: when it was paid or carried out.
        payment_ref: the payment's reference in the host's systems.
    """

    id: str
    type: str
    amount: Money | None
    description: str
    made_by: str
    made_at: pendulum.DateTime
    reverses: str | None = None
    needs_approval: bool = False
    approval_threshold: Money | None = None
    approved_by: str | None = None
    approved_at: pendulum.DateTime | None = None
    paid_at: pendulum.DateTime | None = None
    payment_ref: str = ""

    @property
    def is_reversal(self) -> bool:
        """Whether this entry reverses another."""
        return self.reverses is not None


@attrs.frozen(kw_only=True)
class RedressLedger:
    """All redress entries of a complaint, in the order recorded."""

    entries: tuple[RedressEntry, ...] = ()

    def entry(self, entry_id: str) -> RedressEntry | None:
        """The entry ``entry_id``, or ``None``."""
        return next((e for e in self.entries if e.id == entry_id), None)

    @property
    def reversed_ids(self) -> frozenset[str]:
        """The ids of entries that a reversal undoes."""
        return frozenset(e.reverses for e in self.entries if e.reverses is not None)

    @property
    def live_entries(self) -> tuple[RedressEntry, ...]:
        """Entries that are neither reversals nor reversed."""
        gone = self.reversed_ids
        return tuple(e for e in self.entries if not e.is_reversal and e.id not in gone)

    def totals(self) -> dict[tuple[str, str], Money]:
        """The net amount per ``(type, currency)`` over every entry, reversals included.

        Types whose entries were all reversed (net zero) are left out.
        """
        sums: dict[tuple[str, str], Money] = {}
        for e in self.entries:
            if e.amount is not None:
                key = (e.type, e.amount.currency)
                sums[key] = sums[key] + e.amount if key in sums else e.amount
        return {key: money for key, money in sums.items() if money.amount != 0}

    def total(self, currency: str, type: str | None = None) -> Money:
        """The net redress in ``currency``, of one ``type`` or of all."""
        return sum(
            (money for (kind, cur), money in self.totals().items() if cur == currency and type in (None, kind)),
            Money.zero(currency),
        )

    def paid(self, currency: str) -> Money:
        """What was paid in ``currency`` on live entries."""
        return sum(
            (e.amount for e in self.live_entries
             if e.paid_at is not None and e.amount is not None and e.amount.currency == currency),
            Money.zero(currency),
        )

    def _replace(self, entry: RedressEntry) -> RedressLedger:
        return RedressLedger(entries=tuple(entry if e.id == entry.id else e for e in self.entries))


# --- events ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RedressRecorded(ComplaintEvent):
    """A redress entry was recorded by its maker."""

    entry: RedressEntry

    def apply(self, complaint: Complaint) -> None:
        complaint.redress = RedressLedger(entries=(*complaint.redress.entries, self.entry))


@attrs.frozen(kw_only=True)
class RedressReversed(ComplaintEvent):
    """A reversal entry undid an earlier entry."""

    entry: RedressEntry

    def apply(self, complaint: Complaint) -> None:
        complaint.redress = RedressLedger(entries=(*complaint.redress.entries, self.entry))


@attrs.frozen(kw_only=True)
class RedressApproved(ComplaintEvent):
    """A checker approved a redress entry."""

    entry_id: str

    def apply(self, complaint: Complaint) -> None:
        entry = complaint.redress.entry(self.entry_id)
        if entry is not None:
            approved = attrs.evolve(entry, approved_by=self.actor.id, approved_at=self.occurred_at)
            complaint.redress = complaint.redress._replace(approved)


@attrs.frozen(kw_only=True)
class RedressPaid(ComplaintEvent):
    """A redress entry was paid (or, if non-monetary, carried out)."""

    entry_id: str
    paid_at: pendulum.DateTime
    payment_ref: str

    def apply(self, complaint: Complaint) -> None:
        entry = complaint.redress.entry(self.entry_id)
        if entry is not None:
            paid = attrs.evolve(entry, paid_at=self.paid_at, payment_ref=self.payment_ref)
            complaint.redress = complaint.redress._replace(paid)


# --- operations ------------------------------------------------------------------------------------


def _fresh_id(complaint: Complaint, value: object) -> str:
    entry_id = check.ident(value, "id")
    if complaint.redress.entry(entry_id) is not None:
        raise LedgerEditError("redress.edit_refused", entry_id,
                              f"entry {entry_id} is recorded and cannot be changed; reverse it and record a new one")
    return entry_id


def _live(complaint: Complaint, entry_id: object) -> RedressEntry:
    entry = complaint.redress.entry(check.ident(entry_id, "entry_id"))
    if entry is None:
        raise LiabilityError("redress.unknown_entry", f"no redress entry {entry_id}")
    if entry.is_reversal:
        raise LiabilityError("redress.reversal_entry", f"{entry.id} is a reversal; it is final")
    if entry.id in complaint.redress.reversed_ids:
        raise LiabilityError("redress.already_reversed", f"{entry.id} was reversed")
    return entry


def record_redress(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    id: str,
    type: str,
    amount: Money | None,
    description: str,
    policy: RedressPolicy = DEFAULT_REDRESS_POLICY,
) -> RedressEntry:
    """Record a redress entry (:class:`RedressRecorded`); the actor is its maker.

    Args:
        complaint: the complaint.
        actor: the maker.
        now: when.
        id: a new entry id (an id already used is an edit, and refused).
        type: a slug of ``REDRESS_TYPES``.
        amount: the money, above zero; ``None`` for (and only for) ``non_monetary``.
        description: what it is for (for a non-monetary remedy: what is done).
        policy: the bank's approval policy; it decides whether the entry needs approval.
    Returns:
        The recorded entry, with ``needs_approval`` set by ``policy``.
    Raises:
        InvalidOperationError: unknown type, an amount missing, misplaced or not above zero, blank description.
        LedgerEditError: ``redress.edit_refused``: the id is already used.
    """
    REDRESS_TYPES.check(type, "type")
    check.instance(amount, Money, "amount", optional=True)
    if (amount is None) != (type == "non_monetary"):
        raise InvalidOperationError("amount", "a non-monetary remedy has no amount; every other type has one")
    if amount is not None and amount.amount <= 0:
        raise InvalidOperationError("amount", "must be above zero (undo an entry with a reversal)")
    entry_id = _fresh_id(complaint, id)
    threshold: Money | None = None
    needs = False
    if amount is not None:
        threshold = policy.threshold(amount.currency)
        after = complaint.redress.total(amount.currency) + amount
        needs = threshold is None or after > threshold
    entry = RedressEntry(
        id=entry_id, type=type, amount=amount, description=check.text(description, "description", required=True),
        made_by=check.instance(actor, Actor, "actor").id, made_at=check.instant(now, "now"),
        needs_approval=needs, approval_threshold=threshold if needs else None,
    )
    complaint._record(RedressRecorded, actor=actor, now=now, entry=entry)
    return entry


def reverse_redress(
    complaint: Complaint, *, actor: Actor, now: pendulum.DateTime, id: str, entry_id: str, reason: str
) -> RedressEntry:
    """Undo an entry with a reversal entry of the negated amount (:class:`RedressReversed`).

    Args:
        complaint: the complaint.
        actor: who reverses it.
        now: when.
        id: the reversal entry's new id.
        entry_id: the entry to undo.
        reason: why.
    Returns:
        The reversal entry.
    Raises:
        LedgerEditError: ``redress.edit_refused``: ``id`` is already used.
        LiabilityError: ``redress.unknown_entry``, ``redress.reversal_entry`` (a reversal cannot be
            reversed; record a new entry), ``redress.already_reversed``.
    """
    original = _live(complaint, entry_id)
    reversal = RedressEntry(
        id=_fresh_id(complaint, id), type=original.type,
        amount=None if original.amount is None else -original.amount,
        description=check.text(reason, "reason", required=True),
        made_by=check.instance(actor, Actor, "actor").id, made_at=check.instant(now, "now"), reverses=original.id,
    )
    complaint._record(RedressReversed, actor=actor, now=now, entry=reversal)
    return reversal


def approve_redress(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    entry_id: str,
    policy: RedressPolicy = DEFAULT_REDRESS_POLICY,
) -> RedressEntry:
    """A checker approves an entry (:class:`RedressApproved`).

    Args:
        complaint: the complaint.
        actor: the checker: in one of ``policy.approver_roles``, not the maker, and not whoever
            recorded or approved the liability determination.
        now: when.
        entry_id: the entry.
        policy: the bank's approval policy.
    Returns:
        The approved entry.
    Raises:
        PermissionDeniedError: the actor's role may not approve redress.
        FourEyesError: ``redress.self_approval`` (the maker), ``redress.determiner_approval`` (who determined
            liability).
        LiabilityError: ``redress.unknown_entry``, ``redress.reversal_entry``, ``redress.already_reversed``,
            ``redress.already_approved``.
    """
    checked = check.require_role(actor, policy.approver_roles, "approve_redress")
    entry = _live(complaint, entry_id)
    if entry.approved_by is not None:
        raise LiabilityError("redress.already_approved", f"{entry.id} was approved by {entry.approved_by}")
    if checked.id == entry.made_by:
        raise FourEyesError("redress.self_approval", checked.id, f"made entry {entry.id}")
    liability = complaint.liability
    if liability is not None and checked.id in (liability.determined_by, liability.approved_by):
        raise FourEyesError("redress.determiner_approval", checked.id, "determined liability on this complaint")
    complaint._record(RedressApproved, actor=actor, now=now, entry_id=entry.id)
    approved = complaint.redress.entry(entry.id)
    assert approved is not None
    return approved


def pay_redress(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    entry_id: str,
    payment_ref: str,
    paid_at: pendulum.DateTime | None = None,
) -> RedressEntry:
    """Record that an entry was paid or carried out (:class:`RedressPaid`).

    Args:
        complaint: the complaint.
        actor: who records the payment.
        now: when.
        entry_id: the entry.
        payment_ref: the payment's reference (or, for a non-monetary remedy, a note of what was done).
        paid_at: when it was paid, if not ``now``.
    Returns:
        The paid entry.
    Raises:
        ApprovalRequiredError: ``redress.approval_required``: the entry needs approval and has none.
        LiabilityError: ``redress.unknown_entry``, ``redress.reversal_entry``, ``redress.already_reversed``,
            ``redress.already_paid``.
    """
    entry = _live(complaint, entry_id)
    if entry.paid_at is not None:
        raise LiabilityError("redress.already_paid", f"{entry.id} was paid at {entry.paid_at.isoformat()}")
    if entry.needs_approval and entry.approved_by is None:
        raise ApprovalRequiredError(
            "redress.approval_required", entry.id,
            f"{entry.id} takes redress above {entry.approval_threshold or 'the unset threshold'}; "
            "a second person must approve it first",
        )
    when = check.not_after(now if paid_at is None else paid_at, now, "paid_at")
    complaint._record(RedressPaid, actor=actor, now=now, entry_id=entry.id, paid_at=when,
                      payment_ref=check.text(payment_ref, "payment_ref", limit=check.MAX_SHORT_TEXT, required=True))
    paid = complaint.redress.entry(entry.id)
    assert paid is not None
    return paid



def correct_redress(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    entry_id: str,
    reversal_id: str,
    new_id: str,
    amount: Money | None,
    reason: str,
    policy: RedressPolicy = DEFAULT_REDRESS_POLICY,
) -> RedressEntry:
    """Correct an entry the only way the ledger allows: reverse it and record a new one, as one step.

    Both events are recorded, or neither (the complaint is as before if either is refused).
    The new entry keeps the type of the old one and needs approval again under ``policy``.

    Args:
        complaint: the complaint.
        actor: the maker of the correction.
        now: when.
        entry_id: the entry to correct.
        reversal_id: the id of the reversal entry.
        new_id: the id of the corrected entry.
        amount: the corrected amount (``None`` for a non-monetary remedy).
        reason: why; it describes the reversal, and the new entry keeps the old description.
        policy: the bank's approval policy.
    Returns:
        The corrected entry.
    Raises:
        LedgerEditError: ``redress.edit_refused``: an id is already used.
        LiabilityError: the rules of :func:`reverse_redress`.
        InvalidOperationError: the rules of :func:`record_redress`.
    """
    original = _live(complaint, entry_id)
    with complaint._transaction():
        reverse_redress(complaint, actor=actor, now=now, id=reversal_id, entry_id=original.id, reason=reason)
        return record_redress(complaint, actor=actor, now=now, id=new_id, type=original.type, amount=amount,
                              description=original.description, policy=policy)
