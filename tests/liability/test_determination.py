"""Liability: exact shares summing to 100, parties tied to findings, proposals, manager approval."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints import liability as lb
from tests.liability.helpers import (
    HANDLER,
    HANDLER_REF,
    MANAGER,
    SPLIT,
    at,
    determined,
    digest,
    investigated,
    received,
    refused,
)

staff_party = SPLIT[1]
system_party = SPLIT[0]


def _determine(c: bc.Complaint, parties: object, **changes: object) -> object:
    fields: dict[str, object] = {"actor": HANDLER, "now": at(10), "parties": parties, "root_cause": "system",
                                 "reasons": "r"}
    return lb.determine_liability(c, **(fields | changes))  # type: ignore[arg-type]


class TestShares:
    @given(st.data())
    def test_only_exactly_100_is_accepted(self, data: st.DataObject) -> None:
        """Two shares are accepted exactly when they sum to 100; otherwise refused with nothing changed."""
        cents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2)
        first = data.draw(cents)
        shares = [first, data.draw(st.just(100 - first) | cents | st.just(100 - first + Decimal("0.001")))]
        c = investigated()
        parties = [attrs.evolve(system_party, share=shares[0]), attrs.evolve(staff_party, share=shares[1])]
        if shares[0] + shares[1] == 100:
            _determine(c, parties)
            assert c.liability is not None and sum(p.share for p in c.liability.parties) == 100
        else:
            refused(c, bc.LiabilityError, _determine, parties, rule="liability.shares_not_100")

    def test_thirds_to_the_cent_must_still_sum_to_100(self) -> None:
        """33.33 × 3 is refused; 33.34 + 33.33 + 33.33 is accepted."""
        c = investigated()
        third = lb.ResponsibleParty(kind="customer", share=Decimal("33.33"), finding_ids=("F1",))
        refused(c, bc.LiabilityError, _determine, [attrs.evolve(system_party, share=Decimal("33.33")),
                                                   attrs.evolve(staff_party, share=Decimal("33.33")), third],
                rule="liability.shares_not_100")
        _determine(c, [attrs.evolve(system_party, share=Decimal("33.34")),
                       attrs.evolve(staff_party, share=Decimal("33.33")), third])
        assert c.liability is not None and len(c.liability.parties) == 3

    @pytest.mark.parametrize("share", [Decimal(0), Decimal(-10), Decimal(110)])
    def test_share_out_of_range_refused(self, share: Decimal) -> None:
        """A share of zero, below zero or above 100 is refused."""
        refused(investigated(), bc.LiabilityError, _determine, [attrs.evolve(system_party, share=share)],
                rule="liability.share_out_of_range")

    def test_float_share_refused(self) -> None:
        """A float share is refused: shares are exact."""
        refused(investigated(), bc.InvalidOperationError, _determine, [attrs.evolve(system_party, share=100.0)])


class TestParties:
    def test_without_findings_refused(self) -> None:
        """No liability before any finding is recorded."""
        party = lb.ResponsibleParty(kind="no_fault", share=Decimal(100), finding_ids=("F1",))
        refused(received(), bc.LiabilityError, _determine, [party], rule="liability.no_findings")

    @pytest.mark.parametrize(("parties", "rule"), [
        ([], "liability.no_parties"),
        ([attrs.evolve(system_party, share=Decimal(100), finding_ids=())], "liability.party_without_findings"),
        ([attrs.evolve(system_party, share=Decimal(100), finding_ids=("F9",))], "liability.unknown_finding"),
        ([attrs.evolve(system_party, share=Decimal(50)), attrs.evolve(system_party, share=Decimal(50))],
         "liability.duplicate_party"),
        ([attrs.evolve(system_party, share=Decimal(50)),
          lb.ResponsibleParty(kind="no_fault", share=Decimal(50), finding_ids=("F1",))],
         "liability.no_fault_with_others"),
    ])
    def test_party_rules(self, parties: list[lb.ResponsibleParty], rule: str) -> None:
        """Each party rule refuses with its name and changes nothing."""
        refused(investigated(), bc.LiabilityError, _determine, parties, rule=rule)

    def test_rejected_finding_supports_only_no_fault(self) -> None:
        """A rejected finding cannot make anyone liable, but can support no fault."""
        c = investigated()
        lb.record_finding(c, actor=HANDLER, now=at(5), id="F3", statement="the teller kept the cash",
                          established=False, interview_ids=["I1"], truthfulness="untrue")
        refused(c, bc.LiabilityError, _determine, [attrs.evolve(staff_party, share=Decimal(100),
                                                                finding_ids=("F3",))],
                rule="liability.rejected_finding")
        _determine(c, [lb.ResponsibleParty(kind="no_fault", share=Decimal(100), finding_ids=("F3",))],
                   root_cause="external_event")
        assert c.liability is not None and c.liability.share_of("no_fault") == 100

    @pytest.mark.parametrize(("field", "value"), [("kind", "vendor"), ("ref", "")])
    def test_party_shape_refused(self, field: str, value: str) -> None:
        """Unknown party kinds and a staff party that names nobody are refused."""
        refused(investigated(), bc.InvalidOperationError, _determine,
                [attrs.evolve(staff_party, share=Decimal(100), **{field: value})])

    def test_root_cause_taxonomy_is_extensible(self) -> None:
        """An unknown root cause is refused unless the bank's extended table is passed."""
        refused(investigated(), bc.InvalidOperationError, _determine, SPLIT, root_cause="cash_logistics")
        table = lb.ROOT_CAUSES.extend(lb.Code("cash_logistics", "押运", "cash logistics"))
        c = investigated()
        _determine(c, SPLIT, root_cause="cash_logistics", root_causes=table)
        assert c.liability is not None and c.liability.root_cause == "cash_logistics"


class TestApproval:
    def test_determination_waits_for_a_manager(self) -> None:
        """A recorded determination is not approved until a manager approves it; status never changes."""
        c = determined(approve=False)
        assert c.liability is not None and not c.liability.approved
        refused(c, bc.PermissionDeniedError, lb.approve_liability, actor=HANDLER, now=at(6))
        lb.approve_liability(c, actor=MANAGER, now=at(6), note="agreed")
        assert c.liability.approved_by == "M-002" and c.liability.approved_at == at(6)  # type: ignore[union-attr]
        assert c.status == "received"
        refused(c, bc.LiabilityError, lb.approve_liability, rule="liability.already_approved", actor=MANAGER,
                now=at(7))

    def test_nothing_to_approve(self) -> None:
        """Approving without a determination is refused."""
        refused(investigated(), bc.LiabilityError, lb.approve_liability, rule="liability.none", actor=MANAGER,
                now=at(6))

    def test_new_determination_needs_new_approval(self) -> None:
        """A later determination replaces the approved one and must be approved again."""
        c = determined()
        _determine(c, [attrs.evolve(system_party, share=Decimal(100))])
        assert c.liability is not None and not c.liability.approved and len(c.liability.parties) == 1


class TestProposal:
    def test_proposes_from_findings_and_changes_nothing(self) -> None:
        """The system-log fault and the procedure lapse give two parties, explained; the complaint is untouched."""
        c = investigated()
        before = bc.unstructure(c), c.pending_events
        proposal = lb.propose_liability(c)
        assert (bc.unstructure(c), c.pending_events) == before
        assert proposal.needs_approval
        assert [(p.kind, p.ref, p.finding_ids) for p in proposal.parties] == [
            ("business_system", "ATM-0421", ("F1",)), ("staff", "S-031", ("F2",))]
        assert proposal.root_cause == "system" and len(proposal.explanation) == 2
        lb.determine_liability(c, actor=HANDLER, now=at(5), parties=proposal.parties,
                               root_cause=proposal.root_cause, reasons="as proposed", proposal=proposal)
        assert c.liability is not None and c.liability.proposal_explanation == proposal.explanation
        assert not c.liability.approved

    def test_fault_tag_needs_the_right_evidence(self) -> None:
        """A failed transfer seen only on CCTV does not point at the business system."""
        c = received()
        lb.collect_evidence(c, actor=HANDLER, now=at(1), id="E1", kind="cctv", source="cam", description="d",
                            collected_by=HANDLER_REF, sha256=digest(b"x"))
        lb.record_finding(c, actor=HANDLER, now=at(2), id="F1", statement="s", established=True,
                          evidence_ids=["E1"], subject="CORE", tags=["failed_transfer"])
        assert lb.propose_liability(c).parties == ()
        lb.collect_evidence(c, actor=HANDLER, now=at(3), id="E2", kind="system_log", source="core",
                            description="d", collected_by=HANDLER_REF, sha256=digest(b"y"))
        lb.record_finding(c, actor=HANDLER, now=at(4), id="F2", statement="s", established=True,
                          evidence_ids=["E2"], subject="CORE", tags=["failed_transfer"])
        (party,) = lb.propose_liability(c).parties
        assert (party.kind, party.ref, party.share, party.finding_ids) == ("business_system", "CORE", 100, ("F2",))

    def test_all_rejected_proposes_no_fault(self) -> None:
        """When every finding is rejected the proposal is no fault."""
        c = received()
        lb.record_interview(c, actor=HANDLER, now=at(1), id="I1", interviewee="x", role="teller",
                            conducted_by=HANDLER_REF, summary="s", signed=True)
        lb.record_finding(c, actor=HANDLER, now=at(2), id="F1", statement="s", established=False,
                          interview_ids=["I1"], tags=["procedure_lapse"])
        (party,) = lb.propose_liability(c).parties
        assert (party.kind, party.share, party.finding_ids) == ("no_fault", 100, ("F1",))

    @given(st.integers(1, 9))
    def test_equal_shares_sum_to_exactly_100(self, n: int) -> None:
        """However many parties fire, the proposed shares are cents and sum to exactly 100."""
        c = received()
        lb.record_interview(c, actor=HANDLER, now=at(1), id="I1", interviewee="x", role="teller",
                            conducted_by=HANDLER_REF, summary="s", signed=True)
        for i in range(n):
            lb.record_finding(c, actor=HANDLER, now=at(2), id=f"F{i}", statement="s", established=True,
                              interview_ids=["I1"], subject=f"S-{i}", tags=["skill_gap"])
        proposal = lb.propose_liability(c)
        assert len(proposal.parties) == n
        assert sum(p.share for p in proposal.parties) == Decimal(100)
        assert all(p.share == p.share.quantize(Decimal("0.01")) for p in proposal.parties)
        lb.determine_liability(c, actor=HANDLER, now=at(3), parties=proposal.parties, root_cause="staff_skills",
                               reasons="r")
