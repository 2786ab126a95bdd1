"""Notices to the complainant (告知): the handling decision, and the others (decline, extension, pause…).

The decision notice carries what CBIRC Art. 19 requires: the findings, the basis and reasons, and the
remedies left (review, mediation, arbitration, litigation), with the outcome and the redress.
Every notice records how it reached the complainant (Art. 21): written and handed over or posted,
SMS or e-mail, a phone call, or a method agreed with the complainant, with the time and the proof.
A complainant who cannot be reached is the one exemption, and the notice says why.

The workflow records the decision notice as part of its ``notify_decision`` transition by calling
:func:`issue_decision_notice`; neither operation here changes ``complaint.status``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints._builders import evolve
from bankcomplaints.errors import InvalidOperationError, LiabilityError
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.liability import _checks as check
from bankcomplaints.liability.codes import APPEAL_ROUTES, DECISION_OUTCOMES, NOTICE_CHANNELS, NOTICE_KINDS
from bankcomplaints.values import Actor

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "CBIRC_APPEAL_ROUTES",
    "DecisionNotice",
    "DecisionNoticeIssued",
    "Notice",
    "NoticeSent",
    "issue_decision_notice",
    "send_notice",
]

#: The remedies a decision must name under CBIRC Art. 19.
CBIRC_APPEAL_ROUTES: tuple[str, ...] = APPEAL_ROUTES.slugs


@attrs.frozen(kw_only=True)
class DecisionNotice:
    """The handling decision as sent to the complainant (处理决定告知).

    Attributes:
        findings: ids of the findings the decision states.
        basis: the law, rule or contract term it rests on.
        reasons: why the bank decided so.
        outcome: ``upheld``, ``partly_upheld`` or ``not_upheld``.
        redress: ids of the redress entries it offers.
        appeal_routes: the remedies named (``review``, ``mediation``, ``arbitration``, ``litigation``).
        channel: a slug of ``NOTICE_CHANNELS``; ``None`` only when unreachable.
        delivered_at: when it was handed over, posted, sent or telephoned.
        proof: the reference of the proof kept (postal receipt, SMS gateway id, call recording id).
        agreed_method: the method agreed with the complainant, when ``channel`` is ``agreed``.
        unreachable: the complainant could not be reached (Art. 21 exemption).
        unreachable_reason: the attempts made, when unreachable.
    """

    findings: tuple[str, ...]
    basis: str
    reasons: str
    outcome: str
    redress: tuple[str, ...] = ()
    appeal_routes: tuple[str, ...] = CBIRC_APPEAL_ROUTES
    channel: str | None = None
    delivered_at: pendulum.DateTime | None = None
    proof: str = ""
    agreed_method: str = ""
    unreachable: bool = False
    unreachable_reason: str = ""


@attrs.frozen(kw_only=True)
class Notice:
    """Any other notice to the complainant: decline, extension, appraisal pause, mediation…

    ``kind`` is a slug of ``NOTICE_KINDS``; ``reference`` ties it to what it announces (e.g. the extension
    or clock id). The delivery fields mean what they mean on :class:`DecisionNotice`.
    """

    id: str
    kind: str
    summary: str
    reference: str = ""
    channel: str | None = None
    delivered_at: pendulum.DateTime | None = None
    proof: str = ""
    agreed_method: str = ""
    unreachable: bool = False
    unreachable_reason: str = ""


@attrs.frozen(kw_only=True)
class DecisionNoticeIssued(ComplaintEvent):
    """The decision notice went to the complainant (or could not: unreachable)."""

    notice: DecisionNotice

    def apply(self, complaint: Complaint) -> None:
        complaint.decision_notice = self.notice


@attrs.frozen(kw_only=True)
class NoticeSent(ComplaintEvent):
    """Another notice went to the complainant."""

    notice: Notice

    def apply(self, complaint: Complaint) -> None:
        complaint.notices = (*complaint.notices, self.notice)


def _delivery(notice: DecisionNotice | Notice, now: pendulum.DateTime) -> None:
    """Check the Art. 21 record: channel, time and proof, or the unreachable exemption with its reason."""
    if not isinstance(notice.unreachable, bool):
        raise InvalidOperationError("unreachable", "must be true or false")
    check.text(notice.proof, "proof", limit=check.MAX_SHORT_TEXT)
    check.text(notice.agreed_method, "agreed_method", limit=check.MAX_SHORT_TEXT)
    check.text(notice.unreachable_reason, "unreachable_reason", limit=check.MAX_SHORT_TEXT)
    if notice.channel is not None:
        NOTICE_CHANNELS.check(notice.channel, "channel")
    if notice.delivered_at is not None:
        check.not_after(notice.delivered_at, now, "delivered_at")
    if notice.unreachable:
        if not notice.unreachable_reason.strip():
            raise LiabilityError("notice.unreachable_without_reason", "say what attempts to reach them failed")
        return
    if notice.channel is None:
        raise LiabilityError("notice.no_channel", "say how the notice was delivered (Art. 21)")
    if notice.delivered_at is None:
        raise LiabilityError("notice.no_time", "say when the notice was delivered, posted, sent or telephoned")
    if not notice.proof.strip():
        raise LiabilityError("notice.no_proof", "keep proof of the notice (Art. 21)")
    if notice.channel == "agreed" and not notice.agreed_method.strip():
        raise LiabilityError("notice.agreed_method_missing", "describe the method agreed with the complainant")


def issue_decision_notice(
    complaint: Complaint,
    notice: DecisionNotice,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    required_routes: Collection[str] = CBIRC_APPEAL_ROUTES,
) -> DecisionNotice:
    """Record the decision notice (:class:`DecisionNoticeIssued`); a later notice replaces the current one.

    Called by the workflow's ``notify_decision`` transition, or directly by a host with its own flow.

    Args:
        complaint: the complaint.
        notice: the notice as sent.
        actor: who sent it.
        now: when it is recorded (``delivered_at`` is not later).
        required_routes: the remedies the notice must name (CBIRC Art. 19 by default; drop ``review``
            for a decision made by the head office, which has no superior institution).
    Returns:
        The notice, with ids de-duplicated.
    Raises:
        InvalidOperationError: unknown outcome, route or channel, blank basis or reasons, a future delivery time.
        LiabilityError: ``notice.no_findings``, ``notice.unknown_finding``, ``notice.appeal_routes_missing``,
            ``notice.unknown_redress``, ``notice.redress_not_approved``, ``notice.liability_not_approved``,
            ``notice.no_channel``, ``notice.no_time``, ``notice.no_proof``, ``notice.agreed_method_missing``,
            ``notice.unreachable_without_reason``.
    """
    check.instance(notice, DecisionNotice, "notice")
    DECISION_OUTCOMES.check(notice.outcome, "outcome")
    findings = check.ids(notice.findings, "findings")
    if not findings:
        raise LiabilityError("notice.no_findings", "a decision states what the verification found (Art. 19)")
    check.known(findings, (f.id for f in complaint.findings), "notice.unknown_finding", "findings")
    check.text(notice.basis, "basis", required=True)
    check.text(notice.reasons, "reasons", required=True)
    routes = check.ids(notice.appeal_routes, "appeal_routes")
    for index, route in enumerate(routes):
        if route not in APPEAL_ROUTES:
            APPEAL_ROUTES.check(route, f"appeal_routes[{index}]")  # refuses, naming the item
    missing = [route for route in required_routes if route not in routes]
    if missing:
        raise LiabilityError("notice.appeal_routes_missing", f"the notice must name {', '.join(missing)} (Art. 19)")
    redress = check.ids(notice.redress, "redress")
    live = {e.id: e for e in complaint.redress.live_entries}
    check.known(redress, live, "notice.unknown_redress", "live redress entries")
    pending = [rid for rid in redress if live[rid].needs_approval and live[rid].approved_by is None]
    if pending:
        raise LiabilityError("notice.redress_not_approved", f"redress awaiting approval: {', '.join(pending)}")
    if complaint.liability is not None and not complaint.liability.approved:
        raise LiabilityError("notice.liability_not_approved", "a manager must approve the liability determination")
    _delivery(notice, now)
    checked = evolve(notice, findings=findings, appeal_routes=routes, redress=redress)
    complaint._record(DecisionNoticeIssued, actor=actor, now=now, notice=checked)
    return checked


def send_notice(complaint: Complaint, notice: Notice, *, actor: Actor, now: pendulum.DateTime) -> Notice:
    """Record another notice to the complainant (:class:`NoticeSent`).

    Args:
        complaint: the complaint.
        notice: the notice as sent.
        actor: who sent it.
        now: when it is recorded.
    Returns:
        The notice.
    Raises:
        InvalidOperationError: unknown kind or channel, blank summary, a future delivery time.
        LiabilityError: ``notice.duplicate_id`` and the delivery rules of :func:`issue_decision_notice`.
    """
    check.instance(notice, Notice, "notice")
    check.new_id(notice.id, (n.id for n in complaint.notices), "id", "notice.duplicate_id")
    NOTICE_KINDS.check(notice.kind, "kind")
    check.text(notice.summary, "summary", required=True)
    check.text(notice.reference, "reference", limit=check.MAX_SHORT_TEXT)
    _delivery(notice, now)
    complaint._record(NoticeSent, actor=actor, now=now, notice=notice)
    return notice
