"""Input checks shared by the statistics modules."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import CorpusToolsError


class StatisticsError(CorpusToolsError, ValueError):
    """Counts handed to a statistics function are missing, negative or inconsistent."""


def require_columns(df: pd.DataFrame, columns: Iterable[str], *, what: str) -> None:
    """Raise :class:`StatisticsError` naming the columns ``df`` lacks."""
    if not isinstance(df, pd.DataFrame):
        raise StatisticsError(f"{what} needs a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise StatisticsError(f"{what} needs the columns {', '.join(missing)}; the table has "
                              f"{', '.join(map(str, df.columns)) or 'no columns'}")


def as_counts(values, *, name: str) -> np.ndarray:
    """``values`` as a float array; raise when it holds NaN or negative numbers."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise StatisticsError(f"{name} must be numbers ({exc})") from None
    if np.isnan(arr).any():
        raise StatisticsError(f"{name} has missing values; fill them with 0 or drop those rows")
    if (arr < 0).any():
        raise StatisticsError(f"{name} has negative counts; counts must be 0 or more")
    return arr
