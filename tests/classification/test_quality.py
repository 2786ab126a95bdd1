"""Measured quality: the goals of issue 5 on the independent Chinese held-out set of round 48 (v101), and the English
CFPB scores.

The held-out set ``zh_heldout_v101.tsv`` was written by someone who saw neither the rules, the text models nor any
other set, and scored once, after the round-48 rules and models were frozen (the commit whose message starts
``classification: RULES AND MODELS FROZEN for the v101 held-out scoring (round 48)``).
Goals the frozen classifier does not reach are marked ``xfail(strict=True)`` with the measured value: the
test still computes and asserts the goal, and starts failing (so the mark must go) the day it is reached.
docs/classification.md quotes the same numbers, checked below. The development sets (every other part of
:data:`~tests.classification._labelled.ZH_PARTS`, among them the held-out sets of rounds 1 to 47) are not a measure
of quality.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from bankcomplaints.values import BusinessCategory, Cause, Channel, Kind, RiskFactor
from tests.classification._labelled import (
    ZH_PARTS,
    ZhScores,
    agreement_report,
    report,
    report_english,
    score_cfpb_sample,
    score_watsonx,
    score_zh,
    watsonx_test_rows,
    zh_rows,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "classification.md"
#: The cause goal ("cause >= 0.80 on Chinese complaints") is read on complaints alone: other kinds have the cause
#: ``other``, which is easy, so over all texts the cause reads higher (round 48's v101: 0.863, complaints 0.772).
GOALS = {"kind": 0.95, "business": 0.90, "cause_complaints": 0.80}
FLAG_GOAL = 0.9
GOALS_FLAGS = ("vulnerable", "large_amount", "regulator", "media", "litigation", "group", "repeat", "extreme")
# Measured once on the v101 held-out set with the rules and models frozen at 17b55dc (docs/classification.md quotes
# the full table). Met there: kind (0.981), business (0.913), vulnerable, regulator, media and litigation.
NOT_MET: dict[str, str] = {
    "cause_complaints": "0.772 (233 of 302)",
    "large_amount": "precision 0.848 (recall 0.985)",
    "group": "precision 0.792 (recall 1.000)",
    "repeat": "recall 0.840 (precision 1.000)",
    "extreme": "recall 0.778 (precision 0.933)",
}


@cache
def held_out() -> ZhScores:
    return score_zh("held_out")


def _mark(name: str) -> list[pytest.MarkDecorator]:
    if name not in NOT_MET:
        return []
    return [pytest.mark.xfail(strict=True, reason=f"goal for {name} not met on held-out v101: {NOT_MET[name]}")]


def test_the_development_set_covers_every_label_of_every_dimension() -> None:
    rows = zh_rows("dev")
    assert len(rows) >= 200
    assert {r.kind for r in rows} == {k.slug for k in Kind}
    assert {r.business for r in rows} == {b.slug for b in BusinessCategory}
    assert {r.cause for r in rows} == {c.slug for c in Cause}
    assert {r.channel for r in rows} == {c.slug for c in Channel}
    assert {f for r in rows for f in r.flags} == {f.slug for f in RiskFactor}


#: Longer texts two sets share, each written independently (v11 and v20; v12 and v18; v29 and the round-20 held-out set
#: v45, whose author saw neither; v60 and the round-37 held-out set v79, whose author saw no set; v2 and v16 and the
#: round-38 development set v82, whose author saw no set; v60 and the round-40 development set v86, whose author saw no
#: set).
SHARED_STOCK_QUESTIONS = frozenset({
    "定期存款提前支取一部分，剩下的还能按原来的利率算吗？",
    "房贷还了五年了，现在提前还一部分，是缩短年限划算还是减少月供划算？",
    "请问12363是人民银行的电话吗？我想问问征信的事，不是投诉",
    "公积金贷款和商业贷款组合贷，你们行能办吗？",
    "请问下一期储蓄国债什么时候发行？三年期利率大概多少？",
    "我是律师，受当事人委托查询其已故父亲在贵行的存款情况，需要提供哪些材料？",
    "银行卖的保险出了事是找银行还是找保险公司？",
})


#: Development rows whose text the held-out set also has, word for word: for v101 (round 48, counted from the
#: development side when v101 was added, without reading it), V92-193 (手机银行能不能加个夜间模式？, 14 characters); for
#: v99 (round 47), V75-105, V86-186 and V100-286 (大额存单能转让吗？, 9 characters) and V86-156 (信用卡年费怎么免？, 9);
#: for v97 (round 46), V41-234, V43-348, V49-314 and V92-454 (柜员态度太差了，问两句就不耐烦, 15 characters), V73-196
#: (金条可以回购吗？, 8), V75-019, V83-007, V90-460, V92-248 and V93-120 (信用卡怎么提额？, 8), V77-093
#: (短信验证码老是收不到, 10), V83-281 and V92-197 (国债什么时候发行？, 9), V83-284 (保管箱一年多少钱？, 9), V92-441
#: (建议多开几个窗口, 8) and V96-412 (周末网点开门吗？, 8); for v95 (round 45), V25-405 (取号机坏了一上午没人修, 11
#: characters), V44-431 (请问大额存单最低多少起存？, 13) and V69-211 (保险箱一年租金多少钱？, 11); for v93 (round 44),
#: V69-356 (理财赎回几天到账？, 9 characters), V73-300 and V86-148 (建议大厅多放几把椅子。, 11), V75-019, V83-007,
#: V90-460 and V92-248 (信用卡怎么提额？, 8), V83-433 (转错账了怎么办？, 8) and V89-203 and V92-007 (金条能回购吗？, 7);
#: for v91 (round 43), V14-464 (打错了，我找的是电信营业厅。, 14 characters), V53-342 (年费凭啥扣两回？, 8 characters),
#: V89-076 (建议APP加个夜间模式, 11 characters) and V89-132 (大额存单还有额度没？, 10 characters); for v89 (round 42),
#: V67-421 and V87-494 (网银U盾插上没反应。, 10 characters), V87-040 (打错了，我找的是社保局，不是银行。, 17 characters)
#: and V88-140 (基金赎回几天到账？, 9 characters); for v87 (round 41), V63-136 (网银能不能支持苹果电脑？, 12
#: characters), V67-421 (网银U盾插上没反应。, 10 characters) and V84-412 (手机银行转账限额怎么调高？, 13 characters);
#: for v85 (round 40), V59-410 and V73-265 (转账限额怎么调高？, 9 characters) and V79-060 (零存整取还有吗？, 8
#: characters); for v83 (round 39), V73-102 (卡丢了先挂失还是先报警？, 12 characters) and V75-019 (信用卡怎么提额？, 8
#: characters); for v81 (round 38), V75-376 (10 characters); for v79 (round 37), V60-482 (a stock question of 21
#: characters, also one of :data:`SHARED_STOCK_QUESTIONS`) and V63-351 (信用卡怎么注销？, 8 characters); none for v77
#: (round 36); for v75 (round 35), V17-381, V50-509, V56-074 and V65-375 (short texts of 8 to 10 characters, now short
#: texts development sets share); for v73 (round 34), V9-094, V59-408, V59-410 and V69-361 (short texts of 8 to 10
#: characters, now short texts development sets share); none for v71 (round 33), nor for v69 (round 32) or v67 (round
#: 31); for v65 (round 30), V50-509 and V56-074 (短信验证码收不到, 8 characters, now a short text development sets
#: share); none for v63 (round 29); for v61 (round 28), V49-071 (你们网点周六开门吗？几点到几点？, a stock question of
#: 16 characters); for v59 (round 27), V19-118 (建议网点多放几把椅子。, a stock suggestion of 11 characters); none for
#: v57 (round 26), v55 (round 25), v53 (round 24) or v51 (round 23). Round 22's v49 shared four short stock phrases (a
#: wrong number, a safe-deposit box price, a gold fee, 柜员态度太差了，问两句就不耐烦) with v1, v19, v40, v41 and v43,
#: now short texts development sets share; none for v47 (round 21). Round 20's v45 shared one stock question with v29
#: (V29-409 and V45-378), now one of :data:`SHARED_STOCK_QUESTIONS`; round 19's v43 shared two short stock phrases with
#: v41 and v44 (V41-234 and V43-348, V44-145 and V43-475), now short texts two development sets share; none for v41
#: (round 18) or v39 (round 17). Round 16's, V10-100 and V31-115 in v37, and round 15's, V17-064 and V26-405 in v35, are
#: now short texts two development sets share.
SHARED_WITH_HELD_OUT: frozenset[tuple[str, str]] = frozenset({
    ("dev_v92", "V92-193"),
})


@pytest.mark.parametrize("part", [part for part in ZH_PARTS if part != "dev"])
def test_an_independent_set_is_large_covers_every_label_and_shares_no_text(part: str) -> None:
    rows = zh_rows(part)
    assert len(rows) >= 300
    assert {r.kind for r in rows} == {k.slug for k in Kind}
    assert {r.business for r in rows} == {b.slug for b in BusinessCategory}
    assert {r.cause for r in rows} == {c.slug for c in Cause}
    flags = Counter(flag for row in rows for flag in row.flags)
    assert all(flags[f] >= 12 for f in GOALS_FLAGS)
    others = {r.text for other in ZH_PARTS if other != part for r in zh_rows(other)}
    shared = {r.text for shared_part, id_ in SHARED_WITH_HELD_OUT for r in zh_rows(shared_part) if r.id == id_}
    held_out_texts = {r.text for r in zh_rows("held_out")} - shared
    # Two authors may write the same stock phrase (打错了，不好意思…), but nothing longer, except the two stock
    # questions below that round 8's authors wrote word for word as round 6's had (they never saw those sets;
    # the authors are sessions of one model family; kind, business and cause agree), and nothing the held-out set has.
    assert all((len(text) <= 20 or text in SHARED_STOCK_QUESTIONS) and text not in held_out_texts
               for text in {r.text for r in rows} & others)


@pytest.mark.parametrize("dimension", [pytest.param(d, marks=_mark(d)) for d in GOALS])
def test_held_out_accuracy_goal(dimension: str) -> None:
    assert getattr(held_out(), dimension).accuracy >= GOALS[dimension]


@pytest.mark.parametrize("factor", [pytest.param(f, marks=_mark(f)) for f in GOALS_FLAGS])
def test_held_out_risk_factor_goal(factor: str) -> None:
    precision, recall, positives = held_out().flags[factor]
    assert positives >= 12
    assert precision >= FLAG_GOAL and recall >= FLAG_GOAL


def test_english_rules_beat_the_majority_class() -> None:
    labels = Counter(label for _, label in watsonx_test_rows())
    assert score_watsonx().accuracy > max(labels.values()) / sum(labels.values())
    business, cause = score_cfpb_sample()
    assert business.accuracy > max(Counter(t for (t, _), n in business.confusion.items() for _ in range(n))
                                   .values()) / business.total
    assert cause.total > 1000


def _quoted(marker: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(rf"<!-- scores:{marker} -->\n(.*?)\n<!-- /scores -->", text, re.S)
    assert found, f"docs/classification.md lacks the {marker} block"
    return found.group(1).strip()


@pytest.mark.parametrize("part", list(ZH_PARTS))
def test_docs_quote_the_measured_chinese_scores(part: str) -> None:
    assert _quoted(part) == report(part).strip()


@pytest.mark.parametrize(("marker", "part"), [("agreement", "dev_v6"), ("agreement_v22", "dev_v22")])
def test_docs_quote_the_agreement_of_the_two_annotators(marker: str, part: str) -> None:
    assert _quoted(marker) == agreement_report(part).strip()


def test_docs_quote_the_measured_english_scores() -> None:
    assert _quoted("english") == report_english().strip()
