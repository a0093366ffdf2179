"""Hypothesis profiles for the layout harness.

`make test` runs the derandomized "default" profile (fixed examples, fast);
`make fuzz` sets PLAN_WAREHOUSE_HYPOTHESIS_PROFILE=fuzz for many more random examples.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", derandomize=True, max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("PLAN_WAREHOUSE_HYPOTHESIS_PROFILE", "default"))
