"""Character classes of printed Chinese numbers and ranges, written once.

Regex fragments (to put inside `[...]`), not compiled patterns: each reader builds the
pattern it needs from them.
"""

from __future__ import annotations

# 一 … 十: the numerals of heading and list numbering (一、 / （三） / 第十章 / 专栏五).
CN_NUMERALS = "一二三四五六七八九十"
# 一 … 九: one digit (the 四 of 十四五).
CN_DIGITS = "一二三四五六七八九"
# Every character of a number written in Chinese up to the thousands ("两千三百零五").
CN_NUMBER_CHARS = "零〇一二两三四五六七八九十百千"
# The characters of a year printed in Chinese ("二〇二一年", "二○二一年", "二Ｏ二一年").
CN_YEAR_DIGITS = "〇零○Ｏ" + CN_DIGITS

# Every dash a plan prints: ASCII hyphen, em and en dash, full-width hyphen, horizontal bar
# (a CJK font's dash), figure dash. A cell of dashes only holds no value ("—", "--").
DASH_CHARS = "-—–－―‒"
DASHES = DASH_CHARS.replace("-", r"\-")
# What stands between two years or numbers of a range ("2021—2025", "2021-2025",
# "2021～2025"): a dash or a tilde, as characters and escaped for a character class.
RANGE_DASH_CHARS = DASH_CHARS + "~～"
RANGE_DASHES = RANGE_DASH_CHARS.replace("-", r"\-")
# What joins the two ends of a range: a dash, or 至 / 到 ("2021年至2025年").
RANGE_JOINER_CHARS = RANGE_DASH_CHARS + "至到"
RANGE_JOINERS = RANGE_DASHES + "至到"
