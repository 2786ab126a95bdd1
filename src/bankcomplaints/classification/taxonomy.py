"""The dimensions a rule can decide and the label slugs of each (TAXONOMY.md).

    >>> from bankcomplaints.classification.taxonomy import Dimension, labels
    >>> labels(Dimension.KIND)
    ('complaint', 'consultation', 'suggestion', 'other')
    >>> "disaster" in labels(Dimension.MAJOR)
    True
"""

from __future__ import annotations

import enum
from functools import cache
from typing import TypeVar, cast

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.values import BusinessCategory, Cause, Channel, Kind, LabelledEnum, RiskFactor

__all__ = ["DIMENSION_CODES", "IN_PERSON", "MAJOR_GROUNDS", "MAX_TEXT_LENGTH", "Dimension", "by_slug", "labels"]

E = TypeVar("E", bound=LabelledEnum)


class Dimension(enum.Enum):
    """What a rule votes on. ``flag`` rules give text evidence of a risk factor;
    ``major`` rules give text evidence of a major-complaint cause (CBIRC Art. 29)."""

    KIND = "kind"
    BUSINESS = "business"
    CAUSE = "cause"
    CHANNEL = "channel"
    FLAG = "flag"
    MAJOR = "major"

    # Members are singletons compared by identity, so the C identity hash is as good as Enum's hash of the
    # name, and several times faster: every model look-up keys dictionaries by dimension.
    __hash__ = object.__hash__


#: The code enum behind each labelled dimension.
DIMENSION_CODES: dict[Dimension, type[LabelledEnum]] = {
    Dimension.KIND: Kind,
    Dimension.BUSINESS: BusinessCategory,
    Dimension.CAUSE: Cause,
    Dimension.CHANNEL: Channel,
    Dimension.FLAG: RiskFactor,
}

#: Longest text classified or searched for amounts, in characters (longer texts are refused, not cut).
MAX_TEXT_LENGTH = 50_000

#: Text grounds for a major complaint (Art. 29 item 1): a major natural disaster,
#: a safety accident or a public-health event.
MAJOR_GROUNDS: tuple[str, ...] = ("disaster", "accident", "public_health")
#: The ``major`` label of text saying the complainants came in person (with a head count
#: of 20 or more it makes a major complaint, Art. 29 item 2).
IN_PERSON = "in_person"


@cache
def labels(dimension: Dimension) -> tuple[str, ...]:
    """The label slugs of ``dimension`` in TAXONOMY.md order.

    Args:
        dimension: the dimension asked about.

    Returns:
        The slugs, in the order used to break ties.
    """
    if dimension is Dimension.MAJOR:
        return (*MAJOR_GROUNDS, IN_PERSON)
    return tuple(member.slug for member in DIMENSION_CODES[dimension])


def by_slug(enum_type: type[E], slug: str) -> E:
    """The member of ``enum_type`` whose slug is ``slug``.

    Raises:
        InvalidOperationError: no member has that slug.
    """
    member = enum_type._value2member_map_.get(slug)
    if member is None:
        raise InvalidOperationError(enum_type.__name__, f"unknown code {slug!r}")
    return cast(E, member)
