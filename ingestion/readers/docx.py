"""Word files (.docx): paragraphs, tables as grids with merged cells expanded, text boxes.

python-docx reads the body in order; headings are plain lines (the text path recognises
headings by their numbering, as it does in a .txt). Page headers and footers are not part
of the body, so running heads never reach the text. The zip is checked before it is
opened: a .doc renamed .docx, a broken zip and a zip bomb are refused with a reason.
"""

from __future__ import annotations

import importlib.metadata
import io
import zipfile

import cn2an
import docx
import docx.shared
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ingestion.decode import UnreadableDocument
from ingestion.readers import ReadText, cell_text, grid_lines, refuse_zip_bomb

READER = f"python-docx {importlib.metadata.version('python-docx')}"

# A plan's document.xml is a few MB; a member that inflates far beyond that, or by a
# ratio no text compresses to, is a zip bomb and is refused before anything is inflated.
MAX_DOCX_UNCOMPRESSED_BYTES = 256 * 2**20
MAX_DOCX_COMPRESSION_RATIO = 200
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # Word 97-2003 .doc (and other OLE files)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_package(data: bytes, source_path: str) -> None:
    """Refuse what is not a sane .docx package, before python-docx inflates anything."""
    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocument(
            source_path,
            "a Word 97-2003 .doc file named .docx; rename it .doc to have it converted",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnreadableDocument(source_path, f"not a valid .docx (corrupt zip: {exc})") from None
    refuse_zip_bomb(members, source_path, MAX_DOCX_UNCOMPRESSED_BYTES, MAX_DOCX_COMPRESSION_RATIO, "a .docx")
    if "word/document.xml" not in {member.filename for member in members}:
        raise UnreadableDocument(source_path, "not a .docx (no word/document.xml in the package)")


_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, num_fmt: str) -> str:
    """A list counter in Word's number format (numFmt); '' for bullets and formats without digits."""
    if num_fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "taiwaneseCounting",
    ):
        return cn2an.an2cn(n, "up" if num_fmt == "chineseLegalSimplified" else "low")
    if num_fmt == "ideographTraditional" and 1 <= n <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[n - 1]
    if num_fmt == "decimalEnclosedCircle" and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if num_fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if num_fmt == "upperLetter" else letter.lower()
    if num_fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if num_fmt == "upperRoman" else _roman(n).lower()
    if num_fmt in ("bullet", "none"):
        return ""
    return str(n)  # decimal, decimalZero, decimalFullWidth ... read as digits


class ListNumbers:
    """The numbers Word prints in front of numbered paragraphs (第一章, 一、, （一）, 1.), which are
    not in the paragraph's text: the text path recognises headings by them."""

    def __init__(self, document) -> None:
        self.levels: dict[
            tuple[str, int], tuple[int, str, str]
        ] = {}  # (numId, ilvl) -> start, numFmt, lvlText
        self.counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in numbering.iterchildren(f"{_W}abstractNum")}
        for num in numbering.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iterchildren(f"{_W}lvl"):
                start, fmt, text = (lvl.find(f"{_W}{tag}") for tag in ("start", "numFmt", "lvlText"))
                self.levels[(num.get(f"{_W}numId"), int(lvl.get(f"{_W}ilvl", 0)))] = (
                    int(start.get(f"{_W}val")) if start is not None else 1,
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                )

    def _num_pr(self, paragraph: Paragraph):
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        style = paragraph.style
        for _ in range(10):  # a heading style linked to a list, through basedOn
            if style is None:
                return None
            style_p_pr = style.element.pPr
            if style_p_pr is not None and style_p_pr.numPr is not None:
                return style_p_pr.numPr
            style = style.base_style
        return None

    def label(self, paragraph: Paragraph) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        if (num_id, level) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[level] += 1
        counters[level + 1 :] = [0] * (8 - level)
        text = self.levels[(num_id, level)][2]
        for depth in range(level + 1):
            start, fmt, _ = self.levels.get((num_id, depth), (1, "decimal", ""))
            number = format_number(start - 1 + max(counters[depth], 1), fmt)
            text = text.replace(f"%{depth + 1}", number)
        return text.strip()


def _paragraph_lines(paragraph: Paragraph, numbers: ListNumbers) -> list[str]:
    """The paragraph's text (after its list number), then the paragraphs of any text box in it."""
    label = numbers.label(paragraph)
    text = paragraph.text.strip()
    # "一、" and "（一）" run into the text; "第一章" and "1" are followed by a space, as printed.
    glue = "" if not label or label[-1] in "、.．)）:：" else " "
    lines = [f"{label}{glue}{text}" if text else label]
    # A text box is stored twice (DrawingML and a VML fallback); read the first copy only.
    for box in paragraph._p.xpath(".//w:txbxContent[not(ancestor::*[local-name()='Fallback'])]"):
        lines += [Paragraph(p, paragraph._parent).text.strip() for p in box.iterchildren(f"{_W}p")]
    return [line for line in lines if line]


# A grid column narrower than this (60 twips, about 1 mm) holds no text: it is where two rows'
# cell borders almost meet (Word and LibreOffice write such slivers, RTF round trips often).
_SLIVER_WIDTH = docx.shared.Twips(60)


def _sliver_columns(table: Table) -> set[int]:
    grid = table._tbl.tblGrid
    widths = [col.w for col in grid.gridCol_lst] if grid is not None else []
    return {i for i, w in enumerate(widths) if w is not None and w < _SLIVER_WIDTH}


def table_grid(table: Table) -> list[list[str]]:
    """Rows of the table's grid: a merged cell's text in its first grid position, '' in the others.
    Sliver grid columns are left out (a cell starting in one has its text in the next column)."""
    slivers = _sliver_columns(table)
    grid: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        row = [""] * tr.grid_before
        for tc in tr.tc_lst:
            # vMerge="continue" cells are the lower parts of a vertically merged cell.
            text = (
                ""
                if tc.vMerge == "continue"
                else "".join(cell_text(p.text) for p in _Cell(tc, table).paragraphs)
            )
            span = range(len(row), len(row) + tc.grid_span)
            first = next((i for i in span if i not in slivers), span.start)
            row += ["" if i != first else text for i in span]
        grid.append(row)
    width = max((len(row) for row in grid), default=0)
    keep = [i for i in range(width) if i not in slivers or any(i < len(r) and r[i] for r in grid)]
    return [[row[i] if i < len(row) else "" for i in keep] for row in grid]


def read_docx(data: bytes, source_path: str) -> ReadText:
    check_package(data, source_path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableDocument(source_path, f"not a readable .docx ({exc})") from None
    lines: list[str] = []
    numbers = ListNumbers(document)
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            lines += grid_lines(table_grid(item))
        else:
            lines += _paragraph_lines(item, numbers)
    if not lines:
        raise UnreadableDocument(source_path, "the .docx has no text")
    return ReadText(lines=lines, page_numbers=None, encoding="utf-8", source_format="docx", reader=READER)
