"""Years as plans print them, and the years a fact may carry around its plan's period.

The period names and their arithmetic (十四五 -> 2021-2025) are ingestion/periods.py's,
built on these patterns; the checks (expectations/suites.py) take the horizons from here.
"""

from __future__ import annotations

from vocabulary.text import RANGE_JOINERS

# A year of the plans' era, as printed in Arabic digits.
YEAR = r"(?:19|20)\d{2}"
# Two years joined by a dash or 至/到 ("2026—2030年", "2021-2025", "2021年至2025年"):
# group 1 is the first year, group 2 the last.
YEAR_RANGE = rf"({YEAR})\s*年?\s*[{RANGE_JOINERS}]+\s*({YEAR})"

# The month a construction period may print after a year: "2026.03", "2026年3月".
YEAR_MONTH = r"(?:[.．/]\s*(?:0?[1-9]|1[0-2])(?!\d)|年\s*(?:0?[1-9]|1[0-2])\s*月份?)"

# Every five-year plan runs five years.
PERIOD_YEARS = 5
# The years of a period are at most this far apart ("2021-2035年远景" is a vision, not a period).
MAX_PERIOD_SPAN = 15

# Years a fact may carry around a 2021–2025 plan: baselines back to the previous plan's
# base year (2015), long-range goals up to the vision year 2035.
FACT_YEARS_BEFORE_PERIOD = PERIOD_YEARS + 1
FACT_YEARS_AFTER_PERIOD = 2 * PERIOD_YEARS
# Projects run inside the plan, give or take a continuation of the previous or next one.
PROJECT_YEARS_BEFORE_PERIOD = PERIOD_YEARS
PROJECT_YEARS_AFTER_PERIOD = PERIOD_YEARS
