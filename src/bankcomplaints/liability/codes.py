"""The code tables of investigation, liability, redress and feedback, as data a bank can extend.

Every code is stored as its slug (plain text that never changes); a :class:`CodeTable` knows the
slugs it accepts and their Chinese and English labels.
Operations check codes against these tables, so a workflow guard can compare slugs directly
(``complaint.feedback[-1].satisfaction == "dissatisfied"``).

    >>> from bankcomplaints.liability.codes import ROOT_CAUSES, Code
    >>> ROOT_CAUSES.label("system", "zh")
    '系统缺陷'
    >>> mine = ROOT_CAUSES.extend(Code("vendor_cash_logistics", "押运外包", "cash-in-transit vendor"))
    >>> "vendor_cash_logistics" in mine, "vendor_cash_logistics" in ROOT_CAUSES
    (True, False)
"""

from __future__ import annotations

import attrs

from bankcomplaints.errors import InvalidOperationError

__all__ = [
    "ACTION_STATUSES",
    "APPEAL_ROUTES",
    "COMMUNICATION_CHANNELS",
    "DECISION_OUTCOMES",
    "DIRECTIONS",
    "EVIDENCE_KINDS",
    "FEEDBACK_REQUESTS",
    "MANAGER_ROLES",
    "MEASURE_KINDS",
    "NOTICE_CHANNELS",
    "NOTICE_KINDS",
    "PARTY_KINDS",
    "REASONABLENESS",
    "REDRESS_TYPES",
    "ROOT_CAUSES",
    "SATISFACTION",
    "TRUTHFULNESS",
    "Code",
    "CodeTable",
]


@attrs.frozen
class Code:
    """One code: its stable slug and its labels."""

    slug: str
    zh: str
    en: str


@attrs.frozen
class CodeTable:
    """A named set of codes; ``slug in table`` tests membership."""

    name: str
    codes: tuple[Code, ...]
    # The slugs as a set: every operation checks its codes.
    _slug_set: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_slug_set", frozenset(code.slug for code in self.codes))

    @property
    def slugs(self) -> tuple[str, ...]:
        """The accepted slugs, in table order."""
        return tuple(code.slug for code in self.codes)

    def __contains__(self, slug: object) -> bool:
        if type(slug) is str:
            return slug in self._slug_set
        return any(code.slug == slug for code in self.codes)  # other types compare as they define it

    def label(self, slug: str, lang: str = "en") -> str:
        """The label of ``slug`` in ``lang`` (``"zh"`` or ``"en"``); unknown slugs come back as they are."""
        for code in self.codes:
            if code.slug == slug:
                return code.zh if lang == "zh" else code.en
        return slug

    def extend(self, *codes: Code) -> CodeTable:
        """A new table with ``codes`` added (a bank's own codes).

        Raises:
            InvalidOperationError: a slug is already in the table.
        """
        for code in codes:
            if code.slug in self:
                raise InvalidOperationError(self.name, f"{code.slug!r} is already a code")
        return CodeTable(self.name, (*self.codes, *codes))

    def check(self, value: object, field: str) -> str:
        """``value`` if it is one of the slugs.

        Raises:
            InvalidOperationError: ``value`` is not one of the slugs.
        """
        if type(value) is str and value in self._slug_set:
            return value
        if not isinstance(value, str) or value not in self:
            raise InvalidOperationError(field, f"{value!r} is not one of {', '.join(self.slugs)}")
        return value


def _table(name: str, *rows: tuple[str, str, str]) -> CodeTable:
    return CodeTable(name, tuple(Code(*row) for row in rows))


#: The roles that approve liability, decide accountability measures and approve redress unless an operation is
#: given others: the manager tiers of :data:`bankcomplaints.workflow.roles.STANDARD_TIERS`.
MANAGER_ROLES: frozenset[str] = frozenset({"manager", "senior"})

#: What an evidence item is (调查取证).
EVIDENCE_KINDS = _table(
    "evidence kind",
    ("voucher", "业务凭证", "voucher (signed slip, receipt)"),
    ("transaction_record", "交易记录", "transaction record"),
    ("recording", "录音", "call or counter audio recording"),
    ("cctv", "监控录像", "CCTV footage"),
    ("contract", "合同", "contract or agreement"),
    ("statement", "书面陈述", "written statement"),
    ("system_log", "系统日志", "system or machine log"),
)

#: Whether the fact the customer asserts is true (真实性).
TRUTHFULNESS = _table(
    "truthfulness",
    ("true", "属实", "true"),
    ("partly_true", "部分属实", "partly true"),
    ("untrue", "不属实", "untrue"),
    ("unverifiable", "无法核实", "cannot be verified"),
    ("not_assessed", "未评判", "not assessed on this finding"),
)

#: Whether the customer's demand is reasonable (合理性).
REASONABLENESS = _table(
    "reasonableness",
    ("reasonable", "合理", "reasonable"),
    ("partly_reasonable", "部分合理", "partly reasonable"),
    ("unreasonable", "不合理", "unreasonable"),
    ("not_assessed", "未评判", "not assessed on this finding"),
)

#: Who can be responsible (责任主体); ``third_party`` is a partner institution (CBIRC Art. 10).
PARTY_KINDS = _table(
    "party kind",
    ("staff", "员工", "member of staff"),
    ("branch", "机构", "branch or outlet"),
    ("department", "部门", "department"),
    ("business_system", "业务系统", "business system or machine"),
    ("third_party", "合作机构", "third-party partner (CBIRC Art. 10)"),
    ("customer", "客户", "the customer"),
    ("no_fault", "无责", "no fault"),
)

#: Root causes (问题根源); a bank extends this table with :meth:`CodeTable.extend`.
ROOT_CAUSES = _table(
    "root cause",
    ("process", "流程缺陷", "process or rule"),
    ("system", "系统缺陷", "system or equipment"),
    ("staff_skills", "员工技能", "staff skills"),
    ("staff_conduct", "员工行为", "staff conduct (procedure not followed)"),
    ("product_design", "产品设计", "product design"),
    ("disclosure", "信息披露", "disclosure"),
    ("third_party", "合作机构", "third party"),
    ("external_event", "外部事件", "external event"),
    ("customer_error", "客户自身原因", "customer error"),
)

#: Accountability measures (责任追究).
MEASURE_KINDS = _table(
    "measure kind",
    ("training", "培训", "training"),
    ("coaching", "辅导", "coaching"),
    ("warning", "警示", "warning"),
    ("performance_deduction", "绩效扣分", "performance deduction"),
    ("disciplinary_referral", "移送纪律处分", "disciplinary referral"),
    ("partner_penalty", "合作机构处罚", "partner penalty"),
)

#: The state of a plan action or an improvement action.
ACTION_STATUSES = _table(
    "action status",
    ("open", "待办", "open"),
    ("in_progress", "进行中", "in progress"),
    ("done", "已完成", "done"),
    ("cancelled", "已取消", "cancelled"),
)

#: Kinds of redress (补救).
REDRESS_TYPES = _table(
    "redress type",
    ("fee_refund", "退还费用", "refund of a fee"),
    ("interest_correction", "利息更正", "interest correction"),
    ("compensation", "损失赔偿", "compensation for loss"),
    ("goodwill", "善意补偿", "goodwill payment"),
    ("non_monetary", "非金钱补救", "non-monetary remedy"),
)

#: The outcome of a handling decision (处理决定).
DECISION_OUTCOMES = _table(
    "decision outcome",
    ("upheld", "支持", "upheld"),
    ("partly_upheld", "部分支持", "partly upheld"),
    ("not_upheld", "不支持", "not upheld"),
)

#: The remedies a decision must name (CBIRC Art. 19).
APPEAL_ROUTES = _table(
    "appeal route",
    ("review", "申请核查", "review by the superior institution (Art. 20)"),
    ("mediation", "调解", "mediation"),
    ("arbitration", "仲裁", "arbitration"),
    ("litigation", "诉讼", "litigation"),
)

#: How a notice reaches the complainant (CBIRC Art. 21).
NOTICE_CHANNELS = _table(
    "notice channel",
    ("hand_delivery", "书面当面送达", "written, handed over"),
    ("post", "书面邮寄", "written, posted"),
    ("sms", "短信", "SMS"),
    ("email", "电子邮件", "e-mail"),
    ("phone", "电话", "phone call"),
    ("agreed", "约定方式", "method agreed with the complainant"),
)

#: Notices other than the decision (告知).
NOTICE_KINDS = _table(
    "notice kind",
    ("acceptance", "受理告知", "complaint accepted"),
    ("decline", "不予受理告知", "complaint declined (Art. 18 ¶4)"),
    ("extension", "延期告知", "handling period extended (Art. 18 ¶1)"),
    ("appraisal_pause", "鉴定告知", "external appraisal pauses the clock (Art. 18 ¶2)"),
    ("mediation", "调解告知", "mediation proposed or started (Art. 23)"),
    ("review", "核查告知", "review request received or decided (Art. 20)"),
    ("other", "其他告知", "other notice"),
)

#: The customer's answer to the satisfaction question (满意度).
SATISFACTION = _table(
    "satisfaction",
    ("satisfied", "满意", "satisfied"),
    ("basically_satisfied", "基本满意", "basically satisfied"),
    ("dissatisfied", "不满意", "dissatisfied"),
    ("unreachable", "无法联系", "could not be reached"),
)

#: What a customer asks for after the decision.
FEEDBACK_REQUESTS = _table(
    "feedback request",
    ("review", "申请核查", "a review by the superior institution"),
    ("follow_up", "持续跟进", "a follow-up"),
)

#: How the bank and the customer were in contact.
COMMUNICATION_CHANNELS = _table(
    "communication channel",
    ("phone", "电话", "phone"),
    ("sms", "短信", "SMS"),
    ("email", "电子邮件", "e-mail"),
    ("letter", "信函", "letter"),
    ("in_person", "面谈", "in person"),
    ("online", "网上渠道", "online banking, app or chat"),
    ("other", "其他", "other"),
)

#: Who started a contact.
DIRECTIONS = _table(
    "direction",
    ("inbound", "客户来访/来电", "from the customer"),
    ("outbound", "银行联系客户", "from the bank"),
)
