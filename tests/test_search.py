"""Ranked search (issue 15), through a real `make browse` (Datasette) over a real sample crawl, in its JSON API, its
HTML and headless Chromium, plus the migration of an archive made before the accented index existed.

The expected orders come from the sample sites' hand-written truth (data/samples/expected.json) and from the test
articles below, written for one property each; none is computed by the code under test.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from pipelines.archive import search
from pipelines.archive.search import EXACT_FTS_TABLE
from tests.conftest import query
from tests.test_browse import (DA_NANG_ARTICLE, Browse, archive, chrome, copy_database,  # noqa: F401 (fixtures)
                               matches, sample_archive_with, screenshots)

SEARCH_MIGRATION = "m104_search_keeps_diacritics"


def article(slug: str, title: str, text: str, published: str, **fields) -> dict:
    """A Vietnamese article of the sample site baonghean, as the store writes it."""
    return {"url": f"https://baonghean.vn/search-test/{slug}.html", "site": "baonghean", "province": "Nghệ An",
            "language": "vi", "language_prob": 0.99, "title": title, "lead": "", "text": text,
            "author": "Search Test", "published": published, "content_hash": f"search-test-{slug}",
            "first_seen": "2024-07-22T00:00:00+00:00", "last_seen": "2024-07-22T00:00:00+00:00", **fields}


FILLER = "Người dân trong vùng cho biết mùa này thời tiết thuận lợi, nhiều gia đình ra đồng từ sớm."
# "cau rong": the same two syllables, adjacent in one article (Cầu Rồng, the Dragon Bridge), apart in the other.
PHRASE = article("phrase", "Đêm cuối tuần bên sông Hàn", f"{FILLER}\nDu khách xem Cầu Rồng phun lửa lúc 21 giờ.",
                 "2024-07-10T08:00:00+07:00")
SCATTERED = article("scattered", "Lễ hội làng chài ven biển", f"{FILLER}\nDân làng cầu mong mùa cá, múa rồng bên bến.",
                    "2024-07-12T08:00:00+07:00")
# "hoi an": the town in one article's title, in the other's body only.
IN_TITLE = article("in-title", "Hội An đón khách dịp hè", f"{FILLER}\nPhố cổ đông vui, nhiều du khách quốc tế.",
                   "2024-07-11T08:00:00+07:00")
IN_BODY = article("in-body", "Du lịch miền Trung khởi sắc", f"{FILLER}\nPhố cổ Hội An đông vui, nhiều du khách.",
                  "2024-07-13T08:00:00+07:00")
# "đã nâng" folds to "da nang" too: a phrase match without diacritics, not what "Đà Nẵng" means.
FOLDED_ONLY = article("folded-only", "Giá điện mới", f"{FILLER}\nCông ty điện lực đã nâng giá bán lẻ từ tháng 7.",
                      "2024-07-14T08:00:00+07:00")
TEST_ARTICLES = [DA_NANG_ARTICLE, PHRASE, SCATTERED, IN_TITLE, IN_BODY, FOLDED_ONLY]

# Accentless place names of the sample sites and a word of the title of the article about that place.
PLACE_QUERIES = [
    ("ha long", "Hạ Long đón"), ("van don", "Vân Đồn"), ("sam son", "Sầm Sơn"), ("thien cam", "Thiên Cầm"),
    ("vung ang", "Vũng Áng"), ("kim lien", "Kim Liên"), ("quang xuong", "Quảng Xương"),
    ("thu hut dau tu", "thu hút hơn 1 tỷ USD vốn đầu tư"), ("Hạ Long", "Hạ Long đón"), ("Vân Đồn", "Vân Đồn"),
]
SORTS = [{}, {"_sort": "rank"}, {"_sort": "published"}, {"_sort_desc": "published"}, {"_sort": "title"},
         {"_sort_desc": "rank"}, {"_sort": "no_such_column"}, {"_sort_desc": "no_such_column"},
         {"_sort": "published", "_sort_desc": "published"}, {"_sort": ""}, {"_sort_desc": ""}]


@pytest.fixture(scope="module")
def search_db(sample_crawl, tmp_path_factory) -> Path:
    return sample_archive_with(sample_crawl, tmp_path_factory.mktemp("search"), TEST_ARTICLES)


@pytest.fixture(scope="module")
def browse(search_db, sample_crawl):
    server = Browse(search_db, env={"WARC_DIR": str(sample_crawl["db"].parent / "warc")})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def articles(search_db) -> list[dict]:
    return query(search_db, "SELECT * FROM articles")


def ranked(browse: Browse, search: str, **params) -> list[dict]:
    return browse.json("/archive/articles.json", _search=search, _shape="array", _size="max", **params)


def urls(rows: list[dict]) -> list[str]:
    return [row["url"] for row in rows]


def html_ids(browse: Browse, **params) -> list[int]:
    status, _, body = browse.get("/archive/articles", params)
    assert status == 200, body[:500]
    return [int(i) for i in re.findall(r'<li class="search-result">\s*<h3><a href="/archive/articles/(\d+)"',
                                        body.decode())]


# --- relevance ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("search, title_words", PLACE_QUERIES)
def test_the_article_about_the_place_comes_first(browse, articles, search, title_words):
    found = ranked(browse, search)
    assert title_words in found[0]["title"], [row["title"] for row in found[:3]]
    assert {row["id"] for row in found} == {row["id"] for row in articles if matches(row, search)}


def test_phrase_above_the_same_syllables_scattered(browse):
    order = urls(ranked(browse, "cau rong"))
    assert PHRASE["url"] in order and SCATTERED["url"] in order
    assert order.index(PHRASE["url"]) < order.index(SCATTERED["url"])


def test_title_above_body(browse):
    order = urls(ranked(browse, "hoi an"))
    assert order[:2] == [IN_TITLE["url"], IN_BODY["url"]]


def test_typed_diacritics_rank_their_spelling_first(browse):
    accentless = urls(ranked(browse, "da nang"))
    english = next(row["url"] for row in ranked(browse, "welcomes") if row["title"].startswith("Da Nang"))
    assert set(accentless[:2]) == {DA_NANG_ARTICLE["url"], english}  # both are about the place
    assert FOLDED_ONLY["url"] in accentless[2:]
    accented = urls(ranked(browse, "Đà Nẵng"))
    assert accented[0] == DA_NANG_ARTICLE["url"]
    assert set(accented) == set(accentless)  # the same matches: only the order honours the diacritics


def test_results_sort_by_date_on_request(browse, articles):
    relevance = ranked(browse, "da nang")
    newest = ranked(browse, "da nang", _sort_desc="published")
    oldest = ranked(browse, "da nang", _sort="published")
    assert sorted(urls(newest)) == sorted(urls(relevance)) and urls(newest) != urls(relevance)
    assert [r["published"] for r in newest] == sorted((r["published"] for r in relevance), reverse=True)
    assert [r["published"] for r in oldest] == sorted(r["published"] for r in relevance)


@pytest.mark.parametrize("params", [{}, {"_search": "  "}, {"_sort": "rank"}])  # an empty box, nothing to rank
def test_browsing_without_a_query_stays_newest_first(browse, articles, params):
    rows = browse.json("/archive/articles.json", _shape="array", _size="max", **params)
    assert [r["published"] for r in rows] == sorted((r["published"] for r in articles), reverse=True)


# --- the page and the API agree ----------------------------------------------------------------------------------
@pytest.mark.parametrize("params", [{"_search": "da nang"}, {"_search": "Hạ Long"}, {"_search": "cau rong"},
                                    {"_search": "da nang", "_sort_desc": "published"},
                                    {"_search": "khach", "language": "vi"},
                                    {"_search": "khach", "title__contains": "khách"},  # a column the FTS has too
                                    {"_search": "khach", "title__contains": "khách", "_sort_desc": "published"}])
def test_json_gives_the_order_of_the_html_page(browse, params):
    page = html_ids(browse, **params)
    data = browse.json("/archive/articles.json", _shape="objects", **params)
    assert page and page == [row["id"] for row in data["rows"]]


@pytest.mark.parametrize("search", ["", "da nang"])
@pytest.mark.parametrize("sort", SORTS)
def test_no_sort_parameter_fails_the_server(browse, search, sort):
    for path in ("/archive/articles", "/archive/articles.json"):
        status, _, body = browse.get(path, {"_search": search, **sort} if search else sort)
        assert status in (200, 302, 400), (path, sort, status, body[:300])
    valid = not sort or sort in ({"_sort": "rank"}, {"_sort": "published"}, {"_sort_desc": "published"},
                                 {"_sort": "title"}, {"_sort": ""}, {"_sort_desc": ""})
    status, _, _ = browse.get("/archive/articles.json", {"_search": search, **sort} if search else sort)
    assert (status in (200, 302)) == valid, (sort, status)


@pytest.mark.parametrize("search", ["khach", "cau rong"])  # most of the archive, and two articles of it
def test_count_and_facets_are_of_the_matched_set(browse, articles, search):
    matched = [row for row in articles if matches(row, search)]
    data = browse.json("/archive/articles.json", _search=search, _size=1)
    assert data["filtered_table_rows_count"] == len(matched) > 1 and len(data["rows"]) == 1
    for column in ("site", "language"):
        counts = {}
        for row in matched:
            counts[row[column]] = counts.get(row[column], 0) + 1
        assert {v["value"]: v["count"] for v in data["facet_results"][column]["results"]} == counts
    site = data["facet_results"]["site"]["results"][0]
    narrowed = browse.json("/archive/articles.json", _search=search, site=site["value"], _shape="objects")
    assert narrowed["filtered_table_rows_count"] == site["count"] == len(narrowed["rows"])
    status, _, body = browse.get("/archive/articles", {"_search": search})
    assert f"{len(matched)} articles where search matches" in body.decode()


def test_pages_follow_the_ranked_order(browse):
    everything = urls(ranked(browse, "khach"))
    pages, data = [], browse.json("/archive/articles.json", _search="khach", _size=3, _shape="objects")
    while True:
        pages += urls(data["rows"])
        if not data["next"]:
            break
        data = browse.json("/archive/articles.json", _search="khach", _size=3, _shape="objects", _next=data["next"])
    assert pages == everything


def test_snippets_highlight_the_matched_phrase(browse):
    status, _, body = browse.get("/archive/articles", {"_search": "cau rong"})
    assert status == 200
    assert "<mark>Cầu Rồng</mark>" in body.decode()
    status, _, body = browse.get("/archive/articles", {"_search": "Đà Nẵng"})
    results = body.decode().split('<li class="search-result">')[1:]
    first = results[0]
    assert DA_NANG_ARTICLE["title"] in first
    assert set(re.findall(r"<mark>(.*?)</mark>", first)) == {"Đà Nẵng"}  # the spelling typed, as one phrase
    folded = next(result for result in results if FOLDED_ONLY["title"] in result)
    assert set(re.findall(r"<mark>(.*?)</mark>", folded)) == {"đã nâng"}  # what it was found by: folded


def test_arguments_the_ranking_does_not_implement_are_left_to_datasette(browse, articles):
    found = ranked(browse, "khach", _where="site = 'baoquangninh'")
    expected = {row["id"] for row in articles if matches(row, "khach") and row["site"] == "baoquangninh"}
    assert 0 < len(expected) < len(ranked(browse, "khach"))
    assert {row["id"] for row in found} == expected


def test_raw_fts_syntax_still_works(browse, articles):
    found = ranked(browse, "vinh OR vung", _searchmode="raw")
    expected = {row["id"] for row in articles if matches(row, "vinh") or matches(row, "vung")}
    assert {row["id"] for row in found} == expected
    status, _, _ = browse.get("/archive/articles.json", {"_search": 'a"', "_searchmode": "raw"})
    assert status == 400


# --- existing archives ---------------------------------------------------------------------------------------------
def test_an_archive_from_before_the_accented_index_is_migrated(search_db, tmp_path):
    db = copy_database(search_db, tmp_path / "archive.db")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(f"DROP TABLE {EXACT_FTS_TABLE}")
        for suffix in ("ai", "ad", "au"):
            conn.execute(f"DROP TRIGGER {EXACT_FTS_TABLE}_{suffix}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [SEARCH_MIGRATION])
    conn.close()
    store = archive(db)  # opening the archive applies the missing migration
    count = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def exact(words: str) -> set[str]:
        return {row[0] for row in store.db.execute(
            f"SELECT a.url FROM {EXACT_FTS_TABLE} JOIN articles a ON a.id = {EXACT_FTS_TABLE}.rowid "
            f"WHERE {EXACT_FTS_TABLE} MATCH ?", [words])}

    assert exact('"đà nẵng"') == {DA_NANG_ARTICLE["url"]}  # indexed from the rows already there
    assert exact('"đã nâng"') == {FOLDED_ONLY["url"]}
    with store.transaction():  # and kept in step by the triggers
        store.save_article({**FOLDED_ONLY, "text": "Giá điện giữ nguyên.", "content_hash": "changed"})
    assert exact('"đã nâng"') == set() and exact("nguyên") >= {FOLDED_ONLY["url"]}
    store.db.execute(f"INSERT INTO {EXACT_FTS_TABLE} ({EXACT_FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    assert {row[0] for row in store.db.execute("SELECT name FROM _sqlite_migrations")} >= {SEARCH_MIGRATION}
    assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == count
    store.close()


# --- in a real browser -----------------------------------------------------------------------------------------
def test_search_page_in_chromium(browse, chrome, screenshots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chrome.get(browse.base + "/archive/articles")
    box = chrome.find_element(By.ID, "_search")
    box.send_keys("ha long")
    box.submit()
    WebDriverWait(chrome, 30).until(lambda driver: "_search=" in driver.current_url)
    titles = [h3.text for h3 in chrome.find_elements(By.CSS_SELECTOR, ".search-result h3")]
    assert titles[0].startswith("Hạ Long đón")
    assert "Relevance" in chrome.find_element(By.CSS_SELECTOR, ".search-sort .current").text
    assert {"site", "province", "language", "published"} <= {
        facet.get_attribute("data-column") for facet in chrome.find_elements(By.CSS_SELECTOR, ".facet-info")}
    assert chrome.find_element(By.CSS_SELECTOR, ".search-result mark").text == "Hạ Long"
    count = chrome.find_element(By.CSS_SELECTOR, ".search-count").text
    assert count.startswith(f"{len(titles)} article")
    assert chrome.save_screenshot(str(screenshots / "search-ranked.png"))

    chrome.find_element(By.LINK_TEXT, "Newest first").click()
    WebDriverWait(chrome, 30).until(lambda driver: "_sort_desc=published" in driver.current_url)
    dates = [t.get_attribute("datetime") for t in chrome.find_elements(By.CSS_SELECTOR, ".search-result time")]
    assert len(dates) == len(titles) and dates == sorted(dates, reverse=True)
    assert "Newest first" in chrome.find_element(By.CSS_SELECTOR, ".search-sort .current").text


def test_a_search_matching_more_than_the_cap_ranks_the_newest_matches(search_db, monkeypatch):
    """Past MATCH_CAP matches, the ranked page and the facets are of the newest MATCH_CAP matches, and the count
    stops at COUNT_CAP + 1 ("more than"); below it, every match is ranked (floor 0)."""
    conn = sqlite3.connect(search_db)
    query_ = search.SearchQuery.parse("nghe an")
    matched = sorted(row[0] for row in conn.execute(search.count_sql().replace("count(*)", "rowid"),
                                                    query_.params()))
    assert len(matched) > 3
    assert search.bounded(conn, query_.params())[search.FLOOR] == 0
    monkeypatch.setattr(search, "MATCH_CAP", 2)
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    params = search.bounded(conn, query_.params())
    assert matched[-3] < params[search.FLOOR] <= matched[-2]  # the two newest are ranked
    page = search.ranked_ids(conn, query_, params, limit=30)
    assert sorted(article_id for article_id, _ in page) == matched[-2:]
    assert conn.execute(search.count_sql(), params).fetchone()[0] == 3  # "more than 2"
    faceted = conn.execute(f"SELECT id FROM ({search.matched_rows_sql()})", params).fetchall()
    assert sorted(row[0] for row in faceted) == matched[-2:]
    conn.close()
