"""Read the rows of a few documents from Parquet files, touching only the row groups that hold them.

DuckDB prunes a ``doc_id IN (…)`` filter with the min/max of the whole list, so documents whose ids sort
far apart (a concordance's lines) make it read most row groups. :class:`RowGroupCatalog` keeps each row
group's ``doc_id`` range (from the Parquet footers, read once) and picks exactly the row groups whose range
holds one of the wanted ids. Derived and in memory; it dies with the :class:`~corpus_tools.store.Corpus`.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["RowGroupCatalog"]


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
