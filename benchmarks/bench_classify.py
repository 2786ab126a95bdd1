"""Benchmark: classify Chinese texts with the default rule set in one Aho-Corasick scan per text.

Compares, in the same run and on the same texts:

* ``one scan``: ``Classifier.classify`` (normalise, one automaton pass, the few regexes, amounts);
* ``+ model``: the same with the shipped text model behind the rules (what ``classify()`` uses);
* ``baseline``: the same classifier with the rules applied one by one, a compiled regex per rule
  (its patterns, negations and ``unless`` phrases as alternations), giving the same results;
* ``base+model``: the baseline with the same text model behind its rules (what ``+ model`` does, rule by rule);
* ``+ flags`` and ``base+flags``: the same two with the flag model as well, which may set rule evidence of risk
  factors aside (what ``classify()`` runs: ``Classifier(model="default", flag_model="default")``);
* ``bare scan``: ``pyahocorasick`` over the same patterns, counting matches and nothing else;
* ``scan`` and ``base scan``: rule matching alone, with the automaton and with the baseline.

The contenders run in interleaved rounds over the same slices of texts, so that they share the
load of a busy machine; the ratios still move by 10-20% from run to run.

Goal: at least 5x faster than the baseline, within 3x of the bare scan.
Run ``.venv/bin/python benchmarks/bench_classify.py`` (20,000 texts) or ``--quick`` (2,000).
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

import ahocorasick

from bankcomplaints.classification import Classifier, default_rules, normalize
from bankcomplaints.classification.matcher import Fired, RuleHit, Scan
from bankcomplaints.classification.normalize import NormalizedText
from bankcomplaints.classification.rules import CLAUSE_BREAKS, RuleSet

DATA = Path(__file__).resolve().parents[1] / "tests" / "classification" / "data" / "zh_labelled.tsv"


def make_texts(count: int, seed: int = 20261128) -> list[str]:
    """Texts of about 150 characters stitched from the sentences of the labelled Chinese set."""
    pieces = [line.split("\t")[-1] for line in DATA.read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    rnd = random.Random(seed)
    texts = []
    for _ in range(count):
        text = ""
        while len(text) < 140:
            text += rnd.choice(pieces)
        texts.append(text[:160])
    return texts


class RegexPerRule:
    """The baseline matcher: every rule scanned separately with its own compiled regexes."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

        def alternation(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
            if not phrases:
                return None
            # A lookahead finds a match at every position, overlapping ones included (longest first).
            return re.compile("(?=(" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + "))")

        self._compiled = [
            (rule, alternation(rule.patterns), tuple(re.compile(rx) for rx in rule.regexes),
             alternation(rule.negations), alternation(rule.unless))
            for rule in rules.rules
        ]
        self._prefixes = alternation(rules.negation_prefixes)
        self._breaks = frozenset(CLAUSE_BREAKS + rules.negation_breaks)

    def scan(self, text: str) -> Scan:
        """The rules that fire, as ``Matcher.scan`` gives them."""
        norm, fired = self.match(text)
        rules = self.rules.rules
        return Scan(text=norm, hits=tuple(RuleHit(rule=rules[index], index=index, matches=matches, original=text,
                                                  weight=weight) for index, weight, matches in fired))

    def match(self, text: str) -> tuple[NormalizedText, list[Fired]]:
        """The rules that fire, as ``Matcher.match`` gives them (what ``Classifier.classify`` reads)."""
        norm = normalize(text)
        t = norm.text
        prefix_ends = [m.start() + len(m.group(1)) for m in self._prefixes.finditer(t)] if self._prefixes else []
        hits = []
        for index, (rule, patterns, regexes, negations, unless) in enumerate(self._compiled):
            if unless is not None and unless.search(t):
                continue
            found: list[tuple[int, int, str]] = []
            if patterns is not None:
                found.extend((m.start(), m.start() + len(m.group(1)), m.group(1)) for m in patterns.finditer(t))
            for rx in regexes:
                found.extend((m.start(), m.end(), rx.pattern) for m in rx.finditer(t) if m.end() > m.start())
            if not found:
                continue
            cancels = ([(m.start(), m.start() + len(m.group(1))) for m in negations.finditer(t)]
                       if negations is not None else [])
            spans: dict[tuple[int, int], str] = {}
            for start, end, pattern in found:
                if any(a <= start and end <= b for a, b in cancels):
                    continue
                if rule.negatable and any(0 <= start - e <= self.rules.negation_window
                                          and self._breaks.isdisjoint(t[e:start]) for e in prefix_ends):
                    continue
                o_start, o_end = norm.original_span(start, end)
                spans.setdefault((o_start, o_end), pattern)
            if spans:
                matches = tuple((start, end, spans[start, end]) for start, end in sorted(spans))
                weight = rule.weight * min(len(set(spans.values())), rule.counts_up_to)
                hits.append((index, weight, matches))
        return norm, hits


def timed(work: list[str], runs: dict[str, object], rounds: int = 20) -> dict[str, float]:
    """Seconds each run takes over ``work``, measured in interleaved rounds.

    The machine is shared and its load changes from second to second; running every
    contender on the same slice of texts in turn, round after round, lets them see the
    same load, so the ratios are fairer than timing one contender after the other.
    """
    for run in runs.values():
        for text in work[:200]:  # warm up caches before the clock starts
            run(text)  # type: ignore[operator]
    totals = dict.fromkeys(runs, 0.0)
    size = -(-len(work) // rounds)
    for start in range(0, len(work), size):
        chunk = work[start:start + size]
        for label, run in runs.items():
            began = time.perf_counter()
            for text in chunk:
                run(text)  # type: ignore[operator]
            totals[label] += time.perf_counter() - began
    for label, seconds in totals.items():
        print(f"{label:<12} {seconds:8.3f} s  {len(work) / seconds:10,.0f} texts/s")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 texts instead of 20,000")
    args = parser.parse_args()
    texts = make_texts(2_000 if args.quick else 20_000)
    rules = default_rules("zh")
    fast = Classifier(rules)
    with_model = Classifier(rules, model="default")
    slow = Classifier(rules)
    slow.matcher = RegexPerRule(rules)  # type: ignore[assignment]
    slow_with_model = Classifier(rules, model="default")
    slow_with_model.matcher = slow.matcher
    with_flags = Classifier(rules, model="default", flag_model="default")
    slow_with_flags = Classifier(rules, model="default", flag_model="default")
    slow_with_flags.matcher = slow.matcher
    patterns = sorted({p for rule in rules.rules for p in (*rule.patterns, *rule.negations, *rule.unless)}
                      | set(rules.negation_prefixes))
    bare = ahocorasick.Automaton()
    for p in patterns:
        bare.add_word(p, p)
    bare.make_automaton()

    def decided(result: object) -> list[tuple[str, tuple[str, ...]]]:
        decisions = [*result.decisions]  # type: ignore[attr-defined]
        return [(d.label, tuple(f.rule_id for f in d.fired)) for d in decisions] + \
            [(f.label, (f.rule_id,)) for f in result.evidence]  # type: ignore[attr-defined]

    for text in texts[:300]:  # the baseline must decide exactly as the real classifier does
        assert decided(fast.classify(text)) == decided(slow.classify(text)), text
        assert decided(with_model.classify(text)) == decided(slow_with_model.classify(text)), text
        assert decided(with_flags.classify(text)) == decided(slow_with_flags.classify(text)), text

    print(f"{len(texts):,} texts, mean {sum(map(len, texts)) / len(texts):.0f} characters; "
          f"{len(rules.rules)} rules, {len(patterns)} literal phrases, "
          f"{sum(1 for r in rules.rules if r.regexes)} rules with regexes")
    print("whole classification (normalise, match, amounts, decide, build the explanation objects),")
    print("rule matching alone (normalise and find the rules that fire, with their matches),")
    print("and a bare automaton pass over the raw text (no normalisation, no rules, no spans), interleaved:")
    seconds = timed(texts, {
        "classify": fast.classify, "+ model": with_model.classify, "baseline": slow.classify,
        "base+model": slow_with_model.classify, "+ flags": with_flags.classify, "base+flags": slow_with_flags.classify,
        "scan": fast.matcher.scan, "base scan": slow.matcher.scan,
        "bare scan": lambda t: sum(1 for _ in bare.iter(t)),
    })
    one_scan, baseline, bare_scan = seconds["classify"], seconds["baseline"], seconds["bare scan"]
    model_cost = (seconds["+ model"] - one_scan) / len(texts) * 1e6
    print(f"with the text model on both sides: baseline / classify = {seconds['base+model'] / seconds['+ model']:.1f}x "
          f"(goal >= 5x); against the baseline without the model {baseline / seconds['+ model']:.1f}x; "
          f"the model adds {model_cost:.0f} us per text")
    flag_cost = (seconds["+ flags"] - seconds["+ model"]) / len(texts) * 1e6
    print(f"with the text and flag models on both sides (what classify() runs): baseline / classify = "
          f"{seconds['base+flags'] / seconds['+ flags']:.1f}x (goal >= 5x); "
          f"the flag model adds {flag_cost:.0f} us per text")
    scan_only, baseline_scan = seconds["scan"], seconds["base scan"]
    print(f"classify: baseline / one scan = {baseline / one_scan:.1f}x (goal >= 5x); "
          f"one scan / bare scan = {one_scan / bare_scan:.1f}x (goal <= 3x)")
    print(f"matching: baseline / one scan = {baseline_scan / scan_only:.1f}x (goal >= 5x); "
          f"one scan / bare scan = {scan_only / bare_scan:.1f}x (goal <= 3x)")


if __name__ == "__main__":
    main()
