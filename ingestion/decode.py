"""Bytes of a plan file -> text as printed, with the encoding that was detected."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes


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


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    return controls > max(8, len(sample) // 1000)


def decode_plan_bytes(data: bytes, source_path: str) -> DecodedText:
    """Decode a plan file, trying BOMs, strict UTF-8, then a detector (GB18030/UTF-16...).

    Raises UnreadableDocument for empty, binary or undecodable input.
    """
    if not data.strip():
        raise UnreadableDocument(source_path, "file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding), encoding, source_path)
    try:
        return _checked(data.decode("utf-8"), "utf-8", source_path)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: NUL bytes every other byte, on the side of the ASCII half.
        even_nuls = data[0:4096:2].count(0)
        odd_nuls = data[1:4096:2].count(0)
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        try:
            return _checked(data.decode(encoding), "utf-16", source_path)
        except UnicodeDecodeError:
            raise UnreadableDocument(source_path, "binary content (NUL bytes), not a text file") from None
    best = from_bytes(data[:200_000]).best()
    candidates = [best.encoding] if best is not None else []
    # A Chinese government text that is not UTF-8 is GB-family in practice;
    # GB18030 is the superset of GBK/GB2312, so decode with it.
    candidates = ["gb18030" if c in {"gb2312", "gbk", "gb18030", "hz"} else c for c in candidates]
    candidates.append("gb18030")
    for encoding in candidates:
        try:
            return _checked(data.decode(encoding), encoding, source_path)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableDocument(source_path, "not decodable as UTF-8, UTF-16 or GB18030 text")


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
