"""Association measures against NLTK's BigramAssocMeasures, scipy and hand-computed values.

The independent implementations get the same margins as ours: n_ii = O11, (n_ix, n_xi) = (R1, C1), n_xx = N.
"""
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from corpus_tools.errors import CorpusToolsError
from corpus_tools.stats import MEASURES, StatisticsError, association_measures, contingency

try:  # test-only dependency (the [test] extra); only the comparisons with NLTK need it
    from nltk.metrics.association import BigramAssocMeasures as BAM
except ImportError:  # pragma: no cover
    BAM = None
needs_nltk = pytest.mark.skipif(BAM is None, reason="nltk is not installed (pip install nltk)")

#: name -> (f, f1, f2, N, R1): window counts as collocates() would produce them (node «кулак», window 5+5,
#: so R1 ≈ 10·f1 minus windows cut at document edges).
TABLES = {
    "кулацкий strong, rare": (10, 20, 50, 10_000, 200),
    "борьба frequent": (40, 120, 900, 150_000, 1_180),
    "против attraction below chance": (2, 120, 3_000, 150_000, 1_180),
    "ликвидация single co-occurrence": (1, 7, 4, 500_000, 70),
    "и very frequent": (300, 2_000, 30_000, 1_000_000, 19_600),
    "середняк collocate only near node": (12, 60, 12, 80_000, 600),
}


def table(name: str) -> pd.DataFrame:
    f, f1, f2, N, R1 = TABLES[name]
    return pd.DataFrame({"collocate": [name], "f": [f], "f1": [f1], "f2": [f2], "N": [N], "R1": [R1]})


def scores(name: str) -> pd.Series:
    return association_measures(table(name)).iloc[0]


def nltk_args(name: str):
    f, _, f2, N, R1 = TABLES[name]
    return f, (R1, f2), N


@needs_nltk
@pytest.mark.parametrize("name", TABLES)
def test_mi_matches_nltk_pmi(name):
    assert scores(name)["mi"] == pytest.approx(BAM.pmi(*nltk_args(name)), rel=1e-12)


@needs_nltk
@pytest.mark.parametrize("name", TABLES)
def test_mi3_matches_nltk_mi_like(name):
    # NLTK's mi_like(power=3) = O11³ / (R1·C1) without the logarithm and without N; O11³/E11 = mi_like · N.
    N = TABLES[name][3]
    expected = math.log2(BAM.mi_like(*nltk_args(name), power=3)) + math.log2(N)
    assert scores(name)["mi3"] == pytest.approx(expected, rel=1e-12)


@needs_nltk
@pytest.mark.parametrize("name", TABLES)
def test_t_matches_nltk_student_t(name):
    assert scores(name)["t"] == pytest.approx(BAM.student_t(*nltk_args(name)), rel=1e-9)


@needs_nltk
@pytest.mark.parametrize("name", TABLES)
def test_g2_magnitude_matches_nltk_likelihood_ratio(name):
    assert abs(scores(name)["g2"]) == pytest.approx(BAM.likelihood_ratio(*nltk_args(name)), rel=1e-9)


@pytest.mark.parametrize("name", TABLES)
def test_g2_matches_scipy_log_likelihood(name):
    s = scores(name)
    observed = [[s["O11"], s["O12"]], [s["O21"], s["O22"]]]
    g2, *_ = chi2_contingency(observed, correction=False, lambda_="log-likelihood")
    assert abs(s["g2"]) == pytest.approx(g2, rel=1e-9)
    assert np.sign(s["g2"]) == np.sign(s["O11"] - s["E11"])


@needs_nltk
@pytest.mark.parametrize("name", TABLES)
def test_dice_matches_nltk(name):
    assert scores(name)["dice"] == pytest.approx(BAM.dice(*nltk_args(name)), rel=1e-12)


@needs_nltk
@pytest.mark.parametrize("name", TABLES)
def test_all_four_cells_match_nltk_chi_sq(name):
    # Pearson X² uses every observed and expected cell, so it checks the whole table, not just O11/E11.
    f, f1, f2, N, R1 = TABLES[name]
    t = contingency(f, f1, f2, N, R1).iloc[0]
    x2 = sum((t[f"O{ij}"] - t[f"E{ij}"]) ** 2 / t[f"E{ij}"] for ij in ("11", "12", "21", "22"))
    assert x2 == pytest.approx(BAM.chi_sq(*nltk_args(name)), rel=1e-9)


def test_hand_computed_values():
    # f = O11 = 10, f1 = 20, f2 = C1 = 50, N = 10 000, R1 = 200.
    # O12 = 200 − 10 = 190; O21 = 50 − 10 = 40; O22 = 10 000 − 200 − 50 + 10 = 9 760; R2 = 9 800.
    # E11 = R1·C1/N = 200·50/10 000 = 1.
    s = scores("кулацкий strong, rare")
    assert (s["O11"], s["O12"], s["O21"], s["O22"], s["E11"]) == (10, 190, 40, 9_760, 1.0)
    assert s["mi"] == pytest.approx(math.log2(10))            # log2(10/1) = 3.321928
    assert s["mi3"] == pytest.approx(math.log2(1000))         # log2(10³/1) = 9.965784
    assert s["t"] == pytest.approx(9 / math.sqrt(10))         # (10 − 1)/√10 = 2.846050
    assert s["z"] == pytest.approx(9.0)                       # (10 − 1)/√1
    assert s["dice"] == pytest.approx(0.08)                   # 2·10/(200 + 50)
    assert s["logdice"] == pytest.approx(12.192645, abs=1e-6)  # 14 + log2(2·10/(20 + 50)) = 14 − 1.807355
    assert s["log_ratio"] == pytest.approx(math.log2(12.25))   # log2((10/200)/(40/9 800)) = log2(0.05/0.0040816)
    assert s["delta_p"] == pytest.approx(0.0459184, abs=1e-7)  # 10/200 − 40/9 800 = 0.05 − 0.0040816
    assert s["min_sens"] == pytest.approx(0.05)               # min(10/200, 10/50) = min(0.05, 0.2)


def test_zero_cooccurrence_edges_without_warnings():
    # f = 0: the log and 1/√O11 measures are −inf; Log Ratio uses 0.5 for the zero O11:
    # log2((0.5/200)/(100/9 800)) = log2(0.0025/0.0102041) = log2(0.245) = −2.029146.
    df = pd.DataFrame({"f": [0], "f1": [20], "f2": [100], "N": [10_000], "R1": [200]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = association_measures(df).iloc[0]
    assert s["mi"] == s["mi3"] == s["logdice"] == s["t"] == -np.inf
    assert s["z"] == pytest.approx(-2 / math.sqrt(2))        # E11 = 200·100/10 000 = 2; (0 − 2)/√2
    assert s["g2"] < 0 and np.isfinite(s["g2"])
    assert s["dice"] == s["min_sens"] == 0.0
    assert s["log_ratio"] == pytest.approx(math.log2(0.245))
    assert s["delta_p"] == pytest.approx(-100 / 9_800)


def test_collocate_only_in_windows_has_finite_log_ratio():
    # O21 = 0 (the collocate never occurs outside the node windows): 0.5 replaces it.
    # log2((12/600)/(0.5/79 400)) = log2(0.02/6.2972e-6) = log2(3 176) = 11.633
    s = scores("середняк collocate only near node")
    assert s["O21"] == 0
    assert s["log_ratio"] == pytest.approx(math.log2((12 / 600) / (0.5 / 79_400)))


def test_empty_corpus_gives_nan_and_no_warnings():
    df = pd.DataFrame({"f": [0], "f1": [0], "f2": [0], "N": [0], "R1": [0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = association_measures(df).iloc[0]
    assert all(np.isnan(s[m]) for m in MEASURES)


def test_columns_and_copy():
    df = pd.concat([table(n) for n in TABLES], ignore_index=True)
    out = association_measures(df)
    assert list(out.columns) == [*df.columns, "O11", "O12", "O21", "O22", "E11", *MEASURES]
    assert "mi" not in df.columns                      # input untouched
    assert len(association_measures(df.iloc[:0])) == 0


def test_vectorised_equals_one_by_one():
    df = pd.concat([table(n) for n in TABLES], ignore_index=True)
    together = association_measures(df)[list(MEASURES)].to_numpy()
    alone = np.vstack([scores(n)[list(MEASURES)].to_numpy(dtype=float) for n in TABLES])
    np.testing.assert_allclose(together, alone)


def test_contingency_margins_add_up():
    t = contingency([10, 0], [20, 20], [50, 100], [10_000, 10_000], [200, 200])
    assert list(t.columns) == ["O11", "O12", "O21", "O22", "R1", "R2", "C1", "C2", "E11", "E12", "E21", "E22"]
    np.testing.assert_allclose(t[["O11", "O12", "O21", "O22"]].sum(axis=1), 10_000)
    np.testing.assert_allclose(t[["E11", "E12", "E21", "E22"]].sum(axis=1), 10_000)
    np.testing.assert_allclose(t["O11"] + t["O21"], t["C1"])


BAD_COUNTS = {
    "f above R1": ((300, 20, 500, 10_000, 200), "exceed the window tokens R1"),
    "f above f2": ((10, 20, 5, 10_000, 200), "exceed the collocate frequency f2"),
    "R1 above N": ((1, 20, 5, 100, 200), "do not fit into N"),
    "negative": ((-1, 20, 5, 10_000, 200), "negative counts"),
}


@pytest.mark.parametrize("name", BAD_COUNTS)
def test_inconsistent_counts_raise(name):
    counts, message = BAD_COUNTS[name]
    with pytest.raises(StatisticsError, match=message):
        contingency(*counts)


def test_missing_column_raises_library_error():
    with pytest.raises(CorpusToolsError, match="needs the columns R1"):
        association_measures(pd.DataFrame({"f": [1], "f1": [1], "f2": [1], "N": [10]}))
