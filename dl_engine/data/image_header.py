"""Read an image file's declared format and size from its first bytes, before any decoding.

Why: a 100-byte PNG may declare 20000×20000 pixels (a decompression bomb); the size in its
header is enough to refuse it. Only PNG and JPEG are parsed; other formats are named by their
signature so the message can say what the file is.
"""
from __future__ import annotations

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OTHER_SIGNATURES = {b"GIF8": "GIF", b"BM": "BMP", b"II*\x00": "TIFF", b"MM\x00*": "TIFF",
                    b"\x00\x00\x01\x00": "ICO"}
# JPEG start-of-frame markers hold the size; C4 (Huffman tables), C8 and CC (arithmetic) do not.
_SOF = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = {0x01, 0xD8} | set(range(0xD0, 0xD8))   # markers without a length field


def sniff(data: bytes) -> str | None:
    """'PNG', 'JPEG', another format's name ('GIF', 'WebP', …), or None if unrecognised."""
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "HEIC"
    return next((name for sig, name in OTHER_SIGNATURES.items() if data.startswith(sig)), None)


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or data[12:16] != b"IHDR":   # IHDR must be the first chunk
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:                    # fill byte before a marker
            i += 1
        elif marker in _STANDALONE:
            i += 2
        elif marker in _SOF:                  # FF Cn, length (2), precision (1), height (2), width (2)
            return int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
        else:
            i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return None


def declared_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) a PNG or JPEG declares in its header; None if not found (not PNG/JPEG, or cut short)."""
    kind = sniff(data)
    if kind == "PNG":
        return _png_size(data)
    if kind == "JPEG":
        return _jpeg_size(data)
    return None
