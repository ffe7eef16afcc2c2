"""Synthetic-shift evaluation of ``track`` on real text: Stalin's works 1928–1934 with planted pseudo-words.

For each planted pseudo-word (one word before the split year, another — or the first merged with another —
from it on) and a set of control pseudo-words (the same word throughout), the corpus is built, ``track``
measures every pseudo-word between the two periods, and the planted one should rank first. Reported per
scenario: the planted word's rank among planted + controls by the usage-level change (raw and z-scored across
the words), by the permutation p-value and by type-level (Procrustes) distance; frequency change beside them.

Baseline in the same run: the rank by frequency change |log(pm_later / pm_earlier)| (a planted replacement
also changes frequency, so frequency alone may find it; the question is whether meaning measures do without it).

Usage::

    python scripts/eval_shift_synthetic.py [--json PATH] [--permutations 500]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import corpus_tools as ct  # noqa: E402
from corpus_tools.terms.shift import standardise_across  # noqa: E402
from corpus_tools.terms.synthetic import Plant, plant_documents, shuffle_years  # noqa: E402
from corpus_tools.terms.track import track  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "corpora" / "stalin_works_ruts" / "extracted"
PERIODS = "1928-1930,1931-1934"
SPLIT_YEAR = 1931
CONTROLS = ("колхоз", "парти", "рабоч", "хлеб", "промышленност", "кулак")

#: (name, kind, early stems, late stems, role). "select": the scenarios the measure was chosen on;
#: "confirm": added afterwards by a frequency rule only (replace: the later word has ≥ 50 later hits; merge: the
#: added word has at least half as many later hits as the first), and not used to choose anything.
SCENARIOS = [
    ("крестьян→завод", "replace", ("крестьян",), ("завод",), "select"),
    ("класс→машин", "replace", ("класс",), ("машин",), "select"),
    ("оппозиц→деревн", "replace", ("оппозиц",), ("деревн",), "select"),
    ("крестьян+завод", "merge", ("крестьян",), ("крестьян", "завод"), "select"),
    ("класс+машин", "merge", ("класс",), ("класс", "машин"), "select"),
    ("капитал→пятилет", "replace", ("капитал",), ("пятилет",), "confirm"),
    ("ленин→техник", "replace", ("ленин",), ("техник",), "confirm"),
    ("социализм→план", "replace", ("социализм",), ("план",), "confirm"),
    ("революци+пятилет", "merge", ("революци",), ("революци", "пятилет"), "confirm"),
    ("план+техник", "merge", ("план",), ("план", "техник"), "confirm"),
    ("социализм+трактор", "merge", ("социализм",), ("социализм", "трактор"), "confirm"),
]
#: Period assignments: the documents' real years, and years permuted among documents (no real change between
#: the periods, so the controls are unchanged; Dubossarsky et al. 2017).
SETTINGS = ("real", "shuffled")
#: The chosen ranking measure: z-scored usage-level change and type-level distance, averaged across the words.
COMBINED = ("change", "type_cosine_distance")


def load_docs(folder: Path = DATA, volumes: tuple[int, ...] = (11, 12, 13)) -> list[dict]:
    """Documents of the extracted volumes: ``id``, ``year``, ``text`` (7 header lines and a blank line dropped)."""
    docs = []
    for v in volumes:
        for f in sorted((folder / f"volume_{v}").iterdir(), key=lambda p: int(p.name) if p.name.isdigit() else 0):
            lines = f.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
            head = dict(line.split(":", 1) for line in lines[:7] if ":" in line)
            docs.append({"id": f"v{v}_{f.name}", "year": int(head["Year"].strip()),
                         "text": "\n".join(lines[8:])})
    return docs


def build(docs: list[dict], out: Path):
    src = out.parent / "docs.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"id": d["id"], "date": str(d["year"]), "language": "ru", "text": d["text"]},
                                ensure_ascii=False) + "\n")
    return ct.build([src], out)


def run_scenario(docs: list[dict], plant: Plant, controls: list[Plant], workdir: Path, *, n_permutations: int,
                 type_level: bool, seed: int = 0) -> pd.DataFrame:
    planted, counts = plant_documents(docs, [plant, *controls], split_year=SPLIT_YEAR)
    corpus = build(planted, workdir / f"{plant.pseudo}.corpus")
    rows, space = [], None
    for p in [plant, *controls]:
        r = track(corpus, f'[word="{p.pseudo}"]', periods=PERIODS, space=space, n_permutations=n_permutations,
                  n_bootstrap=0, type_level=type_level, substitutes=False, clusters=False, seed=seed)
        space = r.space
        s = r.shift.iloc[0]
        rows.append({"pseudo": p.pseudo, "planted": p.planted, "early": "+".join(p.early), "late": "+".join(p.late),
                     "n_earlier": s["n_earlier"], "n_later": s["n_later"], "prt_change": s["prt_change"],
                     "apd": s["apd"], "change": s["change"], "p_value": s["p_value"],
                     "type_cosine_distance": s["type_cosine_distance"],
                     "type_local_neighbourhood": s["type_local_neighbourhood"],
                     "freq_log_ratio": abs(np.log(s["pm_later"] / s["pm_earlier"]))})
    df = pd.DataFrame(rows)
    df["combined_z"] = standardise_across(df)
    df["combined"] = standardise_across(df, COMBINED)
    return df


def rank_of_planted(df: pd.DataFrame, col: str, ascending: bool = False) -> int:
    """Pessimistic rank: 1 + the number of controls scoring as high as the planted word or higher (ties count
    against it; a missing value ranks last)."""
    v = df[col].astype(float)
    p = v[df["planted"]].iloc[0]
    if p != p:
        return len(df)
    others = v[~df["planted"]]
    worse_or_tie = (others <= p) if ascending else (others >= p)
    return 1 + int(worse_or_tie.sum())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--permutations", type=int, default=200)
    ap.add_argument("--settings", default=",".join(SETTINGS), help="real, shuffled or both (comma-separated)")
    ap.add_argument("--no-type-level", action="store_true")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} not available", file=sys.stderr)
        return 0
    t0 = time.perf_counter()
    docs = load_docs()
    controls = [Plant(f"xctl{k}", (s,), (s,)) for k, s in enumerate(CONTROLS)]
    measures = [("combined", False), ("change", False), ("combined_z", False), ("p_value", True), ("type_cosine_distance", False),
                ("type_local_neighbourhood", False), ("freq_log_ratio", False)]
    results, tables = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for setting in args.settings.split(","):
            sdocs = shuffle_years(docs, seed=0) if setting == "shuffled" else docs
            for k, (name, kind, early, late, role) in enumerate(SCENARIOS):
                plant = Plant(f"xplant{k}", early, late)
                w = Path(tmp) / f"{setting}{k}"
                w.mkdir()
                df = run_scenario(sdocs, plant, controls, w, n_permutations=args.permutations,
                                  type_level=not args.no_type_level)
                ranks = {m: rank_of_planted(df, m, asc) for m, asc in measures}
                results.append({"setting": setting, "scenario": name, "kind": kind, "role": role, "n_words": len(df),
                                **{f"rank_{m}": r for m, r in ranks.items()},
                                "planted_p_value": float(df.loc[df["planted"], "p_value"].iloc[0]),
                                "controls_p_below_0.05": int((df.loc[~df["planted"], "p_value"] < 0.05).sum())})
                tables.append(df.assign(setting=setting, scenario=name))
                print(results[-1], flush=True)
    res = pd.DataFrame(results)
    pd.set_option("display.width", 200)
    print(f"Synthetic shift on Stalin's works vols 11-13 (periods {PERIODS}); rank of the planted pseudo-word "
          f"among it and {len(CONTROLS)} controls (1 = detected best)")
    print(res.to_string(index=False))
    summary = {f"{st}/{role}/{kind}": {m: float((g[f"rank_{m}"] == 1).mean()) for m, _ in measures}
               for (st, role, kind), g in res.groupby(["setting", "role", "kind"], sort=False)}
    print("share of scenarios with the planted word ranked first:")
    for key, v in summary.items():
        print(f"  {key:24s} " + ", ".join(f"{m} {x:.0%}" for m, x in v.items()))
    secs = round(time.perf_counter() - t0, 1)
    print(f"{secs} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "periods": PERIODS, "controls": list(CONTROLS), "scenarios": res.to_dict("records"),
            "share_ranked_first": summary, "per_word": pd.concat(tables).to_dict("records"), "seconds": secs,
        }, ensure_ascii=False, indent=1, default=float), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
