"""Hostile files a folder of downloaded plans holds, each made by the tool that makes such files.

name -> (bytes, words the refusal must contain). Built from the invented plans' real files.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
from PIL import Image, ImageDraw, ImageFont

from ingestion.readers.docx import MAX_DOCX_COMPRESSION_RATIO
from ingestion.readers.pdf import MAX_PDF_PAGES

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
HOSTILE_PAGES = 10_000


def encrypted_pdf(pdf: bytes) -> bytes:
    """The plan's PDF with a user password (pypdf, AES-256)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf(title: str) -> bytes:
    """A 'scan': two page images with printed Chinese text and no text layer (Pillow)."""
    if not CJK_FONT.exists():
        raise AssertionError(f"{CJK_FONT} is missing: apt-get install fonts-noto-cjk")
    font = ImageFont.truetype(str(CJK_FONT), 36)
    pages = []
    for page in range(2):
        image = Image.new("RGB", (1240, 1754), "white")
        ImageDraw.Draw(image).text((120, 150), f"{title} 第{page + 1}页", font=font, fill="black")
        pages.append(image)
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=150)
    return out.getvalue()


def many_pages_pdf(pages: int = HOSTILE_PAGES) -> bytes:
    assert pages > MAX_PDF_PAGES
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_docx(docx: bytes) -> bytes:
    """A download cut off half-way: the zip's central directory is missing."""
    return docx[: len(docx) // 2]


def doc_renamed_docx() -> bytes:
    """The start of a Word 97-2003 file: an OLE2 compound file header (magic, version 3, 512-byte sectors)."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + bytes.fromhex("3E000300FEFF0900")
    return header + bytes(512 - len(header)) + bytes(4096)


def zip_bomb_docx(docx: bytes, inflated_mb: int = 64) -> bytes:
    """The plan's .docx plus a media part of zeros that inflates ~1000-fold (zipfile, deflate)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        with bomb.open("word/media/image1.png", "w") as member:
            block = bytes(2**20)
            for _ in range(inflated_mb):
                member.write(block)
    assert inflated_mb * 2**20 / len(out.getvalue()) > MAX_DOCX_COMPRESSION_RATIO
    return out.getvalue()


def page_with_scripts(html: str, server: str) -> str:
    """The plan's page with scripts (inline and external), a stylesheet, an image and a frame on `server`."""
    injected = (
        f'<link rel="stylesheet" href="{server}/style.css">'
        f'<script src="{server}/tracker.js"></script>'
        "<script>document.write('脚本写入的总投资9999万元');</script>"
        f'<noscript><img src="{server}/pixel.gif"></noscript>'
    )
    body_extra = (
        f'<img src="{server}/banner.png" alt="">'
        f'<iframe src="{server}/frame.html"></iframe>'
        "<style>.x::after { content: '样式写入的文字'; }</style>"
        f"<script>fetch('{server}/beacon?x=1'); var 项目 = '脚本里的总投资8888万元';</script>"
    )
    return html.replace("</head>", injected + "</head>").replace("<article>", "<article>" + body_extra)
