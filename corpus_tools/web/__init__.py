"""A local web page over one corpus: search (KWIC), documents, frequency over time, term view, CSV export.

``corpus-tools serve DIR`` / :func:`serve`; :func:`create_app` returns the ASGI application (Starlette) for
tests or another server. Needs the ``web`` extra: ``pip install 'corpus-tools[web]'``.
"""
from __future__ import annotations

from typing import Any

from .server import DEFAULT_HOST, DEFAULT_PORT, is_loopback, serve

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "is_loopback", "serve"]


def create_app(corpus_path, **options: Any):
    """The ASGI app for ``corpus_path``; see :func:`corpus_tools.web.app.create_app`."""
    try:
        from .app import create_app as _create_app
    except ImportError as exc:
        from ..errors import CorpusToolsError

        raise CorpusToolsError(f"the web page needs {exc.name}: pip install 'corpus-tools[web]'") from None
    return _create_app(corpus_path, **options)
