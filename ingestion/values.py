"""Parse a printed value cell: comparator, number, unit.

Shared by every extractor that reads numbers out of plan text. Pure functions.

Comparators (as stored): '=' | '>=' | '>' | '<=' | '<'
    ≥ ≧ 不低于 不少于 …以上 至少 → '>=';  > ＞ 超过 高于 大于 多于 → '>'
    ≤ ≦ 不高于 不超过 不多于 …以内 …以下 最多 → '<=';  < ＜ 低于 小于 少于 → '<'
    达到 / a bare number → '='
Normalized unit vocabulary (`UNIT_VOCABULARY`): a printed unit maps to one of
    % ‰ 倍 个 人 人次 张 户 家 所 处 座 条 项 次 件 元 万元 亿元 平方米 公里 亩
    岁 年 天 小时 分钟 and compounds joined with '/', e.g. 人/万人, 平方米/百户,
    张/千人, 元/人·月 (人 stands for 名/位 too: "每千名老年人配备社会工作者(名)").
No value: '—' '-' '/' '无' '×' '' → no comparator, no number.
Qualitative cells (不低于居民上年度人均消费支出增速) keep their text, number None.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import cn2an

from vocabulary.text import CN_NUMBER_CHARS, DASH_CHARS

# Symbol-font characters that Word/PDF exports leave in the Private Use Area.
_SYMBOL_FONT = str.maketrans(
    {
        "\uf0b3": "≥",
        "\uf0a3": "≤",
        "\uf03e": ">",
        "\uf03c": "<",
        "\uf0b1": "±",
        "\uf02d": "-",
        "\uf0b9": "≠",
        "\uf025": "%",
    }
)

NO_VALUE_TEXTS = {"", "/", "无", "×", "x", "X", "N/A", "n/a", "NA", "暂无", "空"}


@functools.lru_cache(maxsize=8192)
def normalize_text(text: str) -> str:
    """NFKC (full-width digits, letters, signs), Symbol-font PUA signs, no whitespace."""
    text = unicodedata.normalize("NFKC", text.translate(_SYMBOL_FONT))
    return re.sub(r"\s+", "", text)


def is_no_value(text: str) -> bool:
    t = normalize_text(text)
    return t in NO_VALUE_TEXTS or (t != "" and all(ch in DASH_CHARS for ch in t))


# Units ---------------------------------------------------------------------------

_UNIT_ALIASES = {
    "%": "%",
    "％": "%",
    "百分比": "%",
    "‰": "‰",
    "千分比": "‰",
    "倍": "倍",
    "个": "个",
    "人": "人",
    "名": "人",
    "位": "人",
    "人次": "人次",
    "张": "张",
    "床": "张",
    "户": "户",
    "家": "家",
    "所": "所",
    "处": "处",
    "座": "座",
    "条": "条",
    "项": "项",
    "次": "次",
    "件": "件",
    "元": "元",
    "万元": "万元",
    "亿元": "亿元",
    "平方米": "平方米",
    "平米": "平方米",
    "㎡": "平方米",
    "m2": "平方米",
    "m²": "平方米",
    "平方": "平方米",
    "公里": "公里",
    "千米": "公里",
    "km": "公里",
    "亩": "亩",
    "岁": "岁",
    "周岁": "岁",
    "年": "年",
    "天": "天",
    "日": "天",
    "小时": "小时",
    "分钟": "分钟",
    "万人": "万人",
    "千人": "千人",
    "百人": "百人",
    "百户": "百户",
    "月": "月",
    "米": "米",
}
UNIT_VOCABULARY = frozenset(_UNIT_ALIASES.values()) | {
    "人/万人",
    "平方米/百户",
    "张/千人",
    "元/人·月",
    "元/人·年",
}

# 每百户 / 每千名 inside a compound unit denominator: 每 and 名 are wording, not unit.
_DENOMINATOR = re.compile(r"^每?(?P<n>[百千万十])(?:名|个|位)?(?P<u>人|户|老年人|老人)?$")
_DENOMINATOR_PER_UNIT = {"人": "人", "户": "户", "老年人": "人", "老人": "人", None: "人"}


def _normalize_unit_part(part: str) -> str | None:
    part = part.strip("()（）每")
    if part in _UNIT_ALIASES:
        return _UNIT_ALIASES[part]
    m = _DENOMINATOR.match(part)
    if m:
        return m.group("n") + _DENOMINATOR_PER_UNIT[m.group("u")]
    return None


def normalize_unit(raw: str | None) -> str | None:
    """'平米/每百户' -> '平方米/百户', '人 /万人' -> '人/万人', '名' -> '人'; None if not a unit."""
    if raw is None:
        return None
    text = normalize_text(raw).strip("()（）[]【】")
    if not text or is_no_value(text):
        return None
    text = text.replace("·", "/").replace(".", "/").replace("每", "/")
    parts = [p for p in text.split("/") if p]
    if not parts or len(parts) > 3:
        return None
    normalized = [_normalize_unit_part(p) for p in parts]
    if any(n is None for n in normalized):
        return None
    if len(normalized) == 3 and normalized[0] == "元":  # 元/人/月 -> 元/人·月
        return f"元/{normalized[1]}·{normalized[2]}"
    return "/".join(normalized)  # type: ignore[arg-type]


def is_unit(text: str) -> bool:
    return normalize_unit(text) is not None


_NAME_UNIT_SUFFIX = re.compile(r"[(（]([^()（）]{1,8})[)）]\s*$")


def unit_from_name(name: str) -> tuple[str | None, str | None]:
    """A unit printed as the name's suffix: '社会组织数(个)' -> ('个', '个'), else (None, None)."""
    m = _NAME_UNIT_SUFFIX.search(normalize_text(name))
    if m and is_unit(m.group(1)):
        return m.group(1), normalize_unit(m.group(1))
    return None, None


# Values --------------------------------------------------------------------------

_PREFIX_COMPARATORS = (
    ("≥", ">="),
    ("≧", ">="),
    (">=", ">="),
    ("≤", "<="),
    ("≦", "<="),
    ("<=", "<="),
    (">", ">"),
    ("<", "<"),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("至少", ">="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("最多", "<="),
    ("超过", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("多于", ">"),
    ("低于", "<"),
    ("小于", "<"),
    ("少于", "<"),
    ("达到", "="),
    ("约", "="),
    ("=", "="),
)
# Longest first: "及以上" before "以上", so '60%及以上' keeps its number.
_SUFFIX_COMPARATORS = (
    ("及以上", ">="),
    ("及以下", "<="),
    ("以上", ">="),
    ("以内", "<="),
    ("以下", "<="),
    ("左右", "="),
)
_NOTE = re.compile(r"\([^()]*\)$")  # '100%(全覆盖)': a note after the value
_MULTIPLIER = {"万": 10000, "亿": 100000000}  # '2.5万' in a column of 人

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CN_NUMBER = re.compile(rf"^[{CN_NUMBER_CHARS}万亿点]+")


@dataclass(frozen=True)
class ParsedValue:
    comparator: str | None  # = >= > <= < ; None when the cell holds no number
    number: float | None
    unit_raw: str | None  # the unit printed next to the number
    unit: str | None  # normalized (UNIT_VOCABULARY)
    is_empty: bool  # '—', '-', '/', '无', ''


@functools.lru_cache(maxsize=8192)  # table cells repeat: parse each text once
def parse_value(text: str) -> ParsedValue:
    """Parse one printed value cell.

    '≥55%' -> ('>=', 55, '%'); '1.8‰' -> ('=', 1.8, '‰'); '>30 平米/每百户' -> ('>', 30, '平方米/百户');
    '1个' -> ('=', 1, '个'); '—' -> empty; '不低于居民上年度人均消费支出增速' -> no number.
    """
    t = normalize_text(text)
    if is_no_value(t):
        return ParsedValue(None, None, None, None, True)
    comparator = None
    for word, comp in _PREFIX_COMPARATORS:
        if t.startswith(word):
            comparator, t = comp, t[len(word) :]
            break
    for word, comp in _SUFFIX_COMPARATORS:
        if t.endswith(word):
            comparator, t = comparator or comp, t[: -len(word)]
            break
    number, rest = _leading_number(t)
    if number is None:
        return ParsedValue(None, None, None, None, False)
    if rest and _NOTE.search(rest) and (_NOTE.sub("", rest) == "" or is_unit(_NOTE.sub("", rest))):
        rest = _NOTE.sub("", rest)
    if rest in _MULTIPLIER:
        number, rest = number * _MULTIPLIER[rest], ""
    unit_raw = rest or None
    unit = normalize_unit(rest) if rest else None
    if rest and unit is None:
        # trailing words that are no unit (e.g. '30以上户数增长'): not a plain value
        return ParsedValue(None, None, None, None, False)
    return ParsedValue(comparator or "=", number, unit_raw, unit, False)


def _leading_number(t: str) -> tuple[float | None, str]:
    m = _NUMBER.match(t)
    if m:
        return float(m.group(0).replace(",", "")), t[m.end() :]
    m = _CN_NUMBER.match(t)
    if m:
        try:
            return float(cn2an.cn2an(m.group(0), "normal")), t[m.end() :]
        except (ValueError, KeyError):
            return None, t
    return None, t


def looks_like_value(text: str) -> bool:
    """A cell that is a printed value (number with comparator/unit, or a no-value mark)."""
    p = parse_value(text)
    return p.is_empty or p.number is not None
