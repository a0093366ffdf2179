"""`make watch`: which edits reach the pipeline, and as which runs (orchestration/watch.py)."""

from __future__ import annotations

import os

from orchestration.watch import documents_to_run, watch


def _touch(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # a new mtime even on a coarse clock: the scan hashes a file whose size or mtime changed
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_an_edit_during_the_catch_up_pass_is_seen_by_the_next_scan(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"规划 {name}\n", encoding="utf-8")
    seen = []

    def edit_while_catching_up():
        _touch(tmp_path / "b.txt", "规划 b.txt，已修改\n")

    watch(tmp_path, 0.01, lambda changed, deleted: seen.append((changed, deleted)), edit_while_catching_up, 2)
    assert seen == [(["b.txt"], [])]


def test_new_deleted_and_untouched_files(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"规划 {name}\n", encoding="utf-8")
    seen = []

    def edit():
        (tmp_path / "a.txt").unlink()
        (tmp_path / "d.txt").write_text("新规划\n", encoding="utf-8")
        # same content written again: a new mtime, but nothing to refresh
        _touch(tmp_path / "b.txt", "规划 b.txt\n")

    watch(tmp_path, 0.01, lambda changed, deleted: seen.append((changed, deleted)), edit, 2)
    assert seen == [(["d.txt"], ["a.txt"])]


def test_one_changed_file_is_named_and_anything_else_runs_as_make_run():
    assert documents_to_run(["a.txt"], []) == ["a.txt"]
    assert documents_to_run(["a.txt", "b.txt"], []) is None
    assert documents_to_run(["a.txt"], ["b.txt"]) is None
    assert documents_to_run([], ["b.txt"]) is None
