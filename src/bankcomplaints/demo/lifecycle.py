"""One complaint's life in the demo: from the counter to the close, through the library's real operations.

:func:`handle` takes a freshly received complaint and walks it through the standard flow
(:data:`~bankcomplaints.workflow.standard.STANDARD_WORKFLOW`) with :func:`~bankcomplaints.workflow.engine.advance`,
triage by the classifier (:func:`~bankcomplaints.classification.triage`), and the investigation,
liability, redress, notice and feedback operations of :mod:`bankcomplaints.liability`.
The flow's transitions run the deadline clocks of the CN-CBIRC-2020 regime themselves (handling from
receipt, extensions with the superior institution's approval and a notice, mediation pauses, the review
clocks); the host adds the regulator's forwarding clock at intake.
What happens to each complaint (declined, withdrawn, extended, mediated, referred out, upheld or not,
reviewed) is drawn from a random generator seeded per complaint, so a run is reproducible.

Every step happens at a planned instant; a step planned after the end of the quarter does not happen,
and the complaint stays where it is, as open cases do in a real quarter-end report.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from decimal import Decimal
from typing import Any

import pendulum

from bankcomplaints.classification import triage
from bankcomplaints.complaint import Complaint
from bankcomplaints.demo.network import Network
from bankcomplaints.liability import (
    DecisionNotice,
    Notice,
    ResponsibleParty,
    add_plan_action,
    approve_redress,
    collect_evidence,
    decide_measure,
    determine_liability,
    log_communication,
    pay_redress,
    record_action_progress,
    record_feedback,
    record_finding,
    record_interview,
    record_redress,
    record_site_visit,
    send_notice,
)
from bankcomplaints.values import Actor, BranchRef, Cause, Kind, Money
from bankcomplaints.workflow import clocks, deadlines
from bankcomplaints.workflow.engine import advance
from bankcomplaints.workflow.standard import CN_REGIME, STANDARD_WORKFLOW

__all__ = ["QuarterEnded", "Timeline", "handle"]

#: Where the investigation usually finds the root of each cause (a bank's experience; illustrative).
ROOT_CAUSE_OF: dict[Cause, str] = {
    Cause.SERVICE_QUALITY: "staff_conduct", Cause.FACILITIES_SYSTEMS: "system", Cause.RULES_PROCESSES: "process",
    Cause.MARKETING: "staff_conduct", Cause.DISCLOSURE: "disclosure", Cause.FREEDOM_OF_CHOICE: "process",
    Cause.PRICING_FEES: "process", Cause.PRODUCT_RETURNS: "product_design", Cause.CONTRACT_TERMS: "product_design",
    Cause.FUNDS_SAFETY: "external_event", Cause.INFO_SECURITY: "system",
    Cause.DEBT_COLLECTION_METHODS: "third_party", Cause.OTHER: "process",
}
_PARTY_OF_ROOT = {"system": ("business_system", "core-banking"), "third_party": ("third_party", "collection-agency"),
                  "product_design": ("department", "product-management"), "external_event": ("branch", "")}
_ROUTES = ("regulator", "court", "arbitration")
_APPEAL_BASIS = "《银行业保险业消费投诉处理管理办法》及相关业务合同条款 (CBIRC Order 2020 No. 3; the contract)"


class QuarterEnded(Exception):
    """A step is planned after the end of the simulated quarter: the complaint stays as it is."""


class Timeline:
    """The instants of one complaint's steps, moving forward only, ending at the quarter's end.

    Args:
        start: the first instant (the receipt).
        end: the end of the quarter; a step planned later raises :class:`QuarterEnded`.
    """

    def __init__(self, start: pendulum.DateTime, end: pendulum.DateTime) -> None:
        self.now, self.end = start, end

    def after(self, *, days: float = 0, hours: float = 0, minutes: float = 0) -> pendulum.DateTime:
        """Move on by the given span and return the new instant.

        Raises:
            QuarterEnded: the instant is after the end of the quarter.
        """
        later = self.now + datetime.timedelta(days=days, hours=hours, minutes=minutes)
        if later > self.end:
            raise QuarterEnded(later.isoformat())
        self.now = later
        return later

    def until(self, instant: pendulum.DateTime) -> pendulum.DateTime:
        """Move on to ``instant`` (or stay, if it is already past).

        Raises:
            QuarterEnded: the instant is after the end of the quarter.
        """
        if instant > self.end:
            raise QuarterEnded(instant.isoformat())
        self.now = max(self.now, instant)
        return self.now


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class _Case:
    """The state of one walk: the complaint, its branch's people, its random draws and its timeline."""

    def __init__(self, complaint: Complaint, network: Network, rng: random.Random, timeline: Timeline) -> None:
        branch = complaint.branch
        if branch is None:  # the generator always names a branch; a host's intake may not
            branch = network.branches[0]
        self.complaint, self.network, self.rng, self.time = complaint, network, rng, timeline
        self.branch: BranchRef = branch
        self.clerk = network.front_line(branch)
        self.handler = network.specialist(branch, rng)
        self.manager = network.manager(branch)
        self.deputy = network.deputy(branch)
        self.senior = network.senior(branch)
        self.system = Actor.system()
        self.delivered_at: pendulum.DateTime | None = None

    def advance(self, trigger: str, actor: Actor, now: pendulum.DateTime, **inputs: Any) -> None:
        advance(self.complaint, trigger, actor=actor, now=now, workflow=STANDARD_WORKFLOW, **inputs)

    def draft(self, kind: str, summary: str, now: pendulum.DateTime, reference: str = "") -> Notice:
        return Notice(id=f"N{len(self.complaint.notices) + 1}", kind=kind, summary=summary, reference=reference,
                      channel="sms", delivered_at=now, proof=f"SMS-{_digest(self.complaint.id, kind, str(now))[:12]}")

    def notice(self, kind: str, summary: str, now: pendulum.DateTime, reference: str = "") -> Notice:
        return send_notice(self.complaint, self.draft(kind, summary, now, reference), actor=self.handler, now=now)


def handle(complaint: Complaint, *, network: Network, rng: random.Random, end: pendulum.DateTime,
           repeat_of: str | None = None, earlier_complaints: int = 0) -> None:
    """Walk a received complaint through the standard flow until it is closed or the quarter ends.

    Args:
        complaint: a complaint just received (status ``received``); its events stay pending for the host.
        network: the branch network whose staff act.
        rng: the complaint's own random generator (seed it per complaint for reproducible runs).
        end: the end of the quarter; no step happens after it.
        repeat_of: the id of an earlier complaint by the same customer on the same matter.
        earlier_complaints: how many earlier complaints the customer made this quarter (risk input).
    Raises:
        ComplaintError: an operation refused (a bug in the demo, never an expected outcome).
    """
    case = _Case(complaint, network, rng, Timeline(complaint.received_at, end))
    _forwarding_clock(case)
    try:
        _walk(case, repeat_of, earlier_complaints)
    except QuarterEnded:
        return


def _forwarding_clock(case: _Case) -> None:
    """Time the regulator's forwarding of a forwarded complaint (CBIRC Art. 33: 7 working days on the China
    calendar), from its receipt at the regulator to the bank's receipt: the host records it at intake."""
    c = case.complaint
    if c.forwarded_at is None:
        return
    clocks.start_clock(c, regime=CN_REGIME, clock="regulator_forwarding", actor=case.clerk, now=c.received_at,
                       start=c.forwarded_at)
    clocks.stop_clock(c, regime=CN_REGIME, clock="regulator_forwarding", actor=case.clerk, now=c.received_at,
                      at=c.received_at)


def _walk(case: _Case, repeat_of: str | None, earlier_complaints: int) -> None:
    c, rng, time = case.complaint, case.rng, case.time
    now = time.after(minutes=rng.randrange(5, 90))
    case.advance("register", case.clerk, now, handler=case.network.staff(case.handler), no_conflict_declared=True,
                 reason="complaint desk assignment")
    if rng.random() < 0.02:
        now = time.after(hours=rng.randrange(2, 20))
        told = case.draft("decline", "不予受理：投诉人既非客户本人也非其代理人 (Art. 18 ¶4)", now)
        case.advance("decline", case.handler, now, reason="submitter is neither the customer nor their agent",
                     notice=told)
        return
    now = time.after(hours=rng.randrange(1, 20))
    log_communication(c, actor=case.handler, now=now, channel="phone", direction="outbound",
                      summary="called the customer back, explained the procedure", staff_id=case.handler.id)
    case.advance("accept", case.handler, now)
    if repeat_of is not None:
        c.link("repeat_of", repeat_of, actor=case.handler, now=now, reason="same customer, same business")
    now = time.after(minutes=rng.randrange(1, 30))
    triage(c, actor=case.system, now=now, earlier_complaints=earlier_complaints)
    case.advance("triage", case.system, now)
    if c.kind is not Kind.COMPLAINT:
        now = time.after(hours=rng.randrange(1, 48))
        case.advance("answer", case.handler, now)
        case.advance("close", case.handler, time.after(minutes=rng.randrange(5, 60)))
        return
    if rng.random() < 0.02:
        case.advance("withdraw", case.clerk, time.after(days=rng.randrange(1, 5)),
                     reason="the customer withdrew: the matter was settled at the counter")
        return
    _investigate(case)


def _investigate(case: _Case) -> None:
    c, rng, time = case.complaint, case.rng, case.time
    received = c.received_at
    extension = rng.choices((0, 1, 2), weights=(88, 9, 3))[0]
    late = extension == 0 and rng.random() < 0.05
    decision_day = (rng.randrange(16, 23) if late else rng.randrange(2, 13)) if extension == 0 else (
        rng.randrange(17, 29) if extension == 1 else rng.randrange(33, 56))
    decision_at = received.add(days=decision_day)
    now = case.time.after(hours=rng.randrange(1, 24))
    case.advance("investigate", case.handler, now)
    staff = case.network.staff(case.handler)
    kinds = rng.sample(("voucher", "transaction_record", "recording", "cctv", "contract", "system_log"),
                       rng.randrange(1, 4))
    for number, kind in enumerate(kinds, start=1):
        now = time.after(hours=rng.randrange(1, 30))
        collect_evidence(c, actor=case.handler, now=now, id=f"E{number}", kind=kind, source=case.branch.code,
                         description=f"{kind} for {c.id}", collected_by=staff, sha256=_digest(c.id, kind))
    if rng.random() < 0.3:
        now = time.after(hours=rng.randrange(1, 24))
        record_site_visit(c, actor=case.handler, now=now, id="V1", place=case.branch.name or case.branch.code,
                          visited_by=(staff,), observations="checked the counter and the machine on site")
    interviewed = rng.random() < 0.4 or bool(c.staff_complained)
    if interviewed:
        now = time.after(hours=rng.randrange(1, 24))
        who = c.staff_complained[0].id if c.staff_complained else case.clerk.id
        record_interview(c, actor=case.handler, now=now, id="I1", interviewee=who, role="staff",
                         conducted_by=staff, summary="statement taken and signed", signed=True, staff_id=who)
    if extension >= 1:
        _extend(case, received, extension)
    outcome = rng.choices(("upheld", "partly_upheld", "not_upheld"), weights=(45, 25, 30))[0]
    finding_at = decision_at.subtract(days=1) if decision_at.subtract(days=1) > time.now else time.now
    now = time.until(finding_at)
    statement = ("the records show the bank acted as agreed; the customer's account is not borne out"
                 if outcome == "not_upheld" else "the records bear out the customer's account")
    evidence = tuple(f"E{number}" for number in range(1, len(kinds) + 1))
    record_finding(c, actor=case.handler, now=now, id="F1", statement=statement, established=True,
                   evidence_ids=evidence, interview_ids=("I1",) if interviewed else (),
                   truthfulness="untrue" if outcome == "not_upheld" else "true",
                   reasonableness={"upheld": "reasonable", "partly_upheld": "partly_reasonable"}.get(outcome,
                                                                                                   "unreasonable"))
    if rng.random() < 0.01:
        case.advance("refer_out", case.manager, time.after(hours=rng.randrange(1, 24)),
                     referred_to=rng.choice(_ROUTES), reason="the customer went to court; handling ends")
        return
    _determine(case, outcome)
    _resolve_and_notify(case, outcome, decision_at)


def _extend(case: _Case, received: pendulum.DateTime, extension: int) -> None:
    rng, time = case.rng, case.time
    now = time.until(received.add(days=rng.randrange(11, 14), hours=rng.randrange(0, 8)))
    case.notice("extension", "案情复杂，处理期限延长至30日 (Art. 18 ¶1)", now, reference="complex")
    case.advance("extend_deadline", case.handler, now, reason="complex case")
    if extension == 2:
        now = time.until(received.add(days=rng.randrange(24, 28), hours=rng.randrange(0, 8)))
        case.notice("extension", "情况特别复杂，经上级机构批准延长至60日 (Art. 18 ¶1)", now,
                    reference="especially_complex")
        approval = deadlines.Approval(key="superior_approval", approver_role="superior_institution",
                                      approver_id=case.senior.id, approved_at=now)
        told = deadlines.ClockNotice(key="complainant", channel="sms", sent_at=now)
        case.advance("extend_deadline_further", case.senior, now, reason="especially complex case, approved",
                     approvals=(approval,), notices=(told,))


def _determine(case: _Case, outcome: str, finding: str = "F1") -> None:
    c, rng, time = case.complaint, case.rng, case.time
    now = time.after(hours=rng.randrange(1, 6))
    parties: tuple[ResponsibleParty, ...]
    if outcome == "not_upheld":
        parties = (ResponsibleParty(kind="customer", share=Decimal(100), finding_ids=(finding,)),)
        root = "customer_error"
    else:
        root = ROOT_CAUSE_OF.get(c.cause or Cause.OTHER, "process")
        if c.staff_complained:
            parties = (ResponsibleParty(kind="staff", ref=c.staff_complained[0].id, share=Decimal(60),
                                        finding_ids=(finding,)),
                       ResponsibleParty(kind="branch", ref=case.branch.code, share=Decimal(40),
                                        finding_ids=(finding,)))
        else:
            kind, ref = _PARTY_OF_ROOT.get(root, ("branch", ""))
            parties = (ResponsibleParty(kind=kind, ref=ref or case.branch.code, share=Decimal(100),
                                        finding_ids=(finding,)),)
    determine_liability(c, actor=case.handler, now=now, parties=parties, root_cause=root,
                        reasons="as found by the investigation")
    case.advance("approve_liability", case.manager, time.after(hours=rng.randrange(1, 8)), reason="approved")
    if c.staff_complained and outcome != "not_upheld":
        decide_measure(c, actor=case.manager, now=time.after(minutes=30), id=f"M{len(c.accountability) + 1}",
                       kind="training", target_kind="staff", target_ref=c.staff_complained[0].id,
                       reason="service standards refresher", due=time.now.date() + datetime.timedelta(days=30))


def _redress(case: _Case) -> tuple[str, ...]:
    c, rng, time = case.complaint, case.rng, case.time
    if c.amount is not None and c.amount.currency == "CNY":
        share = Decimal(rng.choice((100, 100, 50, 20))) / 100
        amount = Money((c.amount.amount * share).quantize(Decimal("0.01")), "CNY")
        kind = "compensation"
    else:
        amount, kind = Money(rng.choice((50, 100, 200, 500)), "CNY"), "fee_refund"
    now = time.after(hours=rng.randrange(1, 8))
    entry = record_redress(c, actor=case.handler, now=now, id="R1", type=kind, amount=amount,
                           description="redress as decided")
    if entry.needs_approval:
        approve_redress(c, actor=case.deputy, now=time.after(hours=rng.randrange(1, 8)), entry_id="R1")
    pay_redress(c, actor=case.handler, now=time.after(hours=rng.randrange(1, 24)), entry_id="R1",
                payment_ref=f"PAY-{_digest(c.id, 'R1')[:10]}")
    return ("R1",)


def _handling_due(case: _Case) -> pendulum.DateTime:
    """When the handling clock is due (mediation can pause a clock only while it runs in time)."""
    return clocks.find_clock(case.complaint, CN_REGIME, "handling_decision").due(case.time.now)


def _resolve_and_notify(case: _Case, outcome: str, decision_at: pendulum.DateTime) -> None:
    c, rng, time = case.complaint, case.rng, case.time
    if rng.random() < 0.03 and _handling_due(case) > time.now.add(days=1):
        now = time.after(hours=rng.randrange(1, 24))
        case.notice("mediation", "经客户同意，提交调解组织调解 (Art. 23)", now)
        case.advance("refer_to_mediation", case.manager, now, customer_agreed=True)
        case.advance("end_mediation", case.manager, time.after(days=rng.randrange(3, 10)))
        decision_at = decision_at.add(days=5)
    redress = _redress(case) if outcome != "not_upheld" and rng.random() < 0.7 else ()
    if c.status == "liability_determined":
        now = time.after(hours=rng.randrange(1, 8))
        paid = c.redress.total("CNY") if redress else None
        case.advance("plan_resolution", case.manager, now, summary="carry out the decision and prevent a recurrence",
                     **({"redress": paid} if paid is not None else {}))
        add_plan_action(c, actor=case.manager, now=now, id="A1", description="explain the decision to the customer",
                        owner=case.network.staff(case.handler), due=now.date() + datetime.timedelta(days=3))
    _notify(case, outcome, redress, decision_at)
    _feedback(case, outcome)
    _after_close(case)


def _notify(case: _Case, outcome: str, redress: tuple[str, ...], decision_at: pendulum.DateTime,
            findings: tuple[str, ...] = ("F1",)) -> None:
    c, rng, time = case.complaint, case.rng, case.time
    now = time.until(decision_at.set(hour=rng.randrange(9, 18), minute=rng.randrange(60)))
    notice = DecisionNotice(findings=findings, basis=_APPEAL_BASIS, reasons="as found by the investigation",
                            outcome=outcome, redress=redress, channel="post", delivered_at=now,
                            proof=f"EMS-{_digest(c.id, str(now))[:12]}")
    case.advance("notify_decision", case.handler, now, notice=notice)
    if c.resolution_plan is not None and any(a.id == "A1" and a.status == "open" for a in c.resolution_plan.actions):
        record_action_progress(c, actor=case.handler, now=now, action_id="A1", status="done",
                               note="decision explained")
    case.delivered_at = now


def _feedback(case: _Case, outcome: str, *, may_review: bool = True) -> None:
    c, rng, time = case.complaint, case.rng, case.time
    case.advance("await_feedback", case.system, time.after(hours=rng.randrange(1, 24)))
    satisfied = rng.random() < (0.9 if outcome != "not_upheld" else 0.55)
    unreachable = rng.random() < 0.05
    review = may_review and not satisfied and not unreachable and rng.random() < 0.3
    now = time.after(days=rng.randrange(1, 4))
    if unreachable:
        record_feedback(c, actor=case.handler, now=now, satisfaction="unreachable", channel="phone",
                        reason="three calls unanswered")
    elif satisfied:
        record_feedback(c, actor=case.handler, now=now, satisfaction=rng.choice(("satisfied", "basically_satisfied")),
                        channel="phone")
    else:
        record_feedback(c, actor=case.handler, now=now, satisfaction="dissatisfied", channel="phone",
                        reason="the customer disagrees with the decision", request="review" if review else None)
    case.advance("close", case.handler, time.after(hours=rng.randrange(1, 8)))
    if review:
        _review(case)


def _review(case: _Case) -> None:
    c, rng, time = case.complaint, case.rng, case.time
    now = time.after(days=rng.randrange(1, 10))
    case.advance("request_review", case.handler, now, reason="the customer asked the superior institution to review")
    case.notice("review", "核查申请已受理，上级机构将于30日内作出核查决定 (Art. 20)", now)
    now = time.after(days=rng.randrange(5, 25))
    if rng.random() < 0.25:
        case.advance("overturn_decision", case.senior, now, reason="the review found the decision too narrow")
        record_finding(c, actor=case.handler, now=time.after(days=rng.randrange(1, 4)), id="F2",
                       statement="the review established the customer's account", established=True,
                       evidence_ids=("E1",), truthfulness="true", reasonableness="reasonable")
        _determine(case, "upheld", finding="F2")
        _notify(case, "upheld", (), time.now.add(days=rng.randrange(1, 5)), findings=("F1", "F2"))
        _feedback(case, "upheld", may_review=False)
    else:
        case.advance("uphold_decision", case.senior, now, reason="the review upholds the branch's decision")


def _after_close(case: _Case) -> None:
    c, rng, time = case.complaint, case.rng, case.time
    if c.status != "closed":
        return
    if c.complainant.key_customer or c.major:
        case.advance("start_follow_up", case.handler, time.after(days=rng.randrange(1, 5)))
        case.advance("end_follow_up", case.handler, time.after(days=rng.randrange(3, 15)))
    if case.delivered_at is not None:
        case.advance("archive", case.system, time.until(case.delivered_at.add(days=32)))
