"""Liability (责任认定): who is responsible, for what share, and why.

A determination names the responsible parties (staff, branch, department, business system,
third-party partner under CBIRC Art. 10, the customer, or no fault), each with an exact
percentage share and the findings that support it; the shares sum to exactly 100.
It names one root cause from a table the bank can extend.
It is recorded by anyone (usually the handler) and takes effect only when a manager approves it
with :func:`approve_liability`.

:func:`propose_liability` reads the findings and proposes a determination by rules
(a system-log finding of a failed transfer points at the business system, and so on).
It is only a proposal: it changes nothing and must still be recorded and approved.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints._builders import evolve
from bankcomplaints.errors import InvalidOperationError, LiabilityError
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.liability import _checks as check
from bankcomplaints.liability.codes import MANAGER_ROLES, PARTY_KINDS, ROOT_CAUSES, CodeTable
from bankcomplaints.values import Actor

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "DEFAULT_PROPOSAL_RULES",
    "PARTIES_NEEDING_REF",
    "LiabilityApproved",
    "LiabilityDetermination",
    "LiabilityDetermined",
    "LiabilityProposal",
    "ProposalRule",
    "ResponsibleParty",
    "approve_liability",
    "determine_liability",
    "propose_liability",
]

HUNDRED = Decimal(100)

#: Party kinds that must name who or what (a staff id, a branch code, a system, a partner).
PARTIES_NEEDING_REF = frozenset({"staff", "branch", "department", "business_system", "third_party"})


@attrs.frozen(kw_only=True)
class ResponsibleParty:
    """One responsible party and its share, in exact percent.

    Attributes:
        kind: a slug of ``PARTY_KINDS``.
        ref: who or what: a staff id, branch code, department, system or partner name
            (blank for the customer and for no fault).
        share: the percentage of liability, e.g. ``Decimal("60")``.
        finding_ids: the findings that support it.
        name: a display name.
        reason: why this party bears this share.
    """

    kind: str
    ref: str = ""
    share: Decimal
    finding_ids: tuple[str, ...]
    name: str = ""
    reason: str = ""


@attrs.frozen(kw_only=True)
class LiabilityDetermination:
    """Who is responsible and why; in effect once ``approved_by`` names the approving manager."""

    parties: tuple[ResponsibleParty, ...]
    root_cause: str
    reasons: str
    determined_by: str
    determined_at: pendulum.DateTime
    approved_by: str | None = None
    approved_at: pendulum.DateTime | None = None
    proposal_explanation: tuple[str, ...] = ()

    @property
    def approved(self) -> bool:
        """Whether a manager has approved it."""
        return self.approved_by is not None

    def share_of(self, kind: str, ref: str = "") -> Decimal:
        """The share of the party ``(kind, ref)``, zero if it is not a party."""
        return sum((p.share for p in self.parties if p.kind == kind and p.ref == ref), Decimal(0))


@attrs.frozen(kw_only=True)
class ProposalRule:
    """A proposal rule: an established finding with one of ``tags`` (and, if given, citing evidence of
    one of ``evidence_kinds``) points at a ``party`` kind, with ``root_cause``."""

    name: str
    tags: frozenset[str]
    party: str
    root_cause: str
    evidence_kinds: frozenset[str] = frozenset()


def _rule(name: str, tags: set[str], party: str, root_cause: str, kinds: set[str] | None = None) -> ProposalRule:
    return ProposalRule(name=name, tags=frozenset(tags), party=party, root_cause=root_cause,
                        evidence_kinds=frozenset(kinds or ()))


#: The rules :func:`propose_liability` uses unless given others; the first matching rule wins per finding.
DEFAULT_PROPOSAL_RULES: tuple[ProposalRule, ...] = (
    _rule("system_fault_in_logs", {"failed_transfer", "machine_fault", "system_error"}, "business_system", "system",
          {"system_log", "transaction_record"}),
    _rule("partner_fault", {"partner_fault"}, "third_party", "third_party"),
    _rule("procedure_lapse", {"procedure_lapse", "staff_misconduct"}, "staff", "staff_conduct"),
    _rule("skill_gap", {"skill_gap"}, "staff", "staff_skills"),
    _rule("disclosure_gap", {"disclosure_gap"}, "branch", "disclosure"),
    _rule("process_gap", {"process_gap"}, "department", "process"),
    _rule("product_flaw", {"product_flaw"}, "department", "product_design"),
    _rule("customer_error", {"customer_error"}, "customer", "customer_error"),
)


@attrs.frozen(kw_only=True)
class LiabilityProposal:
    """A proposed determination: not in effect until recorded and approved by a manager.

    ``explanation`` lists each rule that fired and the finding it fired on.
    """

    parties: tuple[ResponsibleParty, ...]
    root_cause: str | None
    explanation: tuple[str, ...]
    needs_approval: bool = True


# --- events ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LiabilityDetermined(ComplaintEvent):
    """A liability determination was recorded, awaiting a manager's approval."""

    determination: LiabilityDetermination

    def apply(self, complaint: Complaint) -> None:
        complaint.liability = self.determination


@attrs.frozen(kw_only=True)
class LiabilityApproved(ComplaintEvent):
    """A manager approved the current liability determination."""

    note: str = ""

    def apply(self, complaint: Complaint) -> None:
        if complaint.liability is not None:
            complaint.liability = evolve(
                complaint.liability, approved_by=self.actor.id, approved_at=self.occurred_at
            )


# --- operations ------------------------------------------------------------------------------------


def _party(party: object, index: int, complaint: Complaint) -> ResponsibleParty:
    where = f"parties[{index}]"
    checked: ResponsibleParty = check.instance(party, ResponsibleParty, where)
    PARTY_KINDS.check(checked.kind, f"{where}.kind")
    check.text(checked.ref, f"{where}.ref", limit=check.MAX_ID)
    if checked.kind in PARTIES_NEEDING_REF and not checked.ref.strip():
        raise InvalidOperationError(f"{where}.ref", f"a {checked.kind} party must say who or what it is")
    share = check.decimal(checked.share, f"{where}.share")
    if not Decimal(0) < share <= HUNDRED:
        raise LiabilityError("liability.share_out_of_range", f"{where} has share {share}, not in (0, 100]")
    cited = check.ids(checked.finding_ids, f"{where}.finding_ids")
    if not cited:
        raise LiabilityError("liability.party_without_findings", f"{where} ({checked.kind}) cites no finding")
    findings = {f.id: f for f in complaint.findings}
    check.known(cited, findings, "liability.unknown_finding", f"findings in {where}")
    if checked.kind != "no_fault":
        rejected = [fid for fid in cited if not findings[fid].established]
        if rejected:
            raise LiabilityError("liability.rejected_finding",
                                 f"{where} rests on rejected findings {', '.join(rejected)}")
    check.text(checked.name, f"{where}.name", limit=check.MAX_SHORT_TEXT)
    check.text(checked.reason, f"{where}.reason", limit=check.MAX_SHORT_TEXT)
    return evolve(checked, share=share, finding_ids=cited)


def determine_liability(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    parties: Sequence[ResponsibleParty],
    root_cause: str,
    reasons: str,
    root_causes: CodeTable = ROOT_CAUSES,
    proposal: LiabilityProposal | None = None,
) -> LiabilityDetermination:
    """Record a liability determination (:class:`LiabilityDetermined`), pending a manager's approval.

    A new determination replaces an earlier one (e.g. after a review); the trail keeps both.

    Args:
        complaint: the complaint.
        actor: who records it (anyone; approval is separate).
        now: when.
        parties: the responsible parties; shares sum to exactly 100.
        root_cause: a slug of ``root_causes``.
        reasons: why, in words the decision notice can repeat.
        root_causes: the bank's root-cause table (default :data:`~bankcomplaints.liability.codes.ROOT_CAUSES`).
        proposal: the proposal it follows, if any; its explanation is kept.
    Returns:
        The recorded determination (not yet approved).
    Raises:
        InvalidOperationError: an unknown party kind or root cause, a share that is a float, a party
            that must name who it is but does not, blank reasons.
        LiabilityError: ``liability.no_findings`` (nothing has been found yet), ``liability.no_parties``,
            ``liability.share_out_of_range``, ``liability.shares_not_100``, ``liability.duplicate_party``,
            ``liability.no_fault_with_others``, ``liability.party_without_findings``,
            ``liability.unknown_finding``, ``liability.rejected_finding``.
    """
    if not complaint.findings:
        raise LiabilityError("liability.no_findings", "record at least one finding before determining liability")
    if isinstance(parties, ResponsibleParty) or not parties:
        raise LiabilityError("liability.no_parties", "name at least one responsible party (or no_fault)")
    checked = tuple(_party(party, index, complaint) for index, party in enumerate(parties))
    keys = [(p.kind, p.ref) for p in checked]
    if len(set(keys)) != len(keys):
        raise LiabilityError("liability.duplicate_party", "a party appears twice; merge its shares")
    if any(p.kind == "no_fault" for p in checked) and len(checked) > 1:
        raise LiabilityError("liability.no_fault_with_others", "no_fault excludes every other party")
    total = sum((p.share for p in checked), Decimal(0))
    if total != HUNDRED:
        raise LiabilityError("liability.shares_not_100", f"shares sum to {total}, not exactly 100")
    if proposal is not None:
        check.instance(proposal, LiabilityProposal, "proposal")
    determination = LiabilityDetermination(
        parties=checked,
        root_cause=root_causes.check(root_cause, "root_cause"),
        reasons=check.text(reasons, "reasons", required=True),
        determined_by=check.instance(actor, Actor, "actor").id,
        determined_at=check.instant(now, "now"),
        proposal_explanation=() if proposal is None else proposal.explanation,
    )
    complaint._record(LiabilityDetermined, actor=actor, now=now, determination=determination)
    return determination


def approve_liability(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    note: str = "",
    roles: Collection[str] = MANAGER_ROLES,
) -> LiabilityDetermination:
    """A manager approves the current determination (:class:`LiabilityApproved`).

    Args:
        complaint: the complaint.
        actor: the approving manager.
        now: when.
        note: the manager's remark.
        roles: the roles that may approve (default ``MANAGER_ROLES``).
    Returns:
        The approved determination.
    Raises:
        PermissionDeniedError: the actor's role is not one of ``roles``.
        LiabilityError: ``liability.none`` (nothing to approve), ``liability.already_approved``.
    """
    check.require_role(actor, roles, "approve_liability")
    current = complaint.liability
    if current is None:
        raise LiabilityError("liability.none", "no liability determination to approve")
    if current.approved:
        raise LiabilityError("liability.already_approved", f"already approved by {current.approved_by}")
    complaint._record(LiabilityApproved, actor=actor, now=now, note=check.text(note, "note"))
    assert complaint.liability is not None
    return complaint.liability


def _equal_shares(count: int) -> list[Decimal]:
    """``count`` shares of 100 to the cent, exact in sum; the first takes the remainder."""
    each = (HUNDRED / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    shares = [each] * count
    shares[0] += HUNDRED - each * count
    return shares


def propose_liability(
    complaint: Complaint, rules: Sequence[ProposalRule] = DEFAULT_PROPOSAL_RULES
) -> LiabilityProposal:
    """Propose a determination from the complaint's findings, by rules; changes nothing.

    Each established finding is matched against ``rules`` in order and the first match names a party
    (its ``subject`` becomes the party's ``ref``); shares are split equally, to the cent.
    If every finding was rejected, the proposal is ``no_fault``.
    The root cause is that of the first rule that fired.

    Args:
        complaint: the complaint with its findings and evidence.
        rules: the proposal rules (default :data:`DEFAULT_PROPOSAL_RULES`).
    Returns:
        A :class:`LiabilityProposal` whose ``explanation`` lists every rule that fired.
    """
    kinds = {item.id: item.kind for item in complaint.evidence}
    matched: dict[tuple[str, str], list[str]] = {}
    causes: list[str] = []
    explanation: list[str] = []
    for finding in complaint.findings:
        if not finding.established:
            continue
        cited_kinds = {kinds[eid] for eid in finding.evidence_ids if eid in kinds}
        for rule in rules:
            tags = rule.tags.intersection(finding.tags)
            if not tags or (rule.evidence_kinds and not rule.evidence_kinds & cited_kinds):
                continue
            ref = finding.subject if rule.party in PARTIES_NEEDING_REF else ""
            matched.setdefault((rule.party, ref), []).append(finding.id)
            causes.append(rule.root_cause)
            explanation.append(
                f"rule {rule.name}: finding {finding.id} ({', '.join(sorted(tags))}) -> {rule.party}"
                + (f" {ref}" if ref else "")
                + ("" if ref or rule.party not in PARTIES_NEEDING_REF else " (finding names no subject)")
            )
            break
    if not matched:
        rejected = [f.id for f in complaint.findings if not f.established]
        if rejected and len(rejected) == len(complaint.findings):
            explanation.append(f"every finding was rejected ({', '.join(rejected)}) -> no_fault")
            party = ResponsibleParty(kind="no_fault", share=HUNDRED, finding_ids=tuple(rejected))
            return LiabilityProposal(parties=(party,), root_cause=None, explanation=tuple(explanation))
        explanation.append("no rule matched an established finding; determine liability by hand")
        return LiabilityProposal(parties=(), root_cause=None, explanation=tuple(explanation))
    shares = _equal_shares(len(matched))
    parties = tuple(
        ResponsibleParty(kind=kind, ref=ref, share=share, finding_ids=tuple(found))
        for ((kind, ref), found), share in zip(matched.items(), shares, strict=True)
    )
    return LiabilityProposal(parties=parties, root_cause=causes[0], explanation=tuple(explanation))
