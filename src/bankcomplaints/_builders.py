"""Building frozen values without keyword matching: events for ``Complaint._record``, copies for ``evolve``.

``_record`` receives an event's own fields as a dict and adds the chain fields (complaint, sequence,
instant, actor, previous hash). Calling the class with them all as keywords costs more than storing
them: the call packs a new dict and matches it against the signature. For an event class whose
``__init__`` only stores each argument in its slot (attrs' own for a frozen slotted class without
validators, converters or hooks, checked by :func:`bankcomplaints._codegen.plain_init`), a generated
builder stores the values directly.

A builder is a fast path only: for fields the class would not accept exactly as given (an unknown
name, a missing required field, a chain field among them) it returns None, and the caller calls the
class, which accepts or refuses them as it always did. Events are still public attrs classes whose
constructor a host calls as before.

The same check gives :func:`positional_constructor` (for values the engine builds from checked parts)
and :func:`evolve`, ``attrs.evolve`` for such classes without its per-call introspection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

from bankcomplaints._codegen import factory_of, plain_init
from bankcomplaints.events import ComplaintEvent

__all__ = ["CHAIN_FIELDS", "Builder", "event_builder", "evolve", "positional_constructor"]

T = TypeVar("T")

#: The fields ``_record`` sets itself, in this order, as the builder's first arguments.
CHAIN_FIELDS = ("complaint_id", "seq", "occurred_at", "actor", "prev_hash")

#: ``build(complaint_id, seq, occurred_at, actor, prev_hash, fields)``: the event, or None to call the class.
Builder = Callable[[str, int, Any, Any, str, dict[str, Any]], "ComplaintEvent | None"]

_MISSING = object()


def event_builder(cls: type[ComplaintEvent]) -> Builder | None:
    """The generated builder of the event class ``cls``, or None when its ``__init__`` does more than store.

    Args:
        cls: an event class.
    Returns:
        ``build(complaint_id, seq, occurred_at, actor, prev_hash, fields)`` giving the event ``cls`` would
        build from those keywords, or None for fields it leaves to ``cls`` itself.
    """
    slots = plain_init(cls)
    if slots is None:
        return None
    fields = attrs.fields(cls)
    if not set(CHAIN_FIELDS) <= {field.alias for field in fields if field.alias == field.name}:
        return None
    names: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_missing": _MISSING,
                             "_nothing": attrs.NOTHING,
                             "_allowed": frozenset(f.alias for f in fields if f.alias not in CHAIN_FIELDS)}
    lines = [f"def build({', '.join(CHAIN_FIELDS)}, f):",
             "    if not _allowed.issuperset(f): return None",
             "    r = _new(_cls)"]
    for index, (field, slot) in enumerate(zip(fields, slots, strict=True)):
        setter = f"_set{index}"
        names[setter] = slot.__set__
        if field.alias in CHAIN_FIELDS:
            lines.append(f"    {setter}(r, {field.alias})")
        elif field.default is attrs.NOTHING:
            lines += [f"    v = f.get({field.alias!r}, _missing)", "    if v is _missing: return None",
                      f"    {setter}(r, v)"]
        elif (factory := factory_of(field)) is not None:
            names[f"_factory{index}"] = factory
            lines += [f"    v = f.get({field.alias!r}, _nothing)",  # attrs' own sentinel, as its __init__ has
                      f"    {setter}(r, _factory{index}() if v is _nothing else v)"]
        else:
            names[f"_default{index}"] = field.default
            lines.append(f"    {setter}(r, f.get({field.alias!r}, _default{index}))")
    lines.append("    return r")
    exec("\n".join(lines), names)  # source built here from the class's field names
    return names["build"]  # type: ignore[no-any-return]


def positional_constructor(cls: type[T]) -> Callable[..., T] | None:
    """A generated ``make(*values)`` storing one value per field, in field order, or None (call ``cls``).

    For callers that build ``cls`` from values they have already checked, with every field given.

    Args:
        cls: an attrs class.
    Returns:
        ``make``, or None when ``cls``'s ``__init__`` does more than store its arguments.
    """
    slots = plain_init(cls)
    if slots is None:
        return None
    names: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    parameters = [f"a{index}" for index in range(len(slots))]
    lines = [f"def make({', '.join(parameters)}):", "    r = _new(_cls)"]
    for index, slot in enumerate(slots):
        names[f"_set{index}"] = slot.__set__
        lines.append(f"    _set{index}(r, a{index})")
    lines.append("    return r")
    exec("\n".join(lines), names)  # source built here from the number of fields
    return names["make"]  # type: ignore[no-any-return]


# Each class's generated copier (None: attrs.evolve), made once per class.
_COPIERS: dict[type, Callable[[Any, dict[str, Any]], Any] | None] = {}


def evolve(instance: T, **changes: Any) -> T:
    """``attrs.evolve(instance, **changes)``, without its introspection for plainly stored classes.

    Args:
        instance: an attrs instance.
        **changes: new values by the field's ``__init__`` name.
    Returns:
        The copy with the changes.
    Raises:
        TypeError: a name that is not a field's (from ``attrs.evolve``).
    """
    cls = type(instance)
    if cls in _COPIERS:
        copier = _COPIERS[cls]
    else:
        copier = _COPIERS[cls] = _copier(cls)
    copy: T = attrs.evolve(cast(Any, instance), **changes) if copier is None else copier(instance, changes)
    return copy


def _copier(cls: type) -> Callable[[Any, dict[str, Any]], Any] | None:
    slots = plain_init(cls)
    if slots is None:
        return None
    fields = attrs.fields(cls)
    names: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_evolve": attrs.evolve,
                             "_allowed": frozenset(field.alias for field in fields)}
    lines = ["def copy(i, c):", "    if not _allowed.issuperset(c): return _evolve(i, **c)", "    r = _new(_cls)"]
    for index, (field, slot) in enumerate(zip(fields, slots, strict=True)):
        names[f"_set{index}"], names[f"_get{index}"] = slot.__set__, slot.__get__
        lines.append(f"    _set{index}(r, c[{field.alias!r}] if {field.alias!r} in c else _get{index}(i))")
    lines.append("    return r")
    exec("\n".join(lines), names)  # source built here from the class's field names
    return names["copy"]  # type: ignore[no-any-return]
