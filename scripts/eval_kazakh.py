"""Evaluate the Kazakh lemmatizer and UPOS tagger: 10-fold jack-knife on UD Kazakh KTB, and Abai's 25th Word.

* **KTB jack-knife** — train + test files merged (the treebank's README asks for this), sentences shuffled with a
  fixed seed and dealt into 10 folds; each fold is tagged by a model trained on the other nine. Gold tokenization;
  lemma accuracy over non-PUNCT words, case-insensitive; UPOS accuracy over the same words.
* **Abai** — Abai Qunanbaiuly's 25th Word (1890s) with hand-checked Apertium analyses; the gold lemma is the stem
  of each cohort's analysis (see :func:`read_abai`). KTB itself contains 33 sentences of this text (sent_id
  ``Жиырма_Бесінші_Сөз.tagged.txt:…``), so the headline figure comes from a model trained on all of KTB *except*
  those sentences; the figure of the shipped model (trained on all of KTB, text seen) is printed beside it.
* **Baselines, same run** — identity (lemma = lower-cased form) and hunspell-kk stems (the shortest stem that
  ``hunspell -d kk_KZ -s`` prints, the form itself when it prints none); reported as unavailable without the
  ``hunspell`` command and the ``kk_KZ`` dictionary (``apt-get install hunspell hunspell-kk``).

Usage::

    python scripts/eval_kazakh.py [--folds 10] [--seed 0] [--json PATH]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_tools.annotate.kk.conllu import UDWord, read_treebank  # noqa: E402
from corpus_tools.annotate.kk.model import KazakhModel  # noqa: E402

DATA = (ROOT / ".." / "shared" / "data").resolve()
KTB = DATA / "ud" / "UD_Kazakh-KTB"
ABAI = DATA / "corpora" / "apertium_kaz_texts" / "Жиырма_Бесінші_Сөз.tagged.txt"
_WORDLIKE = re.compile(r"\w")


ABAI_SENT_ID = "Жиырма_Бесінші_Сөз"


def sentence_ids(files: list[Path]) -> list[str]:
    """``sent_id`` of every sentence, in the order :func:`read_treebank` yields them."""
    ids: list[str] = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# sent_id = "):
                ids.append(line[len("# sent_id = "):])
    return ids


def folds_of(n: int, k: int, seed: int) -> list[list[int]]:
    """Sentence indices dealt into ``k`` folds after a seeded shuffle."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]


def read_abai(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (word, gold lemma) from the VISL-CG stream file.

    A cohort ``"<оқытқан да>"`` may hold several written words; its main reading (one tab) and sub-readings (two
    tabs) are paired with the words in order when their numbers agree (``оқытқан``→``оқыт``, ``да``→``да``),
    otherwise the first word gets the main reading's stem (``жақсы`` with a zero copula). Punctuation is skipped.
    """
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    form: str | None = None
    readings: list[str] = []

    def flush() -> None:
        if form is None:
            return
        words = form.split(" ")
        pairs = list(zip(words, readings)) if len(words) == len(readings) else [(words[0], readings[0])]
        cur.extend((w, lem) for w, lem in pairs if readings and _WORDLIKE.search(w))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('"<') and line.endswith('>"'):
            flush()
            form, readings = line[2:-2], []
        elif line.startswith("\t") and '"' in line:
            readings.append(line.split('"')[1])
        elif not line.strip():
            flush()
            form, readings = None, []
            if cur:
                sents.append(cur)
                cur = []
    flush()
    if cur:
        sents.append(cur)
    return sents


def hunspell_stems(words: set[str]) -> dict[str, str] | None:
    """Shortest hunspell-kk stem per word, or None when hunspell or the kk_KZ dictionary is missing."""
    if shutil.which("hunspell") is None or not any(
        Path(d, "kk_KZ.dic").exists() for d in ("/usr/share/hunspell", "/usr/share/myspell")
    ):
        return None
    ordered = sorted(words)
    out = subprocess.run(["hunspell", "-d", "kk_KZ", "-s", "-i", "utf-8"], input="\n".join(ordered) + "\n",
                         capture_output=True, text=True, check=True).stdout
    stems: dict[str, str] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2:
            word, stem = parts
            if word not in stems or len(stem) < len(stems[word]):
                stems[word] = stem
    return stems


def _pct(a: int, n: int) -> float:
    return round(100.0 * a / n, 2) if n else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the headline numbers here")
    args = parser.parse_args(argv)
    files = sorted(KTB.glob("kk_ktb-ud-*.conllu"))
    if not files or not ABAI.exists():
        print(f"Data missing ({KTB} or {ABAI}): this script needs ../shared/data.", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    sents = read_treebank(files)

    # 1. jack-knife
    n = lem = pos = ident = oov = lem_oov = 0
    gold_words: list[UDWord] = []
    for fold in folds_of(len(sents), args.folds, args.seed):
        test = set(fold)
        model = KazakhModel().fit([s for i, s in enumerate(sents) if i not in test])
        for i in fold:
            s = sents[i]
            for w, a in zip(s, model.analyze([w.form for w in s])):
                if w.upos == "PUNCT":
                    continue
                gold = w.lemma.lower()
                n += 1
                lem += a.lemma == gold
                pos += a.upos == w.upos
                ident += w.form.lower() == gold
                oov += a.oov
                lem_oov += a.oov and a.lemma == gold
                gold_words.append(w)
    stems = hunspell_stems({w.form.lower() for w in gold_words})
    hun = None if stems is None else _pct(
        sum(stems.get(w.form.lower(), w.form.lower()) == w.lemma.lower() for w in gold_words), n)

    # 2. Abai: model trained on KTB without Abai's sentences (held out), and on all of KTB (the shipped model)
    ids = sentence_ids(files)
    if len(ids) != len(sents):
        raise SystemExit(f"sent_id count {len(ids)} != sentence count {len(sents)}")
    held_out = KazakhModel().fit([s for s, i in zip(sents, ids) if not i.startswith(ABAI_SENT_ID)])
    full = KazakhModel().fit(sents)
    abai = read_abai(ABAI)
    an = am = am_full = a_ident = 0
    for s in abai:
        words = [w for w, _ in s]
        for (w, gold), a, b in zip(s, held_out.analyze(words), full.analyze(words)):
            an += 1
            am += a.lemma == gold.lower()
            am_full += b.lemma == gold.lower()
            a_ident += w.lower() == gold.lower()
    astems = hunspell_stems({w.lower() for s in abai for w, _ in s})
    a_hun = None if astems is None else _pct(
        sum(astems.get(w.lower(), w.lower()) == g.lower() for s in abai for w, g in s), an)

    result = {
        "ktb_jackknife": {"lemma": _pct(lem, n), "upos": _pct(pos, n), "words": n,
                          "oov_share": _pct(oov, n), "lemma_oov": _pct(lem_oov, oov),
                          "folds": args.folds, "seed": args.seed, "sentences": len(sents)},
        "abai": {"lemma": _pct(am, an), "words": an, "lemma_text_in_training": _pct(am_full, an),
                 "ktb_sentences_held_out": sum(i.startswith(ABAI_SENT_ID) for i in ids)},
        "baselines": {"identity": _pct(ident, n), "hunspell": hun,
                      "abai_identity": _pct(a_ident, an), "abai_hunspell": a_hun},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    fmt = lambda v: "unavailable" if v is None else f"{v:.2f}"  # noqa: E731
    print(f"Kazakh lemma / UPOS accuracy (%), non-PUNCT words, case-insensitive lemmas")
    print(f"{'data':<34}{'words':>7}{'ours lemma':>12}{'ours UPOS':>11}{'identity':>10}{'hunspell':>13}")
    print(f"{'KTB ' + str(args.folds) + '-fold jack-knife':<34}{n:>7}{result['ktb_jackknife']['lemma']:>12.2f}"
          f"{result['ktb_jackknife']['upos']:>11.2f}{result['baselines']['identity']:>10.2f}{fmt(hun):>13}")
    print(f"{'  of which unseen forms':<34}{oov:>7}{result['ktb_jackknife']['lemma_oov']:>12.2f}")
    print(f"{'Abai, 25th Word (held out of KTB)':<34}{an:>7}{result['abai']['lemma']:>12.2f}{'—':>11}"
          f"{result['baselines']['abai_identity']:>10.2f}{fmt(a_hun):>13}")
    print(f"{'  shipped model (text in training)':<34}{an:>7}{result['abai']['lemma_text_in_training']:>12.2f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
