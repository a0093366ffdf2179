"""Web pages (政府信息公开 pages saved from a browser): the article's text, tables as grids.

lxml parses the page as data: nothing is fetched (no network access in the parser) and
nothing is executed; <script>/<style> and the page furniture around the article
(navigation, header, footer, forms) are dropped before the text is taken.
"""

from __future__ import annotations

import codecs
import re

import lxml
import lxml.html
from lxml import etree

from ingestion.decode import UnreadableDocument, decode_plan_bytes
from ingestion.readers import MAX_FILE_BYTES, ReadText, grid_lines

READER = f"lxml {lxml.__version__}"

# Elements whose content is never article text.
_DROPPED = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "aside", "form", "button", "select", "textarea", "head",
)  # fmt: skip
# Page header/footer: furniture unless inside the marked article (where <header> holds its title).
_PAGE_FURNITURE = ("header", "footer")
# Elements that start a new line (everything else flows into the current line).
_BLOCKS = {
    "address", "article", "blockquote", "body", "center", "dd", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section",
    "ul", "caption", "tr", "title",
}  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares (<meta charset> or http-equiv Content-Type), if Python knows it."""
    match = _CHARSET.search(data[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    if name in _GB_FAMILY:
        return "gb18030"  # the superset: pages labelled gb2312 use GBK characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes, source_path: str) -> tuple[str, str]:
    """(text, encoding): a byte-order mark, else the declared charset if it reads, else the detector."""
    declared = declared_charset(data)
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # mislabelled page: let the detector decide
    decoded = decode_plan_bytes(data, source_path, max_bytes=MAX_FILE_BYTES["html"])
    return decoded.text, decoded.encoding


def _article_root(body: etree._Element) -> etree._Element:
    """<main>/<article>/role=main when the page marks its article, else the whole body."""
    marked = body.xpath(".//main | .//article | .//*[@role='main']")
    if not marked:
        return body
    return max(marked, key=lambda el: len(el.text_content()))


def _drop_boilerplate(root: etree._Element) -> None:
    furniture = " | ".join(f"//{tag}[not(ancestor::article or ancestor::main)]" for tag in _PAGE_FURNITURE)
    for el in root.xpath(
        " | ".join(f"//{tag}" for tag in _DROPPED)
        + f" | {furniture} | //*[@role='navigation'] | //*[@hidden]"
    ):
        if el.getparent() is not None:
            el.drop_tree()


def _table_grid(table: etree._Element) -> list[list[str]]:
    """The table's rows with rowspan/colspan expanded: text in the first spanned cell, '' after it."""
    rows = [tr for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")]
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td | ./th"):
            while (r, c) in grid:
                c += 1
            rowspan = _span(td.get("rowspan"), len(rows) - r)
            colspan = _span(td.get("colspan"), 1000)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = ""
            grid[(r, c)] = "".join(_flow_lines(td))
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _span(value: str | None, most: int) -> int:
    try:
        return max(1, min(int(value or 1), most))
    except ValueError:
        return 1


def _flow_lines(root: etree._Element) -> list[str]:
    """Lines of an element: block elements and <br> break lines, tables become TAB rows."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            flush()
            caption = el.find("caption")
            if caption is not None:
                lines.extend(_flow_lines(caption))
            lines.extend(grid_lines(_table_grid(el)))
        elif tag == "br":
            flush()
        elif tag == "pre":
            flush()
            lines.extend(line.strip() for line in el.text_content().splitlines() if line.strip())
        elif tag:
            block = tag in _BLOCKS
            if block:
                flush()
            if el.text:
                current.append(el.text)
            for child in el:
                walk(child)
                if child.tail:
                    current.append(child.tail)
            if block:
                flush()

    walk(root)
    flush()
    return lines


def read_html(data: bytes, source_path: str) -> ReadText:
    text, encoding = decode_page(data, source_path)
    text = _XML_DECLARATION.sub("", text)  # lxml refuses a str that declares its own encoding
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        document = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableDocument(source_path, f"not a readable HTML page ({exc})") from None
    _drop_boilerplate(document)
    body = document.find("body")
    lines = _flow_lines(_article_root(body if body is not None else document))
    if not lines:
        raise UnreadableDocument(source_path, "the page has no article text")
    return ReadText(lines=lines, page_numbers=None, encoding=encoding, source_format="html", reader=READER)
