"""What a file must be to be loaded: a plan, a regular file, printed once, extracted in time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import ingestion.landing as landing
from ingestion.decode import UnreadableDocument
from ingestion.extract import extract_document
from ingestion.landing import (
    LANDED_MARKER,
    SourceMissing,
    land_file,
    list_plan_files,
    remove_abandoned_landing,
    write_landing,
)
from ingestion.plan_presence import not_a_plan_reason
from ingestion.repeats import find_repeated_copy, repeated_copy_warning
from orchestration.assets.ingestion import _land_one, land_documents
from tests.conftest import SAMPLE_PLANS_DIR

SAMPLE = (SAMPLE_PLANS_DIR / "003_b3f5121ee16d8fba.txt").read_text(encoding="utf-8")

# An invented plan in a layout of its own: a title without a period, chapters, a table.
INVENTED = """青川县养老服务体系建设规划

第一章 发展基础
全县城乡低保对象逐步纳入动态管理，救助标准稳步提高。
临时救助实现乡镇全覆盖，急难对象先行救助。

第二章 主要目标
到规划期末，困难群众基本生活得到有效保障。

表1 主要指标
序号\t指标\t目标值\t属性
1\t城乡低保标准年均增长（%）\t6\t预期性
2\t特困人员供养服务机构护理型床位占比（%）\t≥50\t约束性

第三章 重点工程
1. 县级救助服务中心建设项目，总投资1200万元。
2. 乡镇救助站改造项目，总投资800万元。
"""


def test_a_readme_is_not_a_plan_and_the_reason_says_why():
    readme = "说明\n本文件夹收录各地民政规划文本，供研究使用。\n请勿修改文件名。\n"
    extract = extract_document(readme.encode("utf-8"), "readme.txt")
    reason = not_a_plan_reason(extract)
    assert reason is not None and reason.startswith("not a plan")


def test_a_plan_without_a_period_is_still_a_plan():
    extract = extract_document(INVENTED.encode("utf-8"), "county/aid.txt")
    assert extract.plans and extract.plans[0].period_start_year is None
    assert not_a_plan_reason(extract) is None
    assert not_a_plan_reason(extract_document(SAMPLE.encode("utf-8"), "p.txt")) is None


def test_a_readme_in_the_raw_folder_is_refused_by_name_and_lands_nothing(tmp_path):
    (tmp_path / "readme.txt").write_text("说明\n本文件夹收录规划文本。\n", encoding="utf-8")
    with pytest.raises(UnreadableDocument, match=r"^readme\.txt: not a plan"):
        land_file(tmp_path, "readme.txt", tmp_path / "landing", "readme")
    assert not (tmp_path / "landing" / "readme").exists()


@pytest.mark.parametrize("text", [INVENTED, SAMPLE], ids=["invented", "sample"])
def test_a_plan_printed_twice_counts_its_facts_once_with_a_warning(text):
    once = extract_document(text.encode("utf-8"), "plan.txt")
    twice = extract_document((text + "\n" + text).encode("utf-8"), "plan.txt")
    assert twice.document.line_count > once.document.line_count  # every printed line is kept
    for table in ("indicator_values", "projects", "funding", "stated_totals", "statements", "plans"):
        assert len(getattr(twice, table)) == len(getattr(once, table)), table
    assert len(once.indicator_values) > 0
    warning = repeated_copy_warning(twice)
    assert warning and warning.startswith("plan.txt: lines ") and "counted once" in warning
    assert repeated_copy_warning(once) is None


def test_a_title_printed_again_over_another_body_is_not_a_repeat():
    lines = INVENTED.splitlines()
    closing = ["", lines[0], "附：本规划由县民政局负责解释。", "各乡镇结合实际抓好落实。"]
    assert find_repeated_copy(lines + closing, [1]) is None
    # a copy that differs in a third of its lines is another text, not a repeat
    edited = [line + "（修订）" if i % 3 == 0 and i else line for i, line in enumerate(lines)]
    assert find_repeated_copy(lines + [""] + edited, [1]) is None
    assert find_repeated_copy(lines + [""] + lines, [1]) is not None


def test_symlinks_are_refused_by_default_and_followed_only_inside_the_raw_folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text(INVENTED, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text(INVENTED, encoding="utf-8")
    (raw / "inside_link.txt").symlink_to(raw / "plan.txt")
    (raw / "outside_link.txt").symlink_to(outside)
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    assert list_plan_files(raw) == ["inside_link.txt", "outside_link.txt", "passwd.txt", "plan.txt"]
    landing_dir = tmp_path / "landing"
    for name in ("inside_link.txt", "outside_link.txt", "passwd.txt"):
        with pytest.raises(UnreadableDocument, match=rf"^{name}: a symbolic link"):
            land_file(raw, name, landing_dir, name[:-4])
    assert not land_file(raw, "inside_link.txt", landing_dir, "inside_link", follow_links=True).reused
    for name in ("outside_link.txt", "passwd.txt"):
        with pytest.raises(UnreadableDocument, match="outside the raw directory"):
            land_file(raw, name, landing_dir, name[:-4], follow_links=True)


def test_a_named_pipe_is_refused_without_being_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block forever
    assert list_plan_files(tmp_path) == ["pipe.txt"]
    # refused from its lstat alone: opened, it would block forever
    with pytest.raises(UnreadableDocument, match=r"^pipe\.txt: not a regular file"):
        land_file(tmp_path, "pipe.txt", tmp_path / "landing", "pipe")


def test_errors_are_labelled_by_their_real_cause(tmp_path, monkeypatch):
    with pytest.raises(SourceMissing):
        land_file(tmp_path, "gone.txt", tmp_path / "landing", "gone")
    _, _, error = _land_one(str(tmp_path), "gone.txt", str(tmp_path / "landing"))
    assert error.startswith("gone.txt: file was removed")

    (tmp_path / "plan.txt").write_text(INVENTED, encoding="utf-8")

    def landing_folder_vanished(*args, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", str(tmp_path / "landing" / ".x.tmp"))

    monkeypatch.setattr(landing, "write_landing", landing_folder_vanished)
    _, _, error = _land_one(str(tmp_path), "plan.txt", str(tmp_path / "landing"))
    assert error.startswith("plan.txt: landing failed: FileNotFoundError") and "removed" not in error


def _runaway_or_real(data: bytes, source_path: str):
    if source_path == "runaway.txt":
        while True:  # a parser gone quadratic, as far as the run can tell
            pass
    return extract_document(data, source_path)


def test_a_runaway_file_becomes_a_named_error_while_the_others_land(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    counties = {"a.txt": "青川县", "b.txt": "旺苍县", "c.txt": "剑阁县", "runaway.txt": "苍溪县"}
    names = list(counties)  # four files: the parallel workers run them
    for name, county in counties.items():
        (raw / name).write_text(INVENTED.replace("青川县", county), encoding="utf-8")
    monkeypatch.setattr(landing, "extract_document", _runaway_or_real)
    monkeypatch.setenv("PLAN_WAREHOUSE_FILE_TIMEOUT", "3")
    outcome = land_documents(raw, names, tmp_path / "landing")
    assert [p for p, (landed, _) in outcome.items() if landed] == ["a.txt", "b.txt", "c.txt"]
    error = outcome["runaway.txt"][1]
    assert error.startswith("runaway.txt: extraction ran past its 3 s budget")


def test_two_writers_of_one_landing_folder_leave_it_complete(tmp_path):
    extract = extract_document(INVENTED.encode("utf-8"), "plan.txt")
    landing_dir = tmp_path / "landing"
    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            code = 0
            try:
                for _ in range(15):
                    write_landing(extract, landing_dir)
            except BaseException:
                code = 1
            os._exit(code)
        children.append(pid)
    assert [os.waitpid(pid, 0)[1] for pid in children] == [0, 0]
    folder = landing_dir / extract.document.document_id
    assert (folder / LANDED_MARKER).exists() and (folder / "documents.parquet").exists()
    assert sorted(p.name for p in landing_dir.iterdir()) == [extract.document.document_id]


def test_staging_folders_of_a_killed_run_are_removed(tmp_path, dead_pid):
    landing_dir = tmp_path / "landing"
    dead = dead_pid
    leftovers = [f".doc.{dead}.0123abcd.tmp", f".doc.{dead}.4567abcd.old"]
    live = f".doc.{os.getpid()}.89abcdef.tmp"
    for name in [*leftovers, live, "doc"]:
        (landing_dir / name).mkdir(parents=True)
    assert sorted(remove_abandoned_landing(landing_dir)) == sorted(leftovers)
    assert sorted(p.name for p in landing_dir.iterdir()) == sorted([live, "doc"])


def test_staging_folders_of_another_host_are_left_alone(tmp_path, dead_pid):
    """A landing folder shared by the workers of a cluster: a process id of another machine says
    nothing here, so only this host's dead staging folders go."""
    landing_dir = tmp_path / "landing"
    host = landing._host()
    mine = f".doc.{dead_pid}@{host}.0123abcd.tmp"
    other = f".doc.{dead_pid}@some-other-host.4567abcd.tmp"
    for name in [mine, other]:
        (landing_dir / name).mkdir(parents=True)
    assert remove_abandoned_landing(landing_dir) == [mine]
    assert [p.name for p in landing_dir.iterdir()] == [other]


def test_list_plan_files_sees_nested_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    Path(tmp_path / "a" / "b" / "p.txt").write_text(INVENTED, encoding="utf-8")
    assert list_plan_files(tmp_path) == ["a/b/p.txt"]
