"""Project lists as content, and the layouts plans print them in.

Project tables: 序号 / 项目名称 / 建设性质 / 建设年限 / 建设内容 / 计划总投资(万元), with category
rows carrying a subtotal, a closing 合计 row, 建设内容 wrapped over several lines (one cell
per line layouts) and year ranges. Prose lists: 一是/二是, （一）, 1., 1. with the name ending at a comma, ①, "项目名称：…；总投资：…",
and an amount whose unit is broken onto the next line ("总投资 2.36" / "亿元").
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st


@dataclass(frozen=True)
class ProjectItem:
    name: str
    construction_type: str
    start_year: int
    end_year: int
    content: str
    investment_wan: float  # 万元


@dataclass(frozen=True)
class ProjectCategory:
    label: str
    items: tuple[ProjectItem, ...]


ITEMS = (
    ProjectItem(
        "某某县中心敬老院改扩建项目", "改扩建", 2026, 2027, "新增床位120张，建筑面积4500平方米", 3200
    ),
    ProjectItem(
        "某某县殡仪馆火化设施建设项目", "新建", 2026, 2028, "新建火化车间800平方米，购置火化炉2台", 1500
    ),
    ProjectItem(
        "某某镇综合养老服务中心", "新建", 2027, 2029, "设置床位60张，配套日间照料、助餐服务设施", 980.5
    ),
    ProjectItem("某某县未成年人救助保护中心", "续建", 2026, 2026, "建设综合楼1栋，建筑面积2000平方米", 1900),
    ProjectItem("某某县智慧养老信息平台建设项目", "新建", 2028, 2030, "建设覆盖全县的智慧养老信息平台", 600),
    ProjectItem(
        "某某县公益性公墓基础设施改造项目", "改建", 2027, 2028, "硬化道路4.5公里，修建蓄水池2座", 1642
    ),
)
CATEGORY_LABELS = ("一、养老服务设施项目", "二、殡葬服务设施项目", "三、社会福利设施项目")


def expected_project_rows(categories: tuple[ProjectCategory, ...], with_categories: bool) -> list[tuple]:
    """(name, category, construction type, start, end, 万元) per listed project."""
    return [
        (
            item.name,
            category.label if with_categories else None,
            item.construction_type,
            item.start_year,
            item.end_year,
            item.investment_wan,
        )
        for category in categories
        for item in category.items
    ]


@st.composite
def project_lists(draw) -> tuple[ProjectCategory, ...]:
    items = draw(st.lists(st.sampled_from(ITEMS), min_size=2, max_size=6, unique_by=lambda i: i.name))
    cuts = sorted(draw(st.sets(st.integers(1, len(items) - 1), max_size=2))) if len(items) > 2 else []
    bounds = [0, *cuts, len(items)]
    return tuple(
        ProjectCategory(CATEGORY_LABELS[k], tuple(items[a:b]))
        for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))
    )


def _amount(value: float) -> str:
    return f"{value:g}"


def render_project_table(
    categories: tuple[ProjectCategory, ...],
    form: str,
    with_categories: bool,
    with_total: bool,
    wrap_content: bool,
) -> list[str]:
    header = ["序号", "项目名称", "建设性质", "建设年限", "建设内容", "计划总投资(万元)"]
    rows: list[list[str]] = []
    seq = 0
    for category in categories:
        if with_categories:
            subtotal = sum(i.investment_wan for i in category.items)
            rows.append([category.label, "", "", "", "", _amount(subtotal)])
            seq = 0
        for item in category.items:
            seq += 1
            years = (
                f"{item.start_year}-{item.end_year}"
                if item.end_year != item.start_year
                else str(item.start_year)
            )
            rows.append(
                [
                    str(seq),
                    item.name,
                    item.construction_type,
                    years,
                    item.content,
                    _amount(item.investment_wan),
                ]
            )
    if with_total:
        total = sum(i.investment_wan for c in categories for i in c.items)
        rows.append(["合计", "", "", "", "", _amount(total)])
    lines = ["表5 “十五五”重点建设项目表"]
    if form == "tab_rows":
        lines += ["\t".join(header)] + ["\t".join(r) for r in rows]
    elif form == "pipe":
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    elif form == "pipe_bare":  # markdown without the outer pipes
        lines += [" | ".join(header), " | ".join("---" for _ in header)]
        lines += [" | ".join(r) for r in rows]
    else:  # one cell per line, with or without a leading tab; long content wrapped over lines
        lead = "\t" if form == "tab_cells" else ""
        lines += [lead + h for h in header]
        for r in rows:
            for k, cell in enumerate(r):
                if not cell:
                    continue
                if k == 4 and wrap_content and len(cell) > 12:
                    lines += [lead + cell[:12], cell[12:]]
                else:
                    lines.append(lead + cell)
    return ["前言。", "", *lines, "", "第六章 保障措施", "加强组织领导。"]


PROSE_STYLES = ("shi", "cn_paren", "arabic_dot", "arabic_dot_comma", "circled", "name_field")
_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _money(value: float, yi: bool) -> str:
    return f"{value / 10000:g}亿元" if yi else f"{value:g}万元"


def render_prose_list(items: tuple[ProjectItem, ...], style: str, yi: bool, broken_unit: bool) -> list[str]:
    """A project section in prose; `broken_unit` prints the amount's unit on the next line."""
    paragraphs = []
    for k, item in enumerate(items):
        money = _money(item.investment_wan, yi)
        number, unit = money[: -2 if money.endswith(("亿元", "万元")) else -1], money[-2:]
        amount = f"{number}\n{unit}" if broken_unit else money
        if style == "name_field":
            paragraphs.append(f"项目名称：{item.name}；建设内容：{item.content}；总投资：{amount}。")
            continue
        if style == "arabic_dot_comma":  # "1.XX项目，建设内容，总投资…": the name ends at a comma
            paragraphs.append(f"{k + 1}.{item.name}，{item.content}，总投资 {amount}。")
            continue
        marker = {
            "shi": f"{_CN[k]}是",
            "cn_paren": f"（{_CN[k]}）",
            "arabic_dot": f"{k + 1}.",
            "circled": _CIRCLED[k],
        }[style]
        paragraphs.append(f"{marker}{item.name}。{item.content}，总投资 {amount}。")
    body = ["".join(paragraphs)] if style == "shi" else paragraphs  # 一是…二是… run on in one paragraph
    text = "\n".join(
        [
            "某某县“十五五”养老服务体系建设规划",
            "",
            "第五章 重点项目",
            "",
            *body,
            "",
            "第六章 保障措施",
            "加强组织领导。",
        ]
    )
    return text.split("\n")
