"""The document as running text: lines joined into paragraphs, offsets mapped back to lines.

Shared by the extractors that read prose (projects, funding, totals): one Flow per
document (`flow_of`), with the heading and 专栏 grammar they all use to find sections.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

from ingestion.headings import SECTION_STYLES, numbering_re, strip_numbering
from vocabulary.seeds import longest_first, money_units
from vocabulary.text import CN_NUMERALS

HEADING_RE = numbering_re(SECTION_STYLES, extra=("专栏", "附件", "附表"))
BOX_RE = re.compile(rf"^专栏\s*([0-9{CN_NUMERALS}]+)\s*[:：]?\s*(?P<title>.*)$")


_SENTENCE_END = "。！？；;"
# A line that starts with the unit of a number printed at the end of the line before.
_UNIT_BROKEN_OFF = re.compile(
    "^(?:"
    + "|".join(longest_first(money_units()))
    + r"|%|％|‰|张|平方米|个|人|所)(?![\u4e00-\u9fff]{0,1}[：:])"
)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap_width(stripped: list[str]) -> int | None:
    """The width a PDF-to-text conversion wrapped lines at, or None for unwrapped text.

    Wrapped text has most lines at (nearly) the same display width.
    """
    widths = [_display_width(s) for s in stripped if len(s) >= 8]
    if len(widths) < 20:
        return None
    widths.sort()
    p80 = widths[int(len(widths) * 0.8)]
    if p80 > 120:
        return None
    near = sum(1 for w in widths if p80 * 0.85 <= w <= p80 * 1.1)
    return p80 if near >= 0.5 * len(widths) else None


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int  # offset of text in Flow.text
    first_line: int


class Flow:
    """The document as paragraphs of running text, with offset -> line lookups.

    Unwrapped text: one paragraph per non-blank line. PDF text wrapped at a fixed
    width: a full-width line continues on the next non-blank line.
    """

    def __init__(self, lines: list[str]):
        stripped = [_strip_line(line) for line in lines]
        wrap = _wrap_width(stripped)
        parts: list[str] = []
        self._offsets: list[int] = []
        self._line_nos: list[int] = []
        offset = 0
        previous = None
        for line_no, text in enumerate(stripped, start=1):
            if not text:
                continue
            if parts and not _continues(previous, text, wrap):
                parts.append("\n")
                offset += 1
            self._offsets.append(offset)
            self._line_nos.append(line_no)
            parts.append(text)
            offset += len(text)
            previous = text
        self.text = "".join(parts)
        self.paragraphs: list[Paragraph] = []
        start = 0
        for chunk in self.text.split("\n"):
            self.paragraphs.append(Paragraph(chunk, start, self.line_at(start)))
            start += len(chunk) + 1

    def line_at(self, offset: int) -> int:
        if not self._offsets:
            return 1
        i = bisect.bisect_right(self._offsets, offset) - 1
        return self._line_nos[max(i, 0)]


def _continues(previous: str, text: str, wrap: int | None) -> bool:
    """Whether `text` continues the wrapped line `previous` (same paragraph)."""
    if _UNIT_BROKEN_OFF.match(text) and previous[-1:].isdigit():
        return True  # "总投资 2.36" / "亿元": a number is never split from its unit
    if wrap is None or (is_heading(text) or BOX_RE.match(text)) and len(text) <= 40:
        return False
    width = _display_width(previous)
    if previous.endswith(tuple(_SENTENCE_END + "：:")):
        return width >= 0.95 * wrap  # a full line that happens to end a sentence
    return width >= 0.8 * wrap


def _strip_line(line: str) -> str:
    """A line without layout noise: surrounding spaces, markdown # marks, bookmarks."""
    text = line.strip().strip("\u3000")
    text = re.sub(r"^#+\s*", "", text)
    text = re.sub(r"\[bookmark:[^\]]*\]", "", text)
    text = re.sub(r"</?b>", "", text)
    return text.strip()


def is_heading(text: str) -> bool:
    return bool(HEADING_RE.match(text)) and len(text) <= 40 and "。" not in text[:-1]


def heading_title(text: str) -> str:
    """A heading without its numbering: "（八）重点项目建设" -> "重点项目建设"."""
    box = BOX_RE.match(text)
    if box:
        return box.group("title").strip()
    return strip_numbering(text, SECTION_STYLES).strip()


def is_box_title(para: Paragraph) -> re.Match | None:
    return BOX_RE.match(para.text) if len(para.text) <= 60 else None


@functools.lru_cache(maxsize=4)
def _flow_of(lines: tuple[str, ...]) -> Flow:
    return Flow(list(lines))


def flow_of(lines: list[str]) -> Flow:
    """The document's Flow, built once for the projects, funding and totals extractors."""
    return _flow_of(tuple(lines))
