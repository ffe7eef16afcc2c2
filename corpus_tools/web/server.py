"""``corpus-tools serve``: run the web page for one corpus on this computer and open it in the browser."""
from __future__ import annotations

import ipaddress
import os
import sys
import threading
import webbrowser
from typing import IO

from ..errors import CorpusToolsError

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "is_loopback", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this computer (127.x.x.x, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(corpus_path: str | os.PathLike, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          open_browser: bool = True, timeout: float | None = None, out: IO[str] | None = None) -> None:
    """Serve the search page for ``corpus_path`` until interrupted (Ctrl+C).

    Parameters
    ----------
    corpus_path : path
        A corpus directory written by :func:`corpus_tools.build` (``corpus-tools build``).
    host : str, default "127.0.0.1"
        Address to listen on. The default is reachable only from this computer; any other address makes the
        corpus readable by every computer that can reach this one, and a warning says so.
    port : int, default 8765
    open_browser : bool, default True
        Open the page in the default browser once the server listens.
    timeout : float, optional
        Seconds one request's analysis may run (default :data:`corpus_tools.web.params.DEFAULT_TIMEOUT`).
    out : file, optional
        Where the start message and warnings go (default stderr).

    Raises
    ------
    CorpusNotFoundError, CorpusFormatError
        When ``corpus_path`` is not a corpus.
    CorpusToolsError
        When the web dependencies are missing (install with ``pip install 'corpus-tools[web]'``).
    """
    try:
        import uvicorn

        from .app import LOCAL_HOSTS, create_app
    except ImportError as exc:
        raise CorpusToolsError(f"the web page needs {exc.name}: pip install 'corpus-tools[web]'") from None
    from .params import DEFAULT_TIMEOUT

    out = out or sys.stderr
    if not isinstance(port, int) or not 0 < port < 65536:
        raise CorpusToolsError(f"--port must be a number from 1 to 65535, got {port!r}")
    local = is_loopback(host)
    app = create_app(corpus_path, timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                     allowed_hosts=LOCAL_HOSTS if local else None)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    if local:
        out.write(f"Serving {app.state.web.path} at {url} — only this computer can open it. Stop with Ctrl+C.\n")
    else:
        out.write(f"Warning: listening on {host}: every computer that can reach this one can read the corpus "
                  f"at port {port}; use the default --host 127.0.0.1 unless you mean to share it.\n")
        out.write(f"Serving {app.state.web.path} at {url}. Stop with Ctrl+C.\n")
    out.flush()
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    if open_browser:
        def _open() -> None:
            while not server.started and not server.should_exit:
                threading.Event().wait(0.1)
            if server.started:
                webbrowser.open(url)

        threading.Thread(target=_open, daemon=True).start()
    server.run()
