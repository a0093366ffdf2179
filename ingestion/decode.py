"""Bytes of a plan file -> text as printed, with the encoding that was detected."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

# A plan is 50-500 kB of text; a file many times larger is not one plan (a dump, a log,
# several documents glued together) and would tie up an extraction worker for minutes.
MAX_PLAN_BYTES = 16 * 1024 * 1024


class UnreadableDocument(ValueError):
    """A file that cannot be read as a plan text; the message names file and reason."""

    def __init__(self, source_path: str, reason: str):
        super().__init__(f"{source_path}: {reason}")
        self.source_path = source_path
        self.reason = reason


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # utf-8 | utf-8-sig | utf-16 | gb18030 | ...


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab/newline/carriage return/form feed: a text with
# many of them is binary, whatever a detector guesses.
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32))


def too_large_reason(byte_count: int, limit: int = MAX_PLAN_BYTES, kind: str = "plan text") -> str | None:
    if byte_count <= limit:
        return None
    return (
        f"file is {byte_count / 2**20:.1f} MB, larger than the {limit // 2**20} MB a {kind} "
        "can be; not loaded (split it into one file per plan)"
    )


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    return controls > max(8, len(sample) // 1000)


def _mostly_text(text: str) -> bool:
    """Letters, digits, punctuation and spaces: what any printed text is made of."""
    sample = text[:20000]
    if not sample:
        return False
    printable = sum(1 for ch in sample if ch in "\t\n\r" or unicodedata.category(ch)[0] in "LNPZS")
    return printable / len(sample) > 0.95


def decode_plan_bytes(data: bytes, source_path: str, max_bytes: int = MAX_PLAN_BYTES) -> DecodedText:
    """Decode a plan file: a byte-order mark or BOM-less UTF-16 first, then charset-normalizer decides.

    Raises UnreadableDocument for empty, oversized, binary or undecodable input.
    """
    if not data.strip():
        raise UnreadableDocument(source_path, "file is empty")
    if reason := too_large_reason(len(data), max_bytes):
        raise UnreadableDocument(source_path, reason)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data, encoding, source_path), encoding, source_path)
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: NUL bytes every other byte, on the side of the ASCII half.
        # (A detector sampling chunks of a NUL-laden file may call binary content UTF-16 too.)
        even_nuls = data[0:4096:2].count(0)
        odd_nuls = data[1:4096:2].count(0)
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise UnreadableDocument(source_path, "binary content (NUL bytes), not a text file") from None
        if not _mostly_text(text):
            raise UnreadableDocument(source_path, "binary content (NUL bytes), not a text file")
        return _checked(text, "utf-16", source_path)
    best = from_bytes(data).best()
    if best is not None:
        encoding = _ENCODING_NAMES.get(best.encoding, best.encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _mostly_text(text):
            return _checked(text, encoding, source_path)
    raise UnreadableDocument(source_path, "binary or unknown encoding: no text encoding reads it")


# charset-normalizer's names -> the names stored in raw.documents.encoding. The GB family is
# read as GB18030, the superset of GB2312 and GBK (a GBK page may use characters GB2312 lacks).
_ENCODING_NAMES = {
    "ascii": "utf-8",
    "utf_8": "utf-8",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
}


def _decode(data: bytes, encoding: str, source_path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            source_path, f"starts with a {encoding} byte-order mark but byte {exc.start} is not {encoding}"
        ) from None


def _checked(text: str, encoding: str, source_path: str) -> DecodedText:
    if _looks_binary(text):
        raise UnreadableDocument(source_path, "binary content (control characters), not a text file")
    if not text.strip():
        raise UnreadableDocument(source_path, "file has no text")
    return DecodedText(text=text, encoding=encoding)


def split_lines(text: str) -> list[str]:
    """Normalize line endings only (CRLF, CR -> LF) and split; a BOM char is dropped."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def ends_mid_line(data: bytes) -> bool:
    """True when the last printed line has no line break after it (trailing blanks ignored)."""
    tail = data.rstrip(b" \t\x00\x1a")  # UTF-16-LE pads with NUL; DOS files may end with ^Z
    return bool(tail) and not tail.endswith((b"\n", b"\r"))
