"""Corpus-level tracking: «откочевка» on the demo corpus, type-level helpers, the HTML report, planted shift."""
from __future__ import annotations

import json

import numpy as np
import pytest

from corpus_tools.terms.clusters import cluster_usages, label_clusters
from corpus_tools.terms.space import ContextSpace
from corpus_tools.terms.synthetic import Plant, plant_documents
from corpus_tools.terms.track import TrackError, track, tracking_summary
from corpus_tools.terms.typelevel import align, local_neighbourhood_distance, nearest

from conftest import shared_data

#: Context words of the two uses of «откочевка» (the domain primer, ../shared/DOMAIN.md).
SEASONAL = {"пастбище", "джайляу", "жайляу", "летовка", "зимовка", "летний", "весенний", "кочевой", "осенний"}
FLIGHT = {"кордон", "китай", "граница", "агитация", "агитатор", "организатор", "бай", "байский", "бегство",
          "кулацкий", "перегиб", "азия", "справка"}
DEMO_PERIODS = "1912-1928,1929-1933"


@pytest.fixture(scope="module")
def otkochevka(demo_corpus):
    return track(demo_corpus, "term:otkochevka", periods=DEMO_PERIODS, n_permutations=300, n_bootstrap=100)


def _share(result, words: set[str], period: str) -> float:
    ids = [c for c, top in zip(result.clusters["cluster"], result.clusters["top_lemmas"]) if set(top[:8]) & words]
    s = result.cluster_shares
    return float(s[(s["period"] == period) & s["cluster"].isin(ids)]["share"].sum())


def test_otkochevka_moves_from_seasonal_to_flight_cluster(otkochevka):
    r = otkochevka
    early, late = r.periods
    # 98% with ru-pymorphy-v7, where the pre-1918 words with і have Russian lemmas (84% with v5 and v6, 76% with v4,
    # 86% with v3; 50 usages): the early
    # period is mostly the seasonal sense, the later one mostly not
    assert _share(r, SEASONAL, early) >= 0.7
    assert _share(r, SEASONAL, late) <= 0.4
    # later usages sit in the other clusters, and a flight/incitement cluster appears
    assert 1 - _share(r, SEASONAL, late) >= 0.6
    assert _share(r, FLIGHT - SEASONAL, early) <= 0.1 < _share(r, FLIGHT - SEASONAL, late)
    s = r.shift.iloc[0]
    assert s["p_value"] < 0.01
    assert s["ci_low"] <= s["change"] <= s["ci_high"]


def test_frequency_table_matches_hits(otkochevka, demo_corpus):
    f = otkochevka.frequency
    assert list(f["period"]) == DEMO_PERIODS.split(",")
    assert f["hits"].sum() == len(otkochevka.usages)
    assert ((f["pm_low"] <= f["per_million"]) & (f["per_million"] <= f["pm_high"])).all()
    assert otkochevka.shift.iloc[0]["pm_later"] == pytest.approx(f["per_million"].iloc[1])


def test_examples_and_json(otkochevka):
    ex = otkochevka.examples
    assert (ex.groupby("cluster").size() <= 3).all()
    assert ex["match"].str.lower().str.contains("коч").all()
    data = json.loads(otkochevka.to_json())
    assert set(otkochevka.TABLES) <= set(data)
    # type-level change is skipped with a note on a corpus this small
    assert any("type-level" in n for n in data["notes"])


def test_substitutes_include_flight_concept(otkochevka):
    s = otkochevka.substitutes
    late = s[(s["kind"] == "concept") & (s["period"] == "1929-1933")]
    top = late.sort_values("similarity", ascending=False)["candidate"].head(6).tolist()
    assert "term:otkochevka_za_kordon" in top or "term:kulak_bai_agitatsiya" in top


def test_plain_query_target_and_errors(demo_corpus):
    r = track(demo_corpus, "откоч*", periods=DEMO_PERIODS, n_permutations=200, n_bootstrap=0, substitutes=False,
              type_level=False)
    assert r.frequency["hits"].sum() >= 200
    with pytest.raises(TrackError, match="at least two periods"):
        track(demo_corpus, "откоч*", periods="1912-1933")


def test_tracking_summary_lines(demo_corpus):
    text = tracking_summary(demo_corpus, n_permutations=200)
    assert "permutation p =" in text and "sense 1" in text


def test_track_html_is_self_contained(otkochevka, demo_corpus):
    from corpus_tools.report.record import make_record
    from corpus_tools.report.track_html import track_html

    page = track_html(otkochevka, record=make_record("track", {"target": "term:otkochevka"}, demo_corpus))
    assert page.startswith("<!DOCTYPE html>")
    assert "data:image/png;base64," in page
    assert "How to read this report" in page and "p_value" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "<script" not in page


# --------------------------------------------------------------------------- building blocks
def test_cluster_usages_finds_two_groups():
    rng = np.random.default_rng(0)
    a = rng.normal([1, 0, 0], 0.05, (20, 3))
    b = rng.normal([0, 1, 0], 0.05, (12, 3))
    x = np.vstack([a, b])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    labels, k, sil = cluster_usages(x, seed=0)
    assert k == 2 and sil > 0.5
    assert (labels[:20] == 0).all() and (labels[20:] == 1).all()      # numbered by size


def test_cluster_usages_too_few():
    labels, k, sil = cluster_usages(np.eye(3), seed=0)
    assert k == 1 and (labels == 0).all() and sil != sil


def test_label_clusters_log_ratio():
    ctx = [["пастбище", "аул"]] * 4 + [["кордон", "аул"]] * 4
    tops = label_clusters(ctx, np.array([0] * 4 + [1] * 4))
    assert tops[0][0][0] == "пастбище" and tops[1][0][0] == "кордон"


def _space(texts, seed=0):
    return ContextSpace(dims=8, window=2, seed=seed).fit(texts)


def test_procrustes_recovers_a_rotation():
    rng = np.random.default_rng(1)
    words = [f"w{k}" for k in range(30)]
    texts = [list(rng.choice(words, 8)) for _ in range(400)]
    a = _space(texts)
    b = _space(texts)
    q, _ = np.linalg.qr(rng.normal(size=(a.dims_, a.dims_)))
    b.vectors_ = a.vectors_ @ q
    R, shared = align(a, b)
    assert np.allclose(a.vectors_ @ R, b.vectors_, atol=1e-6)
    assert local_neighbourhood_distance(a, b, "w0") == pytest.approx(0.0, abs=1e-9)
    assert nearest(a, "w0", k=3)[0][0] != "w0"


def test_plant_documents_counts():
    docs = [{"year": 1929, "text": "Крестьяне и крестьянам завод."}, {"year": 1932, "text": "Завод, заводы; крестьянин."}]
    out, counts = plant_documents(docs, [Plant("xp", ("крестьян",), ("завод",))], split_year=1931)
    assert out[0]["text"] == "xp и xp завод." and out[1]["text"] == "xp, xp; крестьянин."
    assert counts["xp"] == {"early": 2, "late": 2}


# --------------------------------------------------------------------------- planted change on real text
STEMS = ("крестьян", "завод", "колхоз", "хлеб", "промышленност")


def test_planted_shift_ranks_above_controls(tmp_path):
    folder = shared_data("corpora", "stalin_works_ruts", "extracted", "volume_11")
    import corpus_tools as ct
    from corpus_tools.terms.shift import standardise_across

    docs = []
    for v in ("volume_11", "volume_12", "volume_13"):
        for f in sorted((folder.parent / v).iterdir()):
            lines = f.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
            head = dict(line.split(":", 1) for line in lines[:7] if ":" in line)
            # keep the paragraphs that contain a planted or control word (keeps the test fast)
            text = "\n".join(p for p in lines[8:] if any(s in p.lower() for s in STEMS))
            docs.append({"id": f"{v}_{f.name}", "year": int(head["Year"]), "text": text})
    plants = [Plant("xplant", ("крестьян",), ("завод",))] + [
        Plant(f"xctl{k}", (s,), (s,)) for k, s in enumerate(STEMS[2:])]
    planted, counts = plant_documents(docs, plants, split_year=1931)
    assert counts["xplant"]["early"] > 50 and counts["xplant"]["late"] > 20
    src = tmp_path / "docs.jsonl"
    src.write_text("\n".join(json.dumps({"id": d["id"], "date": str(d["year"]), "language": "ru",
                                         "text": d["text"]}, ensure_ascii=False) for d in planted),
                   encoding="utf-8")
    corpus = ct.build([src], tmp_path / "planted.corpus")
    rows, space = [], None
    for p in plants:
        r = track(corpus, f'[word="{p.pseudo}"]', periods="1928-1930,1931-1934", space=space, n_permutations=200,
                  n_bootstrap=0, type_level=False, substitutes=False, clusters=False)
        space = r.space
        rows.append(r.shift.iloc[0][["prt_change", "apd", "change", "p_value"]].to_dict())
    import pandas as pd

    df = pd.DataFrame(rows, index=[p.pseudo for p in plants])
    z = pd.Series(standardise_across(df), index=df.index)
    assert z.idxmax() == "xplant"
    assert df["change"].idxmax() == "xplant"
    assert df.loc["xplant", "p_value"] < 0.01
