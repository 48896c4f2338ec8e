"""Date parsing for article metadata: machine-readable values first, the OneCMS ``DNUM_`` token last.

Every value is returned as an ISO 8601 string with a UTC offset. A naive value (no offset in the page) is read as
Vietnam local time (+07:00), the timezone of the sites this crawler archives.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

VN_TZ = timezone(timedelta(hours=7))

# OneCMS English pages print the date as e.g. DNUM_BJZAHZCACE: A-J are the digits 0-9, Z separates day/month/year.
DNUM_RE = re.compile(r"\bDNUM[_\s]+([A-JZ]{5,})\b")
_DNUM_TABLE = str.maketrans("ABCDEFGHIJZ", "0123456789/")

# A clock: 16:10, 16h10, 16:10:05, 4:10 PM (a 12-hour clock's marker read by ``_on_24_hour_clock``)
_CLOCK = r"(\d{1,2})[:hH](\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\b)?"
# the part of the day a 12-hour clock names in printed text (lower-cased): AM/PM, and the Vietnamese words for the
# morning, noon, afternoon, evening and night ("04:00 chiều" is 16:00, "11:05 tối" 23:05)
_HALF_OF_DAY = r"(?:[ap]\.?m\.?|sáng|trưa|chiều|tối|đêm)"
# a clock as printed text writes it (lower-cased): "16:10", "16h10" (the Vietnamese habit), "4:10 pm", "04:00 chiều"
_PRINTED_CLOCK = r"\d{1,2}[:h]\d{2}(?::\d{2})?\s*" + _HALF_OF_DAY + "?"
_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)(?:\D{0,12}?(?<!\d)" + _CLOCK + ")?")
_TIME_FIRST_RE = re.compile(r"(?<!\d)" + _CLOCK + r"\D{1,12}?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_ISO_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)


def _valid(dt: datetime) -> bool:
    return 1990 <= dt.year <= 2100


def _finish(dt: datetime, default_tz: timezone) -> str | None:
    if not _valid(dt):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=default_tz)
    return dt.isoformat()


def _safe(*parts: int) -> datetime | None:
    try:
        return datetime(*parts)
    except ValueError:
        return None


def _on_24_hour_clock(hour: str | None, half: str | None) -> int:
    """The hour of a clock reading; ``half`` is a 12-hour clock's part of the day ("a", "pm", "chiều"; see
    ``_HALF_OF_DAY``). An hour past 12 stays as written whatever follows it ("15:20 PM")."""
    value = int(hour or 0)
    if not half or value > 12:
        return value
    half = half.lower()
    afternoon = (half[0] == "p" or half in ("chiều", "tối")
                 or (half == "trưa" and (value == 12 or value < _NOON_ENDS))
                 or (half == "đêm" and _NIGHT_FALLS <= value < 12))
    return value % 12 + (12 if afternoon else 0)


# "12 giờ trưa" is 12:00, "1 giờ trưa" 13:00, "11 giờ trưa" 11:00; "9 giờ đêm" is 21:00, "12 giờ đêm" 00:00 and
# "2 giờ đêm" 02:00
_NOON_ENDS = 6
_NIGHT_FALLS = 6


def parse_date(value: str | None, default_tz: timezone = VN_TZ) -> str | None:
    """Parse a date as found in markup (ISO 8601, RFC 2822, dd/mm/yyyy [hh:mm]) to ISO 8601 with an offset."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 200:
        return None
    match = _ISO_RE.search(value)
    if match:
        year, month, day, hour, minute, second, tz = match.groups()
        dt = _safe(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        if dt is not None:
            if tz:
                if tz == "Z":
                    dt = dt.replace(tzinfo=timezone.utc)
                else:
                    sign = 1 if tz[0] == "+" else -1
                    digits = tz[1:].replace(":", "")
                    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
                    dt = dt.replace(tzinfo=timezone(sign * offset))
            return _finish(dt, default_tz)
    match = _DMY_RE.search(value)
    if match:
        day, month, year, hour, minute, second, half = match.groups()
        dt = _safe(int(year), int(month), int(day), _on_24_hour_clock(hour, half), int(minute or 0), int(second or 0))
        if dt is not None:
            return _finish(dt, default_tz)
    match = _TIME_FIRST_RE.search(value)
    if match:
        hour, minute, second, half, day, month, year = match.groups()
        dt = _safe(int(year), int(month), int(day), _on_24_hour_clock(hour, half), int(minute), int(second or 0))
        if dt is not None:
            return _finish(dt, default_tz)
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return _finish(dt, default_tz) if dt else None


# The dateline Vietnamese papers print, weekday first: "Thứ năm, 20/12/2012, 16:10 GMT+7", "Thứ Bảy, 20/07/2024,
# 08:15 (GMT+7)". The time is required: a weekday and a date without one is the page header's "today".
# Matched against the lower-cased text and with the word boundary tested after the match (``_at_word_start``): a
# case-insensitive pattern, or one that opens with ``\b``, scans a page's text four to six times slower.
_VN_DATELINE_RE = re.compile(
    r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*[,-]?\s*(?:ngày\s+)?"
    r"(\d{1,2}/\d{1,2}/\d{4}\s*[,-]?\s*(?:lúc\s+)?\d{1,2}[:h]\d{2})(?!\d)"
)


def find_dateline(text: str | None, default_tz: timezone = VN_TZ) -> str | None:
    """The first weekday-date-time dateline in text ('Thứ năm, 20/12/2012, 16:10 GMT+7'), as ISO 8601."""
    match = _at_word_start(_VN_DATELINE_RE, (text or "").lower())
    return parse_date(match.group(1), default_tz) if match else None


def _at_word_start(pattern: re.Pattern, text: str) -> re.Match | None:
    """The first match of ``pattern`` that starts a word (what a leading ``\\b`` would test)."""
    for match in pattern.finditer(text):
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return match
    return None


# A publication stamp printed after its label, as forum and blog software prints it: "Published on 03-08-2011 01:00
# AM", "Posted: 24/12/2012, 10:15", "Đăng lúc 08:30 19/07/2024" (the time may come first), "Ngày đăng: 19-07-2024".
# (matched as the dateline is)
_LABELLED_DATE_RE = re.compile(
    r"(?:published|posted|đăng|xuất bản)\s*(?:on|at|lúc|ngày|vào)?\s*:?\s*"
    r"(?:(?P<time_first>" + _PRINTED_CLOCK + r")\s*,?\s*(?:ngày\s+)?)?"
    r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)"
    r"(?:\s*,?\s*(?:at|lúc)?\s*(?P<time>" + _PRINTED_CLOCK + r"))?"
)
_TIME_RE = re.compile(r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*(" + _HALF_OF_DAY + r")?", re.I)
_NUMERIC_DATE_RE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2\d{4}(?!\d)")
# "All times are GMT +8", "Múi giờ GMT +8", "16:10 GMT+7": an offset the page states for its times
_GMT_OFFSET_RE = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)")


def _month_first(text: str) -> bool:
    """Whether the page writes its numeric dates month first (12-24-2012): some date's second number cannot be a
    month and no date's first number is beyond 12. Vietnamese pages write the day first, so that is the default."""
    month_first = day_first = False
    for first, _, second in _NUMERIC_DATE_RE.findall(text):
        day_first |= int(first) > 12
        month_first |= int(second) > 12
    return month_first and not day_first


# the offsets clocks use: UTC-12:00 to UTC+14:00 (anything else in "GMT+99" is no time zone)
MAX_UTC_OFFSET = timedelta(hours=14)


def _stated_offset(text: str) -> timezone | None:
    """The one UTC offset the page states for its times ("All times are GMT +8"); None for none or several."""
    if "GMT" not in text and "UTC" not in text:  # substring tests are far cheaper than the pattern's scan
        return None
    offsets = {(1 if sign == "+" else -1) * timedelta(hours=int(hours), minutes=int(minutes or 0))
               for sign, hours, minutes in _GMT_OFFSET_RE.findall(text)}
    offsets = {offset for offset in offsets if abs(offset) <= MAX_UTC_OFFSET}
    return timezone(offsets.pop()) if len(offsets) == 1 else None


def find_labelled_date(text: str | None) -> str | None:
    """The first labelled publication stamp in the page's text ("Published on 03-08-2011 01:00 AM"), in Vietnam time,
    read as ``_page_reading`` reads it."""
    match = _at_word_start(_LABELLED_DATE_RE, (text or "").lower())
    return _page_reading(match, text) if match else None


# A date as a page prints it beside a headline: "15:20 PM | 21/12/2012", "14/12/12 at 16:18", "03-08-2011 01:00 AM"
# (the two-digit year is forum software's short form). Group names as in _LABELLED_DATE_RE.
_PRINTED_DATE_RE = re.compile(
    r"(?:(?P<time_first>" + _PRINTED_CLOCK + r")\D{1,12}?)?"
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d/.-])"
    r"(?:\D{0,12}?(?P<time>" + _PRINTED_CLOCK + r"))?"
)


def read_printed_date(value: str | None, page: str) -> str | None:
    """A date printed in an element named for it, in Vietnam time: a machine-readable value as ``parse_date``
    reads it, else a numeric date (and time) read in the page's conventions (see ``_page_reading``)."""
    if not value:
        return None
    if _ISO_RE.search(value):
        return parse_date(value)
    match = _PRINTED_DATE_RE.search(value.lower())
    return _page_reading(match, page) if match else None


def _page_reading(match: re.Match, page: str) -> str | None:
    """A numeric date match (groups a, b, year, time_first, time) read in the page's own conventions.

    A number above 12 is the day; otherwise the page's dates decide whether 03-08 is the 3rd of August or the 8th
    of March (software in an English locale prints month first). The time is read in the offset the page states
    for its times, if it states one; a two-digit year is of this century.
    """
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    day, month = (b, a) if b > 12 or (a <= 12 and _month_first(page)) else (a, b)
    hour = minute = second = 0
    clock = _TIME_RE.match(match["time_first"] or match["time"] or "")
    if clock:
        hour, minute, second = _on_24_hour_clock(clock[1], clock[4]), int(clock[2]), int(clock[3] or 0)
    dt = _safe(year + 2000 if year < 100 else year, month, day, hour, minute, second)
    if dt is None or not _valid(dt):
        return None
    return dt.replace(tzinfo=_stated_offset(page) or VN_TZ).astimezone(VN_TZ).isoformat()


def decode_dnum(text: str | None, default_tz: timezone = VN_TZ) -> str | None:
    """Decode the first ``DNUM_...`` token in text (a day/month/year date), with a following hh:mm if present."""
    if not text or "DNUM" not in text:  # a substring test is far cheaper than the pattern's scan
        return None
    match = DNUM_RE.search(text)
    if not match:
        return None
    parts = [p for p in match.group(1).translate(_DNUM_TABLE).split("/") if p]
    if len(parts) != 3:
        return None
    day, month, year = (int(p) for p in parts)
    hour = minute = 0
    rest = re.match(r"\s*(\d{1,2}):(\d{2})", text[match.end():])
    if rest:
        hour, minute = int(rest.group(1)), int(rest.group(2))
    dt = _safe(year, month, day, hour, minute)
    return _finish(dt, default_tz) if dt else None

