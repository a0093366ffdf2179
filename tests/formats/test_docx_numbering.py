"""Word prints list numbers (第一章, 一、, （一）) that are not in the paragraphs' text; the reader adds them."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ingestion.readers import read_document

# A multi-level Chinese list as Word's 多级列表 stores it: 第%1章 / %2、 / （%3）.
CHAPTER_LIST = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%2、"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%3）"/></w:lvl>
</w:abstractNum>
"""


def numbered_docx(items: list[tuple[int | None, str]]) -> bytes:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(CHAPTER_LIST))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in items:
        paragraph = document.add_paragraph(text)
        if level is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = 90
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_multilevel_chinese_list_numbers_are_printed_and_restart_under_their_parent():
    data = numbered_docx(
        [
            (0, "发展基础"),
            (1, "社会救助"),
            (2, "完善低保制度。"),
            (2, "加强临时救助。"),
            (1, "养老服务"),
            (None, "不编号的段落。"),
            (0, "重点项目"),
            (1, "养老设施"),
            (2, "新建福利中心。"),
        ]
    )
    assert read_document(data, "numbered.docx").lines == [
        "第一章 发展基础",
        "一、社会救助",
        "（一）完善低保制度。",
        "（二）加强临时救助。",
        "二、养老服务",
        "不编号的段落。",
        "第二章 重点项目",
        "一、养老设施",
        "（一）新建福利中心。",
    ]
