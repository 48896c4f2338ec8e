"""Bad configurations (issue 16): each is one clear line on stderr and exit status 1, before anything is fetched or
written, and an archive already there is left as it was."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from tests.conftest import query, run_job
from tests.faults.conftest import check_archive


def registry_with(tmp_path, text: str):
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


BROKEN_REGISTRIES = {
    "not TOML": ("[sites.x\nname = 1", "not valid TOML"),
    "no sites": ("[platforms.onecms]\n", "no [sites.<key>] entries"),
    "bad pattern": ('[sites.x]\nname = "X"\ndomains = ["x.vn"]\nstart_urls = ["https://x.vn/"]\n'
                    'article_pattern = "-(\\\\d+\\\\.html$"\n', "field 'article_pattern': invalid regular expression"),
    "offsite start URL": ('[sites.x]\nname = "X"\ndomains = ["x.vn"]\nstart_urls = ["https://y.vn/"]\n',
                          "is not on the site's domains"),
    "javascript start URL": ('[sites.x]\nname = "X"\ndomains = ["x.vn"]\nstart_urls = ["javascript:alert(1)"]\n',
                             "is not an absolute http(s) URL"),
    "bad selector": ('[sites.x]\nname = "X"\ndomains = ["x.vn"]\nstart_urls = ["https://x.vn/"]\n'
                     'hints = {drop = ["div[["]}\n', "invalid CSS selector"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_REGISTRIES))
def test_a_broken_registry_is_one_clear_line(sample_crawl, tmp_path, case):
    text, message = BROKEN_REGISTRIES[case]
    result = run_job(registry_with(tmp_path, text), tmp_path / "archive.db")
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("crawl failed:")]
    assert message in line


def test_a_missing_registry_and_an_unknown_site_are_one_clear_line(sample_mirror, tmp_path):
    result = run_job(tmp_path / "nowhere.toml", tmp_path / "archive.db")
    assert result.returncode == 1 and "crawl failed: RegistryError: cannot read site registry" in result.stderr
    result = run_job(sample_mirror.registry, tmp_path / "archive.db", "--sites", "nosuchsite")
    assert result.returncode == 1 and "unknown site keys ['nosuchsite']" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("setting", ["CONCURRENT_REQUESTS=many", "WORKER_PROCESSES=two", "ARCHIVE_BATCH_SIZE=x"])
def test_a_setting_of_the_wrong_type_is_one_clear_line(sample_mirror, tmp_path, setting):
    name, value = setting.split("=")
    result = run_job(sample_mirror.registry, tmp_path / "archive.db", settings={name: value})
    assert result.returncode == 1
    assert "crawl failed: ValueError" in result.stderr and value in result.stderr
    assert "Traceback" not in result.stderr


def test_an_archive_of_a_newer_schema_is_refused_untouched(sample_crawl, tmp_path, sample_mirror):
    db = tmp_path / "archive.db"
    db.write_bytes(sample_crawl["db"].read_bytes())
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('provincial-news-archive', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = run_job(sample_mirror.registry, db)
    assert result.returncode == 1
    assert "has a newer schema than this code (migrations m999_from_the_future are unknown here)" in result.stderr
    assert db.read_bytes() == before


def test_a_warc_directory_that_cannot_be_written_is_refused_before_fetching(sample_mirror, tmp_path):
    (tmp_path / "a-file").write_text("")
    result = run_job(sample_mirror.registry, tmp_path / "archive.db", settings={"WARC_DIR": tmp_path / "a-file"})
    assert result.returncode == 1 and "crawl failed: the archive is not usable" in result.stderr
    assert query(tmp_path / "archive.db", "SELECT count(*) AS n FROM crawls")[0]["n"] == 0


@pytest.fixture
def read_only_copy(sample_crawl, tmp_path):
    """The sample archive as a read-only file in a writable directory: a bind mount of the file alone (root writes
    through file permissions, not through a read-only mount)."""
    db = tmp_path / "archive.db"
    db.write_bytes(sample_crawl["db"].read_bytes())
    bound = subprocess.run(["mount", "--bind", "-o", "ro", str(db), str(db)], capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount a read-only file here ({bound.stderr.strip() or 'mount refused'})")
    yield db
    subprocess.run(["umount", "-l", str(db)], check=True)


def test_a_read_only_archive_is_refused_before_fetching(read_only_copy, sample_mirror):
    before = read_only_copy.read_bytes()
    result = run_job(sample_mirror.registry, read_only_copy)
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if line.startswith("crawl failed:")]
    assert line.startswith("crawl failed: the archive is not usable") and "readonly" in line.replace("-", "")
    assert "Traceback" not in result.stderr
    assert read_only_copy.read_bytes() == before
