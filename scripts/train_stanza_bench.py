#!/usr/bin/env python
"""Train a local Russian stanza pipeline (tokenizer, POS tagger, seq2seq lemmatizer) for the benchmark (issue 6).

No stanza model can be downloaded here, so the stanza row of ``scripts/bench_annotate.py`` needs one trained
offline. This script trains, with stanza's own training entry points (``stanza.models.tokenizer``,
``stanza.models.tagger``, ``stanza.models.lemmatizer``) and their default architectures, a model folder that
``stanza.Pipeline(lang="ru", dir=OUT, download_method=None, ...)`` and
:class:`corpus_tools.annotate.stanza_backend.StanzaAnnotator` load::

    OUT/resources.json           {} (the backend and Pipeline only need it to exist)
    OUT/ru/tokenize/bench.pt     neural character tokenizer + sentence splitter (stanza defaults)
    OUT/ru/pretrain/bench.pt     100-d word vectors built here (PPMI + SVD on the training text)
    OUT/ru/pos/bench.pt          BiLSTM tagger (UPOS, XPOS, UFeats; word + character model + the vectors above)
    OUT/ru/lemma/bench.pt        stanza's default lemmatizer: dictionaries + character seq2seq with the edit
                                 classifier (not ``--dict_only``)
    OUT/TRAINING.json            command, data, step/epoch counts, times and held-out scores

Data: the *dev* files of UD_Russian-GSD, -Taiga and -Poetry only (never the test files); the last
``--holdout`` share of each file's sentences is held out to report accuracy, the rest is trained on. UD files are
CC BY-SA 4.0; the model folder is written outside the repository (default ``~/.cache/corpus_tools/stanza_ru_bench``)
and is never shipped with the package.

What differs from the model a stanza user downloads for Russian (``ru`` default package: SynTagRus tokenizer,
tagger and lemmatizer with the ``conll17`` word vectors and the ``newswiki`` character language model): far less
training data and steps (so lower accuracy) and, unless ``--charlm`` is given, no character language model
(the downloaded tagger and lemmatizer use one; it adds inference cost, so without it this pipeline is *faster*
than the real one — a conservative baseline for a speed comparison). The dependency parser and NER of the full
default pipeline are not trained (a lemmatization comparison does not need them).

Usage:
    python scripts/train_stanza_bench.py [--out DIR] [--lemma-epochs N] [--tokenizer-steps N] [--pos-steps N]
                                         [--charlm] [--threads N]
"""
from __future__ import annotations

import argparse
import io
import json
import logging
import sys
import tempfile
import time
from collections import Counter
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
UD = ROOT / ".." / "shared" / "data" / "ud"
DEFAULT_OUT = Path.home() / ".cache" / "corpus_tools" / "stanza_ru_bench"
#: Treebank folder -> dev file (test files are never read).
TREEBANKS = {
    "UD_Russian-GSD": "ru_gsd-ud-dev.conllu",
    "UD_Russian-Taiga": "ru_taiga-ud-dev.conllu",
    "UD_Russian-Poetry": "ru_poetry-ud-dev.conllu",
}
PACKAGE = "bench"
SHORTHAND = "ru_bench"


# ---------------------------------------------------------------------------------------------------- data

def split_dev_files(ud: Path, holdout: float) -> tuple[list[str], list[str]]:
    """Sentence blocks of the dev files: (train, held out) — the last ``holdout`` share of each file is held out."""
    train, held = [], []
    for folder, name in TREEBANKS.items():
        path = ud / folder / name
        blocks = [b for b in path.read_text(encoding="utf-8").strip().split("\n\n") if b.strip()]
        cut = len(blocks) - max(1, round(len(blocks) * holdout))
        train += blocks[:cut]
        held += blocks[cut:]
    return train, held


def write_conllu(blocks: list[str], path: Path) -> Path:
    path.write_text("\n\n".join(blocks) + "\n\n", encoding="utf-8")
    return path


def sentence_words(blocks: list[str]) -> list[list[list[str]]]:
    """Word rows (10 columns) per sentence, multi-word token and empty-node lines dropped."""
    out = []
    for block in blocks:
        rows = [line.split("\t") for line in block.split("\n") if line and not line.startswith("#")]
        out.append([r for r in rows if r[0].isdigit()])
    return out


# ---------------------------------------------------------------------------------------------- word vectors

def write_vectors(sentences: list[list[str]], path: Path, *, dim: int = 100, window: int = 2,
                  contexts: int = 1000) -> int:
    """Word vectors for the tagger's pretrain file: truncated SVD of the PPMI word-context matrix.

    Rows: every lower-cased word of ``sentences``; columns: the ``contexts`` most frequent words within
    ``window`` positions. Written in word2vec text format; returns the number of words.

    References
    ----------
    Levy, O., Goldberg, Y., & Dagan, I. (2015). Improving distributional similarity with lessons learned from
    word embeddings. TACL 3, 211-225.
    """
    import numpy as np

    counts = Counter(w for s in sentences for w in s)
    words = [w for w, _ in counts.most_common()]
    row = {w: i for i, w in enumerate(words)}
    col = {w: i for i, w in enumerate(words[:contexts])}
    m = np.zeros((len(words), len(col)), dtype=np.float64)
    for s in sentences:
        for i, w in enumerate(s):
            for j in range(max(0, i - window), min(len(s), i + window + 1)):
                if j != i and (c := col.get(s[j])) is not None:
                    m[row[w], c] += 1.0
    total = m.sum()
    pw = m.sum(axis=1, keepdims=True)
    pc = m.sum(axis=0, keepdims=True) ** 0.75          # context distribution smoothing (Levy et al. 2015)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(m * pc.sum() / (pw * pc)) if total else m
    ppmi = np.nan_to_num(np.maximum(pmi, 0.0), nan=0.0, posinf=0.0, neginf=0.0)
    # truncated SVD through the small Gram matrix: ppmi = U S V^T, so U S^(1/2) = ppmi V S^(-1/2)
    eigval, eigvec = np.linalg.eigh(ppmi.T @ ppmi)
    top = np.argsort(eigval)[::-1][:dim]
    sing = np.sqrt(np.maximum(eigval[top], 1e-12))
    vec = (ppmi @ eigvec[:, top]) / np.sqrt(sing)
    k = vec.shape[1]
    if k < dim:
        vec = np.hstack([vec, np.zeros((len(words), dim - k))])
    vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)
    with path.open("w", encoding="utf-8") as f:
        f.write(f"{len(words)} {dim}\n")
        for w, v in zip(words, vec):
            f.write(w.replace(" ", "\xa0") + " " + " ".join(f"{x:.5f}" for x in v) + "\n")
    return len(words)


# ------------------------------------------------------------------------------------------------ training

def _run(fn, argv: list[str], verbose: bool):
    """Call a stanza training ``main(argv)`` with its logging and prints silenced unless ``verbose``."""
    log = logging.getLogger("stanza")
    level = log.level
    if not verbose:
        log.setLevel(logging.WARNING)
    try:
        if verbose:
            return fn(argv)
        with redirect_stdout(io.StringIO()):
            return fn(argv)
    finally:
        log.setLevel(level)


def train_charlm(out: Path, train_txt: Path, dev_txt: Path, *, epochs: int, hidden: int,
                 verbose: bool) -> dict[str, Path]:
    from stanza.models import charlm

    files = {}
    for direction in ("forward", "backward"):
        save = out / "ru" / f"{direction}_charlm" / f"{PACKAGE}.pt"
        save.parent.mkdir(parents=True, exist_ok=True)
        _run(charlm.main, ["--train_file", str(train_txt), "--eval_file", str(dev_txt), "--shorthand", SHORTHAND,
                           "--direction", direction, "--epochs", str(epochs), "--char_hidden_dim", str(hidden),
                           "--cutoff", "2", "--eval_steps", "-1", "--save_dir", str(save.parent),
                           "--save_name", save.name, "--no_checkpoint", "--mode", "train"], verbose)
        files[direction] = save
    return files


def charlm_args(files: dict[str, Path] | None) -> list[str]:
    if not files:
        return []
    return ["--charlm", "--charlm_shorthand", SHORTHAND, "--charlm_forward_file", str(files["forward"]),
            "--charlm_backward_file", str(files["backward"])]


def build_pretrain(work: Path, out: Path, train_blocks: list[str], *, verbose: bool) -> tuple[Path, int]:
    from stanza.models.common.pretrain import Pretrain

    sentences = [[r[1].lower() for r in s] for s in sentence_words(train_blocks)]
    vec = work / "vectors.txt"
    n = write_vectors(sentences, vec)
    save = out / "ru" / "pretrain" / f"{PACKAGE}.pt"
    save.parent.mkdir(parents=True, exist_ok=True)
    if save.exists():
        save.unlink()
    _run(lambda _: Pretrain(str(save), str(vec)).load(), [], verbose)     # reads the text vectors, writes the .pt
    return save, n


def train_tagger(work: Path, out: Path, train: Path, dev: Path, pretrain: Path, *, steps: int, batch: int,
                 charlm: dict[str, Path] | None, verbose: bool) -> Path:
    from stanza.models import tagger

    save = out / "ru" / "pos" / f"{PACKAGE}.pt"
    save.parent.mkdir(parents=True, exist_ok=True)
    _run(tagger.main, [
        "--train_file", str(train), "--eval_file", str(dev), "--output_file", str(work / "pos_pred.conllu"),
        "--wordvec_pretrain_file", str(pretrain), "--lang", "ru", "--shorthand", SHORTHAND, "--mode", "train",
        "--max_steps", str(steps), "--batch_size", str(batch), "--eval_interval", str(min(steps, max(50, steps // 4))),
        "--fix_eval_interval",
        "--save_dir", str(save.parent), "--save_name", save.name, *charlm_args(charlm),
    ], verbose)
    return save


def train_lemmatizer(work: Path, out: Path, train: Path, dev: Path, *, epochs: int,
                     charlm: dict[str, Path] | None, verbose: bool) -> Path:
    from stanza.models import lemmatizer

    save = out / "ru" / "lemma" / f"{PACKAGE}.pt"
    save.parent.mkdir(parents=True, exist_ok=True)
    _run(lemmatizer.main, [
        "--train_file", str(train), "--eval_file", str(dev), "--output_file", str(work / "lemma_pred.conllu"),
        "--shorthand", SHORTHAND, "--mode", "train", "--num_epoch", str(epochs),
        "--save_dir", str(save.parent), "--save_name", save.name, *charlm_args(charlm),
    ], verbose)
    return save


# -------------------------------------------------------------------------------------------------- scores

def _spans(forms: list[str]) -> set[tuple[int, int]]:
    """Token spans over the text with all whitespace removed (to compare tokenizations of the same text)."""
    spans, pos = set(), 0
    for f in forms:
        n = len("".join(f.split()))
        spans.add((pos, pos + n))
        pos += n
    return spans


def score(out: Path, held_blocks: list[str], held_txt: Path, models: dict[str, Path]) -> dict:
    """Held-out scores: UPOS and lemma accuracy on gold tokens, token and sentence F1 from raw text."""
    import stanza

    gold = sentence_words(held_blocks)
    kw = {f"{k}_model_path": str(v) for k, v in models.items() if k in ("tokenize", "pos", "lemma")}
    if "pos" in models:
        kw["pos_pretrain_path"] = str(models["pretrain"])
    for direction in ("forward", "backward"):
        if f"{direction}_charlm" in models:          # the tagger and lemmatizer store no charlm weights
            for proc in ("pos", "lemma"):
                kw[f"{proc}_{direction}_charlm_path"] = str(models[f"{direction}_charlm"])
    procs = "tokenize,pos,lemma" if "pos" in models else "tokenize,lemma"
    common = dict(lang="ru", dir=str(out), download_method=None, use_gpu=False, logging_level="ERROR",
                  allow_unknown_language=True)
    nlp = stanza.Pipeline(processors=procs, tokenize_pretokenized=True, **common,
                          **({} if "pos" in models else {"lemma_pretagged": True}), **kw)
    logging.getLogger("stanza").setLevel(logging.WARNING)        # its data loaders log every batch at DEBUG
    doc = nlp([[r[1] for r in s] for s in gold])
    pred = [w for s in doc.sentences for w in s.words]
    ref = [r for s in gold for r in s]
    res = {"held_out_sentences": len(gold), "held_out_words": len(ref),
           "lemma_acc": round(sum(p.lemma == r[2] for p, r in zip(pred, ref)) / len(ref), 4),
           "lemma_acc_folded": round(sum(_fold(p.lemma) == _fold(r[2]) for p, r in zip(pred, ref)) / len(ref), 4)}
    if "pos" in models:
        res["upos_acc"] = round(sum(p.upos == r[3] for p, r in zip(pred, ref)) / len(ref), 4)
    if "tokenize" in models:
        raw = stanza.Pipeline(processors="tokenize", **common, tokenize_model_path=str(models["tokenize"]))
        logging.getLogger("stanza").setLevel(logging.WARNING)
        doc = raw(held_txt.read_text(encoding="utf-8"))
        p_tok = _spans([t.text for s in doc.sentences for t in s.tokens])
        g_tok = _spans([r[1] for s in gold for r in s])
        p_sent = _sentence_spans([[t.text for t in s.tokens] for s in doc.sentences])
        g_sent = _sentence_spans([[r[1] for r in s] for s in gold])
        res["token_f1"] = round(_f1(p_tok, g_tok), 4)
        res["sentence_f1"] = round(_f1(p_sent, g_sent), 4)
    return res


def _fold(lemma: str | None) -> str:
    """Our lemma convention: lower case, ё -> е."""
    return (lemma or "").lower().replace("ё", "е")


def _sentence_spans(sentences: list[list[str]]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for s in sentences:
        n = sum(len("".join(f.split())) for f in s)
        out.add((pos, pos + n))
        pos += n
    return out


def _f1(pred: set, gold: set) -> float:
    tp = len(pred & gold)
    return 2 * tp / (len(pred) + len(gold)) if pred or gold else 1.0


# ---------------------------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"model folder (default {DEFAULT_OUT})")
    ap.add_argument("--ud", type=Path, default=UD, help="folder holding the UD_Russian-* treebanks")
    ap.add_argument("--holdout", type=float, default=0.1, help="share of each dev file held out for scores")
    ap.add_argument("--tokenizer-steps", type=int, default=1000, help="tokenizer training steps (0: no tokenizer)")
    ap.add_argument("--pos-steps", type=int, default=400, help="tagger training steps (0: no tagger)")
    ap.add_argument("--pos-batch", type=int, default=32, help="tagger batch size in sentences (stanza: 250)")
    ap.add_argument("--lemma-epochs", type=int, default=6, help="lemmatizer seq2seq epochs")
    ap.add_argument("--charlm", action="store_true", help="also train forward/backward character LMs and use "
                    "them in the tagger and lemmatizer, as stanza's downloaded Russian models do (slow)")
    ap.add_argument("--charlm-epochs", type=int, default=2)
    ap.add_argument("--charlm-hidden", type=int, default=1024, help="charlm hidden size (stanza default 1024)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 is faster than 2 on a busy 2-CPU machine)")
    ap.add_argument("--verbose", action="store_true", help="show stanza's training logs")
    args = ap.parse_args(argv)

    missing = [f for f, n in TREEBANKS.items() if not (args.ud / f / n).exists()]
    if missing:
        print(f"UD dev files not found under {args.ud}: {', '.join(missing)} — nothing trained")
        return 1
    if args.out.resolve().is_relative_to(ROOT.resolve()):
        print(f"--out {args.out} is inside the repository; the model must stay outside it")
        return 1
    import torch

    torch.set_num_threads(args.threads)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "resources.json").write_text("{}\n", encoding="utf-8")
    times: dict[str, float] = {}
    models: dict[str, Path] = {}
    t_all = time.perf_counter()

    def stage(name: str) -> float:
        print(f"[{time.perf_counter() - t_all:7.1f}s] {name} ...", flush=True)
        return time.perf_counter()

    train_blocks, held_blocks = split_dev_files(args.ud, args.holdout)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        train = write_conllu(train_blocks, work / "train.conllu")
        dev = write_conllu(held_blocks, work / "dev.conllu")
        from stanza.utils.datasets import conllu_to_text

        from corpus_tools.annotate.stanza_backend import train_tokenizer

        held_txt = work / "dev.txt"
        conllu_to_text.main([str(dev), str(held_txt)])
        train_txt = work / "train.txt"
        conllu_to_text.main([str(train), str(train_txt)])
        words = sum(len(s) for s in sentence_words(train_blocks))
        print(f"training data: {len(train_blocks):,} sentences / {words:,} words from the dev files of "
              f"{', '.join(TREEBANKS)}; held out: {len(held_blocks):,} sentences")

        charlm = None
        if args.charlm:
            t = stage(f"character LMs (forward + backward, {args.charlm_epochs} epochs, hidden {args.charlm_hidden})")
            charlm = train_charlm(out, train_txt, held_txt, epochs=args.charlm_epochs,
                                  hidden=args.charlm_hidden, verbose=args.verbose)
            times["charlm"] = time.perf_counter() - t
            models.update({f"{d}_charlm": p for d, p in charlm.items()})
        if args.tokenizer_steps > 0:
            t = stage(f"tokenizer ({args.tokenizer_steps} steps)")
            models["tokenize"] = train_tokenizer(train, dev, out, lang="ru", package=PACKAGE,
                                                 steps=args.tokenizer_steps, verbose=args.verbose)
            times["tokenize"] = time.perf_counter() - t
        if args.pos_steps > 0:
            t = stage("word vectors (PPMI + SVD) -> pretrain file")
            models["pretrain"], nvec = build_pretrain(work, out, train_blocks, verbose=args.verbose)
            times["pretrain"] = time.perf_counter() - t
            t = stage(f"POS tagger ({args.pos_steps} steps)")
            models["pos"] = train_tagger(work, out, train, dev, models["pretrain"], steps=args.pos_steps,
                                         batch=args.pos_batch, charlm=charlm, verbose=args.verbose)
            times["pos"] = time.perf_counter() - t
        t = stage(f"lemmatizer (dictionary + seq2seq with edit classifier, {args.lemma_epochs} epochs)")
        models["lemma"] = train_lemmatizer(work, out, train, dev, epochs=args.lemma_epochs, charlm=charlm,
                                           verbose=args.verbose)
        times["lemma"] = time.perf_counter() - t
        t = stage("held-out scores")
        scores = score(out, held_blocks, held_txt, models)
        times["score"] = time.perf_counter() - t
    total = time.perf_counter() - t_all
    info = {
        "command": "python scripts/train_stanza_bench.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "stanza": __import__("stanza").__version__, "torch": torch.__version__, "threads": args.threads,
        "data": {f: n for f, n in TREEBANKS.items()}, "data_licence": "CC BY-SA 4.0 (Universal Dependencies)",
        "train_sentences": len(train_blocks), "train_words": words, "holdout": args.holdout,
        "tokenizer_steps": args.tokenizer_steps, "pos_steps": args.pos_steps, "pos_batch": args.pos_batch,
        "lemma_epochs": args.lemma_epochs,
        "charlm": bool(charlm), "charlm_epochs": args.charlm_epochs if charlm else None,
        "pretrain_words": nvec if args.pos_steps > 0 else None,
        "models": {k: str(v.relative_to(out)) for k, v in models.items()},
        "seconds": {k: round(v, 1) for k, v in times.items()} | {"total": round(total, 1)},
        "held_out_scores": scores,
    }
    (out / "TRAINING.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"[{total:7.1f}s] done: {out}")
    for k, v in info["models"].items():
        print(f"  {k:18} {v:28} {(out / v).stat().st_size / 1e6:8.1f} MB")
    print("held-out scores: " + ", ".join(f"{k} {v}" for k, v in scores.items()))
    print("seconds: " + ", ".join(f"{k} {v}" for k, v in info["seconds"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
