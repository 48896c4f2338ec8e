"""The site registry: news sites declared as plain TOML data, validated on load.

A registry file has one table per site (``[sites.<key>]``) and optional per-platform extraction hints
(``[platforms.<name>]``). Loading fails loudly, naming the entry and the field, so a broken entry never
turns into a silent half-crawl.

The registry is the one place that resolves a site's extraction hints: ``Site.hints`` is the complete dict that
``extract_article`` is given, every selector already compiled once here.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lxml.cssselect import CSSSelector, SelectorError

from pipelines.extraction.platforms import HINT_KEYS, PLATFORMS, merge_hints

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DOMAIN_RE = re.compile(r"^[a-z0-9.-]+$")
# Article URL heuristic for section-page links of sites without a declared pattern (ad-hoc crawls): a slug of at
# least three hyphenated words, or a numeric id before an optional .htm(l) extension. It tells articles from menus
# and tag pages among a listing's links; it never judges what a site's own sitemap or feed lists.
DEFAULT_ARTICLE_PATTERN = r"/[^/?#]*[a-z0-9]+-[a-z0-9]+-[a-z0-9]+[^/?#]*$|[-/_]\d{5,}(\.html?)?$"
# Vietnam's 34 provincial-level units since 1 July 2025 (Resolution 202/2025/QH15): 6 centrally-run cities and
# 28 provinces. A site's ``province`` must be one of them; names of the 63 units before the merger go in
# ``former_provinces``.
PROVINCES = (
    "Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ",
    "Cao Bằng", "Điện Biên", "Hà Tĩnh", "Lai Châu", "Lạng Sơn", "Nghệ An", "Quảng Ninh", "Thanh Hóa", "Sơn La",
    "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Quảng Trị",
    "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp",
    "Cà Mau", "An Giang",
)


class RegistryError(ValueError):
    """A registry file or entry is invalid; the message names the entry and field."""


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    domains: tuple[str, ...]
    province: str | None = None
    former_provinces: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    platform: str | None = None
    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    article_pattern: str | None = None  # declared by the registry entry; None: the generic heuristic for links
    verified: bool = False
    edition_of: str | None = None
    notes: str | None = None
    # {prefer, drop, title, lead, author, date, tags: [css]}, resolved by the registry (see resolve_hints)
    hints: dict = field(default_factory=merge_hints, hash=False, compare=False)

    @property
    def declares_pattern(self) -> bool:
        return self.article_pattern is not None

    @property
    def article_re(self) -> re.Pattern[str]:
        return re.compile(self.article_pattern or DEFAULT_ARTICLE_PATTERN)

    def owns(self, url: str) -> bool:
        """True when the URL's host is one of the site's domains or a subdomain of one."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def is_article_url(self, url: str, listed: bool = False) -> bool:
        """True for a URL of the site that its pattern admits. A ``listed`` URL (a sitemap urlset or feed entry) is
        an article candidate that only a declared pattern can reject."""
        if not self.owns(url):
            return False
        return (listed and not self.declares_pattern) or bool(self.article_re.search(urlsplit(url).path))

    def as_row(self) -> dict:
        """The site as a row of the archive's ``sites`` table."""
        return {
            "key": self.key,
            "name": self.name,
            "province": self.province,
            "former_provinces": list(self.former_provinces),
            "edition_of": self.edition_of,
            "languages": list(self.languages),
            "platform": self.platform,
            "domains": list(self.domains),
            "start_urls": list(self.start_urls),
            "sitemaps": list(self.sitemaps),
            "feeds": list(self.feeds),
            "article_pattern": self.article_pattern,
            "verified": self.verified,
            "notes": self.notes,
        }


_LIST_FIELDS = ("languages", "domains", "start_urls", "sitemaps", "feeds", "former_provinces")
_STR_FIELDS = ("name", "province", "platform", "article_pattern", "edition_of", "notes")
_KNOWN_FIELDS = set(_LIST_FIELDS) | set(_STR_FIELDS) | {"verified", "hints"}


def _fail(key: str, fieldname: str, message: str, entry: str = "site") -> RegistryError:
    return RegistryError(f"{entry} {key!r}, field {fieldname!r}: {message}")


def _check_url(key: str, fieldname: str, url: str, domains: tuple[str, ...]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(key, fieldname, f"{url!r} is not an absolute http(s) URL")
    host = parts.hostname.lower()
    if not any(host == d or host.endswith("." + d) for d in domains):
        raise _fail(key, fieldname, f"{url!r} is not on the site's domains {list(domains)}")


def _check_hints(key: str, hints: object, entry: str = "site") -> dict:
    """A hints table: known keys, each a list of CSS selectors that compile (so no page meets a broken one)."""
    if not isinstance(hints, dict):
        raise _fail(key, "hints", "must be a table", entry)
    unknown = set(hints) - set(HINT_KEYS)
    if unknown:
        raise _fail(key, "hints", f"unknown keys {sorted(unknown)} (allowed: {sorted(HINT_KEYS)})", entry)
    for name, selectors in hints.items():
        if not isinstance(selectors, list) or not all(isinstance(s, str) and s for s in selectors):
            raise _fail(key, f"hints.{name}", "must be a list of CSS selectors", entry)
        for selector in selectors:
            try:  # with the HTML translator, as lxml.html's cssselect() at extraction time
                CSSSelector(selector, translator="html")
            except SelectorError as exc:
                raise _fail(key, f"hints.{name}", f"invalid CSS selector {selector!r}: {exc}", entry) from None
    return dict(hints)


def resolve_hints(platform: str | None, site_hints: dict, platforms: dict[str, dict]) -> dict[str, list[str]]:
    """A site's complete extraction hints: the registry's table for its platform, its own, the built-in platform's.

    That is the order extraction has always seen them in (the first selector that matches wins for prefer, title,
    lead, author and date), so resolving them here once changes no page. An unknown platform adds nothing.
    """
    return merge_hints(platforms.get(platform), site_hints, PLATFORMS.get((platform or "").lower()))


def site_from_entry(key: str, entry: dict, platforms: dict[str, dict] | None = None) -> Site:
    """Validate one registry entry and build its Site, with its hints resolved (``resolve_hints``)."""
    if not KEY_RE.match(key):
        raise _fail(key, "key", "must be lowercase letters, digits, '-' or '_'")
    if not isinstance(entry, dict):
        raise _fail(key, "entry", "must be a table")
    unknown = set(entry) - _KNOWN_FIELDS
    if unknown:
        raise _fail(key, sorted(unknown)[0], "unknown field")
    for name in _STR_FIELDS:
        if name in entry and not (isinstance(entry[name], str) and entry[name].strip()):
            raise _fail(key, name, "must be a non-empty string")
    for name in _LIST_FIELDS:
        value = entry.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise _fail(key, name, "must be a list of non-empty strings")
    if "name" not in entry:
        raise _fail(key, "name", "is required")
    province = unicodedata.normalize("NFC", entry["province"].strip()) if "province" in entry else None
    if province is not None and province not in PROVINCES:
        raise _fail(key, "province", f"{province!r} is not one of the 34 provincial-level units since 1 July 2025 "
                                     "(former names belong in former_provinces)")
    former = tuple(unicodedata.normalize("NFC", name.strip()) for name in entry.get("former_provinces", []))
    if former and province is None:
        raise _fail(key, "former_provinces", "needs the current province")
    domains = tuple(d.lower() for d in entry.get("domains", []))
    if not domains:
        raise _fail(key, "domains", "at least one domain is required")
    for domain in domains:
        if not DOMAIN_RE.match(domain):
            raise _fail(key, "domains", f"{domain!r} is not a bare host name")
    for name in ("start_urls", "sitemaps", "feeds"):
        for url in entry.get(name, []):
            _check_url(key, name, url, domains)
    if not any(entry.get(name) for name in ("start_urls", "sitemaps", "feeds")):
        raise _fail(key, "start_urls", "a site needs at least one start URL, sitemap or feed")
    pattern = entry.get("article_pattern")
    try:
        re.compile(pattern or DEFAULT_ARTICLE_PATTERN)
    except re.error as exc:
        raise _fail(key, "article_pattern", f"invalid regular expression: {exc}") from None
    if "verified" in entry and not isinstance(entry["verified"], bool):
        raise _fail(key, "verified", "must be true or false")
    platform = entry.get("platform")
    hints = resolve_hints(platform, _check_hints(key, entry.get("hints", {})), platforms or {})
    return Site(
        key=key,
        name=entry["name"].strip(),
        domains=domains,
        province=province,
        former_provinces=former,
        languages=tuple(entry.get("languages", [])),
        platform=platform,
        start_urls=tuple(entry.get("start_urls", [])),
        sitemaps=tuple(entry.get("sitemaps", [])),
        feeds=tuple(entry.get("feeds", [])),
        article_pattern=pattern,
        verified=entry.get("verified", False),
        edition_of=entry.get("edition_of"),
        notes=entry.get("notes"),
        hints=hints,
    )


def parse_registry(text: str, source: str = "<registry>") -> dict[str, Site]:
    """Parse registry TOML text into sites keyed by their key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{source}: not valid TOML: {exc}") from None
    unknown = set(data) - {"sites", "platforms"}
    if unknown:
        raise RegistryError(f"{source}: unknown top-level tables {sorted(unknown)}")
    platforms = data.get("platforms", {})
    for name, hints in platforms.items():
        _check_hints(name, hints, entry="platform")
    sites = data.get("sites")
    if not isinstance(sites, dict) or not sites:
        raise RegistryError(f"{source}: no [sites.<key>] entries")
    registry = {key: site_from_entry(key, entry, platforms) for key, entry in sites.items()}
    for site in registry.values():
        if site.edition_of and site.edition_of not in registry:
            raise _fail(site.key, "edition_of", f"no site {site.edition_of!r} in the registry")
    owners: dict[str, str] = {}
    for site in registry.values():
        for domain in site.domains:
            if domain in owners:
                raise _fail(site.key, "domains", f"{domain!r} is already a domain of site {owners[domain]!r}")
            owners[domain] = site.key
    return registry


def load_registry(path: str | Path) -> dict[str, Site]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"cannot read site registry {path}: {exc.strerror}") from None
    return parse_registry(text, str(path))


def adhoc_site(url: str) -> Site:
    """A site for an unregistered start, sitemap or feed URL: its host, the generic article pattern."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or urlsplit(url).scheme not in ("http", "https"):
        raise RegistryError(f"url {url!r} is not an absolute http(s) URL")
    bare = host.removeprefix("www.")
    return Site(key=bare, name=bare, domains=(bare,), start_urls=(url,))
