"""Export to CoNLL-U (Universal Dependencies format, https://universaldependencies.org/format.html).

Each document starts with ``# newdoc id = DOC_ID``; each sentence has ``# sent_id = DOC_ID/s N`` (spaces in
ids replaced by ``_``) and ``# text`` — the sentence's tokens joined as they are spaced in the original (so
the line agrees with FORM and ``SpaceAfter=No``, as validators require). Ten columns: ID, FORM, LEMMA, UPOS,
XPOS (``_``), FEATS, HEAD, DEPREL, DEPS (``_``: no syntax), MISC = ``start=S|end=E`` (character offsets into
the document's original text) plus ``|SpaceAfter=No`` where the next token follows without a space.
"""
from __future__ import annotations

import os
import re

from ._stream import clean_cell, sentence_ranges, write_documents

__all__ = ["export_conllu"]

_SPACE = re.compile(r"\s+")


def export_conllu(corpus, path: str | os.PathLike) -> dict[str, int]:
    """Write ``corpus`` as CoNLL-U to ``path`` (UTF-8), streaming one token part at a time.

    Returns
    -------
    dict
        ``documents``, ``sentences`` and ``tokens`` written.
    """
    def render(doc) -> tuple[str, int]:
        t = doc.tokens
        doc_key = _SPACE.sub("_", str(doc.meta["doc_id"]))
        lines = [f"# newdoc id = {doc_key}\n"]
        sentences = 0
        for sent, first, last in sentence_ranges(t):
            rows, text = [], []
            for k in range(first, last + 1):
                form = clean_cell(t["form"][k])
                space_after = k == last or t["end"][k] != t["start"][k + 1]
                misc = f"start={t['start'][k]}|end={t['end'][k]}" + ("" if space_after else "|SpaceAfter=No")
                rows.append("\t".join((str(k - first + 1), form, clean_cell(t["lemma"][k]),
                                       clean_cell(t["pos"][k]), "_", clean_cell(t["feats"][k]),
                                       "_", "_", "_", misc)) + "\n")
                text.append(form + (" " if space_after and k != last else ""))
            lines.append(f"# sent_id = {doc_key}/s{sent}\n")
            lines.append(f"# text = {''.join(text)}\n")
            lines.extend(rows)
            lines.append("\n")
            sentences += 1
        return "".join(lines), sentences

    return write_documents(corpus, path, render)
