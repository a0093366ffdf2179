"""The file-backed GX project: set up once, then opened as it is."""

from __future__ import annotations

from expectations.runner import gx_context


def test_the_gx_project_reads_no_config_variables_file_and_is_set_up_once(tmp_path):
    context = gx_context(tmp_path)
    # GX would parse this YAML file on every read of a context variable
    assert context.variables.config_variables_file_path is None
    assert not context.variables.analytics_enabled
    config = tmp_path / "gx" / "great_expectations.yml"
    written = config.stat().st_mtime_ns
    again = gx_context(tmp_path)
    assert again.variables.config_variables_file_path is None
    assert config.stat().st_mtime_ns == written  # opened, not written again
