"""A loopback mirror server for the bundled sample sites (``data/samples/<host>/``), used by tests and the demo.

Each host directory is served on its own loopback address (127.0.0.10, .11, ... sharing one port), so every
sample site keeps a distinct host as on the real web. Files are written with their real origins
(``https://baonghean.vn/...``); the server rewrites those origins to its loopback addresses on the fly, inside
gzip files too, and writes the registry (``sites.toml``) rewritten the same way for the crawler to use.

``<host>/_headers.toml`` overrides single paths: ``status``, ``content_type``, ``body``, ``delay`` (seconds),
``headers`` (a table of extra response headers, e.g. ``{"Retry-After" = "2"}``).
Every request is appended to a JSON-lines log (host, path, status, conditional headers) for tests to inspect.
Responses carry ETag and Last-Modified and honour If-None-Match / If-Modified-Since with 304.

    python -m tests.sample_server --root data/samples --port 8765 --registry-out data/samples.toml
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import json
import mimetypes
import signal
import sys
import threading
import time
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

FIRST_ADDRESS = 10  # sample hosts live on 127.0.0.10 and up
CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".xml": "application/xml",
                 ".rss": "application/rss+xml", ".gz": "application/gzip", ".pdf": "application/pdf",
                 ".txt": "text/plain", ".jpg": "image/jpeg", ".png": "image/png"}


class Mirror:
    """The sample hosts, their loopback origins, and the origin rewriting between the two."""

    def __init__(self, root: Path, port: int):
        self.root = root
        self.hosts = sorted(p.name for p in root.iterdir() if p.is_dir() and "." in p.name)
        self.port = port
        self.addresses = {host: f"127.0.0.{FIRST_ADDRESS + i}" for i, host in enumerate(self.hosts)}
        self.lock = threading.Lock()

    def origin(self, host: str) -> str:
        return f"http://{self.addresses[host]}:{self.port}"

    def rewrite(self, data: bytes) -> bytes:
        for host in self.hosts:
            origin = self.origin(host).encode()
            for prefix in (b"https://", b"http://"):
                data = data.replace(prefix + host.encode(), origin)
        return data

    def registry(self) -> str:
        """sites.toml with every sample origin and domain name pointed at the loopback mirror."""
        text = self.rewrite((self.root / "sites.toml").read_bytes()).decode("utf-8")
        for host in self.hosts:
            text = text.replace(f'"{host}"', f'"{self.addresses[host]}"')
        return text

    def overrides(self, host: str) -> dict:
        path = self.root / host / "_headers.toml"
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def make_handler(mirror: Mirror, host: str, log_path: Path | None):
    class Handler(BaseHTTPRequestHandler):
        server_version = "SampleMirror/1.0"

        def log_message(self, *args):  # quiet; the JSON log records requests
            pass

        def do_HEAD(self):
            self.respond(head=True)

        def do_GET(self):
            self.respond(head=False)

        def respond(self, head: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            override = mirror.overrides(host).get(path, {})
            if override.get("delay"):
                time.sleep(float(override["delay"]))
            body, content_type, mtime = self.load(path)
            if "body" in override and body is None:
                body = override["body"].encode("utf-8")
                content_type = content_type or "text/html; charset=utf-8"
            status = int(override.get("status", 200 if body is not None else 404))
            content_type = override.get("content_type", content_type or "text/html; charset=utf-8")
            if body is None:
                body = b"<html><body><h1>404 Not Found</h1></body></html>"
            headers = {"Content-Type": content_type, **override.get("headers", {})}
            if status == 200:
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers["ETag"] = etag
                if mtime:
                    headers["Last-Modified"] = email.utils.formatdate(mtime, usegmt=True)
                if self.not_modified(etag, mtime):
                    status, body = 304, b""
            self.log_request_json(path, status)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def load(self, path: str) -> tuple[bytes | None, str | None, float | None]:
            base = (mirror.root / host).resolve()
            target = (base / path.lstrip("/")).resolve()
            if base not in target.parents and target != base:
                return None, None, None
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or target.name == "_headers.toml":
                return None, None, None
            data = target.read_bytes()
            if target.suffix == ".gz":
                data = gzip.compress(mirror.rewrite(gzip.decompress(data)), mtime=0)
            else:
                data = mirror.rewrite(data)
            content_type = CONTENT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
            return data, content_type, target.stat().st_mtime

        def not_modified(self, etag: str, mtime: float | None) -> bool:
            if_none_match = self.headers.get("If-None-Match")
            if if_none_match:
                return etag in [tag.strip() for tag in if_none_match.split(",")]
            since = self.headers.get("If-Modified-Since")
            if since and mtime:
                try:
                    return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
                except (TypeError, ValueError):
                    return False
            return False

        def log_request_json(self, path: str, status: int) -> None:
            if log_path is None:
                return
            entry = {"host": host, "path": path, "query": urlsplit(self.path).query, "method": self.command,
                     "status": status, "user_agent": self.headers.get("User-Agent"),
                     "if_none_match": self.headers.get("If-None-Match"),
                     "if_modified_since": self.headers.get("If-Modified-Since"), "time": time.time()}
            with mirror.lock, log_path.open("a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")

    return Handler


def serve(root: Path, port: int, log_path: Path | None) -> tuple[Mirror, list[ThreadingHTTPServer]]:
    """Bind every sample host on one port (a free one when ``port`` is 0) and serve in background threads."""
    for _attempt in range(20):
        mirror = Mirror(root, port)
        servers: list[ThreadingHTTPServer] = []
        try:
            for host in mirror.hosts:
                server = ThreadingHTTPServer((mirror.addresses[host], mirror.port), make_handler(mirror, host, log_path))
                server.daemon_threads = True
                mirror.port = server.server_address[1]
                servers.append(server)
        except OSError:
            for server in servers:
                server.server_close()
            if port:
                raise
            continue
        for server in servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return mirror, servers
    raise OSError("no free port shared by all sample addresses")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent / "data" / "samples")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--registry-out", type=Path, help="write the loopback registry here")
    parser.add_argument("--request-log", type=Path, help="append one JSON line per request here")
    args = parser.parse_args(argv)
    mirror, _servers = serve(args.root, args.port, args.request_log)
    if args.registry_out:
        args.registry_out.write_text(mirror.registry(), encoding="utf-8")
    print(json.dumps({"port": mirror.port, "origins": {h: mirror.origin(h) for h in mirror.hosts}}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
