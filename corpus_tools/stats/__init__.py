"""Statistics as pure functions over counts."""
from ._checks import StatisticsError
from .association import MEASURES, association_measures, contingency
from .bootstrap import bootstrap_period_ci, bootstrap_rate_ci
from .ci import per_million_ci, poisson_ci
from .dispersion import DISPERSION_MEASURES, dispersion, dispersion_table
from .keyness import keyness, sidak_threshold

__all__ = [
    "DISPERSION_MEASURES", "MEASURES", "StatisticsError", "association_measures", "bootstrap_period_ci",
    "bootstrap_rate_ci", "contingency", "dispersion", "dispersion_table", "keyness", "per_million_ci",
    "poisson_ci", "sidak_threshold",
]
