"""A seeded generator of synthetic complaints: a small branch network's customers, in Chinese and English.

Every complaint covers the TAXONOMY.md codes: its kind, business category, cause, channel, source
and risk factors are drawn first, and the text is written from them, so each synthetic complaint carries
its true labels (handy to score a classifier) beside the fields :meth:`Complaint.receive` takes.
The same seed always gives the same complaints; nothing reads the clock or the network.

    >>> from bankcomplaints.testing import ComplaintGenerator
    >>> gen = ComplaintGenerator(seed=7, lang="zh")
    >>> batch = gen.complaints(50)
    >>> len(batch), batch == ComplaintGenerator(seed=7, lang="zh").complaints(50)
    (50, True)
    >>> first = batch[0]
    >>> complaint = first.receive()
    >>> complaint.narrative == first.narrative and complaint.branch == first.branch
    True
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TypeVar

import attrs
import pendulum

from bankcomplaints.complaint import Complaint
from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.values import (
    Actor,
    BranchRef,
    BusinessCategory,
    Cause,
    Channel,
    Contact,
    CustomerRef,
    Kind,
    Money,
    RiskFactor,
    Source,
    StaffRef,
    Vulnerability,
)

__all__ = ["BRANCHES", "LARGE_AMOUNT", "REGIONS", "ComplaintGenerator", "SyntheticComplaint"]

B, C, R = BusinessCategory, Cause, RiskFactor
_T = TypeVar("_T")

#: The three regional branches (分行) of the synthetic network.
REGIONS: tuple[BranchRef, ...] = (
    BranchRef(code="SH", name="上海分行", region="east", level="branch"),
    BranchRef(code="BJ", name="北京分行", region="north", level="branch"),
    BranchRef(code="GZ", name="广州分行", region="south", level="branch"),
)

#: Twelve sub-branches (支行), four in each region.
BRANCHES: tuple[BranchRef, ...] = tuple(
    BranchRef(code=f"{parent.code}{index:02d}", name=name, region=parent.region, parent=parent.code)
    for parent, names in zip(
        REGIONS,
        (
            ("浦东支行", "徐汇支行", "静安支行", "闵行支行"),
            ("朝阳支行", "海淀支行", "西城支行", "丰台支行"),
            ("天河支行", "越秀支行", "海珠支行", "番禺支行"),
        ),
        strict=True,
    )
    for index, name in enumerate(names, start=1)
)

#: The amount from which the synthetic text counts as a large amount (TAXONOMY.md default).
LARGE_AMOUNT = Money("10000", "CNY")

# What each business category is about: (Chinese products, English products).
_PRODUCTS: dict[BusinessCategory, tuple[tuple[str, ...], tuple[str, ...]]] = {
    B.SAVINGS: (("定期存款", "活期账户", "大额存单"), ("fixed deposit", "current account", "certificate of deposit")),
    B.LOANS: (("房贷", "消费贷", "经营贷"), ("mortgage", "consumer loan", "business loan")),
    B.BANK_CARD: (("信用卡", "借记卡"), ("credit card", "debit card")),
    B.PAYMENT_SETTLEMENT: (
        ("跨行转账", "手机支付", "对公账户"), ("interbank transfer", "mobile payment", "business account")
    ),
    B.CASH_MANAGEMENT: (("零钱兑换", "残损人民币兑换"), ("exchange of coins", "exchange of damaged banknotes")),
    B.FX: (("外币兑换", "境外汇款"), ("currency exchange", "overseas remittance")),
    B.PERSONAL_INFO: (("个人征信报告", "客户资料"), ("credit report", "customer records")),
    B.AGENCY: (("代销基金", "代理保险"), ("fund sold by the bank", "insurance policy sold at the branch")),
    B.WEALTH_MANAGEMENT: (("理财产品", "结构性存款"), ("wealth management product", "structured deposit")),
    B.PRECIOUS_METALS: (("金条", "积存金"), ("gold bar", "gold savings plan")),
    B.TREASURY: (("储蓄国债", "凭证式国债"), ("savings bond", "government bond")),
    B.OTHER_INTERMEDIARY: (("代发工资", "保函"), ("payroll service", "bank guarantee")),
    B.DEBT_COLLECTION: (("信用卡欠款催收", "逾期贷款催收"), ("credit card arrears", "overdue loan")),
    B.OTHER: (("网点环境", "停车服务"), ("branch premises", "branch parking")),
}

# The complaint sentence for each cause: (Chinese, English); {p} is the product.
_CAUSES: dict[Cause, tuple[str, str]] = {
    C.SERVICE_QUALITY: ("办理{p}时柜员态度恶劣，排队两个小时也没人理睬。",
                        "When I went in about my {p}, the teller was rude and nobody helped me for two hours."),
    C.FACILITIES_SYSTEMS: ("办理{p}时系统故障，交易显示失败但账户已被扣款。",
                           "The system failed while I was using my {p}: the transaction failed but I was debited."),
    C.RULES_PROCESSES: ("{p}的办理流程太繁琐，要求我反复提交同样的材料。",
                        "The process for my {p} is needlessly complicated; I had to send the same papers again."),
    C.MARKETING: ("客户经理推销{p}时夸大收益，根本没有提示风险。",
                  "The relationship manager sold me the {p} by exaggerating returns; the risks were never mentioned."),
    C.DISCLOSURE: ("{p}的收费标准和重要条款事先没有告知我。",
                   "Nobody told me about the fees and key terms of the {p} before I signed."),
    C.FREEDOM_OF_CHOICE: ("办理{p}时被强制搭售保险，不买就不给办理。",
                          "I was made to buy insurance to get the {p}; they refused to proceed otherwise."),
    C.PRICING_FEES: ("{p}被乱收费，扣了我一笔莫名其妙的手续费。",
                     "I was charged an unexplained fee on my {p}."),
    C.PRODUCT_RETURNS: ("{p}到期后的收益远低于宣传时的预期收益。",
                        "The return on my {p} was far below what was advertised."),
    C.CONTRACT_TERMS: ("{p}合同里有不公平的格式条款，银行单方面变更了利率。",
                       "The {p} contract has unfair standard terms, and the bank changed the rate on its own."),
    C.FUNDS_SAFETY: ("我的{p}被盗刷，账户里的钱被人转走了。",
                     "Money was taken from my {p} without my authorisation."),
    C.INFO_SECURITY: ("办理{p}后我的个人信息被泄露，天天接到骚扰电话。",
                      "After I opened the {p} my personal details were leaked, and I get nuisance calls every day."),
    C.DEBT_COLLECTION_METHODS: ("催收人员为{p}半夜打电话骚扰我的家人和同事。",
                                "Collectors chasing the {p} phone my family and colleagues in the night."),
    C.OTHER: ("关于{p}的问题一直没有人处理。", "Nobody has dealt with my problem about the {p}."),
}

# Causes that only make sense for some business categories, and the causes of a debt-collection complaint.
_CAUSE_ONLY_FOR: dict[Cause, frozenset[BusinessCategory]] = {
    C.DEBT_COLLECTION_METHODS: frozenset({B.DEBT_COLLECTION, B.LOANS, B.BANK_CARD}),
    C.PRODUCT_RETURNS: frozenset({B.WEALTH_MANAGEMENT, B.AGENCY, B.PRECIOUS_METALS, B.TREASURY, B.SAVINGS, B.FX}),
}
_BUSINESS_CAUSES: dict[BusinessCategory, tuple[Cause, ...]] = {
    B.DEBT_COLLECTION: (C.DEBT_COLLECTION_METHODS, C.SERVICE_QUALITY, C.INFO_SECURITY, C.PRICING_FEES),
    B.CASH_MANAGEMENT: (C.SERVICE_QUALITY, C.FACILITIES_SYSTEMS, C.RULES_PROCESSES, C.PRICING_FEES, C.OTHER),
}

# The sentence that gives each risk factor away: (Chinese, English).
_RISKS: dict[RiskFactor, tuple[str, str]] = {
    R.VULNERABLE: ("我今年七十八岁了，腿脚不方便。", "I am 78 years old and can barely walk."),
    R.LARGE_AMOUNT: ("涉及金额{amount}元。", "The amount involved is CNY {amount}."),
    R.REGULATOR: ("如果再不解决，我就打12378向监管局投诉。",
                  "If this is not fixed I will complain to the regulator on the 12378 hotline."),
    R.MEDIA: ("我已经联系了记者，准备在微博上曝光。", "I have contacted a journalist and will post about it on Weibo."),
    R.LITIGATION: ("我已经请了律师，准备向法院起诉。", "I have hired a lawyer and will take the bank to court."),
    R.GROUP: ("我们小区有{group}户都遇到了同样的问题。", "{group} households in our estate have the same problem."),
    R.REPEAT: ("这已经是我第三次投诉了，上次说好的处理结果到现在也没有。",
               "This is the third time I have complained, and nothing promised last time has happened."),
    R.EXTREME: ("再不给我解决，我就到你们网点门口拉横幅，出了事你们负责。",
                "If you don't solve this I will block your branch entrance, and you will answer for what happens."),
}

# Contacts that are not complaints: (Chinese, English).
_NOT_COMPLAINTS: dict[Kind, tuple[str, str]] = {
    Kind.CONSULTATION: ("请问{p}现在的利率和办理条件是什么？",
                        "Could you tell me the current rate of the {p} and how to apply?"),
    Kind.SUGGESTION: ("建议简化{p}的办理流程，增加线上办理渠道。",
                      "I suggest simplifying the {p} process and letting customers do it online."),
    Kind.OTHER: ("想表扬一下办理{p}的工作人员，服务非常耐心。",
                 "I want to praise the staff who handled my {p}; they were very patient."),
}

_DEMANDS: tuple[tuple[str, str], ...] = (
    ("要求退还被扣款项并给出书面说明。", "I want the money back and a written explanation."),
    ("要求银行赔偿损失并公开道歉。", "I want compensation and an apology."),
    ("要求调查清楚并处理相关责任人。", "I want this investigated and the staff responsible held to account."),
    ("要求尽快解决问题。", "I want this solved quickly."),
)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
          "秀英", "桂英", "建华")
_EN_FIRST = ("James", "Mary", "David", "Linda", "Michael", "Sarah", "Tom", "Emma", "Wei", "Anna")
_EN_LAST = ("Smith", "Brown", "Taylor", "Wilson", "Evans", "Clarke", "Walker", "Wright", "Green", "Hall")

_CHANNEL_WEIGHTS: dict[Channel, int] = {
    Channel.COUNTER: 30, Channel.PHONE: 25, Channel.MOBILE_APP: 15, Channel.ONLINE_BANKING: 8,
    Channel.SELF_SERVICE: 7, Channel.PUBLIC_PLATFORM: 5, Channel.SMS: 3, Channel.THIRD_PARTY: 3,
    Channel.BACK_OFFICE: 2, Channel.OTHER: 2,
}
_SOURCE_WEIGHTS: dict[Source, int] = {
    Source.DIRECT: 85, Source.REGULATOR_FORWARDED: 8, Source.PETITION: 2, Source.MEDIA: 2, Source.OTHER: 3,
}
_KIND_WEIGHTS: dict[Kind, int] = {Kind.COMPLAINT: 80, Kind.CONSULTATION: 10, Kind.SUGGESTION: 6, Kind.OTHER: 4}
_BUSINESS_WEIGHTS: dict[BusinessCategory, int] = {
    B.BANK_CARD: 30, B.LOANS: 18, B.PAYMENT_SETTLEMENT: 12, B.SAVINGS: 8, B.WEALTH_MANAGEMENT: 6, B.DEBT_COLLECTION: 6,
    B.AGENCY: 4, B.PERSONAL_INFO: 4, B.CASH_MANAGEMENT: 3, B.OTHER: 3, B.FX: 2, B.OTHER_INTERMEDIARY: 2,
    B.PRECIOUS_METALS: 1, B.TREASURY: 1,
}


@attrs.frozen(kw_only=True)
class SyntheticComplaint:
    """One generated complaint: the fields intake records, and the true labels it was written from."""

    id: str
    lang: str
    received_at: pendulum.DateTime
    channel: Channel
    source: Source
    complainant: CustomerRef
    branch: BranchRef
    staff_complained: tuple[StaffRef, ...] = ()
    product: str
    demand: str
    narrative: str
    amount: Money | None = None
    co_complainants: int = 0
    in_person: bool = False
    regulator_ref: str | None = None
    forwarded_at: pendulum.DateTime | None = None
    # the truth the text was written from
    kind: Kind
    business: BusinessCategory
    cause: Cause
    risk_factors: tuple[RiskFactor, ...] = ()

    @property
    def receiver(self) -> Actor:
        """The front-line member of staff at the complaint's branch who takes it in."""
        return Actor(id=f"{self.branch.code}-F1", role="front_line", branch=self.branch.code)

    def receive(self, *, actor: Actor | None = None, now: pendulum.DateTime | None = None,
                salt: str | None = None) -> Complaint:
        """Open the complaint through :meth:`Complaint.receive`, as intake would.

        Args:
            actor: who takes it in (default :attr:`receiver`).
            now: when it is recorded (default its ``received_at``).
            salt: the salt for personal-data digests (default derived from the id, so runs are reproducible).
        Returns:
            The new complaint, with its ``ComplaintReceived`` event pending.
        Raises:
            InvalidOperationError: ``now`` is earlier than ``received_at`` or naive.
        """
        return Complaint.receive(
            id=self.id, actor=actor or self.receiver, now=now or self.received_at, received_at=self.received_at,
            complainant=self.complainant, channel=self.channel, source=self.source, branch=self.branch,
            staff_complained=self.staff_complained, product=self.product, demand=self.demand,
            narrative=self.narrative, amount=self.amount, co_complainants=self.co_complainants,
            in_person=self.in_person, regulator_ref=self.regulator_ref, forwarded_at=self.forwarded_at,
            salt=f"synthetic-{self.id}" if salt is None else salt,
        )


def _pick(rng: random.Random, weights: dict[_T, int]) -> _T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class ComplaintGenerator:
    """Reproducible synthetic complaints for one quarter of the :data:`BRANCHES` network.

    Args:
        seed: the random seed; the same seed and arguments give the same complaints.
        lang: ``"zh"``, ``"en"`` or ``"mixed"`` (one in five in English).
        start: the first instant complaints may arrive (default 1 October 2026, Asia/Shanghai,
            a quarter that opens with the National Day holiday).
        days: how many days complaints arrive over.
        customers: the size of the customer pool (repeat complainants come from it).
    Raises:
        InvalidOperationError: unknown ``lang``, non-positive ``days`` or ``customers``, or a naive ``start``.
    """

    def __init__(self, seed: int = 0, *, lang: str = "mixed", start: pendulum.DateTime | None = None,
                 days: int = 92, customers: int = 2000) -> None:
        if lang not in ("zh", "en", "mixed"):
            raise InvalidOperationError("lang", f"{lang!r} is not zh, en or mixed")
        if days < 1 or customers < 1:
            raise InvalidOperationError("days" if days < 1 else "customers", "must be at least 1")
        self.seed, self.lang, self.days, self.customers = seed, lang, days, customers
        self.start = start or pendulum.datetime(2026, 10, 1, tz="Asia/Shanghai")
        if self.start.tzinfo is None:
            raise InvalidOperationError("start", "needs a time zone")

    def complaints(self, count: int) -> list[SyntheticComplaint]:
        """``count`` complaints in order of receipt, with ids ``C-000001`` onwards.

        Raises:
            InvalidOperationError: ``count`` is negative.
        """
        if count < 0:
            raise InvalidOperationError("count", "must be zero or more")
        rng = random.Random(self.seed)
        pool = [self._customer(rng, index) for index in range(self.customers)]
        arrivals = sorted(
            self._office_hours(self.start.add(seconds=rng.randrange(self.days * 86_400)), rng) for _ in range(count)
        )
        return [self._complaint(rng, index + 1, received, pool) for index, received in enumerate(arrivals)]

    # --- the parts -----------------------------------------------------------------------------------

    def _customer(self, rng: random.Random, index: int) -> CustomerRef:
        english = self.lang == "en" or (self.lang == "mixed" and rng.random() < 0.2)
        if english:
            name = f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_LAST)}"
        else:
            name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        vulnerable = rng.random() < 0.08
        return CustomerRef(
            id=f"K-{index + 1:06d}",
            name=name,
            contact=Contact(phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                            email=f"customer{index + 1}@example.com" if rng.random() < 0.3 else None),
            id_number=f"{rng.randrange(110000, 659000)}{rng.randrange(1940, 2006)}{rng.randrange(1, 13):02d}"
            f"{rng.randrange(1, 29):02d}{rng.randrange(1000):03d}{rng.choice('0123456789X')}",
            vulnerabilities=(rng.choice((Vulnerability.ELDERLY, Vulnerability.DISABLED,
                                         Vulnerability.HEARING_IMPAIRED)),) if vulnerable else (),
            key_customer=rng.random() < 0.05,
        )

    def _complaint(
        self, rng: random.Random, number: int, received: pendulum.DateTime, pool: list[CustomerRef]
    ) -> SyntheticComplaint:
        # Repeat complainants: a small core of the pool complains often.
        customer = pool[rng.randrange(min(len(pool), 50))] if rng.random() < 0.1 else rng.choice(pool)
        zh = self.lang == "zh" or (self.lang == "mixed" and not customer.name.isascii())
        text = 0 if zh else 1
        kind = _pick(rng, _KIND_WEIGHTS)
        business = _pick(rng, _BUSINESS_WEIGHTS)
        cause = self._cause(rng, business) if kind is Kind.COMPLAINT else Cause.OTHER
        product = rng.choice(_PRODUCTS[business][text])
        channel = _pick(rng, _CHANNEL_WEIGHTS)
        source = _pick(rng, _SOURCE_WEIGHTS) if kind is Kind.COMPLAINT else Source.DIRECT
        branch = rng.choice(BRANCHES)
        risks = self._risks(rng, kind, source, customer) if kind is Kind.COMPLAINT else set()
        amount = self._amount(rng, business, large=R.LARGE_AMOUNT in risks) if kind is Kind.COMPLAINT else None
        group = rng.randrange(5, 40) if R.GROUP in risks else 0
        sentences = [(_CAUSES[cause] if kind is Kind.COMPLAINT else _NOT_COMPLAINTS[kind])[text].format(p=product)]
        for factor in sorted(risks, key=list(RiskFactor).index):
            sentences.append(_RISKS[factor][text].format(amount=None if amount is None else f"{amount.amount:,}",
                                                         group=group))
        staff = (StaffRef(id=f"{branch.code}-F{rng.randrange(2, 6)}", role="front_line", branch=branch.code),) \
            if cause is Cause.SERVICE_QUALITY and rng.random() < 0.5 else ()
        forwarded = received.subtract(days=rng.randrange(1, 4)) if source is Source.REGULATOR_FORWARDED else None
        return SyntheticComplaint(
            id=f"C-{number:06d}", lang="zh" if zh else "en", received_at=received, channel=channel, source=source,
            complainant=customer, branch=branch, staff_complained=staff, product=product,
            demand=rng.choice(_DEMANDS)[text] if kind is Kind.COMPLAINT else "",
            narrative=("" if zh else " ").join(sentences), amount=amount, co_complainants=group,
            in_person=channel is Channel.COUNTER,
            regulator_ref=f"12378-{received.year}-{rng.randrange(10**6):06d}" if forwarded else None,
            forwarded_at=forwarded, kind=kind, business=business, cause=cause,
            risk_factors=tuple(sorted(risks, key=list(RiskFactor).index)),
        )

    @staticmethod
    def _cause(rng: random.Random, business: BusinessCategory) -> Cause:
        allowed = _BUSINESS_CAUSES.get(business) or tuple(
            cause for cause in Cause if business in _CAUSE_ONLY_FOR.get(cause, frozenset({business}))
        )
        return rng.choice(allowed)

    @staticmethod
    def _risks(rng: random.Random, kind: Kind, source: Source, customer: CustomerRef) -> set[RiskFactor]:
        risks = {factor for factor in (R.LARGE_AMOUNT, R.MEDIA, R.LITIGATION, R.GROUP, R.REPEAT)
                 if rng.random() < 0.08}
        if rng.random() < 0.1 or source is Source.REGULATOR_FORWARDED:
            risks.add(R.REGULATOR)
        if customer.vulnerabilities:
            risks.add(R.VULNERABLE)
        if rng.random() < 0.01:
            risks.add(R.EXTREME)
        return risks

    @staticmethod
    def _amount(rng: random.Random, business: BusinessCategory, *, large: bool) -> Money | None:
        if business in (B.OTHER, B.PERSONAL_INFO) and not large:
            return None
        cents = rng.randrange(1_000_000, 50_000_000) if large else rng.randrange(1_000, 999_900)
        return Money(Decimal(cents).scaleb(-2), "CNY")

    @staticmethod
    def _office_hours(instant: pendulum.DateTime, rng: random.Random) -> pendulum.DateTime:
        if 8 <= instant.hour < 20 or rng.random() < 0.1:
            return instant
        return instant.set(hour=rng.randrange(9, 18))
