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
import enum
import functools
import operator
import re
import types
import typing
import zoneinfo
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
import cattrs.cols
import orjson
import pendulum
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter

from bankcomplaints import _codegen
from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import ComplaintError, InvalidComplaintDataError, InvalidOperationError
from bankcomplaints.events import EVENT_TYPES, ComplaintEvent
from bankcomplaints.limits import MAX_JSON_CHARS, ensure_size

__all__ = ["dumps", "from_json", "make_converter", "structure", "to_json", "unstructure"]

T = TypeVar("T")

_ZONE_SUFFIX = re.compile(r"\[([^\]]+)\]$")


_isoformat = datetime.datetime.isoformat  # the C method; pendulum's override is slower


# By identity, not equality: pendulum's fixed offsets compare equal whatever their names, and hashing
# a pendulum zone runs Python code. An entry keeps its zone alive, so the id is not reused while cached.
_ZONE_SUFFIXES: dict[int, tuple[datetime.tzinfo | None, str]] = {}


def _zone_suffix(tz: datetime.tzinfo | None) -> str:
    known = _ZONE_SUFFIXES.get(id(tz))
    if known is not None and known[0] is tz:
        return known[1]
    name = getattr(tz, "name", None)
    suffix = f"[{name}]" if isinstance(name, str) and "/" in name else ""
    if len(_ZONE_SUFFIXES) >= 512:
        _ZONE_SUFFIXES.clear()
    _ZONE_SUFFIXES[id(tz)] = (tz, suffix)
    return suffix


def _format_datetime(value: datetime.datetime) -> str:
    return _isoformat(value) + _zone_suffix(value.tzinfo)


# The text of a datetime depends only on its wall-clock fields, its fold and its time zone: the zone's
# offset is a function of those fields for these immutable zone types, and pendulum's DateTime does not
# override the fields zoneinfo reads from a datetime subclass (checked below). So a datetime's text is
# computed from a naive datetime rebuilt from its pickled state (wall clock and fold, as bytes; the C code
# takes a faster path for plain datetimes), the offset the zone gives that wall clock, and the zone's name,
# and cached by identity: the entry keeps the datetime alive, so its id is not reused while cached, and a
# datetime never changes.
_IMMUTABLE_ZONES = frozenset({pendulum.Timezone, pendulum.FixedTimezone, zoneinfo.ZoneInfo, datetime.timezone})
_ZONEINFO_READS = ("toordinal", "year", "month", "day", "hour", "minute", "second", "microsecond", "fold")
_PLAIN_FIELDS = frozenset(
    {datetime.datetime}
    | ({pendulum.DateTime} if all(getattr(pendulum.DateTime, name) is getattr(datetime.datetime, name)
                                  for name in _ZONEINFO_READS) else set())
)
_DATETIME_TEXTS: dict[int, tuple[datetime.datetime, str]] = {}
_DATETIME_TEXTS_MAX = 4096
_datetime_state = datetime.datetime.__reduce_ex__  # the C method; pendulum's override is slower
_plain_from_state: Any = datetime.datetime  # datetime(state[, tzinfo]), as unpickling calls it
_OFFSET_TEXTS: dict[datetime.timedelta, str] = {}


def _offset_text(offset: datetime.timedelta) -> str:
    """``+08:00`` for eight hours: how ``isoformat`` writes an aware datetime's offset."""
    text = _OFFSET_TEXTS.get(offset)
    if text is None:
        text = _isoformat(datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone(offset)))[19:]
        if len(_OFFSET_TEXTS) >= 512:
            _OFFSET_TEXTS.clear()
        _OFFSET_TEXTS[offset] = text
    return text


def _unstructure_datetime(value: datetime.datetime) -> str:
    known = _DATETIME_TEXTS.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    if type(value) not in _PLAIN_FIELDS:
        return _format_datetime(value)
    state: Any = _datetime_state(value, 4)[1]  # (wall clock and fold as bytes, tzinfo) when aware
    if len(state) != 2 or type(state[1]) not in _IMMUTABLE_ZONES:
        return _format_datetime(value)
    wall, zone = state
    naive = _plain_from_state(wall)
    text = _isoformat(naive) + _offset_text(zone.utcoffset(naive)) + _zone_suffix(zone)
    if len(_DATETIME_TEXTS) >= _DATETIME_TEXTS_MAX:
        _DATETIME_TEXTS.clear()
    _DATETIME_TEXTS[id(value)] = (value, text)
    return text


@functools.lru_cache(maxsize=512)
def _zone(name: str) -> pendulum.Timezone:
    return pendulum.timezone(name)


@functools.lru_cache(maxsize=512)
def _offset(seconds: int) -> pendulum.FixedTimezone:
    return pendulum.FixedTimezone(seconds)


# Parsing is a function of the text alone, and the results are immutable: recently parsed texts are
# kept (instants repeat in a trail, and a trail is often read more than once).
_PARSED_DATETIMES: dict[str, pendulum.DateTime] = {}
_PARSED_DATETIMES_MAX = 4096


def _structure_datetime(value: Any, _: Any) -> pendulum.DateTime:
    if type(value) is not str:  # str subclasses may hash and compare differently: never cached
        return _parse_datetime(value)
    known = _PARSED_DATETIMES.get(value)
    if known is None:
        known = _parse_datetime(value)
        if len(_PARSED_DATETIMES) >= _PARSED_DATETIMES_MAX:
            _PARSED_DATETIMES.clear()
        _PARSED_DATETIMES[value] = known
    return known


def _parse_datetime(value: Any) -> pendulum.DateTime:
    if not isinstance(value, str):
        raise ValueError(f"expected an RFC 3339 datetime string, got {type(value).__name__}")
    zone = None
    if value.endswith("]"):
        match = _ZONE_SUFFIX.search(value)
        if match:
            zone, value = match.group(1), value[: match.start()]
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO 8601 datetime: {value!r}") from None
    offset = parsed.utcoffset()
    if offset is None:
        raise ValueError(f"datetime {value!r} has no offset (naive datetimes are ambiguous)")
    if zone is None:
        tz: datetime.tzinfo = _offset(int(offset.total_seconds()))
    else:
        try:
            tz = _zone(zone)
        except Exception:
            raise ValueError(f"unknown time zone {zone!r}") from None
    local = parsed.astimezone(tz)
    if _STATE_CONSTRUCTOR:  # the same fields, fold and zone as passing them one by one, built faster
        return _pendulum_from_state(_datetime_state(local, 4)[1][0], tz)  # type: ignore[no-any-return]
    return pendulum.DateTime(
        local.year, local.month, local.day, local.hour, local.minute, local.second, local.microsecond,
        tzinfo=tz, fold=local.fold,
    )


# pendulum's DateTime is built by datetime's own constructor, which also takes the pickled state.
_STATE_CONSTRUCTOR = (pendulum.DateTime.__new__ is datetime.datetime.__new__
                      and pendulum.DateTime.__init__ is object.__init__)
_pendulum_from_state: Any = pendulum.DateTime  # DateTime(state, tzinfo), as unpickling calls it


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


def _is_optional(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args


def _is_tuple_of(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _is_array_type(tp: Any) -> bool:
    return _is_tuple_of(tp) or (typing.get_origin(tp) is list and len(typing.get_args(tp)) == 1)


def _register_arrays_only(conv: JsonConverter) -> None:
    """Tuples and lists come only from JSON arrays: cattrs would split a string into its characters."""

    def factory(tp: Any) -> Any:
        if _is_tuple_of(tp):
            structure_items = cattrs.cols.homogenous_tuple_structure_factory(tp, conv)
        else:
            structure_items = cattrs.cols.list_structure_factory(tp, conv)

        def structure_array(value: Any, _: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise ValueError(f"expected an array, got {type(value).__name__}")
            return structure_items(value, tp)

        return structure_array

    conv.register_structure_hook_factory(_is_array_type, factory)


def _register_fast_unstructure(conv: JsonConverter) -> None:
    """Unstructure hooks for ``X | None``, ``tuple[X, ...]`` and enums that bind the inner hook once."""

    def optional_factory(tp: Any) -> Any:
        inner = next(arg for arg in typing.get_args(tp) if arg is not type(None))
        hook = conv.get_unstructure_hook(inner)
        return lambda value: None if value is None else hook(value)

    def tuple_factory(tp: Any) -> Any:
        hook = conv.get_unstructure_hook(typing.get_args(tp)[0])
        return lambda value: [hook(item) for item in value]

    conv.register_unstructure_hook_factory(_is_optional, optional_factory)
    conv.register_unstructure_hook_factory(_is_tuple_of, tuple_factory)
    conv.register_unstructure_hook_factory(_is_enum, lambda _: operator.attrgetter("value"))


def _register_fast_structure(conv: JsonConverter) -> None:
    """Structure hooks for ``X | None``, ``tuple[X, ...]`` and enums that bind the inner hook once.

    cattrs' generic hooks dispatch on every value; these accept and refuse exactly the same data
    several times faster, but report a bad tuple item without its index, so only the fast
    (non-detailed) converter uses them.
    """

    def optional_factory(tp: Any) -> Any:
        inner = next(arg for arg in typing.get_args(tp) if arg is not type(None))
        hook = conv.get_structure_hook(inner)

        def structure_optional(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return structure_optional

    def tuple_factory(tp: Any) -> Any:
        inner = typing.get_args(tp)[0]
        hook = conv.get_structure_hook(inner)

        def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise ValueError(f"expected an array, got {type(value).__name__}")
            return tuple([hook(item, inner) for item in value])

        return structure_tuple

    def enum_factory(tp: type[enum.Enum]) -> Any:
        members = {member.value: member for member in tp}

        def structure_enum(value: Any, _: Any) -> enum.Enum:
            try:
                return members[value]
            except (KeyError, TypeError):
                raise ValueError(f"{value!r} is not a valid {tp.__name__}") from None

        return structure_enum

    conv.register_structure_hook_factory(_is_optional, optional_factory)
    conv.register_structure_hook_factory(_is_tuple_of, tuple_factory)
    conv.register_structure_hook_factory(_is_enum, enum_factory)


def make_converter(*, detailed_validation: bool = True) -> JsonConverter:
    """A new cattrs JSON converter for every public structure of bankcomplaints.

    It is strict: unknown keys, wrong types, floats for money, naive datetimes and unknown
    slugs are errors. Use :func:`structure` to get them as one
    :class:`~bankcomplaints.errors.InvalidComplaintDataError` with field paths.

    Args:
        detailed_validation: collect every error with its path (slower); :func:`structure`
            runs a converter without it first and repeats with it only when the data is bad.
    """
    conv = _make_json_converter(forbid_extra_keys=True, detailed_validation=detailed_validation)
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
    _register_arrays_only(conv)
    _register_fast_unstructure(conv)
    if not detailed_validation:
        _register_fast_structure(conv)

    def is_event(cls: Any) -> bool:
        return isinstance(cls, type) and issubclass(cls, ComplaintEvent)

    def unstructure_event_factory(cls: type[ComplaintEvent]) -> Any:
        fields_of = make_dict_unstructure_fn(cls, conv)
        tag = cls.__name__

        def unstructure_event(event: ComplaintEvent) -> dict[str, Any]:
            data: dict[str, Any] = fields_of(event)
            data["type"] = tag
            return data

        return unstructure_event

    def structure_any_event(data: Any, cls: type[ComplaintEvent]) -> ComplaintEvent:
        if not isinstance(data, dict):
            raise ValueError(f"expected an event object, got {type(data).__name__}")
        tag = data.get("type")
        concrete = EVENT_TYPES.get(tag) if isinstance(tag, str) else None
        if concrete is None or not issubclass(concrete, cls):
            raise ValueError(f"unknown event type {tag!r}")
        return conv.structure(data, concrete)

    def structure_event_factory(cls: type[ComplaintEvent]) -> Any:
        if cls is ComplaintEvent or cls.__name__ not in EVENT_TYPES:
            return structure_any_event
        return _tagged(cls, make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=False, _cattrs_detailed_validation=detailed_validation))

    conv.register_unstructure_hook_factory(is_event, unstructure_event_factory)
    conv.register_structure_hook_factory(is_event, structure_event_factory)
    conv.register_unstructure_hook(Complaint, make_dict_unstructure_fn(Complaint, conv, _pending=override(omit=True)))
    conv.register_structure_hook(
        Complaint,
        make_dict_structure_fn(Complaint, conv, _pending=override(omit=True), _cattrs_forbid_extra_keys=True,
                               _cattrs_detailed_validation=detailed_validation),
    )
    return conv


def _tagged(event_type: type[ComplaintEvent], structure_fields: Any) -> Any:
    """Structure one event class, accepting (and checking) the ``type`` tag its JSON carries.

    ``structure_fields`` ignores unknown keys; the key check happens here, so the data is never copied.
    """
    allowed = frozenset({"type", *(field.name for field in attrs.fields(event_type))})
    tag = event_type.__name__

    def structure_event(data: Any, _: Any) -> ComplaintEvent:
        if isinstance(data, dict):
            if data.get("type", tag) != tag:
                raise ValueError(f"event type {data['type']!r} is not {tag}")
            if not allowed.issuperset(data):
                extra = ", ".join(sorted(str(key) for key in data if key not in allowed))
                raise cattrs.ForbiddenExtraKeysError(f"extra fields found ({extra})", event_type, set(extra))
        return structure_fields(data, event_type)  # type: ignore[no-any-return]

    return structure_event


_SCALARS = _codegen.Scalars(
    structure_datetime=_structure_datetime,
    structure_date=_structure_date,
    structure_decimal=_structure_decimal,
    unstructure_datetime=_unstructure_datetime,
)


@functools.cache
def _default() -> JsonConverter:
    """The strict converter: every error with its path. Unstructures through generated functions."""
    conv = make_converter()
    _codegen.install(conv, _SCALARS, fallback=None)
    return conv


@functools.cache
def _strict_fast() -> JsonConverter:
    """The cattrs converter without detailed validation.

    What it accepts :func:`_default` accepts, giving an equal value; it refuses a little more (a string
    for a tuple, which the detailed cattrs hook splits into characters), and :func:`structure` then asks
    :func:`_default`.
    """
    return make_converter(detailed_validation=False)


@functools.cache
def _fast() -> JsonConverter:
    """:func:`_strict_fast` with generated functions in front of its hooks for simple classes.

    The generated functions hand whatever they do not accept to :func:`_strict_fast`'s hooks,
    so this converter accepts and refuses exactly what :func:`_strict_fast` does.
    """
    conv = make_converter(detailed_validation=False)
    _codegen.install(conv, _SCALARS, fallback=_strict_fast())
    return conv


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
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):  # keys of a YAML document need not be strings
        return f"extra fields found ({', '.join(sorted(repr(key) for key in exc.extra_fields))})"
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
    what = getattr(cls, "__name__", str(cls))
    if converter is None:
        try:
            return _fast().structure(data, cls)
        except Exception:  # bad data: run again below to name every fault
            pass
    conv = converter or _default()
    try:
        return conv.structure(data, cls)
    except (cattrs.BaseValidationError, cattrs.ForbiddenExtraKeysError, ComplaintError, ValueError, TypeError,
            KeyError, AttributeError) as exc:
        if isinstance(exc, InvalidOperationError):
            raise InvalidComplaintDataError([(exc.field, exc.message)], what=what) from None
        raise InvalidComplaintDataError(_errors(exc), what=what) from None
    except NameError:  # a class holding callables (a Workflow) has no JSON form of its own
        raise InvalidComplaintDataError(
            [("", f"{what} cannot be built by structure(); use its own loader (e.g. load_workflow)")], what=what
        ) from None


def unstructure(value: Any, converter: JsonConverter | None = None) -> Any:
    """``value`` as JSON-ready Python data (dicts, lists, strings, numbers)."""
    return (converter or _default()).unstructure(value)


def dumps(value: Any, converter: JsonConverter | None = None) -> str:
    """``value`` as JSON text (UTF-8 characters kept, keys in field order)."""
    return orjson.dumps(unstructure(value, converter)).decode()


def to_json(value: Any, converter: JsonConverter | None = None) -> str:
    """Alias of :func:`dumps`."""
    return dumps(value, converter)


def from_json(text: str | bytes, cls: type[T], converter: JsonConverter | None = None) -> T:
    """Parse JSON text into ``cls``.

    Raises:
        InvalidComplaintDataError: the text is not JSON, is longer than
            :data:`~bankcomplaints.limits.MAX_JSON_CHARS`, or does not describe a valid ``cls``.
    """
    ensure_size(text, MAX_JSON_CHARS, what=getattr(cls, "__name__", "document"))
    try:
        data = orjson.loads(text)
    except (orjson.JSONDecodeError, TypeError) as exc:
        raise InvalidComplaintDataError([("", f"not valid JSON: {exc}")], what=getattr(cls, "__name__", "document")) \
            from None
    return structure(data, cls, converter)
