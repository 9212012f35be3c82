"""The Bitstring Status List's encodedList: the bits, index 0 the first byte's highest bit,
GZIP-compressed, then multibase base64url ("u" + base64url without padding)."""

import gzip
import io

from .multibase import b64url, b64url_decode


def encode(revoked_indexes, size: int) -> str:
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + b64url(gzip.compress(bytes(bits), mtime=0))


# A 16 KB list compresses to a few hundred bytes; refuse to inflate anything much larger than
# the biggest list anyone needs (a "zip bomb" in a status list from elsewhere).
MAX_LIST_BYTES = 16 * 1024 * 1024


def decode(encoded: str) -> bytes:
    if encoded.startswith("u"):
        encoded = encoded[1:]
    compressed = b64url_decode(encoded)
    with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as stream:
        data = stream.read(MAX_LIST_BYTES + 1)
    if len(data) > MAX_LIST_BYTES:
        raise ValueError("status list too large")
    return data


def bit(data: bytes, index: int) -> bool:
    if index < 0 or index // 8 >= len(data):
        raise IndexError("status list index out of range")
    return bool(data[index // 8] & (0x80 >> (index % 8)))
