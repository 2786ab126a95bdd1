"""One scan per text: every literal pattern of a rule set in one Aho-Corasick automaton.

The automaton also holds each rule's negations and ``unless`` phrases and the rule set's
negation prefixes, so deciding which rules fired needs a single pass over the text
(plus the few regexes some rules carry)::

    >>> from bankcomplaints.classification.rules import load_rules
    >>> from bankcomplaints.classification.matcher import Matcher
    >>> rules = load_rules('''
    ... negation_prefixes = ["没有"]
    ... [[rule]]
    ... id = "stolen"
    ... dimension = "cause"
    ... label = "funds_safety"
    ... patterns = ["盗刷"]
    ... negatable = true
    ... ''')
    >>> matcher = Matcher(rules)
    >>> [(hit.rule.id, hit.spans()[0].text) for hit in matcher.scan("卡被盗刷了").hits]
    [('stolen', '盗刷')]
    >>> matcher.scan("卡没有被盗刷").hits
    ()
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import ahocorasick
import attrs

from bankcomplaints.classification.normalize import NormalizedText, normalize
from bankcomplaints.classification.rules import CLAUSE_BREAKS, Rule, RuleSet
from bankcomplaints.classification.taxonomy import MAX_TEXT_LENGTH
from bankcomplaints.errors import InvalidOperationError

__all__ = ["MAX_TEXT_LENGTH", "Matcher", "RuleHit", "Scan", "Span"]


_PATTERN, _NEGATION, _UNLESS, _PREFIX = 0, 1, 2, 3


@attrs.frozen(kw_only=True)
class Span:
    """Where a pattern matched: ``start``/``end`` index the original text, ``text`` is what is there."""

    start: int
    end: int
    text: str
    pattern: str


@attrs.frozen(kw_only=True)
class RuleHit:
    """A rule whose patterns matched, with every surviving match.

    ``matches`` holds ``(start, end, pattern)`` into the original text; :meth:`spans` turns
    them into :class:`Span` values (made only for the rules an explanation shows).
    """

    rule: Rule
    matches: tuple[tuple[int, int, str], ...]
    original: str = attrs.field(repr=False)

    @property
    def weight(self) -> float:
        """What the rule adds: its weight once per distinct pattern matched, up to ``counts_up_to``."""
        if self.rule.counts_up_to == 1:
            return self.rule.weight
        return self.rule.weight * min(len({pattern for _, _, pattern in self.matches}), self.rule.counts_up_to)

    def spans(self) -> tuple[Span, ...]:
        """The matches as spans quoting the original text."""
        text = self.original
        return tuple(Span(start=start, end=end, text=text[start:end], pattern=pattern)
                     for start, end, pattern in self.matches)


@attrs.frozen(kw_only=True)
class Scan:
    """The rules that matched one text (conditions on channel, source and kind not yet applied)."""

    text: NormalizedText
    hits: tuple[RuleHit, ...]


def _is_word_char(char: str) -> bool:
    # Latin words need boundaries ("ach" must not match inside "each"); CJK text has none.
    return char.isascii() and char.isalnum()


class Matcher:
    """A rule set compiled for matching; build once, scan many texts (thread-safe for reading)."""

    def __init__(self, rules: RuleSet, *, converter: Callable[[str], str] | None = None) -> None:
        """Compile ``rules``.

        Args:
            rules: a validated rule set.
            converter: optional traditional-to-simplified converter passed to :func:`normalize`.

        Raises:
            InvalidOperationError: ``rules`` is not a RuleSet or ``converter`` is not callable.
        """
        if not isinstance(rules, RuleSet):
            raise InvalidOperationError("rules", "must be a RuleSet (see load_rules)")
        if converter is not None and not callable(converter):
            raise InvalidOperationError("converter", "must be callable")
        self.rules = rules
        self._converter = converter
        # phrase -> its roles: [pattern rules, negation rules, unless rules, negation prefix?, whole-word ends]
        entries: dict[str, list[Any]] = {}

        def add(phrase: str, index: int, role: int) -> None:
            prefix_only = phrase.endswith("*") and len(phrase) > 1
            word = phrase[:-1] if prefix_only else phrase
            entry = entries.setdefault(word, [[], [], [], False, _is_word_char(word[0]), False])
            entry[5] = entry[5] or (_is_word_char(word[-1]) and not prefix_only)
            if role == _PREFIX:
                entry[3] = True
            else:
                entry[role].append(index)

        for index, rule in enumerate(rules.rules):
            for role, phrases in ((_PATTERN, rule.patterns), (_NEGATION, rule.negations),
                                  (_UNLESS, rule.unless)):
                for phrase in phrases:
                    add(phrase, index, role)
        for phrase in rules.negation_prefixes:
            add(phrase, -1, _PREFIX)
        self._automaton = ahocorasick.Automaton()
        for phrase, (patterns, negations, unless, prefix, left, right) in entries.items():
            value = (phrase, len(phrase) - 1, tuple(patterns), tuple(negations), tuple(unless), prefix, left, right)
            self._automaton.add_word(phrase, value)
        self._has_words = bool(entries)
        if self._has_words:
            self._automaton.make_automaton()
        self._regexes = tuple(
            (index, tuple(re.compile(rx) for rx in rule.regexes))
            for index, rule in enumerate(rules.rules) if rule.regexes
        )
        self.pattern_count = len(entries)
        self._breaks = frozenset(CLAUSE_BREAKS + rules.negation_breaks)

    def scan(self, text: str) -> Scan:
        """Find every rule whose patterns occur in ``text``.

        Args:
            text: the text to scan, at most :data:`MAX_TEXT_LENGTH` characters.

        Returns:
            The rules that matched, each with its spans in the original text.

        Raises:
            InvalidOperationError: ``text`` is not a string or is too long.
        """
        if not isinstance(text, str):
            raise InvalidOperationError("text", f"must be a string, not {type(text).__name__}")
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidOperationError("text", f"longer than {MAX_TEXT_LENGTH} characters")
        norm = normalize(text, converter=self._converter)
        found: dict[int, list[tuple[int, int, str]]] = {}
        negated: dict[int, list[tuple[int, int]]] = {}
        stopped: set[int] = set()
        prefix_ends: list[int] = []
        scanned = norm.text
        size = len(scanned)
        if self._has_words:
            for end, (phrase, back, patterns, negations, unless, prefix, left, right) in self._automaton.iter(scanned):
                start = end - back
                if (left and start and _is_word_char(scanned[start - 1])) or \
                        (right and end + 1 < size and _is_word_char(scanned[end + 1])):
                    continue
                for index in patterns:
                    found.setdefault(index, []).append((start, end + 1, phrase))
                for index in negations:
                    negated.setdefault(index, []).append((start, end + 1))
                if unless:
                    stopped.update(unless)
                if prefix:
                    prefix_ends.append(end + 1)
        for index, compiled in self._regexes:
            for regex in compiled:
                for match in regex.finditer(norm.text):
                    if match.end() > match.start():
                        found.setdefault(index, []).append((match.start(), match.end(), regex.pattern))
        hits: list[RuleHit] = []
        window = self.rules.negation_window
        offsets = norm.offsets
        for index in sorted(found):
            if index in stopped:
                continue
            rule = self.rules.rules[index]
            cancels = negated.get(index, ())
            negatable = rule.negatable and prefix_ends
            kept: dict[tuple[int, int], str] = {}
            for start, end, pattern in found[index]:
                if cancels and any(n_start <= start and end <= n_end for n_start, n_end in cancels):
                    continue
                if negatable and any(0 <= start - p_end <= window and self._breaks.isdisjoint(scanned[p_end:start])
                                     for p_end in prefix_ends):
                    continue
                # Two patterns (or a pattern and a regex) can match the same stretch: quote it once.
                kept.setdefault(norm.original_span(start, end) if offsets else (start, end), pattern)
            if kept:
                matches = tuple((start, end, kept[start, end]) for start, end in sorted(kept))
                hits.append(RuleHit(rule=rule, matches=matches, original=text))
        return Scan(text=norm, hits=tuple(hits))
