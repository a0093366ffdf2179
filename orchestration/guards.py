"""Guard rails: a run never empties what it serves by accident (contract, "Operations").

One rule, used by every path that removes data: `make run` (run_all, before it touches the
`documents` partitions), the load step (before it prunes raw), the sensor (before it
deletes partitions) and the publish (before it replaces the published copy). A removal is
refused when it would leave nothing of what there was, or take away more than
MAX_REMOVED_SHARE of it - an empty or unmounted raw folder, a typo in
PLAN_WAREHOUSE_RAW_DIR - unless removals are allowed explicitly: `run_all --allow-removals`
(a tag on the runs it starts) or PLAN_WAREHOUSE_ALLOW_REMOVALS=1 (sensor, daemon, scripts).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from orchestration.settings import env_flag

ALLOW_REMOVALS_ENV = "PLAN_WAREHOUSE_ALLOW_REMOVALS"
ALLOW_REMOVALS_TAG = "plan_warehouse/allow_removals"
# More than this share of what there was, removed in one run, needs an explicit allowance.
MAX_REMOVED_SHARE = 0.5
HOW_TO_ALLOW = f"run_all --allow-removals (or {ALLOW_REMOVALS_ENV}=1)"


class RemovalRefused(RuntimeError):
    """A run would remove most (or all) of what the warehouse holds; nothing was removed."""


def removals_allowed(tags: Mapping[str, str] | None = None) -> bool:
    """Removals were allowed for this run: by its tag (run_all --allow-removals) or the environment."""
    return env_flag(ALLOW_REMOVALS_ENV) or (tags or {}).get(ALLOW_REMOVALS_TAG) == "true"


def too_many_removed(before: int, after: int) -> bool:
    """From `before` items to `after`: none left, or more than MAX_REMOVED_SHARE of them gone."""
    return before > 0 and (after <= 0 or before - after > before * MAX_REMOVED_SHARE)


def document_removal_refusal(raw_dir: Path, loaded: int, removing: int) -> str | None:
    """The refusal message when removing `removing` of `loaded` documents is too many, else None."""
    if not too_many_removed(loaded, loaded - removing):
        return None
    left = loaded - removing
    return (
        f"refusing to remove {removing} of the {loaded} loaded documents "
        f"({'none would be left' if left <= 0 else f'only {left} would be left'}): "
        f"the raw folder {raw_dir} (PLAN_WAREHOUSE_RAW_DIR) no longer lists them. "
        f"Is it mounted, is the path right? Nothing was removed and the published copy stays as it was. "
        f"If the removals are intended: {HOW_TO_ALLOW}"
    )


def shrink_refusal(published: Mapping[str, int], new: Mapping[str, int]) -> str | None:
    """Why a copy must not replace the published one, or None.

    published, new: {table: rows} of the marts that hold the plans' rows (those with a
    document_id). Together, not table by table: deleting one plan of three may take half
    of one small mart's rows, and that is no accident; losing most of all of them is.
    """
    before = sum(published.values())
    after = sum(new.get(table, 0) for table in published)
    if not too_many_removed(before, after):
        return None
    tables = ", ".join(f"{table} {new.get(table, 0)} of {rows}" for table, rows in sorted(published.items()))
    return f"the marts would keep {after} of their {before} published rows ({tables})"
