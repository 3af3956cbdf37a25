"""Small, real attachment files for demo applications: PNG pictures shaped like an ID card's two
sides and a one-page PDF, made here so the demo needs nothing from outside."""
import struct
import zlib

WIDTH, HEIGHT = 428, 270  # an ID card's proportions (85.6 × 54 mm)


def _png(pixels: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in pixels)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _card(shade: int, boxes: list[tuple[int, int, int, int, tuple[int, int, int]]]) -> bytes:
    """A light card with filled rectangles (x, y, width, height, colour) standing for photo and text."""
    background = (shade, shade, min(255, shade + 12))
    rows = []
    for y in range(HEIGHT):
        row = bytearray(bytes(background) * WIDTH)
        for x0, y0, w, h, colour in boxes:
            if y0 <= y < y0 + h:
                row[x0 * 3:(x0 + w) * 3] = bytes(colour) * w
        rows.append(bytes(row))
    return _png(rows)


def id_front(seed: int) -> bytes:
    """人像面: text lines on the left, a photo on the right."""
    ink = (60, 60, 70)
    lines = [(24, 40 + 34 * i, 150 + (seed * 7 + i * 13) % 80, 12, ink) for i in range(5)]
    return _card(236, lines + [(300, 40, 100, 125, (150, 160, 175)), (24, 220, 260, 14, ink)])


def id_back(seed: int) -> bytes:
    """国徽面: an emblem at the top left, the issuing office and validity below."""
    ink = (60, 60, 70)
    return _card(232, [(24, 24, 56, 56, (190, 40, 40)), (110, 36, 240, 20, ink),
                       (110, 190, 200 + seed % 60, 12, ink), (110, 220, 220, 12, ink)])


def licence(seed: int) -> bytes:
    """A picture shaped like a 营业执照: a red emblem at the top, lines of text, a QR-like square."""
    ink = (60, 60, 70)
    return _card(240, [(140, 12, 40, 28, (190, 40, 40)), (60, 60, 200, 14, ink), (60, 96, 160 + seed % 70, 10, ink),
                       (60, 120, 180, 10, ink), (60, 144, 150, 10, ink), (240, 180, 48, 48, ink)])


def diploma_pdf(name: str, school: str, month: str) -> bytes:
    """A one-page PDF with the facts in Latin letters (the base fonts have no Chinese)."""
    text = f"Graduation certificate / {month} / No. {zlib.crc32((name + school).encode()) % 10**8:08d}"
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
