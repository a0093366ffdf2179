"""An invented prefecture plan with a county breakdown table (任务分解表).

邵阳市 (湖南省) is a real prefecture-level city; the rows of its table are its real
counties, printed as a plan prints them (城步县 for 城步苗族自治县). The numbers are made
up. `bed_total_offset` plants an error in the 合计 row's 养老床位 (the clean twin: 0).
"""

from __future__ import annotations

PREFECTURE_CODE = "430500"

# county as printed, its GB/T 2260 code, then 养老床位, 护理型床位, 综合养老服务中心 by 2025
COUNTIES = [
    ("双清区", "430502", 1850, 1020, 6),
    ("大祥区", "430503", 2100, 1160, 7),
    ("北塔区", "430511", 960, 530, 4),
    ("新邵县", "430522", 2600, 1430, 15),
    ("邵阳县", "430523", 2900, 1600, 18),
    ("隆回县", "430524", 3300, 1820, 22),
    ("洞口县", "430525", 2700, 1490, 17),
    ("绥宁县", "430527", 1400, 770, 12),
    ("新宁县", "430528", 1900, 1050, 14),
    ("城步县", "430529", 900, 500, 9),
    ("武冈市", "430581", 2500, 1380, 16),
    ("邵东市", "430582", 3800, 2090, 21),
]
COLUMNS = ("养老床位（张）", "护理型床位（张）", "乡镇（街道）综合养老服务中心（个）")


def breakdown_table(bed_total_offset: int = 0, separator: str = "\t") -> list[str]:
    """The table's lines: caption, a two-row header (到2025年目标 spanning its three columns),
    one row per county, and the 合计 row."""
    sep = separator
    lines = [
        "表2  邵阳市“十四五”养老服务设施建设任务分解表",
        sep.join(["序号", "县（市、区）", "到2025年目标", "", ""]),
        sep.join(["", "", *COLUMNS]),
    ]
    for i, (county, _, beds, nursing, centres) in enumerate(COUNTIES, start=1):
        lines.append(sep.join([str(i), county, str(beds), str(nursing), str(centres)]))
    totals = [sum(row[k] for row in COUNTIES) for k in (2, 3, 4)]
    totals[0] += bed_total_offset
    lines.append(sep.join(["合计", "", *(str(t) for t in totals)]))
    return lines


def prefecture_plan(bed_total_offset: int = 0) -> str:
    return "\n".join(
        [
            "邵阳市“十四五”养老服务体系建设规划",
            "",
            "邵阳市人民政府办公室",
            "2022年3月15日",
            "",
            "第一章 发展基础",
            "“十三五”期间，全市养老服务体系不断完善，城乡养老服务设施覆盖面持续扩大。",
            "",
            "第二章 主要任务",
            "一、完善养老服务设施网络",
            "到2025年，全市养老床位、护理型床位和乡镇（街道）综合养老服务中心建设任务分解到各县（市、区），"
            "具体如下。",
            "",
            *breakdown_table(bed_total_offset),
            "",
            "第三章 保障措施",
            "各县（市、区）人民政府要将养老服务设施建设纳入本地国民经济和社会发展规划。",
            "",
        ]
    )
