"""Scale-out on scrapy-redis: two workers share one queue and duplicate filter, one archiver stores."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter

import pytest

from tests.conftest import ROOT, query, setting_options

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture
def redis_url(tmp_path):
    """A private redis-server on a free loopback port, without persistence."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def distributed(command: list[str], redis_url: str, registry, db, warc_dir=None) -> list[str]:
    settings = {"REDIS_URL": redis_url, **({"WARC_DIR": warc_dir} if warc_dir else {})}
    return command + setting_options(registry, db, settings)


def environment() -> dict:
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings_distributed"}


def test_two_workers_and_an_archiver_archive_every_article_once(sample_mirror, tmp_path, redis_url, expected):
    db = tmp_path / "archive.db"
    sample_mirror.clear_log()
    workers = [subprocess.Popen(distributed([sys.executable, "-m", "scrapy", "crawl", "news"], redis_url,
                                            sample_mirror.registry, db, tmp_path / f"warc-{n}"),
                                cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True) for n in (1, 2)]
    for worker in workers:
        _, stderr = worker.communicate(timeout=300)
        assert worker.returncode == 0, stderr[-2000:]
    assert not db.exists(), "workers never write the archive"

    archiver = subprocess.run(distributed([sys.executable, "-m", "scrapy", "archiver", "--idle-exit", "2"],
                                          redis_url, sample_mirror.registry, db),
                              cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=300)
    assert archiver.returncode == 0, archiver.stderr[-2000:]
    urls = [row["url"] for row in query(db, "SELECT url FROM articles")]
    assert len(urls) == len(set(urls)) == len(expected["articles"])
    assert len(query(db, "SELECT url FROM duplicates")) == len(expected["duplicates"])
    reasons = Counter(row["reason"] for row in query(db, "SELECT reason FROM failed_pages"))
    assert reasons["not_html"] == 1 and reasons["not_article"] >= 1
    [run] = query(db, "SELECT spider, outcome FROM crawls")
    assert run == {"spider": "archiver", "outcome": "finished"}

    # Each article was fetched by one worker only, and both workers shared the work.
    article_paths = {a["path"] for a in expected["articles"]}
    fetches = Counter(r["path"] for r in sample_mirror.requests() if r["path"] in article_paths)
    assert set(fetches) == article_paths and set(fetches.values()) == {1}
    assert all(list((tmp_path / f"warc-{n}").glob("*.warc.gz")) for n in (1, 2))

    # The shared filter persists: the next scheduled run fetches no article again.
    sample_mirror.clear_log()
    again = subprocess.run(distributed([sys.executable, "-m", "scrapy", "crawl", "news"], redis_url,
                                       sample_mirror.registry, db, tmp_path / "warc-1"),
                           cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert not [r for r in sample_mirror.requests() if r["path"] in article_paths]
