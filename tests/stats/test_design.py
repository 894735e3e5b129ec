"""discourse.stats.design: the MOVER interval of a difference, its p-value, the cells' design effects."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pytest

from discourse.stats.design import cell_design_effects, mover_difference, mover_p_value


def test_mover_difference_and_its_p_value():
    """MOVER from two intervals (Newcombe's formula) and the p-value as the level at which the
    interval touches 0 (here a normal interval, whose p-value is known)."""
    low, high = mover_difference(0.3, 0.2, 0.42, 0.1, 0.05, 0.18)
    assert low == pytest.approx(0.2 - np.hypot(0.1, 0.08)) and high == pytest.approx(0.2 + np.hypot(0.12, 0.05))

    def at(confidence: float) -> tuple[float, float]:
        z = NormalDist().inv_cdf(0.5 + confidence / 2)
        return (0.2 - z * 0.08, 0.2 + z * 0.08)

    assert mover_p_value(at, 0.2) == pytest.approx(2 * (1 - NormalDist().cdf(0.2 / 0.08)), rel=1e-4)
    assert mover_p_value(at, 0.0) == 1.0


def test_cells_too_rare_to_estimate_take_the_groups_design_effect():
    rng = np.random.default_rng(0)
    sizes = rng.poisson(15, 20).astype(float) + 1
    common = rng.binomial(sizes.astype(int), rng.beta(1, 4, 20)).astype(float)
    rare = np.zeros(20)
    rare[3] = 2
    counts = np.column_stack([common, rare, sizes - common])
    deff, own = cell_design_effects(counts, sizes)
    assert own.tolist() == [True, False, True]
    assert deff[1] == pytest.approx(max(1.0, float(np.median(deff[[0, 2]]))))
    assert (deff >= 1).all()
