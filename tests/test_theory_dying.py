"""The closed forms of `lrcourse.theory.dying` against simulation."""

import numpy as np
import pytest

from lrcourse import nn, theory


def test_kill_interval_is_exactly_the_set_of_killing_steps():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(50, 40)) + 0.5
    s = rng.normal(size=(50, 40)) + 0.8
    s[:, :5] = np.abs(s[:, :5]) + 0.1  # some units every step shifts down
    low, high = theory.kill_interval(z, s)
    assert low.shape == high.shape == (40,)
    for lr in np.geomspace(1e-3, 1e3, 200):
        dead = np.all(z - lr * s <= 0, axis=0)
        assert np.array_equal(dead, (low <= lr) & (lr <= high)), lr
    assert np.all(np.isfinite(low[:5]))  # shifted down on every input: some step kills


def test_kill_interval_of_a_unit_no_step_kills_and_of_a_dead_one():
    low, high = theory.kill_interval([1.0, 2.0], [1.0, -1.0])  # alive where s < 0
    assert low == np.inf
    low, high = theory.kill_interval([-1.0, -2.0], [1.0, 0.5])  # already dead
    assert low == 0.0 and high == np.inf


def test_kill_interval_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        theory.kill_interval(np.ones((3, 2)), np.ones((3, 3)))


def test_born_dead_bound_formula_and_limit():
    assert theory.born_dead_bound(2, 1) == 0.0
    assert theory.born_dead_bound(2, 10) == pytest.approx(1 - (15 / 16) ** 9, rel=1e-12)
    assert theory.born_dead_bound(1, 10**6) == pytest.approx(1.0)
    assert theory.born_dead_bound(10**6, 10) == 0.0
    values = [theory.born_dead_bound(3, d) for d in (2, 10, 100, 10_000)]
    assert np.all(np.diff(values) > 0) and values[-1] > 0.99


def test_born_dead_bound_is_below_the_monte_carlo_rate():
    widths, depths, m = (1, 2, 3), (2, 4, 8), 4000
    rates = nn.born_dead_rates(widths, depths, n_models=m, seed=3)
    for i, w in enumerate(widths):
        for j, d in enumerate(depths):
            se = np.sqrt(rates[i, j] * (1 - rates[i, j]) / m) + 1 / m
            assert rates[i, j] >= theory.born_dead_bound(w, d) - 4 * se
