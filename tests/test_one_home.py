"""One home per rule: the rules below are written in one place and read from there.

Numeral and dash classes live in vocabulary/text.py, year ranges and horizons in
vocabulary/years.py, money units and construction types in dbt seeds (read by Python
through vocabulary/seeds.py and `ref`'d by SQL), a plan's region and a line's page in one
intermediate model each. A second spelling elsewhere is a rule that can drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vocabulary.seeds import construction_types, money_units

ROOT = Path(__file__).resolve().parent.parent
PYTHON = [
    path
    for folder in ("ingestion", "expectations", "orchestration", "serving", "vocabulary")
    for path in sorted((ROOT / folder).rglob("*.py"))
]
MODELS = sorted((ROOT / "dbt_project" / "models").rglob("*.sql")) + sorted(
    (ROOT / "dbt_project" / "macros").rglob("*.sql")
)


def _code(path: Path) -> str:
    """The file without its comments and docstrings' prose lines (what runs)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith(("#", "--")))


def _spelling_it(pattern: str, paths: list[Path], home: set[str]) -> list[str]:
    found = re.compile(pattern)
    return [
        path.relative_to(ROOT).as_posix()
        for path in paths
        if path.relative_to(ROOT).as_posix() not in home and found.search(_code(path))
    ]


@pytest.mark.parametrize(
    ("rule", "pattern", "home"),
    [
        ("Chinese numerals", r"一二三四五六七八九|〇一二三|零〇一二", {"vocabulary/text.py"}),
        ("range dashes", r"[-—–－][-—–－]?[~～]|—–|–—", {"vocabulary/text.py"}),
        ("year ranges", r"\(\?:19\|20\)\\d\{2\}\)\\s\*年\?", {"vocabulary/years.py"}),
        # a regex alternation of money units (the seed money_units is their list)
        ("money units", r"亿元\|万元\|元|千万元\||百万元\||千元\|", set()),
        ("year horizons", r"YEARS_(?:BEFORE|AFTER)\w*\s*=\s*\d|=\s*6,\s*10\b", {"vocabulary/years.py"}),
    ],
)
def test_a_python_rule_is_written_in_its_home_only(rule, pattern, home):
    assert _spelling_it(pattern, PYTHON, home) == [], rule


def test_heading_numbering_is_written_in_headings_only():
    # a numbering style spelled out: 第X章, （一）, 一、 with the numerals inline
    pattern = r"第\[[^\]]*\]\+?\[?章|\[（\(\]\[[^\]]*十[^\]]*\]|\[一[^\]]*十\]\+?\[、"
    assert _spelling_it(pattern, PYTHON, {"ingestion/headings.py"}) == []


def test_no_model_spells_a_construction_type():
    words = "|".join(construction_types())
    assert _spelling_it(rf"'%?(?:{words})%?'", MODELS, set()) == []


def test_the_marts_look_a_plans_region_and_a_lines_page_up_in_one_model():
    plans = _spelling_it(r"ref\('stg_plans'\)", MODELS, set())
    lines = _spelling_it(r"ref\('stg_document_lines'\)", MODELS, set())
    # the plan dimension and the document dimension read the plan's other columns; the
    # staging model of audited lines is below the intermediate layer
    assert set(plans) == {
        "dbt_project/models/intermediate/int_plan_regions.sql",
        "dbt_project/models/marts/dim_plan.sql",
        "dbt_project/models/marts/dim_document.sql",
    }
    assert set(lines) == {
        "dbt_project/models/intermediate/int_line_pages.sql",
        "dbt_project/models/staging/stg_audited_lines.sql",
    }


def test_the_seeds_hold_what_the_rules_need():
    assert {"元", "千元", "万元", "亿元"} <= set(money_units())
    assert float(money_units()["亿元"]) == 10000
    assert set(construction_types().values()) == {"new", "renovation_expansion", "continuation"}
