"""Keyness against scipy's log-likelihood test, Rayson & Garside's two-cell formula and hand-computed values."""
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2, chi2_contingency

from corpus_tools.stats import StatisticsError, keyness, sidak_threshold

#: item -> (target_freq, reference_freq); target 1929–1933 (200 000 words) vs reference 1917–1927 (500 000).
N_TARGET, N_REFERENCE = 200_000, 500_000
ITEMS = {
    "колхоз": (420, 150),
    "раскулачивание": (60, 0),
    "кулак": (180, 460),
    "нэп": (5, 140),
    "партия": (800, 2_000),
    "съезд": (1, 2),
}


def items_df() -> pd.DataFrame:
    return pd.DataFrame({"item": list(ITEMS), "target_freq": [a for a, _ in ITEMS.values()],
                         "reference_freq": [b for _, b in ITEMS.values()]})


def scored() -> pd.DataFrame:
    return keyness(items_df(), N_target=N_TARGET, N_reference=N_REFERENCE).set_index("item")


@pytest.mark.parametrize("item", ITEMS)
def test_g2_matches_scipy_four_cell_log_likelihood(item):
    a, b = ITEMS[item]
    observed = [[a, N_TARGET - a], [b, N_REFERENCE - b]]
    g2, *_ = chi2_contingency(observed, correction=False, lambda_="log-likelihood")
    row = scored().loc[item]
    assert abs(row["g2"]) == pytest.approx(g2, rel=1e-9, abs=1e-9)
    assert row["p"] == pytest.approx(chi2.sf(g2, 1), rel=1e-6)


@pytest.mark.parametrize("item", ["колхоз", "кулак", "нэп", "партия"])
def test_g2_close_to_rayson_garside_two_cell_formula(item):
    # Rayson & Garside (2000): E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d), LL = 2(a ln(a/E1) + b ln(b/E2)).
    # It drops the two "other words" cells, which contribute little while a ≪ c and b ≪ d.
    a, b = ITEMS[item]
    c, d = N_TARGET, N_REFERENCE
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    ll = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert abs(scored().loc[item, "g2"]) == pytest.approx(ll, rel=0.01)


def test_sign_and_direction():
    s = scored()
    # колхоз: 420/200 000 = 2 100 pm vs 150/500 000 = 300 pm → positive; нэп: 25 pm vs 280 pm → negative.
    assert s.loc["колхоз", "g2"] > 0 and s.loc["колхоз", "direction"] == "positive"
    assert s.loc["нэп", "g2"] < 0 and s.loc["нэп", "direction"] == "negative"
    # партия: 800/200 000 = 2 000/500 000 → equal relative frequencies: G² = 0 and no direction.
    assert s.loc["партия", "g2"] == pytest.approx(0, abs=1e-9)
    assert s.loc["партия", "direction"] == "none" and not s.loc["партия", "significant"]


def test_hand_computed_effect_sizes():
    # a = 30 in c = 1 000 000, b = 10 in d = 1 000 000 → 30 pm vs 10 pm.
    df = pd.DataFrame({"item": ["бай"], "target_freq": [30], "reference_freq": [10]})
    r = keyness(df, N_target=1_000_000, N_reference=1_000_000).iloc[0]
    assert (r["target_pm"], r["reference_pm"]) == (30.0, 10.0)
    assert r["log_ratio"] == pytest.approx(math.log2(3))                 # log2(30/10) = 1.584963
    # SE = √(1/30 + 1/10) = 0.3651484; 1.959964 · SE = 0.7156777; ln 3 = 1.0986123
    # low = (1.0986123 − 0.7156777)/ln 2 = 0.552458; high = (1.0986123 + 0.7156777)/ln 2 = 2.617467
    assert r["log_ratio_ci_low"] == pytest.approx(0.552458, abs=1e-6)
    assert r["log_ratio_ci_high"] == pytest.approx(2.617467, abs=1e-6)
    assert r["simple_maths"] == pytest.approx(31 / 11)                   # (30 + 1)/(10 + 1) = 2.818182
    assert r["pct_diff"] == pytest.approx(200.0)                         # (30 − 10)·100/10
    # Two-cell LL for this table: 2(30 ln(30/20) + 10 ln(10/20)) = 2(12.163953 − 6.931472) = 10.464963;
    # the four-cell G² adds the "other words" cells: 10.465163 (scipy, same table).
    assert r["g2"] == pytest.approx(10.465163, abs=1e-6)


def test_smoothing_constant_of_simple_maths():
    df = pd.DataFrame({"item": ["бай"], "target_freq": [30], "reference_freq": [10]})
    r = keyness(df, N_target=1_000_000, N_reference=1_000_000, smoothing=100).iloc[0]
    assert r["simple_maths"] == pytest.approx(130 / 110)                 # (30 + 100)/(10 + 100)


def test_zero_reference_frequency():
    # раскулачивание: a = 60 of 200 000 (300 pm), b = 0 of 500 000 → 0.5 replaces b for Log Ratio:
    # log2((60/200 000)/(0.5/500 000)) = log2(0.0003/0.000001) = log2(300) = 8.228819
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = scored().loc["раскулачивание"]
    assert r["log_ratio"] == pytest.approx(math.log2(300))
    half = 1.959964 * math.sqrt(1 / 60 + 1 / 0.5) / math.log(2)         # √(1/60 + 2) = 1.420094
    assert r["log_ratio_ci_low"] == pytest.approx(math.log2(300) - half, abs=1e-5)
    assert r["pct_diff"] == np.inf
    assert r["simple_maths"] == pytest.approx((300 + 1) / (0 + 1))


def test_item_absent_from_both():
    df = pd.DataFrame({"item": ["ничто"], "target_freq": [0], "reference_freq": [0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = keyness(df, N_target=100, N_reference=100).iloc[0]
    assert r["g2"] == 0 and r["p"] == 1 and r["simple_maths"] == 1 and r["direction"] == "none"
    assert np.isnan(r["log_ratio"]) and np.isnan(r["log_ratio_ci_low"]) and np.isnan(r["pct_diff"])


def test_sidak_threshold_and_flags():
    assert sidak_threshold(0.05, 1) == pytest.approx(0.05)
    assert sidak_threshold(0.05, 6) == pytest.approx(1 - 0.95 ** (1 / 6))  # 0.0085124
    s = scored()
    plain = keyness(items_df(), N_target=N_TARGET, N_reference=N_REFERENCE).set_index("item")
    corrected = keyness(items_df(), N_target=N_TARGET, N_reference=N_REFERENCE, sidak=True).set_index("item")
    np.testing.assert_array_equal(plain["significant"], s["p"] < 0.05)
    np.testing.assert_array_equal(corrected["significant"], s["p"] < 1 - 0.95 ** (1 / 6))
    assert corrected["significant"].sum() <= plain["significant"].sum()


def test_sidak_changes_a_borderline_item():
    # a = 16 vs b = 4 in equal corpora of 10 000: G² = 7.717
    # (p ≈ 0.0055) is significant alone, but not at the Šidák level for 20 items (0.00256).
    df = pd.DataFrame({"item": [f"w{i}" for i in range(20)], "target_freq": [16] + [10] * 19,
                       "reference_freq": [4] + [10] * 19})
    plain = keyness(df, N_target=10_000, N_reference=10_000)
    corrected = keyness(df, N_target=10_000, N_reference=10_000, sidak=True)
    assert plain.loc[0, "p"] == pytest.approx(chi2.sf(plain.loc[0, "g2"], 1))
    assert plain.loc[0, "significant"] and not corrected.loc[0, "significant"]


def test_keeps_row_order_and_extra_columns():
    df = items_df().assign(docs=range(len(ITEMS)))
    out = keyness(df, N_target=N_TARGET, N_reference=N_REFERENCE)
    assert out["item"].tolist() == list(ITEMS) and out["docs"].tolist() == list(range(len(ITEMS)))
    assert list(out.columns[4:]) == ["target_pm", "reference_pm", "g2", "p", "significant", "log_ratio",
                                     "log_ratio_ci_low", "log_ratio_ci_high", "simple_maths", "pct_diff",
                                     "direction"]


BAD = {
    "no target tokens": (dict(N_target=0, N_reference=10), "N_target must be positive"),
    "frequency above size": (dict(N_target=100, N_reference=10), "reference_freq exceeds N_reference"),
    "alpha": (dict(N_target=100, N_reference=100, alpha=1.5), "alpha must be between 0 and 1"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_raises(name):
    kwargs, message = BAD[name]
    df = pd.DataFrame({"item": ["x"], "target_freq": [5], "reference_freq": [50]})
    with pytest.raises(StatisticsError, match=message):
        keyness(df, **kwargs)
