"""Rules as data: a rule set is a TOML or YAML document a bank can read, edit and audit.

A rule votes for one label of one dimension when any of its literal patterns (or, as the
exception, one of its regexes) occurs in the normalised text, unless a negation covers the
match, an ``unless`` phrase occurs anywhere, or its channel, source or kind condition fails::

    >>> from bankcomplaints.classification.rules import load_rules
    >>> rules = load_rules('''
    ... name = "demo"
    ... language = "zh"
    ... [[rule]]
    ... id = "cause.funds.stolen"
    ... dimension = "cause"
    ... label = "funds_safety"
    ... patterns = ["盗刷", "被盜刷"]
    ... negations = ["没有被盗刷"]
    ... weight = 3
    ... ''')
    >>> rules.rules[0].patterns
    ('盗刷', '被盗刷')

Limits (each breach raises :class:`~bankcomplaints.errors.RuleSetError`):
:data:`MAX_DOCUMENT_CHARS`, :data:`MAX_RULES`, :data:`MAX_PATTERNS_PER_RULE`,
:data:`MAX_PATTERN_LENGTH`, :data:`MAX_REGEX_LENGTH`.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import attrs
import yaml

from bankcomplaints.classification.normalize import normalize
from bankcomplaints.classification.taxonomy import Dimension, labels
from bankcomplaints.errors import RuleSetError
from bankcomplaints.limits import safe_yaml
from bankcomplaints.safe_regex import regex_hazard
from bankcomplaints.values import Kind, Source

__all__ = [
    "CLAUSE_BREAKS",
    "MAX_DOCUMENT_CHARS",
    "MAX_PATTERNS_PER_RULE",
    "MAX_PATTERN_LENGTH",
    "MAX_REGEX_LENGTH",
    "MAX_RULES",
    "Rule",
    "RuleSet",
    "default_rules",
    "load_rules",
    "merge_rules",
    "rules_from_mapping",
]

#: Longest rule-set document accepted, in characters.
MAX_DOCUMENT_CHARS = 2_000_000
#: Most rules in one rule set.
MAX_RULES = 5_000
#: Most literal patterns (plus negations and ``unless`` phrases) in one rule.
MAX_PATTERNS_PER_RULE = 500
#: Longest literal pattern, in characters.
MAX_PATTERN_LENGTH = 64
#: Longest regular expression, in characters; at most 8 regexes per rule.
MAX_REGEX_LENGTH = 200
_MAX_REGEXES = 8
_RULE_KEYS = frozenset(
    {"id", "dimension", "label", "patterns", "regexes", "negations", "unless", "negatable",
     "channels", "sources", "kinds", "weight", "counts_up_to", "firm", "note"}
)
_SET_KEYS = frozenset({"name", "language", "version", "rule", "negation_prefixes", "negation_window",
                       "negation_breaks", "cause_kinds", "locate_kinds", "default_channel", "description"})
#: Characters that end a clause: a negation prefix never reaches past them.
CLAUSE_BREAKS = ",.;!?:，。；！？：、\n"
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,80}$")


@attrs.frozen(kw_only=True)
class Rule:
    """One rule: when it fires it adds ``weight`` to ``label`` of ``dimension``.

    A pattern made of Latin letters or digits matches whole words only; end it with ``*``
    to match a word prefix (``complain*`` matches ``complained``).
    ``negations`` are phrases that cancel a match they overlap (没有被盗刷 cancels 盗刷);
    ``unless`` phrases stop the rule wherever they occur; ``negatable`` lets the rule set's
    negation prefixes (没有, 不是 …) cancel a match that follows them closely.
    ``channels``, ``sources`` and ``kinds`` restrict the rule to those channels, sources
    or decided kinds (empty means any). A rule adds ``weight`` once for each distinct pattern
    it matched, up to ``counts_up_to`` patterns (1: a rule counts once however much it matches).
    A ``firm`` flag rule's evidence is never set aside by the flag model: for phrasings plain
    enough that the model's doubt is noise (第三次来投诉).
    """

    id: str
    dimension: Dimension
    label: str
    patterns: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    negatable: bool = False
    channels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    weight: float = 1.0
    counts_up_to: int = 1
    firm: bool = False
    note: str = ""


@attrs.frozen(kw_only=True)
class RuleSet:
    """A validated set of rules with the settings that apply to all of them."""

    name: str
    language: str
    version: str = "1"
    rules: tuple[Rule, ...] = ()
    negation_prefixes: tuple[str, ...] = ()
    negation_window: int = 2
    #: Characters between a negation prefix and a match that stop the negation (besides the
    #: clause punctuation of :data:`CLAUSE_BREAKS`): in 没处理就起诉 the 就 starts a new thought.
    negation_breaks: str = ""
    #: The channel decided when no channel rule fires (a branch network's contacts start at the counter).
    default_channel: str = "other"
    #: Kinds for which a cause is decided; other kinds get cause ``other``.
    cause_kinds: tuple[str, ...] = ("complaint", "suggestion")
    #: Kinds for which business category and channel are read from the text; other kinds (praise,
    #: a misdirected call) locate no problem and get ``other``.
    locate_kinds: tuple[str, ...] = ("complaint", "consultation", "suggestion")


def _fail(rule_id: str, field: str, message: str) -> RuleSetError:
    return RuleSetError(rule_id, field, message)


def _strings(raw: Mapping[str, Any], field: str, rule_id: str, *, limit: int, normalise: bool) -> tuple[str, ...]:
    value = raw.get(field, [])
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _fail(rule_id, field, "must be a list of strings")
    if len(value) > limit:
        raise _fail(rule_id, field, f"has {len(value)} entries; at most {limit} allowed")
    out: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise _fail(rule_id, f"{field}[{index}]", "must be a string")
        text = normalize(item).text.strip() if normalise else item
        if not text:
            raise _fail(rule_id, f"{field}[{index}]", "is empty")
        if normalise and len(text) > MAX_PATTERN_LENGTH:
            raise _fail(rule_id, f"{field}[{index}]", f"longer than {MAX_PATTERN_LENGTH} characters")
        if text not in out:
            out.append(text)
    return tuple(out)


def _regexes(raw: Mapping[str, Any], rule_id: str) -> tuple[str, ...]:
    found = _strings(raw, "regexes", rule_id, limit=_MAX_REGEXES, normalise=False)
    for index, pattern in enumerate(found):
        where = f"regexes[{index}]"
        if len(pattern) > MAX_REGEX_LENGTH:
            raise _fail(rule_id, where, f"longer than {MAX_REGEX_LENGTH} characters")
        hazard = regex_hazard(pattern)  # catastrophic or quadratic backtracking (bankcomplaints.safe_regex)
        if hazard:
            raise _fail(rule_id, where, hazard)
        try:
            compiled = re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as exc:
            raise _fail(rule_id, where, f"not a valid regular expression: {exc}") from None
        if compiled.search("") is not None:
            raise _fail(rule_id, where, "matches the empty string")
    return found


def _choice(raw: Mapping[str, Any], field: str, rule_id: str, allowed: Sequence[str]) -> tuple[str, ...]:
    found = _strings(raw, field, rule_id, limit=len(allowed), normalise=False)
    for index, item in enumerate(found):
        if item not in allowed:
            raise _fail(rule_id, f"{field}[{index}]", f"unknown {field[:-1]} {item!r}")
    return found


def _rule(raw: object, position: int, seen: set[str]) -> Rule:
    if not isinstance(raw, Mapping):
        raise _fail(f"#{position}", "<rule>", "must be a table of fields")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise _fail(f"#{position}", "id", "must be 1-80 letters, digits, '.', '_' or '-'")
    if rule_id in seen:
        raise _fail(rule_id, "id", "duplicate rule id")
    unknown = sorted(str(key) for key in raw if key not in _RULE_KEYS)
    if unknown:
        raise _fail(rule_id, unknown[0], "unknown field")
    try:
        dimension = Dimension(raw.get("dimension"))
    except ValueError:
        names = ", ".join(d.value for d in Dimension)
        raise _fail(rule_id, "dimension", f"must be one of {names}") from None
    label = raw.get("label")
    if label not in labels(dimension):
        raise _fail(rule_id, "label", f"{label!r} is not a {dimension.value} label of TAXONOMY.md")
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or \
            not (isinstance(weight, int) or math.isfinite(weight)) or not 0 < weight <= 1000:
        raise _fail(rule_id, "weight", "must be a number above 0 and at most 1000")
    counts_up_to = raw.get("counts_up_to", 1)
    if isinstance(counts_up_to, bool) or not isinstance(counts_up_to, int) or not 1 <= counts_up_to <= 20:
        raise _fail(rule_id, "counts_up_to", "must be a whole number from 1 to 20")
    negatable = raw.get("negatable", False)
    if not isinstance(negatable, bool):
        raise _fail(rule_id, "negatable", "must be true or false")
    firm = raw.get("firm", False)
    if not isinstance(firm, bool):
        raise _fail(rule_id, "firm", "must be true or false")
    if firm and dimension is not Dimension.FLAG:
        raise _fail(rule_id, "firm", "only a flag rule can be firm (the flag model judges nothing else)")
    note = raw.get("note", "")
    if not isinstance(note, str) or len(note) > 2000:
        raise _fail(rule_id, "note", "must be a string of at most 2000 characters")
    patterns = _strings(raw, "patterns", rule_id, limit=MAX_PATTERNS_PER_RULE, normalise=True)
    regexes = _regexes(raw, rule_id)
    if not patterns and not regexes:
        raise _fail(rule_id, "patterns", "a rule needs at least one pattern or regex")
    seen.add(rule_id)
    return Rule(
        id=rule_id, dimension=dimension, label=str(label), patterns=patterns, regexes=regexes,
        negations=_strings(raw, "negations", rule_id, limit=MAX_PATTERNS_PER_RULE, normalise=True),
        unless=_strings(raw, "unless", rule_id, limit=MAX_PATTERNS_PER_RULE, normalise=True),
        negatable=negatable,
        channels=_choice(raw, "channels", rule_id, labels(Dimension.CHANNEL)),
        sources=_choice(raw, "sources", rule_id, [s.slug for s in Source]),
        kinds=_choice(raw, "kinds", rule_id, [k.slug for k in Kind]),
        weight=float(weight), counts_up_to=counts_up_to, firm=firm, note=note,
    )


def rules_from_mapping(data: object) -> RuleSet:
    """Validate a parsed rule-set document.

    Args:
        data: the document as parsed from TOML or YAML.

    Returns:
        The rule set.

    Raises:
        RuleSetError: naming the first bad rule (by id, or ``#position``) and field.
    """
    where = "<ruleset>"
    if not isinstance(data, Mapping):
        raise _fail(where, "<document>", "must be a table of fields")
    unknown = sorted(str(key) for key in data if key not in _SET_KEYS)
    if unknown:
        raise _fail(where, unknown[0], "unknown field")
    name, language = data.get("name", "custom"), data.get("language", "zh")
    version = data.get("version", "1")
    for field, value in (("name", name), ("language", language), ("version", version)):
        if not isinstance(value, str) or not 0 < len(value) <= 80:
            raise _fail(where, field, "must be a string of 1-80 characters")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise _fail(where, "rule", "must be a list of rules")
    if len(raw_rules) > MAX_RULES:
        raise _fail(where, "rule", f"has {len(raw_rules)} rules; at most {MAX_RULES} allowed")
    seen: set[str] = set()
    rules = tuple(_rule(raw, position, seen) for position, raw in enumerate(raw_rules))
    window = data.get("negation_window", 2)
    if isinstance(window, bool) or not isinstance(window, int) or not 0 <= window <= 10:
        raise _fail(where, "negation_window", "must be a whole number from 0 to 10")
    breaks = data.get("negation_breaks", "")
    if not isinstance(breaks, str) or len(breaks) > 100:
        raise _fail(where, "negation_breaks", "must be a string of at most 100 characters")
    default_channel = data.get("default_channel", "other")
    if default_channel not in labels(Dimension.CHANNEL):
        raise _fail(where, "default_channel", f"{default_channel!r} is not a channel of TAXONOMY.md")
    return RuleSet(
        name=name, language=language, version=version, rules=rules,
        negation_breaks=breaks, default_channel=str(default_channel),
        negation_prefixes=_strings(data, "negation_prefixes", where, limit=MAX_PATTERNS_PER_RULE,
                                   normalise=True),
        negation_window=window,
        cause_kinds=_choice(data, "cause_kinds", where, [k.slug for k in Kind])
        if "cause_kinds" in data else ("complaint", "suggestion"),
        locate_kinds=_choice(data, "locate_kinds", where, [k.slug for k in Kind])
        if "locate_kinds" in data else ("complaint", "consultation", "suggestion"),
    )


def load_rules(document: str, *, format: str = "toml") -> RuleSet:
    """Parse and validate a rule-set document.

    Args:
        document: the text of the document (the host reads the file).
        format: ``"toml"`` or ``"yaml"``.

    Returns:
        The validated rule set.

    Raises:
        RuleSetError: the document is too long, does not parse, or a rule is bad
            (``rule_id`` and ``field`` say which).
    """
    where = "<ruleset>"
    if not isinstance(document, str):
        raise _fail(where, "<document>", "must be a string")
    if len(document) > MAX_DOCUMENT_CHARS:
        raise _fail(where, "<document>", f"longer than {MAX_DOCUMENT_CHARS} characters")
    try:
        if format == "toml":
            data: object = tomllib.loads(document)
        elif format == "yaml":
            data = safe_yaml(document)  # plain data only, no aliases (bankcomplaints.limits)
        else:
            raise _fail(where, "<format>", f"unknown format {format!r}; use 'toml' or 'yaml'")
    except (tomllib.TOMLDecodeError, yaml.YAMLError, RecursionError, ValueError) as exc:
        if isinstance(exc, RuleSetError):
            raise
        raise _fail(where, "<document>", f"does not parse as {format}: {exc}".splitlines()[0]) from None
    return rules_from_mapping(data)


def merge_rules(*rule_sets: RuleSet, name: str | None = None) -> RuleSet:
    """One rule set holding the rules of several (e.g. the Chinese and English defaults).

    Settings (negation window, cause and locate kinds, default channel) come from the first; negation
    prefixes and breaks are pooled.

    Raises:
        RuleSetError: two rule sets share a rule id, or no rule set was given.
    """
    if not rule_sets:
        raise _fail("<ruleset>", "rule", "nothing to merge")
    if not all(isinstance(r, RuleSet) for r in rule_sets):
        raise _fail("<ruleset>", "rule", "can only merge RuleSet values")
    seen: set[str] = set()
    for rule_set in rule_sets:
        for rule in rule_set.rules:
            if rule.id in seen:
                raise _fail(rule.id, "id", "duplicate rule id across merged rule sets")
            seen.add(rule.id)
    first = rule_sets[0]
    return attrs.evolve(
        first,
        name=name or "+".join(r.name for r in rule_sets),
        language="+".join(dict.fromkeys(r.language for r in rule_sets)),
        rules=tuple(rule for r in rule_sets for rule in r.rules),
        negation_prefixes=tuple(dict.fromkeys(p for r in rule_sets for p in r.negation_prefixes)),
        negation_breaks="".join(dict.fromkeys(c for r in rule_sets for c in r.negation_breaks)),
    )


@cache
def default_rules(language: str = "all") -> RuleSet:
    """The rule sets shipped with bankcomplaints.

    Args:
        language: ``"zh"``, ``"en"`` or ``"all"`` (both, one automaton).

    Returns:
        The validated default rule set.

    Raises:
        RuleSetError: ``language`` is not one of those.
    """
    if not isinstance(language, str):
        raise _fail("<ruleset>", "language", "must be a string")
    if language == "all":
        return merge_rules(default_rules("zh"), default_rules("en"), name="default")
    if language not in ("zh", "en"):
        raise _fail("<ruleset>", "language", f"no default rule set for {language!r}")
    document = resources.files("bankcomplaints.classification.rulesets").joinpath(f"{language}.toml")
    return load_rules(document.read_text(encoding="utf-8"))
