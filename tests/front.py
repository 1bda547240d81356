"""The shipped deploy/nginx.conf, run for real in front of a test server (placeholders filled in)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def nginx_front(app: str, workdir: Path, page_dir: Path | None = None):
    """Yields nginx's base URL; ``app`` is the host:port of the Django server behind it, ``page_dir``
    its PAGE_CACHE_DIR if it writes page files."""
    if shutil.which("nginx") is None:
        pytest.skip("needs nginx (apt-get install nginx; make test installs it)")
    port = free_port()
    prefix = workdir / "nginx"
    for folder in (prefix / "spool", workdir / "static"):
        folder.mkdir(parents=True, exist_ok=True)
    if page_dir is None:  # nobody writes page files: an empty tree, so every request reaches Django
        (workdir / "pages" / "current").mkdir(parents=True, exist_ok=True)
    from cms.management.commands.nginx_conf import render

    conf = render(listen=f"127.0.0.1:{port}", app=app, page_cache_dir=str(page_dir or workdir / "pages"),
                  static_root=str(workdir / "static"), prefix=str(prefix))
    (prefix / "nginx.conf").write_text(conf)
    # As root, nginx's workers would run as nobody, who cannot read pytest's private temporary folders.
    extra = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    command = [shutil.which("nginx"), "-c", str(prefix / "nginx.conf"), "-p", str(prefix), "-g", extra]
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
