"""The redress ledger: exact totals, reversals instead of edits, maker-checker approval above thresholds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints import liability as lb
from bankcomplaints.errors import ApprovalRequiredError, FourEyesError, LedgerEditError
from tests.liability.helpers import CHECKER, HANDLER, MANAGER, at, determined, received, refused

CNY = "CNY"


def _record(c: bc.Complaint, entry_id: str, amount: str | None, type: str = "compensation", **kw: Any) -> Any:
    money = None if amount is None else bc.Money(amount, kw.pop("currency", CNY))
    return lb.record_redress(c, actor=kw.pop("actor", HANDLER), now=kw.pop("now", at(10)), id=entry_id, type=type,
                             amount=money, description="d", **kw)


class TestApproval:
    def test_below_threshold_is_paid_without_approval(self) -> None:
        """An entry that keeps the case at or under the threshold needs no checker."""
        c = determined()
        entry = _record(c, "R1", "1000")
        assert not entry.needs_approval
        paid = lb.pay_redress(c, actor=HANDLER, now=at(11), entry_id="R1", payment_ref="T1")
        assert paid.paid_at == at(11) and c.redress.paid(CNY) == bc.Money("1000", CNY)

    def test_above_threshold_without_second_approver_is_refused(self) -> None:
        """Above the threshold, paying before a checker approves is refused and changes nothing."""
        c = determined()
        entry = _record(c, "R1", "1000.01")
        assert entry.needs_approval and entry.approval_threshold == bc.Money("1000", CNY)
        refused(c, ApprovalRequiredError, lb.pay_redress, rule="redress.approval_required", actor=HANDLER,
                now=at(11), entry_id="R1", payment_ref="T1")
        lb.approve_redress(c, actor=CHECKER, now=at(12), entry_id="R1")
        assert lb.pay_redress(c, actor=HANDLER, now=at(13), entry_id="R1", payment_ref="T1").approved_by == "M-005"

    def test_splitting_does_not_avoid_approval(self) -> None:
        """The entry that takes the case total over the threshold needs approval, though small itself."""
        c = determined()
        assert not _record(c, "R1", "600").needs_approval
        assert _record(c, "R2", "600", type="goodwill").needs_approval

    def test_currency_without_threshold_always_needs_approval(self) -> None:
        """A currency the bank set no threshold for needs approval for any amount."""
        assert _record(determined(), "R1", "1", currency="USD").needs_approval

    def test_bank_policy(self) -> None:
        """A bank's own policy sets the threshold and the approver roles."""
        policy = lb.RedressPolicy(thresholds=(bc.Money("50", CNY),), approver_roles=frozenset({"ops_head"}))
        c = determined()
        assert _record(c, "R1", "60", policy=policy).needs_approval
        refused(c, bc.PermissionDeniedError, lb.approve_redress, actor=CHECKER, now=at(11), entry_id="R1",
                policy=policy)
        head = bc.Actor(id="H-1", role="ops_head")
        assert lb.approve_redress(c, actor=head, now=at(11), entry_id="R1", policy=policy).approved_by == "H-1"

    def test_self_approval_refused(self) -> None:
        """The maker may not approve the entry (four eyes)."""
        c = determined()
        _record(c, "R1", "5000", actor=CHECKER)
        info = refused(c, FourEyesError, lb.approve_redress, rule="redress.self_approval", actor=CHECKER,
                       now=at(11), entry_id="R1")
        assert info.value.actor_id == "M-005"  # type: ignore[attr-defined]

    def test_determiner_may_not_approve(self) -> None:
        """Whoever approved (or recorded) the liability determination may not approve its redress."""
        c = determined()
        _record(c, "R1", "5000")
        refused(c, FourEyesError, lb.approve_redress, rule="redress.determiner_approval", actor=MANAGER,
                now=at(11), entry_id="R1")

    def test_handler_role_may_not_approve(self) -> None:
        """Approval needs an approver role."""
        c = determined()
        _record(c, "R1", "5000", actor=CHECKER)
        refused(c, bc.PermissionDeniedError, lb.approve_redress, actor=HANDLER, now=at(11), entry_id="R1")

    def test_double_approval_and_payment_refused(self) -> None:
        """An entry is approved once and paid once."""
        c = determined()
        _record(c, "R1", "5000")
        lb.approve_redress(c, actor=CHECKER, now=at(11), entry_id="R1")
        refused(c, bc.LiabilityError, lb.approve_redress, rule="redress.already_approved", actor=CHECKER,
                now=at(12), entry_id="R1")
        lb.pay_redress(c, actor=HANDLER, now=at(12), entry_id="R1", payment_ref="T")
        refused(c, bc.LiabilityError, lb.pay_redress, rule="redress.already_paid", actor=HANDLER, now=at(13),
                entry_id="R1", payment_ref="T")


class TestReversals:
    def test_edit_is_refused(self) -> None:
        """Recording under an id already used is an edit, and refused."""
        c = received()
        _record(c, "R1", "10", type="fee_refund")
        info = refused(c, LedgerEditError, _record, "R1", "12", type="fee_refund", rule="redress.edit_refused")
        assert info.value.entry_id == "R1"  # type: ignore[attr-defined]

    def test_reversal_negates_and_is_final(self) -> None:
        """A reversal carries the negated amount; it cannot be reversed, nor can the original twice."""
        c = received()
        _record(c, "R1", "10.50", type="fee_refund")
        reversal = lb.reverse_redress(c, actor=HANDLER, now=at(11), id="X1", entry_id="R1", reason="wrong fee")
        assert reversal.amount == bc.Money("-10.50", CNY) and reversal.reverses == "R1"
        assert c.redress.total(CNY) == bc.Money("0", CNY) and c.redress.live_entries == ()
        refused(c, bc.LiabilityError, lb.reverse_redress, rule="redress.reversal_entry", actor=HANDLER, now=at(12),
                id="X2", entry_id="X1", reason="r")
        refused(c, bc.LiabilityError, lb.reverse_redress, rule="redress.already_reversed", actor=HANDLER,
                now=at(12), id="X2", entry_id="R1", reason="r")
        refused(c, bc.LiabilityError, lb.pay_redress, rule="redress.already_reversed", actor=HANDLER, now=at(12),
                entry_id="R1", payment_ref="T")
        refused(c, bc.LiabilityError, lb.reverse_redress, rule="redress.unknown_entry", actor=HANDLER, now=at(12),
                id="X2", entry_id="R9", reason="r")

    def test_correction_is_reversal_plus_new_entry_atomically(self) -> None:
        """correct_redress records both entries, or neither when the new one is refused."""
        c = received()
        _record(c, "R1", "15", type="fee_refund")
        refused(c, bc.InvalidOperationError, lb.correct_redress, actor=HANDLER, now=at(11), entry_id="R1",
                reversal_id="X1", new_id="R2", amount=bc.Money("-10", CNY), reason="fee is 10")
        refused(c, LedgerEditError, lb.correct_redress, rule="redress.edit_refused", actor=HANDLER, now=at(11),
                entry_id="R1", reversal_id="X1", new_id="R1", amount=bc.Money("10", CNY), reason="fee is 10")
        new = lb.correct_redress(c, actor=HANDLER, now=at(11), entry_id="R1", reversal_id="X1", new_id="R2",
                                 amount=bc.Money("10", CNY), reason="fee is 10")
        assert (new.type, new.amount, new.description) == ("fee_refund", bc.Money("10", CNY), "d")
        assert [e.id for e in c.redress.entries] == ["R1", "X1", "R2"]
        assert c.redress.total(CNY) == bc.Money("10", CNY)

    @pytest.mark.parametrize(("type", "amount"), [
        ("non_monetary", "10"), ("goodwill", None), ("goodwill", "0"), ("goodwill", "-5"), ("bonus", "5"),
    ])
    def test_bad_entries_refused(self, type: str, amount: str | None) -> None:
        """Non-monetary has no amount; the others have one above zero; the type is known."""
        refused(received(), bc.InvalidOperationError, _record, "R1", amount, type=type)


entries = st.tuples(
    st.sampled_from(["fee_refund", "interest_correction", "compensation", "goodwill"]),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1e9"), places=3),
    st.sampled_from(["CNY", "USD"]),
)
steps = st.lists(st.one_of(st.tuples(st.just("record"), entries), st.tuples(st.just("reverse"), st.integers(0, 30)),
                           st.tuples(st.just("edit"), st.integers(0, 30))), max_size=25)


@given(steps)
def test_totals_equal_the_sum_of_live_entries(ops: list[tuple[str, Any]]) -> None:
    """Any sequence of entries, reversals and refused edits keeps each total equal to the live entries' sum,
    and the trail rebuilds the same ledger."""
    c = received()
    model: dict[str, tuple[str, Decimal, str]] = {}
    live: list[str] = []
    policy = lb.RedressPolicy(thresholds=(bc.Money("1e12", "CNY"), bc.Money("1e12", "USD")))
    for n, (op, arg) in enumerate(ops):
        if op == "record":
            type, amount, currency = arg
            _record(c, f"R{n}", str(amount), type=type, currency=currency, policy=policy)
            model[f"R{n}"] = arg
            live.append(f"R{n}")
        elif op == "reverse" and model:
            target = sorted(model)[arg % len(model)]
            if target in live:
                lb.reverse_redress(c, actor=HANDLER, now=at(10), id=f"X{n}", entry_id=target, reason="r")
                live.remove(target)
            else:
                refused(c, bc.LiabilityError, lb.reverse_redress, actor=HANDLER, now=at(10), id=f"X{n}",
                        entry_id=target, reason="r")
        elif op == "edit" and model:
            refused(c, LedgerEditError, _record, sorted(model)[arg % len(model)], "1", policy=policy)
    expected: dict[tuple[str, str], Decimal] = {}
    for entry_id in live:
        type, amount, currency = model[entry_id]
        expected[(type, currency)] = expected.get((type, currency), Decimal(0)) + amount
    assert {key: money.amount for key, money in c.redress.totals().items()} == expected
    assert all(money.currency == key[1] for key, money in c.redress.totals().items())
    for currency in ("CNY", "USD"):
        want = sum((v for (_, cur), v in expected.items() if cur == currency), Decimal(0))
        assert c.redress.total(currency).amount == want
        assert c.redress.total(currency, "goodwill").amount == expected.get(("goodwill", currency), Decimal(0))
    assert sorted(e.id for e in c.redress.live_entries) == sorted(live)
    assert bc.Complaint.from_events(c.collect_events()) == c
