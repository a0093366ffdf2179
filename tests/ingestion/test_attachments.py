"""Which file is a plan's attachment (ingestion/attachments.py): by folder, by name, or none."""

from __future__ import annotations

from ingestion.attachments import DocumentInfo, Link, link_attachments

TITLE = "某某县“十四五”养老服务体系建设规划"


def doc(doc_id: str, path: str, fmt: str, *titles: str | None) -> DocumentInfo:
    return DocumentInfo(doc_id, path, fmt, tuple(enumerate(titles or (None,), start=1)))


def test_a_spreadsheet_in_the_plans_own_folder_is_its_attachment():
    links = link_attachments(
        [doc("main", "某某县/规划.docx", "docx", TITLE), doc("sheet", "某某县/项目表.xls", "xls")]
    )
    assert links == {"main": Link("main"), "sheet": Link("attachment", "main", 1)}


def test_a_file_named_after_the_plan_with_fujian_is_its_attachment():
    links = link_attachments(
        [
            doc("main", "plans/a.docx", "docx", TITLE),
            doc("other", "plans/b.docx", "docx", "某某县“十四五”民政事业发展规划"),
            doc("sheet", "plans/某某县十四五养老服务体系建设规划附件1：重点项目表.xlsx", "xlsx"),
            doc("annex", "plans/某某县“十四五”民政事业发展规划附表.doc", "doc", None),
        ]
    )
    assert links["sheet"] == Link("attachment", "main", 1)
    assert links["annex"] == Link("attachment", "other", 1)


def test_the_matching_plan_of_a_file_that_holds_two():
    links = link_attachments(
        [
            doc("two", "a.docx", "docx", "某某县“十四五”民政事业发展规划", TITLE),
            doc("sheet", "某某县十四五养老服务体系建设规划附件.xlsx", "xlsx"),
        ]
    )
    assert links["sheet"] == Link("attachment", "two", 2)


def test_a_spreadsheet_nobody_can_attach_is_standalone():
    links = link_attachments(
        [
            doc("main", "a.docx", "docx", TITLE),
            doc("sheet", "统计表.xlsx", "xlsx"),  # no 附件 in its name, not in a plan's folder
            doc("stray", "另一县规划附件1.xlsx", "xlsx"),  # names no loaded plan
        ]
    )
    assert links["sheet"] == Link("standalone") and links["stray"] == Link("standalone")


def test_a_plan_published_as_fujian_is_a_plan_not_an_attachment():
    # 附件：某某县…规划.docx is often the plan itself, attached to a notice: its text has a title
    links = link_attachments(
        [
            doc("notice", "n/通知.docx", "docx", "关于印发规划的通知"),
            doc("plan", "n/附件.docx", "docx", TITLE),
        ]
    )
    assert links["plan"] == Link("main")


def test_two_plans_in_one_folder_leave_the_folder_rule_to_the_names():
    links = link_attachments(
        [
            doc("a", "f/a.docx", "docx", TITLE),
            doc("b", "f/b.docx", "docx", "某某县“十四五”民政事业发展规划"),
            doc("sheet", "f/项目表.xlsx", "xlsx"),
        ]
    )
    assert links["sheet"] == Link("standalone")
