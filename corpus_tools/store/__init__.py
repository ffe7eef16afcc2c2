"""Corpus directory: layout, atomic build, DuckDB access."""
from .build import BuildReport, build
from .corpus import Corpus

__all__ = ["BuildReport", "Corpus", "build"]
