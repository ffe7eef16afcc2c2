"""Read the rows of a few documents from Parquet files, touching only the row groups that hold them.

DuckDB prunes a ``doc_id IN (…)`` filter with the min/max of the whole list, so documents whose ids sort
far apart (a concordance's lines) make it read most row groups. :class:`RowGroupCatalog` keeps each row
group's ``doc_id`` range (from the Parquet footers, read once) and picks exactly the row groups whose range
holds one of the wanted ids. Derived and in memory; it dies with the :class:`~corpus_tools.store.Corpus`.

Token parts written by different build batches interleave their ``doc_id`` ranges, so such a range matches
in almost every part; :class:`TokenLocator` reads the build's document locator (``index/locator.parquet``)
instead and goes straight to the row groups that hold the wanted token numbers.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["RowGroupCatalog", "TokenLocator"]


class RowGroupCatalog:
    """``doc_id`` ranges of every row group of ``files``.

    Parameters
    ----------
    files : list of Path
        Parquet files with a ``doc_id`` column (token parts, or ``documents.parquet``).
    """

    def __init__(self, files: Sequence[Path]) -> None:
        self.files_ = [Path(f) for f in files]
        self._open: dict[int, pq.ParquetFile] = {}
        self.groups_: list[tuple[int, int, str | None, str | None]] = []  # (file no, row group, min, max)
        for k, path in enumerate(self.files_):
            md = pq.ParquetFile(path).metadata
            col = md.schema.to_arrow_schema().get_field_index("doc_id")
            for g in range(md.num_row_groups):
                st = md.row_group(g).column(col).statistics
                lo, hi = (st.min, st.max) if st is not None and st.has_min_max else (None, None)
                self.groups_.append((k, g, lo, hi))

    def row_groups(self, doc_ids: Iterable[str]) -> dict[int, list[int]]:
        """``{file number: [row group, …]}`` of the row groups whose ``doc_id`` range holds a wanted id."""
        wanted = sorted(set(doc_ids))
        out: dict[int, list[int]] = {}
        for k, g, lo, hi in self.groups_:
            if lo is None:  # no statistics: the group may hold anything
                hit = True
            else:
                j = bisect_left(wanted, lo)
                hit = j < len(wanted) and wanted[j] <= hi
            if hit:
                out.setdefault(k, []).append(g)
        return out

    def read(self, doc_ids: Iterable[str], columns: Sequence[str]) -> pa.Table | None:
        """Rows of the wanted documents (``columns``, which must include ``doc_id``); ``None`` if none."""
        ids = sorted(set(doc_ids))
        tables = []
        keep = pa.array(ids, pa.string())
        for k, groups in self.row_groups(ids).items():
            if k not in self._open:
                self._open[k] = pq.ParquetFile(self.files_[k])
            t = self._open[k].read_row_groups(groups, columns=list(columns))
            t = t.filter(pc.is_in(t["doc_id"], keep))
            if t.num_rows:
                tables.append(t)
        return pa.concat_tables(tables) if tables else None


class TokenLocator:
    """Exact rows of documents in the token parts, from the derived ``index/locator.parquet``
    (:func:`~corpus_tools.store.index.locator_sql`).

    A part holds its documents' rows contiguously, sorted by ``doc_id, i``, so a document's token ``i`` is
    row ``row0 + i`` of its part (checked per document: ``rows == last_i + 1``; other documents are read
    whole). A concordance line then costs the one row group that holds its context, not every row group whose
    ``doc_id`` range happens to include the document (parts written by different batches interleave ids).

    Parameters
    ----------
    root : Path
        The corpus folder; :meth:`open` checks that the locator covers its token parts.
    """

    def __init__(self, root: Path, table: pa.Table) -> None:
        from . import layout

        self.root = Path(root)
        self._files: dict[str, pq.ParquetFile] = {}
        self._starts: dict[str, list[int]] = {}  # first row of each row group, then the part's row count
        self._where: dict[str, list[tuple[str, int, int, bool]]] = {}  # doc → [(part, row0, rows, dense)]
        cols = [table[c].to_pylist() for c in ("doc_id", "part", "row0", "rows", "last_i")]
        for doc, part, row0, rows, last_i in zip(*cols):
            self._where.setdefault(doc, []).append((part, int(row0), int(rows), int(last_i) + 1 == int(rows)))
        self._dir = self.root / layout.TOKENS_DIR

    @classmethod
    def open(cls, root: Path) -> "TokenLocator | None":
        """The locator of the corpus at ``root``, or ``None`` when it is missing or does not cover exactly
        the token parts (an older corpus: ``corpus-tools index DIR`` writes it)."""
        from . import layout
        from .index import locator_complete

        if not locator_complete(root):
            return None
        return cls(root, pq.read_table(Path(root) / layout.INDEX_DIR / layout.LOCATOR_FILE))

    def _part(self, name: str) -> tuple[pq.ParquetFile, list[int]]:
        if name not in self._files:
            f = pq.ParquetFile(self._dir / name)
            md = f.metadata
            starts = [0]
            for g in range(md.num_row_groups):
                starts.append(starts[-1] + md.row_group(g).num_rows)
            self._files[name], self._starts[name] = f, starts
        return self._files[name], self._starts[name]

    def read(self, spans: Iterable[tuple[str, int | None, int | None]], columns: Sequence[str]) -> pa.Table | None:
        """Token rows of ``(doc_id, lo, hi)`` spans (token numbers, inclusive; ``None`` for the document's
        start or end), with ``columns`` (``doc_id`` is added from the locator, not read); overlapping spans of
        a document are merged, so every row comes once. ``None`` when no row is found."""
        wanted: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (part, doc) → row ranges
        for doc, lo, hi in spans:
            for part, row0, rows, dense in self._where.get(doc, ()):
                a = 0 if lo is None or not dense else max(lo, 0)
                b = rows - 1 if hi is None or not dense else min(hi, rows - 1)
                if a <= b:
                    wanted.setdefault((part, doc), []).append((row0 + a, row0 + b))
        if not wanted:
            return None
        read_cols = [c for c in columns if c != "doc_id"]
        by_part: dict[str, list[tuple[str, int, int]]] = {}
        for (part, doc), ranges in wanted.items():
            for a, b in _merged(ranges):
                by_part.setdefault(part, []).append((doc, a, b))
        pieces = []
        for part, ranges in sorted(by_part.items()):
            f, starts = self._part(part)
            groups = sorted({g for _, a, b in ranges
                             for g in range(bisect_right(starts, a) - 1, bisect_right(starts, b))})
            t = f.read_row_groups(groups, columns=read_cols)
            offset, at = {}, 0  # first row of each group read, within ``t``
            for g in groups:
                offset[g] = at
                at += starts[g + 1] - starts[g]
            for doc, a, b in ranges:
                g = bisect_right(starts, a) - 1
                piece = t.slice(offset[g] + a - starts[g], b - a + 1)
                pieces.append(piece.append_column("doc_id", pa.array([doc] * piece.num_rows, pa.string())))
        out = pa.concat_tables(pieces)
        return out.select(list(columns))


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Inclusive ranges merged where they overlap or touch."""
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]
