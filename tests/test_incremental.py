"""Scheduled, incremental runs and the raw archive: skip what is archived, keep revisions, rebuild from WARC,
survive SIGKILL and SIGTERM, refuse overlapping runs."""

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.registry import load_registry
from pipelines.archive import exclusive
from tests.conftest import ROOT, job_command, query, run_job

ARTICLE_FIELDS = "url, site, title, lead, text, author, published, modified, language, language_prob, " \
                 "word_count, tags, captions, content_hash"


def origin_of(mirror, site_key: str) -> str:
    site = load_registry(mirror.root / "sites.toml")[site_key]
    return mirror.origins[site.domains[0]]


def article_paths(mirror, db: Path) -> set[str]:
    return {row["url"] for row in query(db, "SELECT url FROM articles")}


def fetched_paths(mirror, status: int | None = None) -> list[str]:
    return [r["host"] + r["path"] for r in mirror.requests() if status is None or r["status"] == status]


def stored_articles(db: Path) -> int:
    try:
        return query(db, "SELECT count(*) AS n FROM articles")[0]["n"]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_second_run_fetches_only_new_articles(private_mirror, tmp_path, expected):
    db = tmp_path / "archive.db"
    originals = {d["duplicate_of"]["path"] for d in expected["duplicates"]}
    held_back = next(a for a in expected["articles"] if a["site"] == "baoquangninh" and a["path"] not in originals)
    page = private_mirror.root / "baoquangninh.vn" / held_back["path"].lstrip("/")
    hidden = page.rename(tmp_path / "held-back.html")
    first = run_job(private_mirror.registry, db)
    assert first.returncode == 0, first.stderr[-2000:]
    archived_first = article_paths(private_mirror, db)
    assert len(archived_first) == len(expected["articles"]) - 1

    hidden.rename(page)  # the site publishes it
    private_mirror.clear_log()
    second = run_job(private_mirror.registry, db)
    assert second.returncode == 0, second.stderr[-2000:]
    requested = {r["path"] for r in private_mirror.requests()}
    for url in archived_first:
        assert "/" + url.split("/", 3)[3] not in requested, f"{url} fetched again"
    duplicates = {row["url"] for row in query(db, "SELECT url FROM duplicates")}
    assert len(duplicates) == len(expected["duplicates"])
    for url in duplicates:  # a page recorded as a copy counts as archived (issue 13)
        assert "/" + url.split("/", 3)[3] not in requested, f"duplicate {url} fetched again"
    assert held_back["path"] in requested
    assert article_paths(private_mirror, db) == archived_first | {origin_of(private_mirror, "baoquangninh")
                                                                  + held_back["path"]}
    [_, crawl] = query(db, "SELECT outcome, stats FROM crawls ORDER BY id")
    stats = json.loads(crawl["stats"])
    assert crawl["outcome"] == "finished" and stats["archive/new"] == 1
    assert stats["incremental/skipped_archived"] >= len(archived_first)


def test_revisits_are_conditional_and_changes_become_revisions(private_mirror, tmp_path, expected):
    db = tmp_path / "archive.db"
    revisit_all = {"REVISIT_DAYS": "100000"}  # every sample article counts as recent
    assert run_job(private_mirror.registry, db, settings=revisit_all).returncode == 0
    before = {row["url"]: row for row in query(db, f"SELECT {ARTICLE_FIELDS}, version_seen FROM articles")}

    article = next(a for a in expected["articles"] if a["site"] == "baonghean" and a["language"] == "vi")
    page = private_mirror.root / "baonghean.vn" / article["path"].lstrip("/")
    old_paragraph = article["paragraphs"][-1]
    new_paragraph = old_paragraph + " Bài viết được cập nhật lúc 20 giờ cùng ngày."
    html = page.read_text(encoding="utf-8")
    assert old_paragraph in html
    page.write_text(html.replace(old_paragraph, new_paragraph), encoding="utf-8")
    private_mirror.clear_log()
    time.sleep(1)  # a later fetch time for the new version

    result = run_job(private_mirror.registry, db, settings=revisit_all)
    assert result.returncode == 0, result.stderr[-2000:]
    conditional = [r for r in private_mirror.requests() if r["if_none_match"]]
    assert len(conditional) == len(expected["articles"])  # duplicates are not revisited
    assert sum(r["status"] == 304 for r in conditional) == len(conditional) - 1

    url = origin_of(private_mirror, "baonghean") + article["path"]
    after = {row["url"]: row for row in query(db, f"SELECT {ARTICLE_FIELDS}, version_seen FROM articles")}
    assert new_paragraph in after[url]["text"]
    [revision] = query(db, "SELECT * FROM article_revisions")
    assert revision["article_url"] == url and revision["text"] == before[url]["text"]
    assert revision["version_seen"] == before[url]["version_seen"] < revision["replaced"]
    for other in set(before) - {url}:  # 304: the row is kept as it was
        assert after[other] == before[other]


def test_reextract_rebuilds_the_same_archive_offline(sample_crawl, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(sample_crawl["db"], db)
    shutil.copytree(sample_crawl["db"].parent / "warc", tmp_path / "warc")
    before = query(db, f"SELECT {ARTICLE_FIELDS}, first_seen FROM articles ORDER BY url")
    duplicates = query(db, "SELECT url, duplicate_of, kind FROM duplicates ORDER BY url")
    result = subprocess.run([sys.executable, "-m", "scrapy", "reextract", "--db", str(db), "--json",
                             "--registry", str(sample_crawl["mirror"].registry)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={"PATH": "/usr/bin:/bin", "http_proxy": "http://127.0.0.1:9", "no_proxy": ""})
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["unchanged"] == len(before) and not report["changed"] and not report["added"]
    assert query(db, f"SELECT {ARTICLE_FIELDS}, first_seen FROM articles ORDER BY url") == before
    assert query(db, "SELECT url, duplicate_of, kind FROM duplicates ORDER BY url") == duplicates
    assert query(db, "SELECT count(*) AS n FROM crawls")[0]["n"] == 1
    assert list(tmp_path.glob("archive.db.before-reextract-*"))


def test_reextract_with_a_broken_registry_leaves_the_archive_untouched(sample_crawl, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(sample_crawl["db"], db)
    shutil.copytree(sample_crawl["db"].parent / "warc", tmp_path / "warc")
    before = db.read_bytes()
    broken = tmp_path / "sites.toml"
    broken.write_text("[sites.x\nname = 1\n")
    result = subprocess.run([sys.executable, "-m", "scrapy", "reextract", "--db", str(db), "--registry", str(broken)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "re-extraction not started" in result.stderr, result.stderr[-2000:]
    assert db.read_bytes() == before and not list(tmp_path.glob("archive.db.before-reextract-*"))


def test_warc_files_are_valid_and_rows_point_at_their_records(sample_crawl):
    warc_dir = sample_crawl["db"].parent / "warc"
    responses = {}
    for path in warc_dir.glob("*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    responses[record.rec_headers.get_header("WARC-Target-URI")] = record.content_stream().read()
    stats = json.loads(query(sample_crawl["db"], "SELECT stats FROM crawls")[0]["stats"])
    assert len(responses) == stats["articles/fetched"]
    for row in query(sample_crawl["db"], "SELECT fetched_url, warc_file, warc_offset FROM articles"):
        with (warc_dir / row["warc_file"]).open("rb") as stream:
            stream.seek(row["warc_offset"])
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Target-URI") == row["fetched_url"]
            assert record.content_stream().read() == responses[row["fetched_url"]]


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["killed", "stopped"])
def test_an_interrupted_run_is_finished_by_the_next_with_every_article_once(private_mirror, tmp_path, expected,
                                                                             stop):
    """SIGKILL tears Scrapy's request queue (discarded, discovery reruns); SIGTERM saves it (resumed)."""
    db = tmp_path / "archive.db"
    # Slow article responses so that the signal lands mid-crawl; commit every row so some are already stored;
    # two requests in the downloader, as a graceful stop finishes those before it closes.
    for host in private_mirror.origins:
        overrides = private_mirror.root / host / "_headers.toml"
        declared = tomllib.loads(overrides.read_text()) if overrides.exists() else {}
        with overrides.open("a") as out:
            out.writelines(f'\n["{a["path"]}"]\ndelay = 1.5\n' for a in expected["articles"]
                           if a["path"] not in declared)
    settings = {"ARCHIVE_BATCH_SIZE": "1", "CONCURRENT_REQUESTS": "2"}
    job = subprocess.Popen(job_command(private_mirror.registry, db, settings=settings), cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and stored_articles(db) < 2:
        time.sleep(0.1)
    job.send_signal(stop)
    assert job.wait(30) != 0
    stored = query(db, "SELECT count(*) AS n FROM articles")[0]["n"]
    assert 2 <= stored < len(expected["articles"]), "the signal must land mid-crawl"
    queue = tmp_path / "jobs" / "news" / "requests.queue"
    assert queue.is_dir() and (queue / "active.json").exists() == (stop == signal.SIGTERM)

    result = run_job(private_mirror.registry, db, settings=settings)
    assert result.returncode == 0, result.stderr[-2000:]
    assert ("could save its request queue" in result.stderr) == (stop == signal.SIGKILL)
    assert "Traceback" not in result.stderr
    urls = [row["url"] for row in query(db, "SELECT url FROM articles")]
    assert len(urls) == len(set(urls)) == len(expected["articles"])
    assert len(query(db, "SELECT url FROM duplicates")) == len(expected["duplicates"])
    assert [row["outcome"] for row in query(db, "SELECT outcome FROM crawls ORDER BY id")][-1] == "finished"
    assert not (tmp_path / "jobs" / "news").exists()


def test_an_overlapping_run_is_refused_and_touches_nothing(sample_mirror, tmp_path):
    db = tmp_path / "archive.db"
    with exclusive(db):
        result = run_job(sample_mirror.registry, db)
    assert result.returncode == 75
    assert "being written by another run" in result.stderr
    assert not db.exists()


def test_failed_runs_exit_non_zero(tmp_path):
    unreachable = tmp_path / "sites.toml"
    unreachable.write_text('[sites.gone]\nname = "Gone"\ndomains = ["127.0.0.1"]\n'
                           'start_urls = ["http://127.0.0.1:9/"]\n')
    db = tmp_path / "archive.db"
    result = run_job(unreachable, db, settings={"RETRY_TIMES": "0"})
    assert result.returncode == 1 and "no site reachable" in result.stderr
    assert query(db, "SELECT outcome FROM crawls")[0]["outcome"] == "failed: no site reachable"

    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    result = run_job(unreachable, not_a_directory / "archive.db")
    assert result.returncode == 1 and "not usable" in result.stderr
