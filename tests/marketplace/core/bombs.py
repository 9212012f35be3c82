"""Decompression bombs for the tests: small files whose header announces a huge image.

The PNG is a real one, every pixel present (13000 × 13000 RGBA, about 640 KB of zeros squeezed
by zlib, as the outside probe sent); the other formats are a small real image whose header is
rewritten to claim the same size, which is all a decoder needs to set aside the memory."""

import struct
import zlib
from functools import cache
from io import BytesIO

from PIL import Image

SIDE = 13000  # 169 million pixels: under Pillow's own refusal (2 × 89 Mpx), far over ours


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def png_bomb(width: int = SIDE, height: int = SIDE) -> bytes:
    """A complete, valid PNG of width × height transparent pixels, compressed a row block at a
    time so that making it does not take the memory that decoding it would."""
    row_block = bytes((1 + width * 4) * 100)  # filter byte + RGBA, 100 rows
    squeeze = zlib.compressobj(9)
    idat = b"".join(squeeze.compress(row_block) for _ in range(height // 100))
    idat += squeeze.compress(bytes((1 + width * 4) * (height % 100))) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def _small(fmt: str) -> bytes:
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    buffer = BytesIO()
    # Square and a multiple of the HEVC block, so HEIF adds no crop box (clap) to the size.
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


@cache
def header_bomb(fmt: str, width: int = SIDE, height: int = SIDE) -> bytes:
    """A small fmt image ("JPEG", "WEBP", "HEIF", "PNG") whose header claims width × height."""
    data = bytearray(_small(fmt))
    if fmt == "JPEG":
        sof = data.index(b"\xff\xc0")  # baseline frame header: length, precision, height, width
        data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    elif fmt == "WEBP":
        assert data[12:16] == b"VP8 " and data[23:26] == b"\x9d\x01\x2a"  # lossy key frame
        data[26:30] = struct.pack("<HH", width, height)
    elif fmt == "HEIF":
        ispe = data.index(b"ispe")  # image spatial extents: version/flags, width, height
        data[ispe + 8:ispe + 16] = struct.pack(">II", width, height)
    elif fmt == "PNG":
        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        data[8:33] = _png_chunk(b"IHDR", header)
    else:
        raise ValueError(f"No header bomb for {fmt!r}.")
    return bytes(data)
