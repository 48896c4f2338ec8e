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

_DMY_RE = re.compile(
    r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)"
    r"(?:\D{0,12}?(?<!\d)(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?"
)
_TIME_FIRST_RE = re.compile(r"(?<!\d)(\d{1,2})[:hH](\d{2})(?::(\d{2}))?\D{1,12}?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
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
        day, month, year, hour, minute, second = match.groups()
        dt = _safe(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        if dt is not None:
            return _finish(dt, default_tz)
    match = _TIME_FIRST_RE.search(value)
    if match:
        hour, minute, second, day, month, year = match.groups()
        dt = _safe(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        if dt is not None:
            return _finish(dt, default_tz)
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return _finish(dt, default_tz) if dt else None


# The dateline Vietnamese papers print, weekday first: "Thứ năm, 20/12/2012, 16:10 GMT+7", "Thứ Bảy, 20/07/2024,
# 08:15 (GMT+7)". The time is required: a weekday and a date without one is the page header's "today".
_VN_DATELINE_RE = re.compile(
    r"\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*[,-]?\s*(?:ngày\s+)?"
    r"(\d{1,2}/\d{1,2}/\d{4}\s*[,-]?\s*(?:lúc\s+)?\d{1,2}[:hH]\d{2})(?!\d)",
    re.I,
)


def find_dateline(text: str | None, default_tz: timezone = VN_TZ) -> str | None:
    """The first weekday-date-time dateline in text ('Thứ năm, 20/12/2012, 16:10 GMT+7'), as ISO 8601."""
    match = _VN_DATELINE_RE.search(text or "")
    return parse_date(match.group(1), default_tz) if match else None


def decode_dnum(text: str | None, default_tz: timezone = VN_TZ) -> str | None:
    """Decode the first ``DNUM_...`` token in text (a day/month/year date), with a following hh:mm if present."""
    if not text:
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
