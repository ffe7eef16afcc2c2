"""Train the shipped Kazakh lemmatizer + UPOS tagger on the whole UD Kazakh treebank (train + test merged).

The treebank's README says its official split is unusable and asks users to merge both files; the accuracy of
this recipe is measured by 10-fold jack-knifing in ``scripts/eval_kazakh.py``. The model (CC BY-SA 4.0, like
the treebank) is written to ``corpus_tools/annotate/kk/data/model.json.gz``.

Usage::

    python scripts/train_kazakh.py [--ktb DIR] [--out PATH]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_tools.annotate.kk import MODEL_PATH  # noqa: E402
from corpus_tools.annotate.kk.conllu import read_treebank  # noqa: E402
from corpus_tools.annotate.kk.model import KazakhModel  # noqa: E402

KTB = (ROOT / ".." / "shared" / "data" / "ud" / "UD_Kazakh-KTB").resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ktb", type=Path, default=KTB, help="folder with kk_ktb-ud-*.conllu")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="model file to write")
    args = parser.parse_args(argv)
    files = sorted(args.ktb.glob("kk_ktb-ud-*.conllu"))
    if not files:
        print(f"No kk_ktb-ud-*.conllu files in {args.ktb}: pass --ktb with the UD_Kazakh-KTB folder.",
              file=sys.stderr)
        return 1
    sents = read_treebank(files)
    model = KazakhModel().fit(sents)
    model.meta = {
        "trained_on": "UD_Kazakh-KTB v2.11+ " + " + ".join(f.name for f in files),
        "sentences": len(sents),
        "words": sum(len(s) for s in sents),
        "licence": "CC BY-SA 4.0 (derived from UD Kazakh KTB; see MODEL_LICENSE.md)",
        "settings": {"c": model.c, "min_support": model.min_support, "prefer_known": model.prefer_known,
                     "n_candidates": model.n_candidates, "margin": model.margin,
                     "ranker_c": model.ranker_c},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"{args.out}: {len(sents)} sentences, {model.meta['words']} words, "
          f"{args.out.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
