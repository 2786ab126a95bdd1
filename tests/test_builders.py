"""The generated builders build what the classes build: events for ``Complaint._record``, copies, steps.

A builder is a fast path for the keywords ``_record`` would pass to the class: for any set of fields it
either returns None (the class is then called, and accepts or refuses as before) or an event equal, field
by field and object by object, to the one the class builds. ``_builders.evolve`` gives what ``attrs.evolve``
gives, or refuses as it does.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints import _builders, _codegen
from bankcomplaints import liability as lb
from bankcomplaints.events import EVENT_TYPES, StatusChanged
from bankcomplaints.workflow import engine
from bankcomplaints.workflow.deadlines import Approval, Clock, ClockNotice, GrantedExtension, Pause
from bankcomplaints.workflow.definition import Step

NAMES = sorted(EVENT_TYPES)


def test_every_event_class_has_a_builder() -> None:
    """The fast path is not silently lost: every registered event class stores its fields plainly."""
    assert [name for name in NAMES if _builders.event_builder(EVENT_TYPES[name]) is None] == []


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_builder_builds_what_the_class_builds(name: str, data: st.DataObject) -> None:
    """Any subset of the class's keywords, unknown keywords and chain fields among them: the same event or
    the same refusal (the builder declines, and the class raises)."""
    cls = EVENT_TYPES[name]
    build = _builders.event_builder(cls)
    assert build is not None
    fields = attrs.fields(cls)
    keys = data.draw(st.lists(st.sampled_from([f.alias for f in fields] + ["extra", "type"]), unique=True))
    values = st.sampled_from([object(), None, "", attrs.NOTHING])
    given_fields: dict[str, Any] = {key: data.draw(values) for key in keys}
    chain = [object() for _ in _builders.CHAIN_FIELDS]
    built = build(*chain, dict(given_fields))
    try:
        expected = cls(**dict(zip(_builders.CHAIN_FIELDS, chain, strict=True)), **given_fields)
    except TypeError:
        assert built is None
        return
    assert type(built) is cls
    for field in fields:
        ours, theirs = getattr(built, field.name), getattr(expected, field.name)
        if _codegen.factory_of(field) is not None and given_fields.get(field.alias, attrs.NOTHING) is attrs.NOTHING:
            assert type(ours) is type(theirs) and ours == theirs  # each made afresh by the factory
        else:
            assert ours is theirs


def test_a_builder_declines_bad_fields_and_the_refusal_is_unchanged() -> None:
    """``_record`` with a wrong field still refuses with the class's own message, and changes nothing."""
    now = pendulum.datetime(2026, 9, 28, 10, tz="Asia/Shanghai")
    actor = bc.Actor(id="S-1", role="front_line")
    complaint = bc.Complaint.receive(id="C-1", actor=actor, now=now, complainant=bc.CustomerRef(id="K-1", name="王芳"),
                                     salt="s")
    before = bc.unstructure(complaint)
    with pytest.raises(TypeError) as native:
        StatusChanged(complaint_id="C-1", seq=2, occurred_at=now, actor=actor, trigger="t", source="a", target="b",
                      bogus=1)  # type: ignore[call-arg]
    with pytest.raises(bc.InvalidOperationError) as refused:
        complaint._record(StatusChanged, actor=actor, now=now, trigger="t", source="a", target="b", bogus=1)
    assert refused.value.field == "StatusChanged" and str(native.value) in str(refused.value)
    with pytest.raises(bc.InvalidOperationError, match="target"):
        complaint._record(StatusChanged, actor=actor, now=now, trigger="t", source="a")
    assert bc.unstructure(complaint) == before and complaint.version == 1


VALUE_CLASSES = [*(EVENT_TYPES[name] for name in NAMES), Clock, Pause, GrantedExtension, Approval, ClockNotice,
                 lb.DecisionNotice, lb.ResponsibleParty, lb.ResolutionPlan, lb.LiabilityDetermination, Step]


def test_the_classes_evolved_on_hot_paths_are_copied_plainly() -> None:
    """The fast copy is not silently lost for the values the clock and liability operations evolve."""
    for cls in (Clock, Pause, GrantedExtension, lb.DecisionNotice, lb.ResponsibleParty, lb.ResolutionPlan,
                lb.LiabilityDetermination):
        assert _builders._copier(cls) is not None, cls


@pytest.mark.parametrize("cls", VALUE_CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_evolve_is_attrs_evolve(cls: type, data: st.DataObject) -> None:
    """Any changes, unknown names among them: the same copy (each field the same object) or the same refusal."""
    fields = attrs.fields(cls)
    original = object.__new__(cls)
    for field in fields:  # any values: a plainly stored class keeps what it is given
        object.__setattr__(original, field.name, object())
    keys = data.draw(st.lists(st.sampled_from([f.alias for f in fields] + ["extra"]), unique=True))
    changes = {key: object() for key in keys}
    try:
        expected = attrs.evolve(original, **changes)
    except Exception as error:  # a validator or converter refusing junk, or an unknown name
        with pytest.raises(type(error)) as again:
            _builders.evolve(original, **changes)
        assert str(again.value) == str(error)
        return
    copy = _builders.evolve(original, **changes)
    assert type(copy) is cls and copy is not original
    assert all(getattr(copy, f.name) is getattr(expected, f.name) for f in fields)


def test_a_positional_step_is_the_keyword_step() -> None:
    """The engine's steps, stored without keyword matching, are the steps ``Step(...)`` builds."""
    assert _builders.positional_constructor(Step) is not None
    make = engine._make_step
    assert make is not engine._step_by_keywords  # the fast path is not silently lost
    values = [object() for _ in attrs.fields(Step)]
    made, built = make(*values), Step(**{f.alias: v for f, v in zip(attrs.fields(Step), values, strict=True)})
    assert type(made) is Step and all(getattr(made, f.name) is getattr(built, f.name) for f in attrs.fields(Step))
