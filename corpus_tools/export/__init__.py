"""Export a corpus to interchange formats, streaming (bounded memory): VRT (CWB, NoSketch Engine, CQPweb) and
CoNLL-U."""
from .conllu import export_conllu
from .vrt import VRT_ATTRIBUTES, export_vrt

__all__ = ["EXPORT_FORMATS", "VRT_ATTRIBUTES", "export", "export_conllu", "export_vrt"]

#: ``--format`` values of ``corpus-tools export`` and the function each runs.
EXPORT_FORMATS = {"vrt": export_vrt, "conllu": export_conllu}


def export(corpus, path, *, format: str = "vrt") -> dict[str, int]:
    """Write ``corpus`` to ``path`` in ``format`` (``vrt`` or ``conllu``); return the counts written."""
    from ..errors import CorpusToolsError

    try:
        fn = EXPORT_FORMATS[format]
    except KeyError:
        raise CorpusToolsError(f"unknown export format {format!r}; use {' or '.join(EXPORT_FORMATS)}") from None
    return fn(corpus, path)
