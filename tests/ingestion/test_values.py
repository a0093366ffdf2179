"""Value parsing: comparators, units, no-value marks, qualitative targets."""

from __future__ import annotations

import pytest

from ingestion.values import ParsedValue, is_no_value, normalize_unit, parse_value, unit_from_name


@pytest.mark.parametrize(
    ("text", "comparator", "number", "unit"),
    [
        ("60%", "=", 60, "%"),
        ("≥55%", ">=", 55, "%"),
        ("≧55%", ">=", 55, "%"),
        ("≦50%", "<=", 50, "%"),
        ("\uf0b370%", ">=", 70, "%"),  # Symbol-font ≥ left in the Private Use Area
        (">30 平米/每百户", ">", 30, "平方米/百户"),
        ("＞30平方米", ">", 30, "平方米"),
        ("1.8‰", "=", 1.8, "‰"),
        ("≥1.3倍", ">=", 1.3, "倍"),
        ("  1个", "=", 1, "个"),
        ("1200人", "=", 1200, "人"),
        ("１２００人", "=", 1200, "人"),  # full-width digits
        ("10.10%", "=", 10.1, "%"),
        ("90%以上", ">=", 90, "%"),
        ("不低于90%", ">=", 90, "%"),
        ("不少于200张", ">=", 200, "张"),
        ("超过50%", ">", 50, "%"),
        ("达到100%", "=", 100, "%"),
        ("5%以内", "<=", 5, "%"),
        ("两所", "=", 2, "所"),
        ("一个", "=", 1, "个"),
        ("1,600", "=", 1600, None),
        ("≥1", ">=", 1, None),
    ],
)
def test_parse_value(text, comparator, number, unit):
    parsed = parse_value(text)
    assert (parsed.comparator, parsed.number, parsed.unit) == (comparator, number, unit)


@pytest.mark.parametrize("text", ["—", "-", "/", "无", "", "  ", "——", "－"])
def test_no_value_marks(text):
    parsed = parse_value(text)
    assert is_no_value(text)
    assert parsed.is_empty and parsed.number is None and parsed.comparator is None


def test_qualitative_target_keeps_no_number():
    parsed = parse_value("不低于居民上年度人均消费支出增速")
    assert parsed.number is None and parsed.comparator is None and not parsed.is_empty


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("%", "%"),
        ("平方米", "平方米"),
        ("平米", "平方米"),
        ("㎡", "平方米"),
        ("人 /万人", "人/万人"),
        ("平米/每百户", "平方米/百户"),
        ("名", "人"),
        ("张", "张"),
        ("元/人/月", "元/人·月"),
        ("约束性", None),
        ("救助站", None),
    ],
)
def test_normalize_unit(raw, unit):
    assert normalize_unit(raw) == unit


def test_unit_from_name_suffix():
    assert unit_from_name("社会组织数(个)") == ("个", "个")
    assert unit_from_name("社会工作专业人才占全州人口比例(‰)") == ("‰", "‰")
    assert unit_from_name("每千名老年人配备社会工作者(名)") == ("名", "人")
    assert unit_from_name("新建未成年人保护设施(救助站)(个)") == ("个", "个")
    assert unit_from_name("乡镇(街道)具备综合功能的养老服务机构覆盖率") == (None, None)


def test_and_above_and_below_keep_their_number():
    # "以上" is a suffix of "及以上": the longer word must be tried first
    assert parse_value("60%及以上") == ParsedValue(">=", 60.0, "%", "%", False)
    assert parse_value("5%及以下") == ParsedValue("<=", 5.0, "%", "%", False)
    assert parse_value("90以上").number == 90.0


def test_the_unit_vocabulary_seed_holds_the_same_units():
    """dbt_project/seeds/unit_vocabulary.csv is the vocabulary the quality layer reads: the same
    units as ingestion.values.UNIT_VOCABULARY (rewrite the seed from it when a unit is added)."""
    import csv
    from pathlib import Path

    from ingestion.values import UNIT_VOCABULARY

    seed = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "unit_vocabulary.csv"
    with seed.open(encoding="utf-8") as f:
        assert {r["unit"] for r in csv.DictReader(f)} == set(UNIT_VOCABULARY)
