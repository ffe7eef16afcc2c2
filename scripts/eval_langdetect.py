"""Sentence-level Russian vs Kazakh detection accuracy on the UD test files.

Sentences: the ``# text =`` lines of UD Kazakh KTB test (kk) and UD Russian GSD, Taiga, PUD and Poetry test
(ru). The headline set is the Cyrillic sentences (``detect_script(text) == "Cyrl"``); sentences in other
scripts (emoji, English replies in Taiga) are counted separately. A prediction of "mixed" or "und" is wrong.

Methods in the same run: ``corpus_tools`` (:func:`corpus_tools.normalize.langdetect.detect_language`),
the baseline "Kazakh iff the sentence has a Kazakh-specific letter (ә ғ қ ң ө ұ ү һ і)", and, when installed,
``lingua-language-detector`` restricted to Russian and Kazakh (a reference; no data download at run time).

Usage::

    python scripts/eval_langdetect.py [--data ../shared/data/ud] [--json PATH] [--errors N]

JSON keys: ``accuracy`` (per method, percent, Cyrillic sentences), ``accuracy_all`` (all sentences),
``per_language`` (method → language → percent), ``n`` (sentence counts), ``errors`` (our misclassified
Cyrillic sentences).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_tools.normalize.langdetect import KK_LETTERS, detect_language, detect_script  # noqa: E402

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "ud"
TEST_FILES = {
    "kk": ["UD_Kazakh-KTB/kk_ktb-ud-test.conllu"],
    "ru": [
        "UD_Russian-GSD/ru_gsd-ud-test.conllu",
        "UD_Russian-Taiga/ru_taiga-ud-test.conllu",
        "UD_Russian-PUD/ru_pud-ud-test.conllu",
        "UD_Russian-Poetry/ru_poetry-ud-test.conllu",
    ],
}


def sentences(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line[len("# text = "):].strip() for line in f if line.startswith("# text = ")]


def baseline(text: str) -> str:
    """Kazakh iff the text has a Kazakh-specific letter."""
    return "kk" if any(ch in KK_LETTERS for ch in text.lower()) else "ru"


def lingua_method():
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    det = LanguageDetectorBuilder.from_languages(Language.RUSSIAN, Language.KAZAKH).build()
    codes = {Language.RUSSIAN: "ru", Language.KAZAKH: "kk"}

    def detect(text: str) -> str:
        return codes.get(det.detect_language_of(text), "und")

    return detect


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--errors", type=int, default=20, help="print up to N of our errors")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not available", file=sys.stderr)
        return 1
    items = [(lang, s) for lang, files in TEST_FILES.items() for f in files for s in sentences(args.data / f)]
    methods = {"corpus_tools": detect_language, "baseline_kk_letter": baseline}
    lingua = lingua_method()
    if lingua is not None:
        methods["lingua_ru_kk"] = lingua
    cyr = [(lang, s) for lang, s in items if detect_script(s) == "Cyrl"]
    n = {"cyrillic": {k: sum(lang == k for lang, _ in cyr) for k in TEST_FILES},
         "all": {k: sum(lang == k for lang, _ in items) for k in TEST_FILES}}
    acc, acc_all, per_lang = {}, {}, {}
    errors: list[dict] = []
    for name, fn in methods.items():
        preds_all = [fn(s) for _, s in items]
        ok_all = [p == lang for (lang, _), p in zip(items, preds_all)]
        ok = [o for (lang, s), o in zip(items, ok_all) if detect_script(s) == "Cyrl"]
        acc[name] = round(100 * sum(ok) / len(ok), 2)
        acc_all[name] = round(100 * sum(ok_all) / len(ok_all), 2)
        per_lang[name] = {}
        for k in TEST_FILES:
            sel = [o for (lang, s), o in zip(items, ok_all) if lang == k and detect_script(s) == "Cyrl"]
            per_lang[name][k] = round(100 * sum(sel) / len(sel), 2)
        if name == "corpus_tools":
            errors = [{"gold": lang, "pred": p, "text": s} for (lang, s), p, o in zip(items, preds_all, ok_all)
                      if not o and detect_script(s) == "Cyrl"]
    print(f"Cyrillic test sentences: kk {n['cyrillic']['kk']}, ru {n['cyrillic']['ru']} "
          f"(all scripts: kk {n['all']['kk']}, ru {n['all']['ru']})")
    print(f"{'method':<22}{'accuracy %':>12}{'kk %':>9}{'ru %':>9}{'all-scripts %':>15}")
    for name in methods:
        print(f"{name:<22}{acc[name]:>12.2f}{per_lang[name]['kk']:>9.2f}{per_lang[name]['ru']:>9.2f}"
              f"{acc_all[name]:>15.2f}")
    print(f"\ncorpus_tools errors on Cyrillic sentences: {len(errors)}")
    for e in errors[: args.errors]:
        print(f"  gold={e['gold']} pred={e['pred']}  {e['text'][:90]}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"accuracy": acc, "accuracy_all": acc_all, "per_language": per_lang,
                                         "n": n, "errors": errors}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
