"""Money amounts as printed (元 / 千元 / 万元 / 亿元 ...) -> 万元, with the tolerance their precision implies.

A plan prints "8.03亿元", "2200多万元", "1,200 万元", "三千万元", "5千元" or a bare "12345" in
a table column headed 万元. The units are the seed money_units (`vocabulary.seeds`, the list the
checks use too). Everything is converted to 万元, and the tolerance is half a
unit of the last printed digit (8.03亿元 -> +-50 万元). An integer is taken as exact
(12345 -> 0) unless it is marked approximate (约/多/余/近/左右), in which case the
tolerance is half a unit of its last non-zero digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

from vocabulary.seeds import longest_first, money_units
from vocabulary.text import CN_DIGITS, CN_NUMBER_CHARS, CN_NUMERALS

# 万元 per unit of the printed amount (seed money_units).
UNIT_WAN = {unit: Decimal(factor) for unit, factor in money_units().items()}
# A unit printed without its 元 before an approximation word: "2200万余元", "3千多元".
_BARE_UNITS = {unit[:-1]: unit for unit in UNIT_WAN if len(unit) > 1 and unit.endswith("元")}
_UNIT_ALTERNATION = "|".join(longest_first(UNIT_WAN) + longest_first(_BARE_UNITS))

# Thousands separators are ASCII commas between groups of three ("1,200"); a full-width
# comma separates two numbers ("300，500万元" is 300 and 500 万元, never 300500).
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = rf"[{CN_NUMERALS}两][{CN_NUMBER_CHARS}]*(?:点[零〇{CN_DIGITS}]+)?"
_APPROX_BEFORE = r"(?P<approx_before>约|近|逾|超过|超|大约)?"
# "2200多万元", "2200万余元", "80多万元", "600 多万元"
AMOUNT_RE = re.compile(
    _APPROX_BEFORE
    + r"(?P<number>"
    + _ARABIC
    + "|"
    + _CHINESE
    + r")\s*(?P<approx_mid>多|余)?\s*(?P<unit>"
    + _UNIT_ALTERNATION
    + r")(?P<approx_after>余|多|左右)?"
)


@dataclass(frozen=True)
class Amount:
    value_wan: float  # the amount in 万元
    tolerance_wan: float  # half a unit of the last printed digit, in 万元
    text: str  # as printed, e.g. "8.03亿元"
    approximate: bool  # 约 / 多 / 余 / 近 / 左右
    start: int  # offsets of `text` in the string it was found in
    end: int


def _number(printed: str) -> Decimal | None:
    printed = printed.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", printed):
        return Decimal(printed)
    try:
        return Decimal(str(cn2an.cn2an(printed, "normal")))
    except (ValueError, KeyError, InvalidOperation):
        return None


def half_unit_of_last_digit(printed: str, approximate: bool) -> Decimal:
    printed = printed.replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", printed):
        return Decimal(0)  # Chinese numerals: exact as written
    if "." in printed:
        decimals = len(printed.split(".")[1])
        return Decimal(5) * Decimal(10) ** (-decimals - 1)
    if not approximate:
        return Decimal(0)
    trailing_zeros = len(printed) - len(printed.rstrip("0"))
    return Decimal(5) * Decimal(10) ** (trailing_zeros - 1)


def _unit(printed_unit: str) -> str:
    return _BARE_UNITS.get(printed_unit, printed_unit)


def find_amounts(text: str) -> list[Amount]:
    """Every money amount printed in `text`, in order.

    "万"/"亿"/"千" without 元 only count when followed by 元 later in the same token
    ("2200万余元"); a bare "1.4万人" is a count, not money.
    """
    found = []
    for match in AMOUNT_RE.finditer(text):
        unit = match.group("unit")
        if unit in _BARE_UNITS:
            # only "N万余元"/"N万多元" style: the 元 must follow right after
            tail = text[match.end() : match.end() + 2]
            if not re.match(r"[余多]?元", tail):
                continue
            end = match.end() + len(re.match(r"[余多]?元", tail).group(0))
        else:
            end = match.end()
        value = _number(match.group("number"))
        if value is None:
            continue
        approximate = bool(
            match.group("approx_before")
            or match.group("approx_mid")
            or match.group("approx_after")
            or text[match.end() : end].startswith(("余", "多"))
        )
        factor = UNIT_WAN[_unit(unit)]
        tolerance = half_unit_of_last_digit(match.group("number"), approximate) * factor
        found.append(
            Amount(
                value_wan=float(value * factor),
                tolerance_wan=float(tolerance),
                text=text[match.start("number") : end],
                approximate=approximate,
                start=match.start(),
                end=end,
            )
        )
    return found


def parse_amount(text: str, default_unit: str = "万元") -> Amount | None:
    """One amount from a cell: "12345" (unit from the column header), "8.03亿元", "120.5"."""
    cell = text.strip()
    amounts = find_amounts(cell)
    if amounts and amounts[0].start == 0 and amounts[0].end == len(cell):
        return amounts[0]
    bare = re.fullmatch(r"(约)?\s*(" + _ARABIC + r")\s*(多|余)?", cell)
    if not bare:
        return None
    value = _number(bare.group(2))
    if value is None:
        return None
    approximate = bool(bare.group(1) or bare.group(3))
    factor = UNIT_WAN[default_unit]
    tolerance = half_unit_of_last_digit(bare.group(2), approximate) * factor
    return Amount(
        value_wan=float(value * factor),
        tolerance_wan=float(tolerance),
        text=cell,
        approximate=approximate,
        start=0,
        end=len(cell),
    )


_HEADER_UNIT = re.compile("|".join(longest_first(UNIT_WAN)))


def unit_in_header(header: str) -> str | None:
    """The money unit a column header names: "计划总投资(万元)" -> "万元"."""
    match = _HEADER_UNIT.search(header)
    return match.group(0) if match else None


def amount_tolerance_wan(printed: str | None) -> float | None:
    """The tolerance, in 万元, of the amount `printed` states (a cell or the first amount of a
    phrase): half a unit of its last printed digit; None when it states none."""
    if not printed:
        return None
    amount = parse_amount(printed) or next(iter(find_amounts(printed)), None)
    return amount.tolerance_wan if amount else None
