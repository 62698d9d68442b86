"""Tests of lrcourse.theory.saddles against gradient-descent runs on the saddle surfaces."""

import numpy as np
import pytest

from lrcourse import optimizers, surfaces, theory, train

DELTAS = np.geomspace(1e-12, 1e-2, 6)


def measured_escape(surface, deltas, lr, beta=0.0, radius=0.5):
    x0 = np.stack([np.ones(deltas.size), deltas], axis=1)
    opt = optimizers.SGD(np.full(deltas.size, lr), momentum=beta)
    path = train.minimize(surface, opt, x0, 5000, divergence_threshold=1e300).path
    return train.escape_step(path, [0.0, 1.0], radius)


@pytest.mark.parametrize("b", [0.25, 1.0, 3.0])
@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_escape_steps_exact_on_quadratic_saddles(b, beta):
    lr = 0.02
    steps = measured_escape(surfaces.SaddleQuadratic(1.0, b), DELTAS, lr, beta)
    predicted = theory.saddle_escape_steps(2 * b, DELTAS, 0.5, lr, beta)
    assert np.all(np.abs(steps - predicted) <= (0 if beta == 0 else 1)), (steps, predicted)


def test_escape_steps_close_on_the_saddle_with_minima():
    steps = measured_escape(surfaces.SaddleWithMinima(), DELTAS, 0.05)
    predicted = theory.saddle_escape_steps(1.0, DELTAS, 0.5, 0.05)
    assert np.max(np.abs(steps - predicted)) <= 3


def test_escape_steps_grow_with_log_of_one_over_delta():
    k = theory.saddle_escape_steps(1.0, DELTAS, 0.5, 0.01)
    gaps = np.diff(k)  # every factor 100 in delta costs ln(100)/ln(1.01) steps
    assert np.all(np.abs(-gaps - np.log(100) / np.log1p(0.01)) <= 1)
    assert theory.saddle_escape_steps(1.0, 0.6, 0.5, 0.1) == 0.0
    assert isinstance(theory.saddle_escape_steps(1.0, 1e-3, 0.5, 0.1), float)


def test_growth_factor_plain_and_heavy_ball():
    assert theory.saddle_growth_factor(2.0, 0.05) == pytest.approx(1.1)
    for beta in (0.5, 0.9, 0.99):
        z = theory.saddle_growth_factor(2.0, 0.001, beta)
        assert z > 1.002  # more than plain descent
        assert z == pytest.approx(1 + 0.002 / (1 - beta), rel=0.02 if beta < 0.99 else 0.2)
    # the measured per-step ratio of the unstable coordinate, late in a run
    opt = optimizers.SGD(0.01, momentum=0.9)
    path = train.minimize(surfaces.SaddleQuadratic(), opt, [1.0, 1e-30], 300).path
    ratio = path[-1, 1] / path[-2, 1]
    assert ratio == pytest.approx(theory.saddle_growth_factor(2.0, 0.01, 0.9), rel=1e-6)


def test_growth_factor_does_not_overflow():
    assert np.isfinite(theory.saddle_growth_factor(1e308, 0.1, 0.5))
    assert np.isfinite(theory.saddle_escape_steps(1e308, 1e-3, 0.5, 0.1, 0.5))


def test_cubic_escape_steps_match_gradient_descent():
    deltas = np.array([1e-1, 1e-2, 1e-3])
    opt = optimizers.SGD(np.full(3, 0.05))
    path = train.minimize(surfaces.Cubic(), opt, -deltas[:, None], 8000,
                          divergence_threshold=1e300).path[:, :, 0]
    steps = np.argmax(path <= -1.0, axis=0)
    predicted = theory.cubic_escape_steps(deltas, 1.0, 0.05)
    assert np.all(np.abs(steps / predicted - 1) < 0.06), (steps, predicted)
    assert np.all(np.abs(steps[1:] / predicted[1:] - 1) < 0.01)  # small eta * delta
    assert theory.cubic_escape_steps(2.0, 1.0, 0.1) == 0.0
