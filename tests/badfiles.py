"""Generators of bad (and a few good) PDFs, written at test time: no binary fixtures in the repo.

Each ``write_*`` function writes one file into a given folder and returns its path. Hand-written
PDFs go through :func:`assemble_pdf`, which numbers the objects and computes a correct xref, so
each file is broken in exactly the one way its name says.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption, encodePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

JAPANESE_FONT = "HeiseiMin-W3"  # reportlab's built-in CID font: no font file needed

# A short release: enough words for the extractor to find a partnership in a good file.
RELEASE_LINES: tuple[str, ...] = (
    "2024年4月1日",
    "株式会社サンプル",
    "ニュースリリース",
    "株式会社サンプルと株式会社テストが業務提携契約を締結",
    "株式会社サンプル（本社：東京都千代田区）は、本日、株式会社テスト（本社：大阪市北区）と",
    "業務提携契約を締結いたしましたので、お知らせいたします。",
    "１．提携の目的",
    "両社の技術を組み合わせ、新しいサービスを共同で開発します。",
    "２．提携の内容",
    "共同開発、販売協力および人材交流を行います。",
    "お問い合わせ先：株式会社サンプル 広報部 03-0000-0000",
)


def _register_japanese_font() -> None:
    if JAPANESE_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(JAPANESE_FONT))


def _draw_lines(pdf: canvas.Canvas, lines: Sequence[str], *, top: float = 780.0) -> None:
    pdf.setFont(JAPANESE_FONT, 11)
    for number, line in enumerate(lines):
        pdf.drawString(60, top - 20 * number, line)


def release_bytes(
    *,
    pages: int = 2,
    encrypt: StandardEncryption | None = None,
    lines: Sequence[str] = RELEASE_LINES,
    compress: bool = True,
) -> bytes:
    """A valid Japanese press release made with reportlab (CID font, not embedded)."""
    _register_japanese_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=True, pageCompression=int(compress))
    for page in range(pages):
        _draw_lines(pdf, lines if page == 0 else [f"{page + 1}ページ目：{line}" for line in lines[4:]])
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def write_release(
    folder: Path,
    name: str = "release.pdf",
    *,
    pages: int = 2,
    encrypt: StandardEncryption | None = None,
    lines: Sequence[str] = RELEASE_LINES,
) -> Path:
    path = folder / name
    path.write_bytes(release_bytes(pages=pages, encrypt=encrypt, lines=lines))
    return path


# --------------------------------------------------------------------------------------------
# not PDFs at all


def write_zero_bytes(folder: Path) -> Path:
    path = folder / "zero.pdf"
    path.write_bytes(b"")
    return path


def write_plain_text(folder: Path) -> Path:
    path = folder / "text.pdf"
    path.write_text("2024年4月1日\n株式会社サンプルは業務提携契約を締結しました。\n", encoding="utf-8")
    return path


def write_html(folder: Path) -> Path:
    path = folder / "page.pdf"
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
        "<body><h1>ページが見つかりません</h1></body></html>\n",
        encoding="utf-8",
    )
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_png(folder: Path) -> Path:
    """A real 16x16 grey PNG saved under a .pdf name."""
    width = height = 16
    raw = b"".join(b"\x00" + bytes((x * 16) % 256 for x in range(width)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(raw))
        + _png_chunk(b"IEND", b"")
    )
    path = folder / "image.pdf"
    path.write_bytes(png)
    return path


# --------------------------------------------------------------------------------------------
# damaged PDFs


def write_truncated(folder: Path, fraction: float) -> Path:
    """A real release cut after ``fraction`` of its bytes (an interrupted download)."""
    whole = release_bytes(pages=3)
    path = folder / f"truncated-{int(fraction * 100)}.pdf"
    path.write_bytes(whole[: int(len(whole) * fraction)])
    return path


def write_garbled_xref(folder: Path) -> Path:
    """A real release whose xref offsets all point to the wrong bytes (digits rotated)."""
    data = release_bytes()
    start = data.rindex(b"\nxref") + 1
    end = data.index(b"trailer", start)
    rotate = bytes.maketrans(b"0123456789", b"3456789012")
    lines = data[start:end].split(b"\n")
    # keep "xref" and the subsection header, garble the 10-digit offsets of every entry
    garbled = lines[:2] + [line[:10].translate(rotate) + line[10:] for line in lines[2:]]
    path = folder / "garbled-xref.pdf"
    path.write_bytes(data[:start] + b"\n".join(garbled) + data[end:])
    return path


# --------------------------------------------------------------------------------------------
# encryption


def write_user_password(folder: Path) -> Path:
    encryption = StandardEncryption(userPassword="u", ownerPassword="o")
    return write_release(folder, "user-password.pdf", encrypt=encryption)


def write_owner_password_only(folder: Path) -> Path:
    """Encrypted, but with an empty user password: any reader opens it (copying restricted, as
    many Japanese corporate releases are)."""
    encryption = StandardEncryption(userPassword="", ownerPassword="o", canCopy=0, canModify=0)
    data = _encrypt_cid_system_info(release_bytes(encrypt=encryption), encryption)
    path = folder / "owner-password.pdf"
    path.write_bytes(data)
    return path


def _encrypt_cid_system_info(data: bytes, encryption: StandardEncryption) -> bytes:
    """Make reportlab's encrypted CID-font PDF conform: reportlab leaves CIDSystemInfo's
    /Registry and /Ordering strings in clear text in an encrypted file (the bug dompdf fixed in
    its PR #2114), so a conforming reader such as pdfminer decrypts them into garbage, loses the
    Adobe-Japan1 mapping and returns only (cid:N). Encrypt them as the spec says, then rebuild
    the xref, since the hex strings are longer."""
    at = data.index(b"/CIDSystemInfo")
    object_start = data.rindex(b" 0 obj", 0, at)
    object_number = int(data[data.rindex(b"\n", 0, object_start) + 1 : object_start])
    object_end = data.index(b"endobj", at)

    def encrypted(clear: bytes) -> bytes:
        cipher = encodePDF(encryption.key, object_number, 0, clear, revision=encryption.revision)
        return b"<" + cipher.hex().encode() + b">"

    body = data[object_start:object_end]
    for clear in (b"Adobe", b"Japan1"):
        body = body.replace(b"(" + clear + b")", encrypted(clear))
    return rebuild_xref(data[:object_start] + body + data[object_end:])


def rebuild_xref(data: bytes) -> bytes:
    """Recompute the xref table and startxref of a PDF whose objects 1..n appear in order."""
    xref_at = data.rindex(b"\nxref\n") + 1
    trailer_at = data.index(b"trailer", xref_at)
    count = int(data[xref_at:trailer_at].split(b"\n")[1].split()[1])
    offsets: list[int] = []
    search_from = 0
    for number in range(1, count):
        found = data.index(b"\n%d 0 obj" % number, search_from) + 1
        offsets.append(found)
        search_from = found
    table = b"xref\n0 %d\n0000000000 65535 f \n" % count + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    startxref_at = data.index(b"startxref", trailer_at)
    return data[:xref_at] + table + data[trailer_at:startxref_at] + b"startxref\n%d\n%%%%EOF\n" % xref_at


# --------------------------------------------------------------------------------------------
# hand-written PDFs


def assemble_pdf(objects: Sequence[bytes], *, root: int = 1) -> bytes:
    """A PDF whose object ``i + 1`` is ``objects[i]``, with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref_at,
    )
    return bytes(out)


def stream_object(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page_pdf(content: bytes, resources: bytes, extra_objects: Sequence[bytes] = ()) -> bytes:
    """Catalog 1, Pages 2, Page 3, content 4, then ``extra_objects`` from 5 on."""
    return assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
            + resources
            + b" >>",
            stream_object(content),
            *extra_objects,
        ]
    )


def write_image_only(folder: Path) -> Path:
    """A scanned page: one grey image XObject drawn over the page, no text operators at all."""
    width, height = 64, 64
    pixels = bytes((x * 4 + y * 2) % 256 for y in range(height) for x in range(width))
    image = stream_object(
        zlib.compress(pixels),
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode " % (width, height),
    )
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    path = folder / "image-only.pdf"
    path.write_bytes(_one_page_pdf(content, b"<< /XObject << /Im1 5 0 R >> >>", [image]))
    return path


def write_glyph_codes_only(folder: Path) -> Path:
    """Text in a Type0 / Identity-H font with no ToUnicode: extractors see only ``(cid:N)``."""
    glyph_ids = b"".join(b"%04X" % gid for gid in range(0x0410, 0x0440))
    lines = b"".join(b"0 -20 Td <%s> Tj\n" % glyph_ids for _ in range(20))
    content = b"BT /F1 12 Tf 60 780 Td\n" + lines + b"ET"
    type0 = b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+NoMapGothic /Encoding /Identity-H /DescendantFonts [6 0 R] >>"
    cid_font = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+NoMapGothic "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 7 0 R /DW 1000 /CIDToGIDMap /Identity >>"
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /ABCDEF+NoMapGothic /Flags 4 "
        b"/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    path = folder / "glyph-codes.pdf"
    path.write_bytes(_one_page_pdf(content, b"<< /Font << /F1 5 0 R >> >>", [type0, cid_font, descriptor]))
    return path


def deflate_repeated(block: bytes, repeats: int) -> bytes:
    """zlib data for ``block * repeats``, built without compressing it all: after a full flush
    deflate starts afresh, so the bytes for one more ``block`` are the same every time; only the
    Adler-32 checksum at the end covers the whole. (300 MB in ~0.1 s instead of ~1 s.)"""
    compressor = zlib.compressobj(9)
    head = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)[:-4]  # the final empty block, without its checksum
    checksum = 1
    for _ in range(repeats):
        checksum = zlib.adler32(block, checksum)
    return head + body * (repeats - 1) + tail + struct.pack(">I", checksum)


def write_flate_bomb(folder: Path, *, inflated_mib: int = 300) -> Path:
    """A ~300 KB page content stream that inflates to ``inflated_mib`` MiB of spaces."""
    compressed = deflate_repeated(b" " * (1 << 20), inflated_mib)
    page_content = stream_object(compressed, b"/Filter /FlateDecode ")
    path = folder / "flate-bomb.pdf"
    path.write_bytes(
        assemble_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
                page_content,
            ]
        )
    )
    return path


def write_deep_page_tree(folder: Path, *, depth: int = 5000) -> Path:
    """Pages -> Kids -> Pages ... ``depth`` levels down to one page (recursion bombs)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        parent = b"" if level == 0 else b"/Parent %d 0 R " % (number - 1)
        objects.append(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, number + 1))
    leaf = depth + 2
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << >> >>"
        % (leaf - 1, leaf + 1)
    )
    objects.append(stream_object(b"BT /F1 12 Tf 72 720 Td (deep) Tj ET"))
    path = folder / "deep-page-tree.pdf"
    path.write_bytes(assemble_pdf(objects))
    return path


def write_many_pages(folder: Path, *, pages: int = 300) -> Path:
    """``pages`` pages of short Japanese text: more than the default --max-pages (200)."""
    _register_japanese_font()
    path = folder / "many-pages.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    for page in range(1, pages + 1):
        pdf.setFont(JAPANESE_FONT, 9)
        pdf.drawString(60, 800, f"株式会社サンプル　事業報告　{page}／{pages}")  # a running head
        body = [RELEASE_LINES[(3 * page + line) % len(RELEASE_LINES)] for line in range(3)]
        _draw_lines(pdf, [f"第{page}節　{body[0]}", *body[1:]], top=600)
        pdf.showPage()
    pdf.save()
    return path


# every bad kind, by name, as used by the robustness tests
BAD_FILE_WRITERS: dict[str, Callable[[Path], Path]] = {
    "zero_bytes": write_zero_bytes,
    "plain_text": write_plain_text,
    "html": write_html,
    "png": write_png,
    "truncated_40": lambda folder: write_truncated(folder, 0.4),
    "truncated_90": lambda folder: write_truncated(folder, 0.9),
    "garbled_xref": write_garbled_xref,
    "user_password": write_user_password,
    "owner_password_only": write_owner_password_only,
    "image_only": write_image_only,
    "glyph_codes_only": write_glyph_codes_only,
    "flate_bomb": write_flate_bomb,
    "deep_page_tree": write_deep_page_tree,
    "many_pages": write_many_pages,
}


def write_all(folder: Path) -> dict[str, Path]:
    """Every bad file into ``folder``: name -> path."""
    return {name: writer(folder) for name, writer in BAD_FILE_WRITERS.items()}
