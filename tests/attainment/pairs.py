"""An invented pair of plans of one region five years apart (静宁县, in no sample).

The 十四五 plan (2021-2025) states 2025 targets; the 十五五 plan (2026-2030), printed five
years later in another format, reviews them in a “十四五”完成情况 table (2025年目标值 /
2025年完成值) and states its own 2030 targets against 2025 baselines. What the pair covers,
row by row of the 十四五 table (the actual is the later plan's 2025 完成值):

- 养老机构护理型床位占比 ≥55% (约束性), actual 58%: met
- 乡镇(街道)具备综合功能的养老服务机构覆盖率 ≥60% (约束性), actual 52%: missed (a binding miss)
- 每千名老年人拥有养老床位数 35 张 (printed without a comparator), actual 33: missed
- 养老机构安全事故发生率 ≤0.8‰, actual 0.5‰: met (lower is better: the comparator decides)
- 社会救助审核确认平均办理时限 10 天 (printed without a comparator), actual 12 天: missed,
  because the reviewed direction of the indicator says lower is better (higher would say met)
- 经济困难失能老年人集中照护率 ≥50%, renamed 经济困难失能老人集中照护率 in the later plan
  (matched through the reviewed synonym seed after the proposal tool proposed it): actual 54%, met
- 注册志愿者人数 2万人, reported as 23000 人: a safe conversion (1万人 = 10000人), met
- 临时救助 1500 人次, reported as 1400 人: 人次 and 人 do not convert, not_comparable
- 县级公益性骨灰安葬(放)设施覆盖率 100%, not reported by the later plan: no_actual
- 城市社区养老服务设施覆盖率 100%: the later plan's review says 100, its own baseline column
  98: conflicting_actuals
- 社区居家养老服务站点覆盖率 ≥70%, renamed 社区居家养老服务站覆盖率 and in no reviewed seed row:
  no_actual, never matched silently; `propose_synonyms` proposes the pair for review
"""

from __future__ import annotations

from tests.formats.plans import Plan, Table

REGION_CODE = "620826"

EARLIER = Plan(
    name="jingning_14th_civil_affairs",
    title="静宁县“十四五”民政事业发展规划",
    blocks=[
        "静宁县人民政府办公室",
        "2021年11月20日",
        "第一章 发展基础",
        "“十三五”期间，全县民政事业持续发展，兜底保障能力不断增强。",
        "第二章 发展目标",
        Table(
            caption="表1 静宁县“十四五”民政事业发展主要指标",
            grid=[
                ["序号", "指标名称", "单位", "2020年基期值", "2025年目标值", "指标属性"],
                ["1", "养老机构护理型床位占比", "%", "40", "≥55", "约束性"],
                ["2", "乡镇(街道)具备综合功能的养老服务机构覆盖率", "%", "30", "≥60", "约束性"],
                ["3", "每千名老年人拥有养老床位数", "张", "30", "35", "预期性"],
                ["4", "养老机构安全事故发生率", "‰", "1.2", "≤0.8", "约束性"],
                ["5", "社会救助审核确认平均办理时限", "天", "20", "10", "预期性"],
                ["6", "经济困难失能老年人集中照护率", "%", "30", "≥50", "预期性"],
                ["7", "注册志愿者人数", "万人", "1.2", "2", "预期性"],
                ["8", "临时救助", "人次", "1000", "1500", "预期性"],
                ["9", "县级公益性骨灰安葬(放)设施覆盖率", "%", "50", "100", "约束性"],
                ["10", "城市社区养老服务设施覆盖率", "%", "80", "100", "预期性"],
                ["11", "社区居家养老服务站点覆盖率", "%", "50", "≥70", "预期性"],
            ],
        ),
        "第三章 保障措施",
        "加强组织领导，落实工作责任。",
    ],
)

LATER = Plan(
    name="jingning_15th_civil_affairs",
    title="静宁县“十五五”民政事业发展规划",
    blocks=[
        "静宁县人民政府办公室",
        "2026年6月8日",
        "第一章 “十四五”发展回顾",
        "“十四五”期间，全县民政事业取得新进展，主要指标完成情况如下。",
        Table(
            caption="表1 静宁县“十四五”民政事业主要指标完成情况",
            grid=[
                ["序号", "指标名称", "单位", "2025年目标值", "2025年完成值", "指标属性"],
                ["1", "养老机构护理型床位占比", "%", "≥55", "58", "约束性"],
                ["2", "乡镇(街道)具备综合功能的养老服务机构覆盖率", "%", "≥60", "52", "约束性"],
                ["3", "每千名老年人拥有养老床位数", "张", "35", "33", "预期性"],
                ["4", "养老机构安全事故发生率", "‰", "≤0.8", "0.5", "约束性"],
                ["5", "社会救助审核确认平均办理时限", "天", "10", "12", "预期性"],
                ["6", "经济困难失能老人集中照护率", "%", "≥50", "54", "预期性"],
                ["7", "注册志愿者人数", "人", "20000", "23000", "预期性"],
                ["8", "临时救助", "人", "1500", "1400", "预期性"],
                ["9", "城市社区养老服务设施覆盖率", "%", "100", "100", "预期性"],
                ["10", "社区居家养老服务站覆盖率", "%", "≥70", "75", "预期性"],
            ],
        ),
        "第二章 发展目标",
        Table(
            caption="表2 静宁县“十五五”民政事业发展主要指标",
            grid=[
                ["序号", "指标名称", "单位", "2025年基期值", "2030年目标值", "指标属性"],
                ["1", "养老机构护理型床位占比", "%", "58", "≥65", "约束性"],
                ["2", "城市社区养老服务设施覆盖率", "%", "98", "100", "预期性"],
                ["3", "农村社区养老服务设施覆盖率", "%", "60", "≥80", "预期性"],
            ],
        ),
        "第三章 保障措施",
        "健全投入机制，强化要素保障。",
    ],
)

PAIR = (EARLIER, LATER)
