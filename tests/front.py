"""The shipped deploy/nginx.conf, run for real in front of a test server (placeholders filled in)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def nginx_front(app: str, workdir: Path):
    """Yields nginx's base URL; ``app`` is the host:port of the Django server behind it."""
    if shutil.which("nginx") is None:
        pytest.skip("needs nginx (apt-get install nginx; make test installs it)")
    port = free_port()
    prefix = workdir / "nginx"
    for folder in (prefix / "spool", workdir / "pages" / "current", workdir / "static"):
        folder.mkdir(parents=True, exist_ok=True)
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    for key, value in {"LISTEN": f"127.0.0.1:{port}", "APP": app, "PAGE_CACHE_DIR": str(workdir / "pages"),
                       "STATIC_ROOT": str(workdir / "static"), "PREFIX": str(prefix)}.items():
        conf = conf.replace("{{" + key + "}}", value)
    (prefix / "nginx.conf").write_text(conf)
    command = [shutil.which("nginx"), "-c", str(prefix / "nginx.conf"), "-p", str(prefix), "-g", "daemon off;"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(url + "/robots.txt", timeout=2).close()  # noqa: S310 - loopback only
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {proc.stderr.read().decode()}") from None
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
