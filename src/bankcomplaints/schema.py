"""JSON Schema (draft 2020-12) for every public structure, derived from the attrs classes.

The schema describes exactly what :func:`bankcomplaints.serialization.make_converter` writes and accepts,
so a CRM written in Java or C# can generate its types from it.

    >>> import bankcomplaints as bc
    >>> schema = bc.json_schema(bc.Money)
    >>> schema["$schema"], schema["required"]
    ('https://json-schema.org/draft/2020-12/schema', ['amount', 'currency'])
    >>> schema["properties"]["amount"]["type"]
    'string'
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from bankcomplaints.events import EVENT_TYPES, ComplaintEvent

__all__ = ["json_schema"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DECIMAL = {"type": "string", "pattern": r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"}
_DATETIME = {
    "type": "string",
    "format": "date-time",
    "description": "RFC 3339 with offset; an optional RFC 9557 zone suffix such as [Asia/Shanghai]",
    "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)(\[[^\]]+\])?$",
}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            self.defs[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type) -> dict[str, Any]:
        if cls is ComplaintEvent:
            return {"oneOf": [self.ref(event) for event in sorted(EVENT_TYPES.values(), key=lambda c: c.__name__)]}
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init and field.name.startswith("_"):
                continue
            name = field.alias if field.alias else field.name
            name = name.lstrip("_") if field.name.startswith("_") else field.name
            properties[name] = self.type_schema(hints[field.name])
            if field.default is attrs.NOTHING:
                required.append(name)
        schema: dict[str, Any] = {
            "type": "object",
            "title": cls.__name__,
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        if cls.__doc__:
            schema["description"] = cls.__doc__.strip().splitlines()[0]
        if issubclass(cls, ComplaintEvent):
            properties["type"] = {"const": cls.__name__}
            required.append("type")
        return schema

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            options = [self.type_schema(arg) for arg in args]
            return {"anyOf": options}
        if origin in (tuple, list, frozenset, set, typing.Sequence):
            item = args[0] if args else Any
            return {"type": "array", "items": self.type_schema(item)}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.type_schema(args[1]) if args else {}}
        if tp is type(None):
            return {"type": "null"}
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is Decimal:
            return dict(_DECIMAL)
        if isinstance(tp, type) and issubclass(tp, datetime.datetime | pendulum.DateTime):
            return dict(_DATETIME)
        if isinstance(tp, type) and issubclass(tp, datetime.date):
            return {"type": "string", "format": "date"}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [member.value for member in tp], "title": tp.__name__}
        if isinstance(tp, type) and attrs.has(tp):
            return self.ref(tp)
        return {}


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a public structure.

    Args:
        cls: an attrs class of bankcomplaints (a value, an event, ``ComplaintEvent`` for any
            event, or ``Complaint``).
    Returns:
        A schema dict whose shared definitions sit under ``$defs``.
    """
    builder = _Builder()
    root = builder.object_schema(cls)
    builder.defs.pop(cls.__name__, None)
    schema = {"$schema": _DRAFT, "$id": f"urn:bankcomplaints:{cls.__name__}", **root}
    if builder.defs:
        schema["$defs"] = builder.defs
    return schema
