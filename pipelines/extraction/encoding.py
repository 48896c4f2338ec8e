"""Bytes to NFC text, whatever the page's encoding or however its charset is labelled.

Vietnamese pages still come in windows-1258 (tone marks as combining characters) or carry a wrong charset
label. A body that is valid UTF-8 is UTF-8 whatever its label says (legacy-encoded Vietnamese practically never
is); otherwise w3lib applies the usual order: BOM, HTTP header, <meta>, then detection.
"""

import codecs
import unicodedata

from w3lib.encoding import html_to_unicode


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text in NFC, the encoding used)."""
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8):]
    try:
        text, encoding = body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        encoding, text = html_to_unicode(content_type, body)
    return unicodedata.normalize("NFC", text), encoding
