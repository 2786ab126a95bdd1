"""Every liability event class, filled with arbitrary values, survives the JSON converter."""

from __future__ import annotations

import datetime
import types
import typing
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints import liability as lb
from tests.strategies import actors, instants, money, staff, texts

EVENTS = sorted(
    (cls for cls in bc.events.EVENT_TYPES.values() if cls.__module__.startswith("bankcomplaints.liability")),
    key=lambda cls: cls.__name__,
)

_LEAVES: dict[Any, st.SearchStrategy[Any]] = {
    str: texts,
    bool: st.booleans(),
    int: st.integers(0, 10**6),
    Decimal: st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9),
    pendulum.DateTime: instants(),
    datetime.date: st.dates(),
    bc.Money: money,
    bc.Actor: actors,
    bc.StaffRef: staff,
    type(None): st.none(),
}


CONVERTER = bc.make_converter()


def values_of(tp: Any) -> st.SearchStrategy[Any]:
    """Arbitrary values of the annotation ``tp`` (attrs classes field by field)."""
    if tp in _LEAVES:
        return _LEAVES[tp]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(values_of(arg) for arg in args))
    if origin is tuple:
        return st.lists(values_of(args[0]), max_size=3).map(tuple)
    if origin is frozenset:
        return st.frozensets(values_of(args[0]), max_size=3)
    assert attrs.has(tp), tp
    hints = typing.get_type_hints(tp)
    return st.builds(tp, **{f.name: values_of(hints[f.name]) for f in attrs.fields(tp) if f.init})


def test_the_liability_events_are_all_here() -> None:
    """The property below covers every event the liability stage declares."""
    declared = {name for name in lb.__all__ if name in bc.events.EVENT_TYPES}
    assert {cls.__name__ for cls in EVENTS} == declared and len(declared) == 19


@pytest.mark.parametrize("cls", EVENTS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_event_round_trips(cls: type[bc.ComplaintEvent], data: st.DataObject) -> None:
    """structure(unstructure(e)) == e, as the class and as the ComplaintEvent union, and through JSON text."""
    event = data.draw(values_of(cls).filter(lambda e: bool(e.complaint_id)), label="event")
    assert CONVERTER.structure(CONVERTER.unstructure(event), cls) == event
    again = bc.from_json(bc.to_json(event), bc.ComplaintEvent)  # type: ignore[type-abstract]
    assert again == event and type(again) is cls
