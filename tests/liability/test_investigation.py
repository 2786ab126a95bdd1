"""Investigation: evidence with integrity digests, visits, interviews, and findings that cite what exists."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints import liability as lb
from tests.liability.helpers import HANDLER, HANDLER_REF, at, digest, investigated, received, refused


def _evidence(c: bc.Complaint, **changes: object) -> lb.EvidenceItem:
    fields: dict[str, object] = {
        "actor": HANDLER, "now": at(1), "id": "E9", "kind": "voucher", "source": "counter",
        "description": "deposit slip", "collected_by": HANDLER_REF, "sha256": digest(b"slip"),
    }
    return lb.collect_evidence(c, **(fields | changes))  # type: ignore[arg-type]


class TestEvidence:
    def test_records_item_and_event(self) -> None:
        """collect_evidence appends the item, lower-cases the digest and queues EvidenceCollected."""
        c = received()
        item = _evidence(c, sha256=digest(b"slip").upper(), collected_at=at(0.5))
        assert c.evidence == (item,)
        assert item.sha256 == digest(b"slip") and item.collected_at == at(0.5)
        assert isinstance(c.pending_events[-1], lb.EvidenceCollected)
        assert c.status == "received"

    @given(st.binary(max_size=64))
    def test_any_sha256_is_accepted(self, content: bytes) -> None:
        """The digest of any artefact is accepted as it is."""
        c = received()
        assert _evidence(c, sha256=digest(content)).sha256 == digest(content)

    @given(st.text(alphabet=string.hexdigits + "xyz- ", max_size=70).filter(
        lambda s: not (len(s) == 64 and all(ch in string.hexdigits for ch in s))))
    def test_malformed_digest_refused(self, text: str) -> None:
        """Anything but 64 hex digits is refused and changes nothing."""
        info = refused(received(), bc.InvalidOperationError, _evidence, sha256=text)
        assert info.value.field == "sha256"  # type: ignore[attr-defined]

    @pytest.mark.parametrize(("field", "value"), [
        ("kind", "photo"), ("source", " "), ("collected_by", "S-017"), ("collected_at", at(2)),
        ("description", ""),
    ])
    def test_bad_input_refused(self, field: str, value: object) -> None:
        """Unknown kind, blank text, a non-StaffRef collector and a future time are refused."""
        info = refused(received(), bc.InvalidOperationError, _evidence, **{field: value})
        assert info.value.field == field  # type: ignore[attr-defined]

    def test_duplicate_id_refused(self) -> None:
        """A second item under the same id is refused."""
        c = received()
        _evidence(c)
        refused(c, bc.LiabilityError, _evidence, rule="evidence.duplicate_id", now=at(2))


class TestVisitsAndInterviews:
    def test_site_visit_cites_known_evidence(self) -> None:
        """A visit records who went and the evidence taken; unknown evidence is refused."""
        c = investigated()
        visit = lb.record_site_visit(c, actor=HANDLER, now=at(4), id="V1", place="ATM 0421",
                                     visited_by=[HANDLER_REF], observations="deposit slot jammed",
                                     evidence_ids=["E1"])
        assert c.site_visits == (visit,) and visit.visited_by == (HANDLER_REF,)
        refused(c, bc.LiabilityError, lb.record_site_visit, rule="site_visit.unknown_evidence", actor=HANDLER,
                now=at(5), id="V2", place="ATM", visited_by=[HANDLER_REF], observations="x", evidence_ids=["E7"])
        refused(c, bc.InvalidOperationError, lb.record_site_visit, actor=HANDLER, now=at(5), id="V2",
                place="ATM", visited_by=[], observations="x")

    def test_interview_keeps_personal_data_out_of_repr(self) -> None:
        """The interviewee's name and the summary are personal: masked in repr, kept in the value."""
        c = received()
        interview = lb.record_interview(c, actor=HANDLER, now=at(1), id="I1", interviewee="王芳", role="customer",
                                        conducted_by=HANDLER_REF, summary="inserted 20 notes", signed=False)
        assert interview.interviewee == "王芳" and "王芳" not in repr(interview)
        refused(c, bc.InvalidOperationError, lb.record_interview, actor=HANDLER, now=at(2), id="I2",
                interviewee="x", role="teller", conducted_by=HANDLER_REF, summary="s", signed="yes")
        refused(c, bc.LiabilityError, lb.record_interview, rule="interview.duplicate_id", actor=HANDLER,
                now=at(2), id="I1", interviewee="x", role="teller", conducted_by=HANDLER_REF, summary="s",
                signed=True)


class TestFindings:
    def test_records_judgements(self) -> None:
        """A finding keeps its evidence, judgements, subject and tags."""
        c = investigated()
        first = c.findings[0]
        assert (first.established, first.evidence_ids, first.truthfulness) == (True, ("E1", "E2"), "true")
        assert first.tags == ("machine_fault",) and first.subject == "ATM-0421"

    @pytest.mark.parametrize(("cites", "rule"), [
        ({"evidence_ids": ["E1", "E404"]}, "finding.unknown_evidence"),
        ({"interview_ids": ["I404"]}, "finding.unknown_interview"),
        ({"site_visit_ids": ["V404"]}, "finding.unknown_site_visit"),
        ({}, "finding.unsupported"),
    ])
    def test_unknown_or_missing_support_refused(self, cites: dict[str, list[str]], rule: str) -> None:
        """A finding citing something not recorded, or citing nothing, is refused and changes nothing."""
        refused(investigated(), bc.LiabilityError, lb.record_finding, rule=rule, actor=HANDLER, now=at(9),
                id="F9", statement="s", established=True, **cites)

    def test_bad_judgement_refused(self) -> None:
        """Judgements are slugs of their tables."""
        refused(investigated(), bc.InvalidOperationError, lb.record_finding, actor=HANDLER, now=at(9), id="F9",
                statement="s", established=False, evidence_ids=["E1"], reasonableness="fair")
        refused(investigated(), bc.LiabilityError, lb.record_finding, rule="finding.duplicate_id", actor=HANDLER,
                now=at(9), id="F1", statement="s", established=False, evidence_ids=["E1"])
