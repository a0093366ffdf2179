"""Totals and counts a plan states about its own project list.

- a project table's closing row "合计(N个项目) 12345" -> scope 'all', investment and count;
- its category rows "老年福利项目 9876" -> scope 'category:老年福利项目', investment;
- prose: "全计划新建(续建)项目21个,概算总投资8.03亿元。其中老年福利项目15个,投资6.64亿元;…"
  -> 'all' count 21 and investment 80300 (+-50), then one category scope per "其中" item;
  "重点项目共15项计划总投资6.64亿元" -> 'all'.

Values are what is printed; whether they add up is decided downstream.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz, process

from ingestion.amounts import find_amounts, parse_amount, unit_in_header
from ingestion.flow import Flow, flow_of
from ingestion.headings import strip_numbering
from ingestion.model import StatedTotal
from ingestion.projects import category_label, table_column, text_projects

# "项目21个", "21个项目", "共15项", "15项重点项目", "项目共15个"
_COUNT_RE = re.compile(
    r"项目\s*(?:共计|合计|总计|共|计)?\s*(?P<a>\d+)\s*[个项]"
    r"|(?:共|计)\s*(?P<b>\d+)\s*[个项](?:重点)?(?:建设)?项目"
    r"|(?P<c>\d+)\s*[个项](?:重点)?(?:建设)?项目"
)
# A table row's label with its count in brackets: "一、养老服务类（5项）", "合计(21个项目)"
# The numbering a category label opens with: "一、" / "（二）" / "3." / "（4）".
_CATEGORY_NUMBERING = ("cn_enum", "cn_paren", "arabic", "arabic_paren")
_LABEL_COUNT_RE = re.compile(r"[（(]\s*(?:共|计)?\s*(?P<n>\d+)\s*[个项](?:重点)?(?:建设)?(?:项目)?\s*[）)]")
_TOTAL_INVESTMENT_RE = re.compile(r"(?:总投资|投资|概算|估算|合计|共计|总计)")
_ALL_WORDS = re.compile(r"全部|全计划|共|总|合计|重点项目|全[县市州区省]|规划")
_TOTAL_ROW_RE = re.compile(r"合\s*计|总\s*计|共\s*计")


def _table_totals(table) -> list[StatedTotal]:
    money_col = table_column(table, "investment")
    unit = unit_in_header(table.header[money_col]) if money_col is not None else None
    totals = []
    for row in table.rows:
        if row.kind not in ("total", "category"):
            continue
        amount_cell = row.cells[money_col] if money_col is not None else None
        if amount_cell is None or not amount_cell.text:
            # the amount may sit in another column when the row is merged
            numeric = [c for c in row.cells if parse_amount(c.text, unit or "万元")]
            amount_cell = numeric[-1] if numeric else None
        label = category_label(row, money_col)
        amount = parse_amount(amount_cell.text, unit or "万元") if amount_cell else None
        if row.kind == "total":
            scope, kind = "all", "table_total_row"
        else:
            scope, kind = f"category:{label}", "table_subtotal_row"
        count = _COUNT_RE.search(label) or _LABEL_COUNT_RE.search(label)
        if count:
            n = next(g for g in count.groups() if g)
            totals.append(
                StatedTotal(
                    scope=scope,
                    measure="project_count",
                    stated_value=float(n),
                    tolerance=0.0,
                    stated_text=label,
                    source_kind=kind,
                    source_line=row.source_line,
                )
            )
        if amount is not None:
            totals.append(
                StatedTotal(
                    scope=scope,
                    measure="investment_wan_yuan",
                    stated_value=amount.value_wan,
                    tolerance=amount.tolerance_wan,
                    stated_text=f"{label} {amount_cell.text}".strip(),
                    source_kind=kind,
                    source_line=amount_cell.source_line,
                )
            )
    return totals


def _prose_totals(flow: Flow, skip_lines: list[tuple[int, int]]) -> list[StatedTotal]:
    totals = []
    for para in flow.paragraphs:
        if any(a <= para.first_line <= b for a, b in skip_lines):
            continue  # a table's own total row is read from the table
        for sentence_match in re.finditer(r"[^。！？]+", para.text):
            sentence = sentence_match.group(0)
            offset = para.start + sentence_match.start()
            totals.extend(_sentence_totals(flow, sentence, offset))
    return totals


def _sentence_totals(flow: Flow, sentence: str, offset: int) -> list[StatedTotal]:
    """Totals in one sentence: each count starts an item, the clauses after it add its
    amount; items after "其中" are category subtotals."""
    totals = []
    in_breakdown = False
    item, item_start = "", None
    for piece in re.finditer(r"[^，,；;]+[，,；;]?", sentence):
        text = piece.group(0)
        if "其中" in text:
            if item_start is not None:
                totals += _clause_totals(flow, item, item_start, in_breakdown)
                item, item_start = "", None
            in_breakdown = True
            cut = text.index("其中") + 2
            text, start = text[cut:], offset + piece.start() + cut
        else:
            start = offset + piece.start()
        if _COUNT_RE.search(text):
            if item_start is not None:
                totals += _clause_totals(flow, item, item_start, in_breakdown)
            item, item_start = text, start
        elif item_start is not None:
            item += text
    if item_start is not None:
        totals += _clause_totals(flow, item, item_start, in_breakdown)
    return totals


def _clause_totals(flow: Flow, clause: str, start: int, in_breakdown: bool) -> list[StatedTotal]:
    count = _COUNT_RE.search(clause)
    if count is None:
        return []
    prefix = clause[: count.start()]
    prefix = re.split(r"[，,：:、]", prefix)[-1]
    if in_breakdown:
        label = re.sub(r"^(?:[其另]中|包括|含)", "", prefix).strip() + "项目"
        scope = f"category:{label}"
    elif _ALL_WORDS.search(clause[: count.end() + 4]):
        scope = "all"
    else:
        return []  # a count of something else ("建设3个老年活动中心项目")
    n = next(g for g in count.groups() if g)
    totals = [
        StatedTotal(
            scope=scope,
            measure="project_count",
            stated_value=float(n),
            tolerance=0.0,
            stated_text=clause.strip().rstrip("，,；;"),
            source_kind="prose",
            source_line=flow.line_at(start + count.start()),
        )
    ]
    for amount in find_amounts(clause[count.end() :]):
        lead = clause[count.end() : count.end() + amount.start]
        if _TOTAL_INVESTMENT_RE.search(lead):
            totals.append(
                StatedTotal(
                    scope=scope,
                    measure="investment_wan_yuan",
                    stated_value=amount.value_wan,
                    tolerance=amount.tolerance_wan,
                    stated_text=clause.strip().rstrip("，,；;"),
                    source_kind="prose",
                    source_line=flow.line_at(start + count.end() + amount.start),
                )
            )
            break
    return totals


def _core(category: str) -> str:
    """A category without its numbering, its count and the words every category shares.

    "一、养老服务类（5项）" -> "养老服务", "养老服务类项目" -> "养老服务".
    """
    category = strip_numbering(category, _CATEGORY_NUMBERING)
    category = _LABEL_COUNT_RE.sub("", category)
    return re.sub(r"项目|类|工程", "", category)


def match_list_category(category: str, listed: list[str]) -> str | None:
    """The listed category a total's category refers to: exact, else the clearly closest."""
    if category in listed:
        return category
    choices = {name: _core(name) for name in set(listed)}
    ranked = process.extract(_core(category), choices, scorer=fuzz.ratio, limit=2)
    if not ranked or ranked[0][1] < 70:
        return None
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - 5:
        return None  # two candidates about as close: do not guess
    return ranked[0][2]


def _listed_categories(flow: Flow, tables: list) -> list[str]:
    listed = []
    for table in tables:
        if getattr(table, "kind", None) != "project":
            continue
        money_col = table_column(table, "investment")
        listed += [category_label(row, money_col) for row in table.rows if row.kind == "category"]
    listed += [p.category for p in text_projects(flow) if p.category]
    return listed


def extract_stated_totals(lines: list[str], tables: list) -> list[StatedTotal]:
    """Totals printed in project tables (合计 and category rows) and in prose."""
    flow = flow_of(lines)
    totals = []
    table_lines = []
    for table in tables:
        if getattr(table, "kind", None) == "project":
            totals += _table_totals(table)
            table_lines.append((table.start_line, table.end_line))
    totals += _prose_totals(flow, table_lines)
    listed = _listed_categories(flow, tables)
    totals = [
        replace(t, list_category=match_list_category(t.scope.removeprefix("category:"), listed))
        if t.scope.startswith("category:")
        else t
        for t in totals
    ]
    return sorted(totals, key=lambda t: t.source_line)
