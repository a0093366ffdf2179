"""Fuzzy matching proposes indicator synonyms; a reviewer decides in the dbt seed.

`python -m orchestration.propose_synonyms` reads the normalized indicator names of the
warehouse (intermediate.int_indicator_names, read-only), proposes pairs of names that
are probably the same indicator worded differently, and writes them to
warehouse/plans/review/indicator_synonym_proposals.csv for review. Across periods it also
sets every target no plan reports an actual for (fct_target_attainment 'no_actual') against
the actuals of the same region and year that answer no target: a later plan that renames an
indicator (老年人 -> 老人, 站点 -> 站) is proposed there, with a lower score threshold because
region and year already agree (`propose_cross_period`). Accepted pairs are copied
by the reviewer into dbt_project/seeds/indicator_synonyms.csv; nothing is merged
automatically, because two similar names can be different indicators
(城市低保标准 / 农村低保标准).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Words that make two otherwise similar names different indicators.
DISTINGUISHING_WORDS = (
    "城市",
    "农村",
    "城乡",
    "新增",
    "新建",
    "覆盖率",
    "比",
    "数",
    "总量",
    "标准",
    "增速",
    "率",
)


@dataclass(frozen=True)
class SynonymProposal:
    name: str
    candidate: str
    score: float


def _distinguishing_words(name: str) -> set[str]:
    return {word for word in DISTINGUISHING_WORDS if word in name}


def _comparable(name: str) -> str:
    # 比例/比率/占比 and 最低生活保障/低保 are printed interchangeably in these plans.
    name = re.sub(r"最低生活保障", "低保", name)
    return re.sub(r"比率|比例|占比", "比", name)


def _similarity(a: str, b: str, **_) -> float:
    # Word order varies between plans (护理型养老床位 / 养老机构护理型床位): compare the
    # characters in order and as sorted multisets, and keep the better score.
    return max(fuzz.ratio(a, b), fuzz.ratio("".join(sorted(a)), "".join(sorted(b))))


def propose_synonyms(names: list[str], min_score: float = 85.0) -> list[SynonymProposal]:
    """Pairs of distinct names scoring >= min_score that do not differ in a distinguishing word."""
    unique = sorted(set(names))
    comparable = [_comparable(n) for n in unique]
    proposals = []
    for i, name in enumerate(unique):
        matches = process.extract(
            comparable[i], comparable[i + 1 :], scorer=_similarity, score_cutoff=min_score, limit=None
        )
        for _, score, offset in matches:
            candidate = unique[i + 1 + offset]
            if _distinguishing_words(comparable[i]) == _distinguishing_words(comparable[i + 1 + offset]):
                proposals.append(SynonymProposal(name, candidate, round(score, 1)))
    return sorted(proposals, key=lambda p: (-p.score, p.name, p.candidate))


@dataclass(frozen=True)
class CrossPeriodProposal:
    region_code: str
    year: int
    target_name: str  # canonical name of a target no actual answers
    candidate: str  # canonical name of an actual of the same region and year that answers no target
    score: float


# Region and year agree, so a lower score is worth a reviewer's look; still only a proposal.
CROSS_PERIOD_MIN_SCORE = 75.0


def propose_cross_period(
    unanswered_targets: list[tuple[str, int, str]],
    unmatched_actuals: list[tuple[str, int, str]],
    min_score: float = CROSS_PERIOD_MIN_SCORE,
) -> list[CrossPeriodProposal]:
    """(region_code, year, name) of targets without an actual against (region_code, year, name)
    of actuals answering no target: pairs of one region and year scoring >= min_score that do
    not differ in a distinguishing word. Nothing is matched: a reviewer adds the seed row."""
    actuals_at: dict[tuple[str, int], set[str]] = {}
    for region, year, name in unmatched_actuals:
        actuals_at.setdefault((region, year), set()).add(name)
    proposals = set()
    for region, year, name in set(unanswered_targets):
        for candidate in sorted(actuals_at.get((region, year), set()) - {name}):
            a, b = _comparable(name), _comparable(candidate)
            score = _similarity(a, b)
            if score >= min_score and _distinguishing_words(a) == _distinguishing_words(b):
                proposals.add(CrossPeriodProposal(region, year, name, candidate, round(score, 1)))
    return sorted(proposals, key=lambda p: (-p.score, p.region_code, p.year, p.target_name, p.candidate))
