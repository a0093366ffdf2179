"""Claims of one text against themselves: parts against their whole, count × per-unit area,
an area restated in 亩, the table of contents against the body, period words against their
section and their years.

Extraction found the claims (ingestion/text_claims.py -> raw.text_claims -> stg_text_claims:
one row per item of a claim); each rule here compares the items of one claim and returns
one row per claim compared, with the explanation when they disagree. Nothing here reads text.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import groupby

import pandas as pd

from expectations.crosschecks.pairs import missing, num

TEXT_CLAIMS = "stg_text_claims"  # staging.stg_text_claims: the claims the rules compare

# 1 亩 = 10000/15 平方米 (the statutory conversion)
SQUARE_METRES_PER_MU = 10000 / 15


def claims_of(claims: pd.DataFrame, kind: str) -> Iterator[tuple[str, list[dict]]]:
    """(document_id, the claim's items in order) of every claim of `kind`."""
    rows = claims[claims["claim_kind"] == kind].sort_values(["text_claim_id", "item_seq"])
    records = [{k: (None if missing(v) else v) for k, v in r.items()} for r in rows.to_dict("records")]
    for (document_id, _), items in groupby(records, key=lambda r: (r["document_id"], r["text_claim_id"])):
        yield document_id, list(items)


def _role(items: list[dict], role: str) -> list[dict]:
    return [i for i in items if i["item_role"] == role]


def _period(item: dict) -> tuple[int, int]:
    return int(item["period_start_year"]), int(item["period_end_year"])


def _row(
    document_id: str, main: dict, related: dict | None, subject: str, problem: str | None, **shown
) -> dict:
    return {
        "document_id": document_id,
        "source_line": int(main["source_line"]),
        "printed_text": shown.get("printed_text", main["printed_text"]),
        "related_source_line": None if related is None else int(related["source_line"]),
        "related_text": shown.get("related_text", None if related is None else related["printed_text"]),
        "subject": subject,
        "related_document_id": document_id,
        "problem": problem,
    }


def parts_against_whole(claims: pd.DataFrame) -> list[dict]:
    """The parts listed after 其中 (or in a parenthesis) against the whole stated before them.
    Parts may list only some of the whole, so only parts exceeding it are a contradiction,
    unless the list says it is complete (其余 …): then falling short is one too."""
    rows = []
    for document_id, items in claims_of(claims, "parts_of_whole"):
        (whole,), parts = _role(items, "whole"), _role(items, "part")
        total = float(sum(Decimal(str(p["value_numeric"])) for p in parts))
        slack = whole["value_tolerance"] + sum(p["value_tolerance"] for p in parts) + 1e-6
        value = whole["value_numeric"]
        problem = None
        if total - value > slack or (bool(whole["is_complete"]) and value - total > slack):
            problem = (
                f"the parts add up to {num(total)} {whole['unit']} "
                f"({' + '.join(p['value_text'] for p in parts)}) but the whole is {whole['value_text']}"
            )
        rows.append(_row(document_id, whole, parts[-1], whole["printed_text"], problem))
    return rows


def per_unit_products(claims: pd.DataFrame) -> list[dict]:
    """A count times its per-unit area (床均面积 50 平方米, 每所 …) against the stated area."""
    rows = []
    for document_id, items in claims_of(claims, "per_unit_area"):
        (total,), (count,), (per,) = _role(items, "total"), _role(items, "count"), _role(items, "per_unit")
        product = count["value_numeric"] * per["value_numeric"]
        slack = total["value_tolerance"] + count["value_numeric"] * per["value_tolerance"] + 1e-6
        problem = None
        if abs(product - total["value_numeric"]) > slack:
            problem = (
                f"{count['value_text']} × {per['value_text']} = {num(product)} 平方米, "
                f"but the area is stated as {total['value_text']}"
            )
        related_text = f"{count['value_text']} … {per['printed_text']}"
        rows.append(_row(document_id, total, per, total["printed_text"], problem, related_text=related_text))
    return rows


def area_restated_in_mu(claims: pd.DataFrame) -> list[dict]:
    """An area restated in 亩 must be the same area, to the printed precision of both figures."""
    rows = []
    for document_id, items in claims_of(claims, "area_in_mu"):
        (m2,), (mu,) = _role(items, "square_metres"), _role(items, "mu")
        converted = m2["value_numeric"] / SQUARE_METRES_PER_MU
        allowed = mu["value_tolerance"] + m2["value_tolerance"] / SQUARE_METRES_PER_MU + 1e-9
        problem = None
        if abs(converted - mu["value_numeric"]) > allowed:
            problem = f"{m2['value_text']} 平方米 is {converted:.2f} 亩, printed as {mu['value_text']} 亩"
        rows.append(_row(document_id, m2, mu, "area in 亩", problem))
    return rows


def toc_against_body(claims: pd.DataFrame) -> list[dict]:
    """Each table-of-contents entry against the body heading it points to: equal when the
    heading starts with the entry, worded otherwise (a finding) when extraction found it only
    by its numbering and a close wording, missing (a finding) when no heading and no line of
    the body prints its title."""
    rows = []
    for document_id, items in claims_of(claims, "toc_entry"):
        (entry,) = _role(items, "entry")
        heading = next(iter(_role(items, "heading")), None)
        problem = None
        if heading is not None and not heading["value_text"].startswith(entry["value_text"]):
            problem = (
                f"the table of contents prints “{entry['value_text']}”, "
                f"the body heading reads “{heading['value_text']}”"
            )
        elif heading is None and not _role(items, "title_in_text"):
            problem = (
                f"the table of contents lists “{entry['value_text']}” but no body heading has that title"
            )
        rows.append(_row(document_id, entry, heading, "table of contents", problem))
    return rows


def period_against_section(claims: pd.DataFrame) -> list[dict]:
    """A heading naming one five-year period over a section whose text names only another: it
    takes two mentions of the other period (or the section's first paragraph opening with it)
    and none of the heading's."""
    rows = []
    for document_id, items in claims_of(claims, "section_period"):
        (heading,) = _role(items, "heading")
        period = _period(heading)
        mentions = [i for i in items if i["item_role"] in ("mention", "opening_mention")]
        named = {_period(m) for m in mentions}
        others = [m for m in mentions if _period(m) != period]
        problem, related = None, None
        if period not in named and len(others) == 1:
            (other,) = others
            if other["value_numeric"] >= 2 or other["item_role"] == "opening_mention":
                problem = (
                    f"the heading names the {period[0]}–{period[1]} period, its section speaks only of "
                    f"{_period(other)[0]}–{_period(other)[1]} ({int(other['value_numeric'])} mentions)"
                )
                related = other
        rows.append(_row(document_id, heading, related, "section period", problem))
    return rows


def period_against_years(claims: pd.DataFrame) -> list[dict]:
    """A sentence naming a five-year period and a span of years that runs past that period's
    end while starting inside it ('“十三五”时期…2017 年至 2021 年共发放…'): the figure is given
    for another window than the period the sentence reports on."""
    rows = []
    for document_id, items in claims_of(claims, "period_of_figure"):
        (years,), (period,) = _role(items, "years"), _role(items, "period")
        (start, end), (first, last) = _period(period), _period(years)
        problem = None
        if start < first <= end < last:
            problem = (
                f"the sentence reports on the {start}–{end} period but gives a figure for {first}–{last}"
            )
        rows.append(_row(document_id, years, period, "period of a figure", problem))
    return rows


# Rules that compare the claims of one text: {rule: check(claims) -> rows}.
TEXT_RULES = {
    "parts_against_whole": parts_against_whole,
    "per_unit_product_mismatch": per_unit_products,
    "area_restated_in_mu": area_restated_in_mu,
    "toc_against_body": toc_against_body,
    "period_against_section": period_against_section,
    "period_against_years": period_against_years,
}
