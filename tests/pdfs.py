"""Reading what a PDF of ours says: the text fpdf2 draws with the core fonts, from the file's
inflated content streams (no PDF library needed)."""

import re
import zlib


def pdf_text(content: bytes) -> str:
    """The text the PDF draws, each string of a text operator in the core font's encoding
    (Windows-1252) with fpdf2's escapes undone, joined by spaces. Asserts the file is whole."""
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
    drawn = b"".join(zlib.decompress(stream) for stream in streams)
    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", drawn)
    return " ".join(re.sub(rb"\\(.)", rb"\1", string).decode("cp1252") for string in strings)
