"""The :class:`Corpus`: a built corpus directory queried with DuckDB (Parquet is the source of truth)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ..errors import CorpusFormatError, CorpusNotFoundError
from . import layout


def _sql_path(path: Path) -> str:
    # Safe: a filesystem path we built, with single quotes doubled for the SQL string literal.
    return str(path).replace("'", "''")


class Corpus:
    """A corpus directory opened for queries.

    Use :meth:`open` (or :func:`corpus_tools.build`). Query methods return pandas DataFrames.
    """

    build_report = None

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self.path = path
        self.meta = meta
        self._con: duckdb.DuckDBPyConnection | None = None
        self._has_index: bool | None = None
        self._catalogs: dict = {}

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | os.PathLike) -> "Corpus":
        """Open a corpus directory written by :func:`corpus_tools.build`."""
        p = Path(path)
        meta_file = p / layout.CORPUS_JSON
        if not meta_file.is_file():
            raise CorpusNotFoundError(
                f"{p} is not a corpus (no {layout.CORPUS_JSON}); build one with: corpus-tools build SOURCE -o {p}"
            )
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CorpusFormatError(f"{meta_file} is damaged ({exc}); rebuild the corpus") from None
        version = meta.get("format_version")
        if meta.get("format") != layout.FORMAT_NAME or version != layout.FORMAT_VERSION:
            raise CorpusFormatError(
                f"{p} has corpus format {meta.get('format')!r} version {version!r}; this corpus_tools reads "
                f"version {layout.FORMAT_VERSION}: rebuild the corpus with this version"
            )
        if not (p / layout.DOCUMENTS_FILE).is_file():
            raise CorpusFormatError(f"{p} lacks {layout.DOCUMENTS_FILE}; rebuild the corpus")
        return cls(p.absolute(), meta)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection (created on first use) with the views ``documents`` and ``tokens``, and two
        derived relations the queries use: ``doc_meta`` (a temporary table: ``documents`` without ``text``)
        and ``token_index`` (the lemma/norm index of :mod:`corpus_tools.store.index`, or the same rows
        computed from ``tokens`` for a corpus built without it)."""
        if self._con is None:
            con = duckdb.connect(":memory:")
            # Parquet footers are read once per connection, not once per query (many parts at 100M tokens).
            con.execute("SET parquet_metadata_cache = true")
            docs = _sql_path(self.path / layout.DOCUMENTS_FILE)
            con.execute(f"CREATE VIEW documents AS SELECT * FROM read_parquet('{docs}')")
            # Derived, connection-scoped: document metadata without the texts, in memory. Queries join and
            # filter on it (dates, fields, word counts) without touching the text pages of documents.parquet.
            from .index import doc_meta_file

            meta_file = doc_meta_file(self.path, int(self.meta.get("counts", {}).get("documents", -1)))
            if meta_file is not None:  # the build's copy without the texts: a few row groups to read
                con.execute(f"CREATE TEMP TABLE doc_meta AS SELECT * FROM read_parquet('{_sql_path(meta_file)}')")
            else:
                con.execute("CREATE TEMP TABLE doc_meta AS SELECT * EXCLUDE (text) FROM documents")
            if any((self.path / layout.TOKENS_DIR).glob("part-*.parquet")):
                parts = _sql_path(self.path / layout.TOKENS_DIR / "part-*.parquet")
                con.execute(f"CREATE VIEW tokens AS SELECT * FROM read_parquet('{parts}')")
            else:
                cols = ", ".join(
                    f'CAST(NULL AS {"VARCHAR" if str(f.type) == "string" else "BOOLEAN" if str(f.type) == "bool" else "INTEGER"}) AS "{f.name}"'
                    for f in layout.TOKEN_SCHEMA
                )
                con.execute(f"CREATE VIEW tokens AS SELECT {cols} WHERE FALSE")
            if self.has_index:
                from .index import index_files

                # One globally sorted file (or, for corpora indexed before compaction, one file per part).
                files = ", ".join(f"'{_sql_path(f)}'" for f in index_files(self.path))
                con.execute(f"CREATE VIEW token_index AS SELECT * FROM read_parquet([{files}])")
            else:
                # A corpus built before the index existed: the same rows, computed from the token parts.
                from .index import index_rows_sql

                con.execute(f"CREATE VIEW token_index AS {index_rows_sql('tokens')}")
            self._con = con
        return self._con

    @property
    def has_index(self) -> bool:
        """Whether the derived lemma/norm index is complete (queries use it; without it they scan tokens)."""
        if self._has_index is None:
            from .index import index_complete

            self._has_index = index_complete(self.path)
        return self._has_index

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        self._has_index = None
        self._catalogs = {}

    def row_groups(self, which: str):
        """The :class:`~corpus_tools.store.locate.RowGroupCatalog` of ``"tokens"`` or ``"documents"``
        (footers read on first use), for reading the rows of a few documents."""
        if which not in self._catalogs:
            from .locate import RowGroupCatalog

            if which == "tokens":
                files = sorted((self.path / layout.TOKENS_DIR).glob("part-*.parquet"))
            elif which == "documents":
                files = [self.path / layout.DOCUMENTS_FILE]
            else:
                raise ValueError(f"no row-group catalog for {which!r}")
            self._catalogs[which] = RowGroupCatalog(files)
        return self._catalogs[which]

    def token_locator(self):
        """The :class:`~corpus_tools.store.locate.TokenLocator` of the token parts (read on first use), or
        ``None`` for a corpus built before the locator existed (``corpus-tools index DIR`` adds it)."""
        if "locator" not in self._catalogs:
            from .locate import TokenLocator

            self._catalogs["locator"] = TokenLocator.open(self.path)
        return self._catalogs["locator"]

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        c = self.meta.get("counts", {})
        return f"<Corpus {self.path} documents={c.get('documents')} tokens={c.get('tokens')}>"

    # ------------------------------------------------------------------ facts
    @property
    def content_hash(self) -> str:
        return self.meta["content_hash"]

    @property
    def extra_fields(self) -> list[str]:
        return list(self.meta.get("extra_fields", []))

    def problems(self) -> list[dict]:
        """Problems recorded by the last build (``errors.json``)."""
        f = self.path / layout.ERRORS_JSON
        if not f.is_file():
            return []
        return json.loads(f.read_text(encoding="utf-8")).get("problems", [])

    def info(self) -> dict[str, Any]:
        """Counts, years, pipeline versions and the content hash, plus documents per type and language."""
        con = self.con
        by_type = dict(con.execute(
            "SELECT coalesce(nullif(doc_type, ''), '(none)'), count(*) FROM documents GROUP BY 1 ORDER BY 1"
        ).fetchall())
        by_lang = dict(con.execute(
            "SELECT coalesce(nullif(language, ''), '(none)'), count(*) FROM documents GROUP BY 1 ORDER BY 1"
        ).fetchall())
        return {
            "path": str(self.path),
            **self.meta.get("counts", {}),
            "years": self.meta.get("years"),
            "doc_types": by_type,
            "languages": by_lang,
            "extra_fields": self.extra_fields,
            "software": self.meta.get("software"),
            "built": self.meta.get("built"),
            "content_hash": self.content_hash,
        }

    def documents(self, columns: list[str] | None = None, *, with_text: bool = False) -> pd.DataFrame:
        """Document metadata as a DataFrame (without the text unless ``with_text``)."""
        names = [f.name for f in layout.DOCUMENT_SCHEMA]
        if columns is None:
            columns = [n for n in names if with_text or n != "text"]
        bad = [c for c in columns if c not in names]
        if bad:
            raise CorpusFormatError(f"unknown document column(s) {bad}; columns: {', '.join(names)}")
        cols = ", ".join(f'"{c}"' for c in columns)  # safe: checked against the schema above
        return self.con.execute(f"SELECT {cols} FROM documents ORDER BY doc_id").df()

    def text(self, doc_id: str) -> str:
        """The original text of one document."""
        rows = self.con.execute("SELECT text FROM documents WHERE doc_id = ?", [doc_id]).fetchall()
        row = rows[0] if rows else None
        if row is None:
            raise CorpusNotFoundError(f"no document {doc_id!r} in {self.path}")
        return row[0]

    def tokens(self, doc_id: str) -> pd.DataFrame:
        """Token rows of one document."""
        return self.con.execute("SELECT * FROM tokens WHERE doc_id = ? ORDER BY i", [doc_id]).df()

    # ------------------------------------------------------------------ analyses (forwarders)
    def _recorded(self, analysis: str, df, parameters: dict):
        from ..report.record import make_record

        df.attrs["record"] = make_record(analysis, parameters, self)
        return df

    def kwic(self, query: str, **options) -> pd.DataFrame:
        """Concordance of ``query``; see :func:`corpus_tools.query.kwic.kwic` (CLI: ``corpus-tools kwic``)."""
        from ..query.kwic import kwic

        return self._recorded("kwic", kwic(self, query, **options), {"query": query, **options})

    def show(self, doc_id: str, **options) -> dict:
        """One document with its metadata and the spans of a query's hits; see
        :func:`corpus_tools.query.show.show` (CLI: ``corpus-tools show``)."""
        from ..query.show import show

        return show(self, doc_id, **options)

    def freq(self, queries, **options) -> pd.DataFrame:
        """Frequency per period; see :func:`corpus_tools.query.freq.freq` (CLI: ``corpus-tools freq``)."""
        from ..query.freq import freq

        return self._recorded("freq", freq(self, queries, **options), {"queries": queries, **options})

    def collocates(self, query: str, **options) -> pd.DataFrame:
        """Collocates with association measures; see :func:`corpus_tools.query.collocates.collocates`
        (CLI: ``corpus-tools collocates``)."""
        from ..query.collocates import collocates

        return self._recorded("collocates", collocates(self, query, **options), {"query": query, **options})

    def collocates_by_period(self, query: str, **options) -> pd.DataFrame:
        """Collocation tables per period; see :func:`corpus_tools.query.collocates.collocates_by_period`."""
        from ..query.collocates import collocates_by_period

        df = collocates_by_period(self, query, **options)
        return self._recorded("collocates", df, {"query": query, **options})

    def association_series(self, query: str, collocate: str, **options) -> pd.DataFrame:
        """One association per period; see :func:`corpus_tools.query.collocates.association_series`."""
        from ..query.collocates import association_series

        df = association_series(self, query, collocate, **options)
        return self._recorded("collocates", df, {"query": query, "collocate": collocate, **options})

    def collocate_changes(self, query: str, period_a: str, period_b: str, **options) -> pd.DataFrame:
        """Collocates that appear, vanish or change; see :func:`corpus_tools.query.collocates.collocate_changes`."""
        from ..query.collocates import collocate_changes

        df = collocate_changes(self, query, period_a, period_b, **options)
        return self._recorded("collocates", df, {"query": query, "period_a": period_a, "period_b": period_b,
                                                 **options})

    def keywords(self, **options) -> pd.DataFrame:
        """Keywords of a target against a reference subcorpus; see :func:`corpus_tools.query.keywords.keywords`
        (CLI: ``corpus-tools keywords``)."""
        from ..query.keywords import keywords

        return self._recorded("keywords", keywords(self, **options), options)

    def wordlist(self, **options) -> pd.DataFrame:
        """Frequency list or n-grams; see :func:`corpus_tools.query.wordlist.wordlist`
        (CLI: ``corpus-tools wordlist`` / ``ngrams``)."""
        from ..query.wordlist import wordlist

        return self._recorded("wordlist", wordlist(self, **options), options)
