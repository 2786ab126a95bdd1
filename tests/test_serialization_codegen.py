"""The generated (un)structure functions behave exactly like the cattrs hooks they stand in for.

Structuring: on valid and on mutated (mostly invalid) documents, whatever the generated code accepts
the strict converter accepts too, with an equal result, and ``bc.structure`` accepts exactly what the
strict converter accepts. Unstructuring: the JSON is byte for byte what the cattrs hooks write, so the
hash chain does not change. The datetime caches give what formatting and parsing afresh give.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
from decimal import Decimal
from typing import Any
from unittest import mock

import attrs
import orjson
import pendulum
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints import _codegen, events, serialization
from bankcomplaints.testing import strategies as bcst
from tests.strategies import aware_datetimes, customers, event_trails, money, staff

TRAIL = list[bc.ComplaintEvent]
REFUSED = object()


def _reference() -> Any:
    """The converter as it was before code generation: cattrs hooks, datetimes formatted afresh."""
    conv = bc.make_converter(detailed_validation=False)
    conv.register_unstructure_hook(pendulum.DateTime, serialization._format_datetime)
    conv.register_unstructure_hook(datetime.datetime, serialization._format_datetime)
    return conv


REFERENCE = _reference()


def _outcome(structure: Any, data: Any, cls: Any) -> Any:
    try:
        return structure(data, cls)
    except Exception:
        return REFUSED


def _json(value: Any) -> str:
    return json.dumps(REFERENCE.unstructure(value), ensure_ascii=False)  # keeps key order and big integers


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**64), st.floats(), st.text(max_size=5),
    st.just([]), st.just({}), st.just(["x"]), st.just([1]), st.just({"x": 1}),
    st.sampled_from([
        "2026-09-28T10:00:00", "2026-09-28T10:00:00+08:00", "2026-09-28T10:00:00Z", "2026-02-30T10:00:00+08:00",
        "2026-09-28T10:00:00+08:00[Asia/Shanghai]", "2026-09-28T10:00:00+08:00[Mars/Base]", "2026-09-28", "2026-13-01",
        "2026-03-29T01:30:00+00:00[Europe/London]", "NaN", "Infinity", "-0", "1e3", "12.50", "CNY", "XXY",
        "P1", "complaint", "elderly", "counter", "related", "abc", "ComplaintReceived", "TriageRecorded",
    ]),
).map(copy.deepcopy)  # a fresh container each time: mutating one must not change another, or the next example


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON document (keys and indexes), the document itself first."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """``document`` (JSON data) with one to three random changes: values replaced, keys dropped or added."""
    data = orjson.loads(orjson.dumps(document))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        target = parent[path[-1]] if path else data
        action = draw(st.sampled_from(["replace", "drop", "add", "wrap"]))
        if action == "drop" and isinstance(target, dict) and target:
            target.pop(draw(st.sampled_from(sorted(target))))
        elif action == "add" and isinstance(target, dict):
            target[draw(st.sampled_from(["extra", "type", "seq", "name"]))] = draw(JUNK)
        elif not path:
            data = draw(JUNK) if action == "replace" else [data]
        else:
            parent[path[-1]] = draw(JUNK) if action == "replace" else [target]
    return data


def _check_against_strict(data: Any, cls: Any) -> Any:
    """Compare the generated function, the fast converter and ``bc.structure`` with the strict converter."""
    strict = _outcome(serialization._default().structure, data, cls)
    generated = _outcome(lambda d, _: _codegen.structure_function(serialization._fast(), cls)(d), data, cls)
    fast = _outcome(serialization._fast().structure, data, cls)
    cattrs_fast = _outcome(serialization._strict_fast().structure, data, cls)
    assert (fast is REFUSED) == (cattrs_fast is REFUSED)  # generated code only ever stands in for cattrs
    public = _outcome(bc.structure, data, cls)
    for result in (generated, fast):
        if result is not REFUSED:  # the fast paths never accept what the strict converter refuses
            assert strict is not REFUSED
            assert result == strict and _json(result) == _json(strict)
    assert (public is REFUSED) == (strict is REFUSED)
    if strict is not REFUSED:
        assert public == strict and _json(public) == _json(strict)
    return generated


@given(event_trails(), st.data())
def test_trails_structure_as_the_strict_converter_does(trail: list[bc.ComplaintEvent], data: st.DataObject) -> None:
    """Valid trails go through the generated code; mutated ones get the strict converter's answer."""
    document = REFERENCE.unstructure(trail)
    assert _check_against_strict(document, TRAIL) == trail
    _check_against_strict(data.draw(mutated(document)), TRAIL)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(bcst.handled_complaints(), st.data())
def test_every_stage_structures_as_the_strict_converter_does(complaint: bc.Complaint, data: st.DataObject) -> None:
    """Trails through investigation, liability and closing: each event alone, valid and mutated."""
    for event in complaint.collect_events():
        document = REFERENCE.unstructure(event)
        assert _check_against_strict(document, bc.ComplaintEvent) == event
        _check_against_strict(data.draw(mutated(document)), bc.ComplaintEvent)
        _check_against_strict(data.draw(mutated(document)), type(event))


_OMIT = object()


def _strategy(tp: Any) -> st.SearchStrategy[Any]:
    """Values of a simple field type; attrs classes through their constructors (invalid draws rejected)."""
    inner = _codegen._optional_inner(tp)
    if inner is not None:
        return st.none() | _strategy(inner)
    inner = _codegen._sequence_inner(tp)
    if inner is not None:
        return st.lists(_strategy(inner), max_size=2).map(tuple)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: st.sampled_from(["", "x", "related", "CNY", "第1次"]) | st.text(max_size=6),
        int: st.integers(-3, 10**6), bool: st.booleans(), Decimal: money.map(lambda m: m.amount),
        pendulum.DateTime: bcst.instants(), datetime.datetime: bcst.instants(), datetime.date: st.dates(),
        bc.Money: money,
    }
    if tp in simple:
        return simple[tp]
    if _codegen._is_enum(tp):
        return st.sampled_from(list(tp))
    return _instances(tp)


@st.composite
def _instances(draw: st.DrawFn, cls: type) -> Any:
    hints = _codegen._hints(cls)
    assert hints is not None
    kwargs = {}
    for field in attrs.fields(cls):
        choice = draw((st.just(_OMIT) if field.default is not attrs.NOTHING else st.nothing()) | _strategy(
            hints[field.name]))
        if choice is not _OMIT:
            kwargs[field.name] = choice
    try:
        return cls(**kwargs)
    except Exception:  # the class's own validators refused the draw
        reject()


SIMPLE_EVENTS = sorted(name for name, cls in events.EVENT_TYPES.items() if _codegen.simple_class(cls))


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@pytest.mark.parametrize("name", SIMPLE_EVENTS)
@given(data=st.data())
def test_every_event_class_structures_and_unstructures_as_cattrs_does(name: str, data: st.DataObject) -> None:
    """Every event class the generator handles, built field by field: valid and mutated JSON, bytes written."""
    event = data.draw(_instances(events.EVENT_TYPES[name]))
    document = REFERENCE.unstructure(event)
    assert json.dumps(serialization._fast().unstructure(event), ensure_ascii=False) == _json(event)
    assert json.dumps(serialization._default().unstructure(event), ensure_ascii=False) == _json(event)
    assert _check_against_strict(document, bc.ComplaintEvent) == event
    _check_against_strict(data.draw(mutated(document)), bc.ComplaintEvent)


def test_the_generator_handles_nearly_every_event_class() -> None:
    """The fast path is not silently lost: only events holding a redress entry are left to cattrs."""
    assert set(events.EVENT_TYPES) - set(SIMPLE_EVENTS) <= {"RedressRecorded", "RedressReversed"}
    assert len(SIMPLE_EVENTS) >= 30


@given(st.one_of(customers, money, staff, st.lists(staff).map(tuple)), st.data())
def test_values_structure_as_the_strict_converter_does(value: Any, data: st.DataObject) -> None:
    """Values alone and in tuples, valid and mutated."""
    cls = tuple[bc.StaffRef, ...] if isinstance(value, tuple) else type(value)
    document = REFERENCE.unstructure(value)
    assert _check_against_strict(document, cls) == value
    _check_against_strict(data.draw(mutated(document)), cls)


@given(event_trails())
def test_unstructure_is_byte_identical(trail: list[bc.ComplaintEvent]) -> None:
    """Both private converters write the same JSON as the cattrs hooks, key order included."""
    expected = orjson.dumps(REFERENCE.unstructure(trail))
    assert orjson.dumps(serialization._default().unstructure(trail)) == expected
    assert orjson.dumps(serialization._fast().unstructure(trail)) == expected
    assert bc.to_json(trail).encode() == expected


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(bcst.handled_complaints())
def test_hashes_are_unchanged(complaint: bc.Complaint) -> None:
    """The hash of every event, recorded through the generated code, is the one the cattrs hooks give."""
    trail = complaint.collect_events()
    salt = trail[0].pii_salt  # type: ignore[attr-defined]
    for event in trail:
        assert orjson.dumps(serialization._fast().unstructure(event)) == orjson.dumps(REFERENCE.unstructure(event))
    with mock.patch.object(events, "_converter", lambda: REFERENCE):
        assert [events.event_hash(event, salt) for event in trail] == [event.hash for event in trail]


def test_public_converters_keep_plain_cattrs_hooks() -> None:
    """A host's converter gets no generated hooks, so hooks it registers later still apply everywhere."""
    conv = bc.make_converter()
    conv.register_structure_hook(str, lambda value, _: str(value).upper())
    assert conv.structure({"id": "a", "role": "b"}, bc.Actor) == bc.Actor(id="A", role="B")


@given(aware_datetimes())
def test_cached_datetime_text_is_the_fresh_text(value: datetime.datetime) -> None:
    """Formatting through the cache, before and after the other fold of the same wall clock, is fresh formatting."""
    other = value.replace(fold=1 - value.fold)
    for item in (value, other, value, other):
        assert serialization._unstructure_datetime(item) == serialization._format_datetime(item)
    assert serialization._unstructure_datetime(value) == datetime.datetime.isoformat(value) + (
        f"[{value.tzinfo.name}]" if isinstance(value.tzinfo, pendulum.Timezone) and "/" in value.tzinfo.name else "")


def test_ambiguous_hour_keeps_both_offsets() -> None:
    """The hour that repeats when clocks go back is cached once per fold: two texts, two offsets."""
    first = pendulum.DateTime(2026, 10, 25, 1, 30, tzinfo=pendulum.timezone("Europe/London"), fold=0)
    second = first.replace(fold=1)
    texts = {serialization._unstructure_datetime(first), serialization._unstructure_datetime(second)}
    assert texts == {"2026-10-25T01:30:00+01:00[Europe/London]", "2026-10-25T01:30:00+00:00[Europe/London]"}


@given(aware_datetimes())
def test_cached_datetime_parse_is_the_fresh_parse(value: datetime.datetime) -> None:
    """Parsing through the cache, with the fast constructor, gives what passing the fields one by one gives."""
    text = serialization._format_datetime(value)
    with mock.patch.object(serialization, "_STATE_CONSTRUCTOR", False):
        fresh = serialization._parse_datetime(text)
    assert serialization._STATE_CONSTRUCTOR
    for parsed in (serialization._parse_datetime(text), serialization._structure_datetime(text, None),
                   serialization._structure_datetime(text, None)):
        assert type(parsed) is type(fresh) and parsed == fresh
        assert (parsed.tzinfo, parsed.fold, parsed.isoformat()) == (fresh.tzinfo, fresh.fold, fresh.isoformat())


def test_zone_suffix_follows_the_zone_not_an_equal_one() -> None:
    """pendulum's fixed offsets are equal whatever their names; each datetime still gets its own zone's suffix."""
    named, unnamed = pendulum.FixedTimezone(3600, name="Etc/Custom"), pendulum.FixedTimezone(3600)
    assert named == unnamed
    for zone in (named, unnamed, named):
        text = serialization._unstructure_datetime(pendulum.DateTime(2026, 1, 5, 9, tzinfo=zone))
        assert text == "2026-01-05T09:00:00+01:00" + ("[Etc/Custom]" if zone is named else "")


# --- canonical forms: what the hash chain reads ----------------------------------------------------------


def _reference_hash(event: bc.ComplaintEvent, salt: str) -> tuple[dict[str, Any], str]:
    """The canonical data and hash as the path-walking code computes them from the cattrs JSON form."""
    data = events._paths_canonical_form(type(event), REFERENCE)(event, salt)
    text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    return data, hashlib.sha256(text).hexdigest()


SALTS = st.sampled_from(["", "s", "盐"]) | st.text(max_size=8)


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@pytest.mark.parametrize("name", SIMPLE_EVENTS)
@given(data=st.data())
def test_generated_canonical_form_is_the_path_walking_one(name: str, data: st.DataObject) -> None:
    """Every event class the generator handles: the same canonical data, so the same hash, for any salt."""
    cls = events.EVENT_TYPES[name]
    event = data.draw(_instances(cls))
    salt = data.draw(SALTS)
    generated = _codegen.canonical_function(serialization._fast(), cls, events._digest)
    assert generated is not None
    expected, digest = _reference_hash(event, salt)
    assert generated(event, salt) == expected
    # Written without sorting, the generated form is the sorted text: every dict comes in key order.
    assert orjson.dumps(generated(event, salt)) == orjson.dumps(expected, option=orjson.OPT_SORT_KEYS)
    assert events.event_hash(event, salt) == digest


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(bcst.handled_complaints(), st.booleans())
def test_recorded_hashes_are_the_path_walking_ones(complaint: bc.Complaint, erase: bool) -> None:
    """Trails through every stage, erased or not: each recorded hash is the one the path-walking code gives."""
    trail = complaint.collect_events()
    salt = trail[0].pii_salt  # type: ignore[attr-defined]
    if erase:
        trail = events.erase_personal_data(trail)
    assert [_reference_hash(event, salt)[1] for event in trail] == [event.hash for event in trail]
    assert events.verify_chain(trail).ok


def test_integers_beyond_64_bits_hash_as_the_standard_library_writes_them() -> None:
    """orjson refuses integers beyond 64 bits; the hash then comes from the standard library's text, the same
    canonical JSON as the sorting writer would give, for a presorted event class too."""
    event = events.StatusChanged(complaint_id="C-1", seq=2**70, occurred_at=pendulum.datetime(2026, 1, 5, tz="UTC"),
                                 actor=bc.Actor(id="S-1", role="specialist"), trigger="t", source="a", target="b")
    assert events._canonical_form(events.StatusChanged)[1]  # the presorted path
    data = events._paths_canonical_form(type(event), REFERENCE)(event, "s")
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert f'"seq":{2**70}' in text
    assert events.event_hash(event, "s") == hashlib.sha256(text.encode()).hexdigest()


@attrs.frozen(kw_only=True)
class _Holder:
    """A value whose personal field holds a class: its JSON form would be written unsorted."""

    owner: bc.StaffRef | None = attrs.field(default=None, metadata={"personal": True})  # as personal() marks it


@attrs.frozen(kw_only=True)
class _Outer:
    holder: tuple[_Holder, ...] = ()
    staff: bc.StaffRef | None = None


def test_a_personal_field_holding_a_class_is_left_to_sorting() -> None:
    """Only personal text is digested in place, so a class in a personal field is written as the converter
    writes it, in field order: such a class (or one holding it) gets no presorted canonical form."""
    assert not _codegen._presorted(_Holder) and not _codegen._presorted(_Outer)
    assert _codegen._presorted(bc.StaffRef) and all(
        _codegen._presorted(cls) for cls in events.EVENT_TYPES.values() if _codegen.simple_class(cls))


def test_personal_values_are_digested_in_place() -> None:
    """A personal field keeps its place with its salted digest; an erased one gives back the digest it kept."""
    now = pendulum.datetime(2026, 9, 28, 10, tz="Asia/Shanghai")
    complaint = bc.Complaint.receive(id="C-1", actor=bc.Actor(id="S-1", role="front_line"), now=now,
                                     complainant=bc.CustomerRef(id="K-1", name="王芳"), narrative="ATM吞卡", salt="s")
    received = complaint.collect_events()[0]
    data = events._canonical_form(type(received))[0](received, "s")
    assert data["narrative"] == "sha256:" + hashlib.sha256("s\x1fATM吞卡".encode()).hexdigest()
    assert "pii_salt" not in data and "hash" not in data and data["type"] == "ComplaintReceived"
    erased = events.erase_personal_data([received])[0]
    assert events._canonical_form(type(erased))[0](erased, "")["narrative"] == data["narrative"]
