"""Projects from key-project tables, prose and 专栏 boxes.

Three ways a plan lists a project:
- a project table (序号 / 项目名称 / 建设性质 / 建设年限 / 建设内容 / 计划总投资(万元)), with
  category rows ("老年福利项目 9876") and a closing 合计 row;
- prose items: "（3）XX建设项目。…总投资 3000 万元" or "一是XX建设项目。计划投资2626万元，…";
- numbered items of a 专栏 box whose title says 项目/工程, or a box titled by one project.

Everything is read from the text's structure and vocabulary: numbering markers,
header words, units. Numbers stay as printed (a year "204" stays 204; quality
checks flag it, see `parse_years`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingestion.amounts import find_amounts, parse_amount, unit_in_header
from ingestion.flow import Flow, Paragraph, flow_of, heading_title, is_box_title, is_heading
from ingestion.headings import style_pattern
from ingestion.model import Project
from ingestion.table_rows import Row
from ingestion.vocabulary import CONSTRUCTION_TYPE_IN_TEXT_RE, is_project_box_title
from vocabulary.text import CN_NUMERALS, RANGE_JOINERS
from vocabulary.years import YEAR_MONTH, YEAR_RANGE

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

# What a project name ends with.
PROJECT_SUFFIX_RE = re.compile(
    r"(项目|工程|基地|中心|院|站|馆|平台|公墓|驿站|公寓|园|楼|所|[（(][^）)]*[）)])$"
)
# Outside a project box only an explicit 项目/工程 (or a facility noun) makes a name.
STRICT_SUFFIX_RE = re.compile(r"(项目|工程|基地|中心|院|馆|公墓|驿站|公寓)$")
_NOT_A_NAME_START = re.compile(r"^(在|到|至|力争|对|通过|依托|按照|根据|以|把|将|“十|20\d\d)")
# A prose item that opens with a verb is a task ("实施…工程", "开展了…"), not a project.
_TASK_VERB_START = re.compile(
    r"^(实施|开展|推进|推动|加强|加快|巩固|建立|健全|完善|提升|提高|发展|落实|深化|强化|积极|全面|持续|大力|争取)"
)
_ITEM_MARKER_RE = re.compile(r"^(?P<marker>\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])\s*")
# "项目名称：XX项目；建设内容：…；总投资：3200万元" — a project given as labelled fields
_NAME_FIELD_RE = re.compile(r"项目名称\s*[:：]\s*")
_PROSE_MARKER_RE = re.compile(rf"{style_pattern('arabic_paren')}|[{CN_NUMERALS}]{{1,3}}是")
# "（一）XX项目：总投资…" — the marker of a sub-heading, so it only opens a project
# item that states the project's money or size.
_CN_PAREN_LEAD_RE = re.compile(rf"^{style_pattern('cn_paren')}\s*")

_COUNT_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"  # '1,500' as well as '1500'
BEDS_RE = re.compile(
    rf"(?:床位(?:规模|数)?(?:为|达|达到|共)?\s*(?P<a>{_COUNT_NUMBER})\s*张)"
    rf"|(?:(?P<b>{_COUNT_NUMBER})\s*张(?:[^\s，,。；;、]{{0,4}})?床位?)"
)
FLOOR_AREA_RE = re.compile(
    r"(?:建筑面积|建设规模|改造面积|改造规模|建筑规模|业务用房|服务用房|用房)(?:总计|共计|合计|为|约|达)?\s*"
    rf"(?P<n>(?:{_COUNT_NUMBER})(?:\.\d+)?)\s*(?P<wan>万)?\s*(?:平方米|㎡|m²|m2|平米)"
)
YEARS_RE = re.compile(
    rf"(?P<start>\d{{4}})\s*{YEAR_MONTH}?\s*年?\s*(?:[{RANGE_JOINERS}]+\s*(?P<end>\d{{2,4}})(?!\d))?"
)


def construction_type(text: str) -> str | None:
    match = CONSTRUCTION_TYPE_IN_TEXT_RE.search(text or "")
    return match.group(0) if match else None


def _per_unit(text: str, start: int) -> bool:
    """A figure for each of several units ("每所建筑面积 450 平方米") is not the project's."""
    clause_start = max(text.rfind(ch, 0, start) for ch in "，,。；;、：:")
    return "每" in text[clause_start + 1 : start]


def _digits(text: str) -> str:
    """Full-width digits and signs as ASCII (NFKC), so '１００张' reads as '100张'."""
    return unicodedata.normalize("NFKC", text or "")


def beds(text: str) -> int | None:
    text = _digits(text)
    for match in BEDS_RE.finditer(text):
        if _per_unit(text, match.start()):
            continue
        return int((match.group("a") or match.group("b")).replace(",", ""))
    return None


def floor_area(text: str) -> float | None:
    text = _digits(text)
    for match in FLOOR_AREA_RE.finditer(text):
        if _per_unit(text, match.start()):
            continue
        value = float(match.group("n").replace(",", ""))
        return value * 10000 if match.group("wan") else value
    return None


def parse_years(text: str | None) -> tuple[int | None, int | None]:
    """建设年限 as printed -> (start, end). "2023-2024", "2022", "2020-2021".

    A misprinted year ("2021-204") is kept as parsed (end 204) rather than guessed,
    so that a range check downstream reports it; `years_text` keeps the print.
    """
    if not text:
        return None, None
    match = YEARS_RE.search(_digits(text).replace(" ", ""))
    if not match:
        return None, None
    start = int(match.group("start"))
    end = int(match.group("end")) if match.group("end") else start
    return start, end


def _project_name_ok(name: str, strict: bool) -> bool:
    if not 2 <= len(name) <= 40 or "，" in name or "," in name:
        return False
    if _NOT_A_NAME_START.match(name) or re.search(r"\d+\s*个", name):
        return False
    if strict:
        return bool(STRICT_SUFFIX_RE.search(name)) and not _TASK_VERB_START.match(name)
    return True


def _planned_investment(description: str) -> tuple[str | None, float | None]:
    """The project's own amount: the first one stated as 投资/总投资/概算/估算/预算."""
    for amount in find_amounts(description):
        lead = description[max(0, amount.start - 12) : amount.start]
        lead = re.split(r"[，,。；;]", lead)[-1]
        if re.search(r"投资|概算|估算|预算", lead) and not re.search(r"资金|公益金|自筹", lead):
            return amount.text, amount.value_wan
    return None, None


def _years_in_text(text: str) -> tuple[int | None, int | None]:
    """'建设期2022—2024年', '2023～2025', '2021年-2023年' -> (start, end)."""
    match = re.search(YEAR_RANGE + r"(?!\d)", _digits(text))
    if match:
        return int(match.group(1)), int(match.group(2))
    return None, None


# ---------------------------------------------------------------------------
# Prose and box projects (with their description spans, reused by funding)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SpannedProject:
    """A project found in running text, with the span of Flow.text describing it."""

    name: str
    row_seq: str | None
    category: str | None
    source_kind: str  # prose | column_box
    name_offset: int
    span_start: int
    span_end: int


_MAX_NAME = 60  # a name is read from at most this many characters after its marker
_NAME_ENDS_AT_COMMA = re.compile(r"[^。；;：:，,]*[，,]")


def _item_name(body: str, strict: bool, comma_ends: bool = False) -> str | None:
    """The name that opens an item, up to its first stop (strict: only 。/：/； end it, and a
    comma too when comma_ends: the caller then checks the item states a size)."""
    match = re.match(rf"([^。；;：:，,]{{1,{_MAX_NAME}}})([。；;：:，,]?)", body)
    if not match:
        return None
    stops = ("。", "；", ";", "：", ":") + (("，", ",") if comma_ends else ())
    if strict and match.group(2) not in stops:
        return None
    name = match.group(1).strip()
    return name if _project_name_ok(name, strict) else None


def _box_extent(paragraphs: list[Paragraph], i: int):
    """Items and unnumbered body paragraphs of the box titled at i; index after the box."""
    j, items, body = i + 1, [], []
    while j < len(paragraphs):
        text = paragraphs[j].text
        if is_heading(text) or is_box_title(paragraphs[j]):
            break
        if _ITEM_MARKER_RE.match(text):
            items.append(paragraphs[j])
        elif items:
            break  # prose after the box's items
        else:
            body.append(paragraphs[j])
        j += 1
    return items, body, j


def text_projects(flow: Flow) -> list[SpannedProject]:
    """Projects in 专栏 boxes and prose items, in document order (computed once per Flow)."""
    cached = getattr(flow, "_text_projects", None)
    if cached is None:
        cached = _text_projects(flow)
        flow._text_projects = cached
    return list(cached)


def _text_projects(flow: Flow) -> list[SpannedProject]:
    found: list[SpannedProject] = []
    in_box: set[int] = set()  # paragraph indexes inside any box
    in_project_box: set[int] = set()
    paragraphs = flow.paragraphs
    heading: str | None = None
    for i, para in enumerate(paragraphs):
        if i in in_box:
            continue
        box = is_box_title(para)
        if not box:
            if is_heading(para.text):
                heading = heading_title(para.text)
            continue
        title = box.group("title").strip()
        items, body, j = _box_extent(paragraphs, i)
        in_box.update(range(i, j))
        # a box of 项目/工程 lists projects; a box of 任务/指标 may still name one
        project_box = is_project_box_title(title)
        if project_box:
            in_project_box.update(range(i, j))
        found.extend(_box_projects(title, heading, para, items, body, loose=project_box))
    heading = None
    for i, para in enumerate(paragraphs):
        if is_box_title(para) or is_heading(para.text):
            heading = heading_title(para.text)
            continue
        if i in in_project_box:
            continue
        found.extend(_prose_projects(para, heading, leading_items=i not in in_box))
    found.sort(key=lambda p: p.name_offset)
    return found


def _box_projects(title, heading, box_para, items, body, loose: bool) -> list[SpannedProject]:
    projects = []
    for item in items:
        marker = _ITEM_MARKER_RE.match(item.text)
        name = _item_name(item.text[marker.end() :], strict=not loose)
        if name is None:
            continue
        offset = item.start + marker.end()
        projects.append(
            SpannedProject(
                name=name,
                row_seq=re.sub(r"[\s.．、]", "", marker.group("marker")),
                category=title,
                source_kind="column_box",
                name_offset=offset,
                span_start=offset,
                span_end=item.start + len(item.text),
            )
        )
    if loose and not items and body:
        # a box holding one project: named by its first sentence, else by the box title
        first = body[0]
        name = _item_name(first.text, strict=True)
        category, offset = title, first.start
        if name is None or len(name) > 30:
            name, category = title, heading
            offset = box_para.start + box_para.text.find(title)
        projects.append(
            SpannedProject(
                name=name,
                row_seq=None,
                category=category,
                source_kind="column_box",
                name_offset=offset,
                span_start=first.start,
                span_end=body[-1].start + len(body[-1].text),
            )
        )
    return projects


def _prose_projects(para: Paragraph, category: str | None, leading_items: bool) -> list[SpannedProject]:
    text = para.text
    spans = [(m.start(), m.end(), m.group(0)) for m in _PROSE_MARKER_RE.finditer(text)]
    lead = _ITEM_MARKER_RE.match(text)
    if leading_items and lead and not lead.group("marker").startswith(("（", "(")):
        spans.append((lead.start(), lead.end(), lead.group("marker")))  # "1.XX建设项目。"
    spans.extend((m.start(), m.end(), "项目名称") for m in _NAME_FIELD_RE.finditer(text))
    cn_lead = _CN_PAREN_LEAD_RE.match(text) if leading_items else None
    if cn_lead:
        spans.append((0, cn_lead.end(), cn_lead.group(0).strip()))
    spans.sort()
    # an item runs to the next marker of its own family (one backward pass: linear)
    item_ends: list[int] = [len(text)] * len(spans)
    next_start: dict[str, int] = {}
    for k in range(len(spans) - 1, -1, -1):
        family = _family(spans[k][2])
        item_ends[k] = next_start.get(family, len(text))
        next_start[family] = spans[k][0]
    projects = []
    for k, (_, end, marker) in enumerate(spans):
        span_end = item_ends[k]
        body = text[end : end + _MAX_NAME + 1]
        name = _item_name(body, strict=True, comma_ends=True)
        if name is None:
            continue
        # after a （一） marker, or ending at a comma ("1.XX改扩建项目，新增床位200张，总投资6800万元。"),
        # a name is a project's only when its item states what the project costs or builds
        needs_size = _family(marker) == "cn_paren" or _NAME_ENDS_AT_COMMA.match(body) is not None
        if needs_size and not _states_size(text[end + len(name) : span_end]):
            continue
        projects.append(
            SpannedProject(
                name=name,
                row_seq=None if _family(marker) == "name_field" else re.sub(r"[\s.．、]", "", marker),
                category=category,
                source_kind="prose",
                name_offset=para.start + end,
                span_start=para.start + end,
                span_end=para.start + span_end,
            )
        )
    return projects


def _family(marker: str) -> str:
    if marker == "项目名称":
        return "name_field"
    if marker.endswith("是"):
        return "shi"
    if _CN_PAREN_LEAD_RE.match(marker):
        return "cn_paren"
    if marker.startswith(("（", "(")):
        return "paren"
    return "dot"


def _states_size(description: str) -> bool:
    """The item gives a planned investment, beds or a floor area (a project, not a task)."""
    return (
        _planned_investment(description)[1] is not None
        or beds(description) is not None
        or floor_area(description) is not None
    )


# ---------------------------------------------------------------------------
# Project tables
# ---------------------------------------------------------------------------

_ROLE_HEADERS = {
    "seq": r"序号|编号",
    "name": r"项目名称|名称|项目",
    "construction_type": r"建设性质|性质",
    "years": r"建设年限|年限|建设期|起止年限|建设时间",
    "content": r"建设内容|内容|规模",
    "investment": r"投资|金额|资金",
}


def table_column(table, role: str) -> int | None:
    roles = getattr(table, "roles", None) or []
    if role in roles:
        return roles.index(role)
    for i, header in enumerate(table.header):
        if re.search(_ROLE_HEADERS[role], header):
            return i
    return None


def category_label(row, amount_col: int | None) -> str:
    texts = [c.text for i, c in enumerate(row.cells) if c.text and i != amount_col]
    names = [t for t in texts if not re.fullmatch(r"[\d.,，\s]+", t)]
    return names[0] if names else (texts[0] if texts else "")


def table_projects(table) -> list[tuple[Project, int | None]]:
    """Data rows of one project table, with the line of each row's amount cell."""
    money_col = table_column(table, "investment")
    return [
        (project, row.cells[money_col].source_line if money_col is not None else None)
        for project, row in table_project_rows(table)
    ]


def table_project_rows(table) -> list[tuple[Project, Row]]:
    """Data rows of one project table: each row's Project (project_seq 0) and the table Row it
    was read from (for the row's other cells, e.g. its funding columns: ingestion.funding)."""
    name_col = table_column(table, "name")
    if name_col is None:
        return []
    seq_col = table_column(table, "seq")
    type_col = table_column(table, "construction_type")
    years_col = table_column(table, "years")
    content_col = table_column(table, "content")
    money_col = table_column(table, "investment")
    unit = unit_in_header(table.header[money_col]) if money_col is not None else None
    rows = []
    category = None
    for row in table.rows:
        if row.kind == "category":
            category = category_label(row, money_col)
            continue
        if row.kind == "total":
            continue
        name = re.sub(r"\s+", "", row.text(name_col))
        if not name:
            continue
        content = row.text(content_col) or None
        years_text = row.text(years_col) or None
        start, end = parse_years(years_text)
        amount_text = row.text(money_col) or None
        amount = parse_amount(amount_text, unit or "万元") if amount_text else None
        construction_zh = row.text(type_col) or None
        rows.append(
            (
                Project(
                    project_seq=0,
                    project_name=name,
                    category=category,
                    row_seq=row.text(seq_col) or None,
                    source_kind="table_row",
                    construction_type_zh=construction_zh,
                    start_year=start,
                    end_year=end,
                    years_text=years_text,
                    investment_text=amount_text,
                    planned_investment_wan_yuan=amount.value_wan if amount else None,
                    investment_tolerance_wan=amount.tolerance_wan if amount else None,
                    beds=beds(content or ""),
                    floor_area_m2=floor_area(content or ""),
                    description=content,
                    source_line=row.cells[name_col].source_line,
                ),
                row,
            )
        )
    return rows


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def _from_text(flow: Flow, spanned: SpannedProject) -> Project:
    description = flow.text[spanned.span_start : spanned.span_end]
    # the description starts after the name (and the full stop that ends it)
    after_name = description
    if description.startswith(spanned.name):
        after_name = description[len(spanned.name) :].lstrip("。；;：:，, ")
    amount_text, amount = _planned_investment(after_name)
    start, end = _years_in_text(after_name)
    return Project(
        project_seq=0,
        project_name=spanned.name,
        category=spanned.category,
        row_seq=spanned.row_seq,
        source_kind=spanned.source_kind,
        construction_type_zh=construction_type(spanned.name)
        or construction_type(re.split("[。；;]", after_name)[0][:40]),
        start_year=start,
        end_year=end,
        years_text=None,
        investment_text=amount_text,
        planned_investment_wan_yuan=amount,
        beds=beds(after_name),
        floor_area_m2=floor_area(after_name),
        description=after_name or None,
        source_line=flow.line_at(spanned.name_offset),
    )


def _renumber(projects: list[Project]) -> list[Project]:
    from dataclasses import replace

    ordered = sorted(projects, key=lambda p: p.source_line)
    return [replace(p, project_seq=i) for i, p in enumerate(ordered, start=1)]


def extract_projects(lines: list[str], tables: list) -> list[Project]:
    """Every project the document lists, from its tables, prose and 专栏 boxes."""
    projects: list[Project] = []
    table_spans = []
    for table in tables:
        if getattr(table, "kind", None) != "project":
            continue
        projects.extend(project for project, _ in table_projects(table))
        table_spans.append((table.start_line, table.end_line))
    flow = flow_of(lines)
    for spanned in text_projects(flow):
        line = flow.line_at(spanned.name_offset)
        if any(a <= line <= b for a, b in table_spans):
            continue
        projects.append(_from_text(flow, spanned))
    return _renumber(projects)
