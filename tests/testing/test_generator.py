"""The synthetic complaint generator: reproducible, complete across the taxonomy, and valid input."""

from __future__ import annotations

import pytest

import bankcomplaints as bc
from bankcomplaints.testing import BRANCHES, REGIONS, ComplaintGenerator
from bankcomplaints.testing.generator import LARGE_AMOUNT


@pytest.fixture(scope="module")
def batch() -> list:
    return ComplaintGenerator(seed=11).complaints(3000)


def test_same_seed_same_complaints_other_seed_others() -> None:
    """The seed alone decides the output."""
    assert ComplaintGenerator(seed=5).complaints(100) == ComplaintGenerator(seed=5).complaints(100)
    assert ComplaintGenerator(seed=5).complaints(100) != ComplaintGenerator(seed=6).complaints(100)


def test_network_has_twelve_branches_in_three_regions() -> None:
    """Twelve sub-branches, four under each of three regional branches."""
    assert len(BRANCHES) == 12
    assert {branch.parent for branch in BRANCHES} == {region.code for region in REGIONS}
    assert all(sum(b.parent == r.code for b in BRANCHES) == 4 for r in REGIONS)


def test_every_taxonomy_label_occurs(batch: list) -> None:
    """A quarter's worth of complaints uses every kind, channel, source, business category, cause and risk factor."""
    assert {c.kind for c in batch} == set(bc.Kind)
    assert {c.channel for c in batch} == set(bc.Channel)
    assert {c.source for c in batch} == set(bc.Source)
    assert {c.business for c in batch} == set(bc.BusinessCategory)
    assert {c.cause for c in batch} == set(bc.Cause)
    assert {f for c in batch for f in c.risk_factors} == set(bc.RiskFactor)
    assert {c.branch for c in batch} == set(BRANCHES)


def test_mixed_language_has_both_and_the_text_matches(batch: list) -> None:
    """Mixed output has Chinese and English complaints, each written in its language."""
    chinese = [c for c in batch if c.lang == "zh"]
    english = [c for c in batch if c.lang == "en"]
    assert chinese and english and len(chinese) > len(english)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in c.narrative) for c in chinese)
    assert all(c.narrative.isascii() for c in english)


def test_labels_agree_with_the_fields(batch: list) -> None:
    """Large amounts, regulator forwarding, groups and vulnerability are where the labels say."""
    for c in batch:
        if bc.RiskFactor.LARGE_AMOUNT in c.risk_factors:
            assert c.amount is not None and c.amount >= LARGE_AMOUNT
        elif c.amount is not None:
            assert c.amount < LARGE_AMOUNT
        if c.source is bc.Source.REGULATOR_FORWARDED:
            assert bc.RiskFactor.REGULATOR in c.risk_factors
            assert c.forwarded_at is not None and c.forwarded_at < c.received_at
            assert c.regulator_ref is not None
        assert (c.co_complainants > 0) == (bc.RiskFactor.GROUP in c.risk_factors)
        if c.complainant.vulnerabilities and c.kind is bc.Kind.COMPLAINT:
            assert bc.RiskFactor.VULNERABLE in c.risk_factors
        if c.kind is not bc.Kind.COMPLAINT:
            assert c.cause is bc.Cause.OTHER and not c.risk_factors


def test_complaints_arrive_in_order_within_the_quarter(batch: list) -> None:
    """Ids follow the order of receipt, and every complaint arrives within the generator's days."""
    generator = ComplaintGenerator(seed=11)
    times = [c.received_at for c in batch]
    assert times == sorted(times)
    assert generator.start <= times[0] and times[-1] < generator.start.add(days=generator.days)
    assert [c.id for c in batch[:3]] == ["C-000001", "C-000002", "C-000003"]


def test_customers_repeat(batch: list) -> None:
    """Some customers complain more than once (a repeat-complaint population exists)."""
    ids = [c.complainant.id for c in batch]
    assert len(set(ids)) < len(ids)


def test_every_generated_complaint_is_accepted_and_replays(batch: list) -> None:
    """Each synthetic complaint is valid input to Complaint.receive and its trail verifies."""
    for synthetic in batch[:300]:
        complaint = synthetic.receive()
        events = complaint.collect_events()
        assert bc.verify_chain(events).ok
        assert bc.Complaint.from_events(events) == complaint
        assert complaint.source is synthetic.source and complaint.amount == synthetic.amount


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_single_language(lang: str) -> None:
    """lang='zh' or 'en' gives only that language."""
    assert {c.lang for c in ComplaintGenerator(seed=1, lang=lang).complaints(200)} == {lang}


@pytest.mark.parametrize(("kwargs", "field"), [({"lang": "fr"}, "lang"), ({"days": 0}, "days"),
                                               ({"customers": 0}, "customers")])
def test_bad_arguments_are_refused(kwargs: dict, field: str) -> None:
    """Unknown language and empty periods or pools are refused, naming the argument."""
    with pytest.raises(bc.InvalidOperationError) as refused:
        ComplaintGenerator(**kwargs)
    assert refused.value.field == field
