"""Shared fixtures: the sample sites served on loopback, and real crawls through Scrapy's engine."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
# Fast, still polite-by-construction settings for loopback crawls.
TEST_SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "RETRY_TIMES": "1",
                 "DOWNLOAD_TIMEOUT": "10", "LOG_LEVEL": "INFO"}


@dataclass
class SampleMirror:
    root: Path
    registry: Path
    request_log: Path
    origins: dict[str, str]
    process: subprocess.Popen

    def url(self, host: str, path: str = "/") -> str:
        return self.origins[host] + path

    def requests(self) -> list[dict]:
        if not self.request_log.exists():
            return []
        return [json.loads(line) for line in self.request_log.read_text().splitlines() if line.strip()]

    def clear_log(self) -> None:
        self.request_log.write_text("")


def start_mirror(root: Path, workdir: Path) -> SampleMirror:
    registry, log = workdir / "sites.toml", workdir / "requests.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sample_server", "--root", str(root), "--registry-out", str(registry),
         "--request-log", str(log)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    ready = json.loads(process.stdout.readline())
    return SampleMirror(root, registry, log, ready["origins"], process)


@pytest.fixture(scope="session")
def sample_mirror(tmp_path_factory):
    """The bundled sample sites, served read-only on loopback for the whole session."""
    mirror = start_mirror(SAMPLES, tmp_path_factory.mktemp("mirror"))
    yield mirror
    mirror.process.terminate()
    mirror.process.wait(10)


@pytest.fixture
def private_mirror(tmp_path):
    """A copy of the sample sites that a test may edit, served on its own."""
    root = tmp_path / "samples"
    shutil.copytree(SAMPLES, root)
    mirror = start_mirror(root, tmp_path)
    yield mirror
    mirror.process.terminate()
    mirror.process.wait(10)


def setting_options(registry: Path, db: Path, settings: dict | None = None) -> list[str]:
    """``-s NAME=VALUE`` options: the test settings, the registry and the archive, then ``settings``."""
    options = []
    for name, value in {**TEST_SETTINGS, "SITES_REGISTRY": str(registry), "ARCHIVE_DB": str(db),
                        **(settings or {})}.items():
        options += ["-s", f"{name}={value}"]
    return options


def run_crawl(registry: Path, db: Path, *args: str, settings: dict | None = None, timeout: int = 300,
              env: dict | None = None) -> subprocess.CompletedProcess:
    """``scrapy crawl news`` in a subprocess, exactly as a user runs it."""
    command = [sys.executable, "-m", "scrapy", "crawl", "news", *setting_options(registry, db, settings)]
    for arg in args:
        command += ["-a", arg]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def job_command(registry: Path, db: Path, *options: str, settings: dict | None = None) -> list[str]:
    """``python -m crawler.run``: the scheduled job, with its lock, JOBDIR and exit status."""
    return [sys.executable, "-m", "crawler.run", *options, *setting_options(registry, db, settings)]


def run_job(registry: Path, db: Path, *options: str, settings: dict | None = None,
            timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(job_command(registry, db, *options, settings=settings), cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def query(db: Path, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


@pytest.fixture(scope="session")
def expected() -> dict:
    """Hand-written truth about the sample sites (data/samples/expected.json)."""
    return json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_crawl(sample_mirror, tmp_path_factory):
    """One full crawl of the sample sites into a fresh archive, shared by the read-only tests."""
    db = tmp_path_factory.mktemp("archive") / "archive.db"
    sample_mirror.clear_log()
    result = run_crawl(sample_mirror.registry, db)
    assert result.returncode == 0, result.stderr[-3000:]
    return {"db": db, "log": result.stderr, "mirror": sample_mirror, "requests": sample_mirror.requests()}
