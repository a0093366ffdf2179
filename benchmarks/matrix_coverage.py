"""Does the read audit see what the converter matrix says was missed?

For every case of the converter matrix (tests/formats/matrix.py: plan family x converter x
degradation) print: passed?, facts right/total, the document's read coverage (read numbers /
audited numbers, as dim_document.read_coverage derives it; '-' when nothing was audited) and
the number of unread lines. Then the two figures the audit is judged by:

- failing cases whose coverage is not below 1.0 (1.0 or undefined): a layout the extractor
  does not know that looks fully read;
- passing cases whose coverage is below 1.0: false alarms.

Usage: python -m benchmarks.matrix_coverage CACHE_DIR [--quiet]
(CACHE_DIR: the conversions cache, as `python -m tests.formats.matrix` takes it.)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from tests.formats.matrix import CONVERTERS, DEGRADATIONS, MATRIX_PLANS, Cache, case_audit, unlisted_misses


@dataclass(frozen=True)
class CaseFigures:
    case: str
    passed: bool
    right: int
    total: int
    coverage: float | None
    unread_lines: int
    unlisted: int  # missing fact rows whose value lines are not listed as unread


def figures(cache: Cache) -> list[CaseFigures]:
    out = []
    for mp in MATRIX_PLANS:
        for converter in CONVERTERS:
            for degradation in DEGRADATIONS:
                audit = case_audit(mp, converter, degradation, cache)
                out.append(
                    CaseFigures(
                        f"{mp.family}/{converter}/{degradation}",
                        audit.failure is None,
                        audit.right,
                        audit.total,
                        audit.coverage,
                        len(audit.unread_lines),
                        len(unlisted_misses(audit)),
                    )
                )
    return out


def main(argv: list[str]) -> None:
    root = Path(argv[0])
    quiet = "--quiet" in argv
    rows = figures(Cache(root))
    if not quiet:
        print(
            "| case | passed | facts right | coverage | unread lines | missing rows not listed |\n"
            "| --- | --- | --- | --- | --- | --- |"
        )
        for r in rows:
            cov = "-" if r.coverage is None else f"{r.coverage:.3f}"
            print(
                f"| {r.case} | {'yes' if r.passed else 'no'} | {r.right}/{r.total} | {cov} "
                f"| {r.unread_lines} | {r.unlisted} |"
            )
    failing = [r for r in rows if not r.passed]
    blind = [r for r in failing if r.coverage is None or r.coverage >= 1.0]
    alarms = [r for r in rows if r.passed and r.coverage is not None and r.coverage < 1.0]
    print(f"\ncases: {len(rows)}, passed {len(rows) - len(failing)}, failing {len(failing)}")
    print(f"failing with coverage 1.0: {sum(1 for r in blind if r.coverage is not None)}")
    print(f"failing with nothing audited (coverage undefined): {sum(1 for r in blind if r.coverage is None)}")
    print(f"passing with coverage < 1.0 (false alarms): {len(alarms)}")
    unlisted = [r for r in failing if r.unlisted]
    print(
        f"failing with missing rows whose lines are not listed as unread: {len(unlisted)} cases, "
        f"{sum(r.unlisted for r in unlisted)} rows"
    )
    groups = (("failing, not below 1.0", blind), ("false alarms", alarms), ("misses not listed", unlisted))
    for title, group in groups:
        print(f"\n{title}:")
        for r in group:
            cov = "-" if r.coverage is None else f"{r.coverage:.3f}"
            print(
                f"  {r.case}  facts {r.right}/{r.total}  coverage {cov}  unread lines {r.unread_lines}"
                f"  not listed {r.unlisted}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
