"""Line-level post-processing of the extracted body text."""

from __future__ import annotations

import re

from .clean import CREDIT_LINE_RE, PICTURE_CREDIT_TAIL_RE, compact, split_credit
from .dates import DNUM_RE
from .meta import WRITER_CREDIT_LABEL

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
    r"in bài viết|gửi (?:bài viết )?cho bạn bè|(?:trở )?(?:về|lên) đầu trang|đăng nhập để bình luận|"
    r"lượt (?:xem|đọc)\s*:?\s*[\d.,]+|[(\[]?ảnh minh (?:họa|hoạ)[)\]]?|(?:nhóm )?(?:pv|btv|ctv)|nhóm phóng viên|"
    r"powered by .*|.*a product of\s*neko|back to top|top"
    r")\s*(?:[:.!…]|\.\.\.)?$",
    re.I,
)
# headings of link lists ("More Great WIRED Stories", "Tin cùng chuyên mục"): the list after them goes too
LIST_HEADING_RE = re.compile(
    r"^(?:(?:more|related|other|latest|recommended|popular|top|trending|further|similar|recent)\b.{0,40}"
    r"\b(?:stories|news|articles|posts|reads|reading|videos|coverage|links|headlines)|"
    r"related|read more|see more|see also|you may (?:also )?like|you might (?:also )?like|don'?t miss|more from .{1,40}|"
    r"same tag|same category|same author|tin liên quan|bài liên quan|tin cùng chuyên mục|tin khác|bài đọc tiếp|"
    r"(?:các )?(?:bài viết|tin bài|bài) khác|(?:các )?tin (?:đã đưa|cũ hơn)|"
    r"đọc thêm|xem thêm|có thể bạn quan tâm|tin mới|tin mới nhất|tin nổi bật|"
    r"most (?:read|viewed|popular|shared)|featured|(?:tin |bài )?(?:đọc|xem) nhiều(?: nhất)?|cùng chuyên mục)"
    r"\s*(?:[:.!…]|\.\.\.)?$",
    re.I,
)
# lines that start a widget: "Read more: <headline>", "Xem thêm: ..."
BOILERPLATE_PREFIX_RE = re.compile(
    r"^(?:read more|read also|see also|see more|also read|recommended|xem thêm|đọc thêm|"
    r"related(?: (?:article|articles|post|posts|story|stories|content|coverage|reading|link|links|news))?|"
    r"tin liên quan|bài liên quan|more on this|click here|sign up for|subscribe to|"
    r"tags?|keywords|từ khóa|từ khoá)\s*[:>»-]+\s*\S",
    re.I,
)
# a trailing attribution footer: "Source: VNA", "Nguồn: Báo Nghệ An", "Theo TTXVN"
SOURCE_FOOTER_RE = re.compile(r"^[(\[]?\s*(?:source|sources|nguồn)\s*:\s*[^.]{1,60}[)\]]?\.?$", re.I)
_THEO_RE = re.compile(r"^[(\[]?\s*theo\s+(.{1,60}?)[)\]]?\.?$", re.I)


def is_source_footer(line: str) -> bool:
    """'Source: VNA', 'Nguồn: Báo Nghệ An', '(Theo TTXVN)', but not 'Theo kế hoạch, ...' (names only after Theo)."""
    if SOURCE_FOOTER_RE.match(line):
        return True
    match = _THEO_RE.match(line)
    if not match:
        return False
    words = match.group(1).split()
    return 1 <= len(words) <= 6 and all(w[0].isupper() or w[0].isdigit() for w in words)


# A caption printed as a line of the text with its picture's credit ("Toàn cảnh hội nghị. Ảnh: Thanh Hà"): at most
# this many words (a paragraph of prose is longer, and does not end in a photographer's name)
CAPTION_LINE_MAX_WORDS = 40


def credited_caption(line: str) -> str | None:
    """The caption of a line that is a caption followed by its picture's credit, without the credit; None for any
    other line (a line that is all credit is a credit line, not a caption)."""
    if line.count(" ") >= CAPTION_LINE_MAX_WORDS:
        return None
    caption, credit = split_credit(line, PICTURE_CREDIT_TAIL_RE)
    return caption if credit and caption else None


CREDIT_LINE_MAX_CHARS = 80
# a Vietnamese credit line naming the writer: "Tin, ảnh: Minh Hà", "Bài, ảnh: MỸ THANH", "Bài và ảnh: X",
# "Tin: X", "Bài: X" (the name is the author; the line is no body text)
BYLINE_CREDIT_RE = re.compile(
    rf"^[(\[]?\s*{WRITER_CREDIT_LABEL}\s*:\s*(?P<name>[^\d:.;]{{2,60}}?)[)\]]?\.?$",
    re.I,
)


def credited_name(line: str) -> str | None:
    """The writer named by a credit line ('Bài, ảnh: MỸ THANH' -> 'MỸ THANH'), None for any other line."""
    match = BYLINE_CREDIT_RE.match(line.strip()) if len(line) <= CREDIT_LINE_MAX_CHARS else None
    return match.group("name").strip() if match else None


# wire-service credit footers: "(Reporting by X; Editing by Y)", "The Associated Press contributed to this report."
WIRE_CREDIT_RE = re.compile(
    r"^[(\[]?\s*(?:reporting|additional reporting|writing|editing|compiled|research|translated|translation)"
    r"\s+by\b.{0,300}$|"
    r"^.{1,120}\bcontributed(?: reporting)? to (?:this|the) (?:report|story|article)\.?[)\]]?$",
    re.I,
)
# "Reading time: 3 minutes", "5 min read", "Thời gian đọc: 4 phút"
READING_TIME_RE = re.compile(
    r"^(?:(?:estimated )?(?:reading|read) time|tempo de leitura|tiempo de lectura|lesezeit|temps de lecture|"
    r"thời gian đọc)\s*:?\s*\d+\s*\w*\.?$|^\d+\s*(?:min|mins|minutes?|phút)\s+(?:read|đọc)\.?$",
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
    r"\bin your inbox\b|\bdownload (?:our|the) app\b|\btell us what you think\b|"
    r"\bfollow\b[^.]{0,80}\b(?:at|on)\s+(?:https?://|www\.)|\bđăng ký nhận bản tin\b|\bmời (?:quý )?(?:bạn đọc|độc giả) "
    r"(?:theo dõi|đón đọc|xem)\b|\bbạn đang đọc bài viết\b)",
    re.I,
)


# a section break printed as a line of its own ("___", "***", "* * *", "---"): it separates parts of the article
SECTION_BREAK_RE = re.compile(r"([_*=~#-])(?: ?\1){2,}")


# a dateline / byline strip printed as its own line: "05/10/2018 - Publicado por: X", "Monday, Jan 22, 2018 at 0:13"
DATE_IN_LINE_RE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|"
    r"\b\d{1,2}\.?\s+(?:de\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janeiro|fevereiro|março|abril|"
    r"maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|junio|julio|"
    r"septiembre|octubre|noviembre|diciembre|januar|februar|märz|juni|juli|oktober|dezember)[a-z]*\.?,?\s+"
    r"(?:de\s+)?\d{4}\b",
    re.I,
)


def clean_lines(
    lines: list[str],
    captions: set[str],
    keep_captions: bool,
    drop_texts: set[str] = frozenset(),
) -> list[str]:
    """Apply the line rules; captions (compact forms) are dropped unless keep_captions."""
    out: list[str] = []
    last_key = None
    in_link_list = False
    for line in lines:
        if "DNUM" in line:
            line = DNUM_RE.sub("", line)
        line = line.strip()
        if not line:
            continue
        n_words = line.count(" ") + 1
        short = n_words <= 16  # the whole-line widget rules only ever match short lines
        if short and LIST_HEADING_RE.match(line) and n_words <= 10:
            in_link_list = True
            continue
        if in_link_list and line.startswith("- "):
            continue
        in_link_list = False
        key = compact(line)
        if SECTION_BREAK_RE.fullmatch(line):
            if out and not SECTION_BREAK_RE.fullmatch(out[-1]):
                out.append(line)
                last_key = key
            continue
        if not key or key in drop_texts:
            continue
        if key in captions:
            if keep_captions:
                out.append(line)
                last_key = key
            continue
        if BOILERPLATE_PREFIX_RE.match(line):
            continue
        caption = credited_caption(line)
        if caption:
            if keep_captions:  # a photo story's narrative, its credit left out
                out.append(caption)
                last_key = compact(caption)
            continue
        if short and (CREDIT_LINE_RE.match(line) or credited_name(line) or BOILERPLATE_LINE_RE.match(line) or (
                n_words <= 12 and (STAMP_LINE_RE.match(line) or READING_TIME_RE.match(line)))):
            continue
        if key == last_key:
            continue
        out.append(line)
        last_key = key
    # a section break separates nothing after the last line
    while out and SECTION_BREAK_RE.fullmatch(out[-1]):
        out.pop()
    # a date strip as the first or last line (not a sentence: no closing punctuation)
    for index in (0, -1):
        if out and len(out[index].split()) <= 15 and not out[index].rstrip().endswith((".", "!", "?", "\"", "”", ":")) \
                and DATE_IN_LINE_RE.search(out[index]):
            del out[index]
    # footers at the very end: attribution, wire credits, contact/newsletter prompts
    while out:
        last = out[-1]
        words = len(last.split())
        if (words <= 10 and is_source_footer(last)) or WIRE_CREDIT_RE.match(last) or (
            words <= 45 and PROMPT_RE.search(last)
        ):
            out.pop()
            continue
        break
    return out
