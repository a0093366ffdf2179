"""Heading numbering styles: the one home of how plans number their headings.

第一章 / 第一节 / 一、 / （一） / 1. / （1）, in the order of their usual rank. Each reader
takes the styles it needs: `segment_blocks` ranks all of them, tables end at a
chapter-level heading, the flow model finds section headings, plan detection refuses a
numbered line as a title.
"""

from __future__ import annotations

import functools
import re

from vocabulary.text import CN_NUMERALS

_CN = CN_NUMERALS

# (style, pattern without the leading ^), highest rank first.
NUMBERING_STYLES: tuple[tuple[str, str], ...] = (
    ("chapter", rf"第[{_CN}百零〇\d]+(?:章|篇|部分)"),
    ("section", rf"第[{_CN}百零〇\d]+节"),
    # 一、 but not a run of numerals such as 三、四级 (a wrapped line of prose)
    ("cn_enum", rf"[{_CN}]{{1,3}}[、.．](?![\d{_CN}])"),
    ("cn_paren", rf"[（(][{_CN}]{{1,3}}[）)]"),
    # 1. / 1、 but not a decimal (1.5); "2.2021年…" is item 2 starting with a year
    ("arabic", r"\d{1,2}[.．、](?:(?!\d)|(?=(?:19|20)\d{2}年))"),
    ("arabic_paren", r"[（(]\d{1,2}[）)]"),
)
_BY_STYLE = dict(NUMBERING_STYLES)

# Chapter-level numbering: a heading of the plan's text, never a table cell or a title.
SECTION_STYLES = ("chapter", "section", "cn_enum", "cn_paren")


def style_pattern(style: str) -> str:
    return _BY_STYLE[style]


def numbering_re(styles: tuple[str, ...], extra: tuple[str, ...] = ()) -> re.Pattern:
    """A regex matching a line that opens with one of `styles` (or one of the `extra` words)."""
    return re.compile("^(?:" + "|".join([*(_BY_STYLE[s] for s in styles), *extra]) + ")")


@functools.cache
def _leading_numbering(styles: tuple[str, ...]) -> re.Pattern:
    return re.compile(numbering_re(styles).pattern + r"\s*")


def strip_numbering(text: str, styles: tuple[str, ...]) -> str:
    """`text` without the numbering of one of `styles` it opens with: "（八）重点项目" -> "重点项目"."""
    return _leading_numbering(styles).sub("", text, count=1)
