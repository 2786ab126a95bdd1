"""Money amounts in Chinese and English complaint text.

Finds amounts such as 两万元, 8000多美元, 十几万, 三百多元, ￥1,234.50, 5万, $1,200, 1.5万元 and
人民币叁仟元, with their currency and where they are in the text. Forms with 多, 余, 几 or 来
are approximate: the amount returned is a lower bound::

    >>> from bankcomplaints.classification.amounts import find_amounts
    >>> [(str(a.money), a.approximate, a.text) for a in find_amounts("被扣了8000多美元，另有两万元")]
    [('USD 8,000', True, '8000多美元'), ('CNY 20,000', False, '两万元')]
    >>> find_amounts("十几万")[0].money.amount
    Decimal('110000')

A bare number counts as money only with a currency word or sign, or with 万 or 亿
(``5万`` is money, ``5千枚`` is not). :func:`find_counts` reads head counts such as 二十多人.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from bankcomplaints.classification.normalize import NormalizedText, normalize
from bankcomplaints.classification.taxonomy import MAX_TEXT_LENGTH
from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.values import Money

__all__ = ["ParsedAmount", "ParsedCount", "amounts_in", "counts_in", "find_amounts", "find_counts", "parse_amount",
           "parse_number"]

_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
    "几": 1,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_APPROX = "多余来"
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN = "零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿几"
# Longest first, so 美元 wins over 元.
_SUFFIXES: tuple[tuple[str, str], ...] = tuple(sorted((
    ("元", "CNY"), ("块钱", "CNY"), ("块", "CNY"), ("圆", "CNY"), ("人民币", "CNY"), ("rmb", "CNY"),
    ("yuan", "CNY"), ("cny", "CNY"), ("美元", "USD"), ("美金", "USD"), ("usd", "USD"), ("dollars", "USD"),
    ("dollar", "USD"), ("欧元", "EUR"), ("eur", "EUR"), ("euros", "EUR"), ("英镑", "GBP"), ("gbp", "GBP"),
    ("pounds", "GBP"), ("日元", "JPY"), ("日币", "JPY"), ("jpy", "JPY"), ("港币", "HKD"), ("港元", "HKD"),
    ("hkd", "HKD"), ("澳元", "AUD"), ("泰铢", "THB"), ("韩元", "KRW"), ("加元", "CAD"), ("新加坡元", "SGD"),
    # Colloquial names, and currencies a border or migrant-worker branch sees: without them 100万越南盾 read as CNY.
    ("美刀", "USD"), ("日圆", "JPY"), ("港纸", "HKD"), ("韩币", "KRW"), ("加币", "CAD"), ("加拿大元", "CAD"),
    ("澳大利亚元", "AUD"), ("新加坡币", "SGD"), ("新台币", "TWD"), ("台币", "TWD"),
    ("澳门元", "MOP"), ("澳门币", "MOP"), ("葡币", "MOP"), ("卢布", "RUB"), ("越南盾", "VND"), ("林吉特", "MYR"),
    ("马币", "MYR"), ("瑞士法郎", "CHF"), ("瑞郎", "CHF"), ("新西兰元", "NZD"), ("纽币", "NZD"), ("卢比", "INR"),
    ("印尼盾", "IDR"), ("迪拉姆", "AED"), ("英磅", "GBP"), ("坚戈", "KZT"), ("哈萨克斯坦坚戈", "KZT"),
    ("越南币", "VND"), ("越币", "VND"), ("缅币", "MMK"), ("缅元", "MMK"), ("缅甸币", "MMK"), ("缅甸元", "MMK"),
    ("基普", "LAK"), ("老挝币", "LAK"), ("瑞尔", "KHR"), ("索姆", "KGS"), ("苏姆", "UZS"), ("图格里克", "MNT"),
    ("蒙古币", "MNT"),
), key=lambda pair: -len(pair[0])))
# 多/余/来 count as part of a number only before a digit, a unit, a Chinese currency word or a counter word.
_CURRENCY_FIRST = {word[0] for word, _ in _SUFFIXES if not word.isascii()}
_APPROX_END = r"[^\w]|$|[" + "".join(sorted(_CURRENCY_FIRST | set("人名户位个"))) + "]"
_TOKEN = re.compile(rf"(?:{_NUM}|[{_CN}])(?:{_NUM}|[{_CN}]|[{_APPROX}](?=[{_CN}\d]|{_APPROX_END}))*")
_PIECE = re.compile(rf"{_NUM}|[{_CN}{_APPROX}]")
#: What a token starts with (a search for one character class runs in C without trying the whole pattern).
_TOKEN_START = re.compile(rf"[\d{_CN}]")
_PREFIXES: tuple[tuple[str, str], ...] = tuple(sorted((
    ("¥", "CNY"), ("人民币", "CNY"), ("rmb", "CNY"), ("cny", "CNY"), ("$", "USD"), ("us$", "USD"),
    ("usd", "USD"), ("hk$", "HKD"), ("hkd", "HKD"), ("€", "EUR"), ("eur", "EUR"), ("£", "GBP"),
    ("gbp", "GBP"),
), key=lambda pair: -len(pair[0])))
# A bare 几万 after these words, or before these counters, counts views, people or reward points, not money.
_NOT_MONEY_BEFORE = re.compile(
    r"(?:播放|粉丝|阅读|浏览|点击|点赞|关注|转发|评论|人口|网友|观看|围观|人数|步数|公里|积分)[量数]?[^\d]{0,3}$")
_NOT_MONEY_AFTER = re.compile(r"[多余来几]?(?:人|次|个|名|位|户|字|条|公里|步|粉|播放|阅读|浏览|点赞|张|份|台|件|家)")
# A limit, threshold or income states a condition, not the money in dispute (超过5万要收费, 额度20万); so do a loan
# offered or granted (秒批五万, 批下来只有三万), a deposit planned, a guarantee's face value, a price, a denomination.
_CONDITION_BEFORE = re.compile(
    r"(?:超过|超出|高于|低于|不到|不足|少于|多于|满|起存|起购|起点|门槛|最低|最高|上限|限额|额度|单笔|单日"
    r"|年收入|月收入|收入|(?<!工人)(?<!员工)工资|月薪|年薪|月入|年入|存款达到|达到|批|可借|能借|预授信|保函金额|面额|面值|房价|总价"
    r"|想贷|想借|申请了|打算存|想存|准备存|批下来"
    # a deposit the bank demands as a condition of a loan (要我在你们行存够二十万定期, 还要存两万定期)
    r"|存够|(?:开户|还要|必须|非要|要我|让我)存入?"
    # a credit limit moved (从五万降到三千, 提额到五万); a debt the customer owns up to (我欠你们信用卡两万多)
    r"|降到|降至|降为|提到|提额到|提升到|调到|调至|调为|调高到|调高至|提高到|提高至|上调到|上调至|恢复到|砍到|砍成|压到|减到|缩到|降低到|下调到"
    r"|(?<!说)我(?:是)?欠(?:了|的是)?(?:你们|银行|贵行)?(?:的)?(?:信用卡)?"
    # a credit line granted (每户授信五万); a limit the customer runs into (每天只能转一万, 每日只可以转一万)
    r"|授信|只(?:能|可以?)(?:先)?(?:转|取|存|汇|提)"
    # a transaction the customer means to make (我要转三万, 预约了转五万): the complaint is about the handling
    r"|(?:要|想|准备|打算)转|预约了?转"
    # a redemption the customer means to make (只赎三万块); a repayment demanded of a borrower (要我先还清300万)
    r"|(?:要|想|只|准备)赎回?|还清|先还"
    # money to be exchanged at the counter: the complaint is about the exchange
    r"|想换|要换|去换|购汇|兑换|(?:网点|柜台|银行)换|(?<!被)换了|不是取|(?<!给)(?:就|只|我)换"
    # a shop's or a company's turnover (一个月流水大概三十万): the size of the business, not the money in dispute
    r"|流水"
    r")[^\d，。,;；!?！？]{0,3}$")
# A debt stated (欠了你们行消费贷六万, 信用卡欠款约6.8万元, 逾期了两万多; not 说我欠 …) is the condition of a
# collection complaint, which is about the collecting, not the sum; unless the text denies the debt (冒名办的卡,
# 我从来没办过).
_DEBT_BEFORE = re.compile(
    r"(?<!说我)(?<!称我)(?<!说)(?<!称)(?:(?:欠款|欠)(?:了)?(?:你们|银行|贵行|我行)?行?(?:的)?"
    r"(?:信用卡|消费贷|经营贷|贷款|网贷)?(?:欠款)?|逾期(?:了)?|还欠|贷款还有)"
    r"(?:约|共|一共|总共)?[^\d，。,;；!?！？]{0,3}$")
_DEBT_DENIED = re.compile(
    r"冒名|冒用|盗用|冒出来|从来没办|从没办|没办过|根本没办|不是我办|没有办过|不是我欠|不认这笔|没借过|没贷过")
# Money the text says was taken from the customer (被扣了8000多美元, 被盗刷两万, 被骗走五万) is the sum in dispute,
# however the rest of the text reads.
_TAKEN_BEFORE = re.compile(
    r"(?:被|遭)(?:人|骗子|他人|别人)?(?:盗刷|刷走|盗取|盗走|骗走|骗|扣划|扣走|扣|划走|转走|取走|冒领)了?(?:我)?的?"
    r"(?:共|一共|总共|约)?$")
# Cash the customer withdraws (我要取三万, 预约了取八万, 柜台取五万, 去取三万, 来取五万, 取现3万元, 取款五万元) is
# the condition of a complaint about the handling, not the sum in dispute; unless the text tells of a fraud (an old
# customer talked into withdrawing cash for a stranger: 自称“公安”, 家属称系诈骗), where the cash is the loss. Money
# taken by someone else (被取现) is always the sum in dispute.
_WITHDRAWAL_BEFORE = re.compile(
    r"(?:(?:要|想|准备|打算)(?:取|汇)|预约了?(?:取|汇)?|(?:柜台|窗口)取(?!了)|去取|来取|(?<!被)取现|(?<![被盗])取款)"
    r"[^\d，。,;；!?！？]{0,3}$")
# A suspicion (是不是被骗了, 当成骗子, 疑似诈骗) or the bank's fraud checks (防诈骗) are not a fraud told.
_FRAUD_TOLD = re.compile(r"(?<!防)(?<!反)(?<!疑似)(?<!疑似遭遇)(?<!疑似遭遇投资)诈骗|骗局|受骗|骗走|冒充"
                         r"|(?<!是不是)(?<!有没有)(?<!不是)(?<!怕)被骗(?!了吗|了没|没有)"
                         r"|(?<!像个)(?<!当成)(?<!当作)(?<!像)(?<!我是)骗子|(?:男子|女子|男人|女人|对方|陌生人)自称")
_CONDITION_AFTER = re.compile(
    r"[^\d，。,;；!?！？]{0,2}(?:以上|以下|以内|之内|起存|起购|起(?![诉码来])|封顶|的限额|的额度|额度|限额|门槛"
    r"|预授信|面额|面值|的房子|的房|积分|备用金"  # a credit line offered (恭喜获得二十万备用金)
    r"|降到|降至|降为|降成|提到|调到|调至"  # a credit limit moved
    r"|(?:早就|已经|早)还清"  # a loan repaid
    r"|(?:的|日均)?存款(?![转被没不取让])|存在你们"  # a balance held, not money lost or withheld
    r"|作为保证金|当保证金"  # a deposit demanded as a condition
    r"|(?:块|元)?(?:就)?送(?![到去回给达])"  # a promotion's threshold (存五万送一桶油)
    r"|(?:块钱|块|元)?(?:都|还)?(?:得|要|需要?)提前(?:预约|一天|两天|打电话)"  # a bank rule (取一万还得提前一天)
    r")")
_COUNT_SUFFIX = re.compile(r"\s*(?:个|位|名)?(人|户|家|名)")
# Viewers, chat members, readers and a queue are counted people, not complainants (直播间在线约800人, 前面有四十多个人).
_NOT_COUNT_BEFORE = re.compile(
    r"(?:直播间|在线|观看|观众|群里|粉丝|阅读|围观|前面有|排了|帖子下面|评论区)[^\d，。,;；!?！？]{0,3}$")
# A number (possibly 多/几) right before a head-count word: without one there is nothing to count.
_COUNT_HINT = re.compile(rf"[\d{_CN}][{_APPROX}]?\s*(?:个|位|名)?[人户家名]")


@attrs.frozen(kw_only=True)
class ParsedAmount:
    """An amount found in text; when ``approximate`` (多, 几 …) ``money`` is a lower bound."""

    money: Money
    approximate: bool
    start: int
    end: int
    text: str
    #: The amount states a limit, threshold or income (超过5万, 额度20万, 月薪1万), not money in dispute.
    condition: bool = False
    #: The text says the amount was taken from the customer (被扣了, 被盗刷, 被骗走): money in dispute.
    taken: bool = False


@attrs.frozen(kw_only=True)
class ParsedCount:
    """A head count found in text (二十多人, 30名); approximate counts are lower bounds."""

    count: int
    approximate: bool
    start: int
    end: int
    text: str


_CHECKED: set[str] = set()


def check_currency(code: object) -> None:
    """Refuse anything but an ISO 4217 code (``Money`` itself fails on unhashable input).

    Raises:
        InvalidOperationError: ``code`` is not an ISO 4217 currency code.
    """
    if not isinstance(code, str):
        raise InvalidOperationError("currency", f"must be an ISO 4217 code, not {type(code).__name__}")
    if code not in _CHECKED:
        Money(0, code)
        _CHECKED.add(code)


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise InvalidOperationError("text", f"must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidOperationError("text", f"longer than {MAX_TEXT_LENGTH} characters")


def parse_number(token: str) -> tuple[Decimal, bool]:
    """The value of a number written in Arabic digits, Chinese numerals or a mix.

    Args:
        token: e.g. ``"一万二千"``, ``"1.5万"``, ``"十几"``, ``"8000多"``, ``"1,234.50"``.

    Returns:
        The value (a lower bound when approximate) and whether it is approximate.

    Raises:
        InvalidOperationError: ``token`` is not a number.
    """
    if not isinstance(token, str):
        raise InvalidOperationError("amount", f"must be a string, not {type(token).__name__}")
    pieces = _PIECE.findall(token)
    if not pieces or "".join(pieces) != token:
        raise InvalidOperationError("amount", f"not a number: {token!r}")
    total = section = current = Decimal(0)
    pending: Decimal | None = None
    last_unit = 0
    approximate = False
    for piece in pieces:
        if piece in _APPROX:
            approximate = True
        elif piece[0].isdigit():
            pending = Decimal(piece.replace(",", ""))
            if len(piece) > 1:
                last_unit = 0
        elif piece in _DIGITS:
            approximate = approximate or piece == "几"
            if _DIGITS[piece] == 0:
                last_unit = 0
            pending = Decimal(_DIGITS[piece])
        elif piece in _SMALL_UNITS:
            current += (pending if pending is not None else Decimal(1)) * _SMALL_UNITS[piece]
            pending, last_unit = None, _SMALL_UNITS[piece]
        else:
            unit = _BIG_UNITS[piece]
            value = (current + (pending or 0)) or Decimal(1)
            if unit == _BIG_UNITS["亿"]:
                total = (total + section + value) * unit
                section = Decimal(0)
            else:
                section += value * unit
            current, pending, last_unit = Decimal(0), None, unit
    if pending is not None:
        # 一万二 = 12000, 3千5 = 3500: a lone digit after a unit counts in the next unit down.
        single = pending == pending.to_integral_value() and 0 < pending < 10
        current += pending * last_unit // 10 if single and last_unit >= 10 else pending
    return total + section + current, approximate


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _alternation(words: tuple[tuple[str, str], ...]) -> str:
    return "|".join(re.escape(word) for word, _ in words)


_SUFFIX_AT = re.compile(rf" *({_alternation(_SUFFIXES)})")
_PREFIX_BEFORE = re.compile(rf"({_alternation(_PREFIXES)}) *$")
_SUFFIX_CODE, _PREFIX_CODE = dict(_SUFFIXES), dict(_PREFIXES)
# A currency word can only follow a number starting with one of these, or precede it ending with one.
_SUFFIX_FIRST = frozenset(" " + "".join(word[0] for word, _ in _SUFFIXES))
_PREFIX_LAST = frozenset(" " + "".join(word[-1] for word, _ in _PREFIXES))


def _currency_after(text: str, end: int) -> tuple[str, int] | None:
    match = _SUFFIX_AT.match(text, end)
    if match is None:
        return None
    word, after = match.group(1), match.end()
    if word.isascii() and after < len(text) and _latin(text[after]):
        return None
    return _SUFFIX_CODE[word], after


def _currency_before(text: str, start: int) -> tuple[str, int] | None:
    match = _PREFIX_BEFORE.search(text, max(0, start - 8), start)
    if match is None:
        return None
    word, begin = match.group(1), match.start()
    if word.isascii() and word[0].isalpha() and begin > 0 and _latin(text[begin - 1]):
        return None
    return _PREFIX_CODE[word], begin


def _tokens(text: str) -> list[tuple[int, int, str]]:
    # _TOKEN.finditer(text), found faster: a token starts at the next digit or numeral (where _TOKEN
    # always matches), and a search for one character class skips the rest in C.
    out = []
    position = 0
    next_start, token_at = _TOKEN_START.search, _TOKEN.match
    while (start := next_start(text, position)) is not None and \
            (match := token_at(text, start.start())) is not None:
        position = match.end()
        token = match.group()
        if token[0] not in "百佰千仟万亿零〇":
            out.append((match.start(), position, token))
    return out


def find_amounts(text: str, *, default_currency: str = "CNY") -> tuple[ParsedAmount, ...]:
    """Every money amount in ``text``, in order.

    Args:
        text: complaint text (Chinese, English or mixed).
        default_currency: the currency of a bare ``5万`` with no currency word.

    Returns:
        The amounts, with spans into ``text``.

    Raises:
        InvalidOperationError: ``text`` is not a string or ``default_currency`` is not ISO 4217.
    """
    _check_text(text)
    check_currency(default_currency)
    return amounts_in(normalize(text), default_currency)


def amounts_in(norm: NormalizedText, default_currency: str = "CNY") -> tuple[ParsedAmount, ...]:
    """:func:`find_amounts` on text already normalised (the classifier's one normalisation).

    Args:
        norm: the normalised text (its ``original`` is quoted in the spans).
        default_currency: the currency of a bare ``5万``, already checked.

    Returns:
        The amounts, with spans into ``norm.original``.
    """
    text = norm.original
    found: list[ParsedAmount] = []
    size = len(norm.text)
    for start, end, token in _tokens(norm.text):
        if "万" not in token and "亿" not in token and (end >= size or norm.text[end] not in _SUFFIX_FIRST) and \
                (not start or norm.text[start - 1] not in _PREFIX_LAST):
            continue  # no currency word can touch it and no 万 or 亿: not money
        after = _currency_after(norm.text, end)
        before = _currency_before(norm.text, start)
        scanned = norm.text
        if after is None and before is None and (
                not any(u in token for u in _BIG_UNITS) or _NOT_MONEY_AFTER.match(scanned, end)
                or _NOT_MONEY_BEFORE.search(scanned, max(0, start - 8), start)):
            continue
        if end < len(scanned) and scanned[end] == "%":
            continue
        value, approximate = parse_number(token)
        code = after[0] if after else before[0] if before else default_currency
        if after and before and before[0] != after[0]:
            before = None
        span_start = before[1] if before else start
        span_end = after[1] if after else end
        o_start, o_end = norm.original_span(span_start, span_end)
        condition = bool(_CONDITION_BEFORE.search(scanned, max(0, span_start - 8), span_start)
                         or (_WITHDRAWAL_BEFORE.search(scanned, max(0, span_start - 8), span_start)
                             and not _FRAUD_TOLD.search(scanned))
                         or _CONDITION_AFTER.match(scanned, span_end)
                         or (_DEBT_BEFORE.search(scanned, max(0, span_start - 10), span_start)
                             and not _DEBT_DENIED.search(scanned)))
        taken = not condition and bool(_TAKEN_BEFORE.search(scanned, max(0, span_start - 12), span_start))
        found.append(ParsedAmount(money=Money(value, code), approximate=approximate, start=o_start, end=o_end,
                                  text=text[o_start:o_end], condition=condition, taken=taken))
    return tuple(found)


def parse_amount(text: str, *, default_currency: str = "CNY") -> ParsedAmount:
    """The one amount that ``text`` states (e.g. a form field holding ``"¥1,234.50"``).

    Raises:
        InvalidOperationError: ``text`` holds no amount or more than one.
    """
    found = find_amounts(text, default_currency=default_currency)
    if len(found) != 1:
        raise InvalidOperationError("amount", f"expected one amount in {text[:80]!r}, found {len(found)}")
    return found[0]


def find_counts(text: str) -> tuple[ParsedCount, ...]:
    """Head counts in ``text`` (二十多人, 30名, 十几户), for group complaints.

    Raises:
        InvalidOperationError: ``text`` is not a string.
    """
    _check_text(text)
    return counts_in(normalize(text))


def counts_in(norm: NormalizedText) -> tuple[ParsedCount, ...]:
    """:func:`find_counts` on text already normalised.

    Args:
        norm: the normalised text.

    Returns:
        The head counts, with spans into ``norm.original``.
    """
    text = norm.original
    found: list[ParsedCount] = []
    if not _COUNT_HINT.search(norm.text):
        return ()
    for start, end, token in _tokens(norm.text):
        suffix = _COUNT_SUFFIX.match(norm.text, end)
        if suffix is None:
            continue
        if _NOT_COUNT_BEFORE.search(norm.text, max(0, start - 8), start):
            continue
        value, approximate = parse_number(token)
        if value != value.to_integral_value():
            continue
        o_start, o_end = norm.original_span(start, suffix.end())
        found.append(ParsedCount(count=int(value), approximate=approximate, start=o_start, end=o_end,
                                 text=text[o_start:o_end]))
    return tuple(found)
