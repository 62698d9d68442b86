"""lrcourse.theory: every closed form against a simulation (the optimizers on a Quadratic, SGD on
the noisy quadratic) or an independent computation (companion-matrix eigenvalues, a grid
search), and bad input refused with a message that names the argument."""

import numpy as np
import pytest

from lrcourse import (
    SGD,
    AdaGrad,
    Adam,
    AdamW,
    Quadratic,
    RMSProp,
    minimize,
    noisy_quadratic_sgd,
    theory,
)

KAPPA_50 = Quadratic((1.0, 50.0), angle=0.3)


def observed_rate(problem, optimizer, steps=400):
    """The per-step factor of the error of a simulated run, (|x_K| / |x_K/2|)^(2/K) (a
    growing error is followed too)."""
    path = minimize(problem, optimizer, [1.0, -0.7], steps, divergence_threshold=1e300).path
    return (np.linalg.norm(path[-1]) / np.linalg.norm(path[steps // 2])) ** (2 / steps)


def companion_radius(lr, beta, eigenvalues, nesterov=False):
    """Spectral radius of PyTorch's update of (theta, buffer) along each eigenvector."""
    radii = []
    for lam in eigenvalues:
        if nesterov:  # z = beta z + g; theta -= lr (g + beta z)
            matrix = [[1 - lr * lam * (1 + beta), -lr * beta**2], [lam, beta]]
        else:  # z = beta z + g; theta -= lr z
            matrix = [[1 - lr * lam, -lr * beta], [lam, beta]]
        radii.append(np.max(np.abs(np.linalg.eigvals(matrix))))
    return max(radii)


# ---- gradient descent --------------------------------------------------------------------------


def test_gd_rate_is_the_factor_of_the_worst_direction():
    q = Quadratic((1.0, 10.0))
    assert theory.gd_rate(q, 0.1) == pytest.approx(0.9)
    assert theory.gd_rate(q, 0.2) == pytest.approx(1.0)
    np.testing.assert_allclose(theory.gd_rate((1.0, 10.0), np.array([0.05, 0.25])),
                               [0.95, 1.5])
    assert theory.gd_rate([1.0, 10.0], np.array([[0.1]])).shape == (1, 1)
    assert theory.gd_rate([2.0], 0.0) == 1.0  # no step, no progress


@pytest.mark.parametrize("lr", [0.01, 0.03, 0.038, 0.045])
def test_gd_rate_matches_gradient_descent(lr):
    assert observed_rate(KAPPA_50, SGD(lr)) == pytest.approx(theory.gd_rate(KAPPA_50, lr),
                                                             rel=1e-6)


def test_stability_limit_separates_convergence_from_divergence():
    q = Quadratic((0.5, 4.0), angle=0.7)
    limit = theory.stability_limit(q)
    assert limit == 0.5 == q.stability_limit
    below = minimize(q, SGD(0.99 * limit), [1.0, 1.0], 2000)
    above = minimize(q, SGD(1.01 * limit), [1.0, 1.0], 2000)
    assert not below.diverged and below.loss[-1] < 1e-6 * below.loss[0]
    assert above.diverged


def test_optimal_lr_minimizes_the_rate_and_gives_kappa_minus_one_over_kappa_plus_one():
    q = Quadratic((1.0, 50.0))
    best = theory.optimal_lr(q)
    assert best == pytest.approx(2 / 51) == q.optimal_lr
    grid = np.linspace(0.001, 0.04, 4001)
    assert grid[np.argmin(theory.gd_rate(q, grid))] == pytest.approx(best, abs=1e-5)
    assert theory.optimal_gd_rate(q) == pytest.approx(49 / 51)
    assert theory.gd_rate(q, best) == pytest.approx(theory.optimal_gd_rate(q), rel=1e-12)
    assert observed_rate(q, SGD(best)) == pytest.approx(49 / 51, rel=1e-6)


def test_quadratic_convergence_rate_is_the_theory():
    q = Quadratic((0.3, 2.0, 7.0))
    lrs = np.geomspace(0.01, 0.5, 9)
    np.testing.assert_array_equal(q.convergence_rate(lrs), theory.gd_rate(q.eigenvalues, lrs))


# ---- momentum ----------------------------------------------------------------------------------


def test_heavy_ball_rate_is_the_spectral_radius_of_the_recurrence():
    q = Quadratic((1.0, 50.0))
    for lr, beta in [(0.01, 0.0), (0.035, 0.7), (0.02, 0.9), (0.05, 0.3)]:
        radius = max(np.max(np.abs(np.linalg.eigvals([[1 + beta - lr * lam, -beta], [1, 0]])))
                     for lam in (1.0, 50.0))
        assert theory.heavy_ball_rate(q, lr, beta) == pytest.approx(radius, rel=1e-12)
        assert theory.heavy_ball_rate(q, lr, beta) == pytest.approx(
            companion_radius(lr, beta, (1.0, 50.0)), rel=1e-9)
    assert theory.heavy_ball_rate(q, 0.03, 0.0) == pytest.approx(max(0.97, abs(1 - 1.5)))
    assert theory.heavy_ball_rate(q, 0.03, 0.0) == theory.gd_rate(q, 0.03)


@pytest.mark.parametrize(("lr", "beta"), [(0.02, 0.5), (0.035, 0.7), (0.05, 0.3)])
def test_heavy_ball_rate_matches_sgd_with_momentum(lr, beta):
    rho = theory.heavy_ball_rate(KAPPA_50, lr, beta)
    assert observed_rate(KAPPA_50, SGD(lr, momentum=beta)) == pytest.approx(rho, rel=0.02)


def test_heavy_ball_optimal_pair_beats_every_pair_of_a_grid():
    q = Quadratic((1.0, 49.0))
    lr, beta, rho = theory.heavy_ball_optimal(q)
    assert (lr, beta, rho) == pytest.approx((4 / 64, 0.5625, 0.75))
    assert theory.heavy_ball_rate(q, lr, beta) == pytest.approx(rho, rel=1e-6)
    grid = [theory.heavy_ball_rate(q, a, b) for a in np.linspace(0.005, 0.08, 76)
            for b in np.linspace(0.0, 0.95, 96)]
    assert min(grid) >= rho - 1e-9
    assert rho < theory.optimal_gd_rate(q)  # sqrt(kappa) instead of kappa
    assert observed_rate(q, SGD(lr, momentum=beta), steps=200) == pytest.approx(rho, rel=0.03)


@pytest.mark.parametrize(("lr", "beta"), [(0.02, 0.5), (0.019, 0.75), (0.035, 0.2)])
def test_nesterov_rate_matches_the_recurrence_and_sgd_nesterov(lr, beta):
    rho = theory.nesterov_rate(KAPPA_50, lr, beta)
    assert rho == pytest.approx(companion_radius(lr, beta, (1.0, 50.0), nesterov=True),
                                rel=1e-9)
    simulated = observed_rate(KAPPA_50, SGD(lr, momentum=beta, nesterov=True))
    assert simulated == pytest.approx(rho, rel=0.02)


def test_nesterov_optimal_pair_beats_every_pair_of_a_grid():
    q = Quadratic((1.0, 50.0))
    lr, beta, rho = theory.nesterov_optimal(q)
    root = np.sqrt(151.0)
    assert (lr, beta, rho) == pytest.approx((4 / 151, (root - 2) / (root + 2), 1 - 2 / root))
    assert theory.nesterov_rate(q, lr, beta) == pytest.approx(rho, rel=1e-6)
    grid = [theory.nesterov_rate(q, a, b) for a in np.linspace(0.005, 0.04, 71)
            for b in np.linspace(0.0, 0.95, 96)]
    assert min(grid) >= rho - 1e-9
    # on a quadratic heavy ball's best is faster, gradient descent's slower
    assert theory.heavy_ball_optimal(q)[2] < rho < theory.optimal_gd_rate(q)


def test_the_ends_of_the_spectrum_decide():
    lam = np.linspace(1.0, 50.0, 200)
    for lr, beta in [(0.02, 0.5), (0.035, 0.7), (0.045, 0.1)]:
        assert theory.heavy_ball_rate(lam, lr, beta) == pytest.approx(
            theory.heavy_ball_rate((1.0, 50.0), lr, beta), rel=1e-12)
        assert theory.nesterov_rate(lam, lr, beta) == pytest.approx(
            theory.nesterov_rate((1.0, 50.0), lr, beta), rel=1e-12)


def test_curvature_from_a_quadratic_its_extremes_or_a_sequence():
    class Extremes:
        mu, L = 1.0, 50.0

    for curvature in (Quadratic((1.0, 50.0)), Extremes(), (50.0, 1.0), np.array([1.0, 50.0])):
        assert theory.heavy_ball_rate(curvature, 0.035, 0.7) == pytest.approx(
            theory.heavy_ball_rate((1.0, 50.0), 0.035, 0.7))
        assert theory.stability_limit(curvature) == 0.04


# ---- the noisy quadratic -----------------------------------------------------------------------


def test_noisy_quadratic_floor_is_the_stationary_mean_of_sgd():
    h, eta, sigma = theory.NQM_EIGENVALUES, 0.5, 0.5
    floor = theory.noisy_quadratic_floor(eta, sigma)
    assert floor == pytest.approx(0.5 * np.sum(h * eta * sigma**2 / (2 - eta * h)), rel=1e-12)
    assert floor == pytest.approx(eta * sigma**2 * h.sum() / 4, rel=0.2)  # the small-rate form
    runs = [noisy_quadratic_sgd(eta, 6000, noise=sigma, seed=s)[3000:].mean() for s in range(4)]
    assert np.mean(runs) == pytest.approx(floor, rel=0.05)


def test_noisy_quadratic_floor_scales_with_the_rate_and_ends_at_two_over_L():
    assert theory.noisy_quadratic_floor(0.1, 1.0) < theory.noisy_quadratic_floor(0.2, 1.0)
    assert theory.noisy_quadratic_floor(0.1, 0.0) == 0.0
    assert theory.noisy_quadratic_floor(2.0, 1.0) == np.inf
    assert theory.noisy_quadratic_floor(0.3, 1.0, curvature=(1.0, 10.0)) == np.inf  # 2/L = 0.2


def test_noisy_quadratic_gd_loss_is_sgd_without_noise():
    for lr in (0.5, 1.5, 1.9):
        np.testing.assert_allclose(theory.noisy_quadratic_gd_loss(lr, 50),
                                   noisy_quadratic_sgd(lr, 50, noise=0.0), rtol=1e-12)
    assert theory.noisy_quadratic_gd_loss(0.5, 0).shape == (1,)
    assert np.isinf(theory.noisy_quadratic_gd_loss(2.5, 2000)[-1])


def test_nqm_eigenvalues_span_a_hundred_with_L_one():
    h = theory.NQM_EIGENVALUES
    assert h.shape == (20,) and h[0] == pytest.approx(0.01) and h[-1] == 1.0
    np.testing.assert_allclose(h[1:] / h[:-1], h[1] / h[0])


# ---- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: theory.gd_rate((1.0, 10.0), -0.1), ValueError,
         r"gd_rate: lr must be a non-negative finite number \(>= 0\), got -0.1"),
        (lambda: theory.gd_rate((1.0, 10.0), np.array([0.1, -1.0])), ValueError,
         r"gd_rate: lr must be non-negative \(>= 0\), got -1.0"),
        (lambda: theory.gd_rate((1.0, 10.0), True), TypeError, "gd_rate: lr must be a finite"),
        (lambda: theory.gd_rate((1.0, 0.0), 0.1), ValueError,
         r"gd_rate: curvature must be positive eigenvalues \(> 0\), got \(1.0, 0.0\)"),
        (lambda: theory.stability_limit([]), ValueError,
         "stability_limit: curvature must be non-empty"),
        (lambda: theory.optimal_lr("steep"), TypeError,
         "optimal_lr: curvature must be an array of real numbers"),
        (lambda: theory.heavy_ball_rate((1.0, 10.0), 0.1, 1.0), ValueError,
         r"heavy_ball_rate: beta must be in \[0, 1\), got 1.0"),
        (lambda: theory.heavy_ball_rate((1.0, 10.0), 0.0, 0.5), ValueError,
         "heavy_ball_rate: lr must be a positive"),
        (lambda: theory.nesterov_rate((1.0, 10.0), 0.1, -0.1), ValueError,
         r"nesterov_rate: beta must be in \[0, 1\)"),
        (lambda: theory.heavy_ball_optimal([[1.0, 2.0]]), ValueError,
         "heavy_ball_optimal: curvature must be a 1-D array"),
        (lambda: theory.nesterov_optimal([-1.0, 2.0]), ValueError,
         "nesterov_optimal: curvature must be positive"),
        (lambda: theory.noisy_quadratic_floor(0.1, -1.0), ValueError,
         "noisy_quadratic_floor: noise must be a non-negative"),
        (lambda: theory.noisy_quadratic_floor(0.0, 1.0), ValueError,
         "noisy_quadratic_floor: lr must be a positive"),
        (lambda: theory.noisy_quadratic_gd_loss(0.1, -1), ValueError,
         "noisy_quadratic_gd_loss: steps must be an integer >= 0, got -1"),
    ],
)
def test_bad_input_names_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# ---- adaptive methods (Chapter 8) --------------------------------------------------------------


def test_bias_correction_is_the_weight_of_an_average_started_at_zero():
    beta, m = 0.9, 0.0
    for k in range(30):
        m = beta * m + (1 - beta) * 1.0  # the average of a constant 1 is its total weight
        assert theory.bias_correction(beta, k) == pytest.approx(m, rel=1e-12)
    np.testing.assert_allclose(theory.bias_correction(0.999, np.array([0, 9])),
                               [0.001, 1 - 0.999**10])
    assert theory.bias_correction(0.0, 0) == 1.0


def test_ema_window_is_the_mean_age_of_the_weights():
    for beta in (0.5, 0.9, 0.99):
        ages = np.arange(1, 20001)
        weights = (1 - beta) * beta ** (ages - 1.0)  # the weight of the gradient of age j
        assert np.sum(ages * weights) == pytest.approx(theory.ema_window(beta), rel=1e-9)
        assert np.sum(weights[:50]) == pytest.approx(theory.ema_recent_weight(beta, 50))
        half = theory.ema_half_life(beta)
        assert beta**half == pytest.approx(0.5)
    assert theory.ema_window(0.0) == 1.0
    assert theory.ema_recent_weight(0.99, 100) == pytest.approx(1 - np.exp(-1), abs=0.002)


def test_adagrad_rate_matches_adagrad_on_gradients_of_one_size():
    opt = AdaGrad(0.1)
    p = np.zeros(3)
    for k in range(50):
        opt.step(p, np.array([0.5, -0.5, 0.5]))
        assert opt.effective_lr()[0] == pytest.approx(theory.adagrad_rate(0.1, 0.5, k, 1e-10))
    rng = np.random.default_rng(0)  # noisy gradients: in the mean, for many coordinates
    opt, p = AdaGrad(0.1), np.zeros(20000)
    for _ in range(400):
        opt.step(p, 2.0 * rng.standard_normal(p.size))
    assert np.median(opt.effective_lr()[0]) == pytest.approx(theory.adagrad_rate(0.1, 2.0, 399),
                                                             rel=0.01)


@pytest.mark.parametrize("kappa", [1.0, 10.0, 1000.0])
def test_adagrad_axis_path_is_adagrad_on_any_axis_aligned_quadratic(kappa):
    q = Quadratic((1.0, kappa))
    x0 = np.array([1.5, -0.8])
    path = minimize(q, AdaGrad(0.7, eps=0.0), x0, 25).path
    np.testing.assert_allclose(path, theory.adagrad_axis_path(x0, 0.7, 25), rtol=1e-12,
                               atol=1e-300)


@pytest.mark.parametrize("centered", [False, True])
def test_rmsprop_expected_square_matches_a_long_run(centered):
    rng = np.random.default_rng(1)
    alpha, coords = 0.9, 4000
    opt, p = RMSProp(0.01, alpha=alpha, centered=centered), np.zeros(coords)
    for _ in range(200):
        opt.step(p, 0.7 + 0.3 * rng.standard_normal(coords))
    st = opt.state[0]
    under = st["square_avg"] - (st["grad_avg"] ** 2 if centered else 0.0)
    assert under.mean() == pytest.approx(
        theory.rmsprop_expected_square(0.7, 0.3, alpha, centered), rel=0.02)


def _adam_by_hand(k_max, betas, correct_first, correct_second, offset):
    """|step| / lr of Adam written out, under a constant gradient 3.0 and eps = 0."""
    b1, b2 = betas
    m = v = 0.0
    out = []
    for k in range(k_max):
        m = b1 * m + (1 - b1) * 3.0
        v = b2 * v + (1 - b2) * 9.0
        mm = m / (1 - b1 ** (k + offset)) if correct_first else m
        vv = v / (1 - b2 ** (k + offset)) if correct_second else v
        out.append(mm / np.sqrt(vv))
    return np.array(out)


@pytest.mark.parametrize("flags", [(True, True), (False, False), (False, True), (True, False)])
@pytest.mark.parametrize("offset", [1, 2])
def test_adam_step_scale_matches_the_update_written_out(flags, offset):
    k = np.arange(200)
    np.testing.assert_allclose(
        theory.adam_step_scale(k, (0.8, 0.99), *flags, exponent_offset=offset),
        _adam_by_hand(200, (0.8, 0.99), *flags, offset), rtol=1e-12)


def test_adam_step_scale_is_adams_step():
    p, opt = np.zeros(1), Adam(0.01, betas=(0.7, 0.95), eps=0.0)
    for k in range(30):
        before = p.copy()
        opt.step(p, np.array([-4.0]))
        assert abs(p - before)[0] / 0.01 == pytest.approx(
            theory.adam_step_scale(k, (0.7, 0.95)), rel=1e-12)
    assert theory.adam_step_scale(0, exponent_offset=0) == np.inf  # exponent k: 1 - beta^0 = 0
    assert theory.adam_step_scale(0, exponent_offset=2) == pytest.approx(
        np.sqrt(1.999) / 1.9)


def test_adam_first_step_is_adams_first_update():
    g = np.array([0.0, 1e-9, 1e-8, 1e-3, -5.0, 200.0])
    for opt in (Adam(0.02), AdamW(0.02, weight_decay=0.0)):
        p = np.ones_like(g)
        opt.step(p, g)
        np.testing.assert_allclose(p - 1.0, theory.adam_first_step(g, 0.02), rtol=1e-12,
                                   atol=1e-300)
    assert theory.adam_first_step(1e-8, 1.0, 1e-8) == pytest.approx(-0.5)
    assert theory.adam_first_step(0.0, 1.0, 0.0) == 0.0
    # eps inside the root, sqrt(g^2 + eps)
    assert theory.adam_first_step(1e-4, 1.0, 1e-8, eps_inside=True) == pytest.approx(
        -1e-4 / np.sqrt(2e-8))


@pytest.mark.parametrize("call", [
    lambda: theory.bias_correction(1.0, 0),
    lambda: theory.bias_correction(0.9, -1),
    lambda: theory.bias_correction(0.9, 1.5),
    lambda: theory.ema_window(float("nan")),
    lambda: theory.ema_half_life(0.0),
    lambda: theory.ema_recent_weight(0.9, -1.0),
    lambda: theory.adagrad_rate(0.0, 1.0, 3),
    lambda: theory.adagrad_rate(0.1, -1.0, 3),
    lambda: theory.adagrad_axis_path([1.0, 0.0], 0.1, 5),
    lambda: theory.adagrad_axis_path([1.0, 1.0], 0.1, 0),
    lambda: theory.rmsprop_expected_square(0.0, -1.0, 0.9),
    lambda: theory.rmsprop_expected_square(0.0, 1.0, 0.9, centered="yes"),
    lambda: theory.adam_step_scale(0, betas=(0.9,)),
    lambda: theory.adam_step_scale(0, betas=(0.9, 1.0)),
    lambda: theory.adam_step_scale(0, exponent_offset=-1),
    lambda: theory.adam_step_scale(0, correct_first=1),
    lambda: theory.adam_first_step([np.inf], 0.1),
    lambda: theory.adam_first_step(1.0, 0.1, eps=-1e-8),
])
def test_adaptive_closed_forms_refuse_bad_input(call):
    with pytest.raises((ValueError, TypeError)):
        call()
