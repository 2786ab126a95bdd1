"""Everything ``Classifier.classify`` and ``Matcher.scan`` return, as plain data, for differential tests.

:func:`snapshot` turns a classification (of the package or of the frozen copy in ``reference/``)
into JSON-ready data: every decision with label, confidence, reason, scores and fired rules (their
matches, spans, weights and explanation lines), the evidence, the major grounds, amounts, counts,
``explain()`` and the matcher's own scan. :func:`corpus` lists the real texts both are compared on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: The Chinese development sets and the English CFPB texts the quality tests read (the held-out set is not
#: here: nobody optimising the classifier may see it).
SETS = ("zh_dev", "zh_v2", "zh_v3", "watsonx_test", "cfpb_sample")
_CHANNELS = (None, "other", "online_banking", "counter", "phone")
_SOURCES = (None, "regulator_forwarded", "direct", "media")
_CURRENCIES = ("CNY", "USD", "CNY")


def _hit(hit: Any) -> dict[str, Any]:
    return {
        "rule": hit.rule.id, "index": hit.index, "dimension": hit.dimension.value, "label": hit.label,
        "weight": hit.weight, "matches": [list(m) for m in hit.matches],
        "spans": [[s.start, s.end, s.text, s.pattern] for s in hit.spans], "describe": hit.describe(),
    }


def _decision(decision: Any) -> dict[str, Any]:
    return {
        "dimension": decision.dimension.value, "label": decision.label, "confidence": decision.confidence,
        "reason": decision.reason, "scores": [list(s) for s in decision.scores],
        "code": decision.code().slug, "fired": [_hit(h) for h in decision.fired], "explain": decision.explain(),
    }


def snapshot(classifier: Any, text: str, **options: Any) -> dict[str, Any]:
    """``classifier.classify(text, **options)`` and ``classifier.matcher.scan(text)`` as plain data."""
    result = classifier.classify(text, **options)
    scan = classifier.matcher.scan(text)
    return {
        "decisions": [_decision(d) for d in result.decisions],
        "evidence": [_hit(h) for h in result.evidence],
        "major_grounds": [_hit(h) for h in result.major_grounds],
        "amounts": [[str(a.money.amount), a.money.currency, a.approximate, a.start, a.end, a.text, a.condition]
                    for a in result.amounts],
        "counts": [[c.count, c.approximate, c.start, c.end, c.text] for c in result.counts],
        "explain": list(result.explain()),
        "scan": {"text": scan.text.text, "original": scan.text.original, "offsets": list(scan.text.offsets),
                 "hits": [_hit(h) for h in scan.hits]},
    }


def variants(position: int, source: str | None = None) -> list[dict[str, Any]]:
    """The calls each text gets: bare, and with a channel, source and currency picked by position."""
    return [
        {},
        {"channel": _CHANNELS[position % len(_CHANNELS)],
         "source": source or _SOURCES[position % len(_SOURCES)],
         "default_currency": _CURRENCIES[position % len(_CURRENCIES)]},
    ]


def corpus() -> Iterator[tuple[str, str, str | None]]:
    """``(set, text, source)`` for every text of :data:`SETS`, in file order."""
    from tests.classification._labelled import cfpb_sample_rows, watsonx_test_rows, zh_rows

    for name, part in (("zh_dev", "dev"), ("zh_v2", "dev_v2"), ("zh_v3", "dev_v3")):
        for row in zh_rows(part):
            yield name, row.text, row.facts.get("source")
    for text, _ in watsonx_test_rows():
        yield "watsonx_test", text, None
    for record in cfpb_sample_rows():
        yield "cfpb_sample", record["Consumer complaint narrative"], None
