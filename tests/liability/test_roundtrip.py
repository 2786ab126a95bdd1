"""Events and sections round-trip through JSON; the complaint rebuilds from its trail."""

from __future__ import annotations

import jsonschema

import bankcomplaints as bc
from bankcomplaints import liability as lb
from tests.liability.helpers import resolved


def test_events_round_trip_and_rebuild() -> None:
    """Every event survives structure(unstructure(e)); the trail verifies and rebuilds an equal complaint."""
    c = resolved()
    events = c.collect_events()
    conv = bc.make_converter()
    kinds = {type(e) for e in events}
    assert {lb.EvidenceCollected, lb.InterviewRecorded, lb.FindingRecorded, lb.LiabilityDetermined,
            lb.LiabilityApproved, lb.AccountabilityMeasureDecided, lb.ResolutionPlanned, lb.PlanActionAdded,
            lb.PlanActionProgressed, lb.ResolutionEffectChecked, lb.RedressRecorded, lb.RedressApproved,
            lb.RedressPaid, lb.NoticeSent, lb.DecisionNoticeIssued, lb.FeedbackRecorded,
            lb.CommunicationLogged} <= kinds
    for event in events:
        assert conv.structure(conv.unstructure(event), bc.ComplaintEvent) == event
    assert bc.verify_chain(events).ok
    assert bc.Complaint.from_events(events) == c
    reloaded = [bc.from_json(bc.to_json(e), bc.ComplaintEvent) for e in events]  # type: ignore[type-abstract]
    assert bc.Complaint.from_events(reloaded) == c


def test_reversal_and_site_visit_events_round_trip() -> None:
    """The events the resolved case does not use round-trip too."""
    c = resolved()
    lb.reverse_redress(c, actor=bc.Actor(id="S-017", role="handler"), now=c.updated_at, id="X1", entry_id="R1",
                       reason="paid twice")
    lb.record_site_visit(c, actor=bc.Actor(id="S-017", role="handler"), now=c.updated_at, id="V1", place="ATM",
                         visited_by=[bc.StaffRef(id="S-017")], observations="slot taped", evidence_ids=["E1"])
    conv = bc.make_converter()
    for event in c.pending_events[-2:]:
        assert conv.structure(conv.unstructure(event), bc.ComplaintEvent) == event
    assert bc.Complaint.from_events(c.collect_events()) == c


def test_complaint_snapshot_matches_its_schema() -> None:
    """The complaint's JSON (with every liability section) round-trips and validates against its JSON Schema."""
    c = resolved()
    data = bc.unstructure(c)
    assert bc.structure(data, bc.Complaint) == c
    schema = bc.json_schema(bc.Complaint)
    for section in ("evidence", "findings", "liability", "redress", "decision_notice", "feedback", "communications"):
        assert section in schema["properties"]
    jsonschema.validate(data, schema)


def test_erasure_keeps_the_chain() -> None:
    """Erasing personal data from interviews, feedback and the log leaves a verifiable chain."""
    events = resolved().collect_events()
    erased = bc.erase_personal_data(events)
    assert bc.verify_chain(erased).ok
    rebuilt = bc.Complaint.from_events(erased)
    assert "王芳" not in bc.to_json(rebuilt) and rebuilt.interviews[0].interviewee != "张伟"
