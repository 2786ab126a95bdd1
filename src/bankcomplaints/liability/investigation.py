"""Investigation (调查和核实): evidence, site visits, interviews and findings.

Each record is a complaint operation that checks its input, then records one event.
The library keeps no artefact itself: the host stores the recording, the CCTV clip or the log file,
and the complaint keeps its SHA-256 so that the artefact can later be shown unaltered.
A finding says whether a fact was established or rejected, cites the evidence, visits and
interviews it rests on (which must exist), and judges the truth of what the customer says and the
reasonableness of what they ask (CBIRC Art. 18 ¶1: decide fairly, under law and contract).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints.errors import InvalidOperationError, LiabilityError
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.liability import _checks as check
from bankcomplaints.liability.codes import EVIDENCE_KINDS, REASONABLENESS, TRUTHFULNESS
from bankcomplaints.values import Actor, StaffRef, personal

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "EvidenceCollected",
    "EvidenceItem",
    "Finding",
    "FindingRecorded",
    "Interview",
    "InterviewRecorded",
    "SiteVisit",
    "SiteVisited",
    "collect_evidence",
    "record_finding",
    "record_interview",
    "record_site_visit",
]


# --- values ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EvidenceItem:
    """One piece of evidence (证据) the host stores; ``sha256`` fixes its content.

    ``kind`` is a slug of :data:`~bankcomplaints.liability.codes.EVIDENCE_KINDS`;
    ``source`` says where it came from (e.g. ``"ATM 0421 journal"``, ``"core banking"``).
    """

    id: str
    kind: str
    source: str
    description: str
    collected_by: StaffRef
    collected_at: pendulum.DateTime
    sha256: str
    location: str = ""


@attrs.frozen(kw_only=True)
class SiteVisit:
    """A visit to the site (现场核实): who went, when, what they saw, and the evidence taken there."""

    id: str
    place: str
    visited_by: tuple[StaffRef, ...]
    visited_at: pendulum.DateTime
    observations: str
    evidence_ids: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Interview:
    """An interview with a party (询问): who, in what role, what they said, and whether they signed it.

    ``role`` is free text such as ``customer``, ``teller``, ``witness`` or ``partner``;
    ``staff_id`` is set when the interviewee is a member of staff.
    """

    id: str
    interviewee: str = personal()
    role: str
    staff_id: str | None = None
    conducted_by: StaffRef
    held_at: pendulum.DateTime
    summary: str = personal()
    signed: bool = False


@attrs.frozen(kw_only=True)
class Finding:
    """A fact the investigation established or rejected (核实结论), with what it rests on.

    Attributes:
        id: the finding's id on this complaint.
        statement: the fact, in one or two sentences.
        established: ``True`` if the fact is established, ``False`` if it is rejected.
        evidence_ids: the evidence items it rests on.
        interview_ids: the interviews it rests on.
        site_visit_ids: the site visits it rests on.
        truthfulness: whether what the customer says on this point is true (``TRUTHFULNESS``);
            ``not_assessed`` unless the handler judges it.
        reasonableness: whether what they ask on this point is reasonable (``REASONABLENESS``);
            ``not_assessed`` unless the handler judges it.
        subject: who or what the fact is about (a staff id, a machine, a partner), for liability.
        tags: what kind of fault the fact shows (``failed_transfer``, ``procedure_lapse``…), read by
            :func:`~bankcomplaints.liability.determination.propose_liability`.
    """

    id: str
    statement: str
    established: bool
    evidence_ids: tuple[str, ...] = ()
    interview_ids: tuple[str, ...] = ()
    site_visit_ids: tuple[str, ...] = ()
    truthfulness: str = "not_assessed"
    reasonableness: str = "not_assessed"
    subject: str = ""
    tags: tuple[str, ...] = ()


# --- events ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EvidenceCollected(ComplaintEvent):
    """An evidence item was collected and its artefact's digest recorded."""

    item: EvidenceItem

    def apply(self, complaint: Complaint) -> None:
        complaint.evidence = (*complaint.evidence, self.item)


@attrs.frozen(kw_only=True)
class SiteVisited(ComplaintEvent):
    """The site was visited."""

    visit: SiteVisit

    def apply(self, complaint: Complaint) -> None:
        complaint.site_visits = (*complaint.site_visits, self.visit)


@attrs.frozen(kw_only=True)
class InterviewRecorded(ComplaintEvent):
    """A party was interviewed."""

    interview: Interview

    def apply(self, complaint: Complaint) -> None:
        complaint.interviews = (*complaint.interviews, self.interview)


@attrs.frozen(kw_only=True)
class FindingRecorded(ComplaintEvent):
    """A finding was recorded."""

    finding: Finding

    def apply(self, complaint: Complaint) -> None:
        complaint.findings = (*complaint.findings, self.finding)


# --- operations ------------------------------------------------------------------------------------


def collect_evidence(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    id: str,
    kind: str,
    source: str,
    description: str,
    collected_by: StaffRef,
    sha256: str,
    collected_at: pendulum.DateTime | None = None,
    location: str = "",
) -> EvidenceItem:
    """Record an evidence item (:class:`EvidenceCollected`).

    Args:
        complaint: the complaint under investigation.
        actor: who records it.
        now: when it is recorded.
        id: the item's id, unique on this complaint (e.g. ``"E1"``).
        kind: a slug of ``EVIDENCE_KINDS`` (``voucher``, ``transaction_record``, ``recording``, ``cctv``,
            ``contract``, ``statement``, ``system_log``).
        source: where the item came from.
        description: what it shows.
        collected_by: the member of staff who collected it.
        sha256: the SHA-256 (64 hex digits) of the artefact as the host stores it.
        collected_at: when it was collected, if not ``now``; not later than ``now``.
        location: where the host keeps the artefact (a document-store key), if useful.
    Returns:
        The recorded item.
    Raises:
        InvalidOperationError: an unknown kind, a malformed digest, blank text, a naive or future time.
        LiabilityError: ``evidence.duplicate_id``: the id is already used.
    """
    item = EvidenceItem(
        id=check.new_id(id, (e.id for e in complaint.evidence), "id", "evidence.duplicate_id"),
        kind=EVIDENCE_KINDS.check(kind, "kind"),
        source=check.text(source, "source", limit=check.MAX_SHORT_TEXT, required=True),
        description=check.text(description, "description", required=True),
        collected_by=check.instance(collected_by, StaffRef, "collected_by"),
        collected_at=check.not_after(now if collected_at is None else collected_at, now, "collected_at"),
        sha256=check.sha256_hex(sha256, "sha256"),
        location=check.text(location, "location", limit=check.MAX_SHORT_TEXT),
    )
    complaint._record(EvidenceCollected, actor=actor, now=now, item=item)
    return item


def record_site_visit(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    id: str,
    place: str,
    visited_by: Sequence[StaffRef],
    observations: str,
    visited_at: pendulum.DateTime | None = None,
    evidence_ids: Sequence[str] = (),
) -> SiteVisit:
    """Record a site visit (:class:`SiteVisited`).

    Args:
        complaint: the complaint under investigation.
        actor: who records it.
        now: when it is recorded.
        id: the visit's id, unique on this complaint.
        place: where (a branch, an ATM, the customer's premises).
        visited_by: the staff who went (at least one).
        observations: what they saw.
        visited_at: when, if not ``now``.
        evidence_ids: evidence items collected there (already recorded).
    Returns:
        The recorded visit.
    Raises:
        InvalidOperationError: blank text, nobody named, a naive or future time.
        LiabilityError: ``site_visit.duplicate_id``, or ``site_visit.unknown_evidence``.
    """
    visitors = tuple(check.instance(s, StaffRef, f"visited_by[{i}]") for i, s in enumerate(visited_by))
    if not visitors:
        raise InvalidOperationError("visited_by", "name at least one member of staff")
    cited = check.ids(evidence_ids, "evidence_ids")
    check.known(cited, (e.id for e in complaint.evidence), "site_visit.unknown_evidence", "evidence")
    visit = SiteVisit(
        id=check.new_id(id, (v.id for v in complaint.site_visits), "id", "site_visit.duplicate_id"),
        place=check.text(place, "place", limit=check.MAX_SHORT_TEXT, required=True),
        visited_by=visitors,
        visited_at=check.not_after(now if visited_at is None else visited_at, now, "visited_at"),
        observations=check.text(observations, "observations", required=True),
        evidence_ids=cited,
    )
    complaint._record(SiteVisited, actor=actor, now=now, visit=visit)
    return visit


def record_interview(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    id: str,
    interviewee: str,
    role: str,
    conducted_by: StaffRef,
    summary: str,
    signed: bool,
    held_at: pendulum.DateTime | None = None,
    staff_id: str | None = None,
) -> Interview:
    """Record an interview (:class:`InterviewRecorded`).

    Args:
        complaint: the complaint under investigation.
        actor: who records it.
        now: when it is recorded.
        id: the interview's id, unique on this complaint.
        interviewee: the person's name (personal data: hashed as a digest, erasable).
        role: their role in the case (``customer``, ``teller``, ``witness``…).
        conducted_by: the member of staff who asked the questions.
        summary: what was said (personal data).
        signed: whether the interviewee signed the record.
        held_at: when, if not ``now``.
        staff_id: the interviewee's staff id, if they are staff.
    Returns:
        The recorded interview.
    Raises:
        InvalidOperationError: blank text, a non-bool ``signed``, a naive or future time.
        LiabilityError: ``interview.duplicate_id``.
    """
    if not isinstance(signed, bool):
        raise InvalidOperationError("signed", "must be true or false")
    interview = Interview(
        id=check.new_id(id, (i.id for i in complaint.interviews), "id", "interview.duplicate_id"),
        interviewee=check.text(interviewee, "interviewee", limit=check.MAX_SHORT_TEXT, required=True),
        role=check.text(role, "role", limit=check.MAX_ID, required=True),
        staff_id=None if staff_id is None else check.ident(staff_id, "staff_id"),
        conducted_by=check.instance(conducted_by, StaffRef, "conducted_by"),
        held_at=check.not_after(now if held_at is None else held_at, now, "held_at"),
        summary=check.text(summary, "summary", required=True),
        signed=signed,
    )
    complaint._record(InterviewRecorded, actor=actor, now=now, interview=interview)
    return interview


def record_finding(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    id: str,
    statement: str,
    established: bool,
    evidence_ids: Sequence[str] = (),
    interview_ids: Sequence[str] = (),
    site_visit_ids: Sequence[str] = (),
    truthfulness: str = "not_assessed",
    reasonableness: str = "not_assessed",
    subject: str = "",
    tags: Sequence[str] = (),
) -> Finding:
    """Record a finding (:class:`FindingRecorded`); it must rest on at least one recorded item.

    Args:
        complaint: the complaint under investigation.
        actor: who records it.
        now: when it is recorded.
        id: the finding's id, unique on this complaint.
        statement: the fact established or rejected.
        established: ``True`` if established, ``False`` if rejected.
        evidence_ids: evidence it rests on.
        interview_ids: interviews it rests on.
        site_visit_ids: site visits it rests on.
        truthfulness: a slug of ``TRUTHFULNESS``.
        reasonableness: a slug of ``REASONABLENESS``.
        subject: who or what the fact is about (staff id, machine id, partner).
        tags: fault tags for the liability proposal rules.
    Returns:
        The recorded finding.
    Raises:
        InvalidOperationError: blank statement, unknown judgement slug, non-bool ``established``.
        LiabilityError: ``finding.duplicate_id``; ``finding.unknown_evidence``,
            ``finding.unknown_interview``, ``finding.unknown_site_visit`` (a cited item does not exist);
            ``finding.unsupported`` (it cites nothing at all).
    """
    if not isinstance(established, bool):
        raise InvalidOperationError("established", "must be true or false")
    evidence = check.ids(evidence_ids, "evidence_ids")
    interviews = check.ids(interview_ids, "interview_ids")
    visits = check.ids(site_visit_ids, "site_visit_ids")
    check.known(evidence, (e.id for e in complaint.evidence), "finding.unknown_evidence", "evidence")
    check.known(interviews, (i.id for i in complaint.interviews), "finding.unknown_interview", "interviews")
    check.known(visits, (v.id for v in complaint.site_visits), "finding.unknown_site_visit", "site visits")
    if not (evidence or interviews or visits):
        raise LiabilityError("finding.unsupported", "a finding must cite evidence, an interview or a visit")
    finding = Finding(
        id=check.new_id(id, (f.id for f in complaint.findings), "id", "finding.duplicate_id"),
        statement=check.text(statement, "statement", required=True),
        established=established,
        evidence_ids=evidence,
        interview_ids=interviews,
        site_visit_ids=visits,
        truthfulness=TRUTHFULNESS.check(truthfulness, "truthfulness"),
        reasonableness=REASONABLENESS.check(reasonableness, "reasonableness"),
        subject=check.text(subject, "subject", limit=check.MAX_ID),
        tags=check.ids(tags, "tags"),
    )
    complaint._record(FindingRecorded, actor=actor, now=now, finding=finding)
    return finding
