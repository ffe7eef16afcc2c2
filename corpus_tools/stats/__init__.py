"""Statistics as pure functions over counts."""
from .ci import per_million_ci, poisson_ci

__all__ = ["per_million_ci", "poisson_ci"]
