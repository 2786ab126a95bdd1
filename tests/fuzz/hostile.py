"""Hostile input for the fuzz tests: random JSON values, mutated valid documents, mangled text and bytes.

Every fuzz test feeds one public entry point and accepts exactly two outcomes: a result, or a
:class:`~bankcomplaints.errors.ComplaintError` subclass with a message. Anything else escaping fails the test.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import currently_in_test_context, event
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints.errors import ComplaintError

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "examples" / "scenarios"


@functools.cache
def valid_trails() -> tuple[tuple[bc.ComplaintEvent, ...], ...]:
    """Real trails to mutate, computed once: every example scenario run to its end (the whole flow, clocks,
    liability, notices) and thirty synthetic complaints just received."""
    from bankcomplaints.testing import ComplaintGenerator
    from bankcomplaints.testing.scenario import read_scenario, run_scenario

    trails = [run_scenario(read_scenario(path)).complaint for path in sorted(SCENARIOS.glob("*.yaml"))]
    received = [synthetic.receive() for synthetic in ComplaintGenerator(seed=9).complaints(30)]
    return tuple(tuple(c.pending_events) for c in [*trails, *received] if c is not None and c.pending_events)


def _pool(pick: Callable[[], list[Any]]) -> st.SearchStrategy[Any]:
    return st.just(None).flatmap(lambda _: st.sampled_from(pick()))


#: Valid documents from real trails: whole complaints, single events, whole trails (JSON-ready data).
valid_complaints = _pool(lambda: [bc.unstructure(bc.Complaint.from_events(t)) for t in valid_trails()])
valid_events = _pool(lambda: [bc.unstructure(e) for t in valid_trails() for e in t])
valid_trail_documents = _pool(lambda: [[bc.unstructure(e) for e in t] for t in valid_trails()])

#: Awkward scalars: the edges of each JSON type and what a careless parser trips on.
AWKWARD = st.sampled_from([
    None, True, False, 0, -1, 2**63, -(2**63) - 1, 10**400, 1e308, -0.0, float("inf"), float("nan"),
    "", " ", "\x00", "\ufeff", "\ud7ff", "null", "NaN", "1e999", "2026-02-30T25:61:00+08:00",
    "2026-09-28T10:00:00", "2026-09-28T10:00:00+08:00[Mars/Olympus]", "CNY", "XXX", "-1", "1" * 5000,
    "x" * 30_000, "../../etc/passwd", "${jndi:ldap://x}", "' OR 1=1 --", "<script>", "张三" * 10,
    [], {}, [[[[[]]]]], {"type": "ComplaintReceived"}, {"type": "NoSuchEvent"},
])

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | AWKWARD
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


def _container(root: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        root = root[key]
    return root


@st.composite
def mutated(draw: st.DrawFn, documents: st.SearchStrategy[Any], max_edits: int = 3) -> Any:
    """A valid JSON-like document with one to ``max_edits`` hostile edits at random places.

    Edits: replace a value (by a random value, an awkward scalar or a value of another type),
    delete a key, add an unknown key, wrap a value in a list, or repeat a list item many times.
    """
    document = copy.deepcopy(draw(documents))
    for _ in range(draw(st.integers(1, max_edits))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        edit = draw(st.sampled_from(["replace", "awkward", "delete", "add", "wrap", "repeat"]))
        if not path:
            if edit in ("replace", "awkward"):  # copies: the awkward constants must never be mutated
                document = copy.deepcopy(draw(json_values if edit == "replace" else AWKWARD))
            continue
        parent, key = _container(document, path), path[-1]
        if edit == "replace":
            parent[key] = copy.deepcopy(draw(json_values))
        elif edit == "awkward":
            parent[key] = copy.deepcopy(draw(AWKWARD))
        elif edit == "delete":
            del parent[key]
        elif edit == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = copy.deepcopy(draw(json_values))
        elif edit == "wrap":
            parent[key] = [copy.deepcopy(parent[key])]
        elif edit == "repeat" and isinstance(parent, list):
            parent.extend([copy.deepcopy(parent[key]) for _ in range(draw(st.integers(1, 50)))])
    return document


HOSTILE_SNIPPETS = st.sampled_from([
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:builtins.eval",
    "a: &a [*a, *a]",
    "&x {a: *x}",
    "[" * 2000,
    "{a: " * 500,
    "- " * 3000,
    "1" * 5000,
    "\x00\x01\x02",
    "\ufeff",
    "\t\t- :",
    "key: [unclosed",
    "'''",
    '"\\ud800"',
    "===",
    "%YAML 9.9\n---",
    "\r\n\r\n",
    '{"a": ' * 300,
    "# comment only",
])


@st.composite
def mangled_text(draw: st.DrawFn, seeds: list[str]) -> str:
    """A seed document (a real, valid one) with random text edits, or random text, or a hostile snippet."""
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(st.text(max_size=200))
    if choice == 1:
        return draw(HOSTILE_SNIPPETS)
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        edit = draw(st.integers(0, 4))
        if edit == 0:
            end = draw(st.integers(position, min(len(text), position + 40)))
            text = text[:position] + text[end:]
        elif edit == 1:
            text = text[:position] + draw(st.text(max_size=12)) + text[position:]
        elif edit == 2:
            text = text[:position] + draw(HOSTILE_SNIPPETS) + text[position:]
        elif edit == 3:
            text = text[:position]
        else:
            end = draw(st.integers(position, min(len(text), position + 80)))
            text = text[:end] + text[position:end] * draw(st.integers(1, 30)) + text[end:]
    return text


@st.composite
def mangled_bytes(draw: st.DrawFn, seeds: list[str]) -> bytes:
    """Mangled text as UTF-8, sometimes with invalid UTF-8 or another encoding spliced in."""
    text = draw(mangled_text(seeds))
    data = text.encode("utf-8", "surrogatepass")
    choice = draw(st.integers(0, 5))
    if choice == 0:
        position = draw(st.integers(0, len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
    elif choice == 1:
        data = text.encode("gb18030", "replace")
    return data


def refuses_cleanly(call: Callable[..., T], *args: Any, **kwargs: Any) -> T | ComplaintError:
    """Call an entry point: its result, or the ComplaintError it raised (after checking its message).

    Any other exception propagates and fails the fuzz test.
    """
    try:
        result = call(*args, **kwargs)
    except ComplaintError as error:
        assert str(error), f"{type(error).__name__} without a message"
        _count(f"refused: {type(error).__name__}")
        return error
    _count("accepted")
    return result


def _count(outcome: str) -> None:
    if currently_in_test_context():  # Hypothesis statistics: how many examples were refused or accepted
        event(outcome)
