"""A small static web server with CORS, so Neo4j Browser can fetch the guide and the style.

Browser fetches guides (``:play <url>``) and styles (``:style <url>``) cross-origin, so the
server must answer with an ``Access-Control-Allow-Origin`` header; Python's ``http.server``
doesn't. Only pages served from this machine (``localhost``, ``127.0.0.1``, ``[::1]``, any port)
get that header, and only the kit's own files (top-level ``.html``, ``.grass``, ``.cypher`` and
``.zip``) are served, so no other web page can read the folder. The host must also be on the
Neo4j server's ``browser.remote_content_hostname_whitelist`` (graphkit's launcher allows
``localhost`` and ``127.0.0.1``; the port is not checked).

Examples
--------
>>> import tempfile, urllib.request
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp()); _ = (folder / "guide.html").write_text("hi")
>>> with GuideServer(folder) as server:
...     request = urllib.request.Request(server.url + "/guide.html", headers={"Origin": "http://localhost:7474"})
...     with urllib.request.urlopen(request) as response:
...         response.headers["Access-Control-Allow-Origin"], response.read()
('http://localhost:7474', b'hi')
"""

from __future__ import annotations

import functools
import re
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar, Self

from graphkit.errors import InvalidInputError

__all__ = ["GuideServer"]

_LOOPBACK_ORIGIN = re.compile(r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?")
_SERVED_SUFFIXES = {".html", ".grass", ".cypher", ".zip"}


class _CorsHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".grass": "text/plain; charset=utf-8",
        ".cypher": "text/plain; charset=utf-8",
        ".html": "text/html; charset=utf-8",
    }

    def end_headers(self) -> None:
        origin = self.headers.get("Origin", "")
        if _LOOPBACK_ORIGIN.fullmatch(origin):
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Vary", "Origin")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):
        name = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        decoded = urllib.parse.unquote(name)
        plain = not any(mark in text for text in (name, decoded) for mark in ("/", "\\", "\x00"))
        if not plain or Path(name).suffix.lower() not in _SERVED_SUFFIXES:
            self.send_error(404, "Not found")
            return None
        try:
            return super().send_head()
        except (OSError, ValueError):  # a name the file system cannot take: not one of the kit's files
            self.send_error(404, "Not found")
            return None

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args) -> None:
        """Silent: the CLI reports what matters."""


class GuideServer:
    """Serve ``folder`` over HTTP with CORS headers on ``host:port`` from a background thread.

    Parameters
    ----------
    folder : path
        The folder to serve (read only).
    host : str, default "127.0.0.1"
        Address to listen on; keep it on loopback.
    port : int, default 0
        Port; 0 picks a free one (see :attr:`url`).

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, folder: str | Path, *, host: str = "127.0.0.1", port: int = 0) -> None:
        folder = Path(folder)
        if not folder.is_dir():
            raise InvalidInputError(f"folder must be an existing directory, got {str(folder)!r}")
        if not 0 <= port <= 65535:
            raise InvalidInputError(f"port must be in [0, 65535], got {port}")
        self.folder = folder.resolve()
        self.host = host
        self.port = port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://host:port`` of the running server, naming loopback ``localhost``.

        Browser checks remote content against its allowlist by host name. Before it has read the
        server's setting (a ``cmd=play`` in the Browser URL runs before connecting) it uses its
        default, ``guides.neo4j.com, localhost``, which allows ``localhost`` but not ``127.0.0.1``.
        """
        if self._httpd is None:
            raise InvalidInputError("the guide server is not running; call start() first")
        host = "localhost" if self.host == "127.0.0.1" else self.host
        return f"http://{host}:{self._httpd.server_address[1]}"

    def start(self) -> Self:
        """Bind and serve in a daemon thread; returns self."""
        if self._httpd is None:
            handler = functools.partial(_CorsHandler, directory=str(self.folder))
            try:
                self._httpd = ThreadingHTTPServer((self.host, self.port), handler)
            except OSError as error:
                raise InvalidInputError(
                    f"cannot listen on {self.host}:{self.port}: {error.strerror}"
                ) from error
            self._httpd.daemon_threads = True
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, name="graphkit-guide", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
            self._httpd = self._thread = None

    def serve_forever(self) -> None:
        """Block until interrupted (Ctrl-C), then stop."""
        self.start()
        try:
            self._thread.join()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
