"""Which file is a plan's attachment: a plan and its attachments are one plan in the warehouse.

A folder of downloaded plans holds the plan's text and, beside it, its key-project list or
indicator table as a separate file (附件1：重点项目表.xlsx). Such a file is an attachment
candidate when it is a spreadsheet, or when its name says 附件/附表 and its text has no plan
title of its own. A candidate belongs to the plan
- whose main text is the only plan with a title in the same sub-folder (one folder per plan), or
- whose title (or main file's name) its own file name carries, with 附件/附表 (the longest wins).
A candidate nobody can attach is 'standalone'; every other document is 'main'.

Pure: document rows in, links out. The loader (landing.py) applies them to raw.documents.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath

from ingestion.readers import SPREADSHEET_FORMATS
from vocabulary.text import DASHES

ATTACHMENT_NAME = re.compile(r"附件|附表")
# Quotes, brackets and spaces that a file name drops or changes from the printed title.
_NAME_NOISE = re.compile(rf"[\s“”\"'‘’「」『』《》〈〉()（）【】\[\]_{DASHES}·・:：,，、.。]+")
_MIN_NAME_CHARS = 4  # a shorter title or file name is too weak a match


@dataclass(frozen=True)
class DocumentInfo:
    document_id: str
    source_path: str
    source_format: str
    plan_titles: tuple[tuple[int, str | None], ...]  # (plan_seq, title printed; None: no title line)


@dataclass(frozen=True)
class Link:
    document_role: str  # main | attachment | standalone
    main_document_id: str | None = None
    main_plan_seq: int | None = None


def name_key(text: str) -> str:
    """A title or file name reduced to what both keep: NFKC, no quotes, brackets or spaces."""
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", text))


def is_attachment_candidate(source_path: str, source_format: str, has_title: bool) -> bool:
    """A spreadsheet, or a file named 附件/附表 without a plan title of its own."""
    if source_format in SPREADSHEET_FORMATS:
        return True
    return bool(ATTACHMENT_NAME.search(PurePosixPath(source_path).stem)) and not has_title


def link_attachments(documents: list[DocumentInfo]) -> dict[str, Link]:
    """{document_id: Link} for every document."""
    mains: list[DocumentInfo] = []
    candidates: list[DocumentInfo] = []
    for document in documents:
        has_title = any(title for _, title in document.plan_titles)
        if is_attachment_candidate(document.source_path, document.source_format, has_title):
            candidates.append(document)
        else:
            mains.append(document)
    titled_mains_by_folder: dict[str, list[DocumentInfo]] = defaultdict(list)
    for main in mains:
        if any(title for _, title in main.plan_titles):
            titled_mains_by_folder[str(PurePosixPath(main.source_path).parent)].append(main)
    links = {main.document_id: Link("main") for main in mains}
    for candidate in candidates:
        links[candidate.document_id] = _link_one(candidate, mains, titled_mains_by_folder)
    return links


def _link_one(
    candidate: DocumentInfo, mains: list[DocumentInfo], by_folder: dict[str, list[DocumentInfo]]
) -> Link:
    path = PurePosixPath(candidate.source_path)
    folder = str(path.parent)
    if folder != "." and len(by_folder.get(folder, [])) == 1:
        (main,) = by_folder[folder]
        return Link("attachment", main.document_id, _plan_named_in(main, name_key(path.stem)))
    if not ATTACHMENT_NAME.search(path.stem):
        return Link("standalone")
    stem = name_key(path.stem)
    best: tuple[int, str, DocumentInfo, int] | None = None
    for main in mains:
        names = [(seq, name_key(title)) for seq, title in main.plan_titles if title]
        names.append(
            (
                min((seq for seq, _ in main.plan_titles), default=1),
                name_key(PurePosixPath(main.source_path).stem),
            )
        )
        for seq, name in names:
            if len(name) >= _MIN_NAME_CHARS and name in stem:
                key = (len(name), main.source_path, main, seq)
                if best is None or key[:2] > best[:2]:
                    best = key
    if best is None:
        return Link("standalone")
    return Link("attachment", best[2].document_id, best[3])


def _plan_named_in(main: DocumentInfo, stem: str) -> int:
    """The main document's plan whose title the attachment's name carries; else its first plan."""
    named = [
        (len(name_key(title)), seq) for seq, title in main.plan_titles if title and name_key(title) in stem
    ]
    if named:
        return max(named)[1]
    return min((seq for seq, _ in main.plan_titles), default=1)
