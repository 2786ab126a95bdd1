"""The input checks' fast paths accept and refuse exactly what the plain checks do, with the same messages."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.errors import ComplaintError, InvalidOperationError
from bankcomplaints.liability import _checks as check
from bankcomplaints.liability.codes import ROOT_CAUSES, SATISFACTION


class Slug(str):
    """A str subclass, compared as str compares it."""


class Anything:
    """Equal to every slug, as a host's odd value might claim."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str)

    __hash__ = object.__hash__


def _plain_ids(values: Any, field: str) -> tuple[str, ...]:
    """The check as it was written first: each item through ``ident``, duplicates dropped."""
    if isinstance(values, str):
        check.ids(values, field)  # refuses one string
    return tuple(dict.fromkeys(check.ident(value, f"{field}[{index}]") for index, value in enumerate(values)))


def _outcome(function: Any, *args: Any) -> Any:
    try:
        return function(*args)
    except ComplaintError as error:
        return type(error), str(error)


ITEMS = st.one_of(st.sampled_from(["E1", "E2", " ", "", "x" * 200, "x" * 201, "E1 "]), st.text(max_size=4),
                  st.none(), st.integers(), st.builds(Slug, st.sampled_from(["E1", " "])))


@given(st.lists(ITEMS, max_size=5) | st.sampled_from(["E1", ""]))
def test_ids_is_the_item_by_item_check(values: Any) -> None:
    assert _outcome(check.ids, values, "evidence_ids") == _outcome(_plain_ids, values, "evidence_ids")
    assert _outcome(check.ids, iter(values), "ids") == _outcome(_plain_ids, iter(values), "ids")


VALUES = st.one_of(st.sampled_from([*ROOT_CAUSES.slugs, *SATISFACTION.slugs, "", "System"]), st.text(max_size=6),
                   st.none(), st.integers(), st.just(Anything()),
                   st.sampled_from(ROOT_CAUSES.slugs).map(Slug), st.just(["system"]))


@given(VALUES)
def test_code_membership_is_comparison_with_each_slug(value: Any) -> None:
    for table in (ROOT_CAUSES, SATISFACTION):
        expected = any(code.slug == value for code in table.codes)
        assert (value in table) is expected
        refusal = InvalidOperationError("field", f"{value!r} is not one of {', '.join(table.slugs)}")
        refused = not isinstance(value, str) or not expected
        assert _outcome(table.check, value, "field") == ((InvalidOperationError, str(refusal)) if refused else value)
