"""Segment a document into blocks (headings, paragraphs, tables, 专栏 boxes ...).

Works from the numbering and vocabulary of Chinese government texts, whatever the
layout (markdown-ish web page, PDF text with blank lines between wrapped lines, one
table cell per line, tab-separated rows):

- heading: 第一章 / 第一节 / 一、 / （一） / 1. / （1） (short), markdown '#' lines,
  前言 / 附件 ..., a plan's title line. `heading_level` ranks the numbering styles the
  document uses (第X章 < 第X节 < 一、 < （一） < 1. < （1））; the plan title is 0.
  A long （一）… line is a run-in heading (heading sentence + its paragraph).
- paragraph / list_item: lines are joined while a line does not end a sentence (PDF
  text wraps a paragraph over many lines, with blank lines between them).
- table: tab rows, a header word line (序号 / 指标 / 项目名称 ...) followed by cells, or a
  run of short cell-like lines; it ends at a heading, a caption, a box or prose.
- box: 专栏 N title plus the items or paragraph inside it. A box whose content is a
  table becomes a caption (its title) and a table.
- caption: 表1 …, or the short title line right above a table.
- toc: 目录 and its entries with dotted leaders / page numbers.

Every line belongs to at most one block; blank lines belong to none, except inside a
block's span.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingestion.headings import CN_NUMERALS, NUMBERING_STYLES
from ingestion.model import Block
from ingestion.plans import compact, date_only_line, plan_title_spans

_MD_HEADING = re.compile(r"^\s*#{1,6}\s")
_CN = CN_NUMERALS
# The numbering styles, plus damaged numbering that lost its numeral ("()xx…", ")xx…"),
# read as （一）-style.
_STYLE_PATTERNS = tuple(
    (
        style,
        re.compile(
            f"^(?:{pattern}|[（(]?[）)](?=[\u4e00-\u9fff]))" if style == "cn_paren" else f"^{pattern}"
        ),
    )
    for style, pattern in NUMBERING_STYLES
)
_STYLE_RANK = [name for name, _ in _STYLE_PATTERNS]
_STRONG_STYLES = {"chapter", "section", "cn_enum", "cn_paren"}
_ITEM = re.compile(rf"^(?:[{_CN}]{{1,2}}是|[①-⑳]|[●■◆▲•▪□◇√]|——|—|-\s|\*\s)")
_TOP_HEADINGS = {"前言", "序言", "引言", "导言", "总则", "结束语", "结语", "附件", "附表", "附录", "后记"}
_TOC_HEAD = {"目录", "目次"}
_TOC_LEADER = re.compile(r"\.{4,}|…{2,}|·{4,}|．{4,}|-{4,}")
_TOC_PAGE = re.compile(r"\t\s*(?:<[^<>]{1,10}>)?\d{1,3}(?:<[^<>]{1,10}>)?\s*$")
_CAPTION = re.compile(rf"^附?表\s*[\d{_CN}]+(?:[-—.．]\d+)?(?![\d年])")
_BOX = re.compile(rf"^专栏\s*[\d{_CN}]*")
_HEADER_WORDS = (
    "序号",
    "编号",
    "指标",
    "主要指标",
    "指标名称",
    "指标内容",
    "主要项目和指标",
    "项目名称",
    "项目",
    "一级指标",
    "类别",
    "名称",
)
_TABLE_TITLE_END = re.compile(r"(?:表|情况|对比|指标|一览|明细|清单|项目|汇总|统计)$")
_TERMINATED = re.compile(r"(?:[。！？；：!?;:]|的通知)[”’」』）)]*$")
_DIGIT = re.compile(r"\d")

_SHORT_CELL = 20  # a table cell printed on its own line is short
_PROSE = 45  # a line this long with sentence punctuation is prose, not a cell
_SHORT_RUN = 6  # short cell lines in a row that make a table without a header word
_SHORT_NUMBERED = 24  # a 1. / （1） line this short is a heading, longer ones are list items
_WRAPPED_SHARE = 0.3  # share of lines at one width that marks a hard-wrapped (PDF) text
_MAX_GAP = 3  # blank lines a wrapped paragraph may have between its lines


@dataclass(frozen=True)
class _Line:
    raw: str
    text: str  # compact: no whitespace, tags, markdown marks
    markdown: bool
    leading_tab: bool
    tab_cells: int
    style: str | None  # numbering style, if the line starts with one

    @property
    def blank(self) -> bool:
        return not self.text


def _style_of(text: str) -> str | None:
    for name, pattern in _STYLE_PATTERNS:
        if pattern.match(text):
            return name
    return None


def _line(raw: str) -> _Line:
    text = compact(raw)
    return _Line(
        raw=raw,
        text=text,
        markdown=bool(_MD_HEADING.match(raw)) and bool(text),
        leading_tab=raw.startswith("\t"),
        tab_cells=sum(1 for cell in raw.split("\t") if cell.strip()) if "\t" in raw.strip() else 0,
        style=_style_of(text),
    )


def _terminated(text: str) -> bool:
    return bool(_TERMINATED.search(text))


class _Segmenter:
    def __init__(self, lines: list[str]):
        self.lines = [_line(raw) for raw in lines]
        self.n = len(lines)
        self.title_lines: dict[int, int] = {}  # first line -> last line of a plan title
        for span in plan_title_spans(lines):
            self.title_lines[span.first] = span.last
        self.blocks: list[tuple[str, int, int, str | None]] = []  # kind, start, end, style
        self.wrap_width = self._wrap_width()

    def _wrap_width(self) -> int | None:
        """The width a hard-wrapped text breaks its lines at, None if lines are not wrapped."""
        lengths = Counter(len(line.text) for line in self.lines if 15 <= len(line.text) <= 60)
        nonblank = sum(1 for line in self.lines if not line.blank)
        if not lengths or not nonblank:
            return None
        width = lengths.most_common(1)[0][0]
        near = sum(count for length, count in lengths.items() if abs(length - width) <= 1)
        return width if near >= _WRAPPED_SHARE * nonblank else None

    def ends_sentence(self, i: int) -> bool:
        """Line i ends its sentence block. In hard-wrapped text a full-width line may end
        with 。 by chance, so it only ends the block when shorter than the wrap width."""
        text = self.lines[i].text
        if date_only_line(text):
            return True  # a date under a signature or title closes that block
        if not _terminated(text):
            return False
        return self.wrap_width is None or len(text) < self.wrap_width - 1

    # -- line predicates ---------------------------------------------------------
    def next_nonblank(self, i: int, gap: int | None = None) -> int | None:
        j = i + 1
        while j < self.n and self.lines[j].blank:
            j += 1
            if gap is not None and j - i - 1 > gap:
                return None
        return j if j < self.n else None

    def is_toc_entry(self, i: int) -> bool:
        line = self.lines[i]
        return bool(_TOC_LEADER.search(line.text) or _TOC_PAGE.search(line.raw))

    def is_caption(self, i: int) -> bool:
        text = self.lines[i].text
        return len(text) <= 60 and bool(_CAPTION.match(text))

    def is_box(self, i: int) -> bool:
        text = self.lines[i].text
        return len(text) <= 60 and bool(_BOX.match(text))

    def heading_style(self, i: int) -> str | None:
        """The heading style of line i ('plain'/'top'/'title' for unnumbered), or None."""
        line = self.lines[i]
        if line.blank or self.is_toc_entry(i):
            return None
        if i in self.title_lines:
            return "title"
        if line.markdown:
            return line.style or ("top" if line.text in _TOP_HEADINGS else "plain")
        if line.style in _STRONG_STYLES:
            return line.style
        if line.style in ("arabic", "arabic_paren"):
            # "3.重点指标" is a heading; "1.完善…。" / "（1）…；" are sentences: list items
            short = len(line.text) <= _SHORT_NUMBERED and not re.search(r"[。；;，,：:]", line.text)
            return line.style if short else None
        if line.text in _TOP_HEADINGS or (line.text.startswith("附件") and len(line.text) <= 40):
            return "top"
        return None

    def is_strong_break(self, i: int) -> bool:
        """A line that ends any table or box: heading (not 1.), caption, box, toc."""
        style = self.heading_style(i)
        return (
            (style is not None and style not in ("arabic", "arabic_paren"))
            or self.is_caption(i)
            or self.is_box(i)
            or self.lines[i].text in _TOC_HEAD
        )

    def is_short_cell(self, i: int) -> bool:
        line = self.lines[i]
        return (
            len(line.text) <= _SHORT_CELL
            and not re.search(r"[。；;]$", line.text)
            and self.heading_style(i) is None
            and not self.is_caption(i)
            and not self.is_box(i)
        )

    def table_start(self, i: int) -> bool:
        line = self.lines[i]
        if line.blank or self.is_toc_entry(i) or self.heading_style(i) in ("title", "chapter", "section"):
            return False
        if line.tab_cells >= 2:
            return True
        if line.text in _HEADER_WORDS or (line.text.startswith("序号") and len(line.text) <= 40):
            return True
        return self.short_run(i)

    def short_run(self, i: int) -> bool:
        """At least _SHORT_RUN short cell lines in a row, numbers among the first ten."""
        run, digits, j = 0, 0, i
        while j is not None and run < 10 and self.is_short_cell(j):
            run += 1
            digits += bool(_DIGIT.search(self.lines[j].text))
            j = self.next_nonblank(j, gap=_MAX_GAP)
        return run >= _SHORT_RUN and digits >= 2

    def is_table_title(self, i: int) -> bool:
        """A short title line (…指标 / …情况 / …对比) right above a table."""
        text = self.lines[i].text
        if len(text) > 40 or not _TABLE_TITLE_END.search(text) or _terminated(text):
            return False
        if self.lines[i].style or text in _HEADER_WORDS:  # 指标 opens a table, it is no title
            return False
        j = self.next_nonblank(i, gap=_MAX_GAP)
        return j is not None and self.table_start(j)

    def is_prose(self, i: int) -> bool:
        line = self.lines[i]
        return not line.leading_tab and len(line.text) >= _PROSE and bool(re.search(r"[。，,；]", line.text))

    def starts_block(self, i: int) -> bool:
        """A line that cannot continue the paragraph above it."""
        line = self.lines[i]
        return (
            self.heading_style(i) is not None
            or bool(line.style)
            or bool(_ITEM.match(line.text))
            or self.is_caption(i)
            or self.is_box(i)
            or line.text in _TOC_HEAD
            or self.table_start(i)
        )

    # -- block consumers ---------------------------------------------------------
    def emit(self, kind: str, start: int, end: int, style: str | None = None) -> None:
        self.blocks.append((kind, start, end, style))

    def consume_toc(self, i: int) -> int:
        end, j = i, self.next_nonblank(i)
        while j is not None and self.is_toc_entry(j):
            end, j = j, self.next_nonblank(j)
        self.emit("toc", i, end)
        return end + 1

    def consume_table(self, i: int) -> int:
        end, j = i, self.next_nonblank(i)
        while j is not None:
            line = self.lines[j]
            if not line.leading_tab and (self.is_strong_break(j) or self.heading_style(j)):
                break
            if not line.leading_tab and line.style and _terminated(line.text):
                break  # a numbered sentence (2.xx。) is text, not a cell
            if line.leading_tab and (self.is_box(j) or self.is_caption(j)):
                break
            if line.text.endswith(("：", ":", "的通知")) or line.text.startswith("关于"):
                break  # a salutation or a notice headline: the letter goes on
            if self.is_prose(j):
                k = self.next_nonblank(j)
                if k is None or len(self.lines[k].text) >= _PROSE or self.is_strong_break(k):
                    break
            end, j = j, self.next_nonblank(j)
        self.caption_above(i)
        self.emit("table", i, end)
        return end + 1

    def caption_above(self, table_first: int) -> None:
        """The paragraph right above a table is its caption when it reads like a title."""
        if not self.blocks:
            return
        kind, start, end, _ = self.blocks[-1]
        text = self.lines[start].text
        if (
            kind == "paragraph"
            and start == end
            and table_first - end <= 2
            and len(text) <= 40
            and _TABLE_TITLE_END.search(text)
        ):
            self.blocks[-1] = ("caption", start, end, None)

    def consume_box(self, i: int) -> int:
        j = self.next_nonblank(i)
        if j is not None and self.table_start(j):
            self.emit("caption", i, i)
            return i + 1
        end, has_items, paragraph_seen, previous_ended = i, False, False, True
        while j is not None:
            line = self.lines[j]
            if self.is_strong_break(j) or (self.table_start(j) and not line.style):
                break
            if line.style in ("arabic", "arabic_paren") or _ITEM.match(line.text):
                has_items = True
            elif previous_ended and (has_items or paragraph_seen):
                break  # a new unnumbered paragraph after the box content: body text again
            else:
                paragraph_seen = True
            end, previous_ended = j, self.ends_sentence(j)
            j = self.next_nonblank(j)
        self.emit("box", i, end)
        return end + 1

    def consume_running(self, i: int, kind: str, style: str | None = None) -> int:
        """A paragraph / list item / run-in heading: joined while sentences run on."""
        end = i
        while not self.ends_sentence(end):
            j = self.next_nonblank(end, gap=_MAX_GAP)
            if j is None or self.starts_block(j):
                break
            end = j
        self.emit(kind, i, end, style)
        return end + 1

    def run(self) -> list[Block]:
        i = 0
        while i < self.n:
            line = self.lines[i]
            if line.blank:
                i += 1
                continue
            style = self.heading_style(i)
            if line.text in _TOC_HEAD or self.is_toc_entry(i) and self._toc_run(i):
                i = self.consume_toc(i)
            elif style == "title":
                self.emit("heading", i, self.title_lines[i], "title")
                i = self.title_lines[i] + 1
            elif self.is_box(i):
                i = self.consume_box(i)
            elif self.is_caption(i):
                self.emit("caption", i, i)
                i += 1
            elif style is not None and style not in ("arabic", "arabic_paren", "plain", "top"):
                long_run_in = len(line.text) > 40
                i = self.consume_running(i, "heading", style) if long_run_in else self._single(i, style)
            elif style is not None:
                i = self._single(i, style)
            elif self.is_table_title(i):
                self.emit("caption", i, i)
                i += 1
            elif self.table_start(i):
                i = self.consume_table(i)
            elif line.style or _ITEM.match(line.text):
                i = self.consume_running(i, "list_item")
            else:
                i = self.consume_running(i, "paragraph")
        return self.to_blocks()

    def _single(self, i: int, style: str) -> int:
        self.emit("heading", i, i, style)
        return i + 1

    def _toc_run(self, i: int) -> bool:
        j, count = i, 0
        while j is not None and self.is_toc_entry(j) and count < 3:
            count += 1
            j = self.next_nonblank(j)
        return count >= 3

    def to_blocks(self) -> list[Block]:
        used = {style for kind, _, _, style in self.blocks if kind == "heading" and style in _STYLE_RANK}
        ranks = {style: level for level, style in enumerate(sorted(used, key=_STYLE_RANK.index), start=1)}
        blocks: list[Block] = []
        current = 0  # level of the last numbered heading
        for seq, (kind, start, end, style) in enumerate(self.blocks, start=1):
            level = None
            if kind == "heading":
                if style == "title":
                    level, current = 0, 0
                elif style == "top":
                    level, current = 1, 1
                elif style == "plain":
                    level = current + 1
                else:
                    level = current = ranks[style]
            text = "\n".join(self.lines[k].raw for k in range(start, end + 1) if not self.lines[k].blank)
            blocks.append(Block(seq, kind, start + 1, end + 1, level, text))
        return blocks


def segment_blocks(lines: list[str]) -> list[Block]:
    return _Segmenter(lines).run()
