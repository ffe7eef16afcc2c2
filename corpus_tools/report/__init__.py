"""Output writers and plots."""
from .output import FORMATS, records, to_json, write

__all__ = ["FORMATS", "records", "to_json", "write"]
