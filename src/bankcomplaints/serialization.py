"""JSON for every public structure, and the JSON Schemas that let other languages use it.

    >>> import bankcomplaints as bc
    >>> conv = bc.make_converter()
    >>> conv.unstructure(bc.Money("1234.50", "CNY"))
    {'amount': '1234.50', 'currency': 'CNY'}
    >>> bc.structure({"amount": "12", "currency": "XXY"}, bc.Money)
    Traceback (most recent call last):
    ...
    bankcomplaints.errors.InvalidComplaintDataError: invalid Money: currency: 'XXY' is not an ISO 4217 currency code

Datetimes travel as RFC 3339 text with their offset; a named zone is kept in the RFC 9557 suffix
(``2026-09-28T10:00:00+08:00[Asia/Shanghai]``). Money amounts travel as strings, never floats.
Enums travel as their slugs. Events carry a ``type`` tag.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import cattrs
import pendulum
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter

from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import ComplaintError, InvalidComplaintDataError, InvalidOperationError
from bankcomplaints.events import EVENT_TYPES, ComplaintEvent

__all__ = ["dumps", "from_json", "make_converter", "structure", "to_json", "unstructure"]

T = TypeVar("T")

_ZONE_SUFFIX = re.compile(r"\[([^\]]+)\]$")


def _unstructure_datetime(value: datetime.datetime) -> str:
    text = value.isoformat()
    name = getattr(value.tzinfo, "name", None)
    if isinstance(name, str) and "/" in name:
        text += f"[{name}]"
    return text


def _structure_datetime(value: Any, _: Any) -> pendulum.DateTime:
    if not isinstance(value, str):
        raise ValueError(f"expected an RFC 3339 datetime string, got {type(value).__name__}")
    zone = None
    match = _ZONE_SUFFIX.search(value)
    if match:
        zone, value = match.group(1), value[: match.start()]
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO 8601 datetime: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"datetime {value!r} has no offset (naive datetimes are ambiguous)")
    result = pendulum.instance(parsed)
    if zone is not None:
        try:
            result = result.in_timezone(zone)
        except Exception:
            raise ValueError(f"unknown time zone {zone!r}") from None
    return result


def _structure_date(value: Any, _: Any) -> datetime.date:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO date: {value!r}") from None


def _structure_decimal(value: Any, _: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"expected a decimal string, got {type(value).__name__} (floats are refused for money)")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def _structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    return value


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {type(value).__name__}")
    return value


def _structure_bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {type(value).__name__}")
    return value


def make_converter() -> JsonConverter:
    """A new cattrs JSON converter for every public structure of bankcomplaints.

    It is strict: unknown keys, wrong types, floats for money, naive datetimes and unknown
    slugs are errors. Use :func:`structure` to get them as one
    :class:`~bankcomplaints.errors.InvalidComplaintDataError` with field paths.
    """
    conv = _make_json_converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_unstructure_hook(pendulum.DateTime, _unstructure_datetime)
    conv.register_unstructure_hook(datetime.datetime, _unstructure_datetime)
    conv.register_structure_hook(pendulum.DateTime, _structure_datetime)
    conv.register_structure_hook(datetime.datetime, _structure_datetime)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    conv.register_structure_hook(datetime.date, _structure_date)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)

    def unstructure_event(event: ComplaintEvent) -> dict[str, Any]:
        data: dict[str, Any] = conv.unstructure_attrs_asdict(event)
        data["type"] = type(event).__name__
        return data

    def structure_event(data: Any, cls: type[ComplaintEvent]) -> ComplaintEvent:
        if not isinstance(data, dict):
            raise ValueError(f"expected an event object, got {type(data).__name__}")
        tag = data.get("type")
        concrete = EVENT_TYPES.get(tag) if isinstance(tag, str) else None
        if concrete is None or not issubclass(concrete, cls):
            raise ValueError(f"unknown event type {tag!r}")
        return conv.structure(data, concrete)

    def is_event(cls: Any) -> bool:
        return isinstance(cls, type) and issubclass(cls, ComplaintEvent)

    conv.register_unstructure_hook_func(is_event, unstructure_event)
    for event_type in EVENT_TYPES.values():
        conv.register_structure_hook(event_type, _tagged(event_type, make_dict_structure_fn(
            event_type, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True)))
    conv.register_structure_hook(ComplaintEvent, structure_event)

    conv.register_unstructure_hook(Complaint, make_dict_unstructure_fn(Complaint, conv, _pending=override(omit=True)))
    conv.register_structure_hook(
        Complaint,
        make_dict_structure_fn(Complaint, conv, _pending=override(omit=True), _cattrs_forbid_extra_keys=True,
                               _cattrs_detailed_validation=True),
    )
    return conv


def _tagged(event_type: type[ComplaintEvent], structure_fields: Any) -> Any:
    """Structure one event class, accepting (and checking) the ``type`` tag its JSON carries."""

    def structure_event(data: Any, _: Any) -> ComplaintEvent:
        if isinstance(data, dict) and "type" in data:
            if data["type"] != event_type.__name__:
                raise ValueError(f"event type {data['type']!r} is not {event_type.__name__}")
            data = {key: value for key, value in data.items() if key != "type"}
        return structure_fields(data, event_type)  # type: ignore[no-any-return]

    return structure_event


_DEFAULT: JsonConverter | None = None


def _default() -> JsonConverter:
    global _DEFAULT  # noqa: PLW0603 - one shared converter, built on first use
    if _DEFAULT is None:
        _DEFAULT = make_converter()
    return _DEFAULT


def _path(raw: str) -> str:
    path = raw.strip()
    if path.startswith("$"):
        path = path[1:]
    return path.lstrip(".")


def _format(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, InvalidOperationError):
        return f"{_FIELD_MARK}{exc.field}{_FIELD_MARK}{exc.message}"
    if isinstance(exc, ComplaintError):
        return str(exc)
    if isinstance(exc, ValueError) and str(exc) and type(exc) is ValueError:
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    return cattrs.v.format_exception(exc, type_)


_FIELD_MARK = "\x00"


def _errors(exc: BaseException) -> list[tuple[str, str]]:
    if not isinstance(exc, cattrs.BaseValidationError):
        return [("", str(exc))]
    found: list[tuple[str, str]] = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_format):
        message, _, where = line.rpartition(" @ ")
        path = _path(where)
        if message.startswith(_FIELD_MARK):
            field, message = message[1:].split(_FIELD_MARK, 1)
            path = f"{path}.{field}" if path else field
        found.append((path, message))
    return found


def structure(data: Any, cls: type[T], converter: JsonConverter | None = None) -> T:
    """Build ``cls`` from JSON-like ``data``, validating it at the edge.

    Raises:
        InvalidComplaintDataError: naming every bad field path (e.g. ``complainant.contact.phone``);
            no cattrs or KeyError escapes.
    """
    conv = converter or _default()
    what = getattr(cls, "__name__", str(cls))
    try:
        return conv.structure(data, cls)
    except (cattrs.BaseValidationError, ComplaintError, ValueError, TypeError, KeyError, AttributeError) as exc:
        if isinstance(exc, InvalidOperationError):
            raise InvalidComplaintDataError([(exc.field, exc.message)], what=what) from None
        raise InvalidComplaintDataError(_errors(exc), what=what) from None


def unstructure(value: Any, converter: JsonConverter | None = None) -> Any:
    """``value`` as JSON-ready Python data (dicts, lists, strings, numbers)."""
    return (converter or _default()).unstructure(value)


def dumps(value: Any, converter: JsonConverter | None = None) -> str:
    """``value`` as JSON text (UTF-8 characters kept, keys in field order)."""
    return json.dumps(unstructure(value, converter), ensure_ascii=False)


def to_json(value: Any, converter: JsonConverter | None = None) -> str:
    """Alias of :func:`dumps`."""
    return dumps(value, converter)


def from_json(text: str | bytes, cls: type[T], converter: JsonConverter | None = None) -> T:
    """Parse JSON text into ``cls``.

    Raises:
        InvalidComplaintDataError: the text is not JSON, or it does not describe a valid ``cls``.
    """
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidComplaintDataError([("", f"not valid JSON: {exc}")], what=getattr(cls, "__name__", "document")) \
            from None
    return structure(data, cls, converter)
