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
    >>> [(hit.rule.id, hit.spans[0].text) for hit in matcher.scan("卡被盗刷了").hits]
    [('stolen', '盗刷')]
    >>> matcher.scan("卡没有被盗刷").hits
    ()
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from re import _parser as _regex_parser  # type: ignore[attr-defined]
from typing import Any

import ahocorasick
import attrs

from bankcomplaints._builders import positional_constructor
from bankcomplaints.classification._frequent import FREQUENT, transition_order
from bankcomplaints.classification.normalize import NormalizedText, normalize
from bankcomplaints.classification.rules import CLAUSE_BREAKS, Rule, RuleSet
from bankcomplaints.classification.taxonomy import MAX_TEXT_LENGTH, Dimension
from bankcomplaints.errors import InvalidOperationError

__all__ = ["MAX_TEXT_LENGTH", "Fired", "Match", "Matcher", "RuleHit", "Scan", "Span"]


_PATTERN, _NEGATION, _UNLESS, _PREFIX, _GATE = 0, 1, 2, 3, 4
#: Each frequent character's rank (0 the most frequent).
_RANK = {char: rank for rank, char in enumerate(FREQUENT)}
#: A noncharacter, which ends the phrases that only give frequent characters a transition from the root.
_NO_TEXT = "\uffff"

#: One match: ``(start, end, pattern)``; ``pattern`` is the phrase or regex that matched.
Match = tuple[int, int, str]
#: A rule that fired: ``(rule position, weight it adds, matches in the original text)``.
Fired = tuple[int, float, tuple[Match, ...]]


@attrs.frozen(kw_only=True)
class Span:
    """Where a pattern matched: ``start``/``end`` index the original text, ``text`` is what is there."""

    start: int
    end: int
    text: str
    pattern: str


@attrs.frozen(kw_only=True)
class RuleHit:
    """A rule that fired: the rule, the weight it adds and every surviving match.

    ``matches`` holds ``(start, end, pattern)`` into the original text; :attr:`spans` quotes
    them (built when asked, so classifying many texts does not pay for quotes nobody reads).
    The classifier's decisions and evidence hold these hits as their fired rules.
    """

    rule: Rule
    #: The rule's position in its rule set.
    index: int
    matches: tuple[tuple[int, int, str], ...]
    original: str = attrs.field(repr=False)
    #: What the rule adds: its weight once per distinct pattern matched, up to ``counts_up_to``.
    weight: float

    @property
    def rule_id(self) -> str:
        """The rule's id."""
        return self.rule.id

    @property
    def dimension(self) -> Dimension:
        """The dimension the rule votes in."""
        return self.rule.dimension

    @property
    def label(self) -> str:
        """The label the rule votes for."""
        return self.rule.label

    @property
    def spans(self) -> tuple[Span, ...]:
        """The matches as spans quoting the original text."""
        text = self.original
        return tuple(Span(start=start, end=end, text=text[start:end], pattern=pattern)
                     for start, end, pattern in self.matches)

    def describe(self) -> str:
        """``rule_id``, label and the quoted matches, for an explanation line."""
        quoted = ", ".join(f"'{self.original[start:end]}'@{start}" for start, end, _ in self.matches)
        return f"{self.rule.id} -> {self.rule.label} (weight {self.weight:g}): {quoted}"


def _hit_by_keyword(rule: Rule, index: int, matches: tuple[Match, ...], original: str, weight: float) -> RuleHit:
    return RuleHit(rule=rule, index=index, matches=matches, original=original, weight=weight)


#: ``new_hit(rule, index, matches, original, weight)``: a :class:`RuleHit` stored without keyword matching
#: (the generated constructor of ``_builders``; by keyword should its ``__init__`` ever do more than store).
new_hit: Callable[[Rule, int, tuple[Match, ...], str, float], RuleHit] = \
    positional_constructor(RuleHit) or _hit_by_keyword


@attrs.frozen(kw_only=True)
class Scan:
    """The rules that matched one text (conditions on channel, source and kind not yet applied)."""

    text: NormalizedText
    hits: tuple[RuleHit, ...]


def _commonness(chars: set[str]) -> float:
    """How often a text holds one of ``chars``, roughly: the frequent characters' ranks as a Zipf law (see
    _frequent), any other character as rare as the last of them."""
    return sum(1 / (_RANK.get(char, len(_RANK)) + 10) for char in chars)


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def _union(sets: Iterable[AbstractSet[str] | None]) -> set[str] | None:
    """The union of ``sets``, or None when any is unknown (an alternation is known only if each branch is)."""
    union: set[str] = set()
    for part in sets:
        if part is None:
            return None
        union |= part
    return union


def _required(items: Any) -> set[str] | None:
    """Characters of which a text must hold at least one for the parsed regex ``items`` to match.

    Walks the mandatory elements of the top-level sequence (literals, small character classes,
    groups, alternations of such, repeats of at least one) and keeps the set a text holds least often.
    None when nothing is known (the regex then always runs).
    """
    best: set[str] | None = None
    for op, arg in items:
        name = str(op)
        got: set[str] | None = None
        if name == "LITERAL":
            got = {chr(arg)}
        elif name == "IN":
            got = _class_chars(arg)
        elif name == "SUBPATTERN":
            got = _required(arg[-1])
        elif name == "BRANCH":
            got = _union(_required(branch) for branch in arg[1])
        elif name in _REPEATS and arg[0] >= 1:
            got = _required(arg[2])
        if got and (best is None or _commonness(got) < _commonness(best)):
            best = got
    return best


def _class_chars(items: Any) -> set[str] | None:
    """The characters a parsed character class matches, if it lists a few (None: negated, a category, a wide range)."""
    chars = set()
    for op, arg in items:
        if str(op) == "LITERAL":
            chars.add(chr(arg))
        elif str(op) == "RANGE" and arg[1] - arg[0] < 64:
            chars.update(chr(code) for code in range(arg[0], arg[1] + 1))
        else:
            return None
    return chars


#: Most texts a part of a regex may have for :func:`_texts` to list them (each may become an automaton word).
_MOST_TEXTS = 32


def _texts(items: Any) -> set[str] | None:
    """Every text the parsed regex sequence ``items`` can match, if they are fixed and few (else None)."""
    texts = {""}
    for op, arg in items:
        name = str(op)
        got: set[str] | None = None
        if name == "LITERAL":
            got = {chr(arg)}
        elif name == "IN":
            got = _class_chars(arg)
        elif name == "SUBPATTERN" and not arg[1] & re.IGNORECASE:
            got = _texts(arg[-1])
        elif name == "BRANCH":
            got = _union(_texts(branch) for branch in arg[1])
        elif name in _REPEATS and arg[0] == arg[1]:
            got = _texts(list(arg[2]) * arg[0])
        if got is None:
            return None
        texts = {text + more for text in texts for more in got}
        if len(texts) > _MOST_TEXTS:
            return None
    return texts


def _rarity(texts: set[str]) -> float:
    """How often a text holds one of ``texts``, roughly: per text, the product of its characters' shares (see
    :func:`_commonness`)."""
    total = 0.0
    for text in texts:
        share = 1.0
        for char in text:
            share /= _RANK.get(char, len(_RANK)) + 10
        total += share
    return total


def _phrases(items: Any) -> set[str] | None:
    """Phrases of two or more characters of which a text must hold one for the parsed regex sequence ``items`` to
    match, the set a text holds least often (None when none is known).

    Consecutive parts with a few fixed texts each (literals, small classes, groups and alternations of such, exact
    repeats) are matched side by side, so one of the concatenations of their texts is in the match; a repeat of at
    least one such part (``[二三]{1,3}``) touches the part before it with its first text and the part after it with
    its last. A phrase starting or ending with a Latin letter or digit is left out (the automaton checks word
    boundaries there).
    """
    runs: list[list[set[str]]] = [[]]
    for op, arg in items:
        texts = _texts([(op, arg)])
        if texts is not None:
            runs[-1].append(texts)
        elif str(op) in _REPEATS and arg[0] >= 1 and (texts := _texts(arg[2])) is not None:
            runs[-1].append(texts)
            runs.append([texts])
        else:
            runs.append([])
    best: set[str] | None = None
    for run in runs:
        for first in range(len(run)):
            joined = {""}
            for part in run[first:]:
                joined = {text + more for text in joined for more in part}
                if len(joined) > _MOST_TEXTS:
                    break
                if all(len(text) >= 2 and not _is_word_char(text[0]) and not _is_word_char(text[-1])
                       for text in joined) and (best is None or _rarity(joined) < _rarity(best)):
                    best = joined
    return best


def _needed(pattern: str) -> set[str] | None:
    """The characters that gate ``pattern``: it cannot match a text holding none of them (None: unknown)."""
    parsed = _regex_parser.parse(pattern)
    return (None if parsed.state.flags & re.IGNORECASE else _required(parsed)) or None


#: Most branches of an alternation :func:`_spread_phrases` follows, and through how many alternations.
_MOST_BRANCHES, _MOST_SPREADS = 16, 3


def _spread_phrases(items: Any, spreads: int = _MOST_SPREADS) -> set[str] | None:
    """:func:`_phrases` of the parsed regex sequence ``items``, or, when that knows none, the phrases of each branch of
    its first alternation with the items around it: a match follows one branch, so it holds a phrase of one of them.

    The regex parser stores ``来了[两三]+次|来过[两三]次`` as 来 followed by the alternation ``了…|过…``, which no fixed
    texts describe; spread over the branches it is gated by 来了两, 来了三 and the phrases of 来过[两三]次, not by 来.
    Groups are opened (their items matched in sequence) to reach an alternation inside.
    """
    found = _phrases(items)
    if found is not None or not spreads:
        return found
    for at, (op, arg) in enumerate(items):
        name = str(op)
        if name == "SUBPATTERN" and not arg[1] & re.IGNORECASE:
            return _spread_phrases([*items[:at], *arg[-1], *items[at + 1:]], spreads)
        if name == "BRANCH" and len(arg[1]) <= _MOST_BRANCHES:
            return _union(_spread_phrases([*items[:at], *branch, *items[at + 1:]], spreads - 1) for branch in arg[1])
    return None


def _needed_phrases(pattern: str) -> set[str] | None:
    """The phrases of two or more characters that gate ``pattern``: it cannot match a text holding none of them
    (None: unknown). A pattern that is an alternation needs a phrase of one of its branches."""
    parsed = _regex_parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _spread_phrases(list(parsed))


def _gate(pattern: str) -> frozenset[str] | None:
    """What gates ``pattern``: characters, or phrases of two or more characters, of which it cannot match a text
    holding none; of the two, the set a text holds least often.

    None when nothing is known (the regex then always runs).
    """
    chars, phrases = _needed(pattern), _needed_phrases(pattern)
    if phrases is not None and (chars is None or _rarity(phrases) < _commonness(chars)):
        return frozenset(phrases)
    return None if chars is None else frozenset(chars)


def _rule_gate(gates: list[frozenset[str] | None]) -> frozenset[str] | None:
    """What gates a rule's regexes together, from their gates: none can match a text holding none (None: unknown)."""
    union = _union(gates)
    return None if union is None else frozenset(union)


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
        # phrase -> its roles: [pattern rules, negation rules, unless rules, negation prefix?, regex gate?,
        # whole-word ends]
        entries: dict[str, list[Any]] = {}

        def add(phrase: str, index: int, role: int) -> None:
            prefix_only = role != _GATE and phrase.endswith("*") and len(phrase) > 1
            word = phrase[:-1] if prefix_only else phrase
            entry = entries.setdefault(word, [[], [], [], False, False, _is_word_char(word[0]), False])
            entry[6] = entry[6] or (_is_word_char(word[-1]) and not prefix_only)
            if role in (_PREFIX, _GATE):
                entry[role] = True
            else:
                entry[role].append(index)

        for index, rule in enumerate(rules.rules):
            for role, phrases in ((_PATTERN, rule.patterns), (_NEGATION, rule.negations),
                                  (_UNLESS, rule.unless)):
                for phrase in phrases:
                    add(phrase, index, role)
        for phrase in rules.negation_prefixes:
            add(phrase, -1, _PREFIX)
        # A rule's regexes run only on texts that hold one of the characters or phrases they cannot match without
        # (first the rule's, then each regex's): the characters found for all of them by one search per text, the
        # phrases by the automaton's pass.
        regexes = [(index, [(re.compile(rx), _gate(rx)) for rx in rule.regexes])
                   for index, rule in enumerate(rules.rules) if rule.regexes]
        self._regexes = tuple((index, _rule_gate([gate for _, gate in compiled]), tuple(compiled))
                              for index, compiled in regexes)
        gates = {piece for _, rule_gate, compiled in self._regexes for gate in (rule_gate, *(g for _, g in compiled))
                 if gate is not None for piece in gate}
        for phrase in sorted(piece for piece in gates if len(piece) > 1):
            add(phrase, -1, _GATE)
        chars = sorted(piece for piece in gates if len(piece) == 1)
        self._gate_chars = re.compile("[" + "".join(re.escape(char) for char in chars) + "]") if chars else None
        self._automaton = ahocorasick.Automaton()
        # A frequent character that starts no phrase would cost a scan of every transition of the root: a
        # phrase that no normalised text holds (it ends in a noncharacter) gives it one, among the first (see
        # _frequent). Should a text hold it, its match names no rule and changes nothing.
        starts = {phrase[0] for phrase in entries}
        unused = {char + _NO_TEXT for char in FREQUENT if char not in starts} - set(entries) if entries else set()
        for phrase in transition_order([*entries, *unused]):
            if phrase in unused:
                self._automaton.add_word(phrase, (len(phrase) - 1, phrase, (), None))
                continue
            patterns, negations, unless, prefix, gate, left, right = entries[phrase]
            # Most phrases are plain Chinese patterns: no negation or gate role, no word boundaries to check.
            extra = (tuple(negations), tuple(unless), prefix, gate, left, right) \
                if negations or unless or prefix or gate or left or right else None
            self._automaton.add_word(phrase, (len(phrase) - 1, phrase, tuple(patterns), extra))
        self._has_words = bool(entries)
        if self._has_words:
            self._automaton.make_automaton()
        self.pattern_count = len(entries)
        self._breaks = frozenset(CLAUSE_BREAKS + rules.negation_breaks)
        self._window = rules.negation_window
        # Rules whose matches can share a span ("charg*" and "charg" in one rule, or a regex beside patterns).
        shared = {index for patterns, *_ in entries.values() for index in patterns if patterns.count(index) > 1}
        shared.update(index for index, rule in enumerate(rules.rules) if rule.regexes)
        # Per rule, what deciding a hit needs, read once here rather than per match.
        self._rule_info = tuple((rule.weight, rule.negatable, rule.counts_up_to, index not in shared)
                                for index, rule in enumerate(rules.rules))

    def _negated_starts(self, scanned: str, prefix_ends: list[int]) -> frozenset[int]:
        """Positions a negation prefix reaches: up to the window, not past a break character."""
        breaks, window, size = self._breaks, self._window, len(scanned)
        reached: set[int] = set()
        for p_end in prefix_ends:
            reached.add(p_end)
            for position in range(p_end + 1, min(p_end + window, size) + 1):
                if scanned[position - 1] in breaks:
                    break
                reached.add(position)
        return frozenset(reached)

    def scan(self, text: str) -> Scan:
        """Find every rule whose patterns occur in ``text``.

        Args:
            text: the text to scan, at most :data:`MAX_TEXT_LENGTH` characters.

        Returns:
            The rules that matched, each with its spans in the original text.

        Raises:
            InvalidOperationError: ``text`` is not a string or is too long.
        """
        norm, fired = self.match(text)
        rules = self.rules.rules
        return Scan(text=norm, hits=tuple([new_hit(rules[index], index, matches, text, weight)
                                           for index, weight, matches in fired]))

    def match(self, text: str) -> tuple[NormalizedText, list[Fired]]:
        """:meth:`scan` as plain tuples, for callers that build :class:`RuleHit` only for the rules they keep.

        Args:
            text: the text to scan, at most :data:`MAX_TEXT_LENGTH` characters.

        Returns:
            The normalised text and, in rule order, ``(rule position, weight, matches)`` for every
            rule that fired, its matches ``(start, end, pattern)`` indexing the original text.

        Raises:
            InvalidOperationError: ``text`` is not a string or is too long.
        """
        if not isinstance(text, str):
            raise InvalidOperationError("text", f"must be a string, not {type(text).__name__}")
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidOperationError("text", f"longer than {MAX_TEXT_LENGTH} characters")
        norm = normalize(text, converter=self._converter)
        scanned = norm.text
        found: dict[int, list[Match]] = {}
        negated: dict[int, list[tuple[int, int]]] = {}
        stopped: set[int] = set()
        prefix_ends: list[int] = []
        held: set[str] = set()  # the gates' characters and phrases the text holds
        if self._has_words:
            size = len(scanned)
            for last, (back, phrase, patterns, extra) in self._automaton.iter(scanned):
                if extra is not None:
                    start, end = last - back, last + 1
                    negations, unless, prefix, gate, left, right = extra
                    if (left and start and _is_word_char(scanned[start - 1])) or \
                            (right and end < size and _is_word_char(scanned[end])):
                        continue
                    for index in negations:
                        negated.setdefault(index, []).append((start, end))
                    if unless:
                        stopped.update(unless)
                    if prefix:
                        prefix_ends.append(end)
                    if gate:
                        held.add(phrase)
                for index in patterns:
                    if index in found:
                        found[index].append((last - back, last + 1, phrase))
                    else:
                        found[index] = [(last - back, last + 1, phrase)]
        if self._gate_chars is not None:
            held.update(self._gate_chars.findall(scanned))
        for index, rule_gate, compiled in self._regexes:
            if rule_gate is not None and rule_gate.isdisjoint(held):
                continue
            for regex, gate in compiled:
                if gate is not None and gate.isdisjoint(held):
                    continue
                for match in regex.finditer(scanned):
                    if match.end() > match.start():
                        found.setdefault(index, []).append((match.start(), match.end(), regex.pattern))
        if not found:
            return norm, []
        return norm, self._decide(norm, found, negated, stopped, prefix_ends)

    def _decide(self, norm: NormalizedText, found: dict[int, list[Match]], negated: dict[int, list[tuple[int, int]]],
                stopped: set[int], prefix_ends: list[int]) -> list[Fired]:
        """Which matched rules fire, with their weights and surviving matches (see :meth:`match`)."""
        fired: list[Fired] = []
        rule_info = self._rule_info
        offsets = norm.offsets
        negated_starts: frozenset[int] | None = None if prefix_ends else frozenset()
        for index in sorted(found):
            if stopped and index in stopped:
                continue
            matches = found[index]
            weight, negatable, counts_up_to, distinct = rule_info[index]
            cancels = negated.get(index) if negated else None
            if negatable and negated_starts is None:
                negated_starts = self._negated_starts(norm.text, prefix_ends)
            if cancels is None and not (negatable and negated_starts) and not offsets:
                # The common case: nothing to cancel or map back.
                if len(matches) == 1:
                    fired.append((index, weight, (matches[0],)))
                    continue
                if distinct or len({(start, end) for start, end, _ in matches}) == len(matches):
                    # Distinct spans: sorting the triples sorts by span.
                    if counts_up_to > 1:
                        weight *= min(len({pattern for _, _, pattern in matches}), counts_up_to)
                    fired.append((index, weight, tuple(sorted(matches))))
                    continue
            fired.extend(self._kept(norm, index, matches, cancels or (), negated_starts or frozenset()))
        return fired

    def _kept(self, norm: NormalizedText, index: int, matches: list[Match], cancels: Sequence[tuple[int, int]],
              negated_starts: frozenset[int]) -> list[Fired]:
        """The rule at ``index`` with the matches no negation cancels, one per span (empty if none is left)."""
        weight, negatable, counts_up_to, _ = self._rule_info[index]
        offsets = norm.offsets
        kept: dict[tuple[int, int], str] = {}
        for start, end, pattern in matches:
            if cancels and any(n_start <= start and end <= n_end for n_start, n_end in cancels):
                continue
            if negatable and start in negated_starts:
                continue
            # Two patterns (or a pattern and a regex) can match the same stretch: quote it once.
            kept.setdefault(norm.original_span(start, end) if offsets else (start, end), pattern)
        if not kept:
            return []
        if counts_up_to > 1:
            weight *= min(len(set(kept.values())), counts_up_to)
        return [(index, weight, tuple([(start, end, kept[start, end]) for start, end in sorted(kept)]))]
