"""Write a directory beside its final place, then swap it in, so a failed or killed build never damages the
corpus that was there before."""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from ..errors import CorpusToolsError
from .layout import CORPUS_JSON


def temp_sibling(final: Path, kind: str = "tmp") -> Path:
    return final.with_name(f".{final.name}.{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def recover(final: Path) -> None:
    """Clean up after a killed build: drop unfinished temporary folders; if the swap was interrupted between
    its two renames, put the previous corpus back."""
    parent = final.parent
    if not parent.exists():
        return
    olds = sorted(parent.glob(f".{final.name}.old-*"))
    if olds and not final.exists():
        os.rename(olds[-1], final)
        olds = olds[:-1]
    for p in list(parent.glob(f".{final.name}.tmp-*")) + olds:
        shutil.rmtree(p, ignore_errors=True)


def check_target(final: Path) -> None:
    """Refuse to replace a folder that is not a corpus."""
    if final.exists() and not (final / CORPUS_JSON).exists():
        if final.is_file() or any(final.iterdir()):
            raise CorpusToolsError(
                f"{final} exists and is not a corpus; choose another output folder or remove it first"
            )


def swap_into_place(tmp: Path, final: Path) -> None:
    """Rename ``tmp`` to ``final``, replacing an existing corpus."""
    if final.exists():
        old = temp_sibling(final, "old")
        os.rename(final, old)
        try:
            os.rename(tmp, final)
        except BaseException:
            os.rename(old, final)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, final)
