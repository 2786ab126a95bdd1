"""Input checks shared by the liability operations; each raises before anything is recorded."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pendulum

from bankcomplaints.errors import InvalidOperationError, LiabilityError, PermissionDeniedError
from bankcomplaints.values import Actor

#: Limits on free text, so a hostile input cannot grow the trail without bound.
MAX_TEXT = 20_000
MAX_SHORT_TEXT = 2_000
MAX_ID = 200

_SHA256 = re.compile(r"[0-9a-f]{64}")



# Zones that give every datetime an offset: a pendulum DateTime in one of them is aware as it is.
_OFFSET_ZONES = frozenset({pendulum.Timezone, pendulum.FixedTimezone})


def instant(value: object, field: str) -> pendulum.DateTime:
    """``value`` as an aware pendulum DateTime."""
    if type(value) is pendulum.DateTime and type(value.tzinfo) in _OFFSET_ZONES:
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidOperationError(field, "needs a time zone (naive datetimes are ambiguous)")
        return value if isinstance(value, pendulum.DateTime) else pendulum.instance(value)
    raise InvalidOperationError(field, f"must be an aware datetime, not {type(value).__name__}")


def not_after(value: object, now: object, field: str) -> pendulum.DateTime:
    """An aware ``value`` that is not later than ``now``."""
    moment = instant(value, field)
    if moment > instant(now, "now"):
        raise InvalidOperationError(field, "is later than now")
    return moment


def day(value: object, field: str) -> datetime.date:
    """``value`` as a calendar date (a datetime is refused: due dates are days)."""
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise InvalidOperationError(field, f"must be a date, not {type(value).__name__}")
    return value


def text(value: object, field: str, *, limit: int = MAX_TEXT, required: bool = False) -> str:
    """``value`` as text within ``limit``; non-blank if ``required``."""
    if not isinstance(value, str):
        raise InvalidOperationError(field, f"must be text, not {type(value).__name__}")
    if len(value) > limit:
        raise InvalidOperationError(field, f"is {len(value)} characters long; the limit is {limit}")
    if required and not value.strip():
        raise InvalidOperationError(field, "must not be blank")
    return value


def ident(value: object, field: str) -> str:
    """A non-blank identifier of at most 200 characters."""
    return text(value, field, limit=MAX_ID, required=True)


def ids(values: Iterable[object], field: str) -> tuple[str, ...]:
    """Identifiers, each checked, duplicates dropped, order kept."""
    if isinstance(values, str):
        raise InvalidOperationError(field, "must be a sequence of ids, not one string")
    items: tuple[Any, ...] = tuple(values)
    for index, value in enumerate(items):
        if not (isinstance(value, str) and len(value) <= MAX_ID and value.strip()):  # what ident accepts
            ident(value, f"{field}[{index}]")  # raises, naming the item
    return items if len(items) < 2 else tuple(dict.fromkeys(items))


def instance(value: object, cls: type, field: str, *, optional: bool = False) -> Any:
    """``value`` if it is a ``cls`` (or ``None`` when ``optional``)."""
    if value is None and optional:
        return None
    if not isinstance(value, cls):
        raise InvalidOperationError(field, f"must be a {cls.__name__}, not {type(value).__name__}")
    return value


def sha256_hex(value: object, field: str) -> str:
    """A SHA-256 digest as 64 hexadecimal digits, lower-cased."""
    if not isinstance(value, str) or not _SHA256.fullmatch(value.lower()):
        raise InvalidOperationError(field, "must be a SHA-256 digest: 64 hexadecimal digits")
    return value.lower()


def decimal(value: object, field: str) -> Decimal:
    """An exact finite Decimal from a Decimal, int or str; floats are refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidOperationError(field, f"must be a Decimal, int or str, not {type(value).__name__}")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise InvalidOperationError(field, f"not a number: {value!r}") from None
    if not result.is_finite():
        raise InvalidOperationError(field, f"must be finite, got {value!r}")
    return result


def new_id(value: object, taken: Iterable[str], field: str, rule: str) -> str:
    """A fresh identifier: refused with ``rule`` if already used on this complaint."""
    checked = ident(value, field)
    if checked in set(taken):
        raise LiabilityError(rule, f"{field} {checked!r} is already used on this complaint")
    return checked


def known(wanted: Iterable[str], present: Iterable[str], rule: str, what: str) -> None:
    """Refuse with ``rule`` if any of ``wanted`` is not in ``present``."""
    wanted = tuple(wanted)
    if not wanted:  # nothing cited: no need to gather what is present
        return
    have = set(present)
    missing = [item for item in wanted if item not in have]
    if missing:
        raise LiabilityError(rule, f"unknown {what}: {', '.join(missing)}")


def require_role(actor: object, roles: Collection[str], action: str) -> Actor:
    """``actor`` if it acts in one of ``roles``."""
    checked: Actor = instance(actor, Actor, "actor")
    if checked.role not in roles:
        allowed = ", ".join(sorted(roles))
        raise PermissionDeniedError(checked.id, checked.role, action, f"needs one of the roles {allowed}")
    return checked
