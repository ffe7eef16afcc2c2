"""Exact Poisson intervals against published Garwood (1936) table values and a coverage simulation."""
import numpy as np
import pytest

from corpus_tools.stats.ci import per_million_ci, poisson_ci

# 95% exact limits for a Poisson count, as tabulated (e.g. Ulm 1990, Am J Epidemiol 131:373; Garwood 1936).
PUBLISHED = [
    (0, 0.0, 3.689),
    (1, 0.0253, 5.572),
    (2, 0.2422, 7.225),
    (5, 1.6235, 11.668),
    (10, 4.7954, 18.390),
    (20, 12.217, 30.888),
]


@pytest.mark.parametrize("k, lo, hi", PUBLISHED)
def test_matches_published_limits(k, lo, hi):
    got_lo, got_hi = poisson_ci(k)
    assert float(got_lo) == pytest.approx(lo, abs=2e-3)
    assert float(got_hi) == pytest.approx(hi, abs=2e-3)


def test_per_million_scales_and_handles_zero_tokens():
    pm, lo, hi = per_million_ci([10, 3], [2_000_000, 0])
    assert pm[0] == pytest.approx(5.0)
    assert lo[0] == pytest.approx(4.7954 / 2, abs=1e-3)
    assert np.isnan(pm[1]) and np.isnan(lo[1]) and np.isnan(hi[1])


def test_coverage_is_at_least_nominal():
    rng = np.random.default_rng(7)
    for mu in (0.5, 3.0, 12.0):
        k = rng.poisson(mu, size=4000)
        lo, hi = poisson_ci(k)
        coverage = np.mean((lo <= mu) & (mu <= hi))
        assert coverage >= 0.94, (mu, coverage)
