"""Bytes to NFC text, whatever the page's encoding or however its charset is labelled.

Vietnamese pages still come in windows-1258 (tone marks as combining characters) or carry a wrong or no charset
label. A body that is valid UTF-8 is UTF-8 whatever its label says (legacy-encoded Vietnamese practically never
is). Otherwise the label (BOM, HTTP header, <meta>) is kept unless charset-normalizer finds a decoding with less
mess: a windows-1258 page labelled UTF-8 or ISO-8859-1, or not labelled at all, is read as windows-1258.

The text keeps only characters XML allows: lxml (under trafilatura) refuses a control character such as
``&#1;`` or a raw U+0001, which would otherwise cost the whole article.
"""

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# What a page with no label and no detectable encoding is read as (w3lib's default too).
FALLBACK_ENCODING = "utf-8"
# Code points XML 1.0 forbids: C0 controls other than tab, newline and carriage return, and the two non-characters.
NON_XML_CODE_POINTS = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]
# Each becomes a space when it separates words (vertical tab, form feed, the separators), else nothing.
NON_XML_REPLACEMENTS = {code: " " if chr(code).isspace() else None for code in NON_XML_CODE_POINTS}
# The same as two character classes: a regex scan is about 4x cheaper on a page than str.translate with a dict.
NON_XML_SPACES = re.compile("[%s]" % "".join(re.escape(chr(c)) for c, r in NON_XML_REPLACEMENTS.items() if r))
NON_XML_DROPPED = re.compile("[%s]" % "".join(re.escape(chr(c)) for c, r in NON_XML_REPLACEMENTS.items() if not r))
# The forbidden code points below U+0080, as bytes: in UTF-8 each is a byte of its own that no other character uses.
NON_XML_ASCII_BYTES = bytes(code for code in NON_XML_CODE_POINTS if code < 0x80)
NON_XML_NON_ASCII = tuple(chr(code) for code in NON_XML_CODE_POINTS if code >= 0x80)
CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text in NFC with only XML-compatible characters, the encoding used)."""
    body = body.removeprefix(codecs.BOM_UTF8)
    try:
        text, encoding = body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        encoding = legacy_encoding(body, content_type)
        text = body.decode(encoding, errors="replace")
    return xml_compatible(unicodedata.normalize("NFC", text)), encoding


def legacy_encoding(body: bytes, content_type: str | None) -> str:
    """The encoding of a body that is not UTF-8: its label, unless the detector reads it with less mess."""
    labelled = read_bom(body)[0] or http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    detected = from_bytes(body).best()
    if detected is None:
        return labelled or FALLBACK_ENCODING
    if labelled and not messier(body, labelled, detected.chaos):
        return labelled
    return detected.encoding


def messier(body: bytes, encoding: str, chaos: float) -> bool:
    """Whether ``body`` read as ``encoding`` is more of a mess than ``chaos`` (or does not decode at all)."""
    read = from_bytes(body, cp_isolation=[encoding]).best()
    return read is None or read.chaos > chaos


def xml_compatible(html: str) -> str:
    """``html`` without the characters XML forbids, raw or as character references (``&#1;``, ``&#x0B;``)."""
    html = CHARACTER_REFERENCE.sub(_without_non_xml_reference, html)
    if not has_non_xml_characters(html):
        return html
    return NON_XML_DROPPED.sub("", NON_XML_SPACES.sub(" ", html))


def has_non_xml_characters(html: str) -> bool:
    """Whether ``html`` holds a raw character XML forbids.

    Checked on the UTF-8 bytes by ``bytes.translate`` (about 0.4 ms on a real page): the two regex scans cost about
    3 ms a page and find nothing on almost every page, so they run only where this finds something.
    """
    data = html.encode("utf-8", "surrogatepass")
    return len(data.translate(None, NON_XML_ASCII_BYTES)) != len(data) or any(c in html for c in NON_XML_NON_ASCII)


def _without_non_xml_reference(reference: re.Match) -> str:
    hexadecimal, decimal = reference.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if code not in NON_XML_REPLACEMENTS:
        return reference.group()
    return NON_XML_REPLACEMENTS[code] or ""
