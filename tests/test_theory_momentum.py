"""The closed forms of lrcourse.theory.momentum, each against a simulation."""

import numpy as np
import pytest

from lrcourse import theory
from lrcourse.optimizers import SGD, SutskeverSGD
from lrcourse.surfaces import Quadratic
from lrcourse.train import minimize


def _measured_factor(lam, lr, beta, nesterov=False, steps=800):
    """The per-step shrink of the error of momentum on lam * x^2 / 2, from its last 400 steps."""
    q = Quadratic((lam,))
    path = minimize(q, SGD(lr, momentum=beta, nesterov=nesterov), np.array([1.0]), steps,
                    divergence_threshold=1e300).path[:, 0]
    a = np.abs(path[-400:])
    # the envelope: the largest |error| over a window spanning several turns of the spiral
    return (a[200:].max() / a[:200].max()) ** (1 / 200)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_factor_is_the_scalar_factor_elementwise(nesterov):
    curv = (1.0, 30.0)
    lrs = np.linspace(0.001, 0.12, 17)
    betas = np.linspace(0.0, 0.98, 11)
    grid = theory.momentum_factor(curv, lrs[None, :], betas[:, None], nesterov=nesterov)
    scalar = theory.nesterov_rate if nesterov else theory.heavy_ball_rate
    want = np.array([[scalar(curv, lr, b) for lr in lrs] for b in betas])
    assert grid.shape == (11, 17)
    np.testing.assert_allclose(grid, want, rtol=1e-12)
    assert theory.momentum_factor(curv, 0.05, 0.5, nesterov=nesterov) == pytest.approx(
        scalar(curv, 0.05, 0.5), rel=1e-12)


@pytest.mark.parametrize(("lam", "lr", "beta", "nesterov"), [
    (1.0, 0.1, 0.5, False), (4.0, 0.3, 0.9, False), (2.0, 0.9, 0.2, False),  # real, complex
    (1.0, 0.1, 0.5, True), (4.0, 0.3, 0.9, True), (10.0, 0.05, 0.95, True)])
def test_momentum_factor_matches_simulation(lam, lr, beta, nesterov):
    rho = theory.momentum_factor([lam], lr, beta, nesterov=nesterov)
    assert _measured_factor(lam, lr, beta, nesterov) == pytest.approx(rho, rel=0.02)


def test_roots_product_sum_and_complex_modulus():
    for lam, lr, beta in [(1.0, 0.1, 0.5), (10.0, 0.1, 0.9), (50.0, 0.061, 0.57)]:
        w1, w2 = theory.heavy_ball_roots(lam, lr, beta)
        assert w1 * w2 == pytest.approx(beta, abs=1e-12)
        assert w1 + w2 == pytest.approx(1 + beta - lr * lam, abs=1e-12)
        assert abs(w1) >= abs(w2)
        if abs(w1.imag) > 1e-9:  # complex: modulus sqrt(beta), not 2 sqrt(beta)
            assert abs(w1) == pytest.approx(np.sqrt(beta), rel=1e-12)
        assert abs(w1) == pytest.approx(theory.heavy_ball_rate([lam], lr, beta), rel=1e-12)


def test_roots_of_a_negative_curvature_give_the_escape_growth():
    # f = -x^2/2 (a saddle's downhill direction): the distance grows by the larger root
    for beta in (0.0, 0.5, 0.9):
        w1, _ = theory.heavy_ball_roots(-1.0, 0.1, beta)
        x = np.array([1e-6])
        opt = SGD(0.1, momentum=beta) if beta else SGD(0.1)
        xs = []
        for _ in range(200):
            opt.step(x, -x)  # the gradient of -x^2/2
            xs.append(x[0])
        assert xs[-1] / xs[-2] == pytest.approx(w1.real, rel=1e-6)
    assert theory.heavy_ball_roots(-1.0, 0.1, 0.0)[0] == pytest.approx(1.1)


def test_critical_momentum_gives_a_double_root_and_the_smallest_factor():
    lam, lr = 4.0, 0.01
    bc = theory.critical_momentum(lam, lr)
    assert bc == pytest.approx(0.64)
    w1, w2 = theory.heavy_ball_roots(lam, lr, bc)
    assert abs(w1 - w2) < 1e-6 and abs(w1) == pytest.approx(0.8)
    betas = np.linspace(0.0, 0.99, 2001)
    factors = theory.momentum_factor([lam], lr, betas)
    assert betas[np.argmin(factors)] == pytest.approx(bc, abs=1e-3)
    # the best heavy-ball pair critically damps both extreme curvatures
    lr_h, beta_h, _ = theory.heavy_ball_optimal((1.0, 50.0))
    for lam in (1.0, 50.0):
        assert theory.critical_momentum(lam, lr_h) == pytest.approx(beta_h, rel=1e-9)
    with pytest.raises(ValueError, match="lr"):
        theory.critical_momentum(1.0, 4.5)


@pytest.mark.parametrize("cls", [SGD, SutskeverSGD])
@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_step_limit_on_a_slope(cls, nesterov):
    lr, beta = 0.02, 0.9
    opt = cls(lr, momentum=beta, nesterov=nesterov)
    x = np.zeros(1)
    for _ in range(400):
        before = x.copy()
        opt.step(x, np.ones(1))
    assert before[0] - x[0] == pytest.approx(theory.momentum_step_limit(lr, beta), rel=1e-9)
    np.testing.assert_allclose(theory.momentum_step_limit(np.array([0.1, 0.2]), 0.5), [0.2, 0.4])


def test_steps_to_tolerance_is_exact_for_gradient_descent():
    q = Quadratic((1.0, 20.0))
    rho = theory.optimal_gd_rate(q)
    path = minimize(q, SGD(q.optimal_lr), np.array([1.0, 1.0]), 300).path
    err = np.abs(path).max(axis=1)  # both directions shrink by rho per step (equal factors)
    first = int(np.argmax(err <= 1e-3 * err[0]))
    assert first == theory.steps_to_tolerance(rho, 1e-3)
    assert theory.steps_to_tolerance(1.0, 0.1) == np.inf
    assert theory.steps_to_tolerance(0.0, 0.1) == 1
    np.testing.assert_array_equal(theory.steps_to_tolerance(np.array([0.5, 0.1]), 0.01), [7, 2])
