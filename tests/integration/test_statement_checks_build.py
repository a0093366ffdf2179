"""The statement checks through the whole pipeline, on invented plans of two counties of 甘孜州
(四川) that are none of the samples:

- 泸定县 carries the planted errors: a signature date that lost its 年, a notice quoting the
  plan's title with one word changed, two 分别 sentences giving 农村 two values, four towns
  counted as 5;
- 丹巴县 is its clean twin (the same plan, printed right): no finding of these rules.

Extraction reads the sentences (raw.list_items, raw.printed_dates, raw.title_mentions),
staging carries them, the quality step checks them; each finding keeps both lines.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import build_warehouse

pytestmark = pytest.mark.integration

RULES = (
    "respectively_conflict",
    "respectively_count",
    "named_count_mismatch",
    "malformed_date",
    "title_mention_differs",
)


def _plan(county: str, *, planted: bool) -> list[str]:
    quoted = "民政事务发展规划" if planted else "民政事业发展规划"
    return [
        f"{county}人民政府办公室关于印发《{county}“十五五”{quoted}》的通知",
        "各乡镇人民政府，县政府各部门：",
        f"现将《{county}“十五五”{quoted}》印发给你们，请认真贯彻执行。",
        f"{county}人民政府办公室",
        "20268月15日" if planted else "2026年8月15日",
        "",
        f"{county}“十五五”民政事业发展规划",
        "",
        "第一章 发展基础",
        "“十四五”期间，全县养老机构护理型床位占比达到45%，建成乡镇敬老院8所。",
        "第二章 主要目标",
        "到2030年，城市和农村社区综合服务设施覆盖率分别达到100%和85%。",
        "第三章 主要任务",
        "一、完善社区服务",
        "到2030年，城乡社区综合服务设施覆盖率分别达到100%、" + ("75%。" if planted else "85%。"),
        "二、养老设施",
        "在青杠镇、磨西镇、德威镇和燕子沟镇"
        + ("5" if planted else "4")
        + "个乡镇各建设1所综合养老服务中心。",
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("statement_checks")
    raw = root / "raw"
    raw.mkdir()
    (raw / "luding.txt").write_text("\n".join(_plan("泸定县", planted=True)) + "\n", encoding="utf-8")
    (raw / "danba.txt").write_text("\n".join(_plan("丹巴县", planted=False)) + "\n", encoding="utf-8")
    result = build_warehouse(root, raw)
    assert result.succeeded
    return result


def _findings(built) -> list[tuple]:
    with duckdb.connect(str(built.warehouse_db), read_only=True) as con:
        return con.execute(
            """
            select document_id, expectation, source_line, related_source_line, printed_text, details
            from audit.quality_results
            where record_kind = 'finding' and expectation in (select unnest(?::varchar[]))
            order by document_id, expectation, source_line
            """,
            [list(RULES)],
        ).fetchall()


def test_each_planted_error_is_one_finding_with_its_lines(built):
    found = {(d, rule): (line, related) for d, rule, line, related, _, _ in _findings(built)}
    assert found == {
        ("luding", "malformed_date"): (5, None),
        ("luding", "title_mention_differs"): (1, 7),
        ("luding", "respectively_conflict"): (12, 15),
        ("luding", "named_count_mismatch"): (17, None),
    }


def test_the_clean_twin_gives_nothing_and_was_checked(built):
    assert [f for f in _findings(built) if f[0] == "danba"] == []
    with duckdb.connect(str(built.warehouse_db), read_only=True) as con:
        read = con.execute(
            """
            select (select count(*) from staging.stg_list_items where document_id = 'danba'),
                   (select count(*) from staging.stg_printed_dates where document_id = 'danba'),
                   (select count(*) from staging.stg_title_mentions where document_id = 'danba')
            """
        ).fetchone()
    assert all(n > 0 for n in read)
