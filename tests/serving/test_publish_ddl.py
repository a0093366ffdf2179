"""A table whose DDL fails in the published copy fails the publish: a copy without the
contract's keys and NOT NULLs is never published silently."""

from __future__ import annotations

import duckdb
import pytest

from serving.publish import PublishError, publish
from tests.serving.factory import make_warehouse, sha256


def test_a_ddl_that_fails_in_the_copy_fails_the_publish_and_keeps_the_published_copy(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh" / "plans.duckdb")
    published = tmp_path / "pub" / "plans.duckdb"
    publish(warehouse, published)
    before = sha256(published)
    with duckdb.connect(str(warehouse)) as con:
        # a default naming a sequence of the warehouse: the copy has no such sequence
        con.execute("create sequence marts.seq_extra")
        con.execute(
            "create table marts.fct_extra (extra_id integer primary key default nextval('marts.seq_extra'))"
        )
        con.execute("insert into marts.fct_extra values (1)")
    with pytest.raises(PublishError, match=r"marts\.fct_extra: its DDL fails in the published copy"):
        publish(warehouse, published)
    assert sha256(published) == before
    assert [p.name for p in published.parent.iterdir() if p.name.endswith(".tmp")] == []
