"""GX stores a validation result per suite per run: only the newest are kept."""

from __future__ import annotations

from expectations.runner import prune_validation_results


def _result(root, suite: str, run_time: str, suffix: str = "json"):
    path = root / suite / "__none__" / run_time / f"plan_warehouse_marts-{suite}.{suffix}"
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    return path


def test_only_the_newest_results_of_each_suite_are_kept_and_their_pages_when_docs_are_rebuilt(tmp_path):
    store = tmp_path / "gx" / "uncommitted" / "validations"
    site = tmp_path / "gx" / "uncommitted" / "data_docs" / "local_site" / "validations"
    times = [f"20261204T0{h}0000.000000Z" for h in range(1, 6)]
    for suite in ("fct_projects", "cross_plan"):
        for t in times:
            _result(store, suite, t)
            _result(site, suite, t, "html")
    assert prune_validation_results(tmp_path, keep=2) == 6
    for suite in ("fct_projects", "cross_plan"):
        assert sorted(p.name for p in (store / suite / "__none__").iterdir()) == times[-2:]
        assert len(list((site / suite / "__none__").iterdir())) == 5  # pages stay until a rebuild
    assert prune_validation_results(tmp_path, keep=2, pages=True) == 6
    assert sorted(p.name for p in (site / "cross_plan" / "__none__").iterdir()) == times[-2:]
    assert prune_validation_results(tmp_path, keep=2, pages=True) == 0
