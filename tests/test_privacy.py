"""Personal data: masks, repr/str, free-text scrubbing, PII-free statistics, and erasure that keeps the chain."""

from __future__ import annotations

import re

import orjson
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints.errors import ChainVerificationError, InvalidOperationError
from bankcomplaints.events import ComplaintReceived
from bankcomplaints.privacy import (
    _TEXT_PATTERNS,
    ERASED_PREFIX,
    erase,
    mask,
    mask_card,
    mask_email,
    mask_id_number,
    mask_name,
    mask_phone,
    scrub_text,
)
from bankcomplaints.safe_regex import regex_hazard
from bankcomplaints.stats.derive import from_complaint
from bankcomplaints.stats.records import record_to_json

NOW = pendulum.datetime(2026, 9, 28, 10, tz="Asia/Shanghai")
CLERK = bc.Actor(id="S-001", role="front_line")
DPO = bc.Actor(id="D-009", role="manager")

cjk_names = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=4)
latin_names = st.from_regex(r"[A-Z][a-z]{3,9} [A-Z][a-z]{3,9}", fullmatch=True)
names = cjk_names | latin_names
phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
id_numbers = st.from_regex(r"[1-9][0-9]{16}[0-9X]", fullmatch=True)
cards = st.from_regex(r"62[0-9]{14,17}", fullmatch=True)
emails = st.from_regex(r"[a-z]{3,10}\.[a-z]{3,10}@[a-z]{3,8}\.(com|cn|org)", fullmatch=True)
addresses = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=6, max_size=20)


def _person(draw: st.DrawFn) -> dict[str, str]:
    return {"name": draw(names), "phone": draw(phones), "id_number": draw(id_numbers), "email": draw(emails),
            "address": draw(addresses)}


@st.composite
def people(draw: st.DrawFn) -> dict[str, str]:
    """The personal values of one complainant."""
    return _person(draw)


def _complaint(person: dict[str, str], agent: dict[str, str] | None = None) -> bc.Complaint:
    contact = bc.Contact(phone=person["phone"], email=person["email"], address=person["address"])
    customer = bc.CustomerRef(id="K-1", name=person["name"], contact=contact, id_number=person["id_number"])
    agent_ref = None if agent is None else bc.AgentRef(
        name=agent["name"], contact=bc.Contact(phone=agent["phone"]), id_number=agent["id_number"])
    complaint = bc.Complaint.receive(id="C-1", actor=CLERK, now=NOW, complainant=customer, agent=agent_ref,
                                     narrative="ATM吞卡，柜员态度差", demand="退还手续费", salt="s3cret")
    complaint.assign(bc.StaffRef(id="H-1", role="specialist"), actor=CLERK, now=NOW.add(hours=1))
    return complaint


def _raw_values(*persons: dict[str, str] | None) -> list[str]:
    return [value for person in persons if person for value in person.values()]


# --- masks -----------------------------------------------------------------------------------------


@given(phones)
def test_mask_phone_keeps_three_and_four_digits_and_hides_the_rest(phone: str) -> None:
    masked = mask_phone(phone)
    assert masked[:3] == phone[:3] and masked[-4:] == phone[-4:]
    assert masked[3:-4] == "*" * (len(phone) - 7)


@given(id_numbers)
def test_mask_id_number_hides_the_birth_date_and_sequence(id_number: str) -> None:
    masked = mask_id_number(id_number)
    assert len(masked) == len(id_number)
    assert masked[:3] == id_number[:3] and masked[-4:] == id_number[-4:]
    assert set(masked[3:-4]) == {"*"}  # the birth date (characters 7-14) is hidden


@given(cards)
def test_mask_card_keeps_the_issuer_and_the_last_four(card: str) -> None:
    masked = mask_card(card)
    assert masked[:6] == card[:6] and masked[-4:] == card[-4:] and set(masked[6:-4]) == {"*"}


@given(names)
def test_mask_name_keeps_only_the_first_character(name: str) -> None:
    masked = mask_name(name)
    assert masked[0] == name[0] and set(masked[1:]) == {"*"}
    assert name not in masked


@given(emails)
def test_mask_email_keeps_the_domain_and_one_letter(email: str) -> None:
    local, _, domain = email.partition("@")
    assert mask_email(email) == local[0] + "*" * (len(local) - 1) + "@" + domain


@given(people())
def test_mask_picks_the_form_from_the_shape(person: dict[str, str]) -> None:
    assert mask(person["phone"]) == mask_phone(person["phone"])
    assert mask(person["id_number"]) == mask_id_number(person["id_number"])
    assert mask(person["email"]) == mask_email(person["email"])
    assert mask(ERASED_PREFIX + "sha256:ab") == "<erased>"
    for value in person.values():
        assert value not in mask(value)


# --- repr and str ----------------------------------------------------------------------------------


@given(people(), st.none() | people())
def test_repr_and_str_of_complaints_customers_and_events_show_no_personal_value(
    person: dict[str, str], agent: dict[str, str] | None
) -> None:
    complaint = _complaint(person, agent)
    shown = [repr(complaint), str(complaint), repr(complaint.complainant), str(complaint.complainant),
             repr(complaint.complainant.contact), repr(complaint.agent), repr(complaint.pending_events),
             str(complaint.pending_events)]
    for value in _raw_values(person, agent):
        for text in shown:
            assert value not in text


# --- free text -------------------------------------------------------------------------------------


def test_the_free_text_patterns_cannot_backtrack() -> None:
    assert [regex_hazard(pattern.pattern) for pattern, _ in _TEXT_PATTERNS] == [None] * len(_TEXT_PATTERNS)


filler = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5) | st.sampled_from("，。 ：、"),
                 min_size=1, max_size=12)


@given(people(), cards, st.lists(filler, min_size=7, max_size=7))
def test_scrub_text_masks_every_identifier_in_a_narrative(person: dict[str, str], card: str, gaps: list[str]) -> None:
    found = [person["name"], person["phone"], person["id_number"], card, person["email"], person["address"]]
    text = gaps[0] + "".join(value + gap for value, gap in zip(found, gaps[1:], strict=True))
    scrubbed = scrub_text(text, known=[person["name"], person["address"]])
    for value in found:
        assert value not in scrubbed


@given(st.text(st.characters(exclude_categories=("Nd", "Cs")).filter(lambda c: c not in "@*"), max_size=60))
def test_scrub_text_leaves_text_without_identifiers_alone(text: str) -> None:
    assert scrub_text(text) == text


# --- statistics carry no personal data --------------------------------------------------------------


@given(people(), st.none() | people())
def test_statistics_records_carry_no_personal_value_and_no_free_text(
    person: dict[str, str], agent: dict[str, str] | None
) -> None:
    complaint = _complaint(person, agent)
    record = from_complaint(complaint, now=NOW.add(days=1))
    exported = record_to_json(record) + repr(record)
    for value in [*_raw_values(person, agent), complaint.narrative, complaint.demand]:
        assert value not in exported


# --- erasure ---------------------------------------------------------------------------------------


@given(people(), st.none() | people())
def test_erase_removes_every_personal_value_and_the_chain_still_verifies(
    person: dict[str, str], agent: dict[str, str] | None
) -> None:
    trail = _complaint(person, agent).collect_events()
    erased = erase(trail, actor=DPO, now=NOW.add(days=400), basis="PIPL Art. 47: retention period ended")
    assert bc.verify_chain(erased).ok
    assert len(erased) == len(trail) + 1
    assert [e.hash for e in erased[: len(trail)]] == [e.hash for e in trail]  # stored hashes still stand
    stored = orjson.dumps([bc.unstructure(e) for e in erased]).decode()
    for value in _raw_values(person, agent):
        assert value not in stored
    received = erased[0]
    assert isinstance(received, ComplaintReceived) and received.pii_salt == ""
    assert received.complainant.name.startswith(ERASED_PREFIX + "sha256:")
    rebuilt = bc.Complaint.from_events(erased)
    assert rebuilt.erased and rebuilt.status == "received" and rebuilt.version == len(erased)
    assert bc.Complaint.from_events(bc.structure(orjson.loads(stored), list[bc.ComplaintEvent])) == rebuilt


def test_erase_refuses_a_second_erasure_a_broken_trail_and_a_missing_basis() -> None:
    person = {"name": "王芳", "phone": "13812345678", "id_number": "110101199003071234",
              "email": "wang.fang@example.cn", "address": "北京市东城区某街道一号"}
    trail = _complaint(person).collect_events()
    with pytest.raises(InvalidOperationError, match="basis"):
        erase(trail, actor=DPO, now=NOW.add(days=1), basis=" ")
    tampered = [trail[0], trail[1].__class__(**{**{f: getattr(trail[1], f) for f in ("complaint_id", "seq",
                "occurred_at", "actor", "prev_hash", "hash", "handler", "no_conflict_declared")}, "reason": "x"})]
    with pytest.raises(ChainVerificationError):
        erase(tampered, actor=DPO, now=NOW.add(days=1), basis="request")
    once = erase(trail, actor=DPO, now=NOW.add(days=1), basis="request")
    with pytest.raises(InvalidOperationError, match="already erased"):
        erase(once, actor=DPO, now=NOW.add(days=2), basis="request")


def test_erase_also_removes_personal_data_quoted_in_the_narrative() -> None:
    customer = bc.CustomerRef(id="K-2", name="李雷", contact=bc.Contact(phone="13912345678"))
    complaint = bc.Complaint.receive(id="C-2", actor=CLERK, now=NOW, complainant=customer, salt="s",
                                     narrative="我是李雷，电话13912345678，卡被盗刷")
    erased = erase(complaint.collect_events(), actor=DPO, now=NOW.add(days=1), basis="request")
    stored = orjson.dumps([bc.unstructure(e) for e in erased]).decode()
    assert not re.search("李雷|13912345678", stored)
