"""Detect the plans inside a document: title, type, issuer, 文号, date, period, region.

A file holds one plan or several printed one after the other, usually behind a notice
(印发…的通知) that names the issuing office, the 文号 and the date; web pages add
metadata fields (发文字号 / 发布机构 / 成文日期 / 生成日期). A plan starts at its title
line: a short standalone line ending in 规划 that names a region or a plan period.
The first plan's span also holds the front matter, so the spans cover the document.

Dates: the notice's signing date wins (成文日期 field, or the date under the
signature). A signing date that lost its 年 ("20228月12日": four year digits, then a
month) is read as that day. Publication dates of web pages (发布日期 / 生成日期) are
used only when nothing is signed. A month-only date ("2022年6月" under the title) is
stored as the 1st of the month with issued_date_precision 'month'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import cn2an

from ingestion.headings import SECTION_STYLES, numbering_re
from ingestion.model import Plan
from ingestion.periods import PERIOD_NAME_RE, SHORT_PERIOD_NAME, YEAR_RANGE_RE, most_named_period, period_in
from ingestion.regions import leading_region_names, resolve_region
from vocabulary.text import CN_DIGITS, CN_NUMERALS, CN_YEAR_DIGITS
from vocabulary.years import YEAR

# HTML tags and word-processor bookmarks left in exported text: <b>, [bookmark: _GoBack]
_TAGS = re.compile(r"<[^<>]{1,20}>|\[bookmark:[^\]]{0,40}\]")
_WS = re.compile(r"\s+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
_LEADER = re.compile(r"\.{4,}|…{2,}|·{4,}|．{4,}")

_TITLE_END = re.compile(r"规划(?:纲要)?(?:[（(][^（）()]{1,20}[）)])?$")
_TITLE_FORBIDDEN = re.compile(r"[《》。，,；;：:！？!?]")
_NUMBERED = numbering_re((*SECTION_STYLES, "arabic", "arabic_paren"))
_TITLE_LEAD_WORDS = ("关于", "印发", "附件", "附表", "转发", "本规划")
_TOPIC = re.compile(r"民政|养老|老龄")

_DOC_NO = re.compile(
    r"(?:^|[\s:：])([\u4e00-\u9fff]{2,12}?)\s*[〔【\[（(]\s*((?:19|20)\d{2})\s*[〕】\]）)]\s*第?\s*(\d{1,4})\s*号"
)
_ORG_SUFFIX = re.compile(
    r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|民政局|民政厅|局|厅|委员会|委|政府)$"
)
_ORG_FORBIDDEN = re.compile(r"[\d《》。，,；;：:、“”\"（）()]")
_HEADER_FILE = re.compile(r"^(.{4,30}?)文件$")

_CN_DIGITS = {ch: str(i) for i, ch in enumerate("〇" + CN_DIGITS)} | {
    "零": "0",
    "○": "0",
    "Ｏ": "0",
    "O": "0",
}
_DATE_PATTERNS = (
    # (regex, precision, how the groups are read)
    (re.compile(r"((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"), "day", "arabic"),
    (re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "day", "arabic"),
    # A signing date that lost its 年: four year digits directly followed by the month.
    (re.compile(r"((?:19|20)\d{2})(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "day", "arabic"),
    (
        re.compile(
            rf"([{CN_YEAR_DIGITS}]{{4}})\s*年\s*([{CN_NUMERALS}]{{1,3}})\s*月\s*([{CN_NUMERALS}]{{1,3}})\s*日"
        ),
        "day",
        "cn",
    ),
    (re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d)"), "month", "arabic"),
    (
        re.compile(rf"([{CN_YEAR_DIGITS}]{{4}})\s*年\s*([{CN_NUMERALS}]{{1,3}})\s*月(?![{CN_NUMERALS}\d])"),
        "month",
        "cn",
    ),
)
_DATE_LINE_TAIL = re.compile(r"^(?:印发|发布|印|成文|制定)?$")

# Metadata labels of government web pages; the value follows on the line or the next one.
_META_LABELS = {
    "发文字号": "document_number",
    "文号": "document_number",
    "发布机构": "issuer",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "成文日期": "signed_date",
    "印发日期": "signed_date",
    "发布日期": "published_date",
    "生成日期": "published_date",
    "公开日期": "published_date",
}
_META_LINE = re.compile(r"^(" + "|".join(sorted(_META_LABELS, key=len, reverse=True)) + r")\s*[:：]?\s*(.*)$")

_HEADER_WINDOW = 4  # short lines under a title that may carry issuer and date (no-notice layout)
_MIN_BODY_LINES = 5  # non-blank lines a plan needs below its title to count as a plan


def compact(text: str) -> str:
    """A line without markdown heading marks, HTML tags and whitespace (for matching)."""
    return _WS.sub("", _TAGS.sub("", _MD_HEADING.sub("", text)))


def clean_title(text: str) -> str:
    """A title as printed minus layout: tags, '#', and spaces between CJK characters."""
    text = _TAGS.sub("", _MD_HEADING.sub("", text)).strip()
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", text)


def _is_terminated(text: str) -> bool:
    return bool(re.search(r"[。！？；：!?;:][”’」』）)]*$", text))


def _looks_like_title(text: str) -> bool:
    if not 6 <= len(text) <= 60 or not _TITLE_END.search(text):
        return False
    if _TITLE_FORBIDDEN.search(text) or _NUMBERED.match(text) or text.startswith(_TITLE_LEAD_WORDS):
        return False
    has_period = bool(PERIOD_NAME_RE.search(text) or YEAR_RANGE_RE.search(text) or "五年" in text)
    if not (has_period or _TOPIC.search(text)):
        return False
    # A bare sentence ending in 规划 (加强养老服务设施规划) is no title: a title opens with a
    # region or with the plan period.
    return bool(leading_region_names(text)) or bool(re.match(rf"[“\"]?(?:{SHORT_PERIOD_NAME}|{YEAR})", text))


def _next_nonblank(compacts: list[str], i: int, limit: int = 3) -> int | None:
    j = i + 1
    while j < len(compacts) and j <= i + limit:
        if compacts[j]:
            return j
        j += 1
    return None


def _prev_nonblank(compacts: list[str], i: int, limit: int = 3) -> int | None:
    j = i - 1
    while j >= 0 and j >= i - limit:
        if compacts[j]:
            return j
        j -= 1
    return None


@dataclass(frozen=True)
class TitleSpan:
    first: int  # 0-based index of the first title line
    last: int  # 0-based index of the last title line (titles can wrap over two lines)
    title: str


def plan_title_spans(lines: list[str]) -> list[TitleSpan]:
    """Every line (or wrapped pair of lines) that reads as a plan title, in order."""
    compacts = [compact(line) for line in lines]
    spans: list[TitleSpan] = []
    i = 0
    while i < len(lines):
        text = compacts[i]
        if not text or _LEADER.search(text) or len(text) > 60:
            i += 1
            continue
        span = None
        if _looks_like_title(text):
            span = TitleSpan(i, i, clean_title(lines[i]))
        elif not _is_terminated(text) and len(text) <= 40:
            j = _next_nonblank(compacts, i, limit=2)
            if (
                j is not None
                and len(compacts[j]) <= 30
                and not _looks_like_title(compacts[j])
                and parse_date(text) is None
                and _looks_like_title(text + compacts[j])
            ):
                span = TitleSpan(i, j, clean_title(lines[i]) + clean_title(lines[j]))
        if span and not _inside_notice_title(compacts, span):
            spans.append(span)
            i = span.last + 1
        else:
            i += 1
    return spans


def _inside_notice_title(compacts: list[str], span: TitleSpan) -> bool:
    """A title printed as part of a wrapped notice heading (关于印发 / X规划 / 的通知)."""
    before = _prev_nonblank(compacts, span.first, limit=2)
    after = _next_nonblank(compacts, span.last, limit=2)
    return bool(
        (before is not None and compacts[before].endswith(("印发", "关于", "转发")))
        or (after is not None and compacts[after].startswith(("的通知", "的函", "的批复")))
    )


def plan_type_of(title: str) -> str:
    civil = "民政" in title
    elderly = "养老" in title or "老龄" in title
    if civil and elderly:
        return "civil_affairs_and_elderly_care"
    return "elderly_care" if elderly else "civil_affairs"


def _body_period(compacts: list[str], start: int, end: int) -> tuple[int, int] | None:
    """The period most often named in the first part of a plan body (十四五 beats 十三五)."""
    return most_named_period(compacts[start : min(end, start + 200) + 1])


@dataclass(frozen=True)
class PrintedDate:
    iso: str
    precision: str  # day | month
    text: str  # as printed


def parse_date(text: str) -> PrintedDate | None:
    """The first date printed in `text`: 2022年3月10日, 2022 年 9 月 20 日, 2022-08-26,
    二〇二二年三月十日, the broken 20228月12日, or month-only 2022年6月."""
    for pattern, precision, numerals in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if numerals == "cn":
            year = int("".join(_CN_DIGITS[ch] for ch in match.group(1)))
            parts = [int(cn2an.cn2an(g, "normal")) for g in match.groups()[1:]]
        else:
            year = int(match.group(1))
            parts = [int(g) for g in match.groups()[1:]]
        month, day = parts[0], parts[1] if precision == "day" else 1
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        return PrintedDate(value.isoformat(), precision, match.group(0).strip())
    return None


def date_only_line(text: str) -> PrintedDate | None:
    """A line that is just a date (optionally + 印发): a signature or title-page date."""
    found = parse_date(text)
    if found is None:
        return None
    rest = compact(text).replace(_WS.sub("", found.text), "", 1)
    return found if _DATE_LINE_TAIL.match(rest) else None


def _is_org_line(text: str) -> bool:
    return 4 <= len(text) <= 30 and bool(_ORG_SUFFIX.search(text)) and not _ORG_FORBIDDEN.search(text)


def normalize_document_number(prefix: str, year: str, number: str) -> str:
    return f"{prefix}〔{year}〕{int(number)}号"


def find_document_number(text: str) -> str | None:
    match = _DOC_NO.search(text)
    return normalize_document_number(*match.groups()) if match else None


@dataclass
class NoticeFields:
    issuer: str | None = None
    document_number: str | None = None
    issued: PrintedDate | None = None
    header_org: str | None = None  # "X文件" letterhead, a fallback for the issuer


def notice_fields(lines: list[str], indexes: list[int]) -> NoticeFields:
    """Issuer, 文号 and date from the lines of a notice / title page (`indexes` into lines)."""
    meta: dict[str, str] = {}
    signature_org = signature_date = loose_date = month_date = None
    document_number = header_org = None
    compacts = {i: compact(lines[i]) for i in indexes}
    order = [i for i in indexes if compacts[i]]
    for pos, i in enumerate(order):
        text = compacts[i]
        label = _META_LINE.match(text)
        if label and len(text) <= 40:
            key = _META_LABELS[label.group(1)]
            value = label.group(2) or (compacts[order[pos + 1]] if pos + 1 < len(order) else "")
            if value and not _META_LINE.match(value):
                meta.setdefault(key, value)
            continue
        if document_number is None:
            document_number = find_document_number(lines[i])
        header = _HEADER_FILE.match(text)
        if header and _is_org_line(header.group(1)):
            header_org = header_org or header.group(1)
        found = date_only_line(lines[i])
        if found is None:
            continue
        if found.precision == "month":
            month_date = month_date or found
            continue
        previous = order[pos - 1] if pos > 0 else None
        if previous is not None and _is_org_line(compacts[previous]) and signature_date is None:
            signature_org, signature_date = compacts[previous], found
        loose_date = loose_date or found
    if month_date and signature_org is None:
        # Title-page layout: the office's name sits right above a month-only date.
        at = order.index(next(i for i in order if date_only_line(lines[i]) == month_date))
        if at > 0 and _is_org_line(compacts[order[at - 1]]):
            signature_org = compacts[order[at - 1]]
    signed_meta = parse_date(meta["signed_date"]) if "signed_date" in meta else None
    published_meta = parse_date(meta["published_date"]) if "published_date" in meta else None
    meta_number = meta.get("document_number")
    return NoticeFields(
        issuer=meta.get("issuer") if _is_org_line(meta.get("issuer", "")) else signature_org,
        document_number=(find_document_number(" " + meta_number) if meta_number else None) or document_number,
        issued=signed_meta or signature_date or loose_date or published_meta or month_date,
        header_org=header_org,
    )


def _footer_fields(lines: list[str]) -> NoticeFields:
    """'X办公室 2022年9月20日印发' at the end of a document (print colophon)."""
    tail = [i for i in range(len(lines) - 1, max(-1, len(lines) - 8), -1) if lines[i].strip()]
    for i in tail:
        text = compact(lines[i])
        found = parse_date(text)
        if found is None or not text.endswith(("印发", "印", "发布")):
            continue
        org = text.split(_WS.sub("", found.text))[0]
        return NoticeFields(issuer=org if _is_org_line(org) else None, issued=found)
    return NoticeFields()


def _header_window(compacts: list[str], title_last: int, end: int) -> list[int]:
    """Short lines right under a title (issuer, date) before the body starts."""
    window: list[int] = []
    j = title_last + 1
    while j <= end and len(window) < _HEADER_WINDOW:
        text = compacts[j]
        if text:
            if len(text) > 30 or _NUMBERED.match(text):
                break
            window.append(j)
        j += 1
    return window


def _region_for(title: str, issuer: str | None, extra_names: list[str], context: str):
    """(printed name, region) from the title, else the issuer, else letterhead names."""
    for source in (title, issuer or "", *extra_names):
        chain = leading_region_names(source)
        if chain:
            printed = chain[-1]
            region = (
                resolve_region("".join(chain), context)
                if len(chain) > 1
                else resolve_region(printed, context)
            )
            return printed, region
    return None, None


def detect_plans(lines: list[str]) -> list[Plan]:
    compacts = [compact(line) for line in lines]
    if not any(compacts):
        return []
    spans = _plan_spans(lines, compacts)
    first_start = spans[0].first if spans else 0
    front = list(range(0, first_start))
    notice = notice_fields(lines, front)
    notice_text = "".join(compacts[i] for i in front)
    footer = _footer_fields(lines)
    context = "\n".join(lines)

    if not spans:
        head_text = "".join(compacts[:30])
        title = _announced_title(head_text) or next(c for c in compacts if c)[:100]
        title_index = next(i for i, c in enumerate(compacts) if c)
        spans = [TitleSpan(title_index, title_index, title)]

    plans: list[Plan] = []
    for seq, span in enumerate(spans, start=1):
        start = 0 if seq == 1 else span.first
        end = spans[seq].first - 1 if seq < len(spans) else len(lines) - 1
        own = notice_fields(lines, _header_window(compacts, span.last, end))
        covered = seq == 1 or _quote_free(span.title) in _quote_free(notice_text)
        inherited = notice if covered else NoticeFields()
        issuer = inherited.issuer or own.issuer or inherited.header_org or footer.issuer
        issued = inherited.issued or own.issued or footer.issued
        document_number = inherited.document_number or own.document_number
        period = period_in(span.title) or _body_period(compacts, span.first, end)
        letterheads = [inherited.header_org] if inherited.header_org else []
        printed, region = _region_for(span.title, issuer, letterheads, context)
        plans.append(
            Plan(
                plan_seq=seq,
                start_line=start + 1,
                end_line=end + 1,
                plan_title=span.title,
                plan_type=plan_type_of(span.title),
                issuer=issuer,
                document_number=document_number,
                issued_date=issued.iso if issued else None,
                period_start_year=period[0] if period else None,
                period_end_year=period[1] if period else None,
                region_name_printed=printed,
                region_code=region.code if region else None,
                title_line=span.first + 1,
                issued_date_precision=issued.precision if issued else None,
                issued_date_text=issued.text if issued else None,
            )
        )
    return plans


def _plan_spans(lines: list[str], compacts: list[str]) -> list[TitleSpan]:
    """Title spans that start a plan: first occurrence of each title, with a body below.

    A title printed again (running page header, a closing reference) does not start a
    new plan; neither does a title with almost nothing under it (a list of titles).
    """
    seen: set[str] = set()
    firsts: list[TitleSpan] = []
    for span in plan_title_spans(lines):
        key = _quote_free(span.title)
        if key not in seen:
            seen.add(key)
            firsts.append(span)
    kept: list[TitleSpan] = []
    for k, span in enumerate(firsts):
        end = firsts[k + 1].first if k + 1 < len(firsts) else len(lines)
        body = sum(1 for text in compacts[span.last + 1 : end] if text)
        if body >= _MIN_BODY_LINES or (k + 1 == len(firsts) and not kept):
            kept.append(span)
    return kept


def _quote_free(text: str) -> str:
    return re.sub(r"[“”\"'‘’「」『』\s]", "", text)


def _announced_title(notice_text: str) -> str | None:
    match = re.search(r"《([^《》]{4,60}规划(?:纲要)?)》", notice_text)
    return match.group(1) if match else None
