"""Pure rules the suites need beyond GX built-ins: printed money, growth, direction, years.

Each function takes plain values (or dataframes) and returns plain values, so the rules
are testable without GX or a warehouse. A rule returns None when a row passes and a
short explanation when it does not: the suites expect such columns to be null, and the
explanation becomes the finding's detail.
"""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd

# A project of a civil-affairs plan costing over 100亿元 (1e6 万元) is not plausible:
# such a value is almost surely an amount in 元 that was never divided by 10,000.
MAX_PLAUSIBLE_PROJECT_WAN_YUAN = 1e6

# 元-denominated units the money columns may be converted from, as factors to 万元.
_MONEY_UNIT_FACTORS = {"元": 1e-4, "千元": 0.1, "万元": 1.0, "十万元": 10.0, "百万元": 100.0, "千万元": 1e3, "亿元": 1e4}
_MONEY = re.compile(r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?:余|多)?\s*(?P<unit>千万元|百万元|十万元|千元|万元|亿元|元)")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def printed_amounts(text: str | None) -> list[tuple[float, str]]:
    """Every amount of money printed in `text` as (number, unit): '8.03亿元' -> [(8.03, '亿元')]."""
    if not text:
        return []
    return [(float(m["num"].replace(",", "")), m["unit"]) for m in _MONEY.finditer(_nfkc(text))]


def money_unit_violation(value_wan_yuan: float | None, printed: str | None) -> str | None:
    """Why a stored 万元 amount disagrees with the amount as printed, else None.

    Catches a value left in 元 ('3500000元' stored as 3500000 万元) and any other wrong
    conversion; a printed text without a unit (a bare number under a 万元 header) cannot
    be checked here and passes (the magnitude rule covers it).
    """
    if value_wan_yuan is None or _isnan(value_wan_yuan):
        return None
    amounts = printed_amounts(printed)
    if not amounts:
        return None
    value = float(value_wan_yuan)
    for number, unit in amounts:
        expected = number * _MONEY_UNIT_FACTORS[unit]
        if math.isclose(value, expected, rel_tol=1e-6, abs_tol=0.01):
            return None
    number, unit = amounts[0]
    if unit == "元" and math.isclose(value, number, rel_tol=1e-6, abs_tol=0.01):
        return f"printed {number:g}元 stored as {value:g} 万元: left in 元, not divided by 10,000"
    expected = number * _MONEY_UNIT_FACTORS[unit]
    return f"printed {number:g}{unit} = {expected:g} 万元, stored {value:g} 万元"


def money_magnitude_violation(value_wan_yuan: float | None, limit: float = MAX_PLAUSIBLE_PROJECT_WAN_YUAN) -> str | None:
    if value_wan_yuan is None or _isnan(value_wan_yuan) or float(value_wan_yuan) <= limit:
        return None
    return f"{float(value_wan_yuan):g} 万元 is implausibly large for one project (> {limit:g} 万元): amount left in 元?"


def year_outside_horizon(
    year: int | None, period_start: int | None, period_end: int | None, before: int, after: int
) -> str | None:
    """A year outside [period_start - before, period_end + after] (a typo such as 204)."""
    if year is None or _isnan(year):
        return None
    start = int(period_start) if _present(period_start) else 2021
    end = int(period_end) if _present(period_end) else 2025
    low, high = start - before, end + after
    if low <= int(year) <= high:
        return None
    return f"year {int(year)} outside the plan horizon {low}–{high} (plan period {start}–{end})"


def printed_decimals(text: str | None) -> int:
    m = _NUMBER.search(_nfkc(text or ""))
    if not m or "." not in m.group(0):
        return 0
    return len(m.group(0).split(".")[1])


# Growth -------------------------------------------------------------------------------

GROWTH_KINDS = ("relative_change", "percentage_point_change", "cagr", "inconsistent", "not_checkable")


def classify_growth(
    growth: float | None,
    growth_text: str | None,
    start_value: float | None,
    end_value: float | None,
    years: int | None,
    unit: str | None,
) -> tuple[str, str]:
    """(kind, detail): which reading of a printed growth % the indicator's two values support.

    relative_change: (end/start − 1)·100; percentage_point_change: end − start (only for
    % / ‰ indicators); cagr: ((end/start)^(1/years) − 1)·100. Tolerance: half a unit of the
    growth's last printed digit, widened by 1% for the rounding of the two values.
    """
    if growth is None or _isnan(growth) or not _present(start_value) or not _present(end_value):
        return "not_checkable", "the indicator has no numeric start and end value to compare with"
    start, end, g = float(start_value), float(end_value), float(growth)
    tolerance = 0.5 * 10 ** -printed_decimals(growth_text) + 0.01 * abs(g) + 1e-9
    candidates: dict[str, float] = {}
    if start != 0:
        candidates["relative_change"] = (end / start - 1) * 100
    if unit in ("%", "‰") or (unit is None and start <= 100 and end <= 100):
        candidates["percentage_point_change"] = end - start
    if start > 0 and end > 0 and years and years > 0:
        candidates["cagr"] = ((end / start) ** (1 / years) - 1) * 100
    shown = ", ".join(f"{k} {v:.2f}" for k, v in candidates.items())
    for kind, computed in candidates.items():
        if abs(computed - g) <= tolerance:
            label = f"{kind} over {years} years" if kind == "cagr" else kind
            return kind, f"printed {g:g} = {label} of {start:g} → {end:g} (computed {computed:.2f})"
    return "inconsistent", f"printed {g:g} matches none of {shown} for {start:g} → {end:g} over {years} years"


def growth_frame(values: pd.DataFrame) -> pd.DataFrame:
    """One row per printed growth value with the start/end values of the same indicator row."""
    key = ["plan_id", "table_seq_key", "indicator_name"]
    v = values.copy()
    v["table_seq_key"] = v["table_seq"].astype("string").fillna("") if "table_seq" in v else v["table_title"].fillna("")
    levels = v[v["value_kind"].isin(["actual", "target"]) & v["value_numeric"].notna() & v["year"].notna()]
    rows = []
    for _, g in v[v["value_kind"] == "growth"].iterrows():
        same = levels
        for k in key:
            same = same[same[k] == g[k]]
        end = same[same["year"] == g["year"]].sort_values("value_kind")  # actual before target
        before = same[same["year"] < g["year"]].sort_values("year")
        start_value = end_value = start_year = unit = None
        if not end.empty and not before.empty:
            # the period a growth covers: the previous printed year (…2020 → 2025), or the
            # first one when the table prints a five-year span (2015 → 2020)
            five_years = before[before["year"] == g["year"] - 5]
            start_row = five_years.iloc[0] if not five_years.empty else before.iloc[-1]
            start_value, start_year = start_row["value_numeric"], int(start_row["year"])
            end_value, unit = end.iloc[-1]["value_numeric"], end.iloc[-1]["unit"]
        years = int(g["year"]) - start_year if start_year is not None else None
        unit = unit if start_year is not None and isinstance(unit, str) else None
        kind, detail = classify_growth(g["value_numeric"], g["value_text"], start_value, end_value, years, unit)
        row = g.to_dict()
        row.update(
            start_year=start_year,
            start_value=start_value,
            end_value=end_value,
            growth_kind=kind,
            growth_detail=detail,
            growth_inconsistent=detail if kind == "inconsistent" else None,
        )
        rows.append(row)
    columns = [*values.columns, "start_year", "start_value", "end_value", "growth_kind", "growth_detail"]
    return pd.DataFrame(rows, columns=[*columns, "growth_inconsistent"]) if rows else pd.DataFrame(
        columns=[*columns, "growth_inconsistent"]
    )


# Targets against baselines ----------------------------------------------------------------

_HIGHER_WORDS = re.compile(r"覆盖率|达标率|建成率|普及率|参与率|持证率|登记率|满意度|入住率|火化率|安葬率|准确率|占比|比例|比重|比率")
_LOWER_WORDS = re.compile(r"下降|减少|降低|死亡|发生率|空置|控制")


def better_direction(name: str | None, target_comparator: str | None, target_text: str | None) -> str | None:
    """'higher' / 'lower' when the plan says which way is better, else None (not checked)."""
    if target_comparator in (">=", ">"):
        return "higher"
    if target_comparator in ("<=", "<"):
        return "lower"
    text = _nfkc(f"{name or ''}")
    if _LOWER_WORDS.search(text):
        return None
    if _HIGHER_WORDS.search(text):
        return "higher"
    return None


def target_vs_baseline_violation(direction: str | None, baseline: float | None, target: float | None) -> str | None:
    if direction is None or not _present(baseline) or not _present(target):
        return None
    baseline, target = float(baseline), float(target)
    if direction == "higher" and target < baseline:
        return f"target {target:g} below baseline {baseline:g} for a higher-is-better indicator"
    if direction == "lower" and target > baseline:
        return f"target {target:g} above baseline {baseline:g} for a lower-is-better indicator"
    return None


def target_baseline_frame(values: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator target with the latest actual before it (the baseline)."""
    v = values[values["value_numeric"].notna() & values["year"].notna()].copy()
    v["table_seq_key"] = v["table_seq"].astype("string").fillna("") if "table_seq" in v else v["table_title"].fillna("")
    key = ["plan_id", "table_seq_key", "indicator_name"]
    actuals = v[v["value_kind"] == "actual"]
    rows = []
    for _, t in v[v["value_kind"] == "target"].iterrows():
        same = actuals
        for k in key:
            same = same[same[k] == t[k]]
        same = same[same["year"] < t["year"]].sort_values("year")
        baseline = same.iloc[-1] if not same.empty else None
        direction = better_direction(t["indicator_name"], t["comparator"], t["value_text"])
        row = t.to_dict()
        row.update(
            baseline_year=None if baseline is None else int(baseline["year"]),
            baseline_value=None if baseline is None else baseline["value_numeric"],
            direction=direction,
        )
        row["target_below_baseline"] = target_vs_baseline_violation(direction, row["baseline_value"], t["value_numeric"])
        rows.append(row)
    columns = [*values.columns, "table_seq_key", "baseline_year", "baseline_value", "direction", "target_below_baseline"]
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


def _isnan(x) -> bool:
    try:
        return x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))
    except TypeError:
        return False


def _present(x) -> bool:
    return x is not None and not _isnan(x)
