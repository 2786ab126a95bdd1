"""Specialised (un)structure functions for the library's own converters, generated per attrs class.

cattrs' generated hooks call one hook per field and dispatch on types at run time. For classes whose
fields are all *simple* (str, int, bool, Decimal, enums, datetimes, dates, ``X | None``,
``tuple[X, ...]`` and other simple attrs classes) this module writes one Python function per class,
with the type checks inlined (``type(v) is str``), enums looked up in a dict and nested classes called
directly. Any other class keeps its cattrs hook.

Structuring is a fast path only: a generated function never accepts data the strict converter refuses
and builds equal objects from the data it accepts, but it gives up (raises) on anything unusual,
valid or not; the hook :func:`install` registers then hands the whole value to the cattrs hook, which
accepts or refuses it exactly as before. Unstructuring writes exactly what the cattrs hooks write.

Only the converters private to :mod:`bankcomplaints.serialization` get these hooks: the generated code
inlines the scalar hooks that module registers, which a host could replace on a converter of its own.
"""

from __future__ import annotations

import datetime
import enum
import functools
import inspect
import keyword
import threading
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from cattrs.preconf.json import JsonConverter

from bankcomplaints.events import EVENT_TYPES, ComplaintEvent

__all__ = ["GiveUp", "Scalars", "canonical_function", "factory_of", "install", "plain_init", "simple_class",
           "structure_function", "supports_structure"]

Fn = Callable[[Any], Any]


class GiveUp(Exception):
    """Raised by a generated structure function for data it leaves to the cattrs hook."""


def _give_up() -> typing.NoReturn:
    raise GiveUp


@attrs.frozen
class Scalars:
    """The scalar hooks of the converter the generated code stands in for."""

    structure_datetime: Callable[[Any, Any], Any]
    structure_date: Callable[[Any, Any], Any]
    structure_decimal: Callable[[Any, Any], Any]
    unstructure_datetime: Callable[[Any], str]


_DATETIMES = (pendulum.DateTime, datetime.datetime)


def _optional_inner(tp: Any) -> Any:
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return args[0] if args[1] is type(None) else args[1]
    return None


def _sequence_inner(tp: Any) -> Any:
    """``X`` of ``tuple[X, ...]``, else None."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _list_inner(tp: Any) -> Any:
    args = typing.get_args(tp)
    return args[0] if typing.get_origin(tp) is list and len(args) == 1 else None


def _is_scalar(tp: Any) -> bool:
    return tp in (str, int, bool, Decimal, datetime.date, *_DATETIMES) or _is_enum(tp)


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _is_event(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, ComplaintEvent)


@functools.cache
def _hints(cls: type) -> dict[str, Any] | None:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # unresolvable annotations: leave the class to cattrs
        return None


def simple_class(cls: Any, _seen: frozenset[type] = frozenset()) -> bool:
    """Whether generated functions stand in for the cattrs hooks of ``cls``.

    Args:
        cls: any type.
    Returns:
        True for an attrs class whose every field is set by ``__init__`` under its own name and
        has a simple type; an event class only when it is the one registered under its name.
    """
    if not (isinstance(cls, type) and attrs.has(cls)) or cls in _seen:
        return False
    if _is_event(cls) and EVENT_TYPES.get(cls.__name__) is not cls:
        return False
    hints = _hints(cls)
    if hints is None:
        return False
    seen = _seen | {cls}
    for field in attrs.fields(cls):
        if (not field.init or field.alias != field.name or field.name.startswith("_") or field.name == "type"
                or not field.name.isidentifier() or keyword.iskeyword(field.name)):
            return False
        if factory_of(field) and field.default.takes_self:
            return False
        if not _simple_field(hints[field.name], seen):
            return False
    return True


def _simple_field(tp: Any, seen: frozenset[type]) -> bool:
    if _is_scalar(tp):
        return True
    inner = _optional_inner(tp)
    if inner is None:
        inner = _sequence_inner(tp)
    if inner is not None:
        return _simple_field(inner, seen)
    return not _is_event(tp) and simple_class(tp, seen)


def supports_structure(tp: Any) -> bool:
    """Whether :func:`structure_function` handles ``tp``.

    Args:
        tp: any type.
    Returns:
        True for simple classes, the event base class, and lists or tuples of them.
    """
    inner = _list_inner(tp)
    if inner is None:
        inner = _sequence_inner(tp)
    if inner is not None:
        return supports_structure(inner)
    return tp is ComplaintEvent or simple_class(tp)


_FACTORY: Any = type(attrs.Factory(list))


def factory_of(field: attrs.Attribute[Any]) -> Callable[[], Any] | None:
    """The factory making the default of ``field``, if it has one."""
    default: Any = field.default
    return default.factory if isinstance(default, _FACTORY) else None


_MISSING = object()
_SETATTR_GET = object.__setattr__.__get__


def plain_init(cls: type) -> list[Any] | None:
    """The slots of ``cls`` if its ``__init__`` only stores each argument in its slot, else None.

    That is the ``__init__`` attrs writes for a frozen slotted class without validators, converters
    or init hooks; it is checked from its source, so any other ``__init__`` is called as it is.
    """
    init = cls.__dict__.get("__init__")
    if (type(cls).__call__ is not type.__call__ or cls.__new__ is not object.__new__  # type: ignore[comparison-overlap]
            or init is None or not init.__code__.co_filename.startswith("<attrs generated")
            or init.__globals__.get("_cached_setattr_get") != _SETATTR_GET):
        return None
    try:
        body = [line.strip() for line in inspect.getsource(init).splitlines()[1:] if line.strip()]
    except (OSError, TypeError):
        return None
    expected = ["_setattr = _cached_setattr_get(self)"]
    slots = []
    for field in attrs.fields(cls):
        store = f"_setattr({field.name!r}, {field.alias})"
        if factory_of(field):
            expected += [f"if {field.alias} is not NOTHING:", store, "else:",
                         f"_setattr({field.name!r}, __attr_factory_{field.name}())"]
        else:
            expected.append(store)
        slot = next((klass.__dict__[field.name] for klass in cls.__mro__ if field.name in klass.__dict__), None)
        if type(slot) is not types.MemberDescriptorType:
            return None
        slots.append(slot)
    return slots if body == expected else None


# Structures an event of any registered class, dispatching on its ``type`` tag; a class registered
# again under the same tag (EVENT_TYPES keeps the last one) gets its own function.
_STRUCTURE_ANY_EVENT = """
def structure_any_event(o):
    if type(o) is not dict: _give_up()
    t = o.get('type')
    known = _by_tag.get(t) if type(t) is str else _give_up()
    if known is None or _event_types.get(t) is not known[0]: known = _event_function(t)
    return known[1](o)
"""


class _Module:
    """The generated functions of one converter: their source, the names they use, and themselves."""

    def __init__(self, scalars: Scalars, fallback: JsonConverter) -> None:
        self.scalars = scalars
        self.fallback = fallback
        self.names: dict[str, Any] = {
            "_give_up": _give_up, "_missing": _MISSING, "_new": object.__new__, "_str": str, "_tuple": tuple,
            "_list": list, "_date_iso": datetime.date.isoformat,
        }
        self.structure_fns: dict[type, str] = {}
        self.top_fns: dict[Any, str] = {}
        self.unstructure_fns: dict[type, str] = {}
        self.canonical_fns: dict[type, str] = {}
        self.by_tag: dict[str, tuple[type, Fn]] = {}
        self.pending: list[str] = []
        self.lock = threading.RLock()
        self._counter = 0
        self.names.update(_by_tag=self.by_tag, _event_types=EVENT_TYPES, _event_function=self.event_function)
        self.pending.append(_STRUCTURE_ANY_EVENT)

    def bind(self, value: Any, hint: str) -> str:
        """A fresh global name for ``value``."""
        self._counter += 1
        name = f"_{hint}_{self._counter}"
        self.names[name] = value
        return name

    def fresh(self, hint: str = "x") -> str:
        """A fresh name."""
        self._counter += 1
        return f"{hint}{self._counter}"

    def function(self, name: str) -> Fn:
        """The compiled function ``name``, compiling what is pending first."""
        if self.pending:
            exec("\n\n".join(self.pending), self.names)  # source built here from field names and types
            self.pending.clear()
        return self.names[name]  # type: ignore[no-any-return]

    # --- structuring -----------------------------------------------------------------------------

    def structure_expr(self, tp: Any, var: str) -> str:
        """An expression structuring the value named ``var`` as ``tp`` (giving up by raising)."""
        if tp is str or tp is int or tp is bool:
            return f"({var} if type({var}) is {tp.__name__} else _give_up())"
        if tp is Decimal:
            return f"{self.bind(self.scalars.structure_decimal, 'decimal')}({var}, None)"
        if tp in _DATETIMES:
            return f"{self.bind(self.scalars.structure_datetime, 'datetime')}({var}, None)"
        if tp is datetime.date:
            return f"{self.bind(self.scalars.structure_date, 'date')}({var}, None)"
        if _is_enum(tp):
            return f"{self.bind({member.value: member for member in tp}, tp.__name__)}[{var}]"
        inner = _optional_inner(tp)
        if inner is not None:
            return f"(None if {var} is None else {self.structure_expr(inner, var)})"
        inner = _sequence_inner(tp)
        if inner is not None:
            item = self.fresh()
            return (f"(_tuple([{self.structure_expr(inner, item)} for {item} in {var}]) "
                    f"if type({var}) is list else _give_up())")
        inner = _list_inner(tp)
        if inner is not None:
            item = self.fresh()
            return f"([{self.structure_expr(inner, item)} for {item} in {var}] if type({var}) is list else _give_up())"
        if tp is ComplaintEvent:
            return f"structure_any_event({var})"
        return f"{self.structure_class(tp)}({var})"

    def structure_class(self, cls: type) -> str:
        """The name of the generated function structuring ``cls`` from a dict."""
        if cls in self.structure_fns:
            return self.structure_fns[cls]
        name = self.structure_fns[cls] = self.fresh(f"structure_{cls.__name__}_")
        hints = _hints(cls)
        assert hints is not None
        fields = attrs.fields(cls)
        allowed = {field.name for field in fields}
        lines = [f"def {name}(o):", "    if type(o) is not dict: _give_up()"]
        if _is_event(cls):
            tag = cls.__name__
            allowed.add("type")
            lines.append(f"    if o.get('type', {tag!r}) != {tag!r}: _give_up()")
        lines.append(f"    if not {self.bind(frozenset(allowed), 'allowed')}.issuperset(o): _give_up()")
        slots = plain_init(cls)
        if slots is not None:  # what its __init__ does, without the call: each value into its slot
            lines.append(f"    r = _new({self.bind(cls, cls.__name__)})")
        for index, field in enumerate(fields):
            value = f"v{index}" if slots is None else f"{self.bind(slots[index].__set__, 'set')}(r, {{}})"
            expr = self.structure_expr(hints[field.name], "v")
            store = f"{value} = {{}}" if slots is None else value
            if field.default is attrs.NOTHING:
                lines += [f"    v = o[{field.name!r}]", f"    {store.format(expr)}"]
            else:
                factory = factory_of(field)
                default = f"{self.bind(factory, 'factory')}()" if factory else self.bind(field.default, "default")
                lines += [f"    v = o.get({field.name!r}, _missing)",
                          f"    {store.format(f'{default} if v is _missing else {expr}')}"]
        if slots is None:
            arguments = ", ".join(f"{field.alias}=v{index}" for index, field in enumerate(fields))
            lines.append(f"    return {self.bind(cls, cls.__name__)}({arguments})")
        else:
            lines.append("    return r")
        self.pending.append("\n".join(lines))
        return name

    def event_function(self, tag: str) -> tuple[type, Fn]:
        """The class registered for ``tag`` and the function structuring it.

        Classes the generator cannot handle go to the fallback converter's hook, which
        accepts or refuses them as the strict converter does.

        Raises:
            GiveUp: no event class has this tag.
        """
        concrete = EVENT_TYPES.get(tag)
        if concrete is None:
            _give_up()
        if simple_class(concrete):
            with self.lock:
                fn = self.function(self.structure_class(concrete))
        else:
            fn = functools.partial(_call_hook, self.fallback.get_structure_hook(concrete), concrete)
        self.by_tag[tag] = (concrete, fn)
        return concrete, fn

    def structure_function(self, tp: Any) -> Fn:
        """The generated function structuring ``tp`` (see :func:`supports_structure`)."""
        with self.lock:
            if tp not in self.top_fns:
                item = self.fresh()
                name = self.top_fns[tp] = self.fresh("structure_top_")
                self.pending.append(f"def {name}({item}):\n    return {self.structure_expr(tp, item)}")
            return self.function(self.top_fns[tp])

    # --- unstructuring ---------------------------------------------------------------------------

    def unstructure_expr(self, tp: Any, var: str) -> str:
        """An expression unstructuring the value named ``var`` as the cattrs hook for ``tp`` does."""
        if tp is str or tp is int or tp is bool:
            return var
        if tp is Decimal:
            return f"_str({var})"
        if tp in _DATETIMES:
            return f"{self.bind(self.scalars.unstructure_datetime, 'datetime')}({var})"
        if tp is datetime.date:
            return f"_date_iso({var})"
        if _is_enum(tp):
            # ``value`` is Enum's property returning ``_value_`` unless the enum redefines it.
            plain = inspect.getattr_static(tp, "value", None) is enum.Enum.__dict__["value"]
            return f"{var}._value_" if plain else f"{var}.value"
        inner = _optional_inner(tp)
        if inner is not None:
            expr = self.unstructure_expr(inner, var)
            return var if expr == var else f"(None if {var} is None else {expr})"
        inner = _sequence_inner(tp)
        if inner is not None:
            item = self.fresh()
            expr = self.unstructure_expr(inner, item)
            return f"_list({var})" if expr == item else f"[{expr} for {item} in {var}]"
        return f"{self.unstructure_class(tp)}({var})"

    def unstructure_class(self, cls: type) -> str:
        """The name of the generated function unstructuring ``cls`` into a dict."""
        if cls in self.unstructure_fns:
            return self.unstructure_fns[cls]
        name = self.unstructure_fns[cls] = self.fresh(f"unstructure_{cls.__name__}_")
        hints = _hints(cls)
        assert hints is not None
        return self.dict_function(name, "i", cls, lambda field, value, lines: _bind(
            lines, field.name, value, self.unstructure_expr(hints[field.name], value)))

    def dict_function(self, name: str, parameters: str, cls: type,
                      entry: Callable[[Any, str, list[str]], str | None], *, sort_keys: bool = False) -> str:
        """Queue the source of ``def name(parameters)`` returning ``cls``'s fields as a dict, and return ``name``.

        ``entry(field, value, lines)`` gives the expression of a field's entry (None: left out), adding to
        ``lines`` any statement it needs (naming the field's value ``value``); an event gets its ``type`` tag.
        The entries are in field order, or with ``sort_keys`` in the order of their keys.
        """
        lines = [f"def {name}({parameters}):"]
        items = []
        for index, field in enumerate(attrs.fields(cls)):
            expr = entry(field, f"v{index}", lines)
            if expr is not None:
                items.append((field.name, expr))
        if _is_event(cls):
            items.append(("type", repr(cls.__name__)))
        if sort_keys:
            items.sort()
        lines.append(f"    return {{{', '.join(f'{key!r}: {expr}' for key, expr in items)}}}")
        self.pending.append("\n".join(lines))
        return name

    def unstructure_function(self, cls: type) -> Fn:
        """The generated function unstructuring the simple class ``cls``."""
        with self.lock:
            return self.function(self.unstructure_class(cls))


    # --- canonical forms (what the hash chain reads) ---------------------------------------------

    def canonical_expr(self, tp: Any, var: str) -> str:
        """An expression giving the canonical form of the value named ``var`` as ``tp`` (salt: ``salt``).

        Every dict in it has its keys in sorted order, so the JSON writer need not sort them.
        """
        if not _holds_class(tp):
            return self.unstructure_expr(tp, var)
        inner = _optional_inner(tp)
        if inner is not None:
            return f"(None if {var} is None else {self.canonical_expr(inner, var)})"
        inner = _sequence_inner(tp)
        if inner is not None:
            item = self.fresh()
            return f"[{self.canonical_expr(inner, item)} for {item} in {var}]"
        return f"{self.canonical_class(tp)}({var}, salt)"

    def canonical_class(self, cls: type) -> str:
        """The name of the generated function giving the canonical form of ``cls``.

        It is the unstructured dict without the unhashed fields (and an event's ``hash``), with each
        personal field's value replaced by ``_digest(value, salt)`` where that value is text, and with its
        keys (and those of every dict inside) in sorted order. A personal field's type holds no class
        (:func:`_presorted`), so its unstructured value holds no dict.
        """
        if cls in self.canonical_fns:
            return self.canonical_fns[cls]
        name = self.canonical_fns[cls] = self.fresh(f"canonical_{cls.__name__}_")
        hints = _hints(cls)
        assert hints is not None

        def entry(field: Any, value: str, lines: list[str]) -> str | None:
            if field.metadata.get("personal"):
                lines.append(f"    {value} = {self.unstructure_expr(hints[field.name], f'i.{field.name}')}")
                return f"_digest({value}, salt) if isinstance({value}, _str) else {value}"
            if field.metadata.get("unhashed") or (_is_event(cls) and field.name == "hash"):
                return None
            return _bind(lines, field.name, value, self.canonical_expr(hints[field.name], value))

        return self.dict_function(name, "i, salt", cls, entry, sort_keys=True)


def _bind(lines: list[str], field: str, value: str, expr: str) -> str:
    """A field's entry: the attribute itself when ``expr`` is just ``value``, else ``expr`` over ``value``
    bound to the attribute by a statement added to ``lines``."""
    if expr == value:
        return f"i.{field}"
    lines.append(f"    {value} = i.{field}")
    return expr


def _holds_class(tp: Any) -> bool:
    """Whether a value of the simple type ``tp`` may hold an attrs class (so its JSON form a dict)."""
    inner = _optional_inner(tp)
    if inner is None:
        inner = _sequence_inner(tp)
    if inner is not None:
        return _holds_class(inner)
    return isinstance(tp, type) and attrs.has(tp)


def _presorted(cls: type, seen: frozenset[type] = frozenset()) -> bool:
    """Whether the generated canonical form of the simple class ``cls`` writes every dict with sorted keys:
    true unless a personal field's type holds a class (its value is written as the converter writes it)."""
    hints = _hints(cls)
    assert hints is not None
    for field in attrs.fields(cls):
        tp = hints[field.name]
        if field.metadata.get("personal") and _holds_class(tp):
            return False
        nested = tp
        while (inner := _optional_inner(nested) or _sequence_inner(nested)) is not None:
            nested = inner
        if isinstance(nested, type) and attrs.has(nested) and nested not in seen and not _presorted(
                nested, seen | {cls}):
            return False
    return True


def canonical_function(converter: Any, cls: type, digest: Callable[[str, str], str]) -> (
        Callable[[Any, str], Any] | None):
    """The generated function giving the canonical form of the event class ``cls``, if there is one.

    The canonical form is what :func:`bankcomplaints.events.event_hash` hashes: the JSON form without
    ``hash`` and the unhashed fields, personal text replaced by its salted digest. The generated function
    writes it in one pass, as the converter's generated unstructure functions write the JSON form, and
    with every dict's keys in sorted order (so the hash needs no sorting).

    Args:
        converter: the converter whose JSON form is hashed.
        cls: an event class.
        digest: the salted digest of a personal value, ``digest(value, salt)``.
    Returns:
        ``function(event, salt)``, or None when ``converter`` has no generated functions, or ``cls`` is
        not simple or has a personal field holding a class (the caller then works from the converter's
        JSON form).
    """
    module: _Module | None = getattr(converter, "_bankcomplaints_codegen", None)
    if module is None or not simple_class(cls) or not _presorted(cls):
        return None
    with module.lock:
        module.names["_digest"] = digest
        return typing.cast("Callable[[Any, str], Any]", module.function(module.canonical_class(cls)))


def _call_hook(hook: Callable[[Any, Any], Any], tp: Any, data: Any) -> Any:
    return hook(data, tp)


def structure_function(converter: JsonConverter, tp: Any) -> Fn:
    """The generated structure function installed on ``converter`` for ``tp``, without its fallback.

    For tests that compare it with the strict converter.

    Args:
        converter: a converter :func:`install` ran on.
        tp: a type :func:`supports_structure` accepts.
    Returns:
        A function of the data that returns the structured value or raises.
    """
    module: _Module = converter._bankcomplaints_codegen  # type: ignore[attr-defined]
    return module.structure_function(tp)


def install(converter: JsonConverter, scalars: Scalars, fallback: JsonConverter | None) -> None:
    """Register generated hooks on ``converter`` for every simple class.

    Args:
        converter: a converter from :func:`bankcomplaints.serialization.make_converter`, used
            by nobody else (the hooks it gets later for scalar types would not reach the generated code).
        scalars: the scalar hooks registered on it.
        fallback: an equally strict converter whose hooks take over whenever generated structuring
            gives up; ``None`` to generate unstructure hooks only.
    """
    module = _Module(scalars, fallback or converter)
    converter._bankcomplaints_codegen = module  # type: ignore[attr-defined]
    converter.register_unstructure_hook_factory(simple_class, module.unstructure_function)
    hook_of = converter.get_unstructure_hook

    def unstructure_list(items: list[Any]) -> list[Any]:
        # cattrs' own hook for a plain list: ``list(converter.unstructure(item) for item in items)``.
        return [hook_of(item.__class__)(item) for item in items]

    converter.register_unstructure_hook_func(lambda tp: tp is list, unstructure_list)
    if fallback is None:
        return
    strict = fallback

    def structure_factory(tp: Any) -> Callable[[Any, Any], Any]:
        generated = module.structure_function(tp)
        hook = strict.get_structure_hook(tp)

        def structure(data: Any, _: Any) -> Any:
            try:
                return generated(data)
            except Exception:  # the strict hook accepts or refuses it, as it always did
                return hook(data, tp)

        return structure

    converter.register_structure_hook_factory(supports_structure, structure_factory)
