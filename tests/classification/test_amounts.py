"""Money amounts in complaint text: worked examples, and random amounts rendered and parsed back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.classification import assess_risk, classify, find_amounts, find_counts, parse_amount
from bankcomplaints.classification.amounts import parse_number
from bankcomplaints.errors import ComplaintError, InvalidOperationError


@pytest.mark.parametrize(
    ("text", "amount", "currency", "approximate"),
    [
        ("两万元", "20000", "CNY", False),
        ("8000多美元", "8000", "USD", True),
        ("十几万", "110000", "CNY", True),
        ("三百多元", "300", "CNY", True),
        ("￥1,234.50", "1234.50", "CNY", False),
        ("5万", "50000", "CNY", False),
        ("$1,200", "1200", "USD", False),
        ("1.5万元", "15000", "CNY", False),
        ("人民币叁仟元", "3000", "CNY", False),
        ("一万二千多块", "12000", "CNY", True),
        ("一万零五百元", "10500", "CNY", False),
        ("两万一", "21000", "CNY", False),
        ("1万5", "15000", "CNY", False),
        ("3千5元", "3500", "CNY", False),
        ("二十多万", "200000", "CNY", True),
        ("一万二千欧元", "12000", "EUR", False),
        ("{$100.00}", "100.00", "USD", False),
        ("EUR 250", "250", "EUR", False),
        ("300 dollars", "300", "USD", False),
    ],
)
def test_worked_examples(text: str, amount: str, currency: str, approximate: bool) -> None:
    parsed = parse_amount(text)
    assert (parsed.money.amount, parsed.money.currency, parsed.approximate) == (Decimal(amount), currency,
                                                                                approximate)


@pytest.mark.parametrize("text", ["千万不要这样", "万一出事呢", "我有5千枚硬币", "年化18%", "一直打电话", "第三次"])
def test_words_that_are_not_money(text: str) -> None:
    assert find_amounts(text) == ()


def test_spans_quote_the_original_text() -> None:
    text = "卡里被扣了８０００多美元，另外还有两万元"
    found = find_amounts(text)
    assert [text[a.start:a.end] for a in found] == [a.text for a in found] == ["８０００多美元", "两万元"]


@pytest.mark.parametrize(
    ("text", "currency"),
    [("打工攒的100万越南盾", "VND"), ("二十多万卢布", "RUB"), ("货款二百万坚戈", "KZT"), ("五千新台币", "TWD"),
     ("两万美刀", "USD"), ("一万港纸", "HKD"), ("3万澳门币", "MOP"), ("八千多加币", "CAD"), ("两千瑞士法郎", "CHF"),
     ("五万马币", "MYR"), ("少了八万多缅币", "MMK"), ("换了三百万越南币", "VND"), ("五百万基普", "LAK"),
     ("两万索姆", "KGS"), ("一百万苏姆", "UZS"), ("三十万图格里克", "MNT"), ("四十万瑞尔", "KHR")],
)
def test_a_foreign_currency_named_after_a_bare_number_is_not_yuan(text: str, currency: str) -> None:
    assert [amount.money.currency for amount in find_amounts(text)] == [currency]


@pytest.mark.parametrize(("text", "taken"), [
    ("卡里被扣了8000多美元", True), ("昨晚被盗刷了两万三", True), ("我被骗走十五万", True),
    ("账户被人转走三万元", True), ("存折里的钱被冒领了两万多", True), ("被盗刷的两万块", True), ("我想取两万块", False),
    ("卡被扣了两万额度", False),  # a limit, whatever the verb
])
def test_an_amount_the_text_says_was_taken_is_marked_taken(text: str, taken: bool) -> None:
    assert [parsed.taken for parsed in find_amounts(text)] == [taken]


def test_an_approximate_sum_keeps_its_currency_for_every_chinese_currency_word() -> None:
    # 多 belongs to the number only before a known word; a currency word the table gains must not drop it.
    from bankcomplaints.classification.amounts import _SUFFIXES

    for word, currency in _SUFFIXES:
        if word.isascii():
            continue
        found = find_amounts(f"卡里少了三百多{word}")
        assert [(a.text, a.money.currency, a.approximate) for a in found] == [(f"三百多{word}", currency, True)], word


def test_every_currency_the_parser_reads_has_a_default_threshold() -> None:
    # A currency word without a threshold would parse and then never count as a large amount.
    from bankcomplaints.classification.amounts import _PREFIXES, _SUFFIXES
    from bankcomplaints.classification.risk import DEFAULT_RISK_POLICY

    read = {currency for _, currency in (*_SUFFIXES, *_PREFIXES)}
    assert read <= set(DEFAULT_RISK_POLICY.thresholds)


def test_a_foreign_sum_is_measured_against_its_own_currency_threshold() -> None:
    # 1,000,000 dong is about CNY 300; read as yuan it used to make a large amount.
    vnd = assess_risk(classify("在越南打工攒的100万越南盾，你们柜台说不收"))
    assert "large_amount" not in {flag.slug for flag in vnd.flags}
    rub = assess_risk(classify("卡里被盗刷了二十多万卢布"))
    assert "large_amount" in {flag.slug for flag in rub.flags}


def test_default_currency_applies_to_bare_wan() -> None:
    assert parse_amount("5万", default_currency="HKD").money.currency == "HKD"
    with pytest.raises(InvalidOperationError):
        find_amounts("5万", default_currency="XXX1")


def test_parse_amount_wants_exactly_one() -> None:
    with pytest.raises(InvalidOperationError):
        parse_amount("没有钱")
    with pytest.raises(InvalidOperationError):
        parse_amount("100元和200元")


def test_head_counts() -> None:
    assert [(c.count, c.approximate) for c in find_counts("二十多人一起来，还有30名员工")] == [(20, True), (30, False)]


# --- random amounts rendered by an independent writer, parsed back ---------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _cn_below_10000(n: int) -> str:
    """Chinese numerals for 1..9999, written the long way (一千零五十)."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "零"
            out += _CN_DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def _cn(n: int) -> str:
    high, low = divmod(n, 10_000)
    if not high:
        return _cn_below_10000(low)
    text = _cn_below_10000(high) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _cn_below_10000(low)
    return text


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_round_trip(n: int) -> None:
    parsed = parse_amount(_cn(n) + "元")
    assert parsed.money.amount == n and not parsed.approximate


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2),
       st.sampled_from(["¥{:,}", "￥{}", "{}元", "人民币{}元", "${:,}", "US$ {}", "{}美元", "€{}", "{} euros",
                        "RMB {}"]))
def test_arabic_formats_round_trip(amount: Decimal, template: str) -> None:
    text = "客户说被扣了" + template.format(amount) + "，要求退还"
    (parsed,) = find_amounts(text)
    assert parsed.money.amount == amount
    assert text[parsed.start:parsed.end] == parsed.text


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["万", "万元", "万块"]))
def test_wan_multiples_round_trip(n: int, suffix: str) -> None:
    assert parse_amount(f"{n}{suffix}").money.amount == n * 10_000
    assert parse_amount(f"{_cn(n)}{suffix}").money.amount == n * 10_000


@given(st.integers(min_value=1, max_value=9), st.sampled_from(["十", "百", "千", "万"]))
def test_approximate_forms_are_lower_bounds(digit: int, unit: str) -> None:
    value, approximate = parse_number(f"{_CN_DIGITS[digit]}{unit}多")
    assert approximate
    assert value == digit * {"十": 10, "百": 100, "千": 1000, "万": 10_000}[unit]


@given(st.text(max_size=120))
def test_any_text_parses_without_surprises(text: str) -> None:
    try:
        found = find_amounts(text)
    except ComplaintError:
        return
    for parsed in found:
        assert text[parsed.start:parsed.end] == parsed.text
        assert parsed.money.amount >= 0
