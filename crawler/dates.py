"""Dates known before a page is fetched: sitemap lastmod and news:publication_date, feed dates, dates in URLs.

``-a since=... -a until=...`` become a DateWindow; discovery asks it about every child sitemap and article URL
and skips only what is known to lie outside the window (a URL with no date at all is always fetched).
Calendar dates are taken in Vietnam time (+07:00), the time zone the archive records.
"""

from __future__ import annotations

import calendar
import email.utils
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

VN_TZ = timezone(timedelta(hours=7))
# A date as a whole path segment or file-name stem: /2024/07/19/, 2024-07-19.xml, news-2024-07.xml.gz,
# /202407/ (year-month directories). Dates glued to ids or inside slugs (-20240719.html, -2024-07-tin) are not
# dates of the page and do not match.
URL_DATE_RE = re.compile(r"(?:^|[/_-])(20\d\d)([-/])(0[1-9]|1[0-2])(?:\2(0[1-9]|[12]\d|3[01]))?(?=[/._]|$)"
                         r"|/(20\d\d)(0[1-9]|1[0-2])(?=/)")


def parse_date(text: str | None) -> date | None:
    """A W3C/ISO 8601 or RFC 822 timestamp as a calendar date in Vietnam time; None when unreadable."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        try:
            value = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if value.tzinfo is not None:
        value = value.astimezone(VN_TZ)
    return value.date()


def url_period(url: str) -> tuple[date, date] | None:
    """The day or month a URL's path names (its last date), as (first day, last day)."""
    matches = list(URL_DATE_RE.finditer(urlsplit(url).path))
    if not matches:
        return None
    match = matches[-1]
    year, month, day = (match[1], match[3], match[4]) if match[1] else (match[5], match[6], None)
    year, month = int(year), int(month)
    try:
        if day:
            return (date(year, month, int(day)),) * 2
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None


def parse_bound(name: str, value: str | None) -> date | None:
    if not value:
        return None
    result = parse_date(value)
    if result is None:
        raise ValueError(f"{name}={value!r} is not a date (expected YYYY-MM-DD)")
    return result


@dataclass(frozen=True)
class DateWindow:
    """Inclusive publication-date bounds of a run; either may be open."""

    since: date | None = None
    until: date | None = None

    def __bool__(self) -> bool:
        return bool(self.since or self.until)

    def overlaps(self, first: date, last: date) -> bool:
        return not (self.since and last < self.since) and not (self.until and first > self.until)

    def admits(self, url: str, published: date | None = None, modified: date | None = None) -> bool:
        """False only when the URL's date, its publication date, or a last modification before ``since``
        places it outside the window."""
        if not self:
            return True
        periods = [url_period(url), (published, published) if published else None,
                   (date.min, modified) if modified else None]  # unchanged since `modified`: published before it
        return all(self.overlaps(*period) for period in periods if period)
