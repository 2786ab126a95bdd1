"""JSON round trip of a fully populated complaint with 30 events: bankcomplaints vs pydantic v2.

Both sides do the same work on the same data: object -> JSON text -> validated objects,
with money as decimal strings, aware datetimes, enums by slug and strict unknown-key checks.
Each round trips the same trail, as pydantic does; bankcomplaints keeps the texts of datetimes it wrote
and the datetimes it parsed, so the "cold" line empties those caches before every round (a trail seen once).

    .venv/bin/python benchmarks/bench_serialization.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
import time
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

import orjson
import pendulum
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

import bankcomplaints as bc
from bankcomplaints import serialization


def build_trail() -> tuple[bc.Complaint, list[bc.ComplaintEvent]]:
    """A complaint with every intake field filled and 30 events."""
    now = pendulum.datetime(2026, 9, 28, 10, tz="Asia/Shanghai")
    clerk = bc.Actor(id="S-001", role="front_line", branch="BJ-01")
    c = bc.Complaint.receive(
        id="C-2026-000123", actor=clerk, now=now, received_at=now.subtract(hours=2),
        complainant=bc.CustomerRef(
            id="K-88", name="王芳", contact=bc.Contact(phone="13812345678", email="wf@example.com", address="北京市"),
            id_number="110101199003071234", segment="retail", vulnerabilities=(bc.Vulnerability.ELDERLY,),
            key_customer=True),
        agent=bc.AgentRef(name="王强", relationship="agent", proof="委托书 No. 77",
                          contact=bc.Contact(phone="13900000000")),
        channel=bc.Channel.SELF_SERVICE, source=bc.Source.REGULATOR_FORWARDED,
        branch=bc.BranchRef(code="BJ-01", name="北京分行营业部", region="North", parent="HO", level="branch"),
        staff_complained=(bc.StaffRef(id="S-077", name="张三", role="front_line", branch="BJ-01"),),
        product="借记卡", demand="退还被吞的卡并确认存款到账",
        narrative="在ATM存款5000元后机器吞卡，存款没有到账。" * 4,
        amount=bc.Money("5000.00", "CNY"), co_complainants=2, in_person=True, regulator_ref="12378-2026-0001",
        forwarded_at=now.subtract(days=3), salt="c0ffee",
    )
    manager = bc.Actor(id="M-01", role="manager", branch="BJ-01")
    t = now
    c.assign(bc.StaffRef(id="S-010", name="李四", role="specialist", branch="BJ-01"), actor=manager, now=t)
    for i in range(28):
        t = t.add(hours=1)
        if i % 3 == 0:
            c.record_triage(actor=manager, now=t, kind=bc.Kind.COMPLAINT, business=bc.BusinessCategory.BANK_CARD,
                            cause=bc.Cause.FACILITIES_SYSTEMS, channel=bc.Channel.SELF_SERVICE,
                            risk_factors=(bc.RiskFactor.VULNERABLE, bc.RiskFactor.REGULATOR), risk_score=70,
                            priority=bc.Priority.P1, explanation=("rule zh.business.card: 吞卡", "rule zh.flag.12378"))
        elif i % 3 == 1:
            c.set_priority(bc.Priority.P2, actor=manager, now=t, reason=f"review {i}")
        else:
            c.link("related", f"C-2026-{i:06d}", actor=manager, now=t, reason="same ATM")
    return c, c.collect_events()


# --- the same structure as pydantic v2 models ------------------------------------------------------

def _enum(cls: type[Enum]) -> Any:
    return Literal[tuple(m.value for m in cls)]  # type: ignore[misc]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PMoney(Strict):
    amount: Decimal
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class PContact(Strict):
    phone: str | None = None
    email: str | None = None
    address: str | None = None


class PCustomer(Strict):
    id: str
    name: str
    contact: PContact = PContact()
    id_number: str | None = None
    segment: str = "retail"
    organisation: bool = False
    vulnerabilities: tuple[_enum(bc.Vulnerability), ...] = ()  # type: ignore[valid-type]
    key_customer: bool = False


class PAgent(Strict):
    name: str
    relationship: str = "agent"
    proof: str | None = None
    contact: PContact = PContact()
    id_number: str | None = None


class PBranch(Strict):
    code: str
    name: str = ""
    region: str = ""
    parent: str | None = None
    level: str = "sub_branch"


class PStaff(Strict):
    id: str
    name: str = ""
    role: str = "front_line"
    branch: str | None = None
    trained_until: datetime.date | None = None


class PActor(Strict):
    id: str
    role: str
    branch: str | None = None


class PEvent(Strict):
    complaint_id: str
    seq: int
    occurred_at: AwareDatetime
    actor: PActor
    prev_hash: str = ""
    hash: str = ""


class PReceived(PEvent):
    type: Literal["ComplaintReceived"]
    received_at: AwareDatetime
    channel: _enum(bc.Channel)  # type: ignore[valid-type]
    source: _enum(bc.Source)  # type: ignore[valid-type]
    complainant: PCustomer
    agent: PAgent | None = None
    branch: PBranch | None = None
    staff_complained: tuple[PStaff, ...] = ()
    product: str | None = None
    demand: str = ""
    narrative: str = ""
    amount: PMoney | None = None
    co_complainants: int = 0
    in_person: bool = False
    regulator_ref: str | None = None
    forwarded_at: AwareDatetime | None = None
    workflow: str = ""
    initial_status: str = ""
    pii_salt: str = ""


class PAssigned(PEvent):
    type: Literal["HandlerAssigned"]
    handler: PStaff
    no_conflict_declared: bool = True
    reason: str = ""


class PTriage(PEvent):
    type: Literal["TriageRecorded"]
    kind: _enum(bc.Kind)  # type: ignore[valid-type]
    business: _enum(bc.BusinessCategory) | None = None  # type: ignore[valid-type]
    cause: _enum(bc.Cause) | None = None  # type: ignore[valid-type]
    channel: _enum(bc.Channel) | None = None  # type: ignore[valid-type]
    risk_factors: tuple[_enum(bc.RiskFactor), ...] = ()  # type: ignore[valid-type]
    risk_score: int | None = None
    major: bool = False
    priority: _enum(bc.Priority) | None = None  # type: ignore[valid-type]
    explanation: tuple[str, ...] = ()


class PPriority(PEvent):
    type: Literal["PriorityChanged"]
    priority: _enum(bc.Priority)  # type: ignore[valid-type]
    reason: str


class PLinked(PEvent):
    type: Literal["ComplaintLinked"]
    relation: str
    other_id: str
    reason: str = ""


PAnyEvent = Annotated[PReceived | PAssigned | PTriage | PPriority | PLinked, Field(discriminator="type")]


class PDocument(Strict):
    events: list[PAnyEvent]


def timeit(fns: dict[str, Any], rounds: int, repeats: int) -> dict[str, float]:
    """Best mean seconds per call of each function, timed in turns so machine noise hits all alike."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(rounds):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / rounds)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args()
    rounds, repeats = (10, 5) if args.quick else (20, 30)

    complaint, events = build_trail()
    assert len(events) == 30
    document_type = list[bc.ComplaintEvent]
    text = bc.to_json(events)

    def ours() -> None:
        back = bc.from_json(bc.to_json(events), document_type)
        assert len(back) == 30

    def ours_cold() -> None:
        # No datetime seen before: the texts and parses of earlier rounds are forgotten.
        serialization._DATETIME_TEXTS.clear()
        serialization._PARSED_DATETIMES.clear()
        ours()

    # What the cattrs hooks alone do (the implementation before generated functions), datetimes uncached.
    cattrs_fast = bc.make_converter(detailed_validation=False)
    cattrs_fast.register_unstructure_hook(pendulum.DateTime, serialization._format_datetime)
    cattrs_fast.register_structure_hook(pendulum.DateTime, lambda value, _: serialization._parse_datetime(value))

    def cattrs_only() -> None:
        back = cattrs_fast.structure(orjson.loads(orjson.dumps(cattrs_fast.unstructure(events)).decode()),
                                     document_type)
        assert len(back) == 30

    # pydantic has no RFC 9557 zone suffix: give it the offsets only (it keeps less than we do).
    plain = re.sub(r"\[[A-Za-z_/+-]+\]", "", text)
    pyd = PDocument.model_validate_json('{"events": ' + plain + "}")

    def theirs() -> None:
        back = PDocument.model_validate_json(pyd.model_dump_json())
        assert len(back.events) == 30

    # Both sides must agree on the data before we time anything.
    assert bc.from_json(text, document_type) == events
    assert [e.seq for e in pyd.events] == [e.seq for e in events]
    best = timeit({"ours": ours, "cold": ours_cold, "cattrs": cattrs_only, "pydantic": theirs}, rounds, repeats)
    print(f"JSON round trip, complaint with 30 events ({len(text):,} bytes of JSON), best of {repeats} x {rounds}")
    print(f"  bankcomplaints                 : {best['ours'] * 1e6:9.1f} µs")
    print(f"  bankcomplaints, cold datetimes : {best['cold'] * 1e6:9.1f} µs  (datetime caches emptied every round)")
    print(f"  cattrs hooks alone             : {best['cattrs'] * 1e6:9.1f} µs  (no generated code, no caches)")
    print(f"  pydantic v2                    : {best['pydantic'] * 1e6:9.1f} µs")
    print(f"  ratio pydantic/ours            : {best['pydantic'] / best['ours']:9.2f}  (>= 1.0: not slower)")
    print(f"  ratio pydantic/ours, cold      : {best['pydantic'] / best['cold']:9.2f}")
    snapshot = timeit({"snapshot": lambda: bc.from_json(bc.to_json(complaint), bc.Complaint)}, rounds, 5)
    print(f"  complaint snapshot alone (ours): {snapshot['snapshot'] * 1e6:9.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
