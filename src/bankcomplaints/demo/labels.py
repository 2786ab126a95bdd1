"""The demo's own words, in Chinese and English (codes carry their labels on their enums).

    >>> from bankcomplaints.demo.labels import text
    >>> text("complaints", "zh"), text("complaints", "en")
    ('投诉', 'complaints')
    >>> text("no such word", "en")
    'no such word'
"""

from __future__ import annotations

__all__ = ["WORDS", "text"]

#: key → (Chinese, English).
WORDS: dict[str, tuple[str, str]] = {
    "title": ("银行网点消费投诉季度模拟报告", "A quarter of complaints at a small branch network"),
    "subtitle": ("2025年第四季度，3个分行、12个支行（含国庆假期）",
                 "2025-Q4 (October to December, with National Day), 12 branches in 3 regions"),
    "contacts": ("来访记录", "contacts received"),
    "complaints": ("投诉", "complaints"),
    "not_complaints": ("咨询、建议及其他", "consultations, suggestions and other"),
    "regulator_forwarded": ("监管转办", "forwarded by a regulator"),
    "major": ("重大投诉", "major complaints"),
    "repeats": ("重复投诉", "repeat complaints"),
    "investigated": ("已调查", "investigated"),
    "extended": ("延期（30日）", "extended (30 days)"),
    "extended_further": ("再次延期（60日）", "extended further (60 days)"),
    "mediated": ("调解", "taken to mediation"),
    "liability": ("已认定责任", "liability determined"),
    "redress_paid": ("已支付补偿", "redress payments"),
    "redress_total": ("补偿金额合计", "redress paid in total"),
    "decisions": ("已告知处理决定", "decisions notified"),
    "notices": ("其他告知", "other notices"),
    "feedback": ("已回访", "feedback sought"),
    "satisfied": ("满意或基本满意", "satisfied or basically satisfied"),
    "reviews": ("申请核查", "reviews requested (核查)"),
    "overturned": ("核查后重新处理", "decisions overturned on review"),
    "closed": ("已办结", "closed"),
    "open": ("季度末未办结", "open at quarter end"),
    "declined": ("不予受理", "declined"),
    "withdrawn": ("撤回", "withdrawn"),
    "referred": ("转出", "referred out"),
    "handling_met": ("处理时限内作出决定", "decided within the handling limit"),
    "handling_breached": ("超过处理时限", "past the handling limit"),
    "handling_open": ("时限内处理中", "open, within the limit"),
    "forwarding_breached": ("监管转办超过7个工作日", "regulator forwarding over 7 working days"),
    "events": ("事件", "events"),
    "chains": ("哈希链校验通过", "hash chains verified"),
    "summary": ("摘要", "Summary"),
    "volume": ("投诉量趋势（按周）", "Volume trend (by week)"),
    "pareto": ("投诉原因帕累托图", "Pareto of causes"),
    "business": ("各业务类别占比", "Shares by business"),
    "timeliness": ("各支行处理时效", "Timeliness by branch"),
    "scorecard": ("支行考核评分卡", "Branch scorecard"),
    "flow": ("处理流程图", "The handling flow"),
    "count": ("数量", "count"),
    "share": ("占比", "share"),
    "cumulative": ("累计占比", "cumulative share"),
    "week": ("周", "week"),
    "branch": ("支行", "branch"),
    "score": ("得分", "score"),
    "rank": ("排名", "rank"),
    "rate": ("比率", "rate"),
    "label": ("项目", "item"),
    "no_charts": ("未安装 matplotlib：报告只含表格，不含图表（pip install 'bankcomplaints[report]'）",
                  "matplotlib is not installed: the report has tables but no charts "
                  "(pip install 'bankcomplaints[report]')"),
    "report_written": ("报告已写入", "report written to"),
    "store_written": ("数据库", "database"),
    "simulating": ("模拟", "simulating"),
    "storing": ("存储", "storing"),
    "reloading": ("重新载入并校验", "reloading and verifying"),
    "reporting": ("生成报告", "writing the report"),
    "seed": ("随机种子", "seed"),
    "seconds": ("秒", "seconds"),
}


def text(key: str, lang: str = "en") -> str:
    """The demo's word for ``key`` in ``lang`` (``"zh"`` or ``"en"``); an unknown key comes back as it is.

    Args:
        key: a key of :data:`WORDS`.
        lang: ``"zh"`` or ``"en"``.
    Returns:
        The text.
    """
    pair = WORDS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]
