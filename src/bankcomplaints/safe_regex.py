"""A static check that a bank-supplied regular expression cannot stall a search by backtracking.

Python's ``re`` engine backtracks. Some patterns make it try exponentially many ways to match
(``(a+)+``, ``(a|ab)*``) and others polynomially many (``.*x.*y`` on a long text), so one bad rule
in a rule set could stall triage for seconds or hours on a single narrative.
:func:`regex_hazard` parses a pattern with the standard library's own parser (``re._parser``)
and refuses the shapes that cause this, before the pattern is ever run:

1. **nested quantifiers**: a repeat whose body holds another variable repeat, when either is
   unbounded or their bounds multiply past :data:`MAX_NESTED_PRODUCT` (``(a+)+``, ``(\\w+\\s?)*``, ``(.*a){10}``);
2. **ambiguous alternatives under a repeat**: two alternatives that can start with the same character,
   or an empty alternative, inside a repeat (``(a|ab)+``, ``(\\d|\\w)*``, ``(x|xx){1,10}``);
3. **competing unbounded repeats**: two unbounded repeats in sequence that can match the same characters,
   with nothing between them that they cannot match (``.*.*``, ``\\d+\\d+``, ``a[^a]*b[^a]*c``);
4. **unbounded repeats over a match's first character**: an unbounded repeat that can match a character
   a match can start with (``.*退款``, ``\\d+元``, ``退款.*失败``); a search then rescans the same run of
   text from every position, which is quadratic in the text's length.

It also refuses a character class whose meaning a later Python will change (``[[a]``, ``[a--b]``, ``[a&&b]``,
``[a||b]``, ``[a~~b]``; Python only warns of these today): an audited rule must mean the same on every version.
Bounded repeats (``.{0,20}``, ``\\d{1,12}``) keep the work linear in the text's length and are accepted.
Possessive and atomic constructs (``a++``, ``(?>...)``) never backtrack into themselves, so rules 1 to 3
do not apply to them, but rule 4 does: a search still rescans their run from every position.
The check is deterministic (no timeouts, so a rule never fires or not depending on machine load)
and conservative: it may refuse a harmless pattern, never with a vague reason.

    >>> from bankcomplaints.safe_regex import regex_hazard
    >>> regex_hazard(r"(?:投诉|反映|来)了?[两二三四五六七八九几]次") is None
    True
    >>> regex_hazard(r"(a+)+$")  # doctest: +ELLIPSIS
    'nested quantifier: a repeat inside a repeat, one of them unbounded (catastrophic backtracking); ...'
    >>> regex_hazard(r"退款.*失败")  # doctest: +ELLIPSIS
    'unbounded repeat over characters a match can start with (quadratic search on long texts); bound it, e.g. {0,20}...'
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterator, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from bankcomplaints.errors import RuleSetError

__all__ = ["MAX_NESTED_PRODUCT", "check_regex", "regex_hazard"]

#: Nested variable repeats are accepted only when both are bounded and their maxima multiply to at most this.
MAX_NESTED_PRODUCT = 100

_UNBOUNDED = sre.MAXREPEAT
_BACKTRACKING_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
_REPEATS = (*_BACKTRACKING_REPEATS, sre.POSSESSIVE_REPEAT)
_SINGLE = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}
# Characters tried as witnesses of an overlap, besides those the patterns name: one of each kind.
_BASE_WITNESSES = frozenset(
    "09azAZ_ \t\n.,-:/@#\x00\x7f中一十元款，。！？\u3000０９ａ٣é" + "".join(chr(c) for c in range(32, 127))
)

Node = tuple[Any, Any]


class _Chars:
    """A set of characters, as one-character regexes plus the characters they name (to find overlaps)."""

    __slots__ = ("atoms", "witnesses")

    def __init__(self, atoms: frozenset[str] = frozenset(), witnesses: frozenset[str] = frozenset()) -> None:
        self.atoms, self.witnesses = atoms, witnesses

    def __or__(self, other: _Chars) -> _Chars:
        return _Chars(self.atoms | other.atoms, self.witnesses | other.witnesses)

    def overlaps(self, other: _Chars, ignore_case: bool) -> bool:
        if not self.atoms or not other.atoms:
            return False
        mine, theirs = _matcher(self.atoms, ignore_case), _matcher(other.atoms, ignore_case)
        candidates = self.witnesses | other.witnesses | _BASE_WITNESSES
        return any(mine(ch) and theirs(ch) for ch in candidates)


@functools.lru_cache(maxsize=4096)
def _matcher(atoms: frozenset[str], ignore_case: bool) -> Any:
    pattern = "|".join(f"(?:{atom})" for atom in sorted(atoms))
    return re.compile(pattern, re.DOTALL | (re.IGNORECASE if ignore_case else 0)).fullmatch


_NOTHING = _Chars()


def _escape(code: int) -> str:
    return re.escape(chr(code))


def _single(op: Any, av: Any) -> _Chars:
    """The characters one single-character node matches."""
    if op is sre.LITERAL:
        return _Chars(frozenset({_escape(av)}), frozenset({chr(av)}))
    if op is sre.NOT_LITERAL:
        return _Chars(frozenset({f"[^{_escape(av)}]"}), frozenset({chr(av)}))
    if op is sre.ANY:
        return _Chars(frozenset({r"[\s\S]"}))
    parts: list[str] = []
    witnesses: set[str] = set()
    for item_op, item_av in av:
        if item_op is sre.NEGATE:
            parts.insert(0, "^")
        elif item_op is sre.LITERAL:
            parts.append(_escape(item_av))
            witnesses.add(chr(item_av))
        elif item_op in (sre.RANGE, sre.RANGE_UNI_IGNORE):
            low, high = item_av
            parts.append(f"{_escape(low)}-{_escape(high)}")
            witnesses.update((chr(low), chr(high)))
        elif item_op is sre.CATEGORY:
            parts.append(_CATEGORIES.get(item_av, r"\s\S"))
        else:  # an item this module does not know: assume it can be any character
            parts.append(r"\s\S")
    return _Chars(frozenset({"[" + "".join(parts) + "]"}), frozenset(witnesses))


def _children(op: Any, av: Any) -> list[list[Node]]:
    """The sub-sequences of a node."""
    if op in _REPEATS:
        return [list(av[2])]
    if op is sre.SUBPATTERN:
        return [list(av[3])]
    if op is sre.ATOMIC_GROUP:
        return [list(av)]
    if op is sre.BRANCH:
        return [list(alt) for alt in av[1]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(av[1])]
    if op is sre.GROUPREF_EXISTS:
        return [list(part) for part in av[1:] if part is not None]
    return []


def _chars(nodes: Sequence[Node]) -> _Chars:
    """Every character the nodes can consume (zero-width assertions consume none)."""
    found = _NOTHING
    for op, av in nodes:
        if op in _SINGLE:
            found = found | _single(op, av)
        elif op is sre.GROUPREF:
            found = found | _Chars(frozenset({r"[\s\S]"}))
        elif op not in _ZERO_WIDTH:
            for child in _children(op, av):
                found = found | _chars(child)
    return found


def _first(nodes: Sequence[Node]) -> tuple[_Chars, bool]:
    """The characters a match of the sequence can start with, and whether it can match nothing."""
    found = _NOTHING
    for op, av in nodes:
        chars, nullable = _node_first(op, av)
        found = found | chars
        if not nullable:
            return found, False
    return found, True


def _node_first(op: Any, av: Any) -> tuple[_Chars, bool]:
    if op in _SINGLE:
        return _single(op, av), False
    if op in _ZERO_WIDTH:
        return _NOTHING, True
    if op is sre.GROUPREF:
        return _Chars(frozenset({r"[\s\S]"})), True
    if op in _REPEATS:
        chars, nullable = _first(av[2])
        return chars, nullable or av[0] == 0
    if op is sre.BRANCH or op is sre.GROUPREF_EXISTS:
        found, nullable = _NOTHING, op is sre.GROUPREF_EXISTS and av[2] is None
        for child in _children(op, av):
            chars, child_nullable = _first(child)
            found, nullable = found | chars, nullable or child_nullable
        return found, nullable
    children = _children(op, av)
    return _first(children[0]) if children else (_NOTHING, True)


def _walk(nodes: Sequence[Node]) -> Iterator[Node]:
    """Every node, depth first."""
    for op, av in nodes:
        yield op, av
        for child in _children(op, av):
            yield from _walk(child)


def _is_variable(op: Any, av: Any) -> bool:
    return op in _BACKTRACKING_REPEATS and av[0] != av[1]


def _nested_hazard(low_high: tuple[int, int], body: Sequence[Node]) -> str | None:
    _, high = low_high
    for op, av in _walk(body):
        if not _is_variable(op, av):
            continue
        inner = av[1]
        if _UNBOUNDED in (high, inner):
            return ("nested quantifier: a repeat inside a repeat, one of them unbounded (catastrophic backtracking); "
                    "use one bounded repeat such as {1,20}")
        if high * inner > MAX_NESTED_PRODUCT:
            return (f"nested quantifier: a repeat of up to {inner} inside a repeat of up to {high} "
                    f"(more than {MAX_NESTED_PRODUCT} ways to split the text); flatten it")
    return None


def _alternation_hazard(body: Sequence[Node], ignore_case: bool) -> str | None:
    for op, av in _walk(body):
        if op is not sre.BRANCH:
            continue
        firsts = [_first(alt) for alt in av[1]]
        if any(nullable for _, nullable in firsts):
            return ("ambiguous alternatives under a repeat: one alternative can match nothing or is a prefix of "
                    "another (catastrophic backtracking); make the alternatives start differently")
        for index, (chars, _) in enumerate(firsts):
            if any(chars.overlaps(other, ignore_case) for other, _ in firsts[index + 1 :]):
                return ("ambiguous alternatives under a repeat: two alternatives can start with the same character "
                        "(catastrophic backtracking); make the alternatives start differently")
    return None


def _flatten(nodes: Sequence[Node]) -> list[Node]:
    """The sequence with plain groups opened up, so neighbours across group edges are adjacent."""
    flat: list[Node] = []
    for op, av in nodes:
        if op is sre.SUBPATTERN:
            flat.extend(_flatten(av[3]))
        else:
            flat.append((op, av))
    return flat


def _is_unbounded(op: Any, av: Any) -> bool:
    return op in _BACKTRACKING_REPEATS and av[1] == _UNBOUNDED


def _sequence_hazard(nodes: Sequence[Node], ignore_case: bool) -> str | None:
    flat = _flatten(nodes)
    for index, (op, av) in enumerate(flat):
        if not _is_unbounded(op, av):
            continue
        run = _chars(av[2])
        for later_op, later_av in flat[index + 1 :]:
            if _is_unbounded(later_op, later_av) and _chars(later_av[2]).overlaps(run, ignore_case):
                return ("competing unbounded repeats: two unbounded repeats can match the same stretch of text "
                        "(polynomial backtracking); bound one of them, e.g. {0,20}")
            if later_op not in _ZERO_WIDTH and not _chars([(later_op, later_av)]).overlaps(run, ignore_case):
                break
    return None


def _check(nodes: Sequence[Node], ignore_case: bool) -> str | None:
    for op, av in _walk(nodes):
        if _is_variable(op, av) and av[1] > 1:
            hazard = _nested_hazard((av[0], av[1]), av[2]) or _alternation_hazard(av[2], ignore_case)
            if hazard:
                return hazard
    for sequence in [list(nodes), *(child for op, av in _walk(nodes) for child in _children(op, av))]:
        hazard = _sequence_hazard(sequence, ignore_case)
        if hazard:
            return hazard
    start, _ = _first(nodes)
    for op, av in _walk(nodes):  # possessive and atomic repeats too: each start still rescans the run
        if op in _REPEATS and av[1] == _UNBOUNDED and _chars(av[2]).overlaps(start, ignore_case):
            return ("unbounded repeat over characters a match can start with (quadratic search on long texts); "
                    "bound it, e.g. {0,20}, or start the pattern with text the repeat cannot match")
    return None


def regex_hazard(pattern: str) -> str | None:
    """Why ``pattern`` could backtrack catastrophically or quadratically, or None if it is safe to run.

    Args:
        pattern: a regular expression in Python's syntax.
    Returns:
        The reason the pattern is refused, in one sentence with a suggested fix; None when it is
        accepted, or when it does not parse (compiling it then reports the syntax error).
    """
    if not isinstance(pattern, str):
        return None
    try:
        # Python warns of set syntax whose meaning a later version will change ([[, --, &&, ||, ~~ inside a
        # class); a bank's audited rule must mean the same on every Python, so the warning is a refusal.
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)
            parsed = _parser.parse(pattern)
    except FutureWarning as warning:
        return f"ambiguous in a character class ({warning}): escape the character, e.g. \\[ for a literal ["
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    ignore_case = bool(parsed.state.flags & re.IGNORECASE)
    try:
        return _check(list(parsed), ignore_case)
    except RecursionError:
        return "too deeply nested to check"


def check_regex(pattern: str, *, what: str = "regex") -> re.Pattern[str]:
    """Compile ``pattern`` after checking it with :func:`regex_hazard`.

    Args:
        pattern: a regular expression in Python's syntax.
        what: how errors name the pattern (e.g. ``rule cause.x, regexes[0]``).
    Returns:
        The compiled pattern.
    Raises:
        RuleSetError: the pattern is not valid, or is refused as unsafe (``field`` is ``what``).
    """
    hazard = regex_hazard(pattern)
    if hazard:
        raise RuleSetError("<regex>", what, hazard)
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError, TypeError) as exc:
        raise RuleSetError("<regex>", what, f"not a valid regular expression: {exc}") from None
