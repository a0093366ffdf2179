"""Property: every rendering of an indicator table extracts to the table's content.

A failure names the layout and the rows that differ.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingestion.indicators import extract_indicator_values
from ingestion.tables import reconstruct_tables
from tests.ingestion.layouts.content import (
    KNOWN_ROWS,
    IndicatorTable,
    expected_indicator_rows,
    indicator_tables,
)
from tests.ingestion.layouts.render import FORMS, HEADERS, PAGE_BREAKS, Layout, render, render_transposed


@st.composite
def layouts(draw) -> Layout:
    values = draw(st.sampled_from([("baseline", "target"), ("target", "baseline")]))
    attribute_first = draw(st.booleans())
    order = ["name"]
    if draw(st.booleans()):
        order.append("unit")
    order += ["attribute", *values] if attribute_first else [*values, "attribute"]
    if draw(st.booleans()):
        order.insert(0, "seq")
    form = draw(st.sampled_from(FORMS))
    return Layout(
        form=form,
        order=tuple(order),
        header=draw(st.sampled_from(HEADERS)),
        year_space=draw(st.booleans()),
        empty_mark=draw(st.sampled_from(["—", "-"])),
        wrap_at=draw(st.sampled_from([None, 5, 7])) if form == "pdf" else None,
        seq_alone=form == "pdf" and draw(st.booleans()),
        page_break=draw(st.sampled_from(PAGE_BREAKS)),
    )


def extracted_rows(lines: list[str]) -> list[tuple]:
    return [
        (v.indicator_name, v.year, v.value_kind, v.comparator, v.value_numeric, v.unit, v.attribute_raw)
        for v in extract_indicator_values(reconstruct_tables(lines))
    ]


def assert_same_rows(table: IndicatorTable, layout: Layout) -> None:
    lines = render(table, layout)
    got = extracted_rows(lines)
    want = expected_indicator_rows(table)
    if sorted(got, key=repr) != sorted(want, key=repr):
        missing = [r for r in want if r not in got]
        extra = [r for r in got if r not in want]
        printed = "\n".join(lines)
        raise AssertionError(
            f"layout {layout.describe()}:\n  missing rows {missing}\n  unexpected rows {extra}\n"
            f"--- rendered ---\n{printed}"
        )


@given(indicator_tables(), layouts())
def test_every_layout_extracts_the_table_content(table, layout):
    assert_same_rows(table, layout)


# Every form with every header style once, deterministically (the property test samples the rest).
BASE = IndicatorTable("表1 “十四五”时期主要发展指标", 2020, 2025, KNOWN_ROWS[:4])


@pytest.mark.parametrize(("form", "header"), [(f, h) for f in FORMS for h in HEADERS])
def test_each_form_and_header(form, header):
    assert_same_rows(BASE, Layout(form, ("seq", "name", "unit", "baseline", "target", "attribute"), header))


@given(indicator_tables(), st.booleans())
def test_transposed_tables(table, worded_labels):
    lines = render_transposed(table, worded_labels)
    got = extracted_rows(lines)
    # the unit is printed as the name's suffix; a transposed table prints no attribute
    want = [(f"{n}({u})", y, k, c, x, u, None) for n, y, k, c, x, u, _ in expected_indicator_rows(table)]
    if sorted(got, key=repr) != sorted(want, key=repr):
        layout = f"transposed {'worded' if worded_labels else 'bare-year'} labels"
        missing = [r for r in want if r not in got]
        extra = [r for r in got if r not in want]
        printed = "\n".join(lines)
        raise AssertionError(
            f"layout {layout}:\n  missing rows {missing}\n  unexpected rows {extra}\n{printed}"
        )
