"""Small-sample-safe proportions: Wilson intervals and the overlap test the friction finder uses."""

from __future__ import annotations

import math


def is_rate(successes: int, trials: int) -> bool:
    """Whether successes/trials is a proportion at all: some trials, and no more successes than trials. In activity
    mode a step's two counts are entries dated in the range, not a subset of each other: 45 wins in a month of 36
    new SQLs is no conversion rate (trial 70: Wilson of it raised "math domain error")."""
    return 0 <= successes <= trials and trials > 0


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of successes/trials; (0, 1) when there are no trials, (nan, nan) when there are
    more successes than trials (no proportion: is_rate).

    Wilson rather than the normal approximation because it stays inside [0, 1] and is honest for
    small segments and rates near 0 or 1, which is where false friction flags would come from.
    """
    if trials <= 0:
        return 0.0, 1.0
    if not is_rate(successes, trials):
        return math.nan, math.nan
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def clearly_lower(k1: int, n1: int, k2: int, n2: int, z: float = 1.96, min_sample: int = 30) -> bool:
    """True when rate k1/n1 is below k2/n2 beyond doubt: both samples big enough, both rates proportions (is_rate),
    intervals apart."""
    if n1 < min_sample or n2 < min_sample or not (is_rate(k1, n1) and is_rate(k2, n2)):
        return False
    return wilson(k1, n1, z)[1] < wilson(k2, n2, z)[0]
