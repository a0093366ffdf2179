"""Block segmentation: every seed layout (spans read off the texts) + synthetic layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.blocks import segment_blocks
from ingestion.decode import decode_plan_bytes, split_lines
from ingestion.model import Block

PLANS = Path(__file__).resolve().parents[2] / "data" / "raw" / "plans"
SEEDS = ("000", "001", "002", "003", "004")


def seed_lines(prefix: str) -> list[str]:
    path = next(PLANS.glob(f"{prefix}_*.txt"))
    return split_lines(decode_plan_bytes(path.read_bytes(), path.name).text)


@pytest.fixture(scope="module")
def seed_blocks() -> dict[str, list[Block]]:
    return {prefix: segment_blocks(seed_lines(prefix)) for prefix in SEEDS}


def block_at(blocks: list[Block], line_no: int) -> Block:
    (found,) = [b for b in blocks if b.start_line <= line_no <= b.end_line]
    return found


def span(blocks: list[Block], line_no: int) -> tuple[str, int, int, int | None]:
    b = block_at(blocks, line_no)
    return (b.block_kind, b.start_line, b.end_line, b.heading_level)


@pytest.mark.parametrize("prefix", SEEDS)
def test_blocks_are_ordered_disjoint_and_hold_text(seed_blocks, prefix):
    lines = seed_lines(prefix)
    blocks = seed_blocks[prefix]
    assert [b.block_seq for b in blocks] == list(range(1, len(blocks) + 1))
    previous_end = 0
    for b in blocks:
        assert previous_end < b.start_line <= b.end_line <= len(lines)
        assert lines[b.start_line - 1].strip() and lines[b.end_line - 1].strip()
        assert b.text.split("\n")[0] == lines[b.start_line - 1]
        assert (b.heading_level is not None) == (b.block_kind == "heading")
        previous_end = b.end_line
    covered = {n for b in blocks for n in range(b.start_line, b.end_line + 1)}
    assert all(not lines[n - 1].strip() for n in range(1, len(lines) + 1) if n not in covered)


def test_000_markdown_web_page(seed_blocks):
    blocks = seed_blocks["000"]
    assert span(blocks, 21) == ("toc", 21, 80, None)  # "# 目 录" with dotted leaders
    assert span(blocks, 82) == ("heading", 82, 82, 0)  # the plan title
    assert span(blocks, 84) == ("heading", 84, 84, 1)  # ## 第一章
    assert span(blocks, 92) == ("heading", 92, 92, 2)  # ## 一、
    # levels follow the numbering, not the number of '#': "## （二）…" is level 3
    assert span(blocks, 221) == ("heading", 221, 221, 3)
    assert span(blocks, 96)[0] == "list_item"  # 一是…
    assert span(blocks, 100) == ("list_item", 100, 102, None)  # wrapped over a blank line
    assert span(blocks, 178) == ("caption", 178, 178, None)  # 表1 …
    assert span(blocks, 180) == ("table", 180, 207, None)  # tab rows
    assert span(blocks, 255) == ("box", 255, 263, None)  # #### 专栏 1 + items 1.–4.
    assert span(blocks, 356) == ("box", 356, 364, None)  # 专栏4 items ...
    assert span(blocks, 366)[0] == "paragraph"  # ... then body text again
    assert span(blocks, 503) == ("box", 503, 517, None)


def test_001_pdf_text_with_wrapped_lines(seed_blocks):
    blocks = seed_blocks["001"]
    assert span(blocks, 18) == ("heading", 18, 18, 0)
    assert span(blocks, 20) == ("heading", 20, 20, 1)  # 前 言
    assert span(blocks, 22) == ("paragraph", 22, 30, None)  # one paragraph over 5 lines
    assert span(blocks, 55) == ("heading", 55, 55, 1)  # 第一章
    assert span(blocks, 69) == ("heading", 69, 69, 2)  # 一、
    assert span(blocks, 71) == ("heading", 71, 71, 3)  # （一）
    assert span(blocks, 567) == ("caption", 567, 567, None)  # title line without 表N
    assert span(blocks, 569) == ("table", 569, 642, None)  # 序号 指标内容 单位 … wrapped cells
    assert span(blocks, 847) == ("box", 847, 881, None)
    # a full-width line ending in 。 does not end the box item it wraps
    assert span(blocks, 1050) == ("box", 1050, 1125, None)
    assert span(blocks, 1624) == ("box", 1624, 1632, None)  # box holding one paragraph
    # "三、四级的智力…" is a wrapped line of prose, not a heading 三、
    assert block_at(blocks, 1561).block_kind == "list_item"
    assert block_at(blocks, 1561).start_line == 1553


def test_002_web_page_with_one_cell_per_line(seed_blocks):
    blocks = seed_blocks["002"]
    assert span(blocks, 7) == ("table", 7, 22, None)  # 索引号 / 发文字号 / … metadata
    assert span(blocks, 41) == ("heading", 41, 41, 0)
    assert span(blocks, 46) == ("heading", 46, 46, 1)  # 一、
    assert span(blocks, 48) == ("heading", 48, 48, 2)  # (一)
    assert span(blocks, 57) == ("caption", 57, 57, None)  # 养老服务相关数据对比
    assert span(blocks, 60) == ("table", 60, 96, None)
    assert span(blocks, 165) == ("box", 165, 177, None)  # 专栏1 with items 1.–6.
    assert span(blocks, 180) == ("heading", 180, 180, 2)  # "()加快发展养老服务业": numeral lost
    assert span(blocks, 197) == ("caption", 197, 197, None)  # 专栏2 whose content is a table
    assert span(blocks, 199)[:2] == ("table", 199)
    assert span(blocks, 362) == ("caption", 362, 362, None)
    assert span(blocks, 364) == ("table", 364, 686, None)  # the project list up to 合计
    assert span(blocks, 690) == ("heading", 690, 690, 0)  # second plan's title
    assert span(blocks, 737) == ("table", 737, 787, None)


def test_003_plain_text_with_chapters_and_tab_cells(seed_blocks):
    blocks = seed_blocks["003"]
    assert span(blocks, 1) == ("heading", 1, 1, 0)
    assert span(blocks, 4) == ("heading", 4, 4, 1)  # 第一章
    assert span(blocks, 7) == ("heading", 7, 7, 2)  # 第一节
    assert span(blocks, 10) == ("heading", 10, 10, 3)  # （一）… run-in heading
    assert span(blocks, 53) == ("caption", 53, 53, None)  # \t专栏 1： … (a table box)
    assert span(blocks, 55) == ("table", 55, 158, None)
    assert span(blocks, 184) == ("box", 184, 190, None)
    assert span(blocks, 217) == ("box", 217, 233, None)


def test_004_plain_text_with_title_page(seed_blocks):
    blocks = seed_blocks["004"]
    assert span(blocks, 1) == ("heading", 1, 1, 0)
    assert span(blocks, 2) == ("paragraph", 2, 3, None)  # issuer + 2022年6月
    assert span(blocks, 14) == ("caption", 14, 14, None)  # 表1：…
    assert span(blocks, 15) == ("table", 15, 86, None)
    assert span(blocks, 90)[0] == "paragraph"
    assert span(blocks, 103) == ("caption", 103, 103, None)
    assert span(blocks, 104) == ("table", 104, 259, None)
    assert span(blocks, 323) == ("box", 323, 331, None)
    assert span(blocks, 362) == ("box", 362, 366, None)  # "[bookmark: …]3.…" is still item 3


def test_synthetic_numbered_layout_with_items_and_toc():
    lines = [
        "目  录",
        "第一章 总体要求……………… 1",
        "第二章 主要任务……………… 5",
        "",
        "第一章 总体要求",
        "一、发展目标",
        "（一）总体目标",
        "到2025年，基本建成",
        "覆盖城乡的养老服务体系。",
        "（1）完善兜底保障；",
        "（2）发展普惠服务。",
        "1.重点指标",
        "一是健全制度。二是完善设施。",
        "专栏1 重点工程",
        "（1）县级福利院改扩建工程。",
        "（2）乡镇敬老院提升工程，",
        "新增床位200张。",
        "第二章 主要任务",
    ]
    blocks = segment_blocks(lines)
    got = [(b.block_kind, b.start_line, b.end_line, b.heading_level) for b in blocks]
    assert got == [
        ("toc", 1, 3, None),
        ("heading", 5, 5, 1),
        ("heading", 6, 6, 2),
        ("heading", 7, 7, 3),
        ("paragraph", 8, 9, None),
        ("list_item", 10, 10, None),
        ("list_item", 11, 11, None),
        ("heading", 12, 12, 4),
        ("list_item", 13, 13, None),
        ("box", 14, 17, None),
        ("heading", 18, 18, 1),
    ]


def test_synthetic_tab_table_with_caption_and_markdown_headings():
    lines = [
        "# 某某区“十四五”养老服务体系建设规划",
        "",
        "## 一、主要指标",
        "",
        "表 2 主要指标",
        "序号\t指标\t2025年\t属性",
        "1\t养老机构护理型床位占比\t≥55%\t约束性",
        "2\t社区日间照料机构覆盖率\t90%\t预期性",
        "",
        "### 到2025年目标：",
        "各项指标全面完成。",
    ]
    got = [(b.block_kind, b.start_line, b.end_line, b.heading_level) for b in segment_blocks(lines)]
    assert got == [
        ("heading", 1, 1, 1),  # markdown heading; 某某区 is no real region, so no plan title
        ("heading", 3, 3, 1),
        ("caption", 5, 5, None),
        ("table", 6, 8, None),
        ("heading", 10, 10, 2),  # unnumbered markdown heading: one below the last numbered
        ("paragraph", 11, 11, None),
    ]


def test_empty_document():
    assert segment_blocks([]) == []
    assert segment_blocks(["", "   "]) == []
