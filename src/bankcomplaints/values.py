"""Frozen values: money, the people and places of a complaint, and the codes of TAXONOMY.md.

Every code is an enum whose value is its stable slug (the stored form, never renamed)
and which carries a Chinese and an English label::

    >>> from bankcomplaints.values import Cause
    >>> Cause.FUNDS_SAFETY.value, Cause.FUNDS_SAFETY.zh, Cause.FUNDS_SAFETY.en
    ('funds_safety', '消费者资金安全', "safety of the customer's funds (fraud, unauthorised debits)")
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal, InvalidOperation
from typing import Any, Self

import attrs

from bankcomplaints._currencies import ISO_4217
from bankcomplaints.errors import InvalidOperationError

__all__ = [
    "Actor",
    "AgentRef",
    "BranchRef",
    "BusinessCategory",
    "Cause",
    "Channel",
    "Contact",
    "CustomerRef",
    "Kind",
    "LabelledEnum",
    "Money",
    "Outcome",
    "Priority",
    "RiskFactor",
    "Source",
    "StaffRef",
    "Vulnerability",
    "label",
    "personal",
]


class LabelledEnum(enum.Enum):
    """An enum whose value is a stable slug and whose members carry ``zh`` and ``en`` labels."""

    zh: str
    en: str
    standard_code: str | None

    def __new__(cls, slug: str, zh: str, en: str, standard_code: str | None = None) -> Self:
        member = object.__new__(cls)
        member._value_ = slug
        member.zh, member.en, member.standard_code = zh, en, standard_code
        return member

    @property
    def slug(self) -> str:
        """The stored form of this code."""
        return str(self.value)

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` (``"zh"`` or ``"en"``)."""
        return self.zh if lang == "zh" else self.en

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}: {self.value!r}>"


def label(code: LabelledEnum | str, lang: str = "en") -> str:
    """The label of a code in ``lang``; plain strings (bank-defined codes) come back as they are."""
    return code.label(lang) if isinstance(code, LabelledEnum) else code


class Kind(LabelledEnum):
    """Kind of contact (投诉性质). Only a complaint starts the statutory clock."""

    COMPLAINT = ("complaint", "投诉", "complaint")
    CONSULTATION = ("consultation", "咨询", "consultation")
    SUGGESTION = ("suggestion", "建议", "suggestion")
    OTHER = ("other", "其他", "other")


class Channel(LabelledEnum):
    """The business channel complained about (JR/T 0169 dimension A)."""

    COUNTER = ("counter", "营业现场", "branch counter")
    SELF_SERVICE = ("self_service", "自助机具", "self-service machine (ATM, kiosk)")
    ONLINE_BANKING = ("online_banking", "网银", "online banking")
    PHONE = ("phone", "电话", "phone / call centre")
    MOBILE_APP = ("mobile_app", "移动客户端", "mobile app")
    PUBLIC_PLATFORM = ("public_platform", "网络公众平台", "public online platform (e.g. official WeChat account)")
    SMS = ("sms", "短信", "SMS")
    THIRD_PARTY = ("third_party", "第三方渠道", "third-party channel")
    BACK_OFFICE = ("back_office", "中、后台业务渠道", "middle or back office")
    OTHER = ("other", "其他", "other")


class Source(LabelledEnum):
    """Where the complaint came from."""

    DIRECT = ("direct", "客户直接投诉", "direct (customer to bank)")
    REGULATOR_FORWARDED = ("regulator_forwarded", "监管转办", "forwarded by a regulator (12378, 12363)")
    PETITION = ("petition", "信访", "petition")
    MEDIA = ("media", "舆情", "media")
    OTHER = ("other", "其他", "other")


class BusinessCategory(LabelledEnum):
    """Business category (JR/T 0169 dimension B)."""

    SAVINGS = ("savings", "人民币储蓄", "RMB savings and deposits")
    LOANS = ("loans", "贷款", "loans (mortgage, consumer, business)")
    BANK_CARD = ("bank_card", "银行卡", "bank cards (debit and credit)")
    PAYMENT_SETTLEMENT = (
        "payment_settlement",
        "支付结算",
        "payment and settlement (transfers, accounts, bills, e-payment)",
    )
    CASH_MANAGEMENT = (
        "cash_management",
        "人民币管理",
        "RMB cash handling (exchange of notes and coins, counterfeit, damaged notes)",
    )
    FX = ("fx", "外汇", "foreign exchange")
    PERSONAL_INFO = ("personal_info", "个人金融信息", "personal financial information")
    AGENCY = ("agency", "银行代理业务", "agency sales (funds, insurance sold for third parties)")
    WEALTH_MANAGEMENT = ("wealth_management", "自营理财", "the bank's own wealth-management products")
    PRECIOUS_METALS = ("precious_metals", "贵金属", "precious metals")
    TREASURY = ("treasury", "国库", "treasury (government bonds)")
    OTHER_INTERMEDIARY = (
        "other_intermediary",
        "其他中间业务",
        "other intermediary business (guarantees, payroll, custody…)",
    )
    DEBT_COLLECTION = ("debt_collection", "债务催收", "debt collection")
    OTHER = ("other", "其他", "other (premises, staff conduct not tied to a product, general service)")


class Cause(LabelledEnum):
    """Cause of the complaint (JR/T 0169 dimension C)."""

    SERVICE_QUALITY = ("service_quality", "服务态度及服务质量", "staff attitude and quality of service")
    FACILITIES_SYSTEMS = (
        "facilities_systems",
        "服务设施、设备、业务系统",
        "facilities, equipment and business systems",
    )
    RULES_PROCESSES = ("rules_processes", "管理制度、业务规则与流程", "policies, business rules and processes")
    MARKETING = ("marketing", "营销方式和手段", "marketing and sales methods (mis-selling)")
    DISCLOSURE = ("disclosure", "信息披露", "disclosure of information")
    FREEDOM_OF_CHOICE = ("freedom_of_choice", "自主选择权", "freedom of choice (tying, forced bundling)")
    PRICING_FEES = ("pricing_fees", "定价收费", "pricing, interest and fees")
    PRODUCT_RETURNS = ("product_returns", "产品收益", "product returns")
    CONTRACT_TERMS = ("contract_terms", "合同条款", "contract terms")
    FUNDS_SAFETY = (
        "funds_safety",
        "消费者资金安全",
        "safety of the customer's funds (fraud, unauthorised debits)",
    )
    INFO_SECURITY = ("info_security", "消费者信息安全", "security of the customer's information")
    DEBT_COLLECTION_METHODS = ("debt_collection_methods", "债务催收方式和手段", "debt-collection methods")
    OTHER = ("other", "其他", "other (use for consultations and suggestions that name no cause)")


class RiskFactor(LabelledEnum):
    """What triage must notice (风险评估)."""

    VULNERABLE = ("vulnerable", "特殊群体", "vulnerable customer")
    LARGE_AMOUNT = ("large_amount", "大额", "large amount in dispute")
    REGULATOR = ("regulator", "监管类", "threat or fact of a regulator complaint")
    MEDIA = ("media", "舆情类", "media exposure")
    LITIGATION = ("litigation", "司法类", "legal action")
    GROUP = ("group", "群体性", "group complaint")
    REPEAT = ("repeat", "重复投诉", "repeat complaint")
    EXTREME = ("extreme", "过激行为", "risk of self-harm or violence")


class Priority(LabelledEnum):
    """Priority bands (优先排序); P1 is the most urgent."""

    P1 = ("P1", "特急", "P1 (most urgent)")
    P2 = ("P2", "紧急", "P2 (urgent)")
    P3 = ("P3", "一般", "P3 (normal)")
    P4 = ("P4", "低", "P4 (low)")

    @property
    def rank(self) -> int:
        """1 for P1 … 4 for P4, for sorting."""
        return int(self.slug[1:])


class Outcome(LabelledEnum):
    """How a closed case ended (办结)."""

    RESOLVED = ("resolved", "已解决", "resolved")
    DECLINED = ("declined", "不予受理", "declined")
    WITHDRAWN = ("withdrawn", "已撤回", "withdrawn")
    REFERRED = ("referred", "已转出", "referred (mediation, regulator, court)")


class Vulnerability(LabelledEnum):
    """Vulnerability markers on a customer record (特殊群体)."""

    ELDERLY = ("elderly", "老年人", "elderly")
    DISABLED = ("disabled", "残障人士", "disabled")
    HEARING_IMPAIRED = ("hearing_impaired", "听障", "hearing-impaired")
    VISUALLY_IMPAIRED = ("visually_impaired", "视障", "visually impaired")
    SERIOUSLY_ILL = ("seriously_ill", "重病", "seriously ill")
    MINOR = ("minor", "未成年人", "minor")
    LOW_LITERACY = ("low_literacy", "文化程度低", "low literacy")
    FINANCIAL_HARDSHIP = ("financial_hardship", "经济困难", "financial hardship")


# --- money -----------------------------------------------------------------------------------------


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool | float):
        # A float cannot hold most decimal fractions exactly; money never passes through one.
        raise InvalidOperationError("amount", f"must be a Decimal, int or str, not {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise InvalidOperationError("amount", f"not a number: {value!r}") from None
    else:
        raise InvalidOperationError("amount", f"must be a Decimal, int or str, not {type(value).__name__}")
    if not result.is_finite():
        raise InvalidOperationError("amount", f"must be finite, got {value!r}")
    return result


def _check_currency(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or value not in ISO_4217:
        raise InvalidOperationError("currency", f"{value!r} is not an ISO 4217 currency code")


@attrs.frozen(order=False)
class Money:
    """An exact amount of one currency: ``Money("1234.50", "CNY")``.

    Raises:
        InvalidOperationError: the amount is a float or not a finite number,
            or the currency is not an ISO 4217 code.
    """

    amount: Decimal = attrs.field(converter=_to_decimal)
    currency: str = attrs.field(validator=_check_currency)

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise InvalidOperationError("currency", f"can't combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    @classmethod
    def zero(cls, currency: str) -> Money:
        """No money in ``currency``."""
        return cls(Decimal(0), currency)

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,}"


# --- people and places -------------------------------------------------------------------------------


def personal(**kwargs: Any) -> Any:
    """An attrs field holding personal data.

    Its value is hashed into the event chain only as a salted digest, it is masked in
    ``repr()``, and :func:`bankcomplaints.privacy.erase` can remove it without breaking the chain.
    """
    from bankcomplaints.privacy import mask_for_repr

    metadata = {"personal": True, **kwargs.pop("metadata", {})}
    return attrs.field(metadata=metadata, repr=mask_for_repr, **kwargs)


@attrs.frozen(kw_only=True)
class Contact:
    """How to reach someone. Every field is personal data."""

    phone: str | None = personal(default=None)
    email: str | None = personal(default=None)
    address: str | None = personal(default=None)


@attrs.frozen(kw_only=True)
class CustomerRef:
    """The complainant: a natural person or an organisation.

    ``vulnerabilities`` feed the ``vulnerable`` risk factor; ``key_customer`` asks for
    follow-up after closing.
    """

    id: str
    name: str = personal()
    contact: Contact = attrs.field(factory=Contact)
    id_number: str | None = personal(default=None)
    segment: str = "retail"
    organisation: bool = False
    vulnerabilities: tuple[Vulnerability, ...] = ()
    key_customer: bool = False


@attrs.frozen(kw_only=True)
class AgentRef:
    """Someone complaining for the customer (CBIRC Art. 14): agent, heir, guardian or legal representative."""

    name: str = personal()
    relationship: str = "agent"
    proof: str | None = None
    contact: Contact = attrs.field(factory=Contact)
    id_number: str | None = personal(default=None)


@attrs.frozen(kw_only=True)
class BranchRef:
    """An institution of the bank. ``level`` is ``head_office``, ``branch``, ``sub_branch`` or ``outlet``."""

    code: str
    name: str = ""
    region: str = ""
    parent: str | None = None
    level: str = "sub_branch"


@attrs.frozen(kw_only=True)
class StaffRef:
    """A member of staff, with the date their complaint-handling training runs to, if recorded."""

    id: str
    name: str = ""
    role: str = "front_line"
    branch: str | None = None
    trained_until: datetime.date | None = None


@attrs.frozen(kw_only=True)
class Actor:
    """Who performs an operation: a staff id and the role they act in (or ``system``)."""

    id: str
    role: str
    branch: str | None = None

    @classmethod
    def system(cls) -> Actor:
        """The library or the host acting automatically (timers, imports)."""
        return cls(id="system", role="system")
