"""Line-level post-processing of the extracted body text."""

from __future__ import annotations

import re

from .clean import CREDIT_LINE_RE
from .dates import DNUM_RE

# whole lines that are widgets, prompts or list headings, never article text
BOILERPLATE_LINE_RE = re.compile(
    r"^(?:"
    r"read more|read also|see also|also read|more|related|related (?:articles?|news|stories|posts|content|topics)|"
    r"more (?:news|stories|on this)|recommended|you may (?:also )?like|you might (?:also )?like|don'?t miss|"
    r"see more|see also|more from .{1,40}|most read|most popular|trending|latest|editor'?s picks?|"
    r"latest news|featured|advertisement|advertising|sponsored|ad|"
    r"same tag|same category|same author|same topic|no data|source|sources|comments?|"
    r"comments? \(\d+\)|\d+ comments?|leave a (?:comment|reply)|share|share this|share this (?:article|story)|"
    r"print|email|tweet|facebook|twitter|zalo|copy link|tags?|keywords?|topics?|"
    r"subscribe|subscribe now|sign up|newsletter|follow us|"
    r"xem thêm|đọc thêm|tin liên quan|bài liên quan|bài đọc tiếp|tin cùng chuyên mục|tin khác|tin mới|"
    r"tin mới nhất|tin nổi bật|quảng cáo|chia sẻ|in bài|bình luận|bình luận \(\d+\)|ý kiến bạn đọc|"
    r"từ khóa|từ khoá|nguồn|theo dõi|gửi bình luận|"
    r"powered by .*|.*a product of\s*neko|back to top|top"
    r")\s*(?:[:.!…]|\.\.\.)?$",
    re.I,
)
# lines that start a widget: "Read more: <headline>", "Xem thêm: ..."
BOILERPLATE_PREFIX_RE = re.compile(
    r"^(?:read more|read also|see also|see more|also read|related|related article|recommended|xem thêm|đọc thêm|"
    r"tin liên quan|bài liên quan|more on this|click here|sign up for|subscribe to)\s*[:>»-]+\s*\S",
    re.I,
)
# a trailing attribution footer: "Source: VNA", "Nguồn: Báo Nghệ An", "Theo TTXVN"
SOURCE_FOOTER_RE = re.compile(r"^[(\[]?\s*(?:source|nguồn|theo)\s*[:]?\s+[^.]{1,60}[)\]]?\.?$", re.I)


# wire-service credit footers: "(Reporting by X; Editing by Y)"
WIRE_CREDIT_RE = re.compile(
    r"^[(\[]?\s*(?:reporting|additional reporting|writing|editing|compiled|research|translated|translation)"
    r"\s+by\b.{0,300}$",
    re.I,
)
# time stamps printed as a line of their own: "Updated at 1:23 p.m.", "Published 19/07/2024 18:02"
STAMP_LINE_RE = re.compile(
    r"^(?:updated|last updated|published|posted|first published|cập nhật|đăng lúc|ngày đăng)\b[^.]{0,60}\d[^.]{0,40}\.?$",
    re.I,
)
# contact / follow / newsletter prompts, typically after the last paragraph
PROMPT_RE = re.compile(
    r"(?:\bsign up\b|\bsubscribe\b|\bnewsletters?\b|\bfollow (?:us|him|her|them|me)\b|\bhave a tip\b|"
    r"\bemail (?:us|him|her|[A-Z]\w+ [A-Z]\w+ at)\b|\S+@\S+\.\w+|twitter\.com/|@\w{3,}\b|\bclick here\b|"
    r"\bin your inbox\b|\bdownload (?:our|the) app\b|\bđăng ký\b|\btheo dõi\b)",
    re.I,
)


def compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def clean_lines(
    lines: list[str],
    captions: set[str],
    keep_captions: bool,
    drop_texts: set[str] = frozenset(),
) -> list[str]:
    """Apply the line rules; captions (compact forms) are dropped unless keep_captions."""
    out: list[str] = []
    for line in lines:
        line = DNUM_RE.sub("", line).strip()
        if not line:
            continue
        key = compact(line)
        if not key:
            continue
        if key in drop_texts:
            continue
        if key in captions:
            if keep_captions:
                out.append(line)
            continue
        if CREDIT_LINE_RE.match(line) or BOILERPLATE_LINE_RE.match(line) or BOILERPLATE_PREFIX_RE.match(line):
            continue
        if STAMP_LINE_RE.match(line) and len(line.split()) <= 12:
            continue
        if out and compact(out[-1]) == key:
            continue
        out.append(line)
    # footers at the very end: attribution, wire credits, contact/newsletter prompts
    while out:
        last = out[-1]
        words = len(last.split())
        if (words <= 10 and SOURCE_FOOTER_RE.match(last)) or WIRE_CREDIT_RE.match(last) or (
            words <= 45 and PROMPT_RE.search(last)
        ):
            out.pop()
            continue
        break
    return out
