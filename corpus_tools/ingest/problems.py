""":class:`IngestProblem`: one per-file problem found while reading sources (the rows of ``errors.json``)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["IngestProblem", "LEVELS"]

#: ``error``: the document was not built; ``warning``: it was built, with a caveat.
LEVELS: tuple[str, ...] = ("error", "warning")


@dataclass(frozen=True)
class IngestProblem:
    """A problem with one file (or one line / row of it).

    Attributes
    ----------
    file : str
        The path as the user would recognise it: relative to the source folder when possible.
    message : str
        One line: what is wrong and what to do.
    level : str
        ``"error"`` (the document was NOT built) or ``"warning"`` (built, with a caveat).
    position : str
        Where in the file, e.g. ``"line 12"``, ``"line 3, column 7"``, ``"row 5"``, ``"byte 1024"``; may be empty.
    """

    file: str
    message: str
    level: str = "error"
    position: str = ""

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"IngestProblem level must be one of {LEVELS}, not {self.level!r}")

    def __str__(self) -> str:
        where = f"{self.file}:{self.position}" if self.position else self.file
        return f"{where}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def to_dict(self) -> dict[str, str]:
        """The problem as a JSON-ready dict (``file``, ``position``, ``level``, ``message``) for ``errors.json``."""
        data = asdict(self)
        return {key: data[key] for key in ("file", "position", "level", "message")}
