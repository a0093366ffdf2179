"""Row types that extraction emits and the `raw` schema stores.

Every extractor is a pure function from the lines of one document to a list of
these rows. Each row keeps its provenance: the 1-based `source_line` where the fact
is printed and the text as printed. `document_id` and `plan_seq` are filled in by
`ingestion.extract`, so extractors never need to know about files or plans. The rows that
feed marts end with `span_start`/`span_end`: 0-based character offsets, within the text of
`source_line`, of the printed value (or the cell) the row came from, end exclusive (None
when it is not printed on that line); `ingestion.spans.attach_spans` fills them once, after
every extractor ran. On an AuditedLine they mark the first number nobody read.

The DuckDB column types of each `raw` table are derived from these dataclasses
(`ingestion.landing.RAW_TABLES`), so adding a field here adds a column.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    document_id: str
    source_path: str  # relative to the raw directory
    content_sha256: str
    encoding: str | None  # None for a PDF (its text layer has no character encoding)
    byte_count: int
    char_count: int
    line_count: int
    source_format: str = "txt"  # txt | html | docx | pdf
    reader: str | None = None  # library and version that read the file, e.g. "pdfplumber 0.11.10"
    page_count: int | None = None  # None where the format has no pages


@dataclass(frozen=True)
class DocumentLine:
    line_no: int  # 1-based
    text: str  # as printed (line endings normalized, nothing else); HTML/DOCX/PDF: the normalised text
    page_no: int | None = None  # 1-based page (PDF); None where the format has no pages


@dataclass(frozen=True)
class Block:
    """A structural unit of the text with its line span (`ingestion.blocks.segment_blocks`; read
    in Python by the extractors' callers, not stored in `raw`: no model read a raw.blocks table)."""

    block_seq: int  # 1-based order in the document
    block_kind: str  # heading | paragraph | table | box | list_item | caption | toc | blank
    start_line: int
    end_line: int
    # Rank of the numbering style among those the document uses (第X章 < 第X节 < 一、 < （一） <
    # 1. < （1））, so 1 = its top level; 0 = a plan's title line; None if not a heading.
    heading_level: int | None
    text: str  # the block's text, lines joined with "\n"


@dataclass(frozen=True)
class Plan:
    """One plan inside a document (a file can hold two plans, one after the other)."""

    plan_seq: int  # 1-based order in the document
    start_line: int
    end_line: int
    plan_title: str  # e.g. 某某县“十四五”民政事业发展规划
    plan_type: str  # civil_affairs | elderly_care | civil_affairs_and_elderly_care
    issuer: str | None
    document_number: str | None  # 文号, e.g. 某政办发〔2022〕69号
    issued_date: str | None  # ISO yyyy-mm-dd
    period_start_year: int | None
    period_end_year: int | None
    region_name_printed: str | None  # the region as named in the text, e.g. 某某州
    region_code: str | None  # 6-digit GB/T 2260 code
    title_line: int
    issued_date_precision: str | None = None  # day | month (a month-only date is stored as its 1st)
    issued_date_text: str | None = None  # the date as printed, e.g. "20228月12日", "2022年6月"


@dataclass(frozen=True)
class TableCell:
    """One cell of a reconstructed table."""

    table_seq: int  # 1-based order in the document
    table_title: str | None  # caption as printed (None if the table has none)
    table_kind: str  # indicator | project | other
    layout: str  # tab_rows | tab_cells | line_cells | wrapped_rows | pipe | aligned
    row_idx: int  # 0-based; header rows come first
    col_idx: int  # 0-based
    is_header: bool
    text: str  # cell text as printed (wrapped lines joined without separator)
    source_line: int  # first line of the cell
    # Typed body cells (ingestion.table_cells; None/False for header cells and empty cells):
    row_label: str | None = None  # the row's first text cell, as printed
    column_header: str | None = None  # header path: spanning cell and sub-header joined with ' / '
    value_numeric: float | None = None  # the printed number (None when the cell holds none)
    comparator: str | None = None  # = >= > <= <
    unit: str | None = None  # normalized: from the cell, else the column header, else the row
    value_tolerance: float | None = None  # half a unit of the number's last printed digit
    year: int | None = None  # when the header names one
    value_kind: str | None = None  # actual | target, when the header says it
    is_total_row: bool = False  # a 合计/小计/总计 row
    is_total_column: bool = False  # under a 合计/小计/总计 column header
    row_kind: str | None = None  # data | category (a heading row, maybe with its subtotal) | total
    sub_region_code: str | None = None  # region below the plan's own named by the row or column
    span_start: int | None = None
    span_end: int | None = None


@dataclass(frozen=True)
class IndicatorValue:
    """One printed value of one indicator-table row (long format)."""

    table_seq: int
    table_title: str | None
    row_seq: str | None  # 序号 as printed
    indicator_group: str | None  # 一级指标, None if the table has none
    indicator_name: str  # as printed, whitespace inside the cell removed
    unit_raw: str | None  # as printed in the unit column or the name's suffix
    unit: str | None  # normalized: % ‰ 个 人 张 平方米 倍 元 ...
    year: int | None
    value_kind: str  # actual | target | growth
    comparator: str | None  # = >= > <= < ; None when the cell holds no number
    value_numeric: float | None
    value_text: str  # cell as printed
    attribute_raw: str | None  # 约束性 / 预期性 as printed
    source_line: int
    span_start: int | None = None
    span_end: int | None = None


@dataclass(frozen=True)
class Project:
    """One project as listed in a plan."""

    project_seq: int  # 1-based order within the document
    project_name: str
    category: str | None  # heading it is listed under, as printed
    row_seq: str | None  # 序号 / （3） / 一是 as printed
    source_kind: str  # table_row | prose | column_box
    construction_type_zh: str | None  # 新建 / 改扩建 / 续建 ... as printed
    start_year: int | None
    end_year: int | None
    years_text: str | None  # 建设年限 as printed, e.g. "2021-204"
    investment_text: str | None  # the amount as printed
    planned_investment_wan_yuan: float | None  # 万元 (亿元 converted)
    beds: int | None
    floor_area_m2: float | None
    description: str | None
    source_line: int
    span_start: int | None = None
    span_end: int | None = None
    # half a unit of the investment's last printed digit, in 万元 (0.54亿元 -> 50)
    investment_tolerance_wan: float | None = None


@dataclass(frozen=True)
class Funding:
    """One amount of money stated in a plan."""

    funding_seq: int  # 1-based order within the document
    amount_wan_yuan: float
    amount_text: str  # the number and unit as printed, e.g. "8.03亿元"
    funding_kind: str  # planned_investment | funding_source | historical_spending | fundraising | other
    source_of_funds: (
        str | None
    )  # central | provincial | municipal | county | welfare_lottery | self_raised | social
    project_seq: int | None  # Project.project_seq when the amount belongs to a listed project
    period_start_year: int | None
    period_end_year: int | None
    source_text: str  # the short phrase that states the amount
    source_line: int
    span_start: int | None = None
    span_end: int | None = None
    # half a unit of the amount's last printed digit, in 万元 (0.15 under a （亿元） header -> 50)
    amount_tolerance_wan: float | None = None


@dataclass(frozen=True)
class StatedTotal:
    """A total or count that a plan states about its own project list."""

    scope: str  # 'all' or 'category:<printed category>'
    measure: str  # project_count | investment_wan_yuan
    stated_value: float  # in 万元 for investment
    tolerance: float  # from the printed precision: 8.03亿元 -> 50 (万元); 12345 -> 0
    stated_text: str  # the phrase as printed
    source_kind: str  # table_total_row | table_subtotal_row | prose
    source_line: int
    # For a category scope: the category as printed on the listed projects this total
    # is about, when the total words it differently ("殡葬服务项目" for the table's
    # "殡葬服务设施项目"); None when no listed category matches.
    list_category: str | None = None
    span_start: int | None = None
    span_end: int | None = None


@dataclass(frozen=True)
class AuditedLine:
    """A line the extractors should have read (ingestion.read_audit): it prints numbers with a
    unit of the field inside a table region or project section, or it is a caption."""

    source_line: int
    unit_numbers: int  # numbers printed with a field unit (%, 万元, 张 ...) on the line
    read_numbers: int  # of those, the ones on a line that fed a fact row
    reason: str | None  # why it counts as unread; None when it was read
    line_text: str  # as printed
    span_start: int | None = None
    span_end: int | None = None


@dataclass(frozen=True)
class Statement:
    """One number with a unit that a plan's prose states (ingestion.statements)."""

    statement_seq: int  # 1-based order within the document
    subject_text: str  # what the number is about, as printed (the clause before the value)
    measure: str | None  # the indicator a value clause names (comparable form, or the table's name)
    statement_kind: str  # target | actual | standard | count | amount | share | growth
    comparator: str | None  # = >= > <= <
    value_numeric: float
    value_text: str  # the value as printed, comparator words and unit included
    unit_raw: str | None
    unit: str | None  # normalized (values.UNIT_VOCABULARY), or 百分点
    year: int | None
    period_start_year: int | None  # the period the sentence (or its heading) names, else the plan's
    period_end_year: int | None
    is_indicator_target: bool  # a target of an indicator: a row of fct_indicator_values (prose)
    sentence_text: str  # the sentence as read (whitespace removed)
    source_line: int  # the line the value is printed on
    span_start: int  # 0-based offsets of the value within source_line's text
    span_end: int


@dataclass(frozen=True)
class TextClaim:
    """One item of something the prose claims that another part of the same text can contradict
    (ingestion.text_claims); the quality layer compares the items of one claim.

    claim_kind and its item roles:
    - stated_value: value (an indicator's value for a year, '覆盖率达到85%以上')
    - parts_of_whole: whole, part… (the parts listed after 其中 / in a parenthesis)
    - per_unit_area: total, count, per_unit (建筑面积 N 平方米 … N 张 … 床均面积 a 平方米)
    - area_in_mu: square_metres, mu (an area restated in 亩)
    - toc_entry: entry, heading (the body heading it points to) or title_in_text (its title
      printed elsewhere in the body) or neither
    - section_period: heading (the period it names), mention / opening_mention (a period the
      section's paragraphs name: value_numeric = how often; opening_mention opens its first one)
    - period_of_figure: period (the five-year period a sentence reports on), years (a span of
      years the same sentence gives a figure for)
    - unit_of_value: value (the unit an indicator-table value prints), name (the unit its
      indicator's name prints: value_text as printed, unit normalized)
    """

    claim_seq: int  # 1-based order of the claim within the document
    claim_kind: str
    item_role: str
    item_seq: int  # 1-based order of the item within its claim
    source_line: int
    printed_text: str  # the item as printed (the phrase a finding quotes)
    value_text: str | None = None  # the figure as printed ('3200 万元', '21', '85% 以上')
    value_numeric: float | None = None  # in `unit` (money in 万元)
    value_tolerance: float | None = None  # half a unit of the figure's last printed digit
    comparator: str | None = None  # = >= > <= <
    unit: str | None = None
    subject: str | None = None  # stated_value: the indicator as printed
    measure: str | None = None  # stated_value: its comparable form ('@' + it: one institution's figure)
    statement_kind: str | None = None  # stated_value: actual | target (the year against the plan's period)
    year: int | None = None
    period_start_year: int | None = None  # a period (or span of years) the item names
    period_end_year: int | None = None
    is_complete: bool | None = None  # parts_of_whole: the list says it covers the whole (其余 …)


@dataclass(frozen=True)
class PrintedDate:
    """One calendar date as printed, in its parts, unchecked (ingestion.printed_dates)."""

    date_seq: int  # 1-based order within the document
    date_text: str  # as printed, e.g. '2022年8月12日', '20228月12日'
    year_text: str | None  # the year's digits as printed (None: a month and day without year)
    has_year_mark: bool | None  # 年 printed between year and month (None without a year)
    month: int
    day: int | None
    source_line: int
    span_start: int  # 0-based offsets of the date within source_line's text
    span_end: int


@dataclass(frozen=True)
class ListItem:
    """One item of a sentence that lists several things at once (ingestion.claims_lists):
    a subject or value of a 分别 sentence, a name or the count of a list of named places."""

    item_seq: int  # 1-based order within the document
    claim_seq: int  # the sentence's claim: items of one claim share it
    claim_kind: str  # respectively | named_count
    item_role: str  # subject | value | name | count
    position: int  # 1-based order within the claim
    run_seq: int | None  # values: which run of values after 分别 ('由A、B提高到C、D': 1, 2)
    item_text: str  # as printed
    measure: str | None  # subjects: the name the item stands for, comparable (indicator_key)
    is_collective: bool  # a subject that stands for two (城乡: 城市 and 农村)
    value_numeric: float | None  # values and counts
    comparator: str | None
    unit: str | None
    year: int | None  # values: the year ingestion.statements read for the value
    statement_kind: str | None  # values: the kind ingestion.statements read for the value
    sentence_text: str  # the sentence as read (whitespace removed)
    source_line: int
    span_start: int  # 0-based offsets of the item within source_line's text
    span_end: int


@dataclass(frozen=True)
class TitleMention:
    """A plan title quoted in 《》 (ingestion.title_mentions): the notice's name for its plan."""

    mention_seq: int  # 1-based order within the document
    title_text: str  # the quoted title, whitespace removed
    source_line: int  # the line of the opening 《
    span_start: int  # 0-based offsets of the quote within source_line (to the line's end if it wraps)
    span_end: int


@dataclass
class Extract:
    """Everything extracted from one document, before provenance ids are attached."""

    document: Document
    lines: list[DocumentLine] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    table_cells: list[TableCell] = field(default_factory=list)
    indicator_values: list[IndicatorValue] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    stated_totals: list[StatedTotal] = field(default_factory=list)
    audited_lines: list[AuditedLine] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    text_claims: list[TextClaim] = field(default_factory=list)
    printed_dates: list[PrintedDate] = field(default_factory=list)
    list_items: list[ListItem] = field(default_factory=list)
    title_mentions: list[TitleMention] = field(default_factory=list)
    read_notes: tuple[str, ...] = ()  # what the reader deliberately left out (a hidden sheet)
