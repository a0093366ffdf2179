"""Great Expectations (GX Core 1.x) quality layer of the plan warehouse.

suites.py: the suites as code; rules.py: the pure rules GX has no built-in for;
runner.py: validate the marts (read-only) and collect results and findings;
audit.py: append results to audit.quality_results; report.py: the per-run HTML page.
"""

import os

# GX sends usage statistics unless told not to; the warehouse never talks to the network.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
