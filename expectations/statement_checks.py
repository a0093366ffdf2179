"""Checks over what extraction read from sentences that list or date things (facts in, pairs out).

Reads staging rows only (staging.stg_list_items, staging.stg_printed_dates) and dim_plan;
imports nothing from ingestion/ and reads no raw text. Each rule returns one row per item
it looked at, in the shape of the cross-checks (document_id, plan_id, region_code,
source_line, printed_text, related_source_line, related_text, subject + a rule column that
is None when the item is fine and the explanation when it is not).

- respectively_count: '分别' with an explicit list of subjects and a run of two or more
  values of another length ('A、B和C分别达到90%和85%'). A collective subject (城乡) is never
  counted, nor a lone value (it may be meant for every subject).
- respectively_conflict: one subject given two values by two 分别 sentences of one plan
  (same measure, unit, year; a target never against an actual; the last run of each
  sentence, the level it arrives at), beyond the printed precision.
- named_count_mismatch: a list of names and the count printed right after it
  ('甲、乙、丙3个乡镇'); with 等 the names may be fewer, never more.
- title_mention_differs: a plan's title as its notice quotes it (《…规划》) and as the body
  prints it, one or two characters apart (发展和养老 / 发展及养老) — minor, a reader still
  knows which plan is meant. Changes of a period numeral (十三五 / 十四五) or of a region
  level (县 / 市) name another plan and are left alone.
- growth_conventions_mixed: one growth column of one table giving percentage points in
  some rows and relative change in others (rates 28.2→100 printed 71.8 beside 34.4→74
  printed 115): one finding per column, its first row of the smaller group against a row of
  the larger, naming the other rows of the smaller group. Only rows of a
  share indicator (%, ‰) that exactly one of the two readings gives count (rules.classify_growth).
- malformed_date: a date no calendar has: a year run into its month (20228月12日), month
  13, 2月30日.
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict

import pandas as pd
from rapidfuzz.distance import Levenshtein

from expectations import rules
from expectations.crosschecks.pairs import PAIR_COLUMNS
from vocabulary.text import CN_NUMBER_CHARS

LIST_ITEMS = "stg_list_items"
PRINTED_DATES = "stg_printed_dates"
TITLE_MENTIONS = "stg_title_mentions"


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def _num(x: float) -> str:
    return format(float(x), ".12g")


def _frame(rows: list[dict], rule: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*PAIR_COLUMNS, "related_document_id", rule])
    for column in ("source_line", "related_source_line"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _regions(plans: pd.DataFrame) -> dict[str, str]:
    return {
        p["plan_id"]: p["region_code"]
        for p in plans.to_dict("records")
        if isinstance(p.get("region_code"), str)
    }


def _row(item: dict, regions: dict, subject: str, related: dict | None, problem: str | None) -> dict:
    return {
        "document_id": item["document_id"],
        "plan_id": item["plan_id"],
        "region_code": regions.get(item["plan_id"]),
        "source_line": item["source_line"],
        "printed_text": item["sentence_text"],
        "related_source_line": None if related is None else related["source_line"],
        "related_text": None if related is None else related["sentence_text"],
        "subject": subject,
        "related_document_id": None if related is None else related["document_id"],
        "problem": problem,
    }


def _claims(items: pd.DataFrame, kind: str) -> list[list[dict]]:
    rows = items[items["claim_kind"] == kind].sort_values(["document_id", "claim_seq", "position"])
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows.to_dict("records"):
        grouped[(r["document_id"], r["claim_seq"])].append(r)
    return list(grouped.values())


# 分别 ----------------------------------------------------------------------------------------


def respectively_count(items: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """One row per 分别 sentence with an explicit list of subjects; a finding when a run of
    values after 分别 is longer or shorter than the list."""
    regions, rows = _regions(plans), []
    for claim in _claims(items, "respectively"):
        subjects = [i for i in claim if i["item_role"] == "subject"]
        if len(subjects) < 2 or any(bool(s["is_collective"]) for s in subjects):
            continue  # one subject, or 城乡 standing for two: nothing to count
        if len({s["measure"] for s in subjects}) < len(subjects):
            continue  # a collective read as two subjects of one printed name
        runs: dict[int, list[dict]] = defaultdict(list)
        for v in claim:
            if v["item_role"] == "value":
                runs[int(v["run_seq"])].append(v)
        names = "、".join(s["item_text"] for s in subjects)
        problem = None
        for run in runs.values():
            # a lone value after 分别 may be meant for every subject: only two or more are counted
            if len(run) >= 2 and len(run) != len(subjects):
                values = "、".join(v["item_text"] for v in run)
                problem = (
                    f"分别 gives {len(run)} value(s) ({values}) for {len(subjects)} subjects ({names}): "
                    "which value belongs to which subject cannot be read"
                )
                break
        rows.append(_row(subjects[0], regions, names, None, problem))
    return _frame([{**r, "respectively_count": r.pop("problem")} for r in rows], "respectively_count")


_OPPOSED_KINDS = {"actual", "target"}


def _interval(v: dict) -> tuple[float, float]:
    tolerance = _half_unit(v["item_text"])
    low, high = float(v["value_numeric"]) - tolerance, float(v["value_numeric"]) + tolerance
    if v["comparator"] in (">=", ">"):
        return low, math.inf
    if v["comparator"] in ("<=", "<"):
        return -math.inf, high
    return low, high


def _half_unit(printed: str) -> float:
    """Half a unit of the last printed digit ('80%' ±0.5, '90.5%' ±0.05)."""
    digits = "".join(ch for ch in printed if ch.isdigit() or ch == ".")
    if "." in digits:
        return 0.5 * 10 ** -len(digits.split(".")[1])
    return 0.5


def _per_subject(claim: list[dict]) -> list[tuple[dict, dict]]:
    """(subject, value) of the last run of values when it pairs one to one with the subjects."""
    subjects = [i for i in claim if i["item_role"] == "subject"]
    values = [i for i in claim if i["item_role"] == "value"]
    if not subjects or not values:
        return []
    last = max(int(v["run_seq"]) for v in values)
    run = [v for v in values if int(v["run_seq"]) == last]
    if len(run) != len(subjects):
        return []
    return list(zip(subjects, run, strict=True))


def respectively_conflict(items: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of 分别 values for one subject of one plan; a finding when the two
    values cannot both hold."""
    regions = _regions(plans)
    by_key: dict[tuple, list[tuple[dict, dict]]] = defaultdict(list)
    for claim in _claims(items, "respectively"):
        for subject, value in _per_subject(claim):
            if _missing(value["year"]) or value["statement_kind"] == "growth" or _missing(subject["measure"]):
                continue
            key = (subject["plan_id"], subject["measure"], value["unit"], int(value["year"]))
            by_key[key].append((subject, value))
    rows, said = [], {}
    for (_, measure, _unit, year), found in by_key.items():
        for i, (s1, v1) in enumerate(found):
            for s2, v2 in found[i + 1 :]:
                if s1["claim_seq"] == s2["claim_seq"] or s1["sentence_text"] == s2["sentence_text"]:
                    continue  # one sentence (or the same sentence printed twice) says it once
                if {v1["statement_kind"], v2["statement_kind"]} == _OPPOSED_KINDS:
                    continue  # a target and what was reached are two things
                values = frozenset(
                    ((v1["value_numeric"], v1["comparator"]), (v2["value_numeric"], v2["comparator"]))
                )
                earlier = said.get((measure, year, values))
                if earlier is not None:
                    # the same two values again (a passage printed twice): one pair, both lines named
                    if earlier["problem"] is not None:
                        earlier["problem"] += f" (and again on line {v2['source_line']})"
                    continue
                a, b = _interval(v1), _interval(v2)
                disjoint = a[1] + 1e-9 < b[0] or b[1] + 1e-9 < a[0]
                problem = (
                    f"{measure} ({year}) is {v1['item_text']} on line {v1['source_line']} "
                    f"and {v2['item_text']} on line {v2['source_line']}"
                    if disjoint
                    else None
                )
                row = _row(v1, regions, measure, v2, problem)
                said[(measure, year, values)] = row
                rows.append(row)
    return _frame([{**r, "respectively_conflict": r.pop("problem")} for r in rows], "respectively_conflict")


# Named counts ------------------------------------------------------------------------------


def named_count_mismatch(items: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """One row per list of names with its count; a finding when they differ (with 等, when
    more names are listed than counted)."""
    regions, rows = _regions(plans), []
    for claim in _claims(items, "named_count"):
        names = [i for i in claim if i["item_role"] == "name"]
        counts = [i for i in claim if i["item_role"] == "count"]
        if not names or len(counts) != 1:
            continue
        count = counts[0]
        stated = int(count["value_numeric"])
        at_least = count["comparator"] == ">="  # 等N个: the list may be shorter
        wrong = len(names) > stated if at_least else len(names) != stated
        listed = "、".join(n["item_text"] for n in names)
        problem = (
            f"{len(names)} names are listed ({listed}) but the count printed after them is {count['item_text']}"
            if wrong
            else None
        )
        rows.append(_row(count, regions, listed, None, problem))
    return _frame([{**r, "named_count_mismatch": r.pop("problem")} for r in rows], "named_count_mismatch")


# Dates ---------------------------------------------------------------------------------------


def _date_problem(d: dict) -> str | None:
    month = int(d["month"])
    day = None if _missing(d["day"]) else int(d["day"])
    year_text = None if _missing(d["year_text"]) else str(d["year_text"])
    if year_text is not None and d["has_year_mark"] is False:
        return f"the year {year_text} runs into the month without 年 ({d['date_text']})"
    if not 1 <= month <= 12:
        return f"month {month} does not exist ({d['date_text']})"
    if day is not None:
        # without a year, February may have 29 days
        last = calendar.monthrange(int(year_text) if year_text else 2000, month)[1]
        if not 1 <= day <= last:
            return f"{month}月 has no day {day} ({d['date_text']})"
    return None


def malformed_dates(dates: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """One row per printed date; a finding when no calendar has it."""
    regions = _regions(plans)
    rows = []
    for d in dates.to_dict("records"):
        d = {**d, "has_year_mark": None if _missing(d["has_year_mark"]) else bool(d["has_year_mark"])}
        rows.append(
            {
                **_row({**d, "sentence_text": d["date_text"]}, regions, d["date_text"], None, None),
                "malformed_date": _date_problem(d),
            }
        )
    return _frame([{k: v for k, v in r.items() if k != "problem"} for r in rows], "malformed_date")


# Plan titles -----------------------------------------------------------------------------------

# characters whose change names another plan: a period or year numeral, a region level
_NAMES_ANOTHER_PLAN = frozenset(CN_NUMBER_CHARS + "0123456789省市县州区旗盟乡镇")
_MAX_TITLE_EDITS = 2
_MIN_TITLE_CHARS = 8


def _title_form(text: str) -> str:
    return "".join(text.split()).replace('"', "“")


def _edited_characters(a: str, b: str) -> set[str]:
    changed = set()
    for op in Levenshtein.editops(a, b):
        if op.tag in ("replace", "delete"):
            changed.add(a[op.src_pos])
        if op.tag in ("replace", "insert"):
            changed.add(b[op.dest_pos])
    return changed


def title_mention_differs(mentions: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """One row per quoted title close to a title of its document's plans; a finding when it
    is one or two characters off every one of them (the first such quote of each wording)."""
    regions, rows, seen = _regions(plans), [], set()
    if mentions.empty:
        return _frame(rows, "title_mention_differs")
    titles = defaultdict(list)
    for p in plans.to_dict("records"):
        if isinstance(p.get("plan_title"), str):
            titles[p["document_id"]].append(p)
    for m in mentions.sort_values(["document_id", "source_line"]).to_dict("records"):
        quoted = _title_form(m["title_text"])
        own = titles.get(m["document_id"], [])
        if len(quoted) < _MIN_TITLE_CHARS or any(_title_form(p["plan_title"]) == quoted for p in own):
            continue
        near = [
            (Levenshtein.distance(quoted, _title_form(p["plan_title"])), p)
            for p in own
            if len(_title_form(p["plan_title"])) >= _MIN_TITLE_CHARS
        ]
        near = [(d, p) for d, p in near if d <= _MAX_TITLE_EDITS]
        if not near:
            continue
        distance, plan = min(near, key=lambda x: x[0])
        title = _title_form(plan["plan_title"])
        if _edited_characters(quoted, title) & _NAMES_ANOTHER_PLAN:
            continue
        key = (plan["plan_id"], quoted)
        problem = None
        if key not in seen:
            seen.add(key)
            problem = (
                f"the plan is quoted as 《{quoted}》 and titled {title}: "
                f"{distance} character(s) apart (minor: the same plan, worded two ways)"
            )
        rows.append(
            {
                "document_id": m["document_id"],
                "plan_id": plan["plan_id"],
                "region_code": regions.get(plan["plan_id"]),
                "source_line": m["source_line"],
                "printed_text": f"《{quoted}》",
                "related_source_line": plan.get("source_line"),
                "related_text": title,
                "subject": title,
                "related_document_id": m["document_id"],
                "title_mention_differs": problem,
            }
        )
    return _frame(rows, "title_mention_differs")


# Growth conventions ------------------------------------------------------------------------------

_SHARE_UNITS = ("%", "‰")


def _half(text) -> float:
    return 0.5 * 10 ** -rules.printed_decimals(None if _missing(text) else str(text))


def _convention(g: dict, unit: str | None) -> str | None:
    """'points' or 'relative' when exactly one of the two readings gives the printed growth."""
    if unit not in _SHARE_UNITS or _missing(g.get("start_value")) or _missing(g.get("end_value")):
        return None
    start, end, growth = float(g["start_value"]), float(g["end_value"]), float(g["value_numeric"])
    # relative change alone: a count unit leaves out the points reading, no years the CAGR one
    relative = (
        rules.classify_growth(
            growth, g["value_text"], start, end, None, "个", g.get("start_text"), g.get("end_text")
        )[0]
        == "relative_change"
    )
    tolerance = _half(g.get("start_text")) + _half(g.get("end_text")) + _half(g["value_text"]) + 1e-9
    points = abs(growth - (end - start)) <= tolerance
    if relative == points:
        return None
    return "relative" if relative else "points"


def growth_conventions_mixed(values: pd.DataFrame, cells: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """One row per growth value of a share indicator whose reading is unambiguous; one finding per
    table column that mixes the two conventions."""
    regions = _regions(plans)
    units, texts = {}, {}
    for r in values[values["value_kind"].isin(["actual", "target"])].to_dict("records"):
        key = (r["plan_id"], r.get("table_seq"), r["indicator_name"])
        if isinstance(r.get("unit"), str):
            units.setdefault(key, r["unit"])
        texts[(key, r.get("year"), r["value_kind"])] = r["value_text"]
    column_of = {
        (c["document_id"], c["source_line"], c["span_start"]): c["col_idx"]
        for c in cells[["document_id", "source_line", "span_start", "col_idx"]].dropna().to_dict("records")
    }
    groups: dict[tuple, list[tuple[dict, str]]] = defaultdict(list)
    for g in rules.growth_frame(values).to_dict("records"):
        key = (g["plan_id"], g.get("table_seq"), g["indicator_name"])
        g["start_text"] = texts.get((key, g.get("start_year"), "actual"))
        convention = _convention(g, units.get(key))
        if convention is None:
            continue
        column = column_of.get((g["document_id"], g["source_line"], g.get("span_start")))
        groups[(g["plan_id"], g.get("table_seq"), column)].append((g, convention))
    rows = []
    for found in groups.values():
        by_kind = {k: [g for g, c in found if c == k] for k in ("relative", "points")}
        mixed = all(by_kind.values())
        minority = "points" if len(by_kind["points"]) <= len(by_kind["relative"]) else "relative"
        majority = "relative" if minority == "points" else "points"
        first = by_kind[minority][0] if mixed else None
        for g, _ in found:
            related = by_kind[majority][0] if g is first else None
            problem = None
            if related is not None:
                others = [o["indicator_name"] for o in by_kind[minority][1:]]
                problem = (
                    f"{g['indicator_name']}: growth {g['value_text']} is the {_SAYS[minority]} of "
                    f"{_num(g['start_value'])} → {_num(g['end_value'])}"
                    + (f" (so are {'、'.join(others)})" if others else "")
                    + f", while {len(by_kind[majority])} row(s) of the same column give the {_SAYS[majority]} "
                    f"({related['indicator_name']}: {related['value_text']} for "
                    f"{_num(related['start_value'])} → {_num(related['end_value'])})"
                )
            rows.append(
                {
                    "document_id": g["document_id"],
                    "plan_id": g["plan_id"],
                    "region_code": regions.get(g["plan_id"]),
                    "source_line": g["source_line"],
                    "printed_text": f"{g['indicator_name']} {g['value_text']}",
                    "related_source_line": None if related is None else related["source_line"],
                    "related_text": None
                    if related is None
                    else f"{related['indicator_name']} {related['value_text']}",
                    "subject": g["indicator_name"],
                    "related_document_id": None if related is None else related["document_id"],
                    "growth_conventions_mixed": problem,
                }
            )
    return _frame(rows, "growth_conventions_mixed")


_SAYS = {"points": "percentage-point change", "relative": "relative change"}
