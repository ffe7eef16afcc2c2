"""Dispersion (range, DP, DPnorm, Juilland's D) on Gries' (2008) toy corpus, hand-computed, and at the extremes."""
import math

import numpy as np
import pandas as pd
import pytest

from corpus_tools.stats import DISPERSION_MEASURES, StatisticsError, dispersion, dispersion_table

#: Gries' (2008) toy corpus: 50 one-letter tokens in five parts of 9, 10, 10, 10 and 11 tokens. The letter
#: «a» occurs 1, 2, 3, 4 and 5 times; Gries reports DP = 0.18 for it.
TOY_PARTS = ["bamnibeup", "basatbewqn", "bcagabesta", "baghabeaat", "bahaabeaxat"]
TOY_SIZES = [len(p) for p in TOY_PARTS]


def test_toy_corpus_is_as_described():
    assert TOY_SIZES == [9, 10, 10, 10, 11]
    assert [p.count("a") for p in TOY_PARTS] == [1, 2, 3, 4, 5]
    assert [p.count("b") for p in TOY_PARTS] == [2, 2, 2, 2, 2]


def test_gries_toy_item_a():
    r = dispersion([1, 2, 3, 4, 5], TOY_SIZES)
    # v = (1, 2, 3, 4, 5)/15 = (.0667, .1333, .2, .2667, .3333); s = (9, 10, 10, 10, 11)/50 = (.18, .2, .2, .2, .22)
    # |v − s| = (.1133, .0667, 0, .0667, .1133), sum .36 → DP = .36/2 = 0.18 (the value Gries 2008 reports)
    assert r["dp"] == pytest.approx(0.18)
    # DPnorm = DP/(1 − min s) = 0.18/(1 − 0.18) = 0.219512
    assert r["dp_norm"] == pytest.approx(0.18 / 0.82)
    # relative frequencies p = (1/9, 2/10, 3/10, 4/10, 5/11) = (.111111, .2, .3, .4, .454545), Σp = 1.465657
    # mean = 0.293131; Σ(p − mean)² = 0.0793274; population sd = √(0.0793274/5) = 0.125958
    # V = 0.125958/0.293131 = 0.429699; D = 1 − V/√(5 − 1) = 1 − 0.214850 = 0.785150
    assert r["juilland_d"] == pytest.approx(0.785150, abs=1e-6)
    assert r["range"] == 5


def test_gries_toy_item_b():
    r = dispersion([2, 2, 2, 2, 2], TOY_SIZES)
    # v = .2 each; |v − s| = (.02, 0, 0, 0, .02) → DP = 0.02; DPnorm = 0.02/0.82 = 0.024390
    assert r["dp"] == pytest.approx(0.02)
    assert r["dp_norm"] == pytest.approx(0.02 / 0.82)
    # p = (2/9, .2, .2, .2, 2/11); mean = 0.200808; population sd = √(0.00082114/5) = 0.0128152
    # V = 0.0638179 → D = 1 − 0.0638179/2 = 0.968091
    assert r["juilland_d"] == pytest.approx(0.968091, abs=1e-6)


EXTREMES = {
    # name: (freqs, sizes, range, dp, dp_norm, juilland_d)
    "even over equal parts": ([4, 4, 4, 4], [100] * 4, 4, 0.0, 0.0, 1.0),
    # all in one of 4 equal parts: ½(|1 − .25| + 3·.25) = 0.75; DPnorm = 0.75/(1 − .25) = 1; V = √3 → D = 0
    "one of four equal parts": ([8, 0, 0, 0], [100] * 4, 1, 0.75, 1.0, 0.0),
    # all in the smallest part (s = .1): ½(.9 + .9) = .9 → DPnorm = .9/.9 = 1
    "all in the smallest part": ([5, 0], [10, 90], 1, 0.9, 1.0, 0.0),
    # proportional to unequal sizes: DP = 0, every relative frequency = .05 → D = 1
    "proportional to sizes": ([1, 3, 6], [20, 60, 120], 3, 0.0, 0.0, 1.0),
}


@pytest.mark.parametrize("name", EXTREMES)
def test_extremes(name):
    freqs, sizes, rng, dp, dp_norm, d = EXTREMES[name]
    r = dispersion(freqs, sizes)
    assert r["range"] == rng
    assert r["dp"] == pytest.approx(dp, abs=1e-12)
    assert r["dp_norm"] == pytest.approx(dp_norm, abs=1e-12)
    assert r["juilland_d"] == pytest.approx(d, abs=1e-12)


def test_item_absent_and_single_part():
    r = dispersion([0, 0, 0], [10, 20, 30])
    assert r["range"] == 0 and all(math.isnan(r[k]) for k in ("dp", "dp_norm", "juilland_d"))
    one = dispersion([3], [100])
    assert one["dp"] == 0 and math.isnan(one["dp_norm"]) and math.isnan(one["juilland_d"])


def test_empty_parts_are_ignored():
    assert dispersion([1, 2, 3, 4, 5, 0], TOY_SIZES + [0]) == dispersion([1, 2, 3, 4, 5], TOY_SIZES)


def toy_long_table(skip_zero_rows: bool = True) -> pd.DataFrame:
    rows = []
    for i, text in enumerate(TOY_PARTS):
        for letter in sorted(set("".join(TOY_PARTS))):
            f = text.count(letter)
            if f or not skip_zero_rows:
                rows.append({"doc": f"p{i + 1}", "letter": letter, "n": f, "tokens": len(text)})
    return pd.DataFrame(rows)


def test_table_equals_one_item_function_for_every_letter():
    df = toy_long_table()
    out = dispersion_table(df, part="doc", item="letter", freq="n", size="tokens").set_index("letter")
    assert out.index.tolist() == sorted(out.index)
    assert (out["parts"] == 5).all()
    for letter, row in out.iterrows():
        expected = dispersion([p.count(letter) for p in TOY_PARTS], TOY_SIZES)
        assert row["freq"] == sum(p.count(letter) for p in TOY_PARTS)
        for name in DISPERSION_MEASURES:
            assert row[name] == pytest.approx(expected[name], nan_ok=True), (letter, name)
    assert out.loc["a", "dp"] == pytest.approx(0.18)


def test_table_with_zero_rows_equals_sparse_table():
    sparse = dispersion_table(toy_long_table(), part="doc", item="letter", freq="n", size="tokens")
    dense = dispersion_table(toy_long_table(False), part="doc", item="letter", freq="n", size="tokens")
    pd.testing.assert_frame_equal(sparse, dense)


def test_part_sizes_add_parts_without_the_items():
    df = pd.DataFrame({"doc": ["d1", "d2"], "lemma": ["кулак", "кулак"], "n": [3, 1], "tokens": [100, 100]})
    out = dispersion_table(df, part="doc", item="lemma", freq="n", size="tokens",
                           part_sizes={"d1": 100, "d2": 100, "d3": 200}).iloc[0]
    expected = dispersion([3, 1, 0], [100, 100, 200])
    assert out["parts"] == 3 and out["range"] == 2
    assert out["dp"] == pytest.approx(expected["dp"])
    # v = (.75, .25, 0), s = (.25, .25, .5): ½(.5 + 0 + .5) = 0.5
    assert out["dp"] == pytest.approx(0.5)


def test_duplicate_rows_are_summed():
    df = pd.DataFrame({"doc": ["d1", "d1", "d2"], "lemma": ["кулак"] * 3, "n": [1, 2, 1], "tokens": [100] * 3})
    out = dispersion_table(df, part="doc", item="lemma", freq="n", size="tokens").iloc[0]
    assert out["freq"] == 4 and out["dp"] == pytest.approx(dispersion([3, 1], [100, 100])["dp"])


def test_many_items_match_loop():
    rng = np.random.default_rng(3)
    sizes = rng.integers(50, 500, 40)
    freqs = rng.poisson(rng.gamma(0.5, 2, size=(30, 1)) * sizes / 100)
    rows = [{"doc": j, "item": f"w{i:02d}", "f": freqs[i, j], "w": sizes[j]}
            for i in range(30) for j in range(40) if freqs[i, j] > 0]
    out = dispersion_table(pd.DataFrame(rows), part="doc", item="item", freq="f", size="w",
                           part_sizes=dict(enumerate(sizes)))
    for i, row in out.iterrows():
        expected = dispersion(freqs[int(row["item"][1:])], sizes)
        for name in DISPERSION_MEASURES:
            assert row[name] == pytest.approx(expected[name], nan_ok=True)


BAD = {
    "length mismatch": (([1, 2], [10]), "same length"),
    "occurrences in empty part": (([1, 2], [0, 10]), "size 0 has occurrences"),
    "negative": (([-1, 2], [10, 10]), "negative counts"),
    "no tokens": (([0], [0]), "hold no tokens"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_raises(name):
    args, message = BAD[name]
    with pytest.raises(StatisticsError, match=message):
        dispersion(*args)


def test_table_rejects_two_sizes_for_one_part():
    df = pd.DataFrame({"doc": ["d1", "d1"], "lemma": ["a", "b"], "n": [1, 1], "tokens": [10, 11]})
    with pytest.raises(StatisticsError, match="more than one size"):
        dispersion_table(df, part="doc", item="lemma", freq="n", size="tokens")


def test_table_rejects_part_missing_from_part_sizes():
    df = pd.DataFrame({"doc": ["d1", "d9"], "lemma": ["a", "a"], "n": [1, 1], "tokens": [10, 10]})
    with pytest.raises(StatisticsError, match="'d9' is missing from part_sizes"):
        dispersion_table(df, part="doc", item="lemma", freq="n", size="tokens", part_sizes={"d1": 10, "d2": 5})
