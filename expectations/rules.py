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

from vocabulary.seeds import longest_first, money_units

# A project of a civil-affairs plan costing over 100亿元 (1e6 万元) is not plausible:
# such a value is almost surely an amount in 元 that was never divided by 10,000.
MAX_PLAUSIBLE_PROJECT_WAN_YUAN = 1e6

# The units money is printed in, as factors to 万元: the seed money_units, the list the
# extractor (ingestion/amounts.py) reads amounts in.
_MONEY_UNIT_FACTORS = {unit: float(factor) for unit, factor in money_units().items()}
_MONEY = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?:余|多)?\s*(?P<unit>"
    + "|".join(longest_first(_MONEY_UNIT_FACTORS))
    + ")"
)
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def num(x) -> str:
    """A number as people print it: 35000000, 80300, 0.06 (never 3.5e+07)."""
    return format(float(x), ".12g")


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
        return f"printed {num(number)}元 stored as {num(value)} 万元: left in 元, not divided by 10,000"
    expected = number * _MONEY_UNIT_FACTORS[unit]
    return f"printed {num(number)}{unit} = {num(expected)} 万元, stored {num(value)} 万元"


def money_magnitude_violation(
    value_wan_yuan: float | None, limit: float = MAX_PLAUSIBLE_PROJECT_WAN_YUAN
) -> str | None:
    if value_wan_yuan is None or _isnan(value_wan_yuan) or float(value_wan_yuan) <= limit:
        return None
    return f"{num(float(value_wan_yuan))} 万元 is implausibly large for one project (> {num(limit)} 万元): amount left in 元?"


def year_outside_horizon(
    year: int | None, period_start: int | None, period_end: int | None, before: int, after: int
) -> str | None:
    """A year outside [period_start - before, period_end + after] (a typo such as 204)."""
    # the horizon comes from the plan's own period (dim_plan): without one there is none to check
    if year is None or _isnan(year) or not _present(period_start) or not _present(period_end):
        return None
    start, end = int(period_start), int(period_end)
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


def _half_unit(text: str | None) -> float:
    """Half a unit of the last printed digit: '6.1' -> 0.05, '95%' -> 0.5."""
    return 0.5 * 10 ** -printed_decimals(text)


def classify_growth(
    growth: float | None,
    growth_text: str | None,
    start_value: float | None,
    end_value: float | None,
    years: int | None,
    unit: str | None,
    start_text: str | None = None,
    end_text: str | None = None,
) -> tuple[str, str]:
    """(kind, detail): which reading of a printed growth % the indicator's two values support.

    relative_change: (end/start − 1)·100; percentage_point_change: end − start (only for
    % / ‰ indicators); cagr: ((end/start)^(1/years) − 1)·100. Tolerance comes from the
    printed precision: each reading is evaluated over start ± half a unit of its last
    printed digit and end likewise, and the growth may differ by half its own last digit.
    """
    if growth is None or _isnan(growth) or not _present(start_value) or not _present(end_value):
        return "not_checkable", "the indicator has no numeric start and end value to compare with"
    start, end, g = float(start_value), float(end_value), float(growth)
    hs, he, hg = _half_unit(start_text), _half_unit(end_text), _half_unit(growth_text) + 1e-9
    readings = {
        "relative_change": lambda s, e: (e / s - 1) * 100 if s > 0 else None,
        "percentage_point_change": lambda s, e: e - s,
        "cagr": lambda s, e: (
            ((e / s) ** (1 / years) - 1) * 100 if s > 0 and e > 0 and years and years > 0 else None
        ),
    }
    if not (unit in ("%", "‰") or (unit is None and start <= 100 and end <= 100)):
        del readings["percentage_point_change"]
    computed_at_printed = {}
    for kind, formula in readings.items():
        value = formula(start, end)
        if value is None:
            continue
        computed_at_printed[kind] = value
        corners = [formula(start + ds, end + de) for ds in (-hs, 0, hs) for de in (-he, 0, he)]
        corners = [c for c in corners if c is not None]
        if min(corners) - hg <= g <= max(corners) + hg:
            label = f"CAGR over {years} years" if kind == "cagr" else kind.replace("_", " ")
            return kind, f"printed {num(g)} = {label} of {num(start)} → {num(end)} (computed {value:.2f})"
    shown = ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in computed_at_printed.items())
    detail = f"printed {num(g)} matches none of {shown} for {num(start)} → {num(end)} over {years} years"
    if end != 0 and abs((end - start) / end * 100 - g) <= hg + 0.05:
        detail += " (it equals (end − start)/end, a growth computed on the wrong base)"
    return "inconsistent", detail


def _indicator_key(row: dict) -> tuple:
    """Values of one indicator row: same plan, same table, same printed name."""
    table = row.get("table_seq")
    table = row.get("table_title") if table is None or _isnan(table) else table
    return (row.get("plan_id"), str(table), row.get("indicator_name"))


def _records_by_indicator(values: pd.DataFrame, kinds: tuple[str, ...]) -> dict[tuple, list[dict]]:
    """{indicator key: its numeric values of `kinds`, as plain dicts} (plain Python: fast per row)."""
    grouped: dict[tuple, list[dict]] = {}
    for r in values.to_dict("records"):
        if r["value_kind"] in kinds and _present(r["value_numeric"]) and _present(r["year"]):
            grouped.setdefault(_indicator_key(r), []).append(r)
    return grouped


def growth_frame(values: pd.DataFrame) -> pd.DataFrame:
    """One row per printed growth value with the start/end values of the same indicator row."""
    by_indicator = _records_by_indicator(values, ("actual", "target"))
    rows = []
    for g in values[values["value_kind"] == "growth"].to_dict("records"):
        same = by_indicator.get(_indicator_key(g), [])
        year = g["year"] if _present(g["year"]) else None
        # at the growth's year: an actual value before a target
        end = sorted((r for r in same if r["year"] == year), key=lambda r: r["value_kind"])
        before = sorted((r for r in same if year is not None and r["year"] < year), key=lambda r: r["year"])
        start_value = end_value = start_year = unit = start_text = end_text = None
        if end and before:
            # the period a growth covers: five years back (2020 → 2025, 2015 → 2020) when
            # printed, else the latest printed year before it
            five_years = [r for r in before if r["year"] == year - 5]
            start_row = five_years[0] if five_years else before[-1]
            start_value, start_year, start_text = (
                start_row["value_numeric"],
                int(start_row["year"]),
                start_row["value_text"],
            )
            end_value, unit, end_text = end[-1]["value_numeric"], end[-1]["unit"], end[-1]["value_text"]
        years = int(year) - start_year if start_year is not None else None
        unit = unit if isinstance(unit, str) else None
        kind, detail = classify_growth(
            g["value_numeric"], g["value_text"], start_value, end_value, years, unit, start_text, end_text
        )
        g.update(
            start_year=start_year,
            start_value=start_value,
            end_value=end_value,
            growth_kind=kind,
            growth_detail=detail,
            growth_inconsistent=detail if kind == "inconsistent" else None,
        )
        rows.append(g)
    columns = [*values.columns, "start_year", "start_value", "end_value", "growth_kind", "growth_detail"]
    return pd.DataFrame(rows, columns=[*columns, "growth_inconsistent"])


# Targets against baselines ----------------------------------------------------------------

_HIGHER_WORDS = re.compile(
    r"覆盖率|达标率|建成率|普及率|参与率|持证率|登记率|满意度|入住率|火化率|安葬率|准确率|占比|比例|比重|比率"
)
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


def target_vs_baseline_violation(
    direction: str | None, baseline: float | None, target: float | None
) -> str | None:
    if direction is None or not _present(baseline) or not _present(target):
        return None
    baseline, target = float(baseline), float(target)
    if direction == "higher" and target < baseline:
        return f"target {num(target)} below baseline {num(baseline)} for a higher-is-better indicator"
    if direction == "lower" and target > baseline:
        return f"target {num(target)} above baseline {num(baseline)} for a lower-is-better indicator"
    return None


def target_baseline_frame(values: pd.DataFrame) -> pd.DataFrame:
    """One row per numeric target with the latest actual before it (the baseline)."""
    actuals = _records_by_indicator(values, ("actual",))
    rows = []
    for t in values[values["value_kind"] == "target"].to_dict("records"):
        if not _present(t["value_numeric"]) or not _present(t["year"]):
            continue
        earlier = sorted(
            (r for r in actuals.get(_indicator_key(t), []) if r["year"] < t["year"]), key=lambda r: r["year"]
        )
        baseline = earlier[-1] if earlier else None
        direction = better_direction(t["indicator_name"], t["comparator"], t["value_text"])
        t.update(
            baseline_year=None if baseline is None else int(baseline["year"]),
            baseline_value=None if baseline is None else baseline["value_numeric"],
            direction=direction,
        )
        t["target_below_baseline"] = target_vs_baseline_violation(
            direction, t["baseline_value"], t["value_numeric"]
        )
        rows.append(t)
    columns = [*values.columns, "baseline_year", "baseline_value", "direction", "target_below_baseline"]
    return pd.DataFrame(rows, columns=columns)


def _isnan(x) -> bool:
    try:
        return x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))
    except TypeError:
        return False


def _present(x) -> bool:
    return x is not None and not _isnan(x)


_PRINTED_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ONE_NUMBER = re.compile(r"[≥≤<>]?\d+(?:[.,]\d+)*")


def span_violation(
    line: str | None, start, end, printed: str | None = None, holds: str = "number"
) -> str | None:
    """Why a fact's character span does not point at what it printed, else None.

    The span lies inside the line (0 <= start < end <= length) and the line's text there,
    full-width folded and spaces ignored, holds: with holds='number' the first number of
    `printed` (a value_text, an amount_text); with holds='text' the first two characters of
    `printed` (a project's name); with no `printed`, one number and nothing else (an unread
    number). A row without a span (both NULL) passes: the value is not printed on its line.
    """
    if _absent(start) and _absent(end):
        return None
    if _absent(start) or _absent(end):
        return f"span_start {start} and span_end {end} are set together"
    start, end = int(start), int(end)
    if line is None or _absent(line):
        return f"span {start}–{end} on a line that is not in raw.document_lines"
    if not 0 <= start < end <= len(line):
        return f"span {start}–{end} lies outside its line of {len(line)} characters"
    at = re.sub(r"\s", "", _nfkc(line[start:end]))
    wanted = re.sub(r"\s", "", _nfkc(printed)) if isinstance(printed, str) else None
    if wanted is None:
        ok = bool(_ONE_NUMBER.fullmatch(at))
    elif holds == "text":
        ok = wanted[:2] in at
    else:
        number = _PRINTED_NUMBER.search(wanted)
        ok = number is None or number.group() in at
    return None if ok else f"the line reads {line[start:end]!r} at {start}–{end}, not {printed!r}"


def _absent(x) -> bool:
    return x is None or _isnan(x)
