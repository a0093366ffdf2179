"""Property: project tables and prose project lists extract to their content in every layout.

A failure names the layout and the rows that differ.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingestion.extract import extract_document
from ingestion.projects import extract_projects
from ingestion.tables import reconstruct_tables
from tests.ingestion.layouts.projects import (
    ITEMS,
    PROSE_STYLES,
    expected_project_rows,
    project_lists,
    render_project_table,
    render_prose_list,
)

TABLE_FORMS = ("tab_rows", "pipe", "pipe_bare", "tab_cells", "line_cells")


def _diff(layout: str, got: list, want: list, lines: list[str]) -> str:
    missing = [r for r in want if r not in got]
    extra = [r for r in got if r not in want]
    printed = "\n".join(lines)
    return (
        f"layout {layout}:\n  missing rows {missing}\n  unexpected rows {extra}\n--- rendered ---\n{printed}"
    )


@given(
    project_lists(),
    st.sampled_from(TABLE_FORMS),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_project_tables_in_every_layout(categories, form, with_categories, with_total, wrap_content):
    lines = render_project_table(categories, form, with_categories, with_total, wrap_content)
    projects = extract_projects(lines, reconstruct_tables(lines))
    got = [
        (
            p.project_name,
            p.category,
            p.construction_type_zh,
            p.start_year,
            p.end_year,
            p.planned_investment_wan_yuan,
        )
        for p in projects
    ]
    want = expected_project_rows(categories, with_categories)
    layout = f"{form} categories={with_categories} total={with_total} wrapped-content={wrap_content}"
    assert got == want, _diff(layout, got, want, lines)


@given(
    st.lists(st.sampled_from(ITEMS), min_size=2, max_size=5, unique_by=lambda i: i.name),
    st.sampled_from(PROSE_STYLES),
    st.booleans(),
    st.booleans(),
)
def test_prose_project_lists_in_every_style(items, style, yi, broken_unit):
    lines = render_prose_list(tuple(items), style, yi, broken_unit)
    extracted = extract_document("\n".join(lines).encode("utf-8"), "prose.txt")
    got = [(p.project_name, p.planned_investment_wan_yuan) for p in extracted.projects]
    want = [(i.name, i.investment_wan) for i in items]
    layout = f"prose {style} {'亿元' if yi else '万元'}{' unit-on-next-line' if broken_unit else ''}"
    assert got == want, _diff(layout, got, want, lines)
